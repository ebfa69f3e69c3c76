package xlsxread

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// numKind is how a number cell of a style reads.
type numKind uint8

const (
	numGeneral numKind = iota // the number itself, every digit
	numDate                   // a date, or a date and time
	numZeros                  // a whole number padded with zeros ("00000")
	numTime                   // a time of day or a duration, as Excel shows it
)

// cellStyle is what Leadport needs of a cell style (an <xf> of cellXfs):
// how its number format reads.
type cellStyle struct {
	kind  numKind
	width int    // numZeros: the digits shown
	code  string // numTime: the format code
}

// styleOf tells how a number format reads: custom formats by their code,
// built-in ones by their id. Other number formats (thousands separators,
// currency, percent, exponent) are not applied, so that the value reads as
// the number itself.
func styleOf(id int, code string, custom bool) cellStyle {
	switch {
	case custom && isDateFormat(code), !custom && builtInDate(id):
		return cellStyle{kind: numDate}
	case custom && zeroPadded(code):
		return cellStyle{kind: numZeros, width: len(code)}
	case custom && isTimeFormat(code):
		return cellStyle{kind: numTime, code: code}
	case !custom && builtInTime(id):
		return cellStyle{kind: numTime, code: builtInTimeCodes[id]}
	}
	return cellStyle{}
}

// builtInDate reports whether a built-in number format shows a date (with or
// without a time): 14-17 and 22, and the East Asian date formats. The
// built-in time-only formats (18-21, 45-47) are not dates.
func builtInDate(id int) bool {
	return (14 <= id && id <= 17) || id == 22 || (27 <= id && id <= 31) || (34 <= id && id <= 36) || (50 <= id && id <= 58)
}

// builtInTime reports whether a built-in number format shows a time of day
// or a duration alone.
func builtInTime(id int) bool {
	_, ok := builtInTimeCodes[id]
	return ok
}

// builtInTimeCodes are the codes of the built-in time formats.
var builtInTimeCodes = map[int]string{
	18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss",
	32: `h"時"mm"分"`, 33: `h"時"mm"分"ss"秒"`,
	45: "mm:ss", 46: "[h]:mm:ss", 47: "mm:ss.0",
}

// isTimeFormat reports whether a custom format shows a time of day or a
// duration alone, "hh:mm" or "[h]:mm:ss".
func isTimeFormat(code string) bool {
	s := formatLetters(code)
	return !isDateFormat(code) && strings.ContainsAny(s, "hs") && !strings.ContainsAny(s, "0#?")
}

// isDateFormat reports whether a custom number format code shows a date: it
// has a year, a day or a month (m not next to an hour or a second), once
// quoted text, escaped characters, brackets ([Red], [$-409]) and the text
// and number sections are set aside.
func isDateFormat(code string) bool {
	s := formatLetters(code)
	if strings.ContainsAny(s, "yd") {
		return true
	}
	// A month alone ("mmm yyyy" is caught above): m with no h or s.
	return strings.Contains(s, "m") && !strings.ContainsAny(s, "hs0#?")
}

// formatLetters returns the first section of a number format code in lower
// case without its quoted text, escaped characters and brackets, except an
// elapsed-time one ([h]).
func formatLetters(code string) string {
	section := firstSection(code)
	var b strings.Builder
	for i := 0; i < len(section); i++ {
		switch c := section[i]; c {
		case '"':
			if j := strings.IndexByte(section[i+1:], '"'); j >= 0 {
				i += j + 1
			} else {
				i = len(section)
			}
		case '\\', '_', '*':
			i++ // the next character is literal, or padding
		case '[':
			j := strings.IndexByte(section[i:], ']')
			if j < 0 {
				i = len(section)
				break
			}
			if inner := strings.ToLower(section[i+1 : i+j]); strings.Trim(inner, "hms") == "" {
				b.WriteString(inner) // [h]:mm, an elapsed time
			}
			i += j
		default:
			b.WriteByte(c | 0x20) // ASCII lower case
		}
	}
	return b.String()
}

