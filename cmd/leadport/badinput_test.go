package main

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestBadInput: a file or a command line the import cannot take is refused
// with a message that says what is wrong, and nothing at all is stored.
func TestBadInput(t *testing.T) {
	c := newCLI(t, t.TempDir()+"/leadport.db")
	c.dealership()
	imp := func(file string, extra ...string) []string {
		return append([]string{"import", "--as", owner.email, "--file", file, "--type", "event", "--rule", "create"}, extra...)
	}
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no phone or email column", imp(testdata("no_contact.csv")), 1,
			"The mapping lacks at least one phone or email: map a column to it."},
		{"explicit map without a name", imp(testdata("base.csv"), "--map", "Home phone=phone_home,First name=first_name"), 1,
			"The mapping lacks a last name (or a full name): map a column to it."},
		{"explicit map with an unknown field", imp(testdata("base.csv"), "--map", "Home phone=telephone"), 1,
			`"telephone" is not a field. The fields are: first_name, last_name`},
		{"explicit map with an unknown column", imp(testdata("base.csv"), "--map", "Phone=phone_home"), 1,
			`The file has no column "Phone". Its columns are: "First name", "Last name", "Home phone"`},
		{"a field mapped twice", imp(testdata("base.csv"), "--map", "First name=first_name,Last name=first_name,Home phone=phone_home"), 1,
			`The field "first_name" is mapped to two columns`},
		{"unclosed quote", imp(testdata("unclosed_quote.csv")), 1,
			"The file cannot be read: line 3, column 2: "},
		{"invalid bytes", imp(testdata("latin1.csv"), "--encoding", "utf-8"), 1,
			"The file cannot be read: line 3"},
		{"damaged workbook", imp(testdata("damaged.xlsx")), 1,
			"The file cannot be read: this Excel workbook is damaged or incomplete (its ZIP structure is broken). Open it in Excel and save it again."},
		{"unknown type", []string{"import", "--as", owner.email, "--file", testdata("base.csv"), "--type", "walkin", "--rule", "create"}, 1,
			`"walkin" is not a lead type. The types are: email, sms, phone, walk_in`},
		{"unknown rule", []string{"import", "--as", owner.email, "--file", testdata("base.csv"), "--type", "event", "--rule", "replace"}, 1,
			`The rule must be create or merge, not "replace".`},
		{"unknown date format", imp(testdata("base.csv"), "--date-format", "dd/mm/yyyy"), 1,
			`The date format must be auto, ymd, dmy or mdy, not "dd/mm/yyyy".`},
		{"no such file", imp(testdata("missing.csv")), 1, "There is no file testdata/missing.csv."},
		// A header, a blank line and a line of empty cells: no data row.
		{"header only", imp(testdata("header_only.csv")), 2, "This file has a header line but no data rows"},
		{"header only, dry run", imp(testdata("header_only.csv"), "--dry-run"), 2, "This file has a header line but no data rows"},
		{"unknown delimiter", imp(testdata("base.csv"), "--delimiter", "colon"), 2, `unknown delimiter "colon"`},
		{"unknown encoding", imp(testdata("base.csv"), "--encoding", "ebcdic"), 2, `unknown encoding "ebcdic"`},
		{"no type", []string{"import", "--as", owner.email, "--file", testdata("base.csv"), "--rule", "create"}, 2, "--type is required"},
		{"no --as", []string{"import", "--file", testdata("base.csv"), "--type", "event", "--rule", "create"}, 2, "--as EMAIL is required"},
		{"unknown flag", imp(testdata("base.csv"), "--force"), 2, "flag provided but not defined: -force"},
		{"unknown command", []string{"imports", "delete", "1"}, 2, `"imports delete" is not a command`},
		{"import ID not a number", []string{"imports", "show", "--as", owner.email, "last"}, 2, `the import ID must be a number, not "last"`},
		{"no import ID", []string{"imports", "finalize", "--as", owner.email}, 2, "which import?"},
		{"no such import", []string{"imports", "show", "--as", owner.email, "42"}, 1, "Import 42 does not exist."},
		{"bad export format", []string{"leads", "export", "--as", owner.email, "--format", "xlsx"}, 2, `--format must be jsonl or csv, not "xlsx"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &cli{t: t, db: c.db, env: c.env}
			r := c.fails(tt.code, tt.want, tt.args...)
			if strings.Contains(r.stderr, "internal error") {
				t.Errorf("a person's mistake shown as an internal error: %s", r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("stdout: %q, want nothing", r.stdout)
			}
			assertNothingStored(t, c)
		})
	}

	// The unclosed quote's message names where and hints at the delimiter.
	r := c.run("", imp(testdata("unclosed_quote.csv"))...)
	if !strings.Contains(r.stderr, "Is the delimiter right?") {
		t.Errorf("unclosed quote: %s, want a hint about the delimiter", r.stderr)
	}
	// Unmapped columns are warned about, in one line, each with the field
	// the suggester would give it.
	r = c.run("", imp(testdata("update.csv"), "--dry-run", "--map", "First name=first_name,Last name=last_name,Email=email_home")...)
	if r.code != 0 || strings.Count(r.stderr, "warning:") != 1 ||
		!strings.Contains(r.stderr, `columns are not mapped, their values will not be imported: "Home phone" (maybe phone_home), "Mobile phone" (maybe phone_mobile), "Work email" (maybe email_work), "City" (maybe city)`) {
		t.Errorf("explicit mapping: exit %d, stderr %s; want one warning line naming the unmapped columns with their likely field", r.code, r.stderr)
	}
	assertNothingStored(t, c)
}

// assertNothingStored checks that the database holds no import at all (not
// even a draft), no file and no lead.
func assertNothingStored(t *testing.T, c *cli) {
	t.Helper()
	if out := c.ok("imports", "list", "--as", owner.email, "--json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("imports list --json = %s, want []", out)
	}
	db, err := sql.Open("sqlite", c.db)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	counts := map[string]int{}
	for _, table := range []string{"imports", "import_chunks", "leads", "notes", "import_issues"} {
		var n int
		if err := db.QueryRowContext(context.Background(), "SELECT count(*) FROM "+table).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		counts[table] = n
	}
	want := map[string]int{"imports": 0, "import_chunks": 0, "leads": 0, "notes": 0, "import_issues": 0}
	if diff := cmp.Diff(want, counts); diff != "" {
		t.Errorf("rows stored (-want +got):\n%s", diff)
	}
}

// TestDryRun: a dry run gives the counters the import then gives, with ID 0,
// status dry_run and no times, and stores nothing.
func TestDryRun(t *testing.T) {
	c := newCLI(t, t.TempDir()+"/leadport.db")
	c.dealership()
	assertNothingStored(t, c)
	for _, rule := range []string{"create", "merge"} {
		before := c.ok("leads", "export", "--as", owner.email)
		dry := c.importJSON(owner.email, testdata("update.csv"), rule, "--dry-run")
		if dry.ID != 0 || dry.Status != "dry_run" || dry.StartedAt != nil || dry.FinishedAt != nil || dry.Finalized {
			t.Errorf("%s: dry run summary %+v, want id 0, status dry_run, null times", rule, dry)
		}
		if rule == "create" {
			assertNothingStored(t, c)
		} else if after := c.ok("leads", "export", "--as", owner.email); after != before {
			t.Errorf("%s: the dry run changed the leads", rule)
		}
		real := c.importJSON(owner.email, testdata("update.csv"), rule)
		if dry.counters() != real.counters() {
			t.Errorf("%s: dry run counters %+v, import counters %+v", rule, dry.counters(), real.counters())
		}
		if rule == "create" {
			c.ok("imports", "finalize", "--as", owner.email, strconv.FormatInt(real.ID, 10))
			c.importJSON(owner.email, testdata("base.csv"), "create")
		}
	}
	// Without --json, one line for people.
	out := c.ok("import", "--as", owner.email, "--file", testdata("update.csv"), "--type", "event", "--rule", "merge", "--dry-run")
	if !strings.HasPrefix(out, "Dry run, nothing stored: 5 processed") {
		t.Errorf("dry run says %q", out)
	}
}
