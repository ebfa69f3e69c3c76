// Package suggest proposes which customer-card field each column of a file
// holds (SPEC §3 "Mapping suggestions"), from the column's header and a
// sample of its values.
//
// A header is taken apart into words whatever its style (camelCase,
// snake_case, glued, numbered, prefixed, labelled) and read against a
// vocabulary per field drawn from the exports people bring, in English and
// French. A column is mapped only when every word of its header is
// explained — by the field's name, by words that may stand around it
// ("Customer", "Home", "Value", "(MM/DD/YYYY)") or by a number it expects
// ("E-mail 2 Address") — and its sampled values do not contradict it. Any
// other column is left unmapped, with the field it most likely is as its
// candidate: a suggestion is never a guess.
//
// The package knows nothing of files, storage or pages.
package suggest

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/normalize"
)

// Column is the suggestion for one column.
type Column struct {
	// Key is the field the column is mapped to, "" when it is left unmapped.
	Key string
	// SlotFrom, for a phone or email column, is the index of the column
	// whose value on each row names the slot ("Phone 1 - Type" = Mobile);
	// -1 when there is none. Key is then the slot used when that value
	// names none.
	SlotFrom int
	// TypeOf is the index of the phone or email column whose slot this
	// column names; -1 when it is not such a column.
	TypeOf int
	// Candidate, when Key is "", is the field the column most likely holds
	// (unsure, or the field went to a better column); "" when none.
	Candidate string
	// ByValues says the column was recognised from its values, not its header.
	ByValues bool
}

// Threshold is the share of a header's words that must be explained for
// the column to be mapped: all of them. A header with one word the
// vocabulary cannot place is left unmapped, with its best candidate.
const Threshold = 1.0

