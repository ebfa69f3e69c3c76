package main

// The command's tests drive the real program: run in-process, on real
// SQLite files (and PostgreSQL databases when configured), with real CSV
// files from testdata/; the crash test runs the built binary as a child
// process and kills it.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/leadport/leadport/internal/storetest"
)

// binary is the leadport command built once for the tests that need a
// real process.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "leadport-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "leadport")
	out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "build leadport: %v\n%s", err, out)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// databases returns, for each database the tests can use, a function that
// makes a fresh one and returns its --db value: "sqlite" always,
// "postgres" when storetest's environment variable names a server.
func databases(t *testing.T) []struct {
	name string
	make func(*testing.T) string
} {
	t.Helper()
	dbs := []struct {
		name string
		make func(*testing.T) string
	}{{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "leadport.db") }}}
	switch {
	case storetest.PostgresConfigured():
		dbs = append(dbs, struct {
			name string
			make func(*testing.T) string
		}{"postgres", func(t *testing.T) string { return storetest.PostgresDSN(t) }})
	case os.Getenv(storetest.RequirePostgresEnv) == "1":
		t.Fatalf("%s=1 but %s is not set", storetest.RequirePostgresEnv, storetest.PostgresURLEnv)
	}
	return dbs
}

// cli runs the command in-process against one database.
type cli struct {
	t   *testing.T
	db  string
	env map[string]string
}

func newCLI(t *testing.T, db string) *cli {
	return &cli{t: t, db: db, env: map[string]string{}}
}

// result is what one run of the command did.
type result struct {
	stdout, stderr string
	code           int // the exit status main would give
}

// run runs `leadport --db DB args…` with stdin and returns what it printed
// and its exit status.
func (c *cli) run(stdin string, args ...string) result {
	c.t.Helper()
	var stdout, stderr bytes.Buffer
	argv := append([]string{"leadport", "--db", c.db}, args...)
	err := run(context.Background(), argv, func(k string) string { return c.env[k] }, strings.NewReader(stdin), &stdout, &stderr)
	r := result{code: 0}
	if err != nil {
		r.code = report(&stderr, err)
	}
	r.stdout, r.stderr = stdout.String(), stderr.String()
	return r
}

// ok runs the command and fails the test unless it succeeds; it returns stdout.
func (c *cli) ok(args ...string) string {
	c.t.Helper()
	r := c.run("", args...)
	if r.code != 0 {
		c.t.Fatalf("leadport %s: exit status %d\n%s", strings.Join(args, " "), r.code, r.stderr)
	}
	return r.stdout
}

// fails runs the command and fails the test unless it exits with status
// code and says want on stderr.
func (c *cli) fails(code int, want string, args ...string) result {
	c.t.Helper()
	r := c.run("", args...)
	if r.code != code {
		c.t.Errorf("leadport %s: exit status %d, want %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.code, code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, want) {
		c.t.Errorf("leadport %s: stderr\n%s\nwant it to contain\n%s", strings.Join(args, " "), r.stderr, want)
	}
	return r
}

// A user of a test dealership.
type person struct {
	email, name, role string
	canImport         bool
}

// The staff of "Garage Test": a user of every role; owner imports.
var (
	admin    = person{"admin@garage.test", "Alice Admin", "admin", false}
	owner    = person{"owner@garage.test", "Olivier Owner", "director", true}
	director = person{"director@garage.test", "Diane Director", "director", true}
	bdcDir   = person{"bdc@garage.test", "Bruno Bdc", "bdc_director", true}
	noImport = person{"noimport@garage.test", "Nadia Noimport", "director", false}
	manager  = person{"manager@garage.test", "Manon Manager", "manager", false}
	agent    = person{"agent@garage.test", "Alex Agent", "bdc_agent", false}
	advisor  = person{"advisor@garage.test", "Vincent Advisor", "advisor", false}
	staff    = []person{admin, owner, director, bdcDir, noImport, manager, agent, advisor}

	// outsider works at another dealership.
	outsider = person{"other@autre.test", "Olga Other", "director", true}
)

// dealership creates "Garage Test" with its staff, and "Autre Garage" with
// the outsider.
func (c *cli) dealership() {
	c.t.Helper()
	c.ok("account", "create", "--name", "Garage Test")
	c.ok("account", "create", "--name", "Autre Garage")
	for _, p := range staff {
		c.addUser("Garage Test", p)
	}
	c.addUser("Autre Garage", outsider)
}

func (c *cli) addUser(account string, p person) {
	c.t.Helper()
	args := []string{"user", "add", "--account", account, "--email", p.email, "--name", p.name, "--role", p.role, "--password-stdin"}
	if p.canImport {
		args = append(args, "--can-import")
	}
	if r := c.run("password-"+p.role+"\n", args...); r.code != 0 {
		c.t.Fatalf("user add %s: %s", p.email, r.stderr)
	}
}

// summaryJSON is the contract object, decoded.
type summaryJSON struct {
	ID         int64   `json:"id"`
	Status     string  `json:"status"`
	Processed  int64   `json:"processed"`
	Created    int64   `json:"created"`
	Merged     int64   `json:"merged"`
	Associated int64   `json:"associated"`
	Failed     int64   `json:"failed"`
	Notes      int64   `json:"notes"`
	StartedAt  *string `json:"started_at"`
	FinishedAt *string `json:"finished_at"`
	Finalized  bool    `json:"finalized"`
}

// counters are the six numbers of an import, for comparisons.
type counters struct{ processed, created, merged, associated, failed, notes int64 }

func (s summaryJSON) counters() counters {
	return counters{s.Processed, s.Created, s.Merged, s.Associated, s.Failed, s.Notes}
}

var contractKeys = []string{"id", "status", "processed", "created", "merged", "associated", "failed", "notes",
	"started_at", "finished_at", "finalized"}

// decodeSummary decodes one contract object and checks it has exactly the
// eleven keys of SPEC §8.
func decodeSummary(t *testing.T, s string) summaryJSON {
	t.Helper()
	var keys map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &keys); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, s)
	}
	var got []string
	for k := range keys {
		got = append(got, k)
	}
	sort.Strings(got)
	want := slices.Sorted(slices.Values(contractKeys))
	if string(keys["status"]) == `"dry_run"` {
		// A dry run stores nothing: it has no import number.
		want = slices.DeleteFunc(want, func(k string) bool { return k == "id" })
	}
	if !slices.Equal(got, want) {
		t.Errorf("keys %v, want exactly %v", got, want)
	}
	var sum summaryJSON
	if err := json.Unmarshal([]byte(s), &sum); err != nil {
		t.Fatal(err)
	}
	return sum
}

