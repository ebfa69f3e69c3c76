package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/leadport/leadport"
)

// leadColumnNames is every column of leads, in the order leadRow writes
// them.
var leadColumnNames = append(append([]string{"id", "account_id", "type", "import_id"},
	leadport.CardColumns...), "name_key", "created_at", "updated_at")

// leadColumnsOf is what scanLead reads of a lead of alias a ("leads." or
// "l."): its columns, with, after import_id, the owner of its import while
// that import is not finalized (visibility.go).
func leadColumnsOf(a string) string {
	cols := make([]string, 0, len(leadColumnNames)+1)
	for i, c := range leadColumnNames {
		cols = append(cols, a+c)
		if i == 3 {
			cols = append(cols, pendingOwnerSQL(a))
		}
	}
	return strings.Join(cols, ", ")
}

// leadColumns is leadColumnsOf a lead "FROM leads", not aliased.
var leadColumns = leadColumnsOf("leads.")

type scanner interface{ Scan(...any) error }

// leadScan holds what scanLead reads that is not stored in the Lead as is.
type leadScan struct {
	importID, visibleTo sql.NullInt64
	created, updated    int64
}

// dest appends to dst where each column of leadColumnsOf goes.
func (x *leadScan) dest(l *leadport.Lead, dst []any) []any {
	dst = append(dst, &l.ID, &l.AccountID, &l.Type, &x.importID, &x.visibleTo)
	for _, p := range l.Columns() {
		dst = append(dst, p)
	}
	return append(dst, &l.NameKey, &x.created, &x.updated)
}

// fill stores in l what dest read apart.
func (x *leadScan) fill(l *leadport.Lead) {
	l.ImportID, l.VisibleTo = x.importID.Int64, x.visibleTo.Int64
	l.CreatedAt, l.UpdatedAt = fromMicros(x.created), fromMicros(x.updated)
}

func scanLead(sc scanner) (*leadport.Lead, error) {
	l := new(leadport.Lead)
	var x leadScan
	if err := sc.Scan(x.dest(l, make([]any, 0, len(leadColumnNames)+1))...); err != nil {
		return nil, err
	}
	x.fill(l)
	return l, nil
}

// leadRow fills dst with l's values in leadColumnNames order, for a lead
// created by importID (0: by no import).
func leadRow(l *leadport.Lead, importID int64, dst []any) {
	dst[0], dst[1], dst[2], dst[3] = l.ID, l.AccountID, string(l.Type), nullID(importID)
	for i, p := range l.Columns() {
		dst[4+i] = *p
	}
	n := 4 + len(leadport.CardColumns)
	dst[n], dst[n+1], dst[n+2] = l.NameKey, l.CreatedAt.UnixMicro(), l.UpdatedAt.UnixMicro()
}

// ScanMatchKeys streams what matching needs of every lead the viewer sees,
// by ascending ID, with the viewer's pending changesets laid over them.
//
// The leads and the viewer's changesets are read by two queries, both in
// lead order, and joined as they stream: a changeset is read once, and no
// lead is looked up one by one.
func (s *Store) ScanMatchKeys(ctx context.Context, v leadport.Viewer, fn func(leadport.MatchKeys) error) error {
	changes, stop, err := s.streamChanges(ctx, v)
	if err != nil {
		return err
	}
	defer stop()
	// "+account_id": scan the table in id order rather than an index on the
	// account followed by a sort of a million rows.
	rows, err := s.imp.QueryContext(ctx, `SELECT id, first_name, last_name, name_key, phone_home, phone_home_ext, phone_mobile, phone_mobile_ext,
		phone_work, phone_work_ext, email_home, email_work, updated_at
		FROM leads WHERE +account_id = $1 AND `+visibleSQL("", "$2")+` ORDER BY id`, v.AccountID, v.UserID)
	if err != nil {
		return fmt.Errorf("scan match keys: %w", err)
	}
	defer rows.Close()
	var l leadport.Lead
	var updated int64
	next, ok := changes()
	for rows.Next() {
		if err := rows.Scan(&l.ID, &l.FirstName, &l.LastName, &l.NameKey, &l.PhoneHome, &l.PhoneHomeExt, &l.PhoneMobile, &l.PhoneMobileExt,
			&l.PhoneWork, &l.PhoneWorkExt, &l.EmailHome, &l.EmailWork, &updated); err != nil {
			return fmt.Errorf("scan match keys: %w", err)
		}
		l.UpdatedAt = fromMicros(updated)
		for ok && next.leadID < l.ID { // a changeset of a lead the viewer no longer sees
			next, ok = changes()
		}
		for ok && next.leadID == l.ID {
			mergeChange(&l, &next, func(int) {}, nil)
			next, ok = changes()
		}
		k := leadport.MatchKeys{ID: l.ID, NameKey: l.NameKey, Phones: [3]string{l.PhoneHome, l.PhoneMobile, l.PhoneWork},
			Emails: [2]string{l.EmailHome, l.EmailWork}, UpdatedAt: l.UpdatedAt}
		if err := fn(k); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("scan match keys: %w", err)
	}
	return stop()
}

