package suggest

import (
	"strings"
	"testing"
)

// TestHostileHeadersLinear: a header cell of thousands of glued letters,
// or a thousand long columns, costs the suggester at most linear work
// (measured as allocations: 8 times the input may cost at most about 8
// times as much), and is left unmapped.
func TestHostileHeadersLinear(t *testing.T) {
	glued := func(n int) []string { return []string{strings.Repeat("firstnamelastname", n/17+1)[:n]} }
	many := func(n int) []string {
		h := make([]string, n)
		for i := range h {
			h[i] = "Customer Home Phone Number Mobile " + strings.Repeat("emailaddress", 5)
		}
		return h
	}
	for _, tt := range []struct {
		name   string
		header func(int) []string
		small  int
	}{
		{"one glued cell", glued, 1000},
		{"many long columns", many, 125},
	} {
		t.Run(tt.name, func(t *testing.T) {
			allocs := func(n int) float64 {
				h := tt.header(n)
				return testing.AllocsPerRun(2, func() { Columns(h, nil) })
			}
			small, large := allocs(tt.small), allocs(8*tt.small)
			if large > 12*small+100 {
				t.Errorf("8× the input cost %.0f allocations against %.0f: more than linear", large, small)
			}
		})
	}
	for _, c := range Columns(glued(8000), nil) {
		if c.Key != "" {
			t.Errorf("a header of 8,000 glued letters was mapped to %q", c.Key)
		}
	}
}
