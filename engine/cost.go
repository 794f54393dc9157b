package engine

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"slices"
	"sort"

	"consumption/domain"
)

// Costs are computed by the same sweep as amounts, day by day in effect
// though never one day at a time. The cost of a day of one type is:
//
//   - where a record that carries a cost (what its bill states, tax and
//     standing charge included) covers the day, that cost spread evenly over
//     the record's days, whatever any tariff says;
//   - else, where another record covers the day and a tariff is valid, the
//     day's consumption (the record's amount spread evenly over its days)
//     converted to the tariff's price unit, times its unit price, plus its
//     standing charge, times one plus its tax rate;
//   - else it is unknown, and counts in no cost: a day no record covers has
//     no known consumption, and its standing charge alone would understate
//     it.
//
// A tariff's first day and the day after its last are cuts of the read (see
// Read.CostTypes), so the records summed within a segment share one price.
// Costs are exact fractions until the end, then rounded to the currency's
// minor unit by the largest remainder method, as amounts are to six
// places: each bucket's cost is rounded down, and the minor units the
// correctly rounded total still needs go to the buckets that lost most.

// Tariff is the price of one type of consumption over a span of days, as
// the store reads it.
type Tariff struct {
	Type domain.Type
	// From is the first day it applies, To the last, or the zero Date when
	// it has no end.
	From, To domain.Date
	// UnitPrice is the price of one PriceUnit, StandingChargePerDay the
	// price of a day, both before tax and in the currency; TaxRate, from 0
	// to 1, adds to both.
	PriceUnit                                domain.Unit
	UnitPrice, StandingChargePerDay, TaxRate Decimal
}

// Costs are what an aggregate's consumption cost.
type Costs struct {
	// Currency is the ISO 4217 code every cost is in.
	Currency string
	// Total is the range's cost; the buckets' costs add up exactly to it.
	Total   Money
	Buckets []Money
	// PreviousPeriod and PreviousYear are the earlier periods' costs, set
	// when the query compares.
	PreviousPeriod, PreviousYear *Money
}

// Money is the cost of some days: rounded to the currency's minor unit, and
// the number of days whose cost is known. A cost where Days is 0 means
// nothing: no day of it has a known cost.
type Money struct {
	Cost Decimal
	Days int
}

// costInterval is an Interval as the cost sweep reads it: an interval, and
// whether its records carry costs, which add up to cost, in millionths of
// the currency.
type costInterval struct {
	interval
	billed bool
	cost   u128
}

// tariff is a Tariff as the cost sweep reads it: days counted from
// 1970-01-01 (last is math.MaxInt when it has no end), the conversion from
// the units of records into its price unit, its prices in millionths of
// the currency, and one plus its tax rate in millionths.
type tariff struct {
	first, last     int
	conv            conversion
	price, standing uint64
	taxed           uint64
	// The factors of pricing (see fraction.addPriced), made once.
	bigPrice, bigStanding, bigTaxed, bigDen *big.Int
}

// addCosts computes the costs of the queries that ask for them, from the
// same readings as their amounts.
func (p *Plan) addCosts(out []Aggregate, r Readings) error {
	digits, ok := domain.CurrencyDigits(r.Currency)
	if !ok || digits > Places {
		return fmt.Errorf("engine: no currency %q", r.Currency)
	}
	minor := int64(math.Pow10(Places - digits)) // millionths in a minor unit
	tariffs, err := sortTariffs(r.Tariffs, r.GasKWhPerCubicMeter)
	if err != nil {
		return err
	}
	ivs, err := sortCostIntervals(r.Intervals)
	if err != nil {
		return err
	}
	k := 0
	for i, q := range p.queries {
		specs := 1
		if q.Compare {
			specs = 3
		}
		if q.Costs {
			t := typeIndex(q.Type)
			c := &Costs{Currency: r.Currency}
			for j := range specs {
				res, err := p.specs[k+j].cost(ivs[t], tariffs[t], minor)
				if err != nil {
					return err
				}
				switch j {
				case 0:
					c.Total, c.Buckets = res.total, res.buckets
				case 1:
					c.PreviousPeriod = &res.total
				case 2:
					c.PreviousYear = &res.total
				}
			}
			out[i].Costs = c
		}
		k += specs
	}
	return nil
}

