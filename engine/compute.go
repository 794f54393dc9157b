package engine

import (
	"errors"
	"fmt"
	"math/big"
	"math/bits"
	"math/rand/v2"
	"slices"
	"sort"
	"sync"

	"consumption/domain"
)

// Interval is an amount over the days First to Last: either one record,
// whose amount is spread evenly over its days (a constant daily rate,
// whatever produced it: a bill, a meter's readings), or the sum of records
// of one type and unit that lie within one segment of the plan, whose days
// no bucket or range of the plan tells apart, so that how the sum is spread
// within the segment changes no answer.
type Interval struct {
	Type domain.Type
	Unit domain.Unit
	// First is the first day of its first record, Last the last day of its
	// last; for a sum, any days within its segment that hold its records
	// (the store gives a month's sums the month's first and last days).
	First, Last domain.Date
	// Amount is in Unit.
	Amount Decimal
	// Days is how many days its records cover, and Records how many they
	// are. A single record covers every day from First to Last.
	Days, Records int
	// Billed says that every one of its records carries the cost its bill
	// states, and Cost is their sum; when costs are read, records with a
	// cost and records without are never summed together.
	Billed bool
	Cost   Decimal
}

// Readings are what the database holds for a plan's Read.
type Readings struct {
	// GasKWhPerCubicMeter is the user's calorific value of gas.
	GasKWhPerCubicMeter Decimal
	// Intervals are the records of the Read's scans, summed where they lie
	// within one segment, in any order. Compute keeps nothing of them: the
	// caller may use the slice again once it returns.
	Intervals []Interval
	// Currency is the ISO 4217 code of the user's currency, whose minor
	// unit costs are rounded to.
	Currency string
	// Tariffs are the tariffs of the Read's CostTypes, in any order.
	Tariffs []Tariff
}

// Aggregate is the answer to a Query.
type Aggregate struct {
	Query Query
	// Total is rounded to six places; the buckets' amounts add up to it.
	Total Decimal
	// Days is the number of days in the range, CoveredDays how many of them
	// some record covers, and RecordCount how many records share a day with
	// the range.
	Days, CoveredDays, RecordCount int
	// DailyAverage is Total divided by Days, and MonthlyAverage by the
	// calendar months the range touches, each rounded to six places.
	DailyAverage, MonthlyAverage Decimal
	// Buckets are every bucket of the range, in order; the whole range when
	// the query asks for no granularity.
	Buckets []Bucket
	// PreviousPeriod (as many days just before the range) and PreviousYear
	// (the same dates a year earlier) are set when the query compares.
	PreviousPeriod, PreviousYear *Comparison
	// Costs are what the consumption cost, when the query asks (see
	// cost.go); nil otherwise.
	Costs *Costs
}

// Bucket is the consumption in one bucket of a range.
type Bucket struct {
	// Bucket holds its calendar bounds, whole even where the range cuts it.
	domain.Bucket
	// Amount is rounded to six places such that the amounts of all the
	// buckets add up exactly to the range's total: each is rounded down,
	// and the millionths the correctly rounded total still needs go to the
	// buckets that lost most (the earliest, on a tie): the largest
	// remainder method.
	Amount Decimal
	// Days is the number of the bucket's days inside the range,
	// CoveredDays how many of them some record covers, and RecordCount how
	// many records share a day with the bucket inside the range.
	Days, CoveredDays, RecordCount int
	// DailyAverage is Amount divided by Days, rounded to six places.
	DailyAverage Decimal
}

// Comparison is the total of an earlier period, and the change from it.
type Comparison struct {
	Total Decimal
	// Days is the number of days of the earlier period, and CoveredDays
	// how many of them some record covers.
	Days, CoveredDays int
	// Change is the relative change from Total to the compared total,
	// rounded to six places (-0.25 for a quarter less). It is nil when
	// either period has no data at all, and when Total is 0: a change from
	// nothing, or to a period nobody recorded, would mislead.
	Change *Decimal
}

// errOverflow means a sum outgrew the engine's integers, which the bounds
// on amounts, units and ranges rule out.
var errOverflow = errors.New("engine: a sum overflowed")

// interval is an Interval as the sweep reads it: days counted from
// 1970-01-01, the unit numbered, the amount in millionths.
type interval struct {
	first, last int
	unit        int
	amount      u128
	days        int
	records     int
}

