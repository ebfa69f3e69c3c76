package leadport

import "testing"

func TestImportLineRoundTrip(t *testing.T) {
	tests := []struct {
		label, raw, why string
		line            string
	}{
		{"City", "Laval", WhyKept + "Montréal", "[import] City: Laval — kept aside: the card already had Montréal"},
		{"Home phone", "555-12", WhyBad, "[import] Home phone: 555-12 — bad value"},
		{"Column 12", "VIP", WhyBeyond, "[import] Column 12: VIP — cell beyond the header"},
		{"Comment", "a — b\nc: d", WhyBad, "[import] Comment: a — b\nc: d — bad value"},
		{"Address", "1 rue X — app. 3", WhyKept + "2 rue Y — app. 4", "[import] Address: 1 rue X — app. 3 — kept aside: the card already had 2 rue Y — app. 4"},
		{"City", "Laval", "", "[import] City: Laval"},
		{"City", "Laval — Nord", "", "[import] City: Laval — Nord"},
	}
	for _, tt := range tests {
		line := ImportLine(tt.label, tt.raw, tt.why)
		if line != tt.line {
			t.Errorf("ImportLine(%q, %q, %q) = %q, want %q", tt.label, tt.raw, tt.why, line, tt.line)
		}
		p, ok := ParseImportLine(line)
		if !ok || p != (ImportLineParts{tt.label, tt.raw, tt.why}) {
			t.Errorf("ParseImportLine(%q) = %+v, %v", line, p, ok)
		}
	}
	if _, ok := ParseImportLine("Called back"); ok {
		t.Error("a plain note line parsed as an [import] line")
	}
}
