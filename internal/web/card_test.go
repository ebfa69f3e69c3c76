package web

import (
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/leadport/leadport"
)

// cardFixture imports Jean-François Côté, then a Merge that keeps a city
// aside and brings a bad phone, and returns the lead's ID.
func cardFixture(t *testing.T, e *env, d *leadport.User) int64 {
	t.Helper()
	first := e.importCSV(d, "Name,Phone,Email,City\nJean-François Côté,514-555-0101,jf.cote@videotron.ca,Montréal\n")
	e.app.FinalizeImport(t.Context(), d, first.ID)
	second := e.importCSV(d, "Name,Email,City,Work phone\nJean-François Côté,jf.cote@videotron.ca,Laval,555-12\n")
	e.app.FinalizeImport(t.Context(), d, second.ID)
	leads, _, err := e.app.SearchLeads(t.Context(), d, appQuery(first.ID))
	if err != nil || len(leads) != 1 {
		t.Fatalf("%d leads, %v", len(leads), err)
	}
	return leads[0].ID
}

func postForm(t *testing.T, c *http.Client, u string, v url.Values) (int, string, *http.Response) {
	t.Helper()
	resp, err := c.PostForm(u, v)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp
}

// formValues returns the inputs of the page's edit form as it would send them.
func formValues(t *testing.T, page string) url.Values {
	t.Helper()
	v := url.Values{}
	for _, m := range regexp.MustCompile(`<input (?:type="hidden" )?name="([^"]+)" value="([^"]*)"`).FindAllStringSubmatch(page, -1) {
		v.Set(m[1], htmlUnescape(m[2]))
	}
	for _, m := range regexp.MustCompile(`(?s)<textarea name="([^"]+)" rows="\d+">(.*?)</textarea>`).FindAllStringSubmatch(page, -1) {
		v.Set(m[1], htmlUnescape(m[2]))
	}
	if v.Get("seen") == "" {
		t.Fatalf("no edit form on the page")
	}
	return v
}

func TestCardShowsWhyAndWhichImports(t *testing.T) {
	e := newEnv(t)
	d := e.addUser("dana@garage.ca", leadport.RoleDirector, true)
	id := cardFixture(t, e, d)
	_, body, _ := get(t, e.client(d), e.srv.URL+pathf("/leads/%d", id))
	for _, want := range []string{
		`<span class="il-value">Laval</span> <span class="il-why">kept aside: the card already had Montréal</span>`,
		`<span class="il-value">555-12</span> <span class="il-why">bad value</span>`,
		"created by import #1 · changed by import #2",
		"Use this value",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("card lacks %q", want)
		}
	}
	// "Created" (the time of the import, for a file without a creation
	// date) is a moment, shown in the reader's time zone like the others.
	if !regexp.MustCompile(`<dt>Created</dt><dd><time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ">`).MatchString(body) {
		t.Errorf("Created is not a <time>: %s", regexp.MustCompile(`<dt>Created</dt><dd>[^\n]*`).FindString(body))
	}
}

