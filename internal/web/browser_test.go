package web

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/importer"
)

// The browser tests drive Debian's Chromium, headless, through chromedp.
// One browser serves every test (started in TestMain); each test gets its
// own browser contexts, so its users do not share cookies.

const chromiumPath = "/usr/bin/chromium"

var (
	browserCtx context.Context // nil when there is no browser
	browserErr error           // why there is none
)

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	if _, err := os.Stat(chromiumPath); err != nil {
		browserErr = fmt.Errorf("%s is not installed (apt-get install chromium)", chromiumPath)
		return m.Run()
	}
	dir, err := os.MkdirTemp("", "leadport-chromium-")
	if err != nil {
		browserErr = err
		return m.Run()
	}
	defer os.RemoveAll(dir)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(dir),
		chromedp.WindowSize(1440, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil {
		browserErr = fmt.Errorf("start %s: %w", chromiumPath, err)
	} else {
		browserCtx = ctx
	}
	return m.Run()
}

// needBrowser skips the test when there is no browser, unless
// LEADPORT_REQUIRE_BROWSER=1 makes that a failure (as in CI).
func needBrowser(t *testing.T) {
	t.Helper()
	if browserCtx != nil {
		return
	}
	if os.Getenv("LEADPORT_REQUIRE_BROWSER") == "1" {
		t.Fatalf("no browser, and LEADPORT_REQUIRE_BROWSER=1: %v", browserErr)
	}
	t.Skipf("skipping the browser test: %v", browserErr)
}

// tab is one browser tab in a browser context of its own (its own cookies).
type tab struct {
	t   *testing.T
	e   *env
	ctx context.Context
}

func (e *env) tab(t *testing.T) *tab {
	t.Helper()
	needBrowser(t)
	ctx, cancel := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	return &tab{t: t, e: e, ctx: ctx}
}

const actionTimeout = 15 * time.Second

// do runs steps with a timeout, failing the test on error.
func (b *tab) do(steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("browser: %v", err)
	}
}

// navigate runs steps that load a page and returns its HTTP status.
func (b *tab) navigate(steps ...chromedp.Action[chromedp.Void]) int64 {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, steps...)
	if err != nil {
		b.t.Fatalf("browser navigation: %v", err)
	}
	return resp.Status
}

func (b *tab) open(path string) int64 {
	b.t.Helper()
	return b.navigate(chromedp.Navigate(b.e.srv.URL + path))
}

func run[T any](b *tab, a chromedp.Action[T]) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, actionTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		b.t.Fatalf("browser: %v", err)
	}
	return v
}

func (b *tab) text(sel string) string {
	b.t.Helper()
	return run(b, chromedp.Text(chromedp.CSS(sel), chromedp.NodeReady))
}

func (b *tab) eval(js string) {
	b.t.Helper()
	run(b, chromedp.Evaluate[chromedp.Void](js))
}

func evalTo[T any](b *tab, js string) T {
	b.t.Helper()
	return run(b, chromedp.Evaluate[T](js))
}

// waitJS waits until the expression is true.
func (b *tab) waitJS(js string) {
	b.t.Helper()
	run(b, chromedp.Poll[bool](js, chromedp.WithPollingInterval(100*time.Millisecond)))
}

func (b *tab) login(u *leadport.User) {
	b.t.Helper()
	b.open("/login")
	b.do(chromedp.SetValue(chromedp.ID("email"), u.Email), chromedp.SetValue(chromedp.ID("password"), testPassword))
	b.navigate(chromedp.Click(chromedp.ID("login")))
	if got := b.text("#user-name"); got != u.Name {
		b.t.Fatalf("logged in as %q, want %q", got, u.Name)
	}
}

// screenshot saves the page when LEADPORT_SCREENSHOTS names a directory.
func (b *tab) screenshot(name string) {
	dir := os.Getenv("LEADPORT_SCREENSHOTS")
	if dir == "" {
		return
	}
	png := run(b, chromedp.FullScreenshot(100))
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		b.t.Error(err)
	}
}

