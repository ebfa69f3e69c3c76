package suggest

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/leadport/leadport"
)

func TestHeaderTable(t *testing.T) {
	if len(headerTable) < 400 {
		t.Errorf("the table has %d headers; it must have at least 400", len(headerTable))
	}
	wrong, missed := 0, 0
	for _, tt := range headerTable {
		got := Columns([]string{tt.header}, nil)[0]
		if got.Key != tt.want {
			if got.Key != "" {
				wrong++
			} else {
				missed++
			}
			t.Errorf("%q → %q (candidate %q), want %q; words %q", tt.header, got.Key, got.Candidate, tt.want, words(tt.header))
		}
	}
	if wrong+missed > 0 {
		t.Logf("%d wrong, %d missed of %d", wrong, missed, len(headerTable))
	}
}

// Every field's key and labels, as the template file writes them, map to
// the field.
func TestKeysAndLabels(t *testing.T) {
	for _, f := range leadport.Fields {
		for _, h := range []string{f.Key, f.LabelEN, f.LabelFR} {
			if f.Key == "last_name" && h == "Nom" {
				continue // "Nom" alone is the full name; beside "Prénom", the surname (TestFileRules)
			}
			if got := Columns([]string{h}, nil)[0].Key; got != f.Key {
				t.Errorf("%q → %q, want %q", h, got, f.Key)
			}
		}
	}
}

func keysOf(header []string, rows [][]string) []string {
	return Keys(Columns(header, rows))
}

func TestFileRules(t *testing.T) {
	tests := []struct {
		name   string
		header []string
		rows   [][]string
		want   []string
	}{
		{"surname beside a first name", []string{"Prénom", "Nom", "Courriel"}, nil,
			[]string{"first_name", "last_name", "email_home"}},
		{"name beside first and last", []string{"Name", "Given Name", "Family Name", "E-mail 1 - Value"}, nil,
			[]string{"full_name", "first_name", "last_name", "email_home"}},
		{"name alone", []string{"name", "phone"}, nil, []string{"full_name", "phone_home"}},
		{"second email goes to work", []string{"Email", "Email 2"}, nil, []string{"email_home", "email_work"}},
		{"second email in any order", []string{"E-mail 2 Address", "E-mail Address"}, nil,
			[]string{"email_work", "email_home"}},
		{"third email left out", []string{"Email 1", "Email 2", "Email 3"}, nil,
			[]string{"email_home", "email_work", ""}},
		{"secondary email", []string{"Primary Email", "Secondary Email"}, nil, []string{"email_home", "email_work"}},
		{"mileage in an Outlook export", []string{"First Name", "Last Name", "Mileage", "E-mail Address"}, nil,
			[]string{"first_name", "last_name", "", "email_home"}},
		{"mileage in a vehicle file", []string{"First Name", "Last Name", "Trade Make", "Mileage", "Email"}, nil,
			[]string{"first_name", "last_name", "exchange_make", "exchange_odometer", "email_home"}},
		{"home address wins over business", []string{"Business Street", "Business City", "Home Street", "Home City"}, nil,
			[]string{"", "", "address_line1", "city"}},
		{"business address when no other", []string{"Business Street", "Business City"}, nil,
			[]string{"address_line1", "city"}},
		{"home phone wins over primary", []string{"Primary Phone", "Home Phone"}, nil, []string{"", "phone_home"}},
		{"type columns pick the slot", []string{"Phone 1 - Type", "Phone 1 - Value", "Phone 2 - Type", "Phone 2 - Value"}, nil,
			[]string{"", "phone_home@1", "", "phone_mobile@3"}},
		{"email type columns", []string{"E-mail 1 - Type", "E-mail 1 - Value", "E-mail 2 - Type", "E-mail 2 - Value"}, nil,
			[]string{"", "email_home@1", "", "email_work@3"}},
		{"phones by values", []string{"Nom", "Maison", "Bureau", "Cellulaire", "Autre"},
			[][]string{{"Roy", "514-555-0101", "514 555-0102 x 12", "438-555-0103", "450.555.0104"}},
			[]string{"full_name", "phone_home", "phone_work", "phone_mobile", ""}},
		{"email by values", []string{"Client", "Contact info"},
			[][]string{{"Jean Roy", "jean@roy.ca"}, {"Ève Côté", "eve@cote.ca"}},
			[]string{"full_name", "email_home"}},
		{"Bureau with room numbers is no phone", []string{"Nom", "Bureau"},
			[][]string{{"Roy", "Salle 301"}, {"Côté", "B-12"}}, []string{"full_name", ""}},
		{"a job title is no civility", []string{"Name", "Title"},
			[][]string{{"Jean Roy", "Sales Manager"}, {"Ève Côté", "Owner"}}, []string{"full_name", ""}},
		{"a civility title", []string{"Name", "Title"},
			[][]string{{"Jean Roy", "Mr."}, {"Ève Côté", "Mme"}}, []string{"full_name", "civility"}},
		{"ids are not phones", []string{"Customer ID", "Name"},
			[][]string{{"5145550101", "Jean Roy"}, {"5145550102", "Ève Côté"}}, []string{"", "full_name"}},
		{"one field, one column", []string{"Email", "Courriel"}, nil, []string{"email_home", "email_work"}},
		{"department is never a division", []string{"Department", "Division"},
			[][]string{{"Sales", "new"}, {"Service", "used"}}, []string{"", "division"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := keysOf(tt.header, tt.rows)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("keys (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCandidates(t *testing.T) {
	tests := []struct{ header, candidate string }{
		{"Phone 2", "phone_home"},
		{"Home Phone 2", "phone_home"},
		{"Address 1 - Formatted", "address_line1"},
		{"Trade 2 Make", "exchange_make"},
		{"Mileage", "exchange_odometer"},
		{"E-mail 3 Address", "email_home"},
		{"Phone 1 - Type", ""},
		{"Email Opt Out", ""},
		{"Job Title", ""},
		{"Department", ""},
	}
	for _, tt := range tests {
		got := Columns([]string{tt.header}, nil)[0]
		if got.Key != "" || got.Candidate != tt.candidate {
			t.Errorf("%q → key %q candidate %q, want unmapped with candidate %q", tt.header, got.Key, got.Candidate, tt.candidate)
		}
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"EmailID", []string{"email", "id"}},
		{"homephone", []string{"home", "phone"}},
		{"E-mail 2 Address", []string{"email", "2", "address"}},
		{"Address 1 - Postal Code", []string{"address", "1", "postalcode"}},
		{"mobilePhone", []string{"mobile", "phone"}},
		{"Code postal (domicile)", []string{"postalcode", "home"}},
		{"VINNumber", []string{"vin", "num"}},
		{"address_line_1", []string{"address", "line", "1"}},
	}
	for _, tt := range tests {
		if got := words(tt.in); !cmp.Equal(got, tt.want) {
			t.Errorf("words(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestEntry(t *testing.T) {
	if e := Entry("phone_home", 6); e != "phone_home@7" {
		t.Errorf("Entry = %q", e)
	}
	for _, tt := range []struct {
		in   string
		key  string
		from int
		ok   bool
	}{{"phone_home@7", "phone_home", 6, true}, {"email_work", "email_work", -1, true}, {"phone@0", "phone", -1, false},
		{"phone@x", "phone", -1, false}, {"phone@07", "phone", -1, false}} {
		key, from, ok := ParseEntry(tt.in)
		if key != tt.key || from != tt.from || ok != tt.ok {
			t.Errorf("ParseEntry(%q) = %q, %d, %v", tt.in, key, from, ok)
		}
	}
}
