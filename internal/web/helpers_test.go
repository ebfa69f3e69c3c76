package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/app"
	"github.com/leadport/leadport/internal/sqlstore"
)

const testPassword = "correct horse battery"

// env is a real Leadport: a SQLite file, the service layer and the web
// handler behind a real HTTP server.
type env struct {
	t       *testing.T
	app     *app.App
	server  *Server
	srv     *httptest.Server
	account *leadport.Account
	other   *leadport.Account // a second dealership
}

type envOption func(*Config)

func newEnv(t *testing.T, opts ...envOption) *env {
	t.Helper()
	store, err := sqlstore.Open(context.Background(), filepath.Join(t.TempDir(), "leadport.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	return newEnvOn(t, store, opts...)
}

// newEnvOn is newEnv on a given store (see storetest.Stores).
func newEnvOn(t *testing.T, store leadport.Store, opts ...envOption) *env {
	t.Helper()
	ctx := context.Background()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		logger = slog.New(slog.NewTextHandler(&testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	a := app.New(store, logger)
	var err error
	cfg := Config{App: a, Logger: logger}
	for _, o := range opts {
		o(&cfg)
	}
	s, err := newServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, app: a, server: s, srv: httptest.NewServer(s.handler())}
	t.Cleanup(e.srv.Close)
	if e.account, err = a.CreateAccount(ctx, "Garage Côté"); err != nil {
		t.Fatal(err)
	}
	if e.other, err = a.CreateAccount(ctx, "Autre Concession"); err != nil {
		t.Fatal(err)
	}
	return e
}

type testWriter struct{ t *testing.T }

func (w *testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// addUser adds a user to the env's account (or to acc if given).
func (e *env) addUser(email string, role leadport.Role, canImport bool, acc ...*leadport.Account) *leadport.User {
	e.t.Helper()
	accountID := e.account.ID
	if len(acc) > 0 {
		accountID = acc[0].ID
	}
	name := strings.SplitN(email, "@", 2)[0]
	u, err := e.app.AddUser(context.Background(), nil, app.NewUser{AccountID: accountID, Email: email,
		Name: strings.ToUpper(name[:1]) + name[1:] + " Test", Role: role, CanImport: canImport, Password: testPassword})
	if err != nil {
		e.t.Fatal(err)
	}
	return u
}

// client returns an HTTP client logged in as u, with its own cookies.
func (e *env) client(u *leadport.User) *http.Client {
	e.t.Helper()
	c := e.anonymous()
	resp, err := c.PostForm(e.srv.URL+"/login", url.Values{"email": {u.Email}, "password": {testPassword}})
	if err != nil {
		e.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/leads" {
		e.t.Fatalf("login as %s: status %d at %s", u.Email, resp.StatusCode, resp.Request.URL)
	}
	return c
}

func (e *env) anonymous() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar}
}

// token returns an API token of u.
func (e *env) token(u *leadport.User) string {
	e.t.Helper()
	secret, _, err := e.app.CreateToken(context.Background(), u, "test")
	if err != nil {
		e.t.Fatal(err)
	}
	return secret
}

// do sends a request with a bearer token (if token is not "") and returns
// the status and body.
func (e *env) do(c *http.Client, method, path, token string, body io.Reader, contentType string) (int, string) {
	e.t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c == nil {
		c = http.DefaultClient
	}
	resp, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// uploadBody builds a multipart body with a file and fields.
func uploadBody(t *testing.T, fileName string, file []byte, fields map[string]string) (io.Reader, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	if file != nil {
		fw, err := w.CreateFormFile("file", fileName)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(file)
	}
	w.Close()
	return &buf, w.FormDataContentType()
}

// apiImport creates an import through the API and returns its summary.
func (e *env) apiImport(token, fileName string, file []byte, fields map[string]string) leadport.Summary {
	e.t.Helper()
	body, ct := uploadBody(e.t, fileName, file, fields)
	status, resp := e.do(nil, "POST", "/api/imports", token, body, ct)
	if status != http.StatusCreated {
		e.t.Fatalf("POST /api/imports: %d %s", status, resp)
	}
	var s leadport.Summary
	if err := json.Unmarshal([]byte(resp), &s); err != nil {
		e.t.Fatal(err)
	}
	return s
}

// run runs a queued import to its end, as a worker would.
func (e *env) run(u *leadport.User, id int64) *leadport.Import {
	e.t.Helper()
	imp, err := e.app.RunNow(context.Background(), u, id, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	if imp.Status != leadport.StatusFinished {
		e.t.Fatalf("import %d: status %s (%s)", id, imp.Status, imp.Error)
	}
	return imp
}

// importCSV imports a UTF-8 CSV as u, runs it and returns it.
func (e *env) importCSV(u *leadport.User, csv string) *leadport.Import {
	e.t.Helper()
	return e.importCSVRule(u, "merge", csv)
}

// importCSVRule imports a UTF-8 CSV with a rule.
func (e *env) importCSVRule(u *leadport.User, rule, csv string) *leadport.Import {
	e.t.Helper()
	s := e.apiImport(e.token(u), "leads.csv", []byte(csv), map[string]string{"type": "event", "rule": rule})
	return e.run(u, s.ID)
}

func decodeJSON[T any](t *testing.T, s string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("decode %q: %v", s, err)
	}
	return v
}

// errorOf returns the code and message of a JSON error body.
func errorOf(t *testing.T, body string) (code, message string) {
	t.Helper()
	var v struct {
		Error struct{ Code, Message string }
	}
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("not a JSON error: %q", body)
	}
	return v.Error.Code, v.Error.Message
}

func pathf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

func appQuery(importID int64) app.LeadQuery { return app.LeadQuery{ImportID: importID} }
