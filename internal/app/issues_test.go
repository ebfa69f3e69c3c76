package app_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/app"
	"github.com/leadport/leadport/internal/storetest"
)

// The issue report of SPEC §6: a summary per column first, then repeated
// causes as one line per distinct value with its count, then every line;
// rows numbered as a spreadsheet shows them beside the file line (a quoted
// cell with a line break in row 2 does not shift row 3); formulas
// neutralised; a BOM; in the reader's language.
func TestIssueReport(t *testing.T) {
	ctx := context.Background()
	a := app.New(storetest.OpenSQLite(t), slog.New(slog.NewTextHandler(io.Discard, nil)))
	acc, err := a.CreateAccount(ctx, "Garage")
	if err != nil {
		t.Fatal(err)
	}
	owner, err := a.AddUser(ctx, nil, app.NewUser{AccountID: acc.ID, Email: "marc@garage.ca", Name: "Marc Gagnon",
		Role: leadport.RoleDirector, CanImport: true, Password: "password123"})
	if err != nil {
		t.Fatal(err)
	}
	const file = "First name,Last name,Home phone,Salesperson,Note\n" +
		"Anne,Roy,n/a,Bob Smith,\"two\nlines\"\n" +
		"Bea,Roy,n/a,Bob Smith,x\n" +
		"Carl,Roy,=1+2,Zed Zulu,y\n" +
		",,,,only a note\n" +
		"Dina,Roy,n/a,Marc Gagnon,z\n"
	imp, _, err := a.UploadImport(ctx, owner, "salon.csv", strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	settings := app.ImportSettings{Type: leadport.TypeEvent, Rule: leadport.RuleCreate,
		Mapping: []string{"first_name", "last_name", "phone_home", "advisor", "note"}}
	if _, err := a.StartImport(ctx, owner, imp.ID, settings); err != nil {
		t.Fatal(err)
	}
	if _, err := a.RunNow(ctx, owner, imp.ID, nil); err != nil {
		t.Fatal(err)
	}

	report := func(locale string) string {
		t.Helper()
		u := *owner
		u.Locale = locale
		var b strings.Builder
		if err := a.WriteIssueReport(ctx, &u, imp.ID, &b); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	want := "\uFEFF" + `Section,Row,File line,Column,Value,Count,Reason
Summary,,,Home phone,,4,not a phone number × 4 (2 distinct values)
Summary,,,Salesperson,,3,no user of the dealership has this email or name × 3 (2 distinct values)
Summary,,,(whole row),,1,"no name, phone or email to identify the customer × 1"
Repeated value,2,2,Home phone,n/a,3,not a phone number
Repeated value,4,5,Home phone,'=1+2,1,not a phone number
Repeated value,2,2,Salesperson,Bob Smith,2,no user of the dealership has this email or name
Repeated value,4,5,Salesperson,Zed Zulu,1,no user of the dealership has this email or name
Row,2,2,Home phone,n/a,,not a phone number
Row,2,2,Salesperson,Bob Smith,,no user of the dealership has this email or name
Row,3,4,Home phone,n/a,,not a phone number
Row,3,4,Salesperson,Bob Smith,,no user of the dealership has this email or name
Row,4,5,Home phone,'=1+2,,not a phone number
Row,4,5,Salesperson,Zed Zulu,,no user of the dealership has this email or name
Row,5,6,(whole row),",,,,only a note",,"no name, phone or email to identify the customer"
Row,6,7,Home phone,n/a,,not a phone number
`
	if diff := cmp.Diff(want, report("en")); diff != "" {
		t.Errorf("English report (-want +got):\n%s", diff)
	}
	fr := report("fr")
	for _, s := range []string{"\uFEFFSection,Rangée,Ligne du fichier,Colonne,Valeur,Nombre,Raison\n",
		"Résumé,,,Home phone,,4,", "pas un numéro de téléphone × 4 (2 valeurs distinctes)",
		"Valeur répétée,2,2,Salesperson,Bob Smith,2,aucun utilisateur de la concession n'a ce courriel ni ce nom\n",
		"Rangée,5,6,(rangée entière),"} {
		if !strings.Contains(fr, s) {
			t.Errorf("French report lacks %q:\n%s", s, fr)
		}
	}
}

// Every CSV Leadport writes for people starts with a UTF-8 BOM, so that
// Excel on Windows shows "Côté", not "CÃ´tÃ©"; JSON lines have none.
func TestCSVForPeopleHasBOM(t *testing.T) {
	ctx := context.Background()
	a := app.New(storetest.OpenSQLite(t), slog.New(slog.NewTextHandler(io.Discard, nil)))
	acc, err := a.CreateAccount(ctx, "Garage")
	if err != nil {
		t.Fatal(err)
	}
	u, err := a.AddUser(ctx, nil, app.NewUser{AccountID: acc.ID, Email: "marc@garage.ca", Name: "Marc Gagnon",
		Role: leadport.RoleDirector, CanImport: true, Password: "password123"})
	if err != nil {
		t.Fatal(err)
	}
	var tpl, csv, jsonl strings.Builder
	if err := app.TemplateCSV(&tpl); err != nil || !strings.HasPrefix(tpl.String(), "\uFEFFFirst name,") {
		t.Errorf("template (%v) starts %q", err, tpl.String()[:20])
	}
	if err := a.ExportLeads(ctx, u, 0, "csv", &csv); err != nil || !strings.HasPrefix(csv.String(), "\uFEFFid,type,") {
		t.Errorf("CSV export (%v) starts %q", err, csv.String())
	}
	if err := a.ExportLeads(ctx, u, 0, "jsonl", &jsonl); err != nil || strings.HasPrefix(jsonl.String(), "\uFEFF") {
		t.Errorf("JSON lines export (%v) = %q", err, jsonl.String())
	}
}
