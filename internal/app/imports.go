package app

import (
	"cmp"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/csvread"
	"github.com/leadport/leadport/internal/importer"
	"github.com/leadport/leadport/internal/normalize"
)

// ImportSettings are the choices of the wizard's step 2 (and the CLI's flags).
type ImportSettings struct {
	Type       leadport.LeadType
	Rule       leadport.Rule
	Delimiter  rune   // 0: as detected
	Encoding   string // "": as detected
	Sheet      string // a workbook's sheet; "": the first visible one with data
	DateFormat string // "auto" (or ""): the order the file proves; "ymd", "dmy" or "mdy"
	// Mapping is the mapping chosen column by column (the wizard); when it
	// is nil, MapSpec gives it as --map does: "" or "auto" for the
	// proposal (ResolveMapping).
	Mapping []string
	MapSpec string
}

// UploadImport stores a file as a draft import of the actor (step 1) and
// tells what it found in it. The file is streamed to the database, never
// held whole in memory.
func (a *App) UploadImport(ctx context.Context, actor *leadport.User, fileName string, r io.Reader) (*leadport.Import, csvread.Sniff, error) {
	if err := leadport.CanImport(actor); err != nil {
		return nil, csvread.Sniff{}, err
	}
	if err := CheckText("The file's name", fileName); err != nil {
		return nil, csvread.Sniff{}, err
	}
	imp := &leadport.Import{AccountID: actor.AccountID, OwnerID: actor.ID, FileName: filepath.Base(fileName),
		Type: leadport.TypeEvent, Rule: leadport.RuleMerge}
	lr := &limitReader{r: r, left: a.MaxUpload}
	if err := a.Store.CreateImport(ctx, imp, lr); err != nil {
		if lr.over {
			return nil, csvread.Sniff{}, errors.Join(ErrTooLarge, leadport.Errorf(leadport.EINVALID,
				"The file is larger than the %d MB this server accepts. Split it, or ask your administrator to raise the limit.", a.MaxUpload>>20))
		}
		return nil, csvread.Sniff{}, err
	}
	sniff, err := a.Detect(ctx, actor, imp.ID, csvread.Options{})
	if err == nil {
		err = a.checkAnyRows(ctx, a.opener(imp.ID), sniff)
	}
	if err != nil {
		a.Store.DeleteDraft(ctx, imp.ID)
		return nil, csvread.Sniff{}, err
	}
	return imp, sniff, nil
}

// ErrEmptyFile is in the chain of the error that refuses a file, or the
// workbook's sheet chosen, that has a header line but no data rows: saved,
// it would make an import of 0 rows that says nothing.
var ErrEmptyFile = errors.New("no data rows")

// EmptyFileError refuses a file (Sheet == "") or a workbook's sheet with a
// header line but no data rows. It is an EINVALID *leadport.Error, and
// ErrEmptyFile.
type EmptyFileError struct {
	Sheet string // the workbook's sheet chosen; "" for the whole file
}

func (e *EmptyFileError) Error() string {
	if e.Sheet != "" {
		return fmt.Sprintf("The sheet “%s” has a header line but no data rows: there is nothing to import from it. Choose another sheet.", e.Sheet)
	}
	return "This file has a header line but no data rows: there is nothing to import. Is this the right file? Its first line holds the column names, and each line after it one customer."
}

func (e *EmptyFileError) Is(target error) bool { return target == ErrEmptyFile }

func (e *EmptyFileError) Unwrap() error {
	return &leadport.Error{Code: leadport.EINVALID, Message: e.Error()}
}

// checkAnyRows refuses a file with no data rows at all, in any of its sheets
// for a workbook (the person may choose another sheet than the first).
// sniff is the file's start as Detect read it: only when it holds no row is
// the rest read.
func (a *App) checkAnyRows(ctx context.Context, open importer.Opener, sniff csvread.Sniff) error {
	if len(sniff.Rows) > 0 {
		return nil
	}
	if sniff.Format != csvread.FormatXLSX {
		return checkRows(ctx, open, sniff, csvread.Options{Encoding: sniff.Encoding, Delimiter: sniff.Delimiter})
	}
	f, err := open(ctx)
	if err != nil {
		return err
	}
	defer f.Close()
	sheets, err := csvread.CountSheets(f)
	if err != nil {
		return FileError(err)
	}
	for _, sh := range sheets {
		if sh.Rows > 0 {
			return nil
		}
	}
	return &EmptyFileError{}
}

