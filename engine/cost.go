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
		byType[t] = append(byType[t], tariff{
			first: tr.From.Days(), last: last, conv: conv, price: price, standing: standing, taxed: million + tax,
		})
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

// cost sweeps the spec's buckets, its type's intervals and its type's
// tariffs together in date order, once, as sum does for amounts: the days
// a piece of an interval shares with a bucket, and within it with each
// tariff, are never visited one by one.
func (s *spec) cost(ivs []costInterval, tariffs []tariff, minor int64) (specCost, error) {
	n := s.buckets()
	billed := make([]exact, n) // millionths of the currency
	priced := make([]*big.Rat, n)
	days := make([]int, n)
	from, to, e := s.from(), s.to(), s.edges

	// What the pieces priced by one tariff in one bucket add up to, in the
	// tariff's conversion: summed exactly, and priced once per bucket.
	var acc struct {
		bucket, tariff int
		amount         exact
		days           int
	}
	acc.bucket = -1
	flush := func() error {
		if acc.bucket < 0 {
			return nil
		}
		c, err := tariffs[acc.tariff].costOf(acc.amount, acc.days)
		if err != nil {
			return err
		}
		if priced[acc.bucket] == nil {
			priced[acc.bucket] = c
		} else {
			priced[acc.bucket].Add(priced[acc.bucket], c)
		}
		acc.bucket, acc.amount, acc.days = -1, exact{}, 0
		return nil
	}
	addPriced := func(b, t int, v u128, k, span, covered int) error {
		if acc.bucket != b || acc.tariff != t {
			if err := flush(); err != nil {
				return err
			}
			acc.bucket, acc.tariff = b, t
		}
		acc.amount.addShare(v, uint64(k), uint64(span))
		acc.days += covered
		days[b] += covered
		return nil
	}

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
		span := iv.last - iv.first + 1
		if iv.records != 1 || iv.days != span {
			// A sum of records within one segment: wholly inside one
			// bucket, the range and at most one tariff, it counts whole.
			if lo != iv.first || hi != iv.last || hi >= e[b+1] {
				return specCost{}, fmt.Errorf("engine: records summed across a cut, %d to %d", iv.first, iv.last)
			}
			if iv.billed {
				billed[b].add(iv.cost)
				days[b] += iv.days
				continue
			}
			for p < len(tariffs) && tariffs[p].last < lo {
				p++
			}
			if p == len(tariffs) || tariffs[p].first > hi {
				continue // no price
			}
			if tariffs[p].first > lo || tariffs[p].last < hi {
				return specCost{}, errAcrossTariffs
			}
			v, ok := iv.amount.mul(tariffs[p].conv.scale[iv.unit])
			if !ok {
				return specCost{}, errOverflow
			}
			if err := addPriced(b, p, v, 1, 1, iv.days); err != nil {
				return specCost{}, err
			}
			continue
		}
		// A single record: its amount or cost pro rata, by bucket and by
		// tariff.
		for {
			bucketLo, bucketHi := max(e[b], lo), min(e[b+1]-1, hi)
			if iv.billed {
				billed[b].addShare(iv.cost, uint64(bucketHi-bucketLo+1), uint64(span))
				days[b] += bucketHi - bucketLo + 1
			} else {
				for p < len(tariffs) && tariffs[p].last < bucketLo {
					p++
				}
				for t := p; t < len(tariffs) && tariffs[t].first <= bucketHi; t++ {
					k := min(bucketHi, tariffs[t].last) - max(bucketLo, tariffs[t].first) + 1
					v, ok := iv.amount.mul(tariffs[t].conv.scale[iv.unit])
					if !ok {
						return specCost{}, errOverflow
					}
					if err := addPriced(b, t, v, k, span, k); err != nil {
						return specCost{}, err
					}
				}
			}
			if bucketHi == hi {
				break
			}
			b++
		}
	}
	if err := flush(); err != nil {
		return specCost{}, err
	}

	exacts := make([]*big.Rat, n)
	for j := range exacts {
		r, ok := billed[j].rat()
		if !ok {
			return specCost{}, errOverflow
		}
		if priced[j] != nil {
			r.Add(r, priced[j])
		}
		exacts[j] = r
	}
	return roundCosts(exacts, days, minor)
}

