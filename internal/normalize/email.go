package normalize

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// ErrNotEmail is the reason given for a value that is not an email address.
var ErrNotEmail = errors.New("not an email address")

// Email returns an email address trimmed and in lower case, the form it is
// stored and compared in (SPEC §4: compare case-insensitively). Angle
// brackets around it ("<jf@x.ca>") and a "mailto:" prefix are removed.
//
// The checks are those that catch typing and export mistakes, not the whole
// of RFC 5322: exactly one @, something before it, no white space, no
// characters that cannot appear unquoted in an address (, ; : < > ( ) [ ] \ "),
// and a domain with at least one dot, no empty label and no leading or
// trailing dot or hyphen in a label. No provider-specific folding (Gmail
// dots, +tags) is done: those are different addresses as far as anyone but
// the provider knows.
func Email(raw string) (string, error) {
	s := trimSpace(raw)
	if s == "" {
		return "", nil
	}
	if len(s) >= 2 && s[0] == '<' && s[len(s)-1] == '>' {
		s = trimSpace(s[1 : len(s)-1])
	}
	if hasPrefixFold(s, "mailto:") {
		s = trimSpace(s[len("mailto:"):])
	}
	at := -1
	upper, nonASCII := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '@':
			if at >= 0 {
				return "", ErrNotEmail
			}
			at = i
		case 'A' <= c && c <= 'Z':
			upper = true
		case c <= ' ', c == 0x7f, c == ',', c == ';', c == ':', c == '<', c == '>',
			c == '(', c == ')', c == '[', c == ']', c == '\\', c == '"':
			return "", ErrNotEmail
		case c >= utf8.RuneSelf:
			nonASCII = true
		}
	}
	if at <= 0 || !validDomain(s[at+1:]) {
		return "", ErrNotEmail
	}
	if nonASCII {
		for _, r := range s {
			if isSpace(r) || r == utf8.RuneError {
				return "", ErrNotEmail
			}
		}
	}
	if upper || nonASCII {
		s = strings.ToLower(s)
	}
	return s, nil
}

// validDomain reports whether d has at least two labels, none of them empty
// or starting or ending with a hyphen.
func validDomain(d string) bool {
	labels := 0
	for d != "" {
		i := strings.IndexByte(d, '.')
		label := d
		if i >= 0 {
			label, d = d[:i], d[i+1:]
			if d == "" {
				return false // trailing dot
			}
		} else {
			d = ""
		}
		if label == "" || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		labels++
	}
	return labels >= 2
}
