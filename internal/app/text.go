package app

import (
	"strings"
	"unicode/utf8"

	"github.com/leadport/leadport"
)

// CheckText refuses a value that no text holds: a NUL character, or bytes
// that are not UTF-8 (SPEC §10). PostgreSQL refuses both where SQLite would
// store them, so every value that reaches the store is checked here, and the
// two databases answer alike. what names the value for people, e.g. "The
// file's name"; values are checked in order.
func CheckText(what string, values ...string) error {
	for _, v := range values {
		switch {
		case strings.IndexByte(v, 0) >= 0:
			return leadport.Errorf(leadport.EINVALID, "%s holds a NUL character, which no text has.", what)
		case !utf8.ValidString(v):
			return leadport.Errorf(leadport.EINVALID, "%s holds bytes that are not UTF-8 text.", what)
		}
	}
	return nil
}
