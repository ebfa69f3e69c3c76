package importer_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/leadport/leadport"
)

// A type column beside a phone or email column (Google Contacts' "Phone 1 -
// Type" = Mobile) sends each row's number to the slot it names.
func TestTypeColumnSlots(t *testing.T) {
	e := newEnv(t, sqlite)
	imp := e.run(t, leadport.RuleCreate, "Name,Given Name,Family Name,E-mail 1 - Type,E-mail 1 - Value,"+
		"Phone 1 - Type,Phone 1 - Value,Phone 2 - Type,Phone 2 - Value\n"+
		"Jean Roy,Jean,Roy,* Work,jean@roy.ca,Mobile,514-555-0101,Home,514-555-0102\n"+
		"Ève Côté,Ève,Côté,* Home,eve@cote.ca,Work Fax,514-555-0103,Work,514-555-0104\n"+
		"Luc Gagnon,Luc,Gagnon,,luc@gagnon.ca,Mobile,514-555-0105,Mobile,514-555-0106\n")
	want := leadport.Counters{Processed: 3, Created: 3, Notes: 1}
	if imp.Counters != want {
		t.Errorf("counters %+v, want %+v", imp.Counters, want)
	}
	type slots struct{ EmailHome, EmailWork, Home, Mobile, Work, Notes string }
	var got []slots
	for _, l := range e.leads(t) {
		s := slots{l.EmailHome, l.EmailWork, l.PhoneHome, l.PhoneMobile, l.PhoneWork, ""}
		for _, n := range l.Notes {
			s.Notes += n.Body
		}
		got = append(got, s)
	}
	if diff := cmp.Diff([]slots{
		{"", "jean@roy.ca", "+15145550102", "+15145550101", "", ""},
		{"eve@cote.ca", "", "", "", "+15145550104", "[import] Home phone: 514-555-0103 — bad value"},
		{"luc@gagnon.ca", "", "+15145550106", "+15145550105", "", ""},
	}, got); diff != "" {
		t.Errorf("leads (-want +got):\n%s", diff)
	}
}
