package importer

import (
	"hash/maphash"
	"slices"

	"github.com/leadport/leadport"
)

// index is what matching knows of every lead of an account, kept in memory
// for the length of an import so that no row costs a query (SPEC §7).
//
// A name only counts together with a phone or an email, so only phones and
// emails are looked up: each lead's name key is kept as a hash beside it and
// compared once a phone or email has found the lead. Keys are 64-bit hashes
// (a false match needs a collision among the account's keys: about one
// chance in 10^7 for a million leads); postings are chained through flat
// slices, and the table of keys is a flat open-addressing table rather than
// a Go map: a million leads take about 80 MiB and a few hundred
// milliseconds to index.
type index struct {
	seeds [3]maphash.Seed // name, phone, email: a key of one kind never equals one of another
	ids   []int64         // lead ID per slot
	upd   []int64         // updated_at, unix microseconds, per slot
	names []uint64        // name key hash per slot; 0 = no name
	// Slots are found by binary search while IDs come in ascending order,
	// as ScanMatchKeys and AllocateLeadIDs give them (ids[:sorted]); the
	// slots of IDs that come out of order (dry runs) are in unsorted.
	sorted   int
	unsorted map[int64]int32

	heads hashTable // phone/email hash → first posting
	next  []int32   // posting → next posting of the same key, -1 at the end
	owner []int32   // posting → lead slot
}

func newIndex() *index {
	return &index{seeds: [3]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed(), maphash.MakeSeed()}}
}

const (
	critName  = 1
	critPhone = 2
	critEmail = 4
)

// Kinds of key.
const (
	keyName = iota
	keyPhone
	keyEmail
)

func (x *index) hash(kind int, s string) uint64 {
	if s == "" {
		return 0
	}
	v := maphash.String(x.seeds[kind], s)
	if v == 0 {
		v = 1
	}
	return v
}

// slotOf returns the slot of a lead, or -1.
func (x *index) slotOf(id int64) int32 {
	if i, ok := slices.BinarySearch(x.ids[:x.sorted], id); ok {
		return int32(i)
	}
	if s, ok := x.unsorted[id]; ok {
		return s
	}
	return -1
}

// add records a lead, or updates what is known of it: a new name key, new
// phones or emails (keys are only ever added during an import), updated_at.
func (x *index) add(id int64, nameKey string, phones, emails []string, updated int64) {
	s := x.slotOf(id)
	if s < 0 {
		s = int32(len(x.ids))
		if x.sorted == len(x.ids) && (s == 0 || id > x.ids[s-1]) {
			x.sorted++
		} else {
			if x.unsorted == nil {
				x.unsorted = make(map[int64]int32)
			}
			x.unsorted[id] = s
		}
		x.ids = append(x.ids, id)
		x.upd = append(x.upd, updated)
		x.names = append(x.names, 0)
	}
	x.upd[s] = updated
	x.names[s] = x.hash(keyName, nameKey)
	for _, p := range phones {
		x.post(x.hash(keyPhone, p), s)
	}
	for _, e := range emails {
		x.post(x.hash(keyEmail, e), s)
	}
}

func (x *index) post(h uint64, s int32) {
	if h == 0 {
		return
	}
	head := x.heads.ref(h)
	for p := *head; p >= 0; p = x.next[p] {
		if x.owner[p] == s {
			return
		}
	}
	x.next = append(x.next, *head)
	*head = int32(len(x.owner))
	x.owner = append(x.owner, s)
}

// hashTable maps non-zero 64-bit hashes to postings: open addressing with
// linear probing. The keys are hashes already, so their low bits index the
// table directly.
//
// It is split into 256 shards by the keys' top byte, each growing on its
// own: a growing table holds its old and new arrays at once, and for a
// million-lead account that transient copy of a single table was the
// largest part of an import's peak memory (≈ 190 MiB of 540 in a 1M-row
// dry run); a shard's copy is 1/256 of it. Keys and values are kept in two
// arrays (12 bytes an entry rather than a padded 16).
type hashTable struct {
	shards [256]shard
}

type shard struct {
	keys []uint64 // 0: empty
	vals []int32
	n    int
}

func (t *hashTable) shard(k uint64) *shard { return &t.shards[k>>56] }

