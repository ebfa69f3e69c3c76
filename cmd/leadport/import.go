package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/app"
	"github.com/leadport/leadport/internal/csvread"
	"github.com/leadport/leadport/internal/suggest"
)

const importSynopsis = `--as EMAIL --file PATH --type TYPE --rule create|merge
        [--delimiter auto|,|;|tab|pipe] [--encoding auto|utf-8|windows-1252|utf-16]
        [--map auto | --map 'Header=key,...' | --map 'auto,Header=key,#7=key,Header=-']
        [--date-format auto|ymd|dmy|mdy] [--sheet NAME] [--dry-run] [--json]`

func importCmd(ctx context.Context, e *env, cmd string, args []string) error {
	fset := e.flags(cmd)
	as := fset.String("as", "", "the `EMAIL` of the user who imports (a director or BDC director with can_import)")
	path := fset.String("file", "", "the `PATH` of the file to import: CSV, or an Excel workbook (.xlsx)")
	typ := fset.String("type", "", "the lead `TYPE` of the leads it creates: "+typeList())
	rule := fset.String("rule", "", "create (every row creates a lead) or merge (a matching row is merged into the best match)")
	delim := fset.String("delimiter", "auto", "auto, \",\", \";\", tab or pipe")
	enc := fset.String("encoding", "auto", "auto, utf-8, windows-1252 or utf-16")
	mapSpec := fset.String("map", "auto", "auto (the suggested mapping), 'Header=key,...' (only these columns), or 'auto,Header=key,#7=key,Header=-' (the suggestions, then these overrides); a header exactly as in the file, #N the N-th column from 1, - for none; fields: "+fieldList())
	dateFormat := fset.String("date-format", app.DateFormatAuto, "auto (the order of day and month the file proves), ymd (ISO only), dmy (also day first: 31/12/2026) or mdy (also month first)")
	sheet := fset.String("sheet", "", "the sheet of an Excel workbook to import (`NAME` as on its tab); the first visible sheet with data when not given")
	dryRun := fset.Bool("dry-run", false, "count what the import would do, storing nothing")
	asJSON := fset.Bool("json", false, "print exactly one JSON object: the import's summary")
	pos, err := e.parse(fset, importSynopsis, args)
	if err != nil {
		return err
	}
	switch {
	case len(pos) > 0:
		return usagef(cmd, "unexpected argument %q (the file is given with --file)", pos[0])
	case *path == "":
		return usagef(cmd, "--file PATH is required")
	case *typ == "":
		return usagef(cmd, "--type is required: one of %s", typeList())
	case *rule == "":
		return usagef(cmd, "--rule is required: create or merge")
	}
	opts := csvread.Options{}
	if opts.Delimiter, err = csvread.ParseDelimiter(*delim); err != nil {
		return usagef(cmd, "%v", err)
	}
	if opts.Encoding, err = csvread.ParseEncoding(*enc); err != nil {
		return usagef(cmd, "%v", err)
	}
	opts.Sheet = *sheet
	settings := app.ImportSettings{Type: leadport.LeadType(*typ), Rule: leadport.Rule(*rule),
		Delimiter: opts.Delimiter, Encoding: opts.Encoding, Sheet: opts.Sheet, DateFormat: *dateFormat}
	// A sheet the file does not have is a bad command line (exit 2), said
	// with the sheets it has.
	sheetUsage := func(err error) error {
		if errors.Is(err, csvread.ErrBadSheet) {
			return usagef(cmd, "%s", leadport.ErrorMessage(err))
		}
		return err
	}

	a, u, err := e.actor(ctx, cmd, *as)
	if err != nil {
		return err
	}
	if err := leadport.CanImport(u); err != nil {
		return err
	}
	f, err := openFile(*path)
	if err != nil {
		return err
	}
	defer f.Close()

	if *dryRun {
		return sheetUsage(e.dryRun(ctx, a, u, f, opts, settings, *mapSpec, *asJSON))
	}

	// Until the import is queued, a stop (Ctrl-C) leaves nothing behind.
	stopped := func(err error) error {
		if ctx.Err() != nil {
			return leadport.Errorf(leadport.ECONFLICT, "Stopped before the import started: nothing was stored.")
		}
		return err
	}
	imp, sniff, err := a.UploadImport(ctx, u, *path, f)
	if err != nil {
		return stopped(err)
	}
	// From here on, a refusal removes the draft: nothing is left behind.
	id := imp.ID
	discard := func(err error) error {
		if derr := a.DiscardDraft(context.WithoutCancel(ctx), u, id); derr != nil {
			e.logger.Error("remove the draft import", "import", id, "err", derr)
		}
		return stopped(err)
	}
	if opts != (csvread.Options{}) {
		if sniff, err = a.Detect(ctx, u, id, opts); err != nil {
			return discard(sheetUsage(err))
		}
	}
	if settings.Mapping, err = e.mapping(ctx, a, u, sniff, *mapSpec); err != nil {
		return discard(err)
	}
	if isAuto(settings.DateFormat) {
		p, err := a.ProposeDateOrder(ctx, u, id, settings)
		if err != nil {
			return discard(err)
		}
		e.dateNotice(p)
		settings.DateFormat = p.Format
	}
	if imp, err = a.StartImport(ctx, u, id, settings); err != nil {
		return discard(err)
	}

	progress, done := e.progressBar(imp.Total)
	imp, err = a.RunNow(ctx, u, id, progress)
	done()
	var le *leadport.Error
	switch {
	case err != nil && ctx.Err() != nil:
		return leadport.Errorf(leadport.ECONFLICT, "Import %d was stopped before its end; it resumes where it stopped when 'leadport work' or 'leadport serve' runs.", id)
	case errors.As(err, &le):
		return leadport.Errorf(le.Code, "Import %d failed: %s", id, le.Message)
	case err != nil:
		return fmt.Errorf("import %d failed: %w", id, err)
	}
	if *asJSON {
		return writeJSON(e.stdout, summaryOf(imp))
	}
	fmt.Fprintf(e.stdout, "Import %d %s: %s.\n", imp.ID, imp.Status, describe(imp.Counters))
	if imp.Failed > 0 || imp.Notes > 0 {
		fmt.Fprintf(e.stdout, "Failed rows and bad values are in the issue report: leadport imports issues --as %s %d\n", u.Email, imp.ID)
	}
	if imp.Status == leadport.StatusFinished && !imp.Finalized && imp.Created > 0 {
		fmt.Fprintf(e.stdout, "Its leads are visible only to you until you finalize it: leadport imports finalize --as %s %d\n", u.Email, imp.ID)
	}
	return nil
}

