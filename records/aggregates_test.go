package records_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/shopspring/decimal"

	"consumption/domain"
	"consumption/engine"
	"consumption/engine/enginetest"
	"consumption/records"
	"consumption/store/storetest"
)

// TestAggregatesProperty checks the aggregates, from the store's statement
// to the engine's rounding, against an independent computation with exact
// rationals (enginetest.Check), for random records, ranges, granularities
// and units: every bucket within 0.000001 of its exact share, the buckets
// adding up exactly to the total, the total the correctly rounded exact
// total, and coverage, counts, averages and comparisons exact.
func TestAggregatesProperty(t *testing.T) {
	ctx := context.Background()
	st := storetest.New(t)
	aggregates := records.NewAggregates(st)
	rng := enginetest.NewRand(t, "AGGREGATE_SEED")

	for dataset := range 3 {
		recs := enginetest.RandomRecords(rng)
		user := storetest.NewUser(t, st, recs...)
		cv := decimal.New(int64(9_000_000+rng.IntN(4_000_000)), -6) // 9 to 13 kWh per m³
		if _, err := st.ForUser(user).Account.UpdateSettings(ctx, domain.Settings{GasKWhPerCubicMeter: &cv}); err != nil {
			t.Fatal(err)
		}
		queries := make([]engine.Query, 40)
		for i := range queries {
			queries[i] = enginetest.RandomQuery(rng)
		}
		aggs, err := aggregates.Compute(ctx, user, queries)
		if err != nil {
			t.Fatal(err)
		}
		gas, _ := engine.ParseDecimal(cv.String())
		for i, agg := range aggs {
			enginetest.Check(t, fmt.Sprintf("dataset %d query %d %+v", dataset, i, queries[i]), agg, recs, gas)
		}
		// Each query alone too, as most requests ask: forty queries
		// together cut nearly every month, and a month within one
		// segment is read from its sums instead of its records. And
		// each over whole months, from the first day of its first to the
		// last of its last, which is read from months alone unless it
		// compares or asks days or weeks.
		for i, q := range queries {
			whole := q
			whole.From = domain.Monthly.BucketStart(q.From)
			whole.To = domain.Monthly.NextBucket(domain.Monthly.BucketStart(q.To)).AddDays(-1)
			if whole.Granularity == domain.Daily {
				whole.To = domain.Monthly.NextBucket(whole.From).AddDays(-1)
			}
			for name, q := range map[string]engine.Query{"alone": q, "over whole months": whole} {
				aggs, err := aggregates.Compute(ctx, user, []engine.Query{q})
				if err != nil {
					t.Fatal(err)
				}
				enginetest.Check(t, fmt.Sprintf("dataset %d query %d %s %+v", dataset, i, name, q), aggs[0], recs, gas)
			}
		}
	}
}

func TestAggregateComparisons(t *testing.T) {
	st := storetest.New(t)
	d := domain.MustParseDate
	kwh := func(amount, from, to string) domain.RecordInput {
		return domain.RecordInput{Type: domain.Electricity, Unit: domain.KilowattHour,
			Amount: decimal.RequireFromString(amount), PeriodStart: d(from), PeriodEnd: d(to)}
	}
	user := storetest.NewUser(t, st,
		kwh("28", "2023-02-01", "2023-02-28"), // the year before a leap February
		kwh("58", "2024-02-01", "2024-02-29"),
	)
	aggs, err := records.NewAggregates(st).Compute(context.Background(), user, []engine.Query{{
		Type: domain.Electricity, Unit: domain.KilowattHour, From: d("2024-02-01"), To: d("2024-02-29"), Compare: true,
	}})
	if err != nil {
		t.Fatal(err)
	}
	a := aggs[0]
	// A year before 2024-02-01..29 is 2023-02-01..28: all of the 28 kWh.
	// The previous period is the 29 days 2024-01-03..31: nothing.
	if a.Total.String() != "58" || a.PreviousYear.Total.String() != "28" || a.PreviousPeriod.Total.String() != "0" {
		t.Errorf("total %s, previous year %s, previous period %s; want 58, 28, 0", a.Total, a.PreviousYear.Total, a.PreviousPeriod.Total)
	}
	if c := a.PreviousYear.Change; c == nil || c.String() != "1.071429" || a.PreviousPeriod.Change != nil {
		t.Errorf("changes: year %v (want 1.071429: 30/28), period %v (want none)", c, a.PreviousPeriod.Change)
	}
}

// TestAggregatesOfAUserWhoIsGone answers a token that outlived its account
// as no sign-in at all.
func TestAggregatesOfAUserWhoIsGone(t *testing.T) {
	st := storetest.New(t)
	user := storetest.NewUser(t, st)
	if err := st.ForUser(user).Account.Delete(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, err := records.NewAggregates(st).Compute(context.Background(), user, []engine.Query{{
		Type: domain.Water, Unit: domain.Liter, From: domain.NewDate(2024, 1, 1), To: domain.NewDate(2024, 1, 31),
	}})
	if code := domain.ErrorCode(err); code != domain.CodeUnauthenticated {
		t.Errorf("got %v (%s), want UNAUTHENTICATED", err, code)
	}
}
