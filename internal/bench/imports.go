package bench

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/app"
	"github.com/leadport/leadport/internal/sqlstore"
)

const (
	benchAccount  = "Bench Motors"
	benchEmail    = "bench@leadport.invalid"
	benchPassword = "bench-password"
)

// imports runs the Create and Merge stages on one database: Create imports
// the base file into an empty account; Merge imports the Merge file over
// the leads Create made (when Create is not asked for, the base file is
// imported first, untimed).
func (b *bench) imports(ctx context.Context, t target, dsn string) ([]result, error) {
	logger := slog.New(slog.DiscardHandler)
	if b.cfg.verbose {
		logger = slog.New(slog.NewTextHandler(b.log, nil))
	}
	if err := b.setup(ctx, dsn, logger); err != nil {
		return nil, err
	}
	var results []result
	var base *leadport.Import
	if b.cfg.only["create"] {
		exp := leadport.Counters{Processed: int64(b.expBase.Rows), Created: int64(b.expBase.Rows - b.expBase.Failed),
			Associated: int64(b.expBase.BaseMatches + b.expBase.Duplicates), Failed: int64(b.expBase.Failed), Notes: -1}
		rs, imp, err := b.importStage(ctx, t, dsn, logger, "create", b.baseFile, leadport.RuleCreate, &exp)
		results = append(results, rs...)
		if err != nil {
			return results, err
		}
		base = imp
	}
	if !b.cfg.only["merge"] && !b.cfg.only["dry-run"] {
		return results, nil
	}
	if !b.cfg.only["create"] {
		b.printf("importing the base file (untimed)…\n")
		var err error
		if _, base, err = b.importStage(ctx, t, dsn, logger, "", b.baseFile, leadport.RuleCreate, nil); err != nil {
			return results, err
		}
	}
	// The Merge runs over the dealership's data, as it would in use: the
	// base import is finalized first (untimed).
	if err := b.finalizeUntimed(ctx, dsn, logger, base.ID); err != nil {
		return results, err
	}
	exp := leadport.Counters{Processed: int64(b.expMrg.Rows), Created: int64(b.expMrg.Fresh + b.expMrg.NearMisses),
		Merged: int64(b.expMrg.BaseMatches + b.expMrg.Duplicates), Associated: -1, Failed: int64(b.expMrg.Failed), Notes: -1}
	if b.cfg.only["dry-run"] {
		r, err := b.dryRunStage(ctx, dsn, logger, b.mergeFile, &exp)
		if err != nil {
			return results, fmt.Errorf("dry run: %w", err)
		}
		results = append(results, r)
		// The real Merge must count exactly what its dry run counted.
		exp = *r.counters
	}
	if b.cfg.only["merge"] {
		rs, imp, err := b.importStage(ctx, t, dsn, logger, "merge", b.mergeFile, leadport.RuleMerge, &exp)
		results = append(results, rs...)
		if err != nil {
			return results, err
		}
		if b.cfg.only["revert"] {
			r, err := b.publishStage(ctx, dsn, logger, "revert", imp.ID)
			if err != nil {
				return results, err
			}
			results = append(results, r)
			if b.cfg.only["finalize"] {
				// The revert left the leads as they were: the same Merge
				// again gives the same changeset to finalize.
				b.printf("importing the Merge file again (untimed), to finalize it…\n")
				if _, imp, err = b.importStage(ctx, t, dsn, logger, "", b.mergeFile, leadport.RuleMerge, nil); err != nil {
					return results, err
				}
			}
		}
		if b.cfg.only["finalize"] {
			r, err := b.publishStage(ctx, dsn, logger, "finalize", imp.ID)
			if err != nil {
				return results, err
			}
			results = append(results, r)
		}
	}
	return results, nil
}

// finalizeUntimed finalizes import id.
func (b *bench) finalizeUntimed(ctx context.Context, dsn string, logger *slog.Logger, id int64) error {
	a, u, closeDB, err := openBench(ctx, dsn, logger)
	if err != nil {
		return err
	}
	defer closeDB()
	if _, err := a.FinalizeImport(ctx, u, id); err != nil {
		return fmt.Errorf("finalize the base import: %w", err)
	}
	return nil
}

// publishStage reverts or finalizes an import through the product's path
// (internal/app, as the web page, the API and the CLI do), on a store
// opened afresh.
func (b *bench) publishStage(ctx context.Context, dsn string, logger *slog.Logger, stage string, id int64) (result, error) {
	a, u, closeDB, err := openBench(ctx, dsn, logger)
	if err != nil {
		return result{}, err
	}
	defer closeDB()
	imp, err := a.Import(ctx, u, id)
	if err != nil {
		return result{}, err
	}
	b.printf("merge: %s import %d (%d leads created, %d leads changed)…\n", stage, id, imp.Created, imp.LeadsChanged)
	releaseMemory()
	resetPeakRSS()
	cpu0 := cpuNow()
	t0 := time.Now()
	do := a.FinalizeImport
	if stage == "revert" {
		do = a.RevertImport
	}
	readers := startReader(ctx, a, u)
	done, err := do(ctx, u, id)
	reads := readers.stop()
	if err != nil {
		return result{}, fmt.Errorf("%s: %w", stage, err)
	}
	wall := time.Since(t0)
	b.printf("merge: %s took %s; meanwhile a reader read %d pages of 50 leads, the slowest in %s\n", stage, round(wall), reads.n, round(reads.max))
	return result{stage: "merge: " + stage, wall: wall, cpu: cpuNow() - cpu0, rows: int(imp.Processed), peakRSS: peakRSS(),
		note: fmt.Sprintf("%s of import %d: %d leads created, %d leads changed; the import's [import] note lines: %d before, %d after; a reader meanwhile: %d pages, slowest %s",
			stage, id, imp.Created, imp.LeadsChanged, imp.Notes, done.Notes, reads.n, round(reads.max))}, nil
}

