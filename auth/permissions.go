package auth

import "consumption/domain"

// Need is what a field of the API asks of the caller's credential.
type Need int

// The needs of fields, from the least to the most.
const (
	// NeedRead is any signed-in caller: a session, or an API token of
	// either scope.
	NeedRead Need = iota
	// NeedWrite is a session, or an API token of scope READ_WRITE.
	NeedWrite
	// NeedSession is a person signed in with their password, never an API
	// token: managing API tokens, changing the password, deleting the
	// account. A token that could do these could make itself permanent or
	// lock its owner out.
	NeedSession
)

// The refusals of a credential that does not meet a field's need. They are
// shared: present copies of them, never change them.
var (
	ErrReadOnlyToken = domain.Errorf(domain.CodeForbidden,
		"This API token may only read; use a token of scope READ_WRITE to change data.")
	ErrSessionOnly = domain.Errorf(domain.CodeForbidden,
		"An API token cannot manage API tokens, change the password or delete the account; sign in with your password to do this.")
	ErrSignInByAPIToken = domain.Errorf(domain.CodeForbidden,
		"An API token cannot sign in or out; send this request without it.")
)

// Permit returns nil when the caller may use a field with the given need,
// and the FORBIDDEN error that says why not otherwise.
func (c Caller) Permit(n Need) error {
	if !c.ByAPIToken() {
		return nil
	}
	switch {
	case n == NeedSession:
		return ErrSessionOnly
	case n == NeedWrite && c.Scope != domain.ScopeReadWrite:
		return ErrReadOnlyToken
	}
	return nil
}
