package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/normalize"
)

// UpdateLead applies a person's edit of one lead: the changed columns, the
// vehicles added, changed or removed, the name words, and the history
// lines, in one transaction, only if the lead is as e.Before was read: its
// row not changed since (the owner of an unfinalized import reads it with
// the import's pending changes over it, which are later than the row).
func (s *Store) UpdateLead(ctx context.Context, e *leadport.LeadEdit) error {
	b, a := e.Before, e.After
	at := now()
	if !at.After(b.UpdatedAt) {
		at = b.UpdatedAt.Add(time.Microsecond) // updated_at orders changes (SPEC §7's tie-break)
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		var set []string
		var args []any
		arg := func(v any) string {
			args = append(args, v)
			return fmt.Sprintf("$%d", len(args))
		}
		bc, ac := b.Columns(), a.Columns()
		for i, col := range leadport.CardColumns {
			if *bc[i] != *ac[i] {
				set = append(set, col+" = "+arg(*ac[i]))
			}
		}
		a.NameKey = normalize.NameKey(a.FirstName, a.LastName)
		set = append(set, "name_key = "+arg(a.NameKey), "updated_at = "+arg(at.UnixMicro()))
		q := "UPDATE leads SET " + strings.Join(set, ", ") + " WHERE id = " + arg(b.ID) + " AND updated_at <= " + arg(b.UpdatedAt.UnixMicro())
		res, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("update lead %d: %w", b.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var one int
			err := tx.QueryRowContext(ctx, "SELECT 1 FROM leads WHERE id = $1", b.ID).Scan(&one)
			if errors.Is(err, sql.ErrNoRows) {
				return leadport.Errorf(leadport.ENOTFOUND, "Customer card %d does not exist.", b.ID)
			}
			return leadport.Errorf(leadport.ECONFLICT, "Customer card %d was changed by someone else since you opened it: reload it and make your change again.", b.ID)
		}
		a.UpdatedAt = at

		if err := updateVehicles(ctx, tx, b, a); err != nil {
			return err
		}
		if a.FirstName != b.FirstName || a.LastName != b.LastName {
			if err := s.indexNameWords(ctx, tx, []*leadport.Lead{a}, true); err != nil {
				return err
			}
		}
		for i := range e.Changes {
			c := &e.Changes[i]
			c.LeadID, c.At = b.ID, at
			err := tx.QueryRowContext(ctx, `INSERT INTO lead_history (lead_id, user_id, at, field, old_value, new_value, note_id)
				VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, b.ID, nullID(c.UserID), at.UnixMicro(), c.Field, c.Old, c.New, nullID(c.NoteID)).Scan(&c.ID)
			if err != nil {
				return fmt.Errorf("insert history of lead %d: %w", b.ID, err)
			}
		}
		return nil
	})
}

func updateVehicles(ctx context.Context, tx *sql.Tx, b, a *leadport.Lead) error {
	kept := make(map[int64]bool)
	before := make(map[int64]leadport.Vehicle)
	for _, v := range b.Vehicles {
		before[v.ID] = v
	}
	for i := range a.Vehicles {
		v := &a.Vehicles[i]
		v.LeadID = a.ID
		old, ok := before[v.ID]
		switch {
		case v.ID == 0:
			err := tx.QueryRowContext(ctx, `INSERT INTO vehicles (lead_id, kind, make, model, trim, year, vin, odometer)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, a.ID, v.Kind, v.Make, v.Model, v.Trim, v.Year, v.VIN, v.Odometer).Scan(&v.ID)
			if err != nil {
				return fmt.Errorf("insert vehicle of lead %d: %w", a.ID, err)
			}
		case !ok:
			return leadport.Errorf(leadport.ENOTFOUND, "Vehicle %d is not on customer card %d.", v.ID, a.ID)
		case old != *v:
			_, err := tx.ExecContext(ctx, `UPDATE vehicles SET make = $1, model = $2, trim = $3, year = $4, vin = $5, odometer = $6
				WHERE id = $7 AND lead_id = $8`, v.Make, v.Model, v.Trim, v.Year, v.VIN, v.Odometer, v.ID, a.ID)
			if err != nil {
				return fmt.Errorf("update vehicle %d: %w", v.ID, err)
			}
		}
		kept[v.ID] = true
	}
	for id := range before {
		if !kept[id] {
			if _, err := tx.ExecContext(ctx, "DELETE FROM vehicles WHERE id = $1 AND lead_id = $2", id, a.ID); err != nil {
				return fmt.Errorf("delete vehicle %d: %w", id, err)
			}
		}
	}
	return nil
}

// indexNameWords writes the lead_words rows of leads (see the migration):
// only the words of compound names or of names missing a part, so that most
// leads write none. replace first deletes the leads' rows.
func (s *Store) indexNameWords(ctx context.Context, tx *sql.Tx, leads []*leadport.Lead, replace bool) error {
	for _, l := range leads {
		if replace {
			if _, err := tx.ExecContext(ctx, "DELETE FROM lead_words WHERE lead_id = $1", l.ID); err != nil {
				return fmt.Errorf("delete name words of lead %d: %w", l.ID, err)
			}
		}
		for _, w := range normalize.ExtraNameWords(l.FirstName, l.LastName) {
			if _, err := tx.ExecContext(ctx, "INSERT INTO lead_words (account_id, word, lead_id) VALUES ($1, $2, $3)", l.AccountID, w, l.ID); err != nil {
				return fmt.Errorf("insert name words of lead %d: %w", l.ID, err)
			}
		}
	}
	return nil
}

// LeadHistory returns the changes people made to a lead, oldest first.
func (s *Store) LeadHistory(ctx context.Context, leadID int64) ([]leadport.Change, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT h.id, h.lead_id, COALESCE(h.user_id, 0), COALESCE(u.name, ''), h.at, h.field,
		h.old_value, h.new_value, COALESCE(h.note_id, 0)
		FROM lead_history h LEFT JOIN users u ON u.id = h.user_id WHERE h.lead_id = $1 ORDER BY h.id`, leadID)
	if err != nil {
		return nil, fmt.Errorf("select history of lead %d: %w", leadID, err)
	}
	defer rows.Close()
	var out []leadport.Change
	for rows.Next() {
		var c leadport.Change
		var at int64
		if err := rows.Scan(&c.ID, &c.LeadID, &c.UserID, &c.User, &at, &c.Field, &c.Old, &c.New, &c.NoteID); err != nil {
			return nil, fmt.Errorf("select history of lead %d: %w", leadID, err)
		}
		c.At = fromMicros(at)
		out = append(out, c)
	}
	return out, rows.Err()
}
