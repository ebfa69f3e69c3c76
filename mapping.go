package leadport

import (
	"strconv"
	"strings"
	"time"
)

// SavedMapping is the mapping a user saved for a file's header: it is
// remembered for the account and proposed first the next time a file with
// the same header comes (SPEC §3).
type SavedMapping struct {
	AccountID int64
	Header    []string
	Mapping   []string // one entry per column of Header (see MappingEntry)
	ImportID  int64    // the import it was saved with
	SavedAt   time.Time
}

// MappingEntry writes one column's entry of a mapping: the field key, ""
// for a column left out, or, for a phone or email column whose slot
// another column names row by row ("Phone 1 - Type" = Mobile), "key@N"
// where N is that column's number from 1; key's slot is used when it names
// none.
func MappingEntry(key string, slotFrom int) string {
	if key == "" || slotFrom < 0 {
		return key
	}
	return key + "@" + strconv.Itoa(slotFrom+1)
}

// ParseMappingEntry reads a mapping entry: its field key, and the index of
// the column naming the slot per row (-1 when none). ok is false when the
// entry is malformed.
func ParseMappingEntry(e string) (key string, slotFrom int, ok bool) {
	key, col, found := strings.Cut(e, "@")
	if !found {
		return e, -1, true
	}
	n, err := strconv.Atoi(col)
	if err != nil || n < 1 || strconv.Itoa(n) != col {
		return key, -1, false
	}
	return key, n - 1, true
}
