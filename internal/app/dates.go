package app

import (
	"context"
	"io"
	"strings"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/csvread"
	"github.com/leadport/leadport/internal/importer"
	"github.com/leadport/leadport/internal/normalize"
)

// DateFormatAuto is the date format that asks for the order of day and
// month the file proves (SPEC §4, §8 --date-format auto). It is the
// default: an empty DateFormat means the same.
const DateFormatAuto = "auto"

// dateScanRows bounds the rows read to find the order of day and month: a
// million-row file is read in about a second, so 200,000 rows keep the
// wizard quick, and a file that mixes orders shows it long before.
const dateScanRows = 200_000

// DateProof is a value or a header of the file that shows the order of
// day and month of its dates.
type DateProof struct {
	Column string // the header of the column
	Value  string // the value that shows it; "" when the header says it
	Line   int    // the file line of Value; 0 for the header
}

// DateProposal is the order of day and month a file proves, and why. Only
// the columns mapped to a date field count.
type DateProposal struct {
	// Format is "dmy" or "mdy" when the file proves that order and not the
	// other, else "ymd" (ISO only): none is proposed.
	Format string
	// DayFirst and MonthFirst are the first proof of each order, nil when
	// there is none. Both set: the file mixes orders.
	DayFirst, MonthFirst *DateProof
	// Undecided, when nothing proves an order, is a value that either order
	// reads ("03/04/2024"), nil when there is none: what is at stake.
	Undecided *DateProof
	// Columns is the number of mapped date columns; Rows the data rows read.
	Columns, Rows int
	// Partial is true when the file has more rows than were read.
	Partial bool
}

// Proof returns the proof of the proposed order, nil when none is proposed.
func (p DateProposal) Proof() *DateProof {
	switch p.Format {
	case "dmy":
		return p.DayFirst
	case "mdy":
		return p.MonthFirst
	}
	return nil
}

// Mixed reports whether the file proves both orders.
func (p DateProposal) Mixed() bool { return p.DayFirst != nil && p.MonthFirst != nil }

// ProposeDateOrder reads a draft's file, under the settings' delimiter,
// encoding and mapping (the suggested one when nil), and tells which order
// of day and month its date columns prove. The CLI and the wizard both ask
// it, so that they propose the same order for the same reasons.
func (a *App) ProposeDateOrder(ctx context.Context, actor *leadport.User, id int64, s ImportSettings) (DateProposal, error) {
	if _, err := a.draft(ctx, actor, id); err != nil {
		return DateProposal{}, err
	}
	return a.proposeDateOrder(ctx, actor, a.opener(id), s)
}

// ProposeDateOrderFile is ProposeDateOrder for a file that is not stored
// (the CLI's dry run).
func (a *App) ProposeDateOrderFile(ctx context.Context, actor *leadport.User, open importer.Opener, s ImportSettings) (DateProposal, error) {
	if err := leadport.CanImport(actor); err != nil {
		return DateProposal{}, err
	}
	return a.proposeDateOrder(ctx, actor, open, s)
}

// proposeDateOrder reads the file's date columns: those of s.Mapping, or
// when it is nil of the mapping s.MapSpec gives (as settings does).
func (a *App) proposeDateOrder(ctx context.Context, actor *leadport.User, open importer.Opener, s ImportSettings) (DateProposal, error) {
	p, _, err := a.proposeDateOrderCount(ctx, actor, open, s, false)
	return p, err
}

