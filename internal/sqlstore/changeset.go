package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/leadport/leadport"
)

// Changesets: what an unfinalized import did to leads it did not create
// (see migrations/*/00002_changesets.sql and visibility.go). This file
// writes them (ApplyBatch's side), publishes them (FinalizeImport) and
// discards them (RevertImport).

var changeSQLs sync.Map // "insert"/"add" + mask → statement

// insertChangeSQL returns the INSERT of a lead's first change by an import,
// of the filled columns only; it does nothing if the import's changeset
// already has the lead (addChangeSQL then adds to it).
func insertChangeSQL(c *change, accountID, ownerID int64) (string, []any) {
	mask, vals := changeMask(c)
	args := append([]any{c.importID, c.leadID, accountID, ownerID}, vals...)
	args = append(args, c.nameKey, c.updatedAt)
	key := "insert" + strconv.FormatUint(mask, 16)
	if q, ok := changeSQLs.Load(key); ok {
		return q.(string), args
	}
	names := []string{"import_id", "lead_id", "account_id", "owner_id"}
	for i, col := range leadport.CardColumns {
		if mask&(1<<i) != 0 {
			names = append(names, col)
		}
	}
	names = append(names, "name_key", "updated_at")
	q := fmt.Sprintf("INSERT INTO lead_changes (%s) VALUES (%s) ON CONFLICT (import_id, lead_id) DO NOTHING",
		strings.Join(names, ", "), placeholders(1, len(names)))
	changeSQLs.Store(key, q)
	return q, args
}

// addChangeSQL returns the UPDATE that adds a later change of the same
// import to its changeset row: only columns the import had not filled (its
// later batches see those filled) are set.
func addChangeSQL(c *change) (string, []any) {
	mask, args := changeMask(c)
	args = append(args, c.nameKey, c.updatedAt, c.importID, c.leadID)
	key := "add" + strconv.FormatUint(mask, 16)
	if q, ok := changeSQLs.Load(key); ok {
		return q.(string), args
	}
	var b strings.Builder
	b.WriteString("UPDATE lead_changes SET ")
	n := 0
	for i, col := range leadport.CardColumns {
		if mask&(1<<i) != 0 {
			n++
			fmt.Fprintf(&b, "%s = $%d, ", col, n)
		}
	}
	fmt.Fprintf(&b, "name_key = $%d, updated_at = $%d WHERE import_id = $%d AND lead_id = $%d", n+1, n+2, n+3, n+4)
	changeSQLs.Store(key, b.String())
	return b.String(), args
}

func changeMask(c *change) (uint64, []any) {
	var mask uint64
	var vals []any
	for i, v := range c.cols {
		if v != "" {
			mask |= 1 << i
			vals = append(vals, v)
		}
	}
	return mask, vals
}

// finalizeChunk is how many changed leads FinalizeImport reads, merges and
// writes at a time, inside its one transaction.
const finalizeChunk = 2000

// FinalizeImport publishes a finished import in one transaction.
//
// It starts with the conditional transition of the import's status: of a
// finalize and a revert running together, on any number of instances,
// exactly one changes the row (SQLite: BEGIN IMMEDIATE serialises them;
// PostgreSQL: the second waits on the row lock, then finds the condition
// false) and the other gets ECONFLICT.
//
// The leads it created and its notes, vehicles and links become visible to
// the account with the import's status (visibility.go): not one of their
// rows is written. Its changeset is applied, a chunk of leads at a time, onto
// the leads as they are now, by mergeChange: the merging is done in Go, the
// writes are batched. Readers are not blocked (SQLite WAL, PostgreSQL MVCC):
// they see the import's changes all at once, at the commit.
func (s *Store) FinalizeImport(ctx context.Context, importID int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE imports SET finalized = true, finalized_at = $1 WHERE id = $2 AND status = 'finished' AND NOT finalized",
			now().UnixMicro(), importID)
		if err != nil {
			return fmt.Errorf("finalize import %d: %w", importID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return s.whyNot(ctx, tx, importID, "finalized")
		}
		imp, err := s.importFrom(ctx, tx, importID)
		if err != nil {
			return err
		}
		if err := dependsOn(ctx, tx, imp); err != nil {
			return err
		}
		lines, err := s.applyChanges(ctx, tx, imp)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE imports SET notes = notes + $1 WHERE id = $2", lines, importID); err != nil {
			return fmt.Errorf("finalize import %d: %w", importID, err)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM lead_changes WHERE import_id = $1", importID); err != nil {
			return fmt.Errorf("finalize import %d: %w", importID, err)
		}
		return nil
	})
}

