package web

import (
	"html/template"
	"strings"
	"unicode"

	"github.com/leadport/leadport/internal/normalize"
)

// markWords writes name as HTML with <mark> around what a name search for
// words matched: from the start of a word of the name, as far as a word
// goes, folded as the search folds (case, accents), and across the
// apostrophes, hyphens and spaces the search ignores ("obrien" marks
// "O'Brien").
func markWords(name string, words []string) template.HTML {
	if len(words) == 0 {
		return template.HTML(template.HTMLEscapeString(name))
	}
	rs := []rune(name)
	marked := make([]bool, len(rs))
	alnum := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	for i, r := range rs {
		if !alnum(r) || (i > 0 && alnum(rs[i-1])) {
			continue // not the start of a word
		}
		end := -1
		for _, w := range words {
			if e := matchFrom(rs, i, w, alnum); e > end {
				end = e
			}
		}
		for j := i; j < end; j++ {
			marked[j] = true
		}
	}
	var b strings.Builder
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && marked[j] == marked[i] {
			j++
		}
		seg := template.HTMLEscapeString(string(rs[i:j]))
		if marked[i] {
			b.WriteString("<mark>" + seg + "</mark>")
		} else {
			b.WriteString(seg)
		}
		i = j
	}
	return template.HTML(b.String())
}

// matchFrom returns the end (exclusive) of the runes of rs, from i, whose
// folded letters spell w, skipping what is not a letter or digit; -1 if they
// do not.
func matchFrom(rs []rune, i int, w string, alnum func(rune) bool) int {
	for j := i; j < len(rs); j++ {
		if !alnum(rs[j]) {
			continue
		}
		f := normalize.Fold(string(rs[j]))
		switch {
		case strings.HasPrefix(w, f):
			w = w[len(f):]
		case strings.HasPrefix(f, w):
			w = ""
		default:
			return -1
		}
		if w == "" {
			return j + 1
		}
	}
	return -1
}
