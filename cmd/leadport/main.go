// Command leadport is Leadport's one binary (SPEC §8): the web app and its
// background workers, and the console commands a dealership's operator or a
// script uses to set up accounts and users and to bring lead files in.
//
// main only calls run, which takes everything from the outside world as
// arguments, so that the tests drive the real program in-process.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/app"
	"github.com/leadport/leadport/internal/sqlstore"
)

// memoryLimit is the Go heap's soft limit when GOMEMLIMIT is not set. An
// import of a million rows over a million leads keeps about 200 MiB live
// (the match index, two batches); without a limit the collector lets the
// heap grow to twice that and more between cycles. With it, the collector
// runs more often instead, and a machine with little memory to spare can
// run a large import.
const memoryLimit = 256 << 20

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args, os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		os.Exit(report(os.Stderr, err))
	}
}

// report prints err for people on w and returns the exit status: 2 for a
// command line that cannot be understood or a file with nothing to import
// (the input cannot be used as given, whatever the state of the data), 1 for
// anything else.
func report(w io.Writer, err error) int {
	var ue *usageError
	var le *leadport.Error
	switch {
	case errors.As(err, &ue):
		fmt.Fprintf(w, "%s\nRun '%s -h' for help.\n", ue.Error(), ue.cmd)
		return 2
	case errors.Is(err, app.ErrEmptyFile):
		fmt.Fprintln(w, leadport.ErrorMessage(err))
		return 2
	case errors.As(err, &le):
		fmt.Fprintln(w, le.Message)
	default:
		fmt.Fprintf(w, "internal error: %v\n", err)
	}
	return 1
}

// usageError is a command line that cannot be understood: an unknown
// command or flag, a missing argument.
type usageError struct {
	cmd string // e.g. "leadport import"
	msg string
}

func (e *usageError) Error() string { return e.cmd + ": " + e.msg }

func usagef(cmd, format string, args ...any) error {
	return &usageError{cmd: cmd, msg: fmt.Sprintf(format, args...)}
}

// env is what every command works with: the outside world run was given,
// and the store and service layer, opened on first use.
type env struct {
	getenv         func(string) string
	stdin          io.Reader
	stdout, stderr io.Writer

	db       string     // --db, else LEADPORT_DB, else leadport.db
	logLevel slog.Level // WARN for console commands, INFO for serve, demo and work
	logger   *slog.Logger
	store    *sqlstore.Store
	app      *app.App
}

// command is one subcommand: its name as typed (e.g. "imports show"), a
// one-line synopsis for the usage listing, and what it does with the
// arguments after its name.
type command struct {
	name     string
	synopsis string
	run      func(ctx context.Context, e *env, cmd string, args []string) error
}

// commands lists every subcommand in the order the usage shows them.
var commands []command

func init() {
	commands = []command{
		{"serve", "[--addr 127.0.0.1:8080]    web app + API + background workers", serveCmd},
		{"demo", "[--addr 127.0.0.1:8080] [--files DIR]    seed a demo dealership (idempotent), print how to log in, then serve", demoCmd},
		{"work", "[--drain]    background workers only; --drain: exit once no import is queued or interrupted", workCmd},
		{"account create", "--name NAME", accountCreateCmd},
		{"user add", "--account NAME --email E --name \"First Last\" --role ROLE [--can-import] --password-stdin", userAddCmd},
		{"user set-password", "--as EMAIL --email E --password-stdin    ends E's other sessions and API tokens", userSetPasswordCmd},
		{"user deactivate", "--as EMAIL --email E    E can no longer log in; sessions and API tokens end", userDeactivateCmd},
		{"token create", "--as EMAIL [--name N]    print a new API token secret", tokenCreateCmd},
		{"import", "--as EMAIL --file PATH --type TYPE --rule create|merge\n" +
			"        [--delimiter auto|,|;|tab|pipe] [--encoding auto|utf-8|windows-1252|utf-16]\n" +
			"        [--map auto | --map 'Header=key,Header=key,...'] [--date-format auto|ymd|dmy|mdy]\n" +
			"        [--dry-run] [--json]", importCmd},
		{"imports list", "--as EMAIL [--json]", importsListCmd},
		{"imports show", "--as EMAIL ID [--json]", importsShowCmd},
		{"imports finalize", "--as EMAIL ID", importsFinalizeCmd},
		{"imports revert", "--as EMAIL ID", importsRevertCmd},
		{"imports issues", "--as EMAIL ID    the issue report as CSV on stdout", importsIssuesCmd},
		{"leads export", "--as EMAIL [--import ID] [--format jsonl|csv]", leadsExportCmd},
		{"bench", "[--rows N] [--db sqlite|PATH|postgres://…] …    measure imports on generated files (see leadport bench -h)", benchCmd},
	}
}

func usage(w io.Writer) {
	fmt.Fprint(w, `Leadport brings lead files into a dealership's CRM.

Usage:
`)
	for _, c := range commands {
		fmt.Fprintf(w, "    leadport %s %s\n", c.name, c.synopsis)
	}
	fmt.Fprint(w, `    leadport help

Every command takes --db: the database, a SQLite file path or a postgres:// URL
(default: $LEADPORT_DB, else leadport.db). --as EMAIL is the user the command
acts as; it has exactly that user's permissions.

Lead types: `+typeList()+`
Fields for --map: see 'leadport import -h'.

Environment:
    LEADPORT_DB       the database, when --db is not given
    LEADPORT_MAX_UPLOAD_MB
                      serve/demo: the largest file the web app and API accept,
                      in megabytes (default 1024)
    LEADPORT_SECURE_COOKIES
                      serve/demo: 1 when Leadport is served over HTTPS (behind a
                      proxy): session cookies are then sent only over HTTPS
    LEADPORT_LEASE    advanced: how long a worker's hold on a running import lasts
                      without news before another worker takes it over (a Go
                      duration; default 20s, renewed every quarter of it)
`)
}

