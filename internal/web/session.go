package web

import (
	"context"
	"crypto/sha256"
	"fmt"
	"maps"
	"math"
	"net"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/app"
)

// sessionStore keeps the scs sessions in Leadport's store, so that any
// instance serving the same database knows every session.
//
// With an idle timeout, scs commits the session on every request to push
// its expiry forward, and the Import module polls every second. The store
// skips a commit that changes nothing but an expiry less than a minute
// later than the one it last wrote: a session then ends between 1:59 and
// 2:00 after its last use, and an open page costs one write a minute.
type sessionStore struct {
	store   leadport.Store
	written *sync.Map // token → committed
}

type committed struct {
	sum    [sha256.Size]byte
	expiry time.Time
}

// commitSlack is how much later an expiry may be before it is written.
const commitSlack = time.Minute

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
	sum := sessionSum(b)
	if c, ok := s.written.Load(token); ok {
		if c := c.(committed); c.sum == sum && expiry.Sub(c.expiry) < commitSlack && !expiry.Before(c.expiry) {
			return nil
		}
	}
	if err := s.store.CommitSession(ctx, token, b, expiry); err != nil {
		return err
	}
	s.written.Store(token, committed{sum: sum, expiry: expiry})
	return nil
}

// sessionSum identifies a session's content, whatever order its encoding
// gave its values: scs encodes them from a map, in Go's random order, so
// that the same session encoded twice may differ byte for byte, and
// comparing bytes wrote it again on some requests.
func sessionSum(b []byte) [sha256.Size]byte {
	deadline, values, err := scs.GobCodec{}.Decode(b)
	if err != nil {
		return sha256.Sum256(b)
	}
	keys := slices.Sorted(maps.Keys(values))
	h := sha256.New()
	fmt.Fprintf(h, "%d\n", deadline.UnixNano())
	for _, k := range keys {
		fmt.Fprintf(h, "%q=%T:%#v\n", k, values[k], values[k])
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum
}

func (s sessionStore) DeleteCtx(ctx context.Context, token string) error {
	s.written.Delete(token)
	return s.store.DeleteSession(ctx, token)
}

// forgetExpired drops what the store remembers of sessions now expired.
func (s sessionStore) forgetExpired(now time.Time) {
	s.written.Range(func(k, v any) bool {
		if v.(committed).expiry.Before(now) {
			s.written.Delete(k)
		}
		return true
	})
}

// Session keys.
const (
	sessUserID = "user_id"
	sessFlash  = "flash"
	// sessFlashImport is the import a flash message is about ("… is
	// queued"), so that the Import module hides it once the import is done.
	sessFlashImport = "flash_import"
	sessSecret      = "token_secret"
	sessEpoch       = "epoch" // the user's SessionEpoch at login
)

// Session lifetimes (SPEC §10): at most 12 hours, and 2 hours without use.
const (
	sessionLifetime = 12 * time.Hour
	sessionIdle     = 2 * time.Hour
)

func loginRefused(e *app.LoginRefused, locale string) *localError {
	status := http.StatusTooManyRequests
	var en, fr string
	at := e.RetryAt.UTC().Format("15:04")
	mins := int(math.Ceil(time.Until(e.RetryAt).Minutes()))
	switch {
	case e.Busy:
		status = http.StatusServiceUnavailable
		en = "Too many people are logging in right now. Try again in a few seconds."
		fr = "Trop de connexions en ce moment. Réessayez dans quelques secondes."
	case e.Email:
		en = fmt.Sprintf("Too many failed logins for this email. Try again after %s UTC (in %d min).", at, mins)
		fr = fmt.Sprintf("Trop de tentatives de connexion échouées pour ce courriel. Réessayez après %s UTC (dans %d min).", at, mins)
	default:
		en = fmt.Sprintf("Too many failed logins from your network. Try again after %s UTC (in %d min).", at, mins)
		fr = fmt.Sprintf("Trop de tentatives de connexion échouées depuis votre réseau. Réessayez après %s UTC (dans %d min).", at, mins)
	}
	return &localError{code: leadport.ECONFLICT, status: status, en: en, fr: fr}
}

// clientAddr is the address a request comes from, for login throttling:
// the peer's IP. A proxy in front of Leadport makes every client the
// proxy's address; see README.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
