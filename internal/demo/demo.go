// Package demo is the demo dealership: its name, a user of every role, the
// leads it starts with and the sample files it offers to import. The demo
// command seeds it; the browser tests walk it.
package demo

import (
	"bytes"
	"context"
	"os"
	"path/filepath"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/app"
	"github.com/leadport/leadport/internal/leadgen"
)

// Account is the demo dealership's name.
const Account = "Demo Motors"

// User is a demo user. Passwords are printed: this is a demo, on the
// machine of the person trying Leadport.
type User struct {
	Email, Name, Password string
	Role                  leadport.Role
	CanImport             bool
	Note                  string
}

// Users are the demo's users, one of every role.
var Users = []User{
	{"admin@demo.test", "Isabelle Tremblay", "demo-admin-2026", leadport.RoleAdmin, false, "manages users; sees the Import module"},
	{"director@demo.test", "Marc Gagnon", "demo-director-2026", leadport.RoleDirector, true, "imports (owns the demo's leads)"},
	{"bdc.director@demo.test", "Julie Roy", "demo-bdc-2026", leadport.RoleBDCDirector, true, "imports"},
	{"director.noimport@demo.test", "Patrick Bouchard", "demo-noimport-2026", leadport.RoleDirector, false, "no “can import”: sees the refusal"},
	{"manager@demo.test", "Sophie Côté", "demo-manager-2026", leadport.RoleManager, false, "sees the leads"},
	{"bdc.agent@demo.test", "Kevin Morin", "demo-agent-2026", leadport.RoleBDCAgent, false, "sees the leads"},
	{"advisor@demo.test", "Émilie Lavoie", "demo-advisor-2026", leadport.RoleAdvisor, false, "sees the leads"},
}

// Director is the user who owns the demo's leads.
const Director = "director@demo.test"

// UserByEmail returns the demo user with that email.
func UserByEmail(email string) (User, bool) {
	for _, u := range Users {
		if u.Email == email {
			return u, true
		}
	}
	return User{}, false
}

// Imports are the files imported, as the director, and finalized, so that
// the account starts with a few thousand leads.
var Imports = []struct {
	File string
	Type leadport.LeadType
	Opts leadgen.Options
}{
	{"web-leads-2025.csv", leadport.TypeEmail, leadgen.Options{Rows: 2500, Seed: 2025}},
	{"phone-ups-2025.csv", leadport.TypePhone, leadgen.Options{Rows: 600, Seed: 2026}},
}

// File is a sample file offered to import.
type File struct {
	Name, What string
	Opts       leadgen.Options
}

// Files are the sample files written for people to import.
var Files = []File{
	{"english-comma.csv", "English headers, commas, UTF-8; a third of its customers are already leads: try the Merge rule",
		leadgen.Options{Rows: 300, Seed: 2025, Existing: 2500, MatchRate: 0.3}},
	{"french-excel.csv", "Excel on French Windows: semicolons, Windows-1252, accents, dates day first (proposed from the file)",
		leadgen.Options{Rows: 300, Seed: 41, Delimiter: ';', Encoding: "windows-1252", French: true}},
	{"bad-values.csv", "bad phones, emails and dates, blank lines, rows with nothing to identify, cells beyond the header",
		leadgen.Options{Rows: 150, Seed: 42, Dirty: true, BadRate: 0.4, ExtraRate: 0.05}},
}

// Bytes returns the content of the sample file with that name: the same
// bytes every time.
func Bytes(name string) ([]byte, error) {
	for _, f := range Files {
		if f.Name == name {
			var buf bytes.Buffer
			if err := leadgen.Write(&buf, f.Opts); err != nil {
				return nil, err
			}
			return buf.Bytes(), nil
		}
	}
	return nil, leadport.Errorf(leadport.ENOTFOUND, "The demo has no sample file %s.", name)
}

// Seed creates what is missing of the demo dealership and returns how many
// leads it has. Every step checks first, so running it again adds nothing,
// and a run interrupted half-way is completed by the next.
func Seed(ctx context.Context, a *app.App) (int64, error) {
	acc, err := a.Account(ctx, Account)
	if leadport.ErrorCode(err) == leadport.ENOTFOUND {
		acc, err = a.CreateAccount(ctx, Account)
	}
	if err != nil {
		return 0, err
	}
	for _, du := range Users {
		u, err := a.User(ctx, du.Email)
		switch {
		case leadport.ErrorCode(err) == leadport.ENOTFOUND:
			_, err = a.AddUser(ctx, nil, app.NewUser{AccountID: acc.ID, Email: du.Email, Name: du.Name, Role: du.Role,
				CanImport: du.CanImport, Password: du.Password})
			if err != nil {
				return 0, err
			}
		case err != nil:
			return 0, err
		case u.AccountID != acc.ID:
			return 0, leadport.Errorf(leadport.ECONFLICT, "The demo user %s already exists in another account.", du.Email)
		}
	}

	director, err := a.User(ctx, Director)
	if err != nil {
		return 0, err
	}
	imps, err := a.ListImports(ctx, director)
	if err != nil {
		return 0, err
	}
	var leads int64
	for _, di := range Imports {
		var imp *leadport.Import
		for _, x := range imps {
			if x.FileName == di.File && x.OwnerID == director.ID && x.Status != leadport.StatusReverted && x.Status != leadport.StatusFailed {
				imp = x
			}
		}
		if imp == nil {
			var buf bytes.Buffer
			if err := leadgen.Write(&buf, di.Opts); err != nil {
				return 0, err
			}
			draft, _, err := a.UploadImport(ctx, director, di.File, &buf)
			if err != nil {
				return 0, err
			}
			if imp, err = a.StartImport(ctx, director, draft.ID, app.ImportSettings{Type: di.Type, Rule: leadport.RuleMerge}); err != nil {
				a.DiscardDraft(context.WithoutCancel(ctx), director, draft.ID)
				return 0, err
			}
		}
		if imp.Status == leadport.StatusQueued || imp.Status == leadport.StatusRunning {
			if imp, err = a.RunNow(ctx, director, imp.ID, nil); err != nil {
				return 0, err
			}
		}
		if imp.Status == leadport.StatusFinished && !imp.Finalized {
			if imp, err = a.FinalizeImport(ctx, director, imp.ID); err != nil {
				return 0, err
			}
		}
		leads += imp.Created
	}
	return leads, nil
}

// WriteFiles writes the sample files into dir.
func WriteFiles(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return leadport.Errorf(leadport.EINVALID, "Cannot create the folder %s for the sample files: %v.", dir, err)
	}
	for _, f := range Files {
		b, err := Bytes(f.Name)
		if err != nil {
			return err
		}
		path := filepath.Join(dir, f.Name)
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return leadport.Errorf(leadport.EINVALID, "Cannot write the sample file %s: %v.", path, err)
		}
	}
	return nil
}
