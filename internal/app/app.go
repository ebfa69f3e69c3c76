// Package app is Leadport's service layer: every action a person can take,
// with its permission check. The web pages, the JSON API and the CLI all go
// through it, so that a rule is enforced the same way everywhere; the
// rules themselves are in the root package's authz.go.
//
// It holds no state of its own beyond its dependencies.
package app

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"runtime"
	"strings"
	"sync"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/csvread"
	"github.com/leadport/leadport/internal/importer"
)

// App carries out people's requests.
type App struct {
	Store    leadport.Store
	Importer *importer.Importer
	Logger   *slog.Logger
	// MaxUpload is the largest file accepted, in bytes.
	MaxUpload int64

	hashing    *hashSlots // password hashes under way (SPEC §10)
	tokenUsed  sync.Map   // token hash → time.Time of the last recorded use
	background sync.WaitGroup
	// sheets: draft import ID → its workbook's []csvread.SheetInfo. A
	// draft's file never changes, and counting the rows of every sheet
	// reads the whole workbook: the wizard shows the list on every page.
	sheets sync.Map
}

// New returns an App over store.
func New(store leadport.Store, logger *slog.Logger) *App {
	return &App{Store: store, Importer: importer.New(store, logger), Logger: logger, MaxUpload: 1 << 30,
		hashing: newHashSlots(runtime.NumCPU())}
}

var errBadLogin = leadport.Errorf(leadport.EUNAUTH, "Wrong email or password.")

// User returns the user with this email, for the CLI's --as: the person at
// the machine's console acts as that user.
func (a *App) User(ctx context.Context, email string) (*leadport.User, error) {
	if err := CheckText("The email", email); err != nil {
		return nil, err
	}
	u, err := a.Store.UserByEmail(ctx, strings.ToLower(strings.TrimSpace(email)))
	if leadport.ErrorCode(err) == leadport.ENOTFOUND {
		return nil, leadport.Errorf(leadport.ENOTFOUND, "No user has the email %q.", email)
	}
	if err != nil {
		return nil, err
	}
	if !u.Active() {
		return nil, leadport.Errorf(leadport.EFORBIDDEN, "The user %s has been deactivated.", u.Email)
	}
	return u, nil
}

// UserByID returns a user by ID (for sessions).
func (a *App) UserByID(ctx context.Context, id int64) (*leadport.User, error) {
	return a.Store.UserByID(ctx, id)
}

// CreateAccount creates a dealership. Only the operator at the console (the
// CLI) does this.
func (a *App) CreateAccount(ctx context.Context, name string) (*leadport.Account, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return nil, leadport.Errorf(leadport.EINVALID, "The account needs a name.")
	}
	if err := CheckText("The account's name", name); err != nil {
		return nil, err
	}
	acc, err := a.Store.CreateAccount(ctx, name)
	if leadport.ErrorCode(err) == leadport.ECONFLICT {
		return nil, leadport.Errorf(leadport.ECONFLICT, "An account named %q already exists.", name)
	}
	return acc, err
}

// Account returns an account by name.
func (a *App) Account(ctx context.Context, name string) (*leadport.Account, error) {
	if err := CheckText("The account's name", name); err != nil {
		return nil, err
	}
	acc, err := a.Store.AccountByName(ctx, name)
	if leadport.ErrorCode(err) == leadport.ENOTFOUND {
		return nil, leadport.Errorf(leadport.ENOTFOUND, "No account is named %q.", name)
	}
	return acc, err
}

// NewUser is a user to add.
type NewUser struct {
	AccountID int64
	Email     string
	Name      string
	Role      leadport.Role
	CanImport bool
	Locale    string
	Password  string
}

