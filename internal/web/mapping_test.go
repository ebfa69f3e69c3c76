package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/leadport/leadport"
)

// TestWizardRememberedMapping: step 2 proposes the mapping saved with an
// earlier import of the same columns and says so; it can also start from
// the mapping of an earlier import of other columns.
func TestWizardRememberedMapping(t *testing.T) {
	e := newEnv(t)
	d := e.addUser("dana@garage.ca", leadport.RoleDirector, true)
	c := e.client(d)
	// The first import maps Info, a column of emails, as the work email.
	first := e.apiImport(e.token(d), "first.csv", []byte("Client,Tel,Info\nJean Côté,514-555-0101,jean@cote.ca\n"),
		map[string]string{"type": "event", "rule": "create", "map": "auto,Info=email_work"})
	e.run(d, first.ID)

	upload := func(name, content string) string {
		t.Helper()
		body, ct := uploadBody(t, name, []byte(content), map[string]string{"delimiter": "", "encoding": ""})
		req, _ := http.NewRequest("POST", e.srv.URL+"/imports/new", body)
		req.Header.Set("Content-Type", ct)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if !regexp.MustCompile(`^/imports/\d+/setup$`).MatchString(resp.Request.URL.Path) {
			t.Fatalf("after upload: %d at %s", resp.StatusCode, resp.Request.URL)
		}
		return resp.Request.URL.Path
	}
	setup := upload("second.csv", "Client,Tel,Info\nÈve Roy,514-555-0102,eve@roy.ca\n")
	_, page, _ := get(t, c, e.srv.URL+setup)
	for _, want := range []string{`id="mapping-notice">Mapped as in your import of `, "(first.csv).",
		`<select name="m2" class="map-select" id="map-2" aria-label="Info"><option value="">`, `<option value="email_work" selected>`} {
		if !strings.Contains(page, want) {
			t.Errorf("setup page of the same columns lacks %q", want)
		}
	}

	// Other columns: the suggestion, and the first import to start from.
	setup = upload("third.csv", "Ville,Info,Client,Tel\nLaval,luc@roy.ca,Luc Roy,514-555-0103\n")
	_, page, _ = get(t, c, e.srv.URL+setup)
	if strings.Contains(page, `id="mapping-notice"`) || !strings.Contains(page, `<option value="`+strconv.FormatInt(first.ID, 10)+`">`) {
		t.Fatalf("setup page of other columns: notice shown or no earlier import to start from")
	}
	q := url.Values{"from": {strconv.FormatInt(first.ID, 10)}, "apply_from": {"1"}, "m1": {"email_home"}}
	_, page, _ = get(t, c, e.srv.URL+setup+"?"+q.Encode())
	if !strings.Contains(page, `id="mapping-notice">Mapping taken from the import of `) ||
		!regexp.MustCompile(`id="map-1" aria-label="Info">.*?<option value="email_work" selected>`).MatchString(page) {
		t.Errorf("starting from import %d: no notice, or Info not the work email", first.ID)
	}
}
