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
