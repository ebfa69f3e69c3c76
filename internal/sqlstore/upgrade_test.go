package sqlstore_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/sqlstore"
	"github.com/leadport/leadport/internal/storetest"
)

// TestUpgradeVisibleTo builds a database as the version before visibility
// by import left it (every migration up to 00007; rows of an unfinalized
// Merge import carry visible_to = its owner) and opens it: the import's
// rows stay its owner's alone until it is finalized.
func TestUpgradeVisibleTo(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		testUpgradeVisibleTo(t, "sqlite", filepath.Join(t.TempDir(), "old.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		testUpgradeVisibleTo(t, "postgres", storetest.PostgresDSN(t))
	})
}

func testUpgradeVisibleTo(t *testing.T, dialect, dsn string) {
	ctx := context.Background()
	db, exec := oldDatabase(t, dialect, dsn, func(v int64) bool { return v <= 7 })
	tm := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC).UnixMicro()
	exec("INSERT INTO accounts (id, name, created_at) VALUES (1, 'old', $1)", tm)
	exec("INSERT INTO users (id, account_id, email, name, role, can_import, created_at) VALUES (1, 1, 'dir@old.ca', 'Dir', 'director', true, $1)", tm)
	exec("INSERT INTO users (id, account_id, email, name, role, created_at) VALUES (2, 1, 'mgr@old.ca', 'Mgr', 'manager', $1)", tm)
	// Import 1, finalized, created lead 1; import 2, a Merge not finalized,
	// created lead 2, filled lead 1's city and added a note, a vehicle and
	// a link to it.
	exec(`INSERT INTO imports (id, account_id, owner_id, file_name, type, rule, status, processed, created, merged, notes, created_at, finished_at, finalized, leads_changed)
		VALUES (1, 1, 1, 'a.csv', 'event', 'create', 'finished', 1, 1, 0, 0, $1, $1, true, 0)`, tm)
	exec(`INSERT INTO imports (id, account_id, owner_id, file_name, type, rule, status, processed, created, merged, notes, created_at, finished_at, finalized, leads_changed)
		VALUES (2, 1, 1, 'b.csv', 'event', 'merge', 'finished', 2, 1, 1, 1, $1, $1, false, 1)`, tm)
	exec(`INSERT INTO leads (id, account_id, type, import_id, visible_to, first_name, last_name, phone_home, country, name_key, created_at, updated_at)
		VALUES (1, 1, 'event', 1, NULL, 'jean', 'cote', '+15145550101', 'CA', 'cote|jean', $1, $1)`, tm)
	exec(`INSERT INTO leads (id, account_id, type, import_id, visible_to, first_name, last_name, phone_home, country, name_key, created_at, updated_at)
		VALUES (2, 1, 'event', 2, 1, 'marie', 'roy', '+15145550102', 'CA', 'marie|roy', $1, $1)`, tm+5)
	exec("UPDATE lead_ids SET next = 3")
	exec("INSERT INTO lead_changes (import_id, lead_id, account_id, owner_id, city, updated_at) VALUES (2, 1, 1, 1, 'Laval', $1)", tm+10)
	exec("INSERT INTO notes (lead_id, import_id, author_id, body, created_at, visible_to) VALUES (1, 2, 1, '[import] First name: Paul', $1, 1)", tm)
	exec("INSERT INTO vehicles (lead_id, import_id, kind, make, visible_to) VALUES (1, 2, 'wanted', 'Kia', 1)")
	exec("INSERT INTO links (a, b, import_id, visible_to) VALUES (1, 2, 2, 1)")
	db.Close()

	s, err := sqlstore.Open(ctx, dsn, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	owner, other := leadport.Viewer{AccountID: 1, UserID: 1}, leadport.Viewer{AccountID: 1, UserID: 2}
	if _, err := s.Lead(ctx, other, 2); leadport.ErrorCode(err) != leadport.ENOTFOUND {
		t.Errorf("after the upgrade, another user reads lead 2 of the unfinalized import: %v", err)
	}
	l, err := s.Lead(ctx, other, 1)
	if err != nil {
		t.Fatal(err)
	}
	if l.City != "" || len(l.Notes)+len(l.Vehicles)+len(l.Associated) != 0 {
		t.Errorf("after the upgrade, another user sees lead 1 with city %q, %d notes, %d vehicles, associated %v",
			l.City, len(l.Notes), len(l.Vehicles), l.Associated)
	}
	l, err = s.Lead(ctx, owner, 1)
	if err != nil {
		t.Fatal(err)
	}
	if l.City != "Laval" || len(l.Notes) != 1 || !l.Notes[0].Pending || len(l.Vehicles) != 1 || !l.Vehicles[0].Pending || l.PendingLinks[2] != 2 {
		t.Errorf("after the upgrade, the owner sees lead 1: city %q, notes %+v, vehicles %+v, links %v", l.City, l.Notes, l.Vehicles, l.PendingLinks)
	}
	if l, err := s.Lead(ctx, owner, 2); err != nil || l.VisibleTo != 1 {
		t.Errorf("after the upgrade, the owner reads lead 2: %v, visible to %d", err, l.VisibleTo)
	}

	if err := s.FinalizeImport(ctx, 2); err != nil {
		t.Fatal(err)
	}
	l, err = s.Lead(ctx, other, 1)
	if err != nil {
		t.Fatal(err)
	}
	if l.City != "Laval" || len(l.Notes) != 1 || l.Notes[0].Pending || len(l.Vehicles) != 1 || len(l.Associated) != 1 {
		t.Errorf("after the finalize, another user sees lead 1: %+v", l)
	}
	if l, err := s.Lead(ctx, other, 2); err != nil || l.VisibleTo != 0 {
		t.Errorf("after the finalize, another user reads lead 2: %v", err)
	}
}
