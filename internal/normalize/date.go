package normalize

import (
	"errors"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// DateOrder says how a date written with numbers only and the year last
// ("03/04/2024") is read. ISO dates (year first) are always accepted.
type DateOrder int

const (
	// ISOOnly accepts only year-first dates; "03/04/2024" is refused.
	ISOOnly DateOrder = iota
	// DayFirst also reads DD/MM/YYYY, DD-MM-YYYY and DD.MM.YYYY.
	DayFirst
	// MonthFirst also reads MM/DD/YYYY, MM-DD-YYYY and MM.DD.YYYY.
	MonthFirst
)

// String returns the name ParseDateOrder accepts for o: ymd, dmy or mdy.
func (o DateOrder) String() string {
	switch o {
	case DayFirst:
		return "dmy"
	case MonthFirst:
		return "mdy"
	}
	return "ymd"
}

// Reasons given for bad dates and times.
var (
	ErrNotDate        = errors.New("not a date")
	ErrImpossibleDate = errors.New("impossible date")
	ErrTwoDigitYear   = errors.New("year must have 4 digits")
	ErrDateOrder      = errors.New("date format not recognised: choose day-first or month-first")
	ErrWeekday        = errors.New("day of the week does not match the date")
	ErrNotTime        = errors.New("time not recognised")
	ErrImpossibleTime = errors.New("impossible time")
	ErrNotDateOrder   = errors.New("unknown date format: use ymd, dmy or mdy")
)

// ParseDateOrder reads the name of a date order as the CLI and the API
// take it: "" or "ymd" (ISO only), "dmy" (day first) or "mdy" (month
// first), in any case.
func ParseDateOrder(s string) (DateOrder, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "ymd":
		return ISOOnly, nil
	case "dmy":
		return DayFirst, nil
	case "mdy":
		return MonthFirst, nil
	}
	return ISOOnly, ErrNotDateOrder
}

// Date returns a date as "YYYY-MM-DD".
//
// Accepted under every order: ISO dates, year first, with "-", "/" or "."
// ("2024-03-12", "2024/3/12"), the ISO basic form "20240312", and dates
// with the month in letters in English or French, which cannot be misread:
// "12 mars 2024", "1er mars 2024", "12-Mar-2024", "March 12, 2024",
// "mardi 12 mars 2024" (a day of the week must match the date). Under
// DayFirst also DD/MM/YYYY, DD-MM-YYYY and DD.MM.YYYY; under MonthFirst also
// MM/DD/YYYY and the like. Under ISOOnly those are refused with
// ErrDateOrder, whatever their numbers: "03/04/2024" is never guessed.
//
// A date impossible under the chosen order is refused (ErrImpossibleDate),
// even when the other order would make sense of it: 31/04/2024 is not
// rolled over to 1 May, and 04/25/2024 under DayFirst is not read as
// 25 April. Years must have four digits (ErrTwoDigitYear): "03/04/24" could
// be 1924 or 2024, and a birth date makes both plausible.
//
// A time written after the date is checked (an impossible time is an
// error) and dropped, and so is its offset: the date is the one written.
func Date(raw string, order DateOrder) (string, error) {
	s := trimSpace(raw)
	if s == "" {
		return "", nil
	}
	var dt dateTime
	if err := dt.parse(s, order); err != nil {
		return "", err
	}
	if len(s) == 10 && s[4] == '-' && s[7] == '-' {
		return s, nil // already "YYYY-MM-DD": parse checked every byte
	}
	var b [10]byte
	dt.appendDate(b[:0])
	return string(b[:]), nil
}

// DateTime returns a date and time as "YYYY-MM-DDTHH:MM:SS", followed by the
// offset from UTC when one was written ("Z" or "±HH:MM"); no offset means
// the local time of the dealership, and none is invented. A date alone
// gives midnight, "T00:00:00".
//
// Dates are read as by Date. Times may follow a space, a "T", or "à"/"at":
// HH:MM or HH:MM:SS with fractional seconds dropped (not rounded), the
// French "14h30" or "14h", and 12-hour times "2:30 PM", "2 pm", "2:30 a.m."
// (12 AM is midnight). Offsets: Z, UTC, ±HH:MM, ±HHMM or ±HH. An impossible
// time ("25:00", "13:00 PM", "10:60") is refused, never rolled over.
func DateTime(raw string, order DateOrder) (string, error) {
	s := trimSpace(raw)
	if s == "" {
		return "", nil
	}
	var dt dateTime
	if err := dt.parse(s, order); err != nil {
		return "", err
	}
	var b [len("2006-01-02T15:04:05+07:00")]byte
	out := dt.appendDate(b[:0])
	out = append(out, 'T')
	out = append2(out, dt.hour)
	out = append(out, ':')
	out = append2(out, dt.min)
	out = append(out, ':')
	out = append2(out, dt.sec)
	out = append(out, dt.offset...)
	return string(out), nil
}

