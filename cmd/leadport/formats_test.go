package main

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestExportFormats imports, with the automatic mapping alone, files made
// after the documented export formats of Google Contacts, Outlook,
// Thunderbird and a dealership DMS, on every database.
func TestExportFormats(t *testing.T) {
	type phone struct{ typ, number, ext string }
	type email struct{ typ, address string }
	type check struct {
		first  string
		phones []phone
		emails []email
		notes  []string
		city   string
		// vehicles as "kind make model year"
		vehicles []string
	}
	tests := []struct {
		file     string
		want     counters
		unmapped string // the start of the one warning line
		leads    []check
	}{
		{"google_contacts.csv", counters{processed: 5, created: 5, notes: 1},
			"warning: 34 of 56 columns are not mapped, their values will not be imported: ",
			[]check{
				{first: "Jean-François", city: "Montréal", notes: []string{"Salon de l'auto 2026"},
					phones: []phone{{"home", "+15145550102", ""}, {"mobile", "+15145550101", ""}},
					emails: []email{{"home", "jf.cote@videotron.ca"}, {"work", "jfcote@garage.ca"}}},
				{first: "Marie", phones: []phone{{"work", "+18195550142", "12"}}, emails: []email{{"home", "marie.tremblay@bell.net"}}},
				// Phone 1 is a "Work Fax": no phone of his, kept in a note.
				{first: "Paul", phones: []phone{{"mobile", "+14385550100", ""}}, notes: []string{"[import] Home phone: 514-555-0199 — bad value"}},
				{first: "Sophie", emails: []email{{"work", "sophie@garagegagnon.ca"}}},
				// Two mobiles: the second takes the free home slot.
				{first: "Luc", city: "Québec", phones: []phone{{"home", "+14185550124", ""}, {"mobile", "+14185550123", ""}}},
			}},
		{"outlook.csv", counters{processed: 4, created: 4},
			"warning: 73 of 92 columns are not mapped, their values will not be imported: ",
			[]check{
				{first: "John", city: "Burlington", notes: []string{"Met at the Burlington auto show.", "Wants a pickup."},
					phones: []phone{{"home", "+18025550111", ""}, {"mobile", "+18025550112", ""}, {"work", "+18025550110", ""}},
					emails: []email{{"home", "john.miller@example.com"}, {"work", "jmiller@millertransport.com"}}},
				{first: "Karen", city: "Plattsburgh", phones: []phone{{"mobile", "+15185550133", ""}}, emails: []email{{"home", "karen.obrien@example.net"}}},
				{first: "Nadia", phones: []phone{{"work", "+15145550144", "201"}}},
				{first: "Pierre", phones: []phone{{"home", "+14505550155", ""}}, emails: []email{{"home", "pierre.lavoie@example.org"}}},
			}},
		{"thunderbird.csv", counters{processed: 3, created: 3},
			"warning: 22 of 38 columns are not mapped, their values will not be imported: ",
			[]check{
				{first: "Émilie", city: "Lévis",
					phones: []phone{{"home", "+14185550171", ""}, {"mobile", "+15815550172", ""}, {"work", "+14185550170", "4410"}},
					emails: []email{{"home", "emilie.bergeron@videotron.ca"}, {"work", "ebergeron@ulaval.ca"}}},
				{first: "Marc", notes: []string{"Rappeler en avril"}, phones: []phone{{"mobile", "+18195550180", ""}}, emails: []email{{"home", "marc.dubois@free.fr"}}},
				// No first or last name: the display name is the full name.
				{first: "Garage", phones: []phone{{"work", "+14185550190", ""}}, emails: []email{{"home", "info@garagelevesque.ca"}}},
			}},
		{"dms_sales.csv", counters{processed: 3, created: 3, notes: 1},
			`warning: 4 of 28 columns are not mapped, their values will not be imported: "Deal #", "Stock #", "Mileage" (maybe exchange_odometer), "Sales Manager"`,
			[]check{
				{first: "Robert", city: "Sherbrooke",
					phones:   []phone{{"home", "+18195550201", ""}, {"mobile", "+18195550202", ""}},
					emails:   []email{{"home", "robert.fortin@example.ca"}},
					vehicles: []string{"wanted Toyota RAV4 2026", "exchange Honda Civic 2017"}},
				{first: "Linda", city: "Magog", phones: []phone{{"mobile", "+18195550210", ""}}, emails: []email{{"home", "linda.nguyen@example.com"}},
					vehicles: []string{"wanted Mazda CX-5 2022"}},
				// The salesperson is no user of the dealership: a note.
				{first: "Gilles", city: "Granby", phones: []phone{{"work", "+14505550220", "33"}}, notes: []string{"[import] Advisor: Jacques Inconnu — bad value"},
					vehicles: []string{"wanted Toyota Corolla 2026", "exchange Ford Focus 2012"}},
			}},
	}
	for _, db := range databases(t) {
		t.Run(db.name, func(t *testing.T) {
			t.Parallel()
			c := newCLI(t, db.make(t))
			c.dealership()
			for _, tt := range tests {
				r := c.run("", "import", "--as", owner.email, "--file", testdata(tt.file), "--type", "event", "--rule", "create",
					"--json", "--date-format", "mdy")
				if r.code != 0 {
					t.Fatalf("%s: exit %d: %s", tt.file, r.code, r.stderr)
				}
				sum := decodeSummary(t, r.stdout)
				if diff := cmp.Diff(tt.want, sum.counters(), cmp.AllowUnexported(counters{})); diff != "" {
					t.Errorf("%s: counters (-want +got):\n%s", tt.file, diff)
				}
				if strings.Count(r.stderr, "warning:") != 1 || !strings.Contains(r.stderr, tt.unmapped) {
					t.Errorf("%s: stderr\n%s\nwant one warning line starting %q", tt.file, r.stderr, tt.unmapped)
				}
				leads := c.export(owner.email, "--import", strconv.FormatInt(sum.ID, 10))
				if len(leads) != len(tt.leads) {
					t.Fatalf("%s: %d leads, want %d", tt.file, len(leads), len(tt.leads))
				}
				for i, want := range tt.leads {
					l := leads[i]
					got := check{first: l.FirstName, city: l.City}
					for _, p := range l.Phones {
						got.phones = append(got.phones, phone{p.Type, p.Number, p.Extension})
					}
					for _, e := range l.Emails {
						got.emails = append(got.emails, email{e.Type, e.Address})
					}
					for _, n := range l.Notes {
						got.notes = append(got.notes, strings.Split(n.Body, "\n")...)
					}
					for _, v := range l.Vehicles {
						got.vehicles = append(got.vehicles, strings.Join([]string{v.Kind, v.Make, v.Model, v.Year}, " "))
					}
					if diff := cmp.Diff(want, got, cmp.AllowUnexported(check{}, phone{}, email{})); diff != "" {
						t.Errorf("%s: lead %d (-want +got):\n%s", tt.file, i+1, diff)
					}
				}
			}
		})
	}
}

