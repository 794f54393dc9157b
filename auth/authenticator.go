package auth

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// ErrCannotVerify means that whether a token was revoked could not be
// known: the instance is not sure to have heard of every revocation, and
// the database did not answer. The request is refused, never let through.
var ErrCannotVerify = errors.New("auth: cannot tell whether the token was revoked")

// Authenticator tells whom a request's bearer token is for: a person's
// session, by an access token, or a script, by an API token.
type Authenticator struct {
	tokens      *Tokens
	revocations *Revocations
	apiTokens   *APITokens
}

// NewAuthenticator returns an Authenticator of access tokens signed by
// tokens, sessions signed out and API tokens revoked as revocations tells,
// and API tokens kept by apiTokens.
func NewAuthenticator(tokens *Tokens, revocations *Revocations, apiTokens *APITokens) *Authenticator {
	return &Authenticator{tokens: tokens, revocations: revocations, apiTokens: apiTokens}
}

// Authenticate returns the caller of a bearer token. A token that is not
// valid now (malformed, forged, expired, of a session signed out, revoked)
// is ErrInvalidToken; one whose revocation cannot be known is
// ErrCannotVerify. It asks nothing of the database while this instance
// hears of every revocation and knows the token.
func (a *Authenticator) Authenticate(ctx context.Context, token string) (Caller, error) {
	if IsAPIToken(token) {
		return a.apiTokens.Verify(ctx, token)
	}
	access, err := a.tokens.Verify(token)
	if err != nil {
		return Caller{}, err
	}
	revoked, err := a.revocations.Revoked(ctx, access.Session)
	switch {
	case err != nil:
		return Caller{}, fmt.Errorf("%w: %w", ErrCannotVerify, err)
	case revoked:
		return Caller{}, ErrInvalidToken
	}
	return Caller{UserID: access.UserID, Session: access.Session, ExpiresAt: access.ExpiresAt}, nil
}

// Ended reports whether the caller's credential has ended by now, as far
// as this instance knows without asking the database: it has expired, or
// its session was signed out or its API token revoked. It is for the live
// connections, which check every credential they hold every second: while
// the instance may have missed a revocation, it says what it knows, and
// OnRevoked tells of the revocation once heard.
func (a *Authenticator) Ended(c Caller, now time.Time) bool {
	if !c.ExpiresAt.IsZero() && !now.Before(c.ExpiresAt) {
		return true
	}
	return a.revocations.RevokedInMemory(c.Credential())
}

// OnRevoked sets fn to be told of each session signed out and each API
// token revoked as this instance learns of it, by the id that
// Caller.Credential returns. fn must not wait.
func (a *Authenticator) OnRevoked(fn func(credential uuid.UUID)) {
	a.revocations.OnRevoked(fn)
}