// startWorker runs import workers for the test's server, as `serve` does.
func (e *env) startWorker(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	w := importer.NewWorker(e.app.Importer)
	w.Poll = 100 * time.Millisecond
	var wg sync.WaitGroup
	wg.Go(func() { w.Run(ctx, false) })
	t.Cleanup(func() { cancel(); wg.Wait() })
}

func TestBrowserImportWizardAndModule(t *testing.T) {
	needBrowser(t)
	e := newEnv(t)
	d := e.addUser("dana@garage.ca", leadport.RoleDirector, true)
	d2 := e.addUser("olivier@garage.ca", leadport.RoleBDCDirector, true)
	file, err := filepath.Abs("testdata/leads_fr_1252.csv")
	if err != nil {
		t.Fatal(err)
	}

	b := e.tab(t)
	b.login(d)

	// Step 1, with the help window.
	b.open("/imports/new")
	b.do(chromedp.Click(chromedp.ID("formats-link")), chromedp.WaitVisible(chromedp.ID("formats-table")))
	if got := b.text(`#formats-table tr[data-key="phone_home"]`); !strings.Contains(got, "Home phone") || !strings.Contains(got, "*") {
		t.Errorf("help row for phone_home = %q", got)
	}
	if n := evalTo[int](b, `document.querySelectorAll("#formats-table tbody tr").length`); n != len(leadport.Fields) {
		t.Errorf("help lists %d fields, want %d", n, len(leadport.Fields))
	}
	b.screenshot("wizard-help")
	b.do(chromedp.Click(chromedp.CSS("#formats .close")), chromedp.WaitNotVisible(chromedp.ID("formats-table")))
	b.do(chromedp.SetUploadFiles(chromedp.ID("file"), []string{file}))
	b.navigate(chromedp.Click(chromedp.ID("next")))

	// Step 2: what was detected, the accents, the suggested mapping.
	if got := b.text("#detected-delimiter"); !strings.Contains(got, ";") {
		t.Errorf("detected delimiter = %q", got)
	}
	if got := b.text("#detected-encoding"); got != "Windows-1252" {
		t.Errorf("detected encoding = %q", got)
	}
	if got := b.text("#sample"); !strings.Contains(got, "Prénom") || !strings.Contains(got, "Jean-François") {
		t.Errorf("sample = %q", got)
	}
	for col, want := range []string{"first_name", "last_name", "phone_home", "email_home", "city", "created_at", "comment"} {
		if got := run(b, chromedp.Value(chromedp.ID(fmt.Sprintf("map-%d", col)))); got != want {
			t.Errorf("column %d suggested %q, want %q", col, got, want)
		}
	}
	// Another delimiter reads other columns; back to the semicolon, the
	// suggestion comes back.
	b.navigate(chromedp.Evaluate[chromedp.Void](`(function(){const s=document.getElementById("delimiter"); s.value=","; s.dispatchEvent(new Event("change"));})()`))
	if n := evalTo[int](b, `document.querySelectorAll("#mapping tbody tr").length`); n != 1 {
		t.Errorf("with a comma: %d columns, want 1", n)
	}
	b.navigate(chromedp.Evaluate[chromedp.Void](`(function(){const s=document.getElementById("delimiter"); s.value=";"; s.dispatchEvent(new Event("change"));})()`))
	if got := run(b, chromedp.Value(chromedp.ID("map-6"))); got != "comment" {
		t.Errorf("back to semicolons: column 7 suggested %q", got)
	}
	// Unmapping the phone and the email disables Save at once.
	saveDisabled := `document.getElementById("save").disabled`
	if evalTo[bool](b, saveDisabled) {
		t.Fatal("Save is disabled with a complete mapping")
	}
	setSelect := func(id, v string) {
		b.eval(fmt.Sprintf(`(function(){const s=document.getElementById(%q); s.value=%q; s.dispatchEvent(new Event("change"));})()`, id, v))
	}
	setSelect("map-2", "")
	setSelect("map-3", "")
	if !evalTo[bool](b, saveDisabled) || !evalTo[bool](b, `!document.querySelector('[data-problem="contact"]').hidden`) {
		t.Error("Save stays enabled without a phone or email")
	}
	setSelect("map-2", "phone_home")
	setSelect("map-3", "email_home")
	if evalTo[bool](b, saveDisabled) {
		t.Error("Save stays disabled once the phone is mapped again")
	}
	// Day-first dates, then the preview with its flagged bad value: it
	// follows the settings without a reload (TestBrowserLivePreview).
	setSelect("date_format", "dmy")
	b.waitJS(`document.getElementById("preview").dataset.state === "fresh"`)
	if got := run(b, chromedp.Value(chromedp.ID("date_format"))); got != "dmy" {
		t.Errorf("date format after update = %q", got)
	}
	bad := b.text("#preview-table td.bad")
	if !strings.Contains(bad, "555-12") {
		t.Errorf("flagged cell = %q", bad)
	}
	if got := b.text("#preview-table tbody tr:nth-child(2)"); !strings.Contains(got, "Hélène") || !strings.Contains(got, "Create") {
		t.Errorf("preview row 2 = %q", got)
	}
	if got := b.text("#dryrun"); !strings.Contains(got, "5") {
		t.Errorf("dry run = %q", got)
	}
	b.screenshot("wizard-setup")

	// Save: the import waits in the queue until a worker runs, and the list
	// follows it live, without a reload.
	b.navigate(chromedp.Click(chromedp.ID("save")))
	imps, _ := e.app.ListImports(t.Context(), d)
	if len(imps) != 1 || imps[0].Status != leadport.StatusQueued {
		t.Fatalf("after Save: %+v", imps)
	}
	first := imps[0].ID
	row := fmt.Sprintf(`#imports tr[data-id="%d"]`, first)
	if got := b.text(row + ` [data-k="status"]`); got != "Queued" {
		t.Errorf("status before the worker = %q", got)
	}
	b.eval(`window.leadportMarker = "no reload"`)
	e.startWorker(t)
	b.waitJS(fmt.Sprintf(`document.querySelector('%s [data-k="finished_at"] time') !== null`, row))
	if got := evalTo[string](b, `window.leadportMarker || ""`); got != "no reload" {
		t.Error("the page was reloaded to show progress")
	}
	if got := b.text(row + ` td.processed`); !strings.Contains(got, "6 / 6") {
		t.Errorf("processed = %q", got)
	}
	if got := b.text(row + ` [data-k="status"]`); got != "Finished" {
		t.Errorf("status = %q", got)
	}
	if !evalTo[bool](b, fmt.Sprintf(`!document.querySelector('%s input.finalize').disabled && !document.querySelector('%s svg.chart').hasAttribute("hidden")`, row, row)) {
		t.Error("the finalize checkbox or the chart did not come live")
	}
	b.screenshot("imports-list")

	// The customer card and its [import] note.
	b.open("/leads?q=" + "L%C3%A9vesque")
	b.navigate(chromedp.Click(chromedp.CSS(`#leads a.strong`)))
	if got := b.text("#lead-name"); got != "Hélène Lévesque" {
		t.Errorf("card of %q", got)
	}
	if got := b.text("#notes .import-lines"); !strings.Contains(got, "import") || !strings.Contains(got, "Home phone") || !strings.Contains(got, "555-12") {
		t.Errorf("import note = %q", got)
	}
	b.screenshot("customer-card")

	// Another director does not see the leads yet.
	b2 := e.tab(t)
	b2.login(d2)
	b2.open("/leads?q=L%C3%A9vesque")
	if n := evalTo[int](b2, `document.querySelectorAll("#leads a.strong").length`); n != 0 {
		t.Errorf("before finalize, the other director sees %d leads", n)
	}

	// A second import, reverted from the list.
	s2 := e.apiImport(e.token(d), "more.csv", []byte("Name,Phone\nMarie Côté,514 555 0199\nLuc Roy,819 555 0100\n"),
		map[string]string{"type": "walk_in", "rule": "merge"})
	b.open("/imports")
	row2 := fmt.Sprintf(`#imports tr[data-id="%d"]`, s2.ID)
	b.waitJS(fmt.Sprintf(`document.querySelector('%s').dataset.status === "finished"`, row2))
	b.do(chromedp.Click(chromedp.CSS(row2+" button.revert")), chromedp.WaitVisible(chromedp.ID(fmt.Sprintf("revert-%d", s2.ID))))
	if got := b.text(fmt.Sprintf("#revert-%d .revert-text", s2.ID)); !strings.Contains(got, "2 leads created will be deleted") ||
		!strings.Contains(got, "what this import added to 0 existing leads") || !strings.Contains(got, "as if the import had never run") {
		t.Errorf("revert confirmation = %q", got)
	}
	b.navigate(chromedp.Click(chromedp.CSS(fmt.Sprintf("#revert-%d [data-do-revert]", s2.ID))))
	if got := b.text(row2 + ` [data-k="status"]`); got != "Reverted" {
		t.Errorf("after revert: %q", got)
	}

	// Finalize the first: a confirmation, then the checkbox stays ticked.
	b.do(chromedp.Click(chromedp.CSS(row+" input.finalize")), chromedp.WaitVisible(chromedp.ID(fmt.Sprintf("finalize-%d", first))))
	b.navigate(chromedp.Click(chromedp.CSS(fmt.Sprintf("#finalize-%d [data-confirm]", first))))
	if !evalTo[bool](b, fmt.Sprintf(`(function(){const c=document.querySelector('%s input.finalize'); return c.checked && c.disabled;})()`, row)) {
		t.Error("after finalize, the checkbox is not ticked and locked")
	}
	if !evalTo[bool](b, fmt.Sprintf(`document.querySelector('%s button.revert').hidden`, row)) {
		t.Error("a finalized import still offers Revert")
	}
	b2.open("/leads?q=L%C3%A9vesque")
	if n := evalTo[int](b2, `document.querySelectorAll("#leads a.strong").length`); n != 1 {
		t.Errorf("after finalize, the other director sees %d leads", n)
	}
}

