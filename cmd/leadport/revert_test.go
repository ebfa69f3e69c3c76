package main

import (
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestRevert checks that reverting an import gives back the account's data
// exactly as it was: the export before the import equals the export after
// import + revert, byte for byte, for an import that changes existing leads,
// adds notes, vehicles and associations, and creates leads.
func TestRevert(t *testing.T) {
	for _, db := range databases(t) {
		t.Run(db.name, func(t *testing.T) {
			t.Parallel()
			c := newCLI(t, db.make(t))
			c.dealership()
			base := c.importJSON(owner.email, testdata("base.csv"), "create")
			c.ok("imports", "finalize", "--as", owner.email, strconv.FormatInt(base.ID, 10))

			exports := func() map[string]string {
				return map[string]string{
					"owner jsonl":    c.ok("leads", "export", "--as", owner.email),
					"director jsonl": c.ok("leads", "export", "--as", director.email),
					"owner csv":      c.ok("leads", "export", "--as", owner.email, "--format", "csv"),
				}
			}
			before := exports()

			for _, tt := range []struct {
				rule string
				want counters
			}{
				// update.csv: Côté merges into the first Côté (name, phone
				// and email) and takes the second one's mobile, which
				// associates them; Tremblay gets a city, a vehicle, a note
				// and a comment; Roy a work email and a city conflict;
				// Martin is new; Gagnon is new with three bad values.
				{"merge", counters{5, 2, 3, 1, 0, 4}},
				// Under Create every row is a new lead, associated with
				// its matches.
				{"create", counters{5, 5, 0, 3, 0, 3}},
			} {
				sum := c.importJSON(owner.email, testdata("update.csv"), tt.rule)
				if sum.counters() != tt.want {
					t.Errorf("%s: counters %+v, want %+v", tt.rule, sum.counters(), tt.want)
				}
				if after := exports(); cmp.Equal(before["owner jsonl"], after["owner jsonl"]) {
					t.Fatalf("%s: the import changed nothing", tt.rule)
				}
				id := strconv.FormatInt(sum.ID, 10)
				c.fails(1, "Only the owner of import "+id, "imports", "revert", "--as", director.email, id)
				c.ok("imports", "revert", "--as", owner.email, id)
				if got := decodeSummary(t, c.ok("imports", "show", "--as", owner.email, id, "--json")); got.Status != "reverted" {
					t.Errorf("%s: status after revert %q, want reverted", tt.rule, got.Status)
				}
				after := exports()
				for k := range before {
					if diff := cmp.Diff(before[k], after[k]); diff != "" {
						t.Errorf("%s: %s export after import + revert differs from before (-before +after):\n%s", tt.rule, k, diff)
					}
				}
				c.fails(1, "has already been reverted", "imports", "revert", "--as", owner.email, id)
				c.fails(1, "reverted", "imports", "finalize", "--as", owner.email, id)
			}
		})
	}
}
