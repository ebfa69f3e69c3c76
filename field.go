package leadport

// Field is a mapping target: a customer-card field a file column can be
// mapped to (SPEC §3). Keys are stable: the CLI, the API and saved mappings
// use them.
type Field struct {
	Key      string
	LabelEN  string
	LabelFR  string
	FormatEN string // the accepted formats, for the "required data formats" help
	FormatFR string
	Example  string
	// Aliases are header names (besides the labels and the key) that the
	// automatic mapping recognises, compared case- and accent-insensitively.
	Aliases []string
}

// Label returns the field's name in locale ("en" or "fr").
func (f Field) Label(locale string) string {
	if locale == "fr" {
		return f.LabelFR
	}
	return f.LabelEN
}

// Fields lists every mapping target of SPEC §3 in the order the pages show them.
var Fields = []Field{
	{"first_name", "First name", "Prénom", "Text", "Texte", "Jean-François", []string{"first", "firstname", "given name", "prenom client", "nom de bapteme"}},
	{"last_name", "Last name", "Nom", "Text", "Texte", "Côté", []string{"last", "lastname", "surname", "family name", "nom de famille", "nom client"}},
	{"full_name", "Full name", "Nom complet", "“Last, First” or “First Last”", "« Nom, Prénom » ou « Prénom Nom »", "Côté, Jean-François", []string{"name", "customer", "customer name", "client", "nom et prenom", "prenom et nom", "contact", "contact name"}},
	{"business_name", "Business name", "Entreprise", "Text", "Texte", "Garage Côté inc.", []string{"company", "business", "company name", "compagnie", "nom de l entreprise", "societe", "raison sociale"}},
	{"civility", "Civility", "Civilité", "Mr, Ms, Miss, Dr, Me (also M., Mme, Mlle)", "M., Mme, Mlle, Dr, Me", "Mme", []string{"title", "salutation", "titre", "civilite", "mr mrs"}},
	{"locale", "Language", "Langue", "fr or en (French, anglais…)", "fr ou en (français, English…)", "fr", []string{"lang", "language", "langue", "locale", "preferred language", "langue de correspondance"}},
	{"birth_date", "Birth date", "Date de naissance", "Date: YYYY-MM-DD, or the chosen day-first/month-first format", "Date : AAAA-MM-JJ, ou le format jour/mois choisi", "1980-05-17", []string{"birthday", "dob", "date of birth", "birthdate", "naissance", "anniversaire", "ddn"}},
	{"phone_home", "Home phone", "Téléphone maison", "Phone number, any format; extension with x, ext, poste or #", "Numéro de téléphone, tout format; poste avec x, ext, poste ou #", "(514) 555-0101 poste 22", []string{"phone", "telephone", "tel", "home", "home phone number", "phone number", "telephone residence", "tel maison", "tel domicile", "telephone domicile", "residence", "no de telephone", "numero de telephone"}},
	{"phone_mobile", "Mobile phone", "Cellulaire", "Phone number, any format", "Numéro de téléphone, tout format", "438 555-0199", []string{"mobile", "cell", "cell phone", "cellphone", "mobile phone", "cellular", "cellulaire", "cel", "tel cellulaire", "telephone cellulaire", "portable", "telephone mobile"}},
	{"phone_work", "Work phone", "Téléphone travail", "Phone number, any format; extension with x, ext, poste or #", "Numéro de téléphone, tout format; poste avec x, ext, poste ou #", "514-555-0123 x45", []string{"work", "office", "business phone", "office phone", "work phone number", "tel travail", "telephone bureau", "tel bureau", "bureau"}},
	{"email_home", "Email", "Courriel", "name@domain.com", "nom@domaine.com", "jf.cote@videotron.ca", []string{"e-mail", "email address", "mail", "courriel", "adresse courriel", "home email", "personal email", "courriel maison", "courriel personnel", "adresse electronique", "e mail"}},
	{"email_work", "Work email", "Courriel travail", "name@domain.com", "nom@domaine.com", "jfcote@garage.ca", []string{"business email", "office email", "courriel bureau", "courriel travail", "courriel professionnel", "work e-mail"}},
	{"address_line1", "Address", "Adresse", "Text", "Texte", "1234, rue Saint-Denis", []string{"address", "street", "address 1", "address1", "street address", "adresse", "adresse 1", "rue", "adresse civique"}},
	{"address_line2", "Address line 2", "Adresse ligne 2", "Text", "Texte", "app. 3", []string{"address 2", "address2", "suite", "apartment", "apt", "adresse 2", "appartement", "app"}},
	{"city", "City", "Ville", "Text", "Texte", "Montréal", []string{"town", "ville", "municipalite", "localite"}},
	{"province", "Province", "Province", "Code or name: QC, Québec, ON, Ontario…", "Code ou nom : QC, Québec, ON, Ontario…", "QC", []string{"state", "province state", "prov", "etat", "region"}},
	{"postal_code", "Postal code", "Code postal", "Canada A9A 9A9, US 99999 or 99999-9999", "Canada A9A 9A9, É.-U. 99999 ou 99999-9999", "H2X 1Y4", []string{"zip", "zip code", "postal", "postcode", "code postal", "cp", "zipcode"}},
	{"country", "Country", "Pays", "Code or name: CA, Canada, US, États-Unis… (default CA)", "Code ou nom : CA, Canada, US, États-Unis… (CA par défaut)", "CA", []string{"pays", "nation"}},
	{"division", "Division", "Division", "new, used or service (neuf, occasion, usagé)", "neuf, occasion (usagé) ou service", "neuf", []string{"department", "departement", "new used", "neuf usage", "type de vente"}},
	{"source", "Source", "Source", "Text", "Texte", "Salon de l'auto", []string{"lead source", "origine", "provenance", "source du lead"}},
	{"campaign", "Campaign", "Campagne", "Text", "Texte", "Printemps 2026", []string{"campagne", "campaign name", "promotion"}},
	{"advisor", "Advisor", "Conseiller", "A user of the dealership: email or name", "Un utilisateur du concessionnaire : courriel ou nom", "Marc Gagnon", []string{"salesman", "sales rep", "salesperson", "sales advisor", "vendeur", "conseiller", "conseiller aux ventes", "representant", "owner"}},
	{"bdc_agent", "BDC agent", "Agent BDC", "A user of the dealership: email or name", "Un utilisateur du concessionnaire : courriel ou nom", "Julie Roy", []string{"bdc", "agent", "bdc rep", "agent bdc", "agent du bdc"}},
	{"created_at", "Created", "Date de création", "Date-time: YYYY-MM-DD HH:MM, or the chosen format; empty = time of import", "Date-heure : AAAA-MM-JJ HH:MM, ou le format choisi; vide = moment de l'import", "2026-03-14 10:30", []string{"created", "date created", "creation date", "created date", "lead date", "date", "date de creation", "cree le", "date du lead", "date d entree"}},
	{"appointment_date", "Appointment", "Rendez-vous", "Date-time", "Date-heure", "2026-03-20 14:00", []string{"appointment", "appt", "appointment date", "rdv", "rendez vous", "date de rendez vous", "date rdv"}},
	{"sale_date", "Sale date", "Date de vente", "Date-time", "Date-heure", "2026-03-28", []string{"sold", "sale", "sold date", "date sold", "vente", "date vente", "vendu le"}},
	{"delivery_date", "Delivery date", "Date de livraison", "Date-time", "Date-heure", "2026-04-02", []string{"delivery", "delivered", "livraison", "date livraison", "livre le"}},
	{"wanted_make", "Wanted make", "Marque désirée", "Text", "Texte", "Toyota", []string{"make", "marque", "vehicle make", "make wanted", "marque recherchee", "marque souhaitee", "marque vehicule"}},
	{"wanted_model", "Wanted model", "Modèle désiré", "Text", "Texte", "RAV4", []string{"model", "modele", "vehicle model", "model wanted", "modele recherche", "modele souhaite", "modele vehicule"}},
	{"wanted_trim", "Wanted trim", "Version désirée", "Text", "Texte", "XLE", []string{"trim", "version", "finition", "niveau d equipement"}},
	{"wanted_year", "Wanted year", "Année désirée", "4 digits, 1900 to next year + 1", "4 chiffres, de 1900 à l'an prochain + 1", "2026", []string{"year", "annee", "vehicle year", "model year", "annee recherchee", "annee vehicule", "annee modele"}},
	{"wanted_vin", "Wanted VIN", "NIV désiré", "17 characters, no I, O or Q", "17 caractères, sans I, O ni Q", "2T3W1RFV8RW123456", []string{"vin", "niv", "serial", "no de serie", "numero de serie", "vin number"}},
	{"exchange_make", "Trade-in make", "Marque échange", "Text", "Texte", "Honda", []string{"trade make", "trade in make", "tradein make", "marque echange", "marque d echange", "marque reprise", "echange marque"}},
	{"exchange_model", "Trade-in model", "Modèle échange", "Text", "Texte", "Civic", []string{"trade model", "trade in model", "tradein model", "modele echange", "modele d echange", "modele reprise", "echange modele"}},
	{"exchange_year", "Trade-in year", "Année échange", "4 digits", "4 chiffres", "2017", []string{"trade year", "trade in year", "tradein year", "annee echange", "annee d echange", "annee reprise", "echange annee"}},
	{"exchange_vin", "Trade-in VIN", "NIV échange", "17 characters, no I, O or Q", "17 caractères, sans I, O ni Q", "2HGFC2F59HH123456", []string{"trade vin", "trade in vin", "tradein vin", "niv echange", "vin echange", "niv d echange"}},
	{"exchange_odometer", "Trade-in odometer", "Kilométrage échange", "Whole km: 123456, 123 456 km, 123,456", "Km entiers : 123456, 123 456 km, 123,456", "84 500 km", []string{"odometer", "mileage", "kilometrage", "km", "trade odometer", "trade in odometer", "trade mileage", "kilometrage echange", "kilometrage d echange", "odometre", "odometre echange"}},
	{"comment", "Comment", "Commentaire", "Text, kept on the card", "Texte, gardé sur la fiche", "Wants a test drive", []string{"comments", "commentaires", "remarks", "remarques", "description", "details"}},
	{"note", "Note", "Note", "Text, added as a note", "Texte, ajouté en note", "Called back on 03-15", []string{"notes", "note", "memo", "historique", "history", "observations"}},
}

