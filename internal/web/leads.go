package web

import (
	"cmp"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/app"
)

const leadsPerPage = 50

type leadsPage struct {
	base
	Heading     string
	Action      string // the search form's address
	Query       string
	Leads       []leadRow
	Total       int
	More        bool // Total stopped counting: there are more than Total
	From, To    int
	PrevURL     string
	NextURL     string
	SearchError string
}

type leadRow struct {
	ID      int64
	Name    template.HTML // with what the search matched marked
	Phones  []markedText
	Email   markedText
	Type    string
	City    string
	Updated time.Time
}

// leadsPage is a module's list, or all leads.
func (s *Server) leadsPage(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	module := r.PathValue("module")
	active, action := "all", "/leads"
	if module != "" {
		if _, ok := leadport.ModuleByKey(module); !ok {
			return errPageNotFound
		}
		active, action = module, "/modules/"+module
	}
	data := leadsPage{base: s.base(r, u, active), Action: action, Query: strings.TrimSpace(r.URL.Query().Get("q"))}
	if m, ok := leadport.ModuleByKey(module); ok {
		data.Heading = m.Label(data.Locale)
	} else {
		data.Heading = data.L.T("nav.all")
	}
	data.Title = data.Heading
	page, err := intParam(r.URL.Query(), "page", 1, 1, maxOffset/leadsPerPage)
	if err != nil {
		return err
	}
	leads, total, err := s.app.SearchLeads(r.Context(), u, app.LeadQuery{Module: module, Query: data.Query,
		Limit: leadsPerPage, Offset: (page - 1) * leadsPerPage})
	switch {
	case errorCode(err) == leadport.EINVALID:
		data.SearchError = errorMessage(err, data.Locale)
	case err != nil:
		return err
	}
	terms, _ := app.ParseSearch(data.Query)
	for _, l := range leads {
		row := leadRow{ID: l.ID, Name: markWords(leadName(l, data.L), terms.Words), Type: l.Type.Label(data.Locale), City: l.City, Updated: l.UpdatedAt}
		for _, p := range l.Phones() {
			row.Phones = append(row.Phones, markedText{phoneText(p), terms.Phone != "" && p.Number == terms.Phone})
		}
		es := l.Emails()
		for _, e := range es {
			if terms.Email != "" && e.Address == terms.Email {
				row.Email = markedText{e.Address, true}
			}
		}
		if row.Email.Text == "" && len(es) > 0 {
			row.Email = markedText{es[0].Address, false}
		}
		data.Leads = append(data.Leads, row)
	}
	data.Total = total
	if more, capAt := app.Capped(total, (page-1)*leadsPerPage, leadsPerPage); more {
		data.Total, data.More = capAt, true
	}
	if len(leads) > 0 {
		data.From = (page-1)*leadsPerPage + 1
		data.To = data.From + len(leads) - 1
	}
	pageURL := func(p int) string {
		q := url.Values{}
		if data.Query != "" {
			q.Set("q", data.Query)
		}
		if p > 1 {
			q.Set("page", strconv.Itoa(p))
		}
		if len(q) == 0 {
			return action
		}
		return action + "?" + q.Encode()
	}
	if page > 1 {
		data.PrevURL = pageURL(page - 1)
	}
	if page*leadsPerPage < total || (data.More && page*leadsPerPage < data.Total) {
		data.NextURL = pageURL(page + 1)
	}
	return s.render(w, http.StatusOK, "leads", &data)
}

// markedText is a value of the list, marked when the search matched it.
type markedText struct {
	Text   string
	Marked bool
}

func leadName(l *leadport.Lead, lc loc) string {
	name := strings.TrimSpace(l.FirstName + " " + l.LastName)
	if name == "" {
		name = l.BusinessName
	}
	if name == "" {
		name = lc.T("lead.noname")
	}
	return name
}

func phoneText(p leadport.Phone) string {
	s := formatPhone(p.Number)
	if p.Extension != "" {
		s += " ext. " + p.Extension
	}
	return s
}

