package graph

import (
	"math"
	"time"

	"consumption/domain"
	"consumption/engine"
	"consumption/graph/model"
	"consumption/meters"
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
// times over; an aggregate field costs the work of its types' buckets and
// days; signing in costs a password hash.
func setComplexity(c *ComplexityRoot) {
	c.Query.ConsumptionRecords = func(child int, _ *model.RecordFilter, _ *model.RecordOrder, first *int, _ *string) int {
		return listCost(child, pageSize(first, records.DefaultPageSize, records.MaxPageSize), records.MaxPageSize)
	}
	c.Query.DeletedConsumptionRecords = func(child int, _ time.Time, first *int, _ *string) int {
		return listCost(child, pageSize(first, domain.DefaultDeletedPage, domain.MaxDeletedPage), domain.MaxDeletedPage)
	}
	c.Query.APITokens = func(child int) int { return listCost(child, domain.MaxAPITokens, domain.MaxAPITokens) }
	c.Meter.Readings = func(child int, first *int, _ *string) int {
		return listCost(child, pageSize(first, meters.DefaultReadingsPage, meters.MaxReadingsPage), meters.MaxReadingsPage)
	}
	// A user has at most domain.MaxMeters meters, and a bulk of readings
	// answers with as many readings as it adds.
	c.Query.Meters = func(child int) int { return listCost(child, domain.MaxMeters, domain.MaxMeters) }
	c.Mutation.AddMeterReadings = func(child int, input []*model.AddMeterReadingInput) int {
		n := min(max(len(input), 1), domain.MaxBulkReadings)
		return listCost(child, n, domain.MaxBulkReadings)
	}
	c.Query.ConsumptionSeries = func(child int, f *model.AggregateFilter, g model.Granularity, _ *model.UnitsInput) int {
		return aggregateCost(child, f, domain.Granularity(g), 1)
	}
	c.Query.ConsumptionAggregate = func(child int, f *model.AggregateFilter, groupBy []model.AggregateGroup, g model.Granularity, _ *model.UnitsInput) int {
		return aggregateCost(child, f, aggregateGrain(groupBy, g), 1)
	}
	c.Query.ConsumptionSummary = func(child int, f *model.AggregateFilter, _ *model.UnitsInput) int {
		// The range, its previous period and the same dates a year earlier.
		return aggregateCost(child, f, "", 3)
	}
	c.Query.ConsumptionForecast = func(child int, types []model.ConsumptionType, g model.PeriodGranularity, _ *model.UnitsInput, _ model.BudgetMeasure) int {
		return forecastCost(child, types, domain.Granularity(g))
	}
	costField := func(child int) int { return addCapped(costFieldCost, child) }
	for _, f := range []*func(int) int{
		&c.ConsumptionSeries.Currency, &c.ConsumptionSeries.TotalCost, &c.ConsumptionSeries.CostCoverage,
		&c.SeriesPoint.Cost, &c.SeriesPoint.CostCoverage,
		&c.TypeSummary.Currency, &c.TypeSummary.Cost, &c.TypeSummary.CostCoverage,
		&c.TypeSummary.PreviousPeriodCost, &c.TypeSummary.PreviousYearCost,
		&c.AggregateRow.Currency, &c.AggregateRow.Cost, &c.AggregateRow.CostCoverage,
		&c.Forecast.Currency, &c.Forecast.ExpectedCost,
	} {
		*f = costField
	}
	hashing := func(child int) int { return addCapped(passwordHashCost, child) }
	c.Mutation.Login = func(child int, _ model.LoginInput) int { return hashing(child) }
	c.Mutation.Register = func(child int, _ model.RegisterInput) int { return hashing(child) }
	c.Mutation.ChangePassword = func(child int, _ model.ChangePasswordInput) int { return hashing(child) }
	c.Mutation.DeleteAccount = func(child int, _ string) int { return hashing(child) }
}

// pageSize returns the items a list with the argument first returns at
// most: def when absent, and from 1 to most (a page of none costs as one).
func pageSize(first *int, def, most int) int {
	if first == nil {
		return def
	}
	return min(max(*first, 1), most)
}

// listCost prices a list of n items (at most most) that each cost child.
func listCost(child, n, most int) int {
	return addCapped(1, min(child, math.MaxInt32/most)*n)
}

// costFieldCost is what a cost field costs where an amount costs 1: asking
// for any of them makes the engine sweep the buckets again for costs, with
// exact fractions priced bucket by bucket and rounded to the currency's
// minor unit, and the statement read tariffs and cut at their edges. An
// aggregate field multiplies it, as all it selects, by its buckets.
const costFieldCost = 3

// aggregateWorkPerCost is how much of an aggregate field's work one unit of
// complexity buys. The work of a type is the buckets it answers, each with
// the fields selected, and the days whose records it reads (a type has at
// most one record a day); the engine's is linear in both, and so are the
// statement's and the answer's. At ten per unit, a request within the
// limit of 10,000 reads at most a million days and answers at most about
// 100,000 selected fields of buckets: fifteen aliased daily series of a
// thousand days pass, and a few dozen do not.
const aggregateWorkPerCost = 10

// aggregateCost prices an aggregate field by its work: for each type asked,
// its buckets (one for the whole range when g is "") times what it selects,
// and the days of the range times the periods it reads. An absent range is
// the current month so far; a range with only a start runs to today.
func aggregateCost(child int, f *model.AggregateFilter, g domain.Granularity, periods int) int {
	types := len(domain.Types)
	// A day that is today in some time zone is at most a day after UTC's.
	today := domain.DateOf(time.Now().UTC()).AddDays(1)
	from, to := today.AddDays(-30), today
	if f != nil {
		if len(f.Types) > 0 {
			types = min(len(f.Types), len(domain.Types))
		}
		switch {
		case f.From != nil && f.To != nil:
			from, to = *f.From, *f.To
		case f.To != nil:
			from, to = domain.MonthSoFar(*f.To)
		case f.From != nil:
			from = *f.From
		}
	}
	if to.Before(from) || domain.CheckRange(from, to) != nil {
		return 1 // refused before anything is read
	}
	buckets := 1
	if g.Valid() {
		buckets = min(g.CountBuckets(from, to), domain.MaxBuckets)
	}
	work := buckets*min(max(child, 1), math.MaxInt32) + periods*(to.DaysSince(from)+1)
	return addCapped(1, types*((work+aggregateWorkPerCost-1)/aggregateWorkPerCost))
}

// forecastCost prices a forecast by its work, as an aggregate's: for each
// type asked, the days it reads, each a daily bucket the engine answers,
// and what it selects, once.
func forecastCost(child int, types []model.ConsumptionType, g domain.Granularity) int {
	// A day that is today in some time zone is at most a day after UTC's.
	today := domain.DateOf(time.Now().UTC()).AddDays(1)
	qs, err := engine.ForecastQuery{Type: domain.Gas, Unit: domain.KilowattHour, Granularity: g, Today: today}.Queries()
	if err != nil {
		return 1 // refused before anything is read
	}
	days := 0
	for _, q := range qs {
		days += q.To.DaysSince(q.From) + 1
	}
	work := 2*days + min(max(child, 1), math.MaxInt32/2)
	return addCapped(1, len(askedTypes(types))*((work+aggregateWorkPerCost-1)/aggregateWorkPerCost))
}

// addCapped adds two costs without overflowing: a child's cost can be as
// large as gqlgen's own sums make it.
func addCapped(a, b int) int {
	if a > math.MaxInt32-b {
		return math.MaxInt32
	}
	return a + b
}
