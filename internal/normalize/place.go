package normalize

import (
	"errors"
	"strings"
	"sync"
	"unicode/utf8"
)

//go:generate python3 gen_countries.py

// Reasons given for bad places.
var (
	ErrNotProvince   = errors.New("not a province or state")
	ErrNotPostalCode = errors.New("not a postal code (A9A 9A9) or ZIP code (99999 or 99999-9999)")
	ErrNotCountry    = errors.New("not a country")
)

// Province returns the ISO 3166-2 subdivision code (without the country
// prefix) of a Canadian province or territory (QC ON BC AB MB SK NS NB NL PE
// YT NT NU) or of a US state, DC or inhabited territory (PR VI GU AS MP).
// It accepts the codes in any case, the ISO form "CA-QC", the names in
// English and French with or without accents and hyphens ("Québec",
// "Colombie-Britannique", "Île-du-Prince-Édouard", "Caroline du Nord"), and
// the usual abbreviations ("P.Q.", "PQ", "Qué.", "B.C.", "C.-B.", "Ont.",
// "Nfld", "T.-N.-L.", "PEI", "NWT"…).
//
// "CA" is California, its ISO code, not Canada.
func Province(raw string) (string, error) {
	f := Fold(raw)
	if f == "" {
		return "", nil
	}
	m := provinceIndex()
	if code, ok := m[f]; ok {
		return code, nil
	}
	for _, prefix := range [...]string{"ca ", "us ", "province of ", "province de ", "province du ",
		"state of ", "etat de ", "etat du ", "etat d ", "territoire du ", "territory of "} {
		if rest, ok := strings.CutPrefix(f, prefix); ok {
			if code, ok := m[rest]; ok {
				return code, nil
			}
		}
	}
	if c, ok := compactInitials(f); ok {
		if code, ok := m[c]; ok {
			return code, nil
		}
	}
	return "", ErrNotProvince
}

// compactInitials turns "p q" (from "P.Q.") into "pq": reports false unless
// every word of the folded value is a single letter.
func compactInitials(f string) (string, bool) {
	if len(f) < 3 {
		return "", false
	}
	b := make([]byte, 0, len(f)/2+1)
	for i := 0; i < len(f); i += 2 {
		if f[i] < 'a' || f[i] > 'z' || (i+1 < len(f) && f[i+1] != ' ') {
			return "", false
		}
		b = append(b, f[i])
	}
	return string(b), true
}

// provinces lists each code with the spellings people use for it. The
// names are folded when the index is built, so accents, case, hyphens and
// dots need not be listed twice.
var provinces = [...]struct {
	code  string
	names []string
}{
	{"QC", []string{"Québec", "PQ", "P.Q.", "Qué", "Province de Québec"}},
	{"ON", []string{"Ontario", "Ont"}},
	{"BC", []string{"British Columbia", "Colombie-Britannique", "C.-B.", "CB", "Colombie Britanique"}},
	{"AB", []string{"Alberta", "Alta"}},
	{"MB", []string{"Manitoba", "Man"}},
	{"SK", []string{"Saskatchewan", "Sask"}},
	{"NS", []string{"Nova Scotia", "Nouvelle-Écosse", "N.-É."}},
	{"NB", []string{"New Brunswick", "Nouveau-Brunswick"}},
	{"NL", []string{"Newfoundland and Labrador", "Newfoundland & Labrador", "Terre-Neuve-et-Labrador",
		"Newfoundland", "Terre-Neuve", "Labrador", "Nfld", "NF", "T.-N.-L.", "TNL", "N.L."}},
	{"PE", []string{"Prince Edward Island", "Île-du-Prince-Édouard", "PEI", "Î.-P.-É.", "IPE"}},
	{"YT", []string{"Yukon", "Yukon Territory", "Territoire du Yukon", "YK"}},
	{"NT", []string{"Northwest Territories", "North West Territories", "Territoires du Nord-Ouest", "NWT", "T.N.-O.", "TNO"}},
	{"NU", []string{"Nunavut"}},

	{"AL", []string{"Alabama"}},
	{"AK", []string{"Alaska"}},
	{"AZ", []string{"Arizona"}},
	{"AR", []string{"Arkansas"}},
	{"CA", []string{"California", "Californie"}},
	{"CO", []string{"Colorado"}},
	{"CT", []string{"Connecticut"}},
	{"DE", []string{"Delaware"}},
	{"FL", []string{"Florida", "Floride"}},
	{"GA", []string{"Georgia", "Géorgie"}},
	{"HI", []string{"Hawaii", "Hawaï"}},
	{"ID", []string{"Idaho"}},
	{"IL", []string{"Illinois"}},
	{"IN", []string{"Indiana"}},
	{"IA", []string{"Iowa"}},
	{"KS", []string{"Kansas"}},
	{"KY", []string{"Kentucky"}},
	{"LA", []string{"Louisiana", "Louisiane"}},
	{"ME", []string{"Maine"}},
	{"MD", []string{"Maryland"}},
	{"MA", []string{"Massachusetts"}},
	{"MI", []string{"Michigan"}},
	{"MN", []string{"Minnesota"}},
	{"MS", []string{"Mississippi"}},
	{"MO", []string{"Missouri"}},
	{"MT", []string{"Montana"}},
	{"NE", []string{"Nebraska"}},
	{"NV", []string{"Nevada"}},
	{"NH", []string{"New Hampshire", "Nouveau-Hampshire"}},
	{"NJ", []string{"New Jersey"}},
	{"NM", []string{"New Mexico", "Nouveau-Mexique"}},
	{"NY", []string{"New York", "New York State"}},
	{"NC", []string{"North Carolina", "Caroline du Nord"}},
	{"ND", []string{"North Dakota", "Dakota du Nord"}},
	{"OH", []string{"Ohio"}},
	{"OK", []string{"Oklahoma"}},
	{"OR", []string{"Oregon"}},
	{"PA", []string{"Pennsylvania", "Pennsylvanie"}},
	{"RI", []string{"Rhode Island"}},
	{"SC", []string{"South Carolina", "Caroline du Sud"}},
	{"SD", []string{"South Dakota", "Dakota du Sud"}},
	{"TN", []string{"Tennessee"}},
	{"TX", []string{"Texas"}},
	{"UT", []string{"Utah"}},
	{"VT", []string{"Vermont"}},
	{"VA", []string{"Virginia", "Virginie"}},
	{"WA", []string{"Washington", "Washington State"}},
	{"WV", []string{"West Virginia", "Virginie-Occidentale"}},
	{"WI", []string{"Wisconsin"}},
	{"WY", []string{"Wyoming"}},
	{"DC", []string{"District of Columbia", "District de Columbia", "Washington DC", "Washington D.C."}},
	{"PR", []string{"Puerto Rico", "Porto Rico"}},
	{"VI", []string{"U.S. Virgin Islands", "US Virgin Islands", "United States Virgin Islands", "Îles Vierges des États-Unis"}},
	{"GU", []string{"Guam"}},
	{"AS", []string{"American Samoa", "Samoa américaines"}},
	{"MP", []string{"Northern Mariana Islands", "Îles Mariannes du Nord"}},
}

