// Package loader gathers the data requests of one GraphQL operation, so that
// many fields are answered by one database query: integrators put a dozen
// aliased aggregate fields in a request, and they cost one statement.
package loader

import (
	"context"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/graph-gophers/dataloader/v7"
	"github.com/vektah/gqlparser/v2/ast"

	"consumption/auth"
	"consumption/engine"
	"consumption/records"
)

// fallbackWait is how long a loader waits for more fields after the first,
// when fewer ask than the operation has (one failed before asking, or was
// skipped). Normally the batch starts as soon as the last field asks.
const fallbackWait = 2 * time.Millisecond

// aggregateFields are the root fields whose data the Aggregates loader loads.
var aggregateFields = map[string]bool{
	"consumptionSeries":    true,
	"consumptionSummary":   true,
	"consumptionAggregate": true,
}

// maxTypes is the most queries one field makes: one per type.
const maxTypes = 3

// AggregateKey is what one aggregate field asks for: a query per type. It is
// comparable, as a loader's key must be.
type AggregateKey struct {
	n       int
	queries [maxTypes]engine.Query
}

// NewAggregateKey returns the key of a field's queries, at most three.
func NewAggregateKey(qs []engine.Query) AggregateKey {
	var k AggregateKey
	k.n = copy(k.queries[:], qs)
	return k
}

// Loaders are the loaders of one operation, bound to its user.
type Loaders struct {
	// aggregates batches the operation's aggregate fields; nil when it has
	// only one, which compute answers at once.
	aggregates *dataloader.Loader[AggregateKey, []engine.Aggregate]
	compute    func(context.Context, []engine.Query) ([]engine.Aggregate, error)
}

// Aggregates answers the queries of an aggregate field, in their order:
// with those of every other aggregate field of the operation, in one plan
// read in one statement. The only aggregate field of an operation (most
// ask one) is answered at once, without the batch's goroutines, channels
// and timer: 5 to 12% of the server's work for a year's totals or a
// month's summary, one request at a time.
func (l *Loaders) Aggregates(ctx context.Context, qs []engine.Query) ([]engine.Aggregate, error) {
	if l.aggregates == nil {
		return l.compute(ctx, qs)
	}
	return l.aggregates.Load(ctx, NewAggregateKey(qs))()
}

type loadersKey struct{}

// For returns the loaders of the operation ctx belongs to, or nil when it has
// no signed-in user.
func For(ctx context.Context) *Loaders {
	l, _ := ctx.Value(loadersKey{}).(*Loaders)
	return l
}

// AroundOperations gives each operation of a signed-in user fresh loaders,
// so that nothing is cached from one operation to the next or shared between
// users. The operation is parsed by then, so the loader knows how many
// aggregate fields will ask, and starts its batch the moment the last does.
func AroundOperations(aggregates *records.Aggregates) graphql.OperationMiddleware {
	return func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		userID, ok := auth.UserID(ctx)
		if !ok {
			return next(ctx)
		}
		l := &Loaders{compute: func(ctx context.Context, qs []engine.Query) ([]engine.Aggregate, error) {
			return aggregates.Compute(ctx, userID, qs)
		}}
		// A root field is resolved once: counted once, it asks once.
		if n := countAggregateFields(graphql.GetOperationContext(ctx)); n != 1 {
			opts := []dataloader.Option[AggregateKey, []engine.Aggregate]{
				dataloader.WithWait[AggregateKey, []engine.Aggregate](fallbackWait),
			}
			if n > 0 {
				opts = append(opts, dataloader.WithBatchCapacity[AggregateKey, []engine.Aggregate](n))
			}
			l.aggregates = dataloader.NewBatchedLoader(aggregateBatch(l.compute), opts...)
		}
		return next(context.WithValue(ctx, loadersKey{}, l))
	}
}

// aggregateBatch answers the keys of a batch with one call to compute.
func aggregateBatch(compute func(context.Context, []engine.Query) ([]engine.Aggregate, error)) dataloader.BatchFunc[AggregateKey, []engine.Aggregate] {
	return func(ctx context.Context, keys []AggregateKey) []*dataloader.Result[[]engine.Aggregate] {
		var all []engine.Query
		for _, k := range keys {
			all = append(all, k.queries[:k.n]...)
		}
		aggs, err := compute(ctx, all)
		out := make([]*dataloader.Result[[]engine.Aggregate], len(keys))
		for i, k := range keys {
			if err != nil {
				out[i] = &dataloader.Result[[]engine.Aggregate]{Error: err}
				continue
			}
			out[i] = &dataloader.Result[[]engine.Aggregate]{Data: aggs[:k.n:k.n]}
			aggs = aggs[k.n:]
		}
		return out
	}
}

// countAggregateFields counts the aggregate fields among the root fields of
// the operation, through its fragments. A field skipped by a directive is
// counted too; then the batch starts after the fallback wait instead.
func countAggregateFields(op *graphql.OperationContext) int {
	if op == nil || op.Operation == nil || op.Operation.Operation != ast.Query {
		return 0
	}
	var count func(ast.SelectionSet, int) int
	count = func(set ast.SelectionSet, depth int) int {
		if depth > 8 { // fragments within fragments: the guard bounds them, this too
			return 0
		}
		n := 0
		for _, sel := range set {
			switch s := sel.(type) {
			case *ast.Field:
				if aggregateFields[s.Name] {
					n++
				}
			case *ast.InlineFragment:
				n += count(s.SelectionSet, depth+1)
			case *ast.FragmentSpread:
				if f := op.Doc.Fragments.ForName(s.Name); f != nil {
					n += count(f.SelectionSet, depth+1)
				}
			}
		}
		return n
	}
	return count(op.Operation.SelectionSet, 0)
}
