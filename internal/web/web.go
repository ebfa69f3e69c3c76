// Package web serves Leadport's pages and its JSON API: login and sessions,
// the leads lists and the customer card, the Import module with its two-step
// wizard and live progress, users and API tokens.
//
// It holds no business rule: every action goes through internal/app, which
// checks the permissions, so the pages, the API and the CLI refuse the same
// things. It reads the store directly only for sessions.
//
// Pages are server-rendered from html/template files embedded in the binary
// (a layout plus one file per page, each page with its own data struct);
// one small hand-written script (static/app.js) does the live parts. There
// is no front-end build step. It does not run import workers: the command
// that serves the handler does.
package web

import (
	"embed"
	"errors"
	"io/fs"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/leadport/leadport/internal/app"
)

//go:embed templates static
var assets embed.FS

// Config is what New needs.
type Config struct {
	App    *app.App
	Logger *slog.Logger
	// Secure marks the session cookie Secure: set it when the server is
	// reached over HTTPS.
	Secure bool
	// MaxUploadBytes, if set, becomes App.MaxUpload: the largest import file accepted.
	MaxUploadBytes int64
}

// Server is the web application. Its routes are all in routes.
type Server struct {
	app       *app.App
	log       *slog.Logger
	sessions  *scs.SessionManager
	pages     map[string]*pageTemplate
	maxUpload int64
	store     sessionStore
	csrf      *http.CrossOriginProtection
	counts    *app.Counts // the wizard's whole-file counts

	cleanMu   sync.Mutex
	lastClean time.Time // of the expired sessions
}

// New returns the handler of the web pages and the JSON API.
func New(cfg Config) (http.Handler, error) {
	s, err := newServer(cfg)
	if err != nil {
		return nil, err
	}
	return s.handler(), nil
}

func newServer(cfg Config) (*Server, error) {
	if cfg.App == nil {
		return nil, errors.New("web: Config.App is nil")
	}
	if cfg.MaxUploadBytes > 0 {
		cfg.App.MaxUpload = cfg.MaxUploadBytes // app.UploadImport enforces it
	}
	s := &Server{app: cfg.App, log: cfg.Logger, maxUpload: cfg.App.MaxUpload,
		store:  sessionStore{store: cfg.App.Store, written: &sync.Map{}},
		counts: app.NewCounts(cfg.App, countSlots)}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	var err error
	if s.pages, err = parsePages(); err != nil {
		return nil, err
	}
	s.sessions = scs.New()
	s.sessions.Store = s.store
	// Both are enforced by the store: a session's row expires at the
	// earlier of the two, and FindSession ignores expired rows.
	s.sessions.Lifetime = sessionLifetime
	s.sessions.IdleTimeout = sessionIdle
	s.sessions.Cookie.Name = "leadport_session"
	s.sessions.Cookie.HttpOnly = true
	s.sessions.Cookie.SameSite = http.SameSiteLaxMode
	s.sessions.Cookie.Secure = cfg.Secure
	s.sessions.Cookie.Path = "/"
	s.sessions.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) {
		s.fail(w, r, nil, err)
	}

	// Browsers say where a request comes from (Sec-Fetch-Site, Origin); a
	// cross-origin POST is refused. Requests with an API token skip the
	// check (see tokenOrCSRF); programs send neither header anyway.
	s.csrf = http.NewCrossOriginProtection()
	s.csrf.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, nil, errCrossOrigin)
	}))
	return s, nil
}

func (s *Server) handler() http.Handler {
	mux := http.NewServeMux()
	s.routes(mux)
	h := s.checkParams(mux)
	h = s.authenticate(h)
	h = s.sessions.LoadAndSave(h)
	h = s.tokenOrCSRF(h)
	return securityHeaders(h)
}

// tokenOrCSRF checks the origin of cookie-authenticated requests only. A
// request with an Authorization header is authenticated by that header
// alone (authenticate ignores the cookie then), and a browser never adds
// it on its own to a request another site makes, as it does a cookie.
func (s *Server) tokenOrCSRF(next http.Handler) http.Handler {
	checked := s.csrf.Handler(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			next.ServeHTTP(w, r)
			return
		}
		checked.ServeHTTP(w, r)
	})
}

