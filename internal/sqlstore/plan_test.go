package sqlstore_test

import (
	"context"
	"strings"
	"testing"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/sqlstore"
	"github.com/leadport/leadport/internal/storetest"
)

// TestLeadsByIDPlan checks that SQLite reads the leads of a Merge batch by
// their primary key. Without statistics, it took "account_id = ?" on the
// account's index for a few rows and walked the whole account's index for
// every batch: a million-row Merge took three times as long.
func TestLeadsByIDPlan(t *testing.T) {
	s := storetest.OpenSQLiteStore(t)
	const n = 500 // a batch's chunk
	args := []any{1, 2}
	for i := range n {
		args = append(args, 10+i)
	}
	got := queryPlan(t, s, sqlstore.LeadsByIDSQL(n), args...)
	if !strings.Contains(got, "SEARCH leads USING INTEGER PRIMARY KEY") {
		t.Errorf("LeadsByID does not read leads by their primary key:\n%s", got)
	}
}

// TestListPagePlan checks that a page of a list, of all leads or of one
// module, is read from an index in the list's order: no sort of the
// account's leads for every page.
func TestListPagePlan(t *testing.T) {
	s := storetest.OpenSQLiteStore(t)
	v := leadport.Viewer{AccountID: 1, UserID: 2}
	for _, f := range []leadport.LeadFilter{
		{Limit: 50},
		{Limit: 50, Types: []leadport.LeadType{leadport.TypeEvent}},
	} {
		q, args := s.PageSQL(v, f)
		got := queryPlan(t, s, q, args...)
		if strings.Contains(got, "TEMP B-TREE") || !strings.Contains(got, "COVERING INDEX") {
			t.Errorf("page of %v: sorts or reads the table:\n%s", f.Types, got)
		}
	}
}

func queryPlan(t *testing.T, s *sqlstore.Store, q string, args ...any) string {
	t.Helper()
	rows, err := s.DB().QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(plan, "\n")
}

// TestSearchPlan checks that a search finds the leads whose value the
// searcher's pending changesets fill on the changesets' own indexes
// (migration 00010), not by reading every changeset of the searcher: during
// a large Merge each search read some 18,000 of them, twice.
func TestSearchPlan(t *testing.T) {
	s := storetest.OpenSQLiteStore(t)
	v := leadport.Viewer{AccountID: 1, UserID: 2}
	for _, c := range []struct {
		f       leadport.LeadFilter
		indexes []string
	}{
		{leadport.LeadFilter{Phone: "+15145550123"}, []string{"lead_changes_phone_home", "lead_changes_phone_mobile", "lead_changes_phone_work"}},
		{leadport.LeadFilter{Email: "marie@example.com"}, []string{"lead_changes_email_home", "lead_changes_email_work"}},
		{leadport.LeadFilter{NameWords: []string{"tremblay", "marie"}}, []string{"lead_changes_name_1", "lead_changes_name_2"}},
		{leadport.LeadFilter{Phone: "+15145550123", Types: []leadport.LeadType{leadport.TypeEvent}}, []string{"lead_changes_phone_home"}},
		{leadport.LeadFilter{NameWords: []string{"roy"}, Types: []leadport.LeadType{leadport.TypeEvent, leadport.TypePhone}}, []string{"lead_changes_name_1"}},
	} {
		c.f.Limit, c.f.CountCap = 50, 10000
		for _, q := range []func(leadport.Viewer, leadport.LeadFilter) (string, []any){s.PageSQL, s.CountSQL} {
			sql, args := q(v, c.f)
			got := queryPlan(t, s, sql, args...)
			for _, line := range strings.Split(got, "\n") {
				if strings.Contains(line, "lead_changes") && !strings.Contains(line, "lead_changes_phone") &&
					!strings.Contains(line, "lead_changes_email") && !strings.Contains(line, "lead_changes_name") {
					t.Errorf("%+v: a search reads the changesets otherwise than by their indexes of values: %s\n%s", c.f, line, got)
				}
				if strings.HasPrefix(line, "SCAN leads") || strings.HasPrefix(line, "SCAN lead_changes") {
					t.Errorf("%+v: a search scans a table: %s\n%s", c.f, line, got)
				}
				// The leads found are checked (account, visibility) on an
				// index of the account, one look-up each (covering unless
				// several types are asked for), not in the table (a wide
				// row read each: most of a common name's count) nor by
				// walking the account.
				if strings.HasPrefix(line, "SEARCH leads USING") && !strings.Contains(line, "leads_phone") &&
					!strings.Contains(line, "leads_email") && !strings.Contains(line, "leads_name") &&
					!(strings.Contains(line, "INDEX leads_account") && strings.HasSuffix(line, "id=?)")) {
					t.Errorf("%+v: the leads found are checked otherwise than on the account's index: %s\n%s", c.f, line, got)
				}
			}
			for _, ix := range c.indexes {
				if !strings.Contains(got, ix) {
					t.Errorf("%+v: %s is not used:\n%s", c.f, ix, got)
				}
			}
		}
	}
}

// TestPendingChangesPlan checks that the changesets laid over a page are
// looked up by owner and lead, not read by owner alone: during a Merge that
// read every changeset of the owner for every page.
func TestPendingChangesPlan(t *testing.T) {
	s := storetest.OpenSQLiteStore(t)
	args := []any{2, 1}
	for i := range 50 {
		args = append(args, 10+i)
	}
	got := queryPlan(t, s, s.PendingChangesSQL(50), args...)
	if !strings.Contains(got, "SEARCH lead_changes USING INDEX lead_changes_owner (owner_id=? AND lead_id=?)") {
		t.Errorf("the changesets of a page are not looked up by owner and lead:\n%s", got)
	}
}
