package main

import (
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestEndToEnd sets up a dealership, imports a file, lists, shows,
// finalizes and exports it, on every database.
func TestEndToEnd(t *testing.T) {
	for _, db := range databases(t) {
		t.Run(db.name, func(t *testing.T) {
			t.Parallel()
			c := newCLI(t, db.make(t))
			c.dealership()

			// testdata/first_import.csv: 6 rows. Row 4 is row 1's customer
			// (name and email): associated. Row 5 has a bad phone and a bad
			// email (2 notes); row 6 has nothing to identify anyone: failed.
			sum := c.importJSON(owner.email, testdata("first_import.csv"), "create")
			want := counters{processed: 6, created: 5, merged: 0, associated: 1, failed: 1, notes: 2}
			if diff := cmp.Diff(want, sum.counters(), cmp.AllowUnexported(counters{})); diff != "" {
				t.Errorf("import counters (-want +got):\n%s", diff)
			}
			if sum.ID == 0 || sum.Status != "finished" || sum.StartedAt == nil || sum.FinishedAt == nil || sum.Finalized {
				t.Errorf("import summary = %+v, want an ID, finished, with times, not finalized", sum)
			}
			id := strconv.FormatInt(sum.ID, 10)

			// list --json: a JSON array of the same objects; show --json: the object.
			out := c.ok("imports", "list", "--as", owner.email, "--json")
			var raw []json.RawMessage
			if err := json.Unmarshal([]byte(out), &raw); err != nil || len(raw) != 1 {
				t.Fatalf("imports list --json = %s (%v), want an array of one import", out, err)
			}
			if got := decodeSummary(t, string(raw[0])); !cmp.Equal(got, sum) {
				t.Errorf("imports list --json gives %+v, want %+v", got, sum)
			}
			// Flags after the ID work as well as before.
			if got := decodeSummary(t, c.ok("imports", "show", id, "--as", owner.email, "--json")); !cmp.Equal(got, sum) {
				t.Errorf("imports show --json gives %+v, want %+v", got, sum)
			}
			if got := decodeSummary(t, c.ok("imports", "show", "--json", "--as", director.email, id)); !cmp.Equal(got, sum) {
				t.Errorf("imports show --json as another director gives %+v, want %+v", got, sum)
			}
			table := c.ok("imports", "list", "--as", owner.email)
			for _, s := range []string{"first_import.csv", owner.name, "event", "create", "finished", "6/6"} {
				if !strings.Contains(table, s) {
					t.Errorf("imports list table lacks %q:\n%s", s, table)
				}
			}

			// Until it is finalized, only the owner sees the leads.
			leads := c.export(owner.email)
			if len(leads) != 5 {
				t.Fatalf("owner exports %d leads, want 5", len(leads))
			}
			for _, p := range []person{director, admin, advisor} {
				if got := c.export(p.email); len(got) != 0 {
					t.Errorf("%s sees %d leads before finalize, want none", p.email, len(got))
				}
			}
			jf, jf2 := leads[0], leads[3]
			if n, _ := jf.phone("home"); jf.FirstName != "Jean-François" || n != "+15145550101" || jf.email("home") != "jf.cote@videotron.ca" || jf.Module != "Event" || jf.Type != "event" {
				t.Errorf("first lead = %+v", jf)
			}
			if len(jf.Vehicles) != 1 || jf.Vehicles[0].Make != "Toyota" || len(jf.Notes) != 1 || jf.Notes[0].Body != "Salon de l'auto" {
				t.Errorf("first lead's vehicles %+v and notes %+v", jf.Vehicles, jf.Notes)
			}
			if !cmp.Equal(jf2.Associated, []int64{jf.ID}) || !cmp.Equal(jf.Associated, []int64{jf2.ID}) {
				t.Errorf("associations: %d → %v, %d → %v; want each other", jf.ID, jf.Associated, jf2.ID, jf2.Associated)
			}
			wantLines := []string{"[import] Email: sophie@ — bad value", "[import] Home phone: 555-12 — bad value"}
			if diff := cmp.Diff(wantLines, importLines(leads)); diff != "" {
				t.Errorf("[import] lines (-want +got):\n%s", diff)
			}
			for _, l := range leads {
				if l.ImportID == nil || *l.ImportID != sum.ID {
					t.Errorf("lead %d: import_id %v, want %d", l.ID, l.ImportID, sum.ID)
				}
			}

			// The issue report: the bad values and the failed row.
			report := c.ok("imports", "issues", "--as", owner.email, id)
			if !strings.HasPrefix(report, "\uFEFFSection,Row,File line,Column,Value,Count,Reason\n") {
				t.Errorf("issue report does not start with a BOM and its header:\n%s", report)
			}
			recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(report, "\uFEFF"))).ReadAll()
			var rows [][]string
			for _, r := range recs {
				if r[0] == "Row" {
					rows = append(rows, r)
				}
			}
			if err != nil || len(rows) != 3 {
				t.Fatalf("issue report (%v):\n%s\nwant 3 lines of rows", err, report)
			}
			if rows[2][1] != "7" || rows[2][2] != "7" || rows[2][3] != "(whole row)" || !strings.Contains(rows[2][4], "Honda") {
				t.Errorf("failed row in the issue report = %q", rows[2])
			}

			// Only the owner finalizes; then everyone of the account sees the leads.
			c.fails(1, "Only the owner of import "+id+" can finalize or revert it.", "imports", "finalize", "--as", director.email, id)
			c.ok("imports", "finalize", "--as", owner.email, id)
			if got := decodeSummary(t, c.ok("imports", "show", "--as", owner.email, id, "--json")); !got.Finalized {
				t.Errorf("after finalize: %+v", got)
			}
			for _, p := range []person{director, admin, advisor, agent} {
				if got := c.export(p.email); len(got) != 5 {
					t.Errorf("%s sees %d leads after finalize, want 5", p.email, len(got))
				}
			}
			if got := c.export(outsider.email); len(got) != 0 {
				t.Errorf("a user of another account sees %d leads", len(got))
			}
			if got := c.export(director.email, "--import", id); len(got) != 5 {
				t.Errorf("export --import %s: %d leads, want 5", id, len(got))
			}
			c.fails(1, "Import "+id+" is finalized", "imports", "revert", "--as", owner.email, id)

			// CSV export: a header and one record per lead, formulas neutralised.
			csvOut := c.ok("leads", "export", "--as", director.email, "--format", "csv")
			if !strings.HasPrefix(csvOut, "\uFEFF") {
				t.Errorf("csv export has no BOM: %q", csvOut[:10])
			}
			recs, err = csv.NewReader(strings.NewReader(strings.TrimPrefix(csvOut, "\uFEFF"))).ReadAll()
			if err != nil || len(recs) != 6 {
				t.Fatalf("csv export (%v): %d records, want 6:\n%s", err, len(recs), csvOut)
			}
			if recs[0][0] != "id" || recs[1][3] != "Jean-François" {
				t.Errorf("csv export starts %q, %q", recs[0][:5], recs[1][:5])
			}
		})
	}
}

