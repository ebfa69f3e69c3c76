package storetest

import (
	"strings"
	"testing"

	"github.com/leadport/leadport"
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