// whyNot explains why the conditional status change of import id to
// "finalized" or "reverted" changed nothing.
func (s *Store) whyNot(ctx context.Context, tx *sql.Tx, id int64, to string) error {
	imp, err := s.importFrom(ctx, tx, id)
	if err != nil {
		return err
	}
	switch {
	case imp.Finalized && to == "finalized":
		return leadport.Errorf(leadport.ECONFLICT, "Import %d is already finalized.", id)
	case imp.Finalized:
		return leadport.Errorf(leadport.ECONFLICT, "Import %d is finalized: its leads belong to the dealership now and it cannot be reverted.", id)
	case imp.Status == leadport.StatusReverted:
		return leadport.Errorf(leadport.ECONFLICT, "Import %d has been reverted: it can no longer be %s.", id, to)
	case to == "finalized":
		return leadport.Errorf(leadport.ECONFLICT, "Import %d can be finalized only once it has finished; it is %s.", id, imp.Status)
	}
	return leadport.Errorf(leadport.ECONFLICT, "Import %d cannot be reverted while it is %s.", id, imp.Status)
}

// touchedSQL selects the leads import $1 changed without creating them:
// its changeset and the leads of its notes and vehicles. An association
// changes no lead's data (SPEC §1): a link to a lead of another import that
// is not finalized makes no dependency. Finalized, it names the lead only
// to those who see it (visibility.go); reverting the other import removes
// it with the lead.
const touchedSQL = `SELECT lead_id FROM lead_changes WHERE import_id = $1
	UNION SELECT lead_id FROM notes WHERE import_id = $1
	UNION SELECT lead_id FROM vehicles WHERE import_id = $1`

// dependsOn refuses to finalize imp while it changed a lead that another
// import, not finalized yet, created: that import must be finalized first
// (SPEC §6, dependent imports).
func dependsOn(ctx context.Context, tx *sql.Tx, imp *leadport.Import) error {
	var dep sql.NullInt64
	var status sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT i.id, i.status FROM imports i WHERE i.id = (SELECT min(l.import_id) FROM leads l
		WHERE l.import_id <> $1 AND `+pendingSQL("l.")+` AND l.id IN (`+touchedSQL+`))`, imp.ID).Scan(&dep, &status)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return fmt.Errorf("check the imports %d depends on: %w", imp.ID, err)
	}
	if status.String == leadport.StatusFailed {
		return leadport.Errorf(leadport.ECONFLICT, "Import %d changed leads that import %d created, and import %d failed: it can never be finalized. Revert import %d first, then import %d.",
			imp.ID, dep.Int64, dep.Int64, imp.ID, dep.Int64)
	}
	return leadport.Errorf(leadport.ECONFLICT, "Import %d changed leads that import %d created, which is not finalized yet. Finalize import %d first.",
		imp.ID, dep.Int64, dep.Int64)
}

// dependents refuses to revert imp while a later import that is neither
// finalized nor reverted changed a lead imp created (its changeset, a note
// or a vehicle; not a link, see touchedSQL): reverting imp would remove what
// that import's changes stand on (SPEC §6, dependent imports).
func dependents(ctx context.Context, tx *sql.Tx, imp *leadport.Import) error {
	var dep sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT min(x.import_id) FROM (
		SELECT c.import_id FROM lead_changes c JOIN leads l ON l.id = c.lead_id WHERE l.import_id = $1
		UNION SELECT n.import_id FROM notes n JOIN leads l ON l.id = n.lead_id WHERE l.import_id = $1 AND n.import_id <> $1
		UNION SELECT v.import_id FROM vehicles v JOIN leads l ON l.id = v.lead_id WHERE l.import_id = $1 AND v.import_id <> $1
	) x JOIN imports i ON i.id = x.import_id WHERE NOT i.finalized AND i.status <> 'reverted'`, imp.ID).Scan(&dep)
	if err != nil {
		return fmt.Errorf("check the imports that depend on import %d: %w", imp.ID, err)
	}
	if dep.Valid {
		return leadport.Errorf(leadport.ECONFLICT, "Import %d changed leads that import %d created. Revert import %d first.",
			dep.Int64, imp.ID, dep.Int64)
	}
	return nil
}

