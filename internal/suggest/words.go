package suggest

import (
	"strings"
	"unicode"

	"github.com/leadport/leadport/internal/normalize"
)

// A header is read as a list of words: camelCase, snake_case, glued words,
// numbers, punctuation and parentheses are taken apart, and every word is
// folded (case, accents). Numbers are kept as words of digits so that
// "E-mail 2 Address" and "Address 1 - Postal Code" can tell which one.

// rawWords splits h at case changes, letter/digit changes and anything
// that is neither a letter nor a digit, and folds each piece.
func rawWords(h string) []string {
	var out []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			for _, w := range strings.Fields(normalize.Fold(string(cur))) {
				out = append(out, w)
			}
			cur = cur[:0]
		}
	}
	rs := []rune(h)
	for i, r := range rs {
		switch {
		case r == '#' || r == '№':
			flush()
			out = append(out, "num")
			continue
		case !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r):
			flush()
			continue
		}
		if len(cur) > 0 {
			prev := rs[i-1]
			switch {
			case unicode.IsDigit(r) != unicode.IsDigit(prev):
				flush()
			case unicode.IsUpper(r) && unicode.IsLower(prev):
				flush()
			case unicode.IsUpper(r) && unicode.IsUpper(prev) && i+1 < len(rs) && unicode.IsLower(rs[i+1]) && len(cur) > 1:
				// "VINNumber" → "VIN" "Number"; "EMail" stays whole.
				flush()
			}
		}
		cur = append(cur, r)
	}
	flush()
	return out
}

// stopWords carry no meaning for the mapping.
var stopWords = set("of", "the", "de", "du", "des", "la", "le", "les", "l", "d", "a", "au", "aux", "and", "et",
	"or", "ou", "for", "pour", "s", "its", "your", "votre", "vos", "sur", "to", "from")

// joins are word pairs written apart that mean one word.
var joins = map[[2]string]string{
	{"e", "mail"}: "email", {"e", "mails"}: "email", {"e", "courriel"}: "courriel",
	{"trade", "in"}: "tradein", {"code", "postal"}: "codepostal", {"postal", "code"}: "postalcode",
	{"zip", "code"}: "zip", {"post", "code"}: "postalcode", {"rendez", "vous"}: "rdv",
	{"co", "buyer"}: "cobuyer", {"co", "borrower"}: "cobuyer", {"co", "acheteur"}: "cobuyer",
	{"co", "emprunteur"}: "cobuyer", {"opt", "out"}: "optout", {"opted", "out"}: "optout",
	{"vendu", "le"}: "saledate", {"vendue", "le"}: "saledate", {"livre", "le"}: "deliverydate",
	{"cree", "le"}: "createddate", {"n", "u"}: "nu", {"dep", "region"}: "region", {"sales", "person"}: "salesperson",
	{"sales", "man"}: "salesperson", {"sales", "rep"}: "salesrep", {"mod", "yr"}: "modelyear",
}