func describe(c leadport.Counters) string {
	return fmt.Sprintf("%d processed, %d created, %d merged, %d associated, %d failed, %d notes",
		c.Processed, c.Created, c.Merged, c.Associated, c.Failed, c.Notes)
}

// dryRun counts what importing f would do and prints it as import does,
// with ID 0 and status "dry_run". Nothing is stored.
func (e *env) dryRun(ctx context.Context, a *app.App, u *leadport.User, f *os.File, opts csvread.Options, s app.ImportSettings, mapSpec string, asJSON bool) error {
	open := func(context.Context) (io.ReadCloser, error) {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, err
		}
		return io.NopCloser(f), nil
	}
	r, _ := open(ctx)
	sniff, err := csvread.Detect(r, opts)
	if err != nil {
		return app.FileError(err)
	}
	if s.Mapping, err = e.mapping(ctx, a, u, sniff, mapSpec); err != nil {
		return err
	}
	if isAuto(s.DateFormat) {
		p, err := a.ProposeDateOrderFile(ctx, u, open, s)
		if err != nil {
			return err
		}
		e.dateNotice(p)
		s.DateFormat = p.Format
	}
	c, err := a.DryRunFile(ctx, u, open, s)
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(e.stdout, summary{Status: "dry_run", Processed: c.Processed, Created: c.Created,
			Merged: c.Merged, Associated: c.Associated, Failed: c.Failed, Notes: c.Notes})
	}
	fmt.Fprintf(e.stdout, "Dry run, nothing stored: %s.\n", describe(c))
	return nil
}

// mapping resolves --map for the file (app.ResolveMapping). Columns left
// unmapped are listed on stderr in one warning line, since their values
// will not be imported, each with the field it may be when the suggester
// was unsure.
func (e *env) mapping(ctx context.Context, a *app.App, u *leadport.User, sniff csvread.Sniff, spec string) ([]string, error) {
	p, err := a.ResolveMapping(ctx, u, sniff.Header, sniff.Rows, spec)
	if err != nil {
		return nil, err
	}
	header := sniff.Header
	name := func(i int) string {
		if header[i] == "" {
			return fmt.Sprintf("column %d (no name)", i+1)
		}
		return fmt.Sprintf("%q", header[i])
	}
	if p.From != nil {
		who := "your"
		if p.From.OwnerID != u.ID && p.From.OwnerName != "" {
			who = p.From.OwnerName + "'s"
		}
		fmt.Fprintf(e.stderr, "mapping: as in %s import %d of %s (%s), saved for these columns\n", who, p.From.ID,
			p.From.CreatedAt.Format("2 January 2006"), p.From.FileName)
	}
	var slots []string
	usedAsType := make(map[int]bool)
	for i, entry := range p.Mapping {
		if key, from, _ := suggest.ParseEntry(entry); from >= 0 {
			usedAsType[from] = true
			slots = append(slots, fmt.Sprintf("%s → the slot %s names on each row (else %s)", name(i), name(from), key))
		}
	}
	if len(slots) > 0 {
		fmt.Fprintf(e.stderr, "mapping: %s\n", strings.Join(slots, "; "))
	}
	if w := unmappedWarning(p, name, usedAsType); w != "" {
		fmt.Fprintln(e.stderr, w)
	}
	return p.Mapping, nil
}

