package web

import (
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/storetest"
)

// routeParams lists, for each route, the query parameters and form fields
// its handler reads. Every route registered in web.go is tried (see
// registeredRoutes), whether listed here or not: one that is not gets the
// checks every route gets (a malformed query parameter, form field, and
// {id} where it has one).
var routeParams = map[string]struct{ query, form []string }{
	"GET /login":                   {query: []string{"next", "lang"}},
	"POST /login":                  {form: []string{"email", "password", "next"}},
	"POST /locale":                 {form: []string{"locale", "next"}},
	"GET /leads":                   {query: []string{"q", "page"}},
	"GET /modules/{module}":        {query: []string{"q", "page"}},
	"GET /imports/{id}/setup":      {query: []string{"delimiter", "encoding", "type", "rule", "date_format", "sig", "m0", "dryrun"}},
	"POST /imports/{id}/start":     {form: []string{"delimiter", "encoding", "type", "rule", "date_format", "sig", "m0"}},
	"POST /imports/new":            {form: []string{"delimiter", "encoding"}},
	"POST /users":                  {form: []string{"name", "email", "role", "can_import", "locale", "password"}},
	"POST /users/{id}":             {form: []string{"name", "role", "can_import", "locale", "password"}},
	"POST /tokens":                 {form: []string{"name"}},
	"POST /api/imports":            {form: []string{"type", "rule", "delimiter", "encoding", "date_format", "map", "dry_run"}},
	"GET /api/leads":               {query: []string{"q", "module", "limit", "offset"}},
	"GET /api/leads/export":        {query: []string{"import", "format"}},
	"GET /imports/{id}/issues.csv": {},
}

// numbers are the parameters that hold a number, and so also get numbers
// out of range.
var numbers = map[string]bool{"page": true, "limit": true, "offset": true, "import": true}

// registeredRoutes reads the patterns web.go registers, so that a route
// added there is tried here without anyone having to remember to.
func registeredRoutes(t *testing.T) []string {
	t.Helper()
	src, err := os.ReadFile("web.go")
	if err != nil {
		t.Fatal(err)
	}
	var routes []string
	for _, m := range regexp.MustCompile(`mux\.Handle(?:Func)?\("([^"]+)"`).FindAllStringSubmatch(string(src), -1) {
		routes = append(routes, m[1])
	}
	if len(routes) < 30 {
		t.Fatalf("found %d routes in web.go: has the way routes are registered changed?", len(routes))
	}
	return routes
}

// badRequest is one malformed request and the status it must get.
type badRequest struct {
	name        string
	method      string
	path        string // with its query
	contentType string
	body        string
	want        int
}

