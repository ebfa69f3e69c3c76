package storetest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/leadport/leadport"
)

// testSearchPendingChanges: a search finds, for the owner of an unfinalized
// import alone, the leads by the values its changesets fill (a phone in any
// slot, an email, a name the lead lacked), once each, and counts them so.
func testSearchPendingChanges(t *testing.T, s leadport.Store) {
	f := newFixture(t, s, "searchchanges")
	ann := f.lead(t, nil, "ann", "lee", "+15145550000", "")
	noName := f.lead(t, nil, "", "", "+15145550001", "")
	paul := f.lead(t, nil, "paul", "roy", "", "paul@x.ca")
	f.seed(t, ann, noName, paul)
	imp := f.running(t, "w1")
	later := micro(time.Now().Add(time.Second))
	annAfter := *ann
	annAfter.EmailWork, annAfter.PhoneWork, annAfter.UpdatedAt = "ann@work.ca", "+15145550002", later
	named := *noName
	named.FirstName, named.LastName, named.NameKey, named.UpdatedAt = "zoe", "gagnon", nameKey("zoe", "gagnon"), later
	paulAfter := *paul
	paulAfter.City, paulAfter.PhoneMobile, paulAfter.UpdatedAt = "Laval", "+15145550003", later
	must(t, s.ApplyBatch(ctx, &leadport.Batch{ImportID: imp.ID, Worker: "w1",
		Updates:  []leadport.LeadUpdate{{Before: ann, After: &annAfter}, {Before: noName, After: &named}, {Before: paul, After: &paulAfter}},
		Counters: leadport.Counters{Processed: 3, Merged: 3}, Finished: true}))

	owner, other := f.as(f.owner), f.as(f.other)
	for _, tt := range []struct {
		name       string
		f          leadport.LeadFilter
		owner, all []int64
	}{
		{"a work email filled", leadport.LeadFilter{Email: "ann@work.ca"}, []int64{ann.ID}, []int64{}},
		{"a work phone filled", leadport.LeadFilter{Phone: "+15145550002"}, []int64{ann.ID}, []int64{}},
		{"a mobile filled", leadport.LeadFilter{Phone: "+15145550003"}, []int64{paul.ID}, []int64{}},
		{"a phone the lead had", leadport.LeadFilter{Phone: "+15145550000"}, []int64{ann.ID}, []int64{ann.ID}},
		{"a last name filled", leadport.LeadFilter{NameWords: []string{"gag"}}, []int64{noName.ID}, []int64{}},
		{"a first name filled", leadport.LeadFilter{NameWords: []string{"zoe"}}, []int64{noName.ID}, []int64{}},
		{"both names filled", leadport.LeadFilter{NameWords: []string{"zoe", "gagnon"}}, []int64{noName.ID}, []int64{}},
		{"the name of a lead whose changeset fills no name", leadport.LeadFilter{NameWords: []string{"roy"}}, []int64{paul.ID}, []int64{paul.ID}},
		{"an email the lead had", leadport.LeadFilter{Email: "paul@x.ca"}, []int64{paul.ID}, []int64{paul.ID}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, c := range []struct {
				who  string
				v    leadport.Viewer
				want []int64
			}{{"owner", owner, tt.owner}, {"another user", other, tt.all}} {
				leads, n, err := s.SearchLeads(ctx, c.v, tt.f)
				must(t, err)
				if diff := cmp.Diff(c.want, ids(leads)); diff != "" || n != len(c.want) {
					t.Errorf("%s: SearchLeads(%+v) counts %d (-want +got):\n%s", c.who, tt.f, n, diff)
				}
			}
		})
	}
}
