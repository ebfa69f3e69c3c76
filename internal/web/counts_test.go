package web

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/app"
	"github.com/leadport/leadport/internal/leadgen"
)

// countStream is one page watching a whole-file count.
type countStream struct {
	cancel context.CancelFunc
	sc     *bufio.Scanner
	body   interface{ Close() error }
}

func (e *env) watchCount(c *http.Client, id int64, query string) *countStream {
	e.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, e.srv.URL+pathf("/imports/%d/count?%s", id, query), nil)
	if err != nil {
		e.t.Fatal(err)
	}
	resp, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		e.t.Fatalf("count: status %d, %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	return &countStream{cancel: cancel, sc: bufio.NewScanner(resp.Body), body: resp.Body}
}

// next returns the next event.
func (s *countStream) next(t *testing.T) countEvent {
	t.Helper()
	for s.sc.Scan() {
		if data, ok := strings.CutPrefix(s.sc.Text(), "data: "); ok {
			var ev countEvent
			if err := json.Unmarshal([]byte(data), &ev); err != nil {
				t.Fatal(err)
			}
			return ev
		}
	}
	t.Fatalf("the count stream ended: %v", s.sc.Err())
	return countEvent{}
}

func (s *countStream) close() { s.cancel(); s.body.Close() }

// bigDraft uploads a generated file of n rows as a draft of u.
func (e *env) bigDraft(u *leadport.User, n int) *leadport.Import {
	e.t.Helper()
	var buf bytes.Buffer
	if err := leadgen.Write(&buf, leadgen.Options{Rows: n, Seed: 3}); err != nil {
		e.t.Fatal(err)
	}
	imp, _, err := e.app.UploadImport(context.Background(), u, "big.csv", &buf)
	if err != nil {
		e.t.Fatal(err)
	}
	return imp
}

// TestCountFollowsItsPage: a whole-file count runs in the server while a
// page watches it; a second request for the same count attaches to it; once
// every page has gone, the server stops it.
func TestCountFollowsItsPage(t *testing.T) {
	e := newEnv(t)
	e.server.counts.Grace = 50 * time.Millisecond
	d := e.addUser("dir@garage.test", leadport.RoleDirector, true)
	imp := e.bigDraft(d, 100_000)
	c := e.client(d)

	first := e.watchCount(c, imp.ID, "type=event&rule=merge")
	defer first.close()
	ev := first.next(t)
	if ev.Finished {
		t.Fatalf("the count ended at once: %+v", ev)
	}
	job := e.server.counts.Running(d)
	if job == nil {
		t.Fatal("no count is running for the director")
	}

	second := e.watchCount(c, imp.ID, "type=event&rule=merge")
	second.next(t)
	if again := e.server.counts.Running(d); again != job {
		t.Fatal("a second request for the same count started another one instead of attaching to it")
	}
	second.close()
	// One page still watches: the count goes on.
	time.Sleep(200 * time.Millisecond)
	if st := job.State(); st.Ended() {
		t.Fatalf("the count stopped while a page still watched it: %+v", st)
	}

	first.close()
	select {
	case <-job.Done():
	case <-time.After(30 * time.Second):
		t.Fatal("the count still runs 30 s after its page went away")
	}
	if st := job.State(); st.Status != app.CountCancelled {
		t.Errorf("status %q after the page went away, want %q", st.Status, app.CountCancelled)
	}
}

// TestCountOnePerUser: asking for a count with other settings stops the
// user's first one; a small file is counted to the end, with the same
// figures as the import itself.
func TestCountOnePerUser(t *testing.T) {
	e := newEnv(t)
	d := e.addUser("dir@garage.test", leadport.RoleDirector, true)
	big := e.bigDraft(d, 100_000)
	c := e.client(d)
	s1 := e.watchCount(c, big.ID, "type=event&rule=merge")
	defer s1.close()
	s1.next(t)
	job := e.server.counts.Running(d)

	small, _, err := e.app.UploadImport(context.Background(), d, "small.csv",
		strings.NewReader("Prénom,Nom,Téléphone\nÈve,Tremblay,819-555-0142\nEVE,TREMBLAY,\n,,\nMarc,Roy,514-555-0000\n"))
	if err != nil {
		t.Fatal(err)
	}
	s2 := e.watchCount(c, small.ID, "type=event&rule=merge")
	defer s2.close()
	var last countEvent
	for ev := s2.next(t); ; ev = s2.next(t) {
		if last = ev; ev.Finished {
			break
		}
	}
	// The blank line is no row; the name-only row is a lead of its own (SPEC §5).
	if last.Status != app.CountDone || last.Rows != "3" || last.Created != "3" || last.Merged != "0" || last.Failed != "0" {
		t.Errorf("small file: %+v, want done with 3 rows, 3 created, 0 merged, 0 failed", last)
	}
	select {
	case <-job.Done():
	case <-time.After(30 * time.Second):
		t.Fatal("the first count still runs after the user asked for another")
	}
	if st := job.State(); st.Status != app.CountCancelled {
		t.Errorf("first count: status %q, want %q", st.Status, app.CountCancelled)
	}
}

// TestBrowserCountStopsWhenPageLeft: in step 2 of the wizard, a director
// asks for the counts over a large file's whole; the page shows the count's
// progress from the server; when the director leaves the page, the server
// stops the count.
func TestBrowserCountStopsWhenPageLeft(t *testing.T) {
	needBrowser(t)
	e := newEnv(t)
	e.server.counts.Grace = 200 * time.Millisecond
	d := e.addUser("dir@garage.test", leadport.RoleDirector, true)
	imp := e.bigDraft(d, 100_000) // over the size whose counts run on every load
	b := e.tab(t)
	b.login(d)
	b.open(pathf("/imports/%d/setup", imp.ID))
	b.do(chromedp.Click(chromedp.ID("dryrun-link"), chromedp.NodeVisible))
	b.waitJS(`["waiting", "counting"].includes(document.getElementById("count").dataset.status) && document.getElementById("count-text").textContent !== ""`)
	job := e.server.counts.Running(d)
	if job == nil {
		t.Fatal("the page shows a count but the server runs none")
	}
	if st := job.State(); st.Ended() {
		t.Fatalf("the count ended at once: %+v", st)
	}
	b.open("/leads")
	select {
	case <-job.Done():
	case <-time.After(30 * time.Second):
		t.Fatal("the count still runs 30 s after its page was left")
	}
	if st := job.State(); st.Status != app.CountCancelled {
		t.Errorf("status %q after the page was left, want %q", st.Status, app.CountCancelled)
	}
}
