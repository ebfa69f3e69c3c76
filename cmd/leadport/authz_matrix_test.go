package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/app"
	"github.com/leadport/leadport/internal/sqlstore"
	"github.com/leadport/leadport/internal/web"
)

// The authorization matrix (SPEC §6, §10): who may do what, in one table,
// run through the web pages, the JSON API and the CLI alike.
//
// importMatrix: one row per action and state of the import it acts on; one
// column per member of the test dealership (role × can_import), the owner of
// the import first, and a director of another dealership last.
//
//	Y  allowed, and done
//	C  allowed, but the import's state refuses it (409 / a conflict message)
//	N  refused (403 or 404 / a message saying who may)
//
// In the state "orphaned" the import's owner can no longer import (his
// can_import was cleared), and "owner" is that former owner.
var matrixActors = []string{"owner", "director", "bdcDir", "noImport", "admin", "manager", "agent", "advisor", "outsider"}

var importMatrix = []struct{ cells, action, state string }{
	// owner director bdcDir noImport admin manager agent advisor outsider, in that order:
	// o d b n a m g v x
	{"Y Y Y N Y N N N N", "show import", "finished"},
	{"N Y Y N Y N N N N", "show import", "orphaned"},
	{"Y N N N N N N N N", "issue report", "finished"},
	{"Y Y Y N Y N N N N", "issue report", "finalized"},
	{"N Y Y N N N N N N", "issue report", "orphaned"},
	{"Y N N N N N N N N", "finalize", "finished"},
	{"Y N N N N N N N N", "finalize", "finalized"},
	{"N Y Y N N N N N N", "finalize", "orphaned"},
	{"Y N N N N N N N N", "revert", "finished"},
	{"C N N N N N N N N", "revert", "finalized"},
	{"N Y Y N N N N N N", "revert", "orphaned"},
	{"Y N N N N N N N N", "set up draft", "draft"},
	{"Y N N N N N N N N", "save draft", "draft"},
	{"Y N N N N N N N N", "discard draft", "draft"},
	{"Y Y Y N N N N N Y", "start import", "-"},
	{"Y Y Y N Y N N N Y", "list imports", "-"},
	{"Y Y Y Y Y Y Y Y Y", "list leads", "-"},
	{"Y Y Y Y Y Y Y Y N", "read lead", "finalized"},
	{"Y Y Y Y N Y Y Y N", "edit lead", "finalized"},
	{"Y Y Y Y Y Y Y Y Y", "own profile", "-"},
	{"Y Y N Y Y N N N Y", "list users", "-"},
}

// userMatrix: what an actor may do to a user of each role (SPEC §10). The
// last column is the actor himself.
var userMatrixTargets = []leadport.Role{leadport.RoleAdmin, leadport.RoleDirector, leadport.RoleManager, "self"}

var userMatrix = []struct {
	actor  leadport.Role
	action leadport.UserAction
	cells  string // admin director manager self
}{
	{leadport.RoleAdmin, leadport.SetPassword, "Y Y Y Y"},
	{leadport.RoleAdmin, leadport.SetRole, "Y Y Y N"},
	{leadport.RoleAdmin, leadport.SetCanImport, "Y Y Y N"},
	{leadport.RoleAdmin, leadport.Deactivate, "Y Y Y N"},
	{leadport.RoleDirector, leadport.SetPassword, "N Y Y Y"},
	{leadport.RoleDirector, leadport.SetRole, "N Y Y N"},
	{leadport.RoleDirector, leadport.SetCanImport, "N Y Y N"},
	{leadport.RoleDirector, leadport.Deactivate, "N Y Y N"},
	{leadport.RoleManager, leadport.SetPassword, "N N N Y"},
	{leadport.RoleManager, leadport.SetRole, "N N N N"},
	{leadport.RoleManager, leadport.SetCanImport, "N N N N"},
	{leadport.RoleManager, leadport.Deactivate, "N N N N"},
}

// request is one HTTP request of an action: the route as registered in
// internal/web/web.go, and how to fill it in.
type request struct {
	route string // "METHOD /pattern"
	form  func(m *matrixEnv) url.Values
	file  bool // a multipart upload of matrixCSV in the part "file", with form as fields
}

