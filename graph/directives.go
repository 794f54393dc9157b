package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"consumption/auth"
)

// requireUser implements @auth: the field resolves only for a signed-in user.
// The HTTP layer has already refused invalid tokens, so a request reaching
// here either carries a verified user id or no token at all.
func requireUser(ctx context.Context, _ any, next graphql.Resolver) (any, error) {
	if _, ok := auth.UserID(ctx); !ok {
		return nil, errSignInRequired
	}
	return next(ctx)
}
