package records

import (
	"context"
	"errors"
	"sync"

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
	buf := intervalBuffers.Get().(*[]engine.Interval)
	readings, err := a.store.ForUser(user).Aggregates.ReadInto(ctx, plan.Read(), *buf)
	if errors.Is(err, store.ErrNotFound) {
		// A token that outlived its account.
		return nil, domain.ErrSignInRequired
	}
	if err != nil {
		return nil, err
	}
	aggs, err := plan.Compute(readings)
	// The aggregates hold nothing of the intervals: the engine copies
	// what it needs of them.
	if cap(readings.Intervals) <= maxBufferedIntervals {
		*buf = readings.Intervals[:0]
		intervalBuffers.Put(buf)
	}
	return aggs, err
}

// intervalBuffers are the intervals of earlier reads, for the room they
// have (see store.Aggregates.ReadInto). One that grew past
// maxBufferedIntervals (ten years of daily records of each type) is left
// to the collector rather than kept.
var intervalBuffers = sync.Pool{New: func() any { return new([]engine.Interval) }}

const maxBufferedIntervals = 16 << 10
