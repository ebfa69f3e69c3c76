package importer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/leadport/leadport"
)

// Worker claims queued and interrupted imports and runs them (SPEC §6): the
// imports table is the queue. Several workers, in one process or many, can
// share a database.
type Worker struct {
	Importer *Importer
	Name     string        // identifies the worker in leases; unique per process
	Poll     time.Duration // how often to look for work
	Slots    int           // imports run at once (of different accounts)

	mu      sync.Mutex
	running map[int64]bool // imports this worker is running
}

// NewWorker returns a worker named after the host and process.
func NewWorker(im *Importer) *Worker {
	host, _ := os.Hostname()
	return &Worker{Importer: im, Name: fmt.Sprintf("%s-%d-%d", host, os.Getpid(), time.Now().UnixNano()%1e6),
		Poll: time.Second, Slots: 2}
}

// Run works until ctx is done. With drain, it returns once no import is
// queued or running anywhere (an import whose worker died is waited for
// until its lease expires, then taken over).
func (w *Worker) Run(ctx context.Context, drain bool) error {
	var wg sync.WaitGroup
	defer wg.Wait()
	slots := make(chan struct{}, max(w.Slots, 1))
	for {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			return nil
		}
		imp, err := w.Importer.Store.ClaimImport(ctx, w.Name, w.Importer.Lease)
		if err != nil && ctx.Err() == nil {
			w.Importer.Logger.Error("claim an import", "err", err)
		}
		// The store may give back an import this worker is running already:
		// its lease lapsed because a slow commit held up the heartbeat, and
		// the claim, under the same name, renewed it. Running it a second
		// time would apply its rows twice (the store's lease check cannot
		// tell two runs of one worker apart), so the run under way goes on.
		if imp != nil && w.begin(imp.ID) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() { <-slots }()
				defer w.end(imp.ID)
				w.RunClaimed(ctx, imp, nil)
			}()
			continue
		}
		<-slots
		if drain && len(slots) == 0 {
			n, err := w.Importer.Store.CountUnfinished(ctx)
			if err == nil && n == 0 {
				return nil
			}
		}
		select {
		case <-time.After(w.Poll):
		case <-ctx.Done():
			return nil
		}
	}
}

// begin records that the worker runs import id, unless it already does.
func (w *Worker) begin(id int64) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.running[id] {
		return false
	}
	if w.running == nil {
		w.running = make(map[int64]bool)
	}
	w.running[id] = true
	return true
}

func (w *Worker) end(id int64) {
	w.mu.Lock()
	defer w.mu.Unlock()
	delete(w.running, id)
}

// RunClaimed runs an import this worker has claimed. An error that retrying
// will not fix marks the import failed; a lost lease or a stop leaves it for
// another worker to resume.
func (w *Worker) RunClaimed(ctx context.Context, imp *leadport.Import, progress func(leadport.Counters)) error {
	log := w.Importer.Logger.With("import", imp.ID, "worker", w.Name)
	log.Info("import started", "from_row", imp.Processed)
	err := w.Importer.Run(ctx, imp, w.Name, progress)
	switch {
	case err == nil:
		log.Info("import finished")
	case errors.Is(err, leadport.ErrLeaseLost):
		log.Warn("import taken over by another worker")
	case ctx.Err() != nil:
		log.Info("import paused: it resumes when a worker starts")
	default:
		log.Error("import failed", "err", err)
		msg := leadport.ErrorMessage(err)
		if ferr := w.Importer.Store.FailImport(context.WithoutCancel(ctx), imp.ID, w.Name, msg); ferr != nil {
			log.Error("mark the import failed", "err", ferr)
		}
	}
	return err
}