// sortTariffs checks the tariffs and sorts them by type and first day.
// Tariffs of one type never overlap: the database refuses it.
func sortTariffs(in []Tariff, gasKWh Decimal) ([numTypes][]tariff, error) {
	var byType [numTypes][]tariff
	for _, tr := range in {
		t := typeIndex(tr.Type)
		if t < 0 || !tr.Type.Allows(tr.PriceUnit) {
			return byType, fmt.Errorf("engine: a tariff of %s per %s", tr.Type, tr.PriceUnit)
		}
		conv, err := newConversion(tr.Type, tr.PriceUnit, gasKWh)
		if err != nil {
			return byType, err
		}
		last := math.MaxInt
		if !tr.To.IsZero() {
			last = tr.To.Days()
		}
		price, priceOK := tr.UnitPrice.smallMicros()
		standing, standingOK := tr.StandingChargePerDay.smallMicros()
		tax, taxOK := tr.TaxRate.smallMicros()
		if !priceOK || !standingOK || !taxOK || tax > million || last < tr.From.Days() {
			return byType, fmt.Errorf("engine: an impossible tariff %+v", tr)
		}
		tf := tariff{first: tr.From.Days(), last: last, conv: conv, price: price, standing: standing, taxed: million + tax}
		tf.bigPrice = new(big.Int).SetUint64(price)
		tf.bigStanding = new(big.Int).SetUint64(standing)
		tf.bigStanding.Mul(tf.bigStanding, new(big.Int).SetUint64(conv.divisor*million))
		tf.bigTaxed = new(big.Int).SetUint64(million + tax)
		tf.bigDen = new(big.Int).SetUint64(conv.divisor)
		tf.bigDen.Mul(tf.bigDen, big.NewInt(million*million))
		byType[t] = append(byType[t], tf)
	}
	for t := range byType {
		slices.SortFunc(byType[t], func(a, b tariff) int { return a.first - b.first })
		for i := 1; i < len(byType[t]); i++ {
			if byType[t][i].first <= byType[t][i-1].last {
				return byType, fmt.Errorf("engine: tariffs of %s overlap", domain.Types[t])
			}
		}
	}
	return byType, nil
}

// smallMicros returns d in millionths, and whether it is from 0 to the
// largest uint64 of them.
func (d Decimal) smallMicros() (uint64, bool) {
	return d.micros.lo, !d.neg && d.micros.hi == 0
}

// sortCostIntervals converts the intervals and sorts them by type and first
// day, as sortIntervals does for amounts.
func sortCostIntervals(in []Interval) ([numTypes][]costInterval, error) {
	var byType [numTypes][]costInterval
	for _, iv := range in {
		t, u := typeIndex(iv.Type), unitIndex(iv.Unit)
		first, last := iv.First.Days(), iv.Last.Days()
		switch {
		case t < 0 || u < 0 || !unitsOfType[t][u]:
			return byType, fmt.Errorf("engine: an interval of %s in %s", iv.Type, iv.Unit)
		case iv.Amount.neg, iv.Cost.neg, !iv.Billed && !iv.Cost.IsZero(), last < first,
			iv.Records < 1, iv.Days < iv.Records, iv.Days > last-first+1:
			return byType, fmt.Errorf("engine: an impossible interval %+v", iv)
		}
		byType[t] = append(byType[t], costInterval{
			interval: interval{first: first, last: last, unit: u, amount: iv.Amount.micros, days: iv.Days, records: iv.Records},
			billed:   iv.Billed, cost: iv.Cost.micros,
		})
	}
	for t := range byType {
		slices.SortFunc(byType[t], func(a, b costInterval) int { return a.first - b.first })
	}
	return byType, nil
}

// specCost is what a spec's days cost, rounded.
type specCost struct {
	total   Money
	buckets []Money
}

// errAcrossTariffs means records were summed across a tariff's edge, which
// the read's cuts rule out.
var errAcrossTariffs = errors.New("engine: records summed across a tariff's edge")