// TestWorkedExamples imports each row of SPEC §9's table alone over the
// lead L, under both rules, and checks the counters, the associations and
// the exact "[import]" note lines.
func TestWorkedExamples(t *testing.T) {
	const header = "First name,Last name,Home phone,Mobile phone,Email,City,Wanted make,Wanted model,Comment\n"
	const rowL = "Jean-François,Côté,(514) 555-0101,,jf.cote@videotron.ca,Montréal,,,\n"
	type outcome struct {
		counters counters
		lines    []string                        // "[import]" lines of the whole account after the import
		check    func(l lead, all []lead) string // returns what is wrong, "" if nothing
	}
	unchanged := func(l lead, all []lead) string {
		n, ext := l.phone("home")
		if l.FirstName != "Jean-François" || l.LastName != "Côté" || n != "+15145550101" || ext != "" || len(l.Phones) != 1 ||
			l.email("home") != "jf.cote@videotron.ca" || len(l.Emails) != 1 || l.City != "Montréal" {
			return "L changed"
		}
		return ""
	}
	associatedWithL := func(l lead, all []lead) string {
		if msg := unchanged(l, all); msg != "" {
			return msg
		}
		if len(all) != 2 || !cmp.Equal(all[1].Associated, []int64{l.ID}) || !cmp.Equal(l.Associated, []int64{all[1].ID}) {
			return "want a new lead associated with L"
		}
		return ""
	}
	newNotAssociated := func(l lead, all []lead) string {
		if msg := unchanged(l, all); msg != "" {
			return msg
		}
		if len(all) != 2 || len(all[1].Associated) != 0 || len(l.Associated) != 0 {
			return "want a new lead, not associated"
		}
		return ""
	}
	tests := []struct {
		name          string
		row           string
		create, merge outcome
	}{
		{
			name:   "name and phone, extension ignored",
			row:    "JEAN FRANCOIS,COTE,514.555.0101 poste 22,,,,,,",
			create: outcome{counters{1, 1, 0, 1, 0, 0}, nil, associatedWithL},
			merge: outcome{counters{1, 0, 1, 0, 0, 0}, nil, func(l lead, all []lead) string {
				n, ext := l.phone("home")
				if len(all) != 1 || len(l.Phones) != 1 || n != "+15145550101" || ext != "22" || l.FirstName != "Jean-François" {
					return "want L alone, its home phone taking extension 22"
				}
				return ""
			}},
		},
		{
			name:   "name swapped and email",
			row:    "Côté,Jean-François,,,JF.Cote@Videotron.ca,,,,",
			create: outcome{counters{1, 1, 0, 1, 0, 0}, nil, associatedWithL},
			merge: outcome{counters{1, 0, 1, 0, 0, 0}, nil, func(l lead, all []lead) string {
				if len(all) != 1 {
					return "want L alone"
				}
				return unchanged(l, all)
			}},
		},
		{
			name:   "phone only",
			row:    "Marie,Côté,+1 514 555 0101,,marie@x.ca,,,,",
			create: outcome{counters{1, 1, 0, 0, 0, 0}, nil, newNotAssociated},
			merge:  outcome{counters{1, 1, 0, 0, 0, 0}, nil, newNotAssociated},
		},
		{
			name:   "phone and email, another name",
			row:    "Paul,Roy,5145550101,,jf.cote@videotron.ca,,,,",
			create: outcome{counters{1, 1, 0, 1, 0, 0}, nil, associatedWithL},
			merge: outcome{counters{1, 0, 1, 0, 0, 2}, []string{"[import] First name: Paul — kept aside: the card already had Jean-François", "[import] Last name: Roy — kept aside: the card already had Côté"}, func(l lead, all []lead) string {
				if len(all) != 1 {
					return "want L alone"
				}
				return unchanged(l, all)
			}},
		},
		{
			name:   "name only, another phone",
			row:    "Jean-François,Côté,,(438) 555-0199,,Laval,,,",
			create: outcome{counters{1, 1, 0, 0, 0, 0}, nil, newNotAssociated},
			merge:  outcome{counters{1, 1, 0, 0, 0, 0}, nil, newNotAssociated},
		},
		{
			name:   "name and email, new mobile, another city",
			row:    "Jean-François,Côté,,(438) 555-0199,jf.cote@videotron.ca,Laval,,,",
			create: outcome{counters{1, 1, 0, 1, 0, 0}, nil, associatedWithL},
			merge: outcome{counters{1, 0, 1, 0, 0, 1}, []string{"[import] City: Laval — kept aside: the card already had Montréal"}, func(l lead, all []lead) string {
				m, _ := l.phone("mobile")
				if len(all) != 1 || m != "+14385550199" || l.City != "Montréal" || len(l.Phones) != 2 {
					return "want L alone with mobile +14385550199, city Montréal"
				}
				return ""
			}},
		},
		{
			name:   "name and email, not a phone",
			row:    "Jean-François,Côté,555-12,,jf.cote@videotron.ca,,,,",
			create: outcome{counters{1, 1, 0, 1, 0, 1}, []string{"[import] Home phone: 555-12 — bad value"}, associatedWithL},
			merge: outcome{counters{1, 0, 1, 0, 0, 1}, []string{"[import] Home phone: 555-12 — bad value"}, func(l lead, all []lead) string {
				if len(all) != 1 || len(l.Notes) != 1 {
					return "want L alone with the note"
				}
				return unchanged(l, all)
			}},
		},
		{
			name: "nothing to identify",
			row:  ",,,,,,Toyota,RAV4,Wants a test drive",
			create: outcome{counters{1, 0, 0, 0, 1, 0}, nil, func(l lead, all []lead) string {
				if len(all) != 1 {
					return "want L alone"
				}
				return unchanged(l, all)
			}},
		},
	}
	tests[len(tests)-1].merge = tests[len(tests)-1].create

	for _, db := range databases(t) {
		t.Run(db.name, func(t *testing.T) {
			t.Parallel()
			c := newCLI(t, db.make(t))
			fileL := writeFile(t, "L.csv", header+rowL)
			for i, tt := range tests {
				for _, rule := range []string{"create", "merge"} {
					want := tt.create
					if rule == "merge" {
						want = tt.merge
					}
					t.Run(strconv.Itoa(i+1)+" "+tt.name+" "+rule, func(t *testing.T) {
						c := &cli{t: t, db: c.db, env: c.env}
						// Each case has a dealership of its own, holding L alone.
						account := "Case " + strconv.Itoa(i+1) + " " + rule
						email := "d" + strconv.Itoa(i+1) + rule + "@case.test"
						c.ok("account", "create", "--name", account)
						c.addUser(account, person{email, "Dana Director", "director", true})
						c.importJSON(email, fileL, "create")

						sum := c.importJSON(email, writeFile(t, "row.csv", header+tt.row+"\n"), rule)
						if diff := cmp.Diff(want.counters, sum.counters(), cmp.AllowUnexported(counters{})); diff != "" {
							t.Errorf("counters (-want +got):\n%s", diff)
						}
						leads := c.export(email)
						if diff := cmp.Diff(want.lines, importLines(leads)); diff != "" {
							t.Errorf("[import] lines (-want +got):\n%s", diff)
						}
						if len(leads) == 0 {
							t.Fatal("L is gone")
						}
						if msg := want.check(leads[0], leads); msg != "" {
							t.Errorf("%s; got %+v", msg, leads)
						}
						if sum.Failed > 0 {
							report := c.ok("imports", "issues", "--as", email, strconv.FormatInt(sum.ID, 10))
							if !strings.Contains(report, "Wants a test drive") || !strings.Contains(report, "no name, phone or email") {
								t.Errorf("issue report:\n%s", report)
							}
						}
					})
				}
			}
		})
	}
}

