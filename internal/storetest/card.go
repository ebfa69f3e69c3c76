package storetest

import (
	"database/sql"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/normalize"
)

// testDrafts: ListDrafts gives one user's drafts only, and the number of
// a draft deleted last is never handed out again.
func testDrafts(t *testing.T, s leadport.Store) {
	f := newFixture(t, s, "drafts")
	a := f.draft(t, "name,phone\nA B,5145550101\n")
	b := f.draft(t, "name,phone\nC D,5145550102\n")
	q := f.queued(t)
	other := &leadport.Import{AccountID: f.account.ID, OwnerID: f.other.ID, FileName: "other.csv"}
	must(t, s.CreateImport(ctx, other, strings.NewReader("x\n1\n")))
	got, err := s.ListDrafts(ctx, f.owner.ID)
	must(t, err)
	var ids []int64
	for _, d := range got {
		ids = append(ids, d.ID)
		if d.Status != leadport.StatusDraft || d.OwnerID != f.owner.ID || d.FileName != "leads.csv" {
			t.Errorf("draft %+v", d)
		}
	}
	if len(ids) != 2 || ids[0] != a.ID || ids[1] != b.ID {
		t.Errorf("drafts %v, want [%d %d] (not the queued %d nor the other user's %d)", ids, a.ID, b.ID, q.ID, other.ID)
	}
	must(t, s.DeleteDraft(ctx, other.ID))
	next := f.draft(t, "x\n1\n")
	if next.ID <= other.ID {
		t.Errorf("after deleting draft %d, the next import is numbered %d", other.ID, next.ID)
	}
}

// testUpdateLead: an edit changes the columns and vehicles it names, writes
// its history, and is refused when the lead changed since it was read.
func testUpdateLead(t *testing.T, s leadport.Store) {
	f := newFixture(t, s, "edit")
	l := f.lead(t, nil, "jean", "cote", "+15145550101", "jf@x.ca")
	l.City = "Montréal"
	imp := f.running(t, "seeder")
	l.ImportID, l.VisibleTo = imp.ID, imp.OwnerID
	vs := []leadport.Vehicle{{LeadID: l.ID, ImportID: imp.ID, Kind: leadport.VehicleWanted, Make: "Toyota"},
		{LeadID: l.ID, ImportID: imp.ID, Kind: leadport.VehicleExchange, Make: "Honda", Year: "2017"}}
	must(t, s.ApplyBatch(ctx, &leadport.Batch{ImportID: imp.ID, Worker: "seeder", Creates: []*leadport.Lead{l}, Vehicles: vs,
		Counters: leadport.Counters{Processed: 1, Created: 1}, Finished: true}))
	must(t, s.FinalizeImport(ctx, imp.ID))
	before, err := s.Lead(ctx, leadport.ViewerOf(f.owner), l.ID)
	must(t, err)
	after := *before
	after.City, after.FirstName, after.PhoneWork, after.PhoneWorkExt = "Laval", "Jean-François", "+14385550199", "4"
	after.Vehicles = []leadport.Vehicle{before.Vehicles[0], {Kind: leadport.VehicleExchange, Make: "Mazda"}}
	after.Vehicles[0].Model = "RAV4"
	changes := []leadport.Change{
		{UserID: f.other.ID, Field: "city", Old: "Montréal", New: "Laval"},
		{UserID: f.other.ID, Field: "wanted_model", Old: "", New: "RAV4", NoteID: 7},
	}
	must(t, s.UpdateLead(ctx, &leadport.LeadEdit{Before: before, After: &after, Changes: changes}))
	got, err := s.Lead(ctx, leadport.ViewerOf(f.owner), l.ID)
	must(t, err)
	if got.City != "Laval" || got.FirstName != "Jean-François" || got.PhoneWork != "+14385550199" || got.PhoneWorkExt != "4" ||
		got.LastName != "cote" || got.EmailHome != "jf@x.ca" || got.NameKey != "cote|jean francois" || !got.UpdatedAt.After(before.UpdatedAt) {
		t.Errorf("after the edit: %+v", got)
	}
	if len(got.Vehicles) != 2 || got.Vehicles[0].ID != before.Vehicles[0].ID || got.Vehicles[0].Model != "RAV4" ||
		got.Vehicles[1].Make != "Mazda" || got.Vehicles[1].Year != "" || got.Vehicles[1].ID == before.Vehicles[1].ID {
		t.Errorf("vehicles after the edit: %+v", got.Vehicles)
	}
	hist, err := s.LeadHistory(ctx, l.ID)
	must(t, err)
	if len(hist) != 2 || hist[0].Field != "city" || hist[0].Old != "Montréal" || hist[0].New != "Laval" || hist[0].User != f.other.Name ||
		hist[1].NoteID != 7 || !hist[0].At.Equal(got.UpdatedAt) {
		t.Errorf("history: %+v", hist)
	}
	// The edit was made on what was read; a second one from the same read
	// is refused rather than applied over the first.
	after.City = "Québec"
	wantCode(t, s.UpdateLead(ctx, &leadport.LeadEdit{Before: before, After: &after}), leadport.ECONFLICT)
	gone := *before
	gone.ID = l.ID + 1000
	wantCode(t, s.UpdateLead(ctx, &leadport.LeadEdit{Before: &gone, After: &gone}), leadport.ENOTFOUND)
	if got, _ := s.Lead(ctx, leadport.ViewerOf(f.owner), l.ID); got.City != "Laval" {
		t.Errorf("a refused edit changed the city to %q", got.City)
	}
}

