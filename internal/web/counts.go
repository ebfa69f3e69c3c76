package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/app"
)

// countSlots is how many whole-file counts run at once on one instance:
// each takes a core and the memory of a dry run.
const countSlots = 2

// countEvent is one progress message of a whole-file count.
type countEvent struct {
	Status   app.CountStatus `json:"status"`
	Counted  int64           `json:"counted"`
	Total    int64           `json:"total"`
	Percent  int             `json:"percent"`
	Text     string          `json:"text"` // what the page shows, in the reader's language
	Created  string          `json:"created"`
	Merged   string          `json:"merged"`
	Assoc    string          `json:"associated"`
	Failed   string          `json:"failed"`
	Notes    string          `json:"notes"`
	Rows     string          `json:"rows"`
	Error    string          `json:"error,omitempty"`
	Finished bool            `json:"finished"`
}

// countEvents streams the progress of the whole-file count of a draft
// under the settings in the query (those of step 2), as server-sent events,
// until the count ends or the page goes away. The count runs in
// app.Counts, which stops it once no page watches it.
func (s *Server) countEvents(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	id, err := pathID(r)
	if err != nil {
		return errPageNotFound
	}
	form := readSetupForm(r.URL.Query())
	opts, err := form.options()
	if err != nil {
		return err
	}
	sniff, err := s.app.Detect(r.Context(), u, id, opts)
	if err != nil {
		return err
	}
	job, release, err := s.counts.Watch(r.Context(), u, id, form.settings(sniff))
	if err != nil {
		return err
	}
	defer release()

	rc := http.NewResponseController(w)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	lc := loc{u.Locale}
	send := func() (bool, error) {
		st := job.State()
		ev := countEventOf(st, lc)
		b, err := json.Marshal(ev)
		if err != nil {
			return false, err
		}
		if _, err := fmt.Fprintf(w, "data: %s\n\n", b); err != nil {
			return false, err
		}
		return ev.Finished, rc.Flush()
	}
	tick := time.NewTicker(400 * time.Millisecond)
	defer tick.Stop()
	for {
		if end, err := send(); end || err != nil {
			return nil // the client has gone: nothing to tell it
		}
		select {
		case <-r.Context().Done():
			return nil
		case <-job.Done():
		case <-tick.C:
		}
	}
}

func countEventOf(st app.CountState, lc loc) countEvent {
	c := st.Counters
	ev := countEvent{Status: st.Status, Counted: st.Counted, Total: st.Total, Rows: lc.Num(c.Processed),
		Created: lc.Num(c.Created), Merged: lc.Num(c.Merged), Assoc: lc.Num(c.Associated), Failed: lc.Num(c.Failed),
		Notes: lc.Num(c.Notes), Finished: st.Ended()}
	if st.Total > 0 {
		ev.Percent = int(100 * st.Counted / st.Total)
	}
	switch st.Status {
	case app.CountWaiting:
		ev.Text = lc.T("count.waiting")
	case app.CountCounting:
		if st.Total == 0 {
			ev.Text = lc.T("count.reading")
		} else {
			ev.Text = fmt.Sprintf(lc.T("count.progress"), lc.Num(st.Counted), lc.Num(st.Total))
		}
	case app.CountDone:
		ev.Text = lc.T("wizard.dryrun")
	case app.CountCancelled:
		ev.Text = lc.T("count.cancelled")
	case app.CountFailed:
		ev.Error = errorMessage(st.Error, lc.locale)
		ev.Text = ev.Error
	}
	return ev
}
