package leadport

import "strings"

// Why a value of a file went to an "[import]" note rather than into its
// field (SPEC §5). The note line says it after the value, in English like
// the rest of the stored line; the card shows it in the reader's language.
const (
	WhyBad    = "bad value"
	WhyKept   = "kept aside: the card already had " // followed by the card's value
	WhyBeyond = "cell beyond the header"
)

// importLineSep separates a note line's value from why it is there.
const importLineSep = " — "

// ImportLine writes one line of an "[import]" note: SPEC §5's form
// "[import] <Field label>: <raw value>", then why the value is not in its
// field ("[import] City: Laval — kept aside: the card already had Montréal").
func ImportLine(label, raw, why string) string {
	if why == "" {
		return "[import] " + label + ": " + raw
	}
	return "[import] " + label + ": " + raw + importLineSep + why
}

// ImportLineParts is an "[import]" note line taken apart.
type ImportLineParts struct {
	Label string // the field's English label, or "Column 12" for a cell beyond the header
	Raw   string // the value as the file had it (it may hold line breaks)
	Why   string // WhyBad, WhyBeyond, WhyKept+value, or "" for lines written before reasons were
}

// ParseImportLine takes apart a line ImportLine wrote; ok is false if s is
// not an "[import]" line.
func ParseImportLine(s string) (p ImportLineParts, ok bool) {
	rest, ok := strings.CutPrefix(s, "[import] ")
	if !ok {
		return p, false
	}
	p.Label, rest, ok = strings.Cut(rest, ": ")
	if !ok {
		return ImportLineParts{}, false
	}
	p.Raw = rest
	if i := strings.Index(rest, importLineSep+WhyKept); i >= 0 {
		p.Raw, p.Why = rest[:i], rest[i+len(importLineSep):]
	} else if i := strings.LastIndex(rest, importLineSep); i >= 0 {
		if why := rest[i+len(importLineSep):]; why == WhyBad || why == WhyBeyond {
			p.Raw, p.Why = rest[:i], why
		}
	}
	return p, true
}

// ImportLines returns the "[import]" lines of a note's body, in order; a
// value the file held on several lines continues on the lines after its
// own, up to the next "[import]" line.
func ImportLines(body string) []ImportLineParts {
	var out []ImportLineParts
	var cur []string
	flush := func() {
		if cur != nil {
			p, _ := ParseImportLine(strings.Join(cur, "\n"))
			out = append(out, p)
			cur = nil
		}
	}
	for _, line := range strings.Split(body, "\n") {
		switch {
		case strings.HasPrefix(line, "[import] "):
			flush()
			cur = []string{line}
		case cur != nil:
			cur = append(cur, line)
		}
	}
	flush()
	return out
}
