package normalize

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Reasons given for bad vehicle values.
var (
	ErrNotYear          = errors.New("not a year")
	ErrYearOutOfRange   = errors.New("year out of range") // for errors.Is; the message gives the range
	ErrNotVIN           = errors.New("not a VIN (17 letters and digits, no I, O or Q)")
	ErrNotOdometer      = errors.New("not an odometer reading")
	ErrOdometerFraction = errors.New("odometer must be a whole number of km")
	ErrOdometerNegative = errors.New("odometer cannot be negative")
	ErrOdometerMiles    = errors.New("odometer in miles: enter kilometres")
	ErrOdometerTooLarge = errors.New("odometer reading too large")
)

// MinYear is the oldest vehicle year accepted. The newest is next year + 1
// (SPEC §3): next year's models are sold from the summer before, and the
// year after's are already announced and pre-booked.
const MinYear = 1900

// Year returns a vehicle year as four digits, from MinYear to
// now.Year()+2. Excel writes a numeric column as "2021.0" (or "2021,0" on
// French Windows); a zero decimal part is accepted and dropped, any other
// ("2021.5") is refused. Two-digit years are refused, not guessed.
func Year(raw string, now time.Time) (string, error) {
	s := trimSpace(raw)
	if s == "" {
		return "", nil
	}
	digits := s
	if i := strings.IndexAny(s, ".,"); i >= 0 {
		digits = s[:i]
		frac := s[i+1:]
		if frac == "" || !allDigits(frac) || strings.Trim(frac, "0") != "" {
			return "", ErrNotYear
		}
	}
	if !allDigits(digits) {
		return "", ErrNotYear
	}
	if len(digits) == 2 {
		return "", ErrTwoDigitYear
	}
	if len(digits) != 4 {
		return "", ErrNotYear
	}
	y := int(digits[0]-'0')*1000 + int(digits[1]-'0')*100 + int(digits[2]-'0')*10 + int(digits[3]-'0')
	if y < MinYear || y > now.Year()+2 {
		return "", yearRangeError{max: now.Year() + 2}
	}
	return digits, nil
}

// yearRangeError says which years are accepted; errors.Is matches it with
// ErrYearOutOfRange.
type yearRangeError struct{ max int }

func (e yearRangeError) Error() string {
	return fmt.Sprintf("year must be between %d and %d", MinYear, e.max)
}

func (e yearRangeError) Is(target error) bool { return target == ErrYearOutOfRange }

// VIN returns a vehicle identification number trimmed, without spaces or
// dashes, in upper case: 17 letters and digits without I, O or Q, which
// VINs never use. The check digit (9th character) is not verified: only
// North American VINs carry one, and imported or grey-market vehicles would
// be refused.
func VIN(raw string) (string, error) {
	s := trimSpace(raw)
	if s == "" {
		return "", nil
	}
	var b [17]byte
	n := 0
	clean := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '-':
			clean = false
			continue
		case 'a' <= c && c <= 'z':
			c -= 'a' - 'A'
			clean = false
		case '0' <= c && c <= '9', 'A' <= c && c <= 'Z':
		case c >= utf8.RuneSelf:
			if s, ok := asciiSpaces(s); ok {
				return VIN(s)
			}
			return "", ErrNotVIN
		default:
			return "", ErrNotVIN
		}
		if c == 'I' || c == 'O' || c == 'Q' || n == len(b) {
			return "", ErrNotVIN
		}
		b[n] = c
		n++
	}
	if n != len(b) {
		return "", ErrNotVIN
	}
	if clean {
		return s, nil
	}
	return string(b[:]), nil
}

