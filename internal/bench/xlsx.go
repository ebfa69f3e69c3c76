package bench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/csvread"
)

// writeWorkbook writes the rows of the CSV file src as an Excel workbook
// dst, the same data cell for cell (every cell as text, blank lines left
// out, as the importer leaves them out), with excelize's stream writer.
func writeWorkbook(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	rd, err := csvread.NewReader(in, csvread.Options{})
	if err != nil {
		return err
	}
	defer rd.Close()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	n := 1
	write := func(cells []string) error {
		row := make([]any, len(cells))
		for i, c := range cells {
			row[i] = c
		}
		cell, _ := excelize.CoordinatesToCellName(1, n)
		n++
		return sw.SetRow(cell, row)
	}
	if err := write(rd.Header()); err != nil {
		return err
	}
	for {
		row, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if err := write(append(row.Cells, row.Extra...)); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(dst)
}

// xlsxStages imports the base file as CSV, then the same data as an Excel
// workbook, each into an empty account of its own database, and compares
// the two.
func (b *bench) xlsxStages(ctx context.Context, t target) ([]result, error) {
	start := time.Now()
	if err := writeWorkbook(b.baseFile, b.xlsxFile); err != nil {
		return nil, fmt.Errorf("write the workbook: %w", err)
	}
	if fi, err := os.Stat(b.xlsxFile); err == nil {
		b.printf("wrote %s (the same data as an Excel workbook): %.1f MB in %s\n", b.xlsxFile, float64(fi.Size())/1e6, round(time.Since(start)))
	}
	logger := slog.New(slog.DiscardHandler)
	if b.cfg.verbose {
		logger = slog.New(slog.NewTextHandler(b.log, nil))
	}
	exp := leadport.Counters{Processed: int64(b.expBase.Rows), Created: int64(b.expBase.Rows - b.expBase.Failed),
		Associated: int64(b.expBase.BaseMatches + b.expBase.Duplicates), Failed: int64(b.expBase.Failed), Notes: -1}
	var results []result
	var totals [2]result
	for i, s := range []struct{ stage, file string }{{"create csv", b.baseFile}, {"create xlsx", b.xlsxFile}} {
		dsn, drop, err := t.newDSN(ctx, s.stage)
		if err != nil {
			return results, err
		}
		err = b.setup(ctx, dsn, logger)
		var rs []result
		if err == nil {
			rs, _, err = b.importStage(ctx, t, dsn, logger, s.stage, s.file, leadport.RuleCreate, &exp)
		}
		drop()
		results = append(results, rs...)
		if err != nil {
			return results, err
		}
		totals[i] = rs[len(rs)-1]
		// The workbook must count exactly what the CSV counted.
		exp = *totals[i].counters
	}
	csv, xlsx := totals[0], totals[1]
	results = append(results, result{stage: "xlsx ÷ csv", note: fmt.Sprintf("wall %.2f× (%s vs %s), CPU %.2f× (%s vs %s), peak RSS %.2f× (%s vs %s)",
		xlsx.wall.Seconds()/csv.wall.Seconds(), round(xlsx.wall), round(csv.wall),
		xlsx.cpu.Seconds()/csv.cpu.Seconds(), round(xlsx.cpu), round(csv.cpu),
		float64(xlsx.peakRSS)/float64(csv.peakRSS), mib(xlsx.peakRSS), mib(csv.peakRSS))})
	return results, nil
}
