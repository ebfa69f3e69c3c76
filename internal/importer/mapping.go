package importer

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/suggest"
)

// AutoMap suggests a field for each column from its header alone ("" for
// none); see package suggest. A phone or email column whose slot another
// column names row by row is written "key@N" (suggest.Entry).
func AutoMap(header []string) []string {
	return suggest.Keys(suggest.Columns(header, nil))
}

// ParseMap reads a mapping as --map and the API take it (SPEC §8):
// "Header=key,#7=key,Header=-", optionally after "auto,". A header is
// matched exactly as written in the file; "#N" names the N-th column from
// 1, for files whose headers repeat; "-" leaves a column unmapped. With
// "auto" first, the suggested mapping is taken and the rest override it (a
// field given to a column leaves the column that had it); without, columns
// not named are not imported. spec "auto" alone is suggested itself.
func ParseMap(header []string, spec string, suggested []string) ([]string, error) {
	mapping := make([]string, len(header))
	items := strings.Split(spec, ",")
	if strings.TrimSpace(items[0]) == "auto" {
		if len(suggested) != len(header) {
			suggested = AutoMap(header)
		}
		copy(mapping, suggested)
		items = items[1:]
	}
	named := make(map[int]string)
	for _, pair := range items {
		if strings.TrimSpace(pair) == "" {
			continue
		}
		i := strings.LastIndex(pair, "=")
		if i < 0 {
			return nil, leadport.Errorf(leadport.EINVALID, "The mapping %q is not of the form Header=field (or #N=field, or Header=- to leave a column out).", pair)
		}
		name, entry := pair[:i], strings.TrimSpace(pair[i+1:])
		col, err := findColumn(header, name)
		if err != nil {
			return nil, err
		}
		if prev, ok := named[col]; ok {
			return nil, leadport.Errorf(leadport.EINVALID, "Column %s is named twice in the mapping (%q and %q).", columnName(header, col), prev, name)
		}
		named[col] = name
		if entry == "-" {
			mapping[col] = ""
			continue
		}
		key, _, ok := suggest.ParseEntry(entry)
		if _, known := leadport.FieldByKey(key); !known || !ok {
			return nil, leadport.Errorf(leadport.EINVALID, "%q is not a field. The fields are: %s; or - to leave the column out.", entry, fieldKeys())
		}
		// An override takes the field from the column the suggestion gave it.
		for j, m := range mapping {
			if k, _, _ := suggest.ParseEntry(m); j != col && k == key {
				if _, byName := named[j]; !byName {
					mapping[j] = ""
				}
			}
		}
		mapping[col] = entry
	}
	return mapping, CheckMapping(header, mapping)
}

// findColumn finds the column a --map item names: "#N" or a header as
// written in the file.
func findColumn(header []string, name string) (int, error) {
	if n, ok := strings.CutPrefix(name, "#"); ok {
		i, err := strconv.Atoi(n)
		if err != nil || i < 1 || i > len(header) {
			return 0, leadport.Errorf(leadport.EINVALID, "%q names no column: the file has columns #1 to #%d.", name, len(header))
		}
		return i - 1, nil
	}
	col := -1
	for j, h := range header {
		if h == name {
			if col >= 0 {
				return 0, leadport.Errorf(leadport.EINVALID, "The file has two columns named %q (columns %d and %d): name them #%d and #%d.", name, col+1, j+1, col+1, j+1)
			}
			col = j
		}
	}
	if col < 0 {
		return 0, leadport.Errorf(leadport.EINVALID, "The file has no column %q. Its columns are: %s.", name, quoteAll(header))
	}
	return col, nil
}

func columnName(header []string, col int) string {
	if header[col] == "" {
		return "#" + strconv.Itoa(col+1)
	}
	return strconv.Quote(header[col])
}

// CheckMapping refuses a mapping that names an unknown field, maps one field
// to two columns, or lacks a required field (SPEC §3).
func CheckMapping(header, mapping []string) error {
	if len(mapping) != len(header) {
		return leadport.Errorf(leadport.EINVALID, "The mapping has %d columns but the file has %d.", len(mapping), len(header))
	}
	mapped := make(map[string]bool)
	for i, entry := range mapping {
		if entry == "" {
			continue
		}
		key, from, ok := suggest.ParseEntry(entry)
		if _, known := leadport.FieldByKey(key); !known || !ok {
			return leadport.Errorf(leadport.EINVALID, "%q is not a field. The fields are: %s.", entry, fieldKeys())
		}
		if from >= 0 && (!slotted(key) || from >= len(header) || from == i) {
			return leadport.Errorf(leadport.EINVALID, "%q: only a phone or email column can take its slot from another column of the file.", entry)
		}
		if mapped[key] {
			return leadport.Errorf(leadport.EINVALID, "The field %q is mapped to two columns (the second is %q); a field takes one column.", key, header[i])
		}
		mapped[key] = true
	}
	if missing, _ := leadport.MissingRequired(mapped); len(missing) > 0 {
		return leadport.Errorf(leadport.EINVALID, "The mapping lacks %s: map a column to it.", strings.Join(missing, " and "))
	}
	return nil
}

// slotted reports whether a field can take its slot from a type column.
func slotted(key string) bool {
	return strings.HasPrefix(key, "phone_") || strings.HasPrefix(key, "email_")
}

// FieldKeys returns the field key of each mapping entry, without the type
// column a phone or email entry may name.
func FieldKeys(mapping []string) []string {
	keys := make([]string, len(mapping))
	for i, e := range mapping {
		keys[i], _, _ = suggest.ParseEntry(e)
	}
	return keys
}

func fieldKeys() string {
	keys := make([]string, len(leadport.Fields))
	for i, f := range leadport.Fields {
		keys[i] = f.Key
	}
	return strings.Join(keys, ", ")
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}
