package web

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
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
	type sheet struct {
		name string
		rows [][]any
	}
	book := func(sheets ...sheet) []byte {
		f := excelize.NewFile()
		for _, sh := range sheets {
			f.NewSheet(sh.name)
			for i, r := range sh.rows {
				cell, _ := excelize.CoordinatesToCellName(1, i+1)
				f.SetSheetRow(sh.name, cell, &r)
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
	body, ct = uploadBody(t, "vide.xlsx", book(sheet{"A", [][]any{header}}, sheet{"B", [][]any{header}}), nil)
	if status, page := e.do(e.client(en), "POST", "/imports/new", "", body, ct); status != http.StatusBadRequest ||
		!strings.Contains(page, "This file has a header line but no data rows") {
		t.Errorf("workbook of header-only sheets: %d", status)
	}
	body, ct = uploadBody(t, "deux.xlsx", book(sheet{"A", [][]any{header}}, sheet{"B", [][]any{header, {"Luc", "Roy", "514 555 0101"}}}), nil)
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

// TestBrowserLivePreview: at 1366 × 768, changing the date format or a
// column's field updates the preview in place, without a reload nor a
// scroll; the old one is marked out of date meanwhile, and a refused setting
// says why; a problem of the summary scrolls to its first bad cell; the page
// never scrolls sideways.
func TestBrowserLivePreview(t *testing.T) {
	needBrowser(t)
	e := newEnv(t)
	d := e.addUser("dana@garage.ca", leadport.RoleDirector, true)
	imp, _, err := e.app.UploadImport(t.Context(), d, "export-dms.csv", strings.NewReader(liveCSV(d.Email)))
	if err != nil {
		t.Fatal(err)
	}
	b := e.tab(t)
	b.do(chromedp.EmulateViewport(1366, 768))
	b.login(d)
	b.open(pathf("/imports/%d/setup", imp.ID))
	noSideways := func(when string) {
		t.Helper()
		if w := evalTo[[]int](b, `[document.documentElement.scrollWidth, document.documentElement.clientWidth]`); w[0] > w[1] {
			t.Errorf("%s: the page scrolls sideways: scrollWidth %d > clientWidth %d", when, w[0], w[1])
		}
	}
	noSideways("on load")
	b.eval(`window.leadportMarker = "no reload"`)
	line4Date := `document.querySelector("#preview-table tbody tr:nth-child(3) td:nth-child(7)").textContent`
	if got := evalTo[string](b, line4Date); got != "2026-03-05" {
		t.Fatalf("line 4's date on load = %q, want 2026-03-05 (day first, as the file proves)", got)
	}

	// change sets a control as a person would and returns what the preview
	// shows at once: its state and the status line.
	change := func(id, value string) []string {
		t.Helper()
		return evalTo[[]string](b, fmt.Sprintf(`(function(){
			const s = document.getElementById(%q);
			s.value = %q;
			s.dispatchEvent(new Event("change", {bubbles: true}));
			return [document.getElementById("preview").dataset.state, document.getElementById("preview-status").textContent,
				getComputedStyle(document.getElementById("preview-body")).opacity];
		})()`, id, value))
	}
	fresh := `document.getElementById("preview").dataset.state === "fresh"`

	// The date format, from the middle of the page.
	b.eval(`document.getElementById("date_format").scrollIntoView({block: "center"})`)
	y := evalTo[float64](b, `window.scrollY`)
	if y <= 0 {
		t.Fatalf("the date format is at the top of the page (scrollY %v): the test proves nothing", y)
	}
	now := change("date_format", "mdy")
	if now[0] != "loading" || now[1] != "The preview is being updated…" || now[2] == "1" {
		t.Errorf("while it loads, the preview is %q, says %q, opacity %s: want it marked out of date", now[0], now[1], now[2])
	}
	b.waitJS(fresh)
	if got := evalTo[string](b, line4Date); got != "2026-05-03" {
		t.Errorf("line 4's date month first = %q, want 2026-05-03", got)
	}
	if got := evalTo[float64](b, `window.scrollY`); got != y {
		t.Errorf("scrollY %v after the update, was %v", got, y)
	}
	if evalTo[bool](b, `!document.getElementById("preview-status").hidden`) {
		t.Error("the status line stays once the preview is fresh")
	}

	// A column's field, from the mapping table.
	b.eval(`document.getElementById("map-3").scrollIntoView({block: "center"})`)
	y = evalTo[float64](b, `window.scrollY`)
	change("map-3", "")
	b.waitJS(fresh)
	if got := evalTo[int](b, `document.querySelectorAll("#preview-table thead th").length`); got != 2+5 {
		t.Errorf("%d columns in the preview once Courriel is unmapped, want 7", got)
	}
	if got := evalTo[float64](b, `window.scrollY`); got != y {
		t.Errorf("scrollY %v after the mapping changed, was %v", got, y)
	}
	if got := evalTo[string](b, `window.leadportMarker || ""`); got != "no reload" {
		t.Fatal("the page was reloaded")
	}

	// A setting the server refuses: the preview stays, marked, and says why.
	b.eval(`(function(){ const o = document.createElement("option"); o.value = "walkin"; document.getElementById("type").append(o); })()`)
	change("type", "walkin")
	b.waitJS(`document.getElementById("preview").dataset.state === "failed"`)
	if got := b.text("#preview-status"); !strings.Contains(got, "could not be updated") || !strings.Contains(got, "is not a lead type") {
		t.Errorf("refused setting: status %q", got)
	}
	if evalTo[string](b, `getComputedStyle(document.getElementById("preview-body")).opacity`) == "1" {
		t.Error("a preview that could not be updated is not marked out of date")
	}
	change("type", "walk_in")
	b.waitJS(fresh)

	// The summary's link to the first bad phone: the cell comes into view,
	// highlighted, inside the preview's own scroll box.
	if got := b.text(`#problems a[data-target="bad-2"]`); !strings.Contains(got, "Home phone") || !strings.Contains(got, "12 bad") {
		t.Errorf("summary entry = %q", got)
	}
	b.do(chromedp.Click(chromedp.CSS(`#problems a[data-target="bad-2"]`), chromedp.NodeVisible))
	inView := evalTo[bool](b, `(function(){
		const c = document.getElementById("bad-2"), r = c.getBoundingClientRect();
		const box = c.closest(".preview-wrap").getBoundingClientRect();
		return r.top >= 0 && r.bottom <= window.innerHeight && r.left >= box.left && r.right <= box.right &&
			c.classList.contains("jumped") && document.activeElement === c;
	})()`)
	if !inView {
		t.Error("the first bad phone is not in view and highlighted after its link")
	}
	if got := b.text("#bad-2 .raw"); got != "n/a" {
		t.Errorf("first bad phone = %q", got)
	}
	noSideways("after the updates")
	b.screenshot("wizard-live-preview")

	// Without the script, Update preview reloads the page with the form's
	// settings, as it always did.
	nojs := e.tab(t)
	nojs.do(chromedp.EmulateViewport(1366, 768))
	nojs.login(d)
	nojs.do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	nojs.open(pathf("/imports/%d/setup", imp.ID))
	nojs.do(chromedp.SetValue(chromedp.ID("date_format"), "mdy"))
	nojs.navigate(chromedp.Click(chromedp.ID("update-preview")))
	if got := evalTo[string](nojs, line4Date); got != "2026-05-03" {
		t.Errorf("without the script, line 4's date month first = %q, want 2026-05-03", got)
	}
	if got := evalTo[string](nojs, `location.search`); !strings.Contains(got, "date_format=mdy") {
		t.Errorf("without the script, Update preview went to %q", got)
	}
}

// TestBrowserLiveCountMarkedStale: a whole-file count shown (a file too
// large to count on every change) is stopped when a setting changes, and its
// numbers stay, marked as those of the earlier settings, with the link to
// count again under the new ones; the server stops the count nobody watches.
func TestBrowserLiveCountMarkedStale(t *testing.T) {
	needBrowser(t)
	e := newEnv(t)
	e.server.counts.Grace = 200 * time.Millisecond
	d := e.addUser("dir@garage.test", leadport.RoleDirector, true)
	imp := e.bigDraft(d, 100_000) // over the size whose counts run on every change
	b := e.tab(t)
	b.do(chromedp.EmulateViewport(1366, 768))
	b.login(d)
	b.open(pathf("/imports/%d/setup", imp.ID))
	// Its preview has a column per field of the file, and still the page
	// does not scroll sideways: the table scrolls in its own box.
	w := evalTo[[]int](b, `[document.documentElement.scrollWidth, document.documentElement.clientWidth,
		document.querySelectorAll("#preview-table thead th").length]`)
	if w[0] > w[1] || w[2] < 20 {
		t.Errorf("preview of %d columns: page scrollWidth %d, clientWidth %d", w[2]-2, w[0], w[1])
	}
	b.do(chromedp.Click(chromedp.ID("dryrun-link"), chromedp.NodeVisible))
	b.waitJS(`["waiting", "counting", "done"].includes(document.getElementById("count").dataset.status) && document.getElementById("count-text").textContent !== ""`)
	job := e.server.counts.Running(d)
	if job == nil {
		t.Fatal("the page shows a count but the server runs none")
	}
	b.eval(`(function(){
		const s = document.getElementById("rule-create");
		s.checked = true;
		s.dispatchEvent(new Event("change", {bubbles: true}));
	})()`)
	b.waitJS(`document.getElementById("preview").dataset.state === "fresh"`)
	got := evalTo[[]string](b, `[document.getElementById("count").dataset.status, document.getElementById("count-text").textContent,
		String(document.getElementById("count").classList.contains("stale")), String(document.getElementById("dryrun-link").hidden),
		document.getElementById("dryrun-link").dataset.countUrl]`)
	if got[0] != "stale" || got[1] != "These counts are for the earlier settings: count again." || got[2] != "true" || got[3] != "false" {
		t.Errorf("count after the rule changed: status %q, text %q, marked %s, link hidden %s", got[0], got[1], got[2], got[3])
	}
	if !strings.Contains(got[4], "rule=create") {
		t.Errorf("the link counts again with %q, not the new rule", got[4])
	}
	select {
	case <-job.Done():
	case <-time.After(30 * time.Second):
		t.Fatal("the count of the earlier settings still runs 30 s after they changed")
	}
	if st := job.State(); st.Status != app.CountCancelled && st.Status != app.CountDone {
		t.Errorf("the earlier count ended %q", st.Status)
	}
}
