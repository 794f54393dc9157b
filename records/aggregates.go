package records

import (
	"context"
	"errors"

	"github.com/google/uuid"

	"consumption/domain"
	"consumption/engine"
	"consumption/store"
)

// Aggregates answers the aggregate queries of the charts: it plans every
// query of a request at once, has the store read what the plan needs in one
// statement, and lets the engine compute the figures.
type Aggregates struct {
	store *store.Store
}

// NewAggregates returns the aggregates of the records in st.
func NewAggregates(st *store.Store) *Aggregates {
	return &Aggregates{store: st}
}

// Compute answers the user's queries, in the order asked.
func (a *Aggregates) Compute(ctx context.Context, user uuid.UUID, queries []engine.Query) ([]engine.Aggregate, error) {
	plan, err := engine.NewPlan(queries)
	if err != nil {
		return nil, err
	}
	readings, err := a.store.ForUser(user).Aggregates.Read(ctx, plan.Read())
	if errors.Is(err, store.ErrNotFound) {
		// A token that outlived its account.
		return nil, errAccountGone
	}
	if err != nil {
		return nil, err
	}
	return plan.Compute(readings)
}

// errAccountGone answers a token that outlived its account as no sign-in at
// all.
var errAccountGone = domain.Errorf(domain.CodeUnauthenticated, "Sign in to do this: send an access token in the Authorization header.")
