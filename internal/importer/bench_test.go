package importer

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/csvread"
	"github.com/leadport/leadport/internal/leadgen"
)

// matchKeys returns n leads' match keys, as ScanMatchKeys gives them: every
// lead has a name, most a phone or two, most an email.
func matchKeys(n int) []leadport.MatchKeys {
	ks := make([]leadport.MatchKeys, n)
	t := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range ks {
		k := &ks[i]
		k.ID = int64(i + 1)
		k.NameKey = "cote" + strconv.Itoa(i%5000) + "|jean francois"
		k.Phones[0] = "+1514" + fmt.Sprintf("%07d", i)
		if i%2 == 0 {
			k.Phones[1] = "+1438" + fmt.Sprintf("%07d", i)
		}
		if i%4 != 3 {
			k.Emails[0] = "jf.cote" + strconv.Itoa(i) + "@videotron.ca"
		}
		k.UpdatedAt = t.Add(time.Duration(i) * time.Microsecond)
	}
	return ks
}

// BenchmarkMatch measures the in-memory index of an account's leads:
// building it for a million leads (as each import does after
// ScanMatchKeys), and finding a row's matches in it.
func BenchmarkMatch(b *testing.B) {
	const n = 1_000_000
	keys := matchKeys(n)
	build := func() *index {
		x := newIndex()
		for i := range keys {
			k := &keys[i]
			x.add(k.ID, k.NameKey, k.Phones[:], k.Emails[:], k.UpdatedAt.UnixMicro())
		}
		return x
	}
	b.Run("build-1M", func(b *testing.B) {
		cpu := cpuTime()
		for b.Loop() {
			build()
		}
		reportCPU(b, cpu)
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "leads/s")
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		x := build()
		runtime.GC()
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(x)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "index-MiB")
	})

	x := build()
	// Rows: a quarter match on name and phone, a quarter on phone and email,
	// a quarter share only a phone, a quarter nothing.
	recs := make([]*record, 4096)
	for i := range recs {
		j := (i * 7919) % n
		k := keys[j]
		r := &record{}
		switch i % 4 {
		case 0:
			r.lead.NameKey, r.lead.PhoneMobile = k.NameKey, k.Phones[0]
		case 1:
			r.lead.PhoneWork, r.lead.EmailHome = k.Phones[0], k.Emails[0]
			r.lead.NameKey = "roy|paul"
		case 2:
			r.lead.NameKey, r.lead.PhoneHome, r.lead.EmailHome = "cote|marie", k.Phones[0], "marie@x.ca"
		case 3:
			r.lead.NameKey, r.lead.PhoneHome, r.lead.EmailHome = "roy|paul", "+18195550142", "paul@roy.ca"
		}
		recs[i] = r
	}
	b.Run("find", func(b *testing.B) {
		cpu := cpuTime()
		defer reportCPU(b, cpu)
		var buf []match
		found := 0
		i := 0
		for b.Loop() {
			buf = x.find(recs[i%len(recs)], buf)
			found += len(buf)
			i++
		}
		if found == 0 {
			b.Fatal("nothing found")
		}
	})
}

// rawRow is a row of a file as csvread gives it.
type rawRow struct {
	line         int
	cells, extra []string
}

func readRows(tb testing.TB, o leadgen.Options) (Settings, []rawRow) {
	tb.Helper()
	var buf bytes.Buffer
	if err := leadgen.Write(&buf, o); err != nil {
		tb.Fatal(err)
	}
	rd, err := csvread.NewReader(&buf, csvread.Options{Encoding: "utf-8", Delimiter: ','})
	if err != nil {
		tb.Fatal(err)
	}
	s := Settings{Type: leadport.TypeEvent, Delimiter: ',', Encoding: "utf-8", Header: rd.Header(), Mapping: AutoMap(rd.Header())}
	var rows []rawRow
	for {
		row, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			tb.Fatal(err)
		}
		rows = append(rows, rawRow{row.Line, append([]string(nil), row.Cells...), append([]string(nil), row.Extra...)})
	}
	return s, rows
}

