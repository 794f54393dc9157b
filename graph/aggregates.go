package graph

import (
	"context"

	"consumption/domain"
	"consumption/engine"
	"consumption/graph/loader"
	"consumption/graph/model"
)

// aggregateScope is what an aggregate field asks for once its arguments are
// read and checked: a range, the types in the order reported, and the unit of
// each.
type aggregateScope struct {
	from, to domain.Date
	types    []domain.Type
	units    map[domain.Type]domain.Unit
}

// queries returns one query per type of the scope, made from q.
func (s aggregateScope) queries(q engine.Query) []engine.Query {
	qs := make([]engine.Query, len(s.types))
	for i, t := range s.types {
		q.Type, q.Unit, q.From, q.To = t, s.units[t], s.from, s.to
		qs[i] = q
	}
	return qs
}

// readAggregateArgs checks an aggregate field's filter and units. An absent
// range is the current month so far in the user's time zone; an absent end is
// today, an absent start the first day of the end's month.
func (r *Resolver) readAggregateArgs(ctx context.Context, f *model.AggregateFilter, u *model.UnitsInput) (aggregateScope, error) {
	var s aggregateScope
	var err error
	if s.units, err = readUnits(u); err != nil {
		return s, err
	}
	if f == nil {
		f = &model.AggregateFilter{}
	}
	s.types = askedTypes(f.Types)
	switch {
	case f.From != nil && f.To != nil:
		s.from, s.to = *f.From, *f.To
	case f.To != nil:
		s.from, s.to = domain.MonthSoFar(*f.To)
	default:
		today, err := r.today(ctx)
		if err != nil {
			return s, err
		}
		s.from, s.to = domain.MonthSoFar(today)
		if f.From != nil {
			s.from = *f.From
		}
	}
	return s, domain.CheckRange(s.from, s.to)
}

// askedTypes returns the types asked, each once and in the order of
// domain.Types; all of them when none are.
func askedTypes(ts []model.ConsumptionType) []domain.Type {
	if len(ts) == 0 {
		return domain.Types
	}
	asked := make(map[domain.Type]bool, len(ts))
	for _, t := range fromTypes(ts) {
		asked[t] = true
	}
	var out []domain.Type
	for _, t := range domain.Types {
		if asked[t] {
			out = append(out, t)
		}
	}
	return out
}

// readUnits returns the unit each type is reported in: the one asked, or the
// type's default.
func readUnits(u *model.UnitsInput) (map[domain.Type]domain.Unit, error) {
	units := make(map[domain.Type]domain.Unit, len(domain.Types))
	for _, t := range domain.Types {
		units[t] = t.DefaultUnit()
	}
	if u == nil {
		return units, nil
	}
	asked := []struct {
		t     domain.Type
		unit  *model.Unit
		field string
	}{
		{domain.Electricity, u.Electricity, "electricity"},
		{domain.Water, u.Water, "water"},
		{domain.Gas, u.Gas, "gas"},
	}
	for _, a := range asked {
		if a.unit == nil {
			continue
		}
		unit := domain.Unit(*a.unit)
		if err := a.t.CheckUnit(unit, a.field); err != nil {
			return nil, err
		}
		units[a.t] = unit
	}
	return units, nil
}

// loadAggregates answers the queries through the request's loader, so that
// they join those of every other aggregate field of the request.
func loadAggregates(ctx context.Context, qs []engine.Query) ([]engine.Aggregate, error) {
	l := loader.For(ctx)
	if l == nil {
		return nil, errSignInRequired
	}
	return l.Aggregates(ctx, qs)
}

// aggregateGrain returns the buckets consumptionAggregate splits its range
// into: those of the granularity when grouped by PERIOD, else none ("", the
// whole range).
func aggregateGrain(groupBy []model.AggregateGroup, g model.Granularity) domain.Granularity {
	for _, group := range groupBy {
		if group == model.AggregateGroupPeriod {
			return domain.Granularity(g)
		}
	}
	return ""
}