// matrixActions says how each action of the matrices runs through each
// interface. Every route of internal/web/web.go must be in one of them, or
// in unguardedRoutes (see TestRouteInventory).
var matrixActions = map[string]struct {
	web, api []request
	cli      func(id string) []string
}{
	"show import": {api: []request{{route: "GET /api/imports/{id}"}},
		cli: func(id string) []string { return []string{"imports", "show", id} }},
	"issue report": {web: []request{{route: "GET /imports/{id}/issues.csv"}}, api: []request{{route: "GET /api/imports/{id}/issues"}},
		cli: func(id string) []string { return []string{"imports", "issues", id} }},
	"finalize": {web: []request{{route: "POST /imports/{id}/finalize"}}, api: []request{{route: "POST /api/imports/{id}/finalize"}},
		cli: func(id string) []string { return []string{"imports", "finalize", id} }},
	"revert": {web: []request{{route: "POST /imports/{id}/revert"}}, api: []request{{route: "POST /api/imports/{id}/revert"}},
		cli: func(id string) []string { return []string{"imports", "revert", id} }},
	"set up draft": {web: []request{{route: "GET /imports/{id}/setup"}, {route: "GET /imports/{id}/preview"}, {route: "GET /imports/{id}/count"}}},
	"save draft": {web: []request{{route: "POST /imports/{id}/start", form: func(*matrixEnv) url.Values {
		return url.Values{"type": {"event"}, "rule": {"merge"}} // the suggested mapping
	}}}},
	"discard draft": {web: []request{{route: "POST /imports/{id}/discard"}}},
	"start import": {web: []request{{route: "GET /imports/new"}, {route: "GET /imports/template.csv"}, {route: "POST /imports/new", file: true}},
		api: []request{{route: "POST /api/imports", file: true, form: func(*matrixEnv) url.Values {
			return url.Values{"type": {"event"}, "rule": {"merge"}, "map": {"auto"}, "dry_run": {"1"}}
		}}},
		cli: func(string) []string {
			return []string{"import", "--file", "testdata/first_import.csv", "--type", "event", "--rule", "merge", "--dry-run"}
		}},
	"list imports": {web: []request{{route: "GET /imports"}}, api: []request{{route: "GET /api/imports"}},
		cli: func(string) []string { return []string{"imports", "list"} }},
	"list leads": {web: []request{{route: "GET /{$}"}, {route: "GET /leads"}, {route: "GET /modules/{module}"}},
		api: []request{{route: "GET /api/leads"}, {route: "GET /api/leads/export"}},
		cli: func(string) []string { return []string{"leads", "export"} }},
	"read lead": {web: []request{{route: "GET /leads/{id}"}}, api: []request{{route: "GET /api/leads/{id}"}, {route: "GET /api/leads/{id}/history"}}},
	// An empty edit: allowed, it changes nothing (internal/web TestCardEditOverHTTP edits for real).
	"edit lead": {web: []request{{route: "GET /leads/{id}/edit"}, {route: "POST /leads/{id}/edit"}}, api: []request{{route: "PATCH /api/leads/{id}"}}},
	"own profile": {web: []request{{route: "GET /tokens"}, {route: "POST /tokens"}, {route: "POST /tokens/{id}/revoke"},
		{route: "POST /locale", form: func(*matrixEnv) url.Values { return url.Values{"locale": {"en"}} }}},
		api: []request{{route: "GET /api/me"}}},
	"list users": {web: []request{{route: "GET /users"}, {route: "POST /users", form: func(m *matrixEnv) url.Values {
		m.seq++
		return url.Values{"name": {"New Advisor"}, "email": {fmt.Sprintf("new%d@garage.test", m.seq)}, "role": {"advisor"}, "password": {"long enough"}}
	}}},
		api: []request{{route: "GET /api/users"}}},
	// The user actions of userMatrix.
	"user password":   {web: []request{{route: "POST /users/{id}"}}, api: []request{{route: "POST /api/users/{id}/password"}}},
	"user deactivate": {web: []request{{route: "POST /users/{id}/deactivate"}}, api: []request{{route: "POST /api/users/{id}/deactivate"}}},
}

