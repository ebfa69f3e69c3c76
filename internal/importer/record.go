package importer

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/csvread"
	"github.com/leadport/leadport/internal/normalize"
	"github.com/leadport/leadport/internal/suggest"
)

// Indexes into leadport.Lead.Columns / leadport.CardColumns.
const (
	cFirst = iota
	cLast
	cBusiness
	cCivility
	cLocale
	cBirth
	cPhoneHome
	cPhoneHomeExt
	cPhoneMobile
	cPhoneMobileExt
	cPhoneWork
	cPhoneWorkExt
	cEmailHome
	cEmailWork
	cAddress1
	cAddress2
	cCity
	cProvince
	cPostal
	cCountry
	cDivision
	cSource
	cCampaign
	cAdvisor
	cBDCAgent
	cOriginal
	cAppointment
	cSale
	cDelivery
	cComment
	nCard
)

// cardField is the field key each card column takes its value from, and so
// the label of its "[import]" note lines.
var cardField = func() [nCard]string {
	var f [nCard]string
	rename := map[string]string{
		"phone_home_ext": "phone_home", "phone_mobile_ext": "phone_mobile", "phone_work_ext": "phone_work",
		"advisor_id": "advisor", "bdc_agent_id": "bdc_agent", "original_at": "created_at",
		"appointment_at": "appointment_date", "sale_at": "sale_date", "delivery_at": "delivery_date",
	}
	for i, c := range leadport.CardColumns {
		if r, ok := rename[c]; ok {
			c = r
		}
		f[i] = c
	}
	return f
}()

// label returns the English label of a field key, used in "[import]" notes
// and in the issue report.
func label(key string) string {
	f, _ := leadport.FieldByKey(key)
	return f.LabelEN
}

// Vehicle indexes in record.vehicles.
const (
	vWanted = iota
	vExchange
)

// record is one row of the file, normalised: what it would put on a card.
type record struct {
	row      int // as a spreadsheet shows it (csvread.Row.Number)
	line     int
	lead     leadport.Lead       // the card values, phones and emails in the slots they are mapped to
	raw      [nCard]string       // each card value as written in the file, for "[import]" notes
	vehicles [2]leadport.Vehicle // wanted, exchange
	note     string              // the note field
	lines    []string            // "[import]" lines: bad values and cells beyond the header
	issues   []leadport.Issue    // for the issue report
	failed   string              // why the row cannot become a customer card; "" if it can
}

// hasName reports whether the row names a person.
func (r *record) hasName() bool { return r.lead.FirstName != "" || r.lead.LastName != "" }

// column is how one file column is read.
type column struct {
	index  int    // in the file
	header string // as in the file
	key    string // field key
	dst    int    // the card column it fills; -1 for full name, note and vehicle fields
	norm   func(rd *reader, raw string) (string, error)
	// slotFrom is the column whose value names this phone's or email's
	// slot on each row ("Phone 1 - Type" = Mobile); -1 when none.
	slotFrom int
}

// cardValue says how a field stored in one card column is read.
type cardValue struct {
	dst  int
	norm func(rd *reader, raw string) (string, error) // nil for phones
}

func text(_ *reader, raw string) (string, error)    { return normalize.Text(raw), nil }
func trimmed(_ *reader, raw string) (string, error) { return strings.TrimSpace(raw), nil }

func plain(f func(string) (string, error)) func(*reader, string) (string, error) {
	return func(_ *reader, raw string) (string, error) { return f(raw) }
}

func dated(f func(string, normalize.DateOrder) (string, error)) func(*reader, string) (string, error) {
	return func(rd *reader, raw string) (string, error) { return f(raw, rd.order) }
}

