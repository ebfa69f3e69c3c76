package sqlstore_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/storetest"
)

// BenchmarkApplyBatch measures the import's hot path: batches of 10,000
// created leads into a table that already holds 100,000, on SQLite and, when
// configured, PostgreSQL. It reports rows/s.
func BenchmarkApplyBatch(b *testing.B) {
	stores := map[string]func(testing.TB) leadport.Store{"sqlite": storetest.OpenSQLite}
	if storetest.PostgresConfigured() {
		stores["postgres"] = storetest.OpenPostgres
	}
	for _, name := range []string{"sqlite", "postgres"} {
		open, ok := stores[name]
		if !ok {
			continue
		}
		b.Run(name+"/creates", func(b *testing.B) { benchApply(b, open(b), false) })
		b.Run(name+"/updates", func(b *testing.B) { benchApply(b, open(b), true) })
	}
}

const (
	benchBatch    = 10_000
	benchExisting = 100_000
)

func benchApply(b *testing.B, s leadport.Store, updates bool) {
	ctx := context.Background()
	a, err := s.CreateAccount(ctx, "bench")
	if err != nil {
		b.Fatal(err)
	}
	u := &leadport.User{AccountID: a.ID, Email: "d@bench.ca", Name: "D", Role: leadport.RoleDirector, CanImport: true}
	if err := s.CreateUser(ctx, u); err != nil {
		b.Fatal(err)
	}
	imp := &leadport.Import{AccountID: a.ID, OwnerID: u.ID, FileName: "bench.csv"}
	if err := s.CreateImport(ctx, imp, strings.NewReader("")); err != nil {
		b.Fatal(err)
	}
	if err := s.QueueImport(ctx, imp); err != nil {
		b.Fatal(err)
	}
	if got, err := s.ClaimImportByID(ctx, imp.ID, "bench", time.Hour); err != nil || got == nil {
		b.Fatalf("claim: %v %v", got, err)
	}
	var processed int64
	newBatch := func() *leadport.Batch {
		first, err := s.AllocateLeadIDs(ctx, benchBatch)
		if err != nil {
			b.Fatal(err)
		}
		batch := &leadport.Batch{ImportID: imp.ID, Worker: "bench"}
		tm := time.Now().UTC().Truncate(time.Microsecond)
		for i := range benchBatch {
			id := first + int64(i)
			l := &leadport.Lead{ID: id, AccountID: a.ID, Type: leadport.TypeEvent, ImportID: imp.ID, VisibleTo: u.ID,
				FirstName: fmt.Sprintf("First%d", id), LastName: "Lastname", PhoneHome: fmt.Sprintf("+1514%07d", id),
				EmailHome: fmt.Sprintf("first%d@example.com", id), City: "Montréal", Province: "QC", PostalCode: "H2X 1Y4",
				Country: "CA", Source: "Salon de l'auto", OriginalAt: "2026-03-14 10:30", CreatedAt: tm, UpdatedAt: tm}
			l.NameKey = "lastname|" + fmt.Sprintf("first%d", id)
			if i%4 == 0 {
				l.PhoneMobile = fmt.Sprintf("+1438%07d", id)
			}
			batch.Creates = append(batch.Creates, l)
		}
		processed += benchBatch
		batch.Counters = leadport.Counters{Processed: processed, Created: processed}
		return batch
	}
	var existing []*leadport.Lead
	for range benchExisting / benchBatch {
		batch := newBatch()
		if err := s.ApplyBatch(ctx, batch); err != nil {
			b.Fatal(err)
		}
		existing = append(existing, batch.Creates...)
	}

	next := 0
	var rows int
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		var batch *leadport.Batch
		if updates {
			// Merges: one changed column and a note per lead, as Merge writes them.
			batch = &leadport.Batch{ImportID: imp.ID, Worker: "bench"}
			tm := time.Now().UTC().Truncate(time.Microsecond)
			for range benchBatch {
				before := existing[next%len(existing)]
				next++
				after := *before
				after.PhoneWork, after.UpdatedAt = "+1819"+before.PhoneHome[5:], tm
				batch.Updates = append(batch.Updates, leadport.LeadUpdate{Before: before, After: &after})
				batch.Notes = append(batch.Notes, leadport.Note{LeadID: before.ID, AuthorID: u.ID, Body: "[import] City: Laval", CreatedAt: tm})
				existing[(next-1)%len(existing)] = &after
			}
			processed += benchBatch
			batch.Counters = leadport.Counters{Processed: processed}
		} else {
			batch = newBatch()
		}
		b.StartTimer()
		if err := s.ApplyBatch(ctx, batch); err != nil {
			b.Fatal(err)
		}
		rows += benchBatch
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}
