package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/app"
)

// summary is the JSON object `import --json`, `imports show --json` and
// `imports list --json` print for an import (SPEC §8). Its eleven keys are a
// contract that other programs depend on: add nothing here.
type summary struct {
	ID         int64   `json:"id,omitzero"` // a dry run has none
	Status     string  `json:"status"`
	Processed  int64   `json:"processed"`
	Created    int64   `json:"created"`
	Merged     int64   `json:"merged"`
	Associated int64   `json:"associated"`
	Failed     int64   `json:"failed"`
	Notes      int64   `json:"notes"`
	StartedAt  *string `json:"started_at"`  // RFC 3339, or null
	FinishedAt *string `json:"finished_at"` // RFC 3339, or null
	Finalized  bool    `json:"finalized"`
}

func summaryOf(imp *leadport.Import) summary {
	s := imp.Summary()
	return summary{ID: s.ID, Status: s.Status, Processed: s.Processed, Created: s.Created, Merged: s.Merged,
		Associated: s.Associated, Failed: s.Failed, Notes: s.Notes, StartedAt: rfc3339(s.StartedAt),
		FinishedAt: rfc3339(s.FinishedAt), Finalized: s.Finalized}
}

func rfc3339(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := t.UTC().Format(time.RFC3339)
	return &s
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// importID reads the one positional argument of the imports commands.
func importID(cmd string, pos []string) (int64, error) {
	switch len(pos) {
	case 0:
		return 0, usagef(cmd, "which import? Give its ID (see leadport imports list)")
	case 1:
	default:
		return 0, usagef(cmd, "give one import ID, not %d arguments", len(pos))
	}
	id, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil || id <= 0 {
		return 0, usagef(cmd, "the import ID must be a number, not %q", pos[0])
	}
	return id, nil
}

func importsListCmd(ctx context.Context, e *env, cmd string, args []string) error {
	fs := e.flags(cmd)
	as := fs.String("as", "", "the `EMAIL` of the user the command acts as")
	asJSON := fs.Bool("json", false, "print a JSON array of import summaries, oldest first")
	if err := e.parseFlags(fs, cmd, "--as EMAIL [--json]", args); err != nil {
		return err
	}
	a, u, err := e.actor(ctx, cmd, *as)
	if err != nil {
		return err
	}
	imps, err := a.ListImports(ctx, u)
	if err != nil {
		return err
	}
	if *asJSON {
		list := make([]summary, 0, len(imps))
		for _, imp := range imps {
			list = append(list, summaryOf(imp))
		}
		return writeJSON(e.stdout, list)
	}
	if len(imps) == 0 {
		fmt.Fprintln(e.stdout, "No imports yet.")
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tFILE\tOWNER\tTYPE\tRULE\tSTATUS\tPROCESSED\tCREATED\tMERGED\tCHANGED\tASSOCIATED\tFAILED\tNOTES\tSTARTED\tFINISHED\tFINALIZED")
	for _, imp := range imps {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%d/%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%s\t%s\n",
			imp.ID, imp.FileName, imp.OwnerName, imp.Type, imp.Rule, imp.Status, imp.Processed, imp.Total,
			imp.Created, imp.Merged, imp.LeadsChanged, imp.Associated, imp.Failed, imp.Notes,
			localTime(imp.StartedAt), localTime(imp.FinishedAt), yesNo(imp.Finalized))
	}
	return tw.Flush()
}

func localTime(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.Local().Format("2006-01-02 15:04:05")
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func importsShowCmd(ctx context.Context, e *env, cmd string, args []string) error {
	fs := e.flags(cmd)
	asJSON := fs.Bool("json", false, "print the import's summary as one JSON object")
	a, u, id, err := e.importArgs(ctx, fs, cmd, "the user the command acts as", "--as EMAIL ID [--json]", args)
	if err != nil {
		return err
	}
	imp, err := a.Import(ctx, u, id)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, summaryOf(imp))
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "Import\t%d\n", imp.ID)
	fmt.Fprintf(tw, "File\t%s\n", imp.FileName)
	fmt.Fprintf(tw, "Owner\t%s\n", imp.OwnerName)
	fmt.Fprintf(tw, "Type\t%s (%s)\n", imp.Type, imp.Type.Module().LabelEN)
	fmt.Fprintf(tw, "Rule\t%s\n", imp.Rule)
	fmt.Fprintf(tw, "Status\t%s\n", imp.Status)
	if imp.Error != "" {
		fmt.Fprintf(tw, "Error\t%s\n", imp.Error)
	}
	fmt.Fprintf(tw, "Processed\t%d of %d\n", imp.Processed, imp.Total)
	fmt.Fprintf(tw, "Created\t%d\n", imp.Created)
	fmt.Fprintf(tw, "Merged\t%d\n", imp.Merged)
	fmt.Fprintf(tw, "Leads changed\t%d\n", imp.LeadsChanged)
	fmt.Fprintf(tw, "Associated\t%d\n", imp.Associated)
	fmt.Fprintf(tw, "Failed\t%d\n", imp.Failed)
	fmt.Fprintf(tw, "Notes\t%d\n", imp.Notes)
	fmt.Fprintf(tw, "Started\t%s\n", localTime(imp.StartedAt))
	fmt.Fprintf(tw, "Finished\t%s\n", localTime(imp.FinishedAt))
	fmt.Fprintf(tw, "Finalized\t%s\n", yesNo(imp.Finalized))
	return tw.Flush()
}

