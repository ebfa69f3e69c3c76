package web

import (
	"context"
	"errors"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/app"
)

// viewer is who makes a request: a user from the session cookie or from an
// API token, or nobody.
type viewer struct {
	user  *leadport.User
	token bool  // authenticated by an API token
	err   error // the token was refused, or the store failed
}

type viewerKey struct{}

func viewerOf(r *http.Request) viewer {
	v, _ := r.Context().Value(viewerKey{}).(viewer)
	return v
}

// authenticate finds the user of every request, once, so that no handler
// looks for it in its own way.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var v viewer
		if h := r.Header.Get("Authorization"); h != "" {
			v.token = true
			secret, ok := strings.CutPrefix(h, "Bearer ")
			if !ok || strings.TrimSpace(secret) == "" {
				v.err = errf(leadport.EUNAUTH, "The Authorization header must be “Bearer <token>”.",
					"L'en-tête Authorization doit être « Bearer <jeton> ».")
			} else {
				v.user, v.err = s.app.UserByToken(r.Context(), strings.TrimSpace(secret))
			}
		} else if id := s.sessions.GetInt64(r.Context(), sessUserID); id != 0 {
			u, err := s.app.UserByID(r.Context(), id)
			switch {
			case leadport.ErrorCode(err) == leadport.ENOTFOUND,
				err == nil && (!u.Active() || u.SessionEpoch != s.sessions.GetInt64(r.Context(), sessEpoch)):
				// Deactivated, or a new password since this session began
				// (SPEC §10): the session is over.
				if err := s.sessions.Destroy(r.Context()); err != nil {
					v.err = err
				}
			case err != nil:
				v.err = err
			default:
				v.user = u
			}
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), viewerKey{}, v)))
	})
}

type loginPage struct {
	base
	Email string
	Next  string
	Error string
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) error {
	if u := viewerOf(r).user; u != nil && !viewerOf(r).token {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return nil
	}
	data := loginPage{base: s.base(r, nil, ""), Next: safeNext(r.URL.Query().Get("next"))}
	data.Title = data.L.T("login.title")
	return s.render(w, http.StatusOK, "login", &data)
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	email := r.PostFormValue("email")
	data := loginPage{base: s.base(r, nil, ""), Email: email, Next: safeNext(r.PostFormValue("next"))}
	data.Title = data.L.T("login.title")
	u, err := s.app.Authenticate(r.Context(), email, r.PostFormValue("password"), clientAddr(r))
	var refused *app.LoginRefused
	if errors.As(err, &refused) {
		le := loginRefused(refused, data.Locale)
		if !refused.RetryAt.IsZero() {
			w.Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(time.Until(refused.RetryAt).Seconds())))))
		}
		data.Error = errorMessage(le, data.Locale)
		return s.render(w, le.status, "login", &data)
	}
	if leadport.ErrorCode(err) == leadport.EUNAUTH {
		data.Error = data.L.T("login.wrong")
		return s.render(w, http.StatusUnauthorized, "login", &data)
	}
	if leadport.ErrorCode(err) == leadport.EFORBIDDEN {
		data.Error = errorMessage(err, data.Locale)
		return s.render(w, http.StatusForbidden, "login", &data)
	}
	if err != nil {
		return err
	}
	// A new token at login: a token planted before login is worth nothing.
	if err := s.sessions.RenewToken(r.Context()); err != nil {
		return err
	}
	s.sessions.Put(r.Context(), sessUserID, u.ID)
	s.sessions.Put(r.Context(), sessEpoch, u.SessionEpoch)
	s.cleanSessions(r.Context())
	http.Redirect(w, r, data.Next, http.StatusSeeOther)
	return nil
}

// cleanSessions removes expired sessions, at most once an hour, on a login.
func (s *Server) cleanSessions(ctx context.Context) {
	s.cleanMu.Lock()
	due := time.Since(s.lastClean) > time.Hour
	if due {
		s.lastClean = time.Now()
	}
	s.cleanMu.Unlock()
	if due {
		s.store.forgetExpired(time.Now())
		if err := s.app.Store.DeleteExpiredSessions(ctx); err != nil {
			s.log.Warn("delete expired sessions", "err", err)
		}
	}
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	if err := s.sessions.Destroy(r.Context()); err != nil {
		return err
	}
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

// safeNext keeps a redirect target on this site.
func safeNext(next string) string {
	u, err := url.Parse(next)
	if next == "" || err != nil || u.IsAbs() || u.Host != "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") ||
		strings.Contains(next, "\\") {
		return "/"
	}
	return next
}

func (s *Server) setLocale(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	locale := r.PostFormValue("locale")
	if _, err := s.app.UpdateUser(r.Context(), u, u.ID, app.UserChange{Locale: &locale}); err != nil {
		return err
	}
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
	return nil
}

func (s *Server) home(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	http.Redirect(w, r, "/leads", http.StatusSeeOther)
	return nil
}
