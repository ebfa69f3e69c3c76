package storetest

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/leadport/leadport"
)

// Changesets (SPEC §6, "nothing is shared before Finalize"): what an
// unfinalized import does is seen by its owner alone, finalize publishes it
// by the Merge rules onto the leads as they are then, reverts commute.

// director adds a director who may import to the fixture's account.
func (f *fixture) director(t *testing.T, name string) *leadport.User {
	t.Helper()
	u := &leadport.User{AccountID: f.account.ID, Email: name + "@" + f.account.Name + ".ca", Name: name, Role: leadport.RoleDirector,
		CanImport: true, Locale: "en", PasswordHash: "z"}
	must(t, f.s.CreateUser(ctx, u))
	return u
}

// run is an import applied by hand, batch by batch, as the importer does.
type run struct {
	t      *testing.T
	f      *fixture
	imp    *leadport.Import
	owner  *leadport.User
	worker string
	c      leadport.Counters
}

// start creates, queues and claims an import of owner.
func (f *fixture) start(t *testing.T, owner *leadport.User) *run {
	t.Helper()
	imp := &leadport.Import{AccountID: f.account.ID, OwnerID: owner.ID, FileName: "leads.csv"}
	must(t, f.s.CreateImport(ctx, imp, strings.NewReader("name,phone\nJean Côté,5145550101\n")))
	imp.Type, imp.Rule, imp.Delimiter, imp.Encoding = leadport.TypeEvent, leadport.RuleMerge, ',', "utf-8"
	imp.Header, imp.Mapping, imp.Total = []string{"name", "phone"}, []string{"full_name", "phone_home"}, 1
	must(t, f.s.QueueImport(ctx, imp))
	worker := fmt.Sprintf("w%d", imp.ID)
	got, err := f.s.ClaimImportByID(ctx, imp.ID, worker, time.Minute)
	must(t, err)
	if got == nil {
		t.Fatalf("import %d not claimable", imp.ID)
	}
	return &run{t: t, f: f, imp: got, owner: owner, worker: worker}
}

func (r *run) apply(b *leadport.Batch) {
	r.t.Helper()
	b.ImportID, b.Worker = r.imp.ID, r.worker
	r.c.Processed++
	b.Counters = r.c
	must(r.t, r.f.s.ApplyBatch(ctx, b))
}

// merge merges into lead id, as the owner sees it, what fill changes, with
// the notes given.
func (r *run) merge(id int64, fill func(l *leadport.Lead), notes ...string) {
	r.t.Helper()
	leads, err := r.f.s.LeadsByID(ctx, leadport.ViewerOf(r.owner), []int64{id})
	must(r.t, err)
	if len(leads) != 1 {
		r.t.Fatalf("import %d: its owner does not see lead %d", r.imp.ID, id)
	}
	before := leads[0]
	after := *before
	fill(&after)
	after.UpdatedAt = micro(time.Now())
	b := &leadport.Batch{Updates: []leadport.LeadUpdate{{Before: before, After: &after}}}
	for _, n := range notes {
		b.Notes = append(b.Notes, leadport.Note{LeadID: id, AuthorID: r.owner.ID, Body: n, CreatedAt: micro(time.Now())})
		r.c.Notes++
	}
	r.c.Merged++
	r.apply(b)
}

// create creates a lead, associated with the leads given.
func (r *run) create(first, last, phone string, assoc ...int64) *leadport.Lead {
	r.t.Helper()
	l := r.f.lead(r.t, r.imp, first, last, phone, "")
	l.VisibleTo = r.owner.ID
	b := &leadport.Batch{Creates: []*leadport.Lead{l}}
	for _, a := range assoc {
		b.Links = append(b.Links, leadport.Link{A: l.ID, B: a})
	}
	r.c.Created++
	r.apply(b)
	return l
}

func (r *run) finish() {
	r.t.Helper()
	must(r.t, r.f.s.ApplyBatch(ctx, &leadport.Batch{ImportID: r.imp.ID, Worker: r.worker, Counters: r.c, Finished: true}))
}

func (r *run) get() *leadport.Import {
	r.t.Helper()
	imp, err := r.f.s.Import(ctx, r.imp.ID)
	must(r.t, err)
	return imp
}

func lead(t *testing.T, s leadport.Store, v leadport.Viewer, id int64) *leadport.Lead {
	t.Helper()
	l, err := s.Lead(ctx, v, id)
	must(t, err)
	return l
}

