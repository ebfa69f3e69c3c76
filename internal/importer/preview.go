package importer

import (
	"context"
	"strings"

	"github.com/leadport/leadport"
)

// Preview is what the start of a file would become (SPEC §6, step 2).
type Preview struct {
	// Rows are the first rows asked for, then, from the rest of the sample,
	// the first row with a bad value in each column that has none among
	// them, and the first failed row if none of them failed; in file order.
	Rows []PreviewRow
	// Issues are the bad values and failed rows of every row of the sample.
	Issues []leadport.Issue
	Read   int  // the rows of the sample: at most its size
	Whole  bool // the sample is the whole file
}

// PreviewRow is one row exactly as it would be imported (SPEC §6, step 2).
type PreviewRow struct {
	Line    int            `json:"line"`
	Row     int            `json:"row"`             // as a spreadsheet shows it
	Later   bool           `json:"later,omitempty"` // not among the first rows: shown for a problem the first rows lack
	Cells   []PreviewCell  `json:"cells"`           // one per mapped column, in file order
	Action  string         `json:"action"`          // "create", "merge" or "fail"
	LeadID  int64          `json:"lead_id,omitempty"`
	Matches []PreviewMatch `json:"matches,omitempty"`
	Notes   []string       `json:"notes,omitempty"` // the "[import]" lines it would write
	Failed  string         `json:"failed,omitempty"`
}

// PreviewCell is one value of a row: as in the file and as stored.
type PreviewCell struct {
	Column int    `json:"column"` // in the file, from 0
	Header string `json:"header"`
	Field  string `json:"field"`
	Raw    string `json:"raw"`
	Value  string `json:"value"`         // the stored form; "" when bad or empty
	Bad    string `json:"bad,omitempty"` // why the value is not stored
}

// PreviewMatch is an existing lead (or an earlier row) the row matches.
type PreviewMatch struct {
	LeadID   int64    `json:"lead_id"` // negative: a lead an earlier row of the preview would create
	Name     string   `json:"name"`
	Criteria []string `json:"criteria"` // "name", "phone", "email"
}

// Preview applies the first rows of the file (sample of them, at least n)
// without writing anything and tells, row by row, what importing the first n
// would do, with the rows of the sample that show a problem the first n do
// not, and every problem of the sample.
func (im *Importer) Preview(ctx context.Context, accountID, ownerID int64, s Settings, open Opener, n, sample int) (Preview, error) {
	var pv Preview
	sample = max(sample, n)
	names := make(map[int64]string)
	shown := make(map[int]bool) // columns with a bad value in a row kept
	failShown := false
	j := job{settings: s, accountID: accountID, ownerID: ownerID, open: open, dry: true, limit: sample,
		observe: func(r *record, o outcome) {
			pv.Read++
			pv.Issues = append(pv.Issues, r.issues...)
			cells := previewCells(s, r)
			keep := pv.Read <= n || (r.failed != "" && !failShown)
			for _, c := range cells {
				keep = keep || (c.Bad != "" && !shown[c.Column])
			}
			if !keep {
				return
			}
			for _, c := range cells {
				if c.Bad != "" {
					shown[c.Column] = true
				}
			}
			failShown = failShown || r.failed != ""
			p := PreviewRow{Line: r.line, Row: r.row, Later: pv.Read > n, Cells: cells, Action: o.action, LeadID: o.leadID,
				Notes: o.lines, Failed: r.failed}
			for _, m := range o.matches {
				p.Matches = append(p.Matches, PreviewMatch{LeadID: m.id, Criteria: criteriaNames(m.criteria)})
			}
			if o.action == "create" {
				names[o.leadID] = strings.TrimSpace(r.lead.FirstName + " " + r.lead.LastName)
			}
			pv.Rows = append(pv.Rows, p)
		}}
	if err := im.run(ctx, j); err != nil {
		return Preview{}, err
	}
	pv.Whole = pv.Read < sample
	rows := pv.Rows
	var ids []int64
	for _, r := range rows {
		for _, m := range r.Matches {
			if _, ok := names[m.LeadID]; !ok && m.LeadID > 0 {
				ids = append(ids, m.LeadID)
				names[m.LeadID] = ""
			}
		}
		if r.Action == "merge" {
			if _, ok := names[r.LeadID]; !ok {
				ids = append(ids, r.LeadID)
			}
		}
	}
	if len(ids) > 0 {
		leads, err := im.Store.LeadsByID(ctx, leadport.Viewer{AccountID: accountID, UserID: ownerID}, ids)
		if err != nil {
			return Preview{}, err
		}
		for _, l := range leads {
			names[l.ID] = strings.TrimSpace(l.FirstName + " " + l.LastName)
		}
	}
	for i := range rows {
		for k := range rows[i].Matches {
			rows[i].Matches[k].Name = names[rows[i].Matches[k].LeadID]
		}
		if rows[i].LeadID < 0 {
			rows[i].LeadID = 0
		}
	}
	return pv, nil
}

// previewCells shows each mapped value of a row as it would be stored.
func previewCells(s Settings, r *record) []PreviewCell {
	card := r.lead.Columns()
	column := make(map[string]int, nCard)
	for i := nCard - 1; i >= 0; i-- {
		column[cardField[i]] = i
	}
	var cells []PreviewCell
	bad := make(map[string]string)
	badRaw := make(map[string]string)
	for _, is := range r.issues {
		if is.Column != "" {
			bad[is.Column] = is.Reason
			badRaw[is.Column] = is.Raw
		}
	}
	raw := make(map[string]string)
	for i := range r.raw {
		raw[cardField[i]] = r.raw[i]
	}
	for i, key := range FieldKeys(s.Mapping) {
		if key == "" {
			continue
		}
		c := PreviewCell{Column: i, Header: s.Header[i], Field: key, Bad: bad[s.Header[i]], Raw: raw[key]}
		if c.Bad != "" {
			c.Raw = badRaw[s.Header[i]]
		}
		switch {
		case key == "full_name":
			c.Value = strings.TrimSpace(r.lead.FirstName + " / " + r.lead.LastName)
		case key == "note":
			c.Value = r.note
		case strings.HasPrefix(key, "wanted_") || strings.HasPrefix(key, "exchange_"):
			v := r.vehicles[vWanted]
			if strings.HasPrefix(key, "exchange_") {
				v = r.vehicles[vExchange]
			}
			c.Value = map[string]string{"make": v.Make, "model": v.Model, "trim": v.Trim, "year": v.Year, "vin": v.VIN, "odometer": v.Odometer}[key[strings.IndexByte(key, '_')+1:]]
		default:
			col := column[key]
			c.Value = *card[col]
			if strings.HasPrefix(key, "phone_") && *card[col+1] != "" {
				c.Value += " ext. " + *card[col+1]
			}
		}
		if c.Bad != "" {
			c.Value = ""
		}
		cells = append(cells, c)
	}
	return cells
}
