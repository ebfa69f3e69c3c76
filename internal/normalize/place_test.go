package normalize

import (
	"strings"
	"testing"
)

func TestProvince(t *testing.T) {
	const bad = "not a province or state"
	runChoice(t, "Province", Province, []choiceTest{
		{"empty", " ", "", ""},
		{"QC", "QC", "QC", ""},
		{"qc", "qc", "QC", ""},
		{"Qc", "Qc", "QC", ""},
		{"Québec", "Québec", "QC", ""},
		{"Quebec", "Quebec", "QC", ""},
		{"QUÉBEC", "QUÉBEC", "QC", ""},
		{"P.Q.", "P.Q.", "QC", ""},
		{"PQ", "PQ", "QC", ""},
		{"Qué.", "Qué.", "QC", ""},
		{"CA-QC", "CA-QC", "QC", ""},
		{"Province de Québec", "Province de Québec", "QC", ""},
		{"Ontario", "Ontario", "ON", ""},
		{"Ont.", "Ont.", "ON", ""},
		{"Colombie-Britannique", "Colombie-Britannique", "BC", ""},
		{"Colombie Britannique", "colombie britannique", "BC", ""},
		{"British Columbia", "British Columbia", "BC", ""},
		{"B.C.", "B.C.", "BC", ""},
		{"C.-B.", "C.-B.", "BC", ""},
		{"Alberta", "ALBERTA", "AB", ""},
		{"Manitoba", "Manitoba", "MB", ""},
		{"Saskatchewan", "Saskatchewan", "SK", ""},
		{"Nova Scotia", "Nova Scotia", "NS", ""},
		{"Nouvelle-Écosse", "Nouvelle-Écosse", "NS", ""},
		{"N.-É.", "N.-É.", "NS", ""},
		{"New Brunswick", "New Brunswick", "NB", ""},
		{"Nouveau-Brunswick", "Nouveau-Brunswick", "NB", ""},
		{"Terre-Neuve-et-Labrador", "Terre-Neuve-et-Labrador", "NL", ""},
		{"Newfoundland and Labrador", "Newfoundland and Labrador", "NL", ""},
		{"Nfld", "Nfld.", "NL", ""},
		{"Île-du-Prince-Édouard", "Île-du-Prince-Édouard", "PE", ""},
		{"Ile du Prince Edouard", "ile du prince edouard", "PE", ""},
		{"Prince Edward Island", "Prince Edward Island", "PE", ""},
		{"P.E.I.", "P.E.I.", "PE", ""},
		{"Yukon", "Yukon", "YT", ""},
		{"Territoires du Nord-Ouest", "Territoires du Nord-Ouest", "NT", ""},
		{"NWT", "NWT", "NT", ""},
		{"Nunavut", "Nunavut", "NU", ""},
		{"New York", "New York", "NY", ""},
		{"NY", "ny", "NY", ""},
		{"État de New York", "État de New York", "NY", ""},
		{"Floride", "Floride", "FL", ""},
		{"Caroline du Nord", "Caroline du Nord", "NC", ""},
		{"Vermont", "Vermont", "VT", ""},
		{"DC", "DC", "DC", ""},
		{"Washington D.C.", "Washington D.C.", "DC", ""},
		{"District of Columbia", "District of Columbia", "DC", ""},
		{"NE is Nebraska", "NE", "NE", ""},
		{"CA is California", "CA", "CA", ""},
		{"US-NY", "US-NY", "NY", ""},
		{"unknown code", "XX", "", bad},
		{"country", "Canada", "", bad},
		{"city", "Montréal", "", bad},
	})
}

func TestProvinceCoversEveryCode(t *testing.T) {
	for _, code := range strings.Fields("QC ON BC AB MB SK NS NB NL PE YT NT NU " +
		"AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY " +
		"NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC") {
		if got, err := Province(code); got != code || err != nil {
			t.Errorf("Province(%q) = %q, %v; want %q", code, got, err, code)
		}
	}
}

func TestPostalCode(t *testing.T) {
	const bad = "not a postal code (A9A 9A9) or ZIP code (99999 or 99999-9999)"
	runChoice(t, "PostalCode", PostalCode, []choiceTest{
		{"empty", "", "", ""},
		{"canonical", "H2X 1Y4", "H2X 1Y4", ""},
		{"no space", "H2X1Y4", "H2X 1Y4", ""},
		{"lower case", "h2x 1y4", "H2X 1Y4", ""},
		{"dash", "H2X-1Y4", "H2X 1Y4", ""},
		{"padded", "  h2x1y4 ", "H2X 1Y4", ""},
		{"nbsp", "H2X\u00a01Y4", "H2X 1Y4", ""},
		{"two spaces", "H2X  1Y4", "H2X 1Y4", ""},
		{"W allowed inside", "K1W 0B5", "K1W 0B5", ""},
		{"Z allowed inside", "T2Z 3A1", "T2Z 3A1", ""},
		{"W not first", "W1A 1A1", "", bad},
		{"Z not first", "Z1A 1A1", "", bad},
		{"D first", "D2X 1Y4", "", bad},
		{"O inside", "H2O 1Y4", "", bad},
		{"U inside", "H2X 1U4", "", bad},
		{"I inside", "H2X 1I4", "", bad},
		{"digit where letter goes", "H22 1Y4", "", bad},
		{"too short", "H2X 1Y", "", bad},
		{"too long", "H2X 1Y44", "", bad},
		{"zip", "90210", "90210", ""},
		{"zip padded", " 90210 ", "90210", ""},
		{"zip+4", "90210-1234", "90210-1234", ""},
		{"zip+4 no dash", "902101234", "90210-1234", ""},
		{"zip+4 space", "90210 1234", "90210-1234", ""},
		{"zip+4 dash misplaced", "9021-01234", "", bad},
		{"zip with leading zero lost", "2134", "", bad},
		{"six digits", "902101", "", bad},
		{"uk postcode", "SW1A 1AA", "", bad},
		{"text", "n/a", "", bad},
	})
}