// routes lists every page and API route.
func (s *Server) routes(mux *http.ServeMux) {
	static, _ := fs.Sub(assets, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", cacheStatic(http.FileServerFS(static))))

	mux.Handle("GET /login", s.public(s.loginPage))
	mux.Handle("POST /login", s.public(s.login))
	mux.Handle("POST /logout", s.page(s.logout))
	mux.Handle("POST /locale", s.page(s.setLocale))

	mux.Handle("GET /{$}", s.page(s.home))
	mux.Handle("GET /leads", s.page(s.leadsPage))
	mux.Handle("GET /modules/{module}", s.page(s.leadsPage))
	mux.Handle("GET /leads/{id}", s.page(s.leadPage))
	mux.Handle("GET /leads/{id}/edit", s.page(s.editPage))
	mux.Handle("POST /leads/{id}/edit", s.page(s.saveEdit))

	mux.Handle("GET /imports", s.page(s.importsPage))
	mux.Handle("GET /imports/new", s.page(s.uploadPage))
	mux.Handle("POST /imports/new", s.page(s.upload))
	mux.Handle("GET /imports/template.csv", s.page(s.templateCSV))
	mux.Handle("GET /imports/{id}/setup", s.page(s.setupPage))
	mux.Handle("GET /imports/{id}/preview", s.page(s.previewFragment))
	mux.Handle("GET /imports/{id}/count", s.page(s.countEvents))
	mux.Handle("POST /imports/{id}/start", s.page(s.start))
	mux.Handle("POST /imports/{id}/discard", s.page(s.discard))
	mux.Handle("POST /imports/{id}/finalize", s.page(s.finalize))
	mux.Handle("POST /imports/{id}/revert", s.page(s.revert))
	mux.Handle("GET /imports/{id}/issues.csv", s.page(s.issues))

	mux.Handle("GET /users", s.page(s.usersPage))
	mux.Handle("POST /users", s.page(s.addUser))
	mux.Handle("POST /users/{id}", s.page(s.updateUser))
	mux.Handle("POST /users/{id}/deactivate", s.page(s.deactivateUser))
	mux.Handle("GET /tokens", s.page(s.tokensPage))
	mux.Handle("POST /tokens", s.page(s.createToken))
	mux.Handle("POST /tokens/{id}/revoke", s.page(s.revokeToken))

	mux.Handle("GET /api/me", s.api(s.apiMe))
	mux.Handle("GET /api/imports", s.api(s.apiImports))
	mux.Handle("POST /api/imports", s.api(s.apiCreateImport))
	mux.Handle("GET /api/imports/{id}", s.api(s.apiImport))
	mux.Handle("POST /api/imports/{id}/finalize", s.api(s.apiFinalize))
	mux.Handle("POST /api/imports/{id}/revert", s.api(s.apiRevert))
	mux.Handle("GET /api/imports/{id}/issues", s.api(s.apiIssues))
	mux.Handle("GET /api/leads", s.api(s.apiLeads))
	mux.Handle("GET /api/leads/export", s.api(s.apiExport))
	mux.Handle("GET /api/leads/{id}", s.api(s.apiLead))
	mux.Handle("GET /api/users", s.api(s.apiUsers))
	mux.Handle("POST /api/users/{id}/password", s.api(s.apiSetPassword))
	mux.Handle("POST /api/users/{id}/deactivate", s.api(s.apiDeactivate))
	mux.Handle("PATCH /api/leads/{id}", s.api(s.apiEditLead))
	mux.Handle("GET /api/leads/{id}/history", s.api(s.apiHistory))
	mux.Handle("/api/", s.api(s.apiNotFound))

	mux.Handle("/", s.page(s.notFound))
}

// securityHeaders sets the headers every response carries. The CSP allows
// no inline script or style: the one script and the one style sheet are
// static files.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
			"form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

func cacheStatic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		next.ServeHTTP(w, r)
	})
}