// applyChanges applies imp's changeset onto the leads as they are now and
// returns the number of "[import]" lines written.
func (s *Store) applyChanges(ctx context.Context, tx *sql.Tx, imp *leadport.Import) (int64, error) {
	names, err := userNames(ctx, tx, imp.AccountID)
	if err != nil {
		return 0, err
	}
	name := func(id string) string {
		if n, ok := names[id]; ok {
			return n
		}
		return id
	}
	w := s.newLeadWriter(tx)
	defer w.close()
	var lines int64
	var after int64
	var n int
	var reading, writing time.Duration
	start := time.Now()
	defer func() {
		s.logger.Info("finalize: changeset applied", "import", imp.ID, "leads", n, "took", time.Since(start), "reading", reading, "writing", writing)
	}()
	for {
		t0 := time.Now()
		changes, leads, last, err := s.readChangedLeads(ctx, tx, imp.ID, after)
		if err != nil {
			return 0, err
		}
		reading += time.Since(t0)
		if last == 0 {
			return lines, nil
		}
		after = last
		n += len(changes)
		var ups []leadport.LeadUpdate
		var notes []leadport.Note
		at := now()
		for i := range changes {
			c, l := &changes[i], leads[i]
			before := *l
			took := false
			ls := mergeChange(l, c, func(int) { took = true }, name)
			if took || !l.UpdatedAt.Equal(before.UpdatedAt) {
				ups = append(ups, leadport.LeadUpdate{Before: &before, After: l})
			}
			if len(ls) > 0 {
				notes = append(notes, leadport.Note{LeadID: l.ID, ImportID: imp.ID, AuthorID: imp.OwnerID, Body: strings.Join(ls, "\n"), CreatedAt: at})
				lines += int64(len(ls))
			}
		}
		t0 = time.Now()
		if err := w.update(ctx, ups); err != nil {
			return 0, err
		}
		var renamed []*leadport.Lead
		for _, u := range ups {
			if u.Before.FirstName != u.After.FirstName || u.Before.LastName != u.After.LastName {
				renamed = append(renamed, u.After)
			}
		}
		if err := s.indexNameWords(ctx, tx, renamed, true); err != nil {
			return 0, err
		}
		if err := insertNotes(ctx, tx, notes); err != nil {
			return 0, err
		}
		writing += time.Since(t0)
	}
}