// costOf returns what the consumption of some days costs under the tariff,
// in millionths of the currency: amount in the tariff's conversion (so
// amount ÷ divisor millionths of its price unit), over days days.
func (t *tariff) costOf(amount exact, days int) (*big.Rat, error) {
	if amount.overflow {
		return nil, errOverflow
	}
	// amount ÷ (divisor × 10^6) price units × price, plus days × standing,
	// times taxed ÷ 10^6:
	// ((whole×den + num) × price + days × standing × divisor × 10^6 × den) × taxed
	// ÷ (den × divisor × 10^12).
	den := new(big.Int).SetUint64(max(amount.den, 1))
	num := amount.whole.big()
	num.Mul(num, den).Add(num, new(big.Int).SetUint64(amount.num))
	num.Mul(num, new(big.Int).SetUint64(t.price))
	standing := new(big.Int).SetUint64(t.standing)
	standing.Mul(standing, big.NewInt(int64(days)))
	standing.Mul(standing, new(big.Int).SetUint64(t.conv.divisor))
	standing.Mul(standing, big.NewInt(million))
	standing.Mul(standing, den)
	num.Add(num, standing)
	num.Mul(num, new(big.Int).SetUint64(t.taxed))
	d := den.Mul(den, new(big.Int).SetUint64(t.conv.divisor))
	d.Mul(d, big.NewInt(million*million))
	return new(big.Rat).SetFrac(num, d), nil
}

// rat returns the sum as an exact rational, and false when it overflowed.
func (e *exact) rat() (*big.Rat, bool) {
	if e.overflow {
		return nil, false
	}
	r := new(big.Rat).SetInt(e.whole.big())
	if e.den != 0 {
		r.Add(r, new(big.Rat).SetFrac(new(big.Int).SetUint64(e.num), new(big.Int).SetUint64(e.den)))
	}
	return r, true
}

// roundCosts rounds the buckets' exact costs, in millionths of the
// currency, to whole minor units (minor millionths each) by the largest
// remainder method: the total is the exact total correctly rounded (halves
// up), and the buckets add up exactly to it.
func roundCosts(exacts []*big.Rat, days []int, minor int64) (specCost, error) {
	res := specCost{buckets: make([]Money, len(exacts))}
	unit := big.NewRat(minor, 1)
	total := new(big.Rat)
	floors := new(big.Int)
	type lost struct {
		bucket int
		r      *big.Rat
	}
	var losses []lost
	q := make([]*big.Int, len(exacts))
	for j, c := range exacts {
		total.Add(total, c)
		x := new(big.Rat).Quo(c, unit)
		q[j] = new(big.Int).Quo(x.Num(), x.Denom()) // x ≥ 0: truncation is the floor
		floors.Add(floors, q[j])
		if r := x.Sub(x, new(big.Rat).SetInt(q[j])); r.Sign() != 0 {
			losses = append(losses, lost{j, r})
		}
		res.total.Days += days[j]
		res.buckets[j].Days = days[j]
	}
	x := total.Quo(total, unit)
	rounded, r := new(big.Int).QuoRem(x.Num(), x.Denom(), new(big.Int))
	if r.Lsh(r, 1).Cmp(x.Denom()) >= 0 { // a half or more
		rounded.Add(rounded, big.NewInt(1))
	}
	short := new(big.Int).Sub(rounded, floors)
	if short.Sign() < 0 || short.Cmp(big.NewInt(int64(len(losses)))) > 0 {
		return res, fmt.Errorf("engine: %v minor units short of the total cost with %d remainders", short, len(losses))
	}
	sort.SliceStable(losses, func(a, b int) bool { return losses[a].r.Cmp(losses[b].r) > 0 })
	for _, l := range losses[:short.Int64()] {
		q[l.bucket].Add(q[l.bucket], big.NewInt(1))
	}
	var ok bool
	if res.total.Cost, ok = minorUnits(rounded, minor); !ok {
		return res, errOverflow
	}
	for j := range q {
		if res.buckets[j].Cost, ok = minorUnits(q[j], minor); !ok {
			return res, errOverflow
		}
	}
	return res, nil
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