var provinceIndex = sync.OnceValue(func() map[string]string {
	m := make(map[string]string, 4*len(provinces))
	for _, p := range provinces {
		m[strings.ToLower(p.code)] = p.code
		for _, n := range p.names {
			mustAdd(m, Fold(n), p.code)
		}
	}
	return m
})

// mustAdd adds a name to an index, refusing a name that would mean two
// different places: the tables are code, so this fails every test run.
func mustAdd(m map[string]string, key, code string) {
	if old, ok := m[key]; ok && old != code {
		panic("normalize: " + key + " is both " + old + " and " + code)
	}
	m[key] = code
}

// PostalCode returns a Canadian postal code as "A9A 9A9" or a US ZIP code
// as "99999" or "99999-9999". Lower case, a missing space, or a dash or
// spaces anywhere are accepted. A Canadian code must use only the letters
// Canada Post uses: none of D F I O Q U, and no W or Z in first place.
//
// A four-digit ZIP code (Excel drops the leading zero of "02134") is
// refused rather than guessed.
func PostalCode(raw string) (string, error) {
	s := trimSpace(raw)
	if s == "" {
		return "", nil
	}
	var b [9]byte
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '-':
			continue
		case 'a' <= c && c <= 'z':
			c -= 'a' - 'A'
		case 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		default:
			if c >= utf8.RuneSelf { // a no-break space is a space; anything else is not a postal code
				return postalCodeSlow(s)
			}
			return "", ErrNotPostalCode
		}
		if n == len(b) {
			return "", ErrNotPostalCode
		}
		b[n] = c
		n++
	}
	switch {
	case n == 6 && canadianPostalCode(b[:6]):
		out := [7]byte{b[0], b[1], b[2], ' ', b[3], b[4], b[5]}
		if s == string(out[:]) {
			return s, nil
		}
		return string(out[:]), nil
	case n == 5 && allDigits(b[:5]):
		if len(s) == 5 {
			return s, nil
		}
		return string(b[:5]), nil
	case n == 9 && allDigits(b[:9]):
		// ZIP+4: a dash (or space) between the two parts, or nothing.
		if len(s) != 9 && (len(s) != 10 || s[5] != '-' && s[5] != ' ') {
			return "", ErrNotPostalCode
		}
		out := [10]byte{b[0], b[1], b[2], b[3], b[4], '-', b[5], b[6], b[7], b[8]}
		return string(out[:]), nil
	}
	return "", ErrNotPostalCode
}

func postalCodeSlow(s string) (string, error) {
	if s, ok := asciiSpaces(s); ok {
		return PostalCode(s)
	}
	return "", ErrNotPostalCode
}

// asciiSpaces replaces the non-ASCII spaces of s (no-break spaces…) with
// plain ones; ok is false if s holds any other non-ASCII character.
func asciiSpaces(s string) (string, bool) {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			b = append(b, byte(r))
		case isSpace(r):
			b = append(b, ' ')
		default:
			return "", false
		}
	}
	return string(b), true
}