func importsFinalizeCmd(ctx context.Context, e *env, cmd string, args []string) error {
	imp, err := ownerAction(ctx, e, cmd, args, (*app.App).FinalizeImport)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Import %d is finalized: the %d leads it created and its changes to %d existing leads are now visible to the whole dealership.\n",
		imp.ID, imp.Created, imp.LeadsChanged)
	return nil
}

func importsRevertCmd(ctx context.Context, e *env, cmd string, args []string) error {
	imp, err := ownerAction(ctx, e, cmd, args, (*app.App).RevertImport)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Import %d is reverted: its %d created leads are removed and its changes to %d existing leads, which nobody else had seen, are discarded.\n",
		imp.ID, imp.Created, imp.LeadsChanged)
	return nil
}

// ownerAction parses "--as EMAIL ID" and applies an owner's action to the import.
func ownerAction(ctx context.Context, e *env, cmd string, args []string,
	action func(*app.App, context.Context, *leadport.User, int64) (*leadport.Import, error)) (*leadport.Import, error) {
	a, u, id, err := e.importArgs(ctx, e.flags(cmd), cmd, "the import's owner", "--as EMAIL ID", args)
	if err != nil {
		return nil, err
	}
	return action(a, ctx, u, id)
}

// importArgs parses "--as EMAIL ID" (and the flags the caller defined on fs)
// and returns the app, the acting user and the import ID. who says who the
// --as user is, for the flag's help.
func (e *env) importArgs(ctx context.Context, fs *flag.FlagSet, cmd, who, synopsis string, args []string) (*app.App, *leadport.User, int64, error) {
	as := fs.String("as", "", "the `EMAIL` of "+who)
	pos, err := e.parse(fs, synopsis, args)
	if err != nil {
		return nil, nil, 0, err
	}
	id, err := importID(cmd, pos)
	if err != nil {
		return nil, nil, 0, err
	}
	a, u, err := e.actor(ctx, cmd, *as)
	return a, u, id, err
}

func importsIssuesCmd(ctx context.Context, e *env, cmd string, args []string) error {
	a, u, id, err := e.importArgs(ctx, e.flags(cmd), cmd, "the user the command acts as", "--as EMAIL ID", args)
	if err != nil {
		return err
	}
	return a.WriteIssueReport(ctx, u, id, e.stdout)
}