// unguardedRoutes are routes that no permission guards, and why.
var unguardedRoutes = map[string]string{
	"GET /static/": "the style sheet and script, the same for everyone",
	"GET /login":   "the login page",
	"POST /login":  "logging in: throttled, see internal/web TestLoginThrottleConcurrent",
	"POST /logout": "ends one's own session",
	"/api/":        "the API's not-found answer",
	"/":            "the pages' not-found answer",
}

const matrixCSV = "First name,Last name,Home phone\nJean,Côté,514-555-0101\n,,\n"

// TestRouteInventory fails when a route is registered that the matrix does
// not cover, so that a new route cannot ship without saying who may use it.
func TestRouteInventory(t *testing.T) {
	src, err := os.ReadFile("../../internal/web/web.go")
	if err != nil {
		t.Fatal(err)
	}
	covered := map[string]string{}
	for name, a := range matrixActions {
		for _, r := range slices.Concat(a.web, a.api) {
			covered[r.route] = name
		}
	}
	registered := regexp.MustCompile(`mux\.Handle(?:Func)?\("([^"]+)"`).FindAllStringSubmatch(string(src), -1)
	if len(registered) < 10 {
		t.Fatalf("found only %d routes in internal/web/web.go: has the routes list moved?", len(registered))
	}
	var names []string
	for name := range matrixActions {
		names = append(names, strconv.Quote(name))
	}
	slices.Sort(names)
	seen := map[string]bool{}
	for _, m := range registered {
		route := m[1]
		seen[route] = true
		if covered[route] == "" && unguardedRoutes[route] == "" {
			t.Errorf("route %q is registered in internal/web/web.go but the authorization matrix does not cover it.\n"+
				"Add it to cmd/leadport/authz_matrix_test.go: a request{route: %q} in matrixActions under the action it performs "+
				"(one of %s), or a new action there with a row in importMatrix or userMatrix saying who may do it; "+
				"or, if no permission guards it, to unguardedRoutes with the reason.", route, route, strings.Join(names, ", "))
		}
	}
	for route := range covered {
		if !seen[route] {
			t.Errorf("matrixActions names route %q, which internal/web/web.go no longer registers: remove or rename it", route)
		}
	}
	for _, row := range importMatrix {
		if _, ok := matrixActions[row.action]; !ok {
			t.Errorf("importMatrix row %q has no entry in matrixActions", row.action)
		}
	}
}

// matrixEnv is a dealership on one database, served by the real web
// handler, with a logged-in web client and an API token for everyone.
type matrixEnv struct {
	t      *testing.T
	c      *cli
	a      *app.App
	srv    *httptest.Server
	users  map[string]*leadport.User // by matrixActors name
	client map[string]*http.Client
	token  map[string]string
	seq    int
}

