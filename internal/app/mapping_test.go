package app_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/app"
	"github.com/leadport/leadport/internal/storetest"
)

// TestRememberedMapping: the mapping an import is saved with is proposed
// first for the next file with the same header, to any importer of the
// account; another file can start from it by column name.
func TestRememberedMapping(t *testing.T) {
	for name, open := range storetest.Stores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			a := app.New(open(t), slog.New(slog.NewTextHandler(io.Discard, nil)))
			acc, err := a.CreateAccount(ctx, "Garage")
			if err != nil {
				t.Fatal(err)
			}
			director := func(email string) *leadport.User {
				u, err := a.AddUser(ctx, nil, app.NewUser{AccountID: acc.ID, Email: email, Name: email, Role: leadport.RoleDirector,
					CanImport: true, Password: "password123"})
				if err != nil {
					t.Fatal(err)
				}
				return u
			}
			owner, colleague := director("owner@garage.ca"), director("colleague@garage.ca")
			header := []string{"Client", "Tel", "Info"}
			file := "Client,Tel,Info\nJean Côté,514-555-0101,jean@cote.ca\n"

			// Suggested: Info holds emails; the director maps it as the work email instead.
			p, err := a.ProposeMapping(ctx, owner, header, [][]string{{"Jean Côté", "514-555-0101", "jean@cote.ca"}})
			if err != nil || p.From != nil || !cmp.Equal(p.Mapping, []string{"full_name", "phone_home", "email_home"}) {
				t.Fatalf("first proposal %q from %v (%v)", p.Mapping, p.From, err)
			}
			chosen := []string{"full_name", "phone_mobile", "email_work"}
			imp, _, err := a.UploadImport(ctx, owner, "first.csv", strings.NewReader(file))
			if err != nil {
				t.Fatal(err)
			}
			first, err := a.StartImport(ctx, owner, imp.ID, app.ImportSettings{Type: leadport.TypeEvent, Rule: leadport.RuleCreate, Mapping: chosen})
			if err != nil {
				t.Fatal(err)
			}

			// The same header again, for a colleague: the saved mapping first.
			p, err = a.ProposeMapping(ctx, colleague, header, nil)
			if err != nil || p.From == nil || p.From.ID != first.ID || p.From.FileName != "first.csv" || !cmp.Equal(p.Mapping, chosen) {
				t.Fatalf("proposal for the same header: %q from %+v (%v), want %q from import %d", p.Mapping, p.From, err, chosen, first.ID)
			}
			// The CLI's --map auto takes it, and overrides apply on top.
			r, err := a.ResolveMapping(ctx, colleague, header, nil, "auto,Info=-")
			if err != nil || !cmp.Equal(r.Mapping, []string{"full_name", "phone_mobile", ""}) {
				t.Errorf("ResolveMapping auto,Info=- = %q (%v)", r.Mapping, err)
			}
			// Another order of the columns is another header.
			if p, _ := a.ProposeMapping(ctx, owner, []string{"Tel", "Client", "Info"}, nil); p.From != nil {
				t.Errorf("a header in another order got the saved mapping of import %d", p.From.ID)
			}

			// Another file starts from the first import's mapping, by column name.
			other := []string{"Ville", "Info", "Client", "Tel", "Extra"}
			sources, err := a.MappingSources(ctx, owner, other)
			if err != nil || len(sources) != 1 || sources[0].Import.ID != first.ID || sources[0].Columns != 3 {
				t.Fatalf("MappingSources = %+v (%v), want import %d mapping 3 columns", sources, err, first.ID)
			}
			from, err := a.MappingFrom(ctx, owner, other, nil, first.ID)
			if err != nil || !cmp.Equal(from.Mapping, []string{"", "email_work", "full_name", "phone_mobile", ""}) || from.From.ID != first.ID {
				t.Errorf("MappingFrom = %q from %+v (%v)", from.Mapping, from.From, err)
			}
			// A file the first mapping does not fit (no name column) lists nothing.
			if sources, _ := a.MappingSources(ctx, owner, []string{"Tel", "Info"}); len(sources) != 0 {
				t.Errorf("MappingSources for a file without its name column = %+v", sources)
			}
		})
	}
}
