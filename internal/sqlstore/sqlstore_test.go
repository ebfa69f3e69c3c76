package sqlstore_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/sqlstore"
	"github.com/leadport/leadport/internal/storetest"
)

func TestSQLite(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) leadport.Store { return storetest.OpenSQLite(t) })
}

func TestPostgres(t *testing.T) {
	t.Parallel()
	storetest.OpenPostgres(t) // skips, with the reason, when no server is configured
	storetest.Run(t, func(t *testing.T) leadport.Store { return storetest.OpenPostgres(t) })
}

// TestFinalizeRevertRace races finalize against revert through two store
// handles on one database, as two processes would.
func TestFinalizeRevertRace(t *testing.T) {
	open := func(t *testing.T, dsn string) leadport.Store {
		s, err := sqlstore.Open(context.Background(), dsn, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		path := filepath.Join(t.TempDir(), "leadport.db")
		storetest.FinalizeRevertRace(t, open(t, path), open(t, path))
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		dsn := storetest.PostgresDSN(t)
		storetest.FinalizeRevertRace(t, open(t, dsn), open(t, dsn))
	})
}

// TestSQLiteCloses checks that Close really closes the database: SQLite
// removes the WAL file when its last connection closes, which a statement
// left unfinalized would prevent.
func TestSQLiteCloses(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "leadport.db")
	s, err := sqlstore.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Dialect() != "sqlite" {
		t.Errorf("Dialect() = %q", s.Dialect())
	}
	a, err := s.CreateAccount(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	u := &leadport.User{AccountID: a.ID, Email: "d@x.ca", Name: "D", Role: leadport.RoleDirector}
	if err := s.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	imp := &leadport.Import{AccountID: a.ID, OwnerID: u.ID, FileName: "f.csv"}
	if err := s.CreateImport(ctx, imp, strings.NewReader("a\n")); err != nil {
		t.Fatal(err)
	}
	if err := s.QueueImport(ctx, imp); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ClaimImportByID(ctx, imp.ID, "w", time.Minute); err != nil {
		t.Fatal(err)
	}
	id, err := s.AllocateLeadIDs(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	tm := time.Now()
	err = s.ApplyBatch(ctx, &leadport.Batch{ImportID: imp.ID, Worker: "w", Counters: leadport.Counters{Processed: 1, Created: 1},
		Creates: []*leadport.Lead{{ID: id, AccountID: a.ID, Type: leadport.TypeEvent, LastName: "x", CreatedAt: tm, UpdatedAt: tm}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + "-wal"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("after Close, %s-wal: %v; want it removed", path, err)
	}
	// And it opens again, with its data.
	s, err = sqlstore.Open(ctx, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Lead(ctx, leadport.ViewerOf(u), id); err != nil {
		t.Errorf("lead %d after reopening: %v", id, err)
	}
}

// TestPostgresReadPool checks the settings of the pages' read pool on
// PostgreSQL: a statement timeout, so that a runaway search cannot hold
// one of its few connections, and no parallel workers, whose start cost
// more than the pages' queries; the write pool, which runs imports, has
// neither.
func TestPostgresReadPool(t *testing.T) {
	s := storetest.OpenPostgresStore(t)
	for _, c := range []struct{ name, read, write string }{
		{"statement_timeout", "30s", "0"},
		{"max_parallel_workers_per_gather", "0", ""},
	} {
		read, write, err := s.ReadSetting(context.Background(), c.name)
		if err != nil {
			t.Fatal(err)
		}
		if read != c.read {
			t.Errorf("%s on the read pool = %q, want %q", c.name, read, c.read)
		}
		if c.write != "" && write != c.write {
			t.Errorf("%s on the write pool = %q, want %q", c.name, write, c.write)
		}
	}
}
