package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/leadport/leadport"
)

// pageTemplate is the layout together with one page's file.
type pageTemplate struct{ t *template.Template }

// parsePages parses every page once, at start: a template error stops New,
// not a request.
func parsePages() (map[string]*pageTemplate, error) {
	funcs := template.FuncMap{
		"timetag": timeTag,
		"phone":   formatPhone,
		"pct":     percent,
		"json":    toJSON,
		"inc":     func(i int) int { return i + 1 },
	}
	files, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return nil, err
	}
	pages := make(map[string]*pageTemplate)
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name == "layout" {
			continue
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(assets, "templates/layout.html", f)
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", name, err)
		}
		pages[name] = &pageTemplate{t}
	}
	return pages, nil
}

// render writes a page. It executes into a buffer first, so that a
// template error is a clean 500 and not half a page.
func (s *Server) render(w http.ResponseWriter, status int, name string, data any) error {
	p := s.pages[name]
	if p == nil {
		return fmt.Errorf("no template %q", name)
	}
	var buf bytes.Buffer
	if err := p.t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err := buf.WriteTo(w)
	return err
}

// renderFragment writes one template of a page alone, without the layout:
// a part of the page that static/app.js puts in place.
func (s *Server) renderFragment(w http.ResponseWriter, status int, page, name string, data any) error {
	p := s.pages[page]
	if p == nil {
		return fmt.Errorf("no template %q", page)
	}
	var buf bytes.Buffer
	if err := p.t.ExecuteTemplate(&buf, name, data); err != nil {
		return fmt.Errorf("render %s of %s: %w", name, page, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err := buf.WriteTo(w)
	return err
}

// base is what every page has: the layout's data.
type base struct {
	Title  string
	User   *leadport.User
	Locale string
	L      loc
	Nav    []navItem
	Flash  string
	// FlashImport is the import the flash message is about, if any.
	FlashImport int64
	Path        string // the page's address, to come back to after switching language
}

type navItem struct {
	Label  string
	Href   string
	Active bool
	Group  string // "modules" or "tools"
}

func (s *Server) base(r *http.Request, u *leadport.User, active string) base {
	b := base{User: u, Locale: requestLocale(r), Path: r.URL.RequestURI()}
	if r.Method != http.MethodGet {
		b.Path = "/" // a page shown in answer to a POST has no address to come back to
	}
	if u != nil {
		b.Locale = u.Locale
		if b.Locale != "fr" {
			b.Locale = "en"
		}
		b.Flash = s.sessions.PopString(r.Context(), sessFlash)
		b.FlashImport, _ = s.sessions.Pop(r.Context(), sessFlashImport).(int64)
	}
	b.L = loc{b.Locale}
	if u == nil {
		return b
	}
	for _, m := range leadport.Modules {
		b.Nav = append(b.Nav, navItem{Label: m.Label(b.Locale), Href: "/modules/" + m.Key, Active: active == m.Key, Group: "modules"})
	}
	b.Nav = append(b.Nav, navItem{Label: b.L.T("nav.all"), Href: "/leads", Active: active == "all", Group: "modules"})
	if leadport.CanOpenImports(u) == nil {
		b.Nav = append(b.Nav, navItem{Label: b.L.T("nav.import"), Href: "/imports", Active: active == "imports", Group: "tools"})
	}
	if leadport.CanManageUsers(u) == nil {
		b.Nav = append(b.Nav, navItem{Label: b.L.T("nav.users"), Href: "/users", Active: active == "users", Group: "tools"})
	}
	b.Nav = append(b.Nav, navItem{Label: b.L.T("nav.tokens"), Href: "/tokens", Active: active == "tokens", Group: "tools"})
	return b
}

// flash keeps a message for the next page the user sees.
func (s *Server) flash(r *http.Request, msg string) {
	s.sessions.Put(r.Context(), sessFlash, msg)
}

// requestLocale is the language for someone not logged in: ?lang=, else
// the browser's preference.
func requestLocale(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); l == "fr" || l == "en" {
		return l
	}
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(r.Header.Get("Accept-Language"))), "fr") {
		return "fr"
	}
	return "en"
}

// timeTag shows a time as a <time> element; static/app.js rewrites it in
// the browser's time zone.
func timeTag(v any) template.HTML {
	var t time.Time
	switch x := v.(type) {
	case time.Time:
		t = x
	case *time.Time:
		if x != nil {
			t = *x
		}
	}
	if t.IsZero() {
		return template.HTML(`<span class="muted">—</span>`)
	}
	t = t.UTC()
	return template.HTML(fmt.Sprintf(`<time datetime="%s">%s</time>`,
		t.Format(time.RFC3339), t.Format("2006-01-02 15:04")+" UTC"))
}

// formatPhone shows a North American E.164 number as (514) 555-0101.
func formatPhone(e164 string) string {
	if len(e164) == 12 && strings.HasPrefix(e164, "+1") {
		d := e164[2:]
		return "(" + d[:3] + ") " + d[3:6] + "-" + d[6:]
	}
	return e164
}

func percent(a, b int64) int64 {
	if b <= 0 {
		return 0
	}
	return min(a*100/b, 100)
}

func toJSON(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}
