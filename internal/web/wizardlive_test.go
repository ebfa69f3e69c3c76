package web

import (
	"bytes"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/app"
)

// headerOnlyCSV has a header, a blank line and a line of empty cells: no
// data row.
const headerOnlyCSV = "First name,Last name,Home phone\n\n,,\n"

// TestEmptyFileRefused: a file with a header but no data rows is refused at
// step 1 in the reader's language, and by the API with a 400; no draft is
// left behind.
func TestEmptyFileRefused(t *testing.T) {
	e := newEnv(t)
	en := e.addUser("dana@garage.ca", leadport.RoleDirector, true)
	fr := e.addUser("denis@garage.ca", leadport.RoleDirector, true)
	french := "fr"
	if _, err := e.app.UpdateUser(t.Context(), fr, fr.ID, app.UserChange{Locale: &french}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		user *leadport.User
		want string
	}{
		{en, "This file has a header line but no data rows"},
		{fr, "Ce fichier a une ligne d'en-tête mais aucune ligne de données"},
	} {
		body, ct := uploadBody(t, "empty.csv", []byte(headerOnlyCSV), nil)
		status, page := e.do(e.client(tt.user), "POST", "/imports/new", "", body, ct)
		if status != http.StatusBadRequest || !strings.Contains(page, html.EscapeString(tt.want)) {
			t.Errorf("upload as %s: %d, want 400 with %q in\n%s", tt.user.Email, status, tt.want, page)
		}
	}
	body, ct := uploadBody(t, "empty.csv", []byte(headerOnlyCSV), map[string]string{"type": "event", "rule": "merge"})
	status, resp := e.do(nil, "POST", "/api/imports", e.token(en), body, ct)
	code, msg := "", ""
	if status == http.StatusBadRequest {
		code, msg = errorOf(t, resp)
	}
	if status != http.StatusBadRequest || code != leadport.EINVALID || !strings.Contains(msg, "This file has a header line but no data rows") {
		t.Errorf("API: %d %s", status, resp)
	}
	// A workbook is refused only when none of its sheets has a row.
	book := func(sheets map[string][][]any) []byte {
		f := excelize.NewFile()
		for name, rows := range sheets {
			f.NewSheet(name)
			for i, r := range rows {
				cell, _ := excelize.CoordinatesToCellName(1, i+1)
				f.SetSheetRow(name, cell, &r)
			}
		}
		f.DeleteSheet("Sheet1")
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	header := []any{"Prénom", "Nom", "Téléphone"}
	body, ct = uploadBody(t, "vide.xlsx", book(map[string][][]any{"A": {header}, "B": {header}}), nil)
	if status, page := e.do(e.client(en), "POST", "/imports/new", "", body, ct); status != http.StatusBadRequest ||
		!strings.Contains(page, "This file has a header line but no data rows") {
		t.Errorf("workbook of header-only sheets: %d", status)
	}
	body, ct = uploadBody(t, "deux.xlsx", book(map[string][][]any{"A": {header}, "B": {header, {"Luc", "Roy", "514 555 0101"}}}), nil)
	status, page := e.do(e.client(fr), "POST", "/imports/new", "", body, ct)
	if status != http.StatusOK || !strings.Contains(page, `id="setup-form"`) {
		t.Fatalf("workbook with one sheet of data: %d", status)
	}
	// Its header-only sheet, chosen, is said to be empty, in French.
	if !strings.Contains(page, html.EscapeString("La feuille « A » a une ligne d'en-tête mais aucune ligne de données")) {
		t.Errorf("the header-only sheet chosen is not said to be empty:\n%s", page)
	}
	drafts, err := e.app.ListDrafts(t.Context(), en)
	if err != nil {
		t.Fatal(err)
	}
	if len(drafts) != 0 {
		t.Errorf("%d drafts left behind by refused files", len(drafts))
	}
}

// liveCSV is a dealer's export of 40 rows: day-first dates, a Home phone
// column with 8 "n/a" and 4 "555-1234" (none of them among the first 15
// rows but one), a salesperson column naming the director and people who are
// not users, and a bad email on row 30.
func liveCSV(advisor string) string {
	var b strings.Builder
	b.WriteString("Prénom,Nom,Tél. maison,Courriel,Date de création,Vendeur\n")
	for row := 2; row <= 41; row++ { // as a spreadsheet numbers them
		phone, email, seller := fmt.Sprintf("514555%04d", row), fmt.Sprintf("client%d@exemple.ca", row), advisor
		switch {
		case row == 5 || (row >= 20 && row <= 26):
			phone = "n/a"
		case row >= 27 && row <= 30:
			phone = "555-1234"
		}
		if row == 33 {
			email = "jean@"
		}
		if row%4 == 0 {
			seller = "Bob Vendeur"
		}
		fmt.Fprintf(&b, "Client,Nom%d,%s,%s,%02d/03/2026,%s\n", row, phone, email, row%28+1, seller)
	}
	return b.String()
}

// liveDraft uploads liveCSV as u through step 1 and returns the draft's ID.
func (e *env) liveDraft(c *http.Client, u *leadport.User) int64 {
	e.t.Helper()
	body, ct := uploadBody(e.t, "export-dms.csv", []byte(liveCSV(u.Email)), nil)
	req, _ := http.NewRequest("POST", e.srv.URL+"/imports/new", body)
	req.Header.Set("Content-Type", ct)
	resp, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	var id int64
	if _, err := fmt.Sscanf(resp.Request.URL.Path, "/imports/%d/setup", &id); err != nil {
		e.t.Fatalf("after upload: %d at %s", resp.StatusCode, resp.Request.URL)
	}
	return id
}

// TestPreviewFragment: GET /imports/{id}/preview renders the preview alone
// for the settings in its query, saves none of them, shows values as the
// card does, sums up the problems per column; it is refused to anyone but
// the draft's owner, and a malformed setting is a 400.
func TestPreviewFragment(t *testing.T) {
	e := newEnv(t)
	d := e.addUser("dana@garage.ca", leadport.RoleDirector, true)
	c := e.client(d)
	id := e.liveDraft(c, d)
	before, err := e.app.Import(t.Context(), d, id)
	if err != nil {
		t.Fatal(err)
	}
	_, page, _ := get(t, c, e.srv.URL+pathf("/imports/%d/setup", id))
	sig := headerSigOf(t, page)
	settings := func(dateFormat string, mapping ...string) url.Values {
		q := url.Values{"delimiter": {","}, "encoding": {"utf-8"}, "type": {"walk_in"}, "rule": {"create"},
			"date_format": {dateFormat}, "sig": {sig}}
		for i, m := range mapping {
			q.Set(fmt.Sprintf("m%d", i), m)
		}
		return q
	}
	full := []string{"first_name", "last_name", "phone_home", "email_home", "created_at", "advisor"}
	fragment := func(q url.Values) (int, string) {
		t.Helper()
		status, body, _ := get(t, c, e.srv.URL+pathf("/imports/%d/preview?%s", id, q.Encode()))
		return status, body
	}

	status, dmy := fragment(settings("dmy", full...))
	if status != http.StatusOK {
		t.Fatalf("preview: %d\n%s", status, dmy)
	}
	if strings.Contains(dmy, "<html") || !strings.HasPrefix(strings.TrimSpace(dmy), `<div id="preview-body">`) {
		t.Errorf("the preview comes with a page around it:\n%.300s", dmy)
	}
	for _, want := range []string{
		"(514) 555-0002",                        // as the card shows a phone, not +15145550002
		`title="03/03/2026">2026-03-03</td>`,    // line 2, day first; no T00:00:00
		`title="05/03/2026">2026-03-05</td>`,    // line 4
		`title="dana@garage.ca">Dana Test</td>`, // the advisor by name, as on the card
		`id="problems"`,                         // the summary
		"<strong>Home phone</strong> <span class=\"muted\">(Tél. maison)</span>: 12 bad</a>",
		"<q class=\"value\">n/a</q> × 8, <q class=\"value\">555-1234</q> × 4",
		`href="#bad-2"`, `id="bad-2"`, // the link and the first bad phone
		`<strong>Email</strong> <span class="muted">(Courriel)</span>: 1 bad</a>`, `id="bad-3"`,
		"<strong>Advisor</strong> <span class=\"muted\">(Vendeur)</span>: 10 bad</a>", "no user of the dealership has this email or name",
		`class="bad-col"`, "Further in the file", // line 33's bad email, after the first 15 rows
	} {
		if !strings.Contains(dmy, html.UnescapeString(want)) && !strings.Contains(dmy, want) {
			t.Errorf("preview lacks %q", want)
		}
	}
	if strings.Contains(dmy, "T00:00:00") || strings.Contains(dmy, "+1514") {
		t.Error("the preview shows stored forms the card does not show")
	}
	if !strings.Contains(dmy, "whole file (40 rows)") {
		t.Errorf("the problems summary does not say it counted the whole file of 40 rows")
	}

	// Month first, then another mapping: each answer follows its query.
	_, mdy := fragment(settings("mdy", full...))
	if !strings.Contains(mdy, ">2026-03-03</td>") || strings.Contains(mdy, ">2026-03-05</td>") || !strings.Contains(mdy, ">2026-05-03</td>") {
		t.Errorf("month-first dates not applied")
	}
	_, noEmail := fragment(settings("dmy", "first_name", "last_name", "phone_home", "", "created_at", ""))
	if strings.Contains(noEmail, "Courriel") || strings.Contains(noEmail, "Dana Test") || !strings.Contains(noEmail, "(Tél. maison)") {
		t.Error("a column unmapped still shows")
	}
	// Nothing mapped that identifies a row: a clear message, no "first 0 rows".
	_, none := fragment(settings("dmy", "", "", "", "", "", ""))
	if !strings.Contains(none, `id="preview-note"`) || !strings.Contains(none, "No preview yet") || !strings.Contains(none, "<li>at least one phone or email</li>") ||
		strings.Contains(none, "first 0") {
		t.Errorf("unmapped preview:\n%s", none)
	}
	after, err := e.app.Import(t.Context(), d, id)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(before, after); diff != "" {
		t.Errorf("the preview changed the draft (-before +after):\n%s", diff)
	}

	// Malformed settings: 400, with what is wrong.
	for _, tt := range []struct {
		name, key, value, want string
	}{
		{"type", "type", "walkin", "is not a lead type"},
		{"rule", "rule", "replace", "The rule must be create or merge"},
		{"date format", "date_format", "dd/mm", "The date format must be auto, ymd, dmy or mdy"},
		{"delimiter", "delimiter", "colon", "Choose a delimiter"},
		{"encoding", "encoding", "ebcdic", "Choose an encoding"},
		{"field", "m2", "telephone", "cannot be mapped"},
		{"slot", "m2", "phone_home@x", "cannot be mapped"},
		{"column", "m5000", "city", "cannot be mapped"},
	} {
		q := settings("dmy", full...)
		q.Set(tt.key, tt.value)
		if status, body := fragment(q); status != http.StatusBadRequest || !strings.Contains(body, tt.want) {
			t.Errorf("%s %q: %d, want 400 saying %q", tt.name, tt.value, status, tt.want)
		}
	}

	// Refusals: another director, someone who may not import, nobody; a
	// draft saved since.
	q := settings("dmy", full...).Encode()
	for _, u := range []*leadport.User{
		e.addUser("other@garage.ca", leadport.RoleDirector, true),
		e.addUser("agent@garage.ca", leadport.RoleBDCAgent, false),
	} {
		if status, _, _ := get(t, e.client(u), e.srv.URL+pathf("/imports/%d/preview?%s", id, q)); status != http.StatusNotFound && status != http.StatusForbidden {
			t.Errorf("%s: %d, want 403 or 404", u.Email, status)
		}
	}
	if _, _, resp := get(t, e.anonymous(), e.srv.URL+pathf("/imports/%d/preview?%s", id, q)); resp.Request.URL.Path != "/login" {
		t.Errorf("logged out: at %s, want the login page", resp.Request.URL)
	}
	if resp, err := c.PostForm(e.srv.URL+pathf("/imports/%d/start", id), settings("dmy", full...)); err != nil || resp.Request.URL.Path != "/imports" {
		t.Fatalf("save: %v", err)
	}
	if status, _ := fragment(settings("dmy", full...)); status != http.StatusConflict {
		t.Errorf("preview of a saved import: %d, want 409", status)
	}
}
