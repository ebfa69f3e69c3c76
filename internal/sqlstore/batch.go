package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/leadport/leadport"
)

// ApplyBatch applies b in one transaction together with its counters;
// ErrLeaseLost, with nothing applied, if b.Worker no longer holds the lease.
//
// This is the hot path of an import. The statements are the same on both
// databases (applyBatch); only the bulk inserts differ, behind batchWriter:
// multi-row INSERTs with prepared statements on SQLite, COPY on PostgreSQL,
// where the other statements are also pipelined.
func (s *Store) ApplyBatch(ctx context.Context, b *leadport.Batch) error {
	if s.d.name == "postgres" {
		if err := s.applyBatchPostgres(ctx, b); err != nil {
			return err
		}
		s.analyzeIfStale(ctx, int64(len(b.Creates)+len(b.Updates)+len(b.Vehicles)+len(b.Notes)))
		return nil
	}
	return s.applyBatchSQLite(ctx, b)
}

// analyzeThreshold is how many rows batches write on PostgreSQL before the
// planner statistics of the tables they fill are refreshed.
const analyzeThreshold = 200_000

// analyzeIfStale refreshes the planner statistics of the import tables once
// batches have written analyzeThreshold rows since the last time (and after
// the first batch of a process). Without statistics PostgreSQL plans the
// prefetch of a batch's leads and vehicles as full scans: a 1M-row Merge
// measured 40× slower on a server whose autovacuum is off or behind. It
// runs after the commit, outside the batch; a failure is only logged.
func (s *Store) analyzeIfStale(ctx context.Context, written int64) {
	n := s.unanalyzed.Add(written)
	if n < analyzeThreshold && s.analyzed.Load() {
		return
	}
	s.analyzed.Store(true)
	s.unanalyzed.Store(0)
	if _, err := s.db.ExecContext(ctx, "ANALYZE leads, vehicles, notes, links"); err != nil && ctx.Err() == nil {
		s.logger.Warn("refresh planner statistics", "err", err)
	}
}

// applyBatchPostgres runs the batch in a pgx transaction on one connection
// taken from the database/sql pool, so that COPY is part of it.
func (s *Store) applyBatchPostgres(ctx context.Context, b *leadport.Batch) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("apply batch: %w", err)
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		tx, err := dc.(*stdlib.Conn).Conn().Begin(ctx)
		if err != nil {
			return fmt.Errorf("begin: %w", err)
		}
		defer tx.Rollback(ctx)
		if err := s.applyBatch(ctx, &pgWriter{tx: tx}, b); err != nil {
			return err
		}
		if err := tx.Commit(ctx); err != nil {
			return fmt.Errorf("commit: %w", err)
		}
		return nil
	})
}

// batchWriter is a write transaction as applyBatch needs it.
type batchWriter interface {
	// exec runs a statement now and returns the number of rows it changed.
	exec(ctx context.Context, query string, args ...any) (int64, error)
	// queue runs a statement whose result is not needed, possibly later:
	// at the next insert, exec or flush, in order.
	queue(ctx context.Context, query string, args ...any) error
	// insert adds n rows to t; row(i, dst) fills dst with row i's values.
	insert(ctx context.Context, t *table, n int, row func(i int, dst []any)) error
	// update applies the updates, in order, and journals the first Before
	// of each lead per import.
	update(ctx context.Context, importID int64, ups []leadport.LeadUpdate) error
	// flush runs what is queued.
	flush(ctx context.Context) error
}

func leadID(u leadport.LeadUpdate) int64 {
	switch {
	case u.After != nil:
		return u.After.ID
	case u.Before != nil:
		return u.Before.ID
	}
	return 0
}

const insertJournal = `INSERT INTO import_journal (import_id, lead_id, before) VALUES ($1, $2, $3)
	ON CONFLICT (import_id, lead_id) DO NOTHING`

