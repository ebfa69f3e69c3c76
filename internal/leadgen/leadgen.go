// Package leadgen writes realistic lead files, for tests, demos and
// benchmarks: the files dealerships actually send, with French and English
// names typed every which way, phones in every shape, padded and upper-cased
// emails, addresses, vehicles and comments with commas, quotes and line
// breaks; customers who appear twice in a file, near misses that share only
// one criterion with someone, and, on request, bad values, blank lines, rows
// with nothing to identify anyone and cells beyond the header.
//
// Output is a pure function of the Options: the same seed gives the same
// bytes. Write streams in constant memory (about a million rows a second),
// because it keeps nothing about earlier rows: it recomputes whatever it
// needs (see plan.go). Expect says how many rows of each kind a file has,
// so that an import's counters can be checked exactly.
//
// A Merge benchmark needs a file whose rows match the leads already in the
// account: generate the base file with Options{Rows: E, Seed: s}, import it,
// then a file with Options{Seed: s, Existing: E, MatchRate: 0.36, …} (the
// same Seed and Dirty as the base file).
//
// It does not write Excel workbooks, UTF-16 or anything the importer is
// meant to refuse.
package leadgen

import (
	"bufio"
	"cmp"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Options describe a file to generate.
type Options struct {
	Rows      int    // rows with data; blank lines (Dirty) come on top
	Seed      int64  // the same seed gives the same file
	Delimiter rune   // ',' (default), ';', '\t' or '|'
	Encoding  string // "utf-8" (default) or "windows-1252"
	French    bool   // French headers and day-first dates (dd/mm/yyyy): import with date format dmy
	// Dirty adds bad values ("555-12", "not-an-email", 2024-02-30…), blank
	// lines, rows with nothing to identify a customer, rows shorter than the
	// header and cells beyond it.
	Dirty bool
	// BadRate and ExtraRate, with Dirty, are the shares of rows given a bad
	// value and cells beyond the header (defaults 0.06 and 0.005): a small
	// sample file raises them so that each kind of problem shows.
	BadRate, ExtraRate float64
	// Existing is the number of rows of the base file (the one generated
	// with the same Seed and Dirty and Rows = Existing). MatchRate of the
	// rows then reuse a customer of the base file on two or three criteria.
	Existing  int
	MatchRate float64
}

func (o *Options) check() error {
	switch {
	case o.Rows < 0 || o.Existing < 0:
		return errors.New("leadgen: negative row count")
	case o.Rows+o.Existing >= maxIdent:
		return fmt.Errorf("leadgen: at most %d rows and existing rows together", maxIdent-1)
	case o.MatchRate < 0 || o.MatchRate > 0.9:
		return errors.New("leadgen: MatchRate must be between 0 and 0.9")
	}
	switch o.Delimiter {
	case 0, ',', ';', '\t', '|':
	default:
		return fmt.Errorf("leadgen: delimiter %q is not one of , ; tab |", o.Delimiter)
	}
	switch o.Encoding {
	case "", "utf-8", "windows-1252":
	default:
		return fmt.Errorf("leadgen: encoding %q is not utf-8 or windows-1252", o.Encoding)
	}
	return nil
}

// Columns of the file.
const (
	colFirst = iota
	colLast
	colHome
	colMobile
	colWork
	colEmail
	colWorkEmail
	colAddress
	colCity
	colProvince
	colPostal
	colLanguage
	colBirth
	colSource
	colCreated
	colMake
	colModel
	colYear
	colVIN
	colTradeMake
	colTradeModel
	colTradeYear
	colOdometer
	colComment
	nCols
)

// The headers are those Leadport maps automatically (SPEC §6).
var (
	headerEN = [nCols]string{"First Name", "Last Name", "Home Phone", "Cell", "Work Phone", "Email", "Work Email",
		"Address", "City", "Province", "Postal Code", "Language", "Birth Date", "Source", "Lead Date", "Make", "Model",
		"Year", "VIN", "Trade-in Make", "Trade-in Model", "Trade-in Year", "Trade-in Odometer", "Comment"}
	headerFR = [nCols]string{"Prénom", "Nom", "Téléphone maison", "Cellulaire", "Téléphone travail", "Courriel",
		"Courriel travail", "Adresse", "Ville", "Province", "Code postal", "Langue", "Date de naissance", "Source",
		"Date de création", "Marque désirée", "Modèle désiré", "Année désirée", "NIV désiré", "Marque échange",
		"Modèle échange", "Année échange", "Kilométrage échange", "Commentaire"}
)

// Header returns the header of the files o describes.
func Header(o Options) []string {
	if o.French {
		return headerFR[:]
	}
	return headerEN[:]
}

// Write writes the file o describes to w.
func Write(w io.Writer, o Options) error {
	if err := o.check(); err != nil {
		return err
	}
	g := newGen(o)
	bw := bufio.NewWriterSize(w, 256<<10)
	for i, h := range Header(o) {
		if i > 0 {
			g.out = utf8.AppendRune(g.out, g.delim)
		}
		g.out = append(g.out, h...)
	}
	g.out = append(g.out, g.eol...)
	for j := int64(0); j < int64(o.Rows); j++ {
		g.row(j)
		if len(g.out) >= 128<<10 {
			if err := g.flush(bw); err != nil {
				return err
			}
		}
	}
	if err := g.flush(bw); err != nil {
		return err
	}
	return bw.Flush()
}

// gen writes the rows of one file.
type gen struct {
	o       Options
	seed    uint64
	plan    *planner
	delim   rune
	eol     string
	french  bool
	cp1252  bool
	junk    uint8     // the space of this file's one-off values
	phoneAt uint64    // offset of the phone number permutation
	epoch   time.Time // first lead date

	cust  customer
	cells [nCols][]byte
	extra []string
	out   []byte // rows not yet flushed, UTF-8
	enc   []byte // the same, encoded
}

func newGen(o Options) *gen {
	g := &gen{o: o, seed: uint64(o.Seed), plan: newPlanner(o), delim: o.Delimiter, eol: "\n", french: o.French,
		cp1252: o.Encoding == "windows-1252", junk: 1, epoch: time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)}
	if g.delim == 0 {
		g.delim = ','
	}
	if g.cp1252 {
		g.eol = "\r\n" // Excel on Windows
	}
	if o.Existing > 0 {
		g.junk = 2
	}
	g.phoneAt = mix(g.seed^0x70686f6e) % phoneSpace
	return g
}