func TestCountry(t *testing.T) {
	const bad = "not a country"
	runChoice(t, "Country", Country, []choiceTest{
		{"empty", "", "", ""},
		{"CA", "CA", "CA", ""},
		{"ca", "ca", "CA", ""},
		{"CAN", "CAN", "CA", ""},
		{"Canada", "Canada", "CA", ""},
		{"CANADA", " CANADA ", "CA", ""},
		{"États-Unis", "États-Unis", "US", ""},
		{"Etats-Unis", "Etats-Unis", "US", ""},
		{"Etats Unis", "etats unis", "US", ""},
		{"USA", "USA", "US", ""},
		{"U.S.A.", "U.S.A.", "US", ""},
		{"US", "US", "US", ""},
		{"U.S.", "U.S.", "US", ""},
		{"É.-U.", "É.-U.", "US", ""},
		{"continent is not a country", "Amérique", "", bad},
		{"United States", "United States", "US", ""},
		{"United States of America", "United States of America", "US", ""},
		{"France", "France", "FR", ""},
		{"Mexique", "Mexique", "MX", ""},
		{"Mexico", "Mexico", "MX", ""},
		{"Royaume-Uni", "Royaume-Uni", "GB", ""},
		{"United Kingdom", "United Kingdom", "GB", ""},
		{"UK", "UK", "GB", ""},
		{"Angleterre", "Angleterre", "GB", ""},
		{"Allemagne", "Allemagne", "DE", ""},
		{"Germany", "Germany", "DE", ""},
		{"Belgique", "Belgique", "BE", ""},
		{"Belgium", "Belgium", "BE", ""},
		{"Suisse", "Suisse", "CH", ""},
		{"Switzerland", "Switzerland", "CH", ""},
		{"Italie", "Italie", "IT", ""},
		{"Italy", "Italy", "IT", ""},
		{"Espagne", "Espagne", "ES", ""},
		{"Spain", "Spain", "ES", ""},
		{"Haïti", "Haïti", "HT", ""},
		{"Haiti", "Haiti", "HT", ""},
		{"Maroc", "Maroc", "MA", ""},
		{"Morocco", "Morocco", "MA", ""},
		{"Algérie", "Algérie", "DZ", ""},
		{"Algeria", "Algeria", "DZ", ""},
		{"Tunisie", "Tunisie", "TN", ""},
		{"Liban", "Liban", "LB", ""},
		{"Chine", "Chine", "CN", ""},
		{"China", "China", "CN", ""},
		{"Inde", "Inde", "IN", ""},
		{"India", "India", "IN", ""},
		{"Japon", "Japon", "JP", ""},
		{"Japan", "Japan", "JP", ""},
		{"Corée du Sud", "Corée du Sud", "KR", ""},
		{"Viet Nam", "Vietnam", "VN", ""},
		{"Côte d'Ivoire", "Côte d’Ivoire", "CI", ""},
		{"Russie", "Russie", "RU", ""},
		{"Turquie", "Turquie", "TR", ""},
		{"Pays-Bas", "Pays-Bas", "NL", ""},
		{"Sénégal", "Sénégal", "SN", ""},
		{"Cameroun", "Cameroun", "CM", ""},
		{"Portugal", "Portugal", "PT", ""},
		{"Brésil", "Brésil", "BR", ""},
		{"Philippines", "Philippines", "PH", ""},
		{"Îles Åland", "Îles Åland", "AX", ""},
		{"unassigned code", "XX", "", bad},
		{"reserved EU", "EU", "", bad},
		{"user-assigned XK", "XK", "", bad},
		{"province", "Québec", "", bad},
		{"typo", "Canda", "", bad},
	})
}

func TestCountryCodesAreTheAssignedOnes(t *testing.T) {
	if len(isoCountries) != 249 {
		t.Errorf("%d ISO 3166-1 codes, want 249", len(isoCountries))
	}
	seen := make(map[string]bool)
	for _, c := range isoCountries {
		if seen[c.alpha2] {
			t.Errorf("code %s listed twice", c.alpha2)
		}
		seen[c.alpha2] = true
		for _, code := range []string{c.alpha2, strings.ToLower(c.alpha2), c.alpha3} {
			if got, err := Country(code); got != c.alpha2 || err != nil {
				t.Errorf("Country(%q) = %q, %v; want %q", code, got, err, c.alpha2)
			}
		}
		for _, name := range c.names {
			if got, err := Country(name); got != c.alpha2 || err != nil {
				t.Errorf("Country(%q) = %q, %v; want %q", name, got, err, c.alpha2)
			}
		}
	}
}
