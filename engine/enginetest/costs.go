package enginetest

import (
	"math/big"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/shopspring/decimal"

	"consumption/domain"
	"consumption/engine"
)

// WithRandomCosts gives about a third of the records the cost their bill
// states, with up to six decimal places.
func WithRandomCosts(rng *rand.Rand, records []domain.RecordInput) []domain.RecordInput {
	out := append([]domain.RecordInput(nil), records...)
	for i := range out {
		if rng.IntN(3) == 0 {
			c := decimal.New(rng.Int64N(500_000_000), -int32(rng.IntN(7)))
			out[i].Cost = &c
		}
	}
	return out
}

// RandomTariffs returns tariffs of every type from about 2017 to 2024, one
// after another with gaps now and then, the last sometimes open-ended, in
// every price unit, with prices, standing charges and tax rates of up to six
// decimal places.
func RandomTariffs(rng *rand.Rand) []engine.Tariff {
	var out []engine.Tariff
	for _, typ := range domain.Types {
		day := domain.NewDate(2017, 6, 1).AddDays(rng.IntN(400))
		for day.Before(domain.NewDate(2024, 9, 1)) {
			units := typ.Units()
			tr := engine.Tariff{
				Type: typ, From: day, To: day.AddDays(rng.IntN(300)), PriceUnit: units[rng.IntN(len(units))],
				UnitPrice:            engine.NewDecimal(rng.Int64N(2_000_000)),
				StandingChargePerDay: engine.NewDecimal(rng.Int64N(3) * rng.Int64N(1_000_000)),
				TaxRate:              engine.NewDecimal(rng.Int64N(2) * rng.Int64N(1_000_001)),
			}
			day = tr.To.AddDays(1 + rng.IntN(2)*rng.IntN(60))
			if rng.IntN(8) == 0 {
				tr.To = domain.Date{} // open-ended: the last of its type
				day = domain.LastDay
			}
			out = append(out, tr)
		}
	}
	return out
}

// ReadWithCosts returns the readings the store's statement gives for a
// plan's read over records and tariffs, in the currency given: Read's, and
// when the read asks for costs, the tariffs of its cost types, whose edges
// cut the segments too, and the records that carry a cost summed apart from
// those that do not.
func ReadWithCosts(r engine.Read, gasKWh engine.Decimal, currency string, records []domain.RecordInput, tariffs []engine.Tariff) engine.Readings {
	asked := make(map[domain.Type]bool)
	for _, t := range r.CostTypes {
		asked[t] = true
	}
	cut := r
	var chosen []engine.Tariff
	if len(r.CostTypes) > 0 {
		edges := make(map[int]bool)
		for _, c := range r.Cuts {
			edges[c.Days()] = true
		}
		for _, t := range tariffs {
			if !asked[t.Type] {
				continue
			}
			chosen = append(chosen, t)
			edges[t.From.Days()] = true
			if !t.To.IsZero() {
				edges[t.To.Days()+1] = true
			}
		}
		cut.Cuts = nil
		for d := range edges {
			cut.Cuts = append(cut.Cuts, domain.DateFromDays(d))
		}
		sort.Slice(cut.Cuts, func(i, j int) bool { return cut.Cuts[i].Before(cut.Cuts[j]) })
	}
	out := read(cut, gasKWh, records, len(r.CostTypes) > 0)
	out.Currency, out.Tariffs = currency, chosen
	return out
}

// CostBook holds the cost of every day that has a known one, by type and by
// day counted from 1970-01-01, each computed on its own by the rule itself:
// a record's billed cost over its days; else the tariff of the day, on the
// record's amount over its days converted to the price unit; else nothing.
type CostBook map[domain.Type]map[int]*big.Rat

// NewCostBook computes the cost of every day of the records under the
// tariffs, with the calorific value of gas gasKWh.
func NewCostBook(records []domain.RecordInput, tariffs []engine.Tariff, gasKWh engine.Decimal) CostBook {
	book := make(CostBook)
	for _, typ := range domain.Types {
		book[typ] = dailyCosts(typ, records, tariffs, gasKWh.Rat())
	}
	return book
}

