package leadport

import "time"

// Rule says what an import does with a row that matches existing leads (SPEC §7).
type Rule string

// The two rules.
const (
	RuleCreate Rule = "create" // every row creates a lead, associated with its matches
	RuleMerge  Rule = "merge"  // a matching row is merged into the best match
)

// Valid reports whether r is a known rule.
func (r Rule) Valid() bool { return r == RuleCreate || r == RuleMerge }

// Import statuses. An import whose worker died stays "running" with an
// expired lease until another worker takes it over.
const (
	StatusDraft    = "draft" // uploaded, settings not yet saved: invisible in lists, never claimed
	StatusQueued   = "queued"
	StatusRunning  = "running"
	StatusFinished = "finished"
	StatusFailed   = "failed" // stopped by an error that retrying would not fix; nothing of a partial batch is applied
	StatusReverted = "reverted"
)

// Counters are an import's outcome so far (SPEC §7).
type Counters struct {
	Processed  int64 `json:"processed"`  // rows with data handled; also the resume cursor
	Created    int64 `json:"created"`    // leads created
	Merged     int64 `json:"merged"`     // rows merged into an existing lead
	Associated int64 `json:"associated"` // rows associated with at least one existing lead
	Failed     int64 `json:"failed"`     // rows that could not become a customer card
	Notes      int64 `json:"notes"`      // lines written to [import] notes
}

// Import is one file brought in by one user: its settings, counters, status
// and lease (SPEC §6). The imports table is also the job queue.
type Import struct {
	ID         int64
	AccountID  int64
	OwnerID    int64
	OwnerName  string // filled by the store on reads
	FileName   string
	FileSize   int64
	Type       LeadType
	Rule       Rule
	Delimiter  rune   // as chosen or detected: ',', ';', '\t' or '|'
	Encoding   string // "utf-8", "windows-1252" or "utf-16"
	Sheet      string // the sheet of an Excel workbook; "" for CSV
	DateFormat string // "", "ymd", "dmy" or "mdy"
	Header     []string
	Mapping    []string // field key per column of Header; "" = not imported
	Status     string
	Error      string // why it failed, for people
	Total      int64  // rows with data in the file, counted when the file was checked
	Counters
	// LeadsChanged counts the existing leads the import changed (its
	// changeset: values filled, phones, emails, vehicles or notes added by
	// a merge); Created counts the leads it created.
	LeadsChanged int64
	CreatedAt    time.Time
	StartedAt    *time.Time
	FinishedAt   *time.Time
	Finalized    bool
	FinalizedAt  *time.Time
	Worker       string     // the worker holding the lease
	LeaseUntil   *time.Time // the lease expires then unless renewed
}

// Summary is the JSON object that `leadport import --json`, `imports show
// --json` and the API print for an import (SPEC §8). Its field names are a
// contract: other programs depend on them.
type Summary struct {
	ID         int64      `json:"id,omitzero"` // a dry run has none
	Status     string     `json:"status"`
	Processed  int64      `json:"processed"`
	Created    int64      `json:"created"`
	Merged     int64      `json:"merged"`
	Associated int64      `json:"associated"`
	Failed     int64      `json:"failed"`
	Notes      int64      `json:"notes"`
	StartedAt  *time.Time `json:"started_at"`
	FinishedAt *time.Time `json:"finished_at"`
	Finalized  bool       `json:"finalized"`

	// Beyond the contract, for the pages and the API.
	LeadsChanged int64     `json:"leads_changed"` // existing leads the import changed; "created" counts the leads it created
	Total        int64     `json:"total"`
	FileName     string    `json:"file_name"`
	Owner        string    `json:"owner"`
	Type         LeadType  `json:"type"`
	Rule         Rule      `json:"rule"`
	Error        string    `json:"error,omitempty"`
	DryRun       bool      `json:"dry_run,omitempty"`
	CreatedAt    time.Time `json:"created_at,omitzero"` // a dry run has none
}

// Summary returns imp's public summary.
func (imp *Import) Summary() Summary {
	return Summary{
		ID: imp.ID, Status: imp.Status, Processed: imp.Processed, Created: imp.Created, Merged: imp.Merged,
		Associated: imp.Associated, Failed: imp.Failed, Notes: imp.Notes, StartedAt: imp.StartedAt,
		FinishedAt: imp.FinishedAt, Finalized: imp.Finalized, LeadsChanged: imp.LeadsChanged, Total: imp.Total, FileName: imp.FileName,
		Owner: imp.OwnerName, Type: imp.Type, Rule: imp.Rule, Error: imp.Error, CreatedAt: imp.CreatedAt,
	}
}

// Issue is one line of an import's issue report: a failed row, a bad value
// or a cell beyond the header (SPEC §6).
type Issue struct {
	ImportID int64
	Row      int    // row number as a spreadsheet shows it (header = 1); 0 when not known
	Line     int    // line of the file where the row starts
	Column   string // header of the column; "" for a whole failed row
	Raw      string // the value as in the file (the whole row, delimited, for a failed row)
	Reason   string
}

// Batch is what the importer applies in one transaction: the effect of a run
// of consecutive rows, together with the counters (and so the resume cursor)
// after them. A store applies all of it or nothing.
type Batch struct {
	ImportID int64
	Worker   string // the lease holder; a store refuses the batch with ErrLeaseLost if another worker took over
	// Creates are new leads with their IDs set. Their Vehicles, Notes and
	// Associated fields are ignored: every vehicle, note and link of the
	// batch is in Vehicles, Notes and Links.
	Creates  []*Lead
	Updates  []LeadUpdate
	Vehicles []Vehicle
	Notes    []Note
	Links    []Link
	Issues   []Issue
	Counters Counters // after this batch; Processed is the cursor
	Finished bool     // the last batch: mark the import finished
}

// LeadUpdate is a merge into a lead: Before and After as the import's owner
// sees it (the account's data with the owner's pending changesets laid
// over). A lead the same import created is updated in place; any other lead
// is left alone and the store records what the import filled (the columns
// empty in Before and filled in After) in the import's changeset, which the
// owner's reads lay over the lead until FinalizeImport applies it.
type LeadUpdate struct {
	Before, After *Lead
}

// ErrLeaseLost means another worker took over an import: the caller must stop
// working on it at once.
var ErrLeaseLost = Errorf(ECONFLICT, "another worker has taken over this import")
