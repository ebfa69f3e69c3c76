package normalize

import "testing"

// errString returns err's message, or "" for nil, so tables can say which
// reason they expect.
func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", ""},
		{"blank", " \t\n ", ""},
		{"clean", "Jean-François Côté", "Jean-François Côté"},
		{"ascii clean", "Jean Cote", "Jean Cote"},
		{"trim", "  Marie  ", "Marie"},
		{"inner runs", "Marie \t  Ève\n\nTremblay", "Marie Ève Tremblay"},
		{"nbsp", "Jean\u00a0Côté\u00a0", "Jean Côté"},
		{"narrow nbsp and ideographic space", "a\u202fb\u3000c", "a b c"},
		{"zero-width and bom", "\ufeffJean\u200bCôté", "Jean Côté"},
		{"crlf", "line one\r\nline two", "line one line two"},
		{"case kept", "JEAN cote", "JEAN cote"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.in); got != tt.want {
				t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", ""},
		{"blank", " \u00a0 ", ""},
		{"already folded", "jean francois levesque", "jean francois levesque"},
		{"spec example", "Jean-François Lévesque", "jean francois levesque"},
		{"spec example upper", "JEAN FRANCOIS LEVESQUE", "jean francois levesque"},
		{"upper accents", "CÔTÉ", "cote"},
		{"apostrophe", "O'Neil", "o neil"},
		{"typographic apostrophe", "D’Amours", "d amours"},
		{"modifier apostrophe", "Dʼamours", "d amours"},
		{"dots", "J.-F. Côté", "j f cote"},
		{"hyphen runs", "Saint--Pierre", "saint pierre"},
		{"en dash", "Marie–Ève", "marie eve"},
		{"non-breaking hyphen", "Marie\u2011Ève", "marie eve"},
		{"soft hyphen vanishes", "Tremb\u00adlay", "tremblay"},
		{"oe ligature", "Lœuvre", "loeuvre"},
		{"OE ligature", "ŒUVRE", "oeuvre"},
		{"ae ligature", "Lætitia", "laetitia"},
		{"sharp s", "Straße", "strasse"},
		{"capital sharp s", "STRAẞE", "strasse"},
		{"o slash", "Søren Kierkegaard", "soren kierkegaard"},
		{"l stroke", "Łukasz Wałęsa", "lukasz walesa"},
		{"d stroke and eth", "Đorđe Guðmundsdóttir", "dorde gudmundsdottir"},
		{"thorn", "Þór", "thor"},
		{"dotless i", "Yıldız", "yildiz"},
		{"dotted capital I", "İSTANBUL", "istanbul"},
		{"combining marks already decomposed", "Ce\u0301line", "celine"},
		{"stacked accents", "ǖ", "u"},
		{"fi ligature", "ﬁlion", "filion"},
		{"full-width", "ＪＥＡＮ", "jean"},
		{"greek final sigma", "ΟΔΥΣΣΕΥΣ", "οδυσσευσ"},
		{"tabs and newlines", "\tJean\n\nCôté\r\n", "jean cote"},
		{"nbsp inside", "Jean\u00a0\u00a0Côté", "jean cote"},
		{"digits and other punctuation kept", "Roy (2)", "roy (2)"},
		{"ascii needing work", "  MC-DONALD  ", "mc donald"},
		{"trailing dot", "Jr.", "jr"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFoldIsIdempotent(t *testing.T) {
	for _, s := range []string{"Jean-François Lévesque", "Œuvre D’Art", "ﬁlion ǖ", "Straße", "x  y"} {
		once := Fold(s)
		if twice := Fold(once); twice != once {
			t.Errorf("Fold(Fold(%q)) = %q, want %q", s, twice, once)
		}
	}
}

func TestFoldAlreadyFoldedDoesNotAllocate(t *testing.T) {
	s := "jean francois levesque"
	if n := testing.AllocsPerRun(100, func() { _ = Fold(s) }); n != 0 {
		t.Errorf("Fold of a folded ASCII name allocates %v times, want 0", n)
	}
	if n := testing.AllocsPerRun(100, func() { _ = Text(s) }); n != 0 {
		t.Errorf("Text of a clean value allocates %v times, want 0", n)
	}
}

func TestNameKey(t *testing.T) {
	tests := []struct{ name, first, last, want string }{
		{"spec example", "Jean-François", "Côté", "cote|jean francois"},
		{"swapped and upper", "COTE", "jean francois", "cote|jean francois"},
		{"swapped accents", "Côté", "Jean-François", "cote|jean francois"},
		{"eve", "Ève", "Tremblay", "eve|tremblay"},
		{"EVE", "EVE", "TREMBLAY", "eve|tremblay"},
		{"first missing", "", "Côté", ""},
		{"last missing", "Jean", "  ", ""},
		{"punctuation only", "-", "Côté", ""},
		{"both missing", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NameKey(tt.first, tt.last); got != tt.want {
				t.Errorf("NameKey(%q, %q) = %q, want %q", tt.first, tt.last, got, tt.want)
			}
		})
	}
}

func TestSplitFullName(t *testing.T) {
	tests := []struct{ name, in, first, last string }{
		{"empty", "", "", ""},
		{"first last", "Jean-François Côté", "Jean-François", "Côté"},
		{"last space", "Marie Ève Tremblay", "Marie Ève", "Tremblay"},
		{"comma", "Côté, Jean-François", "Jean-François", "Côté"},
		{"comma no space", "Côté,Jean", "Jean", "Côté"},
		{"comma extra spaces", "  Côté  ,   Jean   François ", "Jean François", "Côté"},
		{"compound last name with comma", "Da Silva Santos, Ana", "Ana", "Da Silva Santos"},
		{"one word", "Cher", "", "Cher"},
		{"one word padded", "  Madonna\t", "", "Madonna"},
		{"trailing comma", "Côté,", "", "Côté"},
		{"leading comma", ", Jean", "Jean", ""},
		{"nbsp", "Jean\u00a0Côté", "Jean", "Côté"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first, last := SplitFullName(tt.in)
			if first != tt.first || last != tt.last {
				t.Errorf("SplitFullName(%q) = %q, %q; want %q, %q", tt.in, first, last, tt.first, tt.last)
			}
		})
	}
}

func TestSplitFullNameThenNameKey(t *testing.T) {
	// SPEC §9: a full name typed either way round matches the card.
	const want = "cote|jean francois"
	for _, full := range []string{"Côté, Jean-François", "JEAN FRANCOIS COTE", "Jean-François Côté"} {
		if got := NameKey(SplitFullName(full)); got != want {
			t.Errorf("NameKey(SplitFullName(%q)) = %q, want %q", full, got, want)
		}
	}
}