// badRequests returns the malformed variants of a route's request: a NUL
// and invalid UTF-8 in its path values, query parameters and form fields,
// and numbers that are not numbers or out of range.
func badRequests(route string, importID int64) []badRequest {
	method, pattern, ok := strings.Cut(route, " ")
	if !ok {
		method, pattern = "GET", route
	}
	pattern = strings.TrimSuffix(pattern, "{$}")
	fill := func(id, module string) string {
		p := strings.ReplaceAll(pattern, "{id}", id)
		p = strings.ReplaceAll(p, "{module}", module)
		if strings.HasSuffix(p, "/") && p != "/" && !strings.HasPrefix(p, "/static") && !strings.HasPrefix(p, "/api/") {
			return p
		}
		if p == "/api/" {
			return "/api/nope"
		}
		if p == "/static/" {
			return "/static/app.js"
		}
		return p
	}
	good := fill(fmt.Sprint(importID), "event")
	var out []badRequest
	if strings.Contains(pattern, "{id}") {
		for _, id := range []string{"abc", "0", "-3", "99999999999999999999", "1%00", "%FF%FE"} {
			out = append(out, badRequest{name: "id " + id, method: method, path: fill(id, "event"), want: 400})
		}
	}
	if strings.Contains(pattern, "{module}") || pattern == "/" {
		for _, v := range []string{"a%00b", "%FF%FE"} {
			out = append(out, badRequest{name: "path " + v, method: method, path: fill("1", v), want: 400})
			if pattern == "/" {
				out[len(out)-1].path = "/" + v
			}
		}
	}
	params := routeParams[route]
	query := append([]string{"x"}, params.query...)
	for _, q := range query {
		vals := []string{"a%00b", "%FF%FE"}
		if numbers[q] {
			vals = append(vals, "99999999999999999999", "-1", "abc")
		}
		for _, v := range vals {
			out = append(out, badRequest{name: "query " + q + "=" + v, method: method, path: good + "?" + q + "=" + v, want: 400})
		}
	}
	out = append(out, badRequest{name: "query with a bad escape", method: method, path: good + "?q=%zz", want: 400})
	if method == http.MethodPost {
		form := append([]string{"x"}, params.form...)
		upload := route == "POST /imports/new" || route == "POST /api/imports"
		for _, f := range form {
			for _, v := range []string{"a\x00b", "\xff\xfe"} {
				br := badRequest{name: fmt.Sprintf("form %s=%q", f, v), method: method, path: good, want: 400}
				if upload {
					br.contentType, br.body = multipartBody(map[string]string{f: v}, "leads.csv", "First name,Last name,Home phone\nJean,Côté,514-555-0101\n")
				} else {
					br.contentType, br.body = "application/x-www-form-urlencoded", url.Values{f: {v}}.Encode()
				}
				out = append(out, br)
			}
		}
		if upload {
			br := badRequest{name: "file name", method: method, path: good, want: 400}
			br.contentType, br.body = multipartBody(nil, "\xff\xfe.csv", "First name,Last name,Home phone\nJean,Côté,514-555-0101\n")
			out = append(out, br)
		}
		big := badRequest{name: "form over 1 MiB", method: method, path: good, want: 413}
		if upload {
			big.contentType, big.body = multipartBody(map[string]string{"x": strings.Repeat("y", 1<<20)}, "leads.csv", "a\n")
		} else {
			big.contentType, big.body = "application/x-www-form-urlencoded", "x="+strings.Repeat("y", 1<<20)
		}
		out = append(out, big)
	}
	return out
}

func multipartBody(fields map[string]string, fileName, file string) (contentType, body string) {
	var b strings.Builder
	w := multipart.NewWriter(&b)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	fw, _ := w.CreateFormFile("file", fileName)
	io.WriteString(fw, file)
	w.Close()
	return w.FormDataContentType(), b.String()
}

// TestMalformedParameters: every parameter of every page and API call that
// holds a NUL, bytes that are not UTF-8, or a number out of range gets a 400
// with a message (413 for a form over 1 MiB), on both databases, never a
// 500. On PostgreSQL, GET /api/leads?q=a%00b and an upload named
// "\xff\xfe.csv" answered 500.
func TestMalformedParameters(t *testing.T) {
	routes := registeredRoutes(t)
	for name, open := range storetest.Stores(t) {
		t.Run(name, func(t *testing.T) {
			e := newEnvOn(t, open(t))
			admin := e.addUser("admin@garage.ca", leadport.RoleAdmin, false)
			dir := e.addUser("dir@garage.ca", leadport.RoleDirector, true)
			imp := e.importCSV(dir, "First name,Last name,Home phone\nJean,Côté,514-555-0101\n")
			session := e.client(dir)
			session.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
			tokens := map[*leadport.User]string{dir: e.token(dir), admin: e.token(admin)}
			n := 0
			for _, route := range routes {
				as := dir
				if strings.Contains(route, "/users") {
					as = admin
				}
				for _, br := range badRequests(route, imp.ID) {
					n++
					var body io.Reader
					if br.body != "" {
						body = strings.NewReader(br.body)
					}
					req, err := http.NewRequest(br.method, e.srv.URL+br.path, body)
					if err != nil {
						t.Fatalf("%s, %s: %v", route, br.name, err)
					}
					if br.contentType != "" {
						req.Header.Set("Content-Type", br.contentType)
					}
					c := session
					if strings.HasPrefix(br.path, "/api/") {
						c = http.DefaultClient
						req.Header.Set("Authorization", "Bearer "+tokens[as])
					} else if as != dir {
						c = e.client(as)
						c.CheckRedirect = session.CheckRedirect
					}
					resp, err := c.Do(req)
					if err != nil {
						t.Fatalf("%s, %s: %v", route, br.name, err)
					}
					b, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					if resp.StatusCode != br.want {
						t.Errorf("%s %s (%s): %d, want %d: %.200s", br.method, br.path, br.name, resp.StatusCode, br.want, b)
						continue
					}
					msg := string(b)
					if strings.HasPrefix(br.path, "/api/") {
						var code string
						code, msg = errorOf(t, msg)
						if code != leadport.EINVALID {
							t.Errorf("%s %s (%s): code %q", br.method, br.path, br.name, code)
						}
					}
					if !strings.Contains(msg, "NUL") && !strings.Contains(msg, "UTF-8") && !strings.Contains(msg, "number") &&
						!strings.Contains(msg, "1 MiB") && !strings.Contains(msg, "malformed") {
						t.Errorf("%s %s (%s): the message does not say what is wrong: %.300s", br.method, br.path, br.name, msg)
					}
				}
			}
			t.Logf("%d malformed requests over %d routes", n, len(routes))
			// Nothing was stored by any of them.
			imps, err := e.app.ListImports(context.Background(), dir)
			if err != nil || len(imps) != 1 {
				t.Errorf("imports after the malformed requests: %d, %v; want the one made before", len(imps), err)
			}
		})
	}
}

