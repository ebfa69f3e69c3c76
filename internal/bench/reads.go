package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/app"
	"github.com/leadport/leadport/internal/csvread"
	"github.com/leadport/leadport/internal/leadgen"
	"github.com/leadport/leadport/internal/web"
)

// readKinds are the reads a person's pages make, as GET /api/leads queries.
var readKinds = []string{"list", "name", "phone", "email"}

// readTerms are search terms taken from the imported file.
type readTerms struct{ names, phones, emails []string }

func (t *readTerms) query(kind string, r *rand.Rand) string {
	switch kind {
	case "name":
		return "?q=" + url.QueryEscape(t.names[r.IntN(len(t.names))])
	case "phone":
		return "?q=" + url.QueryEscape(t.phones[r.IntN(len(t.phones))])
	case "email":
		return "?q=" + url.QueryEscape(t.emails[r.IntN(len(t.emails))])
	}
	return ""
}

// reads is `leadport bench --reads`: the reads of the pages on an account
// of cfg.readLeads leads, through the real HTTP API (a server on the
// loopback, an API token): the latency of each kind of read alone, then
// the throughput of cfg.clients clients making mixed reads, without and
// with a Merge import running, and that import's time with and without
// the readers.
func (b *bench) reads(ctx context.Context, t target) error {
	cfg := b.cfg
	logger := slog.New(slog.DiscardHandler)
	if cfg.verbose {
		logger = slog.New(slog.NewTextHandler(b.log, nil))
	}
	dsn, drop, err := t.newDSN(ctx, "reads")
	if err != nil {
		return err
	}
	defer drop()
	if err := b.setup(ctx, dsn, logger); err != nil {
		return err
	}
	base := leadgen.Options{Rows: cfg.readLeads, Seed: cfg.seed, Dirty: cfg.dirty}
	// The Merge file draws its matches from the base file of the same seed.
	merge := leadgen.Options{Rows: cfg.readImportRows, Seed: cfg.seed, Dirty: cfg.dirty, Existing: cfg.readLeads, MatchRate: cfg.match}
	baseFile := filepath.Join(b.dir, fmt.Sprintf("reads-leads-%d.csv", cfg.readLeads))
	mergeFile := filepath.Join(b.dir, fmt.Sprintf("reads-merge-%d.csv", cfg.readImportRows))
	if err := b.generate(baseFile, base); err != nil {
		return err
	}
	if err := b.generate(mergeFile, merge); err != nil {
		return err
	}
	terms, err := sampleTerms(baseFile, 500)
	if err != nil {
		return err
	}

	a, u, closeDB, err := openBench(ctx, dsn, logger)
	if err != nil {
		return err
	}
	defer closeDB()
	b.printf("reads: importing and finalizing %d leads (untimed)…\n", cfg.readLeads)
	imp, err := runImport(ctx, a, u, baseFile, leadport.RuleCreate, nil)
	if err != nil {
		return err
	}
	if _, err := a.FinalizeImport(ctx, u, imp.ID); err != nil {
		return fmt.Errorf("finalize: %w", err)
	}
	secret, _, err := a.CreateToken(ctx, u, "bench")
	if err != nil {
		return err
	}
	h, err := web.New(web.Config{App: a, Logger: logger})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h}
	go srv.Serve(ln)
	defer srv.Close()
	c := &client{base: "http://" + ln.Addr().String() + "/api/leads", token: secret,
		http: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: cfg.clients + 4}}}

	// profile profiles the server side (with the in-process clients) of one
	// phase, with --profile.
	profile := func(phase string) func() {
		if cfg.profile == "" {
			return func() {}
		}
		p, err := startProfile(filepath.Join(cfg.profile, t.name()+"-reads-"+phase))
		if err != nil {
			b.printf("reads: no profile of %s: %v\n", phase, err)
			return func() {}
		}
		return func() { p.stop() }
	}

	// Latency of each kind alone.
	stop := profile("latency")
	w := tabwriter.NewWriter(b.out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(w, "\nread (%s leads, one client)\tmedian\tp95\trequests\t\n", thousands(int64(cfg.readLeads)))
	r := rand.New(rand.NewPCG(uint64(cfg.seed), 7))
	for _, kind := range readKinds {
		var ds []time.Duration
		for i := range 105 {
			d, err := c.get(ctx, terms.query(kind, r))
			if err != nil {
				return fmt.Errorf("%s: %w", kind, err)
			}
			if i >= 5 { // the first ones warm the caches
				ds = append(ds, d)
			}
		}
		fmt.Fprintf(w, "GET /api/leads %s\t%s\t%s\t%d\t\n", kind, pct(ds, 50), pct(ds, 95), len(ds))
	}
	w.Flush()
	stop()

	// The import alone, then reverted, for its idle time.
	b.printf("\nreads: a Merge import of %d rows, alone…\n", cfg.readImportRows)
	backends := newServerCPU(dsn)
	defer backends.close()
	srv0 := backends.snapshot(ctx)
	t0, cpu0 := time.Now(), cpuNow()
	alone, err := runImport(ctx, a, u, mergeFile, leadport.RuleMerge, nil)
	if err != nil {
		return err
	}
	idle, idleCPU := time.Since(t0), cpuNow()-cpu0
	if srv0 != nil {
		idleCPU += backends.since(ctx, srv0)
	}
	if _, err := a.RevertImport(ctx, u, alone.ID); err != nil {
		return fmt.Errorf("revert: %w", err)
	}

	stop = profile("load")
	quiet := c.load(ctx, cfg.clients, cfg.readTime, &terms, backends, nil)
	stop()
	b.printf("reads: %d clients for %s while the same import runs…\n", cfg.clients, cfg.readTime)
	var busy time.Duration
	importDone := make(chan error, 1)
	stop = profile("load-import")
	loaded := c.load(ctx, cfg.clients, cfg.readTime, &terms, backends, func() {
		t0 := time.Now()
		_, err := runImport(ctx, a, u, mergeFile, leadport.RuleMerge, nil)
		busy = time.Since(t0)
		importDone <- err
	})
	stop()
	if err := <-importDone; err != nil {
		return fmt.Errorf("import under load: %w", err)
	}

	w = tabwriter.NewWriter(b.out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(w, "\n%d clients, mixed reads (%s)\treq/s\tmedian\tp99\tCPU/read\terrors\t\n", cfg.clients, "list, name, phone, email")
	fmt.Fprintf(w, "no import running\t%s\t%s\t%s\t%s\t%d\t\n", thousands(int64(quiet.rate())), pct(quiet.lat, 50), pct(quiet.lat, 99), quiet.cpuPerRead(), quiet.errors)
	fmt.Fprintf(w, "a Merge import running\t%s\t%s\t%s\t%s\t%d\t\n", thousands(int64(loaded.rate())), pct(loaded.lat, 50), pct(loaded.lat, 99), loaded.cpuPerRead(), loaded.errors)
	w.Flush()
	b.printf("reads under an import: %.0f %% of the idle throughput\n", 100*loaded.rate()/max(quiet.rate(), 1))
	b.printf("the Merge import of %d rows: %s alone (CPU %s, %.1f cores), %s with %d readers (%.2f×)\n", cfg.readImportRows, round(idle),
		round(idleCPU), idleCPU.Seconds()/idle.Seconds(), round(busy), cfg.clients, busy.Seconds()/idle.Seconds())
	return nil
}

// runImport uploads, validates and runs an import in this process.
func runImport(ctx context.Context, a *app.App, u *leadport.User, file string, rule leadport.Rule, progress func(leadport.Counters)) (*leadport.Import, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	imp, _, err := a.UploadImport(ctx, u, filepath.Base(file), f)
	if err != nil {
		return nil, fmt.Errorf("upload: %w", err)
	}
	if _, err := a.StartImport(ctx, u, imp.ID, app.ImportSettings{Type: leadport.TypeEvent, Rule: rule}); err != nil {
		return nil, fmt.Errorf("validate: %w", err)
	}
	done, err := a.RunNow(ctx, u, imp.ID, progress)
	if err != nil {
		return nil, err
	}
	if done.Status != leadport.StatusFinished {
		return nil, fmt.Errorf("the import ended %s: %s", done.Status, done.Error)
	}
	return done, nil
}

// sampleTerms takes every k-th last name, phone and email of the file, as
// the file has them (so phones are typed every which way).
func sampleTerms(file string, n int) (readTerms, error) {
	f, err := os.Open(file)
	if err != nil {
		return readTerms{}, err
	}
	defer f.Close()
	cr, err := csvread.NewReader(f, csvread.Options{})
	if err != nil {
		return readTerms{}, err
	}
	col := func(name string) int { return slices.Index(cr.Header(), name) }
	last, email := col("Last Name"), col("Email")
	phones := []int{col("Home Phone"), col("Cell"), col("Work Phone")}
	if last < 0 || email < 0 || slices.Contains(phones, -1) {
		return readTerms{}, fmt.Errorf("the generated file lacks a column to search by: %q", cr.Header())
	}
	var t readTerms
	for i := 0; ; i++ {
		row, err := cr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return readTerms{}, err
		}
		if i%97 != 0 || len(t.names) >= n {
			continue
		}
		if v := row.Cells[last]; v != "" {
			t.names = append(t.names, v)
		}
		for _, p := range phones {
			if v := row.Cells[p]; v != "" {
				t.phones = append(t.phones, v)
				break
			}
		}
		if v := row.Cells[email]; v != "" {
			t.emails = append(t.emails, v)
		}
	}
	if len(t.names) == 0 || len(t.phones) == 0 || len(t.emails) == 0 {
		return readTerms{}, errors.New("the generated file has too few rows to search for")
	}
	return t, nil
}