// pricedSum is what the days priced by one tariff add up to: their amount
// in the tariff's conversion, kept exactly, and their number. It is priced
// once, when it is complete.
type pricedSum struct {
	amount exact
	days   int
}

// cost sweeps the spec's buckets, its type's intervals and its type's
// tariffs together in date order, once, as sum does for amounts: the days
// a piece of an interval shares with a bucket, and within it with each
// tariff, are never visited one by one. As for amounts, the range's total
// is summed apart from the buckets, so that it gains a fraction only from
// a record cut by the range's or a tariff's edge, not by every bucket's.
func (s *spec) cost(ivs []costInterval, tariffs []tariff, minor int64) (specCost, error) {
	n := s.buckets()
	res := specCost{buckets: make([]Money, n)}
	values := make([]fraction, n) // millionths of the currency
	from, to, e := s.from(), s.to(), s.edges

	// The bucket's billed costs, in millionths of the currency, and what
	// its days priced by one tariff add up to, priced when the sweep moves
	// on to another bucket or tariff.
	var billed exact
	var acc pricedSum
	accBucket, accTariff := 0, -1
	settle := func() error {
		if !billed.isZero() {
			if err := values[accBucket].addExact(&billed, 1); err != nil {
				return err
			}
			billed = exact{}
		}
		if accTariff >= 0 {
			if err := values[accBucket].addPriced(&tariffs[accTariff], &acc); err != nil {
				return err
			}
			acc, accTariff = pricedSum{}, -1
		}
		return nil
	}
	// The range's billed costs, and its days priced by each tariff.
	var billedTotal exact
	pricedTotal := make([]pricedSum, len(tariffs))

	b, p := 0, 0
	i := sort.Search(len(ivs), func(i int) bool { return ivs[i].first >= from })
	if i > 0 && ivs[i-1].last >= from {
		i--
	}
	for ; i < len(ivs) && ivs[i].first <= to; i++ {
		iv := &ivs[i]
		lo, hi := max(iv.first, from), min(iv.last, to)
		for e[b+1] <= lo {
			b++
		}
		if b != accBucket {
			if err := settle(); err != nil {
				return res, err
			}
			accBucket = b
		}
		for p < len(tariffs) && tariffs[p].last < lo {
			p++
		}
		span := iv.last - iv.first + 1
		if iv.records != 1 || iv.days != span {
			// A sum of records within one segment: wholly inside one
			// bucket, the range and at most one tariff, it counts whole.
			if lo != iv.first || hi != iv.last || hi >= e[b+1] {
				return res, fmt.Errorf("engine: records summed across a cut, %d to %d", iv.first, iv.last)
			}
			if iv.billed {
				billed.add(iv.cost)
				billedTotal.add(iv.cost)
				res.buckets[b].Days += iv.days
				continue
			}
			if p == len(tariffs) || tariffs[p].first > hi {
				continue // no price
			}
			if tariffs[p].first > lo || tariffs[p].last < hi {
				return res, errAcrossTariffs
			}
			v, ok := iv.amount.mul(tariffs[p].conv.scale[iv.unit])
			if !ok {
				return res, errOverflow
			}
			if accTariff != p {
				if err := settle(); err != nil {
					return res, err
				}
				accTariff = p
			}
			acc.amount.add(v)
			acc.days += iv.days
			pricedTotal[p].amount.add(v)
			pricedTotal[p].days += iv.days
			res.buckets[b].Days += iv.days
			continue
		}

		// A single record: its cost, or its amount by tariff, pro rata, in
		// the range's total and in each bucket.
		if iv.billed {
			billedTotal.addShare(iv.cost, uint64(hi-lo+1), uint64(span))
		} else {
			for t := p; t < len(tariffs) && tariffs[t].first <= hi; t++ {
				k := min(hi, tariffs[t].last) - max(lo, tariffs[t].first) + 1
				v, ok := iv.amount.mul(tariffs[t].conv.scale[iv.unit])
				if !ok {
					return res, errOverflow
				}
				pricedTotal[t].amount.addShare(v, uint64(k), uint64(span))
				pricedTotal[t].days += k
			}
		}
		for {
			bucketLo, bucketHi := max(e[b], lo), min(e[b+1]-1, hi)
			if b != accBucket {
				if err := settle(); err != nil {
					return res, err
				}
				accBucket = b
			}
			if iv.billed {
				billed.addShare(iv.cost, uint64(bucketHi-bucketLo+1), uint64(span))
				res.buckets[b].Days += bucketHi - bucketLo + 1
			} else {
				for p < len(tariffs) && tariffs[p].last < bucketLo {
					p++
				}
				for t := p; t < len(tariffs) && tariffs[t].first <= bucketHi; t++ {
					k := min(bucketHi, tariffs[t].last) - max(bucketLo, tariffs[t].first) + 1
					v, _ := iv.amount.mul(tariffs[t].conv.scale[iv.unit]) // it fit above
					if accTariff != t {
						if err := settle(); err != nil {
							return res, err
						}
						accTariff = t
					}
					acc.amount.addShare(v, uint64(k), uint64(span))
					acc.days += k
					res.buckets[b].Days += k
				}
			}
			if bucketHi == hi {
				break
			}
			b++
		}
	}
	if err := settle(); err != nil {
		return res, err
	}

	var total fraction
	if err := total.addExact(&billedTotal, 1); err != nil {
		return res, err
	}
	for t := range pricedTotal {
		if pricedTotal[t].days > 0 {
			if err := total.addPriced(&tariffs[t], &pricedTotal[t]); err != nil {
				return res, err
			}
		}
	}
	for j := range res.buckets {
		res.total.Days += res.buckets[j].Days
	}
	return res, roundCosts(&res, &total, values, minor)
}

