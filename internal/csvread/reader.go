package csvread

import (
	"bytes"
	"fmt"
	"io"
)

// Reader streams the data rows of a whole file.
type Reader struct {
	p          parser
	header     []string
	headerLine int
	cells      []string
	extra      []string
	err        error
}

// Row is one data row.
type Row struct {
	Line int // 1-based line number in the file where the row starts
	// Cells has exactly one cell per header column; a short row is padded
	// with "".
	Cells []string
	// Extra holds the cells beyond the header, up to the last one that is
	// not blank (positions kept: Extra[0] is the cell after the last header
	// column). It is nil when there are none.
	Extra []string
}

// NewReader reads the start of r and its header, and returns a Reader for
// the rows that follow. Options should be fully chosen (use Detect first);
// any left unset are detected as Detect does.
func NewReader(r io.Reader, opts Options) (*Reader, error) {
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
	rd := &Reader{p: parser{src: dec, comma: byte(delim), buf: make([]byte, 64<<10)}}
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
	for {
		if err := r.p.readRecord(); err != nil {
			r.err = err
			return Row{}, err
		}
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
	row := Row{Line: r.p.recLine, Cells: cells}
	if lastExtra > 0 {
		row.Extra = extra[:lastExtra]
	}
	return row, nil
}

// maxRecord bounds a row, so that a quote never closed in a huge file is
// reported rather than buffering the rest of the file. A variable for tests.
var maxRecord = 64 << 20

const minRead = 4 << 10

// parser splits decoded text (UTF-8, "\n" line ends) into records.
type parser struct {
	src   io.Reader
	comma byte // every delimiter is ASCII
	buf   []byte
	r, w  int   // buf[r:w] is read but not yet parsed
	err   error // from src: io.EOF, an *Error from the decoder, or I/O
	line  int   // lines parsed so far

	// The record just read: rec holds its cells' text one after the other
	// (quotes removed), ends[i] is where cell i ends in rec, and recLine is
	// the line it starts on.
	rec     []byte
	ends    []int
	recLine int
}

// newStaticParser parses text already in memory.
func newStaticParser(text []byte, comma byte) *parser {
	return &parser{comma: comma, buf: text, w: len(text), err: io.EOF}
}

// readLine returns the next line without its "\n". The line is only valid
// until the next call.
func (p *parser) readLine() ([]byte, error) {
	scan := p.r
	for {
		if i := bytes.IndexByte(p.buf[scan:p.w], '\n'); i >= 0 {
			end := scan + i
			line := p.buf[p.r:end]
			p.r = end + 1
			p.line++
			return line, nil
		}
		if p.err != nil {
			if p.err == io.EOF && p.r < p.w {
				line := p.buf[p.r:p.w]
				p.r = p.w
				p.line++
				return line, nil
			}
			if e, ok := p.err.(*Error); ok && e.Line == 0 {
				// The decoder stopped within the line being read.
				ce := *e
				ce.Line = p.line + 1
				p.err = &ce
			}
			return nil, p.err
		}
		if p.w-p.r > maxRecord {
			return nil, &Error{Line: p.line + 1, Msg: fmt.Sprintf("a line longer than %d MiB", maxRecord>>20),
				Hint: "Is this really a CSV file?"}
		}
		scan = p.w - p.r
		p.fill()
	}
}

// fill moves the unparsed bytes to the front of buf, grows it if needed, and
// reads once from src.
func (p *parser) fill() {
	if p.r > 0 {
		p.w = copy(p.buf, p.buf[p.r:p.w])
		p.r = 0
	}
	if len(p.buf)-p.w < minRead {
		nb := make([]byte, 2*len(p.buf)+minRead)
		copy(nb, p.buf[:p.w])
		p.buf = nb
	}
	n, err := p.src.Read(p.buf[p.w:])
	p.w += n
	if err != nil {
		p.err = err
	}
}

// readRecord reads the next record into p.rec and p.ends, blank or not.
func (p *parser) readRecord() error {
	p.rec, p.ends = p.rec[:0], p.ends[:0]
	line, err := p.readLine()
	if err != nil {
		return err
	}
	p.recLine = p.line
	pos := 0
	for {
		if pos < len(line) && line[pos] == '"' {
			quoteLine, quoteCol := p.line, len(p.ends)+1
			pos++
			for {
				i := bytes.IndexByte(line[pos:], '"')
				if i < 0 {
					// The quoted value goes on to the next line.
					p.rec = append(p.rec, line[pos:]...)
					p.rec = append(p.rec, '\n')
					if len(p.rec) > maxRecord {
						return &Error{Line: quoteLine, Column: quoteCol,
							Msg:  fmt.Sprintf("a quoted value is never closed (it runs on for more than %d MiB)", maxRecord>>20),
							Hint: "Is the delimiter right?"}
					}
					if line, err = p.readLine(); err != nil {
						if err == io.EOF {
							return &Error{Line: quoteLine, Column: quoteCol,
								Msg: "a quoted value is never closed", Hint: "Is the delimiter right?"}
						}
						return err
					}
					pos = 0
					continue
				}
				p.rec = append(p.rec, line[pos:pos+i]...)
				pos += i + 1
				if pos < len(line) && line[pos] == '"' { // "" stands for "
					p.rec = append(p.rec, '"')
					pos++
					continue
				}
				break
			}
			// Text after the closing quote, up to the delimiter, is kept
			// as Excel does: "a"b reads as ab.
		}
		i := bytes.IndexByte(line[pos:], p.comma)
		if i < 0 {
			p.rec = append(p.rec, line[pos:]...)
			p.ends = append(p.ends, len(p.rec))
			return nil
		}
		p.rec = append(p.rec, line[pos:pos+i]...)
		p.ends = append(p.ends, len(p.rec))
		pos += i + 1
	}
}