type leadPage struct {
	base
	Lead       *leadport.Lead
	Name       string
	TypeLabel  string
	Module     string
	ModuleHref string
	Sections   []cardSection
	Phones     []labelled
	Emails     []labelled
	Vehicles   []vehicleView
	Comment    string
	Associated []assocView
	Notes      []noteView
	ImportID   int64
	CreatedBy  string  // the lead's own import is not finalized: says so
	ChangedBy  []int64 // the other imports that changed the card (notes, vehicles), in order
	CanEdit    bool
	History    []historyView
}

// historyView is one change of the card's history, as people read it.
type historyView struct {
	At       time.Time
	User     string
	Label    string
	Old, New string
	FromNote bool
}

type cardSection struct {
	Title  string
	Fields []labelled
}

type labelled struct {
	Label, Value, Extra string
	Pending             *pendingMark
	At                  time.Time // a moment, shown in the reader's time zone instead of Value
}

// pendingMark marks on the card what its reader sees only because it comes
// from their own import, not finalized yet (SPEC §6).
type pendingMark struct{ Text, Help string }

type vehicleView struct {
	Kind    string
	Fields  []labelled
	Pending *pendingMark
}

type assocView struct {
	ID      int64
	Name    string
	Module  string
	Pending *pendingMark
}

type noteView struct {
	Author  string
	At      time.Time
	Text    string       // the note, without its "[import]" lines
	Import  []importLine // its "[import]" lines
	ImportN int64        // the import that wrote it
	Pending *pendingMark
}

// importLine is one "[import]" line of a note: the field, the value as the
// file had it and why it is not in its field, in the reader's language.
type importLine struct {
	Label, Value, Why string
	Field             string // the field's key when "use this value" can move it there; "" otherwise
	NoteID            int64
	Index             int // the line's place among the note's "[import]" lines
}

// leadAndNames reads lead id as u sees it, and the names of the account's
// users (the card shows advisors and BDC agents by name).
func (s *Server) leadAndNames(r *http.Request, u *leadport.User, id int64) (*leadport.Lead, map[string]string, error) {
	l, err := s.app.Lead(r.Context(), u, id)
	if err != nil {
		return nil, nil, err
	}
	names, err := s.app.UserNames(r.Context(), u)
	if err != nil {
		return nil, nil, err
	}
	return l, names, nil
}

