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
		reference <- ref.run("", "import", "--as", owner.email, "--file", big, "--type", "event", "--rule", "create", "--json")
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
		if len(list) == 1 && list[0].Processed > 0 {
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
	gotLeads, wantLeads := projection(t, c), projection(t, ref)
	if len(gotLeads) != len(wantLeads) {
		t.Errorf("%d leads after the crash, %d uninterrupted", len(gotLeads), len(wantLeads))
	}
	if diff := cmp.Diff(wantLeads, gotLeads); diff != "" {
		t.Errorf("leads after the crash differ from an uninterrupted import (-uninterrupted +crash):\n%.3000s", diff)
	}
}

// projection returns the owner's export without what legitimately differs
// between two databases (IDs, times), sorted: each lead as its name, phones,
// emails, city, note bodies, and the leads it is associated with, by name.
func projection(t *testing.T, c *cli) []string {
	t.Helper()
	leads := c.export(owner.email)
	key := make(map[int64]string, len(leads))
	for _, l := range leads {
		key[l.ID] = fmt.Sprintf("%s %s %v %v", l.FirstName, l.LastName, l.Phones, l.Emails)
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
