package importer

import (
	"hash/maphash"

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
// slices, which keeps a million leads well under 100 MiB.
type index struct {
	seed  maphash.Seed
	ids   []int64  // lead ID per slot
	upd   []int64  // updated_at, unix microseconds, per slot
	names []uint64 // name key hash per slot; 0 = no name
	slot  map[int64]int32

	heads map[uint64]int32 // phone/email hash → first posting
	next  []int32          // posting → next posting of the same key, -1 at the end
	owner []int32          // posting → lead slot
}

func newIndex() *index {
	return &index{seed: maphash.MakeSeed(), slot: make(map[int64]int32), heads: make(map[uint64]int32)}
}

const (
	critName  = 1
	critPhone = 2
	critEmail = 4
)

func (x *index) hash(kind byte, s string) uint64 {
	if s == "" {
		return 0
	}
	var h maphash.Hash
	h.SetSeed(x.seed)
	h.WriteByte(kind)
	h.WriteString(s)
	v := h.Sum64()
	if v == 0 {
		v = 1
	}
	return v
}

// add records a lead, or updates what is known of it: a new name key, new
// phones or emails (keys are only ever added during an import), updated_at.
func (x *index) add(id int64, nameKey string, phones, emails []string, updated int64) {
	s, ok := x.slot[id]
	if !ok {
		s = int32(len(x.ids))
		x.slot[id] = s
		x.ids = append(x.ids, id)
		x.upd = append(x.upd, updated)
		x.names = append(x.names, 0)
	}
	x.upd[s] = updated
	x.names[s] = x.hash('n', nameKey)
	for _, p := range phones {
		x.post(x.hash('p', p), s)
	}
	for _, e := range emails {
		x.post(x.hash('e', e), s)
	}
}

func (x *index) post(h uint64, s int32) {
	if h == 0 {
		return
	}
	head, ok := x.heads[h]
	if !ok {
		head = -1
	}
	for p := head; p >= 0; p = x.next[p] {
		if x.owner[p] == s {
			return
		}
	}
	x.heads[h] = int32(len(x.owner))
	x.next = append(x.next, head)
	x.owner = append(x.owner, s)
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
	name := x.hash('n', r.lead.NameKey)
	found := buf
	visit := func(h uint64, crit int) {
		if h == 0 {
			return
		}
		head, ok := x.heads[h]
		if !ok {
			return
		}
		for p := head; p >= 0; p = x.next[p] {
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
		visit(x.hash('p', p), critPhone)
	}
	for _, e := range [...]string{l.EmailHome, l.EmailWork} {
		visit(x.hash('e', e), critEmail)
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
