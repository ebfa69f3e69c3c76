package app

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/normalize"
)

// Lead returns a customer card as the actor sees it (SPEC §6: the store's
// one visibility rule decides).
func (a *App) Lead(ctx context.Context, actor *leadport.User, id int64) (*leadport.Lead, error) {
	return a.Store.Lead(ctx, leadport.ViewerOf(actor), id)
}

// LeadsByID returns the leads among ids that the actor sees, as they see them.
func (a *App) LeadsByID(ctx context.Context, actor *leadport.User, ids []int64) ([]*leadport.Lead, error) {
	return a.Store.LeadsByID(ctx, leadport.ViewerOf(actor), ids)
}

// LeadQuery is a search of the leads list.
type LeadQuery struct {
	Module   string // module key; "" for all leads
	Query    string // a name, a phone (any format) or an email
	ImportID int64
	Limit    int
	Offset   int
	// Whole asks for each lead whole, as Lead gives it: vehicles, notes
	// and associated leads.
	Whole bool
}

// ListCountCap is where the lists stop counting: a list of more leads
// says "10,000+" rather than count a large account's leads for every page.
const ListCountCap = 10000

// SearchLeads returns one page of the leads the actor may see, newest first,
// and how many there are — up to ListCountCap: a total of ListCountCap+1
// means "more than ListCountCap" (see Capped).
func (a *App) SearchLeads(ctx context.Context, actor *leadport.User, q LeadQuery) ([]*leadport.Lead, int, error) {
	f, err := a.filter(actor, q)
	if err != nil {
		return nil, 0, err
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	// The count must reach past the page asked for, so that a later page
	// still knows whether another follows it.
	f.CountCap = max(ListCountCap, f.Offset+f.Limit)
	return a.Store.SearchLeads(ctx, leadport.ViewerOf(actor), f)
}

// Capped reports whether a total from SearchLeads stopped counting, with
// the count the pages show then ("10,000+").
func Capped(total, offset, limit int) (bool, int) {
	cap := max(ListCountCap, offset+limit)
	return total > cap, cap
}

func (a *App) filter(actor *leadport.User, q LeadQuery) (leadport.LeadFilter, error) {
	f := leadport.LeadFilter{ImportID: q.ImportID, Limit: q.Limit, Offset: q.Offset, Whole: q.Whole}
	if err := CheckText("The search", q.Query, q.Module); err != nil {
		return f, err
	}
	if q.Offset < 0 {
		return f, leadport.Errorf(leadport.EINVALID, "The offset must not be negative.")
	}
	if q.Module != "" {
		m, ok := leadport.ModuleByKey(q.Module)
		if !ok {
			return f, leadport.Errorf(leadport.ENOTFOUND, "There is no module %q.", q.Module)
		}
		f.Types = m.Types
	}
	t, err := ParseSearch(q.Query)
	f.NameWords, f.Phone, f.Email = t.Words, t.Phone, t.Email
	return f, err
}

// SearchTerms is what a search box's text looks for: an email, a phone, or
// words of a name.
type SearchTerms struct {
	Words []string // folded words (normalize.SearchWords)
	Phone string   // E.164
	Email string   // lower-case
}

// ParseSearch reads a search box's text: an email when it has an "@", a
// phone when it is digits and phone punctuation (typed any way), else words
// of a name, each to start a word of the name whatever the case, accents,
// apostrophes and hyphens ("obrien" and "Brien" find O'Brien, "francois"
// finds Jean-François).
func ParseSearch(query string) (SearchTerms, error) {
	var t SearchTerms
	query = strings.TrimSpace(query)
	switch {
	case query == "":
	case strings.Contains(query, "@"):
		t.Email = strings.ToLower(query)
	case looksLikePhone(query):
		e164, _, err := normalize.Phone(query, "CA")
		if err != nil {
			return t, leadport.Errorf(leadport.EINVALID, "%q is not a phone number.", query)
		}
		t.Phone = e164
	default:
		t.Words = normalize.SearchWords(query)
		if len(t.Words) > maxSearchWords {
			return t, leadport.Errorf(leadport.EINVALID, "Search with at most %d words of a name.", maxSearchWords)
		}
	}
	return t, nil
}

// maxSearchWords bounds the words of a name search (each is a lookup).
const maxSearchWords = 6

func looksLikePhone(s string) bool {
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" ()-.+/", r):
		default:
			return false
		}
	}
	return digits >= 7
}