func typeList() string {
	var s []string
	for _, t := range leadport.LeadTypes {
		s = append(s, string(t))
	}
	return strings.Join(s, ", ")
}

// run is the whole program: args are the command line, program name first.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := &env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr, logLevel: slog.LevelWarn}
	defer e.close()

	// Every argument of every command is text (SPEC §10): checked here,
	// once, so that no command hands the store bytes it cannot keep.
	for _, arg := range args[1:] {
		if err := app.CheckText("The argument "+strconv.Quote(arg), arg); err != nil {
			return usagef("leadport", "%s", leadport.ErrorMessage(err))
		}
	}

	// Flags before the command name: only --db (and help).
	root := flag.NewFlagSet("leadport", flag.ContinueOnError)
	root.SetOutput(io.Discard)
	root.StringVar(&e.db, "db", "", "")
	if err := root.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(stdout)
			return nil
		}
		return usagef("leadport", "%v", err)
	}
	rest := root.Args()
	if len(rest) == 0 {
		usage(stderr)
		return usagef("leadport", "which command? See the list above.")
	}
	if rest[0] == "help" {
		usage(stdout)
		return nil
	}
	// The longest command name that the arguments start with.
	var found *command
	for i := range commands {
		c := &commands[i]
		words := strings.Fields(c.name)
		if len(rest) >= len(words) && strings.Join(rest[:len(words)], " ") == c.name {
			if found == nil || len(c.name) > len(found.name) {
				found = c
			}
		}
	}
	if found == nil {
		return usagef("leadport", "%q is not a command", strings.Join(rest[:min(2, len(rest))], " "))
	}
	err := found.run(ctx, e, "leadport "+found.name, rest[len(strings.Fields(found.name)):])
	if errors.Is(err, errHelpShown) {
		return nil
	}
	return err
}

// flags returns a FlagSet for cmd with the common --db flag.
func (e *env) flags(cmd string) *flag.FlagSet {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&e.db, "db", e.db, "the database: a SQLite file path or a postgres:// URL (default $LEADPORT_DB, else leadport.db)")
	return fs
}

// parse parses args with fs, letting flags come before or after the
// positional arguments ("imports show --as E 12" and "imports show 12 --as
// E"), and returns the positional arguments. -h prints the command's help.
// parseFlags is parse for a command that takes flags only.
func (e *env) parseFlags(fs *flag.FlagSet, cmd, synopsis string, args []string) error {
	pos, err := e.parse(fs, synopsis, args)
	if err == nil && len(pos) > 0 {
		err = usagef(cmd, "unexpected argument %q", pos[0])
	}
	return err
}

func (e *env) parse(fs *flag.FlagSet, synopsis string, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fmt.Fprintf(e.stdout, "Usage: %s %s\n\nFlags:\n", fs.Name(), synopsis)
				fs.SetOutput(e.stdout)
				fs.PrintDefaults()
				return nil, errHelpShown
			}
			return nil, usagef(fs.Name(), "%v", err)
		}
		left := fs.Args()
		if len(left) == 0 {
			return pos, nil
		}
		if i := len(args) - len(left); i > 0 && args[i-1] == "--" {
			return append(pos, left...), nil
		}
		pos = append(pos, left[0])
		args = left[1:]
	}
}

// errHelpShown ends a command whose help was asked for: run returns nil.
var errHelpShown = errors.New("help shown")

// open opens the store and the service layer, once.
func (e *env) open(ctx context.Context) (*app.App, error) {
	if e.app != nil {
		return e.app, nil
	}
	e.logger = slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: e.logLevel}))
	lease := 20 * time.Second
	if s := e.getenv("LEADPORT_LEASE"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 {
			return nil, leadport.Errorf(leadport.EINVALID, "LEADPORT_LEASE must be a duration such as 20s, not %q.", s)
		}
		lease = d
	}
	dsn := e.db
	if dsn == "" {
		dsn = e.getenv("LEADPORT_DB")
	}
	if dsn == "" {
		dsn = "leadport.db"
	}
	store, err := sqlstore.Open(ctx, dsn, e.logger)
	if err != nil {
		return nil, leadport.Errorf(leadport.EINTERNAL, "Cannot open the database %s: %v.", redact(dsn), err)
	}
	e.store = store
	e.app = app.New(store, e.logger)
	e.app.Importer.Lease = lease
	e.app.Importer.Heartbeat = lease / 4
	return e.app, nil
}

// redact hides the password of a database URL.
func redact(dsn string) string {
	if i := strings.Index(dsn, "://"); i >= 0 {
		if j := strings.LastIndex(dsn, "@"); j > i {
			if k := strings.Index(dsn[i+3:j], ":"); k >= 0 {
				return dsn[:i+3+k+1] + "xxxxx" + dsn[j:]
			}
		}
	}
	return dsn
}

func (e *env) close() {
	if e.store != nil {
		if err := e.store.Close(); err != nil && e.logger != nil {
			e.logger.Warn("close the database", "err", err)
		}
	}
}

// actor opens the app and returns it with the user --as names.
func (e *env) actor(ctx context.Context, cmd, email string) (*app.App, *leadport.User, error) {
	if email == "" {
		return nil, nil, usagef(cmd, "--as EMAIL is required: the user the command acts as")
	}
	a, err := e.open(ctx)
	if err != nil {
		return nil, nil, err
	}
	u, err := a.User(ctx, email)
	if err != nil {
		return nil, nil, err
	}
	return a, u, nil
}
