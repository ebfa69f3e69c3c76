package suggest

// The vocabulary per field, in the word forms that words() returns (aliases
// resolved: "Courriel", "E-mail" and "mail" are all "email"; "Cellulaire",
// "Cell" and "Portable" are "cell"; "Échange", "Trade-in" and "Reprise" are
// "tradein"…). Phrases are written in plain words and read through words()
// at start-up. Sources of the spellings: the test table in
// suggest_test.go names them family by family.

// spec says how a field (or a group of fields: "phone", "email", "name")
// is named in headers.
type spec struct {
	key     string
	phrases []string // a header must contain one of these, words in order
	exact   []string // matched only when they are the whole header (besides neutral words)
	context []string // words that may stand around a phrase
	require []string // one of these must be in the header too
	group   string   // "address", "date", "vehicle", "contact"
}

// Words that may stand around any field's name: whose value it is, and
// the technical decorations of exports ("hs_", "__c", "Value").
var neutral = set("customer", "client", "contact", "lead", "main", "value", "valeur", "field", "champ", "info",
	"information", "hs", "c", "x", "my", "mon", "ma", "du", "cf", "custom")

// Words that put a column about something else than the field its other
// words name: "Email Opt Out", "Phone 1 - Type", "Job Title", "Business
// Fax", "Company Name" for a person's name, "Department" for a division.
var blockers = set("optout", "opt", "unsubscribe", "unsubscribed", "desabonne", "desinscrit", "bounce", "bounced",
	"bounces", "domain", "domaine", "verified", "verification", "valid", "validated", "status", "statut", "consent",
	"consentement", "subscription", "abonnement", "display", "format", "encoding", "not", "do", "ne", "pas", "never",
	"count", "nombre", "type", "label", "kind", "categorie", "category", "categories", "fax", "pager", "beeper",
	"telex", "isdn", "rnis", "tty", "tdd", "radio", "radiomessagerie", "callback", "rappel", "assistant", "asst",
	"assistante", "manager", "responsable", "gerant", "directeur", "spouse", "conjoint", "conjointe", "partner",
	"child", "children", "enfant", "enfants", "referred", "recommande", "referral", "reference", "date", "time",
	"datetime", "timestamp", "heure", "by", "par", "modified", "updated", "modifie", "modification", "update",
	"last", "first", "job", "jobtitle", "occupation", "profession", "fonction", "url", "website", "web", "site",
	"page", "link", "lien", "linkedin", "twitter", "facebook", "skype", "social", "photo", "picture", "avatar",
	"ip", "company", "department", "division", "service", "cobuyer", "extension", "vendor", "fournisseur",
	"dealer", "dealership", "concessionnaire", "raison", "account", "id", "identifier", "ident", "key", "guid",
	"uuid", "code", "ref", "stock", "inventory", "yomi", "phonetic", "phonetique", "nickname", "surnom",
	"middle", "initial", "initials", "suffix", "suffixe", "gender", "sexe", "sex", "age", "income", "revenue",
	"amount", "montant", "price", "prix", "payment", "paiement", "balance", "score", "rating", "activity",
	"activite", "open", "opened", "click", "clicked", "sent", "envoye", "delivery", "livraison", "sale",
	"appointment", "created", "birthday", "birth", "anniversary", "mariage", "wedding", "tradein", "lease",
	"location", "emplacement", "latitude", "longitude", "timezone", "zone", "group", "groupe", "list", "liste",
	"tag", "tags", "segment", "owner", "salesperson", "salesrep", "advisor", "rep", "agent", "bdc", "user",
	"utilisateur", "employee", "employe", "staff", "personnel", "technician", "technicien", "manufacturer",
	"warranty", "garantie", "insurance", "assurance", "lender", "bank", "banque", "finance", "financement",
	"loan", "pret", "payoff", "rate", "taux", "term", "terme", "duree", "months", "mois", "year", "years",
	"month", "day", "jour", "week", "semaine", "hour", "sms", "text", "whatsapp", "wechat", "voice", "voip",
	"preference", "permission", "allowed", "allow", "accept", "accepte", "accepted", "marketing",
	"newsletter", "infolettre", "sequence", "workflow", "stage", "lifecycle", "probability",
	"forecast", "campaign", "source", "medium", "utm", "title", "civility", "language", "country", "city",
	"state", "province", "postalcode", "street", "model", "make", "vin", "trim", "mileage", "odometer", "color",
	"couleur", "colour", "interior", "exterior", "engine", "moteur", "transmission", "body", "carrosserie",
	"fuel", "carburant", "drive", "door", "doors", "portes", "cylinder", "cylinders", "msrp", "cost", "cout",
	"gross", "profit", "commission", "fee", "frais", "tax", "taxe", "total", "subtotal", "discount", "rabais",
	"down", "comptant", "co", "previous", "precedent", "ancien", "former", "old",
	"mother", "father", "mere", "pere", "emergency", "urgence", "relation", "relationship", "relative")