// AddUser adds a user. actor is nil for the operator at the console;
// otherwise an admin or a director of the same account, and only an admin
// can make another admin.
func (a *App) AddUser(ctx context.Context, actor *leadport.User, nu NewUser) (*leadport.User, error) {
	if err := CheckText("The user's email, name or language", nu.Email, nu.Name, nu.Locale); err != nil {
		return nil, err
	}
	if actor != nil {
		if err := leadport.CanManageUsers(actor); err != nil {
			return nil, err
		}
		nu.AccountID = actor.AccountID
		if err := leadport.CanGiveRole(actor, nu.Role); err != nil {
			return nil, err
		}
	}
	email := strings.ToLower(strings.TrimSpace(nu.Email))
	if addr, err := mail.ParseAddress(email); err != nil || addr.Address != email || !strings.Contains(email[strings.LastIndexByte(email, '@'):], ".") {
		return nil, leadport.Errorf(leadport.EINVALID, "%q is not an email address.", nu.Email)
	}
	if !nu.Role.Valid() {
		return nil, leadport.Errorf(leadport.EINVALID, "%q is not a role. The roles are admin, director, bdc_director, manager, bdc_agent and advisor.", nu.Role)
	}
	if strings.TrimSpace(nu.Name) == "" {
		return nil, leadport.Errorf(leadport.EINVALID, "The user needs a name.")
	}
	if len(nu.Password) < 8 {
		return nil, leadport.Errorf(leadport.EINVALID, "The password must have at least 8 characters.")
	}
	if nu.Locale != "fr" {
		nu.Locale = "en"
	}
	hash, err := a.hashPassword(ctx, nu.Password)
	if err != nil {
		return nil, err
	}
	u := &leadport.User{AccountID: nu.AccountID, Email: email, Name: strings.TrimSpace(nu.Name), Role: nu.Role,
		CanImport: nu.CanImport, Locale: nu.Locale, PasswordHash: hash}
	if err := a.Store.CreateUser(ctx, u); err != nil {
		if leadport.ErrorCode(err) == leadport.ECONFLICT {
			return nil, leadport.Errorf(leadport.ECONFLICT, "A user with the email %s already exists.", email)
		}
		return nil, err
	}
	return u, nil
}

// UserChange is a change to a user; nil fields stay as they are.
type UserChange struct {
	Name      *string
	Role      *leadport.Role
	CanImport *bool
	Locale    *string
	Password  *string
}

