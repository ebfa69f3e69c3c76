package xlsxread

import (
	"archive/zip"
	"bytes"
	"io"
	"testing"
)

// FuzzSheet reads sheets of any content: the reader returns rows or an
// error, and never panics (readRow is called without Next's recover) nor
// loops forever.
func FuzzSheet(f *testing.F) {
	f.Add(`<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>a&amp;b</t></is></c></row></sheetData></worksheet>`)
	f.Add(`<x:worksheet><x:sheetData><x:row><x:c t='d'><x:v>2024-01-15T10:00:00</x:v></x:c><x:c s="1"><x:v>45306.5</x:v></x:c><x:c t="b"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>`)
	f.Add(`<sheetData><row r="2"><c r="XFD2"><f>1+1</f><v>2</v></c><c><is><r><t>x</t></r><rPh><t>y</t></rPh></is></c></row><!-- c --><row/></sheetData>`)
	f.Add(`<sheetData><row><c t="inlineStr"><is><t><![CDATA[<a>]]>_x000D_&#x41;&bogus;</t></is></c></row>`)
	f.Add(`<x:worksheet><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c><x:c r="B1"><x:v>2</x:v></x:c></x:row><x:row r="2"><x:c r="B2"><x:v>3</x:v></x:c></x:row></x:sheetData><x:mergeCells><x:mergeCell ref="A1:B2"/><mergeCell ref='$XFD$1048576:A1'></mergeCell><mergeCell ref="B2"/></x:mergeCells></x:worksheet>`)
	f.Fuzz(func(t *testing.T, sheet string) {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for name, body := range map[string]string{
			"[Content_Types].xml":        `<Types/>`,
			"xl/workbook.xml":            `<workbook><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>`,
			"xl/_rels/workbook.xml.rels": `<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="x/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="x/styles" Target="styles.xml"/></Relationships>`,
			"xl/sharedStrings.xml":       `<sst><si><t>zero</t></si></sst>`,
			"xl/styles.xml":              `<styleSheet><numFmts><numFmt numFmtId="164" formatCode="h:mm:ss.00 AM/PM"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>`,
			"xl/worksheets/sheet1.xml":   sheet,
		} {
			w, _ := zw.Create(name)
			io.WriteString(w, body)
		}
		zw.Close()
		b, err := Open(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		rs, err := b.Rows("S")
		if err != nil {
			t.Fatal(err)
		}
		defer rs.Close()
		for i := 0; ; i++ {
			if i > len(sheet)+1 {
				t.Fatalf("%d rows from %d bytes", i, len(sheet))
			}
			blank, err := rs.readRow()
			if err != nil {
				return
			}
			if len(rs.cells) != len(rs.dates) || (!blank && len(rs.cells) == 0) {
				t.Fatalf("row %d: %d cells, %d date flags, blank %v", rs.line, len(rs.cells), len(rs.dates), blank)
			}
		}
	})
}
