package normalize

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestNormalisersLinear: every normaliser's work grows linearly with its
// input, up to the 32 KiB a cell may hold. For pathological values of 4 KiB
// and of 32 KiB, the larger allocates at most about eight times what the
// smaller does (plus a little): work that rescans its input for each
// character, or rebuilds it, would allocate about 64 times as much.
func TestNormalisersLinear(t *testing.T) {
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	fns := map[string]func(string){
		"Phone":         func(s string) { Phone(s, "CA") },
		"Date":          func(s string) { Date(s, DayFirst) },
		"DateTime":      func(s string) { DateTime(s, MonthFirst) },
		"Fold":          func(s string) { Fold(s) },
		"Text":          func(s string) { Text(s) },
		"NameKey":       func(s string) { NameKey(s, s) },
		"SplitFullName": func(s string) { SplitFullName(s) },
		"Email":         func(s string) { Email(s) },
		"PostalCode":    func(s string) { PostalCode(s) },
		"VIN":           func(s string) { VIN(s) },
		"Odometer":      func(s string) { Odometer(s) },
		"Year":          func(s string) { Year(s, now) },
		"Province":      func(s string) { Province(s) },
		"Country":       func(s string) { Country(s) },
		"Civility":      func(s string) { Civility(s) },
		"Locale":        func(s string) { Locale(s) },
		"Division":      func(s string) { Division(s) },
	}
	units := []string{"5", "-", " ", "é", "ext ", "1/", "@a.", "x", "(5", ",", "\u00a0", "０", "2024-03-12 ", "Jean-François ", "'", "\xff"}
	for name, fn := range fns {
		t.Run(name, func(t *testing.T) {
			for _, u := range units {
				small := strings.Repeat(u, 4<<10/len(u))
				large := strings.Repeat(u, 32<<10/len(u))
				fn(small) // first call: package tables, caches
				a, b := allocated(func() { fn(small) }), allocated(func() { fn(large) })
				if b > 12*a+64<<10 {
					t.Errorf("unit %q: %d bytes allocated at 4 KiB, %d at 32 KiB; want at most about 8 times", u, a, b)
				}
			}
		})
	}
}
