package storetest

import (
	"testing"

	"github.com/leadport/leadport"
)

// testSearchCountCap: with CountCap, SearchLeads stops counting past it
// (returning CountCap+1, "more") and still returns the page asked for;
// under the cap the count is exact, and it counts only what the viewer sees.
func testSearchCountCap(t *testing.T, s leadport.Store) {
	f := newFixture(t, s, "countcap")
	var leads []*leadport.Lead
	for i := range 7 {
		leads = append(leads, f.lead(t, nil, "eve", "tremblay", "", ""))
		leads[i].FirstName = string(rune('a' + i))
	}
	f.seed(t, leads...)
	// Three more, of an unfinalized import: its owner's alone.
	imp := f.running(t, "w1")
	var hidden []*leadport.Lead
	for range 3 {
		hidden = append(hidden, f.lead(t, imp, "marc", "roy", "", ""))
	}
	must(t, s.ApplyBatch(ctx, &leadport.Batch{ImportID: imp.ID, Worker: "w1", Creates: hidden, Counters: leadport.Counters{Processed: 3, Created: 3}}))

	other := leadport.ViewerOf(f.other)
	owner := leadport.ViewerOf(f.owner)
	for _, tt := range []struct {
		name      string
		v         leadport.Viewer
		cap       int
		wantCount int
	}{
		{"exact without a cap", other, 0, 7},
		{"exact under the cap", other, 7, 7},
		{"more than the cap", other, 4, 5},
		{"the owner's count includes his import", owner, 9, 10},
		{"the owner's count stops at the cap", owner, 8, 9},
	} {
		t.Run(tt.name, func(t *testing.T) {
			page, n, err := s.SearchLeads(ctx, tt.v, leadport.LeadFilter{Limit: 2, CountCap: tt.cap})
			must(t, err)
			if n != tt.wantCount {
				t.Errorf("count %d, want %d", n, tt.wantCount)
			}
			if len(page) != 2 {
				t.Errorf("page of %d leads, want 2", len(page))
			}
		})
	}
}
