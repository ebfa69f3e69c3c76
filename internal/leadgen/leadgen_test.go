package leadgen

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/csvread"
	"github.com/leadport/leadport/internal/importer"
	"github.com/leadport/leadport/internal/normalize"
)

func generate(t testing.TB, o Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, o); err != nil {
		t.Fatalf("Write(%+v): %v", o, err)
	}
	return buf.Bytes()
}

func csvOptions(o Options) csvread.Options {
	co := csvread.Options{Encoding: "utf-8", Delimiter: ','}
	if o.Encoding != "" {
		co.Encoding = o.Encoding
	}
	if o.Delimiter != 0 {
		co.Delimiter = o.Delimiter
	}
	return co
}

var fileKinds = []struct {
	name string
	o    Options
}{
	{"clean", Options{Rows: 5000, Seed: 1}},
	{"dirty", Options{Rows: 5000, Seed: 2, Dirty: true}},
	{"french-1252", Options{Rows: 5000, Seed: 3, French: true, Delimiter: ';', Encoding: "windows-1252", Dirty: true}},
	{"tab", Options{Rows: 2000, Seed: 4, Delimiter: '\t'}},
	{"pipe-merge", Options{Rows: 2000, Seed: 5, Delimiter: '|', Existing: 3000, MatchRate: 0.36, Dirty: true}},
}

// TestReadBack checks that csvread reads every file whole, with the header
// and exactly Rows rows, and that Detect guesses its encoding and delimiter.
func TestReadBack(t *testing.T) {
	for _, tt := range fileKinds {
		t.Run(tt.name, func(t *testing.T) {
			data := generate(t, tt.o)
			sniff, err := csvread.Detect(bytes.NewReader(data), csvread.Options{})
			if err != nil {
				t.Fatalf("Detect: %v", err)
			}
			want := csvOptions(tt.o)
			if sniff.Encoding != want.Encoding || sniff.Delimiter != want.Delimiter {
				t.Errorf("Detect found %s %q, want %s %q", sniff.Encoding, sniff.Delimiter, want.Encoding, want.Delimiter)
			}
			n, err := csvread.Count(bytes.NewReader(data), want)
			if err != nil || n != tt.o.Rows {
				t.Errorf("Count = %d, %v; want %d rows", n, err, tt.o.Rows)
			}
			rd, err := csvread.NewReader(bytes.NewReader(data), want)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(Header(tt.o), rd.Header()); diff != "" {
				t.Errorf("header (-want +got):\n%s", diff)
			}
			rows, extra, newlines := 0, 0, 0
			for {
				row, err := rd.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				rows++
				if row.Extra != nil {
					extra++
				}
				for _, c := range row.Cells {
					if strings.Contains(c, "\n") {
						newlines++
					}
				}
			}
			if rows != tt.o.Rows {
				t.Errorf("read %d rows, want %d", rows, tt.o.Rows)
			}
			if newlines == 0 {
				t.Errorf("no quoted line break in %d rows", rows)
			}
			if tt.o.Dirty && extra == 0 {
				t.Errorf("no cell beyond the header in a dirty file")
			}
			if !tt.o.Dirty && extra > 0 {
				t.Errorf("%d rows with cells beyond the header in a clean file", extra)
			}
		})
	}
}

func TestDeterministic(t *testing.T) {
	for _, tt := range fileKinds {
		a, b := generate(t, tt.o), generate(t, tt.o)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: two files with the same options differ", tt.name)
		}
		o := tt.o
		o.Seed++
		if bytes.Equal(a, generate(t, o)) {
			t.Errorf("%s: another seed gives the same file", tt.name)
		}
	}
}

func TestWindows1252(t *testing.T) {
	o := Options{Rows: 5000, Seed: 7, French: true, Delimiter: ';', Encoding: "windows-1252", Dirty: true}
	data := generate(t, o)
	if utf8.Valid(data) {
		t.Fatal("the Windows-1252 file is valid UTF-8: it has no accented letter, or they are in UTF-8")
	}
	for i, c := range data {
		switch c {
		case 0x81, 0x8D, 0x8F, 0x90, 0x9D: // undefined in Windows-1252
			t.Fatalf("byte %#x at offset %d is not Windows-1252", c, i)
		}
	}
	if !bytes.Contains(data, []byte("Pr\xe9nom;Nom;T\xe9l\xe9phone maison")) {
		t.Errorf("header is not in Windows-1252: %q", data[:60])
	}
	if !bytes.Contains(data, []byte("\r\n")) {
		t.Errorf("a Windows file without CRLF line ends")
	}
}

