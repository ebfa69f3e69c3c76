package app_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/app"
	"github.com/leadport/leadport/internal/storetest"
)

// TestPreviewHidesInvisibleMatches: matching counts every lead of the
// account, but a preview must not show a colleague the name or ID of a lead
// from another owner's import that is not finalized.
func TestPreviewHidesInvisibleMatches(t *testing.T) {
	ctx := context.Background()
	a := app.New(storetest.OpenSQLite(t), slog.New(slog.NewTextHandler(io.Discard, nil)))
	acc, err := a.CreateAccount(ctx, "Garage")
	if err != nil {
		t.Fatal(err)
	}
	director := func(email string) *leadport.User {
		u, err := a.AddUser(ctx, nil, app.NewUser{AccountID: acc.ID, Email: email, Name: email, Role: leadport.RoleDirector,
			CanImport: true, Password: "password123"})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	owner, colleague := director("owner@garage.ca"), director("colleague@garage.ca")
	const file = "First name,Last name,Home phone\nJean,Côté,514-555-0101\n"
	settings := app.ImportSettings{Type: leadport.TypeEvent, Rule: leadport.RuleMerge}

	imp, _, err := a.UploadImport(ctx, owner, "first.csv", strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.StartImport(ctx, owner, imp.ID, settings); err != nil {
		t.Fatal(err)
	}
	if imp, err = a.RunNow(ctx, owner, imp.ID, nil); err != nil || imp.Created != 1 {
		t.Fatalf("first import: %v, %+v", err, imp)
	}

	preview := func(u *leadport.User) (name string, id, leadID int64) {
		t.Helper()
		draft, _, err := a.UploadImport(ctx, u, "second.csv", strings.NewReader(file))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := a.Preview(ctx, u, draft.ID, settings, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1 || rows[0].Action != "merge" || len(rows[0].Matches) != 1 {
			t.Fatalf("preview rows %+v, want one merge with one match", rows)
		}
		m := rows[0].Matches[0]
		return m.Name, m.LeadID, rows[0].LeadID
	}
	if name, id, leadID := preview(owner); name != "Jean Côté" || id == 0 || leadID != id {
		t.Errorf("owner's preview: match %q #%d, merge into #%d; want Jean Côté and its ID", name, id, leadID)
	}
	if name, id, leadID := preview(colleague); strings.Contains(name, "Jean") || id != 0 || leadID != 0 {
		t.Errorf("colleague's preview shows match %q #%d, merge into #%d before finalize", name, id, leadID)
	}
	if _, err := a.FinalizeImport(ctx, owner, imp.ID); err != nil {
		t.Fatal(err)
	}
	if name, id, _ := preview(colleague); name != "Jean Côté" || id == 0 {
		t.Errorf("colleague's preview after finalize: match %q #%d", name, id)
	}
}
