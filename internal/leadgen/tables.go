package leadgen

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// name is a first or last name with the spellings people type for it. All
// of them compare identical once folded (SPEC §4): case, accents, hyphens.
type name struct {
	plain, upper, lower, ascii, asciiUpper string
	mail                                   string // lower-case ASCII letters only, for email addresses
}

func names(list ...string) []name {
	ns := make([]name, len(list))
	for i, s := range list {
		a := stripAccents(s)
		ns[i] = name{plain: s, upper: strings.ToUpper(s), lower: strings.ToLower(s), ascii: a,
			asciiUpper: strings.ToUpper(strings.ReplaceAll(a, "-", " ")), mail: mailPart(a)}
	}
	return ns
}

func mailPart(ascii string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(ascii) {
		if 'a' <= c && c <= 'z' {
			b.WriteRune(c)
		}
	}
	return b.String()
}

func stripAccents(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if r >= 0x300 && r <= 0x36f {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// First and last names never share a spelling, so that a swapped first and
// last name (which SPEC §4 counts as identical) cannot make two customers
// the same by accident.
var (
	firstFR = names("Jean-François", "Marie-Ève", "Élise", "Éric", "François", "Geneviève", "Hélène",
		"Stéphane", "Sébastien", "Mélanie", "Josée", "Andrée", "Rémi", "Benoît", "Gaétan", "Réjean",
		"Ghislain", "Jérôme", "Noémie", "Chloé", "Zoé", "Léa", "Béatrice", "Mathieu", "Guillaume",
		"Nathalie", "Isabelle", "Sylvie", "Louise", "Pierre", "Luc", "Marc-André", "Jean-Philippe",
		"Pier-Luc", "Anne-Marie", "Marie-Claude", "Catherine", "Julie", "Caroline", "Valérie", "Maxime",
		"Alexandre", "Olivier", "Gabriel", "Samuel", "Félix", "Émile", "Raphaël", "Jacques", "Yves",
		"André", "Denis", "Normand", "Gilles", "Claude", "Lucie", "Diane", "Francine", "Manon", "Chantal",
		"Josiane", "Véronique", "Mireille", "Ginette", "Réal", "Hervé", "Thérèse", "Cécile", "Aimée", "Joël")
	firstEN = names("John", "Michael", "David", "James", "Robert", "William", "Sarah", "Jennifer", "Emily",
		"Jessica", "Ashley", "Matthew", "Andrew", "Christopher", "Daniel", "Ryan", "Kevin", "Brian",
		"Patrick", "Sean", "Megan", "Lauren", "Rachel", "Heather", "Amanda", "Stephanie", "Nicole", "Karen",
		"Linda", "Susan", "Priya", "Arjun", "Wei", "Mei", "Ahmed", "Fatima", "Omar", "Liam", "Noah",
		"Olivia", "Emma", "Ava", "Ethan", "Mason", "Logan", "Hannah")
	lastFR = names("Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin",
		"Gagné", "Ouellet", "Pelletier", "Bélanger", "Lévesque", "Bergeron", "Leblanc", "Paquette", "Girard",
		"Simard", "Boucher", "Caron", "Beaulieu", "Cloutier", "Dubé", "Poirier", "Fournier", "Lapointe",
		"Leclerc", "Lefebvre", "Poulin", "Thibault", "St-Pierre", "Nadeau", "Landry", "Martel", "Bédard",
		"Grenier", "Lessard", "Bernier", "Michaud", "Hébert", "Desjardins", "Couture", "Turcotte",
		"Lachance", "Parent", "Blais", "Gosselin", "Savard", "Proulx", "Beaudoin", "Demers", "Perreault",
		"Boudreau", "Lemieux", "Cyr", "Perron", "Dufour", "Dion", "Mercier", "Bolduc", "Bérubé", "Boisvert",
		"Langlois", "Ménard", "Laplante", "Rousseau", "D'Amours", "L'Heureux", "Séguin", "Légaré",
		"Thériault", "Brisebois", "Labrecque", "Vézina", "Lalonde", "Champagne", "Giguère", "Charbonneau",
		"Gélinas", "Archambault", "Després")
	lastEN = names("Smith", "Brown", "Wilson", "MacDonald", "Campbell", "O'Brien", "O'Neill", "Murphy",
		"Johnson", "Taylor", "Anderson", "Thompson", "Clark", "Walker", "Wright", "Robinson", "Scott",
		"Young", "Mitchell", "Stewart", "Kelly", "Morrison", "Reid", "Graham", "Fraser", "McLean", "Patel",
		"Singh", "Nguyen", "Chen", "Wong", "Li", "Sullivan", "McKenzie", "Fitzgerald", "Hughes", "Bennett",
		"Gill", "Kaur")
)

// Area codes of Quebec and Ontario (NANP, none of them N11).
var areaCodes = [...]string{
	"514", "438", "450", "579", "418", "581", "819", "873", "367", "354", "263",
	"416", "647", "437", "905", "289", "365", "613", "343", "705", "249", "519", "226", "548", "807",
	"683", "742", "753",
}

var emailDomains = [...]string{"gmail.com", "hotmail.com", "videotron.ca", "bell.net", "outlook.com",
	"yahoo.ca", "sympatico.ca", "live.ca", "icloud.com", "globetrotter.net", "cgocable.ca", "rogers.com"}

var companies = [...]string{"garagecote.ca", "desjardins.com", "hydro.qc.ca", "bombardier.com", "cgi.com",
	"ville.montreal.qc.ca", "bell.ca", "cn.ca", "transport-roy.ca", "construction-gagnon.com", "ulaval.ca",
	"uottawa.ca", "td.com", "rbc.com"}

var streets = [...]string{"rue Saint-Denis", "boul. René-Lévesque O.", "ch. de la Côte-des-Neiges",
	"av. du Mont-Royal E.", "rue Sherbrooke O.", "boul. Saint-Laurent", "rue Principale", "rang Saint-Joseph",
	"rue des Érables", "montée Sainte-Julie", "rue Notre-Dame O.", "boul. de l'Université", "rue Wellington",
	"Main St.", "King St. W", "Yonge St.", "Queen St. E", "Bank St.", "Maple Ave.", "Lakeshore Rd."}

type city struct {
	name     string
	province int // index in provinces
	letters  string
}

var provinces = [...][]string{
	{"QC", "QC", "QC", "Québec", "Quebec", "qc", "Qc"},
	{"ON", "ON", "ON", "Ontario", "ontario", "on", "Ont."},
}

var cities = [...]city{
	{"Montréal", 0, "H"}, {"Laval", 0, "H"}, {"Longueuil", 0, "J"}, {"Québec", 0, "G"}, {"Lévis", 0, "G"},
	{"Gatineau", 0, "J"}, {"Sherbrooke", 0, "J"}, {"Trois-Rivières", 0, "G"}, {"Saint-Jérôme", 0, "J"},
	{"Terrebonne", 0, "J"}, {"Brossard", 0, "J"}, {"Saint-Hyacinthe", 0, "J"}, {"Rimouski", 0, "G"},
	{"Drummondville", 0, "J"}, {"Saguenay", 0, "G"},
	{"Toronto", 1, "M"}, {"Ottawa", 1, "K"}, {"Mississauga", 1, "L"}, {"Brampton", 1, "L"},
	{"Hamilton", 1, "L"}, {"London", 1, "N"}, {"Kingston", 1, "K"}, {"Sudbury", 1, "P"},
	{"Windsor", 1, "N"}, {"Barrie", 1, "L"},
}

// Letters Canada Post uses in postal codes (none of D F I O Q U).
const postalLetters = "ABCEGHJKLMNPRSTVWXYZ"

var sources = [...]string{"Salon de l'auto", "Site web", "Facebook", "Kijiji", "AutoHebdo", "Référence",
	"Walk-in", "Google Ads", "Event", "DMS export", "Showroom", "Porte ouverte", "Campagne courriel"}

type vehicleModel struct{ make, model string }

var models = [...]vehicleModel{
	{"Toyota", "RAV4"}, {"Toyota", "Corolla"}, {"Toyota", "Camry"}, {"Toyota", "Tacoma"}, {"Toyota", "Highlander"},
	{"Honda", "Civic"}, {"Honda", "CR-V"}, {"Honda", "Accord"}, {"Honda", "Pilot"},
	{"Ford", "F-150"}, {"Ford", "Escape"}, {"Ford", "Explorer"}, {"Ford", "Mustang"},
	{"Chevrolet", "Silverado"}, {"Chevrolet", "Equinox"}, {"Hyundai", "Elantra"}, {"Hyundai", "Tucson"},
	{"Hyundai", "Santa Fe"}, {"Kia", "Sorento"}, {"Kia", "Sportage"}, {"Mazda", "Mazda3"}, {"Mazda", "CX-5"},
	{"Nissan", "Rogue"}, {"Nissan", "Sentra"}, {"Subaru", "Outback"}, {"Subaru", "Crosstrek"},
	{"Volkswagen", "Jetta"}, {"Volkswagen", "Tiguan"}, {"RAM", "1500"}, {"Jeep", "Wrangler"},
	{"Jeep", "Grand Cherokee"}, {"Mitsubishi", "Outlander"},
}

// VINs use neither I, O nor Q.
const vinAlphabet = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"

var comments = [...]string{
	"Wants a test drive",
	"Intéressé par un VUS, budget 35 000 $",
	"Rappeler après 17h, pas le matin",
	`Client a dit "peut-être" au téléphone`,
	"Looking for AWD, winter tires included?",
	"Veut un prix pour l'échange, et le financement sur 84 mois",
	"Conjoint(e) doit voir le véhicule",
	"Appelé le 3 mars\nRappel prévu la semaine prochaine",
	"Prefers email; works nights",
	"Location vs achat : à discuter",
	"Trade-in has a dent, rear bumper",
	"Garantie prolongée ? Demander à Marc",
}
