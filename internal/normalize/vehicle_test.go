package normalize

import (
	"errors"
	"strconv"
	"testing"
	"time"
)

func TestYear(t *testing.T) {
	now := time.Date(2026, time.June, 15, 12, 0, 0, 0, time.UTC)
	next := strconv.Itoa(now.Year() + 1)
	const outOfRange = "year must be between 1900 and 2028"
	tests := []choiceTest{
		{"empty", "", "", ""},
		{"plain", "2021", "2021", ""},
		{"padded", " 2021 ", "2021", ""},
		{"1899", "1899", "", outOfRange},
		{"1900", "1900", "1900", ""},
		{"this year", "2026", "2026", ""},
		{"next year", next, next, ""},
		{"next year + 1", "2028", "2028", ""},
		{"next year + 2", "2029", "", outOfRange},
		{"excel float", "2021.0", "2021", ""},
		{"excel float french", "2021,0", "2021", ""},
		{"excel float zeros", "2021.00", "2021", ""},
		{"fraction", "2021.5", "", "not a year"},
		{"trailing dot", "2021.", "", "not a year"},
		{"two digits", "21", "", "year must have 4 digits"},
		{"three digits", "202", "", "not a year"},
		{"five digits", "20211", "", "not a year"},
		{"negative", "-2021", "", "not a year"},
		{"text", "deux mille", "", "not a year"},
		{"model year words", "2021 model", "", "not a year"},
	}
	runChoice(t, "Year", func(s string) (string, error) { return Year(s, now) }, tests)
	if _, err := Year("1899", now); !errors.Is(err, ErrYearOutOfRange) {
		t.Errorf("Year(1899) error %v is not ErrYearOutOfRange", err)
	}
}

func TestVIN(t *testing.T) {
	const bad = "not a VIN (17 letters and digits, no I, O or Q)"
	runChoice(t, "VIN", VIN, []choiceTest{
		{"empty", "", "", ""},
		{"canonical", "1HGCM82633A004352", "1HGCM82633A004352", ""},
		{"lower case", "1hgcm82633a004352", "1HGCM82633A004352", ""},
		{"padded", "  1HGCM82633A004352\t", "1HGCM82633A004352", ""},
		{"spaces", "1HG CM82 633A 004352", "1HGCM82633A004352", ""},
		{"dashes", "1HG-CM826-33A004352", "1HGCM82633A004352", ""},
		{"nbsp", "1HG\u00a0CM82633A004352", "1HGCM82633A004352", ""},
		{"check digit not enforced", "WVWZZZ1JZXW000001", "WVWZZZ1JZXW000001", ""},
		{"wrong check digit accepted", "1HGCM82636A004352", "1HGCM82636A004352", ""},
		{"letter I", "1HGCM82633I004352", "", bad},
		{"letter O", "1HGCM82633O004352", "", bad},
		{"letter Q", "1HGCM82633Q004352", "", bad},
		{"lower o", "1hgcm82633o004352", "", bad},
		{"16 characters", "1HGCM82633A00435", "", bad},
		{"18 characters", "1HGCM82633A0043521", "", bad},
		{"punctuation", "1HGCM82633A00435*", "", bad},
		{"accented", "1HGCM82633A00435É", "", bad},
	})
}

func TestVINCanonicalDoesNotAllocate(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { _, _ = VIN("1HGCM82633A004352") }); n != 0 {
		t.Errorf("VIN of a canonical VIN allocates %v times, want 0", n)
	}
}

func TestOdometer(t *testing.T) {
	const (
		notOdo   = "not an odometer reading"
		fraction = "odometer must be a whole number of km"
		miles    = "odometer in miles: enter kilometres"
	)
	runChoice(t, "Odometer", Odometer, []choiceTest{
		{"empty", "", "", ""},
		{"digits", "123456", "123456", ""},
		{"zero", "0", "0", ""},
		{"leading zeros", "004500", "4500", ""},
		{"spaces and km", "123 456 km", "123456", ""},
		{"comma thousands", "123,456", "123456", ""},
		{"space thousands", "123 456", "123456", ""},
		{"glued km", "123456km", "123456", ""},
		{"KM upper", "123456 KM", "123456", ""},
		{"kms", "85000 kms", "85000", ""},
		{"kilomètres", "85 000 kilomètres", "85000", ""},
		{"km.", "85000 km.", "85000", ""},
		{"dot thousands", "123.456", "123456", ""},
		{"dot thousands millions", "1.234.567", "1234567", ""},
		{"comma thousands millions", "1,234,567", "1234567", ""},
		{"nbsp thousands", "123\u00a0456", "123456", ""},
		{"narrow nbsp thousands", "123\u202f456\u00a0km", "123456", ""},
		{"excel float", "123456.0", "123456", ""},
		{"excel float french", "123456,00", "123456", ""},
		{"thousands and zero decimals", "1.234,00", "1234", ""},
		{"thousands and zero decimals english", "1,234.0", "1234", ""},
		{"plus sign", "+1500", "1500", ""},
		{"decimal comma", "12,5", "", fraction},
		{"decimal dot", "12.5", "", fraction},
		{"thousands and decimals", "123 456,7", "", fraction},
		{"four-digit group after comma", "1,2345", "", fraction},
		{"short group after space", "12 34", "", notOdo},
		{"mixed thousands separators", "1,234.567", "", notOdo},
		{"decimal same as thousands", "1,234,0", "", notOdo},
		{"first group too long", "1234,567", "", notOdo},
		{"negative", "-500", "", "odometer cannot be negative"},
		{"negative km", "-500 km", "", "odometer cannot be negative"},
		{"letters", "beaucoup", "", notOdo},
		{"letters in number", "12a456", "", notOdo},
		{"unit alone", "km", "", notOdo},
		{"unknown unit", "123456 m", "", notOdo},
		{"miles", "75000 mi", "", miles},
		{"miles word", "75,000 miles", "", miles},
		{"milles", "75 000 milles", "", miles},
		{"too large", "12345678", "", "odometer reading too large"},
		{"trailing separator", "123,", "", notOdo},
	})
}