// fraction is an exact non-negative rational num/den, kept without
// reducing: a bucket's cost adds a few of them, and a greatest common
// divisor would cost more than it saves. The zero value is 0.
type fraction struct {
	num, den big.Int // den is 0 for 0
}

// add adds n/d.
func (f *fraction) add(n, d *big.Int) {
	if f.den.Sign() == 0 {
		f.num.Set(n)
		f.den.Set(d)
		return
	}
	var t big.Int
	f.num.Mul(&f.num, d).Add(&f.num, t.Mul(n, &f.den))
	f.den.Mul(&f.den, d)
}

// addExact adds e ÷ divisor.
func (f *fraction) addExact(e *exact, divisor uint64) error {
	if e.overflow {
		return errOverflow
	}
	var n, d big.Int
	den := max(e.den, 1)
	d.SetUint64(den)
	n.Mul(e.whole.bigInto(&n), &d).Add(&n, new(big.Int).SetUint64(e.num))
	f.add(&n, d.Mul(&d, new(big.Int).SetUint64(divisor)))
	return nil
}

// addPriced adds what the days of s cost under tariff t, in millionths of
// the currency: s.amount ÷ divisor millionths of the price unit at price,
// plus s.days standing charges, times one plus the tax rate (taxed
// millionths):
//
//	(amount × price + days × standing × divisor × 10^6) × taxed ÷ (divisor × 10^12)
//
// where amount is whole + num/den.
func (f *fraction) addPriced(t *tariff, s *pricedSum) error {
	if s.amount.overflow {
		return errOverflow
	}
	var n, d, x big.Int
	s.amount.whole.bigInto(&n)
	x.SetInt64(int64(s.days))
	x.Mul(&x, t.bigStanding)
	if s.amount.den > 1 {
		// Over den: (whole × den + num) × price + days × standing' × den.
		d.SetUint64(s.amount.den)
		n.Mul(&n, &d)
		var num big.Int
		n.Add(&n, num.SetUint64(s.amount.num))
		x.Mul(&x, &d)
		d.Mul(&d, t.bigDen)
	} else {
		d.Set(t.bigDen)
	}
	n.Mul(&n, t.bigPrice)
	n.Add(&n, &x)
	n.Mul(&n, t.bigTaxed)
	f.add(&n, &d)
	return nil
}

// isZero reports whether nothing was added.
func (e *exact) isZero() bool { return e.whole.isZero() && e.den == 0 && !e.overflow }

