package normalize

import (
	"regexp"
	"strings"
)

// DateOrderOf says what a date value shows about the order of day and
// month. proven is DayFirst for a value that only a day-first reading
// makes possible ("28/02/2019": there is no month 28), MonthFirst for the
// opposite ("02/28/2019"), and ISOOnly when the value proves neither.
// needsOrder reports whether the value is a date only under a chosen order
// (numbers with the year last, possible as day-first or month-first): it is
// what is at stake when nothing proves the order ("03/04/2024").
//
// ISO dates, dates with the month in letters, dates impossible under both
// orders and anything that is not a date prove nothing and need no order.
func DateOrderOf(raw string) (proven DateOrder, needsOrder bool) {
	s := trimSpace(raw)
	if s == "" || !isDigit(s[0]) {
		return ISOOnly, false
	}
	var dt dateTime
	if dt.parse(s, ISOOnly) != ErrDateOrder {
		return ISOOnly, false
	}
	day := dt.parse(s, DayFirst) == nil
	month := dt.parse(s, MonthFirst) == nil
	switch {
	case day && month:
		return ISOOnly, true
	case day:
		return DayFirst, true
	case month:
		return MonthFirst, true
	}
	return ISOOnly, false
}

// headerDatePattern finds a date pattern written in a header, in English
// or French letters: "MM/DD/YYYY", "JJ/MM/AAAA", "dd-mm-yyyy", "M/D/YY",
// "DDMMYYYY". The year must come last: year-first dates are ISO, read
// whatever the order.
var headerDatePattern = regexp.MustCompile(`(?:^|[^\pL])([dj]{1,2}|m{1,2})[/.\- ]?([dj]{1,2}|m{1,2})[/.\- ]?(?:y{2,4}|a{2,4})(?:$|[^\pL])`)

// HeaderDateOrder returns the order of day and month a column header
// states ("Sale Date (MM/DD/YYYY)" → MonthFirst, "Date de naissance
// (JJ/MM/AAAA)" → DayFirst), or ISOOnly when it states none.
func HeaderDateOrder(header string) DateOrder {
	if len(header) > 1<<10 {
		return ISOOnly // no header that long is a pattern; the search stays cheap
	}
	m := headerDatePattern.FindStringSubmatch(strings.ToLower(header))
	if m == nil {
		return ISOOnly
	}
	first, second := m[1][0], m[2][0]
	switch {
	case (first == 'd' || first == 'j') && second == 'm':
		return DayFirst
	case first == 'm' && (second == 'd' || second == 'j'):
		return MonthFirst
	}
	return ISOOnly
}
