package app

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/importer"
	"github.com/leadport/leadport/internal/normalize"
)

// FieldEdit is a value a person typed for one field of a customer card.
type FieldEdit struct {
	Field string // a field key: city, phone_home, wanted_year…
	Value string // as typed, read as an import reads a cell; "" empties the field
	// VehicleID is, for a vehicle field, the vehicle changed; 0 adds a
	// vehicle of the field's kind (wanted_… or exchange_…).
	VehicleID int64
}

// FieldErrors is the refusal of an edit with bad values: each refused
// field (FieldErrorKey) with the reason an import gives for that value.
type FieldErrors struct {
	Err    *leadport.Error
	Fields map[string]string
}

func (e *FieldErrors) Error() string { return e.Err.Message }
func (e *FieldErrors) Unwrap() error { return e.Err }

// FieldErrorKey is the key of FieldErrors.Fields for an edit.
func FieldErrorKey(e FieldEdit) string {
	if strings.HasPrefix(e.Field, "wanted_") || strings.HasPrefix(e.Field, "exchange_") {
		return e.Field + "@" + itoa(e.VehicleID)
	}
	return e.Field
}

// NeedsReplace is the answer to "use this value" when the field already
// holds another value: the person confirms, and the call is made again with
// replace set.
type NeedsReplace struct {
	Err                   *leadport.Error
	Field, Current, Value string // Current and Value as stored
}

func (e *NeedsReplace) Error() string { return e.Err.Message }
func (e *NeedsReplace) Unwrap() error { return e.Err }

// FieldOfLabel returns the key of the card field whose English label an
// "[import]" line names, if a value can be moved into it.
func FieldOfLabel(label string) (string, bool) {
	for _, f := range leadport.Fields {
		if f.LabelEN == label && f.Key != "full_name" && f.Key != "note" {
			return f.Key, true
		}
	}
	return "", false
}

// UsableLine returns the field an "[import]" note line's value can be moved
// into: a line that names a field of the card and says why its value was
// kept out of it (a value kept aside, or a bad value, which the field then
// reads again). Cells beyond the header, values too long to keep and lines
// written before notes said why are not.
func UsableLine(p leadport.ImportLineParts) (string, bool) {
	if p.Why != leadport.WhyBad && !strings.HasPrefix(p.Why, leadport.WhyKept) {
		return "", false
	}
	return FieldOfLabel(p.Label)
}