// reader reads the first page of the leads list, again and again, while a
// finalize or a revert runs: neither may block readers (SPEC §6).
type reader struct {
	cancel context.CancelFunc
	done   chan readStats
}

type readStats struct {
	n   int
	max time.Duration
}

func startReader(ctx context.Context, a *app.App, u *leadport.User) *reader {
	ctx, cancel := context.WithCancel(ctx)
	r := &reader{cancel: cancel, done: make(chan readStats, 1)}
	go func() {
		var st readStats
		defer func() { r.done <- st }()
		for ctx.Err() == nil {
			t0 := time.Now()
			_, _, err := a.SearchLeads(ctx, u, app.LeadQuery{Limit: 50})
			if err != nil {
				return
			}
			st.n++
			st.max = max(st.max, time.Since(t0))
			select {
			case <-ctx.Done():
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	return r
}

func (r *reader) stop() readStats {
	r.cancel()
	return <-r.done
}

// dryRunStage counts, without writing, what a Merge of file would do — the
// wizard's whole-file counts and `leadport import --dry-run` — through the
// product's own path: upload the draft, count, discard it.
func (b *bench) dryRunStage(ctx context.Context, dsn string, logger *slog.Logger, file string, exp *leadport.Counters) (result, error) {
	a, u, closeDB, err := openBench(ctx, dsn, logger)
	if err != nil {
		return result{}, err
	}
	defer closeDB()
	f, err := os.Open(file)
	if err != nil {
		return result{}, err
	}
	imp, _, err := a.UploadImport(ctx, u, filepath.Base(file), f)
	f.Close()
	if err != nil {
		return result{}, fmt.Errorf("upload: %w", err)
	}
	defer a.DiscardDraft(context.WithoutCancel(ctx), u, imp.ID)
	b.printf("dry-run: counting %s…\n", filepath.Base(file))
	if b.cfg.profile != "" {
		prof, err := startProfile(filepath.Join(b.cfg.profile, "dry-run"))
		if err != nil {
			return result{}, err
		}
		defer prof.stop()
	}
	releaseMemory()
	resetPeakRSS()
	stopGo := goMemory()
	cpu0, t0 := cpuNow(), time.Now()
	c, err := a.DryRun(ctx, u, imp.ID, app.ImportSettings{Type: leadport.TypeEvent, Rule: leadport.RuleMerge})
	if err != nil {
		return result{}, err
	}
	wall, cpu, rss, goRSS := time.Since(t0), cpuNow()-cpu0, peakRSS(), stopGo()
	b.printf("dry-run: %s, peak RSS %s\n", round(wall), mib(rss))
	return result{stage: "dry-run (Merge file)", wall: wall, cpu: cpu, rows: int(c.Processed), peakRSS: rss, ratio: true,
		counters: &c, expected: exp, note: fmt.Sprintf("writes nothing; of the peak RSS, the Go runtime held at most %s", mib(goRSS))}, nil
}

// openBench opens the database as a new process would, with the app and
// the bench's importing user; done closes it.
func openBench(ctx context.Context, dsn string, logger *slog.Logger) (*app.App, *leadport.User, func(), error) {
	st, err := sqlstore.Open(ctx, dsn, logger)
	if err != nil {
		return nil, nil, nil, err
	}
	a := app.New(st, logger)
	u, err := a.User(ctx, benchEmail)
	if err != nil {
		st.Close()
		return nil, nil, nil, err
	}
	return a, u, func() { st.Close() }, nil
}

// setup creates the account and the importing user.
func (b *bench) setup(ctx context.Context, dsn string, logger *slog.Logger) error {
	st, err := sqlstore.Open(ctx, dsn, logger)
	if err != nil {
		return err
	}
	defer st.Close()
	a := app.New(st, logger)
	acc, err := a.CreateAccount(ctx, benchAccount)
	if err != nil {
		return err
	}
	_, err = a.AddUser(ctx, nil, app.NewUser{AccountID: acc.ID, Email: benchEmail, Name: "Bench Director",
		Role: leadport.RoleDirector, CanImport: true, Password: benchPassword})
	return err
}

// importStage imports one file through the product's own path, as
// `leadport import` does: the store is opened afresh, as by a new process.
// An empty stage name runs it untimed, reporting nothing.
func (b *bench) importStage(ctx context.Context, t target, dsn string, logger *slog.Logger, stage, file string,
	rule leadport.Rule, exp *leadport.Counters) ([]result, *leadport.Import, error) {
	st, err := sqlstore.Open(ctx, dsn, logger)
	if err != nil {
		return nil, nil, err
	}
	defer st.Close()
	a := app.New(st, logger)
	if b.cfg.batchTime > 0 {
		a.Importer.BatchTime = b.cfg.batchTime
	}
	if b.cfg.maxBatchRows > 0 {
		a.Importer.MaxBatchRows = b.cfg.maxBatchRows
	}
	u, err := a.User(ctx, benchEmail)
	if err != nil {
		return nil, nil, err
	}
	var prof *profiler
	if stage != "" && b.cfg.profile != "" {
		prof, err = startProfile(filepath.Join(b.cfg.profile, t.name()+"-"+stage))
		if err != nil {
			return nil, nil, err
		}
		defer prof.stop()
	}
	if stage != "" {
		b.printf("%s: importing %s…\n", stage, filepath.Base(file))
	}

	releaseMemory()
	resetPeakRSS()
	cpu0 := cpuNow()
	t0 := time.Now()
	f, err := os.Open(file)
	if err != nil {
		return nil, nil, err
	}
	imp, _, err := a.UploadImport(ctx, u, filepath.Base(file), f)
	f.Close()
	if err != nil {
		return nil, nil, fmt.Errorf("upload: %w", err)
	}
	t1 := time.Now()
	rssUpload := peakRSS()
	cpu1 := cpuNow()
	resetPeakRSS()

	imp, err = a.StartImport(ctx, u, imp.ID, app.ImportSettings{Type: leadport.TypeEvent, Rule: rule})
	if err != nil {
		return nil, nil, fmt.Errorf("validate: %w", err)
	}
	t2 := time.Now()
	rssValidate := peakRSS()
	cpu2 := cpuNow()
	resetPeakRSS()

	stopGo := goMemory()
	var mu sync.Mutex
	var first, maxGap time.Duration
	batches := 0
	last := t2
	progress := func(c leadport.Counters) {
		mu.Lock()
		defer mu.Unlock()
		batches++
		now := time.Now()
		if first == 0 && c.Processed > 0 {
			first = now.Sub(t2)
		}
		maxGap = max(maxGap, now.Sub(last))
		last = now
	}
	done, err := a.RunNow(ctx, u, imp.ID, progress)
	if err != nil {
		return nil, nil, fmt.Errorf("run: %w", err)
	}
	t3 := time.Now()
	cpu3 := cpuNow()
	rssRun := peakRSS()
	goRun := stopGo()
	if prof != nil {
		if err := prof.stop(); err != nil {
			return nil, nil, err
		}
	}
	if done.Status != leadport.StatusFinished {
		return nil, nil, fmt.Errorf("the import ended %s: %s", done.Status, done.Error)
	}
	if stage == "" {
		return nil, done, nil
	}
	c := done.Counters
	rows := int(c.Processed)
	b.printf("%s: upload %s, validate %s, run %s (first progress after %s, %d batches), peak RSS %s\n", stage,
		round(t1.Sub(t0)), round(t2.Sub(t1)), round(t3.Sub(t2)), round(first), batches, mib(max(rssUpload, rssValidate, rssRun)))
	return []result{
		{stage: stage + ": upload", wall: t1.Sub(t0), cpu: cpu1 - cpu0, rows: rows, peakRSS: rssUpload},
		{stage: stage + ": validate", wall: t2.Sub(t1), cpu: cpu2 - cpu1, rows: rows, peakRSS: rssValidate},
		{stage: stage + ": run", wall: t3.Sub(t2), cpu: cpu3 - cpu2, rows: rows, peakRSS: rssRun, ratio: true, first: first,
			maxGap: maxGap, note: fmt.Sprintf("%d batches, %d rows on average; of the peak RSS, the Go runtime held at most %s (the rest: the binary, and SQLite's page caches on SQLite)",
				batches, rows/max(batches, 1), mib(goRun))},
		{stage: stage + ": total", wall: t3.Sub(t0), cpu: cpu3 - cpu0, rows: rows, peakRSS: max(rssUpload, rssValidate, rssRun), ratio: true,
			counters: &c, expected: exp},
	}, done, nil
}

// expectedNote compares counters with what the generator put in the file;
// a negative expected figure is not predicted.
func expectedNote(got, want leadport.Counters) string {
	type pair struct {
		name      string
		got, want int64
	}
	ok := true
	var diffs string
	for _, p := range []pair{{"processed", got.Processed, want.Processed}, {"created", got.Created, want.Created},
		{"merged", got.Merged, want.Merged}, {"associated", got.Associated, want.Associated},
		{"failed", got.Failed, want.Failed}, {"notes", got.Notes, want.Notes}} {
		if p.want >= 0 && p.got != p.want {
			ok = false
			diffs += fmt.Sprintf(" %s %d (expected %d)", p.name, p.got, p.want)
		}
	}
	if ok {
		return "as the generator expects"
	}
	return "DIFFERS from what the generator expects:" + diffs
}