// cardValues are the fields stored in a card column, by key.
var cardValues = map[string]cardValue{
	"first_name": {cFirst, text}, "last_name": {cLast, text}, "business_name": {cBusiness, text},
	"civility": {cCivility, plain(normalize.Civility)}, "locale": {cLocale, plain(normalize.Locale)},
	"birth_date": {cBirth, dated(normalize.Date)},
	"phone_home": {cPhoneHome, nil}, "phone_mobile": {cPhoneMobile, nil}, "phone_work": {cPhoneWork, nil},
	"email_home": {cEmailHome, plain(normalize.Email)}, "email_work": {cEmailWork, plain(normalize.Email)},
	"address_line1": {cAddress1, text}, "address_line2": {cAddress2, text}, "city": {cCity, text},
	"province": {cProvince, plain(normalize.Province)}, "postal_code": {cPostal, plain(normalize.PostalCode)},
	"country": {cCountry, plain(normalize.Country)}, "division": {cDivision, plain(normalize.Division)},
	"source": {cSource, text}, "campaign": {cCampaign, text},
	"advisor": {cAdvisor, (*reader).user}, "bdc_agent": {cBDCAgent, (*reader).user},
	"created_at": {cOriginal, dated(normalize.DateTime)}, "appointment_date": {cAppointment, dated(normalize.DateTime)},
	"sale_date": {cSale, dated(normalize.DateTime)}, "delivery_date": {cDelivery, dated(normalize.DateTime)},
	"comment": {cComment, trimmed},
}

// reader turns the cells of a row into a record, under one import's settings.
type reader struct {
	columns   []column
	country   int // index in columns of the country column; -1 when not mapped
	header    []string
	delimiter rune
	order     normalize.DateOrder
	now       time.Time         // for year bounds
	users     map[string]string // lower-case email or folded name → user ID; "" value = ambiguous name
}

func newReader(s Settings, users []*leadport.User, now time.Time) *reader {
	rd := &reader{header: s.Header, delimiter: s.Delimiter, order: s.DateOrder, now: now, users: make(map[string]string), country: -1}
	var slottedCols []column
	for i, entry := range s.Mapping {
		if entry != "" {
			key, from, _ := suggest.ParseEntry(entry)
			c := column{index: i, header: s.Header[i], key: key, dst: -1, slotFrom: from}
			if cv, ok := cardValues[key]; ok {
				c.dst, c.norm = cv.dst, cv.norm
			}
			if from >= 0 {
				slottedCols = append(slottedCols, c)
				continue
			}
			if key == "country" {
				rd.country = len(rd.columns)
			}
			rd.columns = append(rd.columns, c)
		}
	}
	// Columns whose slot each row names come last: they take the slot their
	// row names if the columns mapped to one slot left it free.
	rd.columns = append(rd.columns, slottedCols...)
	for _, u := range users {
		id := strconv.FormatInt(u.ID, 10)
		rd.users[strings.ToLower(u.Email)] = id
		name := normalize.Fold(u.Name)
		if prev, ok := rd.users[name]; ok && prev != id {
			id = "" // two users share this name: only their emails identify them
		}
		rd.users[name] = id
	}
	return rd
}

