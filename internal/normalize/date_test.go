package normalize

import "testing"

const (
	errNotDate    = "not a date"
	errImpossible = "impossible date"
	errTwoDigits  = "year must have 4 digits"
	errOrder      = "date format not recognised: choose day-first or month-first"
	errWeekday    = "day of the week does not match the date"
	errNotTime    = "time not recognised"
	errBadTime    = "impossible time"
)

func TestParseDateOrder(t *testing.T) {
	tests := []struct {
		in   string
		want DateOrder
		err  string
	}{
		{"", ISOOnly, ""},
		{"ymd", ISOOnly, ""},
		{"YMD", ISOOnly, ""},
		{"dmy", DayFirst, ""},
		{" mdy ", MonthFirst, ""},
		{"dd/mm/yyyy", ISOOnly, "unknown date format: use ymd, dmy or mdy"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseDateOrder(tt.in)
			if got != tt.want || errString(err) != tt.err {
				t.Errorf("ParseDateOrder(%q) = %v, %v; want %v, %q", tt.in, got, err, tt.want, tt.err)
			}
			if err == nil && tt.in != "" {
				if back, _ := ParseDateOrder(got.String()); back != got {
					t.Errorf("ParseDateOrder(%v.String()) = %v", got, back)
				}
			}
		})
	}
}

