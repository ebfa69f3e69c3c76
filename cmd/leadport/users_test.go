package main

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/leadport/leadport/internal/app"
	"github.com/leadport/leadport/internal/sqlstore"
)

// TestUserSetPasswordAndDeactivate: SPEC §8 and §10 from the console, on
// every database: the same permissions as the Users page, a new password
// ends the user's API tokens, a deactivated user can no longer act.
func TestUserSetPasswordAndDeactivate(t *testing.T) {
	for _, db := range databases(t) {
		t.Run(db.name, func(t *testing.T) {
			c := newCLI(t, db.make(t))
			c.dealership()
			token := c.ok("token", "create", "--as", manager.email)
			if len(token) < 10 {
				t.Fatalf("token create printed %q", token)
			}

			// Only an admin touches an admin; nobody else's password without managing users.
			r := c.run("taken over!\n", "user", "set-password", "--as", director.email, "--email", admin.email, "--password-stdin")
			if r.code != 1 || !strings.Contains(r.stderr, "Only an administrator can change an administrator") {
				t.Errorf("director sets the admin's password: exit %d, %s", r.code, r.stderr)
			}
			r = c.run("new password\n", "user", "set-password", "--as", manager.email, "--email", advisor.email, "--password-stdin")
			if r.code != 1 || !strings.Contains(r.stderr, "Only an administrator or a director can manage users") {
				t.Errorf("manager sets an advisor's password: exit %d, %s", r.code, r.stderr)
			}
			c.fails(1, "No user of your dealership", "user", "deactivate", "--as", director.email, "--email", outsider.email)
			c.fails(1, "You cannot deactivate yourself", "user", "deactivate", "--as", admin.email, "--email", admin.email)
			c.fails(2, "--email EMAIL is required", "user", "deactivate", "--as", admin.email)
			c.fails(2, "--password-stdin is required", "user", "set-password", "--as", admin.email, "--email", manager.email)

			r = c.run("set by diane\n", "user", "set-password", "--as", director.email, "--email", manager.email, "--password-stdin")
			if r.code != 0 {
				t.Fatalf("director sets a manager's password: %s", r.stderr)
			}
			a, closeApp := openApp(t, c.db)
			defer closeApp()
			if _, err := a.Authenticate(context.Background(), manager.email, "set by diane", "127.0.0.1"); err != nil {
				t.Errorf("login with the password set from the console: %v", err)
			}
			if _, err := a.UserByToken(context.Background(), token[:len(token)-1]); err == nil {
				t.Error("the manager's API token survived the new password")
			}

			c.ok("user", "deactivate", "--as", director.email, "--email", manager.email)
			c.fails(1, "has been deactivated", "imports", "list", "--as", manager.email)
			if _, err := a.Authenticate(context.Background(), manager.email, "set by diane", "127.0.0.1"); err == nil {
				t.Error("a deactivated user logged in")
			}
			// The admin can do to the admin what the director could not.
			admin2 := person{"admin2@garage.test", "Second Admin", "admin", false}
			c.addUser("Garage Test", admin2)
			if r := c.run("set by alice\n", "user", "set-password", "--as", admin.email, "--email", admin2.email, "--password-stdin"); r.code != 0 {
				t.Errorf("an admin sets another admin's password: %s", r.stderr)
			}
		})
	}
}

// openApp opens the service layer on the CLI's database, as a second
// process would.
func openApp(t *testing.T, db string) (*app.App, func()) {
	t.Helper()
	s, err := sqlstore.Open(context.Background(), db, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	a := app.New(s, slog.New(slog.DiscardHandler))
	return a, func() { a.Wait(); s.Close() }
}