// Slot words say which phone or email a column is.
var (
	homeWords   = set("home")
	mobileWords = set("mobile", "cell", "iphone", "smartphone")
	workWords   = set("work", "business")
)

var dateContext = []string{"date", "time", "datetime", "timestamp", "at", "on", "fmt", "heure", "jour"}

var addressContext = []string{"address", "home", "mailing", "billing", "shipping", "postal", "civic", "civique",
	"physical", "residential", "principal", "work", "business", "second"}

var vehicleContext = []string{"vehicle", "wanted", "new", "used", "sale", "unit", "of"}

var specs = []spec{
	{key: "first_name", phrases: []string{"first", "first name", "prenom", "name bapteme", "given name"},
		context: []string{"legal"}},
	{key: "last_name", phrases: []string{"last name", "last", "family name", "name famille", "name family"},
		context: []string{"legal"}},
	{key: "full_name", phrases: []string{"full name", "fullname", "name complet", "complete name", "display name",
		"prenom name", "name prenom", "first last", "first last name", "first name last name", "name and prenom",
		"last first", "last name first name"},
		exact: []string{"customer", "client", "contact", "customer contact"}},
	// "Name" or "Nom" alone: the surname beside a first-name column, else the
	// full name (resolved once every column has been read).
	{key: "name", phrases: []string{"name"}},
	{key: "business_name", phrases: []string{"company", "company name", "business name", "raison sociale",
		"account name", "name company"},
		exact:   []string{"business"},
		context: []string{"name", "legal"}},
	{key: "civility", phrases: []string{"civility", "title", "name prefix", "prefix", "mr mrs", "mr mrs ms",
		"title civility", "courtesy title", "mr", "mme"},
		context: []string{"name"}},
	{key: "locale", phrases: []string{"language", "language correspondance", "communication language",
		"spoken language", "language parlee"},
		context: []string{"correspondance", "communication", "spoken", "parlee", "used"}},
	{key: "birth_date", phrases: []string{"birthday", "birth", "birth date", "date birth"}, context: dateContext},
	{key: "phone", group: "contact", phrases: []string{"telephone", "phone", "cell", "mobile", "phone num",
		"telephone num", "contact num", "cell num", "mobile num", "num telephone", "num phone"},
		context: []string{"num", "line", "ligne"}},
	{key: "email", group: "contact", phrases: []string{"email", "courriel", "email address", "address email",
		"address courriel", "courriel address", "address electronique", "courrier electronique",
		"address messagerie", "messagerie electronique"},
		context: []string{"address", "id", "electronique"}},
	{key: "address_line1", group: "address", phrases: []string{"address", "street", "street address",
		"address line", "line", "address civique", "address street", "num civique"},
		context: addressContext},
	{key: "address_line2", group: "address", phrases: []string{"apartment", "suite", "unit", "extended address",
		"address complement", "complement", "complement address", "apartment suite", "suite apartment",
		"apartment unit", "unit num", "apartment num", "suite num"},
		context: addressContext},
	{key: "city", group: "address", phrases: []string{"city"}, context: addressContext},
	{key: "province", group: "address", phrases: []string{"province", "state", "region", "state province",
		"province state", "state region", "province territory", "state prov"},
		context: addressContext},
	{key: "postal_code", group: "address", phrases: []string{"postalcode", "postal postalcode", "postalcode postalcode"},
		exact:   []string{"postal"},
		context: addressContext},
	{key: "country", group: "address", phrases: []string{"country", "country region"}, context: addressContext},
	{key: "division", phrases: []string{"division", "new used", "nu", "sale type", "type sale", "deal type",
		"stock type", "inventory type", "new used indicator", "new used status", "vehicle type new used",
		"vehicle condition", "used new"},
		context: []string{"vehicle"}},
	{key: "source", phrases: []string{"source", "lead source", "original source", "source lead", "utm source",
		"lead origin", "source lead provider", "lead provider"},
		context: []string{"original", "lead", "name"}},
	{key: "campaign", phrases: []string{"campaign", "promotion", "utm campaign", "promo", "campaign name"},
		context: []string{"name", "lead", "marketing"}},
	{key: "advisor", phrases: []string{"salesperson", "salesrep", "sale rep", "rep", "advisor", "sale advisor",
		"owner", "lead owner", "contact owner", "assigned", "assigned user", "assigned salesperson",
		"sale consultant", "advisor sale", "rep sale", "sale agent", "record owner", "customer owner"},
		context: []string{"name", "email", "lead", "primary", "1"}},
	{key: "bdc_agent", phrases: []string{"bdc", "bdc agent", "bdc rep", "agent", "agent bdc", "bdc representative",
		"bdc user", "bdc advisor"},
		context: []string{"name", "email"}},
	{key: "created_at", group: "date", phrases: []string{"created", "lead date", "date created", "created date",
		"created on", "created time", "date lead", "inquiry date", "date inquiry", "lead created"},
		exact:   []string{"date"},
		context: append([]string{"lead", "inquiry"}, dateContext...)},
	{key: "appointment_date", group: "date", phrases: []string{"appointment"},
		context: append([]string{"scheduled", "set", "showroom"}, dateContext...)},
	{key: "sale_date", group: "date", phrases: []string{"sale", "deal", "contract", "sale deal"},
		context: dateContext, require: []string{"date", "on", "fmt", "time", "datetime"}},
	{key: "delivery_date", group: "date", phrases: []string{"delivery"}, context: dateContext},
	{key: "wanted_make", group: "vehicle", phrases: []string{"make"}, context: vehicleContext},
	{key: "wanted_model", group: "vehicle", phrases: []string{"model"}, context: vehicleContext},
	{key: "wanted_trim", group: "vehicle", phrases: []string{"trim", "version", "finition", "trim level",
		"niveau equipement", "series"}, context: vehicleContext},
	{key: "wanted_year", group: "vehicle", phrases: []string{"year", "model year", "modelyear", "year model"},
		context: vehicleContext},
	{key: "wanted_vin", group: "vehicle", phrases: []string{"vin", "vin num", "vehicle identification num",
		"serial num", "num serie", "serie", "serial"}, context: vehicleContext},
	{key: "exchange_make", group: "vehicle", phrases: []string{"make"}, context: []string{"vehicle"},
		require: []string{"tradein"}},
	{key: "exchange_model", group: "vehicle", phrases: []string{"model"}, context: []string{"vehicle"},
		require: []string{"tradein"}},
	{key: "exchange_year", group: "vehicle", phrases: []string{"year", "model year", "modelyear", "year model"},
		context: []string{"vehicle"}, require: []string{"tradein"}},
	{key: "exchange_vin", group: "vehicle", phrases: []string{"vin", "vin num", "serial num", "num serie", "serie"},
		context: []string{"vehicle"}, require: []string{"tradein"}},
	// Mileage without a trade-in word: only in a file about vehicles (an
	// Outlook or Google export has an expense "Mileage").
	{key: "exchange_odometer", group: "vehicle", phrases: []string{"odometer", "mileage", "odometer reading",
		"mileage odometer", "current mileage"}, context: []string{"vehicle", "tradein", "current", "reading"}},
	{key: "comment", phrases: []string{"comment", "description", "detail", "message", "question",
		"customer comment", "additional comment"},
		context: []string{"lead", "additional", "general", "sale"}},
	{key: "note", phrases: []string{"note", "history", "internal note"}, context: []string{"internal", "lead", "sale"}},
}
