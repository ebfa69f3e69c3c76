package importer

import (
	"strings"
	"time"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/normalize"
)

// Value reads one value typed for a card field exactly as an import reads it
// from a cell of a column mapped to that field: the same normalisation, and
// for a bad value the same reason as the issue report gives. users are the
// account's, for the advisor and the BDC agent; dates are ISO, or the order
// given. It returns the stored form, and the extension for a phone.
// full_name and note are not single fields of the card: ok is false for
// them and for unknown keys.
func Value(key, raw string, order normalize.DateOrder, users []*leadport.User, now time.Time) (value, ext string, ok bool, err error) {
	if key == "full_name" || key == "note" {
		return "", "", false, nil
	}
	if _, known := leadport.FieldByKey(key); !known {
		return "", "", false, nil
	}
	rd := newReader(Settings{Header: []string{key}, Mapping: []string{key}, Delimiter: ',', DateOrder: order}, users, now)
	c := rd.columns[0]
	switch {
	case c.dst == cPhoneHome || c.dst == cPhoneMobile || c.dst == cPhoneWork:
		value, ext, err = normalize.Phone(raw, "CA")
	case c.norm != nil:
		value, err = c.norm(rd, raw)
	default:
		var r record
		if err = rd.vehicle(&r, key, raw); err == nil {
			v := r.vehicles[vWanted]
			if strings.HasPrefix(key, "exchange_") {
				v = r.vehicles[vExchange]
			}
			value = VehicleField(&v, key)
		}
	}
	return value, ext, true, err
}

// VehicleField returns the field of v that key (wanted_make,
// exchange_odometer…) names, or "" if key is not a vehicle field.
func VehicleField(v *leadport.Vehicle, key string) string {
	if p := vehiclePtr(v, key); p != nil {
		return *p
	}
	return ""
}

// SetVehicleField sets the field of v that key names; false if key is not
// a vehicle field.
func SetVehicleField(v *leadport.Vehicle, key, value string) bool {
	p := vehiclePtr(v, key)
	if p != nil {
		*p = value
	}
	return p != nil
}

func vehiclePtr(v *leadport.Vehicle, key string) *string {
	switch key {
	case "wanted_make", "exchange_make":
		return &v.Make
	case "wanted_model", "exchange_model":
		return &v.Model
	case "wanted_trim":
		return &v.Trim
	case "wanted_year", "exchange_year":
		return &v.Year
	case "wanted_vin", "exchange_vin":
		return &v.VIN
	case "exchange_odometer":
		return &v.Odometer
	}
	return nil
}

// CardColumn returns the index in leadport.CardColumns (and Lead.Columns)
// of the column a field is stored in, or -1 for vehicle fields. A phone's
// extension is in the next column.
func CardColumn(key string) int {
	if cv, ok := cardValues[key]; ok {
		return cv.dst
	}
	return -1
}
