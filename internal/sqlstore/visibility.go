package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/normalize"
)

// The visibility rule of SPEC §6, "nothing is shared before Finalize", in
// one place. Every read of leads goes through it:
//
//   - a row of leads, vehicles, notes or links carries the import that
//     wrote it (import_id; NULL if no import did). It is seen by a viewer
//     unless that import is hidden from them: not finalized, not reverted
//     (a revert deletes its rows), and owned by someone else: visibleSQL.
//     Finalizing an import thus publishes every row it wrote without
//     touching one of them, whoever finalizes it (its owner, or another
//     director once it is orphaned, SPEC §6);
//   - an associated lead is named only when the viewer sees the link and
//     the lead at its other end;
//   - the viewer's own pending changesets (lead_changes rows of their
//     imports that are neither finalized nor reverted: those are deleted)
//     are laid over the leads in import order, by the same Merge rules that
//     FinalizeImport will apply (mergeChange): the owner sees each lead as
//     finalizing would make it. Nobody else sees a changeset.
//
// The Store's read methods take a leadport.Viewer, so a read cannot forget
// whose eyes it reads with.

// visibleSQL is the condition on a row (alias "" or "x.") of leads,
// vehicles, notes or links for the viewer whose user ID is parameter p.
// The imports hidden from a viewer are few (the unfinalized imports of
// other users): both databases read them once per statement. Most of the
// time there are none, and then "NOT EXISTS", also computed once per
// statement, spares each row its look-up in the list: that was half the
// time of counting a list's 10,000 leads on SQLite.
func visibleSQL(alias, p string) string {
	hidden := "SELECT id FROM imports WHERE NOT finalized AND status <> 'reverted' AND owner_id <> " + p
	return "(" + alias + "import_id IS NULL OR NOT EXISTS (" + hidden + ") OR " + alias + "import_id NOT IN (" + hidden + "))"
}

// pendingSQL is true for a row (alias "" or "x.") written by an import that
// is not finalized yet: the card marks it.
func pendingSQL(alias string) string {
	return "(" + alias + "import_id IS NOT NULL AND " + alias + "import_id IN (SELECT id FROM imports WHERE NOT finalized))"
}

// pendingOwnerSQL is, for a lead (alias "x."), the owner of the import that
// created it while that import is not finalized, else NULL: who alone sees
// it (leadport.Lead.VisibleTo).
func pendingOwnerSQL(alias string) string {
	return "(SELECT i.owner_id FROM imports i WHERE i.id = " + alias + "import_id AND NOT i.finalized)"
}

// change is one lead_changes row: what one unfinalized import filled on one
// lead it did not create.
type change struct {
	importID, leadID int64
	cols             [nCard]string // leadport.CardColumns order; "" = not filled
	nameKey          string
	updatedAt        int64 // unix µs
}

const nCard = 30

// changeColumnsOf are the columns of lead_changes of alias a ("" or "c.")
// in the order scanChange reads them.
func changeColumnsOf(a string) string {
	cols := []string{a + "import_id", a + "lead_id"}
	for _, c := range leadport.CardColumns {
		cols = append(cols, a+c)
	}
	return strings.Join(append(cols, a+"name_key", a+"updated_at"), ", ")
}

var changeColumns = changeColumnsOf("")

// dest appends to dst where each column of changeColumnsOf goes.
func (c *change) dest(dst []any) []any {
	dst = append(dst, &c.importID, &c.leadID)
	for i := range c.cols {
		dst = append(dst, &c.cols[i])
	}
	return append(dst, &c.nameKey, &c.updatedAt)
}

func scanChange(sc scanner) (change, error) {
	var c change
	return c, sc.Scan(c.dest(make([]any, 0, nCard+4))...)
}

// scanChangedLead scans a change and then its lead (changeColumnsOf, then
// leadColumnsOf).
func scanChangedLead(sc scanner) (change, *leadport.Lead, error) {
	var c change
	l := new(leadport.Lead)
	var x leadScan
	dst := c.dest(make([]any, 0, 2*nCard+12))
	if err := sc.Scan(x.dest(l, dst)...); err != nil {
		return c, nil, err
	}
	x.fill(l)
	return c, l, nil
}

