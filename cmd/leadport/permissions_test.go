package main

import (
	"encoding/json"
	"fmt"
	"strconv"
	"testing"
)

// TestPermissions runs every import action as every role (SPEC §6): only a
// director or BDC director with can_import imports and sees the Import
// module (and an admin sees it), only the owner finalizes or reverts, and a
// user of another account finds nothing of this one.
func TestPermissions(t *testing.T) {
	c := newCLI(t, t.TempDir()+"/leadport.db")
	c.dealership()
	sum := c.importJSON(owner.email, testdata("first_import.csv"), "create")
	id := strconv.FormatInt(sum.ID, 10)
	file := testdata("first_import.csv")

	actions := []struct {
		name string
		args func(as string) []string
	}{
		{"import", func(as string) []string {
			return []string{"import", "--as", as, "--file", file, "--type", "event", "--rule", "merge", "--json"}
		}},
		{"imports list", func(as string) []string { return []string{"imports", "list", "--as", as} }},
		{"imports show", func(as string) []string { return []string{"imports", "show", "--as", as, id} }},
		{"imports issues", func(as string) []string { return []string{"imports", "issues", "--as", as, id} }},
		{"imports finalize", func(as string) []string { return []string{"imports", "finalize", "--as", as, id} }},
		{"imports revert", func(as string) []string { return []string{"imports", "revert", "--as", as, id} }},
		{"leads export --import", func(as string) []string { return []string{"leads", "export", "--as", as, "--import", id} }},
	}
	const (
		ok          = ""
		noModule    = "You do not have access to the Import module."
		notOwner    = "Only the owner of import %s can finalize or revert it."
		notOwnerIss = "Only the owner of import %s can read its issue report until it is finalized."
		notExisting = "Import %s does not exist."
		noProfile   = "Your profile does not allow imports. Ask an administrator or a director to tick “can import” on your profile."
	)
	role := func(label string) string {
		return "Only a director or a BDC director can import leads; your role is " + label + "."
	}
	// want[i] is the refusal of actions[i], "" when allowed.
	tests := []struct {
		who  person
		want []string
	}{
		{advisor, []string{role("Advisor"), role("Advisor"), noModule, noModule, noModule, noModule, noModule}},
		{manager, []string{role("Manager"), role("Manager"), noModule, noModule, noModule, noModule, noModule}},
		{agent, []string{role("BDC agent"), role("BDC agent"), noModule, noModule, noModule, noModule, noModule}},
		{noImport, []string{noProfile, noProfile, noModule, noModule, noModule, noModule, noModule}},
		{admin, []string{role("Administrator"), ok, ok, notOwnerIss, notOwner, notOwner, ok}},
		{director, []string{ok, ok, ok, notOwnerIss, notOwner, notOwner, ok}},
		{bdcDir, []string{ok, ok, ok, notOwnerIss, notOwner, notOwner, ok}},
		{outsider, []string{ok, ok, notExisting, notExisting, notExisting, notExisting, notExisting}},
	}
	for _, tt := range tests {
		for i, a := range actions {
			t.Run(tt.who.role+" "+tt.who.email+" "+a.name, func(t *testing.T) {
				c := &cli{t: t, db: c.db, env: c.env}
				want := tt.want[i]
				if want == notOwner || want == notExisting || want == notOwnerIss {
					want = fmt.Sprintf(want, id)
				}
				if want == ok {
					c.ok(a.args(tt.who.email)...)
					return
				}
				c.fails(1, want, a.args(tt.who.email)...)
			})
		}
	}

	// The outsider's own list holds only their own import, not this one.
	var list []summaryJSON
	if err := json.Unmarshal([]byte(c.ok("imports", "list", "--as", outsider.email, "--json")), &list); err != nil {
		t.Fatal(err)
	}
	for _, s := range list {
		if s.ID == sum.ID {
			t.Errorf("the outsider lists import %d of another account", s.ID)
		}
	}

	// Only the owner finalizes; then the account sees the leads, the
	// outsider still none.
	c.ok("imports", "finalize", "--as", owner.email, id)
	if got := len(c.export(advisor.email)); got < 5 {
		t.Errorf("after finalize the advisor sees %d leads, want at least 5", got)
	}
	for _, l := range c.export(outsider.email) {
		if l.ImportID != nil && *l.ImportID == sum.ID {
			t.Errorf("the outsider sees lead %d of import %s", l.ID, id)
		}
	}
	c.fails(1, fmt.Sprintf(notExisting, id), "leads", "export", "--as", outsider.email, "--import", id)
	c.fails(1, `No user has the email "nobody@garage.test".`, "imports", "list", "--as", "nobody@garage.test")
}
