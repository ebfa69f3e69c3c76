package csvread

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/leadport/leadport/internal/xlsxread"
)

// Formats, as Sniff.Format spells them.
const (
	FormatCSV  = "csv"
	FormatXLSX = "xlsx"
)

// SheetInfo describes one sheet of a workbook, for the person choosing it.
type SheetInfo struct {
	Name   string
	Rows   int  // rows with data, the header excluded; counted by CountSheets only
	Hidden bool // hidden in Excel
}

// CountSheets lists the sheets of a workbook with the rows each holds. It
// reads every sheet whole (streaming), so Detect, called on every step of
// an import, leaves Rows at 0. For a CSV file it returns nil.
func CountSheets(r io.Reader) ([]SheetInfo, error) {
	r, book, err := sniffWorkbook(r)
	if err != nil || !book {
		return nil, err
	}
	b, err := xlsxread.Open(r)
	if err != nil {
		return nil, bookError(err)
	}
	defer b.Close()
	var sheets []SheetInfo
	for _, sh := range b.Sheets() {
		n, err := countSheet(b, sh.Name)
		if err != nil {
			return nil, err
		}
		sheets = append(sheets, SheetInfo{Name: sh.Name, Rows: n, Hidden: sh.Hidden})
	}
	return sheets, nil
}

// sniffWorkbook looks at the first bytes of r and tells whether the file is
// a workbook (or another spreadsheet container) rather than text. The
// returned reader reads the whole file again.
func sniffWorkbook(r io.Reader) (io.Reader, bool, error) {
	head := make([]byte, 8)
	n, err := io.ReadFull(r, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, false, err
	}
	head = head[:n]
	return io.MultiReader(strings.NewReader(string(head)), r), xlsxread.IsWorkbook(head), nil
}

// bookError turns the workbook reader's problems into an *Error.
func bookError(err error) error {
	var xe *xlsxread.Error
	if errors.As(err, &xe) {
		return &Error{Line: xe.Row, Msg: xe.Msg, Hint: xe.Hint, Workbook: true}
	}
	return err
}

// openSheet opens the chosen sheet of a workbook (opts.Sheet), or the first
// visible sheet with data, else the first sheet with data, else the first.
// It returns the book and the sheet's rows: the caller closes both.
func openSheet(r io.Reader, want string) (*xlsxread.Book, *xlsxread.Rows, string, error) {
	b, err := xlsxread.Open(r)
	if err != nil {
		return nil, nil, "", bookError(err)
	}
	name, err := chooseSheet(b, want)
	if err != nil {
		b.Close()
		return nil, nil, "", err
	}
	rows, err := b.Rows(name)
	if err != nil {
		b.Close()
		return nil, nil, "", bookError(err)
	}
	return b, rows, name, nil
}

func chooseSheet(b *xlsxread.Book, want string) (string, error) {
	sheets := b.Sheets()
	if want != "" {
		for _, s := range sheets {
			if s.Name == want {
				return s.Name, nil
			}
		}
		for _, s := range sheets { // Excel's sheet names ignore case
			if strings.EqualFold(s.Name, want) {
				return s.Name, nil
			}
		}
		return "", &Error{Msg: "this workbook has no sheet “" + want + "”: its sheets are " + sheetList(sheets),
			Hint: "Choose one of them.", Workbook: true, Err: ErrBadSheet}
	}
	for _, hidden := range []bool{false, true} {
		for _, s := range sheets {
			if s.Hidden != hidden {
				continue
			}
			has, err := hasData(b, s.Name)
			if err != nil {
				return "", err
			}
			if has {
				return s.Name, nil
			}
		}
	}
	if len(sheets) == 0 {
		return "", errEmpty()
	}
	return sheets[0].Name, nil
}

func sheetList(sheets []xlsxread.Sheet) string {
	var names []string
	for _, s := range sheets {
		n := "“" + s.Name + "”"
		if s.Hidden {
			n += " (hidden)"
		}
		names = append(names, n)
	}
	return strings.Join(names, ", ")
}

func hasData(b *xlsxread.Book, sheet string) (bool, error) {
	rows, err := b.Rows(sheet)
	if err != nil {
		return false, nil // a chart sheet: no rows
	}
	defer rows.Close()
	_, err = rows.Next()
	if err == io.EOF {
		return false, nil
	}
	return err == nil, bookError(err)
}