// checkRows refuses a file, or the workbook's sheet read, that has a header
// but no data rows. sniff is what Detect read with opts.
func checkRows(ctx context.Context, open importer.Opener, sniff csvread.Sniff, opts csvread.Options) error {
	if len(sniff.Rows) > 0 {
		return nil
	}
	if sniff.Format == csvread.FormatXLSX {
		// Detect reads a sheet to its end when it finds no row.
		return &EmptyFileError{Sheet: sniff.Sheet}
	}
	// Detect reads the first MiB: a header longer than that hides the rows.
	f, err := open(ctx)
	if err != nil {
		return err
	}
	defer f.Close()
	if n, err := csvread.Count(f, opts); err == nil && n == 0 {
		return &EmptyFileError{}
	}
	// A file that cannot be read whole is told when it is read.
	return nil
}

type limitReader struct {
	r    io.Reader
	left int64
	over bool
}

// ErrTooLarge is in the chain of UploadImport's error when the file is larger
// than MaxUpload.
var ErrTooLarge = errors.New("file too large")

func (l *limitReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		var one [1]byte
		if n, _ := l.r.Read(one[:]); n > 0 {
			l.over = true
			return 0, ErrTooLarge
		}
		return 0, io.EOF
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

// managed returns an import the actor may finalize or revert: his own while
// he can import, or an orphaned one (SPEC §6 "Orphans").
func (a *App) managed(ctx context.Context, actor *leadport.User, id int64) (*leadport.Import, error) {
	imp, err := a.Import(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	owner, err := a.owner(ctx, imp)
	if err != nil {
		return nil, err
	}
	if err := leadport.CanManageImport(actor, imp, owner); err != nil {
		return nil, err
	}
	return imp, nil
}

// owner returns the import's owner as he is now.
func (a *App) owner(ctx context.Context, imp *leadport.Import) (*leadport.User, error) {
	owner, err := a.Store.UserByID(ctx, imp.OwnerID)
	if leadport.ErrorCode(err) == leadport.ENOTFOUND {
		return nil, nil
	}
	return owner, err
}

// ImportRights says, for each of imps, whether the actor may finalize or
// revert it (Manage) and read its issue report (Issues), for the pages.
func (a *App) ImportRights(ctx context.Context, actor *leadport.User, imps []*leadport.Import) (manage, issues map[int64]bool, err error) {
	users, err := a.Store.ListUsers(ctx, actor.AccountID)
	if err != nil {
		return nil, nil, err
	}
	byID := make(map[int64]*leadport.User, len(users))
	for _, u := range users {
		byID[u.ID] = u
	}
	manage, issues = make(map[int64]bool), make(map[int64]bool)
	for _, imp := range imps {
		manage[imp.ID] = leadport.CanManageImport(actor, imp, byID[imp.OwnerID]) == nil
		issues[imp.ID] = leadport.CanReadIssues(actor, imp, byID[imp.OwnerID]) == nil
	}
	return manage, issues, nil
}

// draft returns one of the actor's draft imports, to set up.
func (a *App) draft(ctx context.Context, actor *leadport.User, id int64) (*leadport.Import, error) {
	imp, err := a.Import(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if err := leadport.CanSetUpImport(actor, imp); err != nil {
		return nil, err
	}
	if imp.Status != leadport.StatusDraft {
		return nil, leadport.Errorf(leadport.ECONFLICT, "Import %d has already been saved.", id)
	}
	return imp, nil
}

// Detect reads the start of a draft's file again with the given choices
// (a delimiter or encoding the person changed) and tells what it finds.
func (a *App) Detect(ctx context.Context, actor *leadport.User, id int64, opts csvread.Options) (csvread.Sniff, error) {
	if _, err := a.draft(ctx, actor, id); err != nil {
		return csvread.Sniff{}, err
	}
	f, err := a.Store.OpenImportFile(ctx, id)
	if err != nil {
		return csvread.Sniff{}, err
	}
	defer f.Close()
	sniff, err := csvread.Detect(f, opts)
	return sniff, FileError(err)
}

// Sheets lists the sheets of a draft's workbook with the rows each holds,
// for the person choosing one; nil for a CSV file. It reads the whole
// workbook.
func (a *App) Sheets(ctx context.Context, actor *leadport.User, id int64) ([]csvread.SheetInfo, error) {
	if _, err := a.draft(ctx, actor, id); err != nil {
		return nil, err
	}
	if sheets, ok := a.sheets.Load(id); ok {
		return sheets.([]csvread.SheetInfo), nil
	}
	f, err := a.Store.OpenImportFile(ctx, id)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sheets, err := csvread.CountSheets(f)
	if err != nil {
		return nil, FileError(err)
	}
	a.sheets.Store(id, sheets)
	return sheets, nil
}

// settings checks the choices and completes them from the file.
func (a *App) settings(ctx context.Context, actor *leadport.User, open importer.Opener, s ImportSettings) (importer.Settings, error) {
	is, _, err := a.settingsCount(ctx, actor, open, s, false)
	return is, err
}

// settingsCount is settings that, when count is true, also reads the whole
// file and returns its rows with data, in the same pass as the one that
// looks for the order of day and month when there is one: a file is then
// read once before it is imported, not twice.
func (a *App) settingsCount(ctx context.Context, actor *leadport.User, open importer.Opener, s ImportSettings, count bool) (importer.Settings, int, error) {
	if !s.Type.Valid() {
		return importer.Settings{}, 0, leadport.Errorf(leadport.EINVALID, "%q is not a lead type. The types are: %s.", s.Type, typeList())
	}
	if !s.Rule.Valid() {
		return importer.Settings{}, 0, leadport.Errorf(leadport.EINVALID, "The rule must be create or merge, not %q.", s.Rule)
	}
	auto := s.DateFormat == "" || strings.EqualFold(strings.TrimSpace(s.DateFormat), DateFormatAuto)
	var order normalize.DateOrder
	if !auto {
		var err error
		if order, err = normalize.ParseDateOrder(s.DateFormat); err != nil {
			return importer.Settings{}, 0, leadport.Errorf(leadport.EINVALID, "The date format must be auto, ymd, dmy or mdy, not %q.", s.DateFormat)
		}
	}
	f, err := open(ctx)
	if err != nil {
		return importer.Settings{}, 0, err
	}
	sniff, err := csvread.Detect(f, csvread.Options{Encoding: s.Encoding, Delimiter: s.Delimiter, Sheet: s.Sheet})
	f.Close()
	if err != nil {
		return importer.Settings{}, 0, FileError(err)
	}
	if err := checkRows(ctx, open, sniff, csvread.Options{Encoding: s.Encoding, Delimiter: s.Delimiter, Sheet: s.Sheet}); err != nil {
		return importer.Settings{}, 0, err
	}
	is := importer.Settings{Type: s.Type, Rule: s.Rule, Delimiter: sniff.Delimiter, Encoding: sniff.Encoding, Sheet: sniff.Sheet,
		DateOrder: order, Header: sniff.Header, Mapping: s.Mapping}
	if is.Mapping == nil {
		p, err := a.ResolveMapping(ctx, actor, sniff.Header, sniff.Rows, s.MapSpec)
		if err != nil {
			return importer.Settings{}, 0, err
		}
		is.Mapping = p.Mapping
	}
	if err := importer.CheckMapping(is.Header, is.Mapping); err != nil {
		return is, 0, err
	}
	if auto {
		s.Delimiter, s.Encoding, s.Sheet, s.Mapping = is.Delimiter, is.Encoding, is.Sheet, is.Mapping
		p, total, err := a.proposeDateOrderCount(ctx, actor, open, s, count)
		if err != nil {
			return is, 0, err
		}
		is.DateOrder, _ = normalize.ParseDateOrder(p.Format)
		return is, total, nil
	}
	if !count {
		return is, 0, nil
	}
	if f, err = open(ctx); err != nil {
		return is, 0, err
	}
	defer f.Close()
	total, err := csvread.Count(f, csvread.Options{Encoding: is.Encoding, Delimiter: is.Delimiter, Sheet: is.Sheet})
	if err != nil {
		return is, 0, FileError(err)
	}
	return is, total, nil
}

func typeList() string {
	var s []string
	for _, t := range leadport.LeadTypes {
		s = append(s, string(t))
	}
	return strings.Join(s, ", ")
}

func (a *App) opener(id int64) importer.Opener {
	return func(ctx context.Context) (io.ReadCloser, error) { return a.Store.OpenImportFile(ctx, id) }
}

// Preview is what the start of a draft would become (step 2).
type Preview struct {
	// Rows are the first rows, then the rows of the sample that show a
	// problem the first rows do not (importer.Preview).
	Rows []importer.PreviewRow
	// Problems are the bad values of the sample per column, the column with
	// the most first; failed rows are under the column "".
	Problems []ColumnProblems
	Sampled  int  // the rows the problems were counted over
	Whole    bool // they are all the rows of the file
}

// ColumnProblems is what is wrong in one column of the sample.
type ColumnProblems struct {
	Column string // the file's header; "" for rows that cannot be imported
	Count  int
	Values []ValueCount // the most frequent first; none for failed rows
}

// ValueCount is one distinct bad value and how often it occurs.
type ValueCount struct {
	Value  string // as the file has it, the first time
	Reason string // leadport.ReasonText turns it into words
	Count  int
	Line   int // where it is first
}

// PreviewSample is how many rows Preview counts problems over: enough that
// a value wrong in one row of a hundred shows, few enough that the preview
// follows every change of the settings at once.
const PreviewSample = 1000

// Preview tells what the first n rows of a draft would become (step 2), and
// what is wrong, per column, in its first PreviewSample rows.
func (a *App) Preview(ctx context.Context, actor *leadport.User, id int64, s ImportSettings, n int) (Preview, error) {
	if _, err := a.draft(ctx, actor, id); err != nil {
		return Preview{}, err
	}
	is, err := a.settings(ctx, actor, a.opener(id), s)
	if err != nil {
		return Preview{}, err
	}
	pv, err := a.Importer.Preview(ctx, actor.AccountID, actor.ID, is, a.opener(id), n, PreviewSample)
	if err != nil {
		return Preview{}, FileError(err)
	}
	// Matching saw only what the actor sees (SPEC §7), so every lead the
	// rows name is one the actor may see.
	out := Preview{Rows: pv.Rows, Sampled: pv.Read, Whole: pv.Whole}
	var tally issueTally
	for _, is := range pv.Issues {
		tally.add(is)
	}
	for _, col := range tally.columns() {
		p := ColumnProblems{Column: col.name, Count: col.n}
		for _, c := range col.causes {
			for _, v := range c.sorted() {
				p.Values = append(p.Values, ValueCount{Value: v.value, Reason: c.reason, Count: v.n, Line: v.line})
			}
		}
		slices.SortStableFunc(p.Values, func(x, y ValueCount) int {
			return cmp.Or(cmp.Compare(y.Count, x.Count), cmp.Compare(x.Line, y.Line))
		})
		out.Problems = append(out.Problems, p)
	}
	return out, nil
}

// DryRun counts what importing a draft would do, over the whole file.
func (a *App) DryRun(ctx context.Context, actor *leadport.User, id int64, s ImportSettings) (leadport.Counters, error) {
	if _, err := a.draft(ctx, actor, id); err != nil {
		return leadport.Counters{}, err
	}
	return a.DryRunFile(ctx, actor, a.opener(id), s)
}

// DryRunFile counts what importing a file would do, storing nothing at all.
func (a *App) DryRunFile(ctx context.Context, actor *leadport.User, open importer.Opener, s ImportSettings) (leadport.Counters, error) {
	if err := leadport.CanImport(actor); err != nil {
		return leadport.Counters{}, err
	}
	is, err := a.settings(ctx, actor, open, s)
	if err != nil {
		return leadport.Counters{}, err
	}
	c, err := a.Importer.DryRun(ctx, actor.AccountID, actor.ID, is, open, nil)
	return c, FileError(err)
}

// StartImport saves a draft's settings and queues it (step 2's Save). The
// whole file is read first: a file that cannot be read whole is refused
// before any row is applied.
func (a *App) StartImport(ctx context.Context, actor *leadport.User, id int64, s ImportSettings) (*leadport.Import, error) {
	imp, err := a.draft(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	is, total, err := a.settingsCount(ctx, actor, a.opener(id), s, true)
	if err != nil {
		return nil, err
	}
	imp.Type, imp.Rule, imp.Delimiter, imp.Encoding, imp.Sheet = is.Type, is.Rule, is.Delimiter, is.Encoding, is.Sheet
	imp.DateFormat, imp.Header, imp.Mapping, imp.Total = is.DateOrder.String(), is.Header, is.Mapping, int64(total)
	if err := a.Store.QueueImport(ctx, imp); err != nil {
		return nil, err
	}
	a.sheets.Delete(id)
	a.rememberMapping(ctx, imp)
	return a.Store.Import(ctx, id)
}

// DiscardDraft deletes a draft the actor gave up on.
func (a *App) DiscardDraft(ctx context.Context, actor *leadport.User, id int64) error {
	if _, err := a.draft(ctx, actor, id); err != nil {
		return err
	}
	a.sheets.Delete(id)
	return a.Store.DeleteDraft(ctx, id)
}

// RunNow runs a queued import in this process and returns when it is done
// (the CLI's import). If another import of the account is running, it waits
// for its turn.
func (a *App) RunNow(ctx context.Context, actor *leadport.User, id int64, progress func(leadport.Counters)) (*leadport.Import, error) {
	imp, err := a.Import(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	w := importer.NewWorker(a.Importer)
	for {
		claimed, err := a.Store.ClaimImportByID(ctx, id, w.Name, a.Importer.Lease)
		if err != nil {
			return nil, err
		}
		if claimed != nil {
			if err := w.RunClaimed(ctx, claimed, progress); err != nil {
				return nil, err
			}
			return a.Store.Import(ctx, id)
		}
		if imp, err = a.Store.Import(ctx, id); err != nil {
			return nil, err
		}
		if imp.Status != leadport.StatusQueued && imp.Status != leadport.StatusRunning {
			return imp, nil
		}
		select {
		case <-time.After(500 * time.Millisecond):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// Import returns an import the actor may see.
func (a *App) Import(ctx context.Context, actor *leadport.User, id int64) (*leadport.Import, error) {
	imp, err := a.Store.Import(ctx, id)
	if leadport.ErrorCode(err) == leadport.ENOTFOUND {
		return nil, leadport.Errorf(leadport.ENOTFOUND, "Import %d does not exist.", id)
	}
	if err != nil {
		return nil, err
	}
	if err := leadport.CanSeeImport(actor, imp); err != nil {
		return nil, err
	}
	return imp, nil
}

// ListImports lists the imports of the actor's account, oldest first: the
// Import module, open to the users allowed to import (and admins).
func (a *App) ListImports(ctx context.Context, actor *leadport.User) ([]*leadport.Import, error) {
	if err := leadport.CanOpenImports(actor); err != nil {
		return nil, err
	}
	return a.Store.ListImports(ctx, actor.AccountID)
}

// ListDrafts returns the actor's own drafts (files uploaded and not saved
// yet), oldest first, so that they can be continued or discarded.
func (a *App) ListDrafts(ctx context.Context, actor *leadport.User) ([]*leadport.Import, error) {
	if err := leadport.CanImport(actor); err != nil {
		return nil, err
	}
	return a.Store.ListDrafts(ctx, actor.ID)
}

// FinalizeImport makes a finished import's leads visible to the whole
// account. Its owner can, or once it is orphaned a director who can import.
func (a *App) FinalizeImport(ctx context.Context, actor *leadport.User, id int64) (*leadport.Import, error) {
	imp, err := a.managed(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	switch {
	case imp.Finalized:
		return imp, nil
	case imp.Status != leadport.StatusFinished:
		return nil, leadport.Errorf(leadport.ECONFLICT, "Import %d is %s: it can be finalized once it has finished.", id, imp.Status)
	}
	if err := a.Store.FinalizeImport(ctx, id); err != nil {
		return nil, err
	}
	return a.Store.Import(ctx, id)
}

// RevertImport undoes an import that is not finalized. Its owner can, or
// once it is orphaned a director who can import.
func (a *App) RevertImport(ctx context.Context, actor *leadport.User, id int64) (*leadport.Import, error) {
	imp, err := a.managed(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	switch {
	case imp.Finalized:
		return nil, leadport.Errorf(leadport.ECONFLICT, "Import %d is finalized: its leads belong to the dealership now and it cannot be reverted.", id)
	case imp.Status == leadport.StatusReverted:
		return nil, leadport.Errorf(leadport.ECONFLICT, "Import %d has already been reverted.", id)
	case imp.Status != leadport.StatusFinished && imp.Status != leadport.StatusFailed:
		return nil, leadport.Errorf(leadport.ECONFLICT, "Import %d is %s: it can be reverted once it has stopped.", id, imp.Status)
	}
	if err := a.Store.RevertImport(ctx, id); err != nil {
		return nil, err
	}
	return a.Store.Import(ctx, id)
}

// BOM starts every CSV file Leadport writes for people (issue reports,
// exports, the template): without it, Excel on Windows reads UTF-8 as
// Windows-1252 and shows "BÃ©rubÃ©" for "Bérubé".
const BOM = "\uFEFF"

// SafeCell neutralises a value a spreadsheet would run as a formula, by
// putting a quote before it (OWASP's advice for CSV injection).
func SafeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// TemplateCSV writes the template file offered for download: one column per
// field with its English label and an example row.
func TemplateCSV(w io.Writer) error {
	if _, err := io.WriteString(w, BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	var head, ex []string
	for _, f := range leadport.Fields {
		head = append(head, f.LabelEN)
		ex = append(ex, SafeCell(f.Example))
	}
	cw.Write(head)
	cw.Write(ex)
	cw.Flush()
	return cw.Error()
}

// Describe is a one-line account of an import's counters, for people.
func Describe(c leadport.Counters) string {
	return fmt.Sprintf("processed %d, created %d, merged %d, associated %d, failed %d, notes %d",
		c.Processed, c.Created, c.Merged, c.Associated, c.Failed, c.Notes)
}