// streamChanges reads the viewer's changesets of the account in lead order,
// then import order, beside the read of the leads. next returns the next
// one, or false at the end; stop ends the read and returns its error.
func (s *Store) streamChanges(ctx context.Context, v leadport.Viewer) (next func() (change, bool), stop func() error, err error) {
	rows, err := s.imp.QueryContext(ctx, "SELECT "+changeColumns+" FROM lead_changes WHERE owner_id = $1 AND account_id = $2 ORDER BY lead_id, import_id",
		v.UserID, v.AccountID)
	if err != nil {
		return nil, nil, fmt.Errorf("select changesets: %w", err)
	}
	var serr error
	next = func() (change, bool) {
		if serr != nil || !rows.Next() {
			return change{}, false
		}
		c, err := scanChange(rows)
		if err != nil {
			serr = err
			return change{}, false
		}
		return c, true
	}
	stop = func() error {
		rows.Close()
		if serr == nil {
			serr = rows.Err()
		}
		if serr != nil {
			return fmt.Errorf("select changesets: %w", serr)
		}
		return nil
	}
	return next, stop, nil
}

// maxIn is the most IDs put in one "IN (…)" list.
const maxIn = 500

// leadsByIDSQL selects n leads by ID ($3…) for the viewer $2 of account
// $1. "+account_id" keeps SQLite on the primary key: without statistics it
// takes an equality on an indexed column for a few rows and would walk the
// whole account's index instead, for every batch of a Merge.
func leadsByIDSQL(n int) string {
	return "SELECT " + leadColumns + " FROM leads WHERE id IN (" + placeholders(3, n) + ") AND +account_id = $1 AND " + visibleSQL("", "$2")
}

