package normalize

import "errors"

// Reasons given for values outside a field's list of choices.
var (
	ErrNotCivility = errors.New("not a title: use M., Mme, Mlle, Dr, Me, Mr, Mrs or Miss")
	ErrNotLocale   = errors.New("not a language: use fr or en")
	ErrNotDivision = errors.New("not a division: use new, used or service")
)

// Civility returns mr, ms, miss, dr or me (maître, the title of lawyers and
// notaries in Québec). It accepts the English and French titles and their
// abbreviations in any case, with or without accents or a final dot:
// M, M., Mr, Monsieur, Mister → mr; Mme, Madame, Mrs, Ms → ms; Mlle,
// Mademoiselle, Miss → miss; Dr, Dre, Docteur, Docteure, Doctor → dr; Me,
// Maître, Maitre → me.
func Civility(raw string) (string, error) {
	switch Fold(raw) {
	case "":
		return "", nil
	case "m", "mr", "monsieur", "mister":
		return "mr", nil
	case "mme", "madame", "mrs", "ms":
		return "ms", nil
	case "mlle", "mademoiselle", "miss", "melle":
		return "miss", nil
	case "dr", "dre", "docteur", "docteure", "doctor":
		return "dr", nil
	case "me", "maitre":
		return "me", nil
	}
	return "", ErrNotCivility
}

// Locale returns the language of the customer, fr or en. It accepts the
// codes in any case with or without a region ("fr-CA", "en_US", "fra",
// "eng"), the names in both languages ("français", "francais", "French",
// "française", "anglais", "English") and the one-letter codes DMS exports
// use: F, and A (anglais) or E (English).
func Locale(raw string) (string, error) {
	f := Fold(raw)
	if f == "" {
		return "", nil
	}
	// Drop a region: "fr ca" (from "fr-CA"), "en_us".
	if len(f) > 3 && (f[2] == ' ' || f[2] == '_') {
		f = f[:2]
	}
	switch f {
	case "fr", "fra", "fre", "f", "francais", "francaise", "french", "franco", "francophone", "quebecois":
		return "fr", nil
	case "en", "eng", "e", "a", "anglais", "anglaise", "english", "anglo", "anglophone":
		return "en", nil
	}
	return "", ErrNotLocale
}

// Division returns new, used or service. It accepts the English and French
// words people use in dealerships: new, N, neuf, neufs, neuve, nouveau, VN
// (véhicule neuf); used, U, pre-owned, occasion, d'occasion, usagé, VO
// (véhicule d'occasion); service, S, entretien, après-vente, SAV.
func Division(raw string) (string, error) {
	switch Fold(raw) {
	case "":
		return "", nil
	case "new", "n", "neuf", "neufs", "neuve", "neuves", "nouveau", "nouveaux", "vn",
		"vehicule neuf", "vehicules neufs", "new vehicle", "new vehicles", "new car", "new cars":
		return "new", nil
	case "used", "u", "pre owned", "preowned", "cpo", "certified pre owned",
		"occasion", "occasions", "d occasion", "usage", "usages", "usagee", "usagees", "vo",
		"vehicule d occasion", "vehicules d occasion", "vehicule usage", "vehicules usages",
		"used vehicle", "used vehicles", "used car", "used cars":
		return "used", nil
	case "service", "services", "s", "entretien", "apres vente", "sav", "service apres vente", "atelier":
		return "service", nil
	}
	return "", ErrNotDivision
}
