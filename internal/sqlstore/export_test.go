package sqlstore

import (
	"context"
	"database/sql"

	"github.com/leadport/leadport"
)

// For the tests of package sqlstore_test.

// Migrations are the embedded schema migrations.
var Migrations = migrations

// JournalLead is the journal's form of a lead, as versions before
// changesets wrote it.
type JournalLead = journalLead

// DB returns the store's write pool.
func (s *Store) DB() *sql.DB { return s.db }

// LeadsByIDSQL is the query of LeadsByID for n IDs.
var LeadsByIDSQL = leadsByIDSQL

// PageSQL is the query of the IDs of a page of SearchLeads.
func (s *Store) PageSQL(v leadport.Viewer, f leadport.LeadFilter) (string, []any) {
	where, args := s.where(v, f, false)
	return pageSQL(where, f), args
}

// CountSQL is the query of the count of SearchLeads.
func (s *Store) CountSQL(v leadport.Viewer, f leadport.LeadFilter) (string, []any) {
	where, args := s.where(v, f, false)
	return countSQL(where, f), args
}

// PendingChangesSQL is the query of the changesets laid over n leads.
func (s *Store) PendingChangesSQL(n int) string { return s.pendingChangesSQL(n) }

// ReadSetting returns a server setting as the pages' read pool has it
// (PostgreSQL), and as the write pool has it.
func (s *Store) ReadSetting(ctx context.Context, name string) (read, write string, err error) {
	if err := s.read.QueryRowContext(ctx, "SELECT current_setting($1)", name).Scan(&read); err != nil {
		return "", "", err
	}
	err = s.db.QueryRowContext(ctx, "SELECT current_setting($1)", name).Scan(&write)
	return read, write, err
}
