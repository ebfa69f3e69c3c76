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

// TestPreviewAndDryRunSeeWhatTheUserSees: matching sees what the importing
// user sees (SPEC §7): a colleague's preview and dry run neither merge into
// nor count nor name a lead of another owner's import that is not finalized
// (issue 8, report 5).
func TestPreviewAndDryRunSeeWhatTheUserSees(t *testing.T) {
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

	// check previews and dry-runs the file as u and wants a merge into the
	// first import's lead, or a new lead that matches nothing.
	check := func(who string, u *leadport.User, merge bool) {
		t.Helper()
		draft, _, err := a.UploadImport(ctx, u, "second.csv", strings.NewReader(file))
		if err != nil {
			t.Fatal(err)
		}
		pv, err := a.Preview(ctx, u, draft.ID, settings, 10)
		rows := pv.Rows
		if err != nil {
			t.Fatal(err)
		}
		c, err := a.DryRun(ctx, u, draft.ID, settings)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1 {
			t.Fatalf("%s: preview rows %+v, want 1", who, rows)
		}
		r := rows[0]
		switch {
		case merge && (r.Action != "merge" || len(r.Matches) != 1 || r.Matches[0].Name != "Jean Côté" || r.LeadID != r.Matches[0].LeadID || c.Merged != 1 || c.Created != 0):
			t.Errorf("%s: preview %+v, dry run %+v; want a merge into Jean Côté", who, r, c)
		case !merge && (r.Action != "create" || len(r.Matches) != 0 || r.LeadID != 0 || c.Merged != 0 || c.Created != 1 || c.Associated != 0):
			t.Errorf("%s: preview %+v, dry run %+v; want a new lead that matches nothing it cannot see", who, r, c)
		}
		if err := a.DiscardDraft(ctx, u, draft.ID); err != nil {
			t.Fatal(err)
		}
	}
	check("owner", owner, true)
	check("colleague before finalize", colleague, false)
	if _, err := a.FinalizeImport(ctx, owner, imp.ID); err != nil {
		t.Fatal(err)
	}
	check("colleague after finalize", colleague, true)
}
