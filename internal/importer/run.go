package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strconv"
	"time"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/csvread"
	"github.com/leadport/leadport/internal/normalize"
)

// Settings are the choices an import is made with.
type Settings struct {
	Type      leadport.LeadType
	Rule      leadport.Rule
	Delimiter rune
	Encoding  string
	Sheet     string // a workbook's sheet; "" for CSV
	DateOrder normalize.DateOrder
	Header    []string
	Mapping   []string // field key per header column; "" = not imported
}

// SettingsOf returns the settings saved on an import.
func SettingsOf(imp *leadport.Import) (Settings, error) {
	order, err := normalize.ParseDateOrder(imp.DateFormat)
	if err != nil {
		return Settings{}, err
	}
	return Settings{Type: imp.Type, Rule: imp.Rule, Delimiter: imp.Delimiter, Encoding: imp.Encoding, Sheet: imp.Sheet,
		DateOrder: order, Header: imp.Header, Mapping: imp.Mapping}, nil
}

// Opener opens the import's file from its start.
type Opener func(ctx context.Context) (io.ReadCloser, error)

// Importer runs imports against a Store.
type Importer struct {
	Store  leadport.Store
	Logger *slog.Logger

	// BatchTime is how long a batch should take: commits come about this
	// often, so progress is seen and other writers get their turn. Each
	// commit rewrites every index page its rows dirtied, so on a large
	// account fewer, larger batches are much cheaper per row: a second is
	// as long as progress can wait (leadport bench, 300k rows merged over
	// 300k: 500 ms gave 140 batches in 78 s, 1 s gave 38 in 46 s).
	BatchTime time.Duration
	// MaxBatchRows caps the rows in one batch.
	MaxBatchRows int
	// Pause is left between batches for other writers (SQLite has one writer
	// at a time; a tight loop of write transactions starves the others).
	Pause time.Duration
	// Lease and Heartbeat: a running import's lease lasts Lease and is
	// renewed every Heartbeat. Another worker takes over an import whose
	// lease has expired.
	Lease, Heartbeat time.Duration
}

// New returns an Importer with the default settings.
func New(store leadport.Store, logger *slog.Logger) *Importer {
	return &Importer{Store: store, Logger: logger, BatchTime: time.Second, MaxBatchRows: 50000,
		Pause: 10 * time.Millisecond, Lease: 20 * time.Second, Heartbeat: 5 * time.Second}
}

// job is one pass over a file.
type job struct {
	settings  Settings
	accountID int64
	ownerID   int64
	importID  int64
	worker    string
	origin    time.Time
	open      Opener
	skip      int64 // rows already applied
	limit     int   // stop after this many rows; 0 = all
	dry       bool
	observe   func(*record, outcome)
	progress  func(leadport.Counters)
	counters  leadport.Counters // already applied
	users     []*leadport.User
}

// Run runs a claimed import to its end from its resume cursor, renewing its
// lease. progress, if not nil, is called after each committed batch.
func (im *Importer) Run(ctx context.Context, imp *leadport.Import, worker string, progress func(leadport.Counters)) error {
	s, err := SettingsOf(imp)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	go im.heartbeat(ctx, cancel, imp.ID, worker)
	err = im.run(ctx, job{
		settings: s, accountID: imp.AccountID, ownerID: imp.OwnerID, importID: imp.ID, worker: worker,
		origin: imp.CreatedAt, skip: imp.Processed, counters: imp.Counters, progress: progress,
		open: func(ctx context.Context) (io.ReadCloser, error) { return im.Store.OpenImportFile(ctx, imp.ID) },
	})
	// A heartbeat after the last batch finds the import finished and says
	// the lease is lost: only a run that failed was stopped by a takeover.
	if cause := context.Cause(ctx); err != nil && errors.Is(cause, leadport.ErrLeaseLost) {
		return cause
	}
	return err
}

func (im *Importer) heartbeat(ctx context.Context, cancel context.CancelCauseFunc, id int64, worker string) {
	t := time.NewTicker(im.Heartbeat)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			err := im.Store.Heartbeat(ctx, id, worker, im.Lease)
			if errors.Is(err, leadport.ErrLeaseLost) {
				// A heartbeat waits on the import's row while a batch
				// commits; after the last one it finds the import
				// finished. That is no takeover, and cancelling now would
				// fail the commit still being acknowledged.
				if imp, ierr := im.Store.Import(ctx, id); ierr == nil && imp.Status == leadport.StatusFinished && imp.Worker == worker {
					return
				}
				cancel(err)
				return
			}
			if err != nil && ctx.Err() == nil {
				im.Logger.Warn("heartbeat failed", "import", id, "err", err)
			}
		}
	}
}