type dateTime struct {
	year, month, day int
	hour, min, sec   int
	offset           string // "", "Z" or "±HH:MM"
}

func (dt *dateTime) appendDate(b []byte) []byte {
	y := dt.year
	b = append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-')
	b = append2(b, dt.month)
	b = append(b, '-')
	return append2(b, dt.day)
}

func append2(b []byte, n int) []byte {
	return append(b, byte('0'+n/10), byte('0'+n%10))
}

// parse reads a non-empty, trimmed date with an optional time.
func (dt *dateTime) parse(s string, order DateOrder) error {
	rest, err := dt.parseDate(s, order)
	if err != nil {
		return err
	}
	if !validDate(dt.year, dt.month, dt.day) {
		return ErrImpossibleDate
	}
	if rest == "" {
		return nil
	}
	switch {
	case rest[0] == 'T' || rest[0] == 't':
		rest = rest[1:]
	case rest[0] == ',' || rest[0] == ' ' || rest[0] >= utf8.RuneSelf:
		rest = strings.TrimLeftFunc(rest, func(r rune) bool { return r == ',' || isSpace(r) })
		for _, word := range [...]string{"à ", "a ", "at ", "@"} {
			if hasPrefixFold(rest, word) {
				rest = trimSpace(rest[len(word):])
				break
			}
		}
	default:
		return ErrNotDate
	}
	return dt.parseTime(rest)
}

// parseDate reads the date at the start of s and returns what follows it.
func (dt *dateTime) parseDate(s string, order DateOrder) (rest string, err error) {
	if !isDigit(s[0]) {
		return dt.parseTextDate(s)
	}
	n1, l1 := readNumber(s)
	if l1 == 8 && (len(s) == 8 || s[8] == 'T' || s[8] == 't' || s[8] == ' ') {
		// ISO basic form, 20240312: no day-first or month-first date with a
		// year from 1900 to 2099 reads as a valid YYYYMMDD (its "month" would
		// be 19 or 20), so it cannot be misread.
		dt.year, dt.month, dt.day = n1/10000, n1/100%100, n1%100
		return s[8:], nil
	}
	if l1 == len(s) || (s[l1] != '-' && s[l1] != '/' && s[l1] != '.') {
		return dt.parseTextDate(s)
	}
	sep := s[l1]
	i := l1 + 1
	n2, l2 := readNumber(s[i:])
	if l2 == 0 {
		return dt.parseTextDate(s) // 12-Mar-2024
	}
	i += l2
	if i == len(s) || s[i] != sep {
		return "", ErrNotDate
	}
	i++
	n3, l3 := readNumber(s[i:])
	if l3 == 0 {
		return "", ErrNotDate
	}
	i += l3
	short := func(l int) bool { return l == 1 || l == 2 }
	switch {
	case l1 == 4 && short(l2) && short(l3):
		dt.year, dt.month, dt.day = n1, n2, n3
	case short(l1) && short(l2) && l3 == 4:
		switch order {
		case DayFirst:
			dt.day, dt.month = n1, n2
		case MonthFirst:
			dt.month, dt.day = n1, n2
		default:
			return "", ErrDateOrder
		}
		dt.year = n3
	case short(l1) && short(l2) && short(l3):
		return "", ErrTwoDigitYear
	default:
		return "", ErrNotDate
	}
	return s[i:], nil
}

// readNumber reads up to 9 leading decimal digits of s, returning their
// value and how many there were (more than 9 digits is reported as 10).
func readNumber(s string) (n, length int) {
	for length < len(s) && isDigit(s[length]) {
		if length == 9 {
			return n, 10
		}
		n = n*10 + int(s[length]-'0')
		length++
	}
	return n, length
}

