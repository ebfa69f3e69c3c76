package xlsxread

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
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

// Rows streams the rows of one sheet, reading its XML as it is unzipped:
// neither the sheet nor its XML is ever held whole, in memory or on disk.
type Rows struct {
	book *Book
	part io.ReadCloser
	sc   *scanner
	line int // the Excel row number of the last row read
	err  error
	// cover tells the cells that merged ranges cover, nil when the sheet
	// has none.
	cover *coverage

	cells []string
	dates []bool

	// The row being read: the text of its cells one after the other, and
	// where each cell's is.
	text []byte
	vals []cellValue
	raw  []byte // the raw text of a <v> or <t>
	v    []byte // the raw text of the cell's <v>
	is   []byte // the decoded text of the cell's <is>
}

// cellValue is one cell of the row being read: its text is text[start:end],
// or str for a shared string.
type cellValue struct {
	col        int
	start, end int
	str        string
	shared     bool
	date       bool
}

// Rows opens a sheet, named as Sheets lists it, for reading. A chart sheet
// reads no rows. The first Rows of a sheet unzips it once before its rows
// are read, for its merged ranges, which the sheet lists after its rows.
func (b *Book) Rows(sheet string) (*Rows, error) {
	var sh *sheetPart
	for i := range b.parts {
		if b.parts[i].name == sheet {
			sh = &b.parts[i]
		}
	}
	if sh == nil {
		return nil, fmt.Errorf("read sheet %q: the workbook has no such sheet", sheet)
	}
	if err := b.loadStrings(); err != nil {
		return nil, err
	}
	r := &Rows{book: b}
	if sh.file == nil || !sh.worksheet {
		r.err = io.EOF
		return r, nil
	}
	if !sh.mergesRead {
		merges, err := sheetMerges(sh.file)
		if err != nil {
			var xe *Error
			if errors.As(err, &xe) {
				return nil, err
			}
			return nil, &Error{Msg: fmt.Sprintf("the sheet %q cannot be read (%v)", sheet, err), Hint: "Open the workbook in Excel and save it again."}
		}
		sh.merges, sh.mergesRead = merges, true
	}
	if len(sh.merges) > 0 {
		r.cover = &coverage{ranges: sh.merges}
	}
	part, err := sh.file.Open()
	if err != nil {
		return nil, &Error{Msg: fmt.Sprintf("the sheet %q cannot be read (%v)", sheet, err), Hint: "Open the workbook in Excel and save it again."}
	}
	r.part, r.sc = part, newScanner(part)
	return r, nil
}

// Close releases what the sheet's reading holds.
func (r *Rows) Close() error {
	if r.part == nil {
		return nil
	}
	err := r.part.Close()
	r.part = nil
	if r.err == nil {
		r.err = io.ErrClosedPipe
	}
	return err
}

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
		blank, err := r.readRow()
		if err != nil {
			r.err = err
			return Row{}, err
		}
		if !blank {
			return Row{Line: r.line, Cells: r.cells, Dates: r.dates}, nil
		}
	}
}

// Excel's limits: rows and columns.
const (
	maxRows    = 1 << 20
	maxColumns = 1 << 14
)

// readRow reads the next <row> into r.cells and r.dates, and reports
// whether it holds nothing but blanks.
func (r *Rows) readRow() (blank bool, err error) {
	sc := r.sc
	for {
		t, err := sc.next(nil)
		if err == io.EOF {
			return false, io.EOF
		}
		if err != nil {
			return false, rowError(r.line+1, err)
		}
		if string(t.name) == "sheetData" && t.kind == endTag {
			return false, io.EOF
		}
		if string(t.name) != "row" || t.kind == endTag {
			continue
		}
		line := r.line + 1
		if v, ok := attr(t.attrs, "r"); ok {
			if n, err := strconv.Atoi(string(v)); err == nil && n >= 1 {
				line = n
			}
		}
		if line > maxRows {
			return false, rowError(line, errors.New("beyond Excel's last row"))
		}
		r.line = line
		if r.cover != nil {
			r.cover.at(line)
		}
		r.text, r.vals = r.text[:0], r.vals[:0]
		if t.kind == startTag {
			if err := r.readCells(); err != nil {
				return false, rowError(line, err)
			}
		}
		return r.makeRow(), nil
	}
}