func search(t *testing.T, s leadport.Store, v leadport.Viewer, f leadport.LeadFilter) ([]int64, int) {
	t.Helper()
	leads, n, err := s.SearchLeads(ctx, v, f)
	must(t, err)
	return ids(leads), n
}

func matchKeys(t *testing.T, s leadport.Store, v leadport.Viewer) map[int64]leadport.MatchKeys {
	t.Helper()
	m := map[int64]leadport.MatchKeys{}
	must(t, s.ScanMatchKeys(ctx, v, func(k leadport.MatchKeys) error {
		m[k.ID] = k
		return nil
	}))
	return m
}

// wantError fails t unless err has the code and says want.
func wantError(t *testing.T, err error, code, want string) {
	t.Helper()
	wantCode(t, err, code)
	if !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not say %q", err, want)
	}
}

// testPendingMergeInvisible: a Merge that is not finalized changes nothing
// anyone else sees — card, search by the new phone or email, lists and
// counts, export, matching — while its owner sees all of it, marked as
// pending; Finalize publishes it (issue 8, report 1).
func testPendingMergeInvisible(t *testing.T, s leadport.Store) {
	f := newFixture(t, s, "pending")
	l := f.lead(t, nil, "jean francois", "cote", "+15145550101", "jf@videotron.ca")
	m := f.lead(t, nil, "marie", "cote", "+15145550102", "")
	f.seed(t, l, m)
	owner, other := f.as(f.owner), f.as(f.other)
	base := lead(t, s, other, l.ID)

	r := f.start(t, f.owner)
	n := r.create("nouveau", "client", "+15145550103", l.ID)
	r.merge(l.ID, func(x *leadport.Lead) {
		x.PhoneMobile, x.City, x.EmailWork = "+14385550199", "Laval", "jf@work.ca"
	}, "[import] First name: Paul")
	r.apply(&leadport.Batch{
		Vehicles: []leadport.Vehicle{{LeadID: l.ID, Kind: leadport.VehicleWanted, Make: "Toyota", Model: "RAV4"}},
		Links:    []leadport.Link{{A: l.ID, B: m.ID}},
	})
	r.finish()

	// Everyone else: exactly as before.
	if diff := cmp.Diff(base, lead(t, s, other, l.ID), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("card as another user (-before +now):\n%s", diff)
	}
	if _, err := s.Lead(ctx, other, n.ID); leadport.ErrorCode(err) != leadport.ENOTFOUND {
		t.Errorf("another user reads the created lead: %v", err)
	}
	for _, tc := range []struct {
		name string
		f    leadport.LeadFilter
		want []int64
	}{
		{"all", leadport.LeadFilter{}, []int64{m.ID, l.ID}},
		{"module", leadport.LeadFilter{Types: []leadport.LeadType{leadport.TypeEvent}}, []int64{m.ID, l.ID}},
		{"new mobile", leadport.LeadFilter{Phone: "+14385550199"}, []int64{}},
		{"new email", leadport.LeadFilter{Email: "jf@work.ca"}, []int64{}},
		{"created lead's phone", leadport.LeadFilter{Phone: "+15145550103"}, []int64{}},
		{"name", leadport.LeadFilter{NameFold: "nouv"}, []int64{}},
	} {
		got, cnt := search(t, s, other, tc.f)
		if !cmp.Equal(got, tc.want, cmpopts.EquateEmpty()) || cnt != len(tc.want) {
			t.Errorf("search %s as another user: %v (count %d), want %v", tc.name, got, cnt, tc.want)
		}
	}
	exp := export(t, s, other, leadport.LeadFilter{})
	if len(exp) != 2 || !cmp.Equal(exp[0], base, cmpopts.EquateEmpty()) {
		t.Errorf("export as another user: %d leads, first %+v; want the 2 leads as before", len(exp), exp[0])
	}
	byID, err := s.LeadsByID(ctx, other, []int64{l.ID, n.ID})
	must(t, err)
	if len(byID) != 1 || byID[0].PhoneMobile != "" || len(byID[0].Vehicles) != 0 {
		t.Errorf("LeadsByID as another user: %+v", byID)
	}
	keys := matchKeys(t, s, other)
	if _, ok := keys[n.ID]; ok || keys[l.ID].Phones[1] != "" || keys[l.ID].Emails[1] != "" {
		t.Errorf("match keys as another user: %+v", keys)
	}

	// The owner: everything, marked.
	got := lead(t, s, owner, l.ID)
	if got.PhoneMobile != "+14385550199" || got.City != "Laval" || got.EmailWork != "jf@work.ca" {
		t.Errorf("card as the owner: mobile %q, city %q, work email %q", got.PhoneMobile, got.City, got.EmailWork)
	}
	wantPending := map[string]int64{"phone_mobile": r.imp.ID, "city": r.imp.ID, "email_work": r.imp.ID}
	if diff := cmp.Diff(wantPending, got.Pending); diff != "" {
		t.Errorf("pending values as the owner (-want +got):\n%s", diff)
	}
	if len(got.Vehicles) != 1 || !got.Vehicles[0].Pending || len(got.Notes) != 1 || !got.Notes[0].Pending {
		t.Errorf("owner's card: vehicles %+v, notes %+v; want one of each, pending", got.Vehicles, got.Notes)
	}
	if !cmp.Equal(got.Associated, []int64{m.ID, n.ID}) || got.PendingLinks[m.ID] != r.imp.ID || got.PendingLinks[n.ID] != r.imp.ID {
		t.Errorf("owner's card: associated %v, pending links %v", got.Associated, got.PendingLinks)
	}
	for _, tc := range []struct {
		name string
		f    leadport.LeadFilter
		want []int64
	}{
		{"new mobile", leadport.LeadFilter{Phone: "+14385550199"}, []int64{l.ID}},
		{"new email", leadport.LeadFilter{Email: "jf@work.ca"}, []int64{l.ID}},
		{"all", leadport.LeadFilter{}, []int64{n.ID, m.ID, l.ID}},
	} {
		if got, cnt := search(t, s, owner, tc.f); !cmp.Equal(got, tc.want) || cnt != len(tc.want) {
			t.Errorf("search %s as the owner: %v (count %d), want %v", tc.name, got, cnt, tc.want)
		}
	}
	if k := matchKeys(t, s, owner)[l.ID]; k.Phones[1] != "+14385550199" || k.Emails[1] != "jf@work.ca" {
		t.Errorf("owner's match keys of lead %d: %+v", l.ID, k)
	}
	if imp := r.get(); imp.LeadsChanged != 1 || imp.Created != 1 {
		t.Errorf("import: %d leads changed, %d created; want 1 and 1", imp.LeadsChanged, imp.Created)
	}

	// Finalize publishes it all.
	must(t, s.FinalizeImport(ctx, r.imp.ID))
	pub := lead(t, s, other, l.ID)
	if pub.PhoneMobile != "+14385550199" || pub.City != "Laval" || pub.EmailWork != "jf@work.ca" || pub.Pending != nil ||
		len(pub.Vehicles) != 1 || pub.Vehicles[0].Pending || len(pub.Notes) != 1 || pub.Notes[0].Pending ||
		!cmp.Equal(pub.Associated, []int64{m.ID, n.ID}) || pub.PendingLinks != nil {
		t.Errorf("card as another user after finalize: %+v", pub)
	}
	if got, _ := search(t, s, other, leadport.LeadFilter{Phone: "+14385550199"}); !cmp.Equal(got, []int64{l.ID}) {
		t.Errorf("search by the new mobile after finalize: %v", got)
	}
	if imp := r.get(); imp.LeadsChanged != 1 || imp.Notes != 1 {
		t.Errorf("after finalize: %d leads changed, %d notes; want 1 and 1", imp.LeadsChanged, imp.Notes)
	}
}

