package xlsxread

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/xuri/excelize/v2"
)

// zipBook writes the parts of a workbook as a file and returns its path.
func zipBook(t *testing.T, parts map[string]string) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range parts {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, body)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "book.xlsx")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestHandWrittenXML: a workbook written as other tools write them — every
// element with a namespace prefix, attributes in single quotes, rows and
// cells without their reference, comments, CDATA, entities, _xHHHH_
// escapes, phonetic guides, dates counted from 1904 and cells of every
// type — reads as Excel shows it.
func TestHandWrittenXML(t *testing.T) {
	const ns = `xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	path := zipBook(t, map[string]string{
		"[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"_rels/.rels":         `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8"?><x:workbook ` + ns + `><x:workbookPr date1904="1"/><x:sheets>` +
			`<x:sheet name="Chart" sheetId="2" r:id="rId9"/><x:sheet name="Data" sheetId="1" r:id="rId1" state="veryHidden"/></x:sheets></x:workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/data.xml"/>` +
			`<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet" Target="chartsheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="/xl/strings.xml"/>` +
			`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
		"xl/chartsheets/sheet1.xml": `<chartsheet/>`,
		"xl/styles.xml": `<?xml version="1.0"?><x:styleSheet ` + ns + `><x:numFmts count="4">` +
			`<x:numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><x:numFmt numFmtId="165" formatCode="h:mm AM/PM"/>` +
			`<x:numFmt numFmtId="166" formatCode="[h]:mm"/><x:numFmt numFmtId="167" formatCode="0000"/></x:numFmts>` +
			`<x:cellXfs count="8"><x:xf numFmtId="0"/><x:xf numFmtId="164"/><x:xf numFmtId="165"/><x:xf numFmtId="166"/>` +
			`<x:xf numFmtId="167"/><x:xf numFmtId="22"/><x:xf numFmtId="20"/><x:xf numFmtId="47"/></x:cellXfs></x:styleSheet>`,
		"xl/strings.xml": `<?xml version="1.0"?><x:sst ` + ns + ` count="4">` +
			`<x:si><x:t>Nom</x:t></x:si>` +
			`<x:si><x:r><x:rPr><x:b/></x:rPr><x:t xml:space="preserve">Côté </x:t></x:r><x:r><x:t>&amp; fils</x:t></x:r></x:si>` +
			`<x:si><x:t>東京</x:t><x:rPh sb="0" eb="2"><x:t>トウキョウ</x:t></x:rPh></x:si>` +
			`<x:si><x:t>line_x000D_&#10;two_x005F_x0041_</x:t></x:si>` +
			`<x:si/></x:sst>`,
		"xl/worksheets/data.xml": `<?xml version="1.0" encoding="UTF-8"?><!-- written by hand --><x:worksheet ` + ns + `>` +
			`<x:dimension ref='A1:H9'/><x:sheetData>` +
			`<x:row><x:c t='s'><x:v>0</x:v></x:c><x:c t="s"><x:v> 1 </x:v></x:c><x:c t="s"><x:v>2</x:v></x:c><x:c t="s"><x:v>3</x:v></x:c></x:row>` +
			`<x:row r="3"><x:c r="B3" t="inlineStr"><x:is><x:t><![CDATA[a <b> & c]]></x:t></x:is></x:c>` +
			`<x:c r="C3" t="b"><x:v>1</x:v></x:c><x:c r="D3" t="e"><x:v>#N/A</x:v></x:c>` +
			`<x:c r="E3" t="str"><x:f>A1&amp;"x"</x:f><x:v>Nomx</x:v></x:c><x:c r="F3"><x:f>1+1</x:f><x:v>2</x:v></x:c>` +
			`<x:c r="G3" t="d"><x:v>2024-03-14T09:30:00</x:v></x:c><x:c r="H3" t="s"><x:v>4</x:v></x:c></x:row>` +
			`<x:row r="4"/>` +
			`<x:row r="5"><x:c r="A5" s="1"><x:v>0</x:v></x:c><x:c r="B5" s="5"><x:v>43903.396527777775</x:v></x:c>` +
			`<x:c r="C5" s="2"><x:v>0.75</x:v></x:c><x:c r="D5" s="3"><x:v>1.5</x:v></x:c><x:c r="E5" s="4"><x:v>42</x:v></x:c>` +
			`<x:c r="F5" s="6"><x:v>0.395833333333333</x:v></x:c><x:c r="G5" s="7"><x:v>0.000011574074</x:v></x:c>` +
			`<x:c r="H5" s="1"><x:v>-1</x:v></x:c></x:row>` +
			`<x:row r="6"><x:c r="A6" s="0"><x:v>1.5E+20</x:v></x:c><x:c r="B6"><x:v>0.30000000000000004</x:v></x:c>` +
			`<x:c r="C6" s="9"><x:v>12345678901234567</x:v></x:c><x:c r="D6" t="inlineStr"><x:is><x:t>1.5E+20</x:t></x:is></x:c>` +
			`<x:c r="E6" t="inlineStr"><x:is><x:t>crlf&#13;&#10;lf
end</x:t></x:is></x:c></x:row>` +
			`<x:row r="7"><x:c r="A7" t="inlineStr"><x:is><x:t> </x:t></x:is></x:c><x:c r="C7"/></x:row>` +
			`</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="C7:D7"/></x:mergeCells></x:worksheet>`,
	})
	b, err := OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if diff := cmp.Diff([]Sheet{{Name: "Chart"}, {Name: "Data", Hidden: true}}, b.Sheets()); diff != "" {
		t.Errorf("sheets (-want +got):\n%s", diff)
	}
	if got := readAll(t, b, "Chart"); len(got) != 0 {
		t.Errorf("the chart sheet reads %v", got)
	}
	want := []gotRow{
		{Line: 1, Cells: []string{"Nom", "Côté & fils", "東京", "line\r\ntwo_x0041_"}},
		{Line: 3, Cells: []string{"", "a <b> & c", "TRUE", "#N/A", "Nomx", "2", "2024-03-14 09:30"}, Dates: []int{6}},
		// 1904 dates: serial 0 is 1 January 1904. A negative date is no
		// date: it reads as its number.
		{Line: 5, Cells: []string{"1904-01-01", "2024-03-14 09:31", "6:00 PM", "36:00", "0042", "9:30", "00:01.0", "-1"}, Dates: []int{0, 1}},
		{Line: 6, Cells: []string{"150000000000000000000", "0.3", "12345678901234600", "1.5E+20", "crlf\r\nlf\nend"}},
	}
	if diff := cmp.Diff(want, readAll(t, b, "Data")); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