// unmappedWarning is one line naming the columns left unmapped (at most
// five of them, each with the field the suggester thinks it may be, then
// how many more), or "" when every column is used: a file of 10,000
// columns gets one line, not 10,000.
func unmappedWarning(p app.MappingProposal, name func(int) string, used map[int]bool) string {
	const shown = 5
	var names []string
	n := 0
	for i, entry := range p.Mapping {
		if entry != "" || used[i] {
			continue
		}
		n++
		if len(names) == shown {
			continue
		}
		s := name(i)
		if c := firstNonEmpty(p.Columns[i].Key, p.Columns[i].Candidate); c != "" {
			s += " (maybe " + c + ")"
		}
		names = append(names, s)
	}
	switch {
	case n == 0:
		return ""
	case n == 1 && strings.HasPrefix(names[0], "column "):
		return "warning: " + names[0] + " is not mapped: its values will not be imported"
	case n == 1:
		return "warning: column " + names[0] + " is not mapped: its values will not be imported"
	}
	list := strings.Join(names, ", ")
	if n > shown {
		list += fmt.Sprintf(" and %d more", n-shown)
	}
	return fmt.Sprintf("warning: %d of %d columns are not mapped, their values will not be imported: %s", n, len(p.Mapping), list)
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func fieldList() string {
	var s []string
	for _, f := range leadport.Fields {
		s = append(s, f.Key)
	}
	return strings.Join(s, ", ")
}

// openFile opens the file to import, with a message for people when it
// cannot.
func openFile(path string) (*os.File, error) {
	f, err := os.Open(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, leadport.Errorf(leadport.EINVALID, "There is no file %s.", path)
	case errors.Is(err, fs.ErrPermission):
		return nil, leadport.Errorf(leadport.EINVALID, "Leadport is not allowed to read the file %s.", path)
	case err != nil:
		return nil, leadport.Errorf(leadport.EINVALID, "The file %s cannot be opened: %v.", path, err)
	}
	st, err := f.Stat()
	if err == nil && st.IsDir() {
		f.Close()
		return nil, leadport.Errorf(leadport.EINVALID, "%s is a folder, not a file.", path)
	}
	return f, nil
}

// progressBar returns a progress callback drawing a bar on stderr when it
// is a terminal (nothing otherwise), and a function to call at the end.
func (e *env) progressBar(total int64) (func(leadport.Counters), func()) {
	f, ok := e.stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) || total <= 0 {
		return nil, func() {}
	}
	bar := progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(f),
		progressbar.OptionSetDescription("Importing"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("rows"),
		progressbar.OptionThrottle(100e6),
		progressbar.OptionFullWidth(),
	)
	return func(c leadport.Counters) { bar.Set64(c.Processed) }, func() {
		bar.Finish()
		fmt.Fprintln(f)
	}
}

func isAuto(dateFormat string) bool {
	f := strings.TrimSpace(dateFormat)
	return f == "" || strings.EqualFold(f, app.DateFormatAuto)
}

// dateNotice tells on stderr which order of day and month --date-format
// auto chose and why, or warns that the file proves none while some of its
// dates need one.
func (e *env) dateNotice(p app.DateProposal) {
	const choose = "dates written in numbers with the year last are bad values unless you choose --date-format dmy or mdy"
	read := ""
	if p.Partial {
		read = fmt.Sprintf(" (in the first %d rows)", p.Rows)
	}
	switch {
	case p.Proof() != nil:
		fmt.Fprintf(e.stderr, "dates: %s: %s%s\n", orderName(p.Format), proofText(p.Proof()), read)
	case p.Mixed():
		fmt.Fprintf(e.stderr, "warning: dates: no order proposed, the file has both (day-first: %s; month-first: %s); %s\n",
			proofText(p.DayFirst), proofText(p.MonthFirst), choose)
	case p.Undecided != nil:
		fmt.Fprintf(e.stderr, "warning: dates: no order proposed, nothing in the file%s shows whether %s is day-first or month-first; %s\n",
			read, proofText(p.Undecided), choose)
	}
}

func orderName(format string) string {
	if format == "mdy" {
		return "month-first"
	}
	return "day-first"
}

// proofText says where a proof is: `28/02/2019 on line 4 (column "Date")`
// or `the header "Sale Date (MM/DD/YYYY)" says so`.
func proofText(p *app.DateProof) string {
	if p.Value == "" {
		return fmt.Sprintf("the header %q says so", p.Column)
	}
	return fmt.Sprintf("%s on line %d (column %q)", p.Value, p.Line, p.Column)
}