// bigInto sets b to a and returns it.
func (a u128) bigInto(b *big.Int) *big.Int {
	b.SetUint64(a.hi)
	if a.hi == 0 {
		return b.SetUint64(a.lo)
	}
	b.Lsh(b, 64)
	var lo big.Int
	return b.Or(b, lo.SetUint64(a.lo))
}

// roundCosts rounds the buckets' exact costs, in millionths of the
// currency, to whole minor units (minor millionths each) by the largest
// remainder method: res's total is the exact total correctly rounded
// (halves up), and its buckets add up exactly to it.
func roundCosts(res *specCost, total *fraction, values []fraction, minor int64) error {
	var m big.Int
	m.SetInt64(minor)
	floors := new(big.Int)
	var losses []costRemainder
	q := make([]big.Int, len(values))
	for j := range values {
		v := &values[j]
		if v.den.Sign() == 0 {
			continue
		}
		d := new(big.Int).Mul(&v.den, &m)
		r := new(big.Int)
		q[j].QuoRem(&v.num, d, r)
		floors.Add(floors, &q[j])
		if r.Sign() != 0 {
			losses = append(losses, newCostRemainder(j, r, d))
		}
	}
	rounded := new(big.Int)
	if total.den.Sign() != 0 {
		d := new(big.Int).Mul(&total.den, &m)
		r := new(big.Int)
		rounded.QuoRem(&total.num, d, r)
		if r.Lsh(r, 1).Cmp(d) >= 0 { // a half or more
			rounded.Add(rounded, big.NewInt(1))
		}
	}
	short := new(big.Int).Sub(rounded, floors)
	if short.Sign() < 0 || short.Cmp(big.NewInt(int64(len(losses)))) > 0 {
		return fmt.Errorf("engine: %v minor units short of the total cost with %d remainders", short, len(losses))
	}
	k := int(short.Int64())
	if k > 0 && k < len(losses) {
		slices.SortFunc(losses, func(a, b costRemainder) int {
			if a.before(b) {
				return -1
			}
			return 1
		})
	}
	for _, l := range losses[:k] {
		q[l.bucket].Add(&q[l.bucket], big.NewInt(1))
	}
	var ok bool
	if res.total.Cost, ok = minorUnits(rounded, minor); !ok {
		return errOverflow
	}
	for j := range q {
		if res.buckets[j].Cost, ok = minorUnits(&q[j], minor); !ok {
			return errOverflow
		}
	}
	return nil
}

// costRemainder is what a bucket's cost lost when rounded down: r/den of
// a minor unit, with approx its value as a float, which orders all but
// near ties without multiplying big numbers.
type costRemainder struct {
	bucket int
	r, den *big.Int
	approx float64
}

func newCostRemainder(bucket int, r, den *big.Int) costRemainder {
	// The leading 63 bits of each, r < den: a relative error below 2^-52.
	shift := uint(max(den.BitLen()-63, 0))
	var x, y big.Int
	approx := float64(x.Rsh(r, shift).Uint64()) / float64(y.Rsh(den, shift).Uint64())
	return costRemainder{bucket: bucket, r: r, den: den, approx: approx}
}

// before reports whether a comes before b in the order the rounding hands
// out minor units: the larger remainder first, the earlier bucket on a
// tie. Floats a billionth apart are ordered by their values, far beyond
// their error; closer ones exactly.
func (a costRemainder) before(b costRemainder) bool {
	if d := a.approx - b.approx; d > 1e-9 || d < -1e-9 {
		return d > 0
	}
	var x, y big.Int
	if c := x.Mul(a.r, b.den).Cmp(y.Mul(b.r, a.den)); c != 0 {
		return c > 0
	}
	return a.bucket < b.bucket
}

// minorUnits returns n minor units of minor millionths each as a Decimal,
// and false when it does not fit.
func minorUnits(n *big.Int, minor int64) (Decimal, bool) {
	m := new(big.Int).Mul(n, big.NewInt(minor))
	if m.Sign() < 0 || m.BitLen() > 128 {
		return Decimal{}, false
	}
	lo := new(big.Int).And(m, new(big.Int).SetUint64(math.MaxUint64)).Uint64()
	hi := new(big.Int).Rsh(m, 64).Uint64()
	return Decimal{micros: u128{hi, lo}}, true
}