// Columns suggests a field for each column of header. rows are sample
// rows of the file (each at least as long as header), used to check the
// suggestions against the values and to recognise emails and phones by
// their values; it may be nil.
func Columns(header []string, rows [][]string) []Column {
	n := len(header)
	out := make([]Column, n)
	reads := make([]reading, n)
	for i, h := range header {
		out[i] = Column{SlotFrom: -1, TypeOf: -1}
		reads[i] = read(h)
	}
	vals := func(i int) []string { return sample(rows, i) }

	// Values that contradict a suggestion demote it to a candidate.
	for i := range reads {
		for k := range reads[i].sure {
			m := &reads[i].sure[k]
			if !valuesFit(m.key, vals(i)) {
				m.unsure = true
			}
		}
		reads[i].sure = slices.DeleteFunc(reads[i].sure, func(m match) bool {
			if m.unsure {
				reads[i].demoted = append(reads[i].demoted, m)
			}
			return m.unsure
		})
	}

	// A column whose header says nothing sure and whose values are all
	// emails, or all phones, is an email or phone column.
	for i := range reads {
		r := &reads[i]
		if len(r.sure) > 0 || r.blocked {
			continue
		}
		if key, ok := byValues(r, vals(i)); ok {
			slot := r.slot
			if slot == "?" || key == "email" && slot == "mobile" {
				slot = ""
			}
			r.sure = []match{{key: key, score: 5, slot: slot}}
			r.byValues = true
		}
	}

	// File-wide rules: "Name" beside a first name is the surname; mileage
	// is the trade-in odometer only in a file about vehicles.
	has := func(keys ...string) bool {
		for _, r := range reads {
			if m, ok := r.best(); ok && slices.Contains(keys, m.key) {
				return true
			}
		}
		return false
	}
	hasFirst, hasLast := has("first_name"), has("last_name")
	vehicles := has("wanted_make", "wanted_model", "wanted_year", "wanted_vin", "wanted_trim",
		"exchange_make", "exchange_model", "exchange_year", "exchange_vin")
	for i := range reads {
		r := &reads[i]
		for k := range r.sure {
			m := &r.sure[k]
			switch {
			case m.key == "name" && hasFirst && !hasLast:
				m.key = "last_name"
			case m.key == "name":
				m.key = "full_name"
			case m.key == "exchange_odometer" && r.words["mileage"] && !r.words["tradein"] && !vehicles:
				m.unsure = true
			}
		}
		r.sure = slices.DeleteFunc(r.sure, func(m match) bool {
			if m.unsure {
				r.demoted = append(r.demoted, m)
			}
			return m.unsure
		})
		if len(r.sure) > 1 && r.sure[0].score == r.sure[1].score && r.sure[0].key != r.sure[1].key {
			// Two fields explain the header equally well: unsure.
			r.demoted = append(r.demoted, r.sure...)
			r.sure = nil
		}
	}

	// Type columns: "Phone 1 - Type" beside "Phone 1 - Value".
	for i := range reads {
		if m, ok := reads[i].best(); ok && (m.key == "phone" || m.key == "email") && m.slot == "" {
			if j := typeColumn(reads, i); j >= 0 {
				out[i].SlotFrom, out[j].TypeOf = j, i
			}
		}
	}

	// Give each field to its best column: highest score, then leftmost.
	type claim struct {
		col   int
		m     match
		order int
	}
	var claims []claim
	for i, r := range reads {
		if m, ok := r.best(); ok {
			claims = append(claims, claim{i, m, m.ordinal})
		}
	}
	sort.SliceStable(claims, func(a, b int) bool {
		ca, cb := claims[a], claims[b]
		if ca.m.score != cb.m.score {
			return ca.m.score > cb.m.score
		}
		if ca.order != cb.order {
			return ca.order < cb.order
		}
		return ca.col < cb.col
	})
	taken := make(map[string]bool)
	for _, c := range claims {
		key := c.m.key
		switch key {
		case "phone":
			key = c.m.phoneKey(taken, out[c.col].SlotFrom >= 0)
		case "email":
			key = c.m.emailKey(taken, out[c.col].SlotFrom >= 0)
		}
		if key == "" || taken[key] {
			out[c.col].Candidate = firstNonEmpty(key, c.m.candidateKey())
			out[c.col].SlotFrom = -1
			continue
		}
		taken[key] = true
		out[c.col].Key = key
		out[c.col].ByValues = reads[c.col].byValues
	}
	for i := range out {
		if out[i].SlotFrom >= 0 && out[i].Key == "" {
			out[out[i].SlotFrom].TypeOf = -1
			out[i].SlotFrom = -1
		}
		if out[i].Key == "" && out[i].Candidate == "" && out[i].TypeOf < 0 {
			out[i].Candidate = reads[i].candidate()
		}
	}
	return out
}

// Keys returns the field key of each column ("" for unmapped), with a slot
// chosen per row written as the key, "@" and the 1-based number of the type
// column (see Entry).
func Keys(cols []Column) []string {
	keys := make([]string, len(cols))
	for i, c := range cols {
		keys[i] = Entry(c.Key, c.SlotFrom)
	}
	return keys
}

// Entry is leadport.MappingEntry.
func Entry(key string, slotFrom int) string { return leadport.MappingEntry(key, slotFrom) }

// ParseEntry is leadport.ParseMappingEntry.
func ParseEntry(e string) (key string, slotFrom int, ok bool) { return leadport.ParseMappingEntry(e) }

// match is how well one field explains a header.
type match struct {
	key     string // field key, or "phone", "email", "name"
	score   int
	covered int    // words explained by the field's own names
	unknown int    // words left unexplained
	slot    string // home, mobile, work: for phones and emails
	ordinal int    // 0: unsaid; 1: first; 2: second
	unsure  bool
}

// reading is what a header says.
type reading struct {
	words    map[string]bool
	list     []string
	sure     []match // every word explained; best first
	demoted  []match // explained but contradicted
	maybe    []match // some words unexplained; best first
	blocked  bool    // a word says the column is about something else
	slot     string  // slot words alone ("Maison", "Bureau")
	byValues bool
}