// pendingChangesSQL selects the changesets of the viewer $1 in account $2
// of n leads ($3…), by lead then import.
//
// Each lead's are looked up on (owner_id, lead_id), whatever the planner
// believes of the table: during a Merge, lead_changes grows by thousands of
// rows a second and its statistics are always behind. SQLite looks up every
// (owner, lead) pair of the IN list. PostgreSQL, told that the owner has a
// few changesets (statistics taken when the table was empty), read all of
// them and filtered the leads (5 to 9 ms a page during a Merge, against
// 0.2): there, a lateral subquery with OFFSET 0, which the planner cannot
// flatten, does one lookup per lead.
func (s *Store) pendingChangesSQL(n int) string {
	if s.d.name == "postgres" {
		return "SELECT c.* FROM unnest(ARRAY[" + placeholders(3, n) + "]::bigint[]) p(id), LATERAL (SELECT " + changeColumns +
			" FROM lead_changes WHERE owner_id = $1 AND lead_id = p.id AND account_id = $2 OFFSET 0) c ORDER BY c.lead_id, c.import_id"
	}
	return "SELECT " + changeColumns + " FROM lead_changes WHERE owner_id = $1 AND lead_id IN (" + placeholders(3, n) +
		") AND account_id = $2 ORDER BY lead_id, import_id"
}

