package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/app"
	"github.com/leadport/leadport/internal/storetest"
)

// TestProposeDateOrder: the order of day and month a file proves, from its
// values or its headers, over every mapped date column and the whole file;
// none when nothing proves one or when the file proves both.
func TestProposeDateOrder(t *testing.T) {
	// far is a file whose only proof is on line 150,002.
	var far strings.Builder
	far.WriteString("Name,Phone,Birth date\n")
	for i := 0; i < 150_000; i++ {
		fmt.Fprintf(&far, "Client %d,514-555-0101,%02d/%02d/1980\n", i, 1+i%12, 1+i%12)
	}
	far.WriteString("Last,514-555-0101,28/02/1969\n")

	proof := func(col, val string, line int) *app.DateProof {
		return &app.DateProof{Column: col, Value: val, Line: line}
	}
	tests := []struct {
		name    string
		file    string
		mapping []string // nil: suggested
		want    app.DateProposal
	}{
		{
			name: "day-first value",
			file: "Name,Phone,Birth date\nA B,514-555-0101,03/04/1980\nC D,514-555-0102,28/02/1969\n",
			want: app.DateProposal{Format: "dmy", DayFirst: proof("Birth date", "28/02/1969", 3), Columns: 1, Rows: 2},
		},
		{
			name: "month-first value in a date-time",
			file: "Name;Phone;Sale date\nA B;514-555-0101;03/04/2024 10:00\nC D;514-555-0102;\"04/25/2024 2:30 PM\"\n",
			want: app.DateProposal{Format: "mdy", MonthFirst: proof("Sale date", "04/25/2024 2:30 PM", 3), Columns: 1, Rows: 2},
		},
		{
			name:    "header says month-first",
			file:    "Name,Phone,Sale date (MM/DD/YYYY)\nA B,514-555-0101,03/04/2024\n",
			mapping: []string{"full_name", "phone_home", "sale_date"},
			want:    app.DateProposal{Format: "mdy", MonthFirst: proof("Sale date (MM/DD/YYYY)", "", 0), Columns: 1, Rows: 1},
		},
		{
			name:    "French header says day-first",
			file:    "Nom;Téléphone;Date de naissance (JJ/MM/AAAA)\nA B;514-555-0101;03/04/1980\n",
			mapping: []string{"full_name", "phone_home", "birth_date"},
			want:    app.DateProposal{Format: "dmy", DayFirst: proof("Date de naissance (JJ/MM/AAAA)", "", 0), Columns: 1, Rows: 1},
		},
		{
			name: "both orders: none proposed",
			file: "Name,Phone,Birth date,Sale date\nA B,514-555-0101,28/02/1969,\nC D,514-555-0102,,02/28/2024\nE F,514-555-0103,31/12/1970,\n",
			want: app.DateProposal{Format: "ymd", DayFirst: proof("Birth date", "28/02/1969", 2),
				MonthFirst: proof("Sale date", "02/28/2024", 3), Columns: 2, Rows: 2},
		},
		{
			name:    "header and values disagree: none proposed",
			file:    "Name,Phone,Sale date (MM/DD/YYYY)\nA B,514-555-0101,28/02/2024\n",
			mapping: []string{"full_name", "phone_home", "sale_date"},
			want: app.DateProposal{Format: "ymd", DayFirst: proof("Sale date (MM/DD/YYYY)", "28/02/2024", 2),
				MonthFirst: proof("Sale date (MM/DD/YYYY)", "", 0), Columns: 1, Rows: 1},
		},
		{
			name: "nothing proves an order",
			file: "Name,Phone,Birth date\nA B,514-555-0101,2024-03-12\nC D,514-555-0102,03/04/1980\nE F,514-555-0103,05/06/1981\n",
			want: app.DateProposal{Format: "ymd", Undecided: proof("Birth date", "03/04/1980", 3), Columns: 1, Rows: 3},
		},
		{
			name: "ISO and words only: nothing at stake",
			file: "Name,Phone,Birth date\nA B,514-555-0101,2024-03-12\nC D,514-555-0102,12 mars 1980\n",
			want: app.DateProposal{Format: "ymd", Columns: 1, Rows: 2},
		},
		{
			name:    "a column not mapped to a date proves nothing",
			file:    "Name,Phone,Note\nA B,514-555-0101,28/02/1969\n",
			mapping: []string{"full_name", "phone_home", ""},
			want:    app.DateProposal{Format: "ymd"},
		},
		{
			name: "the proof far down the file",
			file: far.String(),
			want: app.DateProposal{Format: "dmy", DayFirst: proof("Birth date", "28/02/1969", 150_002), Columns: 1, Rows: 150_001},
		},
	}
	a := app.New(storetest.OpenSQLite(t), slog.New(slog.NewTextHandler(io.Discard, nil)))
	actor := &leadport.User{Role: leadport.RoleDirector, CanImport: true}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			open := func(context.Context) (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(tt.file)), nil }
			got, err := a.ProposeDateOrderFile(context.Background(), actor, open, app.ImportSettings{Mapping: tt.mapping})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("proposal (-want +got):\n%s", diff)
			}
		})
	}
}

// TestStartImportReadsWholeFile: saving an import reads the whole file once
// for both the order of day and month and the rows to import, and the
// total is exact however early the order is settled; a file broken after
// that point is still refused before any row is applied (SPEC §4).
func TestStartImportReadsWholeFile(t *testing.T) {
	ctx := context.Background()
	a := app.New(storetest.OpenSQLite(t), slog.New(slog.NewTextHandler(io.Discard, nil)))
	acc, err := a.CreateAccount(ctx, "Garage")
	if err != nil {
		t.Fatal(err)
	}
	u, err := a.AddUser(ctx, nil, app.NewUser{AccountID: acc.ID, Email: "d@garage.ca", Name: "D", Role: leadport.RoleDirector,
		CanImport: true, Password: "password123"})
	if err != nil {
		t.Fatal(err)
	}
	// Both orders are proven on the first two rows: the date scan stops
	// there, and the rows after it (a blank line among them) are counted.
	// The file is larger than what an upload's detection reads (1 MiB).
	var mixed strings.Builder
	mixed.WriteString("Name,Phone,Birth date,Sale date\nA B,514-555-0101,28/02/1969,\nC D,514-555-0102,,02/28/2024\n\n")
	for i := 0; i < 50_000; i++ {
		fmt.Fprintf(&mixed, "Client %d,514-555-%04d,,\n", i, i%10_000)
	}
	tests := []struct {
		name, file, dateFormat string
		total                  int64
		err                    string
	}{
		{name: "order settled early", file: mixed.String(), total: 50_002},
		{name: "date format chosen", file: mixed.String(), dateFormat: "dmy", total: 50_002},
		{name: "no date column", file: "Name,Phone\nA B,514-555-0101\n\nC D,514-555-0102\n", total: 2},
		{name: "broken after the order is settled", file: mixed.String() + "E F,\"514-555-0199\n",
			err: "line 50005, column 2: a quoted value is never closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			draft, _, err := a.UploadImport(ctx, u, "leads.csv", strings.NewReader(tt.file))
			if err != nil {
				t.Fatal(err)
			}
			imp, err := a.StartImport(ctx, u, draft.ID, app.ImportSettings{Type: leadport.TypeEvent, Rule: leadport.RuleCreate, DateFormat: tt.dateFormat})
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("StartImport: %v, want an error with %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if imp.Total != tt.total {
				t.Errorf("total %d, want %d", imp.Total, tt.total)
			}
		})
	}
}
