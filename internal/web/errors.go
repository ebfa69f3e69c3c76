package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/app"
)

// Handlers return an error; page, api and public turn it into a page or a
// JSON object with the right status, in one place (as pkgsite does).

type userHandler func(w http.ResponseWriter, r *http.Request, u *leadport.User) error

type publicHandler func(w http.ResponseWriter, r *http.Request) error

// localError is an error of this package, with its message in both languages.
type localError struct {
	code   string
	status int // 0: from code
	en, fr string
}

func (e *localError) Error() string { return e.en }

func errf(code, en, fr string) *localError { return &localError{code: code, en: en, fr: fr} }

var (
	errCrossOrigin = errf(leadport.EFORBIDDEN,
		"This request came from another site and was refused. Reload the page and try again.",
		"Cette requête venait d'un autre site et a été refusée. Rechargez la page et réessayez.")
	errLoginNeeded = errf(leadport.EUNAUTH,
		"Log in first, or send an API token as “Authorization: Bearer <token>”.",
		"Connectez-vous d'abord, ou envoyez un jeton d'API « Authorization: Bearer <jeton> ».")
	errPageNotFound = errf(leadport.ENOTFOUND, "This page does not exist.", "Cette page n'existe pas.")
)

// errorCode returns the code of any error this package or the others return.
func errorCode(err error) string {
	var le *localError
	if errors.As(err, &le) {
		return le.code
	}
	return leadport.ErrorCode(err)
}

// errorMessage returns the message for people, in locale where this package
// knows it; other packages' messages are in English.
func errorMessage(err error, locale string) string {
	var le *localError
	if errors.As(err, &le) {
		if locale == "fr" {
			return le.fr
		}
		return le.en
	}
	var empty *app.EmptyFileError
	if locale == "fr" && errors.As(err, &empty) {
		if empty.Sheet != "" {
			return "La feuille « " + empty.Sheet + " » a une ligne d'en-tête mais aucune ligne de données : il n'y a rien à en importer. Choisissez une autre feuille."
		}
		return "Ce fichier a une ligne d'en-tête mais aucune ligne de données : il n'y a rien à importer. Est-ce le bon fichier? Sa première ligne porte les noms des colonnes, et chaque ligne suivante un client."
	}
	if leadport.ErrorCode(err) == leadport.EINTERNAL {
		if locale == "fr" {
			return "Erreur interne. Elle a été consignée; réessayez dans un moment."
		}
		return "Internal error. It has been logged; try again in a moment."
	}
	return leadport.ErrorMessage(err)
}

func errorStatus(err error) int {
	var le *localError
	if errors.As(err, &le) && le.status != 0 {
		return le.status
	}
	switch errorCode(err) {
	case leadport.EINVALID:
		return http.StatusBadRequest
	case leadport.EUNAUTH:
		return http.StatusUnauthorized
	case leadport.EFORBIDDEN:
		return http.StatusForbidden
	case leadport.ENOTFOUND:
		return http.StatusNotFound
	case leadport.ECONFLICT:
		return http.StatusConflict
	}
	return http.StatusInternalServerError
}

// trackingWriter knows whether the response has started, so that an error
// after the first byte (a CSV stream cut short) is logged, not written into
// the body.
type trackingWriter struct {
	http.ResponseWriter
	started bool
}

func (t *trackingWriter) WriteHeader(code int) {
	t.started = true
	t.ResponseWriter.WriteHeader(code)
}

func (t *trackingWriter) Write(b []byte) (int, error) {
	t.started = true
	return t.ResponseWriter.Write(b)
}

func (t *trackingWriter) Unwrap() http.ResponseWriter { return t.ResponseWriter }

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// page serves a page to a logged-in user; others are sent to the login page.
func (s *Server) page(h userHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := viewerOf(r)
		if v.err != nil {
			s.fail(w, r, nil, v.err)
			return
		}
		if err := checkRoute(r); err != nil {
			s.fail(w, r, v.user, err)
			return
		}
		if v.user == nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.fail(w, r, nil, errLoginNeeded)
			return
		}
		tw := &trackingWriter{ResponseWriter: w}
		if err := h(tw, r, v.user); err != nil {
			if tw.started {
				s.log.Error("response cut short", "method", r.Method, "path", r.URL.Path, "err", err)
				return
			}
			s.fail(w, r, v.user, err)
		}
	})
}

// api serves a JSON API route to a user authenticated by session or token.
func (s *Server) api(h userHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := viewerOf(r)
		err := v.err
		if err == nil && v.user == nil {
			err = errLoginNeeded
		}
		if err == nil {
			err = checkRoute(r)
		}
		if err == nil {
			tw := &trackingWriter{ResponseWriter: w}
			if err = h(tw, r, v.user); err != nil && tw.started {
				s.log.Error("response cut short", "method", r.Method, "path", r.URL.Path, "err", err)
				return
			}
		}
		if err != nil {
			s.fail(w, r, v.user, err)
		}
	})
}

// public serves a page that needs no login.
func (s *Server) public(h publicHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := checkRoute(r)
		if err == nil {
			err = h(w, r)
		}
		if err != nil {
			s.fail(w, r, viewerOf(r).user, err)
		}
	})
}

type errorPage struct {
	base
	Status  int
	Heading string
	Message string
}

// fail answers with err: JSON under /api/, an error page elsewhere. An
// internal error is logged with its details and shown as "internal error".
func (s *Server) fail(w http.ResponseWriter, r *http.Request, u *leadport.User, err error) {
	status := errorStatus(err)
	if status == http.StatusInternalServerError {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	locale := "en"
	if u != nil {
		locale = u.Locale
	} else {
		locale = requestLocale(r)
	}
	if isAPI(r) || (r.Header.Get("Authorization") != "" && !strings.Contains(r.Header.Get("Accept"), "text/html")) {
		writeJSON(w, status, map[string]any{"error": map[string]string{
			"code": errorCode(err), "message": errorMessage(err, "en")}})
		return
	}
	if status == http.StatusUnauthorized && r.Method == http.MethodGet {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	data := errorPage{base: s.base(r, u, ""), Status: status, Message: errorMessage(err, locale)}
	data.Heading = data.L.T(headingKey(status))
	data.Title = data.Heading
	s.render(w, status, "error", &data)
}

func headingKey(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "err.invalid"
	case http.StatusUnauthorized:
		return "err.unauth"
	case http.StatusForbidden:
		return "err.forbidden"
	case http.StatusNotFound:
		return "err.notfound"
	case http.StatusConflict:
		return "err.conflict"
	case http.StatusTooManyRequests:
		return "err.throttled"
	}
	return "err.internal"
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	return errPageNotFound
}

func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	return errf(leadport.ENOTFOUND, "No such API route: "+r.Method+" "+r.URL.Path+".", "")
}
