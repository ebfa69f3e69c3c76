// Package bench is `leadport bench`: it measures, in one run on one
// machine, how long Leadport takes to import a large lead file compared with
// the fastest anyone could load the same file into the same database (the
// floor), and how much memory it needs.
//
// One run generates the files (internal/leadgen), measures the floor —
// `sqlite3 .import` into a bare table when the sqlite3 tool is installed,
// and a bare multi-row INSERT of every cell as TEXT with Leadport's own
// driver; COPY on PostgreSQL — then a Create import of N rows into an empty
// account and a Merge import of N rows over those N leads, each through the
// real product path (internal/app: upload, validate, run), and prints a
// table and each import's counters, checked against what the generator
// knows the file holds. Revert is timed on the Merge import; the Merge is
// then run again (untimed) over the leads the revert left exactly as they
// were, and Finalize (publishing its changeset) is timed on it.
//
// Peak RSS is measured in-process: before each stage the Go heap is
// returned to the system and the kernel's high-water mark is reset (writing
// 5 to /proc/self/clear_refs), so each figure is the peak of that stage in a
// process that holds nothing else (a `leadport import` process). Where the
// kernel refuses the reset, the table says the figures are peaks since the
// start.
//
// It does not judge the figures: benchmarks report, people decide.
package bench

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/leadgen"
)

// config is what the flags choose.
type config struct {
	rows     int
	seed     int64
	match    float64
	dirty    bool
	sqlite   string // "" (none), "sqlite" (a temporary file) or a file path
	postgres string // PostgreSQL server URL; "" for none
	dir      string
	keep     bool
	profile  string
	only     map[string]bool
	verbose  bool
	format   string // "csv", or "xlsx": the base file also as an Excel workbook

	// --reads: the read benchmark instead of the imports.
	reads          bool
	readLeads      int
	readImportRows int
	clients        int
	readTime       time.Duration

	// Experiments with the importer's batching (0: the product's defaults).
	batchTime    time.Duration
	maxBatchRows int
}

