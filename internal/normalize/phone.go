package normalize

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"
)

// ErrNotPhone is the reason given for a value that is not a phone number.
var ErrNotPhone = errors.New("not a phone number")

// The longest extension libphonenumber reads, by how clearly it is
// introduced (its createExtnPattern): the vaguer the label, the fewer
// digits, so that two numbers typed side by side are not read as a number
// and its extension.
const (
	extAfterExplicitLabel = 20 // ";ext=", "ext", "extension", "poste"…
	extAfterLikelyLabel   = 15 // ";" or ",," (auto-dialling pauses)
	extAfterAmbiguousChar = 9  // "x", "#", "~", "int", or one ","
	extWhenNotSure        = 6  // "555-0101-22#"
)

// maxPhoneLen bounds the bytes of a phone value: the longest number with
// the longest extension, written in full-width characters with spaces, is
// well under it, and the search for an extension is quadratic.
const maxPhoneLen = 256

// Phone returns the E.164 form of a phone number ("+15145550101") and its
// extension, digits only, kept apart because extensions are ignored for
// matching (SPEC §4). region is the ISO country (any case) assumed for
// numbers written without a country code; "" means CA. A number that is
// not valid in region but is a valid North American number written without
// a country code is read as one: a customer whose Country is France may
// give a Montréal cell phone.
//
// Extensions are read as libphonenumber reads them, and as long as it
// allows: after "ext", "ext.", "extn", "extension", "extensión", "poste",
// "доб", "anexo" or ";ext=" up to 20 digits; after an auto-dialling ";" or
// ",," up to 15; after "x", "#", "~", "int" or a single "," up to 9; and
// "555-0101-22#" up to 6. One exception: an extension after ";" or "," that
// is itself a whole North American number is a second number typed in the
// same cell, not an extension, and the value is refused.
//
// Digits and signs of other scripts and widths (full-width "＋５１４",
// Arabic-Indic digits…) are read as ASCII ones; soft hyphens and other
// invisible characters are skipped; no-break spaces and Unicode dashes are
// separators; a "tel:" prefix (RFC 3966, with its ext, phone-context and
// isub parameters) and a leading "++" are accepted.
//
// North American numbers, the bulk of every file, take a fast path that
// does not call libphonenumber: digits, the usual separators ( ) - . / and
// spaces and a leading +, giving 10 digits, or 11 starting with 1, whose
// area code and exchange both start with 2-9 and whose area code is not an
// N11 service code (411, 911…). Everything else is parsed and validated by
// libphonenumber for the region, so "+33 1 42 68 53 00" and "011 33 1 42 68
// 53 00" (dialled from Canada) both give +33142685300, and "123-456-7890"
// is refused.
//
// Letters are accepted only as a vanity number (at least three digits, then
// at least three letters, e.g. "1-800-FLOWERS" → +18003569377); they are
// read on a phone keypad and the result must be a valid number, so a word
// typed next to a number ("5145550101 home") is never silently dropped.
func Phone(raw, region string) (e164, ext string, err error) {
	s := trimSpace(raw)
	if s == "" {
		return "", "", nil
	}
	if len(s) > maxPhoneLen {
		return "", "", ErrNotPhone
	}
	if !isASCII(s) {
		s = trimSpace(asciiPhone(s))
	}
	if hasPrefixFold(s, "tel:") {
		if s, err = telURI(s[len("tel:"):]); err != nil {
			return "", "", err
		}
	}
	main, ext := splitExtension(s)
	region = regionCode(region)

	var buf [20]byte // digits of the number; anything longer is not a phone number
	n := 0
	plus, letters, digitsBeforeLetter := false, 0, -1
	for i := 0; i < len(main); i++ {
		c := main[i]
		switch {
		case '0' <= c && c <= '9':
			if n == len(buf) {
				return "", "", ErrNotPhone
			}
			buf[n] = c
			n++
		case c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/' || c == '\t':
		case c == '+':
			// "++1 650…" is read as "+1 650…", as libphonenumber does.
			if n > 0 || letters > 0 || plus && main[i-1] != '+' {
				return "", "", ErrNotPhone
			}
			plus = true
		case 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z':
			if letters == 0 {
				digitsBeforeLetter = n
			}
			letters++
			if n == len(buf) {
				return "", "", ErrNotPhone
			}
			buf[n] = keypad[(c|0x20)-'a']
			n++
		default:
			return "", "", ErrNotPhone
		}
	}
	if letters > 0 && (letters < 3 || digitsBeforeLetter < 3) {
		return "", "", ErrNotPhone
	}
	digits := buf[:n]
	if region == "CA" || region == "US" || plus {
		if d := nanp(digits, plus); d != nil {
			return plusOne(d), ext, nil
		}
	}
	if n < 3 {
		return "", "", ErrNotPhone
	}
	// Hand libphonenumber the digits only, so nothing it might skip over is
	// lost without a word.
	var in [21]byte
	k := 0
	if plus {
		in[0] = '+'
		k = 1
	}
	k += copy(in[k:], digits)
	e164, err = libPhone(string(in[:k]), region)
	if err != nil && !plus && region != "CA" && region != "US" {
		if d := nanp(digits, false); d != nil {
			return plusOne(d), ext, nil
		}
	}
	if err != nil {
		return "", "", err
	}
	return e164, ext, nil
}

