package normalize

import (
	"slices"
	"testing"
)

func TestExtraNameWords(t *testing.T) {
	tests := []struct {
		first, last string
		want        []string
	}{
		{"Mike", "O'Brien", []string{"brien", "obrien"}},
		{"Jean-François", "Côté", []string{"francois", "jeanfrancois"}},
		{"Marie", "Tremblay", nil},
		{"", "Saint-Pierre", []string{"saint", "pierre", "saintpierre"}},
		{"Anne", "", []string{"anne"}},
		{"Jean  Paul", "D'Amour-Lévesque", []string{"paul", "jeanpaul", "amour", "levesque", "damourlevesque"}},
	}
	for _, tt := range tests {
		if got := ExtraNameWords(tt.first, tt.last); !slices.Equal(got, tt.want) {
			t.Errorf("ExtraNameWords(%q, %q) = %q, want %q", tt.first, tt.last, got, tt.want)
		}
	}
}

func TestSearchWords(t *testing.T) {
	if got := SearchWords("  O'BRIEN   jean-françois "); !slices.Equal(got, []string{"o", "brien", "jean", "francois"}) {
		t.Errorf("SearchWords = %q", got)
	}
}

// BenchmarkExtraNameWords: the cost the import pays per lead for the
// search's word index, for a plain name (the common case) and a compound one.
func BenchmarkExtraNameWords(b *testing.B) {
	for _, n := range [][2]string{{"Marie", "Tremblay"}, {"Jean-François", "D'Amour-Lévesque"}} {
		b.Run(n[0], func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ExtraNameWords(n[0], n[1])
			}
		})
	}
}
