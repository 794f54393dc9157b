package domain

import (
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// Measure says what a budget limits: an amount of consumption, or its cost.
type Measure string

// The measures. The values are those of the GraphQL enum and of the
// database column.
const (
	// MeasureAmount limits the amount consumed, in one of the type's units.
	MeasureAmount Measure = "AMOUNT"
	// MeasureCost limits the cost, in the user's currency.
	MeasureCost Measure = "COST"
)

// Valid reports whether m is a known measure.
func (m Measure) Valid() bool { return m == MeasureAmount || m == MeasureCost }

// BudgetGranularities are the calendar periods a budget, and a forecast,
// may cover, in the order the API lists them.
var BudgetGranularities = []Granularity{Monthly, Quarterly, Yearly}

// CoversPeriod reports whether g is a period a budget or a forecast may
// cover: a month, a quarter or a year.
func (g Granularity) CoversPeriod() bool {
	return g == Monthly || g == Quarterly || g == Yearly
}

// BudgetInput is a budget as a client describes it: at most this much of a
// type per calendar period. A user has at most one budget per type,
// granularity and measure.
type BudgetInput struct {
	Type        Type
	Granularity Granularity
	Measure     Measure
	// Limit is in Unit for an amount, in the user's currency for a cost.
	Limit decimal.Decimal
	// Unit is set for an amount and nil for a cost.
	Unit *Unit
}

// Budget is a stored budget.
type Budget struct {
	ID uuid.UUID
	BudgetInput
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Validate returns every rule the budget breaks, each naming its field.
func (in BudgetInput) Validate() Errors {
	var errs Errors
	if !in.Type.Valid() {
		errs = append(errs, Invalid("type", fmt.Sprintf("%q is not a type of consumption.", in.Type)))
	}
	if !in.Granularity.CoversPeriod() {
		errs = append(errs, Invalid("granularity", "A budget covers a MONTH, a QUARTER or a YEAR."))
	}
	switch {
	case !in.Measure.Valid():
		errs = append(errs, Invalid("measure", "A budget limits an AMOUNT or a COST."))
	case in.Measure == MeasureAmount && in.Unit == nil:
		errs = append(errs, Invalid("unit", "A budget of an amount needs the unit its limit is in."))
	case in.Measure == MeasureAmount && in.Type.Valid():
		if err := in.Type.CheckUnit(*in.Unit, "unit"); err != nil {
			errs = append(errs, err)
		}
	case in.Measure == MeasureCost && in.Unit != nil:
		errs = append(errs, Invalid("unit", "A budget of a cost is in your currency; leave out the unit."))
	}
	switch {
	case !in.Limit.IsPositive():
		errs = append(errs, Invalid("limit", "The limit must be more than 0."))
	case in.Limit.GreaterThan(MaxAmount):
		errs = append(errs, Invalid("limit", "The limit must be at most 1000000000000."))
	case !in.Limit.Equal(in.Limit.Truncate(AmountScale)):
		errs = append(errs, Invalid("limit", fmt.Sprintf("The limit may have at most %d decimal places.", AmountScale)))
	}
	return errs
}
