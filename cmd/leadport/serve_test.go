package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/app"
	"github.com/leadport/leadport/internal/sqlstore"
)

// startServer runs `leadport --db DB args…` (serve or demo) in-process until
// the test ends, and returns the URL it listens on, everything it printed
// before, and a function that stops it (as SIGINT would) and returns run's
// error.
func (c *cli) startServer(args ...string) (url, printed string, stop func() error) {
	c.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	var stderr bytes.Buffer
	go func() {
		argv := append([]string{"leadport", "--db", c.db}, args...)
		err := run(ctx, argv, func(k string) string { return c.env[k] }, strings.NewReader(""), pw, &stderr)
		pw.Close()
		done <- err
	}()
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		io.Copy(io.Discard, pr)
	}()
	var out strings.Builder
	timeout := time.After(60 * time.Second)
	for url == "" {
		select {
		case line, ok := <-lines:
			if !ok {
				cancel()
				c.t.Fatalf("leadport %s stopped before listening: %v\n%s\n%s", strings.Join(args, " "), <-done, out.String(), stderr.String())
			}
			out.WriteString(line + "\n")
			if u, found := strings.CutPrefix(line, "Leadport is listening on "); found {
				url = u
			}
		case <-timeout:
			cancel()
			c.t.Fatalf("leadport %s is not listening after a minute:\n%s", strings.Join(args, " "), out.String())
		}
	}
	go func() {
		for range lines {
		}
	}()
	stopped := false
	stop = func() error {
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(30 * time.Second):
			c.t.Fatal("the server did not stop within 30 seconds")
		}
		return nil
	}
	c.t.Cleanup(func() { stop() })
	return url, out.String(), stop
}

func get(t *testing.T, url, token string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// TestServe: serve answers pages and the API (with a token the CLI made),
// runs queued imports in the background, and stops cleanly when told to.
func TestServe(t *testing.T) {
	c := newCLI(t, filepath.Join(t.TempDir(), "leadport.db"))
	c.dealership()
	token := strings.TrimSpace(c.ok("token", "create", "--as", director.email, "--name", "test"))
	if !strings.HasPrefix(token, "lp_") {
		t.Fatalf("token create printed %q", token)
	}

	// An import saved but not run, as the web wizard leaves it: serve's
	// workers must pick it up.
	ctx := context.Background()
	store, err := sqlstore.Open(ctx, c.db, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := app.New(store, slog.New(slog.DiscardHandler))
	u, err := a.User(ctx, owner.email)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(testdata("first_import.csv"))
	if err != nil {
		t.Fatal(err)
	}
	draft, _, err := a.UploadImport(ctx, u, "first_import.csv", f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	imp, err := a.StartImport(ctx, u, draft.ID, app.ImportSettings{Type: leadport.TypeEvent, Rule: leadport.RuleCreate})
	if err != nil {
		t.Fatal(err)
	}
	store.Close()
	id := strconv.FormatInt(imp.ID, 10)

	url, _, stop := c.startServer("serve", "--addr", "127.0.0.1:0")
	if code, body := get(t, url+"/login", ""); code != http.StatusOK || !strings.Contains(body, "<form") {
		t.Errorf("GET /login: %d\n%.500s", code, body)
	}
	code, body := get(t, url+"/api/me", token)
	if code != http.StatusOK || !strings.Contains(body, director.email) {
		t.Errorf("GET /api/me with the token: %d %s", code, body)
	}
	if code, _ := get(t, url+"/api/me", "lp_not-a-token"); code != http.StatusUnauthorized {
		t.Errorf("GET /api/me with a wrong token: %d, want 401", code)
	}
	waitFor(t, 30*time.Second, "serve's worker to run the queued import", func() bool {
		return decodeSummary(t, c.ok("imports", "show", "--as", owner.email, id, "--json")).Status == "finished"
	})
	if got := decodeSummary(t, c.ok("imports", "show", "--as", owner.email, id, "--json")); got.Processed != 6 || got.Created != 5 {
		t.Errorf("import run by serve: %+v", got)
	}
	if err := stop(); err != nil {
		t.Errorf("serve returned %v after a stop, want nil", err)
	}

	// An address in use is a clear refusal.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	c.fails(1, "Leadport cannot listen on "+ln.Addr().String(), "serve", "--addr", ln.Addr().String())
}

// TestDemo runs demo twice: the second run adds nothing. The sample files
// import as described.
func TestDemo(t *testing.T) {
	c := newCLI(t, filepath.Join(t.TempDir(), "leadport.db"))
	files := filepath.Join(t.TempDir(), "files")
	_, printed, stop := c.startServer("demo", "--addr", "127.0.0.1:0", "--files", files)
	if err := stop(); err != nil {
		t.Fatalf("demo: %v", err)
	}
	for _, s := range []string{"admin@demo.test", "demo-admin-2026", "director.noimport@demo.test", "advisor@demo.test", "french-excel.csv"} {
		if !strings.Contains(printed, s) {
			t.Errorf("demo does not print %q:\n%s", s, printed)
		}
	}
	snapshot := func() (string, int) {
		return c.ok("imports", "list", "--as", "admin@demo.test", "--json"), len(c.export("advisor@demo.test"))
	}
	imports1, leads1 := snapshot()
	if leads1 < 2000 {
		t.Errorf("the demo account has %d leads visible to the advisor, want a few thousand", leads1)
	}
	sample := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(files, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	french := sample("french-excel.csv")

	url, _, stop := c.startServer("demo", "--addr", "127.0.0.1:0", "--files", files)
	if code, _ := get(t, url+"/login", ""); code != http.StatusOK {
		t.Errorf("GET /login: %d", code)
	}
	stop()
	imports2, leads2 := snapshot()
	if imports1 != imports2 || leads1 != leads2 {
		t.Errorf("demo run twice: imports %s then %s, leads %d then %d; want no change", imports1, imports2, leads1, leads2)
	}
	if !bytes.Equal(french, sample("french-excel.csv")) {
		t.Error("the sample files differ from one run to the next")
	}

	// The French file is what Excel on French Windows writes.
	if utf8.Valid(french) || !bytes.Contains(french, []byte(";")) || !bytes.Contains(french[:bytes.IndexByte(french, '\n')], []byte("Pr\xe9nom")) {
		t.Errorf("french-excel.csv is not semicolon-separated Windows-1252: %.200q", french)
	}
	for _, tt := range []struct {
		file, rule, dates string
		check             func(s summaryJSON) bool
	}{
		{"english-comma.csv", "merge", "ymd", func(s summaryJSON) bool { return s.Merged > 0 && s.Created > 0 }},
		{"french-excel.csv", "merge", "dmy", func(s summaryJSON) bool { return s.Processed == 300 && s.Created > 0 }},
		{"bad-values.csv", "create", "ymd", func(s summaryJSON) bool { return s.Failed > 0 && s.Notes > 0 }},
	} {
		s := c.importJSON("director@demo.test", filepath.Join(files, tt.file), tt.rule, "--date-format", tt.dates)
		if !tt.check(s) {
			t.Errorf("%s: %+v", tt.file, s)
		}
	}
	c.fails(1, "Your profile does not allow imports.", "import", "--as", "director.noimport@demo.test",
		"--file", filepath.Join(files, "bad-values.csv"), "--type", "event", "--rule", "merge")
	var list []summaryJSON
	json.Unmarshal([]byte(c.ok("imports", "list", "--as", "admin@demo.test", "--json")), &list)
	if len(list) != 5 {
		t.Errorf("%d imports, want the demo's 2 and the 3 sample files", len(list))
	}
}
