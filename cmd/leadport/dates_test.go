package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// datedLead is an exported lead with its dates.
type datedLead struct {
	FirstName string `json:"first_name"`
	BirthDate string `json:"birth_date"`
	SaleDate  string `json:"sale_date"`
	Notes     []struct {
		Body string `json:"body"`
	} `json:"notes"`
}

// TestImportDateFormatAuto: --date-format auto, the default, reads a file
// whose dates prove day-first as day-first and says why on stderr;
// the summary on stdout stays one JSON object.
func TestImportDateFormatAuto(t *testing.T) {
	c := newCLI(t, t.TempDir()+"/leadport.db")
	c.dealership()
	for _, extra := range [][]string{nil, {"--date-format", "auto"}} {
		args := append([]string{"import", "--as", owner.email, "--file", testdata("day_first.csv"), "--type", "event", "--rule", "create", "--json"}, extra...)
		r := c.run("", args...)
		if r.code != 0 {
			t.Fatalf("import %v: exit %d\n%s", extra, r.code, r.stderr)
		}
		sum := decodeSummary(t, r.stdout)
		if sum.Created != 4 || sum.Notes != 0 {
			t.Errorf("import %v: %+v, want 4 created and no notes", extra, sum)
		}
		const why = `dates: day-first: 28/02/1969 on line 4 (column "Date de naissance")`
		if !strings.Contains(r.stderr, why) {
			t.Errorf("import %v: stderr\n%s\nwant it to contain\n%s", extra, r.stderr, why)
		}
	}
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(c.ok("leads", "export", "--as", owner.email)), "\n") {
		var l datedLead
		if err := json.Unmarshal([]byte(line), &l); err != nil {
			t.Fatal(err)
		}
		got = append(got, l.FirstName+" "+l.BirthDate+" "+l.SaleDate)
	}
	want := []string{
		"Luc 1980-04-03 2024-01-05T14:30:00", "Anne 1975-11-12 ", "Marc 1969-02-28 2024-03-11T00:00:00", "Julie  2024-03-12T00:00:00",
	}
	want = append(want, want...)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("exported\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// A dry run proposes the same, for the same reason.
	r := c.run("", "import", "--as", owner.email, "--file", testdata("day_first.csv"), "--type", "event", "--rule", "create", "--dry-run")
	if r.code != 0 || !strings.Contains(r.stderr, "dates: day-first: 28/02/1969 on line 4") {
		t.Errorf("dry run: exit %d\n%s", r.code, r.stderr)
	}

	// An explicit format is taken as given, without a word: under mdy,
	// 28/02/1969 is a bad value.
	r = c.run("", "import", "--as", owner.email, "--file", testdata("day_first.csv"), "--type", "event", "--rule", "create", "--date-format", "mdy", "--dry-run")
	if r.code != 0 || strings.Contains(r.stderr, "dates:") || !strings.Contains(r.stdout, "0 failed, 1 notes") {
		t.Errorf("--date-format mdy: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestImportDateFormatUndecided: when no value proves an order, none is
// proposed, the user is warned with a value at stake, and such dates are
// bad values.
func TestImportDateFormatUndecided(t *testing.T) {
	c := newCLI(t, t.TempDir()+"/leadport.db")
	c.dealership()
	r := c.run("", "import", "--as", owner.email, "--file", testdata("undecided_dates.csv"), "--type", "event", "--rule", "create", "--json")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s", r.code, r.stderr)
	}
	const warn = `warning: dates: no order proposed, nothing in the file shows whether 03/04/1980 on line 2 (column "Birth date") is day-first or month-first`
	if !strings.Contains(r.stderr, warn) {
		t.Errorf("stderr\n%s\nwant it to contain\n%s", r.stderr, warn)
	}
	if sum := decodeSummary(t, r.stdout); sum.Created != 2 || sum.Notes != 2 {
		t.Errorf("%+v, want 2 created and 2 notes (the two birth dates)", sum)
	}
}
