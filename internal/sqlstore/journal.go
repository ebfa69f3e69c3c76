package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/normalize"
)

// journalLead is a lead's Before as versions before changesets kept it in
// import_journal: the whole row before an import first changed it in place.
type journalLead struct {
	Type      leadport.LeadType `json:"type"`
	Columns   []string          `json:"columns"` // leadport.CardColumns order
	NameKey   string            `json:"name_key"`
	UpdatedAt int64             `json:"updated_at"` // unix µs
}

// convertJournal brings a database written before changesets (migration
// 00002) to them, with its imports intact; it does nothing once the journal
// is empty, which is always the case after it ran.
//
// Those versions merged into shared leads in place and kept, per import and
// lead, the lead before the import first changed it. For every import that
// is neither finalized nor reverted:
//   - what it filled on each lead it did not create becomes its changeset:
//     the columns empty in its Before and filled in the next import's Before
//     of the same lead (or in the lead now, for the last one);
//   - the lead itself loses those values, so that nobody else sees them;
//   - its notes, vehicles and links carry the import already, which hides
//     them from all but its owner (visibility.go).
//
// Then the journal is emptied, in the same transaction. Finalized imports
// need nothing: their changes were published anyway.
func (s *Store) convertJournal(ctx context.Context) error {
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM (SELECT 1 FROM import_journal LIMIT 1) j").Scan(&n); err != nil {
		return fmt.Errorf("read the import journal: %w", err)
	}
	if n == 0 {
		return nil
	}
	s.logger.Info("converting unfinalized imports to changesets")
	return s.tx(ctx, func(tx *sql.Tx) error {
		// Several processes may start together on PostgreSQL: one converts,
		// the others then find the journal empty. (SQLite's BEGIN
		// IMMEDIATE already serialises them.)
		if s.d.name == "postgres" {
			if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", importLockBase-1); err != nil {
				return fmt.Errorf("convert journal: %w", err)
			}
		}
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM (SELECT 1 FROM import_journal LIMIT 1) j").Scan(&n); err != nil || n == 0 {
			return err
		}
		const pending = "SELECT id FROM imports WHERE NOT finalized AND status <> 'reverted'"
		owners := map[int64]int64{}
		rows, err := tx.QueryContext(ctx, "SELECT id, owner_id FROM imports WHERE NOT finalized AND status <> 'reverted'")
		if err != nil {
			return fmt.Errorf("convert journal: %w", err)
		}
		for rows.Next() {
			var id, owner int64
			if err := rows.Scan(&id, &owner); err != nil {
				rows.Close()
				return fmt.Errorf("convert journal: %w", err)
			}
			owners[id] = owner
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("convert journal: %w", err)
		}
		w := s.newLeadWriter(tx)
		defer w.close()
		var after int64
		for {
			ids, err := queryIDs(ctx, tx, `SELECT DISTINCT j.lead_id FROM import_journal j WHERE j.import_id IN (`+pending+`)
				AND j.lead_id > $1 ORDER BY j.lead_id LIMIT 500`, after)
			if err != nil {
				return fmt.Errorf("convert journal: %w", err)
			}
			if len(ids) == 0 {
				break
			}
			after = ids[len(ids)-1]
			if err := s.convertLeads(ctx, tx, w, owners, ids); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, "UPDATE imports SET leads_changed = (SELECT count(*) FROM lead_changes c WHERE c.import_id = imports.id) WHERE id IN ("+pending+")"); err != nil {
			return fmt.Errorf("convert journal: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM import_journal"); err != nil {
			return fmt.Errorf("convert journal: %w", err)
		}
		return nil
	})
}

// convertLeads converts the journal of the leads ids (see convertJournal).
func (s *Store) convertLeads(ctx context.Context, tx *sql.Tx, w *leadWriter, owners map[int64]int64, ids []int64) error {
	type entry struct {
		importID int64
		before   journalLead
	}
	journal := map[int64][]entry{}
	rows, err := tx.QueryContext(ctx, "SELECT import_id, lead_id, before FROM import_journal WHERE lead_id IN ("+placeholders(1, len(ids))+") ORDER BY lead_id, import_id", int64Args(ids)...)
	if err != nil {
		return fmt.Errorf("convert journal: %w", err)
	}
	for rows.Next() {
		var e entry
		var lead int64
		var before string
		if err := rows.Scan(&e.importID, &lead, &before); err != nil {
			rows.Close()
			return fmt.Errorf("convert journal: %w", err)
		}
		if err := json.Unmarshal([]byte(before), &e.before); err != nil {
			rows.Close()
			return fmt.Errorf("convert journal of lead %d: %w", lead, err)
		}
		journal[lead] = append(journal[lead], e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("convert journal: %w", err)
	}
	leads, err := s.queryLeads(ctx, tx, "SELECT "+leadColumns+" FROM leads WHERE id IN ("+placeholders(1, len(ids))+")", int64Args(ids)...)
	if err != nil {
		return err
	}
	var ups []leadport.LeadUpdate
	for _, l := range leads {
		now := *l
		base := *l
		cur := l.Columns()
		baseCols := base.Columns()
		es := journal[l.ID]
		restored := false
		for i, e := range es {
			owner, isPending := owners[e.importID]
			if !isPending || l.ImportID == e.importID {
				continue // published, or the import's own lead: in place is right
			}
			next := make([]string, nCard)
			for j, p := range cur {
				next[j] = *p
			}
			nextUpdated := now.UpdatedAt.UnixMicro()
			if i+1 < len(es) {
				copy(next, es[i+1].before.Columns)
				nextUpdated = es[i+1].before.UpdatedAt
			}
			c := change{importID: e.importID, leadID: l.ID, updatedAt: nextUpdated}
			for j := range c.cols {
				if j < len(e.before.Columns) && e.before.Columns[j] == "" && next[j] != "" {
					c.cols[j] = next[j]
					*baseCols[j] = ""
				}
			}
			c.nameKey = normalize.NameKey(pick(c.cols[colFirst], e.before.Columns, colFirst), pick(c.cols[colLast], e.before.Columns, colLast))
			q, args := insertChangeSQL(&c, l.AccountID, owner)
			if _, err := tx.ExecContext(ctx, q, args...); err != nil {
				return fmt.Errorf("convert journal of lead %d: %w", l.ID, err)
			}
			if !restored {
				base.UpdatedAt = fromMicros(e.before.UpdatedAt)
				restored = true
			}
		}
		if restored {
			base.NameKey = normalize.NameKey(base.FirstName, base.LastName)
			ups = append(ups, leadport.LeadUpdate{Before: &now, After: &base})
		}
	}
	return w.update(ctx, ups)
}

// pick returns v, or else the journaled column i.
func pick(v string, cols []string, i int) string {
	if v != "" || i >= len(cols) {
		return v
	}
	return cols[i]
}

func queryIDs(ctx context.Context, tx *sql.Tx, q string, args ...any) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
