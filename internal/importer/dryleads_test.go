package importer

import (
	"strings"
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
	defer d.close()
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
		if err := d.put(l); err != nil {
			t.Fatal(err)
		}
		want[id] = l
	}
	again := mk(-3, "Jean", "Laval")
	again.Vehicles = append(again.Vehicles, leadport.Vehicle{LeadID: -3, Kind: leadport.VehicleExchange, Make: "Kia"})
	if err := d.put(again); err != nil {
		t.Fatal(err)
	}
	want[-3] = again

	check := func() {
		t.Helper()
		for id, w := range want {
			got, err := d.get(7, id)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(w, got); diff != "" {
				t.Errorf("lead %d (-put +got):\n%s", id, diff)
			}
		}
	}
	check() // from the write buffer
	if err := d.flush(); err != nil {
		t.Fatal(err)
	}
	check() // from the file
	for id, w := range want {
		got, _ := d.get(7, id)
		if diff := cmp.Diff(w, got); diff != "" {
			t.Errorf("lead %d (-put +got):\n%s", id, diff)
		}
	}
	for _, id := range []int64{-2, -4, 43} {
		if got, err := d.get(7, id); got != nil || err != nil {
			t.Errorf("lead %d was never kept, got %+v", id, got)
		}
	}
}

// TestDryLeadsCompact: a dry run keeps a few bytes of memory per lead (the
// packed leads go to the temporary file), and a long cell round-trips.
func TestDryLeadsCompact(t *testing.T) {
	d := newDryLeads()
	defer d.close()
	const n = 20000
	for i := range n {
		l := &leadport.Lead{ID: -int64(i) - 1, FirstName: "Marie-Ève", LastName: "Tremblay", PhoneMobile: "+14385550199",
			EmailHome: "marie.eve.tremblay@videotron.ca", City: "Trois-Rivières", Province: "QC", PostalCode: "G9A 5H7",
			Country: "CA", OriginalAt: "2024-05-01T10:00:00Z", NameKey: "marie eve|tremblay"}
		if i == 7 {
			l.Comment = strings.Repeat("é", 16000)
		}
		if err := d.put(l); err != nil {
			t.Fatal(err)
		}
	}
	mem, file := d.size()
	if per := (mem - cap(d.buf)) / n; per > 16 {
		t.Errorf("a kept lead takes %d bytes of memory, want at most 16", per)
	}
	if per := file / n; per > 256 {
		t.Errorf("a kept lead takes %d bytes of file, want at most 256", per)
	}
	got, err := d.get(0, -8)
	if err != nil || got == nil || got.Comment != strings.Repeat("é", 16000) || got.City != "Trois-Rivières" {
		t.Errorf("the lead with a long comment came back as %v, %v", got, err)
	}
}