// DryRun counts what importing the file would do, writing nothing.
// progress, if not nil, is called with the counts so far after each batch.
func (im *Importer) DryRun(ctx context.Context, accountID, ownerID int64, s Settings, open Opener, progress func(leadport.Counters)) (leadport.Counters, error) {
	var c leadport.Counters
	err := im.run(ctx, job{settings: s, accountID: accountID, ownerID: ownerID, origin: time.Now(), open: open, dry: true,
		progress: func(x leadport.Counters) {
			c = x
			if progress != nil {
				progress(x)
			}
		}})
	return c, err
}

// buildIndex indexes every lead the importing user sees (SPEC §7: the
// account's finalized data and the user's own unfinalized imports; never a
// lead they cannot see). The store's scan and the
// indexing run on two goroutines: for a million leads each takes about a
// second, and nothing is imported until both are done.
func buildIndex(ctx context.Context, store leadport.Store, v leadport.Viewer, x *index) error {
	const chunkKeys = 4096
	chunks := make(chan []leadport.MatchKeys, 8)
	free := make(chan []leadport.MatchKeys, 10)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for c := range chunks {
			for i := range c {
				k := &c[i]
				x.add(k.ID, k.NameKey, k.Phones[:], k.Emails[:], k.UpdatedAt.UnixMicro())
			}
			select {
			case free <- c[:0]:
			default:
			}
		}
	}()
	var c []leadport.MatchKeys
	err := store.ScanMatchKeys(ctx, v, func(k leadport.MatchKeys) error {
		if c == nil {
			select {
			case c = <-free:
			default:
				c = make([]leadport.MatchKeys, 0, chunkKeys)
			}
		}
		c = append(c, k)
		if len(c) == chunkKeys {
			chunks <- c
			c = nil
		}
		return nil
	})
	if len(c) > 0 {
		chunks <- c
	}
	close(chunks)
	<-done
	return err
}

// batchSize adapts the rows per batch so that a batch takes about BatchTime.
type batchSize struct {
	rows, max int
	target    time.Duration
}

func (b *batchSize) adapt(rows int, took time.Duration) {
	if rows < b.rows || took <= 0 {
		return
	}
	n := int(float64(rows) * float64(b.target) / float64(took))
	n = max(min(n, 2*b.rows, b.max), 100)
	b.rows = n
}

type chunk struct {
	recs []*record
	err  error
}

func (im *Importer) run(ctx context.Context, j job) error {
	users, err := im.Store.ListUsers(ctx, j.accountID)
	if err != nil {
		return fmt.Errorf("list users: %w", err)
	}
	j.users = users
	a := &applier{store: im.Store, rule: j.settings.Rule, leadType: j.settings.Type, accountID: j.accountID,
		ownerID: j.ownerID, importID: j.importID, dry: j.dry, index: newIndex(), counters: j.counters,
		origin: j.origin.UTC().Format("2006-01-02T15:04:05Z"), observe: j.observe, userNames: make(map[string]string, len(users))}
	for _, u := range users {
		a.userNames[strconv.FormatInt(u.ID, 10)] = u.Name
	}
	defer func() {
		if a.kept != nil {
			a.kept.close()
		}
	}()
	indexed := time.Now()
	if err := buildIndex(ctx, im.Store, leadport.Viewer{AccountID: j.accountID, UserID: j.ownerID}, a.index); err != nil {
		return fmt.Errorf("read the account's match keys: %w", err)
	}
	im.Logger.Info("match keys read", "import", j.importID, "took", time.Since(indexed))

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	chunks := make(chan chunk, 4)
	go func() {
		defer close(chunks)
		err := im.read(ctx, j, chunks)
		if err != nil {
			select {
			case chunks <- chunk{err: err}:
			case <-ctx.Done():
			}
		}
	}()

	size := batchSize{rows: 1000, max: im.MaxBatchRows, target: im.BatchTime}
	if j.dry {
		// Small batches: a dry run holds a batch's rows in memory, and
		// reports its progress after each.
		size = batchSize{rows: 5000, max: 5000}
	}
	// A batch is written while the next one is built: matching and merging
	// in memory, and the reads of the leads to merge into, run beside the
	// write transaction (on SQLite, reads do not wait for the writer). At
	// most one batch is in flight, so the next one's reads see every
	// earlier batch, except the one in flight, whose leads the applier
	// keeps (applier.prev).
	w := writer{im: im, j: j}
	defer w.wait()
	var pending []*record
	eof := false
	for {
		for len(pending) < size.rows && !eof {
			c, ok := <-chunks
			switch {
			case !ok:
				eof = true
			case c.err != nil:
				return c.err
			default:
				pending = append(pending, c.recs...)
			}
		}
		n := min(len(pending), size.rows)
		last := eof && n == len(pending)
		start := time.Now()
		b, err := im.buildBatch(ctx, a, j, pending[:n], last)
		if err != nil {
			return err
		}
		if err := w.wait(); err != nil {
			return err
		}
		w.start(ctx, b, pending[:n])
		if last {
			return w.wait()
		}
		pending = slices.Delete(pending, 0, n)
		if !j.dry {
			size.adapt(n, time.Since(start))
		}
	}
}

