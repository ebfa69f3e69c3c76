// Package csvread reads lead files as SPEC §4 describes them: CSV text, and
// Excel workbooks (.xlsx), recognised by their content, not their name.
//
// It accepts UTF-8 (with or without a byte-order mark), UTF-16 with a
// byte-order mark and Windows-1252, and a comma, semicolon, tab or pipe
// between cells. Detect looks at the start of a file and guesses the encoding
// and the delimiter; NewReader streams the rows with the line number each
// starts on; Count reads a whole file to validate it before an import is
// queued. Quoting follows RFC 4180 and is as tolerant as Excel: a quote inside
// an unquoted value is kept as text.
//
// Every problem a person can fix in the file — a quote never closed, bytes
// that are not valid in the encoding, a file that is not text at all, an
// empty file — is an *Error with a line, a column where known, and a hint.
// Bytes are never silently replaced.
//
// The package does not interpret values: data cells come back as written (only
// header names are trimmed), line ends inside quoted values come back as "\n"
// whatever the file used, and mapping columns to fields is the importer's job.
// A workbook is read through the xlsxread package behind the same Detect,
// Count and Reader: its rows come back as text, numbered as Excel numbers
// them, with the first non-blank row as the header, exactly as a CSV file's.
// Encoding and delimiter do not apply to it; Options.Sheet chooses its sheet.
package csvread

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Options say how to decode and split a file. Zero values mean "detect".
type Options struct {
	Encoding  string // "" (detect), "utf-8", "windows-1252", "utf-16" (UTF-16 needs a BOM: LE or BE)
	Delimiter rune   // 0 (detect), ',', ';', '\t', '|'
	// Sheet is the sheet of a workbook to read, "" for the first visible
	// sheet with data. It is refused for a CSV file.
	Sheet string
}

// Sniff is what Detect found in the start of a file.
type Sniff struct {
	Format string // FormatCSV or FormatXLSX
	// Sheet is the workbook's sheet read; Sheets lists all of them, with
	// their rows. Both are empty for CSV.
	Sheet  string
	Sheets []SheetInfo
	// DateColumns are the header columns (from 0) of a workbook whose first
	// rows hold cells typed as dates: they read as ISO dates, whatever the
	// date order chosen.
	DateColumns []int
	Encoding    string   // "utf-8", "windows-1252" or "utf-16"; "" for a workbook
	BOM         bool     // a byte-order mark was present
	Delimiter   rune     // ',', ';', '\t' or '|'; ',' for a workbook
	Header      []string // the header cells (first non-blank line), decoded and trimmed
	// Sample holds up to 5 distinct cell values (header included) that
	// contain non-ASCII letters, in file order, to show the user the accents
	// are right. Values longer than 60 characters are cut and end in "…".
	// It may be empty.
	Sample []string
	// Rows holds up to 10 first data rows for a preview. Each is a row's
	// Cells followed by its Extra cells, so it has at least len(Header) cells.
	Rows [][]string
}

// Error is a file problem a dealership director can act on.
type Error struct {
	// Line is 1-based; it is 0 only when the problem is the whole file (an
	// empty file). Column is the 1-based cell number on that line (the column
	// as a spreadsheet shows it), 0 when unknown.
	Line, Column int
	Msg          string // e.g. "a quoted value is never closed"
	Hint         string // e.g. "Is the delimiter right?"
	// Workbook: the file is a workbook (or a format taken for one) and Line
	// is its row number.
	Workbook bool
	// Err is ErrBadSheet when the sheet chosen is the problem.
	Err error
}

// ErrBadSheet is in the chain of an *Error about the sheet chosen: a
// workbook has no sheet of that name, or the file is CSV and has none.
var ErrBadSheet = errors.New("bad sheet")

// Unwrap returns e.Err.
func (e *Error) Unwrap() error { return e.Err }