// TestSameAsExcelize: text and numbers, written by excelize as shared
// strings and as inline strings, read as excelize itself reads them (with
// every digit of a number, where excelize writes an exponent).
func TestSameAsExcelize(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"a", "É", "ß", "東", "😀", " ", "  ", "\t", "\n", "\r\n", "&", "<", ">", "\"", "'", "&amp;", "]]>",
		"_x0041_", "_x005F_", "_x", "0", "1.5", "-", "E+20", ";", ",", "Côté", "=1+1"}
	text := func() string {
		var b strings.Builder
		for range rng.IntN(6) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		return b.String()
	}
	number := func() any {
		switch rng.IntN(6) {
		case 0:
			return rng.Int64N(1e10)
		case 1:
			return -rng.Int64N(1e18)
		case 2:
			return rng.Float64() * 1e6
		case 3:
			return rng.NormFloat64() * 1e-7
		case 4:
			return 5145550000 + rng.IntN(10000)
		}
		return rng.Float64()*1e20 + 1
	}
	const rows, cols = 300, 12
	f := excelize.NewFile()
	f.NewSheet("Inline")
	sw, err := f.NewStreamWriter("Inline")
	if err != nil {
		t.Fatal(err)
	}
	for r := 1; r <= rows; r++ {
		row := make([]any, cols)
		for c := range row {
			if c%3 == 0 {
				row[c] = number()
			} else {
				row[c] = text()
			}
			cell, _ := excelize.CoordinatesToCellName(c+1, r)
			set(t, f, "Sheet1", cell, row[c])
		}
		cell, _ := excelize.CoordinatesToCellName(1, r)
		if err := sw.SetRow(cell, row); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	path := save(t, f)
	ref, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ref.Close()
	b, err := OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	for _, sheet := range []string{"Sheet1", "Inline"} {
		want, err := ref.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		got := readAll(t, b, sheet)
		var i int
		for line, cells := range want {
			blank := true
			for k, c := range cells {
				if strings.TrimSpace(c) != "" {
					blank = false
				}
				if k%3 == 0 && strings.ContainsRune(c, 'E') {
					cells[k] = expandForTest(c)
				}
			}
			for len(cells) > 0 && cells[len(cells)-1] == "" {
				cells = cells[:len(cells)-1]
			}
			if blank {
				continue
			}
			if i >= len(got) {
				t.Fatalf("%s: %d rows read, excelize reads more", sheet, len(got))
			}
			if got[i].Line != line+1 {
				t.Errorf("%s: row %d read as row %d", sheet, line+1, got[i].Line)
			}
			if diff := cmp.Diff(cells, got[i].Cells); diff != "" {
				t.Errorf("%s row %d (-excelize +xlsxread):\n%s", sheet, line+1, diff)
			}
			i++
		}
		if i != len(got) {
			t.Errorf("%s: %d rows read, excelize reads %d", sheet, len(got), i)
		}
	}
}

