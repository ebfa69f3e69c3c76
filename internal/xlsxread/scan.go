package xlsxread

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"unicode/utf8"
)

// scanner reads the XML of a sheet or of the shared strings as a stream of
// tags, handing over the raw text between them when asked: it builds no
// tree and no token per item, which is what makes a sheet quick to read.
// It knows the XML that workbooks hold: elements with or without a
// namespace prefix, attributes in either quotes, the five named entities
// and character references, CDATA sections, comments and processing
// instructions. It checks no more than it needs to read the values: the
// part was written by a spreadsheet, and what is wrong in it shows as a
// value or as an error of the row.
type scanner struct {
	src  io.Reader
	buf  []byte
	r, w int   // buf[r:w] is read but not yet scanned
	err  error // from src, once it is done
	t    tag   // the tag just scanned
}

// maxTag bounds a tag (with its attributes) and maxText the raw text of
// one value: Excel keeps at most 32,767 characters in a cell, so a longer
// text is not a workbook's.
const (
	maxTag  = 1 << 20
	maxText = 4 << 20
)

var errTooLong = errors.New("a value longer than a workbook can hold")

func newScanner(src io.Reader) *scanner {
	return &scanner{src: src, buf: make([]byte, 64<<10)}
}

// fill reads more of the part into the buffer, keeping buf[r:w]. It
// reports false at the end of the part (or on a read error, in s.err).
func (s *scanner) fill() bool {
	if s.err != nil {
		return false
	}
	if s.r > 0 {
		s.w = copy(s.buf, s.buf[s.r:s.w])
		s.r = 0
	}
	if s.w == len(s.buf) {
		if len(s.buf) >= maxTag+maxText {
			s.err = errTooLong
			return false
		}
		s.buf = append(s.buf, make([]byte, len(s.buf))...)
	}
	for {
		n, err := s.src.Read(s.buf[s.w:])
		s.w += n
		if err != nil {
			s.err = err
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
}

// endErr is the error at the end of the part: io.ErrUnexpectedEOF when the
// part ends with no error from its reader (a tag was left open).
func (s *scanner) endErr() error {
	if s.err == nil || s.err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return s.err
}

type tagKind uint8

const (
	startTag tagKind = iota // <name …>
	endTag                  // </name>
	emptyTag                // <name …/>
)

// tag is a tag just scanned. Name (without its prefix) and attrs point
// into the scanner's buffer: they, and the tag, are valid until the next
// call.
type tag struct {
	kind  tagKind
	name  []byte
	attrs []byte
}

// next scans to the next tag. When text is not nil the raw text before the
// tag (entities not yet decoded) is appended to it. At the end of the part
// it returns io.EOF.
func (s *scanner) next(text *[]byte) (*tag, error) {
	for {
		i := bytes.IndexByte(s.buf[s.r:s.w], '<')
		if i < 0 {
			if text != nil {
				if len(*text)+s.w-s.r > maxText {
					return nil, errTooLong
				}
				*text = append(*text, s.buf[s.r:s.w]...)
			}
			s.r = s.w
			if !s.fill() {
				if s.err == io.EOF {
					return nil, io.EOF
				}
				return nil, s.err
			}
			continue
		}
		if text != nil {
			if len(*text)+i > maxText {
				return nil, errTooLong
			}
			*text = append(*text, s.buf[s.r:s.r+i]...)
		}
		s.r += i
		t, ok, err := s.tag(text)
		if err != nil || ok {
			return t, err
		}
	}
}

var (
	commentStart = []byte("<!--")
	commentEnd   = []byte("-->")
	cdataStart   = []byte("<![CDATA[")
	cdataEnd     = []byte("]]>")
	piEnd        = []byte("?>")
)

// tag scans the markup at buf[r] ('<'). It reports false for what is not a
// tag (a comment, a processing instruction, a declaration, a CDATA
// section, whose text goes to text escaped as character data).
func (s *scanner) tag(text *[]byte) (*tag, bool, error) {
	for s.w-s.r < len(cdataStart) && s.fill() {
	}
	b := s.buf[s.r:s.w]
	switch {
	case len(b) < 2:
		return nil, false, s.endErr()
	case b[1] != '?' && b[1] != '!':
		// a tag: below
	case b[1] == '?':
		n, err := s.find(piEnd, 2)
		s.r += n + len(piEnd)
		return nil, false, err
	case bytes.HasPrefix(b, commentStart):
		n, err := s.find(commentEnd, len(commentStart))
		s.r += n + len(commentEnd)
		return nil, false, err
	case bytes.HasPrefix(b, cdataStart):
		n, err := s.find(cdataEnd, len(cdataStart))
		if err != nil {
			return nil, false, err
		}
		if text != nil {
			if len(*text)+n > maxText {
				return nil, false, errTooLong
			}
			*text = appendEscaped(*text, s.buf[s.r+len(cdataStart):s.r+n])
		}
		s.r += n + len(cdataEnd)
		return nil, false, nil
	case b[1] == '!': // a DOCTYPE: workbooks have none, and its entities are never expanded
		n, err := s.find([]byte{'>'}, 2)
		s.r += n + 1
		return nil, false, err
	}
	n, err := s.tagEnd()
	if err != nil {
		return nil, false, err
	}
	b = s.buf[s.r : s.r+n] // from '<' to before '>'
	s.r += n + 1
	t := &s.t
	t.kind = startTag
	b = b[1:]
	if b[0] == '/' {
		t.kind = endTag
		b = b[1:]
	} else if b[len(b)-1] == '/' {
		t.kind = emptyTag
		b = b[:len(b)-1]
	}
	end := 0
	for end < len(b) && !isSpace(b[end]) {
		end++
	}
	t.name, t.attrs = b[:end], b[end:]
	if i := bytes.IndexByte(t.name, ':'); i >= 0 {
		t.name = t.name[i+1:]
	}
	if len(t.name) == 0 {
		return nil, false, errors.New("a tag with no name")
	}
	return t, true, nil
}

// find returns the offset from r of the first sep at or after from,
// reading more of the part as needed.
func (s *scanner) find(sep []byte, from int) (int, error) {
	for {
		if from < s.w-s.r {
			if i := bytes.Index(s.buf[s.r+from:s.w], sep); i >= 0 {
				return from + i, nil
			}
			from = max(from, s.w-s.r-len(sep)+1)
		}
		if s.w-s.r > maxTag+maxText {
			return 0, errTooLong
		}
		if !s.fill() {
			return 0, s.endErr()
		}
	}
}

// tagEnd returns the offset from r of the '>' that closes the tag at r,
// skipping the quoted attribute values, which may hold one.
func (s *scanner) tagEnd() (int, error) {
	i := 1
	for {
		b := s.buf[s.r:s.w]
		for i < len(b) {
			switch c := b[i]; c {
			case '>':
				if i < 2 {
					return 0, errors.New("an empty tag")
				}
				return i, nil
			case '"', '\'':
				j := bytes.IndexByte(b[i+1:], c)
				if j < 0 {
					goto more
				}
				i += j + 2
			default:
				i++
			}
		}
	more:
		if len(b) > maxTag {
			return 0, errTooLong
		}
		if !s.fill() {
			return 0, s.endErr()
		}
	}
}

// quickForm is a cell's content as nearly every writer writes it: a value,
// or an inline string with no rich text, then the cell's end.
type quickForm struct{ open, close []byte }

var (
	quickV  = quickForm{[]byte("<v>"), []byte("</v></c>")}
	quickIS = quickForm{[]byte("<is><t>"), []byte("</t></is></c>")}
)

// quick reads, when the part goes on with it, the content of a cell in
// form f up to and with the cell's end tag, and returns its raw text, valid
// until the next call. It reads nothing and reports false for any other
// content, or one the buffer holds only part of: the tags are then read one
// by one.
func (s *scanner) quick(f quickForm) ([]byte, bool) {
	b := s.buf[s.r:s.w]
	if !bytes.HasPrefix(b, f.open) {
		return nil, false
	}
	i := bytes.IndexByte(b[len(f.open):], '<')
	if i < 0 || !bytes.HasPrefix(b[len(f.open)+i:], f.close) {
		return nil, false
	}
	s.r += len(f.open) + i + len(f.close)
	return b[len(f.open) : len(f.open)+i], true
}

// skip scans to the end of the element whose start tag was just read.
func (s *scanner) skip() error {
	depth := 1
	for {
		t, err := s.next(nil)
		if err != nil {
			if err == io.EOF {
				return io.ErrUnexpectedEOF
			}
			return err
		}
		switch t.kind {
		case startTag:
			depth++
		case endTag:
			if depth--; depth == 0 {
				return nil
			}
		}
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// nextAttr reads the first attribute of b, a tag's attributes: its name
// (without prefix) and value, and the attributes after it. ok is false
// when there is none left.
func nextAttr(b []byte) (name, value, rest []byte, ok bool) {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	eq := bytes.IndexByte(b, '=')
	if eq < 0 {
		return nil, nil, nil, false
	}
	name = b[:eq]
	for len(name) > 0 && isSpace(name[len(name)-1]) {
		name = name[:len(name)-1]
	}
	if i := bytes.IndexByte(name, ':'); i >= 0 {
		name = name[i+1:]
	}
	b = b[eq+1:]
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	if len(b) == 0 || (b[0] != '"' && b[0] != '\'') {
		return nil, nil, nil, false
	}
	end := bytes.IndexByte(b[1:], b[0])
	if end < 0 {
		return nil, nil, nil, false
	}
	return name, b[1 : 1+end], b[end+2:], true
}

// attr returns the value of the attribute name (without prefix) in a
// tag's attributes, and whether it is there.
func attr(b []byte, name string) ([]byte, bool) {
	for {
		k, v, rest, ok := nextAttr(b)
		if !ok {
			return nil, false
		}
		if string(k) == name {
			return v, true
		}
		b = rest
	}
}

// appendEscaped appends CDATA text so that appendText gives it back as it
// is.
func appendEscaped(dst, b []byte) []byte {
	for {
		i := bytes.IndexAny(b, "&\r")
		if i < 0 {
			return append(dst, b...)
		}
		dst = append(dst, b[:i]...)
		if b[i] == '&' {
			dst = append(dst, "&amp;"...)
		} else {
			dst = append(dst, "&#13;"...) // a CR in CDATA is still a line end, but one that appendText keeps
		}
		b = b[i+1:]
	}
}

// appendText appends raw XML text decoded: entities and character
// references replaced, line ends made "\n" as XML reads them. An entity
// it does not know is kept as it is written.
func appendText(dst, raw []byte) []byte {
	if bytes.IndexByte(raw, '&') < 0 && bytes.IndexByte(raw, '\r') < 0 {
		return append(dst, raw...)
	}
	for len(raw) > 0 {
		i := bytes.IndexAny(raw, "&\r")
		if i < 0 {
			return append(dst, raw...)
		}
		dst = append(dst, raw[:i]...)
		raw = raw[i:]
		if raw[0] == '\r' {
			dst = append(dst, '\n')
			raw = raw[1:]
			if len(raw) > 0 && raw[0] == '\n' {
				raw = raw[1:]
			}
			continue
		}
		semi := bytes.IndexByte(raw, ';')
		if semi < 0 || semi > 12 {
			dst = append(dst, '&')
			raw = raw[1:]
			continue
		}
		name := raw[1:semi]
		switch string(name) {
		case "lt":
			dst = append(dst, '<')
		case "gt":
			dst = append(dst, '>')
		case "amp":
			dst = append(dst, '&')
		case "quot":
			dst = append(dst, '"')
		case "apos":
			dst = append(dst, '\'')
		default:
			r, ok := charRef(name)
			if !ok {
				dst = append(dst, raw[:semi+1]...)
				raw = raw[semi+1:]
				continue
			}
			dst = utf8.AppendRune(dst, r)
		}
		raw = raw[semi+1:]
	}
	return dst
}

// charRef reads "#123" or "#x7B".
func charRef(name []byte) (rune, bool) {
	if len(name) < 2 || name[0] != '#' {
		return 0, false
	}
	var n uint64
	var err error
	if name[1] == 'x' || name[1] == 'X' {
		n, err = strconv.ParseUint(string(name[2:]), 16, 32)
	} else {
		n, err = strconv.ParseUint(string(name[1:]), 10, 32)
	}
	if err != nil || n > utf8.MaxRune {
		return 0, false
	}
	return rune(n), true
}

// unescapeBasic undoes, in place, the _xHHHH_ escapes that OOXML uses for
// the characters XML cannot hold ("_x000D_" for a carriage return;
// "_x005F_" for an underscore), as Excel reads them.
func unescapeBasic(b []byte) []byte {
	i := bytes.Index(b, []byte("_x"))
	if i < 0 {
		return b
	}
	out := b[:i]
	for i < len(b) {
		if b[i] == '_' && i+7 <= len(b) && b[i+1] == 'x' && b[i+6] == '_' {
			if n, err := strconv.ParseUint(string(b[i+2:i+6]), 16, 16); err == nil {
				if r := rune(n); utf8.ValidRune(r) {
					out = utf8.AppendRune(out, r)
				}
				i += 7
				continue
			}
		}
		out = append(out, b[i])
		i++
	}
	return out
}

// rowError is an error of the XML at a row.
func rowError(line int, err error) error {
	msg := "this row cannot be read"
	switch {
	case errors.Is(err, errTooLong):
		msg = "this row holds a value longer than Excel allows (32,767 characters)"
	case err != nil:
		msg += " (" + err.Error() + ")"
	}
	return &Error{Row: line, Msg: msg, Hint: "Open the workbook in Excel and save it again."}
}
