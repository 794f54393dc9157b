package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

	"consumption/auth"
	"consumption/graph/model"
)

// requireUser implements @auth: the field resolves only for a signed-in
// caller whose credential meets the field's need. The HTTP layer has
// already refused invalid tokens, so a request reaching here either
// carries a verified caller or no token at all.
func requireUser(ctx context.Context, _ any, next graphql.Resolver, requires *model.Access) (any, error) {
	caller, ok := auth.CallerOf(ctx)
	if !ok {
		return nil, errSignInRequired
	}
	if err := caller.Permit(fieldNeed(graphql.GetFieldContext(ctx), requires)); err != nil {
		return nil, err
	}
	return next(ctx)
}

// fieldNeed returns what a field with @auth(requires:) asks: what it says,
// or, when it says nothing, reading for a query and writing for a mutation.
func fieldNeed(field *graphql.FieldContext, requires *model.Access) auth.Need {
	switch {
	case requires != nil && *requires == model.AccessSession:
		return auth.NeedSession
	case requires != nil && *requires == model.AccessWrite:
		return auth.NeedWrite
	case requires != nil:
		return auth.NeedRead
	case field != nil && field.Object == "Mutation":
		return auth.NeedWrite
	}
	return auth.NeedRead
}

// refuseAPITokens implements @signIn: the field needs no caller, and
// refuses a request that comes with an API token.
func refuseAPITokens(ctx context.Context, _ any, next graphql.Resolver) (any, error) {
	if caller, ok := auth.CallerOf(ctx); ok && caller.ByAPIToken() {
		return nil, auth.ErrSignInByAPIToken
	}
	return next(ctx)
}
