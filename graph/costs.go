package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/shopspring/decimal"

	"consumption/engine"
	"consumption/graph/model"
)

// costFields are the fields of the aggregate types that need costs
// computed. The engine computes costs (and the store reads tariffs) only for
// a field that selects one of them.
var costFields = map[string]bool{
	"currency": true, "totalCost": true, "cost": true, "costCoverage": true,
	"previousPeriodCost": true, "previousYearCost": true, "expectedCost": true,
}

// asksCosts reports whether the aggregate field being resolved selects a
// cost field, on its result or on the points or rows within it, through
// fragments and directives as gqlgen collects them.
func asksCosts(ctx context.Context) bool {
	op := graphql.GetOperationContext(ctx)
	var asks func(fields []graphql.CollectedField, depth int) bool
	asks = func(fields []graphql.CollectedField, depth int) bool {
		for _, f := range fields {
			if costFields[f.Name] {
				return true
			}
			if depth < 2 && len(f.Selections) > 0 && asks(graphql.CollectFields(op, f.Selections, nil), depth+1) {
				return true
			}
		}
		return false
	}
	return asks(graphql.CollectFieldsCtx(ctx, nil), 1)
}

// costOf returns a cost for the API: null where no day has a known cost.
func costOf(m engine.Money) *decimal.Decimal {
	if m.Days == 0 {
		return nil
	}
	c := toDecimal(m.Cost)
	return &c
}

// costOfPeriod returns an earlier period's cost, which is absent when the
// query did not compare.
func costOfPeriod(m *engine.Money) *decimal.Decimal {
	if m == nil {
		return nil
	}
	return costOf(*m)
}

// addSeriesCosts sets the costs of a series and of its points, when they
// were computed.
func addSeriesCosts(s *model.ConsumptionSeries, a engine.Aggregate) {
	c := a.Costs
	if c == nil {
		return
	}
	s.Currency, s.TotalCost, s.CostCoverage = c.Currency, costOf(c.Total), model.Coverage(c.Total.Days, a.Days)
	s.Points.Costs = c.Buckets
}

// addSummaryCosts sets the costs of a type's summary, when they were
// computed.
func addSummaryCosts(s *model.TypeSummary, a engine.Aggregate) {
	c := a.Costs
	if c == nil {
		return
	}
	s.Currency, s.Cost, s.CostCoverage = c.Currency, costOf(c.Total), model.Coverage(c.Total.Days, a.Days)
	s.PreviousPeriodCost, s.PreviousYearCost = costOfPeriod(c.PreviousPeriod), costOfPeriod(c.PreviousYear)
}

// addRowCosts sets the costs of an aggregate's row for bucket j, when they
// were computed.
func addRowCosts(row *model.AggregateRow, a engine.Aggregate, j int) {
	c := a.Costs
	if c == nil {
		return
	}
	row.Currency, row.Cost, row.CostCoverage = c.Currency, costOf(c.Buckets[j]), model.Coverage(c.Buckets[j].Days, a.Buckets[j].Days)
}
