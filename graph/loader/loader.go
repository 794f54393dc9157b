// Package loader gathers the data requests of one GraphQL request, so that
// many fields are answered by one database query: integrators put a dozen
// aliased aggregate fields in a request, and they cost one statement.
package loader

import (
	"context"
	"net/http"
	"time"

	"github.com/graph-gophers/dataloader/v7"

	"consumption/auth"
	"consumption/store"
)

// batchWait is how long a loader waits for more keys after the first. The
// fields of one request ask within microseconds of each other; the wait
// bounds the cost for a request with a single field.
const batchWait = 2 * time.Millisecond

// Loaders are the loaders of one request, bound to its user.
type Loaders struct {
	// Aggregates answers aggregate queries, all those of a request at once.
	Aggregates *dataloader.Loader[store.AggregateQuery, store.Aggregate]
}

type loadersKey struct{}

// For returns the loaders of the request ctx belongs to, or nil when it has
// no signed-in user.
func For(ctx context.Context) *Loaders {
	l, _ := ctx.Value(loadersKey{}).(*Loaders)
	return l
}

// Middleware gives each request of a signed-in user fresh loaders, so that
// nothing is cached from one request to the next or shared between users.
func Middleware(st *store.Store, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		userID, ok := auth.UserID(r.Context())
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		user := st.ForUser(userID)
		l := &Loaders{
			Aggregates: dataloader.NewBatchedLoader(
				func(ctx context.Context, qs []store.AggregateQuery) []*dataloader.Result[store.Aggregate] {
					aggs, err := user.Aggregates.Compute(ctx, qs)
					return results(len(qs), aggs, err)
				},
				dataloader.WithWait[store.AggregateQuery, store.Aggregate](batchWait),
			),
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), loadersKey{}, l)))
	})
}

// results spreads a batch's n answers, or its one error, over its keys.
func results[V any](n int, vs []V, err error) []*dataloader.Result[V] {
	out := make([]*dataloader.Result[V], n)
	for i := range out {
		if err != nil {
			out[i] = &dataloader.Result[V]{Error: err}
		} else {
			out[i] = &dataloader.Result[V]{Data: vs[i]}
		}
	}
	return out
}
