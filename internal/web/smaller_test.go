package web

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/leadport/leadport"
)

// uploadPage uploads a file through step 1 of the wizard as c and returns
// the address of its step 2.
func (e *env) uploadPage(c *http.Client, name, file string) string {
	e.t.Helper()
	body, ct := uploadBody(e.t, name, []byte(file), map[string]string{"delimiter": "", "encoding": ""})
	req, _ := http.NewRequest("POST", e.srv.URL+"/imports/new", body)
	req.Header.Set("Content-Type", ct)
	resp, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	if !regexp.MustCompile(`^/imports/\d+/setup$`).MatchString(resp.Request.URL.Path) {
		e.t.Fatalf("after upload: %d at %s", resp.StatusCode, resp.Request.URL)
	}
	return resp.Request.URL.Path
}

func TestAdminSeesImportModule(t *testing.T) {
	e := newEnv(t)
	admin := e.addUser("ines@garage.ca", leadport.RoleAdmin, false)
	d := e.addUser("dana@garage.ca", leadport.RoleDirector, true)
	e.importCSV(d, sampleCSV)
	c := e.client(admin)
	_, body, _ := get(t, c, e.srv.URL+"/leads")
	if !strings.Contains(body, `href="/imports"`) {
		t.Error("the admin's navigation has no Import link")
	}
	status, body, _ := get(t, c, e.srv.URL+"/imports")
	if status != http.StatusOK || !strings.Contains(body, "leads.csv") {
		t.Errorf("the admin's Import module: %d", status)
	}
	if strings.Contains(body, `id="new-import"`) {
		t.Error("the admin, who may not import, is offered New import")
	}
	if status, _, _ := get(t, c, e.srv.URL+"/imports/new"); status != http.StatusForbidden {
		t.Errorf("the admin opens the wizard: %d", status)
	}
}

func TestFormatsWindowSaysNameOnlyRowsBecomeLeads(t *testing.T) {
	e := newEnv(t)
	d := e.addUser("dana@garage.ca", leadport.RoleDirector, true)
	c := e.client(d)
	_, body, _ := get(t, c, e.srv.URL+"/imports/new")
	if !strings.Contains(body, "A row with a name alone, a phone alone or an email alone becomes a customer card.") {
		t.Error("the formats window does not say that a row with a name alone becomes a lead")
	}
	d.Locale = "fr"
	if err := e.app.Store.UpdateUser(t.Context(), d); err != nil {
		t.Fatal(err)
	}
	_, body, _ = get(t, e.client(d), e.srv.URL+"/imports/new")
	if !strings.Contains(body, "Une ligne avec un nom seul") {
		t.Error("the French formats window does not say it")
	}
}

// TestQueuedBannerAndDrafts: "… is queued" is not shown once the import
// has finished; a discarded draft's number is not given again; unsaved
// drafts are listed to their owner only, who can continue or discard them.
func TestQueuedBannerAndDrafts(t *testing.T) {
	e := newEnv(t)
	d := e.addUser("dana@garage.ca", leadport.RoleDirector, true)
	other := e.addUser("olga@garage.ca", leadport.RoleDirector, true)
	c := e.client(d)

	setup := e.uploadPage(c, "salon.csv", sampleCSV)
	_, page, _ := get(t, c, e.srv.URL+setup)
	q := url.Values{"delimiter": {","}, "encoding": {"utf-8"}, "type": {"event"}, "rule": {"merge"},
		"m0": {"first_name"}, "m1": {"last_name"}, "m2": {"phone_mobile"}, "m3": {"email_home"}, "m4": {"city"}, "sig": {headerSigOf(t, page)}}
	// Saved, then finished before the Import module is shown: no banner
	// saying it is queued. (On a page already shown, app.js removes it.)
	noFollow := *c
	noFollow.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := noFollow.PostForm(e.srv.URL+strings.Replace(setup, "/setup", "/start", 1), q)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/imports" {
		t.Fatalf("start: %d to %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	imps, _ := e.app.ListImports(t.Context(), d)
	if len(imps) != 1 {
		t.Fatalf("%d imports", len(imps))
	}
	e.run(d, imps[0].ID)
	_, body, _ := get(t, c, e.srv.URL+"/imports")
	if strings.Contains(body, "is queued") {
		t.Error("the Import module says the finished import is queued")
	}

	// Two drafts; the last one discarded: the next upload has a new number.
	first := e.uploadPage(c, "first.csv", sampleCSV)
	second := e.uploadPage(c, "second.csv", sampleCSV)
	_, body, _ = get(t, c, e.srv.URL+"/imports")
	for _, want := range []string{`id="drafts"`, "first.csv", "second.csv", `href="` + first + `"`, `href="` + second + `"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the Import module lacks %q", want)
		}
	}
	_, body, _ = get(t, e.client(other), e.srv.URL+"/imports")
	if strings.Contains(body, "first.csv") || strings.Contains(body, `id="drafts"`) {
		t.Error("another director sees Dana's drafts")
	}
	resp, err = c.PostForm(e.srv.URL+strings.Replace(second, "/setup", "/discard", 1), url.Values{"next": {"/imports"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request.URL.Path != "/imports" {
		t.Errorf("discard from the list: at %s", resp.Request.URL)
	}
	third := e.uploadPage(c, "third.csv", sampleCSV)
	if third == second {
		t.Errorf("the discarded draft's number came back: %s", third)
	}
	_, body, _ = get(t, c, e.srv.URL+"/imports")
	if strings.Contains(body, "second.csv") || !strings.Contains(body, "third.csv") {
		t.Error("the drafts list is not up to date after a discard")
	}
}

func TestTokenPageHasCopyButton(t *testing.T) {
	e := newEnv(t)
	d := e.addUser("dana@garage.ca", leadport.RoleDirector, true)
	c := e.client(d)
	resp, err := c.PostForm(e.srv.URL+"/tokens", url.Values{"name": {"DMS"}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	body := string(b)
	if !strings.Contains(body, `id="token-secret">lp_`) || !strings.Contains(body, `data-copy="token-secret"`) {
		t.Error("the new token has no copy button")
	}
}

// TestAPILeadsListIsWhole: the API's list gives each lead's real vehicles
// and notes, as the card does.
func TestAPILeadsListIsWhole(t *testing.T) {
	e := newEnv(t)
	d := e.addUser("dana@garage.ca", leadport.RoleDirector, true)
	e.importCSV(d, "Name,Phone,Trade make,Trade year,Note,Birth date\nJean Côté,514-555-0101,Honda,2017,Called back,1980-02-30\n")
	status, body := e.do(nil, "GET", "/api/leads", e.token(d), nil, "")
	if status != http.StatusOK {
		t.Fatalf("GET /api/leads: %d %s", status, body)
	}
	type lead struct {
		Vehicles []struct{ Make, Year string }
		Notes    []struct{ Body string }
	}
	got := decodeJSON[struct{ Leads []lead }](t, body)
	if len(got.Leads) != 1 {
		t.Fatalf("%d leads", len(got.Leads))
	}
	l := got.Leads[0]
	if len(l.Vehicles) != 1 || l.Vehicles[0].Make != "Honda" || l.Vehicles[0].Year != "2017" {
		t.Errorf("vehicles = %+v", l.Vehicles)
	}
	var notes []string
	for _, n := range l.Notes {
		notes = append(notes, n.Body)
	}
	if len(notes) != 2 || notes[0] != "Called back" || !strings.HasPrefix(notes[1], "[import] Birth date: 1980-02-30") {
		t.Errorf("notes = %q", notes)
	}
}
