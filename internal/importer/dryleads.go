package importer

import (
	"encoding/binary"
	"time"

	"github.com/leadport/leadport"
)

// dryLeads keeps, for the length of a dry run, every lead the run has
// created or merged into, as it would be after the rows so far: a dry run
// writes nothing, so the store cannot give them back, and the counts of
// later rows depend on them (a value that conflicts with one an earlier row
// filled is a note).
//
// Only what the Merge rule reads is kept — the card's scalar fields, the
// name key and the vehicles' identifying fields — packed as length-prefixed
// bytes in 1 MiB blocks: about 150 bytes a lead instead of the kilobyte or
// more of a *leadport.Lead, so that a dry run over a million-row file stays
// within the memory of a real import. A lead merged into again is packed
// anew at the end; the old bytes are left behind (a merge adds a few
// bytes, and a file merges into each lead only a few times).
type dryLeads struct {
	blocks  [][]byte
	created []uint64         // position of lead -1-i (dry runs number their leads -1, -2, …)
	touched map[int64]uint64 // position of existing leads merged into
}

const dryBlockSize = 1 << 20

func newDryLeads() *dryLeads { return &dryLeads{touched: make(map[int64]uint64)} }

// put packs l, replacing what was kept of it.
func (d *dryLeads) put(l *leadport.Lead) {
	var buf [binary.MaxVarintLen64]byte
	size := 0
	str := func(s string) { size += binary.PutUvarint(buf[:], uint64(len(s))) + len(s) }
	for _, c := range l.Columns() {
		str(*c)
	}
	str(l.NameKey)
	str(string(l.Type))
	size += binary.PutUvarint(buf[:], uint64(len(l.Vehicles)))
	for _, v := range l.Vehicles {
		str(v.Kind)
		str(v.Make)
		str(v.Model)
		str(v.Year)
		str(v.VIN)
	}
	size += binary.PutVarint(buf[:], l.UpdatedAt.UnixMicro())

	if len(d.blocks) == 0 || len(d.blocks[len(d.blocks)-1])+size > cap(d.blocks[len(d.blocks)-1]) {
		d.blocks = append(d.blocks, make([]byte, 0, max(dryBlockSize, size)))
	}
	bi := len(d.blocks) - 1
	b := d.blocks[bi]
	pos := uint64(bi)<<32 | uint64(len(b))
	app := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	for _, c := range l.Columns() {
		app(*c)
	}
	app(l.NameKey)
	app(string(l.Type))
	b = binary.AppendUvarint(b, uint64(len(l.Vehicles)))
	for _, v := range l.Vehicles {
		app(v.Kind)
		app(v.Make)
		app(v.Model)
		app(v.Year)
		app(v.VIN)
	}
	b = binary.AppendVarint(b, l.UpdatedAt.UnixMicro())
	d.blocks[bi] = b

	if l.ID < 0 {
		i := int(-l.ID - 1)
		for len(d.created) <= i {
			d.created = append(d.created, 0)
		}
		d.created[i] = pos + 1 // 0 = not kept
		return
	}
	d.touched[l.ID] = pos + 1
}

// get unpacks the lead with id, or returns nil if the run has not kept it.
func (d *dryLeads) get(accountID, id int64) *leadport.Lead {
	var pos uint64
	if id < 0 {
		if i := int(-id - 1); i < len(d.created) {
			pos = d.created[i]
		}
	} else {
		pos = d.touched[id]
	}
	if pos == 0 {
		return nil
	}
	pos--
	b := d.blocks[pos>>32][uint32(pos):]
	str := func() string {
		n, k := binary.Uvarint(b)
		s := string(b[k : k+int(n)])
		b = b[k+int(n):]
		return s
	}
	l := &leadport.Lead{ID: id, AccountID: accountID}
	for _, c := range l.Columns() {
		*c = str()
	}
	l.NameKey = str()
	l.Type = leadport.LeadType(str())
	nv, k := binary.Uvarint(b)
	b = b[k:]
	if nv > 0 {
		l.Vehicles = make([]leadport.Vehicle, nv)
		for i := range l.Vehicles {
			v := &l.Vehicles[i]
			v.LeadID = id
			v.Kind, v.Make, v.Model, v.Year, v.VIN = str(), str(), str(), str(), str()
		}
	}
	us, _ := binary.Varint(b)
	l.UpdatedAt = time.UnixMicro(us).UTC()
	return l
}

// size is the number of bytes the kept leads take.
func (d *dryLeads) size() int {
	n := 8*len(d.created) + 24*len(d.touched)
	for _, b := range d.blocks {
		n += cap(b)
	}
	return n
}
