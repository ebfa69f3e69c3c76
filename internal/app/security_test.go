package app_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/app"
	"github.com/leadport/leadport/internal/storetest"
)

type dealership struct {
	t   *testing.T
	a   *app.App
	acc *leadport.Account
}

func newDealership(t *testing.T, s leadport.Store) *dealership {
	t.Helper()
	a := app.New(s, slog.New(slog.NewTextHandler(io.Discard, nil)))
	acc, err := a.CreateAccount(context.Background(), "Garage")
	if err != nil {
		t.Fatal(err)
	}
	return &dealership{t: t, a: a, acc: acc}
}

func (d *dealership) user(email string, role leadport.Role, canImport bool) *leadport.User {
	d.t.Helper()
	u, err := d.a.AddUser(context.Background(), nil, app.NewUser{AccountID: d.acc.ID, Email: email, Name: email,
		Role: role, CanImport: canImport, Password: "password123"})
	if err != nil {
		d.t.Fatal(err)
	}
	return u
}

// finished runs an import of owner to its end, unfinalized.
func (d *dealership) finished(owner *leadport.User) *leadport.Import {
	d.t.Helper()
	ctx := context.Background()
	imp, _, err := d.a.UploadImport(ctx, owner, "leads.csv", strings.NewReader("First name,Last name,Home phone\nJean,Côté,514-555-0101\n,,\n"))
	if err != nil {
		d.t.Fatal(err)
	}
	if _, err := d.a.StartImport(ctx, owner, imp.ID, app.ImportSettings{Type: leadport.TypeEvent, Rule: leadport.RuleMerge}); err != nil {
		d.t.Fatal(err)
	}
	if imp, err = d.a.RunNow(ctx, owner, imp.ID, nil); err != nil || imp.Status != leadport.StatusFinished {
		d.t.Fatalf("import: %v, %+v", err, imp)
	}
	return imp
}

func (d *dealership) reload(u *leadport.User) *leadport.User {
	d.t.Helper()
	u, err := d.a.UserByID(context.Background(), u.ID)
	if err != nil {
		d.t.Fatal(err)
	}
	return u
}

// TestOrphanedImport: SPEC §6 "Orphans". Once its owner can no longer
// import, the owner can no longer finalize, revert or read the issue report
// of his import, and a director or BDC director who can import may finalize
// or revert it. On the old code the demoted owner still finalized.
func TestOrphanedImport(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		orphan  func(d *dealership, admin, owner *leadport.User) error
		finally string // "finalize" or "revert": what the taker does
	}{
		{"role changed", func(d *dealership, admin, owner *leadport.User) error {
			r := leadport.RoleManager
			_, err := d.a.UpdateUser(ctx, admin, owner.ID, app.UserChange{Role: &r})
			return err
		}, "finalize"},
		{"can_import cleared", func(d *dealership, admin, owner *leadport.User) error {
			no := false
			_, err := d.a.UpdateUser(ctx, admin, owner.ID, app.UserChange{CanImport: &no})
			return err
		}, "revert"},
		{"deactivated", func(d *dealership, admin, owner *leadport.User) error {
			_, err := d.a.DeactivateUser(ctx, admin, owner.ID)
			return err
		}, "finalize"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := newDealership(t, storetest.OpenSQLite(t))
			admin := d.user("admin@garage.ca", leadport.RoleAdmin, false)
			owner := d.user("owner@garage.ca", leadport.RoleDirector, true)
			bdc := d.user("bdc@garage.ca", leadport.RoleBDCDirector, true)
			noImport := d.user("noimport@garage.ca", leadport.RoleDirector, false)
			manager := d.user("manager@garage.ca", leadport.RoleManager, false)
			imp := d.finished(owner)

			// While the owner can import, nobody else may.
			if _, err := d.a.FinalizeImport(ctx, bdc, imp.ID); leadport.ErrorCode(err) != leadport.EFORBIDDEN {
				t.Fatalf("a colleague finalized a live owner's import: %v", err)
			}
			if err := tc.orphan(d, admin, owner); err != nil {
				t.Fatal(err)
			}
			owner = d.reload(owner)
			if _, err := d.a.FinalizeImport(ctx, owner, imp.ID); leadport.ErrorCode(err) != leadport.EFORBIDDEN {
				t.Errorf("the former owner finalized: %v", err)
			}
			if _, err := d.a.RevertImport(ctx, owner, imp.ID); leadport.ErrorCode(err) != leadport.EFORBIDDEN {
				t.Errorf("the former owner reverted: %v", err)
			}
			if err := d.a.WriteIssueReport(ctx, owner, imp.ID, io.Discard); leadport.ErrorCode(err) != leadport.EFORBIDDEN {
				t.Errorf("the former owner read the issue report: %v", err)
			}
			for _, u := range []*leadport.User{noImport, manager, admin} {
				if _, err := d.a.FinalizeImport(ctx, u, imp.ID); leadport.ErrorCode(err) != leadport.EFORBIDDEN {
					t.Errorf("%s (%s, can import %v) finalized an orphaned import: %v", u.Email, u.Role, u.CanImport, err)
				}
			}
			var report bytes.Buffer
			if err := d.a.WriteIssueReport(ctx, bdc, imp.ID, &report); err != nil {
				t.Errorf("the BDC director who may take over cannot read the issue report: %v", err)
			}
			var got *leadport.Import
			var err error
			if tc.finally == "finalize" {
				got, err = d.a.FinalizeImport(ctx, bdc, imp.ID)
				if err == nil && !got.Finalized {
					t.Errorf("finalized by the BDC director: %+v", got)
				}
			} else {
				got, err = d.a.RevertImport(ctx, bdc, imp.ID)
				if err == nil && got.Status != leadport.StatusReverted {
					t.Errorf("reverted by the BDC director: %+v", got)
				}
			}
			if err != nil {
				t.Errorf("a BDC director who can import may %s an orphaned import: %v", tc.finally, err)
			}
		})
	}
}

