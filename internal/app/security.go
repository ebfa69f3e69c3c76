package app

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/leadport/leadport"
)

// Login throttling (SPEC §10). The attempts are counted in the database, so
// that the limits hold across every instance serving it.
const (
	LoginWindow         = 15 * time.Minute
	MaxFailuresPerEmail = 5
	MaxFailuresPerAddr  = 50
)

// DraftLifetime is how long a file uploaded but never queued is kept (SPEC §6).
const DraftLifetime = 24 * time.Hour

// LoginRefused is a login that was not tried: too many failed attempts for
// the email or from the client address (RetryAt says until when), or too
// many logins being checked at once (Busy).
type LoginRefused struct {
	Busy    bool
	Email   bool // the email is blocked; else the client address
	RetryAt time.Time
}

func (e *LoginRefused) Error() string {
	switch {
	case e.Busy:
		return "Too many people are logging in right now. Try again in a few seconds."
	case e.Email:
		return fmt.Sprintf("Too many failed logins for this email. Try again after %s UTC.", e.RetryAt.UTC().Format("15:04"))
	}
	return fmt.Sprintf("Too many failed logins from your network. Try again after %s UTC.", e.RetryAt.UTC().Format("15:04"))
}

// Authenticate returns the user with this email and password; client is the
// address the attempt comes from. Whatever is wrong with the pair, the error
// says only that it is wrong. Each attempt counts against the email and the
// address until it succeeds; past the limits, or when all the password
// hashing slots are taken, it returns a *LoginRefused without checking.
func (a *App) Authenticate(ctx context.Context, email, password, client string) (*leadport.User, error) {
	if err := CheckText("The email", email, client); err != nil {
		return nil, err
	}
	email = strings.ToLower(strings.TrimSpace(email))
	// The slot first: a flood of logins is refused before it costs a write.
	if !a.hashing.acquire(ctx) {
		return nil, &LoginRefused{Busy: true, RetryAt: time.Now().Add(2 * time.Second)}
	}
	defer a.hashing.release()

	attempt := randomID()
	keys, limits := []string{throttleKey("email", email)}, []int{MaxFailuresPerEmail}
	if client != "" {
		keys, limits = append(keys, throttleKey("addr", client)), append(limits, MaxFailuresPerAddr)
	}
	now := time.Now()
	full, oldest, err := a.Store.ReserveLoginAttempt(ctx, attempt, keys, limits, now, now.Add(-LoginWindow))
	if err != nil {
		return nil, err
	}
	if full != "" {
		return nil, &LoginRefused{Email: full == keys[0], RetryAt: oldest.Add(LoginWindow)}
	}
	u, err := a.Store.UserByEmail(ctx, email)
	if leadport.ErrorCode(err) == leadport.ENOTFOUND {
		CheckPassword(dummyHash(), password)
		return nil, errBadLogin
	}
	if err != nil {
		a.Store.ForgetLoginAttempt(context.WithoutCancel(ctx), attempt, "")
		return nil, err
	}
	if !CheckPassword(u.PasswordHash, password) {
		return nil, errBadLogin
	}
	if err := a.Store.ForgetLoginAttempt(ctx, attempt, keys[0]); err != nil {
		return nil, err
	}
	if !u.Active() {
		return nil, leadport.Errorf(leadport.EFORBIDDEN, "The user %s has been deactivated. Ask an administrator or a director.", u.Email)
	}
	return u, nil
}

// throttleKey names what attempts are counted against, in a bounded size.
func throttleKey(kind, value string) string {
	if len(value) > 200 {
		h := sha256.Sum256([]byte(value))
		value = "sha256:" + hex.EncodeToString(h[:])
	}
	return kind + ":" + value
}

func randomID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// hashSlots bounds the password hashes under way (argon2id takes 19 MiB
// each): as many as the machine has cores, so that they do not slow each
// other down, and a few waiting at most, briefly. Past that, a login is
// refused at once: the memory stays bounded whatever comes in.
type hashSlots struct {
	slots      chan struct{}
	waiting    atomic.Int64
	maxWaiting int64
	maxWait    time.Duration
}

func newHashSlots(n int) *hashSlots {
	n = max(n, 1)
	return &hashSlots{slots: make(chan struct{}, n), maxWaiting: int64(2 * n), maxWait: time.Second}
}

