package engine_test

import (
	"fmt"
	"testing"

	"consumption/engine"
	"consumption/engine/enginetest"
)

// TestProperty checks the engine against an independent computation with
// exact rationals (enginetest.Check), for random records, ranges,
// granularities and units, read as the store's statement reads them.
func TestProperty(t *testing.T) {
	rng := enginetest.NewRand(t, "ENGINE_SEED")
	for dataset := range 20 {
		gas := engine.NewDecimal(int64(9_000_000 + rng.IntN(4_000_000))) // 9 to 13 kWh per m³
		records := enginetest.RandomRecords(rng)
		queries := make([]engine.Query, 40)
		for i := range queries {
			queries[i] = enginetest.RandomQuery(rng)
		}
		for i, agg := range compute(t, gas.String(), records, queries...) {
			enginetest.Check(t, fmt.Sprintf("dataset %d query %d %+v", dataset, i, queries[i]), agg, records, gas)
		}
	}
}

// TestCostProperty checks the engine's costs against an independent
// computation, day by day, with exact rationals (enginetest.CheckCosts), for
// random records (a third of them billed), tariffs, queries and currencies,
// read as the store's statement reads them when costs are asked.
func TestCostProperty(t *testing.T) {
	rng := enginetest.NewRand(t, "ENGINE_SEED")
	currencies := []string{"EUR", "JPY", "KWD", "CLF"}
	for dataset := range 8 {
		gas := engine.NewDecimal(int64(9_000_000 + rng.IntN(4_000_000)))
		records := enginetest.WithRandomCosts(rng, enginetest.RandomRecords(rng))
		tariffs := enginetest.RandomTariffs(rng)
		currency := currencies[rng.IntN(len(currencies))]
		queries := make([]engine.Query, 30)
		for i := range queries {
			queries[i] = enginetest.RandomQuery(rng)
			queries[i].Costs = rng.IntN(4) != 0
		}
		p, err := engine.NewPlan(queries)
		if err != nil {
			t.Fatal(err)
		}
		aggs, err := p.Compute(enginetest.ReadWithCosts(p.Read(), gas, currency, records, tariffs))
		if err != nil {
			t.Fatalf("dataset %d: %v", dataset, err)
		}
		book := enginetest.NewCostBook(records, tariffs, gas)
		for i, agg := range aggs {
			name := fmt.Sprintf("dataset %d (%s) query %d %+v", dataset, currency, i, queries[i])
			enginetest.Check(t, name, agg, records, gas)
			enginetest.CheckCosts(t, name, agg, book)
		}
	}
}
