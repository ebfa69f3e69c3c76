package xlsxread

import (
	"fmt"
	"io"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// benchRows is the number of rows of the benchmarks' sheet.
const benchRows = 20000

// benchBook writes a 20,000-row, 20-column sheet of text and numbers with
// excelize's stream writer, and returns its path.
func benchBook(b *testing.B) string {
	path := filepath.Join(b.TempDir(), "big.xlsx")
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	const cols = 20
	for r := 1; r <= benchRows; r++ {
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
	return path
}

// cpuTime is the CPU time the process has used, user and system: on a
// shared machine it varies less than the wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportPerRow reports the wall and CPU time per row of the loop.
func reportPerRow(b *testing.B, cpu0 time.Duration) {
	n := float64(b.N * benchRows)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/row")
	b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/n, "cpu-ns/row")
}

// BenchmarkRows reads the sheet: "first" as the first reading of a
// workbook, its merged ranges' pass included; "again" as the same
// workbook read again, its ranges known.
func BenchmarkRows(b *testing.B) {
	path := benchBook(b)
	for _, again := range []bool{false, true} {
		name := "first"
		if again {
			name = "again"
		}
		b.Run(name, func(b *testing.B) {
			cpu0 := cpuTime()
			for b.Loop() {
				if !again {
					mergeCache.Lock()
					mergeCache.entries = nil
					mergeCache.Unlock()
				}
				readBench(b, path)
			}
			reportPerRow(b, cpu0)
		})
	}
}

func readBench(b *testing.B, path string) {
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
	if n != benchRows {
		b.Fatalf("%d rows", n)
	}
}

// BenchmarkMergesPass is the pass that gathers the sheet's merged ranges
// alone: the part of BenchmarkRows that reads the sheet before its rows.
func BenchmarkMergesPass(b *testing.B) {
	book, err := OpenFile(benchBook(b))
	if err != nil {
		b.Fatal(err)
	}
	defer book.Close()
	b.ResetTimer()
	cpu0 := cpuTime()
	for b.Loop() {
		part, err := book.parts[0].file.Open()
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := readMerges(part, book.parts[0].file.UncompressedSize64); err != nil {
			b.Fatal(err)
		}
		part.Close()
	}
	reportPerRow(b, cpu0)
}
