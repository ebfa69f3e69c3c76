package importer_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/app"
)

// TestResumeWorkbook: an import of an Excel workbook stopped after its first
// batch (its worker gone) is taken over and resumes from its stored file
// where it stopped: no row applied twice or lost.
func TestResumeWorkbook(t *testing.T) {
	const n = 3000 // three batches of the importer's first size
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", "Vide")
	f.NewSheet("Clients")
	sw, err := f.NewStreamWriter("Clients")
	if err != nil {
		t.Fatal(err)
	}
	sw.SetRow("A1", []any{"First name", "Last name", "Home phone", "Email"})
	for i := 1; i <= n; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, []any{fmt.Sprintf("Client%d", i), "Test", 5145550000 + i, fmt.Sprintf("c%d@test.ca", i)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var book bytes.Buffer
	if err := f.Write(&book); err != nil {
		t.Fatal(err)
	}

	e := newEnv(t, sqlite)
	im := e.app.Importer
	im.Lease, im.Heartbeat, im.MaxBatchRows = 300*time.Millisecond, 100*time.Millisecond, 1000
	ctx := context.Background()
	imp, _, err := e.app.UploadImport(ctx, e.director, "clients.xlsx", &book)
	if err != nil {
		t.Fatal(err)
	}
	imp, err = e.app.StartImport(ctx, e.director, imp.ID, app.ImportSettings{Type: leadport.TypeEvent, Rule: leadport.RuleCreate})
	if err != nil {
		t.Fatal(err)
	}
	if imp.Sheet != "Clients" || imp.Total != n {
		t.Fatalf("queued: sheet %q, total %d; want Clients, %d", imp.Sheet, imp.Total, n)
	}
	// The first worker stops after its first committed batch.
	stop, cancel := context.WithCancel(ctx)
	_, err = e.app.RunNow(stop, e.director, imp.ID, func(c leadport.Counters) { cancel() })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("first run: %v, want it stopped", err)
	}
	mid, err := e.app.Store.Import(ctx, imp.ID)
	if err != nil {
		t.Fatal(err)
	}
	if mid.Status != leadport.StatusRunning || mid.Processed <= 0 || mid.Processed >= n {
		t.Fatalf("after the stop: %s, processed %d; want running, part of %d", mid.Status, mid.Processed, n)
	}
	time.Sleep(im.Lease + 100*time.Millisecond)
	done, err := e.app.RunNow(ctx, e.director, imp.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if done.Status != leadport.StatusFinished || done.Processed != n || done.Created != n || done.Failed != 0 {
		t.Errorf("resumed from %d: %s %+v; want finished, %d created", mid.Processed, done.Status, done.Counters, n)
	}
	leads := e.leads(t)
	seen := make(map[string]bool)
	for _, l := range leads {
		if seen[l.FirstName] {
			t.Errorf("%s imported twice", l.FirstName)
		}
		seen[l.FirstName] = true
	}
	if len(leads) != n {
		t.Errorf("%d leads, want %d", len(leads), n)
	}
}