// read normalises one row. cells has one value per header column; row and
// line say where it is (csvread.Row's Number and Line); long lists the cells
// (of cells, then extra) that csvread cut for being longer than
// csvread.MaxCell.
func (rd *reader) read(row, line int, cells, extra []string, long []csvread.LongCell) *record {
	r := &record{row: row, line: line}
	card := r.lead.Columns()
	var fullFirst, fullLast, fullRaw string
	// Phones without a country code are read in the region of the row's
	// country, whatever the order of the columns; CA when it has none.
	region := "CA"
	var country string
	var countryErr error
	if rd.country >= 0 {
		country, countryErr = normalize.Country(cells[rd.columns[rd.country].index])
		if countryErr == nil && country != "" {
			region = country
		}
	}
	for i, c := range rd.columns {
		raw := cells[c.index]
		if n := longLen(long, c.index); n > 0 {
			r.tooLong(label(c.key), c.header, raw, n)
			continue
		}
		if strings.TrimSpace(raw) == "" {
			continue
		}
		var v, ext string
		var err error
		dst := c.dst
		switch {
		case c.key == "full_name":
			fullFirst, fullLast = normalize.SplitFullName(raw)
			fullRaw = raw
			continue
		case c.key == "note":
			r.note = strings.TrimSpace(raw)
			continue
		case c.slotFrom >= 0 && (dst == cPhoneHome || dst == cPhoneMobile || dst == cPhoneWork):
			if v, ext, err = normalize.Phone(raw, region); err == nil {
				if dst, err = r.slot(c, cells[c.slotFrom], phoneSlots); err == nil {
					*card[dst+1] = ext
					r.raw[dst+1] = raw
				}
			}
		case c.slotFrom >= 0 && (dst == cEmailHome || dst == cEmailWork):
			if v, err = normalize.Email(raw); err == nil {
				dst, err = r.slot(c, cells[c.slotFrom], emailSlots)
			}
		case dst == cPhoneHome || dst == cPhoneMobile || dst == cPhoneWork:
			v, ext, err = normalize.Phone(raw, region)
			if err == nil {
				*card[dst+1] = ext
				r.raw[dst+1] = raw
			}
		case i == rd.country:
			v, err = country, countryErr
		case c.norm != nil:
			v, err = c.norm(rd, raw)
		default:
			err = rd.vehicle(r, c.key, raw)
		}
		if err != nil {
			r.bad(c, raw, err.Error())
			continue
		}
		if dst >= 0 && v != "" {
			*card[dst] = v
			r.raw[dst] = raw
		}
	}
	if fullRaw != "" {
		// An explicit first or last name column wins over the full name.
		if r.lead.FirstName == "" && fullFirst != "" {
			r.lead.FirstName, r.raw[cFirst] = fullFirst, fullFirst
		}
		if r.lead.LastName == "" && fullLast != "" {
			r.lead.LastName, r.raw[cLast] = fullLast, fullLast
		}
	}
	r.lead.NameKey = normalize.NameKey(r.lead.FirstName, r.lead.LastName)
	for i, x := range extra {
		if strings.TrimSpace(x) == "" {
			continue
		}
		col := "Column " + strconv.Itoa(len(rd.header)+i+1)
		if n := longLen(long, len(cells)+i); n > 0 {
			r.tooLong(col, col, x, n)
			continue
		}
		r.lines = append(r.lines, leadport.ImportLine(col, x, leadport.WhyBeyond))
		r.issues = append(r.issues, leadport.Issue{Row: r.row, Line: r.line, Column: col, Raw: x, Reason: "value beyond the last column of the header"})
	}
	if !r.hasName() && r.lead.PhoneHome == "" && r.lead.PhoneMobile == "" && r.lead.PhoneWork == "" &&
		r.lead.EmailHome == "" && r.lead.EmailWork == "" {
		r.failed = "no name, phone or email to identify the customer"
		if len(r.issues) > 0 {
			r.failed += " (bad values are listed on the other lines of this row)"
		}
		r.issues = append(r.issues, leadport.Issue{Row: r.row, Line: r.line, Raw: rd.join(cells, extra), Reason: r.failed})
	}
	return r
}

// The card columns of each slot, in the order a phone or email goes to a
// free one.
var (
	phoneSlots = map[string]int{"home": cPhoneHome, "mobile": cPhoneMobile, "work": cPhoneWork}
	emailSlots = map[string]int{"home": cEmailHome, "work": cEmailWork}
	slotOrder  = []string{"home", "mobile", "work"}
)

// slot chooses the card column of a phone or email whose slot the row's
// type cell names: that slot if it is free on this row, else the column's
// own slot, else any free one (SPEC §7's order for a new phone or email).
// A fax or pager number, or a row with no free slot, is a bad value: it
// goes to a note.
func (r *record) slot(c column, typ string, slots map[string]int) (int, error) {
	name, fax := suggest.SlotOf(typ)
	if fax {
		return 0, errFax
	}
	card := r.lead.Columns()
	try := []int{c.dst}
	if d, ok := slots[name]; ok {
		try = []int{d, c.dst}
	}
	for _, s := range slotOrder {
		if d, ok := slots[s]; ok {
			try = append(try, d)
		}
	}
	for _, d := range try {
		if *card[d] == "" {
			return d, nil
		}
	}
	return 0, errNoSlot
}