type client struct {
	base, token string
	http        *http.Client
}

func (c *client) get(ctx context.Context, query string) (time.Duration, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+query, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	t0 := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	d := time.Since(t0)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("GET %s: status %d", query, resp.StatusCode)
	}
	return d, err
}

type loadResult struct {
	lat    []time.Duration
	errors int64
	wall   time.Duration
	cpu    time.Duration // of this process (server, clients and any import) and of the PostgreSQL backends, during the load
}

// cpuPerRead is the CPU time of this process and of the PostgreSQL
// backends per read: unlike the rate, it hardly depends on what else the
// machine runs.
func (l loadResult) cpuPerRead() string {
	if len(l.lat) == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f ms", float64(l.cpu.Microseconds())/1000/float64(len(l.lat)))
}

func (l loadResult) rate() float64 { return float64(len(l.lat)) / l.wall.Seconds() }

// load runs n clients making mixed reads for d — or, when during is not
// nil, while during runs (at least until it returns, at most d after).
func (c *client) load(ctx context.Context, n int, d time.Duration, terms *readTerms, server serverCPU, during func()) loadResult {
	server0 := server.snapshot(ctx)
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	if during != nil {
		go func() {
			during()
			cancel()
		}()
	}
	var mu sync.Mutex
	var res loadResult
	var errs atomic.Int64
	var wg sync.WaitGroup
	t0, cpu0 := time.Now(), cpuNow()
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(i), 11))
			var lat []time.Duration
			for ctx.Err() == nil {
				dur, err := c.get(ctx, terms.query(readKinds[r.IntN(len(readKinds))], r))
				if err != nil {
					if ctx.Err() == nil {
						errs.Add(1)
					}
					continue
				}
				lat = append(lat, dur)
			}
			mu.Lock()
			res.lat = append(res.lat, lat...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.wall, res.cpu, res.errors = time.Since(t0), cpuNow()-cpu0, errs.Load()
	if server0 != nil {
		res.cpu += server.since(context.WithoutCancel(ctx), server0)
	}
	return res
}

// pct returns the p-th percentile of ds.
func pct(ds []time.Duration, p int) string {
	if len(ds) == 0 {
		return "-"
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	d := s[min(len(s)-1, len(s)*p/100)]
	return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
}
