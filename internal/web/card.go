package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/app"
)

// The customer card's editing: the edit form, "use this value" on an
// "[import]" note line, and their API. Every rule (who may edit, how values
// are read, the history) is in internal/app.

// formField is one input of the edit form.
type formField struct {
	Name  string // the form field's name
	Label string
	Value string // as shown: what the person sees and may change
	Error string
	Area  bool // a text area (the comment)
	edit  app.FieldEdit
}

type formGroup struct {
	Title  string
	Fields []formField
}

type editPage struct {
	base
	Lead   *leadport.Lead
	Name   string
	Seen   int64 // the card's UpdatedAt, in µs, when the form was shown
	Groups []formGroup
	Error  string
}

// cardForm lists the inputs of l's edit form with their values as shown.
// The same list, built again when the form comes back, tells which values
// the person changed.
func cardForm(l *leadport.Lead, names map[string]string, lc loc) []formGroup {
	field := func(key, value string) formField {
		f, _ := leadport.FieldByKey(key)
		return formField{Name: "f_" + key, Label: f.Label(lc.locale), Value: value, edit: app.FieldEdit{Field: key}}
	}
	phone := func(key, number, ext string) formField {
		v := formatPhone(number)
		if ext != "" {
			v += " ext. " + ext
		}
		return field(key, v)
	}
	user := func(key, id string) formField {
		if id == "" {
			return field(key, "")
		}
		if n, ok := names[id]; ok {
			return field(key, n)
		}
		return field(key, "#"+id)
	}
	groups := []formGroup{
		{lc.T("card.identity"), []formField{field("first_name", l.FirstName), field("last_name", l.LastName),
			field("business_name", l.BusinessName), field("civility", l.Civility), field("locale", l.Locale), field("birth_date", l.BirthDate)}},
		{lc.T("card.contact"), []formField{phone("phone_home", l.PhoneHome, l.PhoneHomeExt), phone("phone_mobile", l.PhoneMobile, l.PhoneMobileExt),
			phone("phone_work", l.PhoneWork, l.PhoneWorkExt), field("email_home", l.EmailHome), field("email_work", l.EmailWork)}},
		{lc.T("card.address"), []formField{field("address_line1", l.AddressLine1), field("address_line2", l.AddressLine2),
			field("city", l.City), field("province", l.Province), field("postal_code", l.PostalCode), field("country", l.Country)}},
		{lc.T("card.sales"), []formField{field("division", l.Division), field("source", l.Source), field("campaign", l.Campaign),
			user("advisor", l.AdvisorID), user("bdc_agent", l.BDCAgentID)}},
		{lc.T("card.dates"), []formField{field("created_at", dateTime(l.OriginalAt)), field("appointment_date", dateTime(l.AppointmentAt)),
			field("sale_date", dateTime(l.SaleAt)), field("delivery_date", dateTime(l.DeliveryAt))}},
	}
	vehicle := func(title string, v leadport.Vehicle, kind string) formGroup {
		keys := []string{"wanted_make", "wanted_model", "wanted_trim", "wanted_year", "wanted_vin"}
		if kind == leadport.VehicleExchange {
			keys = []string{"exchange_make", "exchange_model", "exchange_year", "exchange_vin", "exchange_odometer"}
		}
		g := formGroup{Title: title}
		for _, k := range keys {
			f := field(k, vehicleValue(v, k))
			f.Name = "v" + strconv.FormatInt(v.ID, 10) + "_" + k
			f.edit.VehicleID = v.ID
			g.Fields = append(g.Fields, f)
		}
		return g
	}
	has := map[string]bool{}
	for _, v := range l.Vehicles {
		title := lc.T("card.wanted")
		if v.Kind == leadport.VehicleExchange {
			title = lc.T("card.exchange")
		}
		groups = append(groups, vehicle(title, v, v.Kind))
		has[v.Kind] = true
	}
	if !has[leadport.VehicleWanted] {
		groups = append(groups, vehicle(lc.T("card.add_wanted"), leadport.Vehicle{}, leadport.VehicleWanted))
	}
	if !has[leadport.VehicleExchange] {
		groups = append(groups, vehicle(lc.T("card.add_exchange"), leadport.Vehicle{}, leadport.VehicleExchange))
	}
	c := field("comment", l.Comment)
	c.Area = true
	groups = append(groups, formGroup{lc.T("card.comment"), []formField{c}})
	return groups
}

func vehicleValue(v leadport.Vehicle, key string) string {
	switch key[strings.IndexByte(key, '_')+1:] {
	case "make":
		return v.Make
	case "model":
		return v.Model
	case "trim":
		return v.Trim
	case "year":
		return v.Year
	case "vin":
		return v.VIN
	case "odometer":
		return v.Odometer
	}
	return ""
}

