package graph

import (
	"context"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"consumption/auth"
	"consumption/graph/loader"
	"consumption/records"
)

// NewSchema returns the API's executable schema: the resolvers, the @auth
// directive, and the price of each field for the complexity limit. The HTTP
// layer serves it and sets the limits. r keeps it, to marshal through
// gqlgen's code what a type that marshals itself cannot (a record's meter).
func NewSchema(r *Resolver) graphql.ExecutableSchema {
	cfg := Config{
		Resolvers:  r,
		Directives: DirectiveRoot{Auth: requireUser, SignIn: refuseAPITokens},
	}
	setComplexity(&cfg.Complexity)
	r.schema = NewExecutableSchema(cfg).(*executableSchema)
	return r.schema
}

// AroundOperations sets up what one operation's resolvers share: the
// signed-in user's account, read once when a field first needs it, the
// loaders that gather its fields' reads, and the cache of its meters. The
// HTTP layer installs it on the GraphQL server. A subscription shares none
// of them: it lasts too long to keep what it read once.
func (r *Resolver) AroundOperations(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	if op := graphql.GetOperationContext(ctx).Operation; op != nil && op.Operation == ast.Subscription {
		return next(ctx)
	}
	if user, ok := auth.UserID(ctx); ok {
		ctx = records.WithAccountCache(ctx, user)
	}
	return loader.AroundOperations(r.Aggregates)(withMeterCache(ctx), next)
}

// SDL returns the schema as written in schema.graphqls, descriptions and
// directives included, for integrators to download and generate clients
// from.
func SDL() string {
	var b strings.Builder
	for _, src := range sources {
		if !src.BuiltIn {
			b.WriteString(src.Input)
		}
	}
	return b.String()
}