// TestEveTremblay is SPEC §9's three-row example: the third row matches
// both earlier rows on two criteria each.
func TestEveTremblay(t *testing.T) {
	const two = "First name,Last name,Phone,Email\nÈve,Tremblay,819-555-0142,\nEVE,TREMBLAY,,eve.t@bell.net\n"
	const three = two + "Eve,Tremblay,8195550142,eve.t@bell.net\n"
	for _, db := range databases(t) {
		t.Run(db.name, func(t *testing.T) {
			t.Parallel()
			c := newCLI(t, db.make(t))
			c.dealership()
			eveTremblay(t, c, two, three)
		})
	}
}

func eveTremblay(t *testing.T, c *cli, two, three string) {
	for _, rule := range []string{"create", "merge"} {
		// Two rows: name only in common, two leads either way.
		sum := c.importJSON(owner.email, writeFile(t, "two.csv", two), rule)
		if got, want := sum.counters(), (counters{2, 2, 0, 0, 0, 0}); got != want {
			t.Errorf("%s, two rows: counters %+v, want %+v", rule, got, want)
		}
		c.ok("imports", "revert", "--as", owner.email, strconv.FormatInt(sum.ID, 10))
	}

	sum := c.importJSON(owner.email, writeFile(t, "three.csv", three), "create")
	if got, want := sum.counters(), (counters{3, 3, 0, 1, 0, 0}); got != want {
		t.Errorf("create: counters %+v, want %+v", got, want)
	}
	leads := c.export(owner.email, "--import", strconv.FormatInt(sum.ID, 10))
	if len(leads) != 3 || !cmp.Equal(leads[2].Associated, []int64{leads[0].ID, leads[1].ID}) || len(leads[0].Associated) != 1 || len(leads[1].Associated) != 1 {
		t.Errorf("create: want the third lead associated with both others; got %+v", leads)
	}
	c.ok("imports", "revert", "--as", owner.email, strconv.FormatInt(sum.ID, 10))

	sum = c.importJSON(owner.email, writeFile(t, "three.csv", three), "merge")
	if got, want := sum.counters(), (counters{3, 2, 1, 1, 0, 0}); got != want {
		t.Errorf("merge: counters %+v, want %+v", got, want)
	}
	leads = c.export(owner.email, "--import", strconv.FormatInt(sum.ID, 10))
	// Both have two criteria; the second lead is the more recently updated.
	if len(leads) != 2 {
		t.Fatalf("merge: %d leads, want 2: %+v", len(leads), leads)
	}
	eve1, eve2 := leads[0], leads[1]
	if n, _ := eve2.phone("home"); n != "+18195550142" || eve2.email("home") != "eve.t@bell.net" || eve2.FirstName != "EVE" {
		t.Errorf("merge: want the third row merged into the second lead; got %+v", eve2)
	}
	if !cmp.Equal(eve1.Associated, []int64{eve2.ID}) || !cmp.Equal(eve2.Associated, []int64{eve1.ID}) {
		t.Errorf("merge: want the first lead associated with the second; got %v and %v", eve1.Associated, eve2.Associated)
	}
	if lines := importLines(leads); len(lines) != 0 {
		t.Errorf("merge: [import] lines %q, want none", lines)
	}
}

// TestBlankLines: a header, 5 rows with data and 2 blank lines: Processed = 5.
func TestBlankLines(t *testing.T) {
	for _, db := range databases(t) {
		t.Run(db.name, func(t *testing.T) {
			t.Parallel()
			c := newCLI(t, db.make(t))
			c.dealership()
			sum := c.importJSON(owner.email, testdata("blank_lines.csv"), "create")
			if got, want := sum.counters(), (counters{5, 5, 0, 0, 0, 0}); got != want {
				t.Errorf("counters %+v, want %+v", got, want)
			}
			if out := c.ok("imports", "list", "--as", owner.email); !strings.Contains(out, "5/5") {
				t.Errorf("imports list shows\n%s\nwant processed 5/5", out)
			}
		})
	}
}
