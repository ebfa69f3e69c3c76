package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/leadport/leadport"
)

// CreateAccount creates an account; ECONFLICT if the name is taken.
func (s *Store) CreateAccount(ctx context.Context, name string) (*leadport.Account, error) {
	a := &leadport.Account{Name: name, CreatedAt: now()}
	err := s.db.QueryRowContext(ctx, "INSERT INTO accounts (name, created_at) VALUES ($1, $2) RETURNING id",
		a.Name, a.CreatedAt.UnixMicro()).Scan(&a.ID)
	if isUnique(err) {
		return nil, leadport.Errorf(leadport.ECONFLICT, "An account named %q already exists.", name)
	} else if err != nil {
		return nil, fmt.Errorf("insert account: %w", err)
	}
	return a, nil
}

// AccountByID returns an account.
func (s *Store) AccountByID(ctx context.Context, id int64) (*leadport.Account, error) {
	return s.account(ctx, "id = $1", id, fmt.Sprintf("Account %d does not exist.", id))
}

// AccountByName returns an account.
func (s *Store) AccountByName(ctx context.Context, name string) (*leadport.Account, error) {
	return s.account(ctx, "name = $1", name, fmt.Sprintf("No account is named %q.", name))
}

func (s *Store) account(ctx context.Context, where string, arg any, notFound string) (*leadport.Account, error) {
	var a leadport.Account
	var created int64
	err := s.read.QueryRowContext(ctx, "SELECT id, name, created_at FROM accounts WHERE "+where, arg).Scan(&a.ID, &a.Name, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, leadport.Errorf(leadport.ENOTFOUND, "%s", notFound)
	} else if err != nil {
		return nil, fmt.Errorf("select account: %w", err)
	}
	a.CreatedAt = fromMicros(created)
	return &a, nil
}

// CreateUser creates u, setting its ID and CreatedAt; ECONFLICT if the email
// is taken (emails are compared lower-case).
func (s *Store) CreateUser(ctx context.Context, u *leadport.User) error {
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	u.CreatedAt = now()
	err := s.db.QueryRowContext(ctx, `INSERT INTO users (account_id, email, name, role, can_import, locale, password_hash, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		u.AccountID, u.Email, u.Name, string(u.Role), u.CanImport, u.Locale, u.PasswordHash, u.CreatedAt.UnixMicro()).Scan(&u.ID)
	if isUnique(err) {
		return leadport.Errorf(leadport.ECONFLICT, "A user with the email %s already exists.", u.Email)
	} else if err != nil {
		return fmt.Errorf("insert user: %w", err)
	}
	return nil
}

// UpdateUser saves u's name, role, can_import, locale and password hash.
func (s *Store) UpdateUser(ctx context.Context, u *leadport.User) error {
	res, err := s.db.ExecContext(ctx, `UPDATE users SET name = $1, role = $2, can_import = $3, locale = $4, password_hash = $5 WHERE id = $6`,
		u.Name, string(u.Role), u.CanImport, u.Locale, u.PasswordHash, u.ID)
	if err != nil {
		return fmt.Errorf("update user %d: %w", u.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return leadport.Errorf(leadport.ENOTFOUND, "User %d does not exist.", u.ID)
	}
	return nil
}

const userColumns = "id, account_id, email, name, role, can_import, locale, password_hash, created_at, deactivated_at, session_epoch"

func scanUser(sc interface{ Scan(...any) error }) (*leadport.User, error) {
	var u leadport.User
	var created int64
	var deactivated sql.NullInt64
	err := sc.Scan(&u.ID, &u.AccountID, &u.Email, &u.Name, &u.Role, &u.CanImport, &u.Locale, &u.PasswordHash, &created,
		&deactivated, &u.SessionEpoch)
	if err != nil {
		return nil, err
	}
	u.CreatedAt, u.DeactivatedAt = fromMicros(created), timePtr(deactivated)
	return &u, nil
}

// UserByID returns a user.
func (s *Store) UserByID(ctx context.Context, id int64) (*leadport.User, error) {
	u, err := scanUser(s.read.QueryRowContext(ctx, "SELECT "+userColumns+" FROM users WHERE id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, leadport.Errorf(leadport.ENOTFOUND, "User %d does not exist.", id)
	} else if err != nil {
		return nil, fmt.Errorf("select user %d: %w", id, err)
	}
	return u, nil
}

// UserByEmail returns the user with that email, compared lower-case.
func (s *Store) UserByEmail(ctx context.Context, email string) (*leadport.User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	u, err := scanUser(s.read.QueryRowContext(ctx, "SELECT "+userColumns+" FROM users WHERE email = $1", email))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, leadport.Errorf(leadport.ENOTFOUND, "No user has the email %s.", email)
	} else if err != nil {
		return nil, fmt.Errorf("select user by email: %w", err)
	}
	return u, nil
}

// ListUsers returns the account's users by name.
func (s *Store) ListUsers(ctx context.Context, accountID int64) ([]*leadport.User, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT "+userColumns+" FROM users WHERE account_id = $1 ORDER BY name, id", accountID)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	var us []*leadport.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("list users: %w", err)
		}
		us = append(us, u)
	}
	return us, rows.Err()
}

// FindSession returns the data of an unexpired session.
func (s *Store) FindSession(ctx context.Context, token string) ([]byte, bool, error) {
	var data []byte
	err := s.read.QueryRowContext(ctx, "SELECT data FROM sessions WHERE token = $1 AND expiry > $2", token, now().UnixMicro()).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	} else if err != nil {
		return nil, false, fmt.Errorf("select session: %w", err)
	}
	return data, true, nil
}

// CommitSession stores or replaces a session.
func (s *Store) CommitSession(ctx context.Context, token string, data []byte, expiry time.Time) error {
	if data == nil {
		data = []byte{}
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO sessions (token, data, expiry) VALUES ($1, $2, $3)
		ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`, token, data, expiry.UnixMicro())
	if err != nil {
		return fmt.Errorf("save session: %w", err)
	}
	return nil
}