// leadPage is the customer card.
func (s *Server) leadPage(w http.ResponseWriter, r *http.Request, u *leadport.User) error {
	id, err := pathID(r)
	if err != nil {
		return errPageNotFound
	}
	l, names, err := s.leadAndNames(r, u, id)
	if err != nil {
		return err
	}
	m := l.Module()
	data := leadPage{base: s.base(r, u, m.Key), Lead: l, ImportID: l.ImportID}
	lc := data.L
	data.Name = leadName(l, lc)
	data.Title = data.Name
	data.TypeLabel = l.Type.Label(data.Locale)
	data.Module, data.ModuleHref = m.Label(data.Locale), "/modules/"+m.Key

	pending := func(importID int64) *pendingMark {
		if importID == 0 {
			return nil
		}
		return &pendingMark{Text: lc.Sprintf("card.pending", importID), Help: lc.Sprintf("card.pending_help", importID)}
	}
	if l.VisibleTo != 0 {
		data.CreatedBy = lc.Sprintf("card.created_by", l.ImportID)
	}
	// f shows a stored value as the card shows it (cardText).
	f := func(key, stored string) labelled {
		fl, _ := leadport.FieldByKey(key)
		x := labelled{Label: fl.Label(data.Locale), Value: cardText(lc, key, stored, names)}
		for i, col := range leadport.CardColumns {
			if leadport.CardColumnField(i) == key && l.Pending[col] != 0 {
				x.Pending = pending(l.Pending[col])
			}
		}
		return x
	}
	data.Sections = []cardSection{
		{lc.T("card.identity"), []labelled{f("first_name", l.FirstName), f("last_name", l.LastName),
			f("business_name", l.BusinessName), f("civility", l.Civility), f("locale", l.Locale), f("birth_date", l.BirthDate)}},
		{lc.T("card.address"), []labelled{f("address_line1", l.AddressLine1), f("address_line2", l.AddressLine2),
			f("city", l.City), f("province", l.Province), f("postal_code", l.PostalCode), f("country", l.Country)}},
		{lc.T("card.sales"), []labelled{f("division", l.Division), f("source", l.Source),
			f("campaign", l.Campaign), f("advisor", l.AdvisorID), f("bdc_agent", l.BDCAgentID)}},
		{lc.T("card.dates"), []labelled{created(f("created_at", l.OriginalAt), l.OriginalAt), f("appointment_date", l.AppointmentAt),
			f("sale_date", l.SaleAt), f("delivery_date", l.DeliveryAt)}},
	}
	for _, p := range []struct{ key, number, ext string }{
		{"phone_home", l.PhoneHome, l.PhoneHomeExt}, {"phone_mobile", l.PhoneMobile, l.PhoneMobileExt}, {"phone_work", l.PhoneWork, l.PhoneWorkExt},
	} {
		x := f(p.key, p.number) // the extension beside it, not in it
		if p.ext != "" {
			x.Extra = lc.T("card.ext") + " " + p.ext
		}
		data.Phones = append(data.Phones, x)
	}
	data.Emails = []labelled{f("email_home", l.EmailHome), f("email_work", l.EmailWork)}
	for _, v := range l.Vehicles {
		prefix := "wanted_"
		kind := lc.T("card.wanted")
		if v.Kind == leadport.VehicleExchange {
			prefix, kind = "exchange_", lc.T("card.exchange")
		}
		vv := vehicleView{Kind: kind, Fields: []labelled{f(prefix+"make", v.Make), f(prefix+"model", v.Model)}}
		if v.Pending {
			vv.Pending = pending(v.ImportID)
		}
		if v.Kind == leadport.VehicleWanted {
			vv.Fields = append(vv.Fields, f("wanted_trim", v.Trim))
		}
		vv.Fields = append(vv.Fields, f(prefix+"year", v.Year), f(prefix+"vin", v.VIN))
		if v.Kind == leadport.VehicleExchange {
			vv.Fields = append(vv.Fields, f("exchange_odometer", v.Odometer))
		}
		data.Vehicles = append(data.Vehicles, vv)
	}
	data.Comment = l.Comment
	if len(l.Associated) > 0 {
		others, err := s.app.LeadsByID(r.Context(), u, l.Associated)
		if err != nil {
			return err
		}
		for _, o := range others {
			data.Associated = append(data.Associated, assocView{ID: o.ID, Name: leadName(o, lc), Module: o.Module().Label(data.Locale),
				Pending: pending(l.PendingLinks[o.ID])})
		}
		slices.SortFunc(data.Associated, func(a, b assocView) int { return cmp.Compare(a.ID, b.ID) })
	}
	data.CanEdit = leadport.CanEditLead(u, l) == nil
	seen := map[int64]bool{l.ImportID: true, 0: true}
	changedBy := func(id int64) {
		if !seen[id] {
			seen[id] = true
			data.ChangedBy = append(data.ChangedBy, id)
		}
	}
	for _, v := range l.Vehicles {
		changedBy(v.ImportID)
	}
	for _, n := range l.Notes {
		nv := splitNote(n, lc)
		if n.Pending {
			nv.Pending = pending(n.ImportID)
		}
		data.Notes = append(data.Notes, nv)
		changedBy(n.ImportID)
	}
	slices.Sort(data.ChangedBy)
	history, err := s.app.LeadHistory(r.Context(), u, l.ID)
	if err != nil {
		return err
	}
	for _, h := range history {
		fl, _ := leadport.FieldByKey(h.Field)
		data.History = append(data.History, historyView{At: h.At, User: h.User, Label: fl.Label(data.Locale),
			Old: historyValue(lc, h.Field, h.Old, names), New: historyValue(lc, h.Field, h.New, names), FromNote: h.NoteID != 0})
	}
	return s.render(w, http.StatusOK, "lead", &data)
}

