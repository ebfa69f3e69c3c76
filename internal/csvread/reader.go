package csvread

import (
	"bytes"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/leadport/leadport/internal/xlsxread"
)

// Reader streams the data rows of a whole file.
type Reader struct {
	p          parser
	header     []string
	headerLine int
	number     int // the spreadsheet row number of the last record read
	cells      []string
	extra      []string
	err        error

	// A workbook's sheet, when the file is one.
	book  *xlsxread.Book
	sheet *xlsxread.Rows
}

// Row is one data row.
type Row struct {
	Line int // 1-based line number in the file where the row starts; a workbook's row number
	// Number is the row number a spreadsheet shows for it: the header is
	// row 1 and every record after it is one more, blank ones included (a
	// spreadsheet shows them as empty rows). Unlike Line, a quoted cell
	// holding line breaks does not shift the rows after it.
	Number int
	// Cells has exactly one cell per header column; a short row is padded
	// with "".
	Cells []string
	// Extra holds the cells beyond the header, up to the last one that is
	// not blank (positions kept: Extra[0] is the cell after the last header
	// column). It is nil when there are none.
	Extra []string
	// Long lists the cells longer than MaxCell, which Cells and Extra hold
	// cut to their first CutCell bytes. It is nil when there are none.
	Long []LongCell
}

// NewReader reads the start of r and its header, and returns a Reader for
// the rows that follow. Options should be fully chosen (use Detect first);
// any left unset are detected as Detect does. Close it when done: a
// workbook is read from temporary files.
func NewReader(r io.Reader, opts Options) (*Reader, error) {
	r, book, err := sniffWorkbook(r)
	if err != nil {
		return nil, fmt.Errorf("read file: %w", err)
	}
	if book {
		return newBookReader(r, opts)
	}
	if opts.Sheet != "" {
		return nil, errNoSheets()
	}
	h, err := readHead(r, opts)
	if err != nil {
		return nil, err
	}
	delim := opts.Delimiter
	if delim == 0 {
		text, _ := decodeHead(h) // a decoding problem is found again below, with its line
		delim = detectDelimiter(text)
	}
	dec := newDecoder(io.MultiReader(bytes.NewReader(h.data), r), h.enc, false)
	rd := &Reader{p: parser{src: dec, comma: byte(delim), buf: make([]byte, 64<<10), nl: -1}}
	for {
		if err := rd.p.readRecord(); err != nil {
			if err == io.EOF {
				return nil, errEmpty()
			}
			return nil, err
		}
		if !isBlank(rd.p.rec) {
			break
		}
	}
	rd.headerLine = rd.p.recLine
	rd.number = 1
	s := string(rd.p.rec)
	start := 0
	for _, end := range rd.p.ends {
		rd.header = append(rd.header, trimHeader(s[start:end]))
		start = end
	}
	return rd, nil
}

// Header returns the header cells, trimmed of whitespace. Duplicate names
// are kept: columns are addressed by index.
func (r *Reader) Header() []string { return r.header }

// HeaderLine returns the 1-based line number of the header.
func (r *Reader) HeaderLine() int { return r.headerLine }

// Next returns the next row that contains data, skipping blank rows (only
// delimiters and whitespace). At the end it returns io.EOF; after an error
// it keeps returning that error.
//
// The Cells and Extra slices are reused by the next call: callers copy what
// they keep (the strings themselves are not reused).
func (r *Reader) Next() (Row, error) {
	if r.err != nil {
		return Row{}, r.err
	}
	if r.sheet != nil {
		row, err := r.sheet.Next()
		if err != nil {
			r.err = bookError(err)
			return Row{}, r.err
		}
		long, err := bookLimits(row.Cells, row.Line)
		if err != nil {
			r.err = err
			return Row{}, err
		}
		r.cells, r.extra = bookCells(row.Cells, len(r.header), r.cells, r.extra)
		return Row{Line: row.Line, Number: row.Line, Cells: r.cells, Extra: r.extra, Long: long}, nil
	}
	for {
		if err := r.p.readRecord(); err != nil {
			r.err = err
			return Row{}, err
		}
		r.number++
		if !isBlank(r.p.rec) {
			break
		}
	}
	// One string per row; the cells are slices of it.
	s := string(r.p.rec)
	n := len(r.header)
	cells, extra := r.cells[:0], r.extra[:0]
	lastExtra, start := 0, 0
	for i, end := range r.p.ends {
		c := s[start:end]
		start = end
		if i < n {
			cells = append(cells, c)
			continue
		}
		extra = append(extra, c)
		if !isBlankString(c) {
			lastExtra = len(extra)
		}
	}
	for len(cells) < n {
		cells = append(cells, "")
	}
	r.cells, r.extra = cells, extra
	row := Row{Line: r.p.recLine, Number: r.number, Cells: cells}
	if lastExtra > 0 {
		row.Extra = extra[:lastExtra]
	}
	for _, l := range r.p.long {
		if l.Index < n+lastExtra {
			row.Long = append(row.Long, l)
		}
	}
	return row, nil
}