func (g *gen) flush(w *bufio.Writer) error {
	b := g.out
	if g.cp1252 {
		b = g.encode1252(g.enc[:0], g.out)
		g.enc = b
	}
	g.out = g.out[:0]
	_, err := w.Write(b)
	return err
}

// encode1252 encodes UTF-8 text made only of characters Windows-1252 has.
func (g *gen) encode1252(dst, src []byte) []byte {
	for i := 0; i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf {
			dst = append(dst, c)
			i++
			continue
		}
		if (c == 0xC2 || c == 0xC3) && i+1 < len(src) && src[i+1]&0xC0 == 0x80 && (c == 0xC3 || src[i+1] >= 0xA0) {
			dst = append(dst, (c&3)<<6|src[i+1]&0x3F) // U+00A0-U+00FF: the same byte
			i += 2
			continue
		}
		r, n := utf8.DecodeRune(src[i:])
		i += n
		if r >= 0xA0 && r <= 0xFF {
			dst = append(dst, byte(r))
			continue
		}
		b, ok := charmap.Windows1252.EncodeRune(r)
		if !ok {
			panic(fmt.Sprintf("leadgen: %q has no Windows-1252 byte", r))
		}
		dst = append(dst, b)
	}
	return dst
}

// row generates row j and appends it to g.out.
func (g *gen) row(j int64) {
	kind, id := g.plan.plan(j)
	r := newRnd(g.seed, g.plan.salt^saltContent, uint64(j))
	for i := range g.cells {
		g.cells[i] = g.cells[i][:0]
	}
	g.extra = g.extra[:0]
	if g.o.Dirty && r.chance(0.004) {
		g.blankLine(&r)
	}
	switch kind {
	case kindFresh:
		g.fresh(&r, g.customer(id))
	case kindBase, kindDup:
		g.match(&r, g.customer(id), j)
	case kindNear:
		g.near(&r, g.customer(id), j)
	case kindFailed:
		g.failed(&r)
	}
	g.common(&r)
	if g.o.Dirty && kind != kindFailed && r.chance(cmp.Or(g.o.BadRate, 0.06)) {
		g.corrupt(&r)
	}
	if g.o.Dirty && r.chance(cmp.Or(g.o.ExtraRate, 0.005)) {
		g.extra = append(g.extra, "", [...]string{"VIP", "voir dossier", "rappel 2e fois", "dup?"}[r.intn(4)])
		if r.chance(0.3) {
			g.extra = append(g.extra, "x")
		}
	}
	g.emit(&r)
}

