package importer

import (
	"context"
	"strings"
	"time"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/normalize"
)

// applier applies rows in file order under the import's rule (SPEC §7),
// gathering their effect into batches.
type applier struct {
	store     leadport.Store
	rule      leadport.Rule
	leadType  leadport.LeadType
	accountID int64
	ownerID   int64
	importID  int64
	origin    string // "time of import" for rows without created_at (§3): the upload time, so a resumed import gives the same value
	dry       bool   // count only: write nothing
	index     *index
	counters  leadport.Counters
	clock     int64 // last updated_at given, unix µs: strictly increasing so that later rows are more recent
	nextID    int64 // dry runs number their leads -1, -2, …
	ids       idBlock
	kept      *dryLeads // a dry run's leads created or merged into in earlier batches

	// Per batch.
	batch *leadport.Batch
	cache map[int64]*leadport.Lead // leads read or created in this batch, as they are now
	// prev is the cache of the previous batch, which may still be being
	// written: its leads are read from here, never from the store, which
	// may not have them yet. They belong to that batch: only clones are
	// taken.
	prev    map[int64]*leadport.Lead
	before  map[int64]*leadport.Lead // existing leads as they were before this batch changed them
	created map[int64]bool           // leads created in this batch
	links   map[leadport.Link]bool
	matches []match

	observe func(*record, outcome) // for previews; may be nil

	userNames map[string]string // user ID in decimal → name, for notes
}

// outcome is what happened to one row, for previews.
type outcome struct {
	action  string // "create", "merge" or "fail"
	leadID  int64  // the lead created or merged into
	matches []match
	lines   []string // every "[import]" line written for the row
}

// idBlock hands out lead IDs reserved in blocks, so that a batch needs no
// round trip per lead.
type idBlock struct{ next, end, size int64 }

func (a *applier) tick() time.Time {
	now := time.Now().UnixMicro()
	if now <= a.clock {
		now = a.clock + 1
	}
	a.clock = now
	return time.UnixMicro(now).UTC()
}

func (a *applier) newID(ctx context.Context) (int64, error) {
	if a.dry {
		a.nextID--
		return a.nextID, nil
	}
	if a.ids.next == a.ids.end {
		// Blocks grow with the import, so that a large one rarely waits
		// for the store (whose one writer may be busy with a batch) and a
		// small one leaves no large gap in the numbering.
		block := min(max(2*a.ids.size, 1024), 65536)
		first, err := a.store.AllocateLeadIDs(ctx, int(block))
		if err != nil {
			return 0, err
		}
		a.ids = idBlock{first, first + block, block}
	}
	id := a.ids.next
	a.ids.next++
	return id, nil
}

func (a *applier) startBatch() error {
	a.batch = &leadport.Batch{ImportID: a.importID}
	if a.dry {
		// A dry run writes nothing, so the store never learns what its
		// earlier batches created or changed: it keeps, compactly, every
		// lead they created or merged into, to count exactly what the
		// import would do. Leads only read are read again if needed.
		if a.kept == nil {
			a.kept = newDryLeads()
		}
		for id, l := range a.cache {
			if a.created[id] || a.before[id] != nil {
				if err := a.kept.put(l); err != nil {
					return err
				}
			}
		}
	} else {
		a.prev = a.cache
	}
	a.cache = make(map[int64]*leadport.Lead)
	a.before = make(map[int64]*leadport.Lead)
	a.created = make(map[int64]bool)
	a.links = make(map[leadport.Link]bool)
	return nil
}

