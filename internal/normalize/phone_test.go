package normalize

import "testing"

func TestPhone(t *testing.T) {
	tests := []struct {
		name, raw, region string
		e164, ext, err    string
	}{
		{name: "empty", raw: ""},
		{name: "blank", raw: "  \t"},
		{name: "parentheses", raw: "(514) 555-0101", e164: "+15145550101"},
		{name: "dots", raw: "514.555.0101", e164: "+15145550101"},
		{name: "dashes", raw: "514-555-0101", e164: "+15145550101"},
		{name: "spaces", raw: "514 555 0101", e164: "+15145550101"},
		{name: "digits only", raw: "5145550101", e164: "+15145550101"},
		{name: "slash", raw: "514/555-0101", e164: "+15145550101"},
		{name: "leading 1", raw: "1-514-555-0101", e164: "+15145550101"},
		{name: "leading 1 digits", raw: "15145550101", e164: "+15145550101"},
		{name: "plus 1", raw: "+1 514 555 0101", e164: "+15145550101"},
		{name: "plus 1 parentheses", raw: "+1 (514) 555-0101", e164: "+15145550101"},
		{name: "padded", raw: "  (438) 555-0199  ", e164: "+14385550199"},
		{name: "nbsp separators", raw: "514\u00a0555\u00a00101", e164: "+15145550101"},
		{name: "tab separator", raw: "514\t555-0101", e164: "+15145550101"},
		{name: "en dash separators", raw: "514–555–0101", e164: "+15145550101"},
		{name: "region empty is CA", raw: "819-555-0142", region: "", e164: "+18195550142"},
		{name: "region lower case", raw: "01 42 68 53 00", region: "fr", e164: "+33142685300"},
		{name: "region US", raw: "(212) 555-0123", region: "US", e164: "+12125550123"},
		{name: "caribbean NANP", raw: "+1 876 555 0101", e164: "+18765550101"},

		{name: "poste", raw: "514-555-0101 poste 22", e164: "+15145550101", ext: "22"},
		{name: "poste spec row", raw: "514.555.0101 poste 22", e164: "+15145550101", ext: "22"},
		{name: "POSTE upper no space", raw: "514.555.0101 POSTE22", e164: "+15145550101", ext: "22"},
		{name: "ext.", raw: "514 555 0101 ext. 12", e164: "+15145550101", ext: "12"},
		{name: "ext", raw: "514 555 0101 ext 12", e164: "+15145550101", ext: "12"},
		{name: "Ext: ", raw: "514 555 0101 Ext: 12", e164: "+15145550101", ext: "12"},
		{name: "extension", raw: "514-555-0101 extension 1234", e164: "+15145550101", ext: "1234"},
		{name: "EXT glued", raw: "5145550101EXT12", e164: "+15145550101", ext: "12"},
		{name: "x", raw: "514-555-0101 x123", e164: "+15145550101", ext: "123"},
		{name: "X glued", raw: "514-555-0101X123", e164: "+15145550101", ext: "123"},
		{name: "x spaced", raw: "514-555-0101 x 123", e164: "+15145550101", ext: "123"},
		{name: "hash", raw: "514-555-0101 #3", e164: "+15145550101", ext: "3"},
		{name: "hash glued", raw: "514-555-0101#3", e164: "+15145550101", ext: "3"},
		{name: "extension on international", raw: "+33 1 42 68 53 00 poste 7", e164: "+33142685300", ext: "7"},
		{name: "extension alone", raw: "x123", err: "not a phone number"},
		{name: "marker without digits", raw: "514-555-0101 ext", err: "not a phone number"},
		{name: "extension then words", raw: "514-555-0101 ext 22 bureau", err: "not a phone number"},
		{name: "extension is a local number", raw: "514-555-0101 x 555-0102", err: "not a phone number"},
		{name: "extension of six digits", raw: "514-555-0101 x 123456", e164: "+15145550101", ext: "123456"},
		{name: "extension too long", raw: "514-555-0101 x 5145550102", err: "not a phone number"},

		{name: "france", raw: "+33 1 42 68 53 00", e164: "+33142685300"},
		{name: "france with (0)", raw: "+33 (0)1 42 68 53 00", e164: "+33142685300"},
		{name: "france dialled from canada", raw: "011 33 1 42 68 53 00", e164: "+33142685300"},
		{name: "uk dialled from canada", raw: "011-44-20-7946-0958", e164: "+442079460958"},
		{name: "france national under FR", raw: "01 42 68 53 00", region: "FR", e164: "+33142685300"},
		{name: "plus then ten digits is not NANP", raw: "+5145550101", err: "not a phone number"},

		{name: "vanity", raw: "1-800-FLOWERS", e164: "+18003569377"},
		{name: "vanity lower case", raw: "1-800-flowers", e164: "+18003569377"},
		{name: "word after number", raw: "5145550101 home", err: "not a phone number"},
		{name: "one letter after number", raw: "5145550101 a", err: "not a phone number"},
		{name: "letters only", raw: "ABC-DEF-GHIJ", err: "not a phone number"},
		{name: "label before number", raw: "cell: 514-555-0101", err: "not a phone number"},
		{name: "text", raw: "n/a", err: "not a phone number"},
		{name: "too short", raw: "555-12", err: "not a phone number"},
		{name: "seven digits", raw: "555-0101", err: "not a phone number"},
		{name: "zeros", raw: "0000000000", err: "not a phone number"},
		{name: "invalid area code", raw: "123-456-7890", err: "not a phone number"},
		{name: "exchange starting with 1", raw: "514-155-0101", err: "not a phone number"},
		{name: "N11 area code", raw: "911-555-0101", err: "not a phone number"},
		{name: "two numbers", raw: "514-555-0101 / 514-555-0102", err: "not a phone number"},
		{name: "two numbers with semicolon", raw: "5145550101;5145550102", err: "not a phone number"},
		{name: "plus inside", raw: "514+555+0101", err: "not a phone number"},
		{name: "twelve digits", raw: "514555010199", err: "not a phone number"},
		{name: "unknown region", raw: "01 42 68 53 00", region: "ZZ", err: "not a phone number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e164, ext, err := Phone(tt.raw, tt.region)
			if e164 != tt.e164 || ext != tt.ext || errString(err) != tt.err {
				t.Errorf("Phone(%q, %q) = %q, %q, %v; want %q, %q, %q",
					tt.raw, tt.region, e164, ext, err, tt.e164, tt.ext, tt.err)
			}
		})
	}
}

func TestPhoneFastPathDoesNotCallLibphonenumber(t *testing.T) {
	// One allocation: the result string.
	if n := testing.AllocsPerRun(100, func() { _, _, _ = Phone("(514) 555-0101", "CA") }); n > 1 {
		t.Errorf("Phone fast path allocates %v times, want at most 1", n)
	}
}