// table describes the bulk-inserted columns of a table.
type table struct {
	name string
	cols []string
	// omittable has bit i set when column i may be left out of an INSERT
	// when empty ("" or NULL): its default is the same value.
	omittable uint64

	mu      sync.Mutex
	inserts map[insertKey]string
}

type insertKey struct {
	rows int
	cols uint64
}

func newTable(name string, cols []string, omittable ...string) *table {
	t := &table{name: name, cols: cols}
	for i, c := range cols {
		if slices.Contains(omittable, c) {
			t.omittable |= 1 << i
		}
	}
	return t
}

var (
	leadsTable = newTable("leads", leadColumnNames,
		append([]string{"import_id", "visible_to", "name_key"}, leadport.CardColumns...)...)
	vehiclesTable = newTable("vehicles", []string{"lead_id", "import_id", "kind", "make", "model", "trim", "year", "vin", "odometer"},
		"make", "model", "trim", "year", "vin", "odometer")
	notesTable  = newTable("notes", []string{"lead_id", "import_id", "author_id", "body", "created_at"}, "author_id")
	issuesTable = newTable("import_issues", []string{"import_id", "line", "column_name", "raw", "reason"})
)

// insertSQL returns the multi-row INSERT of n rows into t, for SQLite, of
// the columns whose bit is set in cols. Its parameters are anonymous ("?"),
// not numbered: SQLite looks up a numbered parameter's name in a list as
// long as the statement's parameters, which makes binding a
// thousand-parameter statement quadratic.
func (t *table) insertSQL(n int, cols uint64) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	key := insertKey{n, cols}
	if q, ok := t.inserts[key]; ok {
		return q
	}
	var names []string
	for i, c := range t.cols {
		if cols&(1<<i) != 0 {
			names = append(names, c)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES ", t.name, strings.Join(names, ", "))
	row := "(?" + strings.Repeat(", ?", len(names)-1) + ")"
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	if t.inserts == nil {
		t.inserts = map[insertKey]string{}
	}
	t.inserts[key] = b.String()
	return t.inserts[key]
}

func (s *Store) applyBatch(ctx context.Context, w batchWriter, b *leadport.Batch) error {
	c := b.Counters
	n, err := w.exec(ctx, `UPDATE imports SET processed = $1, created = $2, merged = $3, associated = $4, failed = $5, notes = $6
		WHERE id = $7 AND worker = $8 AND status = 'running'`,
		c.Processed, c.Created, c.Merged, c.Associated, c.Failed, c.Notes, b.ImportID, b.Worker)
	if err != nil {
		return fmt.Errorf("update import %d counters: %w", b.ImportID, err)
	}
	if n == 0 {
		return leadport.ErrLeaseLost
	}

	if len(b.Creates) > 0 {
		err := w.insert(ctx, leadsTable, len(b.Creates), func(i int, dst []any) { leadRow(b.Creates[i], b.ImportID, dst) })
		if err != nil {
			return fmt.Errorf("insert leads %d-%d: %w", b.Creates[0].ID, b.Creates[len(b.Creates)-1].ID, err)
		}
	}
	for _, u := range b.Updates {
		if u.Before == nil || u.After == nil || u.Before.ID != u.After.ID {
			return fmt.Errorf("update of lead %d: Before and After are not the same lead", leadID(u))
		}
	}
	if len(b.Updates) > 0 {
		if err := w.update(ctx, b.ImportID, b.Updates); err != nil {
			return err
		}
	}
	if len(b.Vehicles) > 0 {
		err := w.insert(ctx, vehiclesTable, len(b.Vehicles), func(i int, dst []any) {
			v := &b.Vehicles[i]
			dst[0], dst[1], dst[2], dst[3], dst[4], dst[5], dst[6], dst[7], dst[8] = v.LeadID, b.ImportID, v.Kind, v.Make, v.Model, v.Trim, v.Year, v.VIN, v.Odometer
		})
		if err != nil {
			return fmt.Errorf("insert vehicles: %w", err)
		}
	}
	if len(b.Notes) > 0 {
		t := now().UnixMicro()
		err := w.insert(ctx, notesTable, len(b.Notes), func(i int, dst []any) {
			n := &b.Notes[i]
			created := t
			if !n.CreatedAt.IsZero() {
				created = n.CreatedAt.UnixMicro()
			}
			dst[0], dst[1], dst[2], dst[3], dst[4] = n.LeadID, b.ImportID, nullID(n.AuthorID), n.Body, created
		})
		if err != nil {
			return fmt.Errorf("insert notes: %w", err)
		}
	}
	for _, l := range b.Links {
		a, bb := min(l.A, l.B), max(l.A, l.B)
		if a == bb {
			continue
		}
		if err := w.queue(ctx, "INSERT INTO links (a, b, import_id) VALUES ($1, $2, $3) ON CONFLICT (a, b) DO NOTHING", a, bb, b.ImportID); err != nil {
			return fmt.Errorf("insert link %d-%d: %w", a, bb, err)
		}
	}
	if len(b.Issues) > 0 {
		err := w.insert(ctx, issuesTable, len(b.Issues), func(i int, dst []any) {
			is := &b.Issues[i]
			dst[0], dst[1], dst[2], dst[3], dst[4] = b.ImportID, int64(is.Line), is.Column, is.Raw, is.Reason
		})
		if err != nil {
			return fmt.Errorf("insert issues: %w", err)
		}
	}
	if b.Finished {
		err := w.queue(ctx, "UPDATE imports SET status = 'finished', finished_at = $1, lease_until = NULL WHERE id = $2", now().UnixMicro(), b.ImportID)
		if err != nil {
			return fmt.Errorf("finish import %d: %w", b.ImportID, err)
		}
	}
	return w.flush(ctx)
}

// updateSQLs caches the UPDATE text per set of changed columns.
var updateSQLs sync.Map // uint64 → string

// updateSQL returns the UPDATE that turns before into after, writing only
// the columns that differ (and updated_at): an unchanged indexed column then
// costs no index upkeep.
func updateSQL(before, after *leadport.Lead) (string, []any) {
	bc, ac := before.Columns(), after.Columns()
	var mask uint64
	args := make([]any, 0, 8)
	for i := range ac {
		if *ac[i] != *bc[i] {
			mask |= 1 << i
			args = append(args, *ac[i])
		}
	}
	const typeBit, nameKeyBit = 1 << 62, 1 << 63
	if after.Type != before.Type {
		mask |= typeBit
		args = append(args, string(after.Type))
	}
	if after.NameKey != before.NameKey {
		mask |= nameKeyBit
		args = append(args, after.NameKey)
	}
	args = append(args, after.UpdatedAt.UnixMicro(), after.ID)
	if q, ok := updateSQLs.Load(mask); ok {
		return q.(string), args
	}
	var b strings.Builder
	b.WriteString("UPDATE leads SET ")
	n := 0
	set := func(col string) {
		n++
		fmt.Fprintf(&b, "%s = $%d, ", col, n)
	}
	for i, col := range leadport.CardColumns {
		if mask&(1<<i) != 0 {
			set(col)
		}
	}
	if mask&typeBit != 0 {
		set("type")
	}
	if mask&nameKeyBit != 0 {
		set("name_key")
	}
	fmt.Fprintf(&b, "updated_at = $%d WHERE id = $%d", n+1, n+2)
	q := b.String()
	updateSQLs.Store(mask, q)
	return q, args
}

// journalLead is a lead's Before as the journal keeps it: what a batch may
// change. Not its visibility, which only FinalizeImport changes: a revert
// must not hide again a lead whose own import was finalized since.
type journalLead struct {
	Type      leadport.LeadType `json:"type"`
	Columns   []string          `json:"columns"` // leadport.CardColumns order
	NameKey   string            `json:"name_key"`
	UpdatedAt int64             `json:"updated_at"` // unix µs
}

func encodeJournal(l *leadport.Lead) (string, error) {
	j := journalLead{Type: l.Type, NameKey: l.NameKey, UpdatedAt: l.UpdatedAt.UnixMicro(),
		Columns: make([]string, len(leadport.CardColumns))}
	for i, p := range l.Columns() {
		j.Columns[i] = *p
	}
	b, err := json.Marshal(&j)
	if err != nil {
		return "", fmt.Errorf("journal lead %d: %w", l.ID, err)
	}
	return string(b), nil
}

// RevertImport undoes a finished or failed import that is not finalized, in
// one transaction.
func (s *Store) RevertImport(ctx context.Context, importID int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		imp, err := s.importFrom(ctx, tx, importID)
		if err != nil {
			return err
		}
		switch {
		case imp.Finalized:
			return leadport.Errorf(leadport.ECONFLICT, "Import %d is finalized; it can no longer be reverted.", importID)
		case imp.Status != leadport.StatusFinished && imp.Status != leadport.StatusFailed:
			return leadport.Errorf(leadport.ECONFLICT, "Import %d cannot be reverted while it is %s.", importID, imp.Status)
		}
		if err := restoreJournal(ctx, tx, importID); err != nil {
			return err
		}
		// Without an index on import_id, the first three scan their tables:
		// a revert is rare, while the index would be paid on every insert.
		created := "SELECT id FROM leads WHERE import_id = $1"
		for _, q := range []string{
			"DELETE FROM vehicles WHERE import_id = $1",
			"DELETE FROM notes WHERE import_id = $1",
			"DELETE FROM links WHERE import_id = $1",
			"DELETE FROM vehicles WHERE lead_id IN (" + created + ")",
			"DELETE FROM notes WHERE lead_id IN (" + created + ")",
			"DELETE FROM links WHERE a IN (" + created + ")",
			"DELETE FROM links WHERE b IN (" + created + ")",
			"DELETE FROM leads WHERE import_id = $1",
			"DELETE FROM import_journal WHERE import_id = $1",
			"UPDATE imports SET status = 'reverted', lease_until = NULL WHERE id = $1",
		} {
			if _, err := tx.ExecContext(ctx, q, importID); err != nil {
				return fmt.Errorf("revert import %d: %w", importID, err)
			}
		}
		return nil
	})
}