// testTwoDirectors: a director's matching never sees another's unfinalized
// leads, and a revert never takes away another director's values (issue 8,
// reports 2 and 5).
func testTwoDirectors(t *testing.T, s leadport.Store) {
	f := newFixture(t, s, "twodir")
	l := f.lead(t, nil, "jean francois", "cote", "+15145550101", "jf@videotron.ca")
	f.seed(t, l)
	a, b := f.owner, f.director(t, "b")
	va, vb := f.as(a), f.as(b)

	ra := f.start(t, a)
	x := ra.create("marie", "roy", "+15145550199", l.ID)
	ra.merge(l.ID, func(l *leadport.Lead) { l.City = "Laval" })
	ra.finish()

	if _, ok := matchKeys(t, s, vb)[x.ID]; ok {
		t.Errorf("B's matching sees A's unfinalized lead %d", x.ID)
	}
	if got, _ := search(t, s, vb, leadport.LeadFilter{Phone: "+15145550199"}); len(got) != 0 {
		t.Errorf("B finds A's unfinalized lead: %v", got)
	}
	if got := lead(t, s, vb, l.ID); len(got.Associated) != 0 || got.City != "" {
		t.Errorf("B's card of lead %d: associated %v, city %q", l.ID, got.Associated, got.City)
	}

	rb := f.start(t, b)
	rb.merge(l.ID, func(l *leadport.Lead) { l.AddressLine1 = "1 rue B" })
	rb.finish()
	if got := lead(t, s, va, l.ID); got.AddressLine1 != "" || got.City != "Laval" {
		t.Errorf("A sees B's address %q (city %q)", got.AddressLine1, got.City)
	}

	must(t, s.RevertImport(ctx, ra.imp.ID))
	if got := lead(t, s, vb, l.ID); got.AddressLine1 != "1 rue B" || got.City != "" {
		t.Errorf("after A's revert, B's card: address %q, city %q; want B's address kept", got.AddressLine1, got.City)
	}
	must(t, s.FinalizeImport(ctx, rb.imp.ID))
	if got := lead(t, s, f.as(f.other), l.ID); got.AddressLine1 != "1 rue B" || got.City != "" {
		t.Errorf("after B's finalize: address %q, city %q", got.AddressLine1, got.City)
	}
}

