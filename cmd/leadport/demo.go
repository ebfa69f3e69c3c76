package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"text/tabwriter"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/app"
	"github.com/leadport/leadport/internal/leadgen"
)

// The demo dealership: its name, a user of every role, and the leads it
// starts with. Passwords are printed: this is a demo, on the machine of the
// person trying Leadport.
const demoAccount = "Demo Motors"

type demoUser struct {
	email, name, password string
	role                  leadport.Role
	canImport             bool
	note                  string
}

var demoUsers = []demoUser{
	{"admin@demo.test", "Isabelle Tremblay", "demo-admin-2026", leadport.RoleAdmin, false, "manages users; sees the Import module"},
	{"director@demo.test", "Marc Gagnon", "demo-director-2026", leadport.RoleDirector, true, "imports (owns the demo's leads)"},
	{"bdc.director@demo.test", "Julie Roy", "demo-bdc-2026", leadport.RoleBDCDirector, true, "imports"},
	{"director.noimport@demo.test", "Patrick Bouchard", "demo-noimport-2026", leadport.RoleDirector, false, "no “can import”: sees the refusal"},
	{"manager@demo.test", "Sophie Côté", "demo-manager-2026", leadport.RoleManager, false, "sees the leads"},
	{"bdc.agent@demo.test", "Kevin Morin", "demo-agent-2026", leadport.RoleBDCAgent, false, "sees the leads"},
	{"advisor@demo.test", "Émilie Lavoie", "demo-advisor-2026", leadport.RoleAdvisor, false, "sees the leads"},
}

// demoImports are the files imported, as director@demo.test, and
// finalized, so that the account starts with a few thousand leads.
var demoImports = []struct {
	file string
	typ  leadport.LeadType
	opts leadgen.Options
}{
	{"web-leads-2025.csv", leadport.TypeEmail, leadgen.Options{Rows: 2500, Seed: 2025}},
	{"phone-ups-2025.csv", leadport.TypePhone, leadgen.Options{Rows: 600, Seed: 2026}},
}

// demoFiles are the sample files written for people to import.
var demoFiles = []struct {
	file, what string
	opts       leadgen.Options
}{
	{"english-comma.csv", "English headers, commas, UTF-8; a third of its customers are already leads: try the Merge rule",
		leadgen.Options{Rows: 300, Seed: 2025, Existing: 2500, MatchRate: 0.3}},
	{"french-excel.csv", "Excel on French Windows: semicolons, Windows-1252, accents, dates day first (proposed from the file)",
		leadgen.Options{Rows: 300, Seed: 41, Delimiter: ';', Encoding: "windows-1252", French: true}},
	{"bad-values.csv", "bad phones, emails and dates, blank lines, rows with nothing to identify, cells beyond the header",
		leadgen.Options{Rows: 150, Seed: 42, Dirty: true, BadRate: 0.4, ExtraRate: 0.05}},
}

func demoCmd(ctx context.Context, e *env, cmd string, args []string) error {
	fs := e.flags(cmd)
	addr := fs.String("addr", "127.0.0.1:8080", "the `ADDRESS` (host:port) to listen on")
	dir := fs.String("files", "leadport-demo-files", "the `FOLDER` where the sample files are written")
	if err := e.parseFlags(fs, cmd, "[--addr 127.0.0.1:8080] [--files leadport-demo-files]", args); err != nil {
		return err
	}
	e.logLevel = slog.LevelInfo
	a, err := e.open(ctx)
	if err != nil {
		return err
	}
	leads, err := seedDemo(ctx, a)
	if err != nil {
		return err
	}
	if err := writeDemoFiles(*dir); err != nil {
		return err
	}

	w := e.stdout
	fmt.Fprintf(w, "The demo dealership %q is ready, with %d leads. Log in with one of:\n\n", demoAccount, leads)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "    EMAIL\tPASSWORD\tROLE\t")
	for _, u := range demoUsers {
		fmt.Fprintf(tw, "    %s\t%s\t%s\t%s\n", u.email, u.password, u.role.Label("en"), u.note)
	}
	tw.Flush()
	fmt.Fprintf(w, "\nSample files to import (Import › New import), in %s:\n\n", *dir)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, f := range demoFiles {
		fmt.Fprintf(tw, "    %s\t%s\n", f.file, f.what)
	}
	tw.Flush()
	fmt.Fprintf(w, "\nOr from the console:\n    leadport import --as director@demo.test --file %s --type event --rule merge\n\n",
		filepath.Join(*dir, "french-excel.csv"))
	return e.serve(ctx, a, *addr)
}

// seedDemo creates what is missing of the demo dealership and returns how
// many leads it has. Every step checks first, so running it again adds
// nothing, and a run interrupted half-way is completed by the next.
func seedDemo(ctx context.Context, a *app.App) (int64, error) {
	acc, err := a.Account(ctx, demoAccount)
	if leadport.ErrorCode(err) == leadport.ENOTFOUND {
		acc, err = a.CreateAccount(ctx, demoAccount)
	}
	if err != nil {
		return 0, err
	}
	for _, du := range demoUsers {
		u, err := a.User(ctx, du.email)
		switch {
		case leadport.ErrorCode(err) == leadport.ENOTFOUND:
			_, err = a.AddUser(ctx, nil, app.NewUser{AccountID: acc.ID, Email: du.email, Name: du.name, Role: du.role,
				CanImport: du.canImport, Password: du.password})
			if err != nil {
				return 0, err
			}
		case err != nil:
			return 0, err
		case u.AccountID != acc.ID:
			return 0, leadport.Errorf(leadport.ECONFLICT, "The demo user %s already exists in another account.", du.email)
		}
	}

	director, err := a.User(ctx, "director@demo.test")
	if err != nil {
		return 0, err
	}
	imps, err := a.ListImports(ctx, director)
	if err != nil {
		return 0, err
	}
	var leads int64
	for _, di := range demoImports {
		var imp *leadport.Import
		for _, x := range imps {
			if x.FileName == di.file && x.OwnerID == director.ID && x.Status != leadport.StatusReverted && x.Status != leadport.StatusFailed {
				imp = x
			}
		}
		if imp == nil {
			var buf bytes.Buffer
			if err := leadgen.Write(&buf, di.opts); err != nil {
				return 0, err
			}
			draft, _, err := a.UploadImport(ctx, director, di.file, &buf)
			if err != nil {
				return 0, err
			}
			if imp, err = a.StartImport(ctx, director, draft.ID, app.ImportSettings{Type: di.typ, Rule: leadport.RuleMerge}); err != nil {
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

// writeDemoFiles writes the sample files into dir. They are the same bytes
// every time.
func writeDemoFiles(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return leadport.Errorf(leadport.EINVALID, "Cannot create the folder %s for the sample files: %v.", dir, err)
	}
	for _, f := range demoFiles {
		var buf bytes.Buffer
		if err := leadgen.Write(&buf, f.opts); err != nil {
			return err
		}
		path := filepath.Join(dir, f.file)
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			return leadport.Errorf(leadport.EINVALID, "Cannot write the sample file %s: %v.", path, err)
		}
	}
	return nil
}
