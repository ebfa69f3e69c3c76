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
	start, end := 0, len(s)
	for start < end && asciiSpace(s[start]) {
		start++
	}
	for end > start && asciiSpace(s[end-1]) {
		end--
	}
	s = s[start:end]
	if s != "" && (s[0] >= utf8.RuneSelf || s[len(s)-1] >= utf8.RuneSelf) {
		return strings.TrimFunc(s, isSpace)
	}
	return s
}

func asciiSpace(c byte) bool { return c == ' ' || '\t' <= c && c <= '\r' }

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
	if foldIsClean(s) {
		return s
	}
	var buf [64]byte
	return string(appendFold(buf[:0], s))
}

// foldIsClean reports whether s is pure ASCII and already in folded form,
// so Fold can return it unchanged.
func foldIsClean(s string) bool {
	prevSpace := true // a leading space is not clean
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= utf8.RuneSelf, 'A' <= c && c <= 'Z', c == '-', c == '\'', c == '.', '\t' <= c && c <= '\r':
			return false
		case c == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
		default:
			prevSpace = false
		}
	}
	return !prevSpace || s == ""
}

// appendFold appends the folded form of s to dst.
func appendFold(dst []byte, s string) []byte {
	b, start := dst, len(dst)
	pending := false // a space is due before the next letter
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			i++
			switch {
			case 'A' <= c && c <= 'Z':
				c += 'a' - 'A'
			case c == ' ', c == '-', c == '\'', c == '.', '\t' <= c && c <= '\r':
				pending = len(b) > start
				continue
			}
			if pending {
				b = append(b, ' ')
				pending = false
			}
			b = append(b, c)
			continue
		}
		// The decomposition table gives the full (recursive) NFKD
		// decomposition of one rune, so no intermediate string is built.
		p := norm.NFKD.PropertiesString(s[i:])
		d := p.Decomposition()
		n := p.Size()
		var one [utf8.UTFMax]byte
		if d == nil {
			var r rune
			r, n = utf8.DecodeRuneInString(s[i:]) // n is 1 for invalid UTF-8
			d = utf8.AppendRune(one[:0], r)
		}
		i += n
		for len(d) > 0 {
			r, size := utf8.DecodeRune(d)
			d = d[size:]
			kind, r, text := foldOne(r)
			switch kind {
			case foldDrop:
				continue
			case foldSpace:
				pending = len(b) > start
				continue
			}
			if pending {
				b = append(b, ' ')
				pending = false
			}
			if kind == foldText {
				b = append(b, text...)
			} else {
				b = utf8.AppendRune(b, r)
			}
		}
	}
	return b
}

// What foldOne makes of a rune.
const (
	foldDrop  = iota // nothing: an accent, a soft hyphen
	foldSpace        // a word separator
	foldRune         // the returned rune
	foldText         // the returned text: œ → oe
)

// foldOne folds one rune of an NFKD decomposition.
func foldOne(r rune) (kind int, folded rune, text string) {
	if r < utf8.RuneSelf {
		switch {
		case 'A' <= r && r <= 'Z':
			return foldRune, r + 'a' - 'A', ""
		case r == ' ', r == '-', r == '\'', r == '.', '\t' <= r && r <= '\r':
			return foldSpace, 0, ""
		}
		return foldRune, r, ""
	}
	switch r {
	case '\u00ad', '\u200c', '\u200d', '\u2060': // soft hyphen, zero-width (non-)joiners, word joiner
		return foldDrop, 0, ""
	case '\u2018', '\u2019', '\u02bc', '\u02bb', '\u00b4', '\u2032', // apostrophes and look-alikes
		'\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', // hyphens and dashes
		'\u00b7', '\u2024', '\u2027': // middle dot, one-dot leader, hyphenation point
		return foldSpace, 0, ""
	case 'œ', 'Œ':
		return foldText, 0, "oe"
	case 'æ', 'Æ':
		return foldText, 0, "ae"
	case 'ß', 'ẞ':
		return foldText, 0, "ss"
	case 'þ', 'Þ':
		return foldText, 0, "th"
	case 'ø', 'Ø':
		return foldRune, 'o', ""
	case 'ł', 'Ł':
		return foldRune, 'l', ""
	case 'đ', 'Đ', 'ð', 'Ð':
		return foldRune, 'd', ""
	case 'ı':
		return foldRune, 'i', ""
	case 'ħ', 'Ħ':
		return foldRune, 'h', ""
	case 'ς':
		return foldRune, 'σ', ""
	}
	if unicode.In(r, unicode.Mn, unicode.Me) {
		return foldDrop, 0, "" // the accent itself
	}
	if isSpace(r) {
		return foldSpace, 0, ""
	}
	return foldRune, unicode.ToLower(r), ""
}

// NameKey returns the key under which two names compare equal (SPEC §4):
// the folded first and last names, sorted and joined by "|", so that a
// first and last name typed the wrong way round give the same key.
// NameKey("Jean-François", "Côté") and NameKey("COTE", "jean francois")
// are both "cote|jean francois". A name counts for matching only when both
// parts are present, so the key is "" unless both fold to something.
func NameKey(first, last string) string {
	// Both parts are folded into one buffer so the key costs one allocation.
	var buf [96]byte
	b := appendFold(buf[:0], first)
	mid := len(b)
	b = append(b, '|')
	b = appendFold(b, last)
	a, c := b[:mid], b[mid+1:]
	if len(a) == 0 || len(c) == 0 {
		return ""
	}
	if string(c) < string(a) {
		return string(c) + "|" + string(a)
	}
	return string(b)
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