func TestBrowserAdvisorHasNoImport(t *testing.T) {
	needBrowser(t)
	e := newEnv(t)
	a := e.addUser("adam@garage.ca", leadport.RoleAdvisor, false)
	b := e.tab(t)
	b.open("/login")
	b.screenshot("login")
	b.login(a)
	if got := evalTo[string](b, `document.getElementById("nav-tools").innerHTML`); strings.Contains(got, "/imports") {
		t.Errorf("the advisor's navigation shows Import: %s", got)
	}
	if status := b.open("/imports"); status != 403 {
		t.Errorf("/imports: %d, want 403", status)
	}
	if got := b.text("#error-message"); !strings.Contains(got, "director") {
		t.Errorf("refusal = %q", got)
	}
	b.screenshot("forbidden")
}

func TestBrowserLeadNameIsText(t *testing.T) {
	needBrowser(t)
	e := newEnv(t)
	d := e.addUser("dana@garage.ca", leadport.RoleDirector, true)
	imp := e.importCSV(d, "First name,Last name,Phone\n<script>alert(1)</script>,<img src=x onerror=alert(2)>,514-555-0101\n")
	leads, _, _ := e.app.SearchLeads(t.Context(), d, appQuery(imp.ID))
	b := e.tab(t)
	b.login(d)
	for _, p := range []string{"/leads", fmt.Sprintf("/leads/%d", leads[0].ID), "/imports", "/imports/new", "/users", "/tokens"} {
		b.open(p)
		// An alert would block the page; a script that ran would leave a
		// trace. Neither: the name is text.
		if n := evalTo[int](b, `document.querySelectorAll("main script, main img[src=x]").length`); n != 0 {
			t.Errorf("%s: %d injected elements", p, n)
		}
	}
	b.open("/leads")
	if got := b.text("#leads a.strong"); got != "<script>alert(1)</script> <img src=x onerror=alert(2)>" {
		t.Errorf("list name = %q", got)
	}
	b.open(fmt.Sprintf("/leads/%d", leads[0].ID))
	if got := b.text("#lead-name"); got != "<script>alert(1)</script> <img src=x onerror=alert(2)>" {
		t.Errorf("card name = %q", got)
	}
}
