package graph

import (
	"math"

	"consumption/domain"
	"consumption/graph/model"
	"consumption/records"
)

// The price of each field for the complexity limit is knowledge of the
// schema: which fields return lists, how many items an argument asks for, and
// which resolvers hash a password or read hundreds of buckets. So it lives
// here, beside the resolvers whose cost it states; the HTTP layer only
// decides the limit and refuses operations above it.

// passwordHashCost is what a field that hashes a password costs: an argon2id
// hash takes tens of milliseconds of CPU, as much as a few hundred fields, so
// one request cannot ask for hundreds of them.
const passwordHashCost = 400

// setComplexity prices the fields whose cost grows with an argument. A
// connection returns up to `first` items, so what it selects costs that many
// times over; a series or an aggregate by period costs with its types and its
// hundreds of buckets; signing in costs a password hash.
func setComplexity(c *ComplexityRoot) {
	c.Query.ConsumptionRecords = func(child int, _ *model.RecordFilter, _ *model.RecordOrder, first *int, _ *string) int {
		n := records.DefaultPageSize
		if first != nil {
			n = min(max(*first, 1), records.MaxPageSize)
		}
		return addCapped(1, min(child, math.MaxInt32/records.MaxPageSize)*n)
	}
	c.Query.ConsumptionSeries = func(child int, f *model.AggregateFilter, g model.Granularity, _ *model.UnitsInput) int {
		return aggregateCost(child, f, domain.Granularity(g))
	}
	c.Query.ConsumptionAggregate = func(child int, f *model.AggregateFilter, groupBy []model.AggregateGroup, g model.Granularity, _ *model.UnitsInput) int {
		return aggregateCost(child, f, aggregateGrain(groupBy, g))
	}
	hashing := func(child int) int { return addCapped(passwordHashCost, child) }
	c.Mutation.Login = func(child int, _ model.LoginInput) int { return hashing(child) }
	c.Mutation.Register = func(child int, _ model.RegisterInput) int { return hashing(child) }
	c.Mutation.ChangePassword = func(child int, _ model.ChangePasswordInput) int { return hashing(child) }
	c.Mutation.DeleteAccount = func(child int, _ string) int { return hashing(child) }
}

// aggregateCost prices an aggregate field: what it selects, for each type
// asked, once per hundred buckets (a month of days when the range is left to
// the server), so that a request holds a few dozen of the largest series and
// any number of small ones up to the limit.
func aggregateCost(child int, f *model.AggregateFilter, g domain.Granularity) int {
	types, buckets := len(domain.Types), 31
	if f != nil {
		if len(f.Types) > 0 {
			types = min(len(f.Types), len(domain.Types))
		}
		if f.From != nil && f.To != nil && !f.To.Before(*f.From) && g.Valid() {
			buckets = min(g.CountBuckets(*f.From, *f.To), domain.MaxBuckets)
		}
	}
	if !g.Valid() {
		buckets = 1 // one row per type for the whole range
	}
	return addCapped(1, min(child, math.MaxInt32/(3*domain.MaxBuckets))*types*((buckets+99)/100))
}

// addCapped adds two costs without overflowing: a child's cost can be as
// large as gqlgen's own sums make it.
func addCapped(a, b int) int {
	if a > math.MaxInt32-b {
		return math.MaxInt32
	}
	return a + b
}
