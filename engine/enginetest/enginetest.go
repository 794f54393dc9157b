// Package enginetest checks the engine's answers against an independent
// computation with exact rationals, for tests of the engine alone and of the
// whole path from the database to the answer.
package enginetest

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"os"
	"sort"
	"strconv"
	"testing"

	"github.com/shopspring/decimal"

	"consumption/domain"
	"consumption/engine"
)

// NewRand returns a random source seeded at random, or from the environment
// variable env to replay a failure; the test's log says which seed it used.
func NewRand(t testing.TB, env string) *rand.Rand {
	seed := rand.Uint64()
	if s := os.Getenv(env); s != "" {
		var err error
		if seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			t.Fatalf("%s: %v", env, err)
		}
	}
	t.Logf("seed %d (%s=%d replays it)", seed, env, seed)
	return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}

// RandomRecords returns records of every type from about 2018 to 2024: now
// and then a long one, sometimes a run of daily ones, sometimes adjacent,
// sometimes with a gap, in every unit, with up to six decimal places.
func RandomRecords(rng *rand.Rand) []domain.RecordInput {
	var out []domain.RecordInput
	for _, typ := range domain.Types {
		day := domain.NewDate(2018, 1, 1).AddDays(rng.IntN(60))
		for day.Before(domain.NewDate(2024, 6, 1)) {
			length := 1 + rng.IntN(45)
			switch rng.IntN(10) {
			case 0:
				length = 1 + rng.IntN(domain.MaxPeriodDays)
			case 1, 2, 3:
				length = 1
			}
			units := typ.Units()
			out = append(out, domain.RecordInput{
				Type: typ, Unit: units[rng.IntN(len(units))],
				Amount:      decimal.New(rng.Int64N(5_000_000_000), -int32(rng.IntN(7))), // up to 6 places
				PeriodStart: day, PeriodEnd: day.AddDays(length - 1),
			})
			day = day.AddDays(length + rng.IntN(20)*rng.IntN(2))
		}
	}
	return out
}

// RandomQuery returns a query of any type, unit and granularity, with or
// without comparisons, over a range from 2017 to 2024.
func RandomQuery(rng *rand.Rand) engine.Query {
	grains := []domain.Granularity{"", domain.Daily, domain.Weekly, domain.Monthly, domain.Quarterly, domain.Yearly}
	typ := domain.Types[rng.IntN(len(domain.Types))]
	units := typ.Units()
	g := grains[rng.IntN(len(grains))]
	from := domain.NewDate(2017, 10, 1).AddDays(rng.IntN(2500))
	span := 1 + rng.IntN(900)
	if g == domain.Daily {
		span = 1 + rng.IntN(120)
	}
	return engine.Query{Type: typ, Unit: units[rng.IntN(len(units))], From: from, To: from.AddDays(span - 1),
		Granularity: g, Compare: rng.IntN(2) == 0}
}