// testRevertsCommute: reverts give the same end state in either order
// (issue 8, report 3).
func testRevertsCommute(t *testing.T, s leadport.Store) {
	for _, order := range []string{"M1 first", "M2 first"} {
		t.Run(order, func(t *testing.T) {
			f := newFixture(t, s, "commute"+strings.ReplaceAll(order, " ", ""))
			l := f.lead(t, nil, "jean francois", "cote", "+15145550101", "")
			f.seed(t, l)
			before := export(t, s, f.as(f.owner), leadport.LeadFilter{})
			b := f.director(t, "b")
			m1 := f.start(t, f.owner)
			m1.merge(l.ID, func(l *leadport.Lead) { l.AddressLine1 = "1 rue A" }, "[import] note A")
			m1.finish()
			m2 := f.start(t, b)
			m2.merge(l.ID, func(l *leadport.Lead) { l.City = "Laval" }, "[import] note B")
			m2.finish()
			first, second := m1, m2
			if order == "M2 first" {
				first, second = m2, m1
			}
			must(t, s.RevertImport(ctx, first.imp.ID))
			if got := lead(t, s, f.as(second.owner), l.ID); got.AddressLine1 == "" && got.City == "" {
				t.Errorf("the revert of import %d took import %d's value away", first.imp.ID, second.imp.ID)
			}
			must(t, s.RevertImport(ctx, second.imp.ID))
			for _, u := range []*leadport.User{f.owner, b, f.other} {
				if diff := cmp.Diff(before, export(t, s, f.as(u), leadport.LeadFilter{}), cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("as %s after both reverts (-before +after):\n%s", u.Name, diff)
				}
			}
		})
	}
}