// TestManagingUsers: SPEC §10's rules through the service layer that the
// web, the API and the CLI share. On the old code a director changed an
// admin's password.
func TestManagingUsers(t *testing.T) {
	ctx := context.Background()
	d := newDealership(t, storetest.OpenSQLite(t))
	admin := d.user("admin@garage.ca", leadport.RoleAdmin, false)
	admin2 := d.user("admin2@garage.ca", leadport.RoleAdmin, false)
	director := d.user("director@garage.ca", leadport.RoleDirector, true)
	manager := d.user("manager@garage.ca", leadport.RoleManager, false)
	pw := "a new password"
	role := func(r leadport.Role) *leadport.Role { return &r }
	yes, no := true, false
	name := "New Name"
	for _, tc := range []struct {
		actor, target *leadport.User
		ch            app.UserChange
		want          string // "" or an error code
	}{
		{director, admin, app.UserChange{Password: &pw}, leadport.EFORBIDDEN},
		{director, admin, app.UserChange{Name: &name}, leadport.EFORBIDDEN},
		{director, admin, app.UserChange{Role: role(leadport.RoleAdvisor)}, leadport.EFORBIDDEN},
		{director, manager, app.UserChange{Role: role(leadport.RoleAdmin)}, leadport.EFORBIDDEN},
		{director, director, app.UserChange{Role: role(leadport.RoleAdmin)}, leadport.EFORBIDDEN},
		{director, director, app.UserChange{CanImport: &no}, leadport.EFORBIDDEN},
		{admin, admin, app.UserChange{Role: role(leadport.RoleDirector)}, leadport.EFORBIDDEN},
		{manager, manager, app.UserChange{CanImport: &yes}, leadport.EFORBIDDEN},
		{manager, director, app.UserChange{Password: &pw}, leadport.EFORBIDDEN},
		// Sending one's own role and can_import unchanged is no change.
		{director, director, app.UserChange{Role: role(leadport.RoleDirector), CanImport: &yes, Name: &name}, ""},
		{manager, manager, app.UserChange{Password: &pw}, ""},
		{director, manager, app.UserChange{Password: &pw, Role: role(leadport.RoleBDCDirector), CanImport: &yes}, ""},
		{admin, admin2, app.UserChange{Password: &pw}, ""},
		{admin, director, app.UserChange{Role: role(leadport.RoleAdmin)}, ""},
	} {
		_, err := d.a.UpdateUser(ctx, d.reload(tc.actor), tc.target.ID, tc.ch)
		if got := leadport.ErrorCode(err); got != tc.want {
			t.Errorf("%s changes %s (%+v): %v; want code %q", tc.actor.Email, tc.target.Email, tc.ch, err, tc.want)
		}
	}
	if _, err := d.a.DeactivateUser(ctx, d.reload(manager), manager.ID); leadport.ErrorCode(err) != leadport.EFORBIDDEN {
		t.Errorf("a user deactivated himself: %v", err)
	}
	if _, err := d.a.DeactivateUser(ctx, admin, admin.ID); leadport.ErrorCode(err) != leadport.EFORBIDDEN {
		t.Errorf("an admin deactivated himself: %v", err)
	}
}

