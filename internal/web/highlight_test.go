package web

import "testing"

func TestMarkWords(t *testing.T) {
	tests := []struct {
		name  string
		words []string
		want  string
	}{
		{"Mike O'Brien", []string{"obrien"}, "Mike <mark>O&#39;Brien</mark>"},
		{"Mike O'Brien", []string{"brien"}, "Mike O&#39;<mark>Brien</mark>"},
		{"Mike O'Brien", []string{"mi", "o"}, "<mark>Mi</mark>ke <mark>O</mark>&#39;Brien"},
		{"Jean-François Lévesque", []string{"francois", "lev"}, "Jean-<mark>François</mark> <mark>Lév</mark>esque"},
		{"Jean-François Lévesque", []string{"jeanfr"}, "<mark>Jean-Fr</mark>ançois Lévesque"},
		{"Marie <b>", []string{"zz"}, "Marie &lt;b&gt;"},
		{"Anne", nil, "Anne"},
	}
	for _, tt := range tests {
		if got := string(markWords(tt.name, tt.words)); got != tt.want {
			t.Errorf("markWords(%q, %q) = %q, want %q", tt.name, tt.words, got, tt.want)
		}
	}
}