func (r *reading) best() (match, bool) {
	if len(r.sure) == 0 {
		return match{}, false
	}
	return r.sure[0], true
}

// candidate is the field the header most likely names, for a column left
// unmapped.
func (r *reading) candidate() string {
	for _, ms := range [][]match{r.demoted, r.maybe} {
		for _, m := range ms {
			if k := m.candidateKey(); k != "" {
				return k
			}
		}
	}
	return ""
}

func (m match) candidateKey() string {
	switch m.key {
	case "phone":
		return firstNonEmpty(slotKey("phone", m.slot), "phone_home")
	case "email":
		return firstNonEmpty(slotKey("email", m.slot), "email_home")
	case "name":
		return "full_name"
	}
	return m.key
}

func slotKey(kind, slot string) string {
	switch {
	case slot == "":
		return ""
	case kind == "email" && slot == "mobile":
		return ""
	}
	return kind + "_" + slot
}

// phoneKey is the phone slot a phone column takes: its own when its header
// names one; else home, or, for a column whose type column names the slot
// per row, the first free one.
func (m match) phoneKey(taken map[string]bool, perRow bool) string {
	if m.slot != "" {
		return slotKey("phone", m.slot)
	}
	if perRow {
		for _, k := range []string{"phone_home", "phone_mobile", "phone_work"} {
			if !taken[k] {
				return k
			}
		}
		return ""
	}
	if m.ordinal >= 2 {
		return "" // "Phone 2", "Other Phone": which slot is unsaid
	}
	return "phone_home"
}