// TestDeactivatedUserCannotAct: no login, no --as, no token.
func TestDeactivatedUserCannotAct(t *testing.T) {
	ctx := context.Background()
	d := newDealership(t, storetest.OpenSQLite(t))
	admin := d.user("admin@garage.ca", leadport.RoleAdmin, false)
	m := d.user("m@garage.ca", leadport.RoleManager, false)
	secret, _, err := d.a.CreateToken(ctx, m, "sync")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.a.DeactivateUser(ctx, admin, m.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := d.a.Authenticate(ctx, "m@garage.ca", "password123", "127.0.0.1"); leadport.ErrorCode(err) != leadport.EFORBIDDEN {
		t.Errorf("a deactivated user logged in: %v", err)
	}
	if _, err := d.a.User(ctx, "m@garage.ca"); leadport.ErrorCode(err) != leadport.EFORBIDDEN {
		t.Errorf("--as a deactivated user: %v", err)
	}
	if _, err := d.a.UserByToken(ctx, secret); leadport.ErrorCode(err) != leadport.EUNAUTH {
		t.Errorf("the token of a deactivated user: %v", err)
	}
}

// TestHousekeepDeletesOldDrafts: SPEC §6 "Drafts", with a clock a day and
// an hour ahead rather than a day of sleep.
func TestHousekeepDeletesOldDrafts(t *testing.T) {
	ctx := context.Background()
	d := newDealership(t, storetest.OpenSQLite(t))
	owner := d.user("owner@garage.ca", leadport.RoleDirector, true)
	draft, _, err := d.a.UploadImport(ctx, owner, "draft.csv", strings.NewReader("First name,Last name\nJean,Côté\n"))
	if err != nil {
		t.Fatal(err)
	}
	kept := d.finished(owner)
	if err := d.a.Housekeep(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := d.a.Import(ctx, owner, draft.ID); err != nil {
		t.Fatalf("a fresh draft was deleted: %v", err)
	}
	if err := d.a.Housekeep(ctx, time.Now().Add(app.DraftLifetime+time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := d.a.Import(ctx, owner, draft.ID); leadport.ErrorCode(err) != leadport.ENOTFOUND {
		t.Errorf("a draft older than a day is still there: %v", err)
	}
	if _, err := d.a.Import(ctx, owner, kept.ID); err != nil {
		t.Errorf("a finished import was deleted: %v", err)
	}
}

// TestTokenUseRecordedInBackground: the request reads; the last use is
// written afterwards, and once a minute at most.
func TestTokenUseRecordedInBackground(t *testing.T) {
	ctx := context.Background()
	d := newDealership(t, storetest.OpenSQLite(t))
	m := d.user("m@garage.ca", leadport.RoleManager, false)
	secret, _, err := d.a.CreateToken(ctx, m, "sync")
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if _, err := d.a.UserByToken(ctx, secret); err != nil {
			t.Fatal(err)
		}
	}
	d.a.Wait()
	tokens, err := d.a.ListTokens(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	if len(tokens) != 1 || tokens[0].LastUsedAt == nil || time.Since(*tokens[0].LastUsedAt) > time.Minute {
		t.Errorf("tokens after use: %+v", tokens)
	}
}