// CheckCosts checks an aggregate's costs against the cost of each day in
// book, as fractions, and the minor unit of the currency: every bucket
// within a minor unit of its exact cost, the buckets adding up exactly to
// the total, the total the exact total correctly rounded, and the days of
// known cost exact, for the range, its buckets and its earlier periods.
func CheckCosts(t testing.TB, name string, agg engine.Aggregate, book CostBook) {
	t.Helper()
	q := agg.Query
	c := agg.Costs
	if !q.Costs {
		if c != nil {
			t.Errorf("%s: costs nobody asked for", name)
		}
		return
	}
	if c == nil {
		t.Fatalf("%s: no costs", name)
	}
	digits, _ := domain.CurrencyDigits(c.Currency)
	minor := new(big.Rat).SetFrac64(1, 1)
	for range digits {
		minor.Quo(minor, big.NewRat(10, 1))
	}
	days := book[q.Type]
	exactOf := func(from, to domain.Date) (*big.Rat, int) {
		sum, known := new(big.Rat), 0
		for d := from; !d.After(to); d = d.AddDays(1) {
			if c, ok := days[d.Days()]; ok {
				sum.Add(sum, c)
				known++
			}
		}
		return sum, known
	}
	buckets := []domain.Bucket{{Start: q.From, End: q.To}}
	if q.Granularity != "" {
		buckets = q.Granularity.Buckets(q.From, q.To)
	}
	if len(c.Buckets) != len(buckets) {
		t.Fatalf("%s: %d buckets of costs, want %d", name, len(c.Buckets), len(buckets))
	}
	sum := new(big.Rat)
	for i, b := range buckets {
		exact, known := exactOf(laterOf(b.Start, q.From), earlierOf(b.End, q.To))
		got := c.Buckets[i]
		diff := new(big.Rat).Sub(got.Cost.Rat(), exact)
		if diff.Abs(diff).Cmp(minor) >= 0 || got.Days != known {
			t.Errorf("%s: bucket %s cost %s over %d known days, want within %s of %s over %d", name, b.Start,
				got.Cost, got.Days, minor.FloatString(digits), exact.FloatString(9), known)
		}
		sum.Add(sum, got.Cost.Rat())
	}
	if sum.Cmp(c.Total.Cost.Rat()) != 0 {
		t.Errorf("%s: bucket costs add up to %s, but the total is %s", name, sum.FloatString(6), c.Total.Cost)
	}
	check := func(what string, got *engine.Money, from, to domain.Date) {
		exact, known := exactOf(from, to)
		if want := roundedTo(exact, minor); got == nil || got.Cost.Rat().Cmp(want) != 0 || got.Days != known {
			t.Errorf("%s: %s cost %+v, want %s (exactly %s) over %d known days", name, what, got, want.FloatString(digits),
				exact.FloatString(12), known)
		}
	}
	check("total", &c.Total, q.From, q.To)
	if !q.Compare {
		if c.PreviousPeriod != nil || c.PreviousYear != nil {
			t.Errorf("%s: earlier costs nobody asked for", name)
		}
		return
	}
	ppFrom, ppTo := domain.PreviousPeriod(q.From, q.To)
	check("previous period", c.PreviousPeriod, ppFrom, ppTo)
	check("previous year", c.PreviousYear, domain.YearEarlier(q.From), domain.YearEarlier(q.To))
}

// dailyCosts returns the cost of every day of a type that has a known one.
func dailyCosts(typ domain.Type, records []domain.RecordInput, tariffs []engine.Tariff, gasKWh *big.Rat) map[int]*big.Rat {
	out := make(map[int]*big.Rat)
	var prices []engine.Tariff
	for _, tr := range tariffs {
		if tr.Type == typ {
			prices = append(prices, tr)
		}
	}
	for _, r := range records {
		if r.Type != typ {
			continue
		}
		span := big.NewRat(int64(r.PeriodEnd.DaysSince(r.PeriodStart)+1), 1)
		for d := r.PeriodStart; !d.After(r.PeriodEnd); d = d.AddDays(1) {
			if r.Cost != nil {
				out[d.Days()] = new(big.Rat).Quo(r.Cost.Rat(), span)
				continue
			}
			for _, tr := range prices {
				if d.Before(tr.From) || !tr.To.IsZero() && d.After(tr.To) {
					continue
				}
				c := new(big.Rat).Mul(r.Amount.Rat(), factor(typ, r.Unit, tr.PriceUnit, gasKWh))
				c.Quo(c, span)
				c.Mul(c, tr.UnitPrice.Rat())
				c.Add(c, tr.StandingChargePerDay.Rat())
				c.Mul(c, new(big.Rat).Add(big.NewRat(1, 1), tr.TaxRate.Rat()))
				out[d.Days()] = c
			}
		}
	}
	return out
}

// roundedTo returns x rounded to a whole number of units, halves up.
func roundedTo(x, unit *big.Rat) *big.Rat {
	n := new(big.Rat).Quo(x, unit)
	q, r := new(big.Int).QuoRem(n.Num(), n.Denom(), new(big.Int))
	if r.Lsh(r, 1).Cmp(n.Denom()) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	return new(big.Rat).Mul(new(big.Rat).SetInt(q), unit)
}
