package forecasts

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"consumption/domain"
	"consumption/engine"
	"consumption/store"
)

// Request asks where the current period of some types is heading.
type Request struct {
	// Types are those forecast, in the order answered.
	Types []domain.Type
	// Granularity is domain.Monthly, Quarterly or Yearly.
	Granularity domain.Granularity
	// Units are the unit of each type.
	Units map[domain.Type]domain.Unit
	// Measure says which budget to hold each forecast against.
	Measure domain.Measure
	// Costs also prices each forecast (see Forecast.ExpectedCost); a
	// budget of cost needs it anyway.
	Costs bool
}

// Forecast is the engine's forecast of one type, held against the budget
// of its type, granularity and measure, with its method in words.
type Forecast struct {
	*engine.Forecast
	// Budget is the user's budget of the type, granularity and measure
	// asked, if any.
	Budget *domain.Budget
	// ShareOfBudget is the share of the budget's limit that the expected
	// total reaches (1.2 for 20% over); nil without a budget, or for a
	// budget of cost, whose expected cost is not known.
	ShareOfBudget *float64
	// Method says in words how the forecast was made.
	Method string
	// ExpectedCost is what the period is expected to cost, in Currency;
	// nil unless costs were asked for and every day of the period has a
	// known cost.
	ExpectedCost *engine.Decimal
	Currency     string
}

// Forecast forecasts the current period of each type asked, in the user's
// time zone. A type with no record in the past year has no forecast and is
// left out. Every type's figures are read in one statement.
func (s *Service) Forecast(ctx context.Context, user uuid.UUID, req Request) ([]Forecast, error) {
	if !req.Granularity.CoversPeriod() {
		return nil, domain.Invalid("granularity", "A forecast covers a MONTH, a QUARTER or a YEAR.")
	}
	today, err := s.calendar.Today(ctx, user)
	if err != nil {
		return nil, err
	}
	fqs := make([]engine.ForecastQuery, len(req.Types))
	var queries []engine.Query
	for i, t := range req.Types {
		fqs[i] = engine.ForecastQuery{
			Type: t, Unit: req.Units[t], Granularity: req.Granularity, Today: today,
			Costs: req.Costs || req.Measure == domain.MeasureCost,
		}
		qs, err := fqs[i].Queries()
		if err != nil {
			return nil, err
		}
		queries = append(queries, qs...)
	}
	if len(queries) == 0 {
		return nil, nil
	}
	plan, err := engine.NewPlan(queries)
	if err != nil {
		return nil, err
	}
	data := s.store.ForUser(user)
	readings, err := data.Aggregates.Read(ctx, plan.Read())
	if errors.Is(err, store.ErrNotFound) {
		return nil, domain.ErrSignInRequired // a token that outlived its account
	}
	if err != nil {
		return nil, err
	}
	aggs, err := plan.Compute(readings)
	if err != nil {
		return nil, err
	}
	budgets, err := data.Budgets.List(ctx)
	if err != nil {
		return nil, err
	}

	var out []Forecast
	for _, fq := range fqs {
		qs, _ := fq.Queries()
		f, err := fq.Forecast(aggs[:len(qs)])
		aggs = aggs[len(qs):]
		if err != nil {
			return nil, err
		}
		if f == nil {
			continue
		}
		res := Forecast{Forecast: f, Method: describe(f), Currency: readings.Currency}
		if fq.Costs {
			cost, known, err := f.ExpectedCost(readings)
			if err != nil {
				return nil, err
			}
			if known {
				res.ExpectedCost = &cost
			}
		}
		if res.Budget = budgetOf(budgets, fq.Type, fq.Granularity, req.Measure); res.Budget != nil {
			if res.ShareOfBudget, err = shareOf(res, readings.GasKWhPerCubicMeter); err != nil {
				return nil, err
			}
		}
		out = append(out, res)
	}
	return out, nil
}

