package importer

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/leadport/leadport"
)

// TestDryLeadsRoundTrip: what a dry run keeps of a lead gives back every
// field the Merge rule reads, for leads it created (negative IDs) and
// existing ones, and the latest version of a lead packed twice.
func TestDryLeadsRoundTrip(t *testing.T) {
	d := newDryLeads()
	at := time.Date(2026, 3, 12, 9, 30, 0, 123000, time.UTC)
	mk := func(id int64, first, city string) *leadport.Lead {
		l := &leadport.Lead{ID: id, AccountID: 7, Type: leadport.TypeEvent, FirstName: first, LastName: "Côté",
			PhoneHome: "+15145550101", PhoneHomeExt: "22", EmailWork: "jf@x.ca", City: city, Comment: "ligne 1\nligne 2",
			NameKey: "cote|" + first, UpdatedAt: at,
			Vehicles: []leadport.Vehicle{{LeadID: id, Kind: leadport.VehicleWanted, Make: "Honda", Model: "Civic", Year: "2024", VIN: "2HGFC2F59KH500000"}}}
		return l
	}
	want := map[int64]*leadport.Lead{}
	for _, id := range []int64{-1, -3, 42, 1 << 40} {
		l := mk(id, "Jean", "Montréal")
		d.put(l)
		want[id] = l
	}
	again := mk(-3, "Jean", "Laval")
	again.Vehicles = append(again.Vehicles, leadport.Vehicle{LeadID: -3, Kind: leadport.VehicleExchange, Make: "Kia"})
	d.put(again)
	want[-3] = again

	for id, w := range want {
		got := d.get(7, id)
		if diff := cmp.Diff(w, got); diff != "" {
			t.Errorf("lead %d (-put +got):\n%s", id, diff)
		}
	}
	for _, id := range []int64{-2, -4, 43} {
		if got := d.get(7, id); got != nil {
			t.Errorf("lead %d was never kept, got %+v", id, got)
		}
	}
}

// TestDryLeadsCompact: a dry run keeps a typical lead in a small fraction
// of what a *leadport.Lead takes, which is what bounds its memory.
func TestDryLeadsCompact(t *testing.T) {
	d := newDryLeads()
	const n = 20000
	for i := range n {
		d.put(&leadport.Lead{ID: -int64(i) - 1, FirstName: "Marie-Ève", LastName: "Tremblay", PhoneMobile: "+14385550199",
			EmailHome: "marie.eve.tremblay@videotron.ca", City: "Trois-Rivières", Province: "QC", PostalCode: "G9A 5H7",
			Country: "CA", OriginalAt: "2024-05-01T10:00:00Z", NameKey: "marie eve|tremblay"})
	}
	if per := d.size() / n; per > 256 {
		t.Errorf("a kept lead takes %d bytes, want at most 256", per)
	}
}
