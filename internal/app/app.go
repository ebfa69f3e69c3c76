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
	"log/slog"
	"net/mail"
	"strings"

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
}

// New returns an App over store.
func New(store leadport.Store, logger *slog.Logger) *App {
	return &App{Store: store, Importer: importer.New(store, logger), Logger: logger, MaxUpload: 1 << 30}
}

// Authenticate returns the user with this email and password. Whatever is
// wrong, the error says only that the pair is wrong.
func (a *App) Authenticate(ctx context.Context, email, password string) (*leadport.User, error) {
	u, err := a.Store.UserByEmail(ctx, strings.ToLower(strings.TrimSpace(email)))
	if leadport.ErrorCode(err) == leadport.ENOTFOUND {
		CheckPassword(dummyHash(), password)
		return nil, errBadLogin
	}
	if err != nil {
		return nil, err
	}
	if !CheckPassword(u.PasswordHash, password) {
		return nil, errBadLogin
	}
	return u, nil
}

var errBadLogin = leadport.Errorf(leadport.EUNAUTH, "Wrong email or password.")

// User returns the user with this email, for the CLI's --as: the person at
// the machine's console acts as that user.
func (a *App) User(ctx context.Context, email string) (*leadport.User, error) {
	u, err := a.Store.UserByEmail(ctx, strings.ToLower(strings.TrimSpace(email)))
	if leadport.ErrorCode(err) == leadport.ENOTFOUND {
		return nil, leadport.Errorf(leadport.ENOTFOUND, "No user has the email %q.", email)
	}
	return u, err
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
	acc, err := a.Store.CreateAccount(ctx, name)
	if leadport.ErrorCode(err) == leadport.ECONFLICT {
		return nil, leadport.Errorf(leadport.ECONFLICT, "An account named %q already exists.", name)
	}
	return acc, err
}

// Account returns an account by name.
func (a *App) Account(ctx context.Context, name string) (*leadport.Account, error) {
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
	if actor != nil {
		if err := leadport.CanManageUsers(actor); err != nil {
			return nil, err
		}
		nu.AccountID = actor.AccountID
		if nu.Role == leadport.RoleAdmin && actor.Role != leadport.RoleAdmin {
			return nil, leadport.Errorf(leadport.EFORBIDDEN, "Only an administrator can add another administrator.")
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
	hash, err := HashPassword(nu.Password)
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

// UpdateUser changes a user. People change their own name, language and
// password; admins and directors change anyone's of their account, including
// role and can_import.
func (a *App) UpdateUser(ctx context.Context, actor *leadport.User, id int64, ch UserChange) (*leadport.User, error) {
	u, err := a.Store.UserByID(ctx, id)
	if err != nil || u.AccountID != actor.AccountID {
		return nil, leadport.Errorf(leadport.ENOTFOUND, "User %d does not exist.", id)
	}
	manager := leadport.CanManageUsers(actor) == nil
	if !manager && (u.ID != actor.ID || ch.Role != nil || ch.CanImport != nil) {
		return nil, leadport.CanManageUsers(actor)
	}
	if ch.Role != nil {
		if !ch.Role.Valid() {
			return nil, leadport.Errorf(leadport.EINVALID, "%q is not a role.", *ch.Role)
		}
		if (*ch.Role == leadport.RoleAdmin || u.Role == leadport.RoleAdmin) && actor.Role != leadport.RoleAdmin && *ch.Role != u.Role {
			return nil, leadport.Errorf(leadport.EFORBIDDEN, "Only an administrator can give or take the administrator role.")
		}
		u.Role = *ch.Role
	}
	if ch.CanImport != nil {
		u.CanImport = *ch.CanImport
	}
	if ch.Name != nil && strings.TrimSpace(*ch.Name) != "" {
		u.Name = strings.TrimSpace(*ch.Name)
	}
	if ch.Locale != nil {
		if *ch.Locale != "en" && *ch.Locale != "fr" {
			return nil, leadport.Errorf(leadport.EINVALID, "The language must be en or fr.")
		}
		u.Locale = *ch.Locale
	}
	if ch.Password != nil {
		if len(*ch.Password) < 8 {
			return nil, leadport.Errorf(leadport.EINVALID, "The password must have at least 8 characters.")
		}
		if u.PasswordHash, err = HashPassword(*ch.Password); err != nil {
			return nil, err
		}
	}
	return u, a.Store.UpdateUser(ctx, u)
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

// UserByToken returns the user an API token secret belongs to.
func (a *App) UserByToken(ctx context.Context, secret string) (*leadport.User, error) {
	u, err := a.Store.UserByTokenHash(ctx, tokenHash(secret))
	if leadport.ErrorCode(err) == leadport.ENOTFOUND {
		return nil, leadport.Errorf(leadport.EUNAUTH, "This API token is not valid (revoked or mistyped).")
	}
	return u, err
}

func tokenHash(secret string) string {
	h := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(h[:])
}

// fileError turns a file-reading error into a message for people.
func fileError(err error) error {
	var fe *csvread.Error
	if errors.As(err, &fe) {
		return leadport.Errorf(leadport.EINVALID, "The file cannot be read: %s", fe.Error())
	}
	return err
}