// prefetch reads, in one round trip, the leads the rows of a batch will
// probably be merged into. It is only a guess (earlier rows of the batch may
// change the matches): apply reads any lead it lacks.
func (a *applier) prefetch(ctx context.Context, recs []*record) error {
	if a.rule != leadport.RuleMerge {
		return nil
	}
	var ids []int64
	seen := make(map[int64]bool)
	for _, r := range recs {
		if r.failed != "" {
			continue
		}
		a.matches = a.index.find(r, a.matches)
		if len(a.matches) > 0 {
			id := a.matches[0].id
			if _, ok := a.cache[id]; !ok && !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	return a.load(ctx, ids)
}

func (a *applier) load(ctx context.Context, ids []int64) error {
	n := 0
	for _, id := range ids {
		if l, ok := a.prev[id]; ok {
			a.cache[id] = clone(l)
			continue
		}
		if a.kept != nil {
			l, err := a.kept.get(a.accountID, id)
			if err != nil {
				return err
			}
			if l != nil {
				a.cache[id] = l
				continue
			}
		}
		ids[n] = id
		n++
	}
	ids = ids[:n]
	if len(ids) == 0 {
		return nil
	}
	leads, err := a.store.LeadsByID(ctx, leadport.Viewer{AccountID: a.accountID, UserID: a.ownerID}, ids)
	if err != nil {
		return err
	}
	for _, l := range leads {
		a.cache[l.ID] = l
	}
	return nil
}

// apply applies one row.
func (a *applier) apply(ctx context.Context, r *record) error {
	a.counters.Processed++
	if !a.dry { // a dry run only counts: what it would write is dropped
		a.batch.Issues = append(a.batch.Issues, r.issues...)
	}
	if r.failed != "" {
		a.counters.Failed++
		if a.observe != nil {
			a.observe(r, outcome{action: "fail"})
		}
		return nil
	}
	a.matches = a.index.find(r, a.matches)
	ms := a.matches
	if a.rule == leadport.RuleMerge && len(ms) > 0 {
		return a.merge(ctx, r, ms)
	}
	l, err := a.create(ctx, r)
	if err != nil {
		return err
	}
	for _, m := range ms {
		a.link(l.ID, m.id)
	}
	if len(ms) > 0 {
		a.counters.Associated++
	}
	a.noteLines(l.ID, r.lines)
	if a.observe != nil {
		a.observe(r, outcome{action: "create", leadID: l.ID, matches: ms, lines: r.lines})
	}
	return nil
}

func (a *applier) create(ctx context.Context, r *record) (*leadport.Lead, error) {
	id, err := a.newID(ctx)
	if err != nil {
		return nil, err
	}
	l := new(leadport.Lead)
	*l = r.lead
	l.ID, l.AccountID, l.Type, l.ImportID, l.VisibleTo = id, a.accountID, a.leadType, a.importID, a.ownerID
	if l.Country == "" {
		l.Country = "CA"
	}
	if l.OriginalAt == "" {
		l.OriginalAt = a.origin
	}
	l.CreatedAt = a.tick()
	l.UpdatedAt = l.CreatedAt
	for _, v := range r.vehicles {
		if !v.Empty() {
			a.addVehicle(l, v)
		}
	}
	a.addNote(l.ID, r.note)
	if !a.dry {
		a.batch.Creates = append(a.batch.Creates, l)
	}
	a.cache[id] = l
	a.created[id] = true
	a.index.addLead(l)
	a.counters.Created++
	return l, nil
}

func (a *applier) merge(ctx context.Context, r *record, ms []match) error {
	id := ms[0].id
	l, ok := a.cache[id]
	if !ok {
		if err := a.load(ctx, []int64{id}); err != nil {
			return err
		}
		if l, ok = a.cache[id]; !ok {
			return leadport.Errorf(leadport.EINTERNAL, "lead %d vanished during the import", id)
		}
	}
	if _, ok := a.before[id]; !ok && !a.created[id] {
		a.before[id] = clone(l)
	}
	lines := append(append([]string(nil), r.lines...), a.mergeInto(l, r)...)
	for _, v := range r.vehicles {
		if !v.Empty() && !hasVehicle(l, v) {
			a.addVehicle(l, v)
		}
	}
	a.addNote(id, r.note)
	a.noteLines(id, lines)
	l.UpdatedAt = a.tick()
	a.index.addLead(l)
	for _, m := range ms[1:] {
		a.link(id, m.id)
	}
	a.counters.Merged++
	if len(ms) > 1 {
		a.counters.Associated++
	}
	if a.observe != nil {
		a.observe(r, outcome{action: "merge", leadID: id, matches: ms, lines: lines})
	}
	return nil
}

// finishBatch completes the batch with the changed leads and the counters.
func (a *applier) finishBatch() *leadport.Batch {
	b := a.batch
	for id, before := range a.before {
		b.Updates = append(b.Updates, leadport.LeadUpdate{Before: before, After: a.cache[id]})
	}
	b.Counters = a.counters
	return b
}

func (a *applier) addVehicle(l *leadport.Lead, v leadport.Vehicle) {
	v.LeadID, v.ImportID = l.ID, a.importID
	l.Vehicles = append(l.Vehicles, v)
	if !a.dry {
		a.batch.Vehicles = append(a.batch.Vehicles, v)
	}
}

func (a *applier) addNote(leadID int64, body string) {
	if body == "" {
		return
	}
	if a.dry {
		a.tick() // as a real run, so that later rows get the same updated_at order
		return
	}
	a.batch.Notes = append(a.batch.Notes, leadport.Note{LeadID: leadID, ImportID: a.importID, AuthorID: a.ownerID, Body: body, CreatedAt: a.tick()})
}

// noteLines writes a row's "[import]" lines as one note (SPEC §5).
func (a *applier) noteLines(leadID int64, lines []string) {
	if len(lines) == 0 {
		return
	}
	a.addNote(leadID, strings.Join(lines, "\n"))
	a.counters.Notes += int64(len(lines))
}

func (a *applier) link(x, y int64) {
	if x == y {
		return
	}
	if x > y {
		x, y = y, x
	}
	k := leadport.Link{A: x, B: y, ImportID: a.importID}
	if !a.links[k] {
		a.links[k] = true
		a.batch.Links = append(a.batch.Links, k)
	}
}

func clone(l *leadport.Lead) *leadport.Lead {
	c := *l
	c.Vehicles = append([]leadport.Vehicle(nil), l.Vehicles...)
	c.Notes, c.Associated = nil, nil
	return &c
}

// textColumns are compared as people read them: case, accents and
// punctuation do not make a conflict ("MONTREAL" = "Montréal").
var textColumns = map[int]bool{cFirst: true, cLast: true, cBusiness: true, cAddress1: true, cAddress2: true,
	cCity: true, cSource: true, cCampaign: true, cComment: true}

// mergeInto merges a row into a lead under the Merge rule and returns the
// "[import]" lines for the file values the lead could not take.
func (a *applier) mergeInto(l *leadport.Lead, r *record) []string {
	var lines []string
	lc, rc := l.Columns(), r.lead.Columns()
	sameName := r.lead.NameKey != "" && r.lead.NameKey == l.NameKey
	for i := 0; i < nCard; i++ {
		if i >= cPhoneHome && i <= cEmailWork {
			continue
		}
		v, cur := *rc[i], *lc[i]
		switch {
		case v == "" || v == cur:
		case cur == "":
			*lc[i] = v
		case (i == cFirst || i == cLast) && sameName:
		case textColumns[i] && normalize.Fold(v) == normalize.Fold(cur):
		default:
			lines = append(lines, kept(cardField[i], r.raw[i], a.shown(i, cur)))
		}
	}
	l.NameKey = normalize.NameKey(l.FirstName, l.LastName)

	phones := [3]*string{&l.PhoneHome, &l.PhoneMobile, &l.PhoneWork}
	exts := [3]*string{&l.PhoneHomeExt, &l.PhoneMobileExt, &l.PhoneWorkExt}
	for s, col := range [3]int{cPhoneHome, cPhoneMobile, cPhoneWork} {
		num, ext := *rc[col], *rc[col+1]
		if num == "" {
			continue
		}
		if t := leadport.SlotOf(phones[:], num); t >= 0 {
			switch {
			case ext == "" || ext == *exts[t]:
			case *exts[t] == "":
				*exts[t] = ext
			default:
				lines = append(lines, kept(cardField[col], r.raw[col], *phones[t]+" ext. "+*exts[t]))
			}
			continue
		}
		if t := leadport.FreeSlot(phones[:], s); t >= 0 {
			*phones[t], *exts[t] = num, ext
			continue
		}
		lines = append(lines, kept(cardField[col], r.raw[col], filled(l.PhoneHome, l.PhoneMobile, l.PhoneWork)))
	}
	emails := [2]*string{&l.EmailHome, &l.EmailWork}
	for s, col := range [2]int{cEmailHome, cEmailWork} {
		addr := *rc[col]
		if addr == "" || leadport.SlotOf(emails[:], addr) >= 0 {
			continue
		}
		if t := leadport.FreeSlot(emails[:], s); t >= 0 {
			*emails[t] = addr
			continue
		}
		lines = append(lines, kept(cardField[col], r.raw[col], filled(l.EmailHome, l.EmailWork)))
	}
	return lines
}

// kept is the note line of a file value that a field already filled kept
// out (SPEC §7), saying what the card had.
func kept(key, raw, had string) string {
	return leadport.ImportLine(label(key), raw, leadport.WhyKept+had)
}

// filled joins the values that are not empty.
func filled(vs ...string) string {
	var out []string
	for _, v := range vs {
		if v != "" {
			out = append(out, v)
		}
	}
	return strings.Join(out, ", ")
}

// shown is a card value as the note says the card had it: an advisor or a
// BDC agent by name rather than by user ID.
func (a *applier) shown(col int, v string) string {
	if col == cAdvisor || col == cBDCAgent {
		if n, ok := a.userNames[v]; ok {
			return n
		}
	}
	return v
}

// hasVehicle reports whether the lead already has the same vehicle: the same
// VIN when both have one, else the same make, model and year.
func hasVehicle(l *leadport.Lead, v leadport.Vehicle) bool {
	for _, w := range l.Vehicles {
		if w.Kind != v.Kind {
			continue
		}
		if v.VIN != "" && w.VIN != "" {
			if v.VIN == w.VIN {
				return true
			}
			continue
		}
		if normalize.Fold(w.Make) == normalize.Fold(v.Make) && normalize.Fold(w.Model) == normalize.Fold(v.Model) && w.Year == v.Year {
			return true
		}
	}
	return false
}