// emailKey: a second email column goes to the work email once the first
// took the home one (SPEC §3).
func (m match) emailKey(taken map[string]bool, perRow bool) string {
	if k := slotKey("email", m.slot); k != "" {
		return k
	}
	if m.ordinal >= 3 {
		return ""
	}
	if !taken["email_home"] && (m.ordinal <= 1 || perRow) {
		return "email_home"
	}
	return "email_work"
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// compiled is a spec with its phrases read into words.
type compiled struct {
	spec
	phrases [][]string
	exact   [][]string
	single  map[string]bool // one-word phrases
	context map[string]bool
	require map[string]bool
}

var lexicon = func() []compiled {
	// Every word of the vocabulary, before reading the phrases, so that a
	// glued word is only taken apart into words the lexicon knows.
	add := func(s string) {
		for _, w := range rawWords(s) {
			if a, ok := aliasWords[w]; ok {
				w = a
			}
			vocabulary[w] = true
		}
	}
	for _, s := range specs {
		for _, p := range append(append(append([]string(nil), s.phrases...), s.exact...), s.context...) {
			add(p)
		}
	}
	for w := range neutral {
		vocabulary[w] = true
	}
	for w := range blockers {
		vocabulary[w] = true
	}
	for _, ws := range []map[string]bool{homeWords, mobileWords, workWords} {
		for w := range ws {
			vocabulary[w] = true
		}
	}
	for _, w := range []string{"id", "num", "second", "main", "phone", "email", "name"} {
		vocabulary[w] = true
	}
	var cs []compiled
	for _, s := range specs {
		c := compiled{spec: s, single: map[string]bool{}, context: set(), require: set()}
		phrases := slices.Clone(s.phrases)
		// The field's own key and labels name it too.
		if f, ok := leadport.FieldByKey(s.key); ok {
			phrases = append(phrases, f.Key, f.LabelEN, f.LabelFR)
		}
		switch s.key {
		case "phone":
			phrases = append(phrases, "phone_home", "phone_mobile", "phone_work", "Home phone", "Mobile phone",
				"Work phone", "Téléphone maison", "Cellulaire", "Téléphone travail")
		case "email":
			phrases = append(phrases, "email_home", "email_work", "Work email", "Courriel travail")
		}
		for _, p := range phrases {
			ws := nonDigits(words(p))
			if len(ws) == 0 || (s.key != "name" && len(ws) == 1 && ws[0] == "name") {
				continue
			}
			c.phrases = append(c.phrases, ws)
			if len(ws) == 1 {
				c.single[ws[0]] = true
			}
		}
		sort.SliceStable(c.phrases, func(a, b int) bool { return len(c.phrases[a]) > len(c.phrases[b]) })
		for _, p := range s.exact {
			c.exact = append(c.exact, words(p))
		}
		for _, w := range s.context {
			for _, x := range words(w) {
				c.context[x] = true
			}
		}
		for _, w := range s.require {
			c.require[w] = true
		}
		cs = append(cs, c)
	}
	return cs
}()

func nonDigits(ws []string) []string {
	var out []string
	for _, w := range ws {
		if !isDigits(w) {
			out = append(out, w)
		}
	}
	return out
}

// lineWords are the words after which a number is an address line
// ("Street 2", "Address Line 1") or, before another part, an address block
// ("Address 1 - City").
var lineWords = set("address", "street", "line")

// maxHeader is the longest header read: no export names a column in more
// bytes, and a longer one (a file whose header row is data, or a hostile
// one) is left unmapped rather than read word by word against the lexicon.
const maxHeader = 256

// read reads one header against the whole lexicon.
func read(h string) reading {
	if len(h) > maxHeader {
		return reading{}
	}
	ws := words(h)
	r := reading{words: set(ws...), list: ws}
	for _, w := range ws {
		if blockers[w] {
			r.blocked = true
		}
	}
	// Slot words alone: a phone column if its values are phones.
	if len(ws) > 0 {
		slot, only := slotOf(ws), true
		for _, w := range ws {
			if !homeWords[w] && !mobileWords[w] && !workWords[w] && !neutral[w] && w != "num" {
				only = false
			}
		}
		if only {
			r.slot = slot
		}
	}
	for _, c := range lexicon {
		m, ok := c.match(ws)
		switch {
		case !ok:
		case m.unknown == 0:
			r.sure = append(r.sure, m)
		default:
			r.maybe = append(r.maybe, m)
		}
	}
	sort.SliceStable(r.sure, func(a, b int) bool { return r.sure[a].score > r.sure[b].score })
	sort.SliceStable(r.maybe, func(a, b int) bool {
		ma, mb := r.maybe[a], r.maybe[b]
		return ma.covered*(mb.covered+mb.unknown) > mb.covered*(ma.covered+ma.unknown)
	})
	return r
}

// slotOf returns the phone slot the words name: "" for none, "?" for two
// different ones.
func slotOf(ws []string) string {
	slot := ""
	for _, w := range ws {
		s := ""
		switch {
		case homeWords[w]:
			s = "home"
		case mobileWords[w]:
			s = "mobile"
		case workWords[w]:
			s = "work"
		}
		if s != "" && slot != "" && s != slot {
			return "?"
		}
		if s != "" {
			slot = s
		}
	}
	return slot
}

// match says how well field c explains the header words ws. ok is false
// when c is not named at all, or a word says the column is about
// something else.
func (c compiled) match(ws []string) (match, bool) {
	m := match{key: c.key}
	covered := make([]bool, len(ws))
	// Exact names: the whole header, besides neutral words.
	var rest []string
	for _, w := range ws {
		if !neutral[w] {
			rest = append(rest, w)
		}
	}
	for _, e := range c.exact {
		if slices.Equal(rest, e) || slices.Equal(ws, e) {
			m.covered, m.score = len(e), 10*len(e)
			return m, true
		}
	}
	// Phrases, longest first, on the words without their numbers.
	idx := make([]int, 0, len(ws))
	for i, w := range ws {
		if !isDigits(w) {
			idx = append(idx, i)
		}
	}
	for _, p := range c.phrases {
		for s := 0; s+len(p) <= len(idx); s++ {
			ok := true
			for k := range p {
				if covered[idx[s+k]] || ws[idx[s+k]] != p[k] {
					ok = false
					break
				}
			}
			if ok {
				for k := range p {
					covered[idx[s+k]] = true
				}
				m.covered += len(p)
			}
		}
	}
	if m.covered == 0 {
		return m, false
	}
	if len(c.require) > 0 {
		found := false
		for _, w := range ws {
			found = found || c.require[w]
		}
		if !found {
			return m, false
		}
	}
	contact := c.group == "contact"
	if contact {
		m.slot = slotOf(ws)
		if m.slot == "?" {
			m.unknown++
			m.slot = ""
		}
		if c.key == "email" && m.slot == "mobile" {
			m.unknown++
		}
	}
	bonus := 0
	coveredWords := make(map[string]bool)
	for i, w := range ws {
		if covered[i] {
			coveredWords[w] = true
		}
	}
	for i, w := range ws {
		switch {
		case covered[i] || isDigits(w):
		case coveredWords[w] || c.single[w]:
			// "Email (s.email)": the field named twice.
		case c.require[w]:
		case contact && (homeWords[w] || mobileWords[w] || workWords[w]):
			if m.slot != "" {
				bonus += 2
			}
		case contact && w == "second":
			m.ordinal = 2
		case contact && w == "main":
			m.ordinal = 1
		case c.group == "address" && (workWords[w] || w == "second"):
			bonus -= 3
			if w == "second" {
				bonus -= 2
			}
		case c.group == "address" && homeWords[w]:
			bonus += 3
		case c.context[w] || neutral[w]:
			bonus++
		case blockers[w]:
			return m, false
		default:
			m.unknown++
		}
	}
	// Numbers.
	line := 0
	var lineNums []int
	var lineAfter []bool // a line word comes after the number
	lineSeen := false
	for i, w := range ws {
		if lineWords[w] {
			lineSeen = true
		}
		if !isDigits(w) {
			continue
		}
		n, _ := strconv.Atoi(w)
		prev := ""
		if i > 0 {
			prev = ws[i-1]
		}
		switch {
		case contact:
			if n >= 2 && m.ordinal < n {
				m.ordinal = n
			} else if n == 1 && m.ordinal == 0 {
				m.ordinal = 1
			}
			if n > 3 {
				m.unknown++
			}
		case c.group == "address" && (lineWords[prev] || lineSeen && n <= 3):
			// "Street 2", "Rue (domicile) 2".
			lineNums = append(lineNums, n)
			after := false
			for _, x := range ws[i+1:] {
				after = after || lineWords[x]
			}
			lineAfter = append(lineAfter, after)
		case n == 1:
		default:
			m.unknown++
		}
	}
	if c.group == "address" && len(lineNums) > 0 {
		// A number before another line word is the address block
		// ("Address 1: Street 2", "Address 1 - Extended Address"); the
		// last one, on a street field, is the line ("Street 2", "Address
		// 2"); on the other parts it is the block ("Address 1 - City").
		block := 1
		isLine := c.key == "address_line1" || c.key == "address_line2"
		for k, n := range lineNums {
			if isLine && k == len(lineNums)-1 && !lineAfter[k] {
				line = n
			} else if k == 0 {
				block = n
			}
		}
		if block >= 2 {
			bonus -= 6
		}
		if block > 3 {
			m.unknown++
		}
	}
	if line > 0 && (c.key == "address_line1" || c.key == "address_line2") {
		switch line {
		case 1:
			m.key = "address_line1"
		case 2:
			m.key = "address_line2"
		default:
			m.unknown++
		}
	}
	if contact && m.slot != "" && m.ordinal >= 2 {
		// "Home Phone 2": a second home phone has no slot of its own.
		m.unknown++
	}
	if c.require["tradein"] || c.key == "exchange_odometer" && m.covered > 0 {
		// "Trade Mileage" is surer than "Mileage" of being the trade-in's.
		for _, w := range ws {
			if w == "tradein" {
				bonus += 3
				break
			}
		}
	}
	m.score = 10*m.covered + bonus
	if contact && m.slot != "" {
		m.score += 2
	}
	return m, true
}

// sample returns the non-blank values of column i in rows.
func sample(rows [][]string, i int) []string {
	var vs []string
	for _, row := range rows {
		if i < len(row) {
			if v := strings.TrimSpace(row[i]); v != "" {
				vs = append(vs, v)
			}
		}
	}
	return vs
}

// validators tell whether a value can be stored in a field.
var now = time.Now()

func valid(key, v string) bool {
	var err error
	switch key {
	case "phone", "phone_home", "phone_mobile", "phone_work":
		_, _, err = normalize.Phone(v, "CA")
	case "email", "email_home", "email_work":
		_, err = normalize.Email(v)
	case "civility":
		_, err = normalize.Civility(v)
	case "locale":
		_, err = normalize.Locale(v)
	case "province":
		_, err = normalize.Province(v)
	case "postal_code":
		_, err = normalize.PostalCode(v)
	case "country":
		_, err = normalize.Country(v)
	case "division":
		_, err = normalize.Division(v)
	case "wanted_year", "exchange_year":
		_, err = normalize.Year(v, now)
	case "wanted_vin", "exchange_vin":
		_, err = normalize.VIN(v)
	case "exchange_odometer":
		_, err = normalize.Odometer(v)
	case "birth_date", "created_at", "appointment_date", "sale_date", "delivery_date":
		err = anyDate(v)
	}
	return err == nil
}

func anyDate(v string) error {
	var err error
	for _, o := range []normalize.DateOrder{normalize.ISOOnly, normalize.DayFirst, normalize.MonthFirst} {
		if _, err = normalize.DateTime(v, o); err == nil {
			return nil
		}
	}
	return err
}

// valuesFit reports whether the sampled values allow the field: a field
// whose values are checked is refused when two or more were sampled and
// not one of them is valid.
func valuesFit(key string, vs []string) bool {
	if len(vs) < 2 {
		return true
	}
	for _, v := range vs {
		if valid(key, v) {
			return true
		}
	}
	return false
}

// byValues recognises an email or a phone column by its values alone: at
// least one value sampled and every one valid.
func byValues(r *reading, vs []string) (string, bool) {
	if len(vs) == 0 {
		return "", false
	}
	all := func(key string) bool {
		for _, v := range vs {
			if !valid(key, v) {
				return false
			}
		}
		return true
	}
	switch {
	case all("email"):
		return "email", true
	case all("phone"):
		return "phone", true
	}
	return "", false
}

// typeColumn finds the column that names, row by row, the slot of phone or
// email column i: the same header with "Type" or "Label" for "Value"
// ("Phone 1 - Type" for "Phone 1 - Value", "E-mail Type" for "E-mail
// Address").
func typeColumn(reads []reading, i int) int {
	base := func(ws []string) (string, bool) {
		var out []string
		isType := false
		for _, w := range ws {
			switch w {
			case "type", "label", "kind", "category", "categorie":
				isType = true
			case "value", "valeur", "address", "num":
			default:
				out = append(out, w)
			}
		}
		return strings.Join(out, " "), isType
	}
	want, _ := base(reads[i].list)
	for j, r := range reads {
		if j == i || len(r.sure) > 0 {
			continue
		}
		if b, isType := base(r.list); isType && b == want {
			return j
		}
	}
	return -1
}

// SlotOf reads the value of a type column ("Mobile", "* Home", "Work",
// "Cellulaire", "Bureau"): the phone slot it names, "" when it names none,
// and whether it names a fax or a pager (a number that is no phone of the
// customer's).
func SlotOf(v string) (slot string, fax bool) {
	ws := words(v)
	for _, w := range ws {
		if w == "fax" || w == "pager" || w == "beeper" {
			return "", true
		}
	}
	s := slotOf(ws)
	if s == "?" {
		return "", false
	}
	return s, false
}