func validDate(y, m, d int) bool {
	if y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 {
		return false
	}
	return d <= daysIn(y, m)
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// dateToken is a word or a number of a date written with its month in
// letters.
type dateToken struct {
	word    string // folded; "" for a number
	num     int
	digits  int // number of digits; 0 for a word
	ordinal bool
}

// parseTextDate reads dates with the month in letters: day month year,
// month day year, or year month day, optionally after a day of the week,
// "le" or "the", with "of" allowed before the month ("12th of March").
func (dt *dateTime) parseTextDate(s string) (rest string, err error) {
	var core [3]dateToken
	n := 0
	weekday := -1
	i := 0
	for n < 3 {
		for i < len(s) {
			r, size := utf8.DecodeRuneInString(s[i:])
			if !(isSpace(r) || r == ',' || r == '-' || r == '/' || r == '.') {
				break
			}
			i += size
		}
		if i == len(s) {
			return "", ErrNotDate
		}
		var tok dateToken
		j := i
		if isDigit(s[i]) {
			tok.num, tok.digits = readNumber(s[i:])
			j += tok.digits
			// An ordinal suffix written against the number: 1er, 2nd, 12th.
			k := j
			for k < len(s) && isASCIILetter(s[k]) {
				k++
			}
			switch strings.ToLower(s[j:k]) {
			case "":
			case "er", "re", "e", "st", "nd", "rd", "th":
				tok.ordinal = true
				j = k
			}
		} else {
			for j < len(s) {
				r, size := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) {
					break
				}
				j += size
			}
			if j == i {
				return "", ErrNotDate
			}
			tok.word = Fold(s[i:j])
		}
		i = j
		if tok.word != "" {
			if m := monthNumber(tok.word); m > 0 {
				tok.num = m
			} else if wd, ok := weekdays[tok.word]; ok && n == 0 && weekday < 0 {
				weekday = int(wd)
				continue
			} else if tok.word == "le" || tok.word == "the" || tok.word == "of" {
				continue
			} else {
				return "", ErrNotDate
			}
		}
		core[n] = tok
		n++
	}
	day, mon, year := core[0], core[1], core[2]
	switch {
	case core[0].word != "" && core[1].word == "" && core[2].word == "": // March 12, 2024
		mon, day, year = core[0], core[1], core[2]
	case core[0].word == "" && core[1].word != "" && core[2].word == "":
		if core[0].digits == 4 && !core[0].ordinal { // 2024-Mar-12
			year, mon, day = core[0], core[1], core[2]
		}
	default:
		return "", ErrNotDate
	}
	if year.ordinal || day.digits > 2 {
		return "", ErrNotDate
	}
	if year.digits != 4 {
		if year.digits <= 2 {
			return "", ErrTwoDigitYear
		}
		return "", ErrNotDate
	}
	dt.year, dt.month, dt.day = year.num, mon.num, day.num
	if weekday >= 0 && validDate(dt.year, dt.month, dt.day) &&
		time.Date(dt.year, time.Month(dt.month), dt.day, 12, 0, 0, 0, time.UTC).Weekday() != time.Weekday(weekday) {
		return "", ErrWeekday
	}
	return s[i:], nil
}

// monthNumber returns 1-12 for a folded month name or abbreviation in
// English or French, 0 for anything else.
func monthNumber(w string) int {
	switch w {
	case "janvier", "janv", "jan", "january":
		return 1
	case "fevrier", "fevr", "fev", "february", "feb":
		return 2
	case "mars", "mar", "march":
		return 3
	case "avril", "avr", "april", "apr":
		return 4
	case "mai", "may":
		return 5
	case "juin", "june", "jun":
		return 6
	case "juillet", "juil", "july", "jul":
		return 7
	case "aout", "august", "aug":
		return 8
	case "septembre", "sept", "september", "sep":
		return 9
	case "octobre", "october", "oct":
		return 10
	case "novembre", "november", "nov":
		return 11
	case "decembre", "december", "dec":
		return 12
	}
	return 0
}

// weekdays are the names of the days of the week a date may start with.
// "mar" (mardi) is left out: it is March.
var weekdays = map[string]time.Weekday{
	"sunday": time.Sunday, "sun": time.Sunday, "dimanche": time.Sunday, "dim": time.Sunday,
	"monday": time.Monday, "mon": time.Monday, "lundi": time.Monday, "lun": time.Monday,
	"tuesday": time.Tuesday, "tue": time.Tuesday, "tues": time.Tuesday, "mardi": time.Tuesday,
	"wednesday": time.Wednesday, "wed": time.Wednesday, "mercredi": time.Wednesday, "mer": time.Wednesday,
	"thursday": time.Thursday, "thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday, "jeudi": time.Thursday, "jeu": time.Thursday,
	"friday": time.Friday, "fri": time.Friday, "vendredi": time.Friday, "ven": time.Friday,
	"saturday": time.Saturday, "sat": time.Saturday, "samedi": time.Saturday, "sam": time.Saturday,
}

