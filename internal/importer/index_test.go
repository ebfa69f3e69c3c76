package importer

import (
	"math/rand/v2"
	"testing"
)

// TestHashTable: every key added is found with its value, keys never added
// are not, whether they differ in the top byte (the shard), in the low bits
// (the slot) or only in between, across many growths.
func TestHashTable(t *testing.T) {
	var ht hashTable
	r := rand.New(rand.NewPCG(1, 2))
	want := make(map[uint64]int32)
	add := func(k uint64) {
		if k == 0 || want[k] != 0 {
			return
		}
		v := int32(len(want) + 1)
		*ht.ref(k) = v
		want[k] = v
	}
	for range 200_000 {
		add(r.Uint64())
	}
	// Keys that share their shard and their low bits: they probe.
	for i := range uint64(3000) {
		add(0x2a<<56 | i<<20 | 0x7)
	}
	for k, v := range want {
		if got := ht.get(k); got != v {
			t.Fatalf("get(%#x) = %d, want %d", k, got, v)
		}
		if got := *ht.ref(k); got != v {
			t.Fatalf("ref(%#x) = %d, want %d", k, got, v)
		}
	}
	for range 100_000 {
		k := r.Uint64()
		if _, ok := want[k]; !ok && k != 0 && ht.get(k) != -1 {
			t.Fatalf("get(%#x) found a key never added", k)
		}
	}
	n := 0
	for i := range ht.shards {
		n += ht.shards[i].n
	}
	if n != len(want) {
		t.Errorf("the table holds %d keys, want %d", n, len(want))
	}
}