// restoreJournal gives every lead the import changed its journaled Before.
func restoreJournal(ctx context.Context, tx *sql.Tx, importID int64) error {
	var q strings.Builder
	q.WriteString("UPDATE leads SET type = $1, name_key = $2, updated_at = $3")
	for i, col := range leadport.CardColumns {
		fmt.Fprintf(&q, ", %s = $%d", col, 4+i)
	}
	fmt.Fprintf(&q, " WHERE id = $%d", 4+len(leadport.CardColumns))
	restore, err := tx.PrepareContext(ctx, q.String())
	if err != nil {
		return fmt.Errorf("revert import %d: %w", importID, err)
	}
	defer restore.Close()

	type entry struct {
		id     int64
		before string
	}
	var after int64
	for {
		rows, err := tx.QueryContext(ctx, "SELECT lead_id, before FROM import_journal WHERE import_id = $1 AND lead_id > $2 ORDER BY lead_id LIMIT 500", importID, after)
		if err != nil {
			return fmt.Errorf("read import %d journal: %w", importID, err)
		}
		var page []entry
		for rows.Next() {
			var e entry
			if err := rows.Scan(&e.id, &e.before); err != nil {
				rows.Close()
				return fmt.Errorf("read import %d journal: %w", importID, err)
			}
			page = append(page, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("read import %d journal: %w", importID, err)
		}
		if len(page) == 0 {
			return nil
		}
		for _, e := range page {
			var j journalLead
			if err := json.Unmarshal([]byte(e.before), &j); err != nil {
				return fmt.Errorf("import %d journal of lead %d: %w", importID, e.id, err)
			}
			args := make([]any, 0, 4+len(leadport.CardColumns))
			args = append(args, string(j.Type), j.NameKey, j.UpdatedAt)
			for i := range leadport.CardColumns {
				v := ""
				if i < len(j.Columns) {
					v = j.Columns[i]
				}
				args = append(args, v)
			}
			args = append(args, e.id)
			if _, err := restore.ExecContext(ctx, args...); err != nil {
				return fmt.Errorf("restore lead %d: %w", e.id, err)
			}
		}
		after = page[len(page)-1].id
	}
}

// sqliteWriter writes through the driver connection itself, below
// database/sql: its statements are prepared once per connection and reused
// by every batch, and arguments go to the driver without database/sql's
// per-call conversion. On a batch of ten thousand rows both add up.
type sqliteWriter struct {
	conn  driver.Conn
	stmts *stmtCache
	rows  []any // one chunk of rows, as the table's row function fills them
	args  []driver.NamedValue
}

// stmtCache holds the prepared statements of the one SQLite write
// connection.
type stmtCache struct {
	mu   sync.Mutex // held for a whole batch
	conn driver.Conn
	m    map[string]driver.Stmt
}

// maxCachedStmts bounds the cache: update statements vary with the set of
// changed columns, inserts with the set of non-empty ones.
const maxCachedStmts = 1000

// reset empties the cache for conn. The statements of the same connection
// are closed; those of another, which database/sql has closed, are dropped:
// they cannot be used without their connection.
func (c *stmtCache) reset(conn driver.Conn) {
	if c.conn == conn {
		for _, st := range c.m {
			st.Close()
		}
	}
	c.conn, c.m = conn, map[string]driver.Stmt{}
}

// applyBatchSQLite runs the batch in one transaction on the write
// connection, through the driver.
func (s *Store) applyBatchSQLite(ctx context.Context, b *leadport.Batch) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("apply batch: %w", err)
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		c := dc.(driver.Conn)
		s.stmts.mu.Lock()
		defer s.stmts.mu.Unlock()
		if s.stmts.conn != c || len(s.stmts.m) > maxCachedStmts {
			s.stmts.reset(c)
		}
		tx, err := c.(driver.ConnBeginTx).BeginTx(ctx, driver.TxOptions{})
		if err != nil {
			return fmt.Errorf("begin: %w", err)
		}
		w := &sqliteWriter{conn: c, stmts: &s.stmts}
		if err := s.applyBatch(ctx, w, b); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("commit: %w", err)
		}
		return nil
	})
}

