package storetest

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/leadport/leadport"
)

// testSavedMappings: the mapping saved for a header is found again for
// exactly that header and account, and a later save replaces it.
func testSavedMappings(t *testing.T, s leadport.Store) {
	f := newFixture(t, s, "map")
	g := newFixture(t, s, "map2")
	header := []string{"Prénom", "Nom", "Phone 1 - Type", "Phone 1 - Value", "Courriel"}
	_, err := s.SavedMapping(ctx, f.account.ID, header)
	wantCode(t, err, leadport.ENOTFOUND)

	imp := f.queued(t)
	m := &leadport.SavedMapping{AccountID: f.account.ID, Header: header, ImportID: imp.ID,
		Mapping: []string{"first_name", "last_name", "", "phone_home@3", "email_home"}}
	must(t, s.SaveMapping(ctx, m))
	if m.SavedAt.IsZero() {
		t.Fatal("SaveMapping did not set SavedAt")
	}
	got, err := s.SavedMapping(ctx, f.account.ID, header)
	must(t, err)
	want := *m
	want.SavedAt = micro(m.SavedAt)
	if diff := cmp.Diff(&want, got); diff != "" {
		t.Errorf("SavedMapping (-want +got):\n%s", diff)
	}

	// The same names in another order, fewer names, another account: nothing.
	_, err = s.SavedMapping(ctx, f.account.ID, []string{"Nom", "Prénom", "Phone 1 - Type", "Phone 1 - Value", "Courriel"})
	wantCode(t, err, leadport.ENOTFOUND)
	_, err = s.SavedMapping(ctx, f.account.ID, header[:4])
	wantCode(t, err, leadport.ENOTFOUND)
	_, err = s.SavedMapping(ctx, g.account.ID, header)
	wantCode(t, err, leadport.ENOTFOUND)

	// A later save for the same header replaces the first.
	imp2 := f.queued(t)
	m2 := &leadport.SavedMapping{AccountID: f.account.ID, Header: header, ImportID: imp2.ID,
		Mapping: []string{"", "full_name", "", "phone_mobile", "email_work"}}
	must(t, s.SaveMapping(ctx, m2))
	got, err = s.SavedMapping(ctx, f.account.ID, header)
	must(t, err)
	if got.ImportID != imp2.ID || !cmp.Equal(got.Mapping, m2.Mapping) {
		t.Errorf("after a second save: %+v, want import %d and %q", got, imp2.ID, m2.Mapping)
	}
	// The other account saves its own for the same header.
	must(t, s.SaveMapping(ctx, &leadport.SavedMapping{AccountID: g.account.ID, Header: header, ImportID: imp2.ID,
		Mapping: []string{"first_name", "last_name", "", "", "email_home"}}))
	if got, err = s.SavedMapping(ctx, f.account.ID, header); err != nil || got.Mapping[1] != "full_name" {
		t.Errorf("another account's save changed this one's: %+v, %v", got, err)
	}
}
