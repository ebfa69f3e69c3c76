package normalize

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// The fuzz targets check that no input panics and that every stored form
// is a fixed point: normalising it again gives it back unchanged, so values
// read back from the database compare equal to freshly imported ones.

func FuzzFold(f *testing.F) {
	for _, s := range []string{"Jean-François Lévesque", "ŒUVRE  d’art", "ﬁ ǖ ß", "\xff\xfe", " - . ' "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Fold(s)
		if again := Fold(got); again != got {
			t.Errorf("Fold(%q) = %q, but Fold(%q) = %q", s, got, got, again)
		}
		if strings.HasPrefix(got, " ") || strings.HasSuffix(got, " ") || strings.Contains(got, "  ") {
			t.Errorf("Fold(%q) = %q: space not collapsed", s, got)
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Errorf("Fold(%q) = %q: invalid UTF-8", s, got)
		}
		_ = NameKey(s, got)
		_, _ = SplitFullName(s)
		if txt := Text(s); Text(txt) != txt {
			t.Errorf("Text(%q) = %q is not a fixed point", s, txt)
		}
	})
}

func FuzzPhone(f *testing.F) {
	for _, s := range []string{"(514) 555-0101", "514.555.0101 poste 22", "+33 1 42 68 53 00", "1-800-FLOWERS", "555-12", "x#ext"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e164, ext, err := Phone(s, "CA")
		if err != nil || e164 == "" {
			return
		}
		again, ext2, err := Phone(e164, "CA")
		if again != e164 || ext2 != "" || err != nil {
			t.Errorf("Phone(%q) = %q, but Phone(%q) = %q, %q, %v", s, e164, e164, again, ext2, err)
		}
		if ext != "" && !allDigits(ext) {
			t.Errorf("Phone(%q) extension %q is not digits", s, ext)
		}
	})
}

func FuzzDate(f *testing.F) {
	for _, s := range []string{"2024-03-12", "12/03/2024 2:30 PM", "mardi 12 mars 2024 à 14h30", "20240312", "2024-03-12T14:30:15.5-05:00"} {
		f.Add(s, 0)
	}
	f.Fuzz(func(t *testing.T, s string, o int) {
		order := DateOrder(o & 3)
		if d, err := Date(s, order); err == nil && d != "" {
			if again, err := Date(d, ISOOnly); again != d || err != nil {
				t.Errorf("Date(%q) = %q, but Date(%q) = %q, %v", s, d, d, again, err)
			}
		}
		if proven, _ := DateOrderOf(s); proven != ISOOnly {
			if _, err := Date(s, proven); err != nil {
				t.Errorf("DateOrderOf(%q) = %v, but Date(%q, %v): %v", s, proven, s, proven, err)
			}
		}
		_ = HeaderDateOrder(s)
		if dt, err := DateTime(s, order); err == nil && dt != "" {
			if again, err := DateTime(dt, ISOOnly); again != dt || err != nil {
				t.Errorf("DateTime(%q) = %q, but DateTime(%q) = %q, %v", s, dt, dt, again, err)
			}
		}
	})
}

func FuzzFields(f *testing.F) {
	for _, s := range []string{"JF.Cote@Videotron.CA", "h2x1y4", "1hg cm82633a004352", "123 456 km", "2021.0", "Québec", "États-Unis"} {
		f.Add(s)
	}
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	fields := []struct {
		name string
		fn   func(string) (string, error)
	}{
		{"Email", Email}, {"PostalCode", PostalCode}, {"VIN", VIN}, {"Odometer", Odometer},
		{"Province", Province}, {"Country", Country}, {"Civility", Civility}, {"Locale", Locale},
		{"Division", Division}, {"Year", func(s string) (string, error) { return Year(s, now) }},
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, fd := range fields {
			got, err := fd.fn(s)
			if err != nil || got == "" {
				continue
			}
			if again, err := fd.fn(got); again != got || err != nil {
				t.Errorf("%s(%q) = %q, but %s(%q) = %q, %v", fd.name, s, got, fd.name, got, again, err)
			}
		}
	})
}
