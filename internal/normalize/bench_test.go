package normalize

import "testing"

// Sinks keep the compiler from optimising the benchmarked calls away.
var (
	sinkString string
	sinkErr    error
)

func BenchmarkPhoneFastPath(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkString, _, sinkErr = Phone("(514) 555-0101", "CA")
	}
}

func BenchmarkPhoneFastPathExtension(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkString, _, sinkErr = Phone("514.555.0101 poste 22", "CA")
	}
}

func BenchmarkPhoneSlowPath(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkString, _, sinkErr = Phone("+33 1 42 68 53 00", "CA")
	}
}

func BenchmarkPhoneBad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkString, _, sinkErr = Phone("555-12", "CA")
	}
}

func BenchmarkFold(b *testing.B) {
	for _, bm := range []struct{ name, in string }{
		{"ASCIIFolded", "jean francois levesque"},
		{"ASCII", "JEAN-FRANCOIS LEVESQUE"},
		{"Accented", "Jean-François Lévesque"},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkString = Fold(bm.in)
			}
		})
	}
}

func BenchmarkNameKey(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkString = NameKey("Jean-François", "Côté")
	}
}

func BenchmarkEmail(b *testing.B) {
	for _, bm := range []struct{ name, in string }{
		{"Lower", "jf.cote@videotron.ca"},
		{"Mixed", "JF.Cote@Videotron.ca"},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkString, sinkErr = Email(bm.in)
			}
		})
	}
}

func BenchmarkDate(b *testing.B) {
	for _, bm := range []struct {
		name  string
		in    string
		order DateOrder
	}{
		{"ISO", "2024-03-12", ISOOnly},
		{"DayFirst", "12/03/2024", DayFirst},
		{"Text", "12 mars 2024", DayFirst},
		{"Impossible", "31/04/2024", DayFirst},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkString, sinkErr = Date(bm.in, bm.order)
			}
		})
	}
}

func BenchmarkDateTime(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkString, sinkErr = DateTime("2024-03-12T14:30:15-05:00", ISOOnly)
	}
}

func BenchmarkOdometer(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkString, sinkErr = Odometer("123 456 km")
	}
}