// splitNote separates a note's "[import]" lines (SPEC §5) from its text, so
// the card can show them as a list of label, value and reason. A value the
// file held on several lines continues on the lines that follow.
func splitNote(n leadport.Note, lc loc) noteView {
	v := noteView{Author: n.Author, At: n.CreatedAt, ImportN: n.ImportID}
	var text, cur []string
	flush := func() {
		if cur == nil {
			return
		}
		p, _ := leadport.ParseImportLine(strings.Join(cur, "\n"))
		il := importLine{Label: localLabel(p.Label, lc.locale), Value: p.Raw, Why: whyText(p.Why, lc),
			NoteID: n.ID, Index: len(v.Import)}
		if f, ok := app.UsableLine(p); ok {
			il.Field = f
		}
		v.Import = append(v.Import, il)
		cur = nil
	}
	for _, line := range strings.Split(n.Body, "\n") {
		switch {
		case strings.HasPrefix(line, "[import] "):
			flush()
			cur = []string{line}
		case cur != nil:
			cur = append(cur, line)
		default:
			text = append(text, line)
		}
	}
	flush()
	v.Text = strings.TrimSpace(strings.Join(text, "\n"))
	return v
}

// whyText says in the reader's language why an "[import]" value is in a
// note (leadport.WhyBad…).
func whyText(why string, lc loc) string {
	switch {
	case why == leadport.WhyBad:
		return lc.T("card.why_bad")
	case why == leadport.WhyBeyond:
		return lc.T("card.why_beyond")
	case strings.HasPrefix(why, leadport.WhyKept):
		return lc.Sprintf("card.why_kept", strings.TrimPrefix(why, leadport.WhyKept))
	}
	return why
}

// localLabel translates a field's English label, as "[import]" notes write
// it, into locale; a column header of the file stays as it is.
func localLabel(label, locale string) string {
	for _, f := range leadport.Fields {
		if f.LabelEN == label {
			return f.Label(locale)
		}
	}
	return label
}

// created shows the lead's original date-time: a moment (the time of its
// import, stored in UTC) in the reader's time zone like the other times; a
// date-time from the file as the file gave it.
func created(f labelled, stored string) labelled {
	if t, err := time.Parse(time.RFC3339, stored); err == nil {
		f.At, f.Value = t, ""
	}
	return f
}

// historyValue shows a value of the card's history as the card shows it.
func historyValue(lc loc, key, v string, names map[string]string) string {
	if v == "" {
		return "—"
	}
	return cardText(lc, key, v, names)
}

// cardText shows a stored value (SPEC §4 form) as the customer card shows
// it: a phone as (514) 555-0199 with its extension, a date-time without a
// midnight time, a choice and a user by name, an odometer in km. The card,
// its history and the wizard's preview show values through it, so that a
// value looks the same before and after its import.
func cardText(lc loc, key, v string, names map[string]string) string {
	if v == "" {
		return ""
	}
	switch key {
	case "phone_home", "phone_mobile", "phone_work":
		number, ext, _ := strings.Cut(v, " ext. ")
		if ext != "" {
			return formatPhone(number) + " " + lc.T("card.ext") + " " + ext
		}
		return formatPhone(number)
	case "created_at", "appointment_date", "sale_date", "delivery_date":
		return dateTime(v)
	case "civility", "locale", "division":
		return lc.choice(key, v)
	case "advisor", "bdc_agent":
		if n, ok := names[v]; ok {
			return n
		}
		return "#" + v
	case "exchange_odometer":
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return lc.Num(n) + " km"
		}
	}
	return v
}

// dateTime shows a stored date-time (SPEC §4 form) to people: a space for
// the T, no seconds when they are zero, and no time at all at midnight.
func dateTime(v string) string {
	v = strings.Replace(v, "T", " ", 1)
	if d, ok := strings.CutSuffix(v, " 00:00:00"); ok {
		return d
	}
	if len(v) == 19 && strings.HasSuffix(v, ":00") {
		return v[:16]
	}
	return v
}

// pathID returns the route's {id}, which checkRoute has checked.
func pathID(r *http.Request) (int64, error) { return idParam(r) }