// leadStore serves LeadsByID from memory, for dry Merge runs.
type leadStore struct {
	leadport.Store
	leads map[int64]*leadport.Lead
	next  int64
}

func (s *leadStore) LeadsByID(_ context.Context, _ leadport.Viewer, ids []int64) ([]*leadport.Lead, error) {
	out := make([]*leadport.Lead, 0, len(ids))
	for _, id := range ids {
		if l, ok := s.leads[id]; ok {
			out = append(out, clone(l))
		}
	}
	return out, nil
}

func (s *leadStore) AllocateLeadIDs(_ context.Context, n int) (int64, error) {
	s.next += int64(n)
	return s.next - int64(n) + 1, nil
}

// BenchmarkApplyRows measures what an import does per row besides reading
// the file and writing to the database: normalising the cells, matching
// and applying the rule, for 100,000 realistic rows (internal/leadgen,
// dirty). Nothing is written: the applier runs dry, in one batch.
func BenchmarkApplyRows(b *testing.B) {
	const n = 100_000
	base := leadgen.Options{Rows: n, Seed: 1, Dirty: true}
	s, rows := readRows(b, base)
	ms, mrows := readRows(b, leadgen.Options{Rows: n, Seed: 1, Dirty: true, Existing: n, MatchRate: 0.32})
	now := time.Now()
	ctx := context.Background()

	b.Run("normalise", func(b *testing.B) {
		cpu := cpuTime()
		for b.Loop() {
			rd := newReader(s, nil, now)
			for _, r := range rows {
				rd.read(r.line, r.line, r.cells, r.extra, nil)
			}
		}
		reportCPU(b, cpu)
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})

	apply := func(b *testing.B, a *applier, s Settings, rows []rawRow) {
		b.Helper()
		rd := newReader(s, nil, now)
		if err := a.startBatch(); err != nil {
			b.Fatal(err)
		}
		for _, r := range rows {
			if err := a.apply(ctx, rd.read(r.line, r.line, r.cells, r.extra, nil)); err != nil {
				b.Fatal(err)
			}
		}
		a.finishBatch()
	}
	b.Run("create-into-empty", func(b *testing.B) {
		cpu := cpuTime()
		for b.Loop() {
			a := &applier{rule: leadport.RuleCreate, leadType: leadport.TypeEvent, dry: true, index: newIndex()}
			apply(b, a, s, rows)
		}
		reportCPU(b, cpu)
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})

	// The leads of the base file, as a Create import would leave them.
	st := &leadStore{leads: make(map[int64]*leadport.Lead)}
	a := &applier{store: st, rule: leadport.RuleCreate, leadType: leadport.TypeEvent, index: newIndex()}
	rd := newReader(s, nil, now)
	if err := a.startBatch(); err != nil {
		b.Fatal(err)
	}
	for _, r := range rows {
		if err := a.apply(ctx, rd.read(r.line, r.line, r.cells, r.extra, nil)); err != nil {
			b.Fatal(err)
		}
	}
	for _, l := range a.finishBatch().Creates {
		st.leads[l.ID] = l
	}
	b.Run("merge-over-100k", func(b *testing.B) {
		cpu := cpuTime()
		for b.Loop() {
			b.StopTimer()
			a := &applier{store: st, rule: leadport.RuleMerge, leadType: leadport.TypeEvent, dry: true, index: newIndex()}
			for _, l := range st.leads {
				a.index.addLead(l)
			}
			b.StartTimer()
			apply(b, a, ms, mrows)
		}
		reportCPU(b, cpu)
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	})
}

// cpuTime returns the CPU time the process has used. On a shared machine
// it varies less than the wall time a benchmark reports.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU reports the CPU time per operation since start (all threads,
// the garbage collector's included).
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu-ms/op")
}
