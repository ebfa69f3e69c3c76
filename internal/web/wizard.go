package web

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/app"
	"github.com/leadport/leadport/internal/csvread"
	"github.com/leadport/leadport/internal/importer"
)

// The import wizard (SPEC §6): step 1 uploads the file as a draft, step 2
// sets it up with a preview, and Save queues it.

type uploadPage struct {
	base
	Fields     []fieldHelp
	MaxBytes   int64
	MaxMB      int64
	Delimiter  string
	Encoding   string
	Delimiters []option
	Encodings  []option
	Error      string
}

type fieldHelp struct {
	Key, Label, Format, Example string
	Required                    bool
}

type option struct {
	Value, Label string
	Selected     bool
}

// requiredNote says, per field, which required group it belongs to.
func requiredField(key string) bool {
	switch key {
	case "first_name", "last_name", "full_name", "phone_home", "phone_mobile", "phone_work", "email_home", "email_work":
		return true
	}
	return false
}

func (s *Server) uploadPage(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	return s.renderUpload(w, r, u, http.StatusOK, "", "", "")
}

func (s *Server) renderUpload(w http.ResponseWriter, r *http.Request, u *leadport.User, status int, delim, enc, msg string) error {
	if err := leadport.CanImport(u); err != nil {
		return err
	}
	data := uploadPage{base: s.base(r, u, "imports"), MaxBytes: s.maxUpload, MaxMB: s.maxUpload >> 20,
		Delimiter: delim, Encoding: enc, Error: msg}
	data.Title = data.L.T("wizard.title")
	for _, f := range leadport.Fields {
		data.Fields = append(data.Fields, fieldHelp{Key: f.Key, Label: f.Label(data.Locale), Format: fieldFormat(f, data.Locale),
			Example: f.Example, Required: requiredField(f.Key)})
	}
	data.Delimiters = delimiterOptions(data.L, delim)
	data.Encodings = encodingOptions(data.L, enc)
	return s.render(w, status, "upload", &data)
}

func fieldFormat(f leadport.Field, locale string) string {
	if locale == "fr" {
		return f.FormatFR
	}
	return f.FormatEN
}

func delimiterOptions(lc loc, selected string) []option {
	opts := []option{{"", lc.T("wizard.auto"), false}, {",", lc.T("delim.comma"), false}, {";", lc.T("delim.semicolon"), false},
		{"tab", lc.T("delim.tab"), false}, {"pipe", lc.T("delim.pipe"), false}}
	for i := range opts {
		opts[i].Selected = opts[i].Value == selected
	}
	return opts
}

func encodingOptions(lc loc, selected string) []option {
	opts := []option{{"", lc.T("wizard.auto"), false}, {csvread.UTF8, "UTF-8", false},
		{csvread.Windows1252, "Windows-1252", false}, {csvread.UTF16, "UTF-16", false}}
	for i := range opts {
		opts[i].Selected = opts[i].Value == selected
	}
	return opts
}

func delimiterLabel(lc loc, d rune) string {
	switch d {
	case ',':
		return lc.T("delim.comma")
	case ';':
		return lc.T("delim.semicolon")
	case '\t':
		return lc.T("delim.tab")
	case '|':
		return lc.T("delim.pipe")
	}
	return string(d)
}

func encodingLabel(enc string, bom bool) string {
	l := map[string]string{csvread.UTF8: "UTF-8", csvread.Windows1252: "Windows-1252", csvread.UTF16: "UTF-16"}[enc]
	if l == "" {
		l = enc
	}
	if bom {
		l += " (BOM)"
	}
	return l
}

func (s *Server) tooLarge(lc loc) error {
	mb := s.maxUpload >> 20
	return &localError{code: leadport.EINVALID, status: http.StatusRequestEntityTooLarge,
		en: fmt.Sprintf("The file is larger than the %d MB this server accepts. Split it in smaller files, or ask your administrator to raise the limit.", mb),
		fr: fmt.Sprintf("Le fichier dépasse les %d Mo que ce serveur accepte. Divisez-le en fichiers plus petits, ou demandez à votre administrateur de relever la limite.", mb)}
}

var errColumnsChanged = errf(leadport.EINVALID,
	"The file's columns changed since the page was shown (the delimiter or the encoding changed): check the mapping and save again.",
	"Les colonnes du fichier ont changé depuis l'affichage de la page (délimiteur ou encodage modifié) : vérifiez l'association et enregistrez de nouveau.")

var errNoFile = errf(leadport.EINVALID, "Choose a CSV file or an Excel workbook to import.", "Choisissez un fichier CSV ou un classeur Excel à importer.")

// multipartOverhead is room for the form's other fields and boundaries.
const multipartOverhead = 1 << 20

// uploadForm is what step 1 and the API's POST /api/imports send: the file,
// streamed to the store as it arrives (never held whole in memory), and
// small fields around it.
type uploadForm struct {
	imp    *leadport.Import
	sniff  csvread.Sniff
	fields map[string]string
}