// countSheet counts the rows with data of a sheet, its header excluded.
func countSheet(b *xlsxread.Book, sheet string) (int, error) {
	rows, err := b.Rows(sheet)
	if err != nil {
		return 0, nil // a chart sheet: no rows
	}
	defer rows.Close()
	n := 0
	for {
		if _, err := rows.Next(); err == io.EOF {
			return max(n-1, 0), nil
		} else if err != nil {
			return 0, bookError(err)
		}
		n++
	}
}

// detectBook is Detect for a workbook.
func detectBook(r io.Reader, opts Options) (Sniff, error) {
	b, rows, name, err := openSheet(r, opts.Sheet)
	if err != nil {
		return Sniff{}, err
	}
	defer b.Close()
	defer rows.Close()
	s := Sniff{Format: FormatXLSX, Delimiter: ',', Sheet: name}
	for _, sh := range b.Sheets() {
		s.Sheets = append(s.Sheets, SheetInfo{Name: sh.Name, Hidden: sh.Hidden})
	}
	// Dates are looked for in more rows than the preview shows: a date
	// column may start with blanks.
	const dateRows = 200
	dates := make(map[int]bool)
	for i := 0; ; i++ {
		row, err := rows.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return s, bookError(err)
		}
		if s.Header == nil {
			for _, c := range row.Cells {
				s.Header = append(s.Header, trimHeader(c))
			}
			s.Sample = sample(s.Sample, s.Header)
			continue
		}
		if i > dateRows && len(s.Rows) == 10 {
			break
		}
		for k, d := range row.Dates {
			if d && k < len(s.Header) {
				dates[k] = true
			}
		}
		cells, extra := bookCells(row.Cells, len(s.Header), nil, nil)
		if len(s.Rows) < 10 {
			s.Rows = append(s.Rows, append(slices.Clone(cells), extra...))
		}
		s.Sample = sample(s.Sample, append(cells, extra...))
	}
	if s.Header == nil {
		return s, errEmpty()
	}
	for k := range s.Header {
		if dates[k] {
			s.DateColumns = append(s.DateColumns, k)
		}
	}
	return s, nil
}

// bookCells splits a workbook row as Reader.Next does a CSV row: one cell
// per header column (padded with ""), then the cells beyond the header up
// to the last non-blank one (nil when none).
func bookCells(row []string, n int, cells, extra []string) ([]string, []string) {
	cells, extra = cells[:0], extra[:0]
	for i, c := range row {
		if i < n {
			cells = append(cells, c)
		} else {
			extra = append(extra, c)
		}
	}
	for len(cells) < n {
		cells = append(cells, "")
	}
	for len(extra) > 0 && isBlankString(extra[len(extra)-1]) {
		extra = extra[:len(extra)-1]
	}
	if len(extra) == 0 {
		extra = nil
	}
	return cells, extra
}

// sample adds to a Sniff.Sample the cells with non-ASCII letters.
func sample(s, cells []string) []string {
	for _, c := range cells {
		if len(s) < 5 && hasNonASCIILetter(c) {
			c = shorten(strings.TrimSpace(c), 60)
			if !slices.Contains(s, c) {
				s = append(s, c)
			}
		}
	}
	return s
}

// bookLimits holds a workbook row to the limits a CSV row has (SPEC §10):
// more than MaxColumns cells refuse the file; a cell longer than MaxCell is
// cut, in place, to its first CutCell bytes and listed.
func bookLimits(row []string, line int) ([]LongCell, error) {
	if len(row) > MaxColumns {
		return nil, &Error{Line: line, Column: MaxColumns + 1, Msg: fmt.Sprintf("more than %d columns", MaxColumns),
			Hint: "Is this the right sheet? Leadport reads at most that many columns.", Workbook: true}
	}
	var long []LongCell
	for i, c := range row {
		if len(c) <= MaxCell {
			continue
		}
		long = append(long, LongCell{Index: i, Len: utf8.RuneCountInString(c)})
		cut := CutCell
		for cut > 0 && !utf8.RuneStart(c[cut]) {
			cut--
		}
		row[i] = c[:cut]
	}
	return long, nil
}