// firstSection returns the section of a format code for positive numbers:
// up to the first ';' outside quotes.
func firstSection(code string) string {
	quoted := false
	for i := 0; i < len(code); i++ {
		switch code[i] {
		case '"':
			quoted = !quoted
		case '\\':
			i++
		case ';':
			if !quoted {
				return code[:i]
			}
		}
	}
	return code
}

// zeroPadded reports whether a number format pads whole numbers with zeros
// and does nothing else ("00000" for a postal code): its zeros are part of
// the value as people see it.
func zeroPadded(code string) bool {
	return len(code) > 1 && strings.Trim(code, "0") == ""
}

// appendNumber appends the text of a number cell, whose value is v, in
// style st. It reports whether the text is a date. A value that is not a
// number is appended as it is.
func appendNumber(dst []byte, v string, st cellStyle, date1904 bool) ([]byte, bool) {
	if strings.IndexByte(v, '_') >= 0 {
		return append(dst, v...), false
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return append(dst, v...), false
	}
	switch st.kind {
	case numDate:
		if t, ok := serialTime(f, date1904); ok {
			return appendISO(dst, t), true
		}
	case numZeros:
		if math.Abs(f) < 1e15 {
			n := int64(math.Round(f))
			if n < 0 {
				dst = append(dst, '-')
				n = -n
			}
			digits := strconv.FormatInt(n, 10)
			for i := len(digits); i < st.width; i++ {
				dst = append(dst, '0')
			}
			return append(dst, digits...), false
		}
	case numTime:
		if 0 <= f && f < 1e7 {
			return appendTime(dst, f, st.code), false
		}
	}
	return appendPlain(dst, v, f), false
}

// appendPlain writes a number with all its digits and never in exponent
// form: 5145550101 stays 5145550101. Excel keeps 15 significant digits:
// beyond that, a number reads as Excel shows it, 12345678901234500.
func appendPlain(dst []byte, v string, f float64) []byte {
	start := len(dst)
	dst = strconv.AppendFloat(dst, f, 'f', -1, 64)
	digits := len(dst) - start
	for _, c := range dst[start:] {
		if c == '.' {
			digits--
		}
	}
	if digits <= 15 || wholeWithin15(v) {
		return dst
	}
	// As many digits as Excel keeps, then written out in full.
	g, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'G', 15, 64), 64)
	return strconv.AppendFloat(dst[:start], g, 'f', -1, 64)
}

// wholeWithin15 reports whether v is a whole number written with at most 15
// significant digits and zeros after them.
func wholeWithin15(v string) bool {
	if strings.ContainsAny(v, ".Ee") {
		return false
	}
	v = strings.TrimLeft(v, "+-0")
	return len(strings.TrimRight(v, "0")) <= 15
}

var (
	epoch1900 = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	epoch1904 = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
)

// serialTime turns an Excel serial date (days since the workbook's epoch,
// the time of day as the fraction) into a time, to the nearest second.
// Excel counts a 29 February 1900 that never was: the days before it are
// one off.
func serialTime(v float64, date1904 bool) (time.Time, bool) {
	if v < 0 || v >= 2958466 { // after 9999-12-31
		return time.Time{}, false
	}
	epoch := epoch1900
	switch {
	case date1904:
		epoch = epoch1904
	case v < 61:
		epoch = epoch.AddDate(0, 0, 1)
	}
	return epoch.Add(time.Duration(math.Round(v*86400)) * time.Second), true
}

// appendISO writes a date as "2026-03-14", "2026-03-14 09:30" or
// "2026-03-14 09:30:15".
func appendISO(dst []byte, t time.Time) []byte {
	dst = t.AppendFormat(dst, "2006-01-02")
	switch h, m, s := t.Clock(); {
	case h == 0 && m == 0 && s == 0:
		return dst
	case s == 0:
		return t.AppendFormat(dst, " 15:04")
	}
	return t.AppendFormat(dst, " 15:04:05")
}