// Error returns e.g. "line 12, column 3: a quoted value is never closed. Is the delimiter right?".
func (e *Error) Error() string {
	var b strings.Builder
	if e.Line > 0 {
		if e.Workbook {
			b.WriteString("row ")
		} else {
			b.WriteString("line ")
		}
		b.WriteString(strconv.Itoa(e.Line))
		if e.Column > 0 {
			b.WriteString(", column ")
			b.WriteString(strconv.Itoa(e.Column))
		}
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	if e.Hint != "" {
		b.WriteString(". ")
		b.WriteString(e.Hint)
	}
	return b.String()
}

const hintNotText = "Leadport reads CSV files and Excel workbooks (.xlsx): in Excel or LibreOffice, use File › Save As › Excel Workbook (.xlsx)."

func errNotText() *Error {
	return &Error{Line: 1, Msg: "this is not a text (CSV) file", Hint: hintNotText}
}

func errNoSheets() *Error {
	return &Error{Msg: "this is a CSV file: it has no sheets", Hint: "Choose a sheet only for an Excel workbook.", Err: ErrBadSheet}
}

func errEmpty() *Error {
	return &Error{Msg: "the file is empty", Hint: "Is this the right file? Its first non-blank line must hold the column names."}
}

// Encoding names as Options and Sniff spell them.
const (
	UTF8        = "utf-8"
	Windows1252 = "windows-1252"
	UTF16       = "utf-16"
)

// ParseEncoding turns a name a person may type into an Options.Encoding:
// "auto" or "" → "" (detect); "utf-8", "utf8" → "utf-8"; "windows-1252",
// "cp1252", "latin1", "iso-8859-1" → "windows-1252" (files said to be
// Latin-1 are nearly always Windows-1252, a superset of its printable
// characters); "utf-16", "utf16" → "utf-16". Case and surrounding spaces are
// ignored.
func ParseEncoding(s string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto":
		return "", nil
	case "utf-8", "utf8":
		return UTF8, nil
	case "windows-1252", "windows1252", "cp1252", "cp-1252", "latin1", "latin-1", "iso-8859-1", "iso8859-1":
		return Windows1252, nil
	case "utf-16", "utf16":
		return UTF16, nil
	}
	return "", fmt.Errorf("unknown encoding %q: use auto, utf-8, windows-1252 or utf-16", s)
}

// DelimiterName returns the name the CLI uses for d: ",", ";", "tab",
// "pipe", or "auto" for 0.
func DelimiterName(d rune) string {
	switch d {
	case 0:
		return "auto"
	case '\t':
		return "tab"
	case '|':
		return "pipe"
	}
	return string(d)
}

// ParseDelimiter is the inverse of DelimiterName. It also accepts "comma",
// "semicolon", a tab character, `\t` as typed in a shell, and "|"; "auto" and
// "" give 0 (detect).
func ParseDelimiter(s string) (rune, error) {
	if s == "\t" {
		return '\t', nil
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto":
		return 0, nil
	case ",", "comma":
		return ',', nil
	case ";", "semicolon":
		return ';', nil
	case "tab", `\t`:
		return '\t', nil
	case "|", "pipe":
		return '|', nil
	}
	return 0, fmt.Errorf("unknown delimiter %q: use auto, \",\", \";\", tab or pipe", s)
}

func checkDelimiter(d rune) error {
	switch d {
	case 0, ',', ';', '\t', '|':
		return nil
	}
	return fmt.Errorf("delimiter %q is not one of , ; tab |", d)
}

// sniffSize is how much of a file Detect reads and where the not-text checks
// and the encoding guess look.
const sniffSize = 1 << 20

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
	magicZIP   = []byte("PK\x03\x04")                                   // .xlsx, .ods, .zip
	magicOLE   = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1} // .xls, .doc
)

// head is the start of a file with its encoding settled.
type head struct {
	enc       string // utf-8, windows-1252, utf-16le or utf-16be
	bom       bool
	data      []byte // the bytes read, byte-order mark removed
	truncated bool   // the file may go on after data
}

func publicEncoding(enc string) string {
	if strings.HasPrefix(enc, "utf-16") {
		return UTF16
	}
	return enc
}

