package importer

import (
	"encoding/binary"
	"fmt"
	"os"
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
// bytes (about 150 bytes a lead) and appended to a temporary file that is
// already unlinked, so that it disappears with the process whatever
// happens. Memory holds only a position per lead (8 bytes) and a write
// buffer: a dry run of a million-row Merge keeps its memory to what a real
// import needs, and the operating system's file cache, not the process,
// holds the packed leads. A lead merged into again is packed anew at the
// end; the old bytes are left behind.
type dryLeads struct {
	f       *os.File // nil until the first put
	written int64    // bytes in f
	buf     []byte   // bytes after written, not yet in f
	err     error    // the first write error: every later get fails

	created []uint64         // position+1 of lead -1-i (dry runs number their leads -1, -2, …)
	touched map[int64]uint64 // position+1 of existing leads merged into
	scratch []byte
}

const dryFlushSize = 1 << 20

func newDryLeads() *dryLeads { return &dryLeads{touched: make(map[int64]uint64)} }

// close removes the temporary file.
func (d *dryLeads) close() {
	if d.f != nil {
		d.f.Close()
		d.f = nil
	}
}

// put packs l, replacing what was kept of it.
func (d *dryLeads) put(l *leadport.Lead) error {
	if d.err != nil {
		return d.err
	}
	if d.f == nil {
		f, err := os.CreateTemp("", "leadport-dry-run-*")
		if err != nil {
			d.err = fmt.Errorf("dry run: temporary file: %w", err)
			return d.err
		}
		os.Remove(f.Name())
		d.f = f
	}
	pos := d.written + int64(len(d.buf))
	start := len(d.buf)
	b := append(d.buf, 0, 0, 0, 0) // the record's length, filled in below
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
	binary.LittleEndian.PutUint32(b[start:], uint32(len(b)-start-4))
	d.buf = b
	if len(d.buf) >= dryFlushSize {
		if err := d.flush(); err != nil {
			return err
		}
	}

	if l.ID < 0 {
		i := int(-l.ID - 1)
		for len(d.created) <= i {
			d.created = append(d.created, 0)
		}
		d.created[i] = uint64(pos) + 1 // 0 = not kept
		return nil
	}
	d.touched[l.ID] = uint64(pos) + 1
	return nil
}

func (d *dryLeads) flush() error {
	if _, err := d.f.Write(d.buf); err != nil {
		d.err = fmt.Errorf("dry run: write the temporary file: %w", err)
		return d.err
	}
	d.written += int64(len(d.buf))
	d.buf = d.buf[:0]
	return nil
}

// record returns the packed bytes at pos.
func (d *dryLeads) record(pos int64) ([]byte, error) {
	if pos >= d.written {
		b := d.buf[pos-d.written:]
		return b[4 : 4+binary.LittleEndian.Uint32(b)], nil
	}
	if cap(d.scratch) < 4096 {
		d.scratch = make([]byte, 4096)
	}
	b := d.scratch[:cap(d.scratch)]
	n, err := d.f.ReadAt(b, pos)
	if n < 4 {
		return nil, fmt.Errorf("dry run: read the temporary file: %w", err)
	}
	size := int(binary.LittleEndian.Uint32(b))
	if 4+size > n {
		if 4+size > len(b) {
			d.scratch = make([]byte, 4+size)
			b = d.scratch
		}
		if _, err := d.f.ReadAt(b[:4+size], pos); err != nil {
			return nil, fmt.Errorf("dry run: read the temporary file: %w", err)
		}
	}
	return b[4 : 4+size], nil
}

// get unpacks the lead with id, or returns nil if the run has not kept it.
func (d *dryLeads) get(accountID, id int64) (*leadport.Lead, error) {
	if d.err != nil {
		return nil, d.err
	}
	var pos uint64
	if id < 0 {
		if i := int(-id - 1); i < len(d.created) {
			pos = d.created[i]
		}
	} else {
		pos = d.touched[id]
	}
	if pos == 0 {
		return nil, nil
	}
	b, err := d.record(int64(pos - 1))
	if err != nil {
		return nil, err
	}
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
	return l, nil
}

// size is the number of bytes the kept leads take in memory, and in the
// temporary file.
func (d *dryLeads) size() (memory, file int) {
	return 8*len(d.created) + 24*len(d.touched) + cap(d.buf), int(d.written) + len(d.buf)
}