func (g *gen) blankLine(r *rnd) {
	switch r.intn(3) {
	case 0:
	case 1:
		for i := 1; i < nCols; i++ {
			g.out = utf8.AppendRune(g.out, g.delim)
		}
	case 2:
		g.out = append(g.out, "  "...)
		g.out = utf8.AppendRune(g.out, g.delim)
		g.out = append(g.out, ' ')
	}
	g.out = append(g.out, g.eol...)
}

// emit writes the cells as one CSV record, quoting as Excel does.
func (g *gen) emit(r *rnd) {
	n := nCols
	if g.o.Dirty && len(g.extra) == 0 && r.chance(0.01) {
		for n > 1 && len(g.cells[n-1]) == 0 {
			n-- // a row shorter than the header
		}
	}
	for i := 0; i < n; i++ {
		if i > 0 {
			g.out = utf8.AppendRune(g.out, g.delim)
		}
		g.out = appendCell(g.out, g.cells[i], g.delim)
	}
	for _, x := range g.extra {
		g.out = utf8.AppendRune(g.out, g.delim)
		g.out = appendCell(g.out, []byte(x), g.delim)
	}
	g.out = append(g.out, g.eol...)
}

func appendCell(dst, c []byte, delim rune) []byte {
	quote := false
	for _, b := range c {
		if b == '"' || b == '\n' || b == '\r' || rune(b) == delim {
			quote = true
			break
		}
	}
	if !quote {
		return append(dst, c...)
	}
	dst = append(dst, '"')
	for _, b := range c {
		if b == '"' {
			dst = append(dst, '"')
		}
		dst = append(dst, b)
	}
	return append(dst, '"')
}

func (g *gen) set(col int, s string) { g.cells[col] = append(g.cells[col][:0], s...) }

// customer is everything a person's rows say about them.
type customer struct {
	id          ident
	fr          bool
	first, last *name
	firsts      []name // the table first comes from, for relatives' names
	firstIdx    int
	phone       [3]bool // home, mobile, work
	workExt     int     // 0: none
	email       bool
	emailStyle  int
	domain      string
	workEmail   bool
	company     string
	number      int
	street      string
	apt         int
	city        *city
	postal      [6]byte
	birth       time.Time // zero: none
}

