package domain

import (
	"errors"
	"strings"
	"time"
)

// Code says what kind of failure an error is. The values are those of the
// API's extensions.code.
type Code string

// The codes the domain produces. The GraphQL layer adds its own for parse and
// validation failures, and INTERNAL_SERVER_ERROR for everything unexpected.
const (
	CodeInvalid         Code = "BAD_USER_INPUT"
	CodeUnauthenticated Code = "UNAUTHENTICATED"
	CodeForbidden       Code = "FORBIDDEN"
	CodeNotFound        Code = "NOT_FOUND"
	CodeConflict        Code = "CONFLICT"
	CodeRateLimited     Code = "RATE_LIMITED"
	CodeUnavailable     Code = "SERVICE_UNAVAILABLE"
	// CodeLimitExceeded refuses a live connection or subscription past
	// what one user may hold at once.
	CodeLimitExceeded Code = "LIMIT_EXCEEDED"
)

// Error is a failure the client can act on: it carries a code, a sentence for
// a person, and where it applies the input field and the index of the item in
// a list.
type Error struct {
	Code    Code
	Message string
	// Field names the input field at fault, as the schema spells it.
	Field string
	// Index is the position of the item at fault in a list input, or -1.
	Index int
	// RetryAfter says when a RATE_LIMITED request may be tried again.
	RetryAfter time.Duration
	// ConflictingID names the existing record a CONFLICT collides with.
	ConflictingID string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an error with the given code and message.
func Errorf(code Code, message string) *Error {
	return &Error{Code: code, Message: message, Index: -1}
}

// Invalid returns a BAD_USER_INPUT error on field.
func Invalid(field, message string) *Error {
	return &Error{Code: CodeInvalid, Message: message, Field: field, Index: -1}
}

// ErrSignInRequired answers a request that needs a signed-in user and has
// none, or whose account was deleted after its token was issued. It is
// shared: present copies of it, never change it.
var ErrSignInRequired = Errorf(CodeUnauthenticated, "Sign in to do this: send an access token in the Authorization header.")

// ErrorCode returns the code of err, or "" when err is not a domain error.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// Errors is a list of errors found at once, such as every invalid field of
// every item of a bulk input. It is never empty when returned as an error.
type Errors []*Error

func (es Errors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Message
	}
	return strings.Join(msgs, " ")
}

// Err returns es as an error, or nil when it is empty.
func (es Errors) Err() error {
	if len(es) == 0 {
		return nil
	}
	return es
}

// AtIndex returns a copy of es with every error's Index set to i.
func (es Errors) AtIndex(i int) Errors {
	out := make(Errors, len(es))
	for n, e := range es {
		c := *e
		c.Index = i
		out[n] = &c
	}
	return out
}