// readHead reads the start of r and settles its encoding: the chosen one, or
// the byte-order mark's, or UTF-8 when the start is valid UTF-8, or
// Windows-1252.
func readHead(r io.Reader, opts Options) (head, error) {
	enc, err := ParseEncoding(opts.Encoding)
	if err != nil {
		return head{}, err
	}
	if err := checkDelimiter(opts.Delimiter); err != nil {
		return head{}, err
	}
	data, err := io.ReadAll(io.LimitReader(r, sniffSize))
	if err != nil {
		return head{}, fmt.Errorf("read file: %w", err)
	}
	h := head{data: data, truncated: len(data) == sniffSize}
	if len(data) == 0 {
		return head{}, errEmpty()
	}
	if bytes.HasPrefix(data, magicZIP) || bytes.HasPrefix(data, magicOLE) {
		return head{}, errNotText()
	}
	le, be := bytes.HasPrefix(data, bomUTF16LE), bytes.HasPrefix(data, bomUTF16BE)
	switch {
	case le || be:
		if enc != "" && enc != UTF16 {
			return head{}, &Error{Line: 1,
				Msg:  "the file starts with a UTF-16 byte-order mark, but the encoding chosen is " + encodingLabel(enc),
				Hint: "Choose the encoding UTF-16, or let Leadport detect it."}
		}
		h.enc, h.bom, h.data = "utf-16le", true, data[2:]
		if be {
			h.enc = "utf-16be"
		}
		return h, nil
	case enc == UTF16:
		return head{}, &Error{Line: 1,
			Msg:  "the file has no UTF-16 byte-order mark",
			Hint: "Leadport reads UTF-16 only with one: try the encoding UTF-8 or Windows-1252, or save the file again as CSV UTF-8."}
	case bytes.HasPrefix(data, bomUTF8) && (enc == "" || enc == UTF8):
		h.enc, h.bom, h.data = UTF8, true, data[3:]
	case enc != "":
		h.enc = enc
	case validUTF8(data, h.truncated):
		h.enc = UTF8
	default:
		h.enc = Windows1252
	}
	// Text never holds a NUL byte; binary files nearly always do, early.
	if bytes.IndexByte(h.data, 0) >= 0 {
		return head{}, errNotText()
	}
	return h, nil
}

func encodingLabel(enc string) string {
	switch enc {
	case UTF8:
		return "UTF-8"
	case Windows1252:
		return "Windows-1252"
	}
	return "UTF-16"
}

// validUTF8 reports whether b is valid UTF-8, ignoring a character cut at the
// end when more of the file follows.
func validUTF8(b []byte, truncated bool) bool {
	if truncated {
		b = b[:len(b)-partialRune(b)]
	}
	return utf8.Valid(b)
}

// decodeHead decodes h.data into text with "\n" line ends. When decoding
// stops at a problem, text holds what came before it and err says where.
func decodeHead(h head) (text []byte, err error) {
	d := newDecoder(bytes.NewReader(h.data), h.enc, h.truncated)
	text = make([]byte, 0, len(h.data)+len(h.data)/4+minRead)
	for {
		if cap(text)-len(text) < minRead {
			text = append(text, make([]byte, minRead)...)[:len(text)]
		}
		n, rerr := d.Read(text[len(text):cap(text)])
		text = text[:len(text)+n]
		if rerr == io.EOF {
			return text, nil
		}
		if rerr != nil {
			var e *Error
			if errors.As(rerr, &e) {
				ce := *e
				ce.Line = bytes.Count(text, []byte{'\n'}) + 1
				return text, &ce
			}
			return text, rerr
		}
	}
}

// detectDelimiter picks the delimiter that splits the header and the first
// rows most consistently: the most rows with as many cells as the header,
// then the most cells. A delimiter that leaves the header in one cell is
// never chosen; with none left, the file has one column and ',' is as good as
// any, unless a delimiter makes every line blank (";;;").
func detectDelimiter(text []byte) rune {
	best, bestCells, bestSame, bestRows := rune(0), 0, 0, 0
	allBlank := rune(0)
	for _, d := range []byte{',', ';', '\t', '|'} {
		if bytes.IndexByte(text, d) < 0 {
			continue
		}
		p := newStaticParser(text, d)
		cells, same, rows := -1, 0, 0
		for rows < 20 {
			if p.readRecord() != nil {
				break
			}
			if isBlank(p.rec) {
				continue
			}
			if cells < 0 {
				cells = len(p.ends)
				continue
			}
			rows++
			if len(p.ends) == cells {
				same++
			}
		}
		if cells < 0 && allBlank == 0 {
			allBlank = rune(d)
		}
		if cells < 2 {
			continue
		}
		if rows == 0 {
			same, rows = 1, 1
		}
		// Compare same/rows with bestSame/bestRows without division.
		better := bestCells == 0 || same*bestRows > bestSame*rows ||
			(same*bestRows == bestSame*rows && cells > bestCells)
		if better {
			best, bestCells, bestSame, bestRows = rune(d), cells, same, rows
		}
	}
	switch {
	case best != 0:
		return best
	case allBlank != 0:
		// Only blank lines under d, such as ";;;": an empty template.
		return allBlank
	}
	return ','
}

