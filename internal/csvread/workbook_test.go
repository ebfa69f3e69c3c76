package csvread

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// TestWorkbookLibreOffice reads a workbook written by LibreOffice
// (testdata/workbooks/libreoffice.xlsx, converted from libreoffice.fods beside
// it): an empty first sheet, a hidden sheet, then the leads, whose rows hold
// dates in a day-first format, phones stored as numbers, a formula, a
// zero-padded postal code, a merged cell, a blank row, a hidden row and a
// cell beyond the header. It reads exactly as libreoffice.csv, the same data
// as CSV, except for the line numbers, which are Excel's.
func TestWorkbookLibreOffice(t *testing.T) {
	book := readTestdata(t, "workbooks/libreoffice.xlsx")
	csv := readTestdata(t, "workbooks/libreoffice.csv")

	got, err := Detect(bytes.NewReader(book), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := Detect(bytes.NewReader(csv), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want.Format, want.Encoding, want.Sheet = FormatXLSX, "", "Leads"
	want.Sheets = []SheetInfo{{Name: "Notes"}, {Name: "Codes", Hidden: true}, {Name: "Leads"}}
	want.DateColumns = []int{4, 7} // Visit date, Last call
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Detect (-csv +xlsx):\n%s", diff)
	}

	_, _, csvRows, err := readAll(t, bytes.NewReader(csv), Options{})
	if err != nil {
		t.Fatal(err)
	}
	header, headerLine, rows, err := readAll(t, bytes.NewReader(book), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !cmp.Equal(header, want.Header) || headerLine != 2 {
		t.Errorf("header %q on row %d, want %q on row 2", header, headerLine, want.Header)
	}
	for i, line := range []int{3, 4, 6, 7} { // row 5 is blank; row 6 is hidden
		csvRows[i].Line, csvRows[i].Number = line, line // a sheet's rows are numbered as Excel shows them
	}
	if diff := cmp.Diff(csvRows, rows); diff != "" {
		t.Errorf("rows (-csv +xlsx):\n%s", diff)
	}
	if n, err := Count(bytes.NewReader(book), Options{}); n != 4 || err != nil {
		t.Errorf("Count = %d, %v; want 4", n, err)
	}
	sheets, err := CountSheets(bytes.NewReader(book))
	if diff := cmp.Diff([]SheetInfo{{Name: "Notes"}, {Name: "Codes", Rows: 1, Hidden: true}, {Name: "Leads", Rows: 4}}, sheets); diff != "" || err != nil {
		t.Errorf("CountSheets (%v) (-want +got):\n%s", err, diff)
	}
	if sheets, err := CountSheets(bytes.NewReader(csv)); sheets != nil || err != nil {
		t.Errorf("CountSheets of a CSV file = %v, %v; want nil, nil", sheets, err)
	}

	// The hidden sheet, chosen, in any case.
	for _, name := range []string{"Codes", "codes"} {
		s, err := Detect(bytes.NewReader(book), Options{Sheet: name})
		if err != nil || s.Sheet != "Codes" || !cmp.Equal(s.Header, []string{"Code", "Label"}) {
			t.Errorf("Detect sheet %q: %v, %q %q", name, err, s.Sheet, s.Header)
		}
		if n, err := Count(bytes.NewReader(book), Options{Sheet: name}); n != 1 || err != nil {
			t.Errorf("Count sheet %q = %d, %v; want 1", name, n, err)
		}
	}
	// The empty sheet, chosen: an empty file.
	if _, err := NewReader(bytes.NewReader(book), Options{Sheet: "Notes"}); !cmp.Equal(asError(t, err), errEmpty()) {
		t.Errorf("the empty sheet: %v, want %v", err, errEmpty())
	}
}

// TestWorkbookSheetErrors: a sheet a workbook does not have, or a sheet for
// a CSV file, is an error that says so, with ErrBadSheet in its chain.
func TestWorkbookSheetErrors(t *testing.T) {
	book := readTestdata(t, "workbooks/libreoffice.xlsx")
	for _, tt := range []struct {
		name string
		file []byte
		want string
	}{
		{"unknown sheet", book, "this workbook has no sheet “Clients”: its sheets are “Notes”, “Codes” (hidden), “Leads”. Choose one of them."},
		{"CSV", readTestdata(t, "comma.csv"), "this is a CSV file: it has no sheets. Choose a sheet only for an Excel workbook."},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, derr := Detect(bytes.NewReader(tt.file), Options{Sheet: "Clients"})
			_, rerr := NewReader(bytes.NewReader(tt.file), Options{Sheet: "Clients"})
			_, cerr := Count(bytes.NewReader(tt.file), Options{Sheet: "Clients"})
			for _, err := range []error{derr, rerr, cerr} {
				if err == nil || err.Error() != tt.want || !errors.Is(err, ErrBadSheet) {
					t.Errorf("got %v, want %q with ErrBadSheet", err, tt.want)
				}
			}
		})
	}
}