// proposeDateOrderCount is proposeDateOrder that, when count is true, also
// reads the rest of the file in the same pass and returns its rows with
// data, as csvread.Count does.
func (a *App) proposeDateOrderCount(ctx context.Context, actor *leadport.User, open importer.Opener, s ImportSettings, count bool) (DateProposal, int, error) {
	opts := csvread.Options{Encoding: s.Encoding, Delimiter: s.Delimiter, Sheet: s.Sheet}
	if s.Mapping == nil {
		f, err := open(ctx)
		if err != nil {
			return DateProposal{}, 0, err
		}
		sniff, err := csvread.Detect(f, opts)
		f.Close()
		if err != nil {
			return DateProposal{}, 0, FileError(err)
		}
		m, err := a.ResolveMapping(ctx, actor, sniff.Header, sniff.Rows, s.MapSpec)
		if err != nil {
			return DateProposal{}, 0, err
		}
		s.Mapping = m.Mapping
	}
	f, err := open(ctx)
	if err != nil {
		return DateProposal{}, 0, err
	}
	defer f.Close()
	p, n, err := scanDates(ctx, f, opts, s.Mapping, count)
	return p, n, FileError(err)
}

// scanDates reads the header and up to dateScanRows rows of r and collects
// what the columns mapping maps to a date field prove about the order of
// day and month. When count is true it reads on to the end of the file,
// and returns the rows with data it holds (else 0): one pass over the file
// finds both.
func scanDates(ctx context.Context, r io.Reader, opts csvread.Options, mapping []string, count bool) (DateProposal, int, error) {
	p := DateProposal{Format: normalize.ISOOnly.String()}
	cr, err := csvread.NewReader(r, opts)
	if err != nil {
		return p, 0, err
	}
	defer cr.Close()
	p, extra, err := proposeFrom(ctx, cr, mapping)
	if err != nil || !count {
		return p, 0, err
	}
	n := p.Rows + extra
	for {
		if n%4096 == 0 && ctx.Err() != nil {
			return p, 0, ctx.Err()
		}
		if _, err := cr.Next(); err == io.EOF {
			return p, n, nil
		} else if err != nil {
			return p, 0, err
		}
		n++
	}
}

// proposeFrom reads rows of cr to find the order of day and month (see
// scanDates). It returns the rows it read beyond p.Rows (one, when it read
// one to tell whether there were more).
func proposeFrom(ctx context.Context, cr *csvread.Reader, mapping []string) (p DateProposal, extra int, err error) {
	p = DateProposal{Format: normalize.ISOOnly.String()}
	header := cr.Header()
	var cols []int
	for i, key := range mapping {
		if i < len(header) && importer.DateField(key) {
			cols = append(cols, i)
		}
	}
	p.Columns = len(cols)
	if len(cols) == 0 {
		return p, 0, nil
	}
	note := func(order normalize.DateOrder, proof DateProof) {
		switch {
		case order == normalize.DayFirst && p.DayFirst == nil:
			p.DayFirst = &proof
		case order == normalize.MonthFirst && p.MonthFirst == nil:
			p.MonthFirst = &proof
		}
	}
	for _, c := range cols {
		note(normalize.HeaderDateOrder(header[c]), DateProof{Column: header[c]})
	}
	for !p.Mixed() {
		if p.Rows == dateScanRows {
			_, err := cr.Next()
			if err != nil && err != io.EOF {
				return p, 0, err
			}
			if p.Partial = err == nil; p.Partial {
				extra = 1
			}
			break
		}
		if p.Rows%4096 == 0 && ctx.Err() != nil {
			return p, 0, ctx.Err()
		}
		row, err := cr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return p, 0, err
		}
		p.Rows++
		for _, c := range cols {
			v := row.Cells[c]
			proven, needsOrder := normalize.DateOrderOf(v)
			if !needsOrder {
				continue
			}
			proof := DateProof{Column: header[c], Value: strings.TrimSpace(v), Line: row.Line}
			if proven == normalize.ISOOnly {
				if p.Undecided == nil {
					p.Undecided = &proof
				}
				continue
			}
			note(proven, proof)
		}
	}
	switch {
	case p.Mixed():
	case p.DayFirst != nil:
		p.Format = normalize.DayFirst.String()
	case p.MonthFirst != nil:
		p.Format = normalize.MonthFirst.String()
	}
	if p.Proof() != nil || p.Mixed() {
		p.Undecided = nil
	}
	return p, extra, nil
}
