package app

import (
	"cmp"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/leadport/leadport"
)

// The issue report (SPEC §6): every failed row and every bad value of an
// import, for people, in a spreadsheet. A report of 58 lines where 40 say
// the same thing hides the 11 that matter, so it is grouped: first a
// summary per column, then each cause that repeats as one line per distinct
// value with its count, then every line on its own, in file order. Rows are
// numbered as a spreadsheet shows them (header = row 1) beside the file line
// where they start; words are in the reader's language.

// maxDistinct bounds the distinct values counted per cause, so that a
// report of a million different bad emails does not hold them all: the
// values past it are still counted in the summary.
const maxDistinct = 10_000

type reportWords struct {
	header                     []string
	summary, repeated, row     string
	wholeRow, column, distinct string
}

var reportLocales = map[string]reportWords{
	"en": {header: []string{"Section", "Row", "File line", "Column", "Value", "Count", "Reason"},
		summary: "Summary", repeated: "Repeated value", row: "Row", wholeRow: "(whole row)", column: "Column %d",
		distinct: "%d distinct values"},
	"fr": {header: []string{"Section", "Rangée", "Ligne du fichier", "Colonne", "Valeur", "Nombre", "Raison"},
		summary: "Résumé", repeated: "Valeur répétée", row: "Rangée", wholeRow: "(rangée entière)", column: "Colonne %d",
		distinct: "%d valeurs distinctes"},
}

// cause is one reason given for one column.
type cause struct{ column, reason string }

// valueCount is one distinct value of a cause: how often, and where first.
type valueCount struct {
	value     string
	n         int
	row, line int
}

type causeCount struct {
	cause
	n        int
	values   map[string]*valueCount
	distinct int // distinct values, including those past maxDistinct
}

// sorted returns the cause's values, the most frequent first, then in file
// order.
func (c *causeCount) sorted() []*valueCount {
	values := make([]*valueCount, 0, len(c.values))
	for _, v := range c.values {
		values = append(values, v)
	}
	slices.SortFunc(values, func(x, y *valueCount) int {
		return cmp.Or(cmp.Compare(y.n, x.n), cmp.Compare(x.line, y.line))
	})
	return values
}

// issueTally counts issues by cause and, for each cause, by distinct value
// (the value's spaces around it aside): the issue report's summary and
// repeated values, and the wizard's problems per column, come from it.
type issueTally struct {
	causes map[cause]*causeCount
}

func (t *issueTally) add(is leadport.Issue) {
	if t.causes == nil {
		t.causes = make(map[cause]*causeCount)
	}
	k := cause{is.Column, is.Reason}
	c := t.causes[k]
	if c == nil {
		c = &causeCount{cause: k, values: make(map[string]*valueCount)}
		t.causes[k] = c
	}
	c.n++
	if is.Column == "" {
		return // a failed row: its value is the whole row, never repeated
	}
	v := strings.TrimSpace(is.Raw)
	if vc := c.values[v]; vc != nil {
		vc.n++
	} else {
		c.distinct++
		if len(c.values) < maxDistinct {
			c.values[v] = &valueCount{value: is.Raw, n: 1, row: is.Row, line: is.Line}
		}
	}
}

// columnSum is the causes of one column.
type columnSum struct {
	name   string // the column's header; "" for failed rows
	n      int
	causes []*causeCount // the most frequent first
}

// columns returns the tally by column, the biggest first.
func (t *issueTally) columns() []*columnSum {
	byColumn := make(map[string]*columnSum)
	var columns []*columnSum
	for _, c := range t.causes {
		s := byColumn[c.column]
		if s == nil {
			s = &columnSum{name: c.column}
			byColumn[c.column] = s
			columns = append(columns, s)
		}
		s.n += c.n
		s.causes = append(s.causes, c)
	}
	slices.SortFunc(columns, func(x, y *columnSum) int {
		return cmp.Or(cmp.Compare(y.n, x.n), cmp.Compare(x.name, y.name))
	})
	for _, s := range columns {
		slices.SortFunc(s.causes, func(x, y *causeCount) int {
			return cmp.Or(cmp.Compare(y.n, x.n), cmp.Compare(x.reason, y.reason))
		})
	}
	return columns
}

// WriteIssueReport writes an import's issue report as CSV, in the actor's
// language: the web page, the API and the CLI serve this same report.
func (a *App) WriteIssueReport(ctx context.Context, actor *leadport.User, id int64, w io.Writer) error {
	imp, err := a.Import(ctx, actor, id)
	if err != nil {
		return err
	}
	owner, err := a.owner(ctx, imp)
	if err != nil {
		return err
	}
	if err := leadport.CanReadIssues(actor, imp, owner); err != nil {
		return err
	}
	words, ok := reportLocales[actor.Locale]
	if !ok {
		words = reportLocales["en"]
	}
	locale := actor.Locale

	// First pass: count.
	var tally issueTally
	err = a.Store.Issues(ctx, id, func(is leadport.Issue) error {
		tally.add(is)
		return nil
	})
	if err != nil {
		return err
	}

	if _, err := io.WriteString(w, BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Write(words.header)
	column := func(c string) string {
		var n int
		if c == "" {
			return words.wholeRow
		}
		if k, _ := fmt.Sscanf(c, "Column %d", &n); k == 1 && c == fmt.Sprintf("Column %d", n) {
			return fmt.Sprintf(words.column, n)
		}
		return c
	}
	num := func(n int) string {
		if n == 0 {
			return ""
		}
		return strconv.Itoa(n)
	}

	// The summary: a line per column, the biggest first, listing its causes.
	columns := tally.columns()
	for _, s := range columns {
		var parts []string
		for _, c := range s.causes {
			p := leadport.ReasonText(c.reason, locale) + " × " + strconv.Itoa(c.n)
			if c.column != "" && c.distinct > 1 && c.distinct < c.n {
				p += " (" + fmt.Sprintf(words.distinct, c.distinct) + ")"
			}
			parts = append(parts, p)
		}
		cw.Write([]string{words.summary, "", "", SafeCell(column(s.name)), "", strconv.Itoa(s.n), SafeCell(strings.Join(parts, "; "))})
	}

	// Repeated causes: one line per distinct value, the most frequent first.
	for _, s := range columns {
		for _, c := range s.causes {
			if c.column == "" || c.n < 2 {
				continue
			}
			reason := SafeCell(leadport.ReasonText(c.reason, locale))
			for _, v := range c.sorted() {
				cw.Write([]string{words.repeated, num(v.row), num(v.line), SafeCell(column(c.column)), SafeCell(v.value), strconv.Itoa(v.n), reason})
			}
		}
	}

	// Every line on its own, in file order.
	err = a.Store.Issues(ctx, id, func(is leadport.Issue) error {
		return cw.Write([]string{words.row, num(is.Row), num(is.Line), SafeCell(column(is.Column)), SafeCell(is.Raw), "",
			SafeCell(leadport.ReasonText(is.Reason, locale))})
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}