// Odometer returns an odometer reading as a whole number of kilometres in
// decimal digits ("123456"). It accepts an optional unit (km, kms,
// kilomètres) and thousands separators: spaces (including the no-break
// and narrow no-break spaces Excel writes on French Windows), commas or
// dots, as long as every group after the first has exactly three digits
// ("123 456 km", "123,456", "123.456"). A decimal part is accepted only when
// it is zero ("123456.0", from Excel); "12,5" is refused rather than read
// as 125 or 12. A seven-digit odometer is the most a vehicle has, so a
// larger number (usually another column's value) is refused. Readings in miles are refused, not converted: the rounding
// would be a guess and the customer's own figure would be lost.
func Odometer(raw string) (string, error) {
	s := trimSpace(raw)
	if s == "" {
		return "", nil
	}
	s, err := stripOdometerUnit(s)
	if err != nil {
		return "", err
	}
	if s[0] == '-' || strings.HasPrefix(s, "\u2212") {
		return "", ErrOdometerNegative
	}
	if s[0] == '+' {
		s = s[1:]
	}

	var groups [8]string // more groups than any reading needs
	var seps [8]byte     // separator before groups[i]: ' ' for any space, ',' or '.'
	g := 0
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j == i || g == len(groups) {
			return "", ErrNotOdometer
		}
		groups[g] = s[i:j]
		g++
		if j == len(s) {
			break
		}
		// One separator: a comma, a dot, or a run of spaces.
		sep, k := s[j], j+1
		switch {
		case sep == ',' || sep == '.':
		case sep == ' ':
			for k < len(s) && s[k] == ' ' {
				k++
			}
		default:
			r, size := utf8.DecodeRuneInString(s[j:])
			if !isSpace(r) {
				return "", ErrNotOdometer
			}
			sep, k = ' ', j+size
			for k < len(s) {
				r, size := utf8.DecodeRuneInString(s[k:])
				if !isSpace(r) {
					break
				}
				k += size
			}
		}
		if k == len(s) {
			return "", ErrNotOdometer
		}
		seps[g] = sep
		i = k
	}
	// A last group after a comma or dot that is not three digits long is a
	// decimal part.
	if g > 1 && seps[g-1] != ' ' && len(groups[g-1]) != 3 {
		if strings.Trim(groups[g-1], "0") != "" {
			return "", ErrOdometerFraction
		}
		decimal := seps[g-1]
		g--
		for i := 1; i < g; i++ {
			if seps[i] == decimal {
				return "", ErrNotOdometer
			}
		}
	}
	if g > 1 {
		if len(groups[0]) > 3 {
			return "", ErrNotOdometer
		}
		for i := 1; i < g; i++ {
			if len(groups[i]) != 3 || seps[i] != seps[1] {
				if seps[i] != ' ' && len(groups[i]) != 3 {
					return "", ErrOdometerFraction
				}
				return "", ErrNotOdometer
			}
		}
	}
	if g == 1 { // digits only: no copy needed
		digits := strings.TrimLeft(groups[0], "0")
		if digits == "" {
			return "0", nil
		}
		if len(digits) > len("9999999") {
			return "", ErrOdometerTooLarge
		}
		return digits, nil
	}
	var out [24]byte
	n := 0
	for _, grp := range groups[:g] {
		if n == 0 {
			grp = strings.TrimLeft(grp, "0")
		}
		n += copy(out[n:], grp)
	}
	if n == 0 {
		return "0", nil
	}
	if n > len("9999999") {
		return "", ErrOdometerTooLarge
	}
	return string(out[:n]), nil
}

// stripOdometerUnit removes a unit written after the number: kilometres
// are the unit the field is in, miles are refused.
func stripOdometerUnit(s string) (string, error) {
	end := strings.LastIndexFunc(s, func(r rune) bool { return '0' <= r && r <= '9' }) + 1
	if end == len(s) {
		return s, nil
	}
	if end == 0 {
		return "", ErrNotOdometer
	}
	switch Fold(trimSpace(s[end:])) {
	case "km", "kms", "k", "kilometre", "kilometres", "kilometer", "kilometers":
	case "mi", "mile", "miles", "mille", "milles":
		return "", ErrOdometerMiles
	default:
		return "", ErrNotOdometer
	}
	return trimSpace(s[:end]), nil
}
