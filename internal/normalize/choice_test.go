package normalize

import "testing"

type choiceTest struct{ name, raw, want, err string }

func runChoice(t *testing.T, fn string, f func(string) (string, error), tests []choiceTest) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := f(tt.raw)
			if got != tt.want || errString(err) != tt.err {
				t.Errorf("%s(%q) = %q, %v; want %q, %q", fn, tt.raw, got, err, tt.want, tt.err)
			}
		})
	}
}

func TestCivility(t *testing.T) {
	const bad = "not a title: use M., Mme, Mlle, Dr, Me, Mr, Mrs or Miss"
	runChoice(t, "Civility", Civility, []choiceTest{
		{"empty", "", "", ""},
		{"M", "M", "mr", ""},
		{"M.", "M.", "mr", ""},
		{"Mr", "Mr", "mr", ""},
		{"Mr.", "Mr.", "mr", ""},
		{"MR upper", "MR", "mr", ""},
		{"Monsieur", "Monsieur", "mr", ""},
		{"Mme", "Mme", "ms", ""},
		{"Mme.", "Mme.", "ms", ""},
		{"Madame", "  madame ", "ms", ""},
		{"Ms", "Ms", "ms", ""},
		{"Mrs.", "Mrs.", "ms", ""},
		{"Mlle", "Mlle", "miss", ""},
		{"Mademoiselle", "MADEMOISELLE", "miss", ""},
		{"Miss", "Miss", "miss", ""},
		{"Dr", "Dr", "dr", ""},
		{"Dr.", "Dr.", "dr", ""},
		{"Dre", "Dre", "dr", ""},
		{"Docteur", "Docteur", "dr", ""},
		{"Docteure", "Docteure", "dr", ""},
		{"Me", "Me", "me", ""},
		{"Maître", "Maître", "me", ""},
		{"Maitre", "MAITRE", "me", ""},
		{"unknown", "Sir", "", bad},
		{"word", "client", "", bad},
	})
}

func TestLocale(t *testing.T) {
	const bad = "not a language: use fr or en"
	runChoice(t, "Locale", Locale, []choiceTest{
		{"empty", "", "", ""},
		{"fr", "fr", "fr", ""},
		{"FR", "FR", "fr", ""},
		{"fr-CA", "fr-CA", "fr", ""},
		{"fr_CA", "fr_CA", "fr", ""},
		{"fra", "fra", "fr", ""},
		{"français", "français", "fr", ""},
		{"Français", "Français", "fr", ""},
		{"francais", "francais", "fr", ""},
		{"French", "French", "fr", ""},
		{"Française", "Française", "fr", ""},
		{"F", "F", "fr", ""},
		{"en", "en", "en", ""},
		{"EN", " EN ", "en", ""},
		{"en-US", "en-US", "en", ""},
		{"en-CA", "en-CA", "en", ""},
		{"eng", "eng", "en", ""},
		{"anglais", "anglais", "en", ""},
		{"Anglaise", "Anglaise", "en", ""},
		{"English", "English", "en", ""},
		{"A", "A", "en", ""},
		{"E", "E", "en", ""},
		{"spanish", "español", "", bad},
		{"es", "es", "", bad},
		{"frog", "frog", "", bad},
	})
}

func TestDivision(t *testing.T) {
	const bad = "not a division: use new, used or service"
	runChoice(t, "Division", Division, []choiceTest{
		{"empty", "", "", ""},
		{"new", "new", "new", ""},
		{"New", "New", "new", ""},
		{"N", "N", "new", ""},
		{"neuf", "Neuf", "new", ""},
		{"nouveau", "nouveau", "new", ""},
		{"VN", "VN", "new", ""},
		{"véhicule neuf", "Véhicule neuf", "new", ""},
		{"used", "USED", "used", ""},
		{"pre-owned", "Pre-Owned", "used", ""},
		{"occasion", "occasion", "used", ""},
		{"d'occasion", "d'occasion", "used", ""},
		{"d’occasion", "D’occasion", "used", ""},
		{"usagé", "usagé", "used", ""},
		{"usage", "usage", "used", ""},
		{"VO", "VO", "used", ""},
		{"service", "Service", "service", ""},
		{"entretien", "entretien", "service", ""},
		{"après-vente", "Après-vente", "service", ""},
		{"apres vente", "apres vente", "service", ""},
		{"SAV", "SAV", "service", ""},
		{"unknown", "leasing", "", bad},
	})
}
