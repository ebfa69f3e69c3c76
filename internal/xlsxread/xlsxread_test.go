package xlsxread

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// save writes f to a temporary file and returns its path.
func save(t *testing.T, f *excelize.File) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "book.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return path
}

func set(t *testing.T, f *excelize.File, sheet, cell string, v any) {
	t.Helper()
	if err := f.SetCellValue(sheet, cell, v); err != nil {
		t.Fatal(err)
	}
}

func style(t *testing.T, f *excelize.File, sheet, cell string, s *excelize.Style) {
	t.Helper()
	id, err := f.NewStyle(s)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellStyle(sheet, cell, cell, id); err != nil {
		t.Fatal(err)
	}
}

func ptr[T any](v T) *T { return &v }

type gotRow struct {
	Line  int
	Cells []string
	Dates []int
}

// readAll reads every row of a sheet, with the columns of its date cells.
func readAll(t *testing.T, b *Book, sheet string) []gotRow {
	t.Helper()
	rows, err := b.Rows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []gotRow
	for {
		r, err := rows.Next()
		if err == io.EOF {
			return got
		}
		if err != nil {
			t.Fatal(err)
		}
		g := gotRow{Line: r.Line, Cells: append([]string(nil), r.Cells...)}
		if len(r.Dates) != len(r.Cells) {
			t.Errorf("row %d: %d date flags for %d cells", r.Line, len(r.Dates), len(r.Cells))
		}
		for i, d := range r.Dates {
			if d {
				g.Dates = append(g.Dates, i)
			}
		}
		got = append(got, g)
	}
}

// TestValues: what each kind of cell an excelize-written workbook holds
// reads as.
func TestValues(t *testing.T) {
	f := excelize.NewFile()
	const s = "Leads"
	f.SetSheetName("Sheet1", s)
	// Row 1 is blank; the header is row 2.
	for i, h := range []string{"Name", "Phone", "Since", "Visit", "Postal", "Budget", "Big", "Rate", "Rich"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, 2)
		set(t, f, s, cell, h)
	}
	set(t, f, s, "A3", "Élise Bélanger ")
	set(t, f, s, "B3", 5145550101)
	set(t, f, s, "C3", time.Date(2024, 1, 15, 0, 0, 0, 0, time.UTC))
	set(t, f, s, "D3", time.Date(2024, 1, 15, 14, 30, 0, 0, time.UTC))
	set(t, f, s, "E3", 501)
	style(t, f, s, "E3", &excelize.Style{CustomNumFmt: ptr("00000")})
	set(t, f, s, "F3", 25000.5)
	style(t, f, s, "F3", &excelize.Style{NumFmt: 4}) // #,##0.00
	set(t, f, s, "G3", 1.23e15)
	style(t, f, s, "G3", &excelize.Style{NumFmt: 11}) // 0.00E+00
	set(t, f, s, "H3", 0.15)
	style(t, f, s, "H3", &excelize.Style{NumFmt: 9}) // 0%
	if err := f.SetCellRichText(s, "I3", []excelize.RichTextRun{{Text: "bold "}, {Text: "and plain"}}); err != nil {
		t.Fatal(err)
	}
	// Row 4: a day-first custom date, a date and time with seconds, a
	// 17-digit number, a text that looks like a number in a date style.
	set(t, f, s, "A4", "Jean")
	set(t, f, s, "C4", 45306.0)
	style(t, f, s, "C4", &excelize.Style{CustomNumFmt: ptr(`[$-fr-CA]dd/mm/yyyy;@`)})
	set(t, f, s, "D4", time.Date(2024, 1, 15, 14, 30, 5, 0, time.UTC))
	set(t, f, s, "G4", int64(12345678901234567))
	set(t, f, s, "H4", "45306")
	style(t, f, s, "H4", &excelize.Style{CustomNumFmt: ptr("dd/mm/yyyy")})
	set(t, f, s, "B4", "  ")
	// Row 5 only blanks; row 6 hidden, with a cell beyond the header and a
	// month-name date.
	set(t, f, s, "A5", " ")
	set(t, f, s, "A6", "Caché")
	set(t, f, s, "C6", 45306.0)
	style(t, f, s, "C6", &excelize.Style{CustomNumFmt: ptr(`d mmmm yyyy "at noon"`)})
	set(t, f, s, "K6", "beyond")
	if err := f.SetRowVisible(s, 6, false); err != nil {
		t.Fatal(err)
	}
	// A time of day alone is not a date.
	set(t, f, s, "A7", "Time")
	set(t, f, s, "D7", 0.5)
	style(t, f, s, "D7", &excelize.Style{NumFmt: 20}) // h:mm

	b, err := OpenFile(save(t, f))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	want := []gotRow{
		{Line: 2, Cells: []string{"Name", "Phone", "Since", "Visit", "Postal", "Budget", "Big", "Rate", "Rich"}},
		{Line: 3, Cells: []string{"Élise Bélanger ", "5145550101", "2024-01-15", "2024-01-15 14:30", "00501", "25000.5", "1230000000000000", "0.15", "bold and plain"}, Dates: []int{2, 3}},
		{Line: 4, Cells: []string{"Jean", "  ", "2024-01-15", "2024-01-15 14:30:05", "", "", "12345678901234600", "45306"}, Dates: []int{2, 3}},
		{Line: 6, Cells: []string{"Caché", "", "2024-01-15", "", "", "", "", "", "", "", "beyond"}, Dates: []int{2}},
		{Line: 7, Cells: []string{"Time", "", "", "12:00"}},
	}
	if diff := cmp.Diff(want, readAll(t, b, s)); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

