package normalize

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// isSpace reports whether r separates words in a cell: Unicode white space
// (which includes the no-break spaces Excel on French Windows writes as
// thousands separators and before colons) plus the invisible zero-width
// space and byte-order mark that copy-paste leaves behind.
func isSpace(r rune) bool {
	if r < utf8.RuneSelf {
		return r == ' ' || ('\t' <= r && r <= '\r')
	}
	return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff'
}

// Text trims s and collapses every inner run of white space (spaces, tabs,
// newlines, no-break spaces…) into a single space. Case is kept as typed.
// A value that needs no change is returned as is, without allocating.
func Text(s string) string {
	if textIsClean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	pending := false
	for _, r := range s {
		if isSpace(r) {
			pending = b.Len() > 0
			continue
		}
		if pending {
			b.WriteByte(' ')
			pending = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// textIsClean reports whether s is pure ASCII with no white space to trim
// or collapse, so Text can return it unchanged.
func textIsClean(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	prevSpace := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf:
			return false
		case c == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
		case '\t' <= c && c <= '\r':
			return false
		default:
			prevSpace = false
		}
	}
	return true
}

// trimSpace trims the white space isSpace knows about from both ends of s,
// without allocating.
func trimSpace(s string) string {
	return strings.TrimFunc(s, isSpace)
}

// Fold returns the form of a name used for comparing: Unicode case folded,
// accents removed, hyphens, apostrophes and dots read as spaces, white space
// collapsed and trimmed. "Jean-François Lévesque" and "JEAN FRANCOIS
// LEVESQUE" both fold to "jean francois levesque".
//
// Letters are decomposed with NFKD rather than NFD so that compatibility
// forms a keyboard or a PDF can produce (the "ﬁ" ligature, full-width
// letters) compare equal to their plain spelling; combining marks are then
// dropped. Letters that carry no decomposable accent but are still written
// without it in plain text are spelled out: œ→oe, æ→ae, ß→ss, ø→o, ł→l,
// đ/ð→d, þ→th, ı→i, ħ→h.
//
// Pure-ASCII input takes a fast path, and input that is already folded is
// returned as is without allocating.
func Fold(s string) string {
	clean, ascii := foldASCIIClean(s)
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	f := folder{b: &b}
	if ascii {
		for i := 0; i < len(s); i++ {
			f.ascii(s[i])
		}
		return b.String()
	}
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			f.ascii(c)
			i++
			continue
		}
		// The decomposition table gives the full (recursive) NFKD
		// decomposition of one rune, so no intermediate string is built.
		p := norm.NFKD.PropertiesString(s[i:])
		n := p.Size()
		if n == 0 { // invalid UTF-8: keep the byte's replacement rune
			f.rune(utf8.RuneError)
			i++
			continue
		}
		if d := p.Decomposition(); d != nil {
			for _, r := range string(d) {
				f.rune(r)
			}
		} else {
			r, _ := utf8.DecodeRuneInString(s[i:])
			f.rune(r)
		}
		i += n
	}
	return b.String()
}

// foldASCIIClean reports whether s is already in folded form (so Fold can
// return it unchanged) and whether it is pure ASCII.
func foldASCIIClean(s string) (clean, ascii bool) {
	clean = true
	prevSpace := true // a leading space is not clean
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf:
			return false, false
		case c == ' ':
			if prevSpace {
				clean = false
			}
			prevSpace = true
		case 'A' <= c && c <= 'Z', c == '-', c == '\'', c == '.', '\t' <= c && c <= '\r':
			clean = false
			prevSpace = false
		default:
			prevSpace = false
		}
	}
	if prevSpace && s != "" {
		clean = false
	}
	return clean, true
}

// folder writes folded runes, turning separators into at most one space
// between words and none at either end.
type folder struct {
	b       *strings.Builder
	pending bool
}

func (f *folder) space() { f.pending = f.b.Len() > 0 }

func (f *folder) write(s string) {
	if f.pending {
		f.b.WriteByte(' ')
		f.pending = false
	}
	f.b.WriteString(s)
}

func (f *folder) ascii(c byte) {
	switch {
	case 'A' <= c && c <= 'Z':
		c += 'a' - 'A'
	case c == ' ', c == '-', c == '\'', c == '.', '\t' <= c && c <= '\r':
		f.space()
		return
	}
	if f.pending {
		f.b.WriteByte(' ')
		f.pending = false
	}
	f.b.WriteByte(c)
}

func (f *folder) rune(r rune) {
	if r < utf8.RuneSelf {
		f.ascii(byte(r))
		return
	}
	if unicode.In(r, unicode.Mn, unicode.Me) {
		return // the accent itself
	}
	switch r {
	case '\u00ad', '\u200c', '\u200d', '\u2060': // soft hyphen, zero-width (non-)joiners, word joiner
		return
	case '\u2018', '\u2019', '\u02bc', '\u02bb', '\u00b4', '\u2032', // apostrophes and look-alikes
		'\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', // hyphens and dashes
		'\u00b7', '\u2024', '\u2027': // middle dot, one-dot leader, hyphenation point
		f.space()
		return
	case 'œ', 'Œ':
		f.write("oe")
		return
	case 'æ', 'Æ':
		f.write("ae")
		return
	case 'ß', 'ẞ':
		f.write("ss")
		return
	case 'þ', 'Þ':
		f.write("th")
		return
	case 'ø', 'Ø':
		r = 'o'
	case 'ł', 'Ł':
		r = 'l'
	case 'đ', 'Đ', 'ð', 'Ð':
		r = 'd'
	case 'ı':
		r = 'i'
	case 'ħ', 'Ħ':
		r = 'h'
	case 'ς':
		r = 'σ'
	}
	if isSpace(r) {
		f.space()
		return
	}
	r = unicode.ToLower(r)
	if f.pending {
		f.b.WriteByte(' ')
		f.pending = false
	}
	f.b.WriteRune(r)
}

// NameKey returns the key under which two names compare equal (SPEC §4):
// the folded first and last names, sorted and joined by "|", so that a
// first and last name typed the wrong way round give the same key.
// NameKey("Jean-François", "Côté") and NameKey("COTE", "jean francois")
// are both "cote|jean francois". A name counts for matching only when both
// parts are present, so the key is "" unless both fold to something.
func NameKey(first, last string) string {
	a, b := Fold(first), Fold(last)
	if a == "" || b == "" {
		return ""
	}
	if b < a {
		a, b = b, a
	}
	return a + "|" + b
}

// SplitFullName splits a full name into first and last names: on the first
// comma as "Last, First", otherwise on the last space ("Jean-François Côté"
// → "Jean-François", "Côté"). A single word is taken as the last name. Both
// parts are cleaned with Text.
func SplitFullName(s string) (first, last string) {
	s = Text(s)
	if i := strings.IndexByte(s, ','); i >= 0 {
		return Text(s[i+1:]), Text(s[:i])
	}
	if i := strings.LastIndexByte(s, ' '); i >= 0 {
		return s[:i], s[i+1:]
	}
	return "", s
}
