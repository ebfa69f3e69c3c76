package importer_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/app"
)

// TestPhoneRegionFromCountry: a phone written without its country code is
// read in the region of the row's Country, even when the Country column
// comes after the phone columns; a row without a valid country is read as
// North American.
func TestPhoneRegionFromCountry(t *testing.T) {
	const file = "First name,Last name,Home phone,Mobile phone,Country\n" +
		"Oliver,Smith,020 7946 0958,07911 123456,United Kingdom\n" +
		"Amélie,Durand,01 42 68 53 00 poste 12,06 12 34 56 78,FR\n" +
		"Jean,Tremblay,(514) 555-0101,,\n" +
		"Claire,Martin,514 555 0102,,France\n" +
		"Zoé,Roy,020 7946 0958,,Narnia\n"
	e := newEnv(t, sqlite)
	ctx := context.Background()
	imp, _, err := e.app.UploadImport(ctx, e.director, "abroad.csv", strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	imp, err = e.app.StartImport(ctx, e.director, imp.ID, app.ImportSettings{Type: leadport.TypeEvent, Rule: leadport.RuleCreate,
		Mapping: []string{"first_name", "last_name", "phone_home", "phone_mobile", "country"}})
	if err != nil {
		t.Fatal(err)
	}
	if imp, err = e.app.RunNow(ctx, e.director, imp.ID, nil); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range e.leads(t) {
		got = append(got, strings.Join([]string{l.FirstName, l.PhoneHome, l.PhoneHomeExt, l.PhoneMobile, l.Country, strings.Join(noteLines(l), "; ")}, " | "))
	}
	want := []string{
		"Oliver | +442079460958 |  | +447911123456 | GB | ",
		"Amélie | +33142685300 | 12 | +33612345678 | FR | ",
		"Jean | +15145550101 |  |  | CA | ",
		// A North American number in a French customer's row is still read.
		"Claire | +15145550102 |  |  | FR | ",
		// Not a country: the phone is read as North American, and is not one.
		"Zoé |  |  |  | CA | [import] Home phone: 020 7946 0958 — bad value; [import] Country: Narnia — bad value",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("leads (-want +got):\n%s", diff)
	}
}
