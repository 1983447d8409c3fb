package delivery

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/hookflow/hookflow/store"
)

// Error is a failure the caller should see, with the HTTP status that
// says what kind it is (400, 404, 409 or 422) and a message that says
// what was wrong and what to do.
type Error struct {
	Status  int
	Message string
	// Err is the cause, for logs; nil when the message says it all.
	Err error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return e.Message + ": " + e.Err.Error()
	}
	return e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// errorf returns an *Error with status and a formatted message.
func errorf(status int, format string, args ...any) *Error {
	return &Error{Status: status, Message: fmt.Sprintf(format, args...)}
}

// problems gathers the problems of one input, to report them all at once.
type problems []string

func (p *problems) add(format string, args ...any) { *p = append(*p, fmt.Sprintf(format, args...)) }

// err returns the problems as one *Error with status, or nil when there
// are none.
func (p problems) err(status int) error {
	if len(p) == 0 {
		return nil
	}
	return &Error{Status: status, Message: strings.Join(p, "; ")}
}

// notFound maps store.ErrNotFound of a lookup of what (such as "webhook")
// by id to a 404 *Error; other errors pass through.
func notFound(err error, what, id string) error {
	if errors.Is(err, store.ErrNotFound) {
		return &Error{Status: http.StatusNotFound, Message: fmt.Sprintf("there is no %s with id %q", what, id), Err: err}
	}
	return err
}