// Compute answers the plan's queries from what the database holds for its
// Read, in the order they were asked.
func (p *Plan) Compute(r Readings) ([]Aggregate, error) {
	sc := scratchPool.Get().(*scratch)
	defer sc.release()
	byType, err := sc.sortIntervals(r.Intervals)
	if err != nil {
		return nil, err
	}
	results := sc.specResults(p.specs)
	for i := range p.specs {
		s := &p.specs[i]
		conv, err := newConversion(s.typ, s.unit, r.GasKWhPerCubicMeter)
		if err != nil {
			return nil, err
		}
		if err = sc.sum(s, byType[typeIndex(s.typ)], conv, &results[i]); err != nil {
			return nil, err
		}
	}

	out := make([]Aggregate, len(p.queries))
	k := 0
	for i, q := range p.queries {
		s, res := &p.specs[k], &results[k]
		agg := Aggregate{
			Query:       q,
			Total:       Decimal{micros: res.total},
			Days:        s.to() - s.from() + 1,
			CoveredDays: res.covered,
			RecordCount: res.records,
			Buckets:     make([]Bucket, s.buckets()),
		}
		agg.DailyAverage = Decimal{micros: divRound(res.total, uint64(agg.Days))}
		agg.MonthlyAverage = Decimal{micros: divRound(res.total, uint64(domain.MonthsTouched(q.From, q.To)))}
		for j, b := range res.buckets {
			days := s.edges[j+1] - s.edges[j]
			agg.Buckets[j] = Bucket{
				Bucket: s.bounds(j), Amount: Decimal{micros: b.amount},
				Days: days, CoveredDays: b.covered, RecordCount: b.records,
				DailyAverage: Decimal{micros: divRound(b.amount, uint64(days))},
			}
		}
		k++
		if q.Compare {
			agg.PreviousPeriod = compare(&agg, &p.specs[k], &results[k])
			agg.PreviousYear = compare(&agg, &p.specs[k+1], &results[k+1])
			k += 2
		}
		out[i] = agg
	}
	if len(p.read.CostTypes) > 0 {
		if err := p.addCosts(out, r); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// scratch is the room Compute works in: the intervals sorted, the
// buckets' sums before and after rounding, and what rounding lost. It is
// kept between calls (scratchPool): a daily series over a year made about
// 230 kB of it a request, a third of what the request allocated, and the
// collector's work grows with what is allocated. Nothing of it outlives a
// call; an Aggregate holds only what Compute allocates for it.
type scratch struct {
	intervals, sorted []interval
	keys              []uint64
	results           []specResult
	buckets           []bucketResult
	sums              []exact
	lost              []remainder
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// maxKeptScratch is the most elements a scratch's slice may hold when it
// goes back to the pool: a request of many long series (the complexity
// limit bounds it) would otherwise keep its room in every pooled scratch.
const maxKeptScratch = 1 << 16

// release puts sc back into the pool, unless a slice grew past
// maxKeptScratch.
func (sc *scratch) release() {
	for _, n := range [...]int{cap(sc.intervals), cap(sc.sorted), cap(sc.keys), cap(sc.results), cap(sc.buckets), cap(sc.sums), cap(sc.lost)} {
		if n > maxKeptScratch {
			return
		}
	}
	scratchPool.Put(sc)
}

// resize returns xs with length n, in its own room where that is enough;
// the elements are not cleared.
func resize[T any](xs []T, n int) []T { return slices.Grow(xs[:0], n)[:n] }

// sortIntervals converts the intervals and sorts them by type and first
// day, each type's in a part of sc.intervals. Records of one type never
// overlap, and the sums of a segment (one per unit) lie within it, so the
// buckets an interval falls in never come before those of the intervals
// before it.
func (sc *scratch) sortIntervals(in []Interval) ([numTypes][]interval, error) {
	var byType [numTypes][]interval
	var counts [numTypes]int
	for _, iv := range in {
		if t := typeIndex(iv.Type); t >= 0 {
			counts[t]++
		}
	}
	sc.intervals = resize(sc.intervals, len(in))
	at := 0
	for t, n := range counts {
		byType[t] = sc.intervals[at : at : at+n]
		at += n
	}
	for _, iv := range in {
		t, u := typeIndex(iv.Type), unitIndex(iv.Unit)
		first, last := iv.First.Days(), iv.Last.Days()
		switch {
		case t < 0 || u < 0 || !unitsOfType[t][u]:
			return byType, fmt.Errorf("engine: an interval of %s in %s", iv.Type, iv.Unit)
		case iv.Amount.neg, last < first, iv.Records < 1, iv.Days < iv.Records, iv.Days > last-first+1:
			return byType, fmt.Errorf("engine: an impossible interval %+v", iv)
		}
		byType[t] = append(byType[t], interval{
			first: first, last: last, unit: u, amount: iv.Amount.micros, days: iv.Days, records: iv.Records,
		})
	}
	sc.sorted = resize(sc.sorted, len(in))
	at = 0
	for t := range byType {
		n := len(byType[t])
		byType[t] = sc.sortByFirst(byType[t], sc.sorted[at:at+n])
		at += n
	}
	return byType, nil
}

// sortByFirst returns the intervals in the order of their first days: ivs
// itself if they are, or else sorted, of the same length, holding them in
// that order. The store's grouping returns them in no particular order;
// sorting keys of eight bytes instead of the intervals themselves takes a
// third of the time.
func (sc *scratch) sortByFirst(ivs, sorted []interval) []interval {
	if len(ivs) == 0 || slices.IsSortedFunc(ivs, func(a, b interval) int { return a.first - b.first }) {
		return ivs
	}
	lowest := ivs[0].first
	for _, iv := range ivs {
		lowest = min(lowest, iv.first)
	}
	sc.keys = resize(sc.keys, len(ivs))
	for i, iv := range ivs {
		sc.keys[i] = uint64(iv.first-lowest)<<32 | uint64(i)
	}
	slices.Sort(sc.keys)
	for i, k := range sc.keys {
		sorted[i] = ivs[uint32(k)]
	}
	return sorted
}

// specResults returns a cleared result for each spec, with room for its
// buckets.
func (sc *scratch) specResults(specs []spec) []specResult {
	n := 0
	for i := range specs {
		n += specs[i].buckets()
	}
	sc.buckets = resize(sc.buckets, n)
	clear(sc.buckets)
	sc.results = resize(sc.results, len(specs))
	at := 0
	for i := range specs {
		n := specs[i].buckets()
		sc.results[i] = specResult{buckets: sc.buckets[at : at+n : at+n]}
		at += n
	}
	return sc.results
}

// specResult is what a spec sums to, rounded.
type specResult struct {
	total            u128
	covered, records int
	buckets          []bucketResult
}

type bucketResult struct {
	amount           u128
	covered, records int
}

// sum sweeps the spec's buckets and its type's intervals together in date
// order, once, into res, whose buckets are cleared: its work grows with
// the buckets and the intervals inside the range, never with their
// product.
func (sc *scratch) sum(s *spec, ivs []interval, conv conversion, res *specResult) error {
	sc.sums = resize(sc.sums, s.buckets())
	sums := sc.sums
	clear(sums)
	var total exact
	from, to, e := s.from(), s.to(), s.edges

	b := 0
	// The first interval that reaches into the range: the first that
	// starts inside it, or the one before, a record that crosses the
	// range's first edge. (Sums lie within a segment, and the range's edge
	// is a cut.)
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
		v, ok := iv.amount.mul(conv.scale[iv.unit])
		if !ok {
			return errOverflow
		}
		if lo == iv.first && hi == iv.last && hi < e[b+1] {
			// Wholly inside one bucket and the range: counts whole.
			sums[b].add(v)
			total.add(v)
			res.buckets[b].covered += iv.days
			res.buckets[b].records += iv.records
			res.covered += iv.days
			res.records += iv.records
			continue
		}
		// Cut by the range or a bucket: a single record, pro rata.
		days := iv.last - iv.first + 1
		if iv.records != 1 || iv.days != days {
			return fmt.Errorf("engine: records summed across a cut, %d to %d", iv.first, iv.last)
		}
		total.addShare(v, uint64(hi-lo+1), uint64(days))
		res.covered += hi - lo + 1
		res.records++
		for {
			bucketLo, bucketHi := max(e[b], lo), min(e[b+1]-1, hi)
			sums[b].addShare(v, uint64(bucketHi-bucketLo+1), uint64(days))
			res.buckets[b].covered += bucketHi - bucketLo + 1
			res.buckets[b].records++
			if bucketHi == hi {
				break
			}
			b++
		}
	}

	var ok bool
	if res.total, ok = total.round(conv.divisor); !ok {
		return errOverflow
	}
	return sc.roundBuckets(res, sums, conv.divisor)
}

// roundBuckets rounds the buckets' sums to millionths by the largest
// remainder method, so that they add up exactly to the rounded total.
func (sc *scratch) roundBuckets(res *specResult, sums []exact, divisor uint64) error {
	var floorSum u128
	sc.lost = sc.lost[:0]
	for i := range sums {
		q, r, den, ok := sums[i].floor(divisor)
		if !ok {
			return errOverflow
		}
		res.buckets[i].amount = q
		if floorSum, ok = floorSum.add(q); !ok {
			return errOverflow
		}
		if r != 0 {
			sc.lost = append(sc.lost, remainder{i, r, den})
		}
	}
	lost := sc.lost
	if res.total.cmp(floorSum) < 0 {
		return fmt.Errorf("engine: buckets above their total")
	}
	short := res.total.sub(floorSum)
	if short.hi != 0 || short.lo > uint64(len(lost)) {
		return fmt.Errorf("engine: %v millionths short of the total with %d remainders", short, len(lost))
	}
	selectFirst(lost, int(short.lo))
	for _, l := range lost[:short.lo] {
		res.buckets[l.bucket].amount, _ = res.buckets[l.bucket].amount.add(u128From(1))
	}
	return nil
}

// remainder is what a bucket lost when rounded down: r/den of a millionth.
type remainder struct {
	bucket int
	r, den uint64
}

// before reports whether a comes before b in the order the rounding hands
// out millionths: the larger remainder first, the earlier bucket on a tie.
func (a remainder) before(b remainder) bool {
	if a.den == b.den && a.r != b.r {
		return a.r > b.r
	}
	if c := mul64(a.r, b.den).cmp(mul64(b.r, a.den)); c != 0 {
		return c > 0
	}
	return a.bucket < b.bucket
}

// selectFirst moves the first k remainders in order to xs[:k], in any
// order among themselves, in time linear in len(xs) on average (a
// quickselect), and never worse than sorting them.
func selectFirst(xs []remainder, k int) {
	if k == 0 || k == len(xs) {
		return
	}
	lo, hi := 0, len(xs)
	for tries := 2 * bits.Len(uint(len(xs))); hi-lo > 16 && tries > 0; tries-- {
		p := lo + rand.IntN(hi-lo)
		pivot := xs[p]
		xs[p], xs[hi-1] = xs[hi-1], xs[p]
		at := lo
		for i := lo; i < hi-1; i++ {
			if xs[i].before(pivot) {
				xs[i], xs[at] = xs[at], xs[i]
				at++
			}
		}
		xs[at], xs[hi-1] = xs[hi-1], xs[at]
		// xs[lo:at] come before the pivot, now at xs[at], and xs[at+1:hi]
		// after it.
		switch {
		case k == at || k == at+1:
			return
		case k < at:
			hi = at
		default:
			lo = at + 1
		}
	}
	slices.SortFunc(xs[lo:hi], func(a, b remainder) int {
		if a.before(b) {
			return -1
		}
		return 1
	})
}

// divRound returns a÷d rounded to the nearest whole number, halves up.
func divRound(a u128, d uint64) u128 {
	q, r := a.divMod(d)
	if r >= d-r {
		q, _ = q.add(u128From(1))
	}
	return q
}

// compare returns the comparison of agg with an earlier period.
func compare(agg *Aggregate, s *spec, res *specResult) *Comparison {
	c := &Comparison{Total: Decimal{micros: res.total}, Days: s.to() - s.from() + 1, CoveredDays: res.covered}
	if res.total.isZero() || res.covered == 0 || agg.CoveredDays == 0 {
		return c
	}
	change := relativeChange(agg.Total.micros, res.total)
	c.Change = &change
	return c
}

// relativeChange returns (now − before) ÷ before, rounded to six places,
// halves away from zero, for before > 0.
func relativeChange(now, before u128) Decimal {
	diff := new(big.Int).Sub(now.big(), before.big())
	neg := diff.Sign() < 0
	diff.Abs(diff)
	diff.Mul(diff, big.NewInt(million))
	b := before.big()
	q, r := diff.QuoRem(diff, b, new(big.Int))
	if r.Lsh(r, 1).Cmp(b) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	d := Decimal{neg: neg}
	d.micros.lo = q.Uint64()
	d.micros.hi = new(big.Int).Rsh(q, 64).Uint64()
	if d.micros.isZero() {
		d.neg = false
	}
	return d
}