// Detect reads at most the first MiB of r and guesses its encoding and
// delimiter, honouring any choice already made in opts (a chosen encoding or
// delimiter is used, not guessed). To read the file afterwards, open it
// again (or seek back) and pass the Sniff's choices to NewReader or Count.
//
// A problem found in that first MiB is returned as an *Error, with the Sniff
// filled as far as it got (at least Encoding and BOM once they are known).
func Detect(r io.Reader, opts Options) (Sniff, error) {
	r, book, err := sniffWorkbook(r)
	if err != nil {
		return Sniff{}, fmt.Errorf("read file: %w", err)
	}
	if book {
		return detectBook(r, opts)
	}
	if opts.Sheet != "" {
		return Sniff{}, errNoSheets()
	}
	h, err := readHead(r, opts)
	if err != nil {
		return Sniff{}, err
	}
	s := Sniff{Format: FormatCSV, Encoding: publicEncoding(h.enc), BOM: h.bom}
	text, decErr := decodeHead(h)
	// The last line may be cut: look only at whole lines.
	if i := bytes.LastIndexByte(text, '\n'); decErr != nil || h.truncated && i >= 0 {
		text = text[:i+1]
	}
	s.Delimiter = opts.Delimiter
	if s.Delimiter == 0 {
		s.Delimiter = detectDelimiter(text)
	}

	p := newStaticParser(text, byte(s.Delimiter))
	var parseErr error
	for {
		if err := p.readRecord(); err != nil {
			if err != io.EOF {
				parseErr = err
			}
			break
		}
		if isBlank(p.rec) {
			continue
		}
		str := string(p.rec)
		cells := make([]string, 0, max(len(p.ends), len(s.Header)))
		start := 0
		for _, end := range p.ends {
			cells = append(cells, str[start:end])
			start = end
		}
		if s.Header == nil {
			for i, c := range cells {
				cells[i] = trimHeader(c)
			}
			s.Header = cells
		} else if len(s.Rows) < 10 {
			// As Next has it: Cells padded, then Extra up to its last
			// non-blank cell.
			for len(cells) > len(s.Header) && isBlankString(cells[len(cells)-1]) {
				cells = cells[:len(cells)-1]
			}
			for len(cells) < len(s.Header) {
				cells = append(cells, "")
			}
			s.Rows = append(s.Rows, cells)
		}
		for _, c := range cells {
			if len(s.Sample) < 5 && hasNonASCIILetter(c) {
				c = shorten(strings.TrimSpace(c), 60)
				if !slices.Contains(s.Sample, c) {
					s.Sample = append(s.Sample, c)
				}
			}
		}
		if len(s.Rows) == 10 && len(s.Sample) == 5 {
			break
		}
	}
	switch {
	case decErr != nil:
		return s, decErr
	case parseErr != nil && !h.truncated:
		// When the start was cut, a quoted value open at its end may close
		// later: only Count can tell.
		return s, parseErr
	case s.Header == nil:
		return s, errEmpty()
	}
	return s, nil
}

// Count reads a whole file and returns the number of data rows (non-blank,
// header excluded), or the first *Error. It checks everything Next checks,
// so a file Count accepts reads to the end without error. Unset options are
// detected as Detect does.
func Count(r io.Reader, opts Options) (int, error) {
	rd, err := NewReader(r, opts)
	if err != nil {
		return 0, err
	}
	defer rd.Close()
	if rd.sheet != nil {
		n := 0
		for {
			if _, err := rd.Next(); err == io.EOF {
				return n, nil
			} else if err != nil {
				return 0, err
			}
			n++
		}
	}
	n := 0
	for {
		if err := rd.p.readRecord(); err != nil {
			if err == io.EOF {
				return n, nil
			}
			return 0, err
		}
		if !isBlank(rd.p.rec) {
			n++
		}
	}
}

func trimHeader(s string) string {
	return strings.TrimFunc(s, isSpaceOrBOM)
}

func isSpaceOrBOM(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' }

// isBlank reports whether b holds nothing but whitespace.
func isBlank(b []byte) bool {
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\v' && c != '\f' {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if !isSpaceOrBOM(r) {
			return false
		}
		i += size
	}
	return true
}

func isBlankString(s string) bool {
	return strings.TrimFunc(s, isSpaceOrBOM) == ""
}

func hasNonASCIILetter(s string) bool {
	for _, r := range s {
		if r >= utf8.RuneSelf && unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for k := range s {
		if i == n {
			return s[:k] + "…"
		}
		i++
	}
	return s
}
