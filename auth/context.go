package auth

import (
	"context"
	"time"

	"github.com/google/uuid"

	"consumption/domain"
)

// Caller is whom a request acts for, and with what credential: a person's
// session (an access token), or an API token with its scope.
type Caller struct {
	UserID uuid.UUID
	// APIToken is the id of the API token the request came with, or
	// uuid.Nil for a person's session.
	APIToken uuid.UUID
	// Scope is what the API token allows; "" for a session, which may do
	// everything.
	Scope domain.Scope
	// Session is the session of an access token; uuid.Nil for an API
	// token.
	Session uuid.UUID
	// ExpiresAt is when the credential stops working; zero for an API
	// token that never expires.
	ExpiresAt time.Time
}

// ByAPIToken reports whether the caller came with an API token.
func (c Caller) ByAPIToken() bool { return c.APIToken != uuid.Nil }

// Credential returns the id under which the caller's credential is revoked:
// its API token's, or its session's.
func (c Caller) Credential() uuid.UUID {
	if c.ByAPIToken() {
		return c.APIToken
	}
	return c.Session
}

type callerKey struct{}

// WithCaller returns a context carrying the request's caller.
func WithCaller(ctx context.Context, c Caller) context.Context {
	return context.WithValue(ctx, callerKey{}, c)
}

// WithUserID returns a context carrying a person signed in as the user.
func WithUserID(ctx context.Context, id uuid.UUID) context.Context {
	return WithCaller(ctx, Caller{UserID: id})
}

// CallerOf returns the request's caller, and false when nobody is signed
// in.
func CallerOf(ctx context.Context) (Caller, bool) {
	c, ok := ctx.Value(callerKey{}).(Caller)
	return c, ok
}

// UserID returns the id of the signed-in user, and false when nobody is.
func UserID(ctx context.Context) (uuid.UUID, bool) {
	c, ok := CallerOf(ctx)
	return c.UserID, ok
}

type clientAddrKey struct{}

// WithClientAddr returns a context carrying the network address of the
// client, without its port: the login throttle counts failures by it.
func WithClientAddr(ctx context.Context, addr string) context.Context {
	return context.WithValue(ctx, clientAddrKey{}, addr)
}

// ClientAddr returns the network address of the client, or "".
func ClientAddr(ctx context.Context) string {
	addr, _ := ctx.Value(clientAddrKey{}).(string)
	return addr
}