// EditLead changes fields, phones, emails and vehicles of a card the actor
// may edit. Each value is read as the import reads it (SPEC §3, §4) and a
// bad one is refused, with the import's reason, before anything is changed
// (*FieldErrors). seen is when the actor read the card (its UpdatedAt): if
// someone changed it since, the edit is refused (ECONFLICT) rather than
// overwrite their change. Each changed value is recorded in the card's
// history.
func (a *App) EditLead(ctx context.Context, actor *leadport.User, id int64, seen time.Time, edits []FieldEdit) (*leadport.Lead, error) {
	l, err := a.editable(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if !seen.IsZero() && !seen.Equal(l.UpdatedAt) {
		return nil, leadport.Errorf(leadport.ECONFLICT, "Customer card %d was changed by someone else since you opened it: reload it and make your change again.", id)
	}
	return a.applyEdits(ctx, actor, l, edits, 0)
}

// UseImportValue moves the value of an "[import]" note line (the index-th
// of the note's "[import]" lines) into its field, read as the import
// reads it, and records it in the card's history. If the field holds
// another value, it is replaced only when replace is set (*NeedsReplace
// otherwise).
func (a *App) UseImportValue(ctx context.Context, actor *leadport.User, id, noteID int64, index int, replace bool) (*leadport.Lead, error) {
	l, err := a.editable(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	var lines []leadport.ImportLineParts
	for _, n := range l.Notes {
		if n.ID == noteID {
			lines = leadport.ImportLines(n.Body)
		}
	}
	if index < 0 || index >= len(lines) {
		return nil, leadport.Errorf(leadport.ENOTFOUND, "Customer card %d has no such [import] note line.", id)
	}
	p := lines[index]
	key, ok := UsableLine(p)
	if !ok {
		return nil, leadport.Errorf(leadport.EINVALID, "This value cannot be moved into a field of the card: copy what belongs there by hand.")
	}
	edit := FieldEdit{Field: key, Value: p.Raw}
	current := ""
	if kind := vehicleKind(key); kind != "" {
		for _, v := range l.Vehicles {
			if v.Kind == kind {
				edit.VehicleID = v.ID
				current = importer.VehicleField(&v, key)
				break
			}
		}
	} else {
		current = storedValue(l, key)
	}
	if current != "" && !replace {
		value, err := a.normalizeValue(ctx, actor, key, p.Raw)
		if err != nil {
			return nil, err
		}
		if value != current {
			label := fieldLabel(key)
			return nil, &NeedsReplace{Field: key, Current: current, Value: value,
				Err: leadport.Errorf(leadport.ECONFLICT, "%s already holds “%s”: confirm to replace it with “%s”.", label, current, value)}
		}
	}
	return a.applyEdits(ctx, actor, l, []FieldEdit{edit}, noteID)
}

// LeadHistory returns the changes people made to a card the actor may see,
// oldest first.
func (a *App) LeadHistory(ctx context.Context, actor *leadport.User, id int64) ([]leadport.Change, error) {
	if _, err := a.Lead(ctx, actor, id); err != nil {
		return nil, err
	}
	return a.Store.LeadHistory(ctx, id)
}

func (a *App) editable(ctx context.Context, actor *leadport.User, id int64) (*leadport.Lead, error) {
	l, err := a.Lead(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if err := leadport.CanEditLead(actor, l); err != nil {
		return nil, err
	}
	return l, nil
}

// normalizeValue reads one typed value for a field as the import would,
// with the import's reason as the error.
func (a *App) normalizeValue(ctx context.Context, actor *leadport.User, key, raw string) (string, error) {
	users, err := a.Store.ListUsers(ctx, actor.AccountID)
	if err != nil {
		return "", err
	}
	v, ext, ok, err := importer.Value(key, raw, normalize.ISOOnly, users, time.Now())
	switch {
	case !ok:
		return "", leadport.Errorf(leadport.EINVALID, "%q is not a field of the customer card.", key)
	case err != nil:
		return "", leadport.Errorf(leadport.EINVALID, "%s: “%s” is not accepted: %s.", fieldLabel(key), strings.TrimSpace(raw), err.Error())
	}
	return phoneWithExt(v, ext), nil
}

func (a *App) applyEdits(ctx context.Context, actor *leadport.User, l *leadport.Lead, edits []FieldEdit, noteID int64) (*leadport.Lead, error) {
	users, err := a.Store.ListUsers(ctx, actor.AccountID)
	if err != nil {
		return nil, err
	}
	after := *l
	after.Vehicles = append([]leadport.Vehicle(nil), l.Vehicles...)
	cols := after.Columns()
	var changes []leadport.Change
	bad := map[string]string{}
	var msgs []string
	newVehicle := map[string]int{} // kind → index in after.Vehicles of the vehicle this edit adds
	for _, e := range edits {
		raw := strings.TrimSpace(e.Value)
		var value, ext string
		if raw != "" {
			var ok bool
			value, ext, ok, err = importer.Value(e.Field, raw, normalize.ISOOnly, users, time.Now())
			if !ok {
				return nil, leadport.Errorf(leadport.EINVALID, "%q is not a field of the customer card.", e.Field)
			}
			if err != nil {
				bad[FieldErrorKey(e)] = err.Error()
				msgs = append(msgs, fieldLabel(e.Field)+": “"+raw+"” is not accepted: "+err.Error()+".")
				continue
			}
		}
		if kind := vehicleKind(e.Field); kind != "" {
			i := -1
			for j := range after.Vehicles {
				if e.VehicleID != 0 && after.Vehicles[j].ID == e.VehicleID {
					i = j
				}
			}
			if e.VehicleID == 0 {
				if j, ok := newVehicle[kind]; ok {
					i = j
				} else if value != "" {
					after.Vehicles = append(after.Vehicles, leadport.Vehicle{Kind: kind})
					i = len(after.Vehicles) - 1
					newVehicle[kind] = i
				} else {
					continue
				}
			}
			if i < 0 {
				return nil, leadport.Errorf(leadport.ENOTFOUND, "Vehicle %d is not on customer card %d.", e.VehicleID, l.ID)
			}
			v := &after.Vehicles[i]
			if old := importer.VehicleField(v, e.Field); old != value {
				importer.SetVehicleField(v, e.Field, value)
				changes = append(changes, leadport.Change{UserID: actor.ID, Field: e.Field, Old: old, New: value, NoteID: noteID})
			}
			continue
		}
		c := importer.CardColumn(e.Field)
		if c < 0 {
			return nil, leadport.Errorf(leadport.EINVALID, "%q is not a field of the customer card.", e.Field)
		}
		old := storedValue(&after, e.Field)
		*cols[c] = value
		if isPhone(e.Field) {
			*cols[c+1] = ext
		}
		if n := storedValue(&after, e.Field); n != old {
			changes = append(changes, leadport.Change{UserID: actor.ID, Field: e.Field, Old: old, New: n, NoteID: noteID})
		}
	}
	if len(bad) > 0 {
		return nil, &FieldErrors{Fields: bad, Err: leadport.Errorf(leadport.EINVALID, "%s", strings.Join(msgs, " "))}
	}
	// A vehicle emptied of every value is removed.
	vs := after.Vehicles[:0]
	for _, v := range after.Vehicles {
		if !v.Empty() {
			vs = append(vs, v)
		}
	}
	after.Vehicles = vs
	if len(changes) == 0 {
		return l, nil
	}
	if after.FirstName == "" && after.LastName == "" && after.PhoneHome == "" && after.PhoneMobile == "" && after.PhoneWork == "" &&
		after.EmailHome == "" && after.EmailWork == "" {
		return nil, leadport.Errorf(leadport.EINVALID, "A customer card needs a name, a phone or an email: keep at least one of them.")
	}
	if err := a.Store.UpdateLead(ctx, &leadport.LeadEdit{Before: l, After: &after, Changes: changes}); err != nil {
		return nil, err
	}
	return a.Lead(ctx, actor, l.ID)
}

// storedValue is a field's value as the history records it: a phone with
// its extension.
func storedValue(l *leadport.Lead, key string) string {
	c := importer.CardColumn(key)
	if c < 0 {
		return ""
	}
	cols := l.Columns()
	if isPhone(key) {
		return phoneWithExt(*cols[c], *cols[c+1])
	}
	return *cols[c]
}

func phoneWithExt(number, ext string) string {
	if ext == "" {
		return number
	}
	return number + " ext. " + ext
}

func isPhone(key string) bool {
	return key == "phone_home" || key == "phone_mobile" || key == "phone_work"
}

func vehicleKind(key string) string {
	switch {
	case strings.HasPrefix(key, "wanted_"):
		return leadport.VehicleWanted
	case strings.HasPrefix(key, "exchange_"):
		return leadport.VehicleExchange
	}
	return ""
}

func fieldLabel(key string) string {
	f, _ := leadport.FieldByKey(key)
	return f.LabelEN
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
