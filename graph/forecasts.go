package graph

import (
	"context"

	"github.com/shopspring/decimal"

	"consumption/domain"
	"consumption/engine"
	"consumption/forecasts"
	"consumption/graph/model"
)

func (r *Resolver) forecast(ctx context.Context, types []model.ConsumptionType, g model.PeriodGranularity, u *model.UnitsInput, m model.BudgetMeasure) ([]*model.Forecast, error) {
	units, err := readUnits(u)
	if err != nil {
		return nil, err
	}
	fs, err := r.Forecasts.Forecast(ctx, currentUserID(ctx), forecasts.Request{
		Types: askedTypes(types), Granularity: domain.Granularity(g), Units: units, Measure: domain.Measure(m),
		Costs: asksCosts(ctx),
	})
	if err != nil {
		return nil, err
	}
	out := make([]*model.Forecast, len(fs))
	for i, f := range fs {
		out[i] = toForecast(f)
	}
	return out, nil
}

// toCost converts a cost that may be unknown.
func toCost(d *engine.Decimal) *decimal.Decimal {
	if d == nil {
		return nil
	}
	c := toDecimal(*d)
	return &c
}

func toForecast(f forecasts.Forecast) *model.Forecast {
	out := &model.Forecast{
		Type:                  model.ConsumptionType(f.Query.Type),
		Unit:                  model.Unit(f.Query.Unit),
		PeriodStart:           f.Period.Start,
		PeriodEnd:             f.Period.End,
		ActualToDate:          toDecimal(f.ActualToDate),
		ExpectedTotal:         toDecimal(f.ExpectedTotal),
		Low:                   toDecimal(f.Low),
		High:                  toDecimal(f.High),
		ExpectedCost:          toCost(f.ExpectedCost),
		Currency:              f.Currency,
		ExpectedShareOfBudget: f.ShareOfBudget,
		Method:                f.Method,
	}
	if f.Budget != nil {
		out.Budget = toBudget(*f.Budget)
	}
	return out
}
