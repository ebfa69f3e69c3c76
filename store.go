package leadport

import (
	"context"
	"io"
	"time"
)

// Store is where Leadport keeps everything. internal/sqlstore implements it
// on SQLite and on PostgreSQL; internal/storetest is the suite both pass.
//
// Reads that find nothing return an *Error with code ENOTFOUND. Methods do
// not check permissions: internal/app does, before calling them.
type Store interface {
	Close() error

	CreateAccount(ctx context.Context, name string) (*Account, error) // ECONFLICT if the name is taken
	AccountByID(ctx context.Context, id int64) (*Account, error)
	AccountByName(ctx context.Context, name string) (*Account, error)

	CreateUser(ctx context.Context, u *User) error // sets u.ID and u.CreatedAt; ECONFLICT if the email is taken
	UpdateUser(ctx context.Context, u *User) error // name, role, can_import, locale, password hash
	UserByID(ctx context.Context, id int64) (*User, error)
	UserByEmail(ctx context.Context, email string) (*User, error) // email compared lower-case
	ListUsers(ctx context.Context, accountID int64) ([]*User, error)

	// Sessions back the web sessions (scs): opaque token → data until expiry.
	FindSession(ctx context.Context, token string) (data []byte, found bool, err error)
	CommitSession(ctx context.Context, token string, data []byte, expiry time.Time) error
	DeleteSession(ctx context.Context, token string) error
	DeleteExpiredSessions(ctx context.Context) error

	// API tokens: only a hash of the secret is stored.
	CreateToken(ctx context.Context, t *Token) error // sets t.ID, t.CreatedAt
	ListTokens(ctx context.Context, userID int64) ([]*Token, error)
	DeleteToken(ctx context.Context, userID, tokenID int64) error
	UserByTokenHash(ctx context.Context, hash string) (*User, error) // reads only: see TouchToken

	// Security (SPEC §10, §6 "Drafts").
	//
	// SetPassword saves a new password hash for the user, bumps the user's
	// SessionEpoch (ending their sessions) and deletes all their API tokens,
	// in one transaction. It returns the user as saved.
	SetPassword(ctx context.Context, userID int64, hash string) (*User, error)
	// DeactivateUser marks the user deactivated at the given time, bumps
	// SessionEpoch and deletes all their API tokens, in one transaction.
	// Deactivating a deactivated user changes nothing.
	DeactivateUser(ctx context.Context, userID int64, at time.Time) (*User, error)
	// TouchToken records the use of the API token with that hash at the given
	// time, unless its last use is recorded less than a minute before.
	TouchToken(ctx context.Context, hash string, at time.Time) error
	// ReserveLoginAttempt counts one login attempt, identified by attempt,
	// against every key at once, unless one of them already has limits[i]
	// attempts after since: then nothing is counted and it returns the key
	// that is full and the time its oldest attempt in the window was made.
	// Concurrent calls never count more than the limit.
	ReserveLoginAttempt(ctx context.Context, attempt string, keys []string, limits []int, at, since time.Time) (full string, oldest time.Time, err error)
	// ForgetLoginAttempt removes a reserved attempt (it succeeded, or was
	// refused before the password was checked) and, with clearKey, every
	// attempt counted against that key.
	ForgetLoginAttempt(ctx context.Context, attempt string, clearKey string) error
	// DeleteLoginAttemptsBefore forgets attempts older than cutoff.
	DeleteLoginAttemptsBefore(ctx context.Context, cutoff time.Time) error
	// DeleteDraftsBefore deletes the drafts (uploaded, never queued) created
	// before cutoff, with their stored files, and returns how many it deleted.
	DeleteDraftsBefore(ctx context.Context, cutoff time.Time) (int, error)

	// CreateImport stores imp as a draft (Status draft; ID and CreatedAt set)
	// with the whole file, read from r in chunks of at most 1 MiB so that no
	// file is ever held whole in memory, in one transaction. FileSize is set.
	CreateImport(ctx context.Context, imp *Import, file io.Reader) error
	// QueueImport saves a draft's settings (Type, Rule, Delimiter, Encoding,
	// DateFormat, Header, Mapping, Total) and queues it; ECONFLICT unless it
	// is still a draft.
	QueueImport(ctx context.Context, imp *Import) error
	// DeleteDraft removes a draft import and its file; ECONFLICT unless draft.
	DeleteDraft(ctx context.Context, importID int64) error
	Import(ctx context.Context, id int64) (*Import, error)
	ListImports(ctx context.Context, accountID int64) ([]*Import, error) // oldest first, drafts left out
	// OpenImportFile streams the stored file back, chunk by chunk.
	OpenImportFile(ctx context.Context, id int64) (io.ReadCloser, error)

	// ClaimImport gives worker the oldest import that is queued, or running
	// with an expired lease, whose account has no other import running under a
	// live lease and no older import queued or running. It marks it running
	// (setting StartedAt the first time) with a lease until now+lease. It
	// returns nil, nil when there is none.
	ClaimImport(ctx context.Context, worker string, lease time.Duration) (*Import, error)
	// ClaimImportByID is ClaimImport for one given import (the CLI runs the
	// import it just created); nil, nil if it is not claimable now.
	ClaimImportByID(ctx context.Context, id int64, worker string, lease time.Duration) (*Import, error)
	// CountUnfinished counts the imports, of every account, that are queued
	// or running (whether their lease is live or expired).
	CountUnfinished(ctx context.Context) (int, error)
	// Heartbeat extends worker's lease on the import; ErrLeaseLost if it no
	// longer holds it.
	Heartbeat(ctx context.Context, importID int64, worker string, lease time.Duration) error
	// AllocateLeadIDs reserves n consecutive lead IDs and returns the first.
	AllocateLeadIDs(ctx context.Context, n int) (int64, error)
	// ApplyBatch applies b in one transaction together with its counters;
	// ErrLeaseLost (and nothing applied) if b.Worker no longer holds the lease.
	ApplyBatch(ctx context.Context, b *Batch) error
	// FailImport marks the import failed with a message for people.
	FailImport(ctx context.Context, importID int64, worker, message string) error
	// FinalizeImport publishes a finished import in one transaction (SPEC
	// §6): the leads it created and everything it added become visible to
	// the account, and its changeset is applied onto the leads as they are
	// now by the Merge rules (a value someone filled meanwhile makes the
	// import's value an "[import]" note). ECONFLICT unless the import is
	// finished and not finalized, or while it changed a lead created by
	// another import that is not finalized yet ("Finalize import N first").
	FinalizeImport(ctx context.Context, importID int64) error
	// RevertImport discards an import in one transaction: the leads it
	// created with everything on them, its changeset, and its notes,
	// vehicles and links on other leads; its status becomes reverted.
	// Nothing shared was changed by it, so reverts commute. ECONFLICT unless
	// it is finished or failed and not finalized, or while a later import
	// that is not finalized changed a lead it created ("Revert import N
	// first").
	RevertImport(ctx context.Context, importID int64) error
	// Issues streams the import's issue report in file order.
	Issues(ctx context.Context, importID int64, fn func(Issue) error) error

	// Saved mappings (SPEC §3: the mapping saved for a header is remembered
	// for the account).
	//
	// SaveMapping remembers m for its account and exactly its header,
	// replacing what was saved for that header before; it sets m.SavedAt.
	SaveMapping(ctx context.Context, m *SavedMapping) error
	// SavedMapping returns what was saved last for the account and exactly
	// this header (same names, same order); ENOTFOUND if nothing was.
	SavedMapping(ctx context.Context, accountID int64, header []string) (*SavedMapping, error)

	// Reads of leads. Every one takes the Viewer and shows the leads as the
	// viewer sees them (SPEC §6): the leads visible to the whole account or
	// to the viewer, their children likewise, with the viewer's own pending
	// changesets laid over them in import order. A lead the viewer cannot
	// see is never returned, counted or named (not even in Associated).

	// ScanMatchKeys streams what matching needs of every lead the viewer
	// sees, by ascending ID.
	ScanMatchKeys(ctx context.Context, v Viewer, fn func(MatchKeys) error) error
	// LeadsByID returns the leads the viewer sees among ids (with their
	// vehicles, without notes), in any order.
	LeadsByID(ctx context.Context, v Viewer, ids []int64) ([]*Lead, error)
	// Lead returns one lead with vehicles, notes (oldest first) and
	// associated IDs; ENOTFOUND if the viewer does not see it.
	Lead(ctx context.Context, v Viewer, id int64) (*Lead, error)

	// SearchLeads returns one page of leads (without vehicles, notes or
	// associations), newest first, and the number of leads the filter finds.
	SearchLeads(ctx context.Context, v Viewer, f LeadFilter) ([]*Lead, int, error)
	// ExportLeads streams every lead the filter finds, by ascending ID, with
	// vehicles, notes and associated IDs.
	ExportLeads(ctx context.Context, v Viewer, f LeadFilter, fn func(*Lead) error) error

	// The customer card edited by people, its history, and drafts.

	// ListDrafts returns the drafts (uploaded, never queued) of one user,
	// oldest first.
	ListDrafts(ctx context.Context, ownerID int64) ([]*Import, error)
	// UpdateLead applies a person's edit of one lead in one transaction,
	// with its history lines; ECONFLICT if the lead changed since e.Before
	// was read, ENOTFOUND if it no longer exists.
	UpdateLead(ctx context.Context, e *LeadEdit) error
	// LeadHistory returns the changes people made to a lead, oldest first.
	LeadHistory(ctx context.Context, leadID int64) ([]Change, error)
}