func TestDate(t *testing.T) {
	tests := []struct {
		name  string
		raw   string
		order DateOrder
		want  string
		err   string
	}{
		{name: "empty", raw: ""},
		{name: "blank", raw: "  ", order: DayFirst},

		// ISO is accepted under every order.
		{name: "iso", raw: "2024-03-12", want: "2024-03-12"},
		{name: "iso day-first", raw: "2024-03-12", order: DayFirst, want: "2024-03-12"},
		{name: "iso month-first", raw: "2024-03-12", order: MonthFirst, want: "2024-03-12"},
		{name: "iso slashes", raw: "2024/03/12", want: "2024-03-12"},
		{name: "iso dots", raw: "2024.03.12", want: "2024-03-12"},
		{name: "iso single digits", raw: "2024-3-5", want: "2024-03-05"},
		{name: "iso padded", raw: "  2024-03-12 ", want: "2024-03-12"},
		{name: "iso basic", raw: "20240312", want: "2024-03-12"},
		{name: "iso basic impossible", raw: "20241312", err: errImpossible},
		{name: "iso with time", raw: "2024-03-12 14:30", want: "2024-03-12"},
		{name: "iso with T time offset", raw: "2024-03-12T23:30:00-05:00", want: "2024-03-12"},
		{name: "iso with Excel midnight", raw: "2024-03-12 00:00:00.000", want: "2024-03-12"},
		{name: "iso with impossible time", raw: "2024-03-12 25:00", err: errBadTime},
		{name: "iso with garbage", raw: "2024-03-12abc", err: errNotDate},
		{name: "iso mixed separators", raw: "2024-03/12", err: errNotDate},
		{name: "leap day", raw: "2024-02-29", want: "2024-02-29"},
		{name: "leap day 2000", raw: "2000-02-29", want: "2000-02-29"},
		{name: "no leap day 1900", raw: "1900-02-29", err: errImpossible},
		{name: "no leap day 2023", raw: "2023-02-29", err: errImpossible},
		{name: "february 30", raw: "2023-02-30", err: errImpossible},
		{name: "april 31", raw: "2024-04-31", err: errImpossible},
		{name: "month 13", raw: "2024-13-01", err: errImpossible},
		{name: "month 0", raw: "2024-00-10", err: errImpossible},
		{name: "day 0", raw: "2024-01-00", err: errImpossible},
		{name: "year 0", raw: "0000-01-01", err: errImpossible},

		// Numbers with the year last depend on the chosen order.
		{name: "iso-only refuses d/m/y", raw: "03/04/2024", err: errOrder},
		{name: "iso-only refuses unambiguous d/m/y", raw: "25/12/2024", err: errOrder},
		{name: "day-first", raw: "03/04/2024", order: DayFirst, want: "2024-04-03"},
		{name: "month-first", raw: "03/04/2024", order: MonthFirst, want: "2024-03-04"},
		{name: "day-first dashes", raw: "25-12-2024", order: DayFirst, want: "2024-12-25"},
		{name: "day-first dots", raw: "25.12.2024", order: DayFirst, want: "2024-12-25"},
		{name: "day-first single digits", raw: "5/3/2024", order: DayFirst, want: "2024-03-05"},
		{name: "month-first dashes", raw: "12-25-2024", order: MonthFirst, want: "2024-12-25"},
		{name: "day-first april 31", raw: "31/04/2024", order: DayFirst, err: errImpossible},
		{name: "day-first month 13", raw: "01/13/2024", order: DayFirst, err: errImpossible},
		{name: "day-first never swaps", raw: "04/25/2024", order: DayFirst, err: errImpossible},
		{name: "month-first never swaps", raw: "25/04/2024", order: MonthFirst, err: errImpossible},
		{name: "day-first with time", raw: "12/03/2024 14:30", order: DayFirst, want: "2024-03-12"},
		{name: "two-digit year", raw: "03/04/24", order: DayFirst, err: errTwoDigits},
		{name: "two-digit year iso-only", raw: "03/04/24", err: errTwoDigits},
		{name: "two-digit year first", raw: "24-03-04", err: errTwoDigits},
		{name: "three-digit year", raw: "03/04/202", order: DayFirst, err: errNotDate},

		// Months in letters cannot be misread, so every order takes them.
		{name: "french", raw: "12 mars 2024", want: "2024-03-12"},
		{name: "french day-first", raw: "12 mars 2024", order: DayFirst, want: "2024-03-12"},
		{name: "french month-first", raw: "12 mars 2024", order: MonthFirst, want: "2024-03-12"},
		{name: "french accents", raw: "3 février 2024", want: "2024-02-03"},
		{name: "french without accents", raw: "15 aout 2024", want: "2024-08-15"},
		{name: "french with accent", raw: "15 août 2024", want: "2024-08-15"},
		{name: "french upper", raw: "15 DÉCEMBRE 2024", want: "2024-12-15"},
		{name: "french 1er", raw: "1er mars 2024", want: "2024-03-01"},
		{name: "french abbreviation", raw: "12 janv. 2024", want: "2024-01-12"},
		{name: "french le and weekday", raw: "le mardi 12 mars 2024", want: "2024-03-12"},
		{name: "french weekday", raw: "mardi 12 mars 2024", want: "2024-03-12"},
		{name: "french wrong weekday", raw: "lundi 12 mars 2024", err: errWeekday},
		{name: "english", raw: "March 12, 2024", want: "2024-03-12"},
		{name: "english no comma", raw: "March 12 2024", want: "2024-03-12"},
		{name: "english abbreviation", raw: "Mar 12, 2024", want: "2024-03-12"},
		{name: "english ordinal", raw: "March 1st, 2024", want: "2024-03-01"},
		{name: "english day first", raw: "12 March 2024", want: "2024-03-12"},
		{name: "english of", raw: "the 12th of March, 2024", want: "2024-03-12"},
		{name: "english weekday", raw: "Tuesday, March 12, 2024", want: "2024-03-12"},
		{name: "excel dd-mmm-yyyy", raw: "12-Mar-2024", want: "2024-03-12"},
		{name: "year month day", raw: "2024-Mar-12", want: "2024-03-12"},
		{name: "glued", raw: "12mars2024", want: "2024-03-12"},
		{name: "text impossible", raw: "31 avril 2024", err: errImpossible},
		{name: "text february 29", raw: "29 février 2023", err: errImpossible},
		{name: "text two-digit year", raw: "12 mars 24", err: errTwoDigits},
		{name: "text no day", raw: "mars 2024", err: errNotDate},
		{name: "text two months", raw: "mars avril 2024", err: errNotDate},
		{name: "text unknown word", raw: "12 marsh 2024", err: errNotDate},
		{name: "text with time", raw: "March 12, 2024 2:30 PM", want: "2024-03-12"},

		{name: "words", raw: "n/a", err: errNotDate},
		{name: "excel serial", raw: "45363", err: errNotDate},
		{name: "number", raw: "2024", err: errNotDate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Date(tt.raw, tt.order)
			if got != tt.want || errString(err) != tt.err {
				t.Errorf("Date(%q, %v) = %q, %v; want %q, %q", tt.raw, tt.order, got, err, tt.want, tt.err)
			}
		})
	}
}

func TestDateISODoesNotAllocate(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { _, _ = Date("2024-03-12", DayFirst) }); n != 0 {
		t.Errorf("Date of an ISO date allocates %v times, want 0", n)
	}
}