// customer returns the customer id, in a buffer the next call reuses.
func (g *gen) customer(id ident) *customer {
	r := newRnd(g.seed, saltCustomer+uint64(id.space), uint64(id.c))
	c := &g.cust
	*c = customer{id: id, fr: r.chance(0.7)}
	lasts := lastEN
	c.firsts = firstEN
	if c.fr {
		c.firsts, lasts = firstFR, lastFR
	}
	if r.chance(0.1) {
		lasts = lastEN
		if c.fr == false {
			lasts = lastFR
		}
	}
	c.firstIdx = r.intn(len(c.firsts))
	c.first = &c.firsts[c.firstIdx]
	c.last = &lasts[r.intn(len(lasts))]
	c.phone = [3]bool{r.chance(0.7), r.chance(0.55), r.chance(0.15)}
	if c.phone[2] && r.chance(0.5) {
		c.workExt = 1 + r.intn(9999)
	}
	c.email = r.chance(0.75)
	c.emailStyle = r.intn(4)
	c.domain = emailDomains[r.intn(len(emailDomains))]
	c.workEmail = r.chance(0.1)
	c.company = companies[r.intn(len(companies))]
	if !c.phone[0] && !c.phone[1] && !c.phone[2] && !c.email && !c.workEmail {
		c.phone[1] = true
	}
	c.number = 1 + r.intn(9999)
	c.street = streets[r.intn(len(streets))]
	if r.chance(0.1) {
		c.apt = 1 + r.intn(400)
	}
	c.city = &cities[r.intn(len(cities))]
	c.postal = [6]byte{c.city.letters[0], '0' + byte(r.intn(10)), postalLetters[r.intn(len(postalLetters))],
		'0' + byte(r.intn(10)), postalLetters[r.intn(len(postalLetters))], '0' + byte(r.intn(10))}
	if r.chance(0.4) {
		c.birth = time.Date(1940+r.intn(66), time.Month(1+r.intn(12)), 1+r.intn(28), 0, 0, 0, 0, time.UTC)
	}
	return c
}

// Phone numbers: every (space, customer, slot) has its own number, spread
// over Quebec and Ontario by a permutation of the number space.
const (
	phoneSpace = uint64(len(areaCodes)) * 800 * 10000
	phonePrime = 1_000_003 // prime, so coprime with phoneSpace
)

func (g *gen) phoneDigits(id ident, slot int) [10]byte {
	n := (uint64(id.space)*maxIdent+uint64(id.c))*3 + uint64(slot)
	x := (n*phonePrime + g.phoneAt) % phoneSpace
	var d [10]byte
	copy(d[:], areaCodes[x%uint64(len(areaCodes))])
	rest := x / uint64(len(areaCodes))
	exch := 200 + rest%800
	line := rest / 800
	d[3], d[4], d[5] = '0'+byte(exch/100), '0'+byte(exch/10%10), '0'+byte(exch%10)
	d[6], d[7], d[8], d[9] = '0'+byte(line/1000), '0'+byte(line/100%10), '0'+byte(line/10%10), '0'+byte(line%10)
	return d
}

// appendPhone writes a number the way some person would type it.
func appendPhone(b []byte, r *rnd, d [10]byte, ext int) []byte {
	a, e, l := d[0:3], d[3:6], d[6:10]
	switch r.intn(12) {
	case 0, 1, 2:
		b = append(append(append(append(append(append(b, '('), a...), ") "...), e...), '-'), l...)
	case 3:
		b = append(append(append(append(append(b, a...), '.'), e...), '.'), l...)
	case 4, 5:
		b = append(append(append(b, a...), e...), l...)
	case 6:
		b = append(append(append(append(append(append(b, "+1 "...), a...), ' '), e...), ' '), l...)
	case 7:
		b = append(append(append(append(append(append(b, "1-"...), a...), '-'), e...), '-'), l...)
	case 8, 9:
		b = append(append(append(append(append(b, a...), '-'), e...), '-'), l...)
	case 10:
		b = append(append(append(append(append(b, a...), ' '), e...), '-'), l...)
	case 11:
		b = append(append(append(append(b, "+1"...), a...), e...), l...)
	}
	if ext > 0 {
		b = append(b, [...]string{" poste ", " x", " ext. ", " #", " ext ", " x "}[r.intn(6)]...)
		b = strconv.AppendInt(b, int64(ext), 10)
	}
	return b
}

