package web

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/leadport/leadport"
)

type importsPage struct {
	base
	Imports  []importRow
	CanStart bool
	Drafts   []*leadport.Import // the user's own files uploaded and not saved yet
	Labels   string             // JSON: what static/app.js needs to write status and messages in the page's language
}

// importRow is one import in the Import module's table.
type importRow struct {
	leadport.Summary
	Mine        bool
	StatusLabel string
	TypeLabel   string
	RuleLabel   string
	Live        bool // queued or running: the progress bar shows
	Done        bool // finished: the outcome chart shows
	CanFinalize bool
	CanRevert   bool
	HasReport   bool
	Chart       []chartBar
}

type chartBar struct {
	Key   string
	Label string
	Value int64
	Width int64 // percent of the rows processed
	Y     int
}

func (s *Server) importsPage(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	imps, err := s.app.ListImports(r.Context(), u)
	if err != nil {
		return err
	}
	manage, issues, err := s.app.ImportRights(r.Context(), u, imps)
	if err != nil {
		return err
	}
	data := importsPage{base: s.base(r, u, "imports"), CanStart: leadport.CanImport(u) == nil}
	data.Title = data.L.T("imports.title")
	for _, imp := range slices.Backward(imps) {
		data.Imports = append(data.Imports, s.importRow(imp, manage[imp.ID], issues[imp.ID], data.L))
		if imp.ID == data.FlashImport && imp.Status != leadport.StatusQueued && imp.Status != leadport.StatusRunning {
			data.Flash = "" // "… is queued" is no longer true
		}
	}
	if data.CanStart {
		if data.Drafts, err = s.app.ListDrafts(r.Context(), u); err != nil {
			return err
		}
	}
	labels := map[string]string{
		"confirmFinalize": data.L.T("imports.confirm_finalize"),
	}
	for _, st := range []string{leadport.StatusQueued, leadport.StatusRunning, leadport.StatusFinished, leadport.StatusFailed, leadport.StatusReverted} {
		labels["status_"+st] = data.L.T("status." + st)
	}
	data.Labels, _ = toJSON(labels)
	return s.render(w, http.StatusOK, "imports", &data)
}

// importRow is one line of the Import module. Mine means the viewer may
// finalize or revert it: his own import, or an orphaned one (SPEC §6).
func (s *Server) importRow(imp *leadport.Import, manage, issues bool, lc loc) importRow {
	row := importRow{Summary: imp.Summary(), Mine: manage}
	row.StatusLabel = lc.T("status." + imp.Status)
	row.TypeLabel = imp.Type.Label(lc.locale)
	row.RuleLabel = lc.T("rule." + string(imp.Rule))
	row.Live = imp.Status == leadport.StatusQueued || imp.Status == leadport.StatusRunning
	row.Done = imp.Status == leadport.StatusFinished
	row.CanFinalize = row.Mine && imp.Status == leadport.StatusFinished && !imp.Finalized
	row.CanRevert = row.Mine && !imp.Finalized && (imp.Status == leadport.StatusFinished || imp.Status == leadport.StatusFailed)
	row.HasReport = (imp.Status == leadport.StatusFinished || imp.Status == leadport.StatusFailed) && issues
	for i, k := range []struct {
		key string
		n   int64
	}{{"created", imp.Created}, {"merged", imp.Merged}, {"associated", imp.Associated}, {"failed", imp.Failed}} {
		row.Chart = append(row.Chart, chartBar{Key: k.key, Label: lc.T("imports." + k.key), Value: k.n,
			Width: percent(k.n, imp.Processed), Y: i * 8})
	}
	return row
}

func (s *Server) finalize(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	id, err := pathID(r)
	if err != nil {
		return errPageNotFound
	}
	imp, err := s.app.FinalizeImport(r.Context(), u, id)
	if err != nil {
		return err
	}
	lc := loc{u.Locale}
	s.flash(r, fmt.Sprintf(lc.T("imports.finalized"), imp.FileName))
	http.Redirect(w, r, "/imports", http.StatusSeeOther)
	return nil
}

func (s *Server) revert(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	id, err := pathID(r)
	if err != nil {
		return errPageNotFound
	}
	imp, err := s.app.RevertImport(r.Context(), u, id)
	if err != nil {
		return err
	}
	lc := loc{u.Locale}
	s.flash(r, fmt.Sprintf(lc.T("imports.reverted"), imp.FileName))
	http.Redirect(w, r, "/imports", http.StatusSeeOther)
	return nil
}

// issues downloads an import's issue report.
func (s *Server) issues(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	id, err := pathID(r)
	if err != nil {
		return errPageNotFound
	}
	if _, err := s.app.Import(r.Context(), u, id); err != nil {
		return err
	}
	return s.writeIssues(w, r, u, id)
}

func (s *Server) writeIssues(w http.ResponseWriter, r *http.Request, u *leadport.User, id int64) error {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="import-%d-issues.csv"`, id))
	w.Header().Set("Cache-Control", "no-store")
	return s.app.WriteIssueReport(r.Context(), u, id, w)
}
