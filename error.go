package leadport

import (
	"errors"
	"fmt"
)

// Error codes. Every error shown to a person carries one of these.
const (
	EINVALID   = "invalid"   // the request or the file is not acceptable as is
	EFORBIDDEN = "forbidden" // the acting user may not do this
	ENOTFOUND  = "not_found" // no such record (or not visible to the user)
	ECONFLICT  = "conflict"  // the record is not in a state that allows this
	EUNAUTH    = "unauthenticated"
	EINTERNAL  = "internal"
)

// Error is an error meant for a person: its Message is a sentence a
// dealership director can act on. Any other error is internal: it is logged
// and shown as "internal error".
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the *Error in err's chain, EINTERNAL for any
// other non-nil error and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of the *Error in err's chain, or
// "Internal error." for any other error.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}