// ExportedLead is one lead as `leads export` prints it (SPEC §8).
type ExportedLead struct {
	ID           int64             `json:"id"`
	Type         leadport.LeadType `json:"type"`
	Module       string            `json:"module"`
	FirstName    string            `json:"first_name"`
	LastName     string            `json:"last_name"`
	BusinessName string            `json:"business_name"`
	Civility     string            `json:"civility"`
	Locale       string            `json:"locale"`
	BirthDate    string            `json:"birth_date"`
	Phones       []leadport.Phone  `json:"phones"`
	Emails       []leadport.Email  `json:"emails"`
	AddressLine1 string            `json:"address_line1"`
	AddressLine2 string            `json:"address_line2"`
	City         string            `json:"city"`
	Province     string            `json:"province"`
	PostalCode   string            `json:"postal_code"`
	Country      string            `json:"country"`
	Division     string            `json:"division"`
	Source       string            `json:"source"`
	Campaign     string            `json:"campaign"`
	Advisor      string            `json:"advisor"`
	BDCAgent     string            `json:"bdc_agent"`
	CreatedAt    string            `json:"created_at"`
	Appointment  string            `json:"appointment_date"`
	SaleDate     string            `json:"sale_date"`
	DeliveryDate string            `json:"delivery_date"`
	Comment      string            `json:"comment"`
	Vehicles     []ExportedVehicle `json:"vehicles"`
	Notes        []ExportedNote    `json:"notes"`
	Associated   []int64           `json:"associated"`
	ImportID     *int64            `json:"import_id"`
	UpdatedAt    time.Time         `json:"updated_at"`
}

// ExportedVehicle is a vehicle in an export.
type ExportedVehicle struct {
	Kind     string `json:"kind"`
	Make     string `json:"make"`
	Model    string `json:"model"`
	Trim     string `json:"trim"`
	Year     string `json:"year"`
	VIN      string `json:"vin"`
	Odometer string `json:"odometer"`
}

// ExportedNote is a note in an export.
type ExportedNote struct {
	Body      string    `json:"body"`
	Author    string    `json:"author"`
	CreatedAt time.Time `json:"created_at"`
}

// exportLead turns a lead into its exported form; users names the account's users by ID.
func exportLead(l *leadport.Lead, users map[string]string) ExportedLead {
	e := ExportedLead{ID: l.ID, Type: l.Type, Module: l.Module().LabelEN, FirstName: l.FirstName, LastName: l.LastName,
		BusinessName: l.BusinessName, Civility: l.Civility, Locale: l.Locale, BirthDate: l.BirthDate,
		Phones: l.Phones(), Emails: l.Emails(), AddressLine1: l.AddressLine1, AddressLine2: l.AddressLine2,
		City: l.City, Province: l.Province, PostalCode: l.PostalCode, Country: l.Country, Division: l.Division,
		Source: l.Source, Campaign: l.Campaign, Advisor: users[l.AdvisorID], BDCAgent: users[l.BDCAgentID],
		CreatedAt: l.OriginalAt, Appointment: l.AppointmentAt, SaleDate: l.SaleAt, DeliveryDate: l.DeliveryAt,
		Comment: l.Comment, Associated: l.Associated, UpdatedAt: l.UpdatedAt.UTC()}
	if e.Phones == nil {
		e.Phones = []leadport.Phone{}
	}
	if e.Emails == nil {
		e.Emails = []leadport.Email{}
	}
	if e.Associated == nil {
		e.Associated = []int64{}
	}
	e.Vehicles = []ExportedVehicle{}
	for _, v := range l.Vehicles {
		e.Vehicles = append(e.Vehicles, ExportedVehicle{v.Kind, v.Make, v.Model, v.Trim, v.Year, v.VIN, v.Odometer})
	}
	e.Notes = []ExportedNote{}
	for _, n := range l.Notes {
		e.Notes = append(e.Notes, ExportedNote{Body: n.Body, Author: n.Author, CreatedAt: n.CreatedAt.UTC()})
	}
	if l.ImportID != 0 {
		id := l.ImportID
		e.ImportID = &id
	}
	return e
}