// Cell types, the t attribute of <c>.
type cellType uint8

const (
	typeNumber  cellType = iota // n, or none
	typeShared                  // s: an index in the shared strings
	typeInline                  // inlineStr: the text in <is>
	typeFormula                 // str: a formula's text
	typeBool                    // b
	typeError                   // e: #N/A, #DIV/0!…
	typeDate                    // d: an ISO 8601 date
)

func cellTypeOf(t []byte) cellType {
	switch string(t) {
	case "s":
		return typeShared
	case "inlineStr":
		return typeInline
	case "str":
		return typeFormula
	case "b":
		return typeBool
	case "e":
		return typeError
	case "d":
		return typeDate
	}
	return typeNumber
}

// readCells reads the cells of a <row>, up to its </row>.
func (r *Rows) readCells() error {
	sc := r.sc
	col := -1
	var (
		inCell, inV, inIS, inT bool
		hasV, hasIS            bool
		typ                    cellType
		style                  int
		rph                    int
	)
	for {
		var collect *[]byte
		if inV || inT {
			collect = &r.raw
		}
		t, err := sc.next(collect)
		if err == io.EOF {
			return io.ErrUnexpectedEOF
		}
		if err != nil {
			return err
		}
		switch string(t.name) {
		case "c":
			if t.kind == endTag {
				if inCell {
					if err := r.addCell(col, typ, style, hasV, hasIS); err != nil {
						return err
					}
				}
				inCell = false
				continue
			}
			col++
			typ, style = typeNumber, 0
			for b := t.attrs; ; {
				k, v, rest, ok := nextAttr(b)
				if !ok {
					break
				}
				if len(k) == 1 {
					switch k[0] {
					case 'r':
						if c, ok := columnOf(v); ok {
							col = c
						}
					case 't':
						typ = cellTypeOf(v)
					case 's':
						style, _ = index(v)
					}
				}
				b = rest
			}
			if col >= maxColumns {
				return errors.New("a cell beyond Excel's last column")
			}
			inCell, inV, inIS, inT, hasV, hasIS, rph = true, false, false, false, false, false, 0
			r.v, r.is = r.v[:0], r.is[:0]
			if t.kind == emptyTag {
				inCell = false // no value
				continue
			}
			// The forms nearly every cell takes, read at once.
			if text, ok := sc.quick(quickV); ok {
				r.v = append(r.v, text...)
				if err := r.addCell(col, typ, style, true, false); err != nil {
					return err
				}
				inCell = false
			} else if text, ok := sc.quick(quickIS); ok {
				r.is = appendText(r.is, text)
				if err := r.addCell(col, typ, style, false, true); err != nil {
					return err
				}
				inCell = false
			}
		case "v":
			if !inCell {
				continue
			}
			switch t.kind {
			case startTag:
				inV, hasV, r.raw = true, true, r.raw[:0]
			case endTag:
				inV = false
				r.v = append(r.v[:0], r.raw...)
			case emptyTag:
				hasV, r.v = true, r.v[:0]
			}
		case "is":
			if inCell {
				inIS = t.kind == startTag
				hasIS = true
			}
		case "rPh":
			if inIS {
				switch t.kind {
				case startTag:
					rph++
				case endTag:
					rph--
				}
			}
		case "t":
			if !inIS || rph > 0 {
				continue
			}
			switch t.kind {
			case startTag:
				inT, r.raw = true, r.raw[:0]
			case endTag:
				inT = false
				r.is = appendText(r.is, r.raw)
			}
		case "row":
			if t.kind == endTag {
				return nil
			}
			return errors.New("a row inside a row")
		case "sheetData":
			return io.ErrUnexpectedEOF
		}
	}
}

