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

// maxExtensionDigits bounds an extension: seven or more digits after an
// "ext" are more likely a second phone number typed in the same cell.
const maxExtensionDigits = 6

// Phone returns the E.164 form of a phone number ("+15145550101") and its
// extension, digits only, kept apart because extensions are ignored for
// matching (SPEC §4). region is the ISO country (any case) assumed for
// numbers written without a country code; "" means CA.
//
// An extension may be written "x", "ext", "ext.", "extension", "poste" or
// "#", in any case, with or without spaces: "514-555-0101 poste 22".
//
// North American numbers, the bulk of every file, take a fast path that
// does not call libphonenumber: digits, the usual separators ( ) - . / and
// spaces (no-break spaces and Unicode dashes too) and a leading +, giving
// 10 digits, or 11 starting with 1, whose area code and exchange both start
// with 2-9 and whose area code is not an N11 service code (411, 911…).
// Everything else is parsed and validated by libphonenumber for the region,
// so "+33 1 42 68 53 00" and "011 33 1 42 68 53 00" (dialled from Canada)
// both give +33142685300, and "123-456-7890" is refused.
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
	main, ext, ok := splitExtension(s)
	if !ok {
		return "", "", ErrNotPhone
	}
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
			if plus || n > 0 || letters > 0 {
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
		case c >= utf8.RuneSelf:
			// No-break spaces and Unicode dashes are separators too.
			r, size := utf8.DecodeRuneInString(main[i:])
			if !isSpace(r) && !unicode.Is(unicode.Pd, r) && r != '\u2212' {
				return "", "", ErrNotPhone
			}
			i += size - 1
		default:
			return "", "", ErrNotPhone
		}
	}
	if letters > 0 && (letters < 3 || digitsBeforeLetter < 3) {
		return "", "", ErrNotPhone
	}
	digits := buf[:n]
	if region == "CA" || region == "US" || plus {
		d := digits
		if len(d) == 11 && d[0] == '1' {
			d = d[1:]
		} else if plus {
			d = nil // +<10 digits> has a country code other than 1
		}
		if len(d) == 10 && validNANP(d) {
			var out [12]byte
			out[0], out[1] = '+', '1'
			copy(out[2:], d)
			return string(out[:]), ext, nil
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
	return libPhone(string(in[:k]), ext, region)
}

func libPhone(s, ext, region string) (string, string, error) {
	num, err := phonenumbers.Parse(s, region)
	if err != nil || !phonenumbers.IsValidNumber(num) {
		return "", "", ErrNotPhone
	}
	if ext == "" {
		ext = num.GetExtension()
	}
	return phonenumbers.Format(num, phonenumbers.E164), ext, nil
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

// extMarkers are the ways an extension is introduced, longest first so
// "ext." is not read as "ext" followed by a stray dot.
var extMarkers = [...]string{"extension", "poste", "ext.", "ext", "x", "#"}

// splitExtension separates a trailing extension from the number. ok is
// false when a marker is followed by something other than digits.
func splitExtension(s string) (main, ext string, ok bool) {
	for i := 1; i < len(s); i++ {
		c := s[i] | 0x20
		if c != 'e' && c != 'p' && c != 'x' && s[i] != '#' {
			continue
		}
		if p := s[i-1]; isASCIILetter(p) {
			continue // part of a word or of a vanity number: "FEDEX"
		}
		for _, m := range extMarkers {
			if !hasPrefixFold(s[i:], m) {
				continue
			}
			rest := s[i+len(m):]
			j := 0
			for j < len(rest) && (rest[j] == ' ' || rest[j] == '.' || rest[j] == ':' || rest[j] == '#' || rest[j] == '-') {
				j++
			}
			k := j
			for k < len(rest) && '0' <= rest[k] && rest[k] <= '9' {
				k++
			}
			if k < len(rest) && m != "#" && isASCIILetter(rest[k]) && j == 0 {
				continue // "ext" is the start of a longer word
			}
			if k == j || k != len(rest) || k-j > maxExtensionDigits {
				return "", "", false
			}
			return s[:i], rest[j:k], true
		}
	}
	return s, "", true
}

func isASCIILetter(c byte) bool {
	c |= 0x20
	return 'a' <= c && c <= 'z'
}

// hasPrefixFold reports whether s starts with the lower-case ASCII prefix,
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