var (
	errFax    = leadport.Errorf(leadport.EINVALID, "a fax or pager number, not a phone of the customer")
	errNoSlot = leadport.Errorf(leadport.EINVALID, "every slot of its kind is already taken on this row")
)

// bad records a value that is not stored in its field (SPEC §5).
func (r *record) bad(c column, raw, reason string) {
	r.lines = append(r.lines, leadport.ImportLine(label(c.key), raw, leadport.WhyBad))
	r.issues = append(r.issues, leadport.Issue{Row: r.row, Line: r.line, Column: c.header, Raw: raw, Reason: reason})
}

// longLen returns the length in characters of cell i if it is in long, else 0.
func longLen(long []csvread.LongCell, i int) int {
	for _, l := range long {
		if l.Index == i {
			return l.Len
		}
	}
	return 0
}

// tooLong records a cell longer than csvread.MaxCell as a bad value: the note
// says how long it was rather than holding it (a 50 MB value would make the
// card unreadable for everyone), and the issue report keeps its first
// csvread.CutCell bytes, which is what cut holds.
func (r *record) tooLong(label, column, cut string, n int) {
	length := english.Sprintf("%d", n)
	r.lines = append(r.lines, fmt.Sprintf("[import] %s: a value of %s characters, too long to keep (the limit is %d KiB)",
		label, length, csvread.MaxCell>>10))
	r.issues = append(r.issues, leadport.Issue{Row: r.row, Line: r.line, Column: column, Raw: cut + "…",
		Reason: fmt.Sprintf("value too long: %s characters, more than the %d KiB a field holds; here are its first %d KiB",
			length, csvread.MaxCell>>10, csvread.CutCell>>10)})
}

var english = message.NewPrinter(language.English)

func (rd *reader) vehicle(r *record, key, raw string) error {
	v := &r.vehicles[vWanted]
	v.Kind = leadport.VehicleWanted
	if strings.HasPrefix(key, "exchange_") {
		v = &r.vehicles[vExchange]
		v.Kind = leadport.VehicleExchange
	}
	var err error
	switch key[strings.IndexByte(key, '_')+1:] {
	case "make":
		v.Make = normalize.Text(raw)
	case "model":
		v.Model = normalize.Text(raw)
	case "trim":
		v.Trim = normalize.Text(raw)
	case "year":
		v.Year, err = normalize.Year(raw, rd.now)
	case "vin":
		v.VIN, err = normalize.VIN(raw)
	case "odometer":
		v.Odometer, err = normalize.Odometer(raw)
	}
	return err
}

// user finds a user of the account by email or by name.
func (rd *reader) user(raw string) (string, error) {
	if id, ok := rd.users[strings.ToLower(strings.TrimSpace(raw))]; ok && id != "" {
		return id, nil
	}
	id, ok := rd.users[normalize.Fold(raw)]
	switch {
	case ok && id == "":
		return "", errAmbiguousUser
	case !ok:
		return "", errNoUser
	}
	return id, nil
}

var (
	errNoUser        = leadport.Errorf(leadport.EINVALID, leadport.NotAUserReason)
	errAmbiguousUser = leadport.Errorf(leadport.EINVALID, "several users have this name: use the email")
)

// join writes a row back as one delimited line, for the issue report.
func (rd *reader) join(cells, extra []string) string {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Comma = rd.delimiter
	w.Write(append(append([]string(nil), cells...), extra...))
	w.Flush()
	return strings.TrimRight(buf.String(), "\r\n")
}

// DateField reports whether the field key holds a date or a date-time, read
// under the import's order of day and month.
func DateField(key string) bool {
	switch key {
	case "birth_date", "created_at", "appointment_date", "sale_date", "delivery_date":
		return true
	}
	return false
}
