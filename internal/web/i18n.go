package web

import (
	"fmt"
	"html"
	"html/template"
	"strconv"
	"strings"
)

// loc writes the pages' words in one language: English ("en") or French
// ("fr"). Field, module, type and role names come from the domain package;
// everything else is in the catalog below.
type loc struct{ locale string }

// T returns the message for key; the English one if French lacks it, and
// the key itself if both do (TestCatalog catches that).
func (l loc) T(key string) string {
	if m, ok := catalog[l.locale][key]; ok {
		return m
	}
	if m, ok := catalog["en"][key]; ok {
		return m
	}
	return key
}

// Sprintf formats the message for key with args.
func (l loc) Sprintf(key string, args ...any) string {
	return fmt.Sprintf(l.T(key), args...)
}

// Num writes a whole number with the locale's digit grouping: 12,345 or 12 345.
func (l loc) Num(v any) string {
	var n int64
	switch x := v.(type) {
	case int:
		n = int64(x)
	case int64:
		n = x
	case int32:
		n = int64(x)
	}
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := ","
	if l.locale == "fr" {
		sep = "\u202f"
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Count writes "1 lead" or "12 leads": the key's message has a singular and
// a plural form separated by "|".
func (l loc) Count(key string, n int) string {
	one, many, _ := strings.Cut(l.T(key), "|")
	if n == 1 || (l.locale == "fr" && n == 0) {
		return fmt.Sprintf(one, l.Num(n))
	}
	return fmt.Sprintf(many, l.Num(n))
}

// Range writes "1–50 of 1,234".
func (l loc) Range(from, to, total int) string {
	return fmt.Sprintf(l.T("leads.range"), l.Num(from), l.Num(to), l.Num(total))
}

// Bytes writes a file size.
func (l loc) Bytes(n int64) string {
	unit := []string{l.T("unit.b"), l.T("unit.kb"), l.T("unit.mb"), l.T("unit.gb")}
	f, i := float64(n), 0
	for f >= 1024 && i < len(unit)-1 {
		f /= 1024
		i++
	}
	if i == 0 {
		return l.Num(n) + " " + unit[0]
	}
	s := strconv.FormatFloat(f, 'f', 1, 64)
	if l.locale == "fr" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s + " " + unit[i]
}

// RevertText says exactly what reverting an import undoes. The numbers are
// in elements that static/app.js keeps up to date while the import runs.
func (l loc) RevertText(created, changed int64) template.HTML {
	return template.HTML(fmt.Sprintf(html.EscapeString(l.T("imports.revert_text")),
		`<b data-k="created">`+l.Num(created)+`</b>`, `<b data-k="leads_changed">`+l.Num(changed)+`</b>`))
}

// FinalizeText says what finalizing an import does.
// It names both counts (SPEC §6): the leads it created and the existing
// leads it changed.
func (l loc) FinalizeText(file string, created, changed int64) template.HTML {
	return template.HTML(fmt.Sprintf(html.EscapeString(l.T("imports.finalize_text")),
		`<b data-k="created">`+l.Num(created)+`</b>`, `<b data-k="leads_changed">`+l.Num(changed)+`</b>`, `<b>`+html.EscapeString(file)+`</b>`))
}

// choice shows a stored choice value (civility, locale, division) to people.
func (l loc) choice(field, value string) string {
	if value == "" {
		return ""
	}
	if m, ok := catalog[l.locale][field+"."+value]; ok {
		return m
	}
	return value
}

var catalog = map[string]map[string]string{
	"en": {
		"nav.label":   "Main navigation",
		"nav.modules": "Leads",
		"nav.tools":   "Tools",
		"nav.all":     "All leads",
		"nav.import":  "Import",
		"nav.users":   "Users",
		"nav.tokens":  "API tokens",
		"nav.logout":  "Log out",

		"common.cancel": "Cancel",
		"common.close":  "Close",
		"common.save":   "Save",

		"login.title":    "Log in",
		"login.email":    "Email",
		"login.password": "Password",
		"login.submit":   "Log in",
		"login.wrong":    "Wrong email or password.",

		"err.invalid":   "This cannot be done as asked",
		"err.unauth":    "Please log in",
		"err.forbidden": "Access refused",
		"err.notfound":  "Not found",
		"err.conflict":  "Not possible right now",
		"err.throttled": "Too many attempts",
		"err.internal":  "Something went wrong",
		"err.back":      "Back to the leads",

		"leads.count":              "%s lead|%s leads",
		"leads.count_more":         "%s+ leads",
		"leads.search":             "Search",
		"leads.search_placeholder": "Name, phone (any format) or email",
		"leads.clear":              "Clear",
		"leads.name":               "Name",
		"leads.phones":             "Phones",
		"leads.email":              "Email",
		"leads.type":               "Type",
		"leads.city":               "City",
		"leads.updated":            "Updated",
		"leads.none":               "No leads here yet.",
		"leads.none_found":         "No lead matches this search.",
		"leads.pages":              "Pages",
		"leads.prev":               "Previous",
		"leads.next":               "Next",
		"leads.range":              "%s–%s of %s",
		"lead.noname":              "(no name)",

		"card.identity":      "Identity",
		"card.contact":       "Phones and emails",
		"card.address":       "Address",
		"card.sales":         "Sales",
		"card.dates":         "Dates",
		"card.vehicles":      "Vehicles",
		"card.wanted":        "Wanted vehicle",
		"card.exchange":      "Trade-in",
		"card.no_vehicle":    "No vehicle.",
		"card.associated":    "Associated leads",
		"card.no_associated": "No associated lead.",
		"card.comment":       "Comment",
		"card.notes":         "Notes",
		"card.no_notes":      "No notes.",
		"card.import":        "import",
		"card.from_import":   "from import",
		"card.updated":       "updated",
		"card.ext":           "ext.",
		"card.private":       "Visible only to you",
		"card.private_help":  "This lead comes from an import that is not finalized yet: only its owner sees it.",

		"civility.mr":      "Mr.",
		"civility.ms":      "Ms.",
		"civility.miss":    "Miss",
		"civility.dr":      "Dr.",
		"civility.me":      "Me",
		"locale.fr":        "French",
		"locale.en":        "English",
		"division.new":     "New",
		"division.used":    "Used",
		"division.service": "Service",

		"imports.title":            "Imports",
		"imports.new":              "Import a file",
		"imports.intro":            "Everything an import does — the leads it creates, and the values, notes, vehicles and associations it adds to existing leads — is visible only to its owner until the owner ticks Finalize. Until then, the owner can revert it.",
		"imports.file":             "File",
		"imports.owner":            "Owner",
		"imports.type":             "Lead type",
		"imports.rule":             "Rule",
		"imports.status":           "Status",
		"imports.processed":        "Processed",
		"imports.created":          "Created",
		"imports.merged":           "Merged",
		"imports.associated":       "Associated",
		"imports.failed":           "Failed",
		"imports.notes":            "Notes",
		"imports.started":          "Started at",
		"imports.finished":         "Finished at",
		"imports.finalize":         "Finalize",
		"imports.outcome":          "Outcome",
		"imports.issues":           "Issue report",
		"imports.revert":           "Revert",
		"imports.revert_title":     "Revert the import",
		"imports.revert_text":      "%s leads created will be deleted, and what this import added to %s existing leads (values, notes, vehicles, associations) will be discarded. Nobody else ever saw it: the dealership's data will be as if the import had never run.",
		"imports.revert_do":        "Revert the import",
		"imports.finalize_title":   "Finalize the import?",
		"imports.finalize_text":    "%s leads created and %s leads changed by %s will become visible to everyone at the dealership. Where someone else has filled a field since, their value stays and the file's goes to a note. A finalized import can no longer be reverted.",
		"imports.finalize_do":      "Finalize",
		"imports.confirm_finalize": "Finalize this import?",
		"imports.none":             "No imports yet.",
		"imports.finalized":        "The import of %s is finalized: its leads are visible to the dealership.",
		"imports.reverted":         "The import of %s is reverted.",

		"status.draft":    "Draft",
		"status.queued":   "Queued",
		"status.running":  "Running",
		"status.finished": "Finished",
		"status.failed":   "Failed",
		"status.reverted": "Reverted",

		"rule.create":      "Create",
		"rule.merge":       "Merge",
		"rule.create.help": "Every row creates a new lead; a row that matches existing leads is associated with them, which stay untouched.",
		"rule.merge.help":  "A row that matches an existing lead fills its empty fields; conflicting values go to a note. Other rows create leads.",

		"date.ymd": "ISO only (2026-03-14)",
		"date.dmy": "Day first (14/03/2026)",
		"date.mdy": "Month first (03/14/2026)",

		// The order of day and month the file proves (SPEC §4 Dates).
		"dates.proof_value":  "%[1]s on line %[2]d (column “%[3]s”)",
		"dates.proof_header": "the column “%s” says so",
		"dates.proposed.dmy": "Day first proposed: %s.",
		"dates.proposed.mdy": "Month first proposed: %s.",
		"dates.mixed":        "No date format proposed: the file has day-first dates (%s) and month-first dates (%s). Choose one; dates written the other way will be bad values.",
		"dates.undecided":    "No date format proposed: nothing in the file shows whether %s is day first or month first. Choose the format, or such dates will be bad values.",
		"dates.partial":      "Only the first %s rows were read for this.",

		"delim.comma":     "Comma (,)",
		"delim.semicolon": "Semicolon (;)",
		"delim.tab":       "Tab",
		"delim.pipe":      "Pipe (|)",

		"unit.b":  "bytes",
		"unit.kb": "KB",
		"unit.mb": "MB",
		"unit.gb": "GB",

		"criterion.name":  "name",
		"criterion.phone": "phone",
		"criterion.email": "email",

		// Mapping suggestions.
		"mapping.maybe":            "Not sure: perhaps %s",
		"mapping.taken":            "Perhaps %s, which another column has",
		"mapping.slot_from":        "%s, or the slot “%s” names",
		"mapping.slot_column":      "Names, row by row, the slot of “%s”",
		"mapping.remembered":       "Mapped as in your import of %s (%s).",
		"mapping.remembered_other": "Mapped as in %s's import of %s (%s).",
		"mapping.started_from":     "Mapping taken from the import of %s (%s): check it before saving.",
		"mapping.start_from":       "Start from the mapping of an earlier import:",
		"mapping.source":           "%s — %s (import %d, %d columns)",
		"mapping.apply":            "Apply",

		"wizard.title":                 "Import leads",
		"wizard.setup_title":           "Set up the import",
		"wizard.step1":                 "Choose the file",
		"wizard.step2":                 "Set up and preview",
		"wizard.select_file":           "Select the CSV file to import",
		"wizard.formats":               "Required data formats",
		"wizard.file_hint":             "A CSV file or an Excel workbook (.xlsx), from Excel or another CRM, up to %d MB.",
		"wizard.template":              "Download a template file",
		"wizard.too_large":             "This file is larger than the %d MB this server accepts. Split it in smaller files.",
		"wizard.delimiter":             "Delimiter",
		"wizard.encoding":              "Encoding",
		"wizard.auto":                  "Detect automatically",
		"wizard.auto_hint":             "Leadport detects the delimiter and the encoding; you can change them in the next step.",
		"wizard.next":                  "Next step",
		"wizard.file":                  "File",
		"wizard.detected":              "Detected:",
		"wizard.sample":                "Accented text in the file:",
		"wizard.sample_hint":           "If the accents look wrong, change the encoding.",
		"wizard.settings":              "Import settings",
		"wizard.type":                  "Lead type",
		"wizard.module":                "module",
		"wizard.date_format":           "Date format",
		"wizard.rule":                  "Rule for customers already in Leadport",
		"wizard.columns":               "Columns",
		"wizard.required":              "Required:",
		"wizard.req_name":              "a name (first and last name, or full name)",
		"wizard.req_contact":           "at least one phone or email",
		"wizard.col_file":              "Column in the file",
		"wizard.col_examples":          "Examples",
		"wizard.col_field":             "Leadport field",
		"wizard.skip":                  "— do not import —",
		"wizard.column_n":              "(column %d)",
		"wizard.missing_name":          "Map a name: first and last name, or full name.",
		"wizard.missing_contact":       "Map at least one phone or email column.",
		"wizard.duplicate":             "A field is chosen for two columns: a field takes one column.",
		"wizard.discard":               "Cancel the import",
		"wizard.update_preview":        "Update preview",
		"wizard.save":                  "Save and import",
		"wizard.preview":               "Preview",
		"wizard.preview_hint":          "The first %d rows exactly as they will be imported: values as the customer card will show them, bad values in red with the reason, and what happens to each row.",
		"wizard.preview_needs_mapping": "No preview yet: for Leadport to import a row, map in the columns above:",
		"wizard.preview_once":          "each field to one column only (%s)",
		"wizard.preview_stale":         "out of date",
		"wizard.preview_loading":       "The preview is being updated…",
		"wizard.preview_failed":        "The preview could not be updated, and still shows the earlier settings:",
		"wizard.preview_offline":       "the server did not answer. Check the connection, then press Update preview.",
		"wizard.count_stale":           "These counts are for the earlier settings: count again.",
		"wizard.pv_later":              "Further in the file: the first row of each problem the rows above do not show",
		"wizard.pb_sample":             "Problems in the first %s rows of the file:",
		"wizard.pb_whole":              "Problems in the whole file (%s rows):",
		"wizard.pb_none_sample":        "No bad value in the first %s rows of the file.",
		"wizard.pb_none_whole":         "No bad value in the whole file (%s rows).",
		"wizard.pb_bad":                "%s bad|%s bad",
		"wizard.pb_cells":              "%s cell|%s cells",
		"wizard.pb_more":               "and %s other value|and %s other values",
		"wizard.pb_failed":             "Rows that cannot be imported",
		"wizard.pb_beyond":             "Column %d, beyond the header",
		"wizard.pb_hint":               "Click a problem to see its first row in the preview.",
		"wizard.dryrun":                "Over the whole file:",
		"wizard.dr_rows":               "rows",
		"wizard.dr_create":             "would be created",
		"wizard.dr_merge":              "merged",
		"wizard.dr_associate":          "associated",
		"wizard.dr_fail":               "would fail",
		"wizard.dr_notes":              "note lines",
		"wizard.dryrun_link":           "Count over the whole file",
		// Whole-file counts (counts.go).
		"count.waiting":    "Waiting for the server to finish other counts…",
		"count.reading":    "Reading the file…",
		"count.progress":   "Counting: %s of %s rows…",
		"count.cancelled":  "The count was stopped.",
		"count.cancel":     "Stop counting",
		"wizard.pv_line":   "Line",
		"wizard.pv_action": "Action",
		"wizard.queued":    "The import of %s is queued: it runs in the background.",

		"preview.create":           "Create",
		"preview.create_associate": "Create and associate with",
		"preview.merge":            "Merge into #%d",
		"preview.merge_earlier":    "Merge into an earlier row",
		"preview.fail":             "Fail",
		"preview.earlier":          "an earlier row:",

		"formats.intro":          "Map each column of your file to one of these fields. Values that do not fit are not lost: they go to a note on the customer card, “[import] Field: value”.",
		"formats.required":       "Required columns: a name (first and last name, or full name) and at least one phone or email. Each row needs only one of them.",
		"formats.required_short": "required (one of its group)",
		"formats.field":          "Field",
		"formats.accepted":       "Accepted formats",
		"formats.example":        "Example",
		"formats.file_title":     "The file",
		"formats.file_csv":       "CSV text, delimited by comma, semicolon, tab or pipe; values may be quoted (\"…\"), with line breaks inside quotes.",
		"formats.file_encoding":  "Encoding UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252 (Excel on Windows): detected, and changeable.",
		"formats.file_header":    "The first non-blank line holds the column names; blank lines are skipped.",
		"formats.file_dates":     "Dates in ISO form (2026-03-14, optionally with 14:30) always; choose day-first or month-first for 14/03/2026 or 03/14/2026. Impossible or ambiguous dates go to a note.",
		"formats.file_bad":       "A row with a name alone, a phone alone or an email alone becomes a customer card. Only a row with none of the three cannot: it is listed in the issue report.",
		"formats.file_match":     "A row is the same customer as a lead when two of these match: name, a phone, an email.",

		"users.title":        "Users",
		"users.name":         "Name",
		"users.email":        "Email",
		"users.role":         "Role",
		"users.can_import":   "Can import",
		"users.new_password": "New password",
		"users.unchanged":    "unchanged",
		"users.you":          "you",
		"users.add":          "Add a user",
		"users.add_btn":      "Add the user",
		"users.password":     "Password (8 characters or more)",
		"users.language":     "Language",
		"users.import_hint":  "Imports are open to directors and BDC directors with “Can import” ticked.",
		"users.added":        "%s has been added.",
		"users.saved":        "%s has been saved.",

		// Deactivation and sessions (SPEC §10).
		"users.deactivate":       "Deactivate",
		"users.deactivated":      "%s has been deactivated: their sessions and API tokens have ended.",
		"users.inactive":         "deactivated",
		"users.password_ended":   "The password of %s has been changed: their other sessions and their API tokens have ended.",
		"users.deactivate_label": "Deactivate %s: they can no longer log in; what they wrote stays.",

		"tokens.title":            "API tokens",
		"tokens.intro":            "A token lets a program use the Leadport API on your behalf, with your permissions: send it as “Authorization: Bearer <token>”.",
		"tokens.name":             "Name",
		"tokens.name_placeholder": "e.g. DMS sync",
		"tokens.created_at":       "Created",
		"tokens.last_used":        "Last used",
		"tokens.revoke":           "Revoke",
		"tokens.none":             "No tokens.",
		"tokens.new":              "New token",
		"tokens.create":           "Create the token",
		"tokens.created":          "Token created.",
		"tokens.copy_now":         "Copy it now: it will not be shown again.",
		"tokens.revoked":          "The token has been revoked.",

		// Excel workbooks (SPEC §4).
		"wizard.sheet":        "Sheet",
		"wizard.sheet_rows":   "%s rows",
		"wizard.sheet_hidden": "hidden",
		"wizard.sheet_hint":   "An Excel workbook: choose the sheet to import.",
		"wizard.real_dates":   "These columns hold real Excel dates: they are read as dates, whatever the date format chosen below:",
		"formats.file_xlsx":   "Excel workbooks (.xlsx) are welcome, as they are: choose the sheet in step 2. Dates typed as dates stay dates, and numbers keep every digit (a phone stored as a number is read as its digits). Old .xls files, .ods files and workbooks protected by a password must first be saved as .xlsx (File › Save As › Excel Workbook).",

		// Changesets (SPEC §6): what only the owner of an unfinalized import sees.
		"imports.changed":   "Leads changed",
		"card.pending":      "from import %d, not finalized",
		"card.pending_help": "Only you see this until you finalize import %d.",
		"card.created_by":   "Created by import %d, not finalized: only you see this lead.",
	},
	"fr": {
		"nav.label":   "Navigation principale",
		"nav.modules": "Leads",
		"nav.tools":   "Outils",
		"nav.all":     "Tous les leads",
		"nav.import":  "Importation",
		"nav.users":   "Utilisateurs",
		"nav.tokens":  "Jetons d'API",
		"nav.logout":  "Se déconnecter",

		"common.cancel": "Annuler",
		"common.close":  "Fermer",
		"common.save":   "Enregistrer",

		"login.title":    "Connexion",
		"login.email":    "Courriel",
		"login.password": "Mot de passe",
		"login.submit":   "Se connecter",
		"login.wrong":    "Courriel ou mot de passe erroné.",

		"err.invalid":   "Impossible tel que demandé",
		"err.unauth":    "Veuillez vous connecter",
		"err.forbidden": "Accès refusé",
		"err.notfound":  "Introuvable",
		"err.conflict":  "Impossible pour le moment",
		"err.throttled": "Trop de tentatives",
		"err.internal":  "Une erreur est survenue",
		"err.back":      "Retour aux leads",

		"leads.count":              "%s lead|%s leads",
		"leads.count_more":         "%s+ leads",
		"leads.search":             "Rechercher",
		"leads.search_placeholder": "Nom, téléphone (tout format) ou courriel",
		"leads.clear":              "Effacer",
		"leads.name":               "Nom",
		"leads.phones":             "Téléphones",
		"leads.email":              "Courriel",
		"leads.type":               "Type",
		"leads.city":               "Ville",
		"leads.updated":            "Mis à jour",
		"leads.none":               "Aucun lead pour l'instant.",
		"leads.none_found":         "Aucun lead ne correspond à cette recherche.",
		"leads.pages":              "Pages",
		"leads.prev":               "Précédents",
		"leads.next":               "Suivants",
		"leads.range":              "%s–%s sur %s",
		"lead.noname":              "(sans nom)",

		"card.identity":      "Identité",
		"card.contact":       "Téléphones et courriels",
		"card.address":       "Adresse",
		"card.sales":         "Ventes",
		"card.dates":         "Dates",
		"card.vehicles":      "Véhicules",
		"card.wanted":        "Véhicule désiré",
		"card.exchange":      "Véhicule d'échange",
		"card.no_vehicle":    "Aucun véhicule.",
		"card.associated":    "Leads associés",
		"card.no_associated": "Aucun lead associé.",
		"card.comment":       "Commentaire",
		"card.notes":         "Notes",
		"card.no_notes":      "Aucune note.",
		"card.import":        "importation",
		"card.from_import":   "de l'importation",
		"card.updated":       "mis à jour",
		"card.ext":           "poste",
		"card.private":       "Visible par vous seulement",
		"card.private_help":  "Ce lead vient d'une importation pas encore finalisée : seul son propriétaire le voit.",

		"civility.mr":      "M.",
		"civility.ms":      "Mme",
		"civility.miss":    "Mlle",
		"civility.dr":      "Dr",
		"civility.me":      "Me",
		"locale.fr":        "Français",
		"locale.en":        "Anglais",
		"division.new":     "Neuf",
		"division.used":    "Occasion",
		"division.service": "Service",

		"imports.title":            "Importations",
		"imports.new":              "Importer un fichier",
		"imports.intro":            "Tout ce que fait une importation — les leads qu'elle crée, et les valeurs, notes, véhicules et associations qu'elle ajoute aux leads existants — n'est visible que par son propriétaire jusqu'à ce qu'il coche Finaliser. D'ici là, il peut l'annuler.",
		"imports.file":             "Fichier",
		"imports.owner":            "Propriétaire",
		"imports.type":             "Type de lead",
		"imports.rule":             "Règle",
		"imports.status":           "Statut",
		"imports.processed":        "Traitées",
		"imports.created":          "Créés",
		"imports.merged":           "Fusionnés",
		"imports.associated":       "Associés",
		"imports.failed":           "Échecs",
		"imports.notes":            "Notes",
		"imports.started":          "Commencée le",
		"imports.finished":         "Terminée le",
		"imports.finalize":         "Finaliser",
		"imports.outcome":          "Résultat",
		"imports.issues":           "Rapport d'anomalies",
		"imports.revert":           "Annuler",
		"imports.revert_title":     "Annuler l'importation",
		"imports.revert_text":      "%s leads créés seront supprimés, et ce que cette importation a ajouté à %s leads existants (valeurs, notes, véhicules, associations) sera écarté. Personne d'autre ne l'a jamais vu : les données du concessionnaire seront comme si l'importation n'avait jamais eu lieu.",
		"imports.revert_do":        "Annuler l'importation",
		"imports.finalize_title":   "Finaliser l'importation?",
		"imports.finalize_text":    "%s leads créés et %s leads modifiés par %s deviendront visibles par tout le concessionnaire. Là où quelqu'un d'autre a rempli un champ entre-temps, sa valeur reste et celle du fichier va dans une note. Une importation finalisée ne peut plus être annulée.",
		"imports.finalize_do":      "Finaliser",
		"imports.confirm_finalize": "Finaliser cette importation?",
		"imports.none":             "Aucune importation pour l'instant.",
		"imports.finalized":        "L'importation de %s est finalisée : ses leads sont visibles par le concessionnaire.",
		"imports.reverted":         "L'importation de %s est annulée.",

		"status.draft":    "Brouillon",
		"status.queued":   "En file d'attente",
		"status.running":  "En cours",
		"status.finished": "Terminée",
		"status.failed":   "Échouée",
		"status.reverted": "Annulée",

		"rule.create":      "Créer",
		"rule.merge":       "Fusionner",
		"rule.create.help": "Chaque ligne crée un lead; une ligne qui correspond à des leads existants leur est associée, sans les modifier.",
		"rule.merge.help":  "Une ligne qui correspond à un lead existant remplit ses champs vides; les valeurs en conflit vont dans une note. Les autres lignes créent des leads.",

		"date.ymd": "ISO seulement (2026-03-14)",
		"date.dmy": "Jour d'abord (14/03/2026)",
		"date.mdy": "Mois d'abord (03/14/2026)",

		"dates.proof_value":  "%[1]s à la ligne %[2]d (colonne « %[3]s »)",
		"dates.proof_header": "la colonne « %s » l'indique",
		"dates.proposed.dmy": "Jour d'abord proposé : %s.",
		"dates.proposed.mdy": "Mois d'abord proposé : %s.",
		"dates.mixed":        "Aucun format de date proposé : le fichier a des dates jour d'abord (%s) et des dates mois d'abord (%s). Choisissez-en un ; les dates écrites autrement seront des valeurs invalides.",
		"dates.undecided":    "Aucun format de date proposé : rien dans le fichier n'indique si %s est jour d'abord ou mois d'abord. Choisissez le format, sinon ces dates seront des valeurs invalides.",
		"dates.partial":      "Seules les %s premières lignes ont été lues pour cela.",

		"delim.comma":     "Virgule (,)",
		"delim.semicolon": "Point-virgule (;)",
		"delim.tab":       "Tabulation",
		"delim.pipe":      "Barre verticale (|)",

		"unit.b":  "octets",
		"unit.kb": "Ko",
		"unit.mb": "Mo",
		"unit.gb": "Go",

		"criterion.name":  "nom",
		"criterion.phone": "téléphone",
		"criterion.email": "courriel",

		// Mapping suggestions.
		"mapping.maybe":            "Pas certain : peut-être %s",
		"mapping.taken":            "Peut-être %s, déjà pris par une autre colonne",
		"mapping.slot_from":        "%s, ou l'emplacement que « %s » indique",
		"mapping.slot_column":      "Indique, ligne par ligne, l'emplacement de « %s »",
		"mapping.remembered":       "Association reprise de votre importation du %s (%s).",
		"mapping.remembered_other": "Association reprise de l'importation de %s du %s (%s).",
		"mapping.started_from":     "Association reprise de l'importation du %s (%s) : vérifiez-la avant d'enregistrer.",
		"mapping.start_from":       "Partir de l'association d'une importation précédente :",
		"mapping.source":           "%s — %s (importation %d, %d colonnes)",
		"mapping.apply":            "Appliquer",

		"wizard.title":                 "Importer des leads",
		"wizard.setup_title":           "Paramétrer l'importation",
		"wizard.step1":                 "Choisir le fichier",
		"wizard.step2":                 "Paramétrer et prévisualiser",
		"wizard.select_file":           "Sélectionnez le fichier CSV à importer",
		"wizard.formats":               "Formats de données requis",
		"wizard.file_hint":             "Un fichier CSV ou un classeur Excel (.xlsx), d'Excel ou d'un autre CRM, jusqu'à %d Mo.",
		"wizard.template":              "Télécharger un fichier modèle",
		"wizard.too_large":             "Ce fichier dépasse les %d Mo que ce serveur accepte. Divisez-le en fichiers plus petits.",
		"wizard.delimiter":             "Délimiteur",
		"wizard.encoding":              "Encodage",
		"wizard.auto":                  "Détecter automatiquement",
		"wizard.auto_hint":             "Leadport détecte le délimiteur et l'encodage; vous pourrez les changer à l'étape suivante.",
		"wizard.next":                  "Étape suivante",
		"wizard.file":                  "Fichier",
		"wizard.detected":              "Détecté :",
		"wizard.sample":                "Texte accentué du fichier :",
		"wizard.sample_hint":           "Si les accents sont mal affichés, changez l'encodage.",
		"wizard.settings":              "Paramètres de l'importation",
		"wizard.type":                  "Type de lead",
		"wizard.module":                "module",
		"wizard.date_format":           "Format des dates",
		"wizard.rule":                  "Règle pour les clients déjà dans Leadport",
		"wizard.columns":               "Colonnes",
		"wizard.required":              "Requis :",
		"wizard.req_name":              "un nom (prénom et nom, ou nom complet)",
		"wizard.req_contact":           "au moins un téléphone ou un courriel",
		"wizard.col_file":              "Colonne du fichier",
		"wizard.col_examples":          "Exemples",
		"wizard.col_field":             "Champ Leadport",
		"wizard.skip":                  "— ne pas importer —",
		"wizard.column_n":              "(colonne %d)",
		"wizard.missing_name":          "Associez un nom : prénom et nom, ou nom complet.",
		"wizard.missing_contact":       "Associez au moins une colonne de téléphone ou de courriel.",
		"wizard.duplicate":             "Un champ est choisi pour deux colonnes : un champ prend une seule colonne.",
		"wizard.discard":               "Abandonner l'importation",
		"wizard.update_preview":        "Mettre à jour l'aperçu",
		"wizard.save":                  "Enregistrer et importer",
		"wizard.preview":               "Aperçu",
		"wizard.preview_hint":          "Les %d premières lignes exactement comme elles seront importées : valeurs telles que la fiche client les montrera, valeurs invalides en rouge avec la raison, et ce qu'il advient de chaque ligne.",
		"wizard.preview_needs_mapping": "Pas encore d'aperçu : pour que Leadport importe une ligne, associez dans les colonnes ci-dessus :",
		"wizard.preview_once":          "chaque champ à une seule colonne (%s)",
		"wizard.preview_stale":         "périmé",
		"wizard.preview_loading":       "L'aperçu est en cours de mise à jour…",
		"wizard.preview_failed":        "L'aperçu n'a pas pu être mis à jour et montre encore les réglages précédents :",
		"wizard.preview_offline":       "le serveur n'a pas répondu. Vérifiez la connexion, puis cliquez sur Mettre à jour l'aperçu.",
		"wizard.count_stale":           "Ces nombres valent pour les réglages précédents : comptez de nouveau.",
		"wizard.pv_later":              "Plus loin dans le fichier : la première ligne de chaque problème absent des lignes ci-dessus",
		"wizard.pb_sample":             "Problèmes dans les %s premières lignes du fichier :",
		"wizard.pb_whole":              "Problèmes dans tout le fichier (%s lignes) :",
		"wizard.pb_none_sample":        "Aucune valeur invalide dans les %s premières lignes du fichier.",
		"wizard.pb_none_whole":         "Aucune valeur invalide dans tout le fichier (%s lignes).",
		"wizard.pb_bad":                "%s invalide|%s invalides",
		"wizard.pb_cells":              "%s cellule|%s cellules",
		"wizard.pb_more":               "et %s autre valeur|et %s autres valeurs",
		"wizard.pb_failed":             "Lignes impossibles à importer",
		"wizard.pb_beyond":             "Colonne %d, au-delà de l'en-tête",
		"wizard.pb_hint":               "Cliquez sur un problème pour voir sa première ligne dans l'aperçu.",
		"wizard.dryrun":                "Sur tout le fichier :",
		"wizard.dr_rows":               "lignes",
		"wizard.dr_create":             "seraient créés",
		"wizard.dr_merge":              "fusionnés",
		"wizard.dr_associate":          "associés",
		"wizard.dr_fail":               "en échec",
		"wizard.dr_notes":              "lignes de notes",
		"wizard.dryrun_link":           "Compter sur tout le fichier",
		// Whole-file counts (counts.go).
		"count.waiting":    "En attente : le serveur termine d’autres comptages…",
		"count.reading":    "Lecture du fichier…",
		"count.progress":   "Comptage : %s lignes sur %s…",
		"count.cancelled":  "Le comptage a été arrêté.",
		"count.cancel":     "Arrêter le comptage",
		"wizard.pv_line":   "Ligne",
		"wizard.pv_action": "Action",
		"wizard.queued":    "L'importation de %s est en file d'attente : elle s'exécute en arrière-plan.",

		"preview.create":           "Créer",
		"preview.create_associate": "Créer et associer à",
		"preview.merge":            "Fusionner dans #%d",
		"preview.merge_earlier":    "Fusionner dans une ligne précédente",
		"preview.fail":             "Échec",
		"preview.earlier":          "une ligne précédente :",

		"formats.intro":          "Associez chaque colonne de votre fichier à l'un de ces champs. Les valeurs qui ne conviennent pas ne sont pas perdues : elles vont dans une note sur la fiche client, « [import] Champ: valeur ».",
		"formats.required":       "Colonnes requises : un nom (prénom et nom, ou nom complet) et au moins un téléphone ou un courriel. Chaque ligne n'a besoin que de l'un d'eux.",
		"formats.required_short": "requis (un de son groupe)",
		"formats.field":          "Champ",
		"formats.accepted":       "Formats acceptés",
		"formats.example":        "Exemple",
		"formats.file_title":     "Le fichier",
		"formats.file_csv":       "Texte CSV, délimité par virgule, point-virgule, tabulation ou barre verticale; valeurs entre guillemets (\"…\") permises, avec retours de ligne entre guillemets.",
		"formats.file_encoding":  "Encodage UTF-8 (avec ou sans BOM), UTF-16 avec BOM, ou Windows-1252 (Excel sous Windows) : détecté, et modifiable.",
		"formats.file_header":    "La première ligne non vide contient les noms de colonnes; les lignes vides sont ignorées.",
		"formats.file_dates":     "Dates au format ISO (2026-03-14, avec 14:30 au besoin) toujours; choisissez jour d'abord ou mois d'abord pour 14/03/2026 ou 03/14/2026. Les dates impossibles ou ambiguës vont dans une note.",
		"formats.file_bad":       "Une ligne avec un nom seul, un téléphone seul ou un courriel seul devient une fiche client. Seule une ligne sans aucun des trois ne le peut pas : elle figure au rapport d'anomalies.",
		"formats.file_match":     "Une ligne est le même client qu'un lead quand deux de ces critères concordent : le nom, un téléphone, un courriel.",

		"users.title":        "Utilisateurs",
		"users.name":         "Nom",
		"users.email":        "Courriel",
		"users.role":         "Rôle",
		"users.can_import":   "Peut importer",
		"users.new_password": "Nouveau mot de passe",
		"users.unchanged":    "inchangé",
		"users.you":          "vous",
		"users.add":          "Ajouter un utilisateur",
		"users.add_btn":      "Ajouter l'utilisateur",
		"users.password":     "Mot de passe (8 caractères ou plus)",
		"users.language":     "Langue",
		"users.import_hint":  "Les importations sont ouvertes aux directeurs et directeurs BDC dont « Peut importer » est coché.",
		"users.added":        "%s a été ajouté.",
		"users.saved":        "%s a été enregistré.",

		// Désactivation et sessions (SPEC §10).
		"users.deactivate":       "Désactiver",
		"users.deactivated":      "%s a été désactivé : ses sessions et ses jetons d'API ont pris fin.",
		"users.inactive":         "désactivé",
		"users.password_ended":   "Le mot de passe de %s a été changé : ses autres sessions et ses jetons d'API ont pris fin.",
		"users.deactivate_label": "Désactiver %s : il ne pourra plus se connecter; ce qu'il a écrit reste.",

		"tokens.title":            "Jetons d'API",
		"tokens.intro":            "Un jeton permet à un programme d'utiliser l'API de Leadport en votre nom, avec vos permissions : envoyez-le comme « Authorization: Bearer <jeton> ».",
		"tokens.name":             "Nom",
		"tokens.name_placeholder": "p. ex. synchro DMS",
		"tokens.created_at":       "Créé le",
		"tokens.last_used":        "Dernière utilisation",
		"tokens.revoke":           "Révoquer",
		"tokens.none":             "Aucun jeton.",
		"tokens.new":              "Nouveau jeton",
		"tokens.create":           "Créer le jeton",
		"tokens.created":          "Jeton créé.",
		"tokens.copy_now":         "Copiez-le maintenant : il ne sera plus affiché.",
		"tokens.revoked":          "Le jeton a été révoqué.",
		// Classeurs Excel (SPEC §4).
		"wizard.sheet":        "Feuille",
		"wizard.sheet_rows":   "%s lignes",
		"wizard.sheet_hidden": "masquée",
		"wizard.sheet_hint":   "Un classeur Excel : choisissez la feuille à importer.",
		"wizard.real_dates":   "Ces colonnes contiennent de vraies dates Excel : elles sont lues comme des dates, quel que soit le format de date choisi plus bas :",
		"formats.file_xlsx":   "Les classeurs Excel (.xlsx) sont les bienvenus, tels quels : choisissez la feuille à l'étape 2. Les dates saisies comme dates restent des dates, et les nombres gardent tous leurs chiffres (un téléphone enregistré comme nombre est lu chiffre par chiffre). Les anciens fichiers .xls, les fichiers .ods et les classeurs protégés par mot de passe doivent d'abord être enregistrés en .xlsx (Fichier › Enregistrer sous › Classeur Excel).",

		// Changesets (SPEC §6): ce que seul le propriétaire d'une importation non finalisée voit.
		"imports.changed":   "Leads modifiés",
		"card.pending":      "de l'importation %d, non finalisée",
		"card.pending_help": "Vous seul le voyez tant que l'importation %d n'est pas finalisée.",
		"card.created_by":   "Créé par l'importation %d, non finalisée : vous seul voyez ce lead.",
	},
}