// Check checks an aggregate against the records it was computed from, with
// the calorific value of gas gasKWh: every bucket within a millionth of its
// exact share, the buckets adding up exactly to the total, the total the
// correctly rounded exact total, coverage and counts exact, and averages
// and comparisons each the correctly rounded quotient of what they divide.
func Check(t testing.TB, name string, agg engine.Aggregate, records []domain.RecordInput, gasKWh engine.Decimal) {
	t.Helper()
	q := agg.Query
	buckets := []domain.Bucket{{Start: q.From, End: q.To}}
	if q.Granularity != "" {
		buckets = q.Granularity.Buckets(q.From, q.To)
	}
	if len(agg.Buckets) != len(buckets) {
		t.Fatalf("%s: %d buckets, want %d", name, len(agg.Buckets), len(buckets))
	}
	share := func(from, to domain.Date) (*big.Rat, int, int) { return exactShare(q, from, to, records, gasKWh.Rat()) }
	micro := big.NewRat(1, 1_000_000)
	sum := new(big.Rat)
	for i, b := range buckets {
		lo, hi := laterOf(b.Start, q.From), earlierOf(b.End, q.To)
		exact, covered, count := share(lo, hi)
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
		if want := rounded(quo(got.Amount.Rat(), days)); got.DailyAverage.String() != want {
			t.Errorf("%s: bucket %s daily average %s, want %s", name, b.Start, got.DailyAverage, want)
		}
		sum.Add(sum, got.Amount.Rat())
	}
	if sum.Cmp(agg.Total.Rat()) != 0 {
		t.Errorf("%s: buckets add up to %s, but the total is %s", name, sum.FloatString(6), agg.Total)
	}
	exactTotal, covered, count := share(q.From, q.To)
	if want := rounded(exactTotal); agg.Total.String() != want {
		t.Errorf("%s: total %s, want the exact %s rounded: %s", name, agg.Total, exactTotal.FloatString(30), want)
	}
	if agg.CoveredDays != covered || agg.RecordCount != count {
		t.Errorf("%s: %d days covered by %d records, want %d by %d", name, agg.CoveredDays, agg.RecordCount, covered, count)
	}
	total := agg.Total.Rat()
	if want := rounded(quo(total, q.To.DaysSince(q.From)+1)); agg.DailyAverage.String() != want {
		t.Errorf("%s: daily average %s, want %s", name, agg.DailyAverage, want)
	}
	if want := rounded(quo(total, domain.MonthsTouched(q.From, q.To))); agg.MonthlyAverage.String() != want {
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
		got      *engine.Comparison
		from, to domain.Date
	}{
		{"previous period", agg.PreviousPeriod, ppFrom, ppTo},
		{"previous year", agg.PreviousYear, domain.YearEarlier(q.From), domain.YearEarlier(q.To)},
	} {
		exact, covered, _ := share(c.from, c.to)
		days := c.to.DaysSince(c.from) + 1
		if want := rounded(exact); c.got.Total.String() != want || c.got.CoveredDays != covered || c.got.Days != days {
			t.Errorf("%s: %s %s over %d of %d days, want %s over %d of %d", name, c.what, c.got.Total,
				c.got.CoveredDays, c.got.Days, want, covered, days)
		}
		earlier := c.got.Total.Rat()
		switch {
		case earlier.Sign() == 0 || covered == 0 || agg.CoveredDays == 0:
			// No change from nothing, nor where either period has no data.
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

// exactShare returns the exact amount of the query's type within from..to,
// in its unit, with the days covered and the records counted.
func exactShare(q engine.Query, from, to domain.Date, records []domain.RecordInput, gasKWh *big.Rat) (*big.Rat, int, int) {
	exact := new(big.Rat)
	covered, count := 0, 0
	for _, r := range records {
		lo, hi := laterOf(r.PeriodStart, from), earlierOf(r.PeriodEnd, to)
		if r.Type != q.Type || hi.Before(lo) {
			continue
		}
		days := hi.DaysSince(lo) + 1
		share := new(big.Rat).Mul(r.Amount.Rat(), factor(q.Type, r.Unit, q.Unit, gasKWh))
		exact.Add(exact, share.Mul(share, big.NewRat(int64(days), int64(r.PeriodEnd.DaysSince(r.PeriodStart)+1))))
		covered += days
		count++
	}
	return exact, covered, count
}

// factor returns what one unit of from is worth in to, for a type, with the
// calorific value of gas gasKWh: the independent conversion of the check.
func factor(typ domain.Type, from, to domain.Unit, gasKWh *big.Rat) *big.Rat {
	scale := map[domain.Unit]int64{
		domain.WattHour: 1, domain.KilowattHour: 1000, domain.MegawattHour: 1_000_000,
		domain.Liter: 1, domain.CubicMeter: 1000,
	}
	switch {
	case from == to:
		return big.NewRat(1, 1)
	case typ == domain.Gas && from == domain.CubicMeter: // to kWh
		return gasKWh
	case typ == domain.Gas: // kWh to m³
		return new(big.Rat).Inv(gasKWh)
	}
	return big.NewRat(scale[from], scale[to])
}

func quo(x *big.Rat, n int) *big.Rat { return new(big.Rat).Quo(x, big.NewRat(int64(n), 1)) }

// rounded returns x rounded to six places, halves away from zero, as the
// engine writes it.
func rounded(x *big.Rat) string {
	m := new(big.Rat).Mul(x, big.NewRat(1_000_000, 1))
	num, den := new(big.Int).Abs(m.Num()), m.Denom()
	q, r := new(big.Int).QuoRem(num, den, new(big.Int))
	if r.Lsh(r, 1).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if m.Sign() < 0 {
		q.Neg(q)
	}
	d, err := engine.ParseDecimal(new(big.Rat).SetFrac(q, big.NewInt(1_000_000)).FloatString(engine.Places))
	if err != nil {
		panic(fmt.Sprintf("enginetest: %v", err))
	}
	return d.String()
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

// Read returns the readings the store's statement gives for a plan's read
// over records, with the calorific value of gas gasKWh: the records of each
// scan and the one that reaches into a scan from before it, each read once;
// those within one segment summed per type, unit and segment, the others
// one by one. It is the statement's meaning, for tests of the engine alone.
// ReadWithCosts reads costs too.
func Read(r engine.Read, gasKWh engine.Decimal, records []domain.RecordInput) engine.Readings {
	return ReadWithCosts(r, gasKWh, domain.DefaultCurrency, records, nil)
}

// read returns the readings of r's scans; byBilled sums records that carry a
// cost apart from those that do not, as the statement does when costs are
// read.
func read(r engine.Read, gasKWh engine.Decimal, records []domain.RecordInput, byBilled bool) engine.Readings {
	segment := func(d domain.Date) int { // as width_bucket numbers them
		return sort.Search(len(r.Cuts), func(i int) bool { return r.Cuts[i].After(d) })
	}
	read := make(map[int]bool)
	for _, s := range r.Scans {
		for i, rec := range records {
			if rec.Type == s.Type && !rec.PeriodEnd.Before(s.From) && !rec.PeriodStart.After(s.To) {
				read[i] = true
			}
		}
	}
	type key struct {
		typ     domain.Type
		unit    domain.Unit
		segment int
		billed  bool
	}
	type group struct {
		engine.Interval
		sum, cost decimal.Decimal
	}
	var order []key
	groups := make(map[key]*group)
	out := engine.Readings{GasKWhPerCubicMeter: gasKWh}
	for i, rec := range records {
		if !read[i] {
			continue
		}
		days := rec.PeriodEnd.DaysSince(rec.PeriodStart) + 1
		iv := engine.Interval{Type: rec.Type, Unit: rec.Unit, First: rec.PeriodStart, Last: rec.PeriodEnd,
			Amount: decimalOf(rec.Amount), Days: days, Records: 1}
		billed := byBilled && rec.Cost != nil
		var cost decimal.Decimal
		if billed {
			iv.Billed, cost = true, *rec.Cost
			iv.Cost = decimalOf(cost)
		}
		seg := segment(rec.PeriodStart)
		if seg != segment(rec.PeriodEnd) {
			out.Intervals = append(out.Intervals, iv)
			continue
		}
		k := key{rec.Type, rec.Unit, seg, billed}
		g := groups[k]
		if g == nil {
			groups[k] = &group{iv, rec.Amount, cost}
			order = append(order, k)
			continue
		}
		g.sum = g.sum.Add(rec.Amount)
		g.cost = g.cost.Add(cost)
		g.Days += days
		g.Records++
		if rec.PeriodStart.Before(g.First) {
			g.First = rec.PeriodStart
		}
		if rec.PeriodEnd.After(g.Last) {
			g.Last = rec.PeriodEnd
		}
	}
	// In an order of the groups' own, as a hash aggregate returns them.
	for i := len(order) - 1; i >= 0; i-- {
		g := groups[order[i]]
		g.Amount, g.Cost = decimalOf(g.sum), decimalOf(g.cost)
		out.Intervals = append(out.Intervals, g.Interval)
	}
	return out
}

// decimalOf converts an exact decimal of at most six places.
func decimalOf(d decimal.Decimal) engine.Decimal {
	v, err := engine.ParseDecimal(d.StringFixed(engine.Places))
	if err != nil {
		panic(fmt.Sprintf("enginetest: %v", err))
	}
	return v
}
