package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/leadport/leadport/internal/demo"
)

// TestUnmappedColumnsOneWarning: a file of 1,000 columns, two of them
// mapped, gets one warning line naming a few of the others, not 998.
func TestUnmappedColumnsOneWarning(t *testing.T) {
	c := newCLI(t, filepath.Join(t.TempDir(), "leadport.db"))
	c.dealership()
	head := []string{"First name", "Last name", "Email"}
	row := []string{"Marie", "Côté", "marie@example.com"}
	for i := len(head); i < 1000; i++ {
		head = append(head, "Extra "+strconv.Itoa(i+1))
		row = append(row, "x")
	}
	file := filepath.Join(t.TempDir(), "wide.csv")
	if err := os.WriteFile(file, []byte(strings.Join(head, ",")+"\n"+strings.Join(row, ",")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := c.run("", "import", "--as", owner.email, "--file", file, "--type", "event", "--rule", "merge", "--dry-run")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	if len(lines) != 1 {
		t.Fatalf("stderr has %d lines, want 1: %.300q", len(lines), r.stderr)
	}
	want := `warning: 997 of 1000 columns are not mapped, their values will not be imported: "Extra 4", "Extra 5", "Extra 6", "Extra 7", "Extra 8" and 992 more`
	if lines[0] != want {
		t.Errorf("warning:\n got %s\nwant %s", lines[0], want)
	}
}

// TestDryRunJSONHasNoIDNorCreatedAt: a dry run stores nothing, so its JSON
// carries no import number and no creation time rather than zeros.
func TestDryRunJSONHasNoIDNorCreatedAt(t *testing.T) {
	c := newCLI(t, filepath.Join(t.TempDir(), "leadport.db"))
	c.dealership()
	out := c.ok("import", "--as", owner.email, "--file", testdata("update.csv"), "--type", "event", "--rule", "merge", "--dry-run", "--json")
	if strings.Contains(out, `"id"`) || strings.Contains(out, `"created_at"`) || !strings.Contains(out, `"status":"dry_run"`) {
		t.Errorf("dry run JSON: %s", out)
	}
	out = c.ok("import", "--as", owner.email, "--file", testdata("update.csv"), "--type", "event", "--rule", "merge", "--json")
	if !strings.Contains(out, `"id":1`) {
		t.Errorf("import JSON lacks its id: %s", out)
	}
}

// TestDemoBadValuesFile: the demo's bad-values.csv holds what the demo says
// it holds: bad phones, bad dates, bad emails and cells beyond the header,
// each several times, and rows with nothing to identify.
func TestDemoBadValuesFile(t *testing.T) {
	dir := t.TempDir()
	if err := demo.WriteFiles(dir); err != nil {
		t.Fatal(err)
	}
	c := newCLI(t, filepath.Join(t.TempDir(), "leadport.db"))
	c.dealership()
	imp := c.importJSON(owner.email, filepath.Join(dir, "bad-values.csv"), "merge")
	report := c.ok("imports", "issues", "--as", owner.email, strconv.FormatInt(imp.ID, 10))
	count := map[string]int{}
	for _, line := range strings.Split(report, "\n") {
		switch {
		case strings.Contains(line, "phone") && strings.Contains(line, "not a phone number"):
			count["phone"]++
		case strings.Contains(line, "Birth") || strings.Contains(line, "date"):
			count["date"]++
		case strings.Contains(line, "beyond the last column"):
			count["extra"]++
		case strings.Contains(line, "@") && strings.Contains(line, "not an email"):
			count["email"]++
		}
	}
	for _, k := range []string{"phone", "date", "extra"} {
		if count[k] < 3 {
			t.Errorf("%s problems in bad-values.csv: %d, want at least 3 (%v)\n%s", k, count[k], count, report)
		}
	}
	t.Logf("problems: %v", count)
	if imp.Failed == 0 {
		t.Error("bad-values.csv has no row with nothing to identify")
	}
}
