package engine

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"consumption/domain"
)

// TestProperty checks the engine against an independent computation with
// exact rationals, for random records, ranges, granularities and units:
// every bucket within a millionth of its exact share, the buckets adding up
// exactly to the total, the total the correctly rounded exact total,
// coverage, counts, averages and comparisons exact.
func TestProperty(t *testing.T) {
	seed := rand.Uint64()
	if s := os.Getenv("ENGINE_SEED"); s != "" { // to replay a failure
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	t.Logf("seed %d (ENGINE_SEED=%d replays it)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	for dataset := range 20 {
		gas := NewDecimal(int64(9_000_000 + rng.IntN(4_000_000))) // 9 to 13 kWh per m³
		records := randomRecords(rng)
		queries := make([]Query, 40)
		for i := range queries {
			queries[i] = randomQuery(rng)
		}
		aggs := compute(t, gas.String(), records, queries...)
		for i, agg := range aggs {
			checkAggregate(t, fmt.Sprintf("dataset %d query %d %+v", dataset, i, queries[i]), agg, records, gas)
		}
	}
}

func randomRecords(rng *rand.Rand) []record {
	var out []record
	for _, typ := range domain.Types {
		day := domain.NewDate(2018, 1, 1).AddDays(rng.IntN(60))
		for day.Before(domain.NewDate(2024, 6, 1)) {
			length := 1 + rng.IntN(45)
			switch rng.IntN(10) {
			case 0:
				length = 1 + rng.IntN(domain.MaxPeriodDays) // now and then a long one
			case 1, 2, 3:
				length = 1 // daily readings
			}
			units := typ.Units()
			amount := rng.Int64N(5_000_000_000)
			for range rng.IntN(7) { // up to 6 places
				amount *= 10
			}
			out = append(out, record{typ: typ, unit: units[rng.IntN(len(units))],
				amount: NewDecimal(amount), start: day, end: day.AddDays(length - 1)})
			day = day.AddDays(length + rng.IntN(20)*rng.IntN(2)) // sometimes adjacent, sometimes a gap
		}
	}
	return out
}

func randomQuery(rng *rand.Rand) Query {
	grains := []domain.Granularity{"", domain.Daily, domain.Weekly, domain.Monthly, domain.Quarterly, domain.Yearly}
	typ := domain.Types[rng.IntN(len(domain.Types))]
	units := typ.Units()
	g := grains[rng.IntN(len(grains))]
	from := domain.NewDate(2017, 10, 1).AddDays(rng.IntN(2500))
	span := 1 + rng.IntN(900)
	if g == domain.Daily {
		span = 1 + rng.IntN(120)
	}
	return Query{Type: typ, Unit: units[rng.IntN(len(units))], From: from, To: from.AddDays(span - 1),
		Granularity: g, Compare: rng.IntN(2) == 0}
}

// factor returns what one unit of from is worth in to, for a type, with the
// gas calorific value gas: the independent conversion of the test.
func factor(typ domain.Type, from, to domain.Unit, gas Decimal) *big.Rat {
	scale := map[domain.Unit]int64{
		domain.WattHour: 1, domain.KilowattHour: 1000, domain.MegawattHour: 1_000_000,
		domain.Liter: 1, domain.CubicMeter: 1000,
	}
	switch {
	case from == to:
		return big.NewRat(1, 1)
	case typ == domain.Gas && from == domain.CubicMeter: // to kWh
		return gas.Rat()
	case typ == domain.Gas: // kWh to m³
		return new(big.Rat).Inv(gas.Rat())
	}
	return big.NewRat(scale[from], scale[to])
}

// exactShare returns the exact amount of the type's records within
// from..to, in unit, with the days covered and the records counted.
func exactShare(typ domain.Type, unit domain.Unit, from, to domain.Date, records []record, gas Decimal) (*big.Rat, int, int) {
	exact := new(big.Rat)
	covered, count := 0, 0
	for _, r := range records {
		lo, hi := laterOf(r.start, from), earlierOf(r.end, to)
		if r.typ != typ || hi.Before(lo) {
			continue
		}
		days := hi.DaysSince(lo) + 1
		share := new(big.Rat).Mul(r.amount.Rat(), factor(typ, r.unit, unit, gas))
		exact.Add(exact, share.Mul(share, big.NewRat(int64(days), int64(r.end.DaysSince(r.start)+1))))
		covered += days
		count++
	}
	return exact, covered, count
}

// rounded returns x rounded to six places, halves away from zero.
func rounded(x *big.Rat) string {
	m := new(big.Rat).Mul(x, big.NewRat(million, 1))
	num, den := new(big.Int).Abs(m.Num()), m.Denom()
	q, r := new(big.Int).QuoRem(num, den, new(big.Int))
	if r.Lsh(r, 1).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if m.Sign() < 0 {
		q.Neg(q)
	}
	d, err := ParseDecimal(new(big.Rat).SetFrac(q, big.NewInt(million)).FloatString(Places))
	if err != nil {
		panic(err)
	}
	return d.String()
}

func checkAggregate(t *testing.T, name string, agg Aggregate, records []record, gas Decimal) {
	t.Helper()
	q := agg.Query
	buckets := []domain.Bucket{{Start: q.From, End: q.To}}
	if q.Granularity != "" {
		buckets = q.Granularity.Buckets(q.From, q.To)
	}
	if len(agg.Buckets) != len(buckets) {
		t.Fatalf("%s: %d buckets, want %d", name, len(agg.Buckets), len(buckets))
	}
	micro := big.NewRat(1, million)
	sum := new(big.Rat)
	for i, b := range buckets {
		lo, hi := laterOf(b.Start, q.From), earlierOf(b.End, q.To)
		exact, covered, count := exactShare(q.Type, q.Unit, lo, hi, records, gas)
		got := agg.Buckets[i]
		if !got.Start.Equal(b.Start) || !got.End.Equal(b.End) {
			t.Errorf("%s: bucket %d is %s..%s, want %s..%s", name, i, got.Start, got.End, b.Start, b.End)
		}
		diff := new(big.Rat).Sub(got.Amount.Rat(), exact)
		if diff.Abs(diff).Cmp(micro) >= 0 {
			t.Errorf("%s: bucket %s amount %s is %s away from the exact %s", name, b.Start, got.Amount,
				diff.FloatString(9), exact.FloatString(9))
		}
		days := hi.DaysSince(lo) + 1
		if got.CoveredDays != covered || got.RecordCount != count || got.Days != days {
			t.Errorf("%s: bucket %s covered %d of %d days by %d records, want %d of %d by %d", name, b.Start,
				got.CoveredDays, got.Days, got.RecordCount, covered, days, count)
		}
		if want := rounded(new(big.Rat).Quo(got.Amount.Rat(), big.NewRat(int64(days), 1))); got.DailyAverage.String() != want {
			t.Errorf("%s: bucket %s daily average %s, want %s", name, b.Start, got.DailyAverage, want)
		}
		sum.Add(sum, got.Amount.Rat())
	}
	if sum.Cmp(agg.Total.Rat()) != 0 {
		t.Errorf("%s: buckets add up to %s, but the total is %s", name, sum.FloatString(6), agg.Total)
	}
	exactTotal, covered, count := exactShare(q.Type, q.Unit, q.From, q.To, records, gas)
	if want := rounded(exactTotal); agg.Total.String() != want {
		t.Errorf("%s: total %s, want the exact %s rounded: %s", name, agg.Total, exactTotal.FloatString(30), want)
	}
	if agg.CoveredDays != covered || agg.RecordCount != count {
		t.Errorf("%s: %d days covered by %d records, want %d by %d", name, agg.CoveredDays, agg.RecordCount, covered, count)
	}
	total := agg.Total.Rat()
	days := int64(q.To.DaysSince(q.From) + 1)
	if want := rounded(new(big.Rat).Quo(total, big.NewRat(days, 1))); agg.DailyAverage.String() != want {
		t.Errorf("%s: daily average %s, want %s", name, agg.DailyAverage, want)
	}
	if want := rounded(new(big.Rat).Quo(total, big.NewRat(int64(domain.MonthsTouched(q.From, q.To)), 1))); agg.MonthlyAverage.String() != want {
		t.Errorf("%s: monthly average %s, want %s", name, agg.MonthlyAverage, want)
	}
	if !q.Compare {
		if agg.PreviousPeriod != nil || agg.PreviousYear != nil {
			t.Errorf("%s: comparisons nobody asked for", name)
		}
		return
	}
	ppFrom, ppTo := domain.PreviousPeriod(q.From, q.To)
	for _, c := range []struct {
		what     string
		got      *Comparison
		from, to domain.Date
	}{
		{"previous period", agg.PreviousPeriod, ppFrom, ppTo},
		{"previous year", agg.PreviousYear, domain.YearEarlier(q.From), domain.YearEarlier(q.To)},
	} {
		exact, covered, _ := exactShare(q.Type, q.Unit, c.from, c.to, records, gas)
		want := rounded(exact)
		if c.got.Total.String() != want || c.got.CoveredDays != covered || c.got.Days != c.to.DaysSince(c.from)+1 {
			t.Errorf("%s: %s %s over %d of %d days, want %s over %d of %d", name, c.what, c.got.Total,
				c.got.CoveredDays, c.got.Days, want, covered, c.to.DaysSince(c.from)+1)
		}
		earlier := c.got.Total.Rat()
		switch {
		case earlier.Sign() == 0 || covered == 0 || agg.CoveredDays == 0:
			if c.got.Change != nil {
				t.Errorf("%s: a change from the %s %s: %s, want none", name, c.what, c.got.Total, c.got.Change)
			}
		case c.got.Change == nil:
			t.Errorf("%s: no change from the %s", name, c.what)
		default:
			change := new(big.Rat).Quo(new(big.Rat).Sub(total, earlier), earlier)
			if want := rounded(change); c.got.Change.String() != want {
				t.Errorf("%s: change from the %s %s, want %s", name, c.what, c.got.Change, want)
			}
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
