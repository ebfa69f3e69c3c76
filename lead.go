package leadport

import "time"

// LeadType is where a lead came from; it decides the lead's module (SPEC §2).
type LeadType string

// The lead types of SPEC §2.
const (
	TypeEmail      LeadType = "email"
	TypeSMS        LeadType = "sms"
	TypePhone      LeadType = "phone"
	TypeWalkIn     LeadType = "walk_in"
	TypeEvent      LeadType = "event"
	TypeLoyalty    LeadType = "loyalty"
	TypeRenewal    LeadType = "renewal"
	TypeWebOrder   LeadType = "web_order"
	TypePreBooking LeadType = "pre_booking"
	TypeService    LeadType = "service"
)

// LeadTypes lists every type in the order the pages show them.
var LeadTypes = []LeadType{TypeEmail, TypeSMS, TypePhone, TypeWalkIn, TypeEvent, TypeLoyalty,
	TypeRenewal, TypeWebOrder, TypePreBooking, TypeService}

// Module is a part of the CRM that shows leads of some types.
type Module struct {
	Key     string // URL-safe: lead_xpress, phone_up, walk_in, …
	LabelEN string
	LabelFR string
	Types   []LeadType
}

// Label returns the module's name in locale ("en" or "fr").
func (m Module) Label(locale string) string {
	if locale == "fr" {
		return m.LabelFR
	}
	return m.LabelEN
}

// Modules lists the modules of SPEC §2 in navigation order.
var Modules = []Module{
	{"lead_xpress", "Lead Xpress", "Lead Xpress", []LeadType{TypeEmail, TypeSMS}},
	{"phone_up", "Phone-up", "Phone-up", []LeadType{TypePhone}},
	{"walk_in", "Walk-in", "Walk-in", []LeadType{TypeWalkIn}},
	{"event", "Event", "Événement", []LeadType{TypeEvent}},
	{"loyalty", "Loyalty", "Fidélisation", []LeadType{TypeLoyalty}},
	{"renewal", "Renewal", "Renouvellement", []LeadType{TypeRenewal}},
	{"web_order", "Web order", "Commande web", []LeadType{TypeWebOrder}},
	{"pre_booking", "Pre-booking", "Pré-réservation", []LeadType{TypePreBooking}},
	{"service", "Service", "Service", []LeadType{TypeService}},
}

// ModuleByKey returns the module with the given key.
func ModuleByKey(key string) (Module, bool) {
	for _, m := range Modules {
		if m.Key == key {
			return m, true
		}
	}
	return Module{}, false
}

// Valid reports whether t is one of LeadTypes.
func (t LeadType) Valid() bool {
	for _, x := range LeadTypes {
		if t == x {
			return true
		}
	}
	return false
}

// Module returns the module that shows leads of type t.
func (t LeadType) Module() Module {
	for _, m := range Modules {
		for _, x := range m.Types {
			if x == t {
				return m
			}
		}
	}
	return Module{}
}

// Label returns the type's name in locale ("en" or "fr").
func (t LeadType) Label(locale string) string {
	en := map[LeadType]string{TypeEmail: "Email (web lead)", TypeSMS: "SMS", TypePhone: "Phone", TypeWalkIn: "Walk-in",
		TypeEvent: "Event", TypeLoyalty: "Loyalty", TypeRenewal: "Renewal", TypeWebOrder: "Web order",
		TypePreBooking: "Pre-booking", TypeService: "Service"}
	fr := map[LeadType]string{TypeEmail: "Courriel (lead web)", TypeSMS: "SMS", TypePhone: "Téléphone", TypeWalkIn: "Visite",
		TypeEvent: "Événement", TypeLoyalty: "Fidélisation", TypeRenewal: "Renouvellement", TypeWebOrder: "Commande web",
		TypePreBooking: "Pré-réservation", TypeService: "Service"}
	if locale == "fr" {
		return fr[t]
	}
	return en[t]
}

// Lead is one opportunity with one customer, shown to people as the
// customer card. Its scalar fields are strings in their stored (normalised)
// form; "" means no value.
type Lead struct {
	ID        int64
	AccountID int64
	Type      LeadType
	ImportID  int64 // the import that created it; 0 if none
	VisibleTo int64 // while its import is not finalized: the import's owner; 0 = the whole account

	FirstName, LastName, BusinessName string
	Civility, Locale, BirthDate       string
	PhoneHome, PhoneHomeExt           string // E.164 and extension digits
	PhoneMobile, PhoneMobileExt       string
	PhoneWork, PhoneWorkExt           string
	EmailHome, EmailWork              string // lower-case
	AddressLine1, AddressLine2, City  string
	Province, PostalCode, Country     string
	Division, Source, Campaign        string
	AdvisorID, BDCAgentID             string // user IDs in decimal, "" when none
	OriginalAt                        string // field created_at: the lead's original date-time (§4 form)
	AppointmentAt, SaleAt, DeliveryAt string
	Comment                           string

	NameKey   string    // normalize.NameKey(FirstName, LastName); "" when a part is missing
	CreatedAt time.Time // when the row was written
	UpdatedAt time.Time // last change; the matching tie-break (SPEC §7)

	Vehicles   []Vehicle
	Notes      []Note
	Associated []int64 // IDs of associated leads

	// Pending marks what the reader sees only because it is their own
	// import that is not finalized yet (SPEC §6): card column → the import
	// whose changeset fills it. PendingLinks: associated lead → the import
	// that made the link. Vehicles and notes carry their own Pending.
	Pending      map[string]int64
	PendingLinks map[int64]int64
}

