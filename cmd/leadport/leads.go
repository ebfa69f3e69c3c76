package main

import (
	"context"
	"strconv"
)

func leadsExportCmd(ctx context.Context, e *env, cmd string, args []string) error {
	fs := e.flags(cmd)
	as := fs.String("as", "", "the `EMAIL` of the user the command acts as: only the leads they see are exported")
	imp := fs.String("import", "", "export only the leads of the import with this `ID`")
	format := fs.String("format", "jsonl", "jsonl (one JSON object per lead) or csv")
	if err := e.parseFlags(fs, cmd, "--as EMAIL [--import ID] [--format jsonl|csv]", args); err != nil {
		return err
	}
	var id int64
	if *imp != "" {
		var err error
		if id, err = strconv.ParseInt(*imp, 10, 64); err != nil || id <= 0 {
			return usagef(cmd, "--import takes an import ID, a number, not %q", *imp)
		}
	}
	if *format != "jsonl" && *format != "csv" {
		return usagef(cmd, "--format must be jsonl or csv, not %q", *format)
	}
	a, u, err := e.actor(ctx, cmd, *as)
	if err != nil {
		return err
	}
	return a.ExportLeads(ctx, u, id, *format, e.stdout)
}
