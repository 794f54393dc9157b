package store_test

import (
	"context"
	"fmt"
	"math/big"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"consumption/domain"
	"consumption/store"
	"consumption/store/storetest"
)

// TestAggregatesProperty checks the aggregate statement against an
// independent computation in Go, with exact rational arithmetic, for random
// records, ranges, granularities and units: every bucket within 0.000001 of
// its exact share, the buckets adding up exactly to the total, the total the
// correctly rounded exact total, and coverage and counts exact.
func TestAggregatesProperty(t *testing.T) {
	ctx := context.Background()
	st := storetest.New(t)
	seed := rand.Uint64()
	if s := os.Getenv("AGGREGATE_SEED"); s != "" { // to replay a failure
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	t.Logf("seed %d (AGGREGATE_SEED=%d replays it)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))

	for dataset := range 3 {
		userID := newTestUser(t, st, fmt.Sprintf("property-%d@example.com", dataset))
		user := st.ForUser(userID)
		cv := decimal.New(int64(9_000_000+rng.IntN(4_000_000)), -6) // 9 to 13 kWh per m³
		if _, err := user.Account.UpdateSettings(ctx, domain.Settings{GasKWhPerCubicMeter: &cv}); err != nil {
			t.Fatal(err)
		}
		records := randomRecords(rng)
		for start := 0; start < len(records); start += domain.MaxBulkRecords {
			end := min(start+domain.MaxBulkRecords, len(records))
			if _, err := user.Records.CreateMany(ctx, records[start:end]); err != nil {
				t.Fatal(err)
			}
		}

		queries := make([]store.AggregateQuery, 40)
		for i := range queries {
			queries[i] = randomQuery(rng)
		}
		aggs, err := user.Aggregates.Compute(ctx, queries)
		if err != nil {
			t.Fatal(err)
		}
		for i, agg := range aggs {
			checkAggregate(t, fmt.Sprintf("dataset %d query %d %+v", dataset, i, queries[i]), agg, records, cv)
		}
	}
}

func randomRecords(rng *rand.Rand) []domain.RecordInput {
	var out []domain.RecordInput
	for _, typ := range domain.Types {
		day := domain.NewDate(2018, 1, 1).AddDays(rng.IntN(60))
		for day.Before(domain.NewDate(2024, 6, 1)) {
			length := 1 + rng.IntN(45)
			if rng.IntN(10) == 0 {
				length = 1 + rng.IntN(domain.MaxPeriodDays) // now and then a long one
			}
			units := typ.Units()
			out = append(out, domain.RecordInput{
				Type:        typ,
				Unit:        units[rng.IntN(len(units))],
				Amount:      decimal.New(rng.Int64N(5_000_000_000), -int32(rng.IntN(7))), // up to 6 places
				PeriodStart: day,
				PeriodEnd:   day.AddDays(length - 1),
			})
			day = day.AddDays(length + rng.IntN(20)) // sometimes adjacent, sometimes a gap
		}
	}
	return out
}

func randomQuery(rng *rand.Rand) store.AggregateQuery {
	grains := []domain.Granularity{"", domain.Daily, domain.Weekly, domain.Monthly, domain.Quarterly, domain.Yearly}
	typ := domain.Types[rng.IntN(len(domain.Types))]
	units := typ.Units()
	g := grains[rng.IntN(len(grains))]
	from := domain.NewDate(2017, 10, 1).AddDays(rng.IntN(2500))
	span := 1 + rng.IntN(900)
	if g == domain.Daily {
		span = 1 + rng.IntN(120)
	}
	return store.AggregateQuery{
		Type: typ, Unit: units[rng.IntN(len(units))], From: from, To: from.AddDays(span - 1),
		Granularity: g, Compare: rng.IntN(2) == 0, BucketAverages: rng.IntN(2) == 0,
	}
}

// factor returns what one unit of from is worth in to, for a type, with the
// gas calorific value cv: the independent conversion of the test.
func factor(typ domain.Type, from, to domain.Unit, cv decimal.Decimal) *big.Rat {
	scale := map[domain.Unit]int64{
		domain.WattHour: 1, domain.KilowattHour: 1000, domain.MegawattHour: 1_000_000,
		domain.Liter: 1, domain.CubicMeter: 1000,
	}
	switch {
	case from == to:
		return big.NewRat(1, 1)
	case typ == domain.Gas && from == domain.CubicMeter: // to kWh
		return cv.Rat()
	case typ == domain.Gas: // kWh to m³
		return new(big.Rat).Inv(cv.Rat())
	}
	return big.NewRat(scale[from], scale[to])
}

func checkAggregate(t *testing.T, name string, agg store.Aggregate, records []domain.RecordInput, cv decimal.Decimal) {
	t.Helper()
	q := agg.Query
	var buckets []domain.Bucket
	if q.Granularity == "" {
		buckets = []domain.Bucket{{Start: q.From, End: q.To}}
	} else {
		buckets = q.Granularity.Buckets(q.From, q.To)
	}
	if len(agg.Buckets) != len(buckets) {
		t.Fatalf("%s: %d buckets, want %d", name, len(agg.Buckets), len(buckets))
	}

	exactTotal := new(big.Rat)
	var totalCovered, totalRecords int
	sum := decimal.Zero
	micro := big.NewRat(1, 1_000_000)
	for i, b := range buckets {
		lo, hi := laterOf(b.Start, q.From), earlierOf(b.End, q.To)
		exact := new(big.Rat)
		covered, count := 0, 0
		for _, r := range records {
			if r.Type != q.Type {
				continue
			}
			rlo, rhi := laterOf(r.PeriodStart, lo), earlierOf(r.PeriodEnd, hi)
			if rhi.Before(rlo) {
				continue
			}
			days := rhi.DaysSince(rlo) + 1
			share := new(big.Rat).Mul(r.Amount.Rat(), factor(q.Type, r.Unit, q.Unit, cv))
			share.Mul(share, big.NewRat(int64(days), int64(r.PeriodEnd.DaysSince(r.PeriodStart)+1)))
			exact.Add(exact, share)
			covered += days
			count++
		}
		got := agg.Buckets[i]
		if !got.Start.Equal(b.Start) || !got.End.Equal(b.End) {
			t.Errorf("%s: bucket %d is %s..%s, want %s..%s", name, i, got.Start, got.End, b.Start, b.End)
		}
		diff := new(big.Rat).Sub(got.Amount.Rat(), exact)
		if diff.Abs(diff).Cmp(micro) >= 0 {
			t.Errorf("%s: bucket %s amount %s is %s away from the exact %s", name, b.Start, got.Amount,
				diff.FloatString(9), exact.FloatString(9))
		}
		if got.CoveredDays != covered || got.RecordCount != count || got.Days != hi.DaysSince(lo)+1 {
			t.Errorf("%s: bucket %s covered %d of %d days by %d records, want %d of %d by %d", name, b.Start,
				got.CoveredDays, got.Days, got.RecordCount, covered, hi.DaysSince(lo)+1, count)
		}
		exactTotal.Add(exactTotal, exact)
		totalCovered += covered
		sum = sum.Add(got.Amount)
	}
	for _, r := range records {
		if r.Type == q.Type && !r.PeriodEnd.Before(q.From) && !r.PeriodStart.After(q.To) {
			totalRecords++
		}
	}
	if !sum.Equal(agg.Total) {
		t.Errorf("%s: buckets add up to %s, but the total is %s", name, sum, agg.Total)
	}
	want := decimal.NewFromBigRat(exactTotal, 6)
	if !agg.Total.Equal(want) {
		t.Errorf("%s: total %s, want the exact %s rounded: %s", name, agg.Total, exactTotal.FloatString(30), want)
	}
	if agg.CoveredDays != totalCovered || agg.RecordCount != totalRecords {
		t.Errorf("%s: %d days covered by %d records, want %d by %d", name, agg.CoveredDays, agg.RecordCount, totalCovered, totalRecords)
	}
	checkDerived(t, name, agg, records, cv)
}

// checkDerived checks what is computed from the rounded totals: averages,
// each correctly rounded, and the comparisons with earlier periods.
func checkDerived(t *testing.T, name string, agg store.Aggregate, records []domain.RecordInput, cv decimal.Decimal) {
	t.Helper()
	q := agg.Query
	divide := func(a decimal.Decimal, b int64) decimal.Decimal { return a.DivRound(decimal.NewFromInt(b), 6) }
	if want := divide(agg.Total, int64(q.To.DaysSince(q.From)+1)); !agg.DailyAverage.Equal(want) {
		t.Errorf("%s: daily average %s, want %s", name, agg.DailyAverage, want)
	}
	if want := divide(agg.Total, int64(domain.MonthsTouched(q.From, q.To))); !agg.MonthlyAverage.Equal(want) {
		t.Errorf("%s: monthly average %s, want %s", name, agg.MonthlyAverage, want)
	}
	if q.BucketAverages {
		for _, b := range agg.Buckets {
			if want := divide(b.Amount, int64(b.Days)); !b.DailyAverage.Equal(want) {
				t.Errorf("%s: bucket %s daily average %s, want %s", name, b.Start, b.DailyAverage, want)
			}
		}
	}
	if !q.Compare {
		return
	}
	earlier := func(from, to domain.Date) decimal.Decimal {
		exact := new(big.Rat)
		for _, r := range records {
			lo, hi := laterOf(r.PeriodStart, from), earlierOf(r.PeriodEnd, to)
			if r.Type != q.Type || hi.Before(lo) {
				continue
			}
			share := new(big.Rat).Mul(r.Amount.Rat(), factor(q.Type, r.Unit, q.Unit, cv))
			exact.Add(exact, share.Mul(share, big.NewRat(int64(hi.DaysSince(lo)+1), int64(r.PeriodEnd.DaysSince(r.PeriodStart)+1))))
		}
		return decimal.NewFromBigRat(exact, 6)
	}
	ppFrom, ppTo := domain.PreviousPeriod(q.From, q.To)
	comparisons := []struct {
		what   string
		total  decimal.Decimal
		change *decimal.Decimal
		want   decimal.Decimal
	}{
		{"previous period", agg.PreviousPeriodTotal, agg.ChangeFromPreviousPeriod, earlier(ppFrom, ppTo)},
		{"previous year", agg.PreviousYearTotal, agg.ChangeFromPreviousYear, earlier(domain.YearEarlier(q.From), domain.YearEarlier(q.To))},
	}
	for _, c := range comparisons {
		if !c.total.Equal(c.want) {
			t.Errorf("%s: %s total %s, want %s", name, c.what, c.total, c.want)
		}
		switch {
		case c.want.IsZero() && c.change != nil:
			t.Errorf("%s: a change from a %s of 0: %s, want none", name, c.what, c.change)
		case !c.want.IsZero() && (c.change == nil || !c.change.Equal(agg.Total.Sub(c.want).DivRound(c.want, 6))):
			t.Errorf("%s: change from the %s %v, want %s", name, c.what, c.change, agg.Total.Sub(c.want).DivRound(c.want, 6))
		}
	}
}

func laterOf(a, b domain.Date) domain.Date {
	if a.After(b) {
		return a
	}
	return b
}

func earlierOf(a, b domain.Date) domain.Date {
	if a.Before(b) {
		return a
	}
	return b
}

// newUserWithRecords is for the store's own aggregate tests below.
func newUserWithRecords(t *testing.T, st *store.Store, records ...domain.RecordInput) uuid.UUID {
	t.Helper()
	id := newTestUser(t, st, uuid.NewString()+"@example.com")
	if _, err := st.ForUser(id).Records.CreateMany(context.Background(), records); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestAggregateComparisons(t *testing.T) {
	ctx := context.Background()
	st := storetest.New(t)
	d := domain.MustParseDate
	kwh := func(amount, from, to string) domain.RecordInput {
		return domain.RecordInput{Type: domain.Electricity, Unit: domain.KilowattHour,
			Amount: decimal.RequireFromString(amount), PeriodStart: d(from), PeriodEnd: d(to)}
	}
	user := newUserWithRecords(t, st,
		kwh("28", "2023-02-01", "2023-02-28"), // the year before a leap February
		kwh("58", "2024-02-01", "2024-02-29"),
	)
	aggs, err := st.ForUser(user).Aggregates.Compute(ctx, []store.AggregateQuery{{
		Type: domain.Electricity, Unit: domain.KilowattHour, From: d("2024-02-01"), To: d("2024-02-29"), Compare: true,
	}})
	if err != nil {
		t.Fatal(err)
	}
	a := aggs[0]
	// A year before 2024-02-01..29 is 2023-02-01..28: all of the 28 kWh.
	// The previous period is the 29 days 2024-01-03..31: nothing.
	if a.Total.String() != "58" || a.PreviousYearTotal.String() != "28" || a.PreviousPeriodTotal.String() != "0" {
		t.Errorf("total %s, previous year %s, previous period %s; want 58, 28, 0", a.Total, a.PreviousYearTotal, a.PreviousPeriodTotal)
	}
	if a.ChangeFromPreviousYear == nil || a.ChangeFromPreviousYear.String() != "1.071429" || a.ChangeFromPreviousPeriod != nil {
		t.Errorf("changes: year %v (want 1.071429: 30/28), period %v (want none)", a.ChangeFromPreviousYear, a.ChangeFromPreviousPeriod)
	}
}
