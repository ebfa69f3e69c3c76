package normalize

import "strings"

// SearchWords folds s (case, accents, hyphens, apostrophes and dots as for
// names) and returns its words: what a search for s looks for.
func SearchWords(s string) []string {
	return strings.Fields(Fold(s))
}

// ExtraNameWords returns the words of a name that a prefix search on its
// folded first and last parts (as NameKey holds them) cannot find: the
// second and later words of each part ("francois" of "Jean-François",
// "brien" of "O'Brien") and each part written without its separators
// ("jeanfrancois", "obrien"). When the first or the last name is missing
// (NameKey is then ""), every word of the other is returned. Most names
// have none, so an index of them stays small.
func ExtraNameWords(first, last string) []string {
	a, b := Fold(first), Fold(last)
	whole := a == "" || b == ""
	if !whole && strings.IndexByte(a, ' ') < 0 && strings.IndexByte(b, ' ') < 0 {
		return nil // the common case, on the import's path: no allocation
	}
	var out []string
	add := func(w string) {
		for _, x := range out {
			if x == w {
				return
			}
		}
		out = append(out, w)
	}
	for _, part := range [2]string{a, b} {
		ws := strings.Fields(part)
		for i, w := range ws {
			if i > 0 || whole {
				add(w)
			}
		}
		if len(ws) > 1 {
			add(strings.Join(ws, ""))
		}
	}
	return out
}