// expandForTest writes excelize's "1.23456789012346E+16" with its digits,
// as a person would type it.
func expandForTest(s string) string {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return s
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// TestBigSheetNotCopied: a sheet larger than what a reader would keep in
// memory is read as it is unzipped: nothing of it is written to disk, and
// the shared strings beyond what is kept in memory are read back from
// their own temporary file, removed on Close.
func TestBigSheetNotCopied(t *testing.T) {
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	const rows = 20_000
	for r := 1; r <= rows; r++ {
		cell, _ := excelize.CoordinatesToCellName(1, r)
		row := []any{fmt.Sprintf("Client %d", r), "Tremblay", 5145550000 + r, "client@example.com", "3313, montée Sainte-Julie", "Laval", "QC", "H7N 1A1"}
		if err := sw.SetRow(cell, row); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	f.NewSheet("Strings")
	set(t, f, "Strings", "A1", "shared one")
	set(t, f, "Strings", "A2", "shared two")
	path := save(t, f)

	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	defer func(n int) { spillStrings = n }(spillStrings)
	spillStrings = len("shared one") // the second string goes to a file

	b, err := OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := b.Rows("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for {
		row, err := rs.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
		if row.Cells[0] != fmt.Sprintf("Client %d", row.Line) || row.Cells[2] != fmt.Sprint(5145550000+row.Line) {
			t.Errorf("row %d reads %q", row.Line, row.Cells)
		}
		if n == rows/2 {
			files, _ := os.ReadDir(tmp)
			var big []string
			for _, e := range files {
				if fi, err := e.Info(); err == nil && fi.Size() > 1<<20 {
					big = append(big, e.Name())
				}
			}
			if len(big) > 0 || len(files) != 1 {
				t.Errorf("while reading, the temporary directory holds %d files (%q over 1 MiB); want only the shared strings' file", len(files), big)
			}
		}
	}
	rs.Close()
	if n != rows {
		t.Errorf("%d rows, want %d", n, rows)
	}
	want := []gotRow{{Line: 1, Cells: []string{"shared one"}}, {Line: 2, Cells: []string{"shared two"}}}
	if diff := cmp.Diff(want, readAll(t, b, "Strings")); diff != "" {
		t.Errorf("shared strings (-want +got):\n%s", diff)
	}
	b.Close()
	if files, _ := os.ReadDir(tmp); len(files) != 0 {
		t.Errorf("after Close the temporary directory holds %v", files)
	}
}

// TestTimeAndNumberFormats: the formats that are applied.
func TestTimeAndNumberFormats(t *testing.T) {
	tests := []struct {
		v     string
		style cellStyle
		want  string
		date  bool
	}{
		{"0.5", cellStyle{kind: numTime, code: "h:mm"}, "12:00", false},
		{"0.5", cellStyle{kind: numTime, code: "hh:mm:ss AM/PM"}, "12:00:00 PM", false},
		{"0.02", cellStyle{kind: numTime, code: "h:mm a/p"}, "12:28 a", false},
		{"1.25", cellStyle{kind: numTime, code: "[h]:mm:ss"}, "30:00:00", false},
		{"0.999999999", cellStyle{kind: numTime, code: "hh:mm:ss"}, "00:00:00", false},
		{"0.0000011574", cellStyle{kind: numTime, code: `[mm]"min" ss.00`}, "00min 00.10", false},
		{"501.5", cellStyle{kind: numZeros, width: 5}, "00502", false},
		{"-7", cellStyle{kind: numZeros, width: 3}, "-007", false},
		{"1e16", cellStyle{kind: numZeros, width: 5}, "10000000000000000", false},
		{"1", cellStyle{kind: numDate}, "1900-01-01", true},
		{"59", cellStyle{kind: numDate}, "1900-02-28", true},
		{"61", cellStyle{kind: numDate}, "1900-03-01", true},
		{"45306.9999884", cellStyle{kind: numDate}, "2024-01-15 23:59:59", true},
		{"45306.999999", cellStyle{kind: numDate}, "2024-01-16", true},
		{"2958466", cellStyle{kind: numDate}, "2958466", false},
		{" 12 ", cellStyle{}, " 12 ", false},
		{"abc", cellStyle{kind: numDate}, "abc", false},
		{"00501", cellStyle{}, "501", false},
		{"1234567890123456789", cellStyle{}, "1234567890123460000", false},
		{"1.5E-7", cellStyle{}, "0.00000015", false},
	}
	for _, tt := range tests {
		got, date := appendNumber(nil, tt.v, tt.style, false)
		if string(got) != tt.want || date != tt.date {
			t.Errorf("%q in %+v reads %q (date %v), want %q (date %v)", tt.v, tt.style, got, date, tt.want, tt.date)
		}
	}
}

// TestMergedCoveredValues: a workbook whose merged ranges keep values in
// their covered cells (as LibreOffice writes it when told to keep the
// contents of the hidden cells) reads as Excel shows it: a merged range
// gives its value to its first cell only. The ranges come after the rows
// in the sheet's XML, with a namespace prefix, in any order, in either
// quotes, as empty or start and end tags. A row whose only values are in
// covered cells is blank, and skipped; the other rows keep their Excel row
// numbers.
func TestMergedCoveredValues(t *testing.T) {
	const ns = `xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	is := func(ref, text string) string {
		return `<x:c r="` + ref + `" t="inlineStr"><x:is><x:t>` + text + `</x:t></x:is></x:c>`
	}
	row := func(n int, cells ...string) string {
		return `<x:row r="` + strconv.Itoa(n) + `">` + strings.Join(cells, "") + `</x:row>`
	}
	path := zipBook(t, map[string]string{
		"[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"xl/workbook.xml":     `<?xml version="1.0"?><x:workbook ` + ns + `><x:sheets><x:sheet name="Leads" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
		"xl/sharedStrings.xml": `<?xml version="1.0"?><x:sst ` + ns + `><x:si><x:t>Laval</x:t></x:si><x:si><x:t>covered, shared</x:t></x:si></x:sst>`,
		"xl/worksheets/sheet1.xml": `<?xml version="1.0" encoding="UTF-8"?><x:worksheet ` + ns + `><x:dimension ref="A1:F9"/><x:sheetData>` +
			// B1:C1 covers a header; D1:D2 runs from the header into row 2.
			row(1, is("A1", "Nom"), is("B1", "Ville"), is("C1", "Ville 2"), is("D1", "Note"), is("E1", "Courriel")) +
			row(2, is("A2", "Roy"), `<x:c r="B2" t="s"><x:v>0</x:v></x:c>`, is("C2", "open"), is("D2", "covered D2"), is("E2", "roy@example.com")) +
			// C3:E4, a block: row 4 holds values in covered cells only.
			row(3, is("A3", "Côté"), is("B3", "Montréal"), is("C3", "block"), is("D3", "covered D3"), `<x:c r="E3"><x:v>42</x:v></x:c>`) +
			row(4, is("C4", "covered C4"), is("D4", "covered D4"), `<x:c r="E4" t="s"><x:v>1</x:v></x:c>`) +
			// B5:B7, down two rows: row 6 holds only a covered cell.
			row(5, is("A5", "Tremblay"), is("B5", "Québec")) +
			row(6, is("B6", "covered B6")) +
			row(7, is("A7", "Gagnon"), is("B7", "covered B7"), is("C7", "open C7")) +
			// A8:B8, whose first cell is empty.
			row(8, is("B8", "covered B8"), is("C8", "open C8")) +
			row(9, is("A9", "Roy"), is("F9", "single")) +
			`</x:sheetData><x:mergeCells count="7">` +
			`<x:mergeCell ref="C3:E4"/><x:mergeCell ref='B1:C1'/><x:mergeCell  ref = "D1:D2" ></x:mergeCell>` +
			`<x:mergeCell ref="B5:B7"/><x:mergeCell ref="A8:B8"/><x:mergeCell ref="F9"/><x:mergeCell ref="Z100:AB200"/>` +
			`</x:mergeCells><x:pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></x:worksheet>`,
	})
	want := []gotRow{
		{Line: 1, Cells: []string{"Nom", "Ville", "", "Note", "Courriel"}},
		{Line: 2, Cells: []string{"Roy", "Laval", "open", "", "roy@example.com"}},
		{Line: 3, Cells: []string{"Côté", "Montréal", "block"}},
		{Line: 5, Cells: []string{"Tremblay", "Québec"}},
		{Line: 7, Cells: []string{"Gagnon", "", "open C7"}},
		{Line: 8, Cells: []string{"", "", "open C8"}},
		{Line: 9, Cells: []string{"Roy", "", "", "", "", "single"}},
	}
	// A sheet read again, by the same book or by the workbook opened
	// again (its ranges then known), reads the same.
	for range 2 {
		b, err := OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if diff := cmp.Diff(want, readAll(t, b, "Leads")); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
		}
		b.Close()
	}
}

