package web

import (
	"bufio"
	"encoding/csv"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/app"
)

const sampleCSV = "First name,Last name,Mobile phone,Email,City\n" +
	"Ève,Tremblay,819-555-0142,eve.t@bell.net,Gatineau\n" +
	"Paul,Roy,555-12,paul.roy@videotron.ca,Laval\n" +
	",,,,Nowhere\n"

func TestAPIUnauthenticated(t *testing.T) {
	e := newEnv(t)
	for _, r := range []struct{ method, path string }{
		{"GET", "/api/me"}, {"GET", "/api/imports"}, {"POST", "/api/imports"}, {"GET", "/api/imports/1"},
		{"POST", "/api/imports/1/finalize"}, {"POST", "/api/imports/1/revert"}, {"GET", "/api/imports/1/issues"},
		{"GET", "/api/leads"}, {"GET", "/api/leads/1"}, {"GET", "/api/leads/export"},
	} {
		t.Run(r.method+" "+r.path, func(t *testing.T) {
			status, body := e.do(nil, r.method, r.path, "", nil, "")
			if status != http.StatusUnauthorized {
				t.Fatalf("status %d, want 401: %s", status, body)
			}
			if code, msg := errorOf(t, body); code != leadport.EUNAUTH || msg == "" {
				t.Errorf("error %q %q", code, msg)
			}
			status, body = e.do(nil, r.method, r.path, "lp_not-a-token", nil, "")
			if status != http.StatusUnauthorized {
				t.Fatalf("bad token: status %d, want 401: %s", status, body)
			}
		})
	}
}

func TestAPIMe(t *testing.T) {
	e := newEnv(t)
	d := e.addUser("dana@garage.ca", leadport.RoleDirector, true)
	status, body := e.do(nil, "GET", "/api/me", e.token(d), nil, "")
	if status != http.StatusOK {
		t.Fatalf("status %d: %s", status, body)
	}
	got := decodeJSON[meJSON](t, body)
	want := meJSON{ID: d.ID, AccountID: e.account.ID, Email: "dana@garage.ca", Name: d.Name, Role: leadport.RoleDirector, CanImport: true, Locale: "en"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("me (-want +got):\n%s", diff)
	}
	// A session works too.
	status, _ = e.do(e.client(d), "GET", "/api/me", "", nil, "")
	if status != http.StatusOK {
		t.Errorf("with a session: status %d", status)
	}
}

func TestAPIImportRefusedToThoseWhoMayNotImport(t *testing.T) {
	e := newEnv(t)
	owner := e.addUser("owner@garage.ca", leadport.RoleDirector, true)
	imp := e.importCSV(owner, sampleCSV)
	for _, u := range []*leadport.User{
		e.addUser("advisor@garage.ca", leadport.RoleAdvisor, true),
		e.addUser("manager@garage.ca", leadport.RoleManager, true),
		e.addUser("agent@garage.ca", leadport.RoleBDCAgent, true),
		e.addUser("director@garage.ca", leadport.RoleDirector, false),
		e.addUser("bdc@garage.ca", leadport.RoleBDCDirector, false),
	} {
		t.Run(string(u.Role), func(t *testing.T) {
			tok := e.token(u)
			body, ct := uploadBody(t, "leads.csv", []byte(sampleCSV), map[string]string{"type": "event", "rule": "merge"})
			for _, r := range []struct {
				method, path string
			}{
				{"POST", "/api/imports"}, {"GET", "/api/imports"}, {"GET", pathf("/api/imports/%d", imp.ID)},
				{"POST", pathf("/api/imports/%d/finalize", imp.ID)}, {"POST", pathf("/api/imports/%d/revert", imp.ID)},
				{"GET", pathf("/api/imports/%d/issues", imp.ID)},
			} {
				var status int
				var resp string
				if r.method == "POST" && r.path == "/api/imports" {
					status, resp = e.do(nil, r.method, r.path, tok, body, ct)
				} else {
					status, resp = e.do(nil, r.method, r.path, tok, nil, "")
				}
				if status != http.StatusForbidden {
					t.Errorf("%s %s: status %d, want 403: %s", r.method, r.path, status, resp)
					continue
				}
				if code, msg := errorOf(t, resp); code != leadport.EFORBIDDEN || msg == "" {
					t.Errorf("%s %s: error %q %q", r.method, r.path, code, msg)
				}
			}
		})
	}
	// Nothing was created by the refused uploads.
	imps, _ := e.app.ListImports(t.Context(), owner)
	if len(imps) != 1 {
		t.Errorf("%d imports, want 1", len(imps))
	}
}