// Main runs `leadport bench` with args (the flags after "bench").
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if cfg == nil {
		return nil // -h
	}
	dir := cfg.dir
	if dir == "" {
		if dir, err = os.MkdirTemp("", "leadport-bench-"); err != nil {
			return err
		}
		if !cfg.keep {
			defer os.RemoveAll(dir)
		}
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if cfg.profile != "" {
		if err := os.MkdirAll(cfg.profile, 0o755); err != nil {
			return err
		}
	}
	b := &bench{cfg: cfg, dir: dir, out: stdout, log: stderr}
	return b.run(ctx)
}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg := &config{}
	fs.IntVar(&cfg.rows, "rows", 100000, "rows of each generated file")
	fs.Int64Var(&cfg.seed, "seed", 1, "seed of the generated files")
	fs.Float64Var(&cfg.match, "match", 0.32, "share of the Merge file's rows drawn from the existing leads (with the file's own duplicates, about 36% of rows merge)")
	fs.BoolVar(&cfg.dirty, "dirty", true, "include bad values, blank lines and rows with nothing to identify")
	db := fs.String("db", "sqlite", "database: sqlite (a new file in a temporary directory), the path of a new SQLite file, or a postgres:// URL")
	fs.StringVar(&cfg.postgres, "postgres", "", "also run on this PostgreSQL server (postgres://…); each run creates and drops its own databases")
	fs.StringVar(&cfg.dir, "dir", "", "directory for the generated files and SQLite databases (default: a temporary one)")
	fs.BoolVar(&cfg.keep, "keep", false, "keep the generated files and databases")
	fs.StringVar(&cfg.profile, "profile", "", "write CPU and heap profiles of each import (with --reads: of each phase of reads, server and clients) to this directory")
	only := fs.String("only", "floor,create,dry-run,merge,revert,finalize", "stages to run, among floor, create, dry-run (a dry run of the Merge file), merge, revert and finalize (revert and finalize: of the Merge import)")
	fs.BoolVar(&cfg.verbose, "v", false, "log the importer's messages")
	fs.BoolVar(&cfg.reads, "reads", false, "measure the reads of the pages (GET /api/leads lists and searches) instead of the imports")
	fs.IntVar(&cfg.readLeads, "read-leads", 200000, "with --reads: leads in the account")
	fs.IntVar(&cfg.readImportRows, "read-import-rows", 50000, "with --reads: rows of the Merge import run under the readers")
	fs.IntVar(&cfg.clients, "clients", 20, "with --reads: concurrent clients")
	fs.DurationVar(&cfg.readTime, "read-time", 30*time.Second, "with --reads: how long the clients read, at most")
	fs.StringVar(&cfg.format, "format", "csv", "csv, or xlsx: also import the base file's data as an Excel workbook, and compare it with the CSV (Create stages only)")
	fs.DurationVar(&cfg.batchTime, "batch-time", 0, "experiment: the importer's target time per batch (default: the product's)")
	fs.IntVar(&cfg.maxBatchRows, "max-batch-rows", 0, "experiment: the importer's largest batch (default: the product's)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: leadport bench [--rows N] [--db sqlite|PATH|postgres://…] [--postgres URL] [--dir DIR] [--keep] [--profile DIR] [--only floor,create,dry-run,merge] [--format csv|xlsx]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, nil
		}
		return nil, leadport.Errorf(leadport.EINVALID, "%v", err)
	}
	if fs.NArg() > 0 {
		return nil, leadport.Errorf(leadport.EINVALID, "bench takes no arguments, only flags: %q", fs.Args())
	}
	if cfg.rows <= 0 || cfg.rows >= 8<<20 {
		return nil, leadport.Errorf(leadport.EINVALID, "--rows must be between 1 and %d.", 8<<20-1)
	}
	if cfg.reads && (cfg.readLeads <= 0 || cfg.readLeads >= 8<<20 || cfg.readImportRows <= 0 || cfg.readImportRows >= 8<<20) {
		return nil, leadport.Errorf(leadport.EINVALID, "--read-leads and --read-import-rows must be between 1 and %d.", 8<<20-1)
	}
	if cfg.reads && (cfg.clients <= 0 || cfg.clients > 1000 || cfg.readTime <= 0) {
		return nil, leadport.Errorf(leadport.EINVALID, "--clients must be between 1 and 1000 and --read-time positive.")
	}
	if cfg.match < 0 || cfg.match > 0.9 {
		return nil, leadport.Errorf(leadport.EINVALID, "--match must be between 0 and 0.9.")
	}
	if isPostgres(*db) {
		if cfg.postgres != "" && cfg.postgres != *db {
			return nil, leadport.Errorf(leadport.EINVALID, "--db and --postgres name two PostgreSQL servers: give one.")
		}
		cfg.postgres = *db
	} else {
		cfg.sqlite = *db
	}
	if cfg.postgres != "" && !isPostgres(cfg.postgres) {
		return nil, leadport.Errorf(leadport.EINVALID, "--postgres takes a postgres:// URL, not %q.", cfg.postgres)
	}
	cfg.only = make(map[string]bool)
	for _, s := range strings.Split(*only, ",") {
		switch s = strings.TrimSpace(s); s {
		case "floor", "create", "dry-run", "merge", "revert", "finalize":
			cfg.only[s] = true
		case "":
		default:
			return nil, leadport.Errorf(leadport.EINVALID, "--only takes floor, create, dry-run, merge, revert and finalize, not %q.", s)
		}
	}
	if (cfg.only["revert"] || cfg.only["finalize"]) && !cfg.only["merge"] {
		return nil, leadport.Errorf(leadport.EINVALID, "--only: revert and finalize are of the Merge import: name merge too.")
	}
	if len(cfg.only) == 0 {
		return nil, leadport.Errorf(leadport.EINVALID, "--only names no stage.")
	}
	switch cfg.format {
	case "csv":
	case "xlsx":
		// The workbook is compared with the CSV on Create into an empty
		// account; the other stages are the CSV bench's.
		if cfg.only["merge"] || cfg.only["dry-run"] {
			cfg.only = map[string]bool{"floor": cfg.only["floor"], "create": true}
		}
		cfg.only["create"] = true
	default:
		return nil, leadport.Errorf(leadport.EINVALID, "--format takes csv or xlsx, not %q.", cfg.format)
	}
	return cfg, nil
}

