package leadport

import (
	"fmt"
	"strings"
)

// Reasons: why a value was not stored or a row failed, as the importer
// words them (in English, in the issue report's reason column, stored with
// each issue). ReasonText says them in the reader's language.

// reasonsFR are the reasons the importer and the normalisers give, in
// French. A reason not listed (a newer one, or one with a number in it that
// reasonPatternsFR does not know) is shown as written.
var reasonsFR = map[string]string{
	"not a title: use M., Mme, Mlle, Dr, Me, Mr, Mrs or Miss": "pas une civilité : utilisez M., Mme, Mlle, Dr, Me, Mr, Mrs ou Miss",
	"not a language: use fr or en":                            "pas une langue : utilisez fr ou en",
	"not a division: use new, used or service":                "pas une division : utilisez neuf, occasion ou service",
	"not a date":              "pas une date",
	"impossible date":         "date impossible",
	"year must have 4 digits": "l'année doit avoir 4 chiffres",
	"date format not recognised: choose day-first or month-first":   "format de date non reconnu : choisissez jour d'abord ou mois d'abord",
	"day of the week does not match the date":                       "le jour de la semaine ne correspond pas à la date",
	"time not recognised":                                           "heure non reconnue",
	"impossible time":                                               "heure impossible",
	"not an email address":                                          "pas une adresse courriel",
	"not a phone number":                                            "pas un numéro de téléphone",
	"not a province or state":                                       "pas une province ni un État",
	"not a postal code (A9A 9A9) or ZIP code (99999 or 99999-9999)": "pas un code postal (A9A 9A9) ni un code ZIP (99999 ou 99999-9999)",
	"not a country":                                                 "pas un pays",
	"not a year":                                                    "pas une année",
	"not a VIN (17 letters and digits, no I, O or Q)":               "pas un NIV (17 lettres et chiffres, sans I, O ni Q)",
	"not an odometer reading":                                       "pas un kilométrage",
	"odometer must be a whole number of km":                         "le kilométrage doit être un nombre entier de km",
	"odometer cannot be negative":                                   "le kilométrage ne peut pas être négatif",
	"odometer in miles: enter kilometres":                           "kilométrage en milles : indiquez des kilomètres",
	"odometer reading too large":                                    "kilométrage trop grand",
	"no user of the dealership has this email or name":              "aucun utilisateur de la concession n'a ce courriel ni ce nom",
	"several users have this name: use the email":                   "plusieurs utilisateurs ont ce nom : utilisez le courriel",
	"value beyond the last column of the header":                    "valeur au-delà de la dernière colonne de l'en-tête",
	"no name, phone or email to identify the customer":              "ni nom, ni téléphone, ni courriel pour identifier le client",
	"no name, phone or email to identify the customer (bad values are listed on the other lines of this row)": "ni nom, ni téléphone, ni courriel pour identifier le client (les valeurs refusées sont sur les autres lignes de cette rangée)",
}

// ReasonText returns a reason in locale ("en" or "fr").
func ReasonText(reason, locale string) string {
	if locale != "fr" {
		return reason
	}
	if fr, ok := reasonsFR[reason]; ok {
		return fr
	}
	var lo, hi int
	if n, _ := fmt.Sscanf(reason, "year must be between %d and %d", &lo, &hi); n == 2 {
		return fmt.Sprintf("l'année doit être entre %d et %d", lo, hi)
	}
	var max, first int
	if rest, ok := strings.CutPrefix(reason, "value too long: "); ok {
		if length, limits, ok := strings.Cut(rest, " characters, "); ok {
			if n, _ := fmt.Sscanf(limits, "more than the %d KiB a field holds; here are its first %d KiB", &max, &first); n == 2 {
				return fmt.Sprintf("valeur trop longue : %s caractères, plus que les %d Kio d'un champ ; voici ses %d premiers Kio",
					strings.ReplaceAll(length, ",", "\u00a0"), max, first)
			}
		}
	}
	return reason
}

// NotAUserReason is the reason given to an advisor or BDC agent that names
// no user of the dealership: the wizard counts these before Save.
const NotAUserReason = "no user of the dealership has this email or name"
