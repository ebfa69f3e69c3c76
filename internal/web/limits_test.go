package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/app"
	"github.com/leadport/leadport/internal/csvread"
	"github.com/leadport/leadport/internal/storetest"
)

// The security review imported a file whose first cell was 50 MB of "x": the
// lead's list page weighed 52 MB and its card 157 MB, for everyone once
// finalized. A cell over 32 KiB is a bad value (SPEC §10): the note says how
// long it was, the issue report keeps its first KiB, the row's other values
// are imported, and the pages stay small.
func TestHugeCell(t *testing.T) {
	const size = 50 << 20
	for name, open := range storetest.Stores(t) {
		t.Run(name, func(t *testing.T) {
			e := newEnvOn(t, open(t))
			u := e.addUser("dir@garage.ca", leadport.RoleDirector, true)
			var file bytes.Buffer
			file.WriteString("First name,Last name,Home phone\n\"")
			file.Write(bytes.Repeat([]byte("x"), size))
			file.WriteString("\",Côté,514-555-0101\n")
			imp := e.importCSV(u, file.String())
			if imp.Created != 1 || imp.Failed != 0 || imp.Notes != 1 {
				t.Fatalf("import: created %d, failed %d, notes %d; want 1, 0, 1", imp.Created, imp.Failed, imp.Notes)
			}
			if _, err := e.app.FinalizeImport(context.Background(), u, imp.ID); err != nil {
				t.Fatal(err)
			}
			c := e.client(u)
			status, list := e.do(c, "GET", "/leads", "", nil, "")
			if status != http.StatusOK || len(list) > 100<<10 || !strings.Contains(list, "Côté") {
				t.Errorf("GET /leads: %d, %d bytes; want 200, at most 100 KiB, with the lead", status, len(list))
			}
			status, body := e.do(nil, "GET", "/api/leads", e.token(u), nil, "")
			leads := decodeJSON[leadsJSON](t, body)
			if status != http.StatusOK || len(leads.Leads) != 1 {
				t.Fatalf("GET /api/leads: %d %.300s", status, body)
			}
			l := leads.Leads[0]
			status, card := e.do(c, "GET", pathf("/leads/%d", l.ID), "", nil, "")
			if status != http.StatusOK || len(card) > 100<<10 {
				t.Errorf("GET /leads/%d: %d, %d bytes; want 200, at most 100 KiB", l.ID, status, len(card))
			}
			_, body = e.do(nil, "GET", pathf("/api/leads/%d", l.ID), e.token(u), nil, "")
			full := decodeJSON[app.ExportedLead](t, body)
			wantNote := "[import] First name: a value of 52,428,800 characters, too long to keep (the limit is 32 KiB)"
			if full.FirstName != "" || full.LastName != "Côté" || len(full.Phones) != 1 ||
				len(full.Notes) != 1 || full.Notes[0].Body != wantNote {
				t.Errorf("lead: first %q, last %q, phones %v, notes %q; want \"\", Côté, one phone, %q",
					shortText(full.FirstName), full.LastName, full.Phones, full.Notes, wantNote)
			}
			status, report := e.do(nil, "GET", pathf("/api/imports/%d/issues", imp.ID), e.token(u), nil, "")
			recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(report, "\uFEFF"))).ReadAll()
			// A header, the summary of the column, and the line of the row.
			if status != http.StatusOK || err != nil || len(recs) != 3 {
				t.Fatalf("issue report: %d, %v, %.300s", status, err, report)
			}
			is := recs[2]
			if is[0] != "Row" || is[2] != "2" || is[3] != "First name" || is[4] != strings.Repeat("x", csvread.CutCell)+"…" ||
				!strings.Contains(is[6], "52,428,800 characters") {
				t.Errorf("issue line %q, column %q, value of %d bytes, reason %q", is[2], is[3], len(is[4]), is[6])
			}
		})
	}
}

// The same cell unquoted makes a line over 1 MiB: the file is refused at
// upload, naming the line, and no import is left behind.
func TestHugeLineRefused(t *testing.T) {
	for name, open := range storetest.Stores(t) {
		t.Run(name, func(t *testing.T) {
			e := newEnvOn(t, open(t))
			u := e.addUser("dir@garage.ca", leadport.RoleDirector, true)
			tok := e.token(u)
			tests := []struct {
				name, file, want string
			}{
				{"line over 1 MiB", "First name,Last name,Home phone\nJean,Côté,514-555-0101\n" + strings.Repeat("x", 2<<20) + ",Roy,514-555-0102\n",
					"line 3: a line longer than 1 MiB"},
				{"more than 1000 columns", "First name,Last name,Home phone\nJean,Côté,514-555-0101" + strings.Repeat(",", 1000) + "\n",
					"line 2, column 1001: more than 1000 columns"},
			}
			for _, tt := range tests {
				body, ct := uploadBody(t, "leads.csv", []byte(tt.file), map[string]string{"type": "event", "rule": "merge"})
				status, resp := e.do(nil, "POST", "/api/imports", tok, body, ct)
				code, msg := "", ""
				if status != http.StatusCreated {
					code, msg = errorOf(t, resp)
				}
				if status != http.StatusBadRequest || code != leadport.EINVALID || !strings.Contains(msg, tt.want) {
					t.Errorf("%s: %d %s %q; want 400 saying %q", tt.name, status, code, msg, tt.want)
				}
			}
			imps, err := e.app.ListImports(context.Background(), u)
			if err != nil || len(imps) != 0 {
				t.Errorf("imports left: %d, %v", len(imps), err)
			}
		})
	}
}

func shortText(s string) string {
	if len(s) > 40 {
		return fmt.Sprintf("%.40s… (%d bytes)", s, len(s))
	}
	return s
}
