package importer_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/app"
	"github.com/leadport/leadport/internal/importer"
	"github.com/leadport/leadport/internal/storetest"
)

// TestWorkerOwnLapsedLease: when a worker's lease on an import lapses while
// it runs it (a slow commit holds up the heartbeat), the store gives the
// import back to the same worker's next free slot. It must not run it a
// second time: rows would be applied twice, since the store's lease check
// cannot tell two runs under one worker name apart.
func TestWorkerOwnLapsedLease(t *testing.T) {
	e := newEnv(t, func(t *testing.T) leadport.Store { return storetest.OpenSQLite(t) })
	ctx := context.Background()
	var b strings.Builder
	b.WriteString("First name,Last name,Phone\n")
	const rows = 20000
	for i := range rows {
		fmt.Fprintf(&b, "Prénom%d,Nom%d,514 %03d-%04d\n", i, i, 200+i/10000, i%10000)
	}
	imp, _, err := e.app.UploadImport(ctx, e.director, "leads.csv", strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	imp, err = e.app.StartImport(ctx, e.director, imp.ID, app.ImportSettings{Type: leadport.TypeEvent, Rule: leadport.RuleCreate})
	if err != nil {
		t.Fatal(err)
	}
	im := e.app.Importer
	im.Lease, im.Heartbeat, im.BatchTime = 50*time.Millisecond, time.Hour, 20*time.Millisecond
	w := importer.NewWorker(im)
	w.Poll = 10 * time.Millisecond
	if err := w.Run(ctx, true); err != nil {
		t.Fatal(err)
	}
	got, err := e.app.Store.Import(ctx, imp.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != leadport.StatusFinished || got.Processed != rows || got.Created != rows {
		t.Errorf("import: %s, processed %d, created %d; want finished, %d and %d", got.Status, got.Processed, got.Created, rows, rows)
	}
	if n := len(e.leads(t)); n != rows {
		t.Errorf("%d leads, want %d: rows were applied twice", n, rows)
	}
}
