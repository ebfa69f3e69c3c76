package xlsxread

import (
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"
)

// Row is one row of a sheet that holds data.
type Row struct {
	Line int // the Excel row number, from 1
	// Cells holds the row's values from column A to its last non-empty
	// cell.
	Cells []string
	// Dates[i] is true when Cells[i] is a cell typed as a date, written in
	// ISO form. It has the length of Cells.
	Dates []bool
}

// Rows streams the rows of one sheet.
type Rows struct {
	rows  *excelize.Rows
	line  int
	cells []string
	dates []bool
	err   error
}

// Rows opens a sheet, named as Sheets lists it, for reading.
func (b *Book) Rows(sheet string) (*Rows, error) {
	rows, err := b.f.Rows(sheet)
	if err != nil {
		return nil, fmt.Errorf("read sheet %q: %w", sheet, err)
	}
	return &Rows{rows: rows}, nil
}

// Close releases what the sheet's reading holds.
func (r *Rows) Close() error { return r.rows.Close() }

// Next returns the next row that holds data, skipping rows with nothing but
// blanks. At the end it returns io.EOF; after an error it keeps returning
// that error. Cells and Dates are reused by the next call.
func (r *Rows) Next() (row Row, err error) {
	if r.err != nil {
		return Row{}, r.err
	}
	defer func() {
		if p := recover(); p != nil {
			r.err = &Error{Row: r.line, Msg: fmt.Sprintf("this row cannot be read (%v)", p), Hint: "Open the workbook in Excel and save it again."}
			row, err = Row{}, r.err
		}
	}()
	for {
		if !r.rows.Next() {
			r.err = io.EOF
			if err := r.rows.Error(); err != nil {
				r.err = &Error{Row: r.line + 1, Msg: "this row cannot be read (" + err.Error() + ")", Hint: "Open the workbook in Excel and save it again."}
			}
			return Row{}, r.err
		}
		r.line++
		cells, err := r.rows.Columns()
		if err != nil {
			r.err = &Error{Row: r.line, Msg: "this row cannot be read (" + err.Error() + ")", Hint: "Open the workbook in Excel and save it again."}
			return Row{}, r.err
		}
		blank := true
		dates := r.dates[:0]
		for i, c := range cells {
			date := false
			if v, ok := strings.CutPrefix(c, dateMark); ok {
				cells[i], date = isoDate(v), true
			} else if plainExponent.MatchString(c) {
				cells[i] = expand(c)
			}
			dates = append(dates, date)
			if blank && strings.TrimFunc(cells[i], unicode.IsSpace) != "" {
				blank = false
			}
		}
		r.cells, r.dates = cells, dates
		if !blank {
			return Row{Line: r.line, Cells: cells, Dates: dates}, nil
		}
	}
}

// isoDate shortens "2026-03-14 00:00:00" to the date alone and
// "2026-03-14 09:30:00" to the minute.
func isoDate(v string) string {
	if d, ok := strings.CutSuffix(v, " 00:00:00"); ok {
		return d
	}
	if d, ok := strings.CutSuffix(v, ":00"); ok && len(d) == len("2006-01-02 15:04") {
		return d
	}
	return v
}

// plainExponent matches how excelize writes a number of more than 15
// significant digits (strconv's 'G' format): 1.23456789012346E+16.
var plainExponent = regexp.MustCompile(`^-?[1-9](\.[0-9]{1,14})?E[+-][0-9]{2,3}$`)

// expand writes a number in exponent form with all its digits.
func expand(s string) string {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}
