package web

import (
	"bytes"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/demo"
)

// TestWizardProposesDateOrder: for the demo's French file, step 2 selects
// day first and says which value of which line proves it, in the user's
// language; the preview then shows no bad date.
func TestWizardProposesDateOrder(t *testing.T) {
	// The demo's French sample file: Excel on French Windows, dates day first.
	raw, err := demo.Bytes("french-excel.csv")
	if err != nil {
		t.Fatal(err)
	}
	file := bytes.NewBuffer(raw)
	text, err := charmap.Windows1252.NewDecoder().String(file.String())
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(text, "\n")

	e := newEnv(t)
	tests := []struct {
		locale string
		note   *regexp.Regexp // the value, its line and its column
	}{
		{"en", regexp.MustCompile(`Day first proposed: (\d\d)/(\d\d)/(\d{4})[^<]*? on line (\d+) \(column “([^”]+)”\)\.`)},
		{"fr", regexp.MustCompile(`Jour d'abord proposé : (\d\d)/(\d\d)/(\d{4})[^<]*? à la ligne (\d+) \(colonne « ([^»]+) »\)\.`)},
	}
	for _, tt := range tests {
		t.Run(tt.locale, func(t *testing.T) {
			d := e.addUser("dana."+tt.locale+"@garage.ca", leadport.RoleDirector, true)
			c := e.client(d)
			resp, err := c.PostForm(e.srv.URL+"/locale", url.Values{"locale": {tt.locale}, "next": {"/imports"}})
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			body, ct := uploadBody(t, "french-excel.csv", file.Bytes(), nil)
			req, _ := http.NewRequest("POST", e.srv.URL+"/imports/new", body)
			req.Header.Set("Content-Type", ct)
			if resp, err = c.Do(req); err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			_, page, _ := get(t, c, e.srv.URL+resp.Request.URL.Path)
			page = html.UnescapeString(page)

			if !strings.Contains(page, `<option value="dmy" selected>`) {
				t.Errorf("day first is not selected")
			}
			m := tt.note.FindStringSubmatch(page)
			if m == nil {
				i := strings.Index(page, `id="date-note"`)
				t.Fatalf("no day-first proposal with its reason; date note: %.300s", page[max(i, 0):])
			}
			day, _ := strconv.Atoi(m[1])
			line, _ := strconv.Atoi(m[4])
			if day <= 12 {
				t.Errorf("the proof %s/%s/%s does not prove day first", m[1], m[2], m[3])
			}
			// The value is on that line of the file, in that column.
			header := strings.Split(lines[0], ";")
			col := -1
			for i, h := range header {
				if h == m[5] {
					col = i
				}
			}
			if col < 0 || line < 2 || line > len(lines) {
				t.Fatalf("column %q or line %d not in the file", m[5], line)
			}
			if cells := strings.Split(lines[line-1], ";"); col >= len(cells) || !strings.HasPrefix(cells[col], m[1]+"/"+m[2]+"/"+m[3]) {
				t.Errorf("line %d, column %q of the file is not %s/%s/%s: %q", line, m[5], m[1], m[2], m[3], lines[line-1])
			}
			// No earlier line proves it: the first proof is shown.
			for _, l := range lines[1 : line-1] {
				cells := strings.Split(l, ";")
				if col < len(cells) && len(cells[col]) >= 2 {
					if n, err := strconv.Atoi(cells[col][:2]); err == nil && n > 12 {
						t.Errorf("an earlier line proves it already: %q", l)
						break
					}
				}
			}
			if strings.Contains(page, `title="date format not recognised`) || strings.Contains(page, `<span class="reason">date format not recognised`) {
				t.Error("the preview shows dates it cannot read")
			}
		})
	}
}