func TestCardEditOverHTTP(t *testing.T) {
	e := newEnv(t)
	d := e.addUser("dana@garage.ca", leadport.RoleDirector, true)
	agent := e.addUser("kevin@garage.ca", leadport.RoleBDCAgent, false)
	admin := e.addUser("ines@garage.ca", leadport.RoleAdmin, false)
	id := cardFixture(t, e, d)
	c := e.client(agent) // an agent edits the finalized card
	cardURL := e.srv.URL + pathf("/leads/%d", id)

	_, page, _ := get(t, c, cardURL+"/edit")
	form := formValues(t, page)
	if form.Get("f_phone_home") != "(514) 555-0101" || form.Get("f_city") != "Montréal" {
		t.Fatalf("form values: %v", form)
	}
	// A bad value is refused with the import's reason, and nothing changes.
	form.Set("f_phone_work", "555-12")
	form.Set("f_city", "Québec")
	status, body, _ := postForm(t, c, cardURL+"/edit", form)
	if status != http.StatusBadRequest || !strings.Contains(body, `data-for="f_phone_work">not a phone number</span>`) {
		t.Errorf("bad phone: %d, %s", status, regexp.MustCompile(`field-error[^<]*<`).FindString(body))
	}
	if l, _ := e.app.Lead(t.Context(), d, id); l.City != "Montréal" || l.PhoneWork != "" {
		t.Errorf("a refused edit changed the card: %q %q", l.City, l.PhoneWork)
	}
	// Good values, typed any way, are normalised as the import does.
	form.Set("f_phone_work", "438.555.0199 poste 4")
	form.Set("v0_exchange_odometer", "84 500 km")
	form.Set("v0_exchange_make", "Honda")
	status, body, resp := postForm(t, c, cardURL+"/edit", form)
	if status != http.StatusOK || resp.Request.URL.Path != pathf("/leads/%d", id) || !strings.Contains(body, "The customer card has been saved.") {
		t.Fatalf("save: %d at %s", status, resp.Request.URL)
	}
	l, _ := e.app.Lead(t.Context(), d, id)
	if l.City != "Québec" || l.PhoneWork != "+14385550199" || l.PhoneWorkExt != "4" || len(l.Vehicles) != 1 || l.Vehicles[0].Odometer != "84500" {
		t.Errorf("after the edit: city %q, work phone %q ext %q, vehicles %+v", l.City, l.PhoneWork, l.PhoneWorkExt, l.Vehicles)
	}
	_, body, _ = get(t, c, cardURL)
	for _, want := range []string{`id="history"`, "Kevin Test", "Montréal", "Québec",
		"(438) 555-0199 ext. 4", "Trade-in odometer"} {
		if !strings.Contains(body, want) {
			t.Errorf("card after the edit lacks %q", want)
		}
	}
	// The history shows values as the card shows them (cardText).
	if history := body[strings.Index(body, `id="history"`):]; !strings.Contains(history, `<td class="prewrap">84,500 km</td>`) {
		t.Errorf("the history does not show the odometer as the card does:\n%s", history)
	}
	// A form shown before someone else's change is refused, not applied over it.
	if status, page, _ := postForm(t, c, cardURL+"/edit", form); status != http.StatusConflict || !strings.Contains(page, "changed by someone else") {
		t.Errorf("stale form: %d", status)
	}

	// "Use this value" on the kept-aside city asks first, then replaces.
	m := regexp.MustCompile(`data-field="(\w+)"><input type="hidden" name="use_note" value="(\d+)"><input type="hidden" name="use_line" value="(\d+)">`).FindAllStringSubmatch(body, -1)
	if len(m) != 2 || m[0][1] != "phone_work" || m[1][1] != "city" {
		t.Fatalf("use-this-value buttons %q, want 2 (work phone, city)", m)
	}
	use := func(m []string, replace bool) url.Values {
		v := url.Values{"use_note": {m[2]}, "use_line": {m[3]}}
		if replace {
			v.Set("replace", "1")
		}
		return v
	}
	status, body, _ = postForm(t, c, cardURL+"/edit", use(m[1], false))
	if status != http.StatusConflict || !strings.Contains(body, "City already holds “Québec”. Replace it with “Laval”?") {
		t.Errorf("use a value over a filled field: %d", status)
	}
	status, _, _ = postForm(t, c, cardURL+"/edit", use(m[1], true))
	if l, _ := e.app.Lead(t.Context(), d, id); status != http.StatusOK || l.City != "Laval" {
		t.Errorf("replace: %d, city %q", status, l.City)
	}
	// The bad phone of the note cannot be used: the import's reason says why.
	status, body, _ = postForm(t, c, cardURL+"/edit", use(m[0], true))
	if status != http.StatusBadRequest || !strings.Contains(body, "not a phone number") {
		t.Errorf("use a bad value: %d", status)
	}
	hist, _ := e.app.LeadHistory(t.Context(), d, id)
	var got []string
	for _, h := range hist {
		got = append(got, h.Field+": "+h.Old+" → "+h.New)
	}
	want := []string{"phone_work:  → +14385550199 ext. 4", "city: Montréal → Québec", "exchange_make:  → Honda", "exchange_odometer:  → 84500", "city: Québec → Laval"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") || hist[4].NoteID == 0 || hist[0].UserID != agent.ID {
		t.Errorf("history:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// An administrator sees the card but may not edit it.
	ca := e.client(admin)
	_, body, _ = get(t, ca, cardURL)
	if strings.Contains(body, `id="edit-card"`) || strings.Contains(body, "Use this value") {
		t.Error("the administrator is offered to edit")
	}
	if status, _, _ := get(t, ca, cardURL+"/edit"); status != http.StatusForbidden {
		t.Errorf("the administrator's edit form: %d", status)
	}
	if status, _, _ := postForm(t, ca, cardURL+"/edit", form); status != http.StatusForbidden {
		t.Errorf("the administrator's edit: %d", status)
	}
}

func TestCardEditAPI(t *testing.T) {
	e := newEnv(t)
	d := e.addUser("dana@garage.ca", leadport.RoleDirector, true)
	other := e.addUser("sam@autre.ca", leadport.RoleDirector, true, e.other)
	id := cardFixture(t, e, d)
	tok := e.token(d)
	patch := func(token, body string) (int, string) {
		return e.do(nil, "PATCH", pathf("/api/leads/%d", id), token, strings.NewReader(body), "application/json")
	}
	status, body := patch(tok, `{"fields": {"phone_mobile": "555-12", "postal_code": "h2x1y4"}}`)
	if code, msg := errorOf(t, body); status != http.StatusBadRequest || code != "invalid" ||
		msg != "Mobile phone: “555-12” is not accepted: not a phone number." {
		t.Errorf("bad value: %d %s", status, body)
	}
	status, body = patch(tok, `{"fields": {"phone_mobile": "+1 (438) 555-0199", "postal_code": "h2x1y4"}, "vehicles": [{"id": 0, "fields": {"wanted_make": "Toyota", "wanted_year": "2026"}}]}`)
	if status != http.StatusOK || !strings.Contains(body, `"number":"+14385550199"`) || !strings.Contains(body, `"postal_code":"H2X 1Y4"`) ||
		!strings.Contains(body, `"make":"Toyota"`) {
		t.Errorf("good values: %d %s", status, body)
	}
	status, body = patch(tok, `{"updated_at": "2020-01-01T00:00:00Z", "fields": {"city": "Laval"}}`)
	if status != http.StatusConflict {
		t.Errorf("stale updated_at: %d %s", status, body)
	}
	for _, bad := range []string{`{"fields": {"full_name": "X Y"}}`, `{"fields": {"nope": "1"}}`, `{"fieldz": {}}`, `not json`} {
		if status, body := patch(tok, bad); status != http.StatusBadRequest {
			t.Errorf("%s: %d %s", bad, status, body)
		}
	}
	if status, _ := patch(e.token(other), `{"fields": {"city": "Laval"}}`); status != http.StatusNotFound {
		t.Errorf("another dealership edits: %d", status)
	}
	// "Use this value" through the API: the city line of the merge's note.
	l, _ := e.app.Lead(t.Context(), d, id)
	noteID := l.Notes[len(l.Notes)-1].ID
	status, body = patch(tok, pathf(`{"use_import_value": {"note_id": %d, "line": 1}}`, noteID))
	if code, msg := errorOf(t, body); status != http.StatusConflict || code != "conflict" || !strings.Contains(msg, "City already holds “Montréal”") {
		t.Errorf("use a value over a filled field: %d %s", status, body)
	}
	status, body = patch(tok, pathf(`{"use_import_value": {"note_id": %d, "line": 1, "replace": true}}`, noteID))
	if status != http.StatusOK || !strings.Contains(body, `"city":"Laval"`) {
		t.Errorf("use a value, replacing: %d %s", status, body)
	}
	status, body = e.do(nil, "GET", pathf("/api/leads/%d/history", id), tok, nil, "")
	if status != http.StatusOK || !strings.Contains(body, `"field":"phone_mobile","old":"","new":"+14385550199"`) || !strings.Contains(body, `"user":"Dana Test"`) {
		t.Errorf("history: %d %s", status, body)
	}
}

func htmlUnescape(s string) string { return html.UnescapeString(s) }

func TestSearchWordsOverHTTP(t *testing.T) {
	e := newEnv(t)
	d := e.addUser("dana@garage.ca", leadport.RoleDirector, true)
	other := e.addUser("olga@garage.ca", leadport.RoleDirector, true)
	imp := e.importCSV(d, "First name,Last name,Phone,Email\nMike,O'Brien,514-555-0101,Mike@Example.ca\nJean-François,Lévesque,438-555-0199,jf@example.ca\nMarie,Tremblay,,marie@example.ca\n")
	c := e.client(d)
	tests := []struct {
		q     string
		names []string
		mark  string
	}{
		{"obrien", []string{"Mike O'Brien"}, "<mark>O&#39;Brien</mark>"},
		{"Brien", []string{"Mike O'Brien"}, "O&#39;<mark>Brien</mark>"},
		{"jean", []string{"Jean-François Lévesque"}, "<mark>Jean</mark>-François"},
		{"francois", []string{"Jean-François Lévesque"}, "Jean-<mark>François</mark>"},
		{"LÉVESQUE jean", []string{"Jean-François Lévesque"}, "<mark>Lévesque</mark>"},
		{"(514) 555.0101", []string{"Mike O'Brien"}, "<mark>(514) 555-0101</mark>"},
		{"MIKE@example.CA", []string{"Mike O'Brien"}, "<mark>mike@example.ca</mark>"},
		{"rien", nil, ""},
	}
	for _, tt := range tests {
		_, body, _ := get(t, c, e.srv.URL+"/leads?q="+url.QueryEscape(tt.q))
		var got []string
		for _, m := range regexp.MustCompile(`<a class="strong" href="/leads/\d+">(.*?)</a>`).FindAllStringSubmatch(body, -1) {
			got = append(got, html.UnescapeString(regexp.MustCompile(`</?mark>`).ReplaceAllString(m[1], "")))
		}
		if strings.Join(got, "|") != strings.Join(tt.names, "|") {
			t.Errorf("search %q finds %q, want %q", tt.q, got, tt.names)
		}
		if tt.mark != "" && !strings.Contains(body, tt.mark) {
			t.Errorf("search %q: %q not marked", tt.q, tt.mark)
		}
	}
	// The API searches the same way; another director does not see the
	// unfinalized import's leads.
	status, body := e.do(nil, "GET", "/api/leads?q=obrien", e.token(d), nil, "")
	if status != http.StatusOK || !strings.Contains(body, `"total":1`) || !strings.Contains(body, `"last_name":"O'Brien"`) {
		t.Errorf("API search: %d %s", status, body)
	}
	if _, body := e.do(nil, "GET", "/api/leads?q=obrien", e.token(other), nil, ""); !strings.Contains(body, `"total":0`) {
		t.Errorf("another director finds the unfinalized lead: %s", body)
	}
	if _, err := e.app.FinalizeImport(t.Context(), d, imp.ID); err != nil {
		t.Fatal(err)
	}
	if _, body := e.do(nil, "GET", "/api/leads?q=brien", e.token(other), nil, ""); !strings.Contains(body, `"total":1`) {
		t.Errorf("after finalize, another director does not find it: %s", body)
	}
}