// testFinalizeMergeRules: Finalize applies a changeset onto the lead as it
// is then: a value someone filled meanwhile wins and the import's becomes
// an "[import]" note; a phone or email whose slot is taken goes to a free
// one of its kind, else to a note.
func testFinalizeMergeRules(t *testing.T, s leadport.Store) {
	f := newFixture(t, s, "finrules")
	l := f.lead(t, nil, "jean francois", "cote", "+15145550101", "jf@videotron.ca")
	f.seed(t, l)
	b, c := f.director(t, "b"), f.director(t, "c")

	m1 := f.start(t, f.owner)
	m1.merge(l.ID, func(l *leadport.Lead) { l.City, l.AddressLine1, l.PhoneMobile = "Laval", "1 rue A", "+14385550001" })
	m1.finish()
	m2 := f.start(t, b)
	m2.merge(l.ID, func(l *leadport.Lead) { l.City, l.PhoneMobile, l.EmailWork = "Québec", "+14385550002", "b@work.ca" })
	m2.finish()
	m3 := f.start(t, c)
	m3.merge(l.ID, func(l *leadport.Lead) { l.PhoneMobile, l.EmailWork, l.City = "+14385550003", "c@work.ca", "QUEBEC" })
	m3.finish()

	must(t, s.FinalizeImport(ctx, m2.imp.ID))
	must(t, s.FinalizeImport(ctx, m1.imp.ID))
	must(t, s.FinalizeImport(ctx, m3.imp.ID))
	got := lead(t, s, f.as(f.other), l.ID)
	want := *l
	want.City, want.AddressLine1 = "Québec", "1 rue A"
	want.PhoneMobile, want.PhoneWork = "+14385550002", "+14385550001" // M1's mobile went to the free work slot
	want.EmailWork = "b@work.ca"
	if diff := cmp.Diff(&want, got, cmpopts.EquateEmpty(), cmpopts.IgnoreFields(leadport.Lead{}, "Notes", "UpdatedAt")); diff != "" {
		t.Errorf("lead after the three finalizes (-want +got):\n%s", diff)
	}
	var bodies []string
	for _, n := range got.Notes {
		bodies = append(bodies, n.Body)
		if n.ImportID == 0 || n.AuthorID == 0 {
			t.Errorf("note %q: import %d, author %d", n.Body, n.ImportID, n.AuthorID)
		}
	}
	// "QUEBEC" is "Québec" as people read it: no conflict.
	wantNotes := []string{"[import] City: Laval", "[import] Mobile phone: +14385550003\n[import] Work email: c@work.ca"}
	if diff := cmp.Diff(wantNotes, bodies); diff != "" {
		t.Errorf("notes (-want +got):\n%s", diff)
	}
	for _, tc := range []struct {
		r     *run
		notes int64
	}{{m1, 1}, {m2, 0}, {m3, 2}} {
		if imp := tc.r.get(); imp.Notes != tc.notes || !imp.Finalized {
			t.Errorf("import %d: notes %d, finalized %v; want %d notes", imp.ID, imp.Notes, imp.Finalized, tc.notes)
		}
	}
	if got.UpdatedAt.Before(l.UpdatedAt) {
		t.Errorf("updated_at went back: %v < %v", got.UpdatedAt, l.UpdatedAt)
	}
	if k := matchKeys(t, s, f.as(f.other))[l.ID]; k.Phones != [3]string{"+15145550101", "+14385550002", "+14385550001"} {
		t.Errorf("match keys after finalize: %+v", k)
	}
}

// testDependentImports: a later import of the same owner that changed a lead
// created by an earlier one, neither finalized, makes the wrong order
// refused, naming the other import. An association changes no lead's data
// (SPEC §1): it makes no dependency, and never shows a hidden lead.
func testDependentImports(t *testing.T, s leadport.Store) {
	t.Run("link", func(t *testing.T) {
		f := newFixture(t, s, "deplink")
		other := f.lead(t, nil, "ann", "lee", "+15145550000", "")
		f.seed(t, other)
		a := f.start(t, f.owner)
		x := a.create("marie", "roy", "+15145550199")
		a.finish()
		b := f.start(t, f.owner)
		y := b.create("marie", "roy", "+15145550199", x.ID, other.ID)
		b.finish()
		must(t, s.FinalizeImport(ctx, b.imp.ID))
		if got := lead(t, s, f.as(f.other), y.ID); !cmp.Equal(got.Associated, []int64{other.ID}) {
			t.Errorf("lead %d as another user: associated %v; want only the lead they see", y.ID, got.Associated)
		}
		if got := lead(t, s, f.as(f.owner), y.ID); !cmp.Equal(got.Associated, []int64{other.ID, x.ID}) {
			t.Errorf("lead %d as the owner: associated %v", y.ID, got.Associated)
		}
		must(t, s.RevertImport(ctx, a.imp.ID))
		if got := lead(t, s, f.as(f.owner), y.ID); !cmp.Equal(got.Associated, []int64{other.ID}) {
			t.Errorf("lead %d after the revert of import %d: associated %v", y.ID, a.imp.ID, got.Associated)
		}
	})
	for _, kind := range []string{"merge", "note", "vehicle"} {
		t.Run(kind, func(t *testing.T) {
			f := newFixture(t, s, "dep"+kind)
			other := f.lead(t, nil, "ann", "lee", "+15145550000", "")
			f.seed(t, other)
			a := f.start(t, f.owner)
			x := a.create("marie", "roy", "+15145550199")
			a.finish()
			b := f.start(t, f.owner)
			switch kind {
			case "merge":
				b.merge(x.ID, func(l *leadport.Lead) { l.City = "Laval" })
			case "note":
				b.apply(&leadport.Batch{Notes: []leadport.Note{{LeadID: x.ID, Body: "[import] x", AuthorID: f.owner.ID}}})
			case "vehicle":
				b.apply(&leadport.Batch{Vehicles: []leadport.Vehicle{{LeadID: x.ID, Kind: leadport.VehicleWanted, Make: "Kia"}}})
			}
			b.finish()
			wantError(t, s.RevertImport(ctx, a.imp.ID), leadport.ECONFLICT, fmt.Sprintf("Revert import %d first", b.imp.ID))
			wantError(t, s.FinalizeImport(ctx, b.imp.ID), leadport.ECONFLICT, fmt.Sprintf("Finalize import %d first", a.imp.ID))
			// The refusals changed nothing.
			if imp := a.get(); imp.Status != leadport.StatusFinished || imp.Finalized {
				t.Errorf("import %d after the refused revert: %s, finalized %v", imp.ID, imp.Status, imp.Finalized)
			}
			if imp := b.get(); imp.Status != leadport.StatusFinished || imp.Finalized {
				t.Errorf("import %d after the refused finalize: %s, finalized %v", imp.ID, imp.Status, imp.Finalized)
			}
			if kind == "merge" {
				must(t, s.FinalizeImport(ctx, a.imp.ID))
				must(t, s.FinalizeImport(ctx, b.imp.ID))
				if got := lead(t, s, f.as(f.other), x.ID); got.City != "Laval" {
					t.Errorf("lead %d after both finalizes: city %q", x.ID, got.City)
				}
				return
			}
			must(t, s.RevertImport(ctx, b.imp.ID))
			must(t, s.RevertImport(ctx, a.imp.ID))
			if _, err := s.Lead(ctx, f.as(f.owner), x.ID); leadport.ErrorCode(err) != leadport.ENOTFOUND {
				t.Errorf("lead %d after both reverts: %v", x.ID, err)
			}
			if got := lead(t, s, f.as(f.owner), other.ID); len(got.Associated) != 0 {
				t.Errorf("lead %d after both reverts: associated %v", other.ID, got.Associated)
			}
		})
	}
}