// TestReadMergesAcrossBuffers: merged ranges are all found whatever the
// reads of the sheet's XML cut them at, with the prefixes, quotes and
// attributes writers use; what is not a <mergeCell> tag is left alone.
func TestReadMergesAcrossBuffers(t *testing.T) {
	var xml strings.Builder
	xml.WriteString(`<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>mergeCell &lt;mergeCell ref="A1:B2"/&gt;</t></is></c></row></sheetData><mergeCells count="3000">`)
	var want []mergeRange
	for i := range 3000 {
		prefix := []string{"", "x:", "main:"}[i%3]
		r := i + 1
		fmt.Fprintf(&xml, `<%smergeCell xr:uid="{%08X-0000-0000-0000-000000000000}" ref='A%d:C%d'/>`, prefix, i, r, r+1)
		want = append(want, mergeRange{r1: int32(r), r2: int32(r + 1), c1: 0, c2: 2})
	}
	xml.WriteString(`</mergeCells><mergeCellsExtra ref="A1:Z9"/></worksheet><mergeCell ref="A1:Z9"`) // cut short
	got, complete, err := readMerges(strings.NewReader(xml.String()), 0)
	if err != nil || !complete {
		t.Fatalf("readMerges: %v, complete %v", err, complete)
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(mergeRange{})); diff != "" {
		t.Errorf("ranges (-want +got):\n%s", diff)
	}
}
