package sqlstore

import (
	"context"
	"database/sql/driver"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/normalize"
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
// lead_changes and lead_words are the searches' (never analyzed, a name
// search planned a full scan of leads, 48 ms on 50,000 leads rather than 4).
func (s *Store) analyzeIfStale(ctx context.Context, written int64) {
	n := s.unanalyzed.Add(written)
	if n < analyzeThreshold && s.analyzed.Load() {
		return
	}
	s.analyzed.Store(true)
	s.unanalyzed.Store(0)
	if _, err := s.db.ExecContext(ctx, "ANALYZE leads, vehicles, notes, links, lead_changes, lead_words"); err != nil && ctx.Err() == nil {
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
	// queryInt runs a query that returns one integer.
	queryInt(ctx context.Context, query string, args ...any) (int64, error)
	// update applies the updates, in order: a lead the import created is
	// updated in place, any other lead is left alone and what the update
	// filled goes into the import's changeset (ownerID's). It returns how
	// many leads entered the changeset.
	update(ctx context.Context, importID, ownerID int64, ups []leadport.LeadUpdate) (int64, error)
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
		append([]string{"import_id", "name_key"}, leadport.CardColumns...)...)
	vehiclesTable = newTable("vehicles", []string{"lead_id", "import_id", "kind", "make", "model", "trim", "year", "vin", "odometer"},
		"make", "model", "trim", "year", "vin", "odometer")
	notesTable  = newTable("notes", []string{"lead_id", "import_id", "author_id", "body", "created_at"}, "author_id")
	issuesTable = newTable("import_issues", []string{"import_id", "line", "column_name", "raw", "reason"})
	wordsTable  = newTable("lead_words", []string{"account_id", "word", "lead_id"})
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
	// Everything the batch writes carries the import, which hides it from
	// all but the owner until FinalizeImport (SPEC §6, visibility.go); the
	// changesets carry the owner.
	owner, err := w.queryInt(ctx, "SELECT owner_id FROM imports WHERE id = $1", b.ImportID)
	if err != nil {
		return fmt.Errorf("select import %d owner: %w", b.ImportID, err)
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
		added, err := w.update(ctx, b.ImportID, owner, b.Updates)
		if err != nil {
			return err
		}
		if added > 0 {
			if err := w.queue(ctx, "UPDATE imports SET leads_changed = leads_changed + $1 WHERE id = $2", added, b.ImportID); err != nil {
				return fmt.Errorf("count import %d changed leads: %w", b.ImportID, err)
			}
		}
	}
	if err := writeNameWords(ctx, w, b); err != nil {
		return err
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
			dst[0], dst[1], dst[2], dst[3], dst[4] = b.ImportID, issuePlace(is.Row, is.Line), is.Column, is.Raw, is.Reason
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

// writeNameWords keeps lead_words (the name words search finds that the
// name-part indexes cannot) for the batch's new leads and for the leads it
// created whose name it changed. Most names have no such word: a batch of them
// writes nothing.
func writeNameWords(ctx context.Context, w batchWriter, b *leadport.Batch) error {
	type row struct {
		account int64
		word    string
		lead    int64
	}
	var rows []row
	for _, l := range b.Creates {
		for _, x := range normalize.ExtraNameWords(l.FirstName, l.LastName) {
			rows = append(rows, row{l.AccountID, x, l.ID})
		}
	}
	for _, u := range b.Updates {
		if u.Before.FirstName == u.After.FirstName && u.Before.LastName == u.After.LastName {
			continue
		}
		if u.After.ImportID != b.ImportID {
			// A lead the import did not create keeps its words: the name
			// is in the changeset, seen by the owner alone, until
			// FinalizeImport indexes it.
			continue
		}
		if _, err := w.exec(ctx, "DELETE FROM lead_words WHERE lead_id = $1", u.After.ID); err != nil {
			return fmt.Errorf("delete name words of lead %d: %w", u.After.ID, err)
		}
		for _, x := range normalize.ExtraNameWords(u.After.FirstName, u.After.LastName) {
			rows = append(rows, row{u.After.AccountID, x, u.After.ID})
		}
	}
	if len(rows) == 0 {
		return nil
	}
	err := w.insert(ctx, wordsTable, len(rows), func(i int, dst []any) {
		dst[0], dst[1], dst[2] = rows[i].account, rows[i].word, rows[i].lead
	})
	if err != nil {
		return fmt.Errorf("insert name words: %w", err)
	}
	return nil
}

// updateSQLs caches the UPDATE text per set of changed columns.
var updateSQLs sync.Map // uint64 → string

// updateSQL returns the UPDATE that turns before into after, writing only
// the columns that differ (and updated_at): an unchanged indexed column then
// costs no index upkeep. With ownOf set, it changes the lead only if that
// import created it (its last parameter).
func updateSQL(before, after *leadport.Lead, ownOf bool) (string, []any) {
	bc, ac := before.Columns(), after.Columns()
	var mask uint64
	args := make([]any, 0, 8)
	for i := range ac {
		if *ac[i] != *bc[i] {
			mask |= 1 << i
			args = append(args, *ac[i])
		}
	}
	const ownBit, typeBit, nameKeyBit = 1 << 61, 1 << 62, 1 << 63
	if ownOf {
		mask |= ownBit
	}
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
	if ownOf {
		fmt.Fprintf(&b, " AND import_id = $%d", n+3)
	}
	q := b.String()
	updateSQLs.Store(mask, q)
	return q, args
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

// update runs one UPDATE per lead the import created, of the columns that
// change only (an indexed column left alone costs SQLite no index upkeep),
// and one changeset statement per other lead.
func (w *sqliteWriter) update(ctx context.Context, importID, ownerID int64, ups []leadport.LeadUpdate) (int64, error) {
	var added int64
	for _, u := range ups {
		q, args := updateSQL(u.Before, u.After, true)
		n, err := w.exec(ctx, q, append(args, importID)...)
		if err != nil {
			return 0, fmt.Errorf("update lead %d: %w", u.After.ID, err)
		}
		if n > 0 {
			continue
		}
		c := fills(importID, u.Before, u.After)
		q, args = insertChangeSQL(&c, u.After.AccountID, ownerID)
		if n, err = w.exec(ctx, q, args...); err != nil {
			return 0, fmt.Errorf("record the change of lead %d: %w", u.After.ID, err)
		}
		if n > 0 {
			added++
			continue
		}
		q, args = addChangeSQL(&c)
		if _, err := w.exec(ctx, q, args...); err != nil {
			return 0, fmt.Errorf("record the change of lead %d: %w", u.After.ID, err)
		}
	}
	return added, nil
}

func (w *sqliteWriter) queryInt(ctx context.Context, q string, args ...any) (int64, error) {
	named := make([]driver.NamedValue, len(args))
	for i, a := range args {
		named[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	rows, err := w.conn.(driver.QueryerContext).QueryContext(ctx, q, named)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	dest := make([]driver.Value, 1)
	if err := rows.Next(dest); err != nil {
		return 0, err
	}
	n, ok := dest[0].(int64)
	if !ok {
		return 0, fmt.Errorf("%q returned %T, not an integer", q, dest[0])
	}
	return n, nil
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
	b.WriteString(" FROM lead_updates u WHERE l.id = u.id AND l.import_id = $1")
	return b.String()
}()

// pgStagingSQL creates the temporary table update copies the leads the
// import created into (pgChangeStagingSQL, the one for its changesets).
var pgStagingSQL = pgTempTable("lead_updates", pgUpdateColumns)

// update copies the final state of each lead into a temporary table and
// updates, with one statement, those the import created; what the updates
// filled on the other leads is copied into another and merged into the
// changeset with one statement. On PostgreSQL every UPDATE writes a whole
// new row version anyway, so writing every column costs nothing, while a
// statement per lead costs a round of parse, plan and execute each.
func (w *pgWriter) update(ctx context.Context, importID, ownerID int64, ups []leadport.LeadUpdate) (int64, error) {
	if err := w.flush(ctx); err != nil {
		return 0, err
	}
	first := make(map[int64]*leadport.Lead, len(ups))
	last := make(map[int64]*leadport.Lead, len(ups))
	var order []int64
	for _, u := range ups {
		id := u.After.ID
		if _, seen := last[id]; !seen {
			order = append(order, id)
			first[id] = u.Before
		}
		last[id] = u.After
	}
	for _, q := range []string{pgStagingSQL, pgChangeStagingSQL} {
		if _, err := w.tx.Exec(ctx, q); err != nil {
			return 0, fmt.Errorf("staging tables: %w", err)
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
		return 0, fmt.Errorf("stage lead updates: %w", err)
	}
	if _, err := w.tx.Exec(ctx, pgUpdateSQL, importID); err != nil {
		return 0, fmt.Errorf("update leads: %w", err)
	}
	_, err = w.tx.CopyFrom(ctx, pgx.Identifier{"change_staging"}, pgChangeStagingColumns, &copySource{n: len(order), i: -1, dst: make([]any, len(pgChangeStagingColumns)),
		row: func(i int, dst []any) {
			id := order[i]
			c := fills(importID, first[id], last[id])
			dst[0], dst[1] = id, last[id].AccountID
			for j, v := range c.cols {
				dst[2+j] = v
			}
			dst[2+nc], dst[3+nc] = c.nameKey, c.updatedAt
		}})
	if err != nil {
		return 0, fmt.Errorf("stage changesets: %w", err)
	}
	var added int64
	err = w.tx.QueryRow(ctx, `SELECT count(*) FROM change_staging c
		WHERE NOT EXISTS (SELECT 1 FROM leads l WHERE l.id = c.lead_id AND l.import_id = $1)
		AND NOT EXISTS (SELECT 1 FROM lead_changes x WHERE x.import_id = $1 AND x.lead_id = c.lead_id)`, importID).Scan(&added)
	if err != nil {
		return 0, fmt.Errorf("count changed leads: %w", err)
	}
	if _, err := w.tx.Exec(ctx, pgMergeChangesSQL, importID, ownerID); err != nil {
		return 0, fmt.Errorf("record changesets: %w", err)
	}
	// The staging rows go at commit; clear them for a later update of the
	// same transaction anyway.
	_, err = w.tx.Exec(ctx, "TRUNCATE lead_updates, change_staging")
	return added, err
}

func (w *pgWriter) queryInt(ctx context.Context, q string, args ...any) (int64, error) {
	if err := w.flush(ctx); err != nil {
		return 0, err
	}
	var n int64
	err := w.tx.QueryRow(ctx, q, args...).Scan(&n)
	return n, err
}

// pgChangeStagingColumns are the columns of change_staging: a lead and what
// a batch filled on it.
var pgChangeStagingColumns = append(append([]string{"lead_id", "account_id"}, leadport.CardColumns...), "name_key", "updated_at")

var pgChangeStagingSQL = pgTempTable("change_staging", pgChangeStagingColumns)

// pgTempTable creates, once per connection, a temporary table of cols (the
// first the primary key) whose rows last until the end of the transaction.
func pgTempTable(name string, cols []string) string {
	defs := make([]string, len(cols))
	for i, c := range cols {
		defs[i] = c + " " + pgColumnType(c)
	}
	defs[0] += " PRIMARY KEY"
	return "CREATE TEMP TABLE IF NOT EXISTS " + name + " (" + strings.Join(defs, ", ") + ") ON COMMIT DELETE ROWS"
}

// pgColumnType is the PostgreSQL type of a column of leads or lead_changes
// as the staging tables and arrays carry it: IDs and times are bigint, the
// card's values text.
func pgColumnType(col string) string {
	switch col {
	case "id", "lead_id", "account_id", "updated_at":
		return "bigint"
	}
	return "text"
}

// pgMergeChangesSQL merges the staged fills of the leads the import ($1,
// owned by $2) did not create into its changeset: a column already filled
// keeps its value (a later batch never fills it again: it sees it filled).
var pgMergeChangesSQL = func() string {
	var b strings.Builder
	cols := strings.Join(pgChangeStagingColumns, ", ")
	fmt.Fprintf(&b, "INSERT INTO lead_changes (import_id, owner_id, %s) SELECT $1, $2, %s FROM change_staging c", cols, cols)
	b.WriteString(" WHERE NOT EXISTS (SELECT 1 FROM leads l WHERE l.id = c.lead_id AND l.import_id = $1)")
	b.WriteString(" ON CONFLICT (import_id, lead_id) DO UPDATE SET name_key = excluded.name_key, updated_at = excluded.updated_at")
	for _, c := range leadport.CardColumns {
		fmt.Fprintf(&b, ", %[1]s = CASE WHEN excluded.%[1]s <> '' THEN excluded.%[1]s ELSE lead_changes.%[1]s END", c)
	}
	return b.String()
}()

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