// DeleteSession removes a session.
func (s *Store) DeleteSession(ctx context.Context, token string) error {
	if _, err := s.db.ExecContext(ctx, "DELETE FROM sessions WHERE token = $1", token); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// DeleteExpiredSessions removes the sessions that have expired.
func (s *Store) DeleteExpiredSessions(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, "DELETE FROM sessions WHERE expiry < $1", now().UnixMicro()); err != nil {
		return fmt.Errorf("delete expired sessions: %w", err)
	}
	return nil
}

// CreateToken stores an API token, setting its ID and CreatedAt.
func (s *Store) CreateToken(ctx context.Context, t *leadport.Token) error {
	t.CreatedAt = now()
	t.LastUsedAt = nil
	err := s.db.QueryRowContext(ctx, "INSERT INTO api_tokens (user_id, name, hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
		t.UserID, t.Name, t.Hash, t.CreatedAt.UnixMicro()).Scan(&t.ID)
	if isUnique(err) {
		return leadport.Errorf(leadport.ECONFLICT, "This API token already exists.")
	} else if err != nil {
		return fmt.Errorf("insert API token: %w", err)
	}
	return nil
}

// ListTokens returns the user's API tokens, oldest first.
func (s *Store) ListTokens(ctx context.Context, userID int64) ([]*leadport.Token, error) {
	rows, err := s.read.QueryContext(ctx, "SELECT id, user_id, name, hash, created_at, last_used_at FROM api_tokens WHERE user_id = $1 ORDER BY id", userID)
	if err != nil {
		return nil, fmt.Errorf("list API tokens: %w", err)
	}
	defer rows.Close()
	var ts []*leadport.Token
	for rows.Next() {
		var t leadport.Token
		var created int64
		var used sql.NullInt64
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, &t.Hash, &created, &used); err != nil {
			return nil, fmt.Errorf("list API tokens: %w", err)
		}
		t.CreatedAt, t.LastUsedAt = fromMicros(created), timePtr(used)
		ts = append(ts, &t)
	}
	return ts, rows.Err()
}

// DeleteToken removes one of the user's API tokens.
func (s *Store) DeleteToken(ctx context.Context, userID, tokenID int64) error {
	res, err := s.db.ExecContext(ctx, "DELETE FROM api_tokens WHERE id = $1 AND user_id = $2", tokenID, userID)
	if err != nil {
		return fmt.Errorf("delete API token: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return leadport.Errorf(leadport.ENOTFOUND, "API token %d does not exist.", tokenID)
	}
	return nil
}

// UserByTokenHash returns the owner of the API token with that hash. It
// only reads: the use is recorded by TouchToken, at most once a minute.
func (s *Store) UserByTokenHash(ctx context.Context, hash string) (*leadport.User, error) {
	u, err := scanUser(s.read.QueryRowContext(ctx, "SELECT "+prefixed("u.", userColumns)+
		" FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = $1", hash))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, leadport.Errorf(leadport.ENOTFOUND, "This API token is not valid.")
	} else if err != nil {
		return nil, fmt.Errorf("select API token: %w", err)
	}
	return u, nil
}

// prefixed qualifies every column of a comma-separated list.
func prefixed(prefix, columns string) string {
	cols := strings.Split(columns, ", ")
	for i, c := range cols {
		cols[i] = prefix + c
	}
	return strings.Join(cols, ", ")
}
