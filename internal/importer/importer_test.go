package importer_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/app"
	"github.com/leadport/leadport/internal/storetest"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// env is an account with a director who can import, on a real store.
type env struct {
	app      *app.App
	director *leadport.User
}

func newEnv(t *testing.T, open func(*testing.T) leadport.Store) *env {
	t.Helper()
	st := open(t)
	a := app.New(st, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ctx := context.Background()
	acc, err := a.CreateAccount(ctx, "Garage Test")
	if err != nil {
		t.Fatal(err)
	}
	d, err := a.AddUser(ctx, nil, app.NewUser{AccountID: acc.ID, Email: "dir@test.ca", Name: "Dana Director",
		Role: leadport.RoleDirector, CanImport: true, Password: "password123"})
	if err != nil {
		t.Fatal(err)
	}
	return &env{app: a, director: d}
}

// run imports content (a CSV file) with the automatic mapping and returns
// the finished import.
func (e *env) run(t *testing.T, rule leadport.Rule, content string) *leadport.Import {
	t.Helper()
	ctx := context.Background()
	imp, _, err := e.app.UploadImport(ctx, e.director, "leads.csv", strings.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	imp, err = e.app.StartImport(ctx, e.director, imp.ID, app.ImportSettings{Type: leadport.TypeEvent, Rule: rule})
	if err != nil {
		t.Fatal(err)
	}
	imp, err = e.app.RunNow(ctx, e.director, imp.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if imp.Status != leadport.StatusFinished {
		t.Fatalf("status %s (%s), want finished", imp.Status, imp.Error)
	}
	return imp
}

// leads returns every lead of the account, by ID.
func (e *env) leads(t *testing.T) []*leadport.Lead {
	t.Helper()
	var leads []*leadport.Lead
	err := e.app.Store.ExportLeads(context.Background(), leadport.ViewerOf(e.director), leadport.LeadFilter{},
		func(l *leadport.Lead) error { leads = append(leads, l); return nil })
	if err != nil {
		t.Fatal(err)
	}
	return leads
}

func noteLines(l *leadport.Lead) []string {
	var lines []string
	for _, n := range l.Notes {
		lines = append(lines, strings.Split(n.Body, "\n")...)
	}
	return lines
}

func counters(imp *leadport.Import) leadport.Counters { return imp.Counters }

const header = "First name,Last name,Home phone,Mobile phone,Email,City,Wanted make,Comment\n"

// L is the existing lead of SPEC §9's worked examples.
const rowL = "Jean-François,Côté,(514) 555-0101,,jf.cote@videotron.ca,Montréal,,\n"

// TestWorkedExamples imports each row of SPEC §9's table alone over L, under
// both rules, and checks the counters, what happened to L and the notes.
func TestWorkedExamples(t *testing.T) {
	tests := []struct {
		name string
		row  string
		// Create: the counters, and whether the new lead is associated with L.
		create leadport.Counters
		// Merge: the counters, L afterwards (the fields checked) and L's note lines.
		merge      leadport.Counters
		mergedL    func(l *leadport.Lead) string
		notes      []string // [import] lines on the new lead (create) or on L (merge)
		createNote bool     // the create rule writes the notes too
	}{
		{
			name:    "name and phone, extension ignored",
			row:     "JEAN FRANCOIS,COTE,514.555.0101 poste 22,,,,,\n",
			create:  leadport.Counters{Processed: 1, Created: 1, Associated: 1},
			merge:   leadport.Counters{Processed: 1, Merged: 1},
			mergedL: func(l *leadport.Lead) string { return l.PhoneHome + " ext " + l.PhoneHomeExt + " " + l.FirstName },
		},
		{
			name:    "name swapped and email",
			row:     "Côté,Jean-François,,,JF.Cote@Videotron.ca,,,\n",
			create:  leadport.Counters{Processed: 1, Created: 1, Associated: 1},
			merge:   leadport.Counters{Processed: 1, Merged: 1},
			mergedL: func(l *leadport.Lead) string { return l.PhoneHome + " ext " + l.PhoneHomeExt + " " + l.FirstName },
		},
		{
			name:   "phone only",
			row:    "Marie,Côté,+1 514 555 0101,,marie@x.ca,,,\n",
			create: leadport.Counters{Processed: 1, Created: 1},
			merge:  leadport.Counters{Processed: 1, Created: 1},
		},
		{
			name:       "phone and email, other name",
			row:        "Paul,Roy,5145550101,,jf.cote@videotron.ca,,,\n",
			create:     leadport.Counters{Processed: 1, Created: 1, Associated: 1},
			merge:      leadport.Counters{Processed: 1, Merged: 1, Notes: 2},
			mergedL:    func(l *leadport.Lead) string { return l.FirstName + " " + l.LastName },
			notes:      []string{"[import] First name: Paul — kept aside: the card already had Jean-François", "[import] Last name: Roy — kept aside: the card already had Côté"},
			createNote: false,
		},
		{
			name:   "name only, another phone",
			row:    "Jean-François,Côté,,(438) 555-0199,,Laval,,\n",
			create: leadport.Counters{Processed: 1, Created: 1},
			merge:  leadport.Counters{Processed: 1, Created: 1},
		},
		{
			name:    "name and email, new mobile, other city",
			row:     "Jean-François,Côté,,(438) 555-0199,jf.cote@videotron.ca,Laval,,\n",
			create:  leadport.Counters{Processed: 1, Created: 1, Associated: 1},
			merge:   leadport.Counters{Processed: 1, Merged: 1, Notes: 1},
			mergedL: func(l *leadport.Lead) string { return l.PhoneMobile + " " + l.City },
			notes:   []string{"[import] City: Laval — kept aside: the card already had Montréal"},
		},
		{
			name:       "name and email, a bad phone",
			row:        "Jean-François,Côté,555-12,,jf.cote@videotron.ca,,,\n",
			create:     leadport.Counters{Processed: 1, Created: 1, Associated: 1, Notes: 1},
			merge:      leadport.Counters{Processed: 1, Merged: 1, Notes: 1},
			mergedL:    func(l *leadport.Lead) string { return l.PhoneHome },
			notes:      []string{"[import] Home phone: 555-12 — bad value"},
			createNote: true,
		},
		{
			name:   "nothing to identify",
			row:    ",,,,,,Toyota,Wants a RAV4\n",
			create: leadport.Counters{Processed: 1, Failed: 1},
			merge:  leadport.Counters{Processed: 1, Failed: 1},
		},
	}
	want := map[string]string{
		"name and phone, extension ignored":      "+15145550101 ext 22 Jean-François",
		"name swapped and email":                 "+15145550101 ext  Jean-François",
		"phone and email, other name":            "Jean-François Côté",
		"name and email, new mobile, other city": "+14385550199 Montréal",
		"name and email, a bad phone":            "+15145550101",
	}
	for name, open := range storetest.Stores(t) {
		for _, tt := range tests {
			t.Run(name+"/"+tt.name+"/create", func(t *testing.T) {
				e := newEnv(t, open)
				e.run(t, leadport.RuleCreate, header+rowL)
				imp := e.run(t, leadport.RuleCreate, header+tt.row)
				if diff := cmp.Diff(tt.create, counters(imp)); diff != "" {
					t.Errorf("counters (-want +got):\n%s", diff)
				}
				leads := e.leads(t)
				if len(leads) != 1+int(tt.create.Created) {
					t.Fatalf("%d leads, want %d", len(leads), 1+tt.create.Created)
				}
				l := leads[0]
				if got := noteLines(l); len(got) != 0 {
					t.Errorf("L got notes %q under Create", got)
				}
				if tt.create.Created == 1 {
					n := leads[1]
					assoc := slices.Contains(n.Associated, l.ID) && slices.Contains(l.Associated, n.ID)
					if assoc != (tt.create.Associated == 1) {
						t.Errorf("associated with L = %v, want %v", assoc, tt.create.Associated == 1)
					}
					var wantNotes []string
					if tt.createNote {
						wantNotes = tt.notes
					}
					if diff := cmp.Diff(wantNotes, noteLines(n)); diff != "" {
						t.Errorf("new lead's notes (-want +got):\n%s", diff)
					}
				}
			})
			t.Run(name+"/"+tt.name+"/merge", func(t *testing.T) {
				e := newEnv(t, open)
				e.run(t, leadport.RuleCreate, header+rowL)
				imp := e.run(t, leadport.RuleMerge, header+tt.row)
				if diff := cmp.Diff(tt.merge, counters(imp)); diff != "" {
					t.Errorf("counters (-want +got):\n%s", diff)
				}
				leads := e.leads(t)
				if len(leads) != 1+int(tt.merge.Created) {
					t.Fatalf("%d leads, want %d", len(leads), 1+tt.merge.Created)
				}
				l := leads[0]
				if tt.mergedL != nil {
					if got := tt.mergedL(l); got != want[tt.name] {
						t.Errorf("L afterwards: %q, want %q", got, want[tt.name])
					}
				}
				if tt.merge.Merged == 1 {
					if diff := cmp.Diff(tt.notes, noteLines(l)); diff != "" {
						t.Errorf("L's notes (-want +got):\n%s", diff)
					}
				}
			})
		}
	}
}

// TestSameFileRows checks SPEC §9's Ève Tremblay rows: earlier rows of the
// same file are candidates, and a row matching two leads merges into the
// best one and associates the other.
func TestSameFileRows(t *testing.T) {
	const file = "First name,Last name,Home phone,Email\n" +
		"Ève,Tremblay,819-555-0142,\n" +
		"EVE,TREMBLAY,,eve.t@bell.net\n"
	const third = "Eve,Tremblay,8195550142,eve.t@bell.net\n"
	for name, open := range storetest.Stores(t) {
		t.Run(name+"/two rows", func(t *testing.T) {
			e := newEnv(t, open)
			imp := e.run(t, leadport.RuleMerge, file)
			if diff := cmp.Diff(leadport.Counters{Processed: 2, Created: 2}, counters(imp)); diff != "" {
				t.Errorf("counters (-want +got):\n%s", diff)
			}
		})
		t.Run(name+"/merge", func(t *testing.T) {
			e := newEnv(t, open)
			imp := e.run(t, leadport.RuleMerge, file+third)
			if diff := cmp.Diff(leadport.Counters{Processed: 3, Created: 2, Merged: 1, Associated: 1}, counters(imp)); diff != "" {
				t.Errorf("counters (-want +got):\n%s", diff)
			}
			leads := e.leads(t)
			if len(leads) != 2 {
				t.Fatalf("%d leads, want 2", len(leads))
			}
			// Both match on two criteria; the second lead is the most
			// recently updated, so the row merges into it: it takes the phone.
			best, other := leads[1], leads[0]
			if best.PhoneHome != "+18195550142" || best.EmailHome != "eve.t@bell.net" {
				t.Errorf("best lead has phone %q email %q, want both", best.PhoneHome, best.EmailHome)
			}
			if other.EmailHome != "" {
				t.Errorf("other lead got email %q", other.EmailHome)
			}
			if !slices.Contains(best.Associated, other.ID) {
				t.Errorf("leads not associated: %v", best.Associated)
			}
		})
		t.Run(name+"/create", func(t *testing.T) {
			e := newEnv(t, open)
			imp := e.run(t, leadport.RuleCreate, file+third)
			if diff := cmp.Diff(leadport.Counters{Processed: 3, Created: 3, Associated: 1}, counters(imp)); diff != "" {
				t.Errorf("counters (-want +got):\n%s", diff)
			}
			leads := e.leads(t)
			if got := leads[2].Associated; !slices.Equal(got, []int64{leads[0].ID, leads[1].ID}) {
				t.Errorf("third lead associated with %v, want both others", got)
			}
		})
	}
}

// TestBlankLines: a header, 5 rows with data and 2 blank lines → Processed = 5.
func TestBlankLines(t *testing.T) {
	e := newEnv(t, sqlite)
	imp := e.run(t, leadport.RuleCreate, "Name;Cell\nA B;5145550001\n\nC D;5145550002\n;\nE F;5145550003\nG H;5145550004\nI J;5145550005\n")
	if imp.Processed != 5 || imp.Total != 5 || imp.Created != 5 {
		t.Errorf("processed %d of %d, created %d; want 5 of 5, 5", imp.Processed, imp.Total, imp.Created)
	}
}

// TestFiles imports the files of testdata/ and compares their outcome with
// the golden files beside them: the counters, each lead and its notes, the
// issue report.
func TestFiles(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.csv")
	if len(files) == 0 {
		t.Fatal("no test files")
	}
	for _, f := range files {
		for _, rule := range []leadport.Rule{leadport.RuleCreate, leadport.RuleMerge} {
			t.Run(filepath.Base(f)+"/"+string(rule), func(t *testing.T) {
				content, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				e := newEnv(t, sqlite)
				imp := e.run(t, rule, string(content))
				var got bytes.Buffer
				writeOutcome(&got, imp, e.leads(t))
				e.app.WriteIssueReport(context.Background(), e.director, imp.ID, &got)
				golden := strings.TrimSuffix(f, ".csv") + "." + string(rule) + ".golden"
				if *update {
					os.WriteFile(golden, got.Bytes(), 0o644)
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run with -update to create it)", err)
				}
				if diff := cmp.Diff(string(want), got.String()); diff != "" {
					t.Errorf("outcome (-want +got):\n%s", diff)
				}
			})
		}
	}
}

func writeOutcome(w io.Writer, imp *leadport.Import, leads []*leadport.Lead) {
	c := imp.Counters
	io.WriteString(w, app.Describe(c)+"\n")
	ids := make(map[int64]int)
	for i, l := range leads {
		ids[l.ID] = i + 1
	}
	for i, l := range leads {
		var assoc []string
		for _, a := range l.Associated {
			assoc = append(assoc, "#"+strconv.Itoa(ids[a]))
		}
		cols := l.Columns()
		var vals []string
		for k, c := range cols {
			if *c != "" && leadport.CardColumns[k] != "original_at" {
				vals = append(vals, leadport.CardColumns[k]+"="+*c)
			}
		}
		io.WriteString(w, "#"+strconv.Itoa(i+1)+" "+string(l.Type)+" "+strings.Join(vals, " | ")+"\n")
		for _, v := range l.Vehicles {
			io.WriteString(w, "   vehicle "+v.Kind+" "+strings.Join([]string{v.Year, v.Make, v.Model, v.Trim, v.VIN, v.Odometer}, "/")+"\n")
		}
		if len(assoc) > 0 {
			io.WriteString(w, "   associated "+strings.Join(assoc, " ")+"\n")
		}
		for _, n := range l.Notes {
			io.WriteString(w, "   note: "+strings.ReplaceAll(n.Body, "\n", "\n         ")+"\n")
		}
	}
}

func sqlite(t *testing.T) leadport.Store { return storetest.OpenSQLite(t) }

// TestDryRunAcrossBatches: a dry run over more rows than one batch counts
// exactly what the import does, even when a later row merges into a lead
// that an earlier batch created or changed.
func TestDryRunAcrossBatches(t *testing.T) {
	var b strings.Builder
	b.WriteString("First name,Last name,Home phone,Mobile phone,Email\n")
	const n = 45000 // more than two of a dry run's 20,000-row batches
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "Client%d,Test,514555%04d,,\n", i, i%10000)
	}
	for i := 0; i < 300; i++ { // merge into leads of the first batch, twice
		fmt.Fprintf(&b, "Client%d,Test,514555%04d,438555%04d,c%d@test.ca\n", i, i, i, i)
		fmt.Fprintf(&b, "Client%d,Test,,450555%04d,c%d@test.ca\n", i, i, i)
	}
	e := newEnv(t, sqlite)
	ctx := context.Background()
	content := b.String()
	draft, _, err := e.app.UploadImport(ctx, e.director, "big.csv", strings.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	dry, err := e.app.DryRun(ctx, e.director, draft.ID, app.ImportSettings{Type: leadport.TypeEvent, Rule: leadport.RuleMerge})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.app.DiscardDraft(ctx, e.director, draft.ID); err != nil {
		t.Fatal(err)
	}
	imp := e.run(t, leadport.RuleMerge, content)
	if diff := cmp.Diff(imp.Counters, dry); diff != "" {
		t.Errorf("dry run counters differ from the import's (-import +dry):\n%s", diff)
	}
}