// readUpload reads a multipart upload part by part. The file part's reader
// goes straight to app.UploadImport. Fields may come before or after it.
func (s *Server) readUpload(w http.ResponseWriter, r *http.Request, u *leadport.User) (*uploadForm, error) {
	// Refuse at once, before reading a byte, someone who may not import.
	if err := leadport.CanImport(u); err != nil {
		return nil, err
	}
	lc := loc{u.Locale}
	if r.ContentLength > s.maxUpload+multipartOverhead {
		return nil, s.tooLarge(lc)
	}
	budget := &fieldBudget{r: http.MaxBytesReader(w, r.Body, s.maxUpload+multipartOverhead)}
	r.Body = struct {
		io.Reader
		io.Closer
	}{budget, r.Body}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, errf(leadport.EINVALID, "Send the file as multipart/form-data, in a part named “file”.",
			"Envoyez le fichier en multipart/form-data, dans une partie nommée « file ».")
	}
	form := &uploadForm{fields: make(map[string]string)}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			var mbe *http.MaxBytesError
			switch {
			case errors.As(err, &mbe):
				return form, s.tooLarge(lc)
			case errors.Is(err, errFormTooLarge):
				return form, errFormTooLarge
			}
			return form, errf(leadport.EINVALID, "The upload is incomplete or malformed: "+err.Error()+".",
				"L'envoi est incomplet ou mal formé : "+err.Error()+".")
		}
		if budget.fields > maxFormBytes {
			return form, errFormTooLarge
		}
		name := part.FormName()
		if err := checkText("", name); err != nil {
			return form, err
		}
		switch {
		case name == "file" && form.imp == nil:
			if part.FileName() == "" {
				// An empty file input: the browser sends a part with no name.
				io.Copy(io.Discard, io.LimitReader(part, 1<<16))
				continue
			}
			if err := checkFileName(part.FileName()); err != nil {
				return form, err
			}
			budget.inFile = true
			form.imp, form.sniff, err = s.app.UploadImport(r.Context(), u, part.FileName(), part)
			budget.inFile = false
			var mbe *http.MaxBytesError
			if errors.Is(err, app.ErrTooLarge) || errors.As(err, &mbe) {
				if form.imp != nil {
					s.app.DiscardDraft(r.Context(), u, form.imp.ID)
					form.imp = nil
				}
				return form, s.tooLarge(lc)
			}
			if err != nil {
				return form, err
			}
		case name != "" && name != "file":
			b, err := io.ReadAll(part)
			if errors.Is(err, errFormTooLarge) || budget.fields > maxFormBytes {
				return form, errFormTooLarge
			}
			if err != nil {
				return form, err
			}
			if err := checkText(name, string(b)); err != nil {
				return form, err
			}
			form.fields[name] = string(b)
		}
		part.Close()
	}
	if form.imp == nil {
		return form, errNoFile
	}
	return form, nil
}