// sqliteRowsPerInsert is the number of rows of one multi-row INSERT: past a
// few dozen rows the gain flattens, and it keeps under SQLite's 32766
// parameters.
const sqliteRowsPerInsert = 64

func (w *sqliteWriter) stmt(ctx context.Context, q string) (driver.StmtExecContext, error) {
	st, ok := w.stmts.m[q]
	if !ok {
		var err error
		st, err = w.conn.(driver.ConnPrepareContext).PrepareContext(ctx, q)
		if err != nil {
			return nil, err
		}
		w.stmts.m[q] = st
	}
	return st.(driver.StmtExecContext), nil
}

func (w *sqliteWriter) exec(ctx context.Context, q string, args ...any) (int64, error) {
	st, err := w.stmt(ctx, q)
	if err != nil {
		return 0, err
	}
	w.args = w.args[:0]
	for i, a := range args {
		v, err := driver.DefaultParameterConverter.ConvertValue(a)
		if err != nil {
			return 0, err
		}
		w.args = append(w.args, driver.NamedValue{Ordinal: i + 1, Value: v})
	}
	res, err := st.ExecContext(ctx, w.args)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (w *sqliteWriter) queue(ctx context.Context, q string, args ...any) error {
	_, err := w.exec(ctx, q, args...)
	return err
}

// insert writes the rows in multi-row INSERTs. A column that is empty in
// every row of a statement is left out, to take its default: an import maps
// a dozen of the thirty card columns, and binding a value is a good part of
// the cost of a row.
func (w *sqliteWriter) insert(ctx context.Context, t *table, n int, row func(i int, dst []any)) error {
	nc := len(t.cols)
	if cap(w.rows) < sqliteRowsPerInsert*nc {
		w.rows = make([]any, sqliteRowsPerInsert*nc)
	}
	for i := 0; i < n; {
		k := min(sqliteRowsPerInsert, n-i)
		rows := w.rows[:k*nc]
		for j := range k {
			row(i+j, rows[j*nc:(j+1)*nc])
		}
		keep := ^t.omittable
		for c := range nc {
			if keep&(1<<c) != 0 {
				continue
			}
			for j := range k {
				if v := rows[j*nc+c]; v != nil && v != "" {
					keep |= 1 << c
					break
				}
			}
		}
		st, err := w.stmt(ctx, t.insertSQL(k, keep))
		if err != nil {
			return err
		}
		w.args = w.args[:0]
		for j := range k {
			for c, v := range rows[j*nc : (j+1)*nc] {
				if keep&(1<<c) != 0 {
					w.args = append(w.args, driver.NamedValue{Ordinal: len(w.args) + 1, Value: v})
				}
			}
		}
		if _, err := st.ExecContext(ctx, w.args); err != nil {
			return err
		}
		i += k
	}
	clear(w.rows)
	return nil
}

// update runs one UPDATE per lead, of the columns that change only: an
// indexed column left alone costs SQLite no index upkeep.
func (w *sqliteWriter) update(ctx context.Context, importID int64, ups []leadport.LeadUpdate) error {
	for _, u := range ups {
		q, args := updateSQL(u.Before, u.After)
		if _, err := w.exec(ctx, q, args...); err != nil {
			return fmt.Errorf("update lead %d: %w", u.After.ID, err)
		}
		before, err := encodeJournal(u.Before)
		if err != nil {
			return err
		}
		if _, err := w.exec(ctx, insertJournal, importID, u.After.ID, before); err != nil {
			return fmt.Errorf("journal lead %d: %w", u.After.ID, err)
		}
	}
	return nil
}

func (w *sqliteWriter) flush(context.Context) error { return nil }

// pgWriter writes through a pgx transaction: bulk rows with COPY, other
// statements pipelined in one round trip per flush.
type pgWriter struct {
	tx    pgx.Tx
	batch pgx.Batch
	args  []any
}

func (w *pgWriter) exec(ctx context.Context, q string, args ...any) (int64, error) {
	if err := w.flush(ctx); err != nil {
		return 0, err
	}
	tag, err := w.tx.Exec(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

func (w *pgWriter) queue(_ context.Context, q string, args ...any) error {
	w.batch.Queue(q, args...)
	return nil
}

func (w *pgWriter) flush(ctx context.Context) error {
	if w.batch.Len() == 0 {
		return nil
	}
	err := w.tx.SendBatch(ctx, &w.batch).Close()
	w.batch = pgx.Batch{}
	return err
}

func (w *pgWriter) insert(ctx context.Context, t *table, n int, row func(i int, dst []any)) error {
	if err := w.flush(ctx); err != nil {
		return err
	}
	if cap(w.args) < len(t.cols) {
		w.args = make([]any, len(t.cols))
	}
	src := &copySource{n: n, i: -1, row: row, dst: w.args[:len(t.cols)]}
	_, err := w.tx.CopyFrom(ctx, pgx.Identifier{t.name}, t.cols, src)
	return err
}

// pgUpdateColumns are the columns a batch may change, as pgWriter.update
// copies them.
var pgUpdateColumns = append(append([]string{"id", "type"}, leadport.CardColumns...), "name_key", "updated_at")

// pgUpdateSQL sets every column of pgUpdateColumns from the staging table.
var pgUpdateSQL = func() string {
	var b strings.Builder
	b.WriteString("UPDATE leads l SET ")
	for i, c := range pgUpdateColumns[1:] {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s = u.%s", c, c)
	}
	b.WriteString(" FROM lead_updates u WHERE l.id = u.id")
	return b.String()
}()

// pgStagingSQL creates, once per connection, the temporary tables update
// copies into; their rows last until the end of the transaction.
var pgStagingSQL = func() string {
	var b strings.Builder
	b.WriteString("CREATE TEMP TABLE IF NOT EXISTS lead_updates (id bigint PRIMARY KEY, type text")
	for _, c := range pgUpdateColumns[2:] {
		t := "text"
		if c == "updated_at" {
			t = "bigint"
		}
		fmt.Fprintf(&b, ", %s %s", c, t)
	}
	b.WriteString(") ON COMMIT DELETE ROWS")
	return b.String()
}()

// update copies the final state of each lead, and the first Before of each,
// into temporary tables, and applies them with one UPDATE and one INSERT:
// on PostgreSQL every UPDATE writes a whole new row version anyway, so
// writing every column costs nothing, while a statement per lead costs a
// round of parse, plan and execute each.
func (w *pgWriter) update(ctx context.Context, importID int64, ups []leadport.LeadUpdate) error {
	if err := w.flush(ctx); err != nil {
		return err
	}
	last := make(map[int64]*leadport.Lead, len(ups))
	var order []int64
	var journal [][]any
	for _, u := range ups {
		id := u.After.ID
		if _, seen := last[id]; !seen {
			order = append(order, id)
			before, err := encodeJournal(u.Before)
			if err != nil {
				return err
			}
			journal = append(journal, []any{importID, id, before})
		}
		last[id] = u.After
	}
	for _, q := range []string{pgStagingSQL, "CREATE TEMP TABLE IF NOT EXISTS journal_staging (import_id bigint, lead_id bigint, before text) ON COMMIT DELETE ROWS"} {
		if _, err := w.tx.Exec(ctx, q); err != nil {
			return fmt.Errorf("staging tables: %w", err)
		}
	}
	nc := len(leadport.CardColumns)
	_, err := w.tx.CopyFrom(ctx, pgx.Identifier{"lead_updates"}, pgUpdateColumns, &copySource{n: len(order), i: -1, dst: make([]any, len(pgUpdateColumns)),
		row: func(i int, dst []any) {
			l := last[order[i]]
			dst[0], dst[1] = l.ID, string(l.Type)
			for j, p := range l.Columns() {
				dst[2+j] = *p
			}
			dst[2+nc], dst[3+nc] = l.NameKey, l.UpdatedAt.UnixMicro()
		}})
	if err != nil {
		return fmt.Errorf("stage lead updates: %w", err)
	}
	if _, err := w.tx.Exec(ctx, pgUpdateSQL); err != nil {
		return fmt.Errorf("update leads: %w", err)
	}
	if _, err := w.tx.CopyFrom(ctx, pgx.Identifier{"journal_staging"}, []string{"import_id", "lead_id", "before"}, pgx.CopyFromRows(journal)); err != nil {
		return fmt.Errorf("stage journal: %w", err)
	}
	_, err = w.tx.Exec(ctx, `INSERT INTO import_journal (import_id, lead_id, before) SELECT import_id, lead_id, before FROM journal_staging
		ON CONFLICT (import_id, lead_id) DO NOTHING`)
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	// The staging rows go at commit; a later update in the same batch is
	// not possible, but clear them for one anyway.
	_, err = w.tx.Exec(ctx, "TRUNCATE lead_updates, journal_staging")
	return err
}

// copySource feeds COPY one row at a time from a row function; pgx encodes
// each row before asking for the next, so one slice serves them all.
type copySource struct {
	n, i int
	row  func(i int, dst []any)
	dst  []any
}

func (c *copySource) Next() bool { c.i++; return c.i < c.n }

func (c *copySource) Values() ([]any, error) {
	c.row(c.i, c.dst)
	return c.dst, nil
}

func (c *copySource) Err() error { return nil }