// aliasWords are spellings of one word.
var aliasWords = map[string]string{
	"mail": "email", "emails": "email", "eemail": "email", "emailaddress": "email",
	"courriels": "courriel", "telephones": "telephone", "phones": "phone", "tel": "telephone", "tele": "telephone",
	"ph": "phone", "tph": "telephone", "cellphone": "cell", "cellular": "cell", "cel": "cell", "cellulaire": "cell",
	"mobil": "mobile", "portable": "cell", "gsm": "cell", "mob": "mobile",
	"zipcode": "postalcode", "zipcodes": "postalcode", "postcode": "postalcode", "codepostale": "postalcode",
	"addr": "address", "adr": "address", "adresse": "address", "addresse": "address", "adress": "address",
	"tradein": "tradein", "tradeins": "tradein", "trade": "tradein", "echange": "tradein", "exchange": "tradein",
	"reprise": "tradein", "troc": "tradein",
	"vehicule": "vehicle", "veh": "vehicle", "voiture": "vehicle", "car": "vehicle", "auto": "vehicle",
	"automobile": "vehicle", "vehicles": "vehicle",
	"kilometrage": "mileage", "km": "mileage", "kms": "mileage", "kilometres": "mileage", "kilometers": "mileage",
	"kilometre": "mileage", "kilometer": "mileage", "miles": "mileage", "odometre": "odometer", "odo": "odometer",
	"odometer": "odometer", "odometerreading": "odometer",
	"yr": "year", "annee": "year", "marque": "make", "manufacturer": "make", "mfr": "make",
	"modele": "model", "mdl": "model", "niv": "vin", "vins": "vin",
	"firstname": "first", "prenoms": "prenom", "fname": "first", "forename": "first", "given": "first",
	"lastname": "last", "lname": "last", "surname": "last", "familyname": "last",
	"nom": "name", "names": "name", "noms": "name", "fullname": "fullname",
	"societe": "company", "compagnie": "company", "entreprise": "company", "organisation": "company",
	"organization": "company", "org": "company", "employer": "company", "employeur": "company", "firm": "company",
	"corporation": "company", "corp": "company", "companies": "company", "compnay": "company", "cie": "company",
	"ville": "city", "town": "city", "municipalite": "city", "localite": "city", "locality": "city", "commune": "city",
	"etat": "state", "prov": "province", "provinces": "province", "states": "state",
	"pays": "country", "nation": "country",
	"naissance": "birth", "birthdate": "birthday", "dob": "birthday", "ddn": "birthday", "anniversaire": "birthday",
	"bday": "birthday", "datenaissance": "birthday",
	"salutation": "civility", "civilite": "civility", "titre": "title", "honorific": "civility",
	"langue": "language", "lang": "language", "locale": "language", "idioma": "language",
	"commentaire": "comment", "commentaires": "comment", "comments": "comment", "remarque": "comment",
	"remarques": "comment", "remarks": "comment", "remark": "comment",
	"notes": "note", "memo": "note", "memos": "note", "observations": "note", "observation": "note",
	"historique": "history",
	"campagne":   "campaign", "campaigns": "campaign",
	"origine": "source", "provenance": "source", "origin": "source",
	"vendeur": "salesperson", "vendeuse": "salesperson", "salesman": "salesperson", "saleswoman": "salesperson",
	"salesperson": "salesperson", "salespeople": "salesperson", "conseiller": "advisor", "conseillere": "advisor",
	"adviser": "advisor", "representant": "rep", "representante": "rep", "representative": "rep",
	"consultant": "advisor", "associate": "rep",
	"rdv": "appointment", "appt": "appointment", "appointments": "appointment", "rendezvous": "appointment",
	"livraison": "delivery", "delivered": "delivery", "livre": "delivery", "livree": "delivery",
	"vente": "sale", "sold": "sale", "vendu": "sale", "vendue": "sale", "sales": "sale", "ventes": "sale",
	"purchase": "sale", "purchased": "sale", "achat": "sale", "achete": "sale", "bought": "sale",
	"created": "created", "create": "created", "creation": "created", "cree": "created", "creee": "created",
	"entered": "created", "entree": "created", "added": "created", "ajout": "created", "ajoute": "created",
	"received": "created", "recu": "created", "submitted": "created", "soumis": "created", "inscription": "created",
	"dt": "date", "dte": "date", "dates": "date",
	"appartement": "apartment", "app": "apartment", "apt": "apartment",
	"rue": "street", "streets": "street", "ligne": "line",
	"codepostal": "postalcode", "cp": "postalcode", "zip": "postalcode", "zips": "postalcode",
	"numero": "num", "number": "num", "no": "num", "nr": "num", "nbr": "num", "numer": "num", "n": "num",
	"telecopie": "fax", "telecopieur": "fax", "facsimile": "fax",
	"prefered": "main", "preferee": "main", "prefere": "main",
	"domicile": "home", "maison": "home", "residence": "home", "residentiel": "home", "house": "home",
	"personal": "home", "personnel": "home", "personnelle": "home", "perso": "home", "private": "home", "prive": "home",
	"privee": "home",
	"office": "work", "bureau": "work", "travail": "work", "professional": "work",
	"professionnel": "work", "professionnelle": "work", "pro": "work", "corporate": "work", "job": "job",
	"secondary": "second", "secondaire": "second", "alternate": "second", "alt": "second", "other": "second",
	"autre": "second", "additional": "second", "deuxieme": "second",
	"primary": "main", "principal": "main", "principale": "main", "default": "main", "preferred": "main",
	"cust": "customer", "customers": "customer", "clients": "client", "buyer": "customer", "acheteur": "customer",
	"prospect": "customer", "person": "customer", "personne": "customer", "individual": "customer",
	"contacts": "contact", "leads": "lead",
	"departement": "department", "dept": "department", "dep": "department", "division": "division",
	"neuf": "new", "usage": "used", "usagee": "used", "occasion": "used", "preowned": "used",
	"desired": "wanted", "desire": "wanted", "desiree": "wanted", "souhaite": "wanted", "souhaitee": "wanted",
	"recherche": "wanted", "recherchee": "wanted", "voulu": "wanted", "voulue": "wanted", "interest": "wanted",
	"interested": "wanted", "interet": "wanted", "wants": "wanted",
	"ext": "extension", "poste": "extension",
	"mm": "fmt", "dd": "fmt", "yyyy": "fmt", "yy": "fmt", "jj": "fmt", "aaaa": "fmt", "aa": "fmt", "hh": "fmt",
	"ss": "fmt", "mmddyyyy": "fmt", "ddmmyyyy": "fmt", "yyyymmdd": "fmt", "jjmmaaaa": "fmt", "aaaammjj": "fmt",
}