func TestHeaderMapsAutomatically(t *testing.T) {
	for _, french := range []bool{false, true} {
		h := Header(Options{French: french})
		m := importer.AutoMap(h)
		for i, key := range m {
			if key == "" {
				t.Errorf("French=%v: column %q is not mapped automatically", french, h[i])
			}
		}
		if err := importer.CheckMapping(h, m); err != nil {
			t.Errorf("French=%v: %v", french, err)
		}
	}
}

// TestNameTables checks what exact counts rely on: no first name is also a
// last name, and no two names of a table are the same once folded.
func TestNameTables(t *testing.T) {
	lasts := make(map[string]bool)
	for _, n := range append(append([]name(nil), lastFR...), lastEN...) {
		f := normalize.Fold(n.plain)
		if lasts[f] {
			t.Errorf("last name %q twice", n.plain)
		}
		lasts[f] = true
		for _, v := range []string{n.upper, n.lower, n.ascii, n.asciiUpper} {
			if normalize.Fold(v) != f {
				t.Errorf("%q folds to %q, but %q to %q", v, normalize.Fold(v), n.plain, f)
			}
		}
	}
	for _, tab := range [][]name{firstFR, firstEN} {
		seen := make(map[string]bool)
		for _, n := range tab {
			f := normalize.Fold(n.plain)
			if lasts[f] {
				t.Errorf("%q is both a first and a last name", n.plain)
			}
			if seen[f] {
				t.Errorf("first name %q twice", n.plain)
			}
			seen[f] = true
		}
	}
}

// TestCounts imports generated files with the real importer over an
// in-memory store and checks its counters against Expect, exactly.
func TestCounts(t *testing.T) {
	for _, tt := range []struct {
		name string
		o    Options
	}{
		{"clean", Options{Rows: 20000, Seed: 11}},
		{"dirty", Options{Rows: 20000, Seed: 12, Dirty: true}},
		{"french", Options{Rows: 10000, Seed: 13, French: true, Delimiter: ';', Encoding: "windows-1252", Dirty: true}},
	} {
		for _, rule := range []leadport.Rule{leadport.RuleCreate, leadport.RuleMerge} {
			t.Run(tt.name+"/"+string(rule), func(t *testing.T) {
				e, err := Expect(tt.o)
				if err != nil {
					t.Fatal(err)
				}
				if e.Fresh+e.BaseMatches+e.Duplicates+e.NearMisses+e.Failed != e.Rows || e.Duplicates == 0 || e.NearMisses == 0 {
					t.Fatalf("Expect = %+v", e)
				}
				st := newMemStore()
				got := st.importFile(t, tt.o, rule)
				want := wantCounters(e, rule)
				if diff := cmp.Diff(want, got, cmpCounters); diff != "" {
					t.Errorf("counters (-want +got):\n%s", diff)
				}
				if !tt.o.Dirty && got.Notes != 0 && rule == leadport.RuleCreate {
					t.Errorf("a clean file wrote %d [import] notes under Create", got.Notes)
				}
				if tt.o.Dirty && got.Notes == 0 {
					t.Errorf("a dirty file wrote no [import] note")
				}
			})
		}
	}
}

// TestMergeOverBase imports a base file, then a file drawn to match it.
func TestMergeOverBase(t *testing.T) {
	for _, dirty := range []bool{false, true} {
		for _, baseRule := range []leadport.Rule{leadport.RuleCreate, leadport.RuleMerge} {
			for _, rule := range []leadport.Rule{leadport.RuleCreate, leadport.RuleMerge} {
				base := Options{Rows: 15000, Seed: 21, Dirty: dirty}
				o := Options{Rows: 10000, Seed: 21, Dirty: dirty, Existing: base.Rows, MatchRate: 0.36}
				st := newMemStore()
				st.importFile(t, base, baseRule)
				e, err := Expect(o)
				if err != nil {
					t.Fatal(err)
				}
				if r := float64(e.BaseMatches) / float64(e.Rows); r < 0.33 || r > 0.39 {
					t.Errorf("%.3f of the rows match the base file, want about 0.36", r)
				}
				got := st.importFile(t, o, rule)
				if diff := cmp.Diff(wantCounters(e, rule), got, cmpCounters); diff != "" {
					t.Errorf("dirty=%v, base %s, then %s: counters (-want +got):\n%s", dirty, baseRule, rule, diff)
				}
			}
		}
	}
}