// budgetOf returns the budget of the type, granularity and measure, if any.
func budgetOf(budgets []domain.Budget, t domain.Type, g domain.Granularity, m domain.Measure) *domain.Budget {
	for i, b := range budgets {
		if b.Type == t && b.Granularity == g && b.Measure == m {
			return &budgets[i]
		}
	}
	return nil
}

// shareOf returns the share of its budget's limit the forecast reaches: for
// an amount, its expected total in the budget's unit over the limit; for a
// cost, its expected cost over the limit, when known.
func shareOf(f Forecast, gasKWh engine.Decimal) (*float64, error) {
	b := f.Budget
	limit, err := engine.ParseDecimal(b.Limit.StringFixed(engine.Places))
	if err != nil {
		return nil, fmt.Errorf("forecasts: the limit of budget %s: %w", b.ID, err)
	}
	var share float64
	switch {
	case b.Measure == domain.MeasureAmount && b.Unit != nil:
		share, err = engine.Share(f.Query.Type, f.ExpectedTotal, f.Query.Unit, limit, *b.Unit, gasKWh)
	case b.Measure == domain.MeasureCost && f.ExpectedCost != nil:
		share, err = engine.Ratio(*f.ExpectedCost, limit)
	default:
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &share, nil
}

// periodNames name the periods a forecast covers.
var periodNames = map[domain.Granularity]string{
	domain.Monthly: "month", domain.Quarterly: "quarter", domain.Yearly: "year",
}

// unitSymbols are the symbols of the units, as people write them.
var unitSymbols = map[domain.Unit]string{
	domain.WattHour: "Wh", domain.KilowattHour: "kWh", domain.MegawattHour: "MWh",
	domain.Liter: "L", domain.CubicMeter: "m³",
}

// describe says in words how the forecast was made: the method, and where
// its band comes from.
func describe(f *engine.Forecast) string {
	period := periodNames[f.Query.Granularity]
	days := plural(f.ExpectedDays, "day") + " without records are"
	if f.ExpectedDays == 1 {
		days = "1 day without records is"
	}
	var how string
	switch f.Method {
	case engine.MethodComplete:
		return fmt.Sprintf("Every day of the %s is recorded: nothing is left to expect.", period)
	case engine.MethodLastYear:
		how = fmt.Sprintf("The %s expected from the same days a year earlier, ×%s: "+
			"how the last 90 days compare with the same days a year earlier.",
			days, decimal.NewFromFloat(f.Scale).StringFixed(2))
	case engine.MethodRecentRate:
		rate := decimal.RequireFromString(f.DailyRate.String())
		how = fmt.Sprintf("The %s expected at %s %s a day, the rate of the last %s recorded "+
			"(there is no year earlier to compare with).",
			days, significant(rate), unitSymbols[f.Query.Unit], plural(f.RateDays, "day"))
	}
	var band string
	switch f.Band {
	case engine.BandEmpirical:
		band = fmt.Sprintf("The band holds 80%% of the errors the same forecast made in the past %s with every day recorded.",
			plural(f.Backtests, period))
	case engine.BandStudent:
		band = fmt.Sprintf("The band comes from the errors the same forecast made in the past %s with every day recorded, "+
			"assuming they spread normally.", plural(f.Backtests, period))
	case engine.BandDefault:
		band = fmt.Sprintf("With too few past %ss recorded in full to learn from, the band is ±50%% of what is expected.", period)
	}
	return how + " " + band
}

// significant writes d with three significant digits, or as a whole
// number when it is larger.
func significant(d decimal.Decimal) string {
	places := int32(0)
	for v := d.Abs(); places < 6 && v.LessThan(decimal.NewFromInt(100)) && !v.IsZero(); v = v.Shift(1) {
		places++
	}
	return d.Round(places).String()
}

// plural writes n and the noun, in the plural unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, strings.TrimSuffix(noun, "s"))
}
