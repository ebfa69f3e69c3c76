package importer

import (
	"fmt"
	"strings"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/normalize"
)

// aliases maps a folded header name to a field key: each field's key, its
// English and French labels and its aliases.
var aliases = func() map[string]string {
	m := make(map[string]string)
	add := func(name, key string) {
		k := headerKey(name)
		if _, taken := m[k]; !taken {
			m[k] = key
		}
	}
	for _, f := range leadport.Fields {
		add(f.Key, f.Key)
		add(f.LabelEN, f.Key)
		add(f.LabelFR, f.Key)
	}
	for _, f := range leadport.Fields {
		for _, a := range f.Aliases {
			add(a, f.Key)
		}
	}
	return m
}()

// headerKey folds a header for comparison: case, accents, punctuation and
// underscores do not matter ("Téléphone_travail" = "telephone travail").
func headerKey(h string) string {
	h = strings.Map(func(r rune) rune {
		switch r {
		case '_', '/', '(', ')', ':', '#', '*', '-', '.', '\'', '’':
			return ' '
		}
		return r
	}, h)
	return normalize.Fold(h)
}

// AutoMap suggests a field key for each header ("" for none), from English
// and French names with synonyms, case- and accent-insensitively. No field is
// suggested for two columns: the first column wins.
func AutoMap(header []string) []string {
	mapping := make([]string, len(header))
	used := make(map[string]bool)
	for i, h := range header {
		key := aliases[headerKey(h)]
		if key == "" || used[key] {
			continue
		}
		mapping[i] = key
		used[key] = true
	}
	return mapping
}

// ParseMap reads an explicit mapping "Header=key,Header=key,…" (SPEC §8): a
// header is matched exactly as written in the file. Columns not named are
// not imported.
func ParseMap(header []string, spec string) ([]string, error) {
	mapping := make([]string, len(header))
	for _, pair := range strings.Split(spec, ",") {
		if strings.TrimSpace(pair) == "" {
			continue
		}
		i := strings.LastIndex(pair, "=")
		if i < 0 {
			return nil, leadport.Errorf(leadport.EINVALID, "The mapping %q is not of the form Header=field.", pair)
		}
		name, key := pair[:i], strings.TrimSpace(pair[i+1:])
		if _, ok := leadport.FieldByKey(key); !ok {
			return nil, leadport.Errorf(leadport.EINVALID, "%q is not a field. The fields are: %s.", key, fieldKeys())
		}
		col := -1
		for j, h := range header {
			if h == name {
				if col >= 0 {
					return nil, leadport.Errorf(leadport.EINVALID, "The file has two columns named %q (columns %d and %d); rename one of them.", name, col+1, j+1)
				}
				col = j
			}
		}
		if col < 0 {
			return nil, leadport.Errorf(leadport.EINVALID, "The file has no column %q. Its columns are: %s.", name, quoteAll(header))
		}
		if mapping[col] != "" {
			return nil, leadport.Errorf(leadport.EINVALID, "Column %q is mapped twice.", name)
		}
		mapping[col] = key
	}
	return mapping, CheckMapping(header, mapping)
}

// CheckMapping refuses a mapping that names an unknown field, maps one field
// to two columns, or lacks a required field (SPEC §3).
func CheckMapping(header, mapping []string) error {
	if len(mapping) != len(header) {
		return leadport.Errorf(leadport.EINVALID, "The mapping has %d columns but the file has %d.", len(mapping), len(header))
	}
	mapped := make(map[string]bool)
	for i, key := range mapping {
		if key == "" {
			continue
		}
		if _, ok := leadport.FieldByKey(key); !ok {
			return leadport.Errorf(leadport.EINVALID, "%q is not a field. The fields are: %s.", key, fieldKeys())
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
