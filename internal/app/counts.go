package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/csvread"
)

// Counts runs the wizard's whole-file counts: a dry run of a draft over
// its whole file, in the background of the server, watched by the page that
// asked for it.
//
// A count costs a dry run's memory and a core for as long as the file
// takes, so the server bounds them: each user has at most one count (asking
// for another, for another file or other settings, stops the first), at
// most Slots run at once on this instance (the others wait for a slot), and
// a count nobody watches any more — the page that asked for it was left or
// closed — is stopped after Grace. Asking again for the same count while it
// runs, or after it ended, attaches to it instead of starting another.
type Counts struct {
	app   *App
	Grace time.Duration

	slots chan struct{}
	mu    sync.Mutex
	jobs  map[int64]*CountJob // by user
}

// CountStatus says where a count is.
type CountStatus string

// The statuses of a count.
const (
	CountWaiting   CountStatus = "waiting"  // for a free slot
	CountCounting  CountStatus = "counting" // reading the file
	CountDone      CountStatus = "done"
	CountFailed    CountStatus = "failed"    // the file or the settings are wrong: Error says why
	CountCancelled CountStatus = "cancelled" // nobody watched it any more, or another count replaced it
)

// CountState is what a page shows of a count.
type CountState struct {
	Status   CountStatus       `json:"status"`
	Counted  int64             `json:"counted"` // rows with data counted so far
	Total    int64             `json:"total"`   // rows with data in the file; 0 until known
	Counters leadport.Counters `json:"counters"`
	Error    error             `json:"-"`
}

// Ended reports whether the count will not change any more.
func (s CountState) Ended() bool {
	return s.Status == CountDone || s.Status == CountFailed || s.Status == CountCancelled
}

// CountJob is one whole-file count.
type CountJob struct {
	key    string
	userID int64
	cancel context.CancelCauseFunc
	done   chan struct{}

	mu       sync.Mutex
	state    CountState
	watchers int
	idle     *time.Timer // stops the count when nobody has watched it for Grace
}

// State returns the count's state now.
func (j *CountJob) State() CountState {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.state
}

// Done is closed when the count has ended.
func (j *CountJob) Done() <-chan struct{} { return j.done }

func (j *CountJob) set(f func(*CountState)) {
	j.mu.Lock()
	defer j.mu.Unlock()
	f(&j.state)
}

var (
	errCountReplaced = errors.New("replaced by another count")
	errCountLeft     = errors.New("nobody watches the count any more")
)

// NewCounts returns the counts of app's instance, at most slots at once.
func NewCounts(app *App, slots int) *Counts {
	return &Counts{app: app, Grace: 3 * time.Second, slots: make(chan struct{}, max(slots, 1)), jobs: make(map[int64]*CountJob)}
}

// Watch returns the count of draft id under settings for actor, attached to
// the one already running or ended for the same draft and settings, or a
// new one. The caller must call release when it stops watching.
func (c *Counts) Watch(ctx context.Context, actor *leadport.User, id int64, s ImportSettings) (job *CountJob, release func(), err error) {
	if _, err := c.app.draft(ctx, actor, id); err != nil {
		return nil, nil, err
	}
	key := countKey(id, s)
	c.mu.Lock()
	defer c.mu.Unlock()
	job = c.jobs[actor.ID]
	if job != nil && job.key == key && job.State().Status != CountCancelled {
		job.attach()
		return job, job.detach(c.Grace), nil
	}
	if job != nil {
		job.cancel(errCountReplaced)
	}
	job = c.start(actor, id, s, key)
	c.jobs[actor.ID] = job
	job.attach()
	return job, job.detach(c.Grace), nil
}

// Running returns actor's count, if any (for tests and the pages).
func (c *Counts) Running(actor *leadport.User) *CountJob {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.jobs[actor.ID]
}

func (j *CountJob) attach() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.watchers++
	if j.idle != nil {
		j.idle.Stop()
		j.idle = nil
	}
}

func (j *CountJob) detach(grace time.Duration) func() {
	var once sync.Once
	return func() {
		once.Do(func() {
			j.mu.Lock()
			defer j.mu.Unlock()
			j.watchers--
			if j.watchers == 0 && !j.state.Ended() {
				j.idle = time.AfterFunc(grace, func() { j.cancel(errCountLeft) })
			}
		})
	}
}

func (c *Counts) start(actor *leadport.User, id int64, s ImportSettings, key string) *CountJob {
	ctx, cancel := context.WithCancelCause(context.Background())
	j := &CountJob{key: key, userID: actor.ID, cancel: cancel, done: make(chan struct{}), state: CountState{Status: CountWaiting}}
	go func() {
		defer close(j.done)
		defer cancel(nil)
		st := c.run(ctx, j, actor, id, s)
		j.set(func(s *CountState) {
			if ctx.Err() != nil {
				s.Status = CountCancelled
				return
			}
			s.Status, s.Error = CountDone, nil
			if st != nil {
				s.Status, s.Error = CountFailed, st
			}
		})
		if ctx.Err() != nil {
			c.app.Logger.Info("whole-file count stopped", "import", id, "user", actor.ID, "why", context.Cause(ctx))
		}
	}()
	return j
}

func (c *Counts) run(ctx context.Context, j *CountJob, actor *leadport.User, id int64, s ImportSettings) error {
	select {
	case c.slots <- struct{}{}:
		defer func() { <-c.slots }()
	case <-ctx.Done():
		return ctx.Err()
	}
	j.set(func(s *CountState) { s.Status = CountCounting })
	open := c.app.opener(id)
	is, err := c.app.settings(ctx, actor, open, s)
	if err != nil {
		return err
	}
	f, err := open(ctx)
	if err != nil {
		return err
	}
	total, err := csvread.Count(f, csvread.Options{Encoding: is.Encoding, Delimiter: is.Delimiter, Sheet: is.Sheet})
	f.Close()
	if err != nil {
		return FileError(err)
	}
	j.set(func(s *CountState) { s.Total = int64(total) })
	counters, err := c.app.Importer.DryRun(ctx, actor.AccountID, actor.ID, is, open, func(x leadport.Counters) {
		j.set(func(s *CountState) { s.Counted, s.Counters = x.Processed, x })
	})
	if err != nil {
		return FileError(err)
	}
	j.set(func(s *CountState) { s.Counted, s.Counters = counters.Processed, counters })
	return nil
}

// countKey names a draft under its settings: the same key, the same count.
func countKey(id int64, s ImportSettings) string {
	return fmt.Sprintf("%d|%d|%s|%s|%s|%s|%s|%s", id, s.Delimiter, s.Encoding, s.Sheet, s.Type, s.Rule, s.DateFormat,
		strings.Join(s.Mapping, ","))
}