// readChangedLeads reads the next chunk of import importID's changeset
// after lead ID after, with each changed lead as it is now. A lead removed
// meanwhile has nothing to publish onto: its change is skipped.
//
// Two queries, each by a primary key: joined in one, PostgreSQL chose to
// hash the whole leads table for every chunk.
//
// last is the lead ID of the chunk's last change, where the next chunk
// starts; 0 at the end.
func (s *Store) readChangedLeads(ctx context.Context, tx *sql.Tx, importID, after int64) (changes []change, leads []*leadport.Lead, last int64, err error) {
	rows, err := tx.QueryContext(ctx, "SELECT "+changeColumns+" FROM lead_changes WHERE import_id = $1 AND lead_id > $2 ORDER BY lead_id LIMIT "+
		strconv.Itoa(finalizeChunk), importID, after)
	if err != nil {
		return nil, nil, 0, fmt.Errorf("read import %d changeset: %w", importID, err)
	}
	defer rows.Close()
	for rows.Next() {
		c, err := scanChange(rows)
		if err != nil {
			return nil, nil, 0, fmt.Errorf("read import %d changeset: %w", importID, err)
		}
		changes = append(changes, c)
	}
	if err := rows.Err(); err != nil || len(changes) == 0 {
		return nil, nil, 0, err
	}
	last = changes[len(changes)-1].leadID
	ids := make([]int64, len(changes))
	for i := range changes {
		ids[i] = changes[i].leadID
	}
	leads, err = s.queryLeads(ctx, tx, "SELECT "+leadColumns+" FROM leads WHERE id IN ("+placeholders(1, len(ids))+") ORDER BY id", int64Args(ids)...)
	if err != nil {
		return nil, nil, 0, err
	}
	// Both are in lead order: pair them, dropping the changes of removed
	// leads.
	kept := changes[:0]
	for i, j := 0, 0; i < len(changes) && j < len(leads); i++ {
		if changes[i].leadID == leads[j].ID {
			kept = append(kept, changes[i])
			j++
		}
	}
	return kept, leads, last, nil
}

func userNames(ctx context.Context, tx *sql.Tx, accountID int64) (map[string]string, error) {
	rows, err := tx.QueryContext(ctx, "SELECT id, name FROM users WHERE account_id = $1", accountID)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	names := make(map[string]string)
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, fmt.Errorf("list users: %w", err)
		}
		names[strconv.FormatInt(id, 10)] = name
	}
	return names, rows.Err()
}

// insertNotes writes published notes (visible to the account) in multi-row
// INSERTs.
func insertNotes(ctx context.Context, tx *sql.Tx, notes []leadport.Note) error {
	const perInsert = 200
	for len(notes) > 0 {
		chunk := notes[:min(perInsert, len(notes))]
		notes = notes[len(chunk):]
		var b strings.Builder
		b.WriteString("INSERT INTO notes (lead_id, import_id, author_id, body, created_at) VALUES ")
		args := make([]any, 0, 5*len(chunk))
		for i, n := range chunk {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "(%s)", placeholders(len(args)+1, 5))
			args = append(args, n.LeadID, n.ImportID, nullID(n.AuthorID), n.Body, n.CreatedAt.UnixMicro())
		}
		if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
			return fmt.Errorf("insert notes: %w", err)
		}
	}
	return nil
}

// leadWriter writes leads in place inside a transaction: on SQLite one
// prepared UPDATE per lead of the columns that change (an unchanged indexed
// column costs no index upkeep), on PostgreSQL one UPDATE … FROM (VALUES …)
// per chunk (every UPDATE writes a whole row version there anyway).
type leadWriter struct {
	s     *Store
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

func (s *Store) newLeadWriter(tx *sql.Tx) *leadWriter {
	return &leadWriter{s: s, tx: tx, stmts: map[string]*sql.Stmt{}}
}

func (w *leadWriter) close() {
	for _, st := range w.stmts {
		st.Close()
	}
}

func (w *leadWriter) update(ctx context.Context, ups []leadport.LeadUpdate) error {
	if len(ups) == 0 {
		return nil
	}
	if w.s.d.name == "postgres" {
		return w.updatePostgres(ctx, ups)
	}
	for _, u := range ups {
		q, args := updateSQL(u.Before, u.After, false)
		st, ok := w.stmts[q]
		if !ok {
			var err error
			if st, err = w.tx.PrepareContext(ctx, q); err != nil {
				return fmt.Errorf("update lead %d: %w", u.After.ID, err)
			}
			w.stmts[q] = st
		}
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("update lead %d: %w", u.After.ID, err)
		}
	}
	return nil
}

