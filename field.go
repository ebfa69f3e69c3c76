package leadport

// Field is a mapping target: a customer-card field a file column can be
// mapped to (SPEC §3). Keys are stable: the CLI, the API and saved mappings
// use them. The header names that suggest a field are in internal/suggest.
type Field struct {
	Key      string
	LabelEN  string
	LabelFR  string
	FormatEN string // the accepted formats, for the "required data formats" help
	FormatFR string
	Example  string
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
	{"first_name", "First name", "Prénom", "Text", "Texte", "Jean-François"},
	{"last_name", "Last name", "Nom", "Text", "Texte", "Côté"},
	{"full_name", "Full name", "Nom complet", "“Last, First” or “First Last”", "« Nom, Prénom » ou « Prénom Nom »", "Côté, Jean-François"},
	{"business_name", "Business name", "Entreprise", "Text", "Texte", "Garage Côté inc."},
	{"civility", "Civility", "Civilité", "Mr, Ms, Miss, Dr, Me (also M., Mme, Mlle)", "M., Mme, Mlle, Dr, Me", "Mme"},
	{"locale", "Language", "Langue", "fr or en (French, anglais…)", "fr ou en (français, English…)", "fr"},
	{"birth_date", "Birth date", "Date de naissance", "Date: YYYY-MM-DD, or the chosen day-first/month-first format", "Date : AAAA-MM-JJ, ou le format jour/mois choisi", "1980-05-17"},
	{"phone_home", "Home phone", "Téléphone maison", "Phone number, any format; extension with x, ext, poste or #", "Numéro de téléphone, tout format; poste avec x, ext, poste ou #", "(514) 555-0101 poste 22"},
	{"phone_mobile", "Mobile phone", "Cellulaire", "Phone number, any format", "Numéro de téléphone, tout format", "438 555-0199"},
	{"phone_work", "Work phone", "Téléphone travail", "Phone number, any format; extension with x, ext, poste or #", "Numéro de téléphone, tout format; poste avec x, ext, poste ou #", "514-555-0123 x45"},
	{"email_home", "Email", "Courriel", "name@domain.com", "nom@domaine.com", "jf.cote@videotron.ca"},
	{"email_work", "Work email", "Courriel travail", "name@domain.com", "nom@domaine.com", "jfcote@garage.ca"},
	{"address_line1", "Address", "Adresse", "Text", "Texte", "1234, rue Saint-Denis"},
	{"address_line2", "Address line 2", "Adresse ligne 2", "Text", "Texte", "app. 3"},
	{"city", "City", "Ville", "Text", "Texte", "Montréal"},
	{"province", "Province", "Province", "Code or name: QC, Québec, ON, Ontario…", "Code ou nom : QC, Québec, ON, Ontario…", "QC"},
	{"postal_code", "Postal code", "Code postal", "Canada A9A 9A9, US 99999 or 99999-9999", "Canada A9A 9A9, É.-U. 99999 ou 99999-9999", "H2X 1Y4"},
	{"country", "Country", "Pays", "Code or name: CA, Canada, US, États-Unis… (default CA)", "Code ou nom : CA, Canada, US, États-Unis… (CA par défaut)", "CA"},
	{"division", "Division", "Division", "new, used or service (neuf, occasion, usagé)", "neuf, occasion (usagé) ou service", "neuf"},
	{"source", "Source", "Source", "Text", "Texte", "Salon de l'auto"},
	{"campaign", "Campaign", "Campagne", "Text", "Texte", "Printemps 2026"},
	{"advisor", "Advisor", "Conseiller", "A user of the dealership: email or name", "Un utilisateur du concessionnaire : courriel ou nom", "Marc Gagnon"},
	{"bdc_agent", "BDC agent", "Agent BDC", "A user of the dealership: email or name", "Un utilisateur du concessionnaire : courriel ou nom", "Julie Roy"},
	{"created_at", "Created", "Date de création", "Date-time: YYYY-MM-DD HH:MM, or the chosen format; empty = time of import", "Date-heure : AAAA-MM-JJ HH:MM, ou le format choisi; vide = moment de l'import", "2026-03-14 10:30"},
	{"appointment_date", "Appointment", "Rendez-vous", "Date-time", "Date-heure", "2026-03-20 14:00"},
	{"sale_date", "Sale date", "Date de vente", "Date-time", "Date-heure", "2026-03-28"},
	{"delivery_date", "Delivery date", "Date de livraison", "Date-time", "Date-heure", "2026-04-02"},
	{"wanted_make", "Wanted make", "Marque désirée", "Text", "Texte", "Toyota"},
	{"wanted_model", "Wanted model", "Modèle désiré", "Text", "Texte", "RAV4"},
	{"wanted_trim", "Wanted trim", "Version désirée", "Text", "Texte", "XLE"},
	{"wanted_year", "Wanted year", "Année désirée", "4 digits, 1900 to next year + 1", "4 chiffres, de 1900 à l'an prochain + 1", "2026"},
	{"wanted_vin", "Wanted VIN", "NIV désiré", "17 characters, no I, O or Q", "17 caractères, sans I, O ni Q", "2T3W1RFV8RW123456"},
	{"exchange_make", "Trade-in make", "Marque échange", "Text", "Texte", "Honda"},
	{"exchange_model", "Trade-in model", "Modèle échange", "Text", "Texte", "Civic"},
	{"exchange_year", "Trade-in year", "Année échange", "4 digits", "4 chiffres", "2017"},
	{"exchange_vin", "Trade-in VIN", "NIV échange", "17 characters, no I, O or Q", "17 caractères, sans I, O ni Q", "2HGFC2F59HH123456"},
	{"exchange_odometer", "Trade-in odometer", "Kilométrage échange", "Whole km: 123456, 123 456 km, 123,456", "Km entiers : 123456, 123 456 km, 123,456", "84 500 km"},
	{"comment", "Comment", "Commentaire", "Text, kept on the card", "Texte, gardé sur la fiche", "Wants a test drive"},
	{"note", "Note", "Note", "Text, added as a note", "Texte, ajouté en note", "Called back on 03-15"},
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