// UpdateUser changes a user, each field under leadport.CanChangeUser: people
// change their own name, language and password; admins and directors those
// of the users they manage, and their role and can_import. A field given
// with its current value is no change. A new password ends the user's
// sessions and API tokens (SPEC §10); the returned user carries the new
// SessionEpoch, for the session of a user who changed his own.
func (a *App) UpdateUser(ctx context.Context, actor *leadport.User, id int64, ch UserChange) (*leadport.User, error) {
	if ch.Name != nil {
		if err := CheckText("The user's name", *ch.Name); err != nil {
			return nil, err
		}
	}
	u, err := a.Store.UserByID(ctx, id)
	if leadport.ErrorCode(err) == leadport.ENOTFOUND || (err == nil && u.AccountID != actor.AccountID) {
		return nil, leadport.Errorf(leadport.ENOTFOUND, "User %d does not exist.", id)
	}
	if err != nil {
		return nil, err
	}
	if ch.Role != nil && *ch.Role == u.Role {
		ch.Role = nil
	}
	if ch.CanImport != nil && *ch.CanImport == u.CanImport {
		ch.CanImport = nil
	}
	if ch.Name != nil && (strings.TrimSpace(*ch.Name) == "" || strings.TrimSpace(*ch.Name) == u.Name) {
		ch.Name = nil
	}
	if ch.Locale != nil && *ch.Locale == u.Locale {
		ch.Locale = nil
	}
	for _, c := range []struct {
		set    bool
		action leadport.UserAction
	}{{ch.Name != nil, leadport.SetName}, {ch.Locale != nil, leadport.SetLocale}, {ch.Password != nil, leadport.SetPassword},
		{ch.Role != nil, leadport.SetRole}, {ch.CanImport != nil, leadport.SetCanImport}} {
		if c.set {
			if err := leadport.CanChangeUser(actor, u, c.action); err != nil {
				return nil, err
			}
		}
	}
	if ch.Role != nil {
		if !ch.Role.Valid() {
			return nil, leadport.Errorf(leadport.EINVALID, "%q is not a role.", *ch.Role)
		}
		if err := leadport.CanGiveRole(actor, *ch.Role); err != nil {
			return nil, err
		}
		u.Role = *ch.Role
	}
	if ch.CanImport != nil {
		u.CanImport = *ch.CanImport
	}
	if ch.Name != nil {
		u.Name = strings.TrimSpace(*ch.Name)
	}
	if ch.Locale != nil {
		if *ch.Locale != "en" && *ch.Locale != "fr" {
			return nil, leadport.Errorf(leadport.EINVALID, "The language must be en or fr.")
		}
		u.Locale = *ch.Locale
	}
	var hash string
	if ch.Password != nil {
		if len(*ch.Password) < 8 {
			return nil, leadport.Errorf(leadport.EINVALID, "The password must have at least 8 characters.")
		}
		if hash, err = a.hashPassword(ctx, *ch.Password); err != nil {
			return nil, err
		}
	}
	if ch.Role != nil || ch.CanImport != nil || ch.Name != nil || ch.Locale != nil {
		if err := a.Store.UpdateUser(ctx, u); err != nil {
			return nil, err
		}
	}
	if ch.Password != nil {
		if u, err = a.Store.SetPassword(ctx, u.ID, hash); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// ListUsers lists the users of the actor's account (admins and directors).
func (a *App) ListUsers(ctx context.Context, actor *leadport.User) ([]*leadport.User, error) {
	if err := leadport.CanManageUsers(actor); err != nil {
		return nil, err
	}
	return a.Store.ListUsers(ctx, actor.AccountID)
}

// CreateToken creates an API token for the actor and returns its secret,
// shown once: only its hash is kept.
func (a *App) CreateToken(ctx context.Context, actor *leadport.User, name string) (string, *leadport.Token, error) {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return "", nil, err
	}
	if err := CheckText("The token's name", name); err != nil {
		return "", nil, err
	}
	secret := "lp_" + base64.RawURLEncoding.EncodeToString(b)
	if strings.TrimSpace(name) == "" {
		name = "API token"
	}
	t := &leadport.Token{UserID: actor.ID, Name: strings.TrimSpace(name), Hash: tokenHash(secret)}
	if err := a.Store.CreateToken(ctx, t); err != nil {
		return "", nil, err
	}
	return secret, t, nil
}

// ListTokens lists the actor's API tokens.
func (a *App) ListTokens(ctx context.Context, actor *leadport.User) ([]*leadport.Token, error) {
	return a.Store.ListTokens(ctx, actor.ID)
}

// DeleteToken revokes one of the actor's API tokens.
func (a *App) DeleteToken(ctx context.Context, actor *leadport.User, id int64) error {
	return a.Store.DeleteToken(ctx, actor.ID, id)
}

// UserByToken returns the user an API token secret belongs to. The token's
// last use is recorded at most once a minute, in the background, so that a
// request never waits on that write (SPEC §10).
func (a *App) UserByToken(ctx context.Context, secret string) (*leadport.User, error) {
	hash := tokenHash(secret)
	u, err := a.Store.UserByTokenHash(ctx, hash)
	if leadport.ErrorCode(err) == leadport.ENOTFOUND || (err == nil && !u.Active()) {
		return nil, leadport.Errorf(leadport.EUNAUTH, "This API token is not valid (revoked or mistyped).")
	}
	if err != nil {
		return nil, err
	}
	a.touchToken(hash)
	return u, nil
}

func tokenHash(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// FileError turns a file-reading error into a message for people.
func FileError(err error) error {
	var fe *csvread.Error
	if errors.As(err, &fe) {
		le := leadport.Errorf(leadport.EINVALID, "The file cannot be read: %s", fe.Error())
		if errors.Is(err, csvread.ErrBadSheet) {
			// The CLI tells a bad --sheet as a bad command line.
			return fmt.Errorf("%w (%w)", le, csvread.ErrBadSheet)
		}
		return le
	}
	return err
}
