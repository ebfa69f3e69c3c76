package main

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// TestPendingMergeExport: `leads export` of another user shows nothing of
// a Merge that is not finalized — not the values it filled, not its notes,
// vehicles or associations, not the lead it created — in JSON lines or CSV;
// the owner's shows all of it; `imports finalize` publishes it. Dependent
// imports are refused in the wrong order, naming the other import (SPEC §6).
func TestPendingMergeExport(t *testing.T) {
	for _, db := range databases(t) {
		t.Run(db.name, func(t *testing.T) {
			t.Parallel()
			c := newCLI(t, db.make(t))
			c.dealership()
			base := c.importJSON(owner.email, writeFile(t, "base.csv", "First name,Last name,Home phone\nJean,Côté,514-555-0101\n"), "create")
			c.ok("imports", "finalize", "--as", owner.email, strconv.FormatInt(base.ID, 10))
			before := c.export(manager.email)
			if len(before) != 1 {
				t.Fatalf("the manager exports %d leads, want 1", len(before))
			}

			merge := c.importJSON(owner.email, writeFile(t, "merge.csv", "First name,Last name,Home phone,City,Wanted make,Note\n"+
				"Jean,Côté,514-555-0101,Laval,Toyota,Rappeler\nMarie,Roy,819-555-0100,,,\n"), "merge")
			if merge.Merged != 1 || merge.Created != 1 {
				t.Fatalf("merge: %+v", merge)
			}
			id := strconv.FormatInt(merge.ID, 10)
			if got := c.export(manager.email); len(got) != 1 || got[0].City != "" || len(got[0].Vehicles) != 0 || len(got[0].Notes) != 0 {
				t.Errorf("the manager's export during the import: %+v", got)
			}
			csv := c.ok("leads", "export", "--as", manager.email, "--format", "csv")
			if strings.Contains(csv, "Laval") || strings.Contains(csv, "Roy") || strings.Contains(csv, "Rappeler") {
				t.Errorf("the manager's CSV export during the import:\n%s", csv)
			}
			mine := c.export(owner.email)
			if len(mine) != 2 || mine[0].City != "Laval" || len(mine[0].Vehicles) != 1 || len(mine[0].Notes) != 1 {
				t.Errorf("the owner's export: %+v", mine)
			}
			show := c.ok("imports", "show", "--as", owner.email, id)
			if !strings.Contains(show, "Leads changed  1") {
				t.Errorf("imports show:\n%s", show)
			}

			// A later import of the owner merges into the lead the
			// unfinalized one created: each must wait for the other.
			later := c.importJSON(owner.email, writeFile(t, "later.csv", "First name,Last name,Home phone,City\nMarie,Roy,819-555-0100,Gatineau\n"), "merge")
			if later.Merged != 1 {
				t.Fatalf("later import: %+v", later)
			}
			lid := strconv.FormatInt(later.ID, 10)
			c.fails(1, fmt.Sprintf("Revert import %d first", later.ID), "imports", "revert", "--as", owner.email, id)
			c.fails(1, fmt.Sprintf("Finalize import %d first", merge.ID), "imports", "finalize", "--as", owner.email, lid)

			out := c.ok("imports", "finalize", "--as", owner.email, id)
			if !strings.Contains(out, "the 1 leads it created and its changes to 1 existing leads") {
				t.Errorf("finalize says %q", out)
			}
			c.ok("imports", "finalize", "--as", owner.email, lid)
			got := c.export(manager.email)
			if len(got) != 2 || got[0].City != "Laval" || len(got[0].Vehicles) != 1 || got[1].City != "Gatineau" {
				t.Errorf("the manager's export after finalize: %+v", got)
			}
		})
	}
}
