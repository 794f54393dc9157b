package live

import "context"

type connKey struct{}

// WithConn returns a context carrying the client connection c, in which
// subscriptions of the connection's user start.
func WithConn(ctx context.Context, c *Conn) context.Context {
	return context.WithValue(ctx, connKey{}, c)
}

// ConnFrom returns the client connection of ctx, or nil when ctx belongs to
// none (a request over plain HTTP).
func ConnFrom(ctx context.Context) *Conn {
	c, _ := ctx.Value(connKey{}).(*Conn)
	return c
}