// testNameWords: a search by words of a name finds a lead by any word's
// start, the name without its separators, through the import's batches and
// a person's edits alike, and only among the leads the viewer sees.
func testNameWords(t *testing.T, s leadport.Store) {
	f := newFixture(t, s, "words")
	person := func(first, last string) *leadport.Lead {
		l := f.lead(t, nil, first, last, "", "")
		l.NameKey = normalize.NameKey(first, last)
		return l
	}
	mike, jf, marie, sp := person("Mike", "O'Brien"), person("Jean-François", "Lévesque"), person("Marie", "Tremblay"), person("", "Saint-Pierre")
	f.seed(t, mike, jf, marie, sp)
	// Anne-Marie is the owner's alone: her import is not finalized.
	imp := f.running(t, "w")
	am := person("Anne-Marie", "Côté")
	am.ImportID, am.VisibleTo = imp.ID, f.owner.ID
	must(t, s.ApplyBatch(ctx, &leadport.Batch{ImportID: imp.ID, Worker: "w", Creates: []*leadport.Lead{am},
		Counters: leadport.Counters{Processed: 1, Created: 1}, Finished: true}))

	find := func(viewer *leadport.User, words ...string) []int64 {
		t.Helper()
		leads, n, err := s.SearchLeads(ctx, leadport.ViewerOf(viewer), leadport.LeadFilter{NameWords: words})
		must(t, err)
		got := ids(leads)
		if n != len(got) {
			t.Errorf("%q: count %d, %d leads", words, n, len(got))
		}
		slices.Sort(got)
		return got
	}
	tests := []struct {
		viewer *leadport.User
		words  []string
		want   []*leadport.Lead
	}{
		{f.other, []string{"obrien"}, []*leadport.Lead{mike}},
		{f.other, []string{"brien"}, []*leadport.Lead{mike}},
		{f.other, []string{"o", "brien"}, []*leadport.Lead{mike}},
		{f.other, []string{"mik"}, []*leadport.Lead{mike}},
		{f.other, []string{"jean"}, []*leadport.Lead{jf}},
		{f.other, []string{"francois"}, []*leadport.Lead{jf}},
		{f.other, []string{"jeanfr"}, []*leadport.Lead{jf}},
		{f.other, []string{"levesque", "jean"}, []*leadport.Lead{jf}},
		{f.other, []string{"levesque", "marie"}, nil},
		{f.other, []string{"marie"}, []*leadport.Lead{marie}},
		{f.owner, []string{"marie"}, []*leadport.Lead{marie, am}},
		{f.other, []string{"anne"}, nil},
		{f.other, []string{"pierre"}, []*leadport.Lead{sp}},
		{f.other, []string{"saint"}, []*leadport.Lead{sp}},
		{f.other, []string{"zzz"}, nil},
	}
	for _, tt := range tests {
		want := []int64{}
		for _, l := range tt.want {
			want = append(want, l.ID)
		}
		slices.Sort(want)
		if got := find(tt.viewer, tt.words...); !slices.Equal(got, want) {
			t.Errorf("%s searches %q: %v, want %v", tt.viewer.Name, tt.words, got, want)
		}
	}
	// A person's edit keeps the words current.
	before, err := s.Lead(ctx, leadport.ViewerOf(f.owner), marie.ID)
	must(t, err)
	after := *before
	after.FirstName = "Marie-Ève"
	must(t, s.UpdateLead(ctx, &leadport.LeadEdit{Before: before, After: &after}))
	if got := find(f.other, "eve"); !slices.Equal(got, []int64{marie.ID}) {
		t.Errorf("after the edit, eve finds %v", got)
	}
	before, err = s.Lead(ctx, leadport.ViewerOf(f.owner), marie.ID)
	must(t, err)
	after = *before
	after.FirstName = "Marie"
	must(t, s.UpdateLead(ctx, &leadport.LeadEdit{Before: before, After: &after}))
	if got := find(f.other, "eve"); len(got) != 0 {
		t.Errorf("after the name went back, eve finds %v", got)
	}
}