// TestSheets: sheets are listed in order with their visibility, and an
// empty sheet reads no rows.
func TestSheets(t *testing.T) {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Empty")
	f.NewSheet("Secret")
	f.NewSheet("Leads")
	set(t, f, "Secret", "A1", "x")
	set(t, f, "Leads", "A1", "Name")
	if err := f.SetSheetVisible("Secret", false); err != nil {
		t.Fatal(err)
	}
	b, err := OpenFile(save(t, f))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	want := []Sheet{{Name: "Empty"}, {Name: "Secret", Hidden: true}, {Name: "Leads"}}
	if diff := cmp.Diff(want, b.Sheets()); diff != "" {
		t.Errorf("sheets (-want +got):\n%s", diff)
	}
	if got := readAll(t, b, "Empty"); len(got) != 0 {
		t.Errorf("empty sheet reads %v", got)
	}
	if got := readAll(t, b, "Secret"); len(got) != 1 || got[0].Cells[0] != "x" {
		t.Errorf("hidden sheet reads %v", got)
	}
}

// TestInlineStrings: a workbook written with inline strings and no
// styles at all (as some exporters write them) reads like any other.
func TestInlineStrings(t *testing.T) {
	parts := map[string]string{
		"[Content_Types].xml":        `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
		"_rels/.rels":                `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml":            `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Export" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml": `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` +
			`<row r="1"><c r="A1" t="inlineStr"><is><t>Nom</t></is></c><c r="B1" t="inlineStr"><is><t>Téléphone</t></is></c></row>` +
			`<row r="3"><c r="A3" t="inlineStr"><is><r><t>Côté</t></r><r><t xml:space="preserve"> Jr</t></r></is></c><c r="B3"><v>4505550102</v></c><c r="C3" t="str"><f>A3</f><v>Côté Jr</v></c></row>` +
			`</sheetData></worksheet>`,
	}
	data, err := os.ReadFile(zipBook(t, parts))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Open(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	spool := b.spool
	want := []gotRow{
		{Line: 1, Cells: []string{"Nom", "Téléphone"}},
		{Line: 3, Cells: []string{"Côté Jr", "4505550102", "Côté Jr"}},
	}
	if diff := cmp.Diff(want, readAll(t, b, "Export")); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	b.Close()
	if _, err := os.Stat(spool); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the spooled copy %s is left after Close (%v)", spool, err)
	}
}

// TestRefused: formats that are not .xlsx are refused with what to do.
func TestRefused(t *testing.T) {
	zipOf := func(names ...string) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, n := range names {
			w, _ := zw.Create(n)
			io.WriteString(w, "x")
		}
		zw.Close()
		return buf.Bytes()
	}
	ole := func(extra []byte) []byte {
		b := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 3000)...)
		return append(b, extra...)
	}
	tests := []struct {
		name string
		file []byte
		want string
	}{
		{"xls", ole(utf16le("Workbook")), "this is an old Excel workbook (.xls), which Leadport does not read. In Excel or LibreOffice, use File › Save As › Excel Workbook (.xlsx)"},
		{"encrypted", ole(utf16le("EncryptionInfo")), "this workbook is protected by a password"},
		{"ods", zipOf("mimetype", "content.xml"), "this is an OpenDocument spreadsheet (.ods), which Leadport does not read. In Excel or LibreOffice, use File › Save As › Excel Workbook (.xlsx)"},
		{"xlsb", zipOf("[Content_Types].xml", "xl/workbook.bin"), "this is an Excel binary workbook (.xlsb)"},
		{"zip", zipOf("leads.csv"), "this is a ZIP archive, not a spreadsheet"},
		{"truncated", []byte("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00"), "this Excel workbook is damaged or incomplete"},
		{"no sheets", zipOf("[Content_Types].xml", "xl/workbook.xml"), "this Excel workbook cannot be read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Open(bytes.NewReader(tt.file))
			var xe *Error
			if !errors.As(err, &xe) || !strings.Contains(err.Error(), tt.want) {
				if b != nil {
					b.Close()
				}
				t.Fatalf("Open: %v, want an *Error with %q", err, tt.want)
			}
		})
	}
}

func TestIsDateFormat(t *testing.T) {
	for code, want := range map[string]bool{
		"dd/mm/yyyy": true, "m/d/yy h:mm": true, "[$-409]mmmm d, yyyy;@": true, "mmm": true, "yyyy": true,
		`d "days"`: true, "h:mm": false, "[h]:mm:ss": false, "mm:ss": false, "0.00E+00": false, "#,##0.00": false,
		`0 "days"`: false, "[Red]0.00": false, "@": false, "General": false, `"Year" 0`: false, `\d0`: false,
	} {
		if got := isDateFormat(code); got != want {
			t.Errorf("isDateFormat(%q) = %v, want %v", code, got, want)
		}
	}
}

// TestMergedCells: a merged range gives its value to its first cell only.
func TestMergedCells(t *testing.T) {
	f := excelize.NewFile()
	set(t, f, "Sheet1", "A1", "Nom")
	set(t, f, "Sheet1", "B1", "Ville")
	set(t, f, "Sheet1", "C1", "Note")
	set(t, f, "Sheet1", "A2", "Roy")
	set(t, f, "Sheet1", "B2", "Laval")
	set(t, f, "Sheet1", "C2", "covered")
	if err := f.MergeCell("Sheet1", "B2", "C3"); err != nil {
		t.Fatal(err)
	}
	set(t, f, "Sheet1", "A3", "Côté")
	b, err := OpenFile(save(t, f))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	want := []gotRow{
		{Line: 1, Cells: []string{"Nom", "Ville", "Note"}},
		{Line: 2, Cells: []string{"Roy", "Laval"}},
		{Line: 3, Cells: []string{"Côté"}},
	}
	if diff := cmp.Diff(want, readAll(t, b, "Sheet1")); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}