// upload is step 1's Next step.
func (s *Server) upload(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	form, err := s.readUpload(w, r, u)
	lc := loc{u.Locale}
	delim, enc := "", ""
	if form != nil {
		delim, enc = form.fields["delimiter"], form.fields["encoding"]
	}
	if err != nil {
		if form != nil && form.imp != nil {
			s.app.DiscardDraft(r.Context(), u, form.imp.ID)
		}
		if c := errorCode(err); c == leadport.EINVALID {
			return s.renderUpload(w, r, u, errorStatus(err), delim, enc, errorMessage(err, lc.locale))
		}
		return err
	}
	q := url.Values{}
	if d, err := csvread.ParseDelimiter(delim); err == nil && d != 0 {
		q.Set("delimiter", csvread.DelimiterName(d))
	}
	if e, err := csvread.ParseEncoding(enc); err == nil && e != "" {
		q.Set("encoding", e)
	}
	to := fmt.Sprintf("/imports/%d/setup", form.imp.ID)
	if len(q) > 0 {
		to += "?" + q.Encode()
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

func (s *Server) templateCSV(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="leadport-template.csv"`)
	return app.TemplateCSV(w)
}

// setupPage is step 2.
type setupPage struct {
	base
	Import         *leadport.Import
	FileSize       string
	Delimiters     []option
	Encodings      []option
	DetectedDelim  string
	DetectedEnc    string
	Workbook       bool     // an Excel workbook: a sheet to choose, no delimiter or encoding
	Sheets         []option // the workbook's sheets
	DateColumns    []string // headers of the columns that hold real dates
	Sample         []string
	FileError      string
	Types          []option
	Rules          []ruleOption
	DateFormats    []option
	DateNote       string // the date order proposed and why, or why none is
	DateProposed   bool   // DateNote proposes an order (else it warns)
	Columns        []columnView
	MappingNotice  string   // whose mapping the columns start from, when an earlier import's
	MappingSources []option // earlier imports whose mapping fits the file
	FieldChoices   []option // every field, for the column dropdowns
	Sig            string
	Missing        []string // what the mapping lacks, for people
	MissingName    bool
	MissingContact bool
	Duplicates     []string
	CanSave        bool
	SaveError      string
	PreviewFields  []previewField
	Preview        []previewRow
	FirstRows      int      // the rows of Preview that are the file's first; the others come later
	PreviewNote    string   // why there is no preview yet
	PreviewNeeds   []string // what the mapping lacks for one
	PreviewError   string
	Problems       []problemView // the bad values of the sample, per column
	ProblemsTitle  string        // over which rows they were counted
	NoProblems     string        // when there are none, over which rows
	DryRun         *leadport.Counters
	DryRunURL      string
	CountURL       string // the whole-file count's progress stream (counts.go)
	PreviewURL     string // the preview alone, for static/app.js (previewFragment)
	Query          string // the settings, to come back to the same state
}

// previewField is a column of the preview table: a mapped column of the file.
type previewField struct {
	Label, Header string
	Column        int
	Bad           int // its bad values in the sample
}

// problemView is one column of the problems summary, as people read it:
// "Home phone: 12 bad — “n/a” × 8, “555-1234” × 4".
type problemView struct {
	Label, Header string // the field's label and the file's header ("" when the same)
	Target        string // the id of its first bad cell (or failed row) in the preview; "" when it has none
	Count         string // "12 bad"
	Values        []valueView
	More          string // "and 3 other values"
	Reasons       string
	failed        bool // the rows that cannot be imported
}

type valueView struct{ Value, Count string }

type ruleOption struct {
	Value, Label, Help string
	Checked            bool
}

type columnView struct {
	Index    int
	Header   string
	Examples []string
	Options  []option
	Mapped   bool
	Hint     string // the suggester's candidate for a column it left unmapped, or the column a type column serves
}

type previewRow struct {
	Line        int
	ID          string // "failed-row" on the first failed row, for the problems summary's link
	Later       bool   // not among the file's first rows: shown for a problem they lack
	FirstLater  bool
	Action      string
	ActionClass string
	Matches     []matchView
	Cells       []cellView
	Failed      string
	Notes       []string
}

// cellView is one value of the preview, as the customer card will show it.
type cellView struct {
	Value string // as the card will show it; "" when empty or bad
	Raw   string // as the file has it, when it differs from Value
	Bad   string // why the value will not be stored, in the reader's language
	ID    string // "bad-N" on the first bad cell of column N
}

type matchView struct {
	ID       int64
	Earlier  bool
	Name     string
	Criteria string
}

// setupForm is step 2's choices as the form sends them: in the query of
// GET /imports/{id}/setup (which changes nothing) and in the body of POST
// /imports/{id}/start.
type setupForm struct {
	delimiter  string // as DelimiterName: "", ",", ";", "tab", "pipe"
	encoding   string
	sheet      string // a workbook's sheet; "" for the first with data
	typ        string
	rule       string
	dateFormat string
	sig        string
	mapping    map[int]string // column → field key, as chosen; nil when none was sent
	dryRun     bool
	from       int64 // an earlier import whose mapping to start from, when applyFrom
	applyFrom  bool
}

func readSetupForm(v url.Values) setupForm {
	f := setupForm{delimiter: v.Get("delimiter"), encoding: v.Get("encoding"), sheet: v.Get("sheet"), typ: v.Get("type"), rule: v.Get("rule"),
		dateFormat: v.Get("date_format"), sig: v.Get("sig"), dryRun: v.Get("dryrun") == "1", applyFrom: v.Get("apply_from") == "1"}
	f.from, _ = strconv.ParseInt(v.Get("from"), 10, 64)
	for k, vs := range v {
		if i, ok := strings.CutPrefix(k, "m"); ok {
			if n, err := strconv.Atoi(i); err == nil && n >= 0 && len(vs) > 0 {
				if f.mapping == nil {
					f.mapping = make(map[int]string)
				}
				f.mapping[n] = vs[0]
			}
		}
	}
	return f
}

// headerSig identifies a header, so that a mapping chosen for one header is
// not applied to another (after the delimiter changed).
func headerSig(h []string) string {
	sum := sha256.Sum256([]byte(strings.Join(h, "\x00")))
	return hex.EncodeToString(sum[:8])
}

func (s *Server) setupPage(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	id, err := pathID(r)
	if err != nil {
		return errPageNotFound
	}
	return s.renderSetup(w, r, u, id, readSetupForm(r.URL.Query()), http.StatusOK, "")
}

// previewFragment is step 2's preview alone (the template "preview" of
// setup.html), for the settings in the query, saving nothing: static/app.js
// puts it in place of the page's preview each time a setting changes. Its
// settings are checked as Save checks them: a malformed one is a 400.
func (s *Server) previewFragment(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	id, err := pathID(r)
	if err != nil {
		return errPageNotFound
	}
	form := readSetupForm(r.URL.Query())
	if err := form.check(); err != nil {
		return err
	}
	data, err := s.setupData(r, u, id, form, "")
	if err != nil {
		return err
	}
	if data == nil {
		return leadport.Errorf(leadport.ECONFLICT, "Import %d has already been saved.", id)
	}
	return s.renderFragment(w, http.StatusOK, "setup", "preview", data)
}

// start is step 2's Save: it queues the import.
func (s *Server) start(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	id, err := pathID(r)
	if err != nil {
		return errPageNotFound
	}
	if err := r.ParseForm(); err != nil {
		return errf(leadport.EINVALID, "The form is malformed.", "Le formulaire est mal formé.")
	}
	form := readSetupForm(r.PostForm)
	opts, err := form.options()
	if err != nil {
		return err
	}
	sniff, err := s.app.Detect(r.Context(), u, id, opts)
	if err != nil {
		if errorCode(err) == leadport.EINVALID {
			return s.renderSetup(w, r, u, id, form, http.StatusBadRequest, errorMessage(err, u.Locale))
		}
		return err
	}
	if form.mapping != nil && form.sig != headerSig(sniff.Header) {
		return s.renderSetup(w, r, u, id, form, http.StatusBadRequest, errorMessage(errColumnsChanged, u.Locale))
	}
	settings := form.settings(sniff)
	imp, err := s.app.StartImport(r.Context(), u, id, settings)
	if err != nil {
		if errorCode(err) == leadport.EINVALID {
			return s.renderSetup(w, r, u, id, form, http.StatusBadRequest, errorMessage(err, u.Locale))
		}
		return err
	}
	s.flash(r, fmt.Sprintf(loc{u.Locale}.T("wizard.queued"), imp.FileName))
	s.sessions.Put(r.Context(), sessFlashImport, imp.ID)
	http.Redirect(w, r, "/imports", http.StatusSeeOther)
	return nil
}

func (s *Server) discard(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	id, err := pathID(r)
	if err != nil {
		return errPageNotFound
	}
	if err := s.app.DiscardDraft(r.Context(), u, id); err != nil {
		return err
	}
	if r.PostFormValue("next") == "/imports" { // discarded from the list of unsaved imports
		http.Redirect(w, r, "/imports", http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, "/imports/new", http.StatusSeeOther)
	return nil
}

// check refuses settings no page sends: an unknown type, rule, date format
// or field, a column number no file has. The delimiter and encoding are
// checked by options.
func (f setupForm) check() error {
	if f.typ != "" && !leadport.LeadType(f.typ).Valid() {
		return errf(leadport.EINVALID, fmt.Sprintf("“%s” is not a lead type.", f.typ), fmt.Sprintf("« %s » n'est pas un type de lead.", f.typ))
	}
	if f.rule != "" && !leadport.Rule(f.rule).Valid() {
		return errf(leadport.EINVALID, fmt.Sprintf("The rule must be create or merge, not “%s”.", f.rule),
			fmt.Sprintf("La règle doit être create ou merge, et non « %s ».", f.rule))
	}
	if !slices.Contains([]string{"", app.DateFormatAuto, "ymd", "dmy", "mdy"}, f.dateFormat) {
		return errf(leadport.EINVALID, fmt.Sprintf("The date format must be auto, ymd, dmy or mdy, not “%s”.", f.dateFormat),
			fmt.Sprintf("Le format des dates doit être auto, ymd, dmy ou mdy, et non « %s ».", f.dateFormat))
	}
	for i, entry := range f.mapping {
		key, from, ok := leadport.ParseMappingEntry(entry)
		_, known := leadport.FieldByKey(key)
		if i >= csvread.MaxColumns || (entry != "" && (!ok || !known || from >= csvread.MaxColumns)) {
			return errf(leadport.EINVALID, fmt.Sprintf("The column %d cannot be mapped to “%s”.", i+1, entry),
				fmt.Sprintf("La colonne %d ne peut pas être associée à « %s ».", i+1, entry))
		}
	}
	return nil
}

func (f setupForm) options() (csvread.Options, error) {
	var o csvread.Options
	var err error
	if o.Delimiter, err = csvread.ParseDelimiter(f.delimiter); err != nil {
		return o, errf(leadport.EINVALID, "Choose a delimiter among comma, semicolon, tab and pipe.",
			"Choisissez un délimiteur : virgule, point-virgule, tabulation ou barre verticale.")
	}
	if o.Encoding, err = csvread.ParseEncoding(f.encoding); err != nil {
		return o, errf(leadport.EINVALID, "Choose an encoding among UTF-8, Windows-1252 and UTF-16.",
			"Choisissez un encodage : UTF-8, Windows-1252 ou UTF-16.")
	}
	o.Sheet = f.sheet
	return o, nil
}

// mappingFor returns the mapping for header as chosen if it was chosen for
// this header, else nil: the import's proposal (app.ProposeMapping).
func (f setupForm) mappingFor(header []string) []string {
	if f.mapping == nil || f.sig != headerSig(header) {
		return nil
	}
	m := make([]string, len(header))
	for i := range header {
		m[i] = f.mapping[i]
	}
	return m
}

func (f setupForm) settings(sniff csvread.Sniff) app.ImportSettings {
	st := app.ImportSettings{Type: leadport.LeadType(f.typ), Rule: leadport.Rule(f.rule), Delimiter: sniff.Delimiter,
		Encoding: sniff.Encoding, Sheet: sniff.Sheet, DateFormat: f.dateFormat, Mapping: f.mappingFor(sniff.Header)}
	if st.Type == "" {
		st.Type = leadport.TypeEvent
	}
	if st.Rule == "" {
		st.Rule = leadport.RuleMerge
	}
	return st
}

// dryRunAuto is the largest file whose dry run runs on every load of step 2;
// a larger file's runs when asked, since it reads the whole file.
const dryRunAuto = 4 << 20

const previewRows = 15

func (s *Server) renderSetup(w http.ResponseWriter, r *http.Request, u *leadport.User, id int64, form setupForm, status int, saveError string) error {
	data, err := s.setupData(r, u, id, form, saveError)
	if err != nil {
		return err
	}
	if data == nil {
		http.Redirect(w, r, "/imports", http.StatusSeeOther)
		return nil
	}
	return s.render(w, status, "setup", data)
}

// setupData is step 2 for the settings of form: the page and its preview.
// It is nil when the import is no longer a draft.
func (s *Server) setupData(r *http.Request, u *leadport.User, id int64, form setupForm, saveError string) (*setupPage, error) {
	imp, err := s.app.Import(r.Context(), u, id)
	if err != nil {
		return nil, err
	}
	if err := leadport.CanSetUpImport(u, imp); err != nil {
		return nil, err
	}
	if imp.Status != leadport.StatusDraft {
		return nil, nil
	}
	data := &setupPage{base: s.base(r, u, "imports"), Import: imp, SaveError: saveError}
	lc := data.L
	data.Title = lc.T("wizard.setup_title")
	data.FileSize = lc.Bytes(imp.FileSize)

	opts, err := form.options()
	if err != nil {
		return nil, err
	}
	sniff, err := s.app.Detect(r.Context(), u, id, opts)
	if err != nil {
		if errorCode(err) != leadport.EINVALID {
			return nil, err
		}
		data.FileError = errorMessage(err, data.Locale)
	}
	settings := form.settings(sniff)
	proposal, err := s.app.ProposeMapping(r.Context(), u, sniff.Header, sniff.Rows)
	if err != nil {
		return nil, err
	}
	if form.applyFrom && form.from > 0 {
		// "Start from another import's mapping": it replaces the choices.
		from, err := s.app.MappingFrom(r.Context(), u, sniff.Header, sniff.Rows, form.from)
		if err != nil && errorCode(err) != leadport.ENOTFOUND && errorCode(err) != leadport.EFORBIDDEN {
			return nil, err
		}
		if err == nil {
			proposal, settings.Mapping = from, from.Mapping
			data.MappingNotice = fmt.Sprintf(lc.T("mapping.started_from"), longDate(lc, from.From.CreatedAt), from.From.FileName)
		}
	}
	if settings.Mapping == nil {
		settings.Mapping = proposal.Mapping
		if f := proposal.From; f != nil {
			data.MappingNotice = fmt.Sprintf(lc.T("mapping.remembered"), longDate(lc, f.CreatedAt), f.FileName)
			if f.OwnerID != u.ID && f.OwnerName != "" {
				data.MappingNotice = fmt.Sprintf(lc.T("mapping.remembered_other"), f.OwnerName, longDate(lc, f.CreatedAt), f.FileName)
			}
		}
	}
	if sources, err := s.app.MappingSources(r.Context(), u, sniff.Header); err == nil {
		for _, src := range sources {
			data.MappingSources = append(data.MappingSources, option{Value: strconv.FormatInt(src.Import.ID, 10),
				Label:    fmt.Sprintf(lc.T("mapping.source"), longDate(lc, src.Import.CreatedAt), src.Import.FileName, src.Import.ID, src.Columns),
				Selected: src.Import.ID == form.from})
		}
	} else if errorCode(err) != leadport.EFORBIDDEN {
		return nil, err
	}
	if data.FileError == "" {
		// Propose the order of day and month the file proves, unless the
		// person chose one.
		p, err := s.app.ProposeDateOrder(r.Context(), u, id, settings)
		switch {
		case errorCode(err) == leadport.EINVALID:
			data.FileError = errorMessage(err, data.Locale)
		case err != nil:
			return nil, err
		default:
			if settings.DateFormat == "" {
				settings.DateFormat = p.Format
			}
			data.DateNote, data.DateProposed = dateNote(lc, p)
		}
	}
	data.DetectedDelim = delimiterLabel(lc, sniff.Delimiter)
	data.DetectedEnc = encodingLabel(sniff.Encoding, sniff.BOM)
	data.Delimiters = delimiterOptions(lc, csvread.DelimiterName(sniff.Delimiter))
	data.Encodings = encodingOptions(lc, sniff.Encoding)
	data.Sample = sniff.Sample
	if sniff.Format == csvread.FormatXLSX {
		data.Workbook = true
		sheets, err := s.app.Sheets(r.Context(), u, id)
		if err != nil {
			return nil, err
		}
		for _, sh := range sheets {
			label := sh.Name + " — " + lc.Sprintf("wizard.sheet_rows", lc.Num(sh.Rows))
			if sh.Hidden {
				label += " (" + lc.T("wizard.sheet_hidden") + ")"
			}
			data.Sheets = append(data.Sheets, option{Value: sh.Name, Label: label, Selected: sh.Name == sniff.Sheet})
		}
		for _, k := range sniff.DateColumns {
			data.DateColumns = append(data.DateColumns, sniff.Header[k])
		}
	}
	data.Sig = headerSig(sniff.Header)

	for _, t := range leadport.LeadTypes {
		data.Types = append(data.Types, option{Value: string(t),
			Label: t.Label(data.Locale) + " — " + lc.T("wizard.module") + " " + t.Module().Label(data.Locale), Selected: t == settings.Type})
	}
	for _, rl := range []leadport.Rule{leadport.RuleMerge, leadport.RuleCreate} {
		data.Rules = append(data.Rules, ruleOption{Value: string(rl), Label: lc.T("rule." + string(rl)),
			Help: lc.T("rule." + string(rl) + ".help"), Checked: rl == settings.Rule})
	}
	for _, df := range []string{"ymd", "dmy", "mdy"} {
		data.DateFormats = append(data.DateFormats, option{Value: df, Label: lc.T("date." + df), Selected: df == settings.DateFormat})
	}
	data.FieldChoices = []option{{Value: "", Label: lc.T("wizard.skip")}}
	for _, f := range leadport.Fields {
		label := f.Label(data.Locale)
		if requiredField(f.Key) {
			label += " *"
		}
		data.FieldChoices = append(data.FieldChoices, option{Value: f.Key, Label: label})
	}
	mapped := make(map[string]bool)
	seen := make(map[string]bool)
	for i, h := range sniff.Header {
		c := columnView{Index: i, Header: h, Mapped: settings.Mapping[i] != ""}
		if c.Header == "" {
			c.Header = fmt.Sprintf(lc.T("wizard.column_n"), i+1)
		}
		for _, row := range sniff.Rows {
			if i < len(row) && strings.TrimSpace(row[i]) != "" && len(c.Examples) < 3 {
				c.Examples = append(c.Examples, shorten(row[i], 40))
			}
		}
		c.Options, c.Hint = mappingOptions(lc, data.FieldChoices, sniff.Header, i, settings.Mapping[i], proposal)
		if key, _, _ := leadport.ParseMappingEntry(settings.Mapping[i]); key != "" {
			if seen[key] {
				fl, _ := leadport.FieldByKey(key)
				data.Duplicates = append(data.Duplicates, fl.Label(data.Locale))
			}
			seen[key] = true
			mapped[key] = true
		}
		data.Columns = append(data.Columns, c)
	}
	data.MissingName = !mapped["full_name"] && !(mapped["first_name"] && mapped["last_name"])
	data.MissingContact = !mapped["phone_home"] && !mapped["phone_mobile"] && !mapped["phone_work"] && !mapped["email_home"] && !mapped["email_work"]
	en, fr := leadport.MissingRequired(mapped)
	data.Missing = en
	if data.Locale == "fr" {
		data.Missing = fr
	}
	data.CanSave = data.FileError == "" && len(data.Missing) == 0 && len(data.Duplicates) == 0 && len(sniff.Header) > 0
	data.Query = form.query(settings, data.Sig).Encode()
	dq := form.query(settings, data.Sig)
	dq.Set("dryrun", "1")
	data.DryRunURL = fmt.Sprintf("/imports/%d/setup?%s#dryrun", id, dq.Encode())
	data.CountURL = fmt.Sprintf("/imports/%d/count?%s", id, data.Query)

	data.PreviewURL = fmt.Sprintf("/imports/%d/preview", id)

	switch {
	case data.FileError != "":
	case len(data.Missing) > 0 || len(data.Duplicates) > 0:
		data.PreviewNote = lc.T("wizard.preview_needs_mapping")
		data.PreviewNeeds = data.Missing
		if len(data.Duplicates) > 0 {
			data.PreviewNeeds = append(slices.Clone(data.PreviewNeeds), lc.Sprintf("wizard.preview_once", strings.Join(data.Duplicates, ", ")))
		}
	default:
		pv, err := s.app.Preview(r.Context(), u, id, settings, previewRows)
		if err != nil {
			if errorCode(err) != leadport.EINVALID {
				return nil, err
			}
			data.PreviewError = errorMessage(err, data.Locale)
			break
		}
		names, err := s.app.UserNames(r.Context(), u)
		if err != nil {
			return nil, err
		}
		data.previewOf(pv, settings.Mapping, sniff.Header, names)
		if imp.FileSize <= dryRunAuto || form.dryRun {
			c, err := s.app.DryRun(r.Context(), u, id, settings)
			if err != nil {
				if errorCode(err) != leadport.EINVALID {
					return nil, err
				}
				data.PreviewError = errorMessage(err, data.Locale)
				break
			}
			data.DryRun = &c
		}
	}
	return data, nil
}

// previewOf fills the preview: its table, with values as the card will show
// them, and the problems summary above it, whose entries link to the first
// bad cell of each column.
func (data *setupPage) previewOf(pv app.Preview, mapping, header []string, names map[string]string) {
	lc := data.L
	bad := make(map[string]int) // header → bad values in the sample
	for _, p := range pv.Problems {
		bad[p.Column] = p.Count
	}
	label := make(map[string]string) // header → the field's label, for the summary
	for i, entry := range mapping {
		if key, _, _ := leadport.ParseMappingEntry(entry); key != "" {
			fl, _ := leadport.FieldByKey(key)
			data.PreviewFields = append(data.PreviewFields, previewField{Label: fl.Label(data.Locale), Header: header[i], Column: i,
				Bad: bad[header[i]]})
			if _, ok := label[header[i]]; !ok {
				label[header[i]] = fl.Label(data.Locale)
			}
		}
	}
	target := make(map[string]string) // header → the id of its first bad cell
	for _, pr := range pv.Rows {
		v := previewView(pr, lc, names)
		if pr.Later {
			v.FirstLater = !slices.ContainsFunc(data.Preview, func(r previewRow) bool { return r.Later })
		} else {
			data.FirstRows++
		}
		if pr.Failed != "" && target[""] == "" {
			v.ID, target[""] = "failed-row", "failed-row"
		}
		for k, c := range pr.Cells {
			if c.Bad != "" && target[c.Header] == "" {
				v.Cells[k].ID = "bad-" + strconv.Itoa(c.Column)
				target[c.Header] = v.Cells[k].ID
			}
		}
		data.Preview = append(data.Preview, v)
	}

	rows := lc.Num(pv.Sampled)
	if pv.Whole {
		data.ProblemsTitle, data.NoProblems = lc.Sprintf("wizard.pb_whole", rows), lc.Sprintf("wizard.pb_none_whole", rows)
	} else {
		data.ProblemsTitle, data.NoProblems = lc.Sprintf("wizard.pb_sample", rows), lc.Sprintf("wizard.pb_none_sample", rows)
	}
	const shown = 3 // values named per column; the others are counted
	for _, p := range pv.Problems {
		v := problemView{Label: label[p.Column], Header: p.Column, Target: target[p.Column], Count: lc.Count("wizard.pb_bad", p.Count),
			failed: p.Column == ""}
		switch {
		case v.failed:
			v.Label, v.Header, v.Count = lc.T("wizard.pb_failed"), "", lc.Num(p.Count)
		case v.Label == "":
			// Cells beyond the header ("Column 8"): no column of the table
			// shows them.
			v.Label, v.Header = p.Column, ""
			var n int
			if k, _ := fmt.Sscanf(p.Column, "Column %d", &n); k == 1 && !slices.Contains(header, p.Column) {
				v.Label = lc.Sprintf("wizard.pb_beyond", n)
				v.Count = lc.Count("wizard.pb_cells", p.Count)
			}
		case v.Header == v.Label:
			v.Header = ""
		}
		var reasons []string
		for i, x := range p.Values {
			if i < shown {
				v.Values = append(v.Values, valueView{Value: shorten(x.Value, 30), Count: lc.Num(x.Count)})
			}
			if r := leadport.ReasonText(x.Reason, data.Locale); !slices.Contains(reasons, r) {
				reasons = append(reasons, r)
			}
		}
		if len(p.Values) > shown {
			v.More = lc.Count("wizard.pb_more", len(p.Values)-shown)
		}
		v.Reasons = strings.Join(reasons, "; ")
		data.Problems = append(data.Problems, v)
	}
	// Failed rows first: they are what will not be imported at all.
	slices.SortStableFunc(data.Problems, func(a, b problemView) int { return cmpBool(a.failed, b.failed) })
}

// cmpBool orders true before false.
func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return -1
	}
	return 1
}

// mappingOptions are the choices of column i's dropdown, with the one of
// entry selected: every field, and for a phone or email column whose slot
// another column names row by row, that choice too. hint says what the
// suggester made of a column it left unmapped.
func mappingOptions(lc loc, fields []option, header []string, i int, entry string, p app.MappingProposal) (opts []option, hint string) {
	opts = make([]option, 0, len(fields)+1)
	for _, o := range fields {
		o.Selected = o.Value == entry
		opts = append(opts, o)
	}
	name := func(j int) string {
		if header[j] == "" {
			return fmt.Sprintf(lc.T("wizard.column_n"), j+1)
		}
		return header[j]
	}
	for _, e := range []string{entry, p.Mapping[i]} {
		key, from, ok := leadport.ParseMappingEntry(e)
		if !ok || from < 0 || from >= len(header) || slices.ContainsFunc(opts, func(o option) bool { return o.Value == e }) {
			continue
		}
		f, _ := leadport.FieldByKey(key)
		opts = append(opts, option{Value: e, Label: fmt.Sprintf(lc.T("mapping.slot_from"), f.Label(lc.locale), name(from)),
			Selected: e == entry})
	}
	c := p.Columns[i]
	switch {
	case entry != "":
	case c.TypeOf >= 0:
		hint = fmt.Sprintf(lc.T("mapping.slot_column"), name(c.TypeOf))
	case c.Candidate != "":
		f, _ := leadport.FieldByKey(c.Candidate)
		hint = fmt.Sprintf(lc.T("mapping.maybe"), f.Label(lc.locale))
		if slices.Contains(importer.FieldKeys(p.Mapping), c.Candidate) {
			hint = fmt.Sprintf(lc.T("mapping.taken"), f.Label(lc.locale))
		}
	}
	return opts, hint
}

// longDate writes a day as people read it: "12 March 2026", "12 mars 2026".
func longDate(lc loc, t time.Time) string {
	if lc.locale == "fr" {
		months := [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
			"octobre", "novembre", "décembre"}
		return fmt.Sprintf("%d %s %d", t.Day(), months[t.Month()-1], t.Year())
	}
	return t.Format("2 January 2006")
}

func (f setupForm) query(st app.ImportSettings, sig string) url.Values {
	q := url.Values{}
	q.Set("delimiter", csvread.DelimiterName(st.Delimiter))
	q.Set("encoding", st.Encoding)
	if st.Sheet != "" {
		q.Set("sheet", st.Sheet)
	}
	q.Set("type", string(st.Type))
	q.Set("rule", string(st.Rule))
	q.Set("date_format", st.DateFormat)
	q.Set("sig", sig)
	for i, m := range st.Mapping {
		q.Set("m"+strconv.Itoa(i), m)
	}
	return q
}

func previewView(pr importer.PreviewRow, lc loc, names map[string]string) previewRow {
	v := previewRow{Line: pr.Line, Later: pr.Later, Failed: leadport.ReasonText(pr.Failed, lc.locale), Notes: pr.Notes}
	for _, c := range pr.Cells {
		cv := cellView{Value: c.Value, Raw: c.Raw, Bad: leadport.ReasonText(c.Bad, lc.locale)}
		if c.Field != "full_name" {
			cv.Value = cardText(lc, c.Field, c.Value, names)
		}
		if cv.Raw == cv.Value {
			cv.Raw = ""
		}
		v.Cells = append(v.Cells, cv)
	}
	for _, m := range pr.Matches {
		var crit []string
		for _, c := range m.Criteria {
			crit = append(crit, lc.T("criterion."+c))
		}
		v.Matches = append(v.Matches, matchView{ID: m.LeadID, Earlier: m.LeadID < 0, Name: m.Name, Criteria: strings.Join(crit, ", ")})
	}
	switch pr.Action {
	case "merge":
		v.Action, v.ActionClass = fmt.Sprintf(lc.T("preview.merge"), pr.LeadID), "merge"
		if pr.LeadID <= 0 {
			v.Action = lc.T("preview.merge_earlier")
		}
	case "fail":
		v.Action, v.ActionClass = lc.T("preview.fail"), "fail"
	default:
		v.Action, v.ActionClass = lc.T("preview.create"), "create"
		if len(v.Matches) > 0 {
			v.Action = lc.T("preview.create_associate")
			v.ActionClass = "associate"
		}
	}
	return v
}

func shorten(s string, n int) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n-1]) + "…"
}

// dateNote says which order of day and month the file proves and why, or
// why none is proposed; "" when the file has no date that needs an order.
func dateNote(lc loc, p app.DateProposal) (note string, proposed bool) {
	proof := func(d *app.DateProof) string {
		if d.Value == "" {
			return lc.Sprintf("dates.proof_header", d.Column)
		}
		return lc.Sprintf("dates.proof_value", d.Value, d.Line, d.Column)
	}
	switch {
	case p.Format == "dmy":
		note, proposed = lc.Sprintf("dates.proposed.dmy", proof(p.DayFirst)), true
	case p.Format == "mdy":
		note, proposed = lc.Sprintf("dates.proposed.mdy", proof(p.MonthFirst)), true
	case p.Mixed():
		note = lc.Sprintf("dates.mixed", proof(p.DayFirst), proof(p.MonthFirst))
	case p.Undecided != nil:
		note = lc.Sprintf("dates.undecided", proof(p.Undecided))
	default:
		return "", false
	}
	if p.Partial {
		note += " " + lc.Sprintf("dates.partial", lc.Num(p.Rows))
	}
	return note, proposed
}