// TestWorkbookExcelize reads a workbook written by excelize: the first sheet
// is empty and the only data is on a hidden sheet, which is then the one
// read; values read as TestValues in xlsxread says; the header is trimmed.
func TestWorkbookExcelize(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Vide")
	f.NewSheet("Données")
	f.SetSheetVisible("Données", false)
	rows := [][]any{
		{" Prénom ", "Nom", "Téléphone", "Naissance"},
		{"Élise", "Bélanger", 5145550101, time.Date(1980, 5, 17, 0, 0, 0, 0, time.UTC)},
		{},
		{"Jérôme", "Gagnon", 4185550199, nil, "en trop"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Données", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	data := saveBook(t, f)
	s, err := Detect(bytes.NewReader(data), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := Sniff{Format: FormatXLSX, Delimiter: ',', Sheet: "Données",
		Sheets:      []SheetInfo{{Name: "Vide"}, {Name: "Données", Hidden: true}},
		DateColumns: []int{3},
		Header:      []string{"Prénom", "Nom", "Téléphone", "Naissance"},
		Sample:      []string{"Prénom", "Téléphone", "Élise", "Bélanger", "Jérôme"},
		Rows:        [][]string{{"Élise", "Bélanger", "5145550101", "1980-05-17"}, {"Jérôme", "Gagnon", "4185550199", "", "en trop"}},
	}
	if diff := cmp.Diff(want, s); diff != "" {
		t.Errorf("Detect (-want +got):\n%s", diff)
	}
	_, _, got, err := readAll(t, bytes.NewReader(data), Options{})
	wantRows := []Row{
		{Line: 2, Number: 2, Cells: []string{"Élise", "Bélanger", "5145550101", "1980-05-17"}},
		{Line: 4, Number: 4, Cells: []string{"Jérôme", "Gagnon", "4185550199", ""}, Extra: []string{"en trop"}},
	}
	if diff := cmp.Diff(wantRows, got); diff != "" || err != nil {
		t.Errorf("rows (%v) (-want +got):\n%s", err, diff)
	}
}

// saveBook saves the workbook f and returns its bytes.
func saveBook(t *testing.T, f *excelize.File) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "b.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestWorkbookMergedCovered: the cells a merged range covers read as empty
// (Excel shows only the first cell's value) in the preview, the count and
// the rows an import reads, even when the file keeps values in them; a row
// whose only values are covered is blank, and skipped.
func TestWorkbookMergedCovered(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Leads")
	sw, err := f.NewStreamWriter("Leads")
	if err != nil {
		t.Fatal(err)
	}
	// excelize's stream writer, like LibreOffice told to keep the contents
	// of the hidden cells, keeps the values of covered cells.
	for i, row := range [][]any{
		{"Prénom", "Nom", "Ville", "Ville 2"},        // C1:D1
		{"Élise", "Bélanger", "Laval", "caché D2"},   // C2:D3
		{"Jérôme", "Gagnon", "caché C3", "caché D3"}, // A3:A4
		{"caché A4"},
		{"Luc", "Roy"},
	} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, row); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range [][2]string{{"C1", "D1"}, {"C2", "D3"}, {"A3", "A4"}} {
		if err := sw.MergeCell(m[0], m[1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	data := saveBook(t, f)

	s, err := Detect(bytes.NewReader(data), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"Prénom", "Nom", "Ville"}, s.Header); diff != "" {
		t.Errorf("Detect header (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([][]string{{"Élise", "Bélanger", "Laval"}, {"Jérôme", "Gagnon", ""}, {"Luc", "Roy", ""}}, s.Rows); diff != "" {
		t.Errorf("Detect rows (-want +got):\n%s", diff)
	}
	_, _, got, err := readAll(t, bytes.NewReader(data), Options{})
	want := []Row{
		{Line: 2, Number: 2, Cells: []string{"Élise", "Bélanger", "Laval"}},
		{Line: 3, Number: 3, Cells: []string{"Jérôme", "Gagnon", ""}},
		{Line: 5, Number: 5, Cells: []string{"Luc", "Roy", ""}},
	}
	if diff := cmp.Diff(want, got); diff != "" || err != nil {
		t.Errorf("rows (%v) (-want +got):\n%s", err, diff)
	}
	if n, err := Count(bytes.NewReader(data), Options{}); n != 3 || err != nil {
		t.Errorf("Count = %d, %v; want 3", n, err)
	}
	sheets, err := CountSheets(bytes.NewReader(data))
	if diff := cmp.Diff([]SheetInfo{{Name: "Leads", Rows: 3}}, sheets); diff != "" || err != nil {
		t.Errorf("CountSheets (%v) (-want +got):\n%s", err, diff)
	}
}
