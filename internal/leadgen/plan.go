package leadgen

// Every decision about row j of a file is a pure function of (seed, file,
// j), never of the rows written before it: a row can be regenerated alone,
// which is how a duplicate finds out who the earlier row it copies was
// without the generator keeping anything in memory, and how a Merge file
// finds the customers of its base file.

// rnd is splitmix64: tiny, fast, and good enough for test data.
type rnd struct{ s uint64 }

func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

func newRnd(a, b, c uint64) rnd { return rnd{mix(a ^ mix(b^mix(c)))} }

func (r *rnd) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// intn returns a number in [0, n); n must be positive and below 2^32.
func (r *rnd) intn(n int) int { return int((r.next() >> 32) * uint64(n) >> 32) }

func (r *rnd) int64n(n int64) int64 { return int64(r.next() % uint64(n)) }

func (r *rnd) float() float64 { return float64(r.next()>>11) / (1 << 53) }

func (r *rnd) chance(p float64) bool { return r.float() < p }

// Salts keep the streams of random numbers apart.
const (
	saltPlan     = 0x706c616e
	saltContent  = 0x636f6e74
	saltCustomer = 0x63757374
	saltBaseFile = 0x62617365
	saltFile     = 0x66696c65
)

// Kinds of row.
const (
	kindFresh  = iota // a customer seen for the first time
	kindBase          // a customer of the base file, on at least two criteria
	kindDup           // a customer of an earlier row of this file, on at least two criteria
	kindNear          // shares exactly one criterion with an earlier customer
	kindFailed        // nothing to identify a customer
)

// Rates of the kinds of row (MatchRate is an option).
const (
	failRate = 0.02
	dupRate  = 0.04
	nearRate = 0.02
)

// ident names a customer. Customers of space 0 are the people of the files;
// spaces 1 and 2 give the base file and other files unique values (phones,
// emails) that belong to nobody else.
type ident struct {
	c     int64
	space uint8
}

// maxIdent bounds customer numbers per space, so that every (space,
// customer, slot) has its own phone number.
const maxIdent = 1 << 24

// planner decides the kind of each row of one file and whose row it is.
type planner struct {
	seed      uint64
	salt      uint64
	existing  int64 // rows of the base file; 0 for a base file itself
	freshBase int64 // first customer number of this file's new customers
	matchRate float64
	dirty     bool
	base      *planner // the base file's planner when existing > 0
}

func newPlanner(o Options) *planner {
	p := &planner{seed: uint64(o.Seed), salt: saltBaseFile, dirty: o.Dirty}
	if o.Existing > 0 {
		base := *p
		p.base = &base
		p.salt = saltFile
		p.existing = int64(o.Existing)
		p.freshBase = int64(o.Existing)
		p.matchRate = o.MatchRate
	}
	return p
}

// plan returns the kind of row j and, unless it failed, the customer it is about.
func (p *planner) plan(j int64) (int, ident) {
	r := newRnd(p.seed, p.salt^saltPlan, uint64(j))
	u := r.float()
	t := 0.0
	if p.dirty {
		if t += failRate; u < t {
			return kindFailed, ident{}
		}
	}
	if p.existing > 0 {
		if t += p.matchRate; u < t {
			if id, ok := p.baseCustomer(&r); ok {
				return kindBase, id
			}
			return kindFresh, ident{c: p.freshBase + j}
		}
	}
	if t += dupRate; u < t && j > 0 {
		if id, ok := p.identity(target(&r, j)); ok {
			return kindDup, id
		}
		return kindFresh, ident{c: p.freshBase + j}
	}
	if t += nearRate; u < t && (j > 0 || p.existing > 0) {
		var id ident
		var ok bool
		if p.existing > 0 && (j == 0 || r.chance(0.5)) {
			id, ok = p.baseCustomer(&r)
		} else {
			id, ok = p.identity(target(&r, j))
		}
		if ok {
			return kindNear, id
		}
	}
	return kindFresh, ident{c: p.freshBase + j}
}

// identity returns the customer of row j if it is one a later row can copy.
func (p *planner) identity(j int64) (ident, bool) {
	k, id := p.plan(j)
	return id, k == kindFresh || k == kindBase || k == kindDup
}

// baseCustomer draws a customer of the base file.
func (p *planner) baseCustomer(r *rnd) (ident, bool) {
	k := r.int64n(p.existing)
	for tries := 0; tries < 8 && k >= 0; tries, k = tries+1, k-1 {
		if id, ok := p.base.identity(k); ok {
			return id, true
		}
	}
	return ident{}, false
}

// target picks the earlier row a duplicate copies: half the time a recent
// one (the same person filling in two forms at an event), else any.
func target(r *rnd, j int64) int64 {
	if r.chance(0.5) {
		return j - 1 - r.int64n(min(j, 2000))
	}
	return r.int64n(j)
}

// Expected is what Write puts in a file, by kind of row. The generator
// knows, so a test or a benchmark can check an import's counters exactly:
//
//   - Create into an account that holds exactly the base file (empty when
//     Existing is 0): created = Rows − Failed, associated = BaseMatches +
//     Duplicates, failed = Failed.
//   - Merge into the same: merged = BaseMatches + Duplicates, created =
//     Fresh + NearMisses, failed = Failed.
//
// It holds whichever rule imported the base file, and with Dirty too: bad
// values are only ever written where they cannot hide an identifying value.
type Expected struct {
	Rows        int // rows with data (blank lines are not rows)
	Fresh       int // a customer seen for the first time
	BaseMatches int // a customer of the base file, on two or three criteria
	Duplicates  int // a customer of an earlier row of the file, on two or three criteria
	NearMisses  int // shares exactly one criterion with a customer seen before
	Failed      int // no name, phone or email: the import fails the row
}

// Expect tells what Write(w, o) writes, without writing it.
func Expect(o Options) (Expected, error) {
	if err := o.check(); err != nil {
		return Expected{}, err
	}
	p := newPlanner(o)
	e := Expected{Rows: o.Rows}
	for j := int64(0); j < int64(o.Rows); j++ {
		switch k, _ := p.plan(j); k {
		case kindFresh:
			e.Fresh++
		case kindBase:
			e.BaseMatches++
		case kindDup:
			e.Duplicates++
		case kindNear:
			e.NearMisses++
		case kindFailed:
			e.Failed++
		}
	}
	return e, nil
}