func wantCounters(e Expected, rule leadport.Rule) leadport.Counters {
	c := leadport.Counters{Processed: int64(e.Rows), Failed: int64(e.Failed)}
	if rule == leadport.RuleCreate {
		c.Created = int64(e.Rows - e.Failed)
		c.Associated = int64(e.BaseMatches + e.Duplicates)
	} else {
		c.Created = int64(e.Fresh + e.NearMisses)
		c.Merged = int64(e.BaseMatches + e.Duplicates)
		c.Associated = -1 // not predicted
	}
	return c
}

// cmpCounters ignores notes, and associations under Merge.
var cmpCounters = cmp.Comparer(func(a, b leadport.Counters) bool {
	if a.Associated < 0 || b.Associated < 0 {
		a.Associated, b.Associated = 0, 0
	}
	a.Notes, b.Notes = 0, 0
	return a == b
})

// memStore keeps just enough in memory for the importer to run.
type memStore struct {
	leadport.Store // not implemented: panics if called
	mu             sync.Mutex
	leads          map[int64]*leadport.Lead
	nextID         int64
	file           []byte
}

func newMemStore() *memStore { return &memStore{leads: make(map[int64]*leadport.Lead), nextID: 1} }

func (s *memStore) importFile(t testing.TB, o Options, rule leadport.Rule) leadport.Counters {
	t.Helper()
	s.file = generate(t, o)
	co := csvOptions(o)
	header := Header(o)
	imp := &leadport.Import{ID: 1, AccountID: 1, OwnerID: 1, Type: leadport.TypeEvent, Rule: rule,
		Delimiter: co.Delimiter, Encoding: co.Encoding, Header: header, Mapping: importer.AutoMap(header),
		Status: leadport.StatusRunning, CreatedAt: time.Now()}
	if o.French {
		imp.DateFormat = "dmy"
	}
	im := importer.New(s, slog.New(slog.DiscardHandler))
	im.Pause = 0
	var last leadport.Counters
	if err := im.Run(context.Background(), imp, "test", func(c leadport.Counters) { last = c }); err != nil {
		t.Fatalf("import: %v", err)
	}
	return last
}

func (s *memStore) ListUsers(context.Context, int64) ([]*leadport.User, error) { return nil, nil }

func (s *memStore) OpenImportFile(context.Context, int64) (io.ReadCloser, error) {
	return io.NopCloser(bytes.NewReader(s.file)), nil
}

func (s *memStore) Heartbeat(context.Context, int64, string, time.Duration) error { return nil }

func (s *memStore) AllocateLeadIDs(_ context.Context, n int) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	first := s.nextID
	s.nextID += int64(n)
	return first, nil
}

func (s *memStore) ScanMatchKeys(_ context.Context, _ leadport.Viewer, fn func(leadport.MatchKeys) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, l := range s.leads {
		k := leadport.MatchKeys{ID: l.ID, NameKey: l.NameKey, Phones: [3]string{l.PhoneHome, l.PhoneMobile, l.PhoneWork},
			Emails: [2]string{l.EmailHome, l.EmailWork}, UpdatedAt: l.UpdatedAt}
		if err := fn(k); err != nil {
			return err
		}
	}
	return nil
}

func (s *memStore) LeadsByID(_ context.Context, _ leadport.Viewer, ids []int64) ([]*leadport.Lead, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ls []*leadport.Lead
	for _, id := range ids {
		if l, ok := s.leads[id]; ok {
			c := *l
			c.Vehicles = append([]leadport.Vehicle(nil), l.Vehicles...)
			ls = append(ls, &c)
		}
	}
	return ls, nil
}

func (s *memStore) ApplyBatch(_ context.Context, b *leadport.Batch) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, l := range b.Creates {
		c := *l
		s.leads[l.ID] = &c
	}
	for _, u := range b.Updates {
		c := *u.After
		s.leads[c.ID] = &c
	}
	return nil
}

func BenchmarkWrite(b *testing.B) {
	for _, tt := range []struct {
		name string
		o    Options
	}{
		{"clean", Options{Rows: 100000, Seed: 1}},
		{"dirty-french-1252", Options{Rows: 100000, Seed: 1, Dirty: true, French: true, Delimiter: ';', Encoding: "windows-1252"}},
		{"merge", Options{Rows: 100000, Seed: 1, Existing: 100000, MatchRate: 0.36}},
	} {
		b.Run(tt.name, func(b *testing.B) {
			var w countWriter
			for b.Loop() {
				if err := Write(&w, tt.o); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(w.n / int64(b.N))
			b.ReportMetric(float64(tt.o.Rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }
