package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/app"
)

// TestPendingMergeOnEveryPath: a Merge that is not finalized changes what
// its owner sees, marked on the card, and nothing that anyone else sees, on
// the card page, the leads list and its search, and the API's lead, search
// and export (SPEC §6; issue 8, report 1). The finalize dialog names both
// counts, and Finalize publishes it.
func TestPendingMergeOnEveryPath(t *testing.T) {
	e := newEnv(t)
	d := e.addUser("dana@garage.ca", leadport.RoleDirector, true)
	m := e.addUser("manon@garage.ca", leadport.RoleManager, false)
	first := e.importCSVRule(d, "create", "First name,Last name,Home phone,Email\nJean,Côté,514-555-0101,jf@videotron.ca\n")
	if _, err := e.app.FinalizeImport(t.Context(), d, first.ID); err != nil {
		t.Fatal(err)
	}
	shared, _, err := e.app.SearchLeads(t.Context(), d, app.LeadQuery{ImportID: first.ID})
	if err != nil || len(shared) != 1 {
		t.Fatalf("the first import's lead: %v %v", shared, err)
	}
	l := shared[0].ID
	merge := e.importCSV(d, "First name,Last name,Home phone,Mobile phone,City,Wanted make\n"+
		"Jean,Côté,514-555-0101,438-555-0199,Laval,Toyota\nMarie,Roy,819-555-0100,,,\n")
	if merge.Merged != 1 || merge.Created != 1 || merge.LeadsChanged != 1 {
		t.Fatalf("merge import: %+v, %d leads changed", merge.Counters, merge.LeadsChanged)
	}
	created, _, err := e.app.SearchLeads(t.Context(), d, app.LeadQuery{ImportID: merge.ID})
	if err != nil || len(created) != 1 {
		t.Fatalf("the merge import's new lead: %v %v", created, err)
	}
	marie := created[0].ID
	dc, mc, dt, mt := e.client(d), e.client(m), e.token(d), e.token(m)
	pending := fmt.Sprintf("from import %d, not finalized", merge.ID)

	// The manager: nothing of it, anywhere.
	status, body := e.do(mc, "GET", pathf("/leads/%d", l), "", nil, "")
	if status != http.StatusOK || strings.Contains(body, "Laval") || strings.Contains(body, "438") || strings.Contains(body, "Toyota") ||
		strings.Contains(body, "not finalized") || strings.Contains(body, pathf("/leads/%d", marie)) {
		t.Errorf("the manager's card %d (status %d) shows the unfinalized merge:\n%s", l, status, body)
	}
	if status, _ := e.do(mc, "GET", pathf("/leads/%d", marie), "", nil, ""); status != http.StatusNotFound {
		t.Errorf("the manager opens the unfinalized lead %d: status %d", marie, status)
	}
	for _, q := range []string{"438-555-0199", "Roy", ""} {
		_, body := e.do(mc, "GET", "/leads?q="+q, "", nil, "")
		if strings.Contains(body, pathf("/leads/%d\"", marie)) || (q == "438-555-0199" && strings.Contains(body, pathf("/leads/%d\"", l))) {
			t.Errorf("the manager's search %q finds what the unfinalized merge did", q)
		}
	}
	_, body = e.do(nil, "GET", pathf("/api/leads/%d", l), mt, nil, "")
	if got := decodeJSON[app.ExportedLead](t, body); got.City != "" || len(got.Phones) != 1 || len(got.Vehicles) != 0 || len(got.Associated) != 0 {
		t.Errorf("the manager's API lead: %+v", got)
	}
	_, body = e.do(nil, "GET", "/api/leads?q=4385550199", mt, nil, "")
	if got := decodeJSON[leadsJSON](t, body); got.Total != 0 {
		t.Errorf("the manager's API search by the new mobile finds %d leads", got.Total)
	}
	_, body = e.do(nil, "GET", "/api/leads", mt, nil, "")
	if got := decodeJSON[leadsJSON](t, body); got.Total != 1 {
		t.Errorf("the manager's API list counts %d leads, want 1", got.Total)
	}
	_, body = e.do(nil, "GET", "/api/leads/export?format=csv", mt, nil, "")
	if strings.Contains(body, "Laval") || strings.Contains(body, "Roy") || strings.Count(strings.TrimSpace(body), "\n") != 1 {
		t.Errorf("the manager's CSV export shows the unfinalized merge:\n%s", body)
	}

	// The owner: all of it, marked.
	_, body = e.do(dc, "GET", pathf("/leads/%d", l), "", nil, "")
	for _, want := range []string{"Laval", "(438) 555-0199", "Toyota", pending} {
		if !strings.Contains(body, want) {
			t.Errorf("the owner's card lacks %q", want)
		}
	}
	_, body = e.do(dc, "GET", pathf("/leads/%d", marie), "", nil, "")
	if want := fmt.Sprintf("Created by import %d, not finalized", merge.ID); !strings.Contains(body, want) {
		t.Errorf("the card of the lead the import created lacks %q", want)
	}
	_, body = e.do(nil, "GET", "/api/leads?q=4385550199", dt, nil, "")
	if got := decodeJSON[leadsJSON](t, body); got.Total != 1 || got.Leads[0].City != "Laval" {
		t.Errorf("the owner's API search by the new mobile: %+v", got)
	}
	_, body = e.do(nil, "GET", pathf("/api/imports/%d", merge.ID), dt, nil, "")
	if got := decodeJSON[leadport.Summary](t, body); got.LeadsChanged != 1 || got.Created != 1 {
		t.Errorf("API import: %d leads changed, %d created", got.LeadsChanged, got.Created)
	}
	_, body = e.do(dc, "GET", "/imports", "", nil, "")
	dialog := body[strings.Index(body, fmt.Sprintf(`id="finalize-%d"`, merge.ID)):]
	dialog = dialog[:strings.Index(dialog, "</dialog>")]
	if !strings.Contains(dialog, `<b data-k="created">1</b> leads created and <b data-k="leads_changed">1</b> leads changed`) {
		t.Errorf("finalize dialog:\n%s", dialog)
	}

	// Finalize publishes it.
	if status, body := e.do(nil, "POST", pathf("/api/imports/%d/finalize", merge.ID), dt, nil, ""); status != http.StatusOK {
		t.Fatalf("finalize: %d %s", status, body)
	}
	_, body = e.do(mc, "GET", pathf("/leads/%d", l), "", nil, "")
	if !strings.Contains(body, "Laval") || !strings.Contains(body, "Toyota") || strings.Contains(body, "not finalized") {
		t.Errorf("the manager's card after finalize:\n%s", body)
	}
}
