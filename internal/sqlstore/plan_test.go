package sqlstore_test

import (
	"context"
	"strings"
	"testing"

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
	rows, err := s.DB().QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+sqlstore.LeadsByIDSQL(n), args...)
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
	got := strings.Join(plan, "\n")
	if !strings.Contains(got, "SEARCH leads USING INTEGER PRIMARY KEY") {
		t.Errorf("LeadsByID does not read leads by their primary key:\n%s", got)
	}
}