// FieldByKey returns the field with the given key.
func FieldByKey(key string) (Field, bool) {
	for _, f := range Fields {
		if f.Key == key {
			return f, true
		}
	}
	return Field{}, false
}

// MissingRequired returns, in English and French, what the mapping (field
// keys set to true) lacks of SPEC §3's required fields: a name (first and
// last name, or full name) and at least one phone or email. It returns nil
// when nothing is missing.
func MissingRequired(mapped map[string]bool) (en, fr []string) {
	if !mapped["full_name"] && !(mapped["first_name"] && mapped["last_name"]) {
		switch {
		case mapped["first_name"]:
			en, fr = append(en, "a last name (or a full name)"), append(fr, "un nom (ou un nom complet)")
		case mapped["last_name"]:
			en, fr = append(en, "a first name (or a full name)"), append(fr, "un prénom (ou un nom complet)")
		default:
			en, fr = append(en, "a name (first and last name, or full name)"), append(fr, "un nom (prénom et nom, ou nom complet)")
		}
	}
	if !mapped["phone_home"] && !mapped["phone_mobile"] && !mapped["phone_work"] && !mapped["email_home"] && !mapped["email_work"] {
		en, fr = append(en, "at least one phone or email"), append(fr, "au moins un téléphone ou un courriel")
	}
	return en, fr
}
