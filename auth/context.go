package auth

import (
	"context"

	"github.com/google/uuid"
)

type userIDKey struct{}

// WithUserID returns a context carrying the id of the signed-in user.
func WithUserID(ctx context.Context, id uuid.UUID) context.Context {
	return context.WithValue(ctx, userIDKey{}, id)
}

// UserID returns the id of the signed-in user, and false when nobody is.
func UserID(ctx context.Context) (uuid.UUID, bool) {
	id, ok := ctx.Value(userIDKey{}).(uuid.UUID)
	return id, ok
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
