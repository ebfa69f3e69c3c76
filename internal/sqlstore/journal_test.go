package sqlstore_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"io/fs"
	"path/filepath"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/sqlstore"
	"github.com/leadport/leadport/internal/storetest"
)

// TestUpgradeFromJournal builds a database as the version before changesets
// left it (every migration but 00002; a Merge import not finalized that changed a
// shared lead in place and journaled its Before, with a note, a vehicle and
// a link) and opens it: the import's changes become its changeset, seen by
// its owner alone, and it can still be reverted or finalized.
func TestUpgradeFromJournal(t *testing.T) {
	for _, end := range []string{"revert", "finalize"} {
		t.Run("sqlite/"+end, func(t *testing.T) {
			t.Parallel()
			testUpgrade(t, "sqlite", filepath.Join(t.TempDir(), "old.db"), end)
		})
		t.Run("postgres/"+end, func(t *testing.T) {
			t.Parallel()
			testUpgrade(t, "postgres", storetest.PostgresDSN(t), end)
		})
	}
}

// oldDatabase makes a database of dialect at dsn as an earlier version
// left it: the migrations whose version old accepts applied, in order. It
// returns the database and a helper that runs a statement or fails t.
func oldDatabase(t *testing.T, dialect, dsn string, old func(version int64) bool) (*sql.DB, func(q string, args ...any)) {
	ctx := context.Background()
	driver, gd, dir := "sqlite", goose.DialectSQLite3, "migrations/sqlite"
	if dialect == "postgres" {
		driver, gd, dir = "pgx", goose.DialectPostgres, "migrations/postgres"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	fsys, err := fs.Sub(sqlstore.Migrations, dir)
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(gd, db, fsys, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range p.ListSources() {
		if old(src.Version) {
			if _, err := p.ApplyVersion(ctx, src.Version, true); err != nil {
				t.Fatal(err)
			}
		}
	}
	return db, func(q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func testUpgrade(t *testing.T, dialect, dsn, end string) {
	ctx := context.Background()
	// Migrations numbered after 00002 that landed before it were applied by
	// the version before changesets too: Open applies 00002 out of order.
	// 00008 (visibility by import) came after changesets.
	db, exec := oldDatabase(t, dialect, dsn, func(v int64) bool { return v != 2 && v < 8 })
	tm := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC).UnixMicro()
	exec("INSERT INTO accounts (id, name, created_at) VALUES (1, 'old', $1)", tm)
	exec("INSERT INTO users (id, account_id, email, name, role, can_import, created_at) VALUES (1, 1, 'dir@old.ca', 'Dir', 'director', true, $1)", tm)
	exec("INSERT INTO users (id, account_id, email, name, role, created_at) VALUES (2, 1, 'mgr@old.ca', 'Mgr', 'manager', $1)", tm)
	// Import 1 finalized long ago, created lead 1; import 2 (a Merge, not
	// finalized) filled lead 1's city and created lead 2.
	exec(`INSERT INTO imports (id, account_id, owner_id, file_name, type, rule, status, processed, created, merged, notes, created_at, finished_at, finalized)
		VALUES (1, 1, 1, 'a.csv', 'event', 'create', 'finished', 1, 1, 0, 0, $1, $1, true)`, tm)
	exec(`INSERT INTO imports (id, account_id, owner_id, file_name, type, rule, status, processed, created, merged, notes, created_at, finished_at, finalized)
		VALUES (2, 1, 1, 'b.csv', 'event', 'merge', 'finished', 2, 1, 1, 1, $1, $1, false)`, tm)
	exec(`INSERT INTO leads (id, account_id, type, import_id, visible_to, first_name, last_name, phone_home, city, country, name_key, created_at, updated_at)
		VALUES (1, 1, 'event', 1, NULL, 'jean', 'cote', '+15145550101', 'Laval', 'CA', 'cote|jean', $1, $2)`, tm, tm+10)
	exec(`INSERT INTO leads (id, account_id, type, import_id, visible_to, first_name, last_name, phone_home, country, name_key, created_at, updated_at)
		VALUES (2, 1, 'event', 2, 1, 'marie', 'roy', '+15145550102', 'CA', 'marie|roy', $1, $1)`, tm+5)
	exec("UPDATE lead_ids SET next = 3")
	cols := make([]string, len(leadport.CardColumns))
	cols[0], cols[1], cols[6], cols[19] = "jean", "cote", "+15145550101", "CA"
	before, _ := json.Marshal(sqlstore.JournalLead{Type: leadport.TypeEvent, Columns: cols, NameKey: "cote|jean", UpdatedAt: tm})
	exec("INSERT INTO import_journal (import_id, lead_id, before) VALUES (2, 1, $1)", string(before))
	exec("INSERT INTO notes (lead_id, import_id, author_id, body, created_at) VALUES (1, 2, 1, '[import] First name: Paul', $1)", tm)
	exec("INSERT INTO vehicles (lead_id, import_id, kind, make) VALUES (1, 2, 'wanted', 'Kia')")
	exec("INSERT INTO links (a, b, import_id) VALUES (1, 2, 2)")
	db.Close()

	s, err := sqlstore.Open(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	owner, other := leadport.Viewer{AccountID: 1, UserID: 1}, leadport.Viewer{AccountID: 1, UserID: 2}
	l, err := s.Lead(ctx, other, 1)
	if err != nil {
		t.Fatal(err)
	}
	if l.City != "" || len(l.Notes)+len(l.Vehicles)+len(l.Associated) != 0 || l.UpdatedAt.UnixMicro() != tm {
		t.Errorf("after the upgrade, another user sees lead 1 with city %q, %d notes, %d vehicles, associated %v, updated %v",
			l.City, len(l.Notes), len(l.Vehicles), l.Associated, l.UpdatedAt)
	}
	l, err = s.Lead(ctx, owner, 1)
	if err != nil {
		t.Fatal(err)
	}
	if l.City != "Laval" || l.Pending["city"] != 2 || len(l.Notes) != 1 || !l.Notes[0].Pending || len(l.Vehicles) != 1 || l.PendingLinks[2] != 2 {
		t.Errorf("after the upgrade, the owner sees lead 1: city %q, pending %v, notes %+v, vehicles %+v, links %v",
			l.City, l.Pending, l.Notes, l.Vehicles, l.PendingLinks)
	}
	imp, err := s.Import(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if imp.LeadsChanged != 1 || imp.Created != 1 || imp.Merged != 1 {
		t.Errorf("import 2 after the upgrade: %d leads changed, %+v", imp.LeadsChanged, imp.Counters)
	}
	var n int
	if err := s.DB().QueryRowContext(ctx, "SELECT count(*) FROM import_journal").Scan(&n); err != nil || n != 0 {
		t.Errorf("journal rows after the upgrade: %d (%v)", n, err)
	}

	switch end {
	case "revert":
		if err := s.RevertImport(ctx, 2); err != nil {
			t.Fatal(err)
		}
		for _, v := range []leadport.Viewer{owner, other} {
			l, err := s.Lead(ctx, v, 1)
			if err != nil {
				t.Fatal(err)
			}
			if l.City != "" || len(l.Notes)+len(l.Vehicles)+len(l.Associated) != 0 {
				t.Errorf("after the revert, user %d sees lead 1: %+v", v.UserID, l)
			}
		}
	case "finalize":
		if err := s.FinalizeImport(ctx, 2); err != nil {
			t.Fatal(err)
		}
		l, err := s.Lead(ctx, other, 1)
		if err != nil {
			t.Fatal(err)
		}
		if l.City != "Laval" || len(l.Notes) != 1 || len(l.Vehicles) != 1 || len(l.Associated) != 1 {
			t.Errorf("after the finalize, another user sees lead 1: %+v", l)
		}
	}
}