// pgArrayUpdate updates leads from one array per column of
// pgUpdateColumns ($1…): one statement, with a fixed number of parameters,
// for any number of leads, where UPDATE … FROM (VALUES …) took 34
// parameters per lead and a statement per 500 of them.
var pgArrayUpdate = func() string {
	var set, arrays []string
	for i, c := range pgUpdateColumns {
		arrays = append(arrays, fmt.Sprintf("$%d::%s[]", i+1, pgColumnType(c)))
		if i > 0 {
			set = append(set, c+" = u."+c)
		}
	}
	return "UPDATE leads l SET " + strings.Join(set, ", ") + " FROM unnest(" + strings.Join(arrays, ", ") +
		") AS u(" + strings.Join(pgUpdateColumns, ", ") + ") WHERE l.id = u.id"
}()

func (w *leadWriter) updatePostgres(ctx context.Context, ups []leadport.LeadUpdate) error {
	nc := len(leadport.CardColumns)
	ids := make([]int64, len(ups))
	updated := make([]int64, len(ups))
	texts := make([][]string, nc+2) // type, the card's columns, name_key
	for i := range texts {
		texts[i] = make([]string, len(ups))
	}
	for i, u := range ups {
		l := u.After
		ids[i], updated[i] = l.ID, l.UpdatedAt.UnixMicro()
		texts[0][i] = string(l.Type)
		for j, p := range l.Columns() {
			texts[1+j][i] = *p
		}
		texts[nc+1][i] = l.NameKey
	}
	args := make([]any, 0, nc+4)
	args = append(args, ids)
	for _, t := range texts {
		args = append(args, t)
	}
	args = append(args, updated)
	if _, err := w.tx.ExecContext(ctx, pgArrayUpdate, args...); err != nil {
		return fmt.Errorf("update leads: %w", err)
	}
	return nil
}

// RevertImport discards a finished or failed import that is not finalized,
// in one transaction, starting with the conditional transition of its
// status (see FinalizeImport). Nothing it did was shared: its changeset is
// deleted, not undone, so reverts of several imports commute.
func (s *Store) RevertImport(ctx context.Context, importID int64) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE imports SET status = 'reverted', lease_until = NULL
			WHERE id = $1 AND status IN ('finished', 'failed') AND NOT finalized`, importID)
		if err != nil {
			return fmt.Errorf("revert import %d: %w", importID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return s.whyNot(ctx, tx, importID, "reverted")
		}
		imp, err := s.importFrom(ctx, tx, importID)
		if err != nil {
			return err
		}
		if err := dependents(ctx, tx, imp); err != nil {
			return err
		}
		// Without an index on import_id, the children's deletes by import
		// scan their tables: a revert is rare, while the index would be
		// paid on every insert.
		created := "SELECT id FROM leads WHERE import_id = $1"
		for _, q := range []string{
			"DELETE FROM lead_changes WHERE import_id = $1",
			"DELETE FROM vehicles WHERE import_id = $1",
			"DELETE FROM notes WHERE import_id = $1",
			"DELETE FROM links WHERE import_id = $1",
			"DELETE FROM vehicles WHERE lead_id IN (" + created + ")",
			"DELETE FROM notes WHERE lead_id IN (" + created + ")",
			"DELETE FROM links WHERE a IN (" + created + ")",
			"DELETE FROM links WHERE b IN (" + created + ")",
			"DELETE FROM lead_words WHERE lead_id IN (" + created + ")",
			"DELETE FROM lead_history WHERE lead_id IN (" + created + ")",
			"DELETE FROM leads WHERE import_id = $1",
		} {
			if _, err := tx.ExecContext(ctx, q, importID); err != nil {
				return fmt.Errorf("revert import %d: %w", importID, err)
			}
		}
		return nil
	})
}