// Viewer is who reads leads: a user of an account. Every read of leads
// takes one, so that no page, export or import can forget whose eyes it
// reads with (SPEC §6, "nothing is shared before Finalize").
type Viewer struct {
	AccountID int64
	UserID    int64
}

// ViewerOf returns the viewer that u reads leads as.
func ViewerOf(u *User) Viewer { return Viewer{AccountID: u.AccountID, UserID: u.ID} }

// MatchKeys is what matching knows of a lead (SPEC §7).
type MatchKeys struct {
	ID        int64
	NameKey   string
	Phones    [3]string // home, mobile, work in E.164; "" when empty
	Emails    [2]string // home, work
	UpdatedAt time.Time
}

// LeadFilter selects leads among those a viewer sees.
type LeadFilter struct {
	Types    []LeadType // empty: every type
	ImportID int64      // 0: any
	NameKey  string     // exact normalize.NameKey
	NameFold string     // a folded word: leads whose first or last name starts with it
	// NameWords are folded words (normalize.SearchWords): leads with, for
	// each, a word of the first or last name that starts with it, or the
	// name written without separators ("obrien" for O'Brien).
	NameWords []string
	Phone     string // E.164, in any slot
	Email     string // lower-case, in any slot
	Limit     int    // 0: no limit
	Offset    int
	// CountCap, if positive, stops SearchLeads counting past it: the count
	// it returns is then at most CountCap+1, which means "more than
	// CountCap". Counting every lead of a large account for each page is
	// what made its first page slow.
	CountCap int
	// Whole asks SearchLeads for each lead of the page whole, as Lead gives
	// it (vehicles, notes, associated leads), read for the whole page at
	// once.
	Whole bool
}

// Token is an API token of a user.
type Token struct {
	ID         int64
	UserID     int64
	Name       string
	Hash       string // hex SHA-256 of the secret
	CreatedAt  time.Time
	LastUsedAt *time.Time
}
