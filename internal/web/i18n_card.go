package web

// The words of the customer card's editing, its history, search and the
// Import module's unsaved drafts, merged into catalog at start.
var cardCatalog = map[string]map[string]string{
	"en": {
		"drafts.title":    "Your unsaved imports",
		"drafts.intro":    "Files you uploaded and did not save yet. Continue to choose the settings and save, or discard them. They are deleted after 24 hours.",
		"drafts.uploaded": "uploaded",
		"drafts.continue": "Continue",
		"drafts.discard":  "Discard",
		"tokens.copy":     "Copy",
		"tokens.copied":   "Copied",
	},
	"fr": {
		"drafts.title":    "Vos importations non enregistrées",
		"drafts.intro":    "Fichiers téléversés et pas encore enregistrés. Continuez pour choisir les réglages et enregistrer, ou abandonnez-les. Ils sont supprimés après 24 heures.",
		"drafts.uploaded": "téléversé",
		"drafts.continue": "Continuer",
		"drafts.discard":  "Abandonner",
		"tokens.copy":     "Copier",
		"tokens.copied":   "Copié",
	},
}

func init() {
	for lang, m := range cardCatalog {
		for k, v := range m {
			catalog[lang][k] = v
		}
	}
}