// newBookReader is NewReader for a workbook.
func newBookReader(r io.Reader, opts Options) (*Reader, error) {
	b, rows, _, err := openSheet(r, opts.Sheet)
	if err != nil {
		return nil, err
	}
	rd := &Reader{book: b, sheet: rows}
	row, err := rows.Next()
	if err != nil {
		rd.Close()
		if err == io.EOF {
			return nil, errEmpty()
		}
		return nil, bookError(err)
	}
	rd.headerLine = row.Line
	if _, err := bookLimits(row.Cells, row.Line); err != nil {
		rd.Close()
		return nil, err
	}
	for _, c := range row.Cells {
		rd.header = append(rd.header, trimHeader(c))
	}
	return rd, nil
}

// Close releases the temporary files of a workbook; for CSV it does
// nothing.
func (r *Reader) Close() error {
	if r.book == nil {
		return nil
	}
	r.sheet.Close()
	err := r.book.Close()
	r.book, r.sheet = nil, nil
	if r.err == nil {
		r.err = io.ErrClosedPipe
	}
	return err
}

const minRead = 4 << 10

// Limits on what a file may hold (SPEC §10). They keep the memory a row takes
// bounded whatever the file: at most MaxColumns cells of at most MaxCell bytes
// each, and lines of at most MaxLine bytes outside quoted values.
const (
	// MaxCell is the longest cell, in bytes of UTF-8, that is returned
	// whole. A longer cell comes back cut to its first CutCell bytes and is
	// listed in Row.Long with its length: it is never held whole in memory,
	// even inside quotes, where a line may be as long as the file.
	MaxCell = 32 << 10
	// CutCell is how much of a cell longer than MaxCell is kept, to show it.
	CutCell = 1 << 10
	// MaxLine is the longest line, in bytes outside quoted values. A longer
	// one refuses the file: no CSV a person made has one.
	MaxLine = 1 << 20
	// MaxColumns is the most cells a line may have; more refuse the file.
	MaxColumns = 1000
)

// LongCell is a cell of a row longer than MaxCell.
type LongCell struct {
	Index int // in the row's Cells followed by its Extra cells
	Len   int // its whole length, in characters
}

// parser splits decoded text (UTF-8, "\n" line ends) into records. It reads
// the text in chunks and keeps only the record being read, its cells cut at
// MaxCell, so a huge value costs time but never memory.
type parser struct {
	src   io.Reader
	comma byte // every delimiter is ASCII
	buf   []byte
	r, w  int   // buf[r:w] is read but not yet parsed
	nl    int   // index in buf of the first "\n" at or after r, w if none; valid while nl >= r
	err   error // from src: io.EOF, an *Error from the decoder, or I/O
	line  int   // "\n" parsed so far

	// The record just read: rec holds its cells' text one after the other
	// (quotes removed), ends[i] is where cell i ends in rec, long lists the
	// cells that were cut, and recLine is the line it starts on.
	rec     []byte
	ends    []int
	long    []LongCell
	recLine int

	// The cell being read: where it starts in rec, its length in bytes and
	// the characters dropped beyond MaxCell.
	cellStart, cellLen, dropped int

	// work counts the bytes scanned or copied, for the test that reading is
	// linear in the size of the text (TestReaderLinear).
	work int
}

// newStaticParser parses text already in memory.
func newStaticParser(text []byte, comma byte) *parser {
	return &parser{comma: comma, buf: text, w: len(text), nl: -1, err: io.EOF}
}

// more reports whether there is text left to parse, reading from src when
// buf is used up. At the end of the text p.err says why.
func (p *parser) more() bool {
	for p.r == p.w {
		if p.err != nil {
			if e, ok := p.err.(*Error); ok && e.Line == 0 {
				// The decoder stopped within the line being read.
				ce := *e
				ce.Line = p.line + 1
				p.err = &ce
			}
			return false
		}
		n, err := p.src.Read(p.buf)
		p.r, p.w, p.nl = 0, n, -1
		if err != nil {
			p.err = err
		}
	}
	return true
}

// endErr is the error at the end of the text: io.EOF or what stopped it.
func (p *parser) endErr() error { return p.err }