func TestDateTime(t *testing.T) {
	tests := []struct {
		name  string
		raw   string
		order DateOrder
		want  string
		err   string
	}{
		{name: "empty", raw: ""},
		{name: "date alone", raw: "2024-03-12", want: "2024-03-12T00:00:00"},
		{name: "space HH:MM", raw: "2024-03-12 14:30", want: "2024-03-12T14:30:00"},
		{name: "T HH:MM:SS", raw: "2024-03-12T14:30:15", want: "2024-03-12T14:30:15"},
		{name: "lower t", raw: "2024-03-12t14:30:15", want: "2024-03-12T14:30:15"},
		{name: "single-digit hour", raw: "2024-03-12 9:05", want: "2024-03-12T09:05:00"},
		{name: "fraction dropped", raw: "2024-03-12T14:30:15.999", want: "2024-03-12T14:30:15"},
		{name: "comma fraction dropped", raw: "2024-03-12 14:30:15,5", want: "2024-03-12T14:30:15"},
		{name: "Z", raw: "2024-03-12T14:30:15Z", want: "2024-03-12T14:30:15Z"},
		{name: "fraction and Z", raw: "2024-03-12T14:30:15.123Z", want: "2024-03-12T14:30:15Z"},
		{name: "offset", raw: "2024-03-12T14:30:15-05:00", want: "2024-03-12T14:30:15-05:00"},
		{name: "offset no colon", raw: "2024-03-12 14:30 -0500", want: "2024-03-12T14:30:00-05:00"},
		{name: "offset hours only", raw: "2024-03-12 14:30+01", want: "2024-03-12T14:30:00+01:00"},
		{name: "offset plus zero kept", raw: "2024-03-12 14:30+00:00", want: "2024-03-12T14:30:00+00:00"},
		{name: "minus sign offset", raw: "2024-03-12 14:30 \u221205:00", want: "2024-03-12T14:30:00-05:00"},
		{name: "UTC", raw: "2024-03-12 14:30 UTC", want: "2024-03-12T14:30:00Z"},
		{name: "UTC-5", raw: "2024-03-12 14:30 UTC-5", want: "2024-03-12T14:30:00-05:00"},
		{name: "offset too large", raw: "2024-03-12 14:30 +15:00", err: errBadTime},
		{name: "named zone refused", raw: "2024-03-12 14:30 EST", err: errNotTime},
		{name: "PM", raw: "2024-03-12 2:30 PM", want: "2024-03-12T14:30:00"},
		{name: "pm glued", raw: "2024-03-12 2:30pm", want: "2024-03-12T14:30:00"},
		{name: "p.m.", raw: "2024-03-12 2:30 p.m.", want: "2024-03-12T14:30:00"},
		{name: "hour only pm", raw: "2024-03-12 2 pm", want: "2024-03-12T14:00:00"},
		{name: "12 AM is midnight", raw: "2024-03-12 12:15 AM", want: "2024-03-12T00:15:00"},
		{name: "12 PM is noon", raw: "2024-03-12 12:15 PM", want: "2024-03-12T12:15:00"},
		{name: "AM with seconds", raw: "2024-03-12 09:15:30 AM", want: "2024-03-12T09:15:30"},
		{name: "13 PM", raw: "2024-03-12 13:00 PM", err: errBadTime},
		{name: "0 AM", raw: "2024-03-12 0:30 AM", err: errBadTime},
		{name: "french h", raw: "2024-03-12 14h30", want: "2024-03-12T14:30:00"},
		{name: "french h spaced", raw: "2024-03-12 14 h 30", want: "2024-03-12T14:30:00"},
		{name: "french h alone", raw: "2024-03-12 14h", want: "2024-03-12T14:00:00"},
		{name: "french à", raw: "12 mars 2024 à 14h30", want: "2024-03-12T14:30:00"},
		{name: "english at", raw: "March 12, 2024 at 2:30 PM", want: "2024-03-12T14:30:00"},
		{name: "day-first with time", raw: "12/03/2024 14:30", order: DayFirst, want: "2024-03-12T14:30:00"},
		{name: "month-first 12-hour", raw: "03/12/2024 2:30 PM", order: MonthFirst, want: "2024-03-12T14:30:00"},
		{name: "day-first comma", raw: "12/03/2024, 14:30:05", order: DayFirst, want: "2024-03-12T14:30:05"},
		{name: "iso-only refuses d/m/y", raw: "12/03/2024 14:30", err: errOrder},
		{name: "hour 25", raw: "2024-03-12 25:00", err: errBadTime},
		{name: "hour 24", raw: "2024-03-12 24:00", err: errBadTime},
		{name: "minute 60", raw: "2024-03-12 10:60", err: errBadTime},
		{name: "second 60", raw: "2024-03-12 10:59:60", err: errBadTime},
		{name: "one-digit minutes", raw: "2024-03-12 10:5", err: errNotTime},
		{name: "bare hour", raw: "2024-03-12 14", err: errNotTime},
		{name: "T with nothing", raw: "2024-03-12T", err: errNotTime},
		{name: "trailing words", raw: "2024-03-12 14:30 environ", err: errNotTime},
		{name: "impossible date with time", raw: "2023-02-29 10:00", err: errImpossible},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DateTime(tt.raw, tt.order)
			if got != tt.want || errString(err) != tt.err {
				t.Errorf("DateTime(%q, %v) = %q, %v; want %q, %q", tt.raw, tt.order, got, err, tt.want, tt.err)
			}
		})
	}
}