// get returns the value of k, or -1.
func (t *hashTable) get(k uint64) int32 {
	sh := t.shard(k)
	if len(sh.keys) == 0 {
		return -1
	}
	mask := uint64(len(sh.keys) - 1)
	for i := k & mask; ; i = (i + 1) & mask {
		switch sh.keys[i] {
		case k:
			return sh.vals[i]
		case 0:
			return -1
		}
	}
}

// ref returns the value of k to read or set, adding k with the value -1 if
// it is new. The pointer is valid until the next call.
func (t *hashTable) ref(k uint64) *int32 {
	sh := t.shard(k)
	if 4*(sh.n+1) > 3*len(sh.keys) {
		sh.grow()
	}
	mask := uint64(len(sh.keys) - 1)
	for i := k & mask; ; i = (i + 1) & mask {
		switch sh.keys[i] {
		case k:
			return &sh.vals[i]
		case 0:
			sh.keys[i], sh.vals[i] = k, -1
			sh.n++
			return &sh.vals[i]
		}
	}
}

func (sh *shard) grow() {
	oldKeys, oldVals := sh.keys, sh.vals
	n := max(1<<8, 2*len(oldKeys))
	sh.keys, sh.vals = make([]uint64, n), make([]int32, n)
	mask := uint64(n - 1)
	for j, k := range oldKeys {
		if k == 0 {
			continue
		}
		i := k & mask
		for sh.keys[i] != 0 {
			i = (i + 1) & mask
		}
		sh.keys[i], sh.vals[i] = k, oldVals[j]
	}
}

func (x *index) addLead(l *leadport.Lead) {
	x.add(l.ID, l.NameKey, []string{l.PhoneHome, l.PhoneMobile, l.PhoneWork}, []string{l.EmailHome, l.EmailWork}, l.UpdatedAt.UnixMicro())
}

// match is a lead that qualifies as the same customer as a row.
type match struct {
	id       int64
	criteria int // critName | critPhone | critEmail
	upd      int64
}

func (m match) count() int {
	return m.criteria&1 + m.criteria>>1&1 + m.criteria>>2&1
}

// Names returns the criteria for people ("name", "phone", "email").
func criteriaNames(c int) []string {
	var s []string
	if c&critName != 0 {
		s = append(s, "name")
	}
	if c&critPhone != 0 {
		s = append(s, "phone")
	}
	if c&critEmail != 0 {
		s = append(s, "email")
	}
	return s
}

// find returns every lead that shares at least two of name, phone and email
// with the row, best first: most criteria, then most recently updated, then
// lowest ID. buf is reused.
func (x *index) find(r *record, buf []match) []match {
	buf = buf[:0]
	name := x.hash(keyName, r.lead.NameKey)
	found := buf
	visit := func(h uint64, crit int) {
		if h == 0 {
			return
		}
		for p := x.heads.get(h); p >= 0; p = x.next[p] {
			s := x.owner[p]
			id := x.ids[s]
			i := 0
			for i < len(found) && found[i].id != id {
				i++
			}
			if i == len(found) {
				c := 0
				if name != 0 && x.names[s] == name {
					c = critName
				}
				found = append(found, match{id: id, criteria: c, upd: x.upd[s]})
			}
			found[i].criteria |= crit
		}
	}
	l := &r.lead
	for _, p := range [...]string{l.PhoneHome, l.PhoneMobile, l.PhoneWork} {
		visit(x.hash(keyPhone, p), critPhone)
	}
	for _, e := range [...]string{l.EmailHome, l.EmailWork} {
		visit(x.hash(keyEmail, e), critEmail)
	}
	n := 0
	for _, m := range found {
		if m.count() >= 2 {
			found[n] = m
			n++
		}
	}
	found = found[:n]
	// Insertion sort: there are rarely more than a few matches.
	for i := 1; i < len(found); i++ {
		for j := i; j > 0 && better(found[j], found[j-1]); j-- {
			found[j], found[j-1] = found[j-1], found[j]
		}
	}
	return found
}

func better(a, b match) bool {
	if a.count() != b.count() {
		return a.count() > b.count()
	}
	if a.upd != b.upd {
		return a.upd > b.upd
	}
	return a.id < b.id
}
