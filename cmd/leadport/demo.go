package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"text/tabwriter"

	"github.com/leadport/leadport/internal/demo"
)

// demoCmd seeds the demo dealership (internal/demo), writes its sample
// files, prints the logins and serves.
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
	leads, err := demo.Seed(ctx, a)
	if err != nil {
		return err
	}
	if err := demo.WriteFiles(*dir); err != nil {
		return err
	}

	w := e.stdout
	fmt.Fprintf(w, "The demo dealership %q is ready, with %d leads. Log in with one of:\n\n", demo.Account, leads)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "    EMAIL\tPASSWORD\tROLE\t")
	for _, u := range demo.Users {
		fmt.Fprintf(tw, "    %s\t%s\t%s\t%s\n", u.Email, u.Password, u.Role.Label("en"), u.Note)
	}
	tw.Flush()
	fmt.Fprintf(w, "\nSample files to import (Import › New import), in %s:\n\n", *dir)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, f := range demo.Files {
		fmt.Fprintf(tw, "    %s\t%s\n", f.Name, f.What)
	}
	tw.Flush()
	fmt.Fprintf(w, "\nOr from the console:\n    leadport import --as director@demo.test --file %s --type event --rule merge\n\n",
		filepath.Join(*dir, "french-excel.csv"))
	return e.serve(ctx, a, *addr)
}