func TestAPIImportLifecycle(t *testing.T) {
	e := newEnv(t)
	owner := e.addUser("owner@garage.ca", leadport.RoleDirector, true)
	colleague := e.addUser("colleague@garage.ca", leadport.RoleBDCDirector, true)
	stranger := e.addUser("boss@autre.ca", leadport.RoleDirector, true, e.other)
	tok, ctok, stok := e.token(owner), e.token(colleague), e.token(stranger)

	// A dry run counts and keeps nothing.
	body, ct := uploadBody(t, "leads.csv", []byte(sampleCSV), map[string]string{"type": "event", "rule": "merge", "dry_run": "true"})
	status, resp := e.do(nil, "POST", "/api/imports", tok, body, ct)
	if status != http.StatusOK {
		t.Fatalf("dry run: %d %s", status, resp)
	}
	dry := decodeJSON[leadport.Summary](t, resp)
	if !dry.DryRun || dry.Processed != 3 || dry.Created != 2 || dry.Failed != 1 || dry.Notes != 1 {
		t.Errorf("dry run = %+v", dry)
	}
	status, resp = e.do(nil, "GET", "/api/imports", tok, nil, "")
	if status != http.StatusOK || strings.TrimSpace(resp) != "[]" {
		t.Fatalf("after a dry run, imports = %d %s", status, resp)
	}

	s := e.apiImport(tok, "leads.csv", []byte(sampleCSV), map[string]string{"type": "phone", "rule": "create",
		"map": "First name=first_name,Last name=last_name,Mobile phone=phone_mobile,Email=email_home"})
	if s.Status != leadport.StatusQueued || s.Total != 3 || s.Type != leadport.TypePhone || s.Rule != leadport.RuleCreate || s.FileName != "leads.csv" {
		t.Errorf("created = %+v", s)
	}
	e.run(owner, s.ID)

	status, resp = e.do(nil, "GET", pathf("/api/imports/%d", s.ID), tok, nil, "")
	if status != http.StatusOK {
		t.Fatalf("GET import: %d %s", status, resp)
	}
	got := decodeJSON[map[string]any](t, resp)
	for _, k := range []string{"id", "status", "processed", "created", "merged", "associated", "failed", "notes", "started_at", "finished_at", "finalized", "total", "file_name", "owner", "type", "rule"} {
		if _, ok := got[k]; !ok {
			t.Errorf("import JSON lacks %q: %s", k, resp)
		}
	}
	if got["status"] != "finished" || got["processed"] != 3.0 || got["created"] != 2.0 || got["failed"] != 1.0 || got["finished_at"] == nil {
		t.Errorf("import = %s", resp)
	}

	status, resp = e.do(nil, "GET", "/api/imports", ctok, nil, "")
	if list := decodeJSON[[]leadport.Summary](t, resp); status != http.StatusOK || len(list) != 1 || list[0].ID != s.ID {
		t.Errorf("colleague's list = %d %s", status, resp)
	}

	// Issue report: the failed row and the bad phone.
	status, resp = e.do(nil, "GET", pathf("/api/imports/%d/issues", s.ID), tok, nil, "")
	if status != http.StatusOK {
		t.Fatalf("issues: %d %s", status, resp)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(resp, "\uFEFF"))).ReadAll()
	if err != nil || len(recs) != 5 || recs[3][0] != "Row" || recs[3][4] != "555-12" || !strings.HasPrefix(resp, "\uFEFF") {
		t.Errorf("issues = %q (%v)", resp, err)
	}
	// The API serves the report the CLI prints: the same bytes.
	var cli strings.Builder
	if err := e.app.WriteIssueReport(t.Context(), owner, s.ID, &cli); err != nil || cli.String() != resp {
		t.Errorf("the API's report differs from the CLI's (%v):\n%s", err, cli.String())
	}

	// Leads: visible to the owner only until finalized.
	status, resp = e.do(nil, "GET", "/api/leads?module=phone_up", tok, nil, "")
	page := decodeJSON[leadsJSON](t, resp)
	if status != http.StatusOK || page.Total != 2 || len(page.Leads) != 2 {
		t.Fatalf("owner's leads = %d %s", status, resp)
	}
	leadID := page.Leads[0].ID
	if status, resp = e.do(nil, "GET", "/api/leads?module=event", tok, nil, ""); decodeJSON[leadsJSON](t, resp).Total != 0 {
		t.Errorf("event module = %s", resp)
	}
	if status, resp = e.do(nil, "GET", "/api/leads?q=819.555.0142", tok, nil, ""); decodeJSON[leadsJSON](t, resp).Total != 1 {
		t.Errorf("search by phone = %d %s", status, resp)
	}
	status, resp = e.do(nil, "GET", pathf("/api/leads/%d", leadID), tok, nil, "")
	lead := decodeJSON[app.ExportedLead](t, resp)
	if status != http.StatusOK || lead.ImportID == nil || *lead.ImportID != s.ID {
		t.Errorf("lead = %d %s", status, resp)
	}
	if status, resp = e.do(nil, "GET", pathf("/api/leads/%d", leadID), ctok, nil, ""); status != http.StatusNotFound {
		t.Errorf("colleague sees an unfinalized lead: %d %s", status, resp)
	}
	if status, resp = e.do(nil, "GET", "/api/leads", ctok, nil, ""); decodeJSON[leadsJSON](t, resp).Total != 0 {
		t.Errorf("colleague's leads before finalize = %s", resp)
	}

	// Exports.
	status, resp = e.do(nil, "GET", pathf("/api/leads/export?import=%d", s.ID), tok, nil, "")
	if n := strings.Count(resp, "\n"); status != http.StatusOK || n != 2 {
		t.Errorf("jsonl export: %d, %d lines: %s", status, n, resp)
	}
	sc := bufio.NewScanner(strings.NewReader(resp))
	for sc.Scan() {
		l := decodeJSON[map[string]any](t, sc.Text())
		for _, k := range []string{"id", "type", "module", "first_name", "last_name", "phones", "emails", "notes", "associated", "import_id"} {
			if _, ok := l[k]; !ok {
				t.Errorf("exported lead lacks %q", k)
			}
		}
	}
	status, resp = e.do(nil, "GET", "/api/leads/export?format=csv", tok, nil, "")
	if recs, err := csv.NewReader(strings.NewReader(resp)).ReadAll(); status != http.StatusOK || err != nil || len(recs) != 3 {
		t.Errorf("csv export: %d %v %q", status, err, resp)
	}
	if status, resp = e.do(nil, "GET", "/api/leads/export?format=xml", tok, nil, ""); status != http.StatusBadRequest {
		t.Errorf("xml export: %d %s", status, resp)
	}
	if status, resp = e.do(nil, "GET", pathf("/api/leads/export?import=%d", s.ID), stok, nil, ""); status != http.StatusNotFound {
		t.Errorf("stranger's export of the import: %d %s", status, resp)
	}

	// Only the owner finalizes or reverts; another account does not even see it.
	for _, action := range []string{"finalize", "revert"} {
		if status, resp = e.do(nil, "POST", pathf("/api/imports/%d/%s", s.ID, action), ctok, nil, ""); status != http.StatusForbidden {
			t.Errorf("colleague %s: %d %s", action, status, resp)
		}
		if status, resp = e.do(nil, "POST", pathf("/api/imports/%d/%s", s.ID, action), stok, nil, ""); status != http.StatusNotFound {
			t.Errorf("stranger %s: %d %s", action, status, resp)
		}
	}
	// The issue report holds the file's raw values: the owner's alone until finalized.
	if status, resp = e.do(nil, "GET", pathf("/api/imports/%d/issues", s.ID), ctok, nil, ""); status != http.StatusForbidden {
		t.Errorf("colleague issues before finalize: %d %s", status, resp)
	}
	for _, p := range []string{pathf("/api/imports/%d", s.ID), pathf("/api/imports/%d/issues", s.ID), pathf("/api/leads/%d", leadID)} {
		if status, resp = e.do(nil, "GET", p, stok, nil, ""); status != http.StatusNotFound {
			t.Errorf("stranger GET %s: %d %s", p, status, resp)
		}
	}

	status, resp = e.do(nil, "POST", pathf("/api/imports/%d/finalize", s.ID), tok, nil, "")
	if status != http.StatusOK || !decodeJSON[leadport.Summary](t, resp).Finalized {
		t.Fatalf("finalize: %d %s", status, resp)
	}
	if status, resp = e.do(nil, "GET", pathf("/api/imports/%d/issues", s.ID), ctok, nil, ""); status != http.StatusOK {
		t.Errorf("colleague issues after finalize: %d %s", status, resp)
	}
	if status, resp = e.do(nil, "GET", pathf("/api/leads/%d", leadID), ctok, nil, ""); status != http.StatusOK {
		t.Errorf("colleague after finalize: %d %s", status, resp)
	}
	if status, resp = e.do(nil, "POST", pathf("/api/imports/%d/revert", s.ID), tok, nil, ""); status != http.StatusConflict {
		t.Errorf("revert a finalized import: %d %s", status, resp)
	}

	// Revert another one.
	s2 := e.apiImport(tok, "more.csv", []byte("Name,Phone\nMarie Côté,514 555 0199\n"), map[string]string{"type": "walk_in", "rule": "merge"})
	e.run(owner, s2.ID)
	status, resp = e.do(nil, "POST", pathf("/api/imports/%d/revert", s2.ID), tok, nil, "")
	if status != http.StatusOK || decodeJSON[leadport.Summary](t, resp).Status != leadport.StatusReverted {
		t.Fatalf("revert: %d %s", status, resp)
	}
	if status, resp = e.do(nil, "GET", "/api/leads?module=walk_in", tok, nil, ""); decodeJSON[leadsJSON](t, resp).Total != 0 {
		t.Errorf("leads after revert = %s", resp)
	}
	if status, resp = e.do(nil, "GET", "/api/imports/999999", tok, nil, ""); status != http.StatusNotFound {
		t.Errorf("no such import: %d", status)
	}
	if status, resp = e.do(nil, "GET", "/api/imports/abc", tok, nil, ""); status != http.StatusBadRequest {
		t.Errorf("import abc: %d", status)
	}
}

