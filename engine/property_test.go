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