// parseTime reads a time of day with an optional 12-hour marker and UTC
// offset, and checks it is possible.
func (dt *dateTime) parseTime(s string) error {
	h, l := readNumber(s)
	if l == 0 || l > 2 {
		return ErrNotTime
	}
	i := l
	m, sec := 0, 0
	hasMinutes := false
	skipSpaces := func() {
		for i < len(s) && s[i] == ' ' {
			i++
		}
	}
	switch {
	case i < len(s) && s[i] == ':':
		i++
		var ml int
		if m, ml = readNumber(s[i:]); ml != 2 {
			return ErrNotTime
		}
		i += ml
		hasMinutes = true
		if i < len(s) && s[i] == ':' {
			i++
			var sl int
			if sec, sl = readNumber(s[i:]); sl != 2 {
				return ErrNotTime
			}
			i += sl
			if i < len(s) && (s[i] == '.' || s[i] == ',') && i+1 < len(s) && isDigit(s[i+1]) {
				i++
				for i < len(s) && isDigit(s[i]) {
					i++
				}
			}
		}
	default:
		// French "14h30", "14 h 30", "14h".
		j := i
		for j < len(s) && s[j] == ' ' {
			j++
		}
		if j < len(s) && (s[j] == 'h' || s[j] == 'H') {
			i = j + 1
			skipSpaces()
			if ml := 0; i < len(s) && isDigit(s[i]) {
				if m, ml = readNumber(s[i:]); ml != 2 {
					return ErrNotTime
				}
				i += ml
			}
			hasMinutes = true
		}
	}
	skipSpaces()
	// 12-hour clock: AM, PM, a.m., p.m. in any case.
	if i < len(s) && (s[i]|0x20 == 'a' || s[i]|0x20 == 'p') {
		pm := s[i]|0x20 == 'p'
		j := i + 1
		if j < len(s) && s[j] == '.' {
			j++
		}
		if j < len(s) && s[j]|0x20 == 'm' && (j+1 == len(s) || !isASCIILetter(s[j+1])) {
			j++
			if j < len(s) && s[j] == '.' {
				j++
			}
			i = j
			if h < 1 || h > 12 {
				return ErrImpossibleTime
			}
			h %= 12
			if pm {
				h += 12
			}
			hasMinutes = true
		}
	}
	if !hasMinutes {
		return ErrNotTime
	}
	skipSpaces()
	off, err := parseOffset(s[i:])
	if err != nil {
		return err
	}
	if h > 23 || m > 59 || sec > 59 {
		return ErrImpossibleTime
	}
	dt.hour, dt.min, dt.sec, dt.offset = h, m, sec, off
	return nil
}

// parseOffset reads a UTC offset, the whole of s: "", "Z", "UTC", "GMT",
// optionally followed by ±HH:MM, ±HHMM or ±HH. It returns "", "Z" or
// "±HH:MM".
func parseOffset(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	utc, orig := false, s
	if s == "Z" || s == "z" {
		return "Z", nil
	}
	if hasPrefixFold(s, "utc") || hasPrefixFold(s, "gmt") {
		s = strings.TrimLeft(s[3:], " ")
		if s == "" {
			return "Z", nil
		}
		utc = true
	}
	sign := s[0]
	switch {
	case sign == '+' || sign == '-':
		s = s[1:]
	case strings.HasPrefix(s, "\u2212"): // minus sign
		sign, s = '-', s[len("\u2212"):]
	default:
		return "", ErrNotTime
	}
	var h, m int
	canonical := false
	switch {
	case len(s) == 5 && s[2] == ':' && allDigits(s[:2]) && allDigits(s[3:]):
		canonical = !utc && (orig[0] == '+' || orig[0] == '-') // not U+2212
		h, m = int(s[0]-'0')*10+int(s[1]-'0'), int(s[3]-'0')*10+int(s[4]-'0')
	case len(s) == 4 && allDigits(s):
		h, m = int(s[0]-'0')*10+int(s[1]-'0'), int(s[2]-'0')*10+int(s[3]-'0')
	case len(s) == 2 && allDigits(s):
		h = int(s[0]-'0')*10 + int(s[1]-'0')
	case len(s) == 1 && utc && allDigits(s): // UTC-5
		h = int(s[0] - '0')
	default:
		return "", ErrNotTime
	}
	if h > 14 || m > 59 {
		return "", ErrImpossibleTime
	}
	if canonical {
		return orig, nil // already ±HH:MM
	}
	b := [6]byte{sign, byte('0' + h/10), byte('0' + h%10), ':', byte('0' + m/10), byte('0' + m%10)}
	return string(b[:]), nil
}