func isPostgres(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

type bench struct {
	cfg      *config
	dir      string
	out, log io.Writer

	base, merge     leadgen.Options
	baseFile        string
	xlsxFile        string // the base file's data as a workbook, with --format xlsx
	mergeFile       string
	expBase, expMrg leadgen.Expected
	rssReset        bool // /proc/self/clear_refs works: peaks are per stage
}

// result is one line of the table.
type result struct {
	stage    string
	wall     time.Duration
	cpu      time.Duration // CPU time of this process (or of the tool it ran); 0 unknown
	rows     int
	peakRSS  int64 // bytes; 0 unknown
	ratio    bool  // show the ratio to the floor
	first    time.Duration
	maxGap   time.Duration // longest time without progress during the run
	counters *leadport.Counters
	expected *leadport.Counters
	note     string
}

func (b *bench) printf(format string, args ...any) { fmt.Fprintf(b.out, format, args...) }

func (b *bench) run(ctx context.Context) error {
	cfg := b.cfg
	b.rssReset = resetPeakRSS() == nil
	b.base = leadgen.Options{Rows: cfg.rows, Seed: cfg.seed, Dirty: cfg.dirty}
	b.merge = leadgen.Options{Rows: cfg.rows, Seed: cfg.seed, Dirty: cfg.dirty, Existing: cfg.rows, MatchRate: cfg.match}
	b.baseFile = filepath.Join(b.dir, fmt.Sprintf("leads-%d.csv", cfg.rows))
	b.mergeFile = filepath.Join(b.dir, fmt.Sprintf("merge-%d-over-%d.csv", cfg.rows, cfg.rows))
	b.xlsxFile = filepath.Join(b.dir, fmt.Sprintf("leads-%d.xlsx", cfg.rows))
	var err error
	if b.expBase, err = leadgen.Expect(b.base); err != nil {
		return err
	}
	if b.expMrg, err = leadgen.Expect(b.merge); err != nil {
		return err
	}

	b.printf("Leadport bench: %d rows, seed %d, dirty=%v, %d CPUs, %s, %s/%s, load average %s\n", cfg.rows, cfg.seed, cfg.dirty,
		runtime.NumCPU(), runtime.Version(), runtime.GOOS, runtime.GOARCH, loadAverage())
	if cfg.reads {
		for _, t := range b.targets() {
			b.printf("\n== %s\n", t.name())
			if err := b.reads(ctx, t); err != nil {
				return fmt.Errorf("%s: %w", t.name(), err)
			}
		}
		b.printf("load average at the end: %s\n", loadAverage())
		return nil
	}
	if err := b.generate(b.baseFile, b.base); err != nil {
		return err
	}
	if cfg.only["merge"] || cfg.only["dry-run"] {
		if err := b.generate(b.mergeFile, b.merge); err != nil {
			return err
		}
	}
	if !b.rssReset {
		b.printf("note: /proc/self/clear_refs cannot be written here: peak RSS figures are peaks since the bench started\n")
	}

	for _, t := range b.targets() {
		if err := b.runTarget(ctx, t); err != nil {
			return fmt.Errorf("%s: %w", t.name(), err)
		}
	}
	b.printf("load average at the end: %s\n", loadAverage())
	return nil
}

// targets returns the databases the flags name.
func (b *bench) targets() []target {
	var targets []target
	if b.cfg.sqlite != "" {
		targets = append(targets, &sqliteTarget{b: b, path: b.cfg.sqlite})
	}
	if b.cfg.postgres != "" {
		targets = append(targets, &postgresTarget{b: b, url: b.cfg.postgres})
	}
	return targets
}

func (b *bench) generate(path string, o leadgen.Options) error {
	start := time.Now()
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := leadgen.Write(f, o); err != nil {
		f.Close()
		return fmt.Errorf("generate %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return err
	}
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	b.printf("generated %s: %.1f MB in %s\n", path, float64(fi.Size())/1e6, round(time.Since(start)))
	return nil
}

// target is a database the bench runs on.
type target interface {
	name() string
	// floors measures the floor; the first result is the reference.
	floors(ctx context.Context) ([]result, error)
	// newDSN returns a new empty database, and a function that removes it.
	newDSN(ctx context.Context, stage string) (string, func(), error)
}

func (b *bench) runTarget(ctx context.Context, t target) error {
	b.printf("\n== %s\n", t.name())
	var results []result
	if b.cfg.only["floor"] {
		rs, err := t.floors(ctx)
		if err != nil {
			return fmt.Errorf("floor: %w", err)
		}
		results = append(results, rs...)
	}
	if b.cfg.format == "xlsx" {
		r, err := b.xlsxStages(ctx, t)
		results = append(results, r...)
		if err != nil {
			b.table(results)
			return err
		}
	} else if b.cfg.only["create"] || b.cfg.only["merge"] || b.cfg.only["dry-run"] {
		dsn, drop, err := t.newDSN(ctx, "import")
		if err != nil {
			return err
		}
		defer drop()
		r, err := b.imports(ctx, t, dsn)
		results = append(results, r...)
		if err != nil {
			b.table(results)
			return err
		}
	}
	b.table(results)
	return nil
}

// loadAverage returns the system's load averages, which say whether other
// work shared the machine with the bench.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
