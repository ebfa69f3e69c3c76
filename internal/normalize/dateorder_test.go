package normalize

import "testing"

func TestDateOrderOf(t *testing.T) {
	tests := []struct {
		raw        string
		proven     DateOrder
		needsOrder bool
	}{
		{"", ISOOnly, false},
		{"28/02/2019", DayFirst, true},
		{"02/28/2019", MonthFirst, true},
		{"13/01/2024", DayFirst, true},
		{"01/13/2024", MonthFirst, true},
		{"28-02-2019", DayFirst, true},
		{"28.02.2019", DayFirst, true},
		{"5/31/2024", MonthFirst, true},
		{"31/5/2024", DayFirst, true},
		{" 28/02/2019 14h30 ", DayFirst, true},
		{"02/28/2019 2:30 PM", MonthFirst, true},
		{"03/04/2024", ISOOnly, true},
		{"12/12/2024", ISOOnly, true},
		{"03/04/2024 10:00", ISOOnly, true},
		// Impossible both ways, or not a date: no proof, nothing at stake.
		{"13/13/2024", ISOOnly, false},
		{"31/02/2024", ISOOnly, false},
		{"29/02/2023", ISOOnly, false},
		{"28/02/2019 25:00", ISOOnly, false},
		{"28/02/19", ISOOnly, false},
		{"2019-02-28", ISOOnly, false},
		{"2019/02/28", ISOOnly, false},
		{"20190228", ISOOnly, false},
		{"28 février 2019", ISOOnly, false},
		{"February 28, 2019", ISOOnly, false},
		{"n/a", ISOOnly, false},
		{"45363", ISOOnly, false},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			proven, needs := DateOrderOf(tt.raw)
			if proven != tt.proven || needs != tt.needsOrder {
				t.Errorf("DateOrderOf(%q) = %v, %v; want %v, %v", tt.raw, proven, needs, tt.proven, tt.needsOrder)
			}
			// What a value proves is what reads it.
			if proven != ISOOnly {
				if _, err := Date(tt.raw, proven); err != nil {
					t.Errorf("Date(%q, %v): %v", tt.raw, proven, err)
				}
			}
		})
	}
}

func TestHeaderDateOrder(t *testing.T) {
	tests := []struct {
		header string
		want   DateOrder
	}{
		{"Sale Date (MM/DD/YYYY)", MonthFirst},
		{"Sale Date MM/DD/YYYY", MonthFirst},
		{"Date de naissance (JJ/MM/AAAA)", DayFirst},
		{"date_vente_jj/mm/aaaa", DayFirst},
		{"Delivery date [DD-MM-YYYY]", DayFirst},
		{"Birthday (dd.mm.yyyy)", DayFirst},
		{"Date (M/D/YY)", MonthFirst},
		{"Date (D/M/YYYY)", DayFirst},
		{"DOB mmddyyyy", MonthFirst},
		{"Date (jj mm aaaa)", DayFirst},
		{"Date (YYYY-MM-DD)", ISOOnly},
		{"Sale Date", ISOOnly},
		{"Date de création", ISOOnly},
		{"Date (MM/MM/YYYY)", ISOOnly},
		{"Comments (add mm yyyy)", ISOOnly},
		{"Adam Mayy", ISOOnly},
		{"", ISOOnly},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			if got := HeaderDateOrder(tt.header); got != tt.want {
				t.Errorf("HeaderDateOrder(%q) = %v, want %v", tt.header, got, tt.want)
			}
		})
	}
}