// emailLocal is unique to the customer: the digits and the space's letter
// follow letters only.
func appendEmailLocal(b []byte, c *customer) []byte {
	f, l := c.first.mail, c.last.mail
	switch c.emailStyle {
	case 0:
		b = append(append(append(b, f...), '.'), l...)
	case 1:
		b = append(append(b, f...), l...)
	case 2:
		b = append(append(append(b, f[0]), '.'), l...)
	case 3:
		b = append(append(append(b, f...), '_'), l...)
	}
	b = strconv.AppendInt(b, c.id.c, 10)
	if c.id.space > 0 {
		b = append(b, 'w'+c.id.space)
	}
	return b
}

func (g *gen) emailCell(col int, r *rnd, c *customer, work bool) {
	b := g.cells[col][:0]
	if r.chance(0.05) {
		b = append(b, "  "...)
	}
	start := len(b)
	b = appendEmailLocal(b, c)
	b = append(b, '@')
	if work {
		b = append(b, c.company...)
	} else {
		b = append(b, c.domain...)
	}
	switch x := r.intn(20); {
	case x == 0:
		for i := start; i < len(b); i++ {
			if 'a' <= b[i] && b[i] <= 'z' {
				b[i] -= 'a' - 'A'
			}
		}
	case x == 1 && b[start] >= 'a':
		b[start] -= 'a' - 'A'
	}
	if r.chance(0.05) {
		b = append(b, ' ')
	}
	g.cells[col] = b
}

// nameCells writes the customer's name; variety is how often it is typed
// some other way than the usual one.
func (g *gen) nameCells(r *rnd, first, last *name, variety float64) {
	fc, lc := colFirst, colLast
	if variety > 0.2 && r.chance(0.05) {
		fc, lc = lc, fc // first and last name swapped
	}
	for _, x := range [2]struct {
		col int
		n   *name
	}{{fc, first}, {lc, last}} {
		s := x.n.plain
		if r.chance(variety) {
			switch r.intn(5) {
			case 0, 1:
				s = x.n.upper
			case 2:
				s = x.n.ascii
			case 3:
				s = x.n.lower
			case 4:
				s = x.n.asciiUpper
			}
		}
		b := g.cells[x.col][:0]
		if r.chance(0.02) {
			b = append(b, ' ')
		}
		b = append(b, s...)
		if r.chance(0.03) {
			b = append(b, ' ')
		}
		g.cells[x.col] = b
	}
}

var phoneCols = [3]int{colHome, colMobile, colWork}

func (g *gen) phoneCell(col int, r *rnd, id ident, slot, ext int) {
	g.cells[col] = appendPhone(g.cells[col][:0], r, g.phoneDigits(id, slot), ext)
}

func (g *gen) address(r *rnd, c *customer) {
	b := g.cells[colAddress][:0]
	b = strconv.AppendInt(b, int64(c.number), 10)
	if c.fr && r.chance(0.7) {
		b = append(b, ',')
	}
	b = append(append(b, ' '), c.street...)
	if c.apt > 0 {
		if g.o.Dirty && r.chance(0.2) {
			b = append(b, '\n')
		} else {
			b = append(b, ", "...)
		}
		b = append(b, "app. "...)
		b = strconv.AppendInt(b, int64(c.apt), 10)
	}
	g.cells[colAddress] = b
	g.set(colCity, c.city.name)
	if r.chance(0.1) {
		g.set(colCity, stripAccents(c.city.name))
	}
	ps := provinces[c.city.province]
	g.set(colProvince, ps[r.intn(len(ps))])
	p := c.postal
	b = g.cells[colPostal][:0]
	switch r.intn(10) {
	case 0:
		b = append(b, p[:]...)
	case 1:
		for _, x := range [7]byte{p[0], p[1], p[2], ' ', p[3], p[4], p[5]} {
			if 'A' <= x && x <= 'Z' {
				x += 'a' - 'A'
			}
			b = append(b, x)
		}
	default:
		b = append(append(append(b, p[:3]...), ' '), p[3:]...)
	}
	g.cells[colPostal] = b
}

