package web

import (
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/leadport/leadport"
)

func get(t *testing.T, c *http.Client, u string) (int, string, *http.Response) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return resp.StatusCode, b.String(), resp
}

func TestLoginSessionAndLogout(t *testing.T) {
	e := newEnv(t)
	d := e.addUser("dana@garage.ca", leadport.RoleDirector, true)
	c := e.anonymous()

	// Pages need a login; the login page says where to come back.
	status, body, resp := get(t, c, e.srv.URL+"/imports")
	if status != http.StatusOK || resp.Request.URL.Path != "/login" || !strings.Contains(body, `name="next" value="/imports"`) {
		t.Fatalf("anonymous /imports: %d at %s", status, resp.Request.URL)
	}
	before := sessionCookie(c, e)

	resp, err := c.PostForm(e.srv.URL+"/login", url.Values{"email": {"dana@garage.ca"}, "password": {"wrong"}, "next": {"/imports"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("wrong password: %d", resp.StatusCode)
	}

	resp, err = c.PostForm(e.srv.URL+"/login", url.Values{"email": {"Dana@Garage.ca "}, "password": {testPassword}, "next": {"/imports"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/imports" {
		t.Fatalf("login: %d at %s", resp.StatusCode, resp.Request.URL)
	}
	after := sessionCookie(c, e)
	if after == "" || after == before {
		t.Errorf("the session token was not renewed at login: %q then %q", before, after)
	}
	// The cookie's attributes, as the login response set them.
	resp, err = (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).
		PostForm(e.srv.URL+"/login", url.Values{"email": {"dana@garage.ca"}, "password": {testPassword}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var ck *http.Cookie
	for _, x := range resp.Cookies() {
		if x.Name == "leadport_session" {
			ck = x
		}
	}
	if ck == nil || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Secure {
		t.Errorf("session cookie = %+v", ck)
	}

	// An open redirect is not followed.
	resp, err = c.PostForm(e.srv.URL+"/login", url.Values{"email": {"dana@garage.ca"}, "password": {testPassword}, "next": {"//evil.example/x"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request.URL.Host != strings.TrimPrefix(e.srv.URL, "http://") {
		t.Errorf("login redirected to %s", resp.Request.URL)
	}

	// GET /logout changes nothing; POST /logout logs out.
	get(t, c, e.srv.URL+"/logout")
	if status, _, resp := get(t, c, e.srv.URL+"/leads"); status != http.StatusOK || resp.Request.URL.Path != "/leads" {
		t.Errorf("GET /logout logged out: at %s", resp.Request.URL)
	}
	resp, err = c.PostForm(e.srv.URL+"/logout", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if _, _, resp := get(t, c, e.srv.URL+"/leads"); resp.Request.URL.Path != "/login" {
		t.Errorf("after logout: at %s", resp.Request.URL)
	}
	_ = d
}

func sessionCookie(c *http.Client, e *env) string {
	u, _ := url.Parse(e.srv.URL)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == "leadport_session" {
			return ck.Value
		}
	}
	return ""
}

func TestSecureCookie(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Secure = true })
	e.addUser("dana@garage.ca", leadport.RoleDirector, true)
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(e.srv.URL+"/login", url.Values{"email": {"dana@garage.ca"}, "password": {testPassword}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if len(resp.Cookies()) == 0 || !resp.Cookies()[0].Secure {
		t.Errorf("cookies = %v", resp.Cookies())
	}
}

func TestCrossOriginPostRefused(t *testing.T) {
	e := newEnv(t)
	d := e.addUser("dana@garage.ca", leadport.RoleDirector, true)
	imp := e.importCSV(d, sampleCSV)
	c := e.client(d)
	req, _ := http.NewRequest("POST", e.srv.URL+pathf("/imports/%d/finalize", imp.ID), strings.NewReader("finalize=1"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-origin POST: %d, want 403", resp.StatusCode)
	}
	if got, _ := e.app.Import(t.Context(), d, imp.ID); got.Finalized {
		t.Error("the cross-origin POST finalized the import")
	}
	// Same for the API with a cookie.
	req, _ = http.NewRequest("POST", e.srv.URL+pathf("/api/imports/%d/finalize", imp.ID), nil)
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-origin API POST: %d, want 403", resp.StatusCode)
	}

	// A request with a token is authenticated by the token alone: the
	// origin check does not apply (and programs send no fetch metadata).
	req, _ = http.NewRequest("POST", e.srv.URL+pathf("/api/imports/%d/finalize", imp.ID), nil)
	req.Header.Set("Authorization", "Bearer "+e.token(d))
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("token POST: %d", resp.StatusCode)
	}
	// Even with the session cookie of a browser, a forged token is refused.
	req, _ = http.NewRequest("POST", e.srv.URL+pathf("/api/imports/%d/revert", imp.ID), nil)
	req.Header.Set("Authorization", "Bearer forged")
	resp, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("forged token with a cookie: %d", resp.StatusCode)
	}
	// And a same-origin browser POST passes.
	imp2 := e.importCSV(d, "Name,Phone\nMarie Côté,514 555 0199\n")
	req, _ = http.NewRequest("POST", e.srv.URL+pathf("/imports/%d/revert", imp2.ID), nil)
	req.Header.Set("Origin", e.srv.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	resp, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got, _ := e.app.Import(t.Context(), d, imp2.ID); resp.StatusCode != http.StatusOK || got.Status != leadport.StatusReverted {
		t.Errorf("same-origin revert: %d, status %s", resp.StatusCode, got.Status)
	}
}

func TestGetChangesNothing(t *testing.T) {
	e := newEnv(t)
	d := e.addUser("dana@garage.ca", leadport.RoleDirector, true)
	imp := e.importCSV(d, sampleCSV)
	c := e.client(d)
	tok := e.token(d)
	for _, p := range []string{"/imports/%d/finalize", "/imports/%d/revert", "/imports/%d/discard", "/imports/%d/start",
		"/api/imports/%d/finalize", "/api/imports/%d/revert"} {
		p = pathf(p, imp.ID)
		if status, _, _ := get(t, c, e.srv.URL+p); status == http.StatusOK {
			t.Errorf("GET %s: 200", p)
		}
		if status, _ := e.do(nil, "GET", p, tok, nil, ""); status == http.StatusOK {
			t.Errorf("GET %s with a token: 200", p)
		}
	}
	got, _ := e.app.Import(t.Context(), d, imp.ID)
	if got.Finalized || got.Status != leadport.StatusFinished {
		t.Errorf("after GETs: finalized %v, status %s", got.Finalized, got.Status)
	}
}

func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t)
	for _, p := range []string{"/login", "/static/app.js", "/api/me"} {
		_, _, resp := get(t, http.DefaultClient, e.srv.URL+p)
		h := resp.Header
		if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") ||
			!strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", p, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
			t.Errorf("%s: headers %v", p, h)
		}
	}
}

// TestNoInlineScriptOrStyle keeps the templates within the CSP.
func TestNoInlineScriptOrStyle(t *testing.T) {
	inline := regexp.MustCompile(`<script>|<script [^>]*>[^<]|\sstyle=|\son[a-z]+=|<style`)
	fs.WalkDir(assets, "templates", func(p string, d fs.DirEntry, err error) error {
		if d.IsDir() {
			return nil
		}
		b, _ := fs.ReadFile(assets, p)
		if m := inline.Find(b); m != nil {
			t.Errorf("%s: inline script or style %q", p, m)
		}
		return nil
	})
}

func TestLeadNamesAreEscaped(t *testing.T) {
	e := newEnv(t)
	d := e.addUser("dana@garage.ca", leadport.RoleDirector, true)
	imp := e.importCSV(d, "First name,Last name,Phone,City\n<script>alert(1)</script>,\"<img src=x onerror=alert(2)>\",514-555-0101,<b>Laval</b>\n")
	c := e.client(d)
	leads, _, _ := e.app.SearchLeads(t.Context(), d, appQuery(imp.ID))
	if len(leads) != 1 {
		t.Fatalf("%d leads", len(leads))
	}
	for _, p := range []string{"/leads", "/modules/event", pathf("/leads/%d", leads[0].ID)} {
		status, body, _ := get(t, c, e.srv.URL+p)
		if status != http.StatusOK {
			t.Fatalf("%s: %d", p, status)
		}
		if strings.Contains(body, "<script>alert(1)") || strings.Contains(body, "<img src=x") || strings.Contains(body, "<b>Laval") {
			t.Errorf("%s: markup from the file is not escaped", p)
		}
		if !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("%s: the escaped name is missing", p)
		}
	}
}

func TestAdvisorHasNoImportModule(t *testing.T) {
	e := newEnv(t)
	a := e.addUser("adam@garage.ca", leadport.RoleAdvisor, true)
	c := e.client(a)
	_, body, _ := get(t, c, e.srv.URL+"/leads")
	if strings.Contains(body, `href="/imports"`) || strings.Contains(body, `href="/users"`) {
		t.Error("an advisor's navigation shows Import or Users")
	}
	for _, p := range []string{"/imports", "/imports/new", "/users", "/imports/1/setup"} {
		status, body, _ := get(t, c, e.srv.URL+p)
		if status != http.StatusForbidden && !(p == "/imports/1/setup" && status == http.StatusNotFound) {
			t.Errorf("%s: %d", p, status)
		}
		if status == http.StatusForbidden && !strings.Contains(body, "Access refused") {
			t.Errorf("%s: no refusal message", p)
		}
	}
	body2, ct := uploadBody(t, "x.csv", []byte(sampleCSV), nil)
	req, _ := http.NewRequest("POST", e.srv.URL+"/imports/new", body2)
	req.Header.Set("Content-Type", ct)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("advisor upload: %d", resp.StatusCode)
	}
	// Directors see both.
	d := e.addUser("dana@garage.ca", leadport.RoleDirector, true)
	_, body, _ = get(t, e.client(d), e.srv.URL+"/leads")
	if !strings.Contains(body, `href="/imports"`) || !strings.Contains(body, `href="/users"`) {
		t.Error("a director's navigation lacks Import or Users")
	}
	// A director without can_import manages users but does not import.
	nd := e.addUser("noimport@garage.ca", leadport.RoleDirector, false)
	_, body, _ = get(t, e.client(nd), e.srv.URL+"/leads")
	if strings.Contains(body, `href="/imports"`) || !strings.Contains(body, `href="/users"`) {
		t.Error("a director without can_import: wrong navigation")
	}
}

func TestLeadPages(t *testing.T) {
	e := newEnv(t)
	d := e.addUser("dana@garage.ca", leadport.RoleDirector, true)
	other := e.addUser("olga@garage.ca", leadport.RoleDirector, true)
	stranger := e.addUser("sam@autre.ca", leadport.RoleDirector, true, e.other)
	first := e.importCSV(d, "Name,Phone,Email,City,Trade make,Trade odometer,Note\n"+
		"Jean-François Côté,(514) 555-0101 poste 22,jf.cote@videotron.ca,Montréal,Honda,84 500 km,Called back\n")
	e.importCSVRule(d, "create", "Name,Phone\nJEAN FRANCOIS COTE,514.555.0101\n")
	e.importCSV(d, "Name,Email,City\n\"Côté, Jean-François\",JF.Cote@Videotron.ca,Laval\n")
	leads, _, _ := e.app.SearchLeads(t.Context(), d, appQuery(first.ID))
	if len(leads) != 1 {
		t.Fatalf("%d leads", len(leads))
	}
	id := leads[0].ID
	c := e.client(d)
	status, body, _ := get(t, c, e.srv.URL+pathf("/leads/%d", id))
	if status != http.StatusOK {
		t.Fatalf("card: %d", status)
	}
	for _, want := range []string{"Jean-François", "(514) 555-0101", "ext. 22", "jf.cote@videotron.ca", "Montréal", "Honda", "84,500 km",
		"Called back", `class="badge import">import</span> <span class="il-label">City</span> <span class="il-value">Laval</span>`,
		"Trade-in make", "Postal code", `id="associated"`, "Birth date", "Home phone", "Mobile phone", "Work email"} {
		if !strings.Contains(body, want) {
			t.Errorf("card lacks %q", want)
		}
	}
	// The list and its search.
	for q, n := range map[string]int{"": 2, "514 555 0101": 2, "jf.cote@videotron.ca": 1, "côté": 2, "Nobody": 0} {
		_, body, _ := get(t, c, e.srv.URL+"/leads?q="+url.QueryEscape(q))
		if got := strings.Count(body, `<a class="strong" href="/leads/`); got != n {
			t.Errorf("search %q: %d leads, want %d", q, got, n)
		}
	}
	if status, _, _ := get(t, c, e.srv.URL+"/modules/nope"); status != http.StatusNotFound {
		t.Errorf("unknown module: %d", status)
	}
	// Not visible: 404 with a page.
	for _, u := range []*leadport.User{other, stranger} {
		status, body, _ := get(t, e.client(u), e.srv.URL+pathf("/leads/%d", id))
		if status != http.StatusNotFound || !strings.Contains(body, "does not exist") {
			t.Errorf("%s sees card %d: %d", u.Email, id, status)
		}
	}
	if status, _, _ := get(t, c, e.srv.URL+"/leads/999999"); status != http.StatusNotFound {
		t.Errorf("no such lead: %d", status)
	}
}

func TestUsersAndTokensPages(t *testing.T) {
	e := newEnv(t)
	d := e.addUser("dana@garage.ca", leadport.RoleDirector, true)
	m := e.addUser("mike@garage.ca", leadport.RoleManager, false)
	c := e.client(d)

	resp, err := c.PostForm(e.srv.URL+"/users", url.Values{"name": {"Nadia Roy"}, "email": {"nadia@garage.ca"}, "role": {"bdc_director"},
		"password": {"longenough"}, "can_import": {"1"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	n, err := e.app.User(t.Context(), "nadia@garage.ca")
	if err != nil || n.Role != leadport.RoleBDCDirector || !n.CanImport {
		t.Fatalf("added user = %+v, %v", n, err)
	}
	// A director cannot make an admin.
	resp, err = c.PostForm(e.srv.URL+"/users", url.Values{"name": {"X"}, "email": {"x@garage.ca"}, "role": {"admin"}, "password": {"longenough"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("director adds an admin: %d", resp.StatusCode)
	}
	// A bad email is shown on the page.
	resp, err = c.PostForm(e.srv.URL+"/users", url.Values{"name": {"X"}, "email": {"not an email"}, "role": {"advisor"}, "password": {"longenough"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("bad email: %d", resp.StatusCode)
	}
	resp, err = c.PostForm(e.srv.URL+pathf("/users/%d", m.ID), url.Values{"role": {"director"}, "can_import": {"1"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got, _ := e.app.UserByID(t.Context(), m.ID); got.Role != leadport.RoleDirector || !got.CanImport {
		t.Errorf("updated user = %+v", got)
	}
	// A manager (well, an advisor now) may not.
	a := e.addUser("adam@garage.ca", leadport.RoleAdvisor, false)
	ac := e.client(a)
	resp, err = ac.PostForm(e.srv.URL+pathf("/users/%d", a.ID), url.Values{"role": {"director"}, "can_import": {"1"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got, _ := e.app.UserByID(t.Context(), a.ID); resp.StatusCode != http.StatusForbidden || got.Role != leadport.RoleAdvisor {
		t.Errorf("advisor promotes self: %d, role %s", resp.StatusCode, got.Role)
	}

	// Tokens: the secret shows once, then works, then is revoked.
	resp, err = c.PostForm(e.srv.URL+"/tokens", url.Values{"name": {"DMS"}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 64<<10)
	for {
		k, err := resp.Body.Read(buf)
		b.Write(buf[:k])
		if err != nil {
			break
		}
	}
	secret := regexp.MustCompile(`<code id="token-secret">([^<]+)</code>`).FindStringSubmatch(b.String())
	if secret == nil {
		t.Fatal("no secret shown")
	}
	if _, body, _ := get(t, c, e.srv.URL+"/tokens"); strings.Contains(body, secret[1]) {
		t.Error("the secret shows twice")
	}
	if status, _ := e.do(nil, "GET", "/api/me", secret[1], nil, ""); status != http.StatusOK {
		t.Errorf("new token: %d", status)
	}
	tokens, _ := e.app.ListTokens(t.Context(), d)
	resp2, err := c.PostForm(e.srv.URL+pathf("/tokens/%d/revoke", tokens[0].ID), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp2.Body.Close()
	if status, _ := e.do(nil, "GET", "/api/me", secret[1], nil, ""); status != http.StatusUnauthorized {
		t.Errorf("revoked token: %d", status)
	}
}

func TestLanguageSwitch(t *testing.T) {
	e := newEnv(t)
	d := e.addUser("dana@garage.ca", leadport.RoleDirector, true)
	c := e.client(d)
	resp, err := c.PostForm(e.srv.URL+"/locale", url.Values{"locale": {"fr"}, "next": {"/imports"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request.URL.Path != "/imports" {
		t.Errorf("after the switch: at %s", resp.Request.URL)
	}
	_, body, _ := get(t, c, e.srv.URL+"/imports")
	for _, want := range []string{`lang="fr"`, "Importations", "Tous les leads", "Terminée le", "Événement"} {
		if !strings.Contains(body, want) {
			t.Errorf("French page lacks %q", want)
		}
	}
	if u, _ := e.app.UserByID(t.Context(), d.ID); u.Locale != "fr" {
		t.Errorf("locale saved = %q", u.Locale)
	}
}

func TestWizardOverHTTP(t *testing.T) {
	e := newEnv(t)
	d := e.addUser("dana@garage.ca", leadport.RoleDirector, true)
	c := e.client(d)
	file, err := os.ReadFile("testdata/leads_fr_1252.csv")
	if err != nil {
		t.Fatal(err)
	}
	body, ct := uploadBody(t, "leads_fr_1252.csv", file, map[string]string{"delimiter": "", "encoding": ""})
	req, _ := http.NewRequest("POST", e.srv.URL+"/imports/new", body)
	req.Header.Set("Content-Type", ct)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	setup := resp.Request.URL.Path
	if !regexp.MustCompile(`^/imports/\d+/setup$`).MatchString(setup) {
		t.Fatalf("after upload: %d at %s", resp.StatusCode, resp.Request.URL)
	}
	_, page, _ := get(t, c, e.srv.URL+setup)
	for _, want := range []string{`id="detected-delimiter">Semicolon (;)`, `id="detected-encoding">Windows-1252`, "<li>Prénom</li>",
		`<option value="first_name" selected>`, `<option value="phone_home" selected>`, "555-12", `class="bad"`,
		`id="dryrun"`, `id="save"`} {
		if !strings.Contains(page, want) {
			t.Errorf("setup page lacks %q", want)
		}
	}
	if strings.Contains(page, `id="save" disabled`) {
		t.Error("Save is disabled with a complete mapping")
	}
	// A mapping without contact cannot be saved: Save disabled, and the
	// server refuses it too.
	id := strings.Split(setup, "/")[2]
	q := url.Values{"delimiter": {";"}, "encoding": {"windows-1252"}, "type": {"event"}, "rule": {"merge"},
		"m0": {"first_name"}, "m1": {"last_name"}, "m2": {""}, "m3": {""}, "m4": {"city"}, "m5": {""}, "m6": {""}}
	q.Set("sig", headerSigOf(t, page))
	_, page, _ = get(t, c, e.srv.URL+setup+"?"+q.Encode())
	if !strings.Contains(page, `id="save" disabled`) || !strings.Contains(page, "Map at least one phone or email column.") {
		t.Error("Save is not disabled without a phone or email")
	}
	resp, err = c.PostForm(e.srv.URL+"/imports/"+id+"/start", q)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("start without contact: %d", resp.StatusCode)
	}
	// A full mapping starts it.
	q.Set("m2", "phone_home")
	q.Set("date_format", "dmy")
	resp, err = c.PostForm(e.srv.URL+"/imports/"+id+"/start", q)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request.URL.Path != "/imports" {
		t.Fatalf("start: %d at %s", resp.StatusCode, resp.Request.URL)
	}
	imps, _ := e.app.ListImports(t.Context(), d)
	if len(imps) != 1 || imps[0].Status != leadport.StatusQueued || imps[0].DateFormat != "dmy" || imps[0].Mapping[3] != "" {
		t.Errorf("queued = %+v", imps[0])
	}
	// A second upload, discarded.
	body, ct = uploadBody(t, "x.csv", []byte(sampleCSV), nil)
	req, _ = http.NewRequest("POST", e.srv.URL+"/imports/new", body)
	req.Header.Set("Content-Type", ct)
	resp, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	resp, err = c.PostForm(e.srv.URL+strings.Replace(resp.Request.URL.Path, "/setup", "/discard", 1), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Request.URL.Path != "/imports/new" {
		t.Errorf("discard: at %s", resp.Request.URL)
	}
	// The template file and the issue report.
	status, tpl, resp := get(t, c, e.srv.URL+"/imports/template.csv")
	if status != http.StatusOK || !strings.HasPrefix(tpl, "\uFEFFFirst name,Last name,Full name,") || !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("template: %d %q", status, tpl)
	}
	e.run(d, imps[0].ID)
	status, issues, resp := get(t, c, e.srv.URL+pathf("/imports/%d/issues.csv", imps[0].ID))
	if status != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") || !strings.Contains(issues, "555-12") ||
		!strings.Contains(issues, "Ligne sans nom ni contact") {
		t.Errorf("issue report: %d %q", status, issues)
	}
	// An empty upload and a too-large one are refused on the page.
	body, ct = uploadBody(t, "", nil, map[string]string{"delimiter": ""})
	req, _ = http.NewRequest("POST", e.srv.URL+"/imports/new", body)
	req.Header.Set("Content-Type", ct)
	resp, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("no file: %d", resp.StatusCode)
	}
}

func headerSigOf(t *testing.T, page string) string {
	t.Helper()
	m := regexp.MustCompile(`name="sig" value="([0-9a-f]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no sig on the page")
	}
	return m[1]
}

// TestCatalog checks that every message the pages use exists in English
// and in French.
func TestCatalog(t *testing.T) {
	keys := map[string]bool{}
	use := regexp.MustCompile(`\.(?:T|Sprintf|Count) "([a-z_.0-9]+)"|\bT\("([a-z_.0-9]+)"\)|\bSprintf\("([a-z_.0-9]+)"`)
	read := func(b []byte) {
		for _, m := range use.FindAllStringSubmatch(string(b), -1) {
			keys[m[1]+m[2]+m[3]] = true
		}
	}
	fs.WalkDir(assets, "templates", func(p string, d fs.DirEntry, err error) error {
		if !d.IsDir() {
			b, _ := fs.ReadFile(assets, p)
			read(b)
		}
		return nil
	})
	goFiles, _ := fs.Glob(os.DirFS("."), "*.go")
	for _, f := range goFiles {
		b, _ := os.ReadFile(f)
		read(b)
	}
	for _, st := range []string{"draft", "queued", "running", "finished", "failed", "reverted"} {
		keys["status."+st] = true
	}
	for _, k := range []string{"rule.create", "rule.merge", "rule.create.help", "rule.merge.help", "date.ymd", "date.dmy", "date.mdy",
		"criterion.name", "criterion.phone", "criterion.email", "imports.created", "imports.merged", "imports.associated", "imports.failed",
		"imports.revert_text", "imports.finalize_text", "leads.range", "unit.b", "unit.kb", "unit.mb", "unit.gb",
		"err.invalid", "err.unauth", "err.forbidden", "err.notfound", "err.conflict", "err.throttled", "err.internal"} {
		keys[k] = true
	}
	if len(keys) < 100 {
		t.Fatalf("found only %d keys: the pattern is wrong", len(keys))
	}
	for k := range keys {
		for _, l := range []string{"en", "fr"} {
			if _, ok := catalog[l][k]; !ok {
				t.Errorf("%s: no %q", l, k)
			}
		}
	}
	for k := range catalog["en"] {
		if _, ok := catalog["fr"][k]; !ok {
			t.Errorf("fr: no %q", k)
		}
	}
}