// The security review sent 6,000 fields of 64 KiB before the file: all were
// read into memory (223 → 497 MB). Fields other than the file now total at
// most 1 MiB: the upload is refused once they pass it, and the server has
// allocated a few MiB, not the 375 MiB sent.
func TestUploadFieldsLimit(t *testing.T) {
	e := newEnv(t)
	u := e.addUser("dir@garage.ca", leadport.RoleDirector, true)
	tok := e.token(u)
	for _, path := range []string{"/api/imports", "/imports/new"} {
		t.Run(path, func(t *testing.T) {
			pr, pw := io.Pipe()
			mw := multipart.NewWriter(pw)
			go func() {
				value := strings.Repeat("v", 64<<10)
				for i := range 6000 {
					if err := mw.WriteField(fmt.Sprintf("f%d", i), value); err != nil {
						pw.CloseWithError(err)
						return
					}
				}
				fw, _ := mw.CreateFormFile("file", "leads.csv")
				io.WriteString(fw, "First name,Last name,Home phone\nJean,Côté,514-555-0101\n")
				pw.CloseWithError(mw.Close())
			}()
			req, _ := http.NewRequest("POST", e.srv.URL+path, pr)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			req.Header.Set("Authorization", "Bearer "+tok)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			resp, err := http.DefaultClient.Do(req)
			runtime.ReadMemStats(&after)
			pr.CloseWithError(io.ErrClosedPipe) // stop the writer if the server stopped reading
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(b), "1 MiB") {
				t.Errorf("status %d: %.300s; want 413 saying 1 MiB", resp.StatusCode, b)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 32<<20 {
				t.Errorf("the server (and client) allocated %d MiB for the request; want at most 32", alloc>>20)
			}
		})
	}
	if imps, err := e.app.ListImports(context.Background(), u); err != nil || len(imps) != 0 {
		t.Errorf("imports left: %d, %v", len(imps), err)
	}
}

// The two 500s the security review found on PostgreSQL (SQLite answered
// them): a NUL in the search, and an upload whose file name is not UTF-8.
func TestReviewedBadParameters(t *testing.T) {
	for name, open := range storetest.Stores(t) {
		t.Run(name, func(t *testing.T) {
			e := newEnvOn(t, open(t))
			u := e.addUser("dir@garage.ca", leadport.RoleDirector, true)
			tok := e.token(u)
			status, body := e.do(nil, "GET", "/api/leads?q=a%00b", tok, nil, "")
			if code, msg := errorOf(t, body); status != 400 || code != leadport.EINVALID || !strings.Contains(msg, "“q” holds a NUL character") {
				t.Errorf("GET /api/leads?q=a%%00b: %d %s", status, body)
			}
			b, ct := uploadBody(t, "\xff\xfe.csv", []byte("First name,Last name,Home phone\nJean,Côté,514-555-0101\n"),
				map[string]string{"type": "event", "rule": "merge"})
			status, body = e.do(nil, "POST", "/api/imports", tok, b, ct)
			if code, msg := errorOf(t, body); status != 400 || code != leadport.EINVALID || !strings.Contains(msg, "file's name") {
				t.Errorf("upload named \\xff\\xfe.csv: %d %s", status, body)
			}
		})
	}
}