// words returns the meaningful words of a header, in order, with aliases
// resolved, glued words taken apart and stop words dropped. Digits stay.
func words(h string) []string {
	raw := rawWords(h)
	var ws []string
	for i := 0; i < len(raw); i++ {
		w := raw[i]
		if i+1 < len(raw) {
			if j, ok := joins[[2]string{w, raw[i+1]}]; ok {
				w = j
				i++
			}
		}
		ws = append(ws, w)
	}
	var out []string
	for _, w := range ws {
		for _, p := range split(w) {
			if a, ok := aliasWords[p]; ok {
				p = a
			}
			if stopWords[p] {
				continue
			}
			out = append(out, p)
		}
	}
	return out
}

// maxGlued is the longest glued word split takes apart, and maxPiece the
// longest known word it looks for in one: no header glues more, and the
// bounds keep a hostile header (32 KiB of letters in one cell) from
// costing more than linear time.
const (
	maxGlued = 64
	maxPiece = 24
)

// split takes a glued word ("firstname", "emailid", "homephone") apart
// into known words, with as few pieces as possible; a word it cannot take
// apart wholly into known words is returned as is.
func split(w string) []string {
	if known(w) || isDigits(w) || len(w) < 4 || len(w) > maxGlued {
		return []string{w}
	}
	if s, ok := strings.CutSuffix(w, "s"); ok && known(s) {
		return []string{s}
	}
	n := len(w)
	best := make([][]string, n+1) // best[i]: fewest known pieces spelling w[:i]
	best[0] = []string{}
	for i := 1; i <= n; i++ {
		for j := max(0, i-maxPiece); j < i; j++ {
			if best[j] == nil {
				continue
			}
			p := w[j:i]
			if !known(p) || (len(p) < 2) {
				continue
			}
			if best[i] == nil || len(best[j])+1 < len(best[i]) {
				best[i] = append(append([]string(nil), best[j]...), p)
			}
		}
	}
	if best[n] == nil {
		return []string{w}
	}
	return best[n]
}

func isDigits(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// vocabulary is every word the lexicon knows, for taking glued words apart.
var vocabulary = map[string]bool{}

func known(w string) bool {
	if vocabulary[w] || stopWords[w] {
		return true
	}
	_, ok := aliasWords[w]
	return ok
}

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}
