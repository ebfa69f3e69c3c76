package importer

import (
	"testing"
	"time"

	"github.com/leadport/leadport"
	"github.com/leadport/leadport/internal/normalize"
)

// Every reason the importer can give has a French wording, so that a French
// reader's issue report and preview are French throughout.
func TestReasonsHaveFrench(t *testing.T) {
	_, yearErr := normalize.Year("1800", time.Now())
	reasons := []error{normalize.ErrNotCivility, normalize.ErrNotLocale, normalize.ErrNotDivision, normalize.ErrNotDate,
		normalize.ErrImpossibleDate, normalize.ErrTwoDigitYear, normalize.ErrDateOrder, normalize.ErrWeekday,
		normalize.ErrNotTime, normalize.ErrImpossibleTime, normalize.ErrNotEmail, normalize.ErrNotPhone,
		normalize.ErrNotProvince, normalize.ErrNotPostalCode, normalize.ErrNotCountry, normalize.ErrNotYear, yearErr,
		normalize.ErrNotVIN, normalize.ErrNotOdometer, normalize.ErrOdometerFraction, normalize.ErrOdometerNegative,
		normalize.ErrOdometerMiles, normalize.ErrOdometerTooLarge, errNoUser, errAmbiguousUser}
	texts := []string{"value beyond the last column of the header", "no name, phone or email to identify the customer",
		"no name, phone or email to identify the customer (bad values are listed on the other lines of this row)"}
	long := &record{}
	long.tooLong("Comment", "Comment", "x", 40_000)
	texts = append(texts, long.issues[0].Reason)
	for _, err := range reasons {
		texts = append(texts, err.Error())
	}
	for _, s := range texts {
		if fr := leadport.ReasonText(s, "fr"); fr == s || fr == "" {
			t.Errorf("no French for %q", s)
		}
		if en := leadport.ReasonText(s, "en"); en != s {
			t.Errorf("ReasonText(%q, en) = %q", s, en)
		}
	}
}
