package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/app"
	"github.com/leadport/leadport/internal/storetest"
)

// TestPreviewProblems: the preview counts the bad values of its sample per
// column, by distinct value, and adds to its first rows the first row that
// shows a problem they do not: a bad value of another column, a failed row.
func TestPreviewProblems(t *testing.T) {
	ctx := context.Background()
	d := newDealership(t, storetest.OpenSQLite(t))
	owner := d.user("owner@garage.ca", leadport.RoleDirector, true)

	var b strings.Builder
	b.WriteString("First name,Last name,Home phone,Email,City\n")
	for row := 2; row <= 37; row++ { // as a spreadsheet numbers them: the header is row 1
		phone, email := fmt.Sprintf("514-555-%04d", row), fmt.Sprintf("c%d@garage.ca", row)
		switch {
		case row == 4 || (row >= 21 && row <= 27):
			phone = "n/a"
		case row >= 28 && row <= 31:
			phone = " 555-1234"
		case row == 34:
			email = "jean@"
		}
		if row == 36 {
			fmt.Fprintf(&b, ",,,,Laval\n")
			continue
		}
		fmt.Fprintf(&b, "Client,N%d,%s,%s,Montréal\n", row, phone, email)
	}
	imp, _, err := d.a.UploadImport(ctx, owner, "leads.csv", strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	pv, err := d.a.Preview(ctx, owner, imp.ID, app.ImportSettings{Type: leadport.TypeEvent, Rule: leadport.RuleMerge}, 15)
	if err != nil {
		t.Fatal(err)
	}
	if pv.Sampled != 36 || !pv.Whole {
		t.Errorf("sampled %d rows (whole file: %v), want 36 (true)", pv.Sampled, pv.Whole)
	}
	type value struct {
		Value string
		Count int
		Line  int
	}
	type problem struct {
		Column string
		Count  int
		Values []value
	}
	var got []problem
	for _, p := range pv.Problems {
		g := problem{Column: p.Column, Count: p.Count}
		for _, v := range p.Values {
			g.Values = append(g.Values, value{v.Value, v.Count, v.Line})
		}
		got = append(got, g)
	}
	want := []problem{
		{"Home phone", 12, []value{{"n/a", 8, 4}, {" 555-1234", 4, 28}}},
		{"", 1, nil},
		{"Email", 1, []value{{"jean@", 1, 34}}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	// The first 15 rows (lines 2 to 16), then the first bad email and the
	// failed row; no later bad phone, since line 4 shows one.
	var lines []int
	for _, r := range pv.Rows {
		if r.Later != (r.Line > 16) {
			t.Errorf("line %d: later = %v", r.Line, r.Later)
		}
		lines = append(lines, r.Line)
	}
	wantLines := []int{2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 34, 36}
	if diff := cmp.Diff(wantLines, lines); diff != "" {
		t.Errorf("preview lines (-want +got):\n%s", diff)
	}
}