// LeadsByID returns the leads among ids that the viewer sees, as the viewer
// sees them, with their vehicles, without notes.
func (s *Store) LeadsByID(ctx context.Context, v leadport.Viewer, ids []int64) ([]*leadport.Lead, error) {
	out := make([]*leadport.Lead, 0, len(ids))
	for len(ids) > 0 {
		chunk := ids[:min(maxIn, len(ids))]
		ids = ids[len(chunk):]
		leads, err := s.queryLeads(ctx, s.imp, leadsByIDSQL(len(chunk)), append([]any{v.AccountID, v.UserID}, int64Args(chunk)...)...)
		if err != nil {
			return nil, err
		}
		if err := s.fillChildren(ctx, s.imp, v, leads, ""); err != nil {
			return nil, err
		}
		if err := s.overlay(ctx, s.imp, v, leads); err != nil {
			return nil, err
		}
		out = append(out, leads...)
	}
	return out, nil
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func (s *Store) queryLeads(ctx context.Context, q querier, query string, args ...any) ([]*leadport.Lead, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("select leads: %w", err)
	}
	defer rows.Close()
	var leads []*leadport.Lead
	for rows.Next() {
		l, err := scanLead(rows)
		if err != nil {
			return nil, fmt.Errorf("select leads: %w", err)
		}
		leads = append(leads, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("select leads: %w", err)
	}
	return leads, nil
}

// fillChildren loads the vehicles of leads that the viewer sees and, unless
// noteOrder is "", their notes in that order and their associated IDs
// (ascending), with one query per kind.
func (s *Store) fillChildren(ctx context.Context, q *reader, v leadport.Viewer, leads []*leadport.Lead, noteOrder string) error {
	if len(leads) == 0 {
		return nil
	}
	byID := make(map[int64]*leadport.Lead, len(leads))
	lo, hi := leads[0].ID, leads[0].ID
	for _, l := range leads {
		byID[l.ID] = l
		lo, hi = min(lo, l.ID), max(hi, l.ID)
	}
	// The children of a dense run of leads (a page of an export) are found
	// by range, those of scattered ones by list; either way children of
	// leads not asked for are skipped. $1 is the viewer.
	var in func(col string) string
	args := []any{v.UserID}
	if hi-lo < 4*int64(len(leads)) {
		in = func(col string) string { return col + " BETWEEN $2 AND $3" }
		args = append(args, lo, hi)
	} else {
		list := placeholders(2, len(leads))
		in = func(col string) string { return col + " IN (" + list + ")" }
		for _, l := range leads {
			args = append(args, l.ID)
		}
	}
	rows, err := q.QueryContext(ctx, `SELECT id, lead_id, COALESCE(import_id, 0), kind, make, model, trim, year, vin, odometer, `+pendingSQL("")+`
		FROM vehicles WHERE `+in("lead_id")+" AND "+visibleSQL("", "$1")+" ORDER BY id", args...)
	if err != nil {
		return fmt.Errorf("select vehicles: %w", err)
	}
	for rows.Next() {
		var v leadport.Vehicle
		if err := rows.Scan(&v.ID, &v.LeadID, &v.ImportID, &v.Kind, &v.Make, &v.Model, &v.Trim, &v.Year, &v.VIN, &v.Odometer, &v.Pending); err != nil {
			rows.Close()
			return fmt.Errorf("select vehicles: %w", err)
		}
		if l := byID[v.LeadID]; l != nil {
			l.Vehicles = append(l.Vehicles, v)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("select vehicles: %w", err)
	}
	if noteOrder == "" {
		return nil
	}
	if err := s.fillNotes(ctx, q, byID, in("n.lead_id")+" AND "+visibleSQL("n.", "$1")+" ORDER BY "+noteOrder, args...); err != nil {
		return err
	}
	// An association is named only if the viewer sees the link and the lead
	// at its other end.
	rows, err = q.QueryContext(ctx, `SELECT k.a, k.b, COALESCE(k.import_id, 0), `+pendingSQL("k.")+` FROM links k JOIN leads o ON o.id = k.b
		WHERE `+in("k.a")+" AND "+visibleSQL("k.", "$1")+" AND "+visibleSQL("o.", "$1")+`
		UNION ALL SELECT k.b, k.a, COALESCE(k.import_id, 0), `+pendingSQL("k.")+` FROM links k JOIN leads o ON o.id = k.a
		WHERE `+in("k.b")+" AND "+visibleSQL("k.", "$1")+" AND "+visibleSQL("o.", "$1")+" ORDER BY 1, 2", args...)
	if err != nil {
		return fmt.Errorf("select links: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var a, b, imp int64
		var pending bool
		if err := rows.Scan(&a, &b, &imp, &pending); err != nil {
			return fmt.Errorf("select links: %w", err)
		}
		if l := byID[a]; l != nil {
			l.Associated = append(l.Associated, b)
			if pending {
				if l.PendingLinks == nil {
					l.PendingLinks = make(map[int64]int64)
				}
				l.PendingLinks[b] = imp
			}
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("select links: %w", err)
	}
	return nil
}

func (s *Store) fillNotes(ctx context.Context, q *reader, byID map[int64]*leadport.Lead, where string, args ...any) error {
	rows, err := q.QueryContext(ctx, `SELECT n.id, n.lead_id, COALESCE(n.import_id, 0), COALESCE(n.author_id, 0), COALESCE(u.name, ''),
		n.body, n.created_at, `+pendingSQL("n.")+` FROM notes n LEFT JOIN users u ON u.id = n.author_id WHERE `+where, args...)
	if err != nil {
		return fmt.Errorf("select notes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var n leadport.Note
		var created int64
		if err := rows.Scan(&n.ID, &n.LeadID, &n.ImportID, &n.AuthorID, &n.Author, &n.Body, &created, &n.Pending); err != nil {
			return fmt.Errorf("select notes: %w", err)
		}
		n.CreatedAt = fromMicros(created)
		if l := byID[n.LeadID]; l != nil {
			l.Notes = append(l.Notes, n)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("select notes: %w", err)
	}
	return nil
}

// Lead returns one lead as the viewer sees it, with vehicles, notes (oldest
// first) and associated IDs; ENOTFOUND if the viewer does not see it.
func (s *Store) Lead(ctx context.Context, v leadport.Viewer, id int64) (*leadport.Lead, error) {
	l, err := scanLead(s.read.QueryRowContext(ctx, "SELECT "+leadColumns+" FROM leads WHERE id = $1 AND account_id = $2 AND "+visibleSQL("", "$3"),
		id, v.AccountID, v.UserID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, leadport.Errorf(leadport.ENOTFOUND, "Customer card %d does not exist.", id)
	} else if err != nil {
		return nil, fmt.Errorf("select lead %d: %w", id, err)
	}
	leads := []*leadport.Lead{l}
	if err := s.fillChildren(ctx, s.read, v, leads, "n.created_at, n.id"); err != nil {
		return nil, err
	}
	if err := s.overlay(ctx, s.read, v, leads); err != nil {
		return nil, err
	}
	return l, nil
}

// where builds the WHERE clause of a LeadFilter for the viewer.
//
// The search terms are written so that each can use its partial index: a
// partial index is used only when the query repeats its condition
// (col <> ”), and an OR across columns becomes a union of index lookups.
// The leads a term finds are then looked up one by one on the account's
// index (account_id, id, import_id), which holds all that the account and
// visibility conditions read: not in the table, a wide row each. Each term
// also finds the leads whose value the viewer's own pending changesets
// fill.
//
// byID says the caller walks the leads by ascending ID (an export): then,
// with no search term, the primary key is the walk, not the account's index
// (which would need a sort of the whole account for every page).
func (s *Store) where(v leadport.Viewer, f leadport.LeadFilter, byID bool) (string, []any) {
	var conds []string
	args := []any{v.UserID}
	const viewer = "$1"
	arg := func(x any) string {
		args = append(args, x)
		return fmt.Sprintf("$%d", len(args))
	}
	// own finds, among the viewer's changesets, those that fill col with a
	// value cond selects, on col's partial index (migration 00010).
	own := func(col, cond string) string {
		return fmt.Sprintf(" UNION ALL SELECT lead_id FROM lead_changes WHERE %[1]s %[2]s AND %[1]s <> '' AND +owner_id = %[3]s", col, cond, viewer)
	}
	// ownName is the same for a part of the name, of the changesets that
	// fill a name: those that do not leave the lead's own name, which the
	// leads' indexes find.
	ownName := func(part, cond string) string {
		return fmt.Sprintf(" UNION ALL SELECT lead_id FROM lead_changes WHERE %s %s AND (first_name <> '' OR last_name <> '') AND +owner_id = %s", part, cond, viewer)
	}
	var subs []string // each selects the IDs one search term finds
	if f.Phone != "" {
		p := arg(f.Phone)
		subs = append(subs, fmt.Sprintf(`SELECT id FROM leads WHERE phone_home = %[1]s AND phone_home <> ''
			UNION ALL SELECT id FROM leads WHERE phone_mobile = %[1]s AND phone_mobile <> ''
			UNION ALL SELECT id FROM leads WHERE phone_work = %[1]s AND phone_work <> ''`, p)+
			own("phone_home", "= "+p)+own("phone_mobile", "= "+p)+own("phone_work", "= "+p))
	}
	if f.Email != "" {
		e := arg(f.Email)
		subs = append(subs, fmt.Sprintf(`SELECT id FROM leads WHERE email_home = %[1]s AND email_home <> ''
			UNION ALL SELECT id FROM leads WHERE email_work = %[1]s AND email_work <> ''`, e)+
			own("email_home", "= "+e)+own("email_work", "= "+e))
	}
	if f.NameKey != "" {
		first, _, _ := strings.Cut(f.NameKey, "|")
		p1, key := arg(first), arg(f.NameKey)
		subs = append(subs, fmt.Sprintf("SELECT id FROM leads WHERE %s = %s AND name_key <> '' AND name_key = %s", s.d.namePart1, p1, key)+
			ownName(s.d.namePart1, "= "+p1+" AND name_key = "+key))
	}
	// nameRange finds the names with a part that starts with the
	// parameters' prefix (lo ≤ part < hi).
	nameRange := func(lo, hi string) string {
		r := func(part string) string { return fmt.Sprintf(">= %s AND %s < %s", lo, part, hi) }
		return fmt.Sprintf(`SELECT id FROM leads WHERE %[1]s %[3]s AND name_key <> ''
			UNION ALL SELECT id FROM leads WHERE %[2]s %[4]s AND name_key <> ''`, s.d.namePart1, s.d.namePart2, r(s.d.namePart1), r(s.d.namePart2)) +
			ownName(s.d.namePart1, r(s.d.namePart1)) + ownName(s.d.namePart2, r(s.d.namePart2))
	}
	if f.NameFold != "" {
		subs = append(subs, nameRange(arg(f.NameFold), arg(f.NameFold+"\U0010FFFF")))
	}
	for _, w := range f.NameWords {
		lo, hi := arg(w), arg(w+"\U0010FFFF")
		subs = append(subs, nameRange(lo, hi)+
			fmt.Sprintf(" UNION ALL SELECT lead_id FROM lead_words WHERE account_id = %s AND word >= %s AND word < %s", arg(v.AccountID), lo, hi))
	}
	var terms []string
	if len(subs) > 0 {
		terms = append(terms, s.d.idIn(subs))
	}
	if f.ImportID != 0 && len(terms) == 0 {
		terms = append(terms, "import_id = "+arg(f.ImportID))
	} else if f.ImportID != 0 {
		conds = append(conds, "+import_id = "+arg(f.ImportID))
	}
	if byID && f.ImportID == 0 {
		conds = append(conds, "+account_id = "+arg(v.AccountID))
	} else {
		conds = append(conds, "account_id = "+arg(v.AccountID))
	}
	conds = append(conds, terms...)
	conds = append(conds, visibleSQL("", viewer))
	switch len(f.Types) {
	case 0:
	case 1: // in index order: no sort
		conds = append(conds, "type = "+arg(string(f.Types[0])))
	default:
		ph := make([]string, len(f.Types))
		for i, t := range f.Types {
			ph[i] = arg(string(t))
		}
		conds = append(conds, "type IN ("+strings.Join(ph, ", ")+")")
	}
	return strings.Join(conds, " AND "), args
}

// SearchLeads returns one page of the leads the viewer sees, newest first,
// and how many the filter finds.
func (s *Store) SearchLeads(ctx context.Context, v leadport.Viewer, f leadport.LeadFilter) ([]*leadport.Lead, int, error) {
	where, args := s.where(v, f, false)
	var n int
	if err := s.read.QueryRowContext(ctx, countSQL(where, f), args...).Scan(&n); err != nil {
		return nil, 0, fmt.Errorf("count leads: %w", err)
	}
	q := "SELECT " + leadColumns + " FROM leads WHERE id IN (" + pageSQL(where, f) + ") ORDER BY id DESC"
	leads, err := s.queryLeads(ctx, s.read, q, args...)
	if err != nil {
		return nil, 0, err
	}
	if f.Whole {
		if err := s.fillChildren(ctx, s.read, v, leads, "n.created_at, n.id"); err != nil {
			return nil, 0, err
		}
	}
	if err := s.overlay(ctx, s.read, v, leads); err != nil {
		return nil, 0, err
	}
	return leads, n, nil
}

// countSQL counts the leads where finds, up to f.CountCap+1.
func countSQL(where string, f leadport.LeadFilter) string {
	if f.CountCap > 0 {
		return fmt.Sprintf("SELECT count(*) FROM (SELECT 1 FROM leads WHERE %s LIMIT %d) c", where, f.CountCap+1)
	}
	return "SELECT count(*) FROM leads WHERE " + where
}

// pageSQL selects the IDs of a page of the leads where finds, newest first.
// The page is chosen on IDs alone, which the indexes cover (leads_account,
// leads_account_type), and only its leads are then read whole.
func pageSQL(where string, f leadport.LeadFilter) string {
	page := "SELECT id FROM leads WHERE " + where + " ORDER BY id DESC"
	if f.Limit > 0 || f.Offset > 0 {
		limit := int64(f.Limit)
		if limit <= 0 {
			limit = math.MaxInt64
		}
		page += fmt.Sprintf(" LIMIT %d OFFSET %d", limit, max(f.Offset, 0))
	}
	return page
}

// exportPage is how many leads ExportLeads reads, with their children,
// per round of queries.
const exportPage = 500

// ExportLeads streams every lead the filter finds among those the viewer
// sees, as the viewer sees them, by ascending ID, with vehicles, notes and
// associated IDs. Leads are read a page at a time and their children with
// one query per kind and page.
func (s *Store) ExportLeads(ctx context.Context, v leadport.Viewer, f leadport.LeadFilter, fn func(*leadport.Lead) error) error {
	where, args := s.where(v, f, true)
	q := fmt.Sprintf("SELECT %s FROM leads WHERE %s AND id > $%d ORDER BY id LIMIT %d", leadColumns, where, len(args)+1, exportPage)
	var after int64
	for {
		leads, err := s.queryLeads(ctx, s.read, q, append(args, after)...)
		if err != nil {
			return err
		}
		if len(leads) == 0 {
			return nil
		}
		if err := s.fillChildren(ctx, s.read, v, leads, "n.id"); err != nil {
			return err
		}
		if err := s.overlay(ctx, s.read, v, leads); err != nil {
			return err
		}
		for _, l := range leads {
			if err := fn(l); err != nil {
				return err
			}
		}
		after = leads[len(leads)-1].ID
		if len(leads) < exportPage {
			return nil
		}
	}
}