// addCell adds the cell just read to the row. A cell a merged range
// covers reads as empty, as Excel shows it.
func (r *Rows) addCell(col int, typ cellType, style int, hasV, hasIS bool) error {
	if r.cover != nil && len(r.cover.spans) > 0 && r.cover.covered(col) {
		return nil
	}
	b := r.book
	start := len(r.text)
	val := cellValue{col: col}
	switch typ {
	case typeShared:
		if !hasV {
			return nil
		}
		i, ok := index(r.v)
		if !ok {
			return fmt.Errorf("a shared string index %q", r.v)
		}
		s, ok := b.strings.get(i)
		if !ok {
			return fmt.Errorf("the shared string %d is missing", i)
		}
		val.str, val.shared = s, true
		r.vals = append(r.vals, val)
		return nil
	case typeInline:
		if hasIS {
			r.text = append(r.text, unescapeBasic(r.is)...)
		} else {
			r.text = appendText(r.text, r.v)
		}
	case typeFormula, typeError:
		r.text = appendText(r.text, r.v)
	case typeBool:
		switch v := strings.TrimSpace(string(r.v)); v {
		case "1":
			r.text = append(r.text, "TRUE"...)
		case "0":
			r.text = append(r.text, "FALSE"...)
		default:
			r.text = appendText(r.text, r.v)
		}
	case typeDate:
		v := strings.TrimSpace(string(appendText(nil, r.v)))
		if t, ok := isoDate(v); ok {
			r.text, val.date = appendISO(r.text, t), true
		} else {
			r.text = append(r.text, v...)
		}
	default:
		v := r.v
		if len(v) > 0 && (isSpace(v[0]) || isSpace(v[len(v)-1]) || bytesHas(v, '&')) {
			v = []byte(strings.TrimSpace(string(appendText(nil, v))))
		}
		if len(v) == 0 {
			return nil
		}
		st := cellStyle{}
		if style >= 0 && style < len(b.styles) {
			st = b.styles[style]
		}
		r.text, val.date = appendNumber(r.text, string(v), st, b.date1904)
	}
	val.start, val.end = start, len(r.text)
	r.vals = append(r.vals, val)
	return nil
}

// index reads the index of a shared string, digits that may be surrounded
// by white space.
func index(b []byte) (int, bool) {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func bytesHas(b []byte, c byte) bool {
	for _, x := range b {
		if x == c {
			return true
		}
	}
	return false
}

// isoDate reads the value of a cell of type d, an ISO 8601 date.
func isoDate(v string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02T15:04:05.999999999Z07:00", "2006-01-02T15:04:05.999999999", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			if t.Nanosecond() >= 5e8 {
				t = t.Add(time.Second)
			}
			return t.Truncate(time.Second), true
		}
	}
	return time.Time{}, false
}

// makeRow lays the cells read out in r.cells and r.dates, from column A to
// the last cell that is not empty, and reports whether they are all blank.
func (r *Rows) makeRow() bool {
	text := string(r.text) // one string for the row; the cells are slices of it
	n := 0
	blank := true
	for i := range r.vals {
		v := &r.vals[i]
		if !v.shared {
			v.str = text[v.start:v.end]
		}
		if v.str == "" {
			continue
		}
		if !utf8.ValidString(v.str) {
			v.str = strings.ToValidUTF8(v.str, "\uFFFD")
		}
		n = max(n, v.col+1)
		if blank && strings.TrimFunc(v.str, unicode.IsSpace) != "" {
			blank = false
		}
	}
	cells, dates := r.cells[:0], r.dates[:0]
	for range n {
		cells, dates = append(cells, ""), append(dates, false)
	}
	for _, v := range r.vals {
		if v.col < n && v.str != "" {
			cells[v.col], dates[v.col] = v.str, v.date
		}
	}
	r.cells, r.dates = cells, dates
	return blank
}

// columnOf returns the column index, from 0, of a cell reference: 0 for
// "A1", 27 for "AB12".
func columnOf(ref []byte) (int, bool) {
	col, i := 0, 0
	for ; i < len(ref); i++ {
		c := ref[i] | 0x20
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a') + 1
		if col > maxColumns {
			return 0, false
		}
	}
	if i == 0 {
		return 0, false
	}
	return col - 1, true
}