// pendingChanges returns the viewer's changesets of the leads ids, by lead,
// each lead's in import order.
func (s *Store) pendingChanges(ctx context.Context, q querier, v leadport.Viewer, ids []int64) (map[int64][]change, error) {
	out := make(map[int64][]change)
	for len(ids) > 0 {
		chunk := ids[:min(maxIn, len(ids))]
		ids = ids[len(chunk):]
		rows, err := q.QueryContext(ctx, s.pendingChangesSQL(len(chunk)), append([]any{v.UserID, v.AccountID}, int64Args(chunk)...)...)
		if err != nil {
			return nil, fmt.Errorf("select changesets: %w", err)
		}
		for rows.Next() {
			c, err := scanChange(rows)
			if err != nil {
				rows.Close()
				return nil, fmt.Errorf("select changesets: %w", err)
			}
			out[c.leadID] = append(out[c.leadID], c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("select changesets: %w", err)
		}
	}
	return out, nil
}

// overlay lays the viewer's pending changesets over leads, as the viewer
// sees them, and marks what they fill in Lead.Pending.
func (s *Store) overlay(ctx context.Context, q *reader, v leadport.Viewer, leads []*leadport.Lead) error {
	if len(leads) == 0 {
		return nil
	}
	ids := make([]int64, len(leads))
	for i, l := range leads {
		ids[i] = l.ID
	}
	changes, err := s.pendingChanges(ctx, q, v, ids)
	if err != nil {
		return err
	}
	for _, l := range leads {
		for i := range changes[l.ID] {
			c := &changes[l.ID][i]
			mergeChange(l, c, func(col int) {
				if l.Pending == nil {
					l.Pending = make(map[string]int64)
				}
				l.Pending[leadport.CardColumns[col]] = c.importID
			}, nil)
		}
	}
	return nil
}

// Indexes into leadport.CardColumns that the Merge rules treat apart.
const (
	colFirst     = 0
	colLast      = 1
	colPhoneHome = 6 // phone_home, its extension, mobile, its extension, work, its extension
	colEmailHome = 12
	colEmailWork = 13
	colAdvisor   = 23
	colBDCAgent  = 24
)

// textColumn reports whether column i is compared as people read it: case,
// accents and punctuation do not make a conflict ("MONTREAL" = "Montréal"),
// as in the importer's Merge.
func textColumn(i int) bool {
	switch leadport.CardColumns[i] {
	case "first_name", "last_name", "business_name", "address_line1", "address_line2", "city", "source", "campaign", "comment":
		return true
	}
	return false
}

// mergeChange lays the values an import filled (c) onto l by the Merge rules
// of SPEC §7: an empty field takes the value; a field that holds another
// value keeps it and the import's value becomes an "[import]" line; a phone
// or email goes to its own slot if free, else to a free slot of its kind,
// else to a line. took is called with every column l took a value in; the
// lines are returned. name is how a user ID (advisor, BDC agent) reads in a
// line; nil leaves the ID.
//
// FinalizeImport applies it to the lead as it is at that moment and writes
// the lines as a note; the owner's reads apply it to the lead as it is now
// and drop the lines, so the owner sees what finalizing would publish.
func mergeChange(l *leadport.Lead, c *change, took func(col int), name func(id string) string) []string {
	var lines []string
	cols := l.Columns()
	line := func(i int, v string) {
		f, _ := leadport.FieldByKey(leadport.CardColumnField(i))
		if (i == colAdvisor || i == colBDCAgent) && name != nil {
			v = name(v)
		}
		lines = append(lines, "[import] "+f.LabelEN+": "+v)
	}
	for i, v := range c.cols {
		if v == "" || (i >= colPhoneHome && i <= colEmailWork) {
			continue
		}
		switch cur := *cols[i]; {
		case cur == "":
			*cols[i] = v
			took(i)
		case cur == v, textColumn(i) && normalize.Fold(cur) == normalize.Fold(v):
		default:
			line(i, v)
		}
	}
	if c.cols[colFirst] != "" || c.cols[colLast] != "" {
		l.NameKey = normalize.NameKey(l.FirstName, l.LastName)
	}

	phones := [3]*string{&l.PhoneHome, &l.PhoneMobile, &l.PhoneWork}
	exts := [3]*string{&l.PhoneHomeExt, &l.PhoneMobileExt, &l.PhoneWorkExt}
	for s := range 3 {
		numCol, extCol := colPhoneHome+2*s, colPhoneHome+2*s+1
		num, ext := c.cols[numCol], c.cols[extCol]
		if num == "" && ext == "" {
			continue
		}
		t := s // an extension alone was filled on the number in slot s
		if num != "" {
			t = leadport.SlotOf(phones[:], num)
		}
		if t < 0 {
			if t = leadport.FreeSlot(phones[:], s); t >= 0 {
				*phones[t], *exts[t] = num, ext
				took(colPhoneHome + 2*t)
				if ext != "" {
					took(colPhoneHome + 2*t + 1)
				}
			} else if ext != "" {
				line(numCol, num+" ext. "+ext)
			} else {
				line(numCol, num)
			}
			continue
		}
		switch {
		case ext == "" || ext == *exts[t]:
		case *exts[t] == "" && *phones[t] != "":
			*exts[t] = ext
			took(colPhoneHome + 2*t + 1)
		default:
			line(numCol, *phones[t]+" ext. "+ext)
		}
	}
	emails := [2]*string{&l.EmailHome, &l.EmailWork}
	for s := range 2 {
		addr := c.cols[colEmailHome+s]
		if addr == "" || leadport.SlotOf(emails[:], addr) >= 0 {
			continue
		}
		if t := leadport.FreeSlot(emails[:], s); t >= 0 {
			*emails[t] = addr
			took(colEmailHome + t)
			continue
		}
		line(colEmailHome+s, addr)
	}
	if c.updatedAt > l.UpdatedAt.UnixMicro() {
		l.UpdatedAt = fromMicros(c.updatedAt)
	}
	return lines
}

// fills returns the change that turns before into after: the card columns
// empty in before and filled in after (the Merge rules only ever fill).
func fills(importID int64, before, after *leadport.Lead) change {
	c := change{importID: importID, leadID: after.ID, nameKey: after.NameKey, updatedAt: after.UpdatedAt.UnixMicro()}
	bc, ac := before.Columns(), after.Columns()
	for i := range c.cols {
		if *bc[i] == "" {
			c.cols[i] = *ac[i]
		}
	}
	return c
}
