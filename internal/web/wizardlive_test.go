package web

import (
	"bytes"
	"html"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/app"
)

// headerOnlyCSV has a header, a blank line and a line of empty cells: no
// data row.
const headerOnlyCSV = "First name,Last name,Home phone\n\n,,\n"

// TestEmptyFileRefused: a file with a header but no data rows is refused at
// step 1 in the reader's language, and by the API with a 400; no draft is
// left behind.
func TestEmptyFileRefused(t *testing.T) {
	e := newEnv(t)
	en := e.addUser("dana@garage.ca", leadport.RoleDirector, true)
	fr := e.addUser("denis@garage.ca", leadport.RoleDirector, true)
	french := "fr"
	if _, err := e.app.UpdateUser(t.Context(), fr, fr.ID, app.UserChange{Locale: &french}); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		user *leadport.User
		want string
	}{
		{en, "This file has a header line but no data rows"},
		{fr, "Ce fichier a une ligne d'en-tête mais aucune ligne de données"},
	} {
		body, ct := uploadBody(t, "empty.csv", []byte(headerOnlyCSV), nil)
		status, page := e.do(e.client(tt.user), "POST", "/imports/new", "", body, ct)
		if status != http.StatusBadRequest || !strings.Contains(page, html.EscapeString(tt.want)) {
			t.Errorf("upload as %s: %d, want 400 with %q in\n%s", tt.user.Email, status, tt.want, page)
		}
	}
	body, ct := uploadBody(t, "empty.csv", []byte(headerOnlyCSV), map[string]string{"type": "event", "rule": "merge"})
	status, resp := e.do(nil, "POST", "/api/imports", e.token(en), body, ct)
	code, msg := "", ""
	if status == http.StatusBadRequest {
		code, msg = errorOf(t, resp)
	}
	if status != http.StatusBadRequest || code != leadport.EINVALID || !strings.Contains(msg, "This file has a header line but no data rows") {
		t.Errorf("API: %d %s", status, resp)
	}
	// A workbook is refused only when none of its sheets has a row.
	book := func(sheets map[string][][]any) []byte {
		f := excelize.NewFile()
		for name, rows := range sheets {
			f.NewSheet(name)
			for i, r := range rows {
				cell, _ := excelize.CoordinatesToCellName(1, i+1)
				f.SetSheetRow(name, cell, &r)
			}
		}
		f.DeleteSheet("Sheet1")
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	header := []any{"Prénom", "Nom", "Téléphone"}
	body, ct = uploadBody(t, "vide.xlsx", book(map[string][][]any{"A": {header}, "B": {header}}), nil)
	if status, page := e.do(e.client(en), "POST", "/imports/new", "", body, ct); status != http.StatusBadRequest ||
		!strings.Contains(page, "This file has a header line but no data rows") {
		t.Errorf("workbook of header-only sheets: %d", status)
	}
	body, ct = uploadBody(t, "deux.xlsx", book(map[string][][]any{"A": {header}, "B": {header, {"Luc", "Roy", "514 555 0101"}}}), nil)
	status, page := e.do(e.client(fr), "POST", "/imports/new", "", body, ct)
	if status != http.StatusOK || !strings.Contains(page, `id="setup-form"`) {
		t.Fatalf("workbook with one sheet of data: %d", status)
	}
	// Its header-only sheet, chosen, is said to be empty, in French.
	if !strings.Contains(page, html.EscapeString("La feuille « A » a une ligne d'en-tête mais aucune ligne de données")) {
		t.Errorf("the header-only sheet chosen is not said to be empty:\n%s", page)
	}
	drafts, err := e.app.ListDrafts(t.Context(), en)
	if err != nil {
		t.Fatal(err)
	}
	if len(drafts) != 0 {
		t.Errorf("%d drafts left behind by refused files", len(drafts))
	}
}
