package web

import (
	"context"
	"fmt"
	"math"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/leadport/leadport"
)

// sessionStore keeps the scs sessions in Leadport's store, so that any
// instance serving the same database knows every session.
type sessionStore struct{ store leadport.Store }

func (s sessionStore) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

func (s sessionStore) Commit(token string, b []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, b, expiry)
}

func (s sessionStore) Delete(token string) error { return s.DeleteCtx(context.Background(), token) }

func (s sessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	return s.store.FindSession(ctx, token)
}

func (s sessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	return s.store.CommitSession(ctx, token, b, expiry)
}

func (s sessionStore) DeleteCtx(ctx context.Context, token string) error {
	return s.store.DeleteSession(ctx, token)
}

// Session keys.
const (
	sessUserID = "user_id"
	sessFlash  = "flash"
	// sessFlashImport is the import a flash message is about ("… is
	// queued"), so that the Import module hides it once the import is done.
	sessFlashImport = "flash_import"
	sessSecret      = "token_secret"
)

// throttle slows down password guessing: after maxFailures failed logins
// for one email from one address, the next try must wait, twice as long
// after each further failure (up to maxWait). It is in memory: a restart
// forgets it, which only costs an attacker a restart's worth of tries.
type throttle struct {
	mu    sync.Mutex
	fails map[string]*failures
	now   func() time.Time
}

type failures struct {
	n     int
	until time.Time // no try before then
	last  time.Time
}

const (
	maxFailures = 5
	firstWait   = 30 * time.Second
	maxWait     = 15 * time.Minute
)

func newThrottle() *throttle {
	return &throttle{fails: make(map[string]*failures), now: time.Now}
}

func throttleKey(email string, r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return strings.ToLower(strings.TrimSpace(email)) + "\x00" + host
}

// wait returns how long the key must still wait before a try; 0 if none.
func (t *throttle) wait(key string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	f := t.fails[key]
	if f == nil {
		return 0
	}
	return max(f.until.Sub(t.now()), 0)
}

// fail records a failed try.
func (t *throttle) fail(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if len(t.fails) > 10000 {
		for k, f := range t.fails {
			if now.Sub(f.last) > time.Hour {
				delete(t.fails, k)
			}
		}
	}
	f := t.fails[key]
	if f == nil || now.Sub(f.last) > time.Hour {
		f = &failures{}
		t.fails[key] = f
	}
	f.n++
	f.last = now
	if f.n >= maxFailures {
		d := time.Duration(float64(firstWait) * math.Pow(2, float64(f.n-maxFailures)))
		f.until = now.Add(min(d, maxWait))
	}
}

// succeed forgets the key's failures.
func (t *throttle) succeed(key string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.fails, key)
}

func throttled(d time.Duration) error {
	secs := int(math.Ceil(d.Seconds()))
	return &localError{
		code: leadport.ECONFLICT, status: http.StatusTooManyRequests,
		en: fmt.Sprintf("Too many failed logins. Try again in %d seconds.", secs),
		fr: fmt.Sprintf("Trop de tentatives de connexion échouées. Réessayez dans %d secondes.", secs),
	}
}