func (g *gen) date(col int, t time.Time, withTime bool, r *rnd) {
	b := g.cells[col][:0]
	y, m, d := t.Date()
	if g.french {
		b = append(append2(b, d), '/')
		b = append(append2(b, int(m)), '/')
		b = strconv.AppendInt(b, int64(y), 10)
	} else {
		b = append(strconv.AppendInt(b, int64(y), 10), '-')
		b = append(append2(b, int(m)), '-')
		b = append2(b, d)
	}
	if withTime {
		h, mi := t.Hour(), t.Minute()
		switch {
		case g.french && r.chance(0.3):
			b = append(append2(append(b, ' '), h), 'h')
			b = append2(b, mi)
		case !g.french && r.chance(0.3):
			b = append(append2(append(b, 'T'), h), ':')
			b = append(append2(b, mi), ":00"...)
		default:
			b = append(append2(append(b, ' '), h), ':')
			b = append2(b, mi)
		}
	}
	g.cells[col] = b
}

// append2 appends n (0-99) in two digits.
func append2(b []byte, n int) []byte { return append(b, '0'+byte(n/10), '0'+byte(n%10)) }

// append3 appends n (0-999) in three digits.
func append3(b []byte, n int) []byte {
	return append(b, '0'+byte(n/100), '0'+byte(n/10%10), '0'+byte(n%10))
}

func (g *gen) language(r *rnd, c *customer) {
	if c.fr {
		g.set(colLanguage, [...]string{"fr", "FR", "Français", "French", "F", "fr-CA"}[r.intn(6)])
	} else {
		g.set(colLanguage, [...]string{"en", "EN", "English", "anglais", "A", "en-CA"}[r.intn(6)])
	}
}

// fresh writes all there is to know about a customer seen for the first time.
func (g *gen) fresh(r *rnd, c *customer) {
	g.nameCells(r, c.first, c.last, 0.1)
	for s, has := range c.phone {
		if has {
			ext := 0
			if s == 2 {
				ext = c.workExt
			} else if r.chance(0.01) {
				ext = 1 + r.intn(99)
			}
			g.phoneCell(phoneCols[s], r, c.id, s, ext)
		}
	}
	if c.email {
		g.emailCell(colEmail, r, c, false)
	}
	if c.workEmail {
		g.emailCell(colWorkEmail, r, c, true)
	}
	if r.chance(0.85) {
		g.address(r, c)
	}
	if r.chance(0.6) {
		g.language(r, c)
	}
	if !c.birth.IsZero() {
		g.date(colBirth, c.birth, false, r)
	}
}

func hasPhone(c *customer) bool { return c.phone[0] || c.phone[1] || c.phone[2] }
func hasEmail(c *customer) bool { return c.email || c.workEmail }

// onePhone picks one of the customer's phone slots.
func onePhone(r *rnd, c *customer) int {
	for {
		if s := r.intn(3); c.phone[s] {
			return s
		}
	}
}

