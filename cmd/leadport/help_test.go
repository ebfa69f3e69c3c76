package main

import (
	"strings"
	"testing"
)

// TestHelp: help lists every subcommand; -h after a subcommand shows its
// flags; neither is an error.
func TestHelp(t *testing.T) {
	c := newCLI(t, t.TempDir()+"/leadport.db")
	for _, args := range [][]string{{"help"}, {"-h"}, {"--help"}} {
		out := c.ok(args...)
		for _, cmd := range commands {
			if !strings.Contains(out, "leadport "+cmd.name+" ") {
				t.Errorf("leadport %s does not list %q", args[0], cmd.name)
			}
		}
		if !strings.Contains(out, "LEADPORT_LEASE") || !strings.Contains(out, "LEADPORT_DB") {
			t.Errorf("leadport %s does not document the environment", args[0])
		}
	}
	out := c.ok("import", "-h")
	for _, flag := range []string{"-as", "-file", "-type", "-rule", "-delimiter", "-encoding", "-map", "-date-format", "-dry-run", "-json", "-db"} {
		if !strings.Contains(out, "  "+flag+" ") && !strings.Contains(out, "  "+flag+"\n") {
			t.Errorf("import -h does not show %s:\n%s", flag, out)
		}
	}
	if r := c.run("", "bench", "-h"); r.code != 0 {
		t.Errorf("bench -h: exit %d: %s", r.code, r.stderr)
	}
	c.fails(2, "which command?", []string{}...)
}

// TestEnvironment: LEADPORT_DB names the database when --db is not given;
// a LEADPORT_LEASE that is not a duration is refused.
func TestEnvironment(t *testing.T) {
	path := t.TempDir() + "/from-env.db"
	c := newCLI(t, "")
	c.env["LEADPORT_DB"] = path
	c.ok("account", "create", "--name", "Garage Env")
	c.db = path
	c.env["LEADPORT_DB"] = ""
	c.fails(1, `An account named "Garage Env" already exists.`, "account", "create", "--name", "Garage Env")
	c.env["LEADPORT_LEASE"] = "twenty"
	c.fails(1, `LEADPORT_LEASE must be a duration such as 20s, not "twenty".`, "account", "create", "--name", "Other")
}