// Module returns the lead's module.
func (l *Lead) Module() Module { return l.Type.Module() }

// CardColumns names, in order, the stored scalar fields that Columns returns.
// They are also the database column names.
var CardColumns = []string{
	"first_name", "last_name", "business_name", "civility", "locale", "birth_date",
	"phone_home", "phone_home_ext", "phone_mobile", "phone_mobile_ext", "phone_work", "phone_work_ext",
	"email_home", "email_work", "address_line1", "address_line2", "city", "province", "postal_code", "country",
	"division", "source", "campaign", "advisor_id", "bdc_agent_id", "original_at",
	"appointment_at", "sale_at", "delivery_at", "comment",
}

// CardColumnField returns the key of the field (SPEC §3) that card column i
// (an index into CardColumns) holds: its label names the column in
// "[import]" notes.
func CardColumnField(i int) string {
	c := CardColumns[i]
	switch c {
	case "phone_home_ext", "phone_mobile_ext", "phone_work_ext":
		return c[:len(c)-len("_ext")]
	case "advisor_id", "bdc_agent_id":
		return c[:len(c)-len("_id")]
	case "original_at":
		return "created_at"
	case "appointment_at", "sale_at", "delivery_at":
		return c[:len(c)-len("_at")] + "_date"
	}
	return c
}

// Columns returns pointers to the lead's scalar fields in CardColumns order,
// so that stores and the merge rule can handle them generically.
func (l *Lead) Columns() []*string {
	return []*string{
		&l.FirstName, &l.LastName, &l.BusinessName, &l.Civility, &l.Locale, &l.BirthDate,
		&l.PhoneHome, &l.PhoneHomeExt, &l.PhoneMobile, &l.PhoneMobileExt, &l.PhoneWork, &l.PhoneWorkExt,
		&l.EmailHome, &l.EmailWork, &l.AddressLine1, &l.AddressLine2, &l.City, &l.Province, &l.PostalCode, &l.Country,
		&l.Division, &l.Source, &l.Campaign, &l.AdvisorID, &l.BDCAgentID, &l.OriginalAt,
		&l.AppointmentAt, &l.SaleAt, &l.DeliveryAt, &l.Comment,
	}
}

// Phone slot and email slot types.
const (
	PhoneHome   = "home"
	PhoneMobile = "mobile"
	PhoneWork   = "work"
	EmailHome   = "home"
	EmailWork   = "work"
)

// Phone is one of a lead's phone slots.
type Phone struct {
	Type      string `json:"type"`
	Number    string `json:"number"`
	Extension string `json:"extension"`
}

// Email is one of a lead's email slots.
type Email struct {
	Type    string `json:"type"`
	Address string `json:"address"`
}

// Phones returns the lead's filled phone slots, home, mobile, work.
func (l *Lead) Phones() []Phone {
	var ps []Phone
	for _, p := range []Phone{{PhoneHome, l.PhoneHome, l.PhoneHomeExt}, {PhoneMobile, l.PhoneMobile, l.PhoneMobileExt}, {PhoneWork, l.PhoneWork, l.PhoneWorkExt}} {
		if p.Number != "" {
			ps = append(ps, p)
		}
	}
	return ps
}

// Emails returns the lead's filled email slots, home then work.
func (l *Lead) Emails() []Email {
	var es []Email
	for _, e := range []Email{{EmailHome, l.EmailHome}, {EmailWork, l.EmailWork}} {
		if e.Address != "" {
			es = append(es, e)
		}
	}
	return es
}

// Vehicle kinds.
const (
	VehicleWanted   = "wanted"
	VehicleExchange = "exchange"
)

// Vehicle is a vehicle the customer wants, or trades in.
type Vehicle struct {
	ID       int64  `json:"id"`
	LeadID   int64  `json:"lead_id"`
	ImportID int64  `json:"import_id,omitempty"` // the import that added it
	Kind     string `json:"kind"`                // wanted or exchange
	Make     string `json:"make"`
	Model    string `json:"model"`
	Trim     string `json:"trim"`
	Year     string `json:"year"`
	VIN      string `json:"vin"`
	Odometer string `json:"odometer"`          // whole km
	Pending  bool   `json:"pending,omitempty"` // added by ImportID, not finalized yet: seen by its owner alone
}

// Empty reports whether v carries no value at all.
func (v Vehicle) Empty() bool {
	return v.Make == "" && v.Model == "" && v.Trim == "" && v.Year == "" && v.VIN == "" && v.Odometer == ""
}

// Note is a dated text on a lead, newest last.
type Note struct {
	ID        int64     `json:"id"`
	LeadID    int64     `json:"lead_id"`
	ImportID  int64     `json:"import_id,omitempty"` // the import that wrote it
	AuthorID  int64     `json:"author_id"`
	Author    string    `json:"author"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
	Pending   bool      `json:"pending,omitempty"` // written by ImportID, not finalized yet: seen by its owner alone
}

// Link associates two leads of the same customer (A < B).
type Link struct {
	A, B     int64
	ImportID int64 // the import that made it; 0 if none
}

// SlotOf returns the slot (of a lead's phones or emails) that holds v, or
// -1.
func SlotOf(slots []*string, v string) int {
	for i, s := range slots {
		if *s == v {
			return i
		}
	}
	return -1
}

// FreeSlot returns the preferred slot if it is free, else the first free
// one, else -1: where the Merge rules put a phone or an email (SPEC §7).
func FreeSlot(slots []*string, preferred int) int {
	if *slots[preferred] == "" {
		return preferred
	}
	return SlotOf(slots, "")
}