// nanp returns the ten digits of a North American number written with or
// without its country code 1, or nil. With a plus sign the 1 is required.
func nanp(d []byte, plus bool) []byte {
	if len(d) == 11 && d[0] == '1' {
		d = d[1:]
	} else if plus {
		return nil // +<10 digits> has a country code other than 1
	}
	if len(d) == 10 && validNANP(d) {
		return d
	}
	return nil
}

func plusOne(d []byte) string {
	var out [12]byte
	out[0], out[1] = '+', '1'
	copy(out[2:], d)
	return string(out[:])
}

func libPhone(s, region string) (string, error) {
	num, err := phonenumbers.Parse(s, region)
	if err != nil || !phonenumbers.IsValidNumber(num) {
		return "", ErrNotPhone
	}
	return phonenumbers.Format(num, phonenumbers.E164), nil
}

// regionCode returns region as an upper-case ISO code, "CA" when empty.
func regionCode(region string) string {
	switch region {
	case "", "CA", "ca", "Ca":
		return "CA"
	case "US", "us", "Us":
		return "US"
	}
	return strings.ToUpper(strings.TrimSpace(region))
}

// validNANP reports whether ten digits form a North American number: area
// code and exchange starting with 2-9, and an area code that is not one of
// the N11 service codes (411, 911…).
func validNANP(d []byte) bool {
	return d[0] >= '2' && d[3] >= '2' && !(d[1] == '1' && d[2] == '1')
}

// keypad maps a-z to the digit of its phone key.
var keypad = [26]byte{
	'2', '2', '2', '3', '3', '3', '4', '4', '4', '5', '5', '5', '6',
	'6', '6', '7', '7', '7', '7', '8', '8', '8', '9', '9', '9', '9',
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// asciiPhone rewrites what libphonenumber reads like ASCII: decimal digits
// of any script, full-width forms ("＋５１４", "ｅｘｔ"), Unicode spaces and
// dashes. Invisible characters (soft hyphen, zero-width spaces) are
// skipped. Anything else is kept, lower-cased, for the parser to refuse or
// to read as an extension label ("доб").
func asciiPhone(s string) string {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			b = append(b, byte(r))
		case r == '\u00ad' || r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff':
		case 0xff01 <= r && r <= 0xff5e: // full-width ASCII
			b = append(b, byte(r-0xfee0))
		case unicode.Is(unicode.Nd, r):
			b = append(b, '0'+digitValue(r))
		case isSpace(r):
			b = append(b, ' ')
		case unicode.Is(unicode.Pd, r) || r == '\u2212' || r == '\u30fc':
			b = append(b, '-')
		case r == 'ó' || r == 'Ó': // "extensión"
			b = append(b, 'o')
		case r == '\u0301' && len(b) > 0 && b[len(b)-1] == 'o': // "extensión" with a combining accent
		default:
			b = utf8.AppendRune(b, unicode.ToLower(r))
		}
	}
	return string(b)
}

// digitValue returns the value of a decimal digit of any script. Unicode
// puts every script's digits in runs of ten, zero first, and unicode.Nd
// lists them as ranges of whole runs.
func digitValue(r rune) byte {
	for _, rg := range unicode.Nd.R16 {
		if rune(rg.Lo) <= r && r <= rune(rg.Hi) {
			return byte((r - rune(rg.Lo)) % 10)
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if rune(rg.Lo) <= r && r <= rune(rg.Hi) {
			return byte((r - rune(rg.Lo)) % 10)
		}
	}
	return 0
}

// telURI reads what follows "tel:" (RFC 3966): the number, then
// parameters: ext (the extension), phone-context (a "+" prefix for a local
// number; a domain name is ignored) and isub (an ISDN sub-address, which
// says nothing about the customer). It returns the number in the form
// Phone reads.
func telURI(s string) (string, error) {
	number, params, _ := strings.Cut(strings.TrimLeft(s, " "), ";")
	var context, ext string
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
		k, v, _ := strings.Cut(p, "=")
		switch strings.ToLower(k) {
		case "ext":
			ext = v
		case "phone-context":
			if strings.HasPrefix(v, "+") {
				context = v
			}
		case "isub":
		default:
			return "", ErrNotPhone
		}
	}
	if strings.HasPrefix(number, "+") {
		context = "" // a global number has no context
	}
	if ext != "" {
		return context + number + ";ext=" + ext, nil
	}
	return context + number, nil
}

