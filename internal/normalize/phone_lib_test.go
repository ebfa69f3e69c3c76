package normalize

import (
	"strings"
	"testing"
)

// TestPhoneLibphonenumberCases checks Phone against the answers of
// libphonenumber's own tests: Java's PhoneNumberUtilTest (the method named
// in each case) and the Go port's phonenumberutil_adhoc_test.go, which runs
// against the real metadata. Java's tests run against test metadata, so a
// few of its numbers that are not valid in the real world (a US 123
// exchange…) are replaced by a valid number written the same way; those
// cases say "same form". "bad value" is an error: the value goes to an
// "[import]" note. Where Leadport answers differently on purpose, the case
// says why.
func TestPhoneLibphonenumberCases(t *testing.T) {
	const bad = "bad value"
	tests := []struct {
		source, raw, region string
		want, ext           string // want: E.164, or bad
	}{
		// testParseNonAscii
		{"Java testParseNonAscii", "\uFF0B1 (650) 253-0000", "SG", "+16502530000", ""},
		{"Java testParseNonAscii", "1 (650) 253\u00AD-0000", "US", "+16502530000", ""},
		{"Java testParseNonAscii", "\uFF0B\uFF11\u3000\uFF08\uFF16\uFF15\uFF10\uFF09\u3000\uFF12\uFF15\uFF13\uFF0D\uFF10\uFF10\uFF10\uFF10", "SG", "+16502530000", ""},
		{"Java testParseNonAscii", "\uFF0B\uFF11\u3000\uFF08\uFF16\uFF15\uFF10\uFF09\u3000\uFF12\uFF15\uFF13\u30FC\uFF10\uFF10\uFF10\uFF10", "SG", "+16502530000", ""},
		{"Java testParseNonAscii", "\u1811 \u1816\u1815\u1810 \u1812\u1815\u1813 \u1810\u1810\u1810\u1810", "US", "+16502530000", ""},
		// testParseWithInternationalPrefixes
		{"Java testParseWithInternationalPrefixes", "+1 (650) 253-0000", "NZ", "+16502530000", ""},
		{"Java testParseWithInternationalPrefixes", "1-650-253-0000", "US", "+16502530000", ""},
		{"Java testParseWithInternationalPrefixes", "0011-650-253-0000", "SG", "+16502530000", ""},
		{"Java testParseWithInternationalPrefixes", "0081-650-253-0000", "SG", "+16502530000", ""},
		{"Java testParseWithInternationalPrefixes", "0191-650-253-0000", "SG", "+16502530000", ""},
		{"Java testParseWithInternationalPrefixes", "++1 (650) 253-0000", "PL", "+16502530000", ""},
		// testParseNationalNumber
		{"Java testParseNationalNumber", "033316005", "NZ", "+6433316005", ""},
		{"Java testParseNationalNumber", "33316005", "NZ", "+6433316005", ""},
		{"Java testParseNationalNumber", "03-331 6005", "NZ", "+6433316005", ""},
		{"Java testParseNationalNumber", "tel:03-331-6005;phone-context=+64", "NZ", "+6433316005", ""},
		{"Java testParseNationalNumber", "tel:331-6005;phone-context=+64-3", "US", "+6433316005", ""},
		{"Java testParseNationalNumber", "tel:03-331-6005;isub=12345;phone-context=+64", "NZ", "+6433316005", ""},
		{"Java testParseNationalNumber", "tel:+64-3-331-6005;isub=12345", "NZ", "+6433316005", ""},
		{"Java testParseNationalNumber", "0064 3 331 6005", "NZ", "+6433316005", ""},
		{"Java testParseNationalNumber", "01164 3 331 6005", "US", "+6433316005", ""},
		{"Java testParseNationalNumber", "+64 3 331 6005", "US", "+6433316005", ""},
		{"Java testParseNationalNumber", "+01164 3 331 6005", "US", "+6433316005", ""},
		{"Java testParseNationalNumber", "+0064 3 331 6005", "NZ", "+6433316005", ""},
		{"Java testParseNationalNumber", "+ 00 64 3 331 6005", "NZ", "+6433316005", ""},
		{"Java testParseNationalNumber (invalid with real metadata)", "123-456-7890", "US", bad, ""},
		// testParseNumbersWithPlusWithNoRegion
		{"Java testParseNumbersWithPlusWithNoRegion", "+64 3 331 6005", "ZZ", "+6433316005", ""},
		{"Java testParseNumbersWithPlusWithNoRegion", "\uFF0B64 3 331 6005", "ZZ", "+6433316005", ""},
		{"Java testParseNumbersWithPlusWithNoRegion", "Tel: +64 3 331 6005", "ZZ", "+6433316005", ""},
		{"Java testParseNumbersWithPlusWithNoRegion", "tel:03-331-6005;phone-context=+64", "ZZ", "+6433316005", ""},
		// testParseWithLeadingZero
		{"Java testParseWithLeadingZero", "+39 02-36618 300", "NZ", "+390236618300", ""},
		{"Java testParseWithLeadingZero", "02-36618 300", "IT", "+390236618300", ""},
		// testParseExtensions
		{"Java testParseExtensions", "03 331 6005 ext 3456", "NZ", "+6433316005", "3456"},
		{"Java testParseExtensions", "03-3316005x3456", "NZ", "+6433316005", "3456"},
		{"Java testParseExtensions", "03-3316005 int.3456", "NZ", "+6433316005", "3456"},
		{"Java testParseExtensions", "03 3316005 #3456", "NZ", "+6433316005", "3456"},
		{"Java testParseExtensions", "+44 2034567890x456", "NZ", "+442034567890", "456"},
		{"Java testParseExtensions", "+44 2034567890 X  456", "GB", "+442034567890", "456"},
		{"Java testParseExtensions", "+44 2034567890 x 456  ", "GB", "+442034567890", "456"},
		{"Java testParseExtensions", "+44-2034567890;ext=456", "GB", "+442034567890", "456"},
		{"Java testParseExtensions", "tel:2034567890;ext=456;phone-context=+44", "ZZ", "+442034567890", "456"},
		{"Java testParseExtensions", "+442034567890\uFF45\uFF58\uFF54\uFF4E456", "GB", "+442034567890", "456"},
		{"Java testParseExtensions", "+442034567890\uFF58\uFF54\uFF4E456", "GB", "+442034567890", "456"},
		{"Java testParseExtensions", "+442034567890\uFF58\uFF54456", "GB", "+442034567890", "456"},
		{"Java testParseExtensions", "(800) 901-3355 x 7246433", "US", "+18009013355", "7246433"},
		{"Java testParseExtensions", "(800) 901-3355 , ext 7246433", "US", "+18009013355", "7246433"},
		{"Java testParseExtensions", "(800) 901-3355 ; 7246433", "US", "+18009013355", "7246433"},
		{"Java testParseExtensions", "(800) 901-3355;7246433", "US", "+18009013355", "7246433"},
		{"Java testParseExtensions", "(800) 901-3355 ,extension 7246433", "US", "+18009013355", "7246433"},
		{"Java testParseExtensions", "(800) 901-3355 ,extensi\u00F3n 7246433", "US", "+18009013355", "7246433"},
		{"Java testParseExtensions", "(800) 901-3355 ,extensio\u0301n 7246433", "US", "+18009013355", "7246433"},
		{"Java testParseExtensions", "(800) 901-3355 , 7246433", "US", "+18009013355", "7246433"},
		{"Java testParseExtensions", "(800) 901-3355 ext: 7246433", "US", "+18009013355", "7246433"},
		{"Java testParseExtensions", "8 (423) 202-25-11, \u0434\u043E\u0431. 100", "RU", "+74232022511", "100"},
		{"Java testParseExtensions", "8 (423) 202-25-11\u0434\u043E\u0431100", "RU", "+74232022511", "100"},
		{"Java testParseExtensions", "8 (423) 202-25-11, \u0414\u041E\u0411. 100", "RU", "+74232022511", "100"},
		{"Java testParseExtensions, same form", "+1 (650) 253 0000-910#", "US", "+16502530000", "910"},
		{"Java testParseExtensions, same form", "+1 (650) 253 0000 ext. 910#", "US", "+16502530000", "910"},
		// libphonenumber keeps the first of two extensions and drops the
		// second; Leadport never drops a value, so the cell is a bad value.
		{"Java testParseExtensions, same form", "(650)253-0000 x508/x1234", "US", bad, ""},
		// testParseHandlesLongExtensionsWithExplicitLabels
		{"Java testParseHandlesLongExtensionsWithExplicitLabels", "tel:+6433316005;ext=0", "NZ", "+6433316005", "0"},
		{"Java testParseHandlesLongExtensionsWithExplicitLabels", "tel:+6433316005;ext=01234567890123456789", "NZ", "+6433316005", "01234567890123456789"},
		{"Java testParseHandlesLongExtensionsWithExplicitLabels", "tel:+6433316005;ext=012345678901234567890", "NZ", bad, ""},
		{"Java testParseHandlesLongExtensionsWithExplicitLabels", "03 3316005ext:1", "NZ", "+6433316005", "1"},
		{"Java testParseHandlesLongExtensionsWithExplicitLabels", "03 3316005 xtn:12345678901234567890", "NZ", "+6433316005", "12345678901234567890"},
		{"Java testParseHandlesLongExtensionsWithExplicitLabels", "03 3316005 extension\t12345678901234567890", "NZ", "+6433316005", "12345678901234567890"},
		{"Java testParseHandlesLongExtensionsWithExplicitLabels", "03 3316005 xtensio:12345678901234567890", "NZ", "+6433316005", "12345678901234567890"},
		{"Java testParseHandlesLongExtensionsWithExplicitLabels", "03 3316005 xtensi\u00F3n, 12345678901234567890#", "NZ", "+6433316005", "12345678901234567890"},
		{"Java testParseHandlesLongExtensionsWithExplicitLabels", "03 3316005extension.12345678901234567890", "NZ", "+6433316005", "12345678901234567890"},
		{"Java testParseHandlesLongExtensionsWithExplicitLabels", "03 3316005 \u0434\u043E\u0431:12345678901234567890", "NZ", "+6433316005", "12345678901234567890"},
		{"Java testParseHandlesLongExtensionsWithExplicitLabels", "03 3316005 extension 123456789012345678901", "NZ", bad, ""},
		// testParseHandlesLongExtensionsWithAutoDiallingLabels
		{"Java testParseHandlesLongExtensionsWithAutoDiallingLabels", "+12679000000,,123456789012345#", "US", "+12679000000", "123456789012345"},
		{"Java testParseHandlesLongExtensionsWithAutoDiallingLabels", "+12679000000;123456789012345#", "US", "+12679000000", "123456789012345"},
		{"Java testParseHandlesLongExtensionsWithAutoDiallingLabels", "+442034000000,,123456789#", "GB", "+442034000000", "123456789"},
		{"Java testParseHandlesLongExtensionsWithAutoDiallingLabels", "+12679000000,,1234567890123456#", "US", bad, ""},
		// testParseHandlesShortExtensionsWithAmbiguousChar
		{"Java testParseHandlesShortExtensionsWithAmbiguousChar", "03 3316005 x 123456789", "NZ", "+6433316005", "123456789"},
		{"Java testParseHandlesShortExtensionsWithAmbiguousChar", "03 3316005 x. 123456789", "NZ", "+6433316005", "123456789"},
		{"Java testParseHandlesShortExtensionsWithAmbiguousChar", "03 3316005 #123456789#", "NZ", "+6433316005", "123456789"},
		{"Java testParseHandlesShortExtensionsWithAmbiguousChar", "03 3316005 ~ 123456789", "NZ", "+6433316005", "123456789"},
		{"Java testParseHandlesShortExtensionsWithAmbiguousChar", "03 3316005 ~ 1234567890", "NZ", bad, ""},
		// testParseHandlesShortExtensionsWhenNotSureOfLabel
		{"Java testParseHandlesShortExtensionsWhenNotSureOfLabel, same form", "+1650-253-0000 666666#", "US", "+16502530000", "666666"},
		{"Java testParseHandlesShortExtensionsWhenNotSureOfLabel, same form", "+16502530000-6#", "US", "+16502530000", "6"},
		{"Java testParseHandlesShortExtensionsWhenNotSureOfLabel, same form", "+1650-253-0000 7777777#", "US", bad, ""},
		// testFailedParseOnInvalidNumbers
		{"Java testFailedParseOnInvalidNumbers", "This is not a phone number", "NZ", bad, ""},
		{"Java testFailedParseOnInvalidNumbers", "1 Still not a number", "NZ", bad, ""},
		{"Java testFailedParseOnInvalidNumbers", "1 MICROSOFT", "NZ", bad, ""},
		{"Java testFailedParseOnInvalidNumbers", "12 MICROSOFT", "NZ", bad, ""},
		{"Java testFailedParseOnInvalidNumbers", "01495 72553301873 810104", "GB", bad, ""},
		{"Java testFailedParseOnInvalidNumbers", "+---", "DE", bad, ""},
		{"Java testFailedParseOnInvalidNumbers", "+***", "DE", bad, ""},
		{"Java testFailedParseOnInvalidNumbers", "+*******91", "DE", bad, ""},
		{"Java testFailedParseOnInvalidNumbers", "+49 0", "DE", bad, ""},
		{"Java testFailedParseOnInvalidNumbers", "+210 3456 56789", "NZ", bad, ""},
		{"Java testFailedParseOnInvalidNumbers", "+ 00 210 3 331 6005", "NZ", bad, ""},
		{"Java testFailedParseOnInvalidNumbers", "123 456 7890", "ZZ", bad, ""},
		{"Java testFailedParseOnInvalidNumbers", "0044------", "GB", bad, ""},
		{"Java testFailedParseOnInvalidNumbers", "0044", "GB", bad, ""},
		{"Java testFailedParseOnInvalidNumbers", "011", "US", bad, ""},
		{"Java testFailedParseOnInvalidNumbers", "0119", "US", bad, ""},
		{"Java testFailedParseOnInvalidNumbers", "tel:555-1234;phone-context=www.google.com", "ZZ", bad, ""},
		{"Java testFailedParseOnInvalidNumbers", ";phone-context=", "ZZ", bad, ""},
		// testParseMaliciousInput
		{"Java testParseMaliciousInput", strings.Repeat("+", 6000) + "12222-33-244 extensioB 343+", "US", bad, ""},
		{"Java testParseMaliciousInput", strings.Repeat("200", 350) + " extensiOB 345", "US", bad, ""},
		// Go port, phonenumberutil_adhoc_test.go (real metadata)
		{"Go TestParsing", "(917)992-5253", "US", "+19179925253", ""},
		{"Go TestParsing", "07531669965", "GB", "+447531669965", ""},
		{"Go TestParsing", "0788383383", "RW", "+250788383383", ""},
		{"Go TestParsing", "+250788383383", "", "+250788383383", ""},
		{"Go TestParsing", "0877747666", "ID", "+62877747666", ""},
		{"Go TestLeadingOne", "15167706076", "US", "+15167706076", ""},
		{"Go TestMexico", "664 899 1010", "MX", "+526648991010", ""},
		{"Go TestMexico", "+52 664 899 1010", "", "+526648991010", ""},
		{"Go TestMaybeSeparateExtensionFromPhone", "+1 306-555-1234;78", "US", "+13065551234", "78"},
		{"Go TestMaybeSeparateExtensionFromPhone", "+1 306-555-1234,78", "US", "+13065551234", "78"},
		{"Go TestMaybeSeparateExtensionFromPhone", "+1 306-555-1234   ,  78", "US", "+13065551234", "78"},
		{"Go TestMaybeSeparateExtensionFromPhone", "+1 306-555-1234 ext. 78", "US", "+13065551234", "78"},
		{"Go TestMaybeSeparateExtensionFromPhone", "+1 306-555-1234 #78", "US", "+13065551234", "78"},
		{"Go TestMaybeSeparateExtensionFromPhone", "+1 306-555-1234;ext=78", "US", "+13065551234", "78"},
		{"Go TestMaybeSeparateExtensionFromPhone", "+1 800-Go-Green #78", "US", "+18004647336", "78"},
		// The cases: the row's Country as region, other scripts.
		{"row Country GB", "020 7946 0958", "GB", "+442079460958", ""},
		{"row Country GB", "07911 123456", "GB", "+447911123456", ""},
		{"row Country FR", "01 42 68 53 00", "FR", "+33142685300", ""},
		{"row Country FR", "06 12 34 56 78", "FR", "+33612345678", ""},
		{"row Country FR, a North American number", "514 555 0101", "FR", "+15145550101", ""},
		{"Arabic-Indic digits", "\u0665\u0661\u0664 \u0665\u0665\u0665 \u0660\u0661\u0660\u0661", "CA", "+15145550101", ""},
		{"Extended Arabic-Indic digits", "\u06F5\u06F1\u06F4\u06F5\u06F5\u06F5\u06F0\u06F1\u06F0\u06F1", "CA", "+15145550101", ""},
		{"full-width plus and digits", "\uFF0B\uFF15\uFF11\uFF14 555 0101", "CA", bad, ""},
		{"full-width plus one", "\uFF0B\uFF11 \uFF15\uFF11\uFF14 555 0101", "CA", "+15145550101", ""},
		{"no-break spaces", "514\u00A0555\u00A00101", "CA", "+15145550101", ""},
		{"tel: prefix", "tel:+1-514-555-0101", "CA", "+15145550101", ""},
		{"tel: with an unknown parameter", "tel:+1-514-555-0101;foo=bar", "CA", bad, ""},
		{"two numbers after a pause", "5145550101;5145550102", "CA", bad, ""},
	}
	for _, tt := range tests {
		t.Run(tt.source+" "+tt.raw[:min(len(tt.raw), 40)], func(t *testing.T) {
			e164, ext, err := Phone(tt.raw, tt.region)
			got := e164
			if err != nil {
				got = bad
			}
			if got != tt.want || ext != tt.ext {
				t.Errorf("Phone(%q, %q) = %q, %q, %v; want %q, %q", tt.raw, tt.region, e164, ext, err, tt.want, tt.ext)
			}
		})
	}
}
