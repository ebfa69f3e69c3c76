package sqlstore

import (
	"context"
	"database/sql"
	"sync"
)

// reader runs the read queries on the read pool.
//
// On SQLite it keeps each query text prepared, on every connection of the
// pool that has run it: a page of the leads list runs about eight queries,
// and without this SQLite parses and plans each of them anew every time,
// which was a third of a list request's CPU. The texts are the package's
// own (with parameters, never values), so their number is bounded; past
// maxPrepared (IN lists of every length) the rest run unprepared.
// PostgreSQL's driver already keeps the statements it has run prepared on
// each connection.
type reader struct {
	db      *sql.DB
	prepare bool

	mu    sync.RWMutex
	stmts map[string]*sql.Stmt
}

// maxPrepared is how many query texts the reader keeps prepared.
const maxPrepared = 256

func newReader(db *sql.DB, prepare bool) *reader {
	return &reader{db: db, prepare: prepare, stmts: make(map[string]*sql.Stmt)}
}

// stmt returns the prepared statement of query, preparing it if there is
// room, or nil.
func (r *reader) stmt(ctx context.Context, query string) *sql.Stmt {
	if !r.prepare {
		return nil
	}
	r.mu.RLock()
	st, ok := r.stmts[query]
	n := len(r.stmts)
	r.mu.RUnlock()
	if ok || n >= maxPrepared {
		return st
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if st, ok := r.stmts[query]; ok || len(r.stmts) >= maxPrepared {
		return st
	}
	st, err := r.db.PrepareContext(ctx, query)
	if err != nil {
		return nil // run unprepared: the error, if any, comes from there
	}
	r.stmts[query] = st
	return st
}

func (r *reader) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := r.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return r.db.QueryContext(ctx, query, args...)
}

func (r *reader) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := r.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return r.db.QueryRowContext(ctx, query, args...)
}

// close closes the prepared statements (not the pool).
func (r *reader) close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for q, st := range r.stmts {
		st.Close()
		delete(r.stmts, q)
	}
}
