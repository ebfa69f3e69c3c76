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
	// FinalizeImport makes the import's leads visible to the account.
	FinalizeImport(ctx context.Context, importID int64) error
	// RevertImport undoes the import in one transaction: created leads are
	// removed, merged leads get their journaled values back, its notes,
	// vehicles and links are removed; the import's status becomes reverted.
	RevertImport(ctx context.Context, importID int64) error
	// Issues streams the import's issue report in file order.
	Issues(ctx context.Context, importID int64, fn func(Issue) error) error

	// ScanMatchKeys streams what matching needs of every lead of the account.
	ScanMatchKeys(ctx context.Context, accountID int64, fn func(MatchKeys) error) error
	// LeadsByID returns the leads (with their vehicles, without notes) in any order.
	LeadsByID(ctx context.Context, ids []int64) ([]*Lead, error)
	// Lead returns one lead with vehicles, notes (oldest first) and associated IDs.
	Lead(ctx context.Context, id int64) (*Lead, error)
	// SearchLeads returns one page of leads (without vehicles, notes or
	// associations), newest first, and the number of leads the filter finds.
	SearchLeads(ctx context.Context, f LeadFilter) ([]*Lead, int, error)
	// ExportLeads streams every lead the filter finds, by ascending ID, with
	// vehicles, notes and associated IDs.
	ExportLeads(ctx context.Context, f LeadFilter, fn func(*Lead) error) error

	// The customer card edited by people, its history, and drafts.

	// ListDrafts returns the drafts (uploaded, never queued) of one user,
	// oldest first.
	ListDrafts(ctx context.Context, ownerID int64) ([]*Import, error)
}

// MatchKeys is what matching knows of a lead (SPEC §7).
type MatchKeys struct {
	ID        int64
	NameKey   string
	Phones    [3]string // home, mobile, work in E.164; "" when empty
	Emails    [2]string // home, work
	UpdatedAt time.Time
}

// LeadFilter selects leads. AccountID and ViewerID are required: only leads
// visible to the viewer are found.
type LeadFilter struct {
	AccountID int64
	ViewerID  int64
	Types     []LeadType // empty: every type
	ImportID  int64      // 0: any
	NameKey   string     // exact normalize.NameKey
	NameFold  string     // a folded word: leads whose first or last name starts with it
	Phone     string     // E.164, in any slot
	Email     string     // lower-case, in any slot
	Limit     int        // 0: no limit
	Offset    int
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