func TestAPIImportBadRequests(t *testing.T) {
	e := newEnv(t)
	owner := e.addUser("owner@garage.ca", leadport.RoleDirector, true)
	tok := e.token(owner)
	fields := func(kv ...string) map[string]string {
		m := map[string]string{"type": "event", "rule": "merge"}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	tests := []struct {
		name   string
		file   []byte
		fields map[string]string
		ct     string // overrides the multipart content type
		want   string // in the message
	}{
		{"not multipart", nil, nil, "application/json", "multipart"},
		{"no file", nil, fields(), "", "CSV file"},
		{"no type", []byte(sampleCSV), map[string]string{"rule": "merge"}, "", "type"},
		{"bad type", []byte(sampleCSV), fields("type", "boat"), "", "boat"},
		{"bad rule", []byte(sampleCSV), fields("rule", "smash"), "", "smash"},
		{"bad delimiter", []byte(sampleCSV), fields("delimiter", "#"), "", "delimiter"},
		{"bad encoding", []byte(sampleCSV), fields("encoding", "ebcdic"), "", "encoding"},
		{"bad date format", []byte(sampleCSV), fields("date_format", "yyyy"), "", "date format"},
		{"unknown column", []byte(sampleCSV), fields("map", "Nom=last_name,Email=email_home"), "", "no column"},
		{"unknown field", []byte(sampleCSV), fields("map", "City=town"), "", "not a field"},
		{"mapping lacks a name", []byte(sampleCSV), fields("map", "Email=email_home"), "", "lacks"},
		{"auto mapping lacks contact", []byte("Name,City\nJean Côté,Laval\n"), fields(), "", "phone or email"},
		{"excel file", []byte("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00"), fields(), "", "Excel"},
		{"empty file", []byte(""), fields(), "", "empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, ct := uploadBody(t, "leads.csv", tt.file, tt.fields)
			if tt.ct != "" {
				ct = tt.ct
			}
			status, resp := e.do(nil, "POST", "/api/imports", tok, body, ct)
			if status != http.StatusBadRequest {
				t.Fatalf("status %d, want 400: %s", status, resp)
			}
			code, msg := errorOf(t, resp)
			if code != leadport.EINVALID || !strings.Contains(msg, tt.want) {
				t.Errorf("error %q %q, want a message with %q", code, msg, tt.want)
			}
		})
	}
	// No draft is left behind, and none shows.
	status, resp := e.do(nil, "GET", "/api/imports", tok, nil, "")
	if status != http.StatusOK || strings.TrimSpace(resp) != "[]" {
		t.Errorf("imports = %d %s", status, resp)
	}
}