// --map 'auto,…' takes the suggestions, then the overrides: #N for a
// column by number, - to leave one out.
func TestMapOverrides(t *testing.T) {
	c := newCLI(t, filepath.Join(t.TempDir(), "leadport.db"))
	c.dealership()
	dry := func(args ...string) (summaryJSON, string) {
		t.Helper()
		r := c.run("", append([]string{"import", "--as", owner.email, "--file", testdata("dms_sales.csv"), "--type", "event",
			"--rule", "create", "--json", "--dry-run", "--date-format", "mdy"}, args...)...)
		if r.code != 0 {
			t.Fatalf("%v: exit %d: %s", args, r.code, r.stderr)
		}
		return decodeSummary(t, r.stdout), r.stderr
	}
	// The salesperson no user knows is a note; left out, it is not.
	sum, stderr := dry("--map", "auto,Salesperson=-,#20=exchange_odometer")
	if sum.Notes != 0 || sum.Created != 3 {
		t.Errorf("overrides: %+v, want 3 created and no note", sum)
	}
	// #20 is "Mileage": it took the field from "Trade Mileage", now unmapped.
	if !strings.Contains(stderr, `"Trade Mileage" (maybe exchange_odometer)`) || !strings.Contains(stderr, `"Salesperson" (maybe advisor)`) {
		t.Errorf("stderr %s", stderr)
	}
	c.fails(1, `The file has no column "Customer". Its columns are:`, "import", "--as", owner.email, "--file", testdata("dms_sales.csv"),
		"--type", "event", "--rule", "create", "--dry-run", "--map", "auto,Customer=full_name")
	c.fails(1, `"#99" names no column: the file has columns #1 to #28.`, "import", "--as", owner.email, "--file", testdata("dms_sales.csv"),
		"--type", "event", "--rule", "create", "--dry-run", "--map", "auto,#99=-")

	// The mapping saved with an import is used the next time by --map auto.
	r := c.run("", "import", "--as", owner.email, "--file", testdata("dms_sales.csv"), "--type", "event", "--rule", "create",
		"--json", "--date-format", "mdy", "--map", "auto,Salesperson=-")
	if r.code != 0 {
		t.Fatalf("import: %s", r.stderr)
	}
	first := decodeSummary(t, r.stdout)
	sum, stderr = dry()
	if sum.Notes != 0 || !strings.Contains(stderr, "mapping: as in your import "+strconv.FormatInt(first.ID, 10)+" of ") ||
		!strings.Contains(stderr, "(dms_sales.csv), saved for these columns") {
		t.Errorf("second import: %+v, stderr %s; want the saved mapping, without the salesperson", sum, stderr)
	}
}