// buildBatch applies rows in memory and returns the batch that writes them.
func (im *Importer) buildBatch(ctx context.Context, a *applier, j job, recs []*record, last bool) (*leadport.Batch, error) {
	if err := a.startBatch(); err != nil {
		return nil, err
	}
	if err := a.prefetch(ctx, recs); err != nil {
		return nil, fmt.Errorf("read the leads to merge into: %w", err)
	}
	for _, r := range recs {
		if err := a.apply(ctx, r); err != nil {
			return nil, fmt.Errorf("apply line %d: %w", r.line, err)
		}
	}
	b := a.finishBatch()
	b.Worker = j.worker
	b.Finished = last
	return b, nil
}

// writer writes batches, one at a time, on its own goroutine, reports
// progress after each commit, and leaves other writers their turn.
type writer struct {
	im   *Importer
	j    job
	done chan error // the batch in flight; nil if none
}

func (w *writer) start(ctx context.Context, b *leadport.Batch, recs []*record) {
	var first, last int
	if len(recs) > 0 {
		first, last = recs[0].line, recs[len(recs)-1].line
	}
	done := make(chan error, 1)
	w.done = done
	go func() {
		if !w.j.dry {
			if err := w.im.Store.ApplyBatch(ctx, b); err != nil {
				if first > 0 {
					err = fmt.Errorf("write lines %d-%d: %w", first, last, err)
				} else {
					err = fmt.Errorf("finish the import: %w", err)
				}
				done <- err
				return
			}
		}
		if w.j.progress != nil {
			w.j.progress(b.Counters)
		}
		if !w.j.dry && !b.Finished {
			select {
			case <-time.After(w.im.Pause):
			case <-ctx.Done():
				done <- context.Cause(ctx)
				return
			}
		}
		done <- nil
	}()
}

// wait waits for the batch in flight, if any, and returns its error.
func (w *writer) wait() error {
	if w.done == nil {
		return nil
	}
	err := <-w.done
	w.done = nil
	return err
}

// read streams the file's rows as records, skipping the first j.skip rows.
func (im *Importer) read(ctx context.Context, j job, out chan<- chunk) error {
	f, err := j.open(ctx)
	if err != nil {
		return fmt.Errorf("open the file: %w", err)
	}
	defer f.Close()
	cr, err := csvread.NewReader(f, csvread.Options{Encoding: j.settings.Encoding, Delimiter: j.settings.Delimiter, Sheet: j.settings.Sheet})
	if err != nil {
		return err
	}
	defer cr.Close()
	if !slices.Equal(cr.Header(), j.settings.Header) {
		return leadport.Errorf(leadport.EINVALID, "The file's header is not the one the import was set up with.")
	}
	rd := newReader(j.settings, j.users, time.Now())
	const chunkRows = 256
	recs := make([]*record, 0, chunkRows)
	var seen int64
	for {
		row, err := cr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		seen++
		if seen <= j.skip {
			continue
		}
		recs = append(recs, rd.read(row.Number, row.Line, row.Cells, row.Extra, row.Long))
		if len(recs) == chunkRows || (j.limit > 0 && int(seen) >= j.limit) {
			select {
			case out <- chunk{recs: recs}:
			case <-ctx.Done():
				return context.Cause(ctx)
			}
			recs = make([]*record, 0, chunkRows)
		}
		if j.limit > 0 && int(seen) >= j.limit {
			return nil
		}
	}
	if len(recs) > 0 {
		select {
		case out <- chunk{recs: recs}:
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
	return nil
}