func TestAPIUploadLimit(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.MaxUploadBytes = 2 << 10 })
	owner := e.addUser("owner@garage.ca", leadport.RoleDirector, true)
	big := []byte(sampleCSV + strings.Repeat("Jean,Côté,514-555-0101,jf@x.ca,Laval\n", 200))
	body, ct := uploadBody(t, "big.csv", big, map[string]string{"type": "event", "rule": "merge"})
	status, resp := e.do(nil, "POST", "/api/imports", e.token(owner), body, ct)
	if status != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413: %s", status, resp)
	}
	if code, msg := errorOf(t, resp); code != leadport.EINVALID || !strings.Contains(msg, "larger than") {
		t.Errorf("error %q %q", code, msg)
	}
}

func TestAPIWindows1252File(t *testing.T) {
	e := newEnv(t)
	owner := e.addUser("owner@garage.ca", leadport.RoleDirector, true)
	file, err := os.ReadFile("testdata/leads_fr_1252.csv")
	if err != nil {
		t.Fatal(err)
	}
	s := e.apiImport(e.token(owner), "leads_fr_1252.csv", file, map[string]string{"type": "event", "rule": "merge", "date_format": "dmy"})
	imp := e.run(owner, s.ID)
	want := leadport.Counters{Processed: 6, Created: 5, Failed: 1, Notes: 1}
	if diff := cmp.Diff(want, imp.Counters); diff != "" {
		t.Errorf("counters (-want +got):\n%s", diff)
	}
	leads, _, err := e.app.SearchLeads(t.Context(), owner, app.LeadQuery{Query: "Hélène Lévesque"})
	if err != nil || len(leads) != 1 {
		t.Fatalf("search: %v %d", err, len(leads))
	}
	l, err := e.app.Lead(t.Context(), owner, leads[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if l.City != "Québec" || len(l.Notes) != 1 || !strings.Contains(l.Notes[0].Body, "[import] Home phone: 555-12") {
		t.Errorf("lead = %+v, notes %+v", l, l.Notes)
	}
}
