package importer

import (
	"context"
	"strings"

	"github.com/leadport/leadport"
)

// PreviewRow is one row exactly as it would be imported (SPEC §6, step 2).
type PreviewRow struct {
	Line    int            `json:"line"`
	Cells   []PreviewCell  `json:"cells"`  // one per mapped column, in file order
	Action  string         `json:"action"` // "create", "merge" or "fail"
	LeadID  int64          `json:"lead_id,omitempty"`
	Matches []PreviewMatch `json:"matches,omitempty"`
	Notes   []string       `json:"notes,omitempty"` // the "[import]" lines it would write
	Failed  string         `json:"failed,omitempty"`
}

// PreviewCell is one value of a row: as in the file and as stored.
type PreviewCell struct {
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

// Preview applies the first n rows of the file without writing anything and
// tells, row by row, what importing them would do.
func (im *Importer) Preview(ctx context.Context, accountID, ownerID int64, s Settings, open Opener, n int) ([]PreviewRow, error) {
	var rows []PreviewRow
	names := make(map[int64]string)
	j := job{settings: s, accountID: accountID, ownerID: ownerID, open: open, dry: true, limit: n,
		observe: func(r *record, o outcome) {
			p := PreviewRow{Line: r.line, Cells: previewCells(s, r), Action: o.action, LeadID: o.leadID, Notes: o.lines, Failed: r.failed}
			for _, m := range o.matches {
				p.Matches = append(p.Matches, PreviewMatch{LeadID: m.id, Criteria: criteriaNames(m.criteria)})
			}
			if o.action == "create" {
				names[o.leadID] = strings.TrimSpace(r.lead.FirstName + " " + r.lead.LastName)
			}
			rows = append(rows, p)
		}}
	if err := im.run(ctx, j); err != nil {
		return nil, err
	}
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
			return nil, err
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
	return rows, nil
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
		c := PreviewCell{Header: s.Header[i], Field: key, Bad: bad[s.Header[i]], Raw: raw[key]}
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