func newMatrixEnv(t *testing.T, db string) *matrixEnv {
	t.Helper()
	c := newCLI(t, db)
	c.dealership()
	s, err := sqlstore.Open(context.Background(), db, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	a := app.New(s, slog.New(slog.DiscardHandler))
	t.Cleanup(func() { a.Wait(); s.Close() })
	h, err := web.New(web.Config{App: a})
	if err != nil {
		t.Fatal(err)
	}
	m := &matrixEnv{t: t, c: c, a: a, srv: httptest.NewServer(h), users: map[string]*leadport.User{},
		client: map[string]*http.Client{}, token: map[string]string{}}
	t.Cleanup(m.srv.Close)
	for name, p := range map[string]person{"owner": owner, "director": director, "bdcDir": bdcDir, "noImport": noImport,
		"admin": admin, "manager": manager, "agent": agent, "advisor": advisor, "outsider": outsider} {
		m.enrol(name, p.email, "password-"+p.role)
	}
	return m
}

// enrol logs the user in on the web and gives him an API token.
func (m *matrixEnv) enrol(name, email, password string) {
	m.t.Helper()
	u, err := m.a.User(context.Background(), email)
	if err != nil {
		m.t.Fatal(err)
	}
	m.users[name] = u
	jar, _ := cookiejar.New(nil)
	cl := &http.Client{Jar: jar, Timeout: time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := cl.PostForm(m.srv.URL+"/login", url.Values{"email": {email}, "password": {password}})
	if err != nil {
		m.t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		m.t.Fatalf("login as %s: %d", email, resp.StatusCode)
	}
	m.client[name] = cl
	if m.token[name], _, err = m.a.CreateToken(context.Background(), u, "matrix"); err != nil {
		m.t.Fatal(err)
	}
}

// importIn returns a new import of the owner in state; for "orphaned", of
// a new director who then loses can_import, enrolled as "owner".
func (m *matrixEnv) importIn(state string) (*leadport.Import, string) {
	m.t.Helper()
	ctx := context.Background()
	owner, ownerName := m.users["owner"], "owner"
	if state == "orphaned" {
		m.seq++
		email := fmt.Sprintf("orphan%d@garage.test", m.seq)
		p := person{email, "Orphan Owner", "director", true}
		m.c.addUser("Garage Test", p)
		var err error
		if owner, err = m.a.User(ctx, email); err != nil {
			m.t.Fatal(err)
		}
	}
	imp, _, err := m.a.UploadImport(ctx, owner, "matrix.csv", strings.NewReader(matrixCSV))
	if err != nil {
		m.t.Fatal(err)
	}
	if state == "draft" {
		return imp, ownerName
	}
	// Create, so that every import has a lead of its own.
	if _, err := m.a.StartImport(ctx, owner, imp.ID, app.ImportSettings{Type: leadport.TypeEvent, Rule: leadport.RuleCreate}); err != nil {
		m.t.Fatal(err)
	}
	if imp, err = m.a.RunNow(ctx, owner, imp.ID, nil); err != nil {
		m.t.Fatal(err)
	}
	switch state {
	case "finalized":
		if imp, err = m.a.FinalizeImport(ctx, owner, imp.ID); err != nil {
			m.t.Fatal(err)
		}
	case "orphaned":
		no := false
		if _, err := m.a.UpdateUser(ctx, m.users["admin"], owner.ID, app.UserChange{CanImport: &no}); err != nil {
			m.t.Fatal(err)
		}
		m.enrol("owner", owner.Email, "password-director")
		return imp, "owner"
	}
	return imp, ownerName
}

// outcome is Y, C or N (see importMatrix), or a description of anything else.
func httpOutcome(status int) string {
	switch {
	case status >= 200 && status < 400:
		return "Y"
	case status == http.StatusConflict:
		return "C"
	case status == http.StatusForbidden || status == http.StatusNotFound:
		return "N"
	}
	return fmt.Sprintf("status %d", status)
}

var refusals = []string{"Only ", "does not exist", "You do not have access", "Your profile does not allow", "can no longer import",
	"Nobody changes", "cannot deactivate yourself", "No user of your dealership", "has been deactivated"}

func cliOutcome(r result) string {
	if r.code == 0 {
		return "Y"
	}
	if r.code != 1 {
		return fmt.Sprintf("exit status %d: %s", r.code, r.stderr)
	}
	for _, s := range refusals {
		if strings.Contains(r.stderr, s) {
			return "N"
		}
	}
	return "C"
}

// do runs one request as actor via web (cookie) or api (token); ids fill
// the route's {id} and {module}.
func (m *matrixEnv) do(actor, via string, rq request, id int64) string {
	m.t.Helper()
	method, pattern, _ := strings.Cut(rq.route, " ")
	path := strings.ReplaceAll(pattern, "{$}", "")
	path = strings.ReplaceAll(path, "{module}", leadport.TypeEvent.Module().Key)
	if strings.Contains(path, "/tokens/{id}") {
		_, tok, err := m.a.CreateToken(context.Background(), m.users[actor], "to revoke")
		if err != nil {
			m.t.Fatal(err)
		}
		id = tok.ID
	}
	path = strings.ReplaceAll(path, "{id}", strconv.FormatInt(id, 10))
	var form url.Values
	if rq.form != nil {
		form = rq.form(m)
	}
	var body io.Reader
	contentType := ""
	switch {
	case rq.file:
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for k, vs := range form {
			for _, v := range vs {
				mw.WriteField(k, v)
			}
		}
		fw, _ := mw.CreateFormFile("file", "matrix.csv")
		fw.Write([]byte(matrixCSV))
		mw.Close()
		body, contentType = &buf, mw.FormDataContentType()
	case method == "POST":
		body, contentType = strings.NewReader(form.Encode()), "application/x-www-form-urlencoded"
	}
	req, err := http.NewRequest(method, m.srv.URL+path, body)
	if err != nil {
		m.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	cl := m.client[actor]
	if via == "api" {
		req.Header.Set("Authorization", "Bearer "+m.token[actor])
		cl = &http.Client{Timeout: time.Minute}
	}
	resp, err := cl.Do(req)
	if err != nil {
		m.t.Fatalf("%s %s: %v", method, path, err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return httpOutcome(resp.StatusCode)
}

// destructive actions change the import: each allowed try gets a fresh one.
var destructive = map[string]bool{"finalize": true, "revert": true, "save draft": true, "discard draft": true}

// TestAuthorizationMatrix runs importMatrix and userMatrix through the web
// pages, the API and the CLI.
func TestAuthorizationMatrix(t *testing.T) {
	for _, db := range databases(t) {
		t.Run(db.name, func(t *testing.T) {
			m := newMatrixEnv(t, db.make(t))
			t.Run("imports", func(t *testing.T) { m.runImportMatrix(t) })
			t.Run("users", func(t *testing.T) { m.runUserMatrix(t) })
		})
	}
}

func (m *matrixEnv) runImportMatrix(t *testing.T) {
	shared := map[string]*leadport.Import{}
	for _, row := range importMatrix {
		cells := strings.Fields(row.cells)
		if len(cells) != len(matrixActors) {
			t.Fatalf("importMatrix %q %q: %d cells, want %d", row.action, row.state, len(cells), len(matrixActors))
		}
		a := matrixActions[row.action]
		for _, via := range []string{"web", "api", "cli"} {
			reqs := a.web
			if via == "api" {
				reqs = a.api
			}
			if via == "cli" && a.cli == nil || via != "cli" && len(reqs) == 0 {
				continue
			}
			// The refused first, on one import; each allowed one on its own
			// import when the action changes it.
			var order []int
			for _, refused := range []bool{true, false} {
				for i, c := range cells {
					if (c == "N") == refused {
						order = append(order, i)
					}
				}
			}
			var imp *leadport.Import
			if row.state != "-" && !destructive[row.action] {
				if shared[row.state] == nil {
					shared[row.state], _ = m.importIn(row.state)
				} else if row.state == "orphaned" {
					m.enrol("owner", m.ownerEmail(shared[row.state]), "password-director")
				}
				imp = shared[row.state]
			}
			for _, i := range order {
				actor, want := matrixActors[i], cells[i]
				if destructive[row.action] && (imp == nil || want != "N") {
					imp, _ = m.importIn(row.state)
				}
				var id int64
				if imp != nil {
					id = imp.ID
				}
				if row.action == "read lead" || row.action == "edit lead" {
					id = m.leadOf(imp)
				}
				var got string
				if via == "cli" {
					args := a.cli(strconv.FormatInt(id, 10))
					args = append(args[:len(args):len(args)], "--as", m.users[actor].Email)
					got = cliOutcome(m.c.run("", args...))
				} else {
					got = "Y"
					for _, rq := range reqs {
						if o := m.do(actor, via, rq, id); o != "Y" {
							got = o
							break
						}
					}
				}
				if got != want {
					t.Errorf("%s, import %s, as %s (%s) via %s: got %s, want %s", row.action, row.state, actor,
						m.users[actor].Role, via, got, want)
				}
			}
			if row.state == "orphaned" {
				m.enrol("owner", owner.email, "password-director")
			}
		}
	}
}

func (m *matrixEnv) ownerEmail(imp *leadport.Import) string {
	u, err := m.a.UserByID(context.Background(), imp.OwnerID)
	if err != nil {
		m.t.Fatal(err)
	}
	return u.Email
}

// leadOf returns the ID of a lead the import created.
func (m *matrixEnv) leadOf(imp *leadport.Import) int64 {
	m.t.Helper()
	var id int64
	err := m.a.Store.ExportLeads(context.Background(), leadport.Viewer{AccountID: imp.AccountID, UserID: imp.OwnerID}, leadport.LeadFilter{ImportID: imp.ID},
		func(l *leadport.Lead) error { id = l.ID; return nil })
	if err != nil || id == 0 {
		m.t.Fatalf("a lead of import %d: %v", imp.ID, err)
	}
	return id
}

func (m *matrixEnv) runUserMatrix(t *testing.T) {
	ctx := context.Background()
	fresh := func(role leadport.Role) (*leadport.User, string) {
		m.seq++
		name := fmt.Sprintf("%s%d", role, m.seq)
		email := name + "@garage.test"
		if _, err := m.a.AddUser(ctx, nil, app.NewUser{AccountID: m.users["owner"].AccountID, Email: email, Name: name,
			Role: role, CanImport: role == leadport.RoleDirector, Password: "password-" + name}); err != nil {
			t.Fatal(err)
		}
		m.enrol(name, email, "password-"+name)
		return m.users[name], name
	}
	for _, row := range userMatrix {
		cells := strings.Fields(row.cells)
		for ti, target := range userMatrixTargets {
			for _, via := range []string{"web", "api", "cli"} {
				if via != "web" && (row.action == leadport.SetRole || row.action == leadport.SetCanImport) {
					continue // the Users page only
				}
				actor, actorName := fresh(row.actor)
				tu := actor
				if target != "self" {
					tu, _ = fresh(target)
				}
				var got string
				switch {
				case via == "cli" && row.action == leadport.SetPassword:
					got = cliOutcome(m.c.run("brand new password\n", "user", "set-password", "--as", actor.Email, "--email", tu.Email, "--password-stdin"))
				case via == "cli":
					got = cliOutcome(m.c.run("", "user", "deactivate", "--as", actor.Email, "--email", tu.Email))
				case row.action == leadport.Deactivate:
					rq := matrixActions["user deactivate"].web[0]
					if via == "api" {
						rq = matrixActions["user deactivate"].api[0]
					}
					got = m.do(actorName, via, rq, tu.ID)
				case via == "api":
					got = m.apiPassword(actorName, tu.ID)
				default:
					form := url.Values{"role": {string(tu.Role)}}
					if tu.CanImport {
						form.Set("can_import", "1")
					}
					switch row.action {
					case leadport.SetPassword:
						form.Set("password", "brand new password")
					case leadport.SetRole:
						form.Set("role", string(leadport.RoleBDCDirector))
					case leadport.SetCanImport:
						if tu.CanImport {
							form.Del("can_import")
						} else {
							form.Set("can_import", "1")
						}
					}
					got = m.do(actorName, "web", request{route: "POST /users/{id}", form: func(*matrixEnv) url.Values { return form }}, tu.ID)
				}
				if want := cells[ti]; got != want {
					t.Errorf("%s %s of a %s via %s: got %s, want %s", row.actor, row.action, target, via, got, want)
				}
				after, err := m.a.UserByID(ctx, tu.ID)
				if err != nil {
					t.Fatal(err)
				}
				changed := after.PasswordHash != tu.PasswordHash || after.Role != tu.Role || after.CanImport != tu.CanImport || after.Active() != tu.Active()
				if changed != (cells[ti] == "Y") {
					t.Errorf("%s %s of a %s via %s: user changed = %v, want %v", row.actor, row.action, target, via, changed, cells[ti] == "Y")
				}
			}
		}
	}
}

func (m *matrixEnv) apiPassword(actor string, id int64) string {
	req, _ := http.NewRequest("POST", m.srv.URL+fmt.Sprintf("/api/users/%d/password", id), strings.NewReader(`{"password": "brand new password"}`))
	req.Header.Set("Authorization", "Bearer "+m.token[actor])
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		m.t.Fatal(err)
	}
	resp.Body.Close()
	return httpOutcome(resp.StatusCode)
}