// add appends seg to the cell being read, keeping at most MaxCell bytes.
func (p *parser) add(seg []byte) {
	kept := len(p.rec) - p.cellStart
	p.cellLen += len(seg)
	p.work += len(seg)
	if kept+len(seg) <= MaxCell {
		p.rec = append(p.rec, seg...)
		return
	}
	if kept < MaxCell {
		p.rec = append(p.rec, seg[:MaxCell-kept]...)
		seg = seg[MaxCell-kept:]
	}
	p.dropped += countChars(seg)
	p.work += len(seg)
}

// endCell closes the cell being read and starts the next.
func (p *parser) endCell() {
	if p.cellLen > MaxCell {
		kept := p.rec[p.cellStart:]
		n := countChars(kept) + p.dropped
		p.work += len(kept)
		cut := p.cellStart + CutCell
		for cut > p.cellStart && !utf8.RuneStart(p.rec[cut]) {
			cut--
		}
		p.rec = p.rec[:cut]
		p.long = append(p.long, LongCell{Index: len(p.ends), Len: n})
	}
	p.ends = append(p.ends, len(p.rec))
	p.cellStart, p.cellLen, p.dropped = len(p.rec), 0, 0
}

// countChars counts the UTF-8 characters of b, which may start or end in the
// middle of one: it counts the bytes that start a character.
func countChars(b []byte) int {
	n := len(b)
	for _, c := range b {
		if c&0xC0 == 0x80 {
			n--
		}
	}
	return n
}

// readRecord reads the next record into p.rec, p.ends and p.long, blank or
// not.
func (p *parser) readRecord() error {
	p.rec, p.ends, p.long = p.rec[:0], p.ends[:0], p.long[:0]
	p.cellStart, p.cellLen, p.dropped = 0, 0, 0
	if !p.more() {
		return p.endErr()
	}
	p.recLine = p.line + 1
	outside := 0 // bytes outside quotes on the current line
	for {
		if len(p.ends) == MaxColumns {
			return &Error{Line: p.line + 1, Column: MaxColumns + 1,
				Msg:  fmt.Sprintf("more than %d columns", MaxColumns),
				Hint: "Is the delimiter right?"}
		}
		if p.more() && p.buf[p.r] == '"' {
			quoteLine, quoteCol := p.line+1, len(p.ends)+1
			p.r++
			for {
				if !p.more() {
					if p.err == io.EOF {
						return &Error{Line: quoteLine, Column: quoteCol,
							Msg: "a quoted value is never closed", Hint: "Is the delimiter right?"}
					}
					return p.endErr()
				}
				chunk := p.buf[p.r:p.w]
				i := bytes.IndexByte(chunk, '"')
				seg := chunk
				if i >= 0 {
					seg = chunk[:i]
				}
				p.work += 2*len(seg) + 1
				if n := bytes.Count(seg, newline); n > 0 {
					p.line += n
					outside = 0
				}
				p.add(seg)
				p.r += len(seg)
				if i < 0 {
					continue
				}
				p.r++ // the quote
				if !p.more() {
					break
				}
				if p.buf[p.r] != '"' {
					break
				}
				p.add(quote) // "" stands for "
				p.r++
			}
			// Text after the closing quote, up to the delimiter, is kept
			// as Excel does: "a"b reads as ab.
		}
		for {
			if !p.more() {
				if p.err != io.EOF {
					return p.endErr()
				}
				p.endCell()
				return nil // the last line has no line end
			}
			if p.nl < p.r {
				p.nl = p.w
				if i := bytes.IndexByte(p.buf[p.r:p.w], '\n'); i >= 0 {
					p.nl = p.r + i
				}
				p.work += p.nl - p.r + 1
			}
			seg := p.buf[p.r:p.nl]
			if i := bytes.IndexByte(seg, p.comma); i >= 0 {
				seg = seg[:i]
			}
			p.work += len(seg) + 1
			outside += len(seg)
			if outside > MaxLine {
				return &Error{Line: p.line + 1,
					Msg:  fmt.Sprintf("a line longer than %d MiB (not counting quoted values)", MaxLine>>20),
					Hint: "Is this really a CSV file?"}
			}
			p.add(seg)
			p.r += len(seg)
			if p.r == p.w {
				continue // the cell goes on in the next chunk
			}
			c := p.buf[p.r]
			p.r++
			p.endCell()
			if c == '\n' {
				p.line++
				return nil
			}
			break // the delimiter: next cell
		}
	}
}

var (
	newline = []byte{'\n'}
	quote   = []byte{'"'}
)
