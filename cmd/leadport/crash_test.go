package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var crashRows = flag.Int("crash-rows", 200_000, "rows of the file TestCrash imports")

// writeBigFile writes a generated lead file of n rows: every tenth row is an
// earlier row's customer again (associated under Create), every seventh has
// a bad email (a note), every thousandth has nothing to identify anyone
// (failed).
func writeBigFile(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "big.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, "First name,Last name,Phone,Email,City")
	for i := 1; i <= n; i++ {
		j := i
		if i%10 == 0 {
			j = i / 2
		}
		email := fmt.Sprintf("client%d@example.com", j)
		if i%7 == 0 {
			email = fmt.Sprintf("client%d(at)example.com", j)
		}
		phone := fmt.Sprintf("514 %03d-%04d", 200+j/10000%800, j%10000)
		switch {
		case i%1000 == 999:
			fmt.Fprintf(w, ",,,,Ville %d\n", i%50)
		default:
			fmt.Fprintf(w, "Prénom%d,Nom%d,%s,%s,Ville %d\n", j, j, phone, email, i%50)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestCrash kills a real `leadport import` in the middle of a large file,
// lets `leadport work --drain` take the import over once its lease has
// expired, and checks the result is exactly that of an uninterrupted import
// of the same file: no row lost, none applied twice (SPEC §6).
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("imports a large file twice")
	}
	t.Parallel()
	n := *crashRows
	big := writeBigFile(t, n)

	// The uninterrupted import, into a database of its own, meanwhile.
	reference := make(chan result, 1)
	ref := newCLI(t, filepath.Join(t.TempDir(), "reference.db"))
	ref.dealership()
	go func() {
		start := time.Now()
		r := ref.run("", "import", "--as", owner.email, "--file", big, "--type", "event", "--rule", "create", "--json")
		t.Logf("the uninterrupted import took %s", time.Since(start).Round(time.Millisecond))
		reference <- r
	}()

	c := newCLI(t, filepath.Join(t.TempDir(), "crash.db"))
	c.env["LEADPORT_LEASE"] = "2s"
	c.dealership()
	child := exec.Command(binary, "--db", c.db, "import", "--as", owner.email, "--file", big, "--type", "event", "--rule", "create", "--json")
	child.Env = append(os.Environ(), "LEADPORT_LEASE=2s")
	var childErr strings.Builder
	child.Stderr = &childErr
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	var processed int64
	waitFor(t, 90*time.Second, "the child import to be under way", func() bool {
		var list []summaryJSON
		if err := json.Unmarshal([]byte(c.ok("imports", "list", "--as", owner.email, "--json")), &list); err != nil {
			t.Fatal(err)
		}
		// Some batches in, most of the file still to go.
		if len(list) == 1 && list[0].Processed >= int64(n/10) {
			processed = list[0].Processed
			return true
		}
		return false
	})
	if err := child.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	child.Wait()
	if processed >= int64(n) {
		t.Fatalf("the import finished (%d rows) before it could be killed; raise -crash-rows", processed)
	}
	killed := decodeSummary(t, c.ok("imports", "show", "--as", owner.email, "1", "--json"))
	t.Logf("killed the import at %d of %d rows (%d seen before the kill)", killed.Processed, n, processed)
	if killed.Status != "running" || killed.Processed >= int64(n) {
		t.Fatalf("after the kill: %+v, want running and unfinished", killed)
	}

	start := time.Now()
	c.ok("work", "--drain")
	t.Logf("work --drain took over and finished in %s", time.Since(start).Round(time.Millisecond))
	got := decodeSummary(t, c.ok("imports", "show", "--as", owner.email, "1", "--json"))

	r := <-reference
	if r.code != 0 {
		t.Fatalf("reference import: %s", r.stderr)
	}
	want := decodeSummary(t, r.stdout)
	if got.Status != "finished" || got.Processed != int64(n) {
		t.Errorf("after work --drain: %+v, want finished with %d processed", got, n)
	}
	if got.counters() != want.counters() {
		t.Errorf("counters after the crash %+v, uninterrupted %+v", got.counters(), want.counters())
	}
	// Both exports at once, by child processes into files: they are the
	// slow part of the comparison.
	start = time.Now()
	exportFile := func(db string) (*exec.Cmd, string) {
		out := filepath.Join(t.TempDir(), "export.jsonl")
		f, err := os.Create(out)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		cmd := exec.Command(binary, "--db", db, "leads", "export", "--as", owner.email, "--import", "1")
		cmd.Stdout = f
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd, out
	}
	gotCmd, gotFile := exportFile(c.db)
	wantCmd, wantFile := exportFile(ref.db)
	if err := gotCmd.Wait(); err != nil {
		t.Fatalf("export after the crash: %v", err)
	}
	if err := wantCmd.Wait(); err != nil {
		t.Fatalf("export of the uninterrupted import: %v", err)
	}
	gotLeads, wantLeads := projection(t, gotFile), projection(t, wantFile)
	t.Logf("exports took %s", time.Since(start).Round(time.Millisecond))
	if len(gotLeads) != len(wantLeads) {
		t.Errorf("%d leads after the crash, %d uninterrupted", len(gotLeads), len(wantLeads))
	}
	if diff := cmp.Diff(wantLeads, gotLeads); diff != "" {
		t.Errorf("leads after the crash differ from an uninterrupted import (-uninterrupted +crash):\n%.3000s", diff)
	}
}

// projection returns the export in a file without what legitimately differs between
// two databases (IDs, times), sorted: each lead as its name, phones,
// emails, city, note bodies, and the leads it is associated with, by name.
func projection(t *testing.T, export string) []string {
	t.Helper()
	f, err := os.Open(export)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type exported struct {
		ID         int64                   `json:"id"`
		FirstName  string                  `json:"first_name"`
		LastName   string                  `json:"last_name"`
		City       string                  `json:"city"`
		Phones     json.RawMessage         `json:"phones"`
		Emails     json.RawMessage         `json:"emails"`
		Notes      []struct{ Body string } `json:"notes"`
		Associated []int64                 `json:"associated"`
	}
	var leads []exported
	dec := json.NewDecoder(bufio.NewReaderSize(f, 1<<20))
	for dec.More() {
		var l exported
		if err := dec.Decode(&l); err != nil {
			t.Fatal(err)
		}
		leads = append(leads, l)
	}
	key := make(map[int64]string, len(leads))
	for _, l := range leads {
		key[l.ID] = l.FirstName + " " + l.LastName + " " + string(l.Phones) + " " + string(l.Emails)
	}
	out := make([]string, 0, len(leads))
	for _, l := range leads {
		var notes, assoc []string
		for _, n := range l.Notes {
			notes = append(notes, n.Body)
		}
		for _, id := range l.Associated {
			assoc = append(assoc, key[id])
		}
		sort.Strings(assoc)
		out = append(out, key[l.ID]+" city="+l.City+" notes="+strconv.Quote(strings.Join(notes, "|"))+" assoc="+strings.Join(assoc, ";"))
	}
	sort.Strings(out)
	return out
}