// testNameWordsFinalize: a name a Merge fills into an existing lead is
// found by its words once the import is finalized, and another user never
// finds it before.
func testNameWordsFinalize(t *testing.T, s leadport.Store) {
	f := newFixture(t, s, "wordsfin")
	roy := f.lead(t, nil, "", "Roy", "+15145550000", "")
	roy.NameKey = normalize.NameKey("", "Roy")
	f.seed(t, roy)
	imp := f.running(t, "w")
	before, after := *roy, *roy
	after.FirstName, after.NameKey, after.UpdatedAt = "Jean-François", normalize.NameKey("Jean-François", "Roy"), micro(time.Now().Add(time.Second))
	must(t, s.ApplyBatch(ctx, &leadport.Batch{ImportID: imp.ID, Worker: "w", Updates: []leadport.LeadUpdate{{Before: &before, After: &after}},
		Counters: leadport.Counters{Processed: 1, Merged: 1}, Finished: true}))
	find := func(u *leadport.User) int {
		t.Helper()
		leads, _, err := s.SearchLeads(ctx, f.as(u), leadport.LeadFilter{NameWords: []string{"francois"}})
		must(t, err)
		return len(leads)
	}
	if n := find(f.other); n != 0 {
		t.Errorf("before Finalize, another user finds %d leads by a word of the import's name", n)
	}
	must(t, s.FinalizeImport(ctx, imp.ID))
	for _, u := range []*leadport.User{f.owner, f.other} {
		if n := find(u); n != 1 {
			t.Errorf("after Finalize, %s finds %d leads by \"francois\", want 1", u.Email, n)
		}
	}
}

// testRevertLeavesNothing: after a revert, nothing of the leads the import
// created is left in any table — their name words and the history of the
// owner's edits included — as if the import had never run. It reads the
// tables themselves when the store lets a test do so.
func testRevertLeavesNothing(t *testing.T, s leadport.Store) {
	dbs, ok := s.(interface{ DB() *sql.DB })
	if !ok {
		t.Skip("the store gives no access to its tables")
	}
	f := newFixture(t, s, "revertall")
	imp := f.running(t, "w")
	l := f.lead(t, imp, "Anne-Marie", "O'Brien", "+15145550000", "")
	l.NameKey = normalize.NameKey(l.FirstName, l.LastName)
	must(t, s.ApplyBatch(ctx, &leadport.Batch{ImportID: imp.ID, Worker: "w", Creates: []*leadport.Lead{l},
		Counters: leadport.Counters{Processed: 1, Created: 1}, Finished: true}))
	before, err := s.Lead(ctx, f.as(f.owner), l.ID)
	must(t, err)
	after := *before
	after.City = "Laval"
	must(t, s.UpdateLead(ctx, &leadport.LeadEdit{Before: before, After: &after,
		Changes: []leadport.Change{{UserID: f.owner.ID, Field: "city", Old: "", New: "Laval"}}}))
	must(t, s.RevertImport(ctx, imp.ID))
	for _, table := range []string{"leads WHERE id", "lead_words WHERE lead_id", "lead_history WHERE lead_id", "notes WHERE lead_id", "vehicles WHERE lead_id"} {
		var n int
		must(t, dbs.DB().QueryRowContext(ctx, "SELECT count(*) FROM "+table+" = $1", l.ID).Scan(&n))
		if n != 0 {
			t.Errorf("after the revert, %d rows of %s = %d", n, table, l.ID)
		}
	}
}