// canadianPostalCode reports whether six upper-case characters are letter,
// digit, letter, digit, letter, digit with letters Canada Post uses.
func canadianPostalCode(b []byte) bool {
	const first = "ABCEGHJKLMNPRSTVXY"
	const other = "ABCEGHJKLMNPRSTVWXYZ"
	return strings.IndexByte(first, b[0]) >= 0 && isDigit(b[1]) &&
		strings.IndexByte(other, b[2]) >= 0 && isDigit(b[3]) &&
		strings.IndexByte(other, b[4]) >= 0 && isDigit(b[5])
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func allDigits[T string | []byte](s T) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return len(s) > 0
}

// Country returns the ISO 3166-1 alpha-2 code of a country. It accepts any
// officially assigned alpha-2 or alpha-3 code in any case ("ca", "CAN"),
// the English and French names ISO and the Debian iso-codes translations
// give for every country, and the everyday names people type instead
// ("USA", "U.S.A.", "États-Unis", "Etats-Unis", "UK", "Angleterre",
// "Russie", "Corée du Sud", "Turquie"…). A two-letter code that is not
// assigned ("XX", "EU", "XK") is refused.
func Country(raw string) (string, error) {
	f := Fold(raw)
	if f == "" {
		return "", nil
	}
	m := countryIndex()
	if code, ok := m[f]; ok {
		return code, nil
	}
	if c, ok := compactInitials(f); ok {
		if code, ok := m[c]; ok {
			return code, nil
		}
	}
	if rest, ok := strings.CutPrefix(f, "the "); ok {
		if code, ok := m[rest]; ok {
			return code, nil
		}
	}
	return "", ErrNotCountry
}

// countryAliases are the names in everyday use that ISO does not list.
var countryAliases = [...]struct {
	code  string
	names []string
}{
	{"US", []string{"US", "U.S.", "U.S.A.", "United States", "Etats-Unis", "É.-U.", "Etats Unis d'Amérique"}},
	{"GB", []string{"UK", "U.K.", "Great Britain", "Grande-Bretagne", "Britain", "England", "Angleterre", "Scotland", "Écosse", "Wales", "Pays de Galles", "Northern Ireland", "Irlande du Nord"}},
	{"CA", []string{"Kanada"}},
	{"RU", []string{"Russia", "Russie"}},
	{"KR", []string{"Korea", "Corée"}},
	{"KP", []string{"North Korea", "Corée du Nord"}},
	{"TR", []string{"Turkey", "Turquie"}},
	{"VN", []string{"Viet-Nam"}},
	{"CZ", []string{"République Tchèque"}},
	{"NL", []string{"Holland", "Hollande", "The Netherlands"}},
	{"CI", []string{"Ivory Coast"}},
	{"CD", []string{"Democratic Republic of the Congo", "DR Congo", "RDC", "DRC", "Congo-Kinshasa"}},
	{"CG", []string{"Republic of the Congo", "Congo-Brazzaville"}},
	{"SY", []string{"Syrie"}},
	{"LA", []string{"Laos"}},
	{"MD", []string{"Moldova", "Moldavie"}},
	{"TZ", []string{"Tanzania", "Tanzanie"}},
	{"VE", []string{"Venezuela"}},
	{"BO", []string{"Bolivia"}},
	{"VA", []string{"Vatican", "Vatican City", "Cité du Vatican"}},
	{"FM", []string{"Micronesia", "Micronésie"}},
	{"PS", []string{"Palestine"}},
	{"MK", []string{"Macedonia", "Macédoine"}},
	{"CV", []string{"Cape Verde", "Cap-Vert"}},
	{"SZ", []string{"Swaziland"}},
	{"MM", []string{"Burma", "Birmanie"}},
	{"TW", []string{"Taïwan"}},
	{"HK", []string{"Hong Kong"}},
	{"MO", []string{"Macau", "Macao"}},
	{"BN", []string{"Brunei"}},
	{"VG", []string{"British Virgin Islands", "Îles Vierges britanniques"}},
	{"VI", []string{"US Virgin Islands", "U.S. Virgin Islands", "Îles Vierges américaines"}},
	{"DO", []string{"Dominican Republic", "République dominicaine"}},
	{"AE", []string{"UAE", "Emirats arabes unis", "EAU"}},
	{"SA", []string{"Saudi Arabia", "Arabie Saoudite"}},
	{"BA", []string{"Bosnia", "Bosnie"}},
	{"PG", []string{"Papua New Guinea", "Papouasie-Nouvelle-Guinée"}},
}

var countryIndex = sync.OnceValue(func() map[string]string {
	m := make(map[string]string, 8*len(isoCountries))
	for _, c := range isoCountries {
		mustAdd(m, strings.ToLower(c.alpha2), c.alpha2)
		mustAdd(m, strings.ToLower(c.alpha3), c.alpha2)
	}
	for _, c := range isoCountries {
		for _, n := range c.names {
			if k := Fold(n); k != "" {
				if _, taken := m[k]; !taken { // a name never hides a code
					mustAdd(m, k, c.alpha2)
				}
			}
		}
	}
	for _, a := range countryAliases {
		for _, n := range a.names {
			mustAdd(m, Fold(n), a.code)
		}
	}
	return m
})
