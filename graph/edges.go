package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"consumption/graph/model"
)

// marshalEdgesConcurrently marshals edges as the code gqlgen generates for
// a list of objects does: each edge in a goroutine of its own, so that the
// resolvers of their records' meters wait together and load in one batch.
// model.RecordEdges writes every other selection itself, and hands this one
// those that reach a meter.
func (r *Resolver) marshalEdgesConcurrently(ctx context.Context, sel ast.SelectionSet, edges []*model.ConsumptionRecordEdge) graphql.Marshaler {
	// The operation's context, as gqlgen's executor makes it, without a
	// channel for deferred results: the HTTP transport sends only the
	// first response, and a deferred fragment's send gives up when the
	// request ends.
	ec := newExecutionContext(graphql.GetOperationContext(ctx), r.schema, nil)
	return graphql.MarshalSliceConcurrently(ctx, len(edges), 0, false, func(ctx context.Context, i int) graphql.Marshaler {
		graphql.GetFieldContext(ctx).Result = &edges[i]
		return ec._ConsumptionRecordEdge(ctx, sel, edges[i])
	})
}