func (r *Resolver) series(ctx context.Context, f *model.AggregateFilter, g model.Granularity, u *model.UnitsInput) ([]*model.ConsumptionSeries, error) {
	s, err := r.readAggregateArgs(ctx, f, u)
	if err != nil {
		return nil, err
	}
	grain := domain.Granularity(g)
	if err := grain.CheckBuckets(s.from, s.to); err != nil {
		return nil, err
	}
	aggs, err := loadAggregates(ctx, s.queries(engine.Query{Granularity: grain, Costs: asksCosts(ctx)}))
	if err != nil {
		return nil, err
	}
	out := make([]*model.ConsumptionSeries, len(aggs))
	for i, a := range aggs {
		out[i] = &model.ConsumptionSeries{
			Type: model.ConsumptionType(a.Query.Type), Unit: model.Unit(a.Query.Unit), Total: toDecimal(a.Total),
			Points: model.SeriesPoints{Buckets: a.Buckets},
		}
		addSeriesCosts(out[i], a)
	}
	for i, after := len(out)-1, 0; i >= 0; i-- {
		out[i].Points.PointsAfter = after
		after += len(out[i].Points.Buckets)
	}
	return out, nil
}

func (r *Resolver) summary(ctx context.Context, f *model.AggregateFilter, u *model.UnitsInput) (*model.ConsumptionSummary, error) {
	s, err := r.readAggregateArgs(ctx, f, u)
	if err != nil {
		return nil, err
	}
	aggs, err := loadAggregates(ctx, s.queries(engine.Query{Compare: true, Costs: asksCosts(ctx)}))
	if err != nil {
		return nil, err
	}
	out := &model.ConsumptionSummary{From: s.from, To: s.to, ByType: make([]*model.TypeSummary, len(aggs))}
	for i, a := range aggs {
		out.ByType[i] = &model.TypeSummary{
			Type:                     model.ConsumptionType(a.Query.Type),
			Unit:                     model.Unit(a.Query.Unit),
			Total:                    toDecimal(a.Total),
			RecordCount:              a.RecordCount,
			DailyAverage:             toDecimal(a.DailyAverage),
			MonthlyAverage:           toDecimal(a.MonthlyAverage),
			Coverage:                 model.Coverage(a.CoveredDays, a.Days),
			PreviousPeriodTotal:      toDecimal(a.PreviousPeriod.Total),
			PreviousYearTotal:        toDecimal(a.PreviousYear.Total),
			PreviousPeriodCoverage:   model.Coverage(a.PreviousPeriod.CoveredDays, a.PreviousPeriod.Days),
			PreviousYearCoverage:     model.Coverage(a.PreviousYear.CoveredDays, a.PreviousYear.Days),
			ChangeFromPreviousPeriod: toChange(a.PreviousPeriod.Change),
			ChangeFromPreviousYear:   toChange(a.PreviousYear.Change),
		}
		addSummaryCosts(out.ByType[i], a)
	}
	return out, nil
}

func (r *Resolver) aggregate(ctx context.Context, f *model.AggregateFilter, groupBy []model.AggregateGroup, g model.Granularity, u *model.UnitsInput) ([]*model.AggregateRow, error) {
	s, err := r.readAggregateArgs(ctx, f, u)
	if err != nil {
		return nil, err
	}
	grain := aggregateGrain(groupBy, g)
	if grain != "" {
		if err := grain.CheckBuckets(s.from, s.to); err != nil {
			return nil, err
		}
	}
	aggs, err := loadAggregates(ctx, s.queries(engine.Query{Granularity: grain, Costs: asksCosts(ctx)}))
	if err != nil {
		return nil, err
	}
	var rows []*model.AggregateRow
	for _, a := range aggs {
		for j, b := range a.Buckets {
			rows = append(rows, &model.AggregateRow{
				Type:         model.ConsumptionType(a.Query.Type),
				PeriodStart:  b.Start,
				PeriodEnd:    b.End,
				Unit:         model.Unit(a.Query.Unit),
				Total:        toDecimal(b.Amount),
				RecordCount:  b.RecordCount,
				DailyAverage: toDecimal(b.DailyAverage),
				Coverage:     model.Coverage(b.CoveredDays, b.Days),
			})
			addRowCosts(rows[len(rows)-1], a, j)
		}
	}
	return rows, nil
}