// sameText compares a value as shown with one sent back by a browser,
// which may have changed line ends and spaces around it.
func sameText(a, b string) bool {
	norm := func(s string) string { return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n")) }
	return norm(a) == norm(b)
}

func (s *Server) editPage(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	id, err := pathID(r)
	if err != nil {
		return errPageNotFound
	}
	l, names, err := s.leadAndNames(r, u, id)
	if err != nil {
		return err
	}
	if err := leadport.CanEditLead(u, l); err != nil {
		return err
	}
	return s.renderEdit(w, r, u, l, cardForm(l, names, loc{u.Locale}), l.UpdatedAt.UnixMicro(), http.StatusOK, "")
}

func (s *Server) renderEdit(w http.ResponseWriter, r *http.Request, u *leadport.User, l *leadport.Lead, groups []formGroup, seen int64, status int, msg string) error {
	data := editPage{base: s.base(r, u, l.Module().Key), Lead: l, Seen: seen, Groups: groups, Error: msg}
	data.Name = leadName(l, data.L)
	data.Title = data.L.T("card.edit") + " · " + data.Name
	return s.render(w, status, "lead_edit", &data)
}

// saveEdit takes the edit form back: the values the person changed are
// sent to app.EditLead; refused values are shown again with the reason.
func (s *Server) saveEdit(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	id, err := pathID(r)
	if err != nil {
		return errPageNotFound
	}
	if err := r.ParseForm(); err != nil {
		return leadport.Errorf(leadport.EINVALID, "The form could not be read.")
	}
	if r.PostForm.Has("use_note") {
		return s.useValue(w, r, u, id)
	}
	var seen time.Time // no "seen": no check
	if v := r.PostForm.Get("seen"); v != "" {
		us, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return leadport.Errorf(leadport.EINVALID, "The form is incomplete: reload the card and try again.")
		}
		seen = time.UnixMicro(us).UTC()
	}
	l, names, err := s.leadAndNames(r, u, id)
	if err != nil {
		return err
	}
	lc := loc{u.Locale}
	groups := cardForm(l, names, lc)
	var edits []app.FieldEdit
	for gi := range groups {
		for fi := range groups[gi].Fields {
			f := &groups[gi].Fields[fi]
			posted, ok := r.PostForm[f.Name]
			if !ok || sameText(posted[0], f.Value) {
				continue
			}
			f.Value = posted[0]
			e := f.edit
			e.Value = posted[0]
			edits = append(edits, e)
		}
	}
	_, err = s.app.EditLead(r.Context(), u, id, seen, edits)
	var fe *app.FieldErrors
	switch {
	case errors.As(err, &fe):
		for gi := range groups {
			for fi := range groups[gi].Fields {
				f := &groups[gi].Fields[fi]
				f.Error = fe.Fields[app.FieldErrorKey(f.edit)]
			}
		}
		return s.renderEdit(w, r, u, l, groups, seen.UnixMicro(), http.StatusBadRequest, lc.T("card.edit_refused"))
	case errorCode(err) == leadport.EINVALID || errorCode(err) == leadport.ECONFLICT:
		return s.renderEdit(w, r, u, l, groups, seen.UnixMicro(), errorStatus(err), errorMessage(err, u.Locale))
	case err != nil:
		return err
	}
	if len(edits) > 0 {
		s.flash(r, lc.T("card.saved"))
	}
	http.Redirect(w, r, "/leads/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

type replacePage struct {
	base
	Lead                  *leadport.Lead
	Name                  string
	Label, Current, Value string
	NoteID                int64 // the note line to use, sent again with replace=1
	Line                  int
}

// useValue is "use this value" on an "[import]" note line (the form of the
// line's button posts use_note and use_line to the edit address). When the
// field holds another value, a page asks whether to replace it.
func (s *Server) useValue(w http.ResponseWriter, r *http.Request, u *leadport.User, id int64) error {
	noteID, err1 := strconv.ParseInt(r.PostForm.Get("use_note"), 10, 64)
	line, err2 := strconv.Atoi(r.PostForm.Get("use_line"))
	if err1 != nil || err2 != nil {
		return leadport.Errorf(leadport.EINVALID, "The note line to use is not given.")
	}
	replace := r.PostForm.Get("replace") == "1"
	_, err := s.app.UseImportValue(r.Context(), u, id, noteID, line, replace)
	var nr *app.NeedsReplace
	lc := loc{u.Locale}
	if errors.As(err, &nr) {
		l, names, err := s.leadAndNames(r, u, id)
		if err != nil {
			return err
		}
		f, _ := leadport.FieldByKey(nr.Field)
		data := replacePage{base: s.base(r, u, l.Module().Key), Lead: l, Label: f.Label(u.Locale),
			Current: cardText(lc, nr.Field, nr.Current, names), Value: cardText(lc, nr.Field, nr.Value, names), NoteID: noteID, Line: line}
		data.Name = leadName(l, lc)
		data.Title = lc.T("card.replace_title")
		return s.render(w, http.StatusConflict, "lead_replace", &data)
	}
	if err != nil {
		return err
	}
	s.flash(r, lc.T("card.value_used"))
	http.Redirect(w, r, "/leads/"+strconv.FormatInt(id, 10)+"#notes", http.StatusSeeOther)
	return nil
}

// apiEdit is the request body of PATCH /api/leads/{id}.
type apiEdit struct {
	// UpdatedAt is the card's updated_at as read: the edit is refused (409)
	// if the card changed since. Optional.
	UpdatedAt *time.Time        `json:"updated_at"`
	Fields    map[string]string `json:"fields"` // field key → value as typed; "" empties the field
	Vehicles  []struct {
		ID     int64             `json:"id"` // 0 adds a vehicle
		Fields map[string]string `json:"fields"`
	} `json:"vehicles"`
	// UseImportValue moves the value of an "[import]" note line into its
	// field instead ("use this value"); Replace confirms replacing a value
	// the field holds (409 without it).
	UseImportValue *struct {
		NoteID  int64 `json:"note_id"`
		Line    int   `json:"line"` // the place of the line among the note's "[import]" lines, from 0
		Replace bool  `json:"replace"`
	} `json:"use_import_value"`
}

func (s *Server) apiEditLead(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	id, err := apiID(r)
	if err != nil {
		return err
	}
	var req apiEdit
	if err := decodeBody(r, &req); err != nil {
		return err
	}
	if uv := req.UseImportValue; uv != nil {
		if len(req.Fields) > 0 || len(req.Vehicles) > 0 {
			return leadport.Errorf(leadport.EINVALID, "Send either fields and vehicles, or use_import_value, not both.")
		}
		l, err := s.app.UseImportValue(r.Context(), u, id, uv.NoteID, uv.Line, uv.Replace)
		if err != nil {
			return err
		}
		return s.writeCard(w, r, u, l)
	}
	var edits []app.FieldEdit
	for k, v := range req.Fields {
		edits = append(edits, app.FieldEdit{Field: k, Value: v})
	}
	for _, v := range req.Vehicles {
		for k, x := range v.Fields {
			edits = append(edits, app.FieldEdit{Field: k, Value: x, VehicleID: v.ID})
		}
	}
	var seen time.Time
	if req.UpdatedAt != nil {
		seen = req.UpdatedAt.UTC()
	}
	l, err := s.app.EditLead(r.Context(), u, id, seen, edits)
	if err != nil {
		return err
	}
	return s.writeCard(w, r, u, l)
}

func (s *Server) writeCard(w http.ResponseWriter, r *http.Request, u *leadport.User, l *leadport.Lead) error {
	out, err := s.app.ExportView(r.Context(), u, []*leadport.Lead{l})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out[0])
}

// historyJSON is one change of GET /api/leads/{id}/history.
type historyJSON struct {
	At     time.Time `json:"at"`
	User   string    `json:"user"`
	Field  string    `json:"field"`
	Old    string    `json:"old"`
	New    string    `json:"new"`
	NoteID int64     `json:"note_id,omitzero"`
}

func (s *Server) apiHistory(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	id, err := apiID(r)
	if err != nil {
		return err
	}
	hs, err := s.app.LeadHistory(r.Context(), u, id)
	if err != nil {
		return err
	}
	out := []historyJSON{}
	for _, h := range hs {
		out = append(out, historyJSON{At: h.At, User: h.User, Field: h.Field, Old: h.Old, New: h.New, NoteID: h.NoteID})
	}
	return writeJSON(w, http.StatusOK, out)
}

// decodeBody reads a JSON request body of at most 1 MiB into v (an empty
// body is an empty object); anything else is a 400 with a message.
func decodeBody(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err == io.EOF {
		return nil
	} else if err != nil {
		return leadport.Errorf(leadport.EINVALID, "The request body is not the JSON object expected: %v.", err)
	}
	if dec.More() {
		return leadport.Errorf(leadport.EINVALID, "The request body holds more than one JSON object.")
	}
	return nil
}
