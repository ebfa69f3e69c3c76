package web

// The words of the customer card's editing, its history, search and the
// Import module's unsaved drafts, merged into catalog at start.
var cardCatalog = map[string]map[string]string{
	"en": {
		"drafts.title":            "Your unsaved imports",
		"drafts.intro":            "Files you uploaded and did not save yet. Continue to choose the settings and save, or discard them. They are deleted after 24 hours.",
		"drafts.uploaded":         "uploaded",
		"drafts.continue":         "Continue",
		"drafts.discard":          "Discard",
		"tokens.copy":             "Copy",
		"tokens.copied":           "Copied",
		"card.created_by_import":  "created by import",
		"card.changed_by_imports": "changed by import",
		"card.edit":               "Edit",
		"card.edit_intro":         "Values are read as an import reads them: phones and dates typed any way; a value that does not fit is refused with the reason.",
		"card.edit_refused":       "Some values were not accepted: nothing was changed. Correct them, or put back the value shown before.",
		"card.save":               "Save the changes",
		"card.saved":              "The customer card has been saved.",
		"card.add_wanted":         "Add a wanted vehicle",
		"card.add_exchange":       "Add a trade-in",
		"card.use_value":          "Use this value",
		"card.value_used":         "The value has been moved into its field.",
		"card.replace_title":      "Replace the value?",
		"card.replace_text":       "%s already holds “%s”. Replace it with “%s”?",
		"card.replace_do":         "Replace",
		"card.why_bad":            "bad value",
		"card.why_beyond":         "cell beyond the header",
		"card.why_kept":           "kept aside: the card already had %s",
		"card.history":            "History",
		"card.no_history":         "No change made on this card yet.",
		"card.history_when":       "When",
		"card.history_who":        "Who",
		"card.history_field":      "Field",
		"card.history_old":        "Before",
		"card.history_new":        "After",
		"card.history_from_note":  "(from an [import] note)",
	},
	"fr": {
		"drafts.title":            "Vos importations non enregistrées",
		"drafts.intro":            "Fichiers téléversés et pas encore enregistrés. Continuez pour choisir les réglages et enregistrer, ou abandonnez-les. Ils sont supprimés après 24 heures.",
		"drafts.uploaded":         "téléversé",
		"drafts.continue":         "Continuer",
		"drafts.discard":          "Abandonner",
		"tokens.copy":             "Copier",
		"tokens.copied":           "Copié",
		"card.created_by_import":  "créée par l'importation",
		"card.changed_by_imports": "modifiée par l'importation",
		"card.edit":               "Modifier",
		"card.edit_intro":         "Les valeurs sont lues comme une importation les lit : téléphones et dates écrits de toutes les façons; une valeur qui ne convient pas est refusée avec la raison.",
		"card.edit_refused":       "Certaines valeurs n'ont pas été acceptées : rien n'a été modifié. Corrigez-les, ou remettez la valeur affichée avant.",
		"card.save":               "Enregistrer les modifications",
		"card.saved":              "La fiche client a été enregistrée.",
		"card.add_wanted":         "Ajouter un véhicule désiré",
		"card.add_exchange":       "Ajouter un véhicule d'échange",
		"card.use_value":          "Utiliser cette valeur",
		"card.value_used":         "La valeur a été placée dans son champ.",
		"card.replace_title":      "Remplacer la valeur?",
		"card.replace_text":       "%s contient déjà « %s ». La remplacer par « %s »?",
		"card.replace_do":         "Remplacer",
		"card.why_bad":            "valeur invalide",
		"card.why_beyond":         "cellule au-delà de l'en-tête",
		"card.why_kept":           "mise de côté : la fiche avait déjà %s",
		"card.history":            "Historique",
		"card.no_history":         "Aucune modification sur cette fiche pour l'instant.",
		"card.history_when":       "Quand",
		"card.history_who":        "Qui",
		"card.history_field":      "Champ",
		"card.history_old":        "Avant",
		"card.history_new":        "Après",
		"card.history_from_note":  "(d'une note [import])",
	},
}

func init() {
	for lang, m := range cardCatalog {
		for k, v := range m {
			catalog[lang][k] = v
		}
	}
}
