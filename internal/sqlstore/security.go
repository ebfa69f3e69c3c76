package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/leadport/leadport"
)

// SetPassword saves a new password hash, bumps the user's session epoch and
// deletes the user's API tokens, in one transaction (SPEC §10).
func (s *Store) SetPassword(ctx context.Context, userID int64, hash string) (*leadport.User, error) {
	return s.endAccess(ctx, userID, "password_hash = $2", hash)
}

// DeactivateUser marks the user deactivated, bumps the session epoch and
// deletes the user's API tokens, in one transaction (SPEC §10).
func (s *Store) DeactivateUser(ctx context.Context, userID int64, at time.Time) (*leadport.User, error) {
	return s.endAccess(ctx, userID, "deactivated_at = COALESCE(deactivated_at, $2)", at.UTC().UnixMicro())
}

// endAccess applies set (with $2 = arg) to the user and ends everything
// that lets the user in: sessions (through the epoch) and API tokens.
func (s *Store) endAccess(ctx context.Context, userID int64, set string, arg any) (*leadport.User, error) {
	var u *leadport.User
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE users SET "+set+", session_epoch = session_epoch + 1 WHERE id = $1", userID, arg)
		if err != nil {
			return fmt.Errorf("update user %d: %w", userID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return leadport.Errorf(leadport.ENOTFOUND, "User %d does not exist.", userID)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM api_tokens WHERE user_id = $1", userID); err != nil {
			return fmt.Errorf("delete API tokens of user %d: %w", userID, err)
		}
		u, err = scanUser(tx.QueryRowContext(ctx, "SELECT "+userColumns+" FROM users WHERE id = $1", userID))
		if err != nil {
			return fmt.Errorf("select user %d: %w", userID, err)
		}
		return nil
	})
	return u, err
}

// TouchToken records the token's use unless it was recorded in the last
// minute: a token used every second costs one write a minute.
func (s *Store) TouchToken(ctx context.Context, hash string, at time.Time) error {
	_, err := s.db.ExecContext(ctx, "UPDATE api_tokens SET last_used_at = $1 WHERE hash = $2 AND (last_used_at IS NULL OR last_used_at <= $3)",
		at.UTC().UnixMicro(), hash, at.Add(-time.Minute).UTC().UnixMicro())
	if err != nil {
		return fmt.Errorf("record API token use: %w", err)
	}
	return nil
}

// ReserveLoginAttempt counts one attempt against every subject, or none.
//
// Concurrent attempts are serialised per subject by a lock on its row of
// login_keys (taken by the upsert; SQLite's one writer serialises anyway),
// and each attempt is a conditional insert that counts the window in the
// same statement: under READ COMMITTED, PostgreSQL takes the insert's
// snapshot after the lock is granted, so it sees every attempt committed
// before it. Subjects are locked in sorted order, so two attempts never
// wait on each other.
func (s *Store) ReserveLoginAttempt(ctx context.Context, attempt string, keys []string, limits []int, at, since time.Time) (string, time.Time, error) {
	if len(keys) != len(limits) {
		return "", time.Time{}, errors.New("ReserveLoginAttempt: keys and limits differ in length")
	}
	order := make([]int, len(keys))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		switch {
		case keys[a] < keys[b]:
			return -1
		case keys[a] > keys[b]:
			return 1
		}
		return 0
	})
	var full string
	var oldest time.Time
	errFull := errors.New("full")
	err := s.tx(ctx, func(tx *sql.Tx) error {
		for _, i := range order {
			if _, err := tx.ExecContext(ctx, `INSERT INTO login_keys (subject) VALUES ($1)
				ON CONFLICT (subject) DO UPDATE SET subject = excluded.subject`, keys[i]); err != nil {
				return fmt.Errorf("lock login subject: %w", err)
			}
		}
		for _, i := range order {
			res, err := tx.ExecContext(ctx, `INSERT INTO login_attempts (subject, at, attempt)
				SELECT $1, $2, $3 WHERE (SELECT count(*) FROM login_attempts WHERE subject = $1 AND at > $4) < $5`,
				keys[i], at.UTC().UnixMicro(), attempt, since.UTC().UnixMicro(), limits[i])
			if err != nil {
				return fmt.Errorf("count login attempt: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				var first int64
				if err := tx.QueryRowContext(ctx, "SELECT COALESCE(min(at), $2) FROM login_attempts WHERE subject = $1 AND at > $2",
					keys[i], since.UTC().UnixMicro()).Scan(&first); err != nil {
					return fmt.Errorf("oldest login attempt: %w", err)
				}
				full, oldest = keys[i], fromMicros(first)
				return errFull // rolls back what this attempt counted
			}
		}
		return nil
	})
	if errors.Is(err, errFull) {
		return full, oldest, nil
	}
	return "", time.Time{}, err
}

// ForgetLoginAttempt removes one attempt and, if clearKey is set, every
// attempt against that subject.
func (s *Store) ForgetLoginAttempt(ctx context.Context, attempt, clearKey string) error {
	_, err := s.db.ExecContext(ctx, "DELETE FROM login_attempts WHERE attempt = $1 OR subject = $2", attempt, clearKey)
	if err != nil {
		return fmt.Errorf("forget login attempt: %w", err)
	}
	return nil
}

// DeleteLoginAttemptsBefore forgets the attempts older than cutoff and the
// subjects left without any.
func (s *Store) DeleteLoginAttemptsBefore(ctx context.Context, cutoff time.Time) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM login_attempts WHERE at < $1", cutoff.UTC().UnixMicro()); err != nil {
			return fmt.Errorf("delete old login attempts: %w", err)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM login_keys WHERE NOT EXISTS (SELECT 1 FROM login_attempts a WHERE a.subject = login_keys.subject)"); err != nil {
			return fmt.Errorf("delete old login subjects: %w", err)
		}
		return nil
	})
}

// DeleteDraftsBefore deletes the drafts created before cutoff; their stored
// files go with them (import_chunks cascades).
func (s *Store) DeleteDraftsBefore(ctx context.Context, cutoff time.Time) (int, error) {
	var n int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		const drafts = "SELECT id FROM imports WHERE status = 'draft' AND created_at < $1"
		if _, err := tx.ExecContext(ctx, "DELETE FROM import_chunks WHERE import_id IN ("+drafts+")", cutoff.UTC().UnixMicro()); err != nil {
			return fmt.Errorf("delete old drafts' files: %w", err)
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM imports WHERE status = 'draft' AND created_at < $1", cutoff.UTC().UnixMicro())
		if err != nil {
			return fmt.Errorf("delete old drafts: %w", err)
		}
		n, _ = res.RowsAffected()
		return nil
	})
	return int(n), err
}