// Extension labels, by the number of digits they may introduce.
var (
	explicitExtLabels = [...]string{"extension", "extensio", "xtension", "xtensio", "extn", "ext", "xtn", "xt",
		"poste", "anexo", "доб"}
	ambiguousExtLabels = [...]string{"int", "x", "#", "~"}
)

// splitExtension separates a trailing extension from the number, reading
// it as libphonenumber does (see Phone): the leftmost place from which a
// label, an extension of the length the label allows and an optional "#"
// run to the end of s. Without one, main is s.
func splitExtension(s string) (main, ext string) {
	hash := s != "" && s[len(s)-1] == '#'
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case isDigit(c) || c == '(' || c == ')' || c == '.' || c == '/':
			continue // no extension starts so
		case (c == ' ' || c == '-') && !hash:
			continue // an extension after a space or a dash ends in "#"
		}
		if e, ok := extensionAt(s, i); ok {
			return strings.TrimRight(s[:i], " \t,"), e
		}
	}
	return s, ""
}

// extensionAt reports whether an extension starts at s[i] and runs to the
// end of s, and returns its digits.
func extensionAt(s string, i int) (string, bool) {
	rest := s[i:]
	switch c := rest[0]; {
	case c == ';':
		if hasPrefixFold(rest, ";ext=") {
			return extDigits(rest[len(";ext="):], extAfterExplicitLabel, false)
		}
		return secondNumber(extDigits(afterExtLabel(rest[1:]), extAfterLikelyLabel, true))
	case c == ',':
		j := 0
		for j < len(rest) && rest[j] == ',' {
			j++
		}
		limit := extAfterAmbiguousChar
		if j >= 2 {
			limit = extAfterLikelyLabel
		}
		if e, ok := secondNumber(extDigits(afterExtLabel(rest[j:]), limit, true)); ok {
			return e, true
		}
	case c == ' ' || c == '-':
		// "555-0101-22#": a "#" is needed to tell the extension from the
		// last digits of the number.
		j := 0
		for j < len(rest) && (rest[j] == ' ' || rest[j] == '-') {
			j++
		}
		k := j
		for k < len(rest) && isDigit(rest[k]) {
			k++
		}
		if k > j && k-j <= extWhenNotSure && k+1 == len(rest) && rest[k] == '#' {
			return rest[j:k], true
		}
		return "", false
	}
	switch c := rest[0] | 0x20; {
	case c != 'e' && c != 'x' && c != 'p' && c != 'a' && c != 'i' && rest[0] != '#' && rest[0] != '~' && rest[0] != 0xd0:
		return "", false // no label starts so (0xd0 starts "доб")
	case isASCIILetter(s[i-1]):
		return "", false // a label starts a word, not the middle of one: "FEDEX"
	}
	for _, l := range explicitExtLabels {
		if hasPrefixFold(rest, l) {
			if e, ok := extDigits(afterExtLabel(rest[len(l):]), extAfterExplicitLabel, true); ok {
				return e, true
			}
		}
	}
	for _, l := range ambiguousExtLabels {
		if hasPrefixFold(rest, l) {
			if e, ok := extDigits(afterExtLabel(rest[len(l):]), extAfterAmbiguousChar, true); ok {
				return e, true
			}
		}
	}
	return "", false
}

// afterExtLabel skips what may follow an extension label: an optional "."
// or ":", then spaces, tabs, commas and dashes.
func afterExtLabel(s string) string {
	if s != "" && (s[0] == '.' || s[0] == ':') {
		s = s[1:]
	}
	return strings.TrimLeft(s, " \t,-")
}

// extDigits reports whether s is 1 to limit digits, optionally followed by
// "#" when hash is true, and nothing else.
func extDigits(s string, limit int, hash bool) (string, bool) {
	k := 0
	for k < len(s) && isDigit(s[k]) {
		k++
	}
	if hash && k < len(s) && s[k] == '#' && k+1 == len(s) {
		s = s[:k]
	}
	if k == 0 || k != len(s) || k > limit {
		return "", false
	}
	return s, true
}

// secondNumber refuses an "extension" after a pause that is a whole North
// American number: "5145550101;5145550102" is two numbers in one cell.
func secondNumber(ext string, ok bool) (string, bool) {
	if ok && nanp([]byte(ext), false) != nil {
		return "", false
	}
	return ext, ok
}

func isASCIILetter(c byte) bool {
	c |= 0x20
	return 'a' <= c && c <= 'z'
}

// hasPrefixFold reports whether s starts with the lower-case prefix,
// ignoring ASCII case.
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != prefix[i] {
			return false
		}
	}
	return true
}
