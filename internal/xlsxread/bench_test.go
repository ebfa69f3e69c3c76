package xlsxread

import (
	"fmt"
	"io"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

// BenchmarkRows reads a 20,000-row, 20-column sheet of text and numbers,
// written by excelize's stream writer.
func BenchmarkRows(b *testing.B) {
	path := filepath.Join(b.TempDir(), "big.xlsx")
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	const rows, cols = 20000, 20
	for r := 1; r <= rows; r++ {
		row := make([]any, cols)
		for c := range row {
			if c%4 == 0 {
				row[c] = 5145550000 + r
			} else {
				row[c] = fmt.Sprintf("value %d-%d", r, c)
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, r)
		sw.SetRow(cell, row)
	}
	sw.Flush()
	if err := f.SaveAs(path); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		book, err := OpenFile(path)
		if err != nil {
			b.Fatal(err)
		}
		rs, err := book.Rows("Sheet1")
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			_, err := rs.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		rs.Close()
		book.Close()
		if n != rows {
			b.Fatalf("%d rows", n)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*rows), "ns/row")
}
