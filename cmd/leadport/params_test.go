package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leadport/leadport/internal/storetest"
)

// TestMalformedArguments: an argument of any command that holds a NUL or
// bytes that are not UTF-8, or a number out of range, ends with exit status
// 2 and a message saying what is wrong, on both databases, and stores
// nothing. Every command of the list is tried.
func TestMalformedArguments(t *testing.T) {
	dbs := map[string]func(t *testing.T) string{
		"sqlite": func(t *testing.T) string { return filepath.Join(t.TempDir(), "leadport.db") },
	}
	if storetest.PostgresConfigured() || os.Getenv(storetest.RequirePostgresEnv) == "1" {
		dbs["postgres"] = func(t *testing.T) string { return storetest.PostgresDSN(t) }
	}
	for name, db := range dbs {
		t.Run(name, func(t *testing.T) {
			c := newCLI(t, db(t))
			c.dealership()
			// A real file whose name is not UTF-8, as a Latin-1 system
			// would write "é.csv".
			dir := t.TempDir()
			latin1 := filepath.Join(dir, "\xe9.csv")
			if err := os.WriteFile(latin1, []byte("First name,Last name,Home phone\nJean,Côté,514-555-0101\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			imp := func(extra ...string) []string {
				return append([]string{"import", "--as", owner.email, "--type", "event", "--rule", "create"}, extra...)
			}
			tests := []struct {
				name string
				args []string
				want string
			}{
				{"file name not UTF-8", imp("--file", latin1), "holds bytes that are not UTF-8 text"},
				{"map with a NUL", imp("--file", testdata("base.csv"), "--map", "First name=first_name\x00"), "holds a NUL character"},
				{"email not UTF-8", []string{"imports", "list", "--as", "owner\xff@garage.test"}, "not UTF-8"},
				{"account name with a NUL", []string{"account", "create", "--name", "Garage\x00"}, "NUL"},
				{"user name not UTF-8", []string{"user", "add", "--account", "Garage Test", "--email", "x@garage.test", "--name", "R\xe9al", "--role", "advisor", "--password-stdin"}, "not UTF-8"},
				{"token name not UTF-8", []string{"token", "create", "--as", owner.email, "--name", "\xff"}, "not UTF-8"},
				{"import ID out of range", []string{"imports", "show", "--as", owner.email, "99999999999999999999"}, "must be a number"},
				{"import ID negative", []string{"imports", "finalize", "--as", owner.email, "-1"}, ""},
				{"export import out of range", []string{"leads", "export", "--as", owner.email, "--import", "99999999999999999999"}, "a number"},
			}
			for _, cmd := range commands {
				tests = append(tests, struct {
					name string
					args []string
					want string
				}{"any argument of " + cmd.name, append(strings.Fields(cmd.name), "--as", "\xff\xfe"), "not UTF-8"})
			}
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					c := &cli{t: t, db: c.db, env: c.env}
					r := c.fails(2, tt.want, tt.args...)
					if strings.Contains(r.stderr, "internal error") {
						t.Errorf("shown as an internal error: %s", r.stderr)
					}
				})
			}
			if out := c.ok("imports", "list", "--as", owner.email, "--json"); strings.TrimSpace(out) != "[]" {
				t.Errorf("imports list --json = %s, want []", out)
			}
		})
	}
}
