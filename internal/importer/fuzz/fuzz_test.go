// Package fuzz holds the fuzz targets of the header suggester (package
// suggest, through the importer's AutoMap and ParseMap). It
// is a package of its own so that fuzzing builds the importer alone, not the
// databases the importer's other tests use (a fuzzing build instruments every
// package it compiles, and the SQLite driver alone takes minutes).
package fuzz

import (
	"strings"
	"testing"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/importer"
	"github.com/leadport/leadport/internal/suggest"
)

// FuzzAutoMap: the header suggester (suggest.Columns, which
// importer.AutoMap uses) takes any header (cells of any text, up to the 1,000
// columns a file may have) and any sample rows without panicking, and
// suggests only known fields, each for one column at most, with slot and type
// columns within the header. ParseMap takes any mapping spec against that
// header, and what it accepts passes CheckMapping.
func FuzzAutoMap(f *testing.F) {
	for _, s := range []string{
		"First name,Last name,Home phone", "Prénom;Nom;Téléphone (maison);Courriel", "E-mail 2 Address,Business Phone,Billing City",
		"name,nom,prenom,Company,Department", "Email (s.email),Address 1 - Postal Code,customerFirstName", ",,,\x00,\xff,",
	} {
		f.Add(s, "First name=first_name,Last name=last_name,Home phone=phone_home")
	}
	f.Fuzz(func(t *testing.T, headers, spec string) {
		sep := ","
		if strings.Count(headers, ";") > strings.Count(headers, ",") {
			sep = ";"
		}
		lines := strings.Split(headers, "\n")
		header := strings.Split(lines[0], sep)
		if len(header) > 1000 {
			header = header[:1000]
		}
		// The other lines of the input are sample rows, padded as
		// csvread gives them.
		var rows [][]string
		for _, l := range lines[1:] {
			row := strings.Split(l, sep)
			for len(row) < len(header) {
				row = append(row, "")
			}
			rows = append(rows, row)
		}
		cols := suggest.Columns(header, rows)
		if len(cols) != len(header) {
			t.Fatalf("Columns gave %d columns for %d", len(cols), len(header))
		}
		seen := map[string]bool{}
		for i, c := range cols {
			if c.SlotFrom < -1 || c.SlotFrom >= len(header) || c.TypeOf < -1 || c.TypeOf >= len(header) {
				t.Fatalf("column %d: slot from %d, type of %d, for %d columns", i, c.SlotFrom, c.TypeOf, len(header))
			}
			if c.Candidate != "" {
				if _, ok := leadport.FieldByKey(c.Candidate); !ok {
					t.Fatalf("column %q: unknown candidate %q", header[i], c.Candidate)
				}
			}
			if c.Key == "" {
				continue
			}
			if _, ok := leadport.FieldByKey(c.Key); !ok {
				t.Fatalf("column %q: unknown field %q", header[i], c.Key)
			}
			if seen[c.Key] {
				t.Fatalf("field %q suggested for two columns: %q", c.Key, suggest.Keys(cols))
			}
			seen[c.Key] = true
		}
		mapping := importer.AutoMap(header)
		if len(mapping) != len(header) {
			t.Fatalf("AutoMap gave %d entries for %d columns", len(mapping), len(header))
		}
		_ = importer.CheckMapping(header, mapping)
		m, err := importer.ParseMap(header, spec, nil)
		if err == nil {
			if len(m) != len(header) {
				t.Fatalf("ParseMap gave %d entries for %d columns", len(m), len(header))
			}
			if err := importer.CheckMapping(header, m); err != nil {
				t.Fatalf("ParseMap accepted %q, which CheckMapping refuses: %v", spec, err)
			}
		} else if leadport.ErrorCode(err) != leadport.EINVALID {
			t.Fatalf("ParseMap: %v is not a clear refusal", err)
		}
	})
}
