package bench

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
)

// TestMain runs a small bench end to end and checks that it reports every
// stage and that the imports' counters are those the generator expects.
func TestSmallRun(t *testing.T) {
	var out, errOut bytes.Buffer
	err := Main(context.Background(), []string{"--rows", "3000", "--dir", t.TempDir()}, &out, &errOut)
	if err != nil {
		t.Fatalf("Main: %v\nstdout:\n%s\nstderr:\n%s", err, out.String(), errOut.String())
	}
	s := out.String()
	t.Log("\n" + s)
	for _, want := range []string{"floor: INSERT (modernc)", "create: run", "create: total", "dry-run (Merge file)", "merge: run", "merge: total"} {
		if !strings.Contains(s, want) {
			t.Errorf("the report has no %q line", want)
		}
	}
	// Create, the dry run of the Merge file, and the Merge (which must
	// count exactly what its dry run counted).
	if n := strings.Count(s, "as the generator expects"); n != 3 {
		t.Errorf("%d stages have the expected counters, want 3", n)
	}
}

// TestSmallRunXLSX: with --format xlsx, the base file's data is imported as
// CSV and as an Excel workbook, with the same counters, and compared.
func TestSmallRunXLSX(t *testing.T) {
	var out, errOut bytes.Buffer
	err := Main(context.Background(), []string{"--rows", "2000", "--dir", t.TempDir(), "--format", "xlsx", "--only", "create"}, &out, &errOut)
	if err != nil {
		t.Fatalf("Main: %v\nstdout:\n%s\nstderr:\n%s", err, out.String(), errOut.String())
	}
	s := out.String()
	t.Log("\n" + s)
	for _, want := range []string{"create csv: total", "create xlsx: run", "create xlsx: total", "xlsx ÷ csv: wall ", "), CPU ", "), peak RSS "} {
		if !strings.Contains(s, want) {
			t.Errorf("the report has no %q line", want)
		}
	}
	if n := strings.Count(s, "as the generator expects"); n != 2 {
		t.Errorf("%d stages have the expected counters, want 2", n)
	}
}

func TestFlags(t *testing.T) {
	for _, args := range [][]string{
		{"--rows", "0"},
		{"--only", "floor,nothing"},
		{"--postgres", "sqlite"},
		{"--format", "ods"},
		{"extra"},
	} {
		if _, err := parseFlags(args, &bytes.Buffer{}); err == nil {
			t.Errorf("parseFlags(%q) accepted", args)
		}
	}
	cfg, err := parseFlags([]string{"--db", "postgres://x@localhost/db", "--only", "merge"}, &bytes.Buffer{})
	if err != nil || cfg.sqlite != "" || cfg.postgres == "" || !cfg.only["merge"] || cfg.only["floor"] {
		t.Errorf("parseFlags: %+v, %v", cfg, err)
	}
}

// TestCommand runs the bench with the flags in $LEADPORT_BENCH_ARGS and
// prints its report, so that it can be run without building the command:
//
//	LEADPORT_BENCH_ARGS='--rows 1000000 --profile /tmp/prof' go test ./internal/bench -run Command -v -timeout 0
func TestCommand(t *testing.T) {
	args := os.Getenv("LEADPORT_BENCH_ARGS")
	if args == "" {
		t.Skip("set LEADPORT_BENCH_ARGS to run the bench")
	}
	if err := Main(context.Background(), strings.Fields(args), os.Stdout, os.Stderr); err != nil {
		t.Fatal(err)
	}
}

// TestSmallReads runs the read benchmark on a small account and checks that
// it reports each kind of read and both loads, with no failed request.
func TestSmallReads(t *testing.T) {
	var out, errOut bytes.Buffer
	err := Main(context.Background(), []string{"--reads", "--read-leads", "2000", "--read-import-rows", "500",
		"--clients", "3", "--read-time", "1s", "--dir", t.TempDir()}, &out, &errOut)
	if err != nil {
		t.Fatalf("Main: %v\nstdout:\n%s\nstderr:\n%s", err, out.String(), errOut.String())
	}
	s := out.String()
	t.Log("\n" + s)
	for _, want := range []string{"GET /api/leads list", "GET /api/leads name", "GET /api/leads phone", "GET /api/leads email",
		"no import running", "a Merge import running", "the Merge import of 500 rows"} {
		if !strings.Contains(s, want) {
			t.Errorf("the report has no %q line", want)
		}
	}
	for _, line := range strings.Split(s, "\n") {
		if strings.Contains(line, "import running") && !strings.HasSuffix(strings.TrimSpace(line), " 0") {
			t.Errorf("requests failed: %s", line)
		}
	}
}
