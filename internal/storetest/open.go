// Package storetest is the conformance suite of leadport.Store: Run
// exercises every method, and every Store (SQLite and PostgreSQL) must pass
// it, which is how the two are kept behaving the same.
//
// It also opens fresh stores for the tests of other packages: OpenSQLite,
// OpenPostgres and Stores, so that the importer and the command are tested
// on both databases. PostgreSQL tests run when LEADPORT_TEST_POSTGRES_URL
// names a server (each test gets its own database, dropped afterwards); they
// skip otherwise, or fail when LEADPORT_REQUIRE_POSTGRES=1.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, to create test databases

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/sqlstore"
)

// PostgresURLEnv names the environment variable that points the tests at a
// PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable.
const PostgresURLEnv = "LEADPORT_TEST_POSTGRES_URL"

// RequirePostgresEnv, set to 1, makes PostgreSQL tests fail rather than
// skip when PostgresURLEnv is not set (CI sets it).
const RequirePostgresEnv = "LEADPORT_REQUIRE_POSTGRES"

// OpenSQLite opens a store on a fresh SQLite file in t.TempDir(), closed
// when the test ends.
func OpenSQLite(t testing.TB) leadport.Store {
	t.Helper()
	return OpenSQLiteStore(t)
}

// OpenSQLiteStore is OpenSQLite returning the concrete type.
func OpenSQLiteStore(t testing.TB) *sqlstore.Store {
	t.Helper()
	s, err := sqlstore.Open(context.Background(), filepath.Join(t.TempDir(), "leadport.db"), nil)
	if err != nil {
		t.Fatalf("open SQLite store: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close SQLite store: %v", err)
		}
	})
	return s
}

// PostgresConfigured reports whether PostgreSQL tests can run.
func PostgresConfigured() bool { return os.Getenv(PostgresURLEnv) != "" }

// skipWithoutPostgres skips (or fails, when required) t when no PostgreSQL
// server is configured.
func skipWithoutPostgres(t testing.TB) string {
	t.Helper()
	u := os.Getenv(PostgresURLEnv)
	if u != "" {
		return u
	}
	if os.Getenv(RequirePostgresEnv) == "1" {
		t.Fatalf("%s=1 but %s is not set: PostgreSQL tests cannot run", RequirePostgresEnv, PostgresURLEnv)
	}
	t.Skipf("PostgreSQL tests skipped: set %s (e.g. postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable) to run them", PostgresURLEnv)
	return ""
}

// OpenPostgres opens a store on a new, empty PostgreSQL database, dropped
// when the test ends. It skips the test when no server is configured.
func OpenPostgres(t testing.TB) leadport.Store {
	t.Helper()
	return OpenPostgresStore(t)
}

// OpenPostgresStore is OpenPostgres returning the concrete type.
func OpenPostgresStore(t testing.TB) *sqlstore.Store {
	t.Helper()
	dsn := createDatabase(t, skipWithoutPostgres(t))
	s, err := sqlstore.Open(context.Background(), dsn, nil)
	if err != nil {
		t.Fatalf("open PostgreSQL store: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("close PostgreSQL store: %v", err)
		}
	})
	return s
}

// PostgresDSN creates a new, empty PostgreSQL database, dropped when the
// test ends, and returns its URL, for tests that open the store themselves
// (a command given --db). It skips the test when no server is configured.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	return createDatabase(t, skipWithoutPostgres(t))
}

// createDatabase creates a database named leadport_test_<random> on the
// server of adminURL and returns its URL; the database is dropped (after
// the store using it is closed: cleanups run last-in first-out) when the
// test ends.
func createDatabase(t testing.TB, adminURL string) string {
	t.Helper()
	u, err := url.Parse(adminURL)
	if err != nil {
		t.Fatalf("%s: %v", PostgresURLEnv, err)
	}
	var b [6]byte
	rand.Read(b[:])
	name := "leadport_test_" + hex.EncodeToString(b[:])

	admin, err := sql.Open("pgx", adminURL)
	if err != nil {
		t.Fatalf("connect to PostgreSQL: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		defer admin.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("drop test database %s: %v", name, err)
		}
	})
	u.Path = "/" + name
	return u.String()
}

// Stores returns a constructor of a fresh store per database the tests can
// use: "sqlite" always, "postgres" when configured. When PostgreSQL is
// required but not configured, it fails t. Use it as
//
//	for name, open := range storetest.Stores(t) {
//		t.Run(name, func(t *testing.T) { s := open(t); … })
//	}
func Stores(t testing.TB) map[string]func(*testing.T) leadport.Store {
	t.Helper()
	m := map[string]func(*testing.T) leadport.Store{
		"sqlite": func(t *testing.T) leadport.Store { return OpenSQLite(t) },
	}
	if PostgresConfigured() {
		m["postgres"] = func(t *testing.T) leadport.Store { return OpenPostgres(t) }
	} else if os.Getenv(RequirePostgresEnv) == "1" {
		t.Fatalf("%s=1 but %s is not set: PostgreSQL tests cannot run", RequirePostgresEnv, PostgresURLEnv)
	}
	return m
}
