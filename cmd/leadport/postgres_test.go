package main

// The tests of several instances sharing one PostgreSQL database (SPEC §6,
// §8): real `leadport work` processes, built by TestMain, claim the queued
// imports of a fresh database each, one of them is killed in the middle of
// an import, and the results are compared with those of the same files
// imported alone, and with SQLite's. They skip when storetest's
// LEADPORT_TEST_POSTGRES_URL is not set (and fail when
// LEADPORT_REQUIRE_POSTGRES=1).

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"flag"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for the statements the tests run themselves

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/app"
	"github.com/leadport/leadport/internal/leadgen"
	"github.com/leadport/leadport/internal/sqlstore"
	"github.com/leadport/leadport/internal/storetest"
)

var pgTakeoverRows = flag.Int("pg-takeover-rows", 150_000, "rows of the generated file TestPostgresTakeover imports")

// pgEnv is a new, empty PostgreSQL database for one test, dropped when it
// ends: the command runs on it in-process (cli) or as child processes, and
// the test queues imports and reads their rows through its own store.
type pgEnv struct {
	t     *testing.T
	dsn   string
	cli   *cli
	store *sqlstore.Store
	app   *app.App
}

func newPGEnv(t *testing.T) *pgEnv {
	t.Helper()
	dsn := storetest.PostgresDSN(t) // skips, or fails when PostgreSQL is required
	s, err := sqlstore.Open(context.Background(), dsn, nil)
	if err != nil {
		t.Fatalf("open the test database: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return &pgEnv{t: t, dsn: dsn, cli: newCLI(t, dsn), store: s, app: app.New(s, slog.New(slog.DiscardHandler))}
}

// account creates an account and its director p, who may import.
func (e *pgEnv) account(name string, p person) {
	e.t.Helper()
	e.cli.ok("account", "create", "--name", name)
	e.cli.addUser(name, p)
}

// queue queues an import of path by the user email, as the wizard's Save
// does: nothing runs it until a worker claims it.
func (e *pgEnv) queue(email, path string, rule leadport.Rule) int64 {
	e.t.Helper()
	ctx := context.Background()
	u, err := e.app.User(ctx, email)
	if err != nil {
		e.t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		e.t.Fatal(err)
	}
	defer f.Close()
	imp, _, err := e.app.UploadImport(ctx, u, path, f)
	if err != nil {
		e.t.Fatalf("upload %s: %v", path, err)
	}
	if _, err := e.app.StartImport(ctx, u, imp.ID, app.ImportSettings{Type: leadport.TypeEvent, Rule: rule}); err != nil {
		e.t.Fatalf("queue %s: %v", path, err)
	}
	return imp.ID
}

// imp reads an import's row.
func (e *pgEnv) imp(id int64) *leadport.Import {
	e.t.Helper()
	imp, err := e.store.Import(context.Background(), id)
	if err != nil {
		e.t.Fatalf("read import %d: %v", id, err)
	}
	return imp
}

// analyze updates the database's planner statistics, as autovacuum would
// soon after a large import. The CI server runs with autovacuum off, and on
// a leads table never analyzed PostgreSQL plans an export page as a bitmap
// scan of every lead after the page (0.5 s a page for 150,000 leads,
// against 3 ms once analyzed): the export alone would take half a minute.
func (e *pgEnv) analyze() error {
	db, err := sql.Open("pgx", e.dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.Exec("ANALYZE")
	return err
}

// pgWorker is a `leadport work --drain` child process.
type pgWorker struct {
	cmd    *exec.Cmd
	stderr bytes.Buffer // read only once exited is closed
	exited chan struct{}
	err    error // of Wait
}

// startWorker starts `leadport work --drain` on the database, with env
// added to the test's environment; it is killed when the test ends if it
// is still running.
func (e *pgEnv) startWorker(env ...string) *pgWorker {
	e.t.Helper()
	w := &pgWorker{exited: make(chan struct{})}
	w.cmd = exec.Command(binary, "--db", e.dsn, "work", "--drain")
	w.cmd.Env = append(os.Environ(), env...)
	w.cmd.Stderr = &w.stderr
	if err := w.cmd.Start(); err != nil {
		e.t.Fatal(err)
	}
	go func() {
		w.err = w.cmd.Wait()
		close(w.exited)
	}()
	e.t.Cleanup(func() {
		w.cmd.Process.Kill()
		<-w.exited
	})
	return w
}

func (w *pgWorker) pid() int { return w.cmd.Process.Pid }

// kill kills the process with SIGKILL and waits for it to be gone.
func (w *pgWorker) kill(t *testing.T) {
	t.Helper()
	if err := w.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-w.exited
}

// wait waits for the worker to exit by itself, which --drain does once no
// import is queued or running, and fails the test unless it exits cleanly.
func (w *pgWorker) wait(t *testing.T, timeout time.Duration) {
	t.Helper()
	select {
	case <-w.exited:
	case <-time.After(timeout):
		t.Fatalf("leadport work --drain (pid %d) still running after %s", w.pid(), timeout)
	}
	if w.err != nil {
		t.Fatalf("leadport work --drain (pid %d): %v\n%s", w.pid(), w.err, w.stderr.String())
	}
}

// pidOf returns the process ID in a worker's name (importer.NewWorker:
// host-pid-n; the host may hold dashes).
func pidOf(t *testing.T, worker string) int {
	t.Helper()
	parts := strings.Split(worker, "-")
	if len(parts) >= 3 {
		if pid, err := strconv.Atoi(parts[len(parts)-2]); err == nil {
			return pid
		}
	}
	t.Fatalf("worker name %q does not hold a process ID", worker)
	return 0
}

// countersOf returns an import's six counters.
func countersOf(imp *leadport.Import) counters {
	return counters{imp.Processed, imp.Created, imp.Merged, imp.Associated, imp.Failed, imp.Notes}
}

// writeLeadgen writes a generated lead file in a temporary folder.
func writeLeadgen(t *testing.T, name string, o leadgen.Options) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := leadgen.Write(f, o); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// exportLines reads `leads export --format jsonl` with the fields strip
// applies to each lead cleared, one line per lead, as the command prints
// it (same encoder settings), in export order. It may run on another
// goroutine than the test's: a line it cannot read fails the test and ends
// the list there.
func exportLines(t *testing.T, export string, strip func(*app.ExportedLead)) []string {
	t.Helper()
	var lines []string
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	sc := bufio.NewScanner(strings.NewReader(export))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var l app.ExportedLead
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Errorf("export line %.200q: %v", sc.Text(), err)
			return lines
		}
		strip(&l)
		buf.Reset()
		enc.Encode(&l) // cannot fail: it was just decoded
		lines = append(lines, strings.TrimSuffix(buf.String(), "\n"))
	}
	if err := sc.Err(); err != nil {
		t.Errorf("read the export: %v", err)
	}
	return lines
}

// uploadTimes maps each import's ID to its upload time as a lead's
// created_at: the "time of import" that rows without a creation date get
// (SPEC §3), the same when an import resumes, different in another run.
type uploadTimes map[int64]string

// importTimes returns the upload times of the imports of an account.
func importTimes(t *testing.T, s leadport.Store, account string) uploadTimes {
	t.Helper()
	ctx := context.Background()
	acc, err := s.AccountByName(ctx, account)
	if err != nil {
		t.Fatal(err)
	}
	imps, err := s.ListImports(ctx, acc.ID)
	if err != nil {
		t.Fatal(err)
	}
	times := uploadTimes{}
	for _, imp := range imps {
		times[imp.ID] = imp.CreatedAt.UTC().Format("2006-01-02T15:04:05Z")
	}
	return times
}

// sqliteImportTimes is importTimes of a SQLite database file.
func sqliteImportTimes(t *testing.T, path, account string) uploadTimes {
	t.Helper()
	s, err := sqlstore.Open(context.Background(), path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	return importTimes(t, s, account)
}

// strip clears what two runs of the same imports write differently even
// when lead IDs are allocated alike: the times of updates and notes, and
// the time of import.
func (u uploadTimes) strip(l *app.ExportedLead) {
	l.UpdatedAt = time.Time{}
	for i := range l.Notes {
		l.Notes[i].CreatedAt = time.Time{}
		// A note that keeps a value aside names the card's value, which
		// may be a time of import ("the card already had 2026-…Z").
		for _, at := range u {
			l.Notes[i].Body = strings.ReplaceAll(l.Notes[i].Body, at, "(time of import)")
		}
	}
	if l.ImportID != nil && l.CreatedAt == u[*l.ImportID] {
		l.CreatedAt = "(time of import)"
	}
}

// contentLines returns an export compared on content, for two databases
// whose lead IDs differ (an import that was taken over resumes with a new
// block of IDs): each lead without its ID, import ID and times, followed by
// the leads it is associated with, each named by a hash of its content;
// sorted.
func contentLines(t *testing.T, export string, times uploadTimes) []string {
	t.Helper()
	var ids []int64
	var assoc [][]int64
	lines := exportLines(t, export, func(l *app.ExportedLead) {
		ids = append(ids, l.ID)
		assoc = append(assoc, l.Associated)
		times.strip(l)
		l.ID, l.Associated, l.ImportID = 0, nil, nil
	})
	name := make(map[int64]string, len(lines))
	for i, line := range lines {
		sum := sha256.Sum256([]byte(line))
		name[ids[i]] = hex.EncodeToString(sum[:8])
	}
	for i := range lines {
		var with []string
		for _, id := range assoc[i] {
			n, ok := name[id]
			if !ok {
				n = "missing lead " + strconv.FormatInt(id, 10)
			}
			with = append(with, n)
		}
		slices.Sort(with)
		lines[i] += " associated with " + strings.Join(with, ",")
	}
	slices.Sort(lines)
	return lines
}

// compareLines reports the lines that differ between want and got, a few
// at most.
func compareLines(t *testing.T, what string, want, got []string) {
	t.Helper()
	if len(want) != len(got) {
		t.Errorf("%s: %d leads, want %d", what, len(got), len(want))
	}
	shown := 0
	for i := range min(len(want), len(got)) {
		if want[i] != got[i] {
			if shown++; shown <= 3 {
				t.Errorf("%s: line %d differs:\ngot  %.1500s\nwant %.1500s", what, i+1, got[i], want[i])
			}
		}
	}
	if shown > 3 {
		t.Errorf("%s: %d lines differ in all", what, shown)
	}
}

// TestPostgresTakeover kills the `leadport work` process running an import
// in the middle of a large file; the other process on the same database
// takes it over once its lease has expired and finishes it, with the result
// of an uninterrupted import of the same file: no row lost, none applied
// twice (SPEC §6, §8).
func TestPostgresTakeover(t *testing.T) {
	if testing.Short() {
		t.Skip("imports a large file twice")
	}
	t.Parallel()
	begin := time.Now()
	e, ref := newPGEnv(t), newPGEnv(t)
	file := writeLeadgen(t, "leads.csv", leadgen.Options{Rows: *pgTakeoverRows, Seed: 7, Dirty: true})
	e.account("Garage Test", owner)
	ref.account("Garage Test", owner)

	// The uninterrupted import, and its export, into a database of its
	// own, meanwhile.
	type run struct{ imp, export result }
	reference := make(chan run, 1)
	go func() {
		start := time.Now()
		var r run
		r.imp = ref.cli.run("", "import", "--as", owner.email, "--file", file, "--type", "event", "--rule", "merge", "--json")
		t.Logf("the uninterrupted import took %s", time.Since(start).Round(time.Millisecond))
		if err := ref.analyze(); err != nil {
			r.export = result{code: 1, stderr: err.Error()}
		} else {
			r.export = ref.cli.run("", "leads", "export", "--as", owner.email, "--format", "jsonl")
		}
		reference <- r
	}()

	id := e.queue(owner.email, file, leadport.RuleMerge)
	a, b := e.startWorker("LEADPORT_LEASE=2s"), e.startWorker("LEADPORT_LEASE=2s")
	var running *leadport.Import
	// Killed two thirds of the way through, so that what is left takes well
	// under 30 s even on a loaded machine.
	waitFor(t, 90*time.Second, "a worker to be two thirds of the way through", func() bool {
		running = e.imp(id)
		return running.Status != leadport.StatusQueued && (running.Status != leadport.StatusRunning || running.Processed >= running.Total*2/3)
	})
	if running.Status != leadport.StatusRunning {
		t.Fatalf("import %d is %s (%s) before it could be killed", id, running.Status, running.Error)
	}
	victim, survivor := a, b
	switch pidOf(t, running.Worker) {
	case a.pid():
	case b.pid():
		victim, survivor = b, a
	default:
		t.Fatalf("import %d is run by %q, neither of the workers (pids %d, %d)", id, running.Worker, a.pid(), b.pid())
	}
	victim.kill(t)
	killed := time.Now()
	at := e.imp(id)
	if at.Status != leadport.StatusRunning || at.Processed >= at.Total {
		t.Fatalf("after the kill: %s, %d of %d rows; want running, unfinished (raise -pg-takeover-rows)", at.Status, at.Processed, at.Total)
	}
	t.Logf("killed worker pid %d at %d of %d rows, %s after the start", victim.pid(), at.Processed, at.Total, time.Since(begin).Round(time.Millisecond))

	var takenOver time.Duration
	waitFor(t, 30*time.Second, "the other worker to take the import over and finish it", func() bool {
		imp := e.imp(id)
		if takenOver == 0 && imp.Worker != running.Worker {
			takenOver = time.Since(killed)
		}
		return imp.Status != leadport.StatusRunning
	})
	t.Logf("taken over %s after the kill, finished %s after it", takenOver.Round(time.Millisecond), time.Since(killed).Round(time.Millisecond))
	got := e.imp(id)
	if got.Status != leadport.StatusFinished || got.Processed != got.Total {
		t.Fatalf("import %d: %s (%s), %d of %d rows; want finished", id, got.Status, got.Error, got.Processed, got.Total)
	}
	if pid := pidOf(t, got.Worker); pid != survivor.pid() {
		t.Errorf("import %d finished by pid %d, want the other worker, pid %d", id, pid, survivor.pid())
	}
	survivor.wait(t, 15*time.Second)
	start := time.Now()
	if err := e.analyze(); err != nil {
		t.Fatal(err)
	}
	gotExport := e.cli.ok("leads", "export", "--as", owner.email, "--format", "jsonl")
	t.Logf("the export took %s", time.Since(start).Round(time.Millisecond))

	// It resumed from the last batch the killed worker committed.
	if m := regexp.MustCompile(`msg="import started" import=` + strconv.FormatInt(id, 10) + ` .*from_row=(\d+)`).FindStringSubmatch(survivor.stderr.String()); m == nil {
		t.Errorf("the other worker did not log that it started import %d:\n%s", id, survivor.stderr.String())
	} else if from, _ := strconv.ParseInt(m[1], 10, 64); from < at.Processed || from >= at.Total {
		t.Errorf("the other worker started import %d from row %d; want the %d rows applied before the kill skipped", id, from, at.Processed)
	}

	start = time.Now()
	r := <-reference
	if r.imp.code != 0 || r.export.code != 0 {
		t.Fatalf("the uninterrupted import: %s%s", r.imp.stderr, r.export.stderr)
	}
	if want := decodeSummary(t, r.imp.stdout).counters(); countersOf(got) != want {
		t.Errorf("counters after the takeover %+v, uninterrupted %+v", countersOf(got), want)
	}
	wantTimes, gotTimes := importTimes(t, ref.store, "Garage Test"), importTimes(t, e.store, "Garage Test")
	wantLines := make(chan []string, 1)
	go func() { wantLines <- contentLines(t, r.export.stdout, wantTimes) }()
	gotLines := contentLines(t, gotExport, gotTimes)
	compareLines(t, "leads after the takeover, compared with an uninterrupted import", <-wantLines, gotLines)
	t.Logf("the comparison took %s", time.Since(start).Round(time.Millisecond))
}

// TestPostgresAccountsInParallel runs the imports of two accounts at the
// same time in two `leadport work` processes; each ends exactly as if its
// file had been imported alone (SPEC §6: imports of different accounts run
// in parallel).
func TestPostgresAccountsInParallel(t *testing.T) {
	t.Parallel()
	e := newPGEnv(t)
	e.account("Garage Test", owner)
	e.account("Autre Garage", outsider)
	fileX := writeLeadgen(t, "garage.csv", leadgen.Options{Rows: 15_000, Seed: 11})
	fileY := writeLeadgen(t, "autre.csv", leadgen.Options{Rows: 15_000, Seed: 12, Dirty: true})

	// Each file alone, in an account of its own (in SQLite: both stores give
	// the same counters, which TestPostgresSameResultsAsSQLite checks).
	alone := make(chan [2]result, 1)
	go func() {
		c := newCLI(t, filepath.Join(t.TempDir(), "alone.db"))
		c.ok("account", "create", "--name", "X")
		c.ok("account", "create", "--name", "Y")
		c.addUser("X", owner)
		c.addUser("Y", outsider)
		alone <- [2]result{
			c.run("", "import", "--as", owner.email, "--file", fileX, "--type", "event", "--rule", "merge", "--json"),
			c.run("", "import", "--as", outsider.email, "--file", fileY, "--type", "event", "--rule", "merge", "--json"),
		}
	}()

	// Worker A claims X's import; it is paused while Y's is queued, so that
	// B, not A's free slot, claims that one (each worker runs two imports
	// at once: left alone, the first to start would take both).
	x := e.queue(owner.email, fileX, leadport.RuleMerge)
	a := e.startWorker()
	waitFor(t, 30*time.Second, "worker A to claim the first account's import", func() bool { return e.imp(x).Status == leadport.StatusRunning })
	if err := a.cmd.Process.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	y := e.queue(outsider.email, fileY, leadport.RuleMerge)
	b := e.startWorker()
	waitFor(t, 30*time.Second, "worker B to claim the second account's import", func() bool { return e.imp(y).Status == leadport.StatusRunning })
	if err := a.cmd.Process.Signal(syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
	a.wait(t, 60*time.Second)
	b.wait(t, 60*time.Second)

	impX, impY := e.imp(x), e.imp(y)
	results := <-alone
	for i, c := range []struct {
		imp    *leadport.Import
		worker *pgWorker
		alone  result
	}{{impX, a, results[0]}, {impY, b, results[1]}} {
		if c.alone.code != 0 {
			t.Fatalf("import alone: %s", c.alone.stderr)
		}
		if c.imp.Status != leadport.StatusFinished {
			t.Errorf("import %d: %s (%s), want finished", c.imp.ID, c.imp.Status, c.imp.Error)
		}
		if want := decodeSummary(t, c.alone.stdout).counters(); countersOf(c.imp) != want {
			t.Errorf("import %d (account %d): counters %+v, alone %+v", c.imp.ID, i+1, countersOf(c.imp), want)
		}
		if pid := pidOf(t, c.imp.Worker); pid != c.worker.pid() {
			t.Errorf("import %d ran in pid %d, want %d", c.imp.ID, pid, c.worker.pid())
		}
	}
	if impX.StartedAt == nil || impX.FinishedAt == nil || impY.StartedAt == nil || impY.FinishedAt == nil {
		t.Fatalf("times missing: %+v %+v", impX, impY)
	}
	from, to := maxTime(*impX.StartedAt, *impY.StartedAt), minTime(*impX.FinishedAt, *impY.FinishedAt)
	if !from.Before(to) {
		t.Errorf("the imports did not run at the same time: %s–%s and %s–%s",
			impX.StartedAt.Format(time.StampMicro), impX.FinishedAt.Format(time.StampMicro),
			impY.StartedAt.Format(time.StampMicro), impY.FinishedAt.Format(time.StampMicro))
	}
	t.Logf("import %d ran %s in pid %d, import %d ran %s in pid %d, both at once for %s",
		x, impX.FinishedAt.Sub(*impX.StartedAt).Round(time.Millisecond), a.pid(),
		y, impY.FinishedAt.Sub(*impY.StartedAt).Round(time.Millisecond), b.pid(), to.Sub(from).Round(time.Millisecond))
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// TestPostgresSameAccountInOrder queues two imports of one account for two
// `leadport work` processes: the second starts only once the first has
// finished, and its Merge finds the leads the first created (SPEC §6: two
// imports of the same account never interleave).
func TestPostgresSameAccountInOrder(t *testing.T) {
	t.Parallel()
	e := newPGEnv(t)
	e.account("Garage Test", owner)
	base := leadgen.Options{Rows: 15_000, Seed: 21, Dirty: true}
	more := leadgen.Options{Rows: 8_000, Seed: 21, Dirty: true, Existing: base.Rows, MatchRate: 0.36}
	first, second := writeLeadgen(t, "base.csv", base), writeLeadgen(t, "more.csv", more)

	// The same two imports one after the other, in SQLite.
	sequential := make(chan [3]result, 1)
	seqDB := filepath.Join(t.TempDir(), "sequential.db")
	go func() {
		c := newCLI(t, seqDB)
		c.ok("account", "create", "--name", "Garage Test")
		c.addUser("Garage Test", owner)
		sequential <- [3]result{
			c.run("", "import", "--as", owner.email, "--file", first, "--type", "event", "--rule", "create", "--json"),
			c.run("", "import", "--as", owner.email, "--file", second, "--type", "event", "--rule", "merge", "--json"),
			c.run("", "leads", "export", "--as", owner.email, "--format", "jsonl"),
		}
	}()

	id1 := e.queue(owner.email, first, leadport.RuleCreate)
	id2 := e.queue(owner.email, second, leadport.RuleMerge)
	a, b := e.startWorker(), e.startWorker()
	a.wait(t, 60*time.Second)
	b.wait(t, 60*time.Second)
	imp1, imp2 := e.imp(id1), e.imp(id2)
	if imp1.Status != leadport.StatusFinished || imp2.Status != leadport.StatusFinished {
		t.Fatalf("imports: %s (%s) and %s (%s), want both finished", imp1.Status, imp1.Error, imp2.Status, imp2.Error)
	}
	if imp2.StartedAt.Before(*imp1.FinishedAt) {
		t.Errorf("import %d started at %s, before import %d of the same account finished at %s",
			id2, imp2.StartedAt.Format(time.StampMicro), id1, imp1.FinishedAt.Format(time.StampMicro))
	}
	t.Logf("import %d ran in pid %d until %s; import %d ran in pid %d from %s", id1, pidOf(t, imp1.Worker),
		imp1.FinishedAt.Format(time.StampMicro), id2, pidOf(t, imp2.Worker), imp2.StartedAt.Format(time.StampMicro))

	seq := <-sequential
	for i, r := range seq {
		if r.code != 0 {
			t.Fatalf("sequential run, step %d: %s", i+1, r.stderr)
		}
	}
	for i, imp := range []*leadport.Import{imp1, imp2} {
		if want := decodeSummary(t, seq[i].stdout).counters(); countersOf(imp) != want {
			t.Errorf("import %d: counters %+v, one after the other %+v", imp.ID, countersOf(imp), want)
		}
	}
	if exp, err := leadgen.Expect(more); err != nil {
		t.Fatal(err)
	} else if imp2.Merged < int64(exp.BaseMatches) {
		t.Errorf("import %d merged %d rows; its file has %d rows of customers of the first import", id2, imp2.Merged, exp.BaseMatches)
	}
	got := exportLines(t, e.cli.ok("leads", "export", "--as", owner.email, "--format", "jsonl"), importTimes(t, e.store, "Garage Test").strip)
	want := exportLines(t, seq[2].stdout, sqliteImportTimes(t, seqDB, "Garage Test").strip)
	compareLines(t, "leads compared with the same imports one after the other", want, got)
}

// TestPostgresInterruptedImportFirst: an account's interrupted import (its
// worker's lease expired) whose row another transaction holds locked (its
// slow worker committing a batch) must still keep a worker from starting
// the account's next import, or the two would interleave. PostgreSQL's
// claim skips locked rows, which once hid it.
func TestPostgresInterruptedImportFirst(t *testing.T) {
	t.Parallel()
	e := newPGEnv(t)
	e.account("Garage Test", owner)
	file := writeFile(t, "one.csv", "First name,Last name,Phone\nLuc,Martin,418-555-0177\n")
	id1 := e.queue(owner.email, file, leadport.RuleCreate)
	e.queue(owner.email, file, leadport.RuleCreate)
	ctx := context.Background()
	if imp, err := e.store.ClaimImport(ctx, "slow", time.Millisecond); err != nil || imp == nil || imp.ID != id1 {
		t.Fatalf("ClaimImport = %v, %v; want import %d", imp, err, id1)
	}
	time.Sleep(10 * time.Millisecond) // its lease expires

	db, err := sql.Open("pgx", e.dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "SELECT 1 FROM imports WHERE id = $1 FOR UPDATE", id1); err != nil {
		t.Fatal(err)
	}
	if imp, err := e.store.ClaimImport(ctx, "other", time.Minute); err != nil {
		t.Fatal(err)
	} else if imp != nil {
		t.Fatalf("ClaimImport claimed import %d while import %d of the same account is interrupted; want nothing", imp.ID, id1)
	}
	tx.Rollback()
	if imp, err := e.store.ClaimImport(ctx, "other", time.Minute); err != nil || imp == nil || imp.ID != id1 {
		t.Fatalf("ClaimImport once unlocked = %v, %v; want import %d taken over", imp, err, id1)
	}
}

// TestPostgresSameResultsAsSQLite imports the same files, under Create then
// under Merge, into SQLite and into PostgreSQL: every import's counters are
// the same, and so is the export byte for byte but for the times (lead IDs
// are allocated alike on both).
func TestPostgresSameResultsAsSQLite(t *testing.T) {
	t.Parallel()
	pg := newPGEnv(t)
	files := []string{
		testdata("first_import.csv"), testdata("update.csv"), testdata("base.csv"), testdata("blank_lines.csv"),
		testdata("latin1.csv"),
		filepath.Join("..", "..", "internal", "importer", "testdata", "dealer_export.csv"),
		filepath.Join("..", "..", "internal", "importer", "testdata", "french_semicolon.csv"),
		writeLeadgen(t, "dirty.csv", leadgen.Options{Rows: 3_000, Seed: 31, Dirty: true}),
	}
	type outcome struct {
		counters []counters
		export   string
	}
	importAll := func(c *cli) (out outcome) {
		c.t.Helper()
		c.ok("account", "create", "--name", "Garage Test")
		c.addUser("Garage Test", owner)
		for _, rule := range []string{"create", "merge"} {
			for _, f := range files {
				out.counters = append(out.counters, c.importJSON(owner.email, f, rule).counters())
			}
		}
		out.export = c.ok("leads", "export", "--as", owner.email, "--format", "jsonl")
		return out
	}
	start := time.Now()
	liteDB := filepath.Join(t.TempDir(), "leadport.db")
	lite := importAll(newCLI(t, liteDB))
	t.Logf("SQLite: %s", time.Since(start).Round(time.Millisecond))
	start = time.Now()
	post := importAll(pg.cli)
	t.Logf("PostgreSQL: %s", time.Since(start).Round(time.Millisecond))

	for i := range lite.counters {
		rule := []string{"create", "merge"}[i/len(files)]
		if lite.counters[i] != post.counters[i] {
			t.Errorf("%s under %s: PostgreSQL %+v, SQLite %+v", filepath.Base(files[i%len(files)]), rule, post.counters[i], lite.counters[i])
		}
	}
	compareLines(t, "PostgreSQL's export compared with SQLite's",
		exportLines(t, lite.export, sqliteImportTimes(t, liteDB, "Garage Test").strip),
		exportLines(t, post.export, importTimes(t, pg.store, "Garage Test").strip))
}

// TestPostgresHeartbeatDuringLastBatch runs imports the way `leadport
// import` does, with a heartbeat every millisecond, so that heartbeats wait
// on the import's row while the last batch commits, then find the import
// finished: the run must still succeed. It once said "another worker has
// taken over this import" for an import that had finished.
func TestPostgresHeartbeatDuringLastBatch(t *testing.T) {
	t.Parallel()
	e := newPGEnv(t)
	e.account("Garage Test", owner)
	e.app.Importer.Heartbeat = time.Millisecond
	file := writeLeadgen(t, "leads.csv", leadgen.Options{Rows: 2_000, Seed: 41, Dirty: true})
	ctx := context.Background()
	u, err := e.app.User(ctx, owner.email)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		id := e.queue(owner.email, file, leadport.RuleMerge)
		imp, err := e.app.RunNow(ctx, u, id, nil)
		if err != nil {
			t.Fatalf("import %d (run %d): %v; the import is %s", id, i+1, err, e.imp(id).Status)
		}
		if imp.Status != leadport.StatusFinished {
			t.Fatalf("import %d: %s, want finished", id, imp.Status)
		}
	}
}