// appendTime writes a time of day or a duration (days, as Excel keeps it)
// as the format code shows it: "h:mm" of 0.5 is "12:00", "h:mm AM/PM" is
// "12:00 PM", "[h]:mm" of 1.5 is "36:00".
func appendTime(dst []byte, v float64, code string) []byte {
	section := firstSection(code)
	// The fraction of a second shown, after the seconds: ".0", ".00".
	fraction := 0
	ampm := ""
	lower := strings.ToLower(section)
	if i := strings.Index(lower, "s.0"); i >= 0 {
		for j := i + 2; j < len(section) && section[j] == '0'; j++ {
			fraction++
		}
	}
	switch {
	case strings.Contains(lower, "am/pm"):
		ampm = "AM/PM"
	case strings.Contains(lower, "a/p"):
		ampm = "A/P"
	}
	scale := math.Pow10(fraction)
	units := int64(math.Round(v * 86400 * scale))
	secs, frac := units/int64(scale), units%int64(scale)
	hour := secs / 3600 % 24
	if ampm != "" {
		hour %= 12
		if hour == 0 {
			hour = 12
		}
	}
	pad := func(dst []byte, n int64, width int) []byte {
		s := strconv.FormatInt(n, 10)
		for i := len(s); i < width; i++ {
			dst = append(dst, '0')
		}
		return append(dst, s...)
	}
	for i := 0; i < len(section); {
		c := section[i]
		run := 1
		for i+run < len(section) && section[i+run]|0x20 == c|0x20 {
			run++
		}
		switch c | 0x20 {
		case 'h':
			dst = pad(dst, hour, min(run, 2))
			i += run
			continue
		case 'm':
			dst = pad(dst, secs/60%60, min(run, 2))
			i += run
			continue
		case 's':
			dst = pad(dst, secs%60, min(run, 2))
			i += run
			continue
		}
		switch {
		case c == '"':
			j := strings.IndexByte(section[i+1:], '"')
			if j < 0 {
				j = len(section) - i - 1
			}
			dst = append(dst, section[i+1:i+1+j]...)
			i += j + 2
		case c == '\\' || c == '_' || c == '*':
			_, n := utf8.DecodeRuneInString(section[min(i+1, len(section)):])
			if c == '\\' {
				dst = append(dst, section[i+1:i+1+n]...)
			} else if c == '_' {
				dst = append(dst, ' ')
			}
			i += 1 + n
		case c == '[':
			j := strings.IndexByte(section[i:], ']')
			if j < 0 {
				j = len(section) - i
			}
			inner := strings.ToLower(section[i+1 : i+j])
			if inner != "" && strings.Trim(inner, string(inner[0])) == "" {
				switch inner[0] {
				case 'h':
					dst = pad(dst, secs/3600, len(inner))
				case 'm':
					dst = pad(dst, secs/60, len(inner))
				case 's':
					dst = pad(dst, secs, len(inner))
				}
			}
			i += j + 1
		case c == '.' && fraction > 0 && strings.HasPrefix(section[i+1:], strings.Repeat("0", fraction)):
			dst = append(dst, '.')
			dst = pad(dst, frac, fraction)
			i += 1 + fraction
		case ampm != "" && strings.EqualFold(section[i:min(i+len(ampm), len(section))], ampm):
			marker := section[i : i+len(ampm)]
			am, pm, _ := strings.Cut(marker, "/")
			if secs/3600%24 < 12 {
				dst = append(dst, am...)
			} else {
				dst = append(dst, pm...)
			}
			i += len(ampm)
		default:
			_, n := utf8.DecodeRuneInString(section[i:])
			dst = append(dst, section[i:i+n]...)
			i += n
		}
	}
	return dst
}
