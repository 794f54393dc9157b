package domain

import (
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
)

// The limits on API tokens.
const (
	// MaxAPITokenNameLength bounds a token's name, in characters.
	MaxAPITokenNameLength = 100
	// MaxAPITokens is the most tokens one user may have, expired ones
	// included, until they revoke some: each is a way into the account
	// that someone should know about.
	MaxAPITokens = 50
	// MaxAPITokenLifetime is the latest a token may be set to expire, from
	// its creation. A token may also never expire.
	MaxAPITokenLifetime = 366 * 24 * time.Hour
)

// Scope is what an API token allows.
type Scope string

// The scopes of API tokens.
const (
	// ScopeRead allows queries (and subscriptions), no mutation.
	ScopeRead Scope = "READ"
	// ScopeReadWrite allows queries and mutations, but for those that
	// only a person signed in with a password may call.
	ScopeReadWrite Scope = "READ_WRITE"
)

// Valid reports whether s is one of the scopes.
func (s Scope) Valid() bool { return s == ScopeRead || s == ScopeReadWrite }

// APITokenInput is an API token as a person asks for it.
type APITokenInput struct {
	Name  string
	Scope Scope
	// ExpiresAt is when the token stops working; nil for never.
	ExpiresAt *time.Time
}

// Validate checks the input at the given time: a name of plain text on one
// line, a scope, and an expiry in the future and within
// MaxAPITokenLifetime.
func (in APITokenInput) Validate(now time.Time) Errors {
	var errs Errors
	if strings.TrimSpace(in.Name) == "" {
		errs = append(errs, Invalid("name", `Give the token a name that says where it is used, such as "Home Assistant".`))
	} else if err := checkText(in.Name, "name", "A name", MaxAPITokenNameLength, false); err != nil {
		errs = append(errs, err)
	}
	if !in.Scope.Valid() {
		errs = append(errs, Invalid("scope", fmt.Sprintf("%q is not a scope: use READ or READ_WRITE.", in.Scope)))
	}
	if in.ExpiresAt != nil {
		switch {
		case !in.ExpiresAt.After(now):
			errs = append(errs, Invalid("expiresAt", "The expiry must be in the future; leave it out for a token that never expires."))
		case in.ExpiresAt.Sub(now) > MaxAPITokenLifetime:
			errs = append(errs, Invalid("expiresAt", fmt.Sprintf(
				"A token may last at most %d days; choose an earlier expiry, or none.", int(MaxAPITokenLifetime/(24*time.Hour)))))
		}
	}
	return errs
}

// APIToken is a stored API token, without its secret, which is never
// stored.
type APIToken struct {
	ID        uuid.UUID
	UserID    uuid.UUID
	Name      string
	Scope     Scope
	CreatedAt time.Time
	// ExpiresAt is nil for a token that never expires.
	ExpiresAt *time.Time
	// LastUsedAt is nil for a token never used.
	LastUsedAt *time.Time
}

// Expired reports whether the token has expired at the given time.
func (t APIToken) Expired(now time.Time) bool {
	return t.ExpiresAt != nil && !now.Before(*t.ExpiresAt)
}