// match writes a row of a customer seen before, on two or three of name,
// phone and email; what it does not share is someone else's or missing.
func (g *gen) match(r *rnd, c *customer, j int64) {
	var name, phone, email bool
	for !(name && (phone || email) || phone && email) {
		switch x := r.intn(20); {
		case x < 7:
			name, phone, email = true, hasPhone(c), hasEmail(c)
		case x < 12:
			name, phone, email = true, hasPhone(c), false
		case x < 16:
			name, phone, email = true, false, hasEmail(c)
		default:
			name, phone, email = false, hasPhone(c), hasEmail(c)
		}
	}
	if name {
		g.nameCells(r, c.first, c.last, 0.4)
	} else {
		// Another person of the household on the customer's phone and email.
		g.nameCells(r, &c.firsts[(c.firstIdx+1)%len(c.firsts)], c.last, 0.1)
	}
	junk := ident{c: j, space: g.junk}
	used := [3]bool{}
	if phone {
		if r.chance(0.5) {
			for s, has := range c.phone {
				if has {
					g.phoneCell(phoneCols[s], r, c.id, s, 0)
					used[s] = true
				}
			}
		} else {
			col := r.intn(3) // any type against any type
			g.phoneCell(phoneCols[col], r, c.id, onePhone(r, c), 0)
			used[col] = true
		}
	}
	if !phone || r.chance(0.2) {
		if col := r.intn(3); !used[col] && r.chance(0.6) {
			g.phoneCell(phoneCols[col], r, junk, col, 0) // a new number
		}
	}
	if email {
		if c.email {
			g.emailCell(colEmail, r, c, false)
		}
		if c.workEmail {
			g.emailCell(colWorkEmail, r, c, true)
		}
	} else if r.chance(0.4) {
		jc := *c
		jc.id = junk
		g.emailCell(colEmail, r, &jc, false) // a new address
	}
	switch x := r.intn(10); {
	case x < 5:
		g.address(r, c)
	case x < 7:
		moved := *c
		moved.city = &cities[r.intn(len(cities))]
		moved.number = 1 + r.intn(9999)
		g.address(r, &moved)
	}
	if r.chance(0.3) {
		g.language(r, c)
	}
}

// near writes a row that shares exactly one criterion with a customer seen
// before: the same name with other coordinates, or the customer's phone or
// email under a first name alone (a relative, whose name cannot count).
func (g *gen) near(r *rnd, c *customer, j int64) {
	junk := ident{c: j, space: g.junk}
	jc := *c
	jc.id = junk
	x := r.intn(10)
	switch {
	case x < 5 || x < 8 && !hasPhone(c) || !hasEmail(c) && !hasPhone(c):
		g.nameCells(r, c.first, c.last, 0.3)
		if r.chance(0.7) {
			col := r.intn(3)
			g.phoneCell(phoneCols[col], r, junk, col, 0)
		}
		if r.chance(0.5) {
			g.emailCell(colEmail, r, &jc, false)
		}
	case x < 8 && hasPhone(c) || !hasEmail(c):
		g.set(colFirst, c.firsts[(c.firstIdx+2)%len(c.firsts)].plain)
		col := r.intn(3)
		g.phoneCell(phoneCols[col], r, c.id, onePhone(r, c), 0)
		if r.chance(0.5) {
			g.emailCell(colEmail, r, &jc, false)
		}
	default:
		g.set(colFirst, c.firsts[(c.firstIdx+2)%len(c.firsts)].plain)
		if c.email {
			g.emailCell(colEmail, r, c, false)
		} else {
			g.emailCell(colWorkEmail, r, c, true)
		}
		if r.chance(0.5) {
			col := r.intn(3)
			g.phoneCell(phoneCols[col], r, junk, col, 0)
		}
	}
	if r.chance(0.5) {
		g.address(r, c)
	}
}

// failed writes a row with nothing to identify a customer: a vehicle, a
// comment, maybe values that are not a phone or an email.
func (g *gen) failed(r *rnd) {
	if r.chance(0.3) {
		g.set(phoneCols[r.intn(3)], [...]string{"555-12", "n/a", "514-555", "0"}[r.intn(4)])
	}
	if r.chance(0.3) {
		g.set(colEmail, [...]string{"not-an-email", "jean@", "aucun", "marie.roy@gmail"}[r.intn(4)])
	}
	if r.chance(0.5) {
		g.set(colCity, cities[r.intn(len(cities))].name)
	}
	// Never a row of empty cells: that would be a blank line, not a row.
	g.set(colComment, [...]string{"Ligne sans client, à vérifier, voir l'événement du 12 mars", "?", "doublon",
		"Rappeler"}[r.intn(4)])
}

