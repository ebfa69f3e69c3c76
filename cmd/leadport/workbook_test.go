package main

import (
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestImportWorkbook: an Excel workbook (testdata/workbook.xlsx, saved by
// LibreOffice from testdata/first_import.csv) imports exactly as the same
// data as CSV: the same counts, the same leads, the same issue report with
// the same row numbers, in a dry run and for real, on every database.
func TestImportWorkbook(t *testing.T) {
	for _, db := range databases(t) {
		t.Run(db.name, func(t *testing.T) {
			t.Parallel()
			c := newCLI(t, db.make(t))
			c.dealership()

			// Two dealerships, so that neither import sees the other's leads.
			fromCSV := c.importJSON(owner.email, testdata("first_import.csv"), "create")
			dry := c.importJSON(outsider.email, testdata("workbook.xlsx"), "create", "--dry-run").counters()
			fromXLSX := c.importJSON(outsider.email, testdata("workbook.xlsx"), "create", "--sheet", "first_import")
			want := counters{processed: 6, created: 5, associated: 1, failed: 1, notes: 2}
			for name, got := range map[string]counters{"csv": fromCSV.counters(), "xlsx dry run": dry, "xlsx": fromXLSX.counters()} {
				if diff := cmp.Diff(want, got, cmp.AllowUnexported(counters{})); diff != "" {
					t.Errorf("%s counters (-want +got):\n%s", name, diff)
				}
			}
			if fromXLSX.Status != "finished" {
				t.Errorf("xlsx import is %s", fromXLSX.Status)
			}
			if diff := cmp.Diff(comparable(c.export(owner.email)), comparable(c.export(outsider.email))); diff != "" {
				t.Errorf("leads (-csv +xlsx):\n%s", diff)
			}
			csvReport := c.ok("imports", "issues", "--as", owner.email, strconv.FormatInt(fromCSV.ID, 10))
			xlsxReport := c.ok("imports", "issues", "--as", outsider.email, strconv.FormatInt(fromXLSX.ID, 10))
			if csvReport != xlsxReport || len(csvReport) < 40 {
				t.Errorf("issue reports differ:\ncsv:\n%s\nxlsx:\n%s", csvReport, xlsxReport)
			}
		})
	}
}

// comparable strips what differs between two imports of the same data: the
// IDs.
func comparable(leads []lead) []lead {
	out := make([]lead, len(leads))
	for i, l := range leads {
		l.ID, l.ImportID = 0, nil
		if len(l.Associated) > 0 {
			l.Associated = []int64{int64(len(l.Associated))}
		}
		out[i] = l
	}
	return out
}

// TestImportWorkbookSheetErrors: a sheet the workbook does not have, or a
// sheet for a CSV file, is a bad command line (exit 2) that lists the
// sheets; nothing is stored.
func TestImportWorkbookSheetErrors(t *testing.T) {
	c := newCLI(t, t.TempDir()+"/leadport.db")
	c.dealership()
	imp := func(file string, extra ...string) []string {
		return append([]string{"import", "--as", owner.email, "--file", file, "--type", "event", "--rule", "create"}, extra...)
	}
	for _, dry := range []string{"--json", "--dry-run"} {
		c.fails(2, "this workbook has no sheet “Clients”: its sheets are “first_import”. Choose one of them.",
			imp(testdata("workbook.xlsx"), "--sheet", "Clients", dry)...)
		c.fails(2, "this is a CSV file: it has no sheets", imp(testdata("base.csv"), "--sheet", "Clients", dry)...)
	}
	assertNothingStored(t, c)
}
