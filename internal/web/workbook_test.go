package web

import (
	"bytes"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"

	"github.com/leadport/leadport"
)

// workbook returns testdata/leads_fr_1252.csv's data as an Excel workbook, as
// a director receives it: a first sheet left empty, the leads on
// "Clients" with real dates (one with a time) and a phone stored as a
// number, and a hidden sheet "Anciens" with one more customer.
func workbook(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Vide")
	f.NewSheet("Clients")
	f.NewSheet("Anciens")
	f.SetSheetVisible("Anciens", false)
	day := func(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, time.UTC) }
	rows := map[string][][]any{
		"Clients": {
			{"Prénom", "Nom", "Téléphone", "Courriel", "Ville", "Date de création", "Commentaire"},
			{"Jean-François", "Côté", "(514) 555-0101", "jf.cote@videotron.ca", "Montréal", day(14, 10, 30), "Intéressé par un VUS"},
			{"Hélène", "Lévesque", "555-12", "helene.levesque@bell.net", "Québec", day(15, 0, 0), "Rappeler en après-midi"},
			{"Élodie", "Bérubé", "438 555-0199 poste 22", "elodie@exemple.ca", "Trois-Rivières", day(16, 0, 0)},
			{"André", "Gagné", "819.555.0142", nil, "Sherbrooke"},
			{nil, nil, nil, nil, nil, nil, "Ligne sans nom ni contact"},
			{},
			{"Noémie", "Thériault", 4505550177, "noemie.t@videotron.ca", "Lévis", day(17, 0, 0), "Financement à valider"},
		},
		"Anciens": {
			{"Nom complet", "Courriel"},
			{"Luc Roy", "luc@roy.ca"},
		},
	}
	for sheet, rs := range rows {
		for i, r := range rs {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := f.SetSheetRow(sheet, cell, &r); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestAPIWorkbook: the API imports an Excel workbook as it imports the same
// data as CSV, with the same counts; its parameter "sheet" picks another
// sheet; a sheet the workbook lacks is a 400 that lists its sheets.
func TestAPIWorkbook(t *testing.T) {
	e := newEnv(t)
	owner := e.addUser("owner@garage.ca", leadport.RoleDirector, true)
	other, err := e.app.CreateAccount(t.Context(), "Autre garage")
	if err != nil {
		t.Fatal(err)
	}
	csvOwner := e.addUser("csv@autre.ca", leadport.RoleDirector, true, other)
	csv, err := os.ReadFile("testdata/leads_fr_1252.csv")
	if err != nil {
		t.Fatal(err)
	}
	fromCSV := e.run(csvOwner, e.apiImport(e.token(csvOwner), "leads.csv", csv, map[string]string{"type": "event", "rule": "merge", "date_format": "dmy"}).ID)
	book := workbook(t)
	// No date format: the workbook's dates are real dates.
	fromXLSX := e.run(owner, e.apiImport(e.token(owner), "leads.xlsx", book, map[string]string{"type": "event", "rule": "merge"}).ID)
	want := leadport.Counters{Processed: 6, Created: 5, Failed: 1, Notes: 1}
	if diff := cmp.Diff(want, fromCSV.Counters); diff != "" {
		t.Errorf("CSV counters (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want, fromXLSX.Counters); diff != "" {
		t.Errorf("workbook counters (-want +got):\n%s", diff)
	}
	if fromXLSX.Sheet != "Clients" || fromXLSX.Total != 6 {
		t.Errorf("workbook import: sheet %q, total %d; want Clients, 6", fromXLSX.Sheet, fromXLSX.Total)
	}
	// The issue report names the Excel row of the bad phone and the failed
	// row, as the CSV's names its lines.
	status, report := e.do(nil, "GET", pathf("/api/imports/%d/issues", fromXLSX.ID), e.token(owner), nil, "")
	if status != http.StatusOK || !strings.Contains(report, "\nRow,3,3,") || !strings.Contains(report, "\nRow,6,6,") {
		t.Errorf("issue report: %d\n%s", status, report)
	}

	hidden := e.run(owner, e.apiImport(e.token(owner), "leads.xlsx", book, map[string]string{"type": "event", "rule": "create", "sheet": "Anciens"}).ID)
	if hidden.Sheet != "Anciens" || hidden.Processed != 1 || hidden.Created != 1 {
		t.Errorf("hidden sheet import = %+v", hidden)
	}

	body, ct := uploadBody(t, "leads.xlsx", book, map[string]string{"type": "event", "rule": "merge", "sheet": "Prospects"})
	status, resp := e.do(nil, "POST", "/api/imports", e.token(owner), body, ct)
	_, msg := errorOf(t, resp)
	if status != http.StatusBadRequest || !strings.Contains(msg, "this workbook has no sheet “Prospects”: its sheets are “Vide”, “Clients”, “Anciens” (hidden)") {
		t.Errorf("unknown sheet: %d %s", status, resp)
	}
}

// TestWizardWorkbook: the wizard takes an Excel workbook, lists its sheets
// (with their rows, the hidden one marked), says which columns hold real
// dates, shows no delimiter or encoding, lets the person pick another sheet,
// and saves the import with the sheet chosen.
func TestWizardWorkbook(t *testing.T) {
	e := newEnv(t)
	d := e.addUser("dana@garage.ca", leadport.RoleDirector, true)
	c := e.client(d)
	// Step 1 and its data-formats window say workbooks are welcome.
	_, page, _ := get(t, c, e.srv.URL+"/imports/new")
	for _, want := range []string{`id="formats-xlsx">Excel workbooks (.xlsx) are welcome`, "A CSV file or an Excel workbook (.xlsx)", `accept=".csv,.txt,.tsv,.xlsx`} {
		if !strings.Contains(page, want) {
			t.Errorf("upload page lacks %q", want)
		}
	}
	body, ct := uploadBody(t, "clients.xlsx", workbook(t), map[string]string{"delimiter": "", "encoding": ""})
	req, _ := http.NewRequest("POST", e.srv.URL+"/imports/new", body)
	req.Header.Set("Content-Type", ct)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	setup := resp.Request.URL.Path
	if !regexp.MustCompile(`^/imports/\d+/setup$`).MatchString(setup) {
		t.Fatalf("after upload: %d at %s", resp.StatusCode, resp.Request.URL)
	}
	_, page, _ = get(t, c, e.srv.URL+setup)
	for _, want := range []string{`id="sheet"`, `<option value="Vide">Vide — 0 rows</option>`,
		`<option value="Clients" selected>Clients — 6 rows</option>`, `<option value="Anciens">Anciens — 1 rows (hidden)</option>`,
		`id="real-dates"`, "<strong>Date de création</strong>", "<li>Prénom</li>", `<option value="phone_home" selected>`,
		"438 555-0199 poste 22", `id="dryrun"`} {
		if !strings.Contains(page, want) {
			t.Errorf("setup page lacks %q", want)
		}
	}
	for _, unwanted := range []string{`id="delimiter"`, `id="encoding"`} {
		if strings.Contains(page, unwanted) {
			t.Errorf("setup page of a workbook shows %q", unwanted)
		}
	}
	// The hidden sheet, picked.
	q := url.Values{"sheet": {"Anciens"}, "type": {"event"}, "rule": {"create"}}
	_, page, _ = get(t, c, e.srv.URL+setup+"?"+q.Encode())
	if !strings.Contains(page, `<option value="Anciens" selected>`) || !strings.Contains(page, "<strong>Nom complet</strong>") ||
		strings.Contains(page, `id="real-dates"`) {
		t.Errorf("setup page with the sheet Anciens:\n%s", page)
	}
	q.Set("sig", headerSigOf(t, page))
	q.Set("m0", "full_name")
	q.Set("m1", "email_home")
	resp, err = c.PostForm(e.srv.URL+strings.Replace(setup, "/setup", "/start", 1), q)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request.URL.Path != "/imports" {
		t.Fatalf("start: %d at %s", resp.StatusCode, resp.Request.URL)
	}
	imps, _ := e.app.ListImports(t.Context(), d)
	if len(imps) != 1 || imps[0].Sheet != "Anciens" || imps[0].Total != 1 {
		t.Fatalf("queued = %+v", imps)
	}
	if imp := e.run(d, imps[0].ID); imp.Created != 1 {
		t.Errorf("import of the hidden sheet: %+v", imp.Counters)
	}
}