// common writes what every row may have: source, lead date, vehicles, comment.
func (g *gen) common(r *rnd) {
	if r.chance(0.8) {
		g.set(colSource, sources[r.intn(len(sources))])
	}
	if r.chance(0.9) {
		t := g.epoch.Add(time.Duration(r.int64n(int64(7*365*24*time.Hour/time.Minute))) * time.Minute)
		g.date(colCreated, t, r.chance(0.7), r)
	}
	if r.chance(0.55) {
		m := models[r.intn(len(models))]
		g.set(colMake, m.make)
		g.set(colModel, m.model)
		g.cells[colYear] = strconv.AppendInt(g.cells[colYear][:0], int64(2018+r.intn(9)), 10)
		if r.chance(0.3) {
			g.vin(colVIN, r)
		}
	}
	if r.chance(0.3) {
		m := models[r.intn(len(models))]
		g.set(colTradeMake, m.make)
		g.set(colTradeModel, m.model)
		g.cells[colTradeYear] = strconv.AppendInt(g.cells[colTradeYear][:0], int64(2005+r.intn(18)), 10)
		km := int64(5000 + r.intn(295000))
		b := g.cells[colOdometer][:0]
		switch r.intn(5) {
		case 0, 1:
			b = strconv.AppendInt(b, km/1000, 10)
			if g.french {
				b = append(b, "\u00a0"...) // Excel's thousands separator on French Windows
			} else {
				b = append(b, ' ')
			}
			b = append(append3(b, int(km%1000)), " km"...)
		case 2:
			b = strconv.AppendInt(b, km, 10)
		case 3:
			b = strconv.AppendInt(b, km/1000, 10)
			b = append3(append(b, ','), int(km%1000))
		case 4:
			b = append(strconv.AppendInt(b, km, 10), " km"...)
		}
		g.cells[colOdometer] = b
	}
	if r.chance(0.25) {
		g.set(colComment, comments[r.intn(len(comments))])
	}
}

func (g *gen) vin(col int, r *rnd) {
	b := g.cells[col][:0]
	for i := 0; i < 17; i++ {
		b = append(b, vinAlphabet[r.intn(len(vinAlphabet))])
	}
	g.cells[col] = b
}

// corrupt puts one bad value where it cannot hide a value that identifies
// the customer: a bad phone or email only goes in an empty column.
func (g *gen) corrupt(r *rnd) {
	switch r.intn(9) {
	case 0:
		if col := phoneCols[r.intn(3)]; len(g.cells[col]) == 0 {
			g.set(col, [...]string{"555-12", "514-555-01", "n/a", "(514) 555-0101 home"}[r.intn(4)])
		}
	case 1:
		if len(g.cells[colWorkEmail]) == 0 {
			g.set(colWorkEmail, [...]string{"not-an-email", "jean.cote@", "marie@gmail", "a b@c.ca"}[r.intn(4)])
		}
	case 2:
		if g.french {
			g.set(colBirth, "30/02/2024")
		} else {
			g.set(colBirth, "2024-02-30")
		}
	case 3:
		g.set(colPostal, [...]string{"H2X", "H2X 1Y", "DDD 123", "1234"}[r.intn(4)])
	case 4:
		g.set(colYear, [...]string{"20O9", "19", "2099", "deux mille"}[r.intn(4)])
	case 5:
		g.set(colVIN, "1HGCM82633A00435") // 16 characters
	case 6:
		g.set(colOdometer, [...]string{"12,5", "-300", "120 000 mi"}[r.intn(3)])
	case 7:
		g.set(colProvince, [...]string{"Laurentides", "Nouvelle-France", "QQ"}[r.intn(3)])
	case 8:
		g.set(colLanguage, "espagnol")
	}
}