func (h *hashSlots) acquire(ctx context.Context) bool {
	select {
	case h.slots <- struct{}{}:
		return true
	default:
	}
	if h.waiting.Add(1) > h.maxWaiting {
		h.waiting.Add(-1)
		return false
	}
	defer h.waiting.Add(-1)
	t := time.NewTimer(h.maxWait)
	defer t.Stop()
	select {
	case h.slots <- struct{}{}:
		return true
	case <-t.C:
	case <-ctx.Done():
	}
	return false
}

func (h *hashSlots) release() { <-h.slots }

// hashPassword hashes a new password in one of the hashing slots.
func (a *App) hashPassword(ctx context.Context, password string) (string, error) {
	if !a.hashing.acquire(ctx) {
		return "", leadport.Errorf(leadport.ECONFLICT, "The server is busy checking passwords. Try again in a few seconds.")
	}
	defer a.hashing.release()
	return HashPassword(password)
}

// Colleague returns the user with this email in the actor's account, for
// the CLI's --email.
func (a *App) Colleague(ctx context.Context, actor *leadport.User, email string) (*leadport.User, error) {
	u, err := a.Store.UserByEmail(ctx, strings.ToLower(strings.TrimSpace(email)))
	if leadport.ErrorCode(err) == leadport.ENOTFOUND || (err == nil && u.AccountID != actor.AccountID) {
		return nil, leadport.Errorf(leadport.ENOTFOUND, "No user of your dealership has the email %q.", email)
	}
	return u, err
}

// DeactivateUser deactivates a user (SPEC §10): their sessions and API
// tokens end at once and they can no longer log in; nothing they authored
// is removed. Who may: see leadport.CanChangeUser.
func (a *App) DeactivateUser(ctx context.Context, actor *leadport.User, id int64) (*leadport.User, error) {
	u, err := a.Store.UserByID(ctx, id)
	if leadport.ErrorCode(err) == leadport.ENOTFOUND || (err == nil && u.AccountID != actor.AccountID) {
		return nil, leadport.Errorf(leadport.ENOTFOUND, "User %d does not exist.", id)
	}
	if err != nil {
		return nil, err
	}
	if err := leadport.CanChangeUser(actor, u, leadport.Deactivate); err != nil {
		return nil, err
	}
	return a.Store.DeactivateUser(ctx, id, time.Now())
}

// touchToken records a token's use in the background, at most once a
// minute per token from this process (the store also skips a use recorded
// less than a minute before, by any process).
func (a *App) touchToken(hash string) {
	now := time.Now()
	if last, ok := a.tokenUsed.Load(hash); ok && now.Sub(last.(time.Time)) < time.Minute {
		return
	}
	a.tokenUsed.Store(hash, now)
	a.background.Add(1)
	go func() {
		defer a.background.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := a.Store.TouchToken(ctx, hash, now); err != nil {
			a.Logger.Warn("record API token use", "err", err)
		}
	}()
}

// Wait waits for the writes App does in the background (the record of API
// token use).
func (a *App) Wait() { a.background.Wait() }

// Housekeep deletes what has outlived its use as of now: drafts older than
// DraftLifetime with their files, expired sessions, old login attempts.
func (a *App) Housekeep(ctx context.Context, now time.Time) error {
	n, err := a.Store.DeleteDraftsBefore(ctx, now.Add(-DraftLifetime))
	if err != nil {
		return err
	}
	if n > 0 {
		a.Logger.Info("deleted drafts never saved", "drafts", n, "older_than", DraftLifetime)
	}
	if err := a.Store.DeleteExpiredSessions(ctx); err != nil {
		return err
	}
	if err := a.Store.DeleteLoginAttemptsBefore(ctx, now.Add(-LoginWindow)); err != nil {
		return err
	}
	a.tokenUsed.Range(func(k, v any) bool {
		if now.Sub(v.(time.Time)) > time.Minute {
			a.tokenUsed.Delete(k)
		}
		return true
	})
	return nil
}

// RunHousekeeping runs Housekeep now and then every interval until ctx ends.
// serve and work run it next to their import workers.
func (a *App) RunHousekeeping(ctx context.Context, interval time.Duration) {
	for {
		if err := a.Housekeep(ctx, time.Now()); err != nil && ctx.Err() == nil {
			a.Logger.Error("housekeeping", "err", err)
		}
		select {
		case <-time.After(interval):
		case <-ctx.Done():
			return
		}
	}
}
