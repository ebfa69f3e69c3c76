package web

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/app"
)

// The JSON API (SPEC §8): the CLI's operations with the same permissions,
// for a session or an API token. Imports are leadport.Summary objects, leads
// app.ExportedLead objects; errors are {"error": {"code", "message"}}.

type meJSON struct {
	ID        int64         `json:"id"`
	AccountID int64         `json:"account_id"`
	Email     string        `json:"email"`
	Name      string        `json:"name"`
	Role      leadport.Role `json:"role"`
	CanImport bool          `json:"can_import"`
	Locale    string        `json:"locale"`
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	return writeJSON(w, http.StatusOK, meJSON{ID: u.ID, AccountID: u.AccountID, Email: u.Email, Name: u.Name,
		Role: u.Role, CanImport: leadport.CanImport(u) == nil, Locale: u.Locale})
}

func (s *Server) apiImports(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	imps, err := s.app.ListImports(r.Context(), u)
	if err != nil {
		return err
	}
	out := make([]leadport.Summary, 0, len(imps))
	for _, imp := range imps {
		out = append(out, imp.Summary())
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiImport(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	id, err := apiID(r)
	if err != nil {
		return err
	}
	imp, err := s.app.Import(r.Context(), u, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, imp.Summary())
}

// apiCreateImport takes a multipart upload: the file in a part named "file",
// and the fields type, rule, delimiter, encoding, sheet (of an Excel
// workbook), date_format ("auto", the default, or ymd, dmy, mdy), map ("auto",
// or "Header=key,…" with headers exactly as in the file) and dry_run. It
// queues the import (201) or, with dry_run, counts what it would do and
// keeps nothing (200).
func (s *Server) apiCreateImport(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	form, err := s.readUpload(w, r, u)
	if form != nil && form.imp != nil {
		queued := false
		defer func() {
			if !queued {
				s.app.DiscardDraft(r.Context(), u, form.imp.ID)
			}
		}()
		if err == nil {
			var sum leadport.Summary
			sum, queued, err = s.apiSetUp(r, u, form)
			if err == nil {
				status := http.StatusOK
				if queued {
					status = http.StatusCreated
					w.Header().Set("Location", fmt.Sprintf("/api/imports/%d", sum.ID))
				}
				return writeJSON(w, status, sum)
			}
		}
	}
	return err
}

func (s *Server) apiSetUp(r *http.Request, u *leadport.User, form *uploadForm) (sum leadport.Summary, queued bool, err error) {
	f := form.fields
	sf := setupForm{delimiter: f["delimiter"], encoding: f["encoding"], sheet: f["sheet"], typ: f["type"], rule: f["rule"], dateFormat: f["date_format"]}
	if sf.typ == "" {
		return sum, false, leadport.Errorf(leadport.EINVALID, "The field “type” is required: one of %s.", typeKeys())
	}
	if sf.rule == "" {
		return sum, false, leadport.Errorf(leadport.EINVALID, "The field “rule” is required: create or merge.")
	}
	opts, err := sf.options()
	if err != nil {
		return sum, false, err
	}
	sniff, err := s.app.Detect(r.Context(), u, form.imp.ID, opts)
	if err != nil {
		return sum, false, err
	}
	settings := sf.settings(sniff)
	settings.Mapping, settings.MapSpec = nil, f["map"]
	dry, _ := strconv.ParseBool(strings.TrimSpace(f["dry_run"]))
	if dry {
		c, err := s.app.DryRun(r.Context(), u, form.imp.ID, settings)
		if err != nil {
			return sum, false, err
		}
		return leadport.Summary{Status: "dry_run", DryRun: true, Processed: c.Processed, Created: c.Created, Merged: c.Merged,
			Associated: c.Associated, Failed: c.Failed, Notes: c.Notes, Total: c.Processed, FileName: form.imp.FileName,
			Owner: u.Name, Type: settings.Type, Rule: settings.Rule}, false, nil
	}
	imp, err := s.app.StartImport(r.Context(), u, form.imp.ID, settings)
	if err != nil {
		return sum, false, err
	}
	return imp.Summary(), true, nil
}

func typeKeys() string {
	var keys []string
	for _, t := range leadport.LeadTypes {
		keys = append(keys, string(t))
	}
	return strings.Join(keys, ", ")
}

func (s *Server) apiFinalize(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	id, err := apiID(r)
	if err != nil {
		return err
	}
	imp, err := s.app.FinalizeImport(r.Context(), u, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, imp.Summary())
}

func (s *Server) apiRevert(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	id, err := apiID(r)
	if err != nil {
		return err
	}
	imp, err := s.app.RevertImport(r.Context(), u, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, imp.Summary())
}

func (s *Server) apiIssues(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	id, err := apiID(r)
	if err != nil {
		return err
	}
	if _, err := s.app.Import(r.Context(), u, id); err != nil {
		return err
	}
	return s.writeIssues(w, r, u, id)
}

type leadsJSON struct {
	Total  int                `json:"total"`
	More   bool               `json:"more,omitempty"` // the count stopped at total: there are more leads`
	Limit  int                `json:"limit"`
	Offset int                `json:"offset"`
	Leads  []app.ExportedLead `json:"leads"`
}

// apiLeads is a page of the leads list, newest first, each lead whole as
// GET /api/leads/{id} gives it.
func (s *Server) apiLeads(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	q := r.URL.Query()
	limit, err := intParam(q, "limit", leadsPerPage, 1, 500)
	if err != nil {
		return err
	}
	offset, err := intParam(q, "offset", 0, 0, maxOffset)
	if err != nil {
		return err
	}
	leads, total, err := s.app.SearchLeads(r.Context(), u, app.LeadQuery{Module: q.Get("module"), Query: q.Get("q"),
		Limit: limit, Offset: offset, Whole: true})
	if err != nil {
		return err
	}
	out, err := s.app.ExportView(r.Context(), u, leads)
	if err != nil {
		return err
	}
	page := leadsJSON{Total: total, Limit: limit, Offset: offset, Leads: out}
	if more, capAt := app.Capped(total, page.Offset, limit); more {
		page.Total, page.More = capAt, true
	}
	return writeJSON(w, http.StatusOK, page)
}

func (s *Server) apiLead(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	id, err := apiID(r)
	if err != nil {
		return err
	}
	l, err := s.app.Lead(r.Context(), u, id)
	if err != nil {
		return err
	}
	out, err := s.app.ExportView(r.Context(), u, []*leadport.Lead{l})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out[0])
}

// apiExport streams every lead the user may see (of one import with
// ?import=) as JSON lines or CSV (?format=jsonl|csv).
func (s *Server) apiExport(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	q := r.URL.Query()
	format := q.Get("format")
	var importID int64
	if v := q.Get("import"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return errf(leadport.EINVALID, fmt.Sprintf("The import must be an import number, not “%s”.", v),
				fmt.Sprintf("L'import doit être un numéro d'import, et non « %s ».", v))
		}
		if _, err := s.app.Import(r.Context(), u, id); err != nil {
			return err
		}
		importID = id
	}
	switch format {
	case "", "jsonl":
		w.Header().Set("Content-Type", "application/x-ndjson; charset=utf-8")
	case "csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="leads.csv"`)
	default:
		return leadport.Errorf(leadport.EINVALID, "The export format must be jsonl or csv, not %q.", format)
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.app.ExportLeads(r.Context(), u, importID, format, w)
}

func apiID(r *http.Request) (int64, error) { return idParam(r) }

// userJSON is a user as the API shows it.
type userJSON struct {
	ID            int64         `json:"id"`
	Email         string        `json:"email"`
	Name          string        `json:"name"`
	Role          leadport.Role `json:"role"`
	CanImport     bool          `json:"can_import"`
	Locale        string        `json:"locale"`
	DeactivatedAt *time.Time    `json:"deactivated_at"`
}

func toUserJSON(u *leadport.User) userJSON {
	return userJSON{ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, CanImport: u.CanImport, Locale: u.Locale,
		DeactivatedAt: u.DeactivatedAt}
}

func (s *Server) apiUsers(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	users, err := s.app.ListUsers(r.Context(), u)
	if err != nil {
		return err
	}
	out := make([]userJSON, 0, len(users))
	for _, x := range users {
		out = append(out, toUserJSON(x))
	}
	return writeJSON(w, http.StatusOK, out)
}

// apiSetPassword takes {"password": "…"}: the user's other sessions and all
// his API tokens end (SPEC §10), the token of this request included when a
// user changes his own password through the API.
func (s *Server) apiSetPassword(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	id, err := apiID(r)
	if err != nil {
		return err
	}
	var body struct {
		Password string `json:"password"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, 64<<10)).Decode(&body); err != nil {
		return errf(leadport.EINVALID, `The body must be a JSON object {"password": "…"}.`, `Le corps doit être un objet JSON {"password": "…"}.`)
	}
	x, err := s.app.UpdateUser(r.Context(), u, id, app.UserChange{Password: &body.Password})
	if err != nil {
		return err
	}
	if x.ID == u.ID && !viewerOf(r).token {
		if err := s.sessions.RenewToken(r.Context()); err != nil {
			return err
		}
		s.sessions.Put(r.Context(), sessEpoch, x.SessionEpoch)
	}
	return writeJSON(w, http.StatusOK, toUserJSON(x))
}

func (s *Server) apiDeactivate(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	id, err := apiID(r)
	if err != nil {
		return err
	}
	x, err := s.app.DeactivateUser(r.Context(), u, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toUserJSON(x))
}
