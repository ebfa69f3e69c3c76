package leadport

import "time"

// Change is one change a person made to a customer card: an edit, or a
// value moved from an "[import]" note line into its field ("use this
// value"). The card shows them, newest last.
type Change struct {
	ID     int64
	LeadID int64
	UserID int64
	User   string // the user's name, when read
	At     time.Time
	Field  string // a field key (city, phone_home, wanted_year…)
	Old    string // as stored before ("" = empty); phones as E.164 with " ext. N"
	New    string // as stored after
	NoteID int64  // the note whose "[import]" line gave the value; 0 for an edit
}

// LeadEdit is a set of changes to one lead, made at once by one person.
type LeadEdit struct {
	// Before is the lead as read for the edit; the store applies the edit
	// only if the lead is still as it was then (same UpdatedAt), and
	// ECONFLICT otherwise.
	Before *Lead
	// After is the lead with its new values. Its vehicles: those with the ID
	// of one of Before's are updated, those with ID 0 added, and Before's
	// missing from After removed.
	After   *Lead
	Changes []Change // the history lines; their LeadID and At are set by the store
}