// importJSON runs `import --json` and returns the summary.
func (c *cli) importJSON(as, file, rule string, extra ...string) summaryJSON {
	c.t.Helper()
	args := append([]string{"import", "--as", as, "--file", file, "--type", "event", "--rule", rule, "--json"}, extra...)
	return decodeSummary(c.t, c.ok(args...))
}

// writeFile writes content to a file in a temporary folder and returns its path.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// lead is one line of `leads export --format jsonl`.
type lead struct {
	ID        int64  `json:"id"`
	Type      string `json:"type"`
	Module    string `json:"module"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
	City      string `json:"city"`
	Comment   string `json:"comment"`
	Phones    []struct {
		Type      string `json:"type"`
		Number    string `json:"number"`
		Extension string `json:"extension"`
	} `json:"phones"`
	Emails []struct {
		Type    string `json:"type"`
		Address string `json:"address"`
	} `json:"emails"`
	Vehicles []struct {
		Kind  string `json:"kind"`
		Make  string `json:"make"`
		Model string `json:"model"`
		Year  string `json:"year"`
	} `json:"vehicles"`
	Notes []struct {
		Body string `json:"body"`
	} `json:"notes"`
	Associated []int64 `json:"associated"`
	ImportID   *int64  `json:"import_id"`
}

func (l lead) phone(typ string) (number, ext string) {
	for _, p := range l.Phones {
		if p.Type == typ {
			return p.Number, p.Extension
		}
	}
	return "", ""
}

func (l lead) email(typ string) string {
	for _, e := range l.Emails {
		if e.Type == typ {
			return e.Address
		}
	}
	return ""
}

// exportedKeys are the keys SPEC §8 requires of every exported lead.
var exportedKeys = []string{"id", "type", "module", "first_name", "last_name", "phones", "emails", "notes", "associated", "import_id"}

// export runs `leads export` as a user and decodes the leads.
func (c *cli) export(as string, extra ...string) []lead {
	c.t.Helper()
	out := c.ok(append([]string{"leads", "export", "--as", as}, extra...)...)
	return decodeLeads(c.t, out)
}

func decodeLeads(t *testing.T, out string) []lead {
	t.Helper()
	var leads []lead
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var keys map[string]json.RawMessage
		if err := json.Unmarshal(sc.Bytes(), &keys); err != nil {
			t.Fatalf("export line %q: %v", sc.Text(), err)
		}
		for _, k := range exportedKeys {
			if _, ok := keys[k]; !ok {
				t.Errorf("exported lead lacks %q: %s", k, sc.Text())
			}
		}
		var l lead
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatal(err)
		}
		leads = append(leads, l)
	}
	return leads
}

// importLines returns every "[import]" note line of the leads, sorted.
func importLines(leads []lead) []string {
	var lines []string
	for _, l := range leads {
		for _, n := range l.Notes {
			for _, line := range strings.Split(n.Body, "\n") {
				if strings.HasPrefix(line, "[import]") {
					lines = append(lines, line)
				}
			}
		}
	}
	sort.Strings(lines)
	return lines
}

// testdata returns the path of a file in testdata/.
func testdata(name string) string { return filepath.Join("testdata", name) }

// waitFor polls cond until it holds or the timeout passes.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
