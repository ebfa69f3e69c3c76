package importer_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/importer"
)

func TestAutoMap(t *testing.T) {
	tests := []struct {
		header []string
		want   []string
	}{
		{[]string{"Prénom", "Nom", "Courriel", "Cellulaire", "Téléphone travail", "Code postal", "Kilométrage échange", "Date de création"},
			[]string{"first_name", "last_name", "email_home", "phone_mobile", "phone_work", "postal_code", "exchange_odometer", "created_at"}},
		{[]string{"First Name", "LAST NAME", "Cell Phone", "E-mail", "Zip", "Notes", "Whatever"},
			[]string{"first_name", "last_name", "phone_mobile", "email_home", "postal_code", "note", ""}},
		{[]string{"Name", "Phone", "Phone", "email"},
			[]string{"full_name", "phone_home", "", "email_home"}},
		{[]string{"PRENOM", "NOM_FAMILLE", "TEL_CELLULAIRE", "Adresse courriel", "Ville", "Province", "Marque", "Modèle", "Année", "NIV"},
			[]string{"first_name", "last_name", "phone_mobile", "email_home", "city", "province", "wanted_make", "wanted_model", "wanted_year", "wanted_vin"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, importer.AutoMap(tt.header)); diff != "" {
			t.Errorf("AutoMap(%q) (-want +got):\n%s", tt.header, diff)
		}
	}
}

func TestParseMap(t *testing.T) {
	header := []string{"Prénom", "Nom", "Tel", "Tel", "Courriel"}
	got, err := importer.ParseMap(header, "Prénom=first_name,Nom=last_name,Courriel=email_home", nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"first_name", "last_name", "", "", "email_home"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	bad := []struct{ spec, msg string }{
		{"Prénom=first_name,Nom=last_name", "The mapping lacks at least one phone or email: map a column to it."},
		{"Prénom=first_name,Courriel=email_home", "The mapping lacks a last name (or a full name): map a column to it."},
		{"Prenom=first_name", `The file has no column "Prenom". Its columns are: "Prénom", "Nom", "Tel", "Tel", "Courriel".`},
		{"Tel=phone_home", `The file has two columns named "Tel" (columns 3 and 4): name them #3 and #4.`},
		{"Prénom=prenom", `"prenom" is not a field.`},
		{"Prénom=first_name,Nom=first_name", `The field "first_name" is mapped to two columns (the second is "Nom"); a field takes one column.`},
		{"Prénom", `The mapping "Prénom" is not of the form Header=field`},
		{"#9=first_name", `"#9" names no column: the file has columns #1 to #5.`},
		{"#0=first_name", `"#0" names no column`},
		{"Prénom=first_name,#1=last_name", `Column "Prénom" is named twice in the mapping`},
		{"Prénom=first_name,Nom=last_name,Courriel=email_home@9", `"email_home@9": only a phone or email column`},
		{"Prénom=first_name,Nom=last_name,Courriel=city@3", `"city@3": only a phone or email column`},
	}
	for _, b := range bad {
		_, err := importer.ParseMap(header, b.spec, nil)
		if err == nil {
			t.Errorf("ParseMap(%q) succeeded", b.spec)
			continue
		}
		if msg := leadport.ErrorMessage(err); len(msg) < len(b.msg) || msg[:len(b.msg)] != b.msg {
			t.Errorf("ParseMap(%q) = %q, want %q…", b.spec, msg, b.msg)
		}
	}
}

func TestParseMapAutoAndOverrides(t *testing.T) {
	header := []string{"Prénom", "Nom", "Tel", "Tel", "Courriel", "Poste"}
	suggested := importer.AutoMap(header)
	tests := []struct {
		spec string
		want []string
	}{
		{"auto", []string{"first_name", "last_name", "phone_home", "", "email_home", ""}},
		{"auto,#4=phone_mobile", []string{"first_name", "last_name", "phone_home", "phone_mobile", "email_home", ""}},
		{"auto,#3=-,#4=phone_home", []string{"first_name", "last_name", "", "phone_home", "email_home", ""}},
		// A field given to another column leaves the column the suggestion gave it.
		{"auto,#4=phone_home", []string{"first_name", "last_name", "", "phone_home", "email_home", ""}},
		{"auto,Courriel=email_work", []string{"first_name", "last_name", "phone_home", "", "email_work", ""}},
		{"auto,Nom=full_name,Prénom=-", []string{"", "full_name", "phone_home", "", "email_home", ""}},
		{"Prénom=first_name,Nom=last_name,#3=phone_home,#4=phone_mobile@6", []string{"first_name", "last_name", "phone_home", "phone_mobile@6", "", ""}},
		{"Nom=full_name,Courriel=email_home", []string{"", "full_name", "", "", "email_home", ""}},
	}
	for _, tt := range tests {
		got, err := importer.ParseMap(header, tt.spec, suggested)
		if err != nil {
			t.Errorf("ParseMap(%q): %v", tt.spec, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseMap(%q) (-want +got):\n%s", tt.spec, diff)
		}
	}
}