// FinalizeRevertRace races FinalizeImport against RevertImport on one
// finished import, 50 times, through two store handles on one database (as
// two processes would): exactly one of them succeeds each time, the other
// gets ECONFLICT, and the import ends either finalized or reverted, never
// both (issue 8, report 4).
func FinalizeRevertRace(t *testing.T, s1, s2 leadport.Store) {
	f := newFixture(t, s1, "race")
	existing := f.lead(t, nil, "ann", "lee", "+15145550000", "")
	f.seed(t, existing)
	for i := range 50 {
		r := f.start(t, f.owner)
		n := r.create("bob", fmt.Sprintf("smith%d", i), fmt.Sprintf("+1514556%04d", i))
		r.merge(existing.ID, func(l *leadport.Lead) {
			if l.City == "" {
				l.City = fmt.Sprintf("city%d", i)
			}
		})
		r.finish()
		var wg sync.WaitGroup
		var finErr, revErr error
		start := make(chan struct{})
		wg.Add(2)
		go func() {
			defer wg.Done()
			<-start
			finErr = s1.FinalizeImport(ctx, r.imp.ID)
		}()
		go func() {
			defer wg.Done()
			<-start
			revErr = s2.RevertImport(ctx, r.imp.ID)
		}()
		close(start)
		wg.Wait()
		if (finErr == nil) == (revErr == nil) {
			t.Fatalf("race %d: finalize %v, revert %v; want exactly one to succeed", i, finErr, revErr)
		}
		imp := r.get()
		_, lerr := s1.Lead(ctx, f.as(f.other), n.ID)
		switch {
		case finErr == nil:
			wantCode(t, revErr, leadport.ECONFLICT)
			if !imp.Finalized || imp.Status != leadport.StatusFinished || lerr != nil {
				t.Fatalf("race %d: finalize won, but the import is %s, finalized %v; lead: %v", i, imp.Status, imp.Finalized, lerr)
			}
		default:
			wantCode(t, finErr, leadport.ECONFLICT)
			if imp.Finalized || imp.Status != leadport.StatusReverted || leadport.ErrorCode(lerr) != leadport.ENOTFOUND {
				t.Fatalf("race %d: revert won, but the import is %s, finalized %v; lead: %v", i, imp.Status, imp.Finalized, lerr)
			}
		}
	}
}