// ExportLeads writes every lead the actor may see (of one import, if
// importID is not 0) as JSON lines ("jsonl") or CSV ("csv"), by ascending ID.
func (a *App) ExportLeads(ctx context.Context, actor *leadport.User, importID int64, format string, w io.Writer) error {
	if importID != 0 {
		if _, err := a.Import(ctx, actor, importID); err != nil {
			return err
		}
	}
	users, err := a.Store.ListUsers(ctx, actor.AccountID)
	if err != nil {
		return err
	}
	names := make(map[string]string)
	for _, u := range users {
		names[strconv.FormatInt(u.ID, 10)] = u.Name
	}
	f := leadport.LeadFilter{ImportID: importID}
	v := leadport.ViewerOf(actor)
	bw := bufio.NewWriter(w)
	switch format {
	case "", "jsonl":
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(false)
		err = a.Store.ExportLeads(ctx, v, f, func(l *leadport.Lead) error { return enc.Encode(exportLead(l, names)) })
	case "csv":
		bw.WriteString(BOM)
		cw := csv.NewWriter(bw)
		cw.Write(csvHeader)
		err = a.Store.ExportLeads(ctx, v, f, func(l *leadport.Lead) error { return cw.Write(csvRow(exportLead(l, names))) })
		cw.Flush()
		if err == nil {
			err = cw.Error()
		}
	default:
		return leadport.Errorf(leadport.EINVALID, "The export format must be jsonl or csv, not %q.", format)
	}
	if err != nil {
		return err
	}
	return bw.Flush()
}

var csvHeader = []string{"id", "type", "module", "first_name", "last_name", "business_name", "civility", "locale", "birth_date",
	"phone_home", "phone_home_ext", "phone_mobile", "phone_mobile_ext", "phone_work", "phone_work_ext", "email_home", "email_work",
	"address_line1", "address_line2", "city", "province", "postal_code", "country", "division", "source", "campaign",
	"advisor", "bdc_agent", "created_at", "appointment_date", "sale_date", "delivery_date", "comment",
	"vehicles", "notes", "associated", "import_id"}

func csvRow(e ExportedLead) []string {
	phone := map[string]leadport.Phone{}
	for _, p := range e.Phones {
		phone[p.Type] = p
	}
	email := map[string]string{}
	for _, m := range e.Emails {
		email[m.Type] = m.Address
	}
	var vehicles, notes, assoc []string
	for _, v := range e.Vehicles {
		vehicles = append(vehicles, strings.Join(strings.Fields(strings.Join([]string{v.Kind + ":", v.Year, v.Make, v.Model, v.Trim, v.VIN, v.Odometer}, " ")), " "))
	}
	for _, n := range e.Notes {
		notes = append(notes, n.Body)
	}
	for _, id := range e.Associated {
		assoc = append(assoc, strconv.FormatInt(id, 10))
	}
	imp := ""
	if e.ImportID != nil {
		imp = strconv.FormatInt(*e.ImportID, 10)
	}
	row := []string{strconv.FormatInt(e.ID, 10), string(e.Type), e.Module, e.FirstName, e.LastName, e.BusinessName, e.Civility,
		e.Locale, e.BirthDate, phone["home"].Number, phone["home"].Extension, phone["mobile"].Number, phone["mobile"].Extension,
		phone["work"].Number, phone["work"].Extension, email["home"], email["work"], e.AddressLine1, e.AddressLine2, e.City,
		e.Province, e.PostalCode, e.Country, e.Division, e.Source, e.Campaign, e.Advisor, e.BDCAgent, e.CreatedAt,
		e.Appointment, e.SaleDate, e.DeliveryDate, e.Comment, strings.Join(vehicles, "\n"), strings.Join(notes, "\n---\n"),
		strings.Join(assoc, " "), imp}
	for i := range row {
		row[i] = SafeCell(row[i])
	}
	return row
}
