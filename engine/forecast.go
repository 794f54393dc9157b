package engine

import (
	"fmt"
	"math"
	"math/big"
	"slices"

	"consumption/domain"
)

// A forecast says where the current month, quarter or year is heading. What
// records cover of the period so far is known; every other day of the
// period, past or to come, is expected from the history, by one of two
// methods:
//
//   - last year: the same days a year earlier, scaled by how the last 90
//     days compare with the same 90 days a year earlier (over the days
//     recorded in both years). It needs at least half of those days of a
//     year earlier recorded, and at least minPairedDays days recorded in
//     both years among the last 90.
//   - recent rate: otherwise, the daily rate of the last 90 recorded days
//     within the past year.
//
// With no recorded day in the past year there is no forecast.
//
// The band comes from the errors the same method would have made in the
// past: each of the Backtests periods before the current one is forecast
// from the same point in it (the same day of the period, the same days
// unrecorded) with only the data before that point, and compared with what
// was recorded. The relative errors of what was expected give an 80% band:
// their empirical 10th and 90th percentiles with enough of them, a
// Student's t prediction interval with a few, and a fixed band with none.
//
// The figures come from the engine's own aggregates (Queries says which),
// so that pro-rating, units and coverage are those of every chart. The
// point forecast is exact arithmetic on them; the band, an estimate of an
// estimate's error, is computed in floating point.

// ForecastQuery asks where the current period of one type is heading.
type ForecastQuery struct {
	Type domain.Type
	Unit domain.Unit
	// Granularity is domain.Monthly, Quarterly or Yearly.
	Granularity domain.Granularity
	// Today is the current day in the user's time zone: its period is the
	// one forecast.
	Today domain.Date
	// Costs also prices the forecast: what the recorded days cost, and
	// (Forecast.ExpectedCost) what the expected days will.
	Costs bool
}

// Backtests is how many past periods a forecast's band is learned from.
const Backtests = 12

// Tunings of the methods.
const (
	// recentDays is the length of the recent window: the days whose rate
	// the recent-rate method takes, and whose change from a year earlier
	// scales last year's days.
	recentDays = 90
	// minPairedDays is the fewest days among the last recentDays, recorded
	// both then and a year earlier, that a scale is taken from.
	minPairedDays = 30
	// historyDays is how far back the recent-rate method looks for
	// recorded days.
	historyDays = 365
	// minEmpirical is the fewest errors whose percentiles make the band;
	// with fewer, the band assumes errors spread as a normal distribution.
	minEmpirical = 9
	// defaultBand is the band, relative to what is expected, when the past
	// offers fewer than two errors to learn it from.
	defaultBand = 0.5
	// lookBack is how many days before the first backtest period the
	// methods read: a year and the recent window, with a margin.
	lookBack = 366 + recentDays + 4
)

// Method is how a forecast expects the days no record covers.
type Method int

// The methods.
const (
	// MethodComplete: records cover every day of the period.
	MethodComplete Method = iota
	// MethodLastYear: the same days a year earlier, scaled.
	MethodLastYear
	// MethodRecentRate: the daily rate of the last recorded days.
	MethodRecentRate
)

// BandMethod is how a forecast's band was found.
type BandMethod int

// The ways a band is found.
const (
	// BandNone: nothing is expected, so the band is the actual figure.
	BandNone BandMethod = iota
	// BandEmpirical: the 10th and 90th percentiles of the past errors.
	BandEmpirical
	// BandStudent: a Student's t prediction interval of the past errors.
	BandStudent
	// BandDefault: too few past errors; a fixed share of what is expected.
	BandDefault
)

// Forecast is where a period is heading.
type Forecast struct {
	Query ForecastQuery
	// Period is the current calendar period.
	Period domain.Bucket
	// ActualToDate is what records cover of the period, exactly.
	ActualToDate Decimal
	// Expected is what the days no record covers are expected to add, and
	// ExpectedDays how many such days there are.
	Expected     Decimal
	ExpectedDays int
	// ExpectedTotal is ActualToDate plus Expected.
	ExpectedTotal Decimal
	// Low and High bound the total with about 80% confidence; ActualToDate
	// ≤ Low ≤ ExpectedTotal ≤ High.
	Low, High Decimal
	Method    Method
	// Scale is what last year's days were multiplied by (MethodLastYear).
	Scale float64
	// DailyRate is the expected amount per day (MethodRecentRate), and
	// RateDays the number of recorded days it was taken from.
	DailyRate Decimal
	RateDays  int
	Band      BandMethod
	// Backtests is how many past periods the band was learned from.
	Backtests int
	// RecordedDays is how many days of the period records cover, and
	// ActualCost what they cost, when the query asks for costs.
	RecordedDays int
	ActualCost   *Costs
	// expected are the days no record covers and what each is expected
	// to add: they add up to Expected, but for the rounding of each.
	expected []expectedDay
}

// expectedDay is what one day no record covers is expected to add.
type expectedDay struct {
	day    int
	amount Decimal
}

// Queries returns the aggregate queries whose answers Forecast needs: the
// period so far, whole; then each day from the first the methods and their
// backtests look at up to today, in series of at most domain.MaxBuckets
// days.
func (q ForecastQuery) Queries() ([]Query, error) {
	if err := q.check(); err != nil {
		return nil, err
	}
	period := q.period()
	qs := []Query{{Type: q.Type, Unit: q.Unit, From: period.Start, To: q.Today, Costs: q.Costs}}
	for from := q.firstDay(); !from.After(q.Today); {
		to := from.AddDays(domain.MaxBuckets - 1)
		if to.After(q.Today) {
			to = q.Today
		}
		qs = append(qs, Query{Type: q.Type, Unit: q.Unit, From: from, To: to, Granularity: domain.Daily})
		from = to.AddDays(1)
	}
	return qs, nil
}

func (q ForecastQuery) check() error {
	switch {
	case !q.Type.Allows(q.Unit):
		return fmt.Errorf("engine: %s is not a unit of %q", q.Unit, q.Type)
	case !q.Granularity.CoversPeriod():
		return fmt.Errorf("engine: no forecast by %q", q.Granularity)
	case q.Today.Before(domain.FirstDay):
		return fmt.Errorf("engine: a forecast on %s", q.Today)
	}
	return nil
}

// period returns the calendar period that holds today.
func (q ForecastQuery) period() domain.Bucket {
	return periodOf(q.Granularity, q.Granularity.BucketStart(q.Today))
}

// periodOf returns the period of g that starts on start.
func periodOf(g domain.Granularity, start domain.Date) domain.Bucket {
	return domain.Bucket{Start: start, End: g.NextBucket(start).AddDays(-1)}
}

// earlierPeriod returns the start of the period i periods before the one
// starting on start.
func earlierPeriod(g domain.Granularity, start domain.Date, i int) domain.Date {
	switch g {
	case domain.Quarterly:
		return start.AddMonths(-3 * i)
	case domain.Yearly:
		return start.AddYears(-i)
	}
	return start.AddMonths(-i)
}

// firstDay returns the first day the forecast reads.
func (q ForecastQuery) firstDay() domain.Date {
	first := earlierPeriod(q.Granularity, q.period().Start, Backtests).AddDays(-lookBack)
	if first.Before(domain.FirstDay) {
		return domain.FirstDay
	}
	return first
}

// Forecast forecasts the period from the answers to Queries, in order. It
// returns nil when no day of the past year is recorded: there is no
// history to expect anything from.
func (q ForecastQuery) Forecast(aggs []Aggregate) (*Forecast, error) {
	want, err := q.Queries()
	if err != nil {
		return nil, err
	}
	if len(aggs) != len(want) {
		return nil, fmt.Errorf("engine: %d answers to a forecast's %d queries", len(aggs), len(want))
	}
	for i := range want {
		if aggs[i].Query != want[i] {
			return nil, fmt.Errorf("engine: answer %d is to %+v, not %+v", i, aggs[i].Query, want[i])
		}
	}
	h := newHistory(aggs[1:])
	period := q.period()
	a, b, today := period.Start.Days(), period.End.Days(), q.Today.Days()

	now := view{h: h, last: today}
	est, ok := now.estimate(a, b)
	if !ok {
		return nil, nil
	}
	f := &Forecast{
		Query: q, Period: period, ActualToDate: aggs[0].Total,
		Method: est.method, ExpectedDays: est.days, Scale: est.scale, RateDays: est.rateDays,
		RecordedDays: aggs[0].CoveredDays, ActualCost: aggs[0].Costs,
	}
	for _, d := range est.unknown {
		amount, err := decimalOfRat(est.perDay(d))
		if err != nil {
			return nil, err
		}
		f.expected = append(f.expected, expectedDay{day: d, amount: amount})
	}
	if f.Expected, err = decimalOfRat(est.expected); err != nil {
		return nil, err
	}
	if est.method == MethodRecentRate {
		rate := new(big.Rat).SetFrac(est.rateSum.big(), big.NewInt(int64(est.rateDays)))
		if f.DailyRate, err = decimalOfRat(rate); err != nil {
			return nil, err
		}
	}
	var ok2 bool
	if f.ExpectedTotal.micros, ok2 = f.ActualToDate.micros.add(f.Expected.micros); !ok2 {
		return nil, errOverflow
	}
	f.Low, f.High = f.ExpectedTotal, f.ExpectedTotal
	if est.days == 0 {
		return f, nil
	}

	errs := backtest(h, q.Granularity, period, today, now.hiddenOffsets(a, today))
	f.Backtests = len(errs)
	var lo, hi float64
	lo, hi, f.Band = band(errs)
	expected, _ := est.expected.Float64()
	if f.Low, err = f.ActualToDate.plusFloat(expected * (1 + lo)); err != nil {
		return nil, err
	}
	if f.High, err = f.ActualToDate.plusFloat(expected * (1 + hi)); err != nil {
		return nil, err
	}
	return f, nil
}

// history is the daily figures of one type, from first to today: the
// amount of each day in millionths of the query's unit, and whether some
// record covers it.
type history struct {
	first   int
	amount  []u128
	covered []bool
}

func newHistory(series []Aggregate) *history {
	h := &history{}
	for _, s := range series {
		if len(h.amount) == 0 {
			h.first = s.Query.From.Days()
		}
		for _, b := range s.Buckets {
			h.amount = append(h.amount, b.Amount.micros)
			h.covered = append(h.covered, b.CoveredDays > 0)
		}
	}
	return h
}

// view is the history as it was known on day last: later days are not,
// nor are the hidden days.
type view struct {
	h    *history
	last int
	// hidden are days not known although recorded: hideFrom+o for every o
	// in hidden.
	hideFrom int
	hidden   []bool
}

// known reports whether day d is recorded in the view, and its amount.
func (v view) known(d int) (u128, bool) {
	i := d - v.h.first
	if d > v.last || i < 0 || i >= len(v.h.amount) || !v.h.covered[i] {
		return u128{}, false
	}
	if o := d - v.hideFrom; o >= 0 && o < len(v.hidden) && v.hidden[o] {
		return u128{}, false
	}
	return v.h.amount[i], true
}

// hiddenOffsets returns, for each day of a..last, whether no record covers
// it: the days of the current period that a backtest hides as well.
func (v view) hiddenOffsets(a, last int) []bool {
	hidden := make([]bool, last-a+1)
	for d := a; d <= last; d++ {
		_, known := v.known(d)
		hidden[d-a] = !known
	}
	return hidden
}

// estimate is what a method expects of the unknown days of a period.
type estimate struct {
	method Method
	// days is the number of unknown days, and expected what they are
	// expected to add, in millionths; unknown are those days, and perDay
	// what each is expected to add.
	days     int
	expected *big.Rat
	unknown  []int
	perDay   func(day int) *big.Rat
	scale    float64
	rateSum  u128
	rateDays int
}

// yearEarlier returns day d a year earlier (29 February becomes the 28th).
func yearEarlier(d int) int { return domain.YearEarlier(domain.DateFromDays(d)).Days() }

// estimate expects the unknown days of the period a..b from what the view
// knows. It is false when the view knows no day of the past year.
func (v view) estimate(a, b int) (estimate, bool) {
	var unknown []int
	for d := a; d <= b; d++ {
		if _, ok := v.known(d); !ok {
			unknown = append(unknown, d)
		}
	}
	e := estimate{days: len(unknown), expected: new(big.Rat), unknown: unknown}
	if len(unknown) == 0 {
		return e, true
	}
	if v.lastYear(unknown, &e) {
		return e, true
	}
	return e, v.recentRate(&e)
}

// lastYear expects the unknown days from the same days a year earlier,
// scaled by how the last recentDays days compare with a year before.
func (v view) lastYear(unknown []int, e *estimate) bool {
	var base u128
	baseDays := 0
	for _, d := range unknown {
		if x, ok := v.known(yearEarlier(d)); ok {
			base, _ = base.add(x)
			baseDays++
		}
	}
	if 2*baseDays < len(unknown) {
		return false
	}
	var now, before u128
	paired := 0
	for d := v.last; d > v.last-recentDays; d-- {
		x, ok := v.known(d)
		if !ok {
			continue
		}
		if y, ok := v.known(yearEarlier(d)); ok {
			now, _ = now.add(x)
			before, _ = before.add(y)
			paired++
		}
	}
	if paired < minPairedDays || before.isZero() {
		return false
	}
	// base × (unknown days ÷ base days) × (now ÷ before): the days a year
	// earlier that no record covers count at the mean of those that one
	// does.
	num := new(big.Int).Mul(base.big(), big.NewInt(int64(len(unknown))))
	num.Mul(num, now.big())
	den := new(big.Int).Mul(big.NewInt(int64(baseDays)), before.big())
	e.method, e.expected = MethodLastYear, new(big.Rat).SetFrac(num, den)
	scale := new(big.Rat).SetFrac(now.big(), before.big())
	e.scale, _ = scale.Float64()
	mean := new(big.Rat).SetFrac(base.big(), big.NewInt(int64(baseDays)))
	e.perDay = func(d int) *big.Rat {
		day := mean
		if x, ok := v.known(yearEarlier(d)); ok {
			day = new(big.Rat).SetFrac(x.big(), big.NewInt(1))
		}
		return new(big.Rat).Mul(day, scale)
	}
	return true
}

// recentRate expects each unknown day at the daily rate of the last
// recentDays recorded days of the past year.
func (v view) recentRate(e *estimate) bool {
	var sum u128
	n := 0
	for d := v.last; d > v.last-historyDays && n < recentDays; d-- {
		if x, ok := v.known(d); ok {
			sum, _ = sum.add(x)
			n++
		}
	}
	if n == 0 {
		return false
	}
	num := new(big.Int).Mul(sum.big(), big.NewInt(int64(e.days)))
	e.method, e.expected = MethodRecentRate, new(big.Rat).SetFrac(num, big.NewInt(int64(n)))
	e.rateSum, e.rateDays = sum, n
	rate := new(big.Rat).SetFrac(sum.big(), big.NewInt(int64(n)))
	e.perDay = func(int) *big.Rat { return rate }
	return true
}

// backtest forecasts each of the Backtests periods before the current one
// (which starts on period.Start) from the same point in it: the same day
// of the period as today, with the days that are unrecorded now (hidden,
// by their offset in the period) hidden too. It returns the relative error
// of what each forecast expected, for the periods every day of which is
// recorded: what was recorded on the days it expected ÷ what it expected
// − 1.
func backtest(h *history, g domain.Granularity, period domain.Bucket, today int, hidden []bool) []float64 {
	var errs []float64
	offset := today - period.Start.Days()
	for i := 1; i <= Backtests; i++ {
		p := periodOf(g, earlierPeriod(g, period.Start, i))
		a, b := p.Start.Days(), p.End.Days()
		if a < h.first {
			break
		}
		full := view{h: h, last: b}
		complete := true
		for d := a; d <= b && complete; d++ {
			_, complete = full.known(d)
		}
		if !complete {
			continue
		}
		past := view{h: h, last: min(a+offset, b), hideFrom: a, hidden: hidden}
		est, ok := past.estimate(a, b)
		if !ok || est.days == 0 {
			continue
		}
		var truth u128
		for d := a; d <= b; d++ {
			if _, ok := past.known(d); !ok {
				x, _ := full.known(d)
				truth, _ = truth.add(x)
			}
		}
		expected, _ := est.expected.Float64()
		recorded, _ := new(big.Rat).SetFrac(truth.big(), big.NewInt(1)).Float64()
		switch {
		case expected > 0:
			errs = append(errs, recorded/expected-1)
		case recorded == 0:
			errs = append(errs, 0)
		}
	}
	return errs
}

// studentT90 are the 90th percentiles of Student's t distribution by
// degrees of freedom, 1 to minEmpirical-1.
var studentT90 = [minEmpirical]float64{0, 3.078, 1.886, 1.638, 1.533, 1.476, 1.440, 1.415, 1.397}

// band returns the 80% band of the relative errors: where the next error
// falls with 10% chance below lo and 10% above hi. With minEmpirical
// errors or more, their empirical percentiles (as p(n+1)-th of n sorted,
// which estimates where a new one falls, unlike the sample's own
// percentiles, too narrow for a dozen); with two or more, a Student's t
// prediction interval around their mean; with fewer, ±defaultBand. The
// band always holds 0, the forecast itself, and never goes below -1: no
// less than nothing is consumed.
func band(errs []float64) (lo, hi float64, how BandMethod) {
	n := len(errs)
	switch {
	case n >= minEmpirical:
		sorted := slices.Clone(errs)
		slices.Sort(sorted)
		lo, hi, how = percentile(sorted, 0.1), percentile(sorted, 0.9), BandEmpirical
	case n >= 2:
		mean, ss := 0.0, 0.0
		for _, e := range errs {
			mean += e
		}
		mean /= float64(n)
		for _, e := range errs {
			ss += (e - mean) * (e - mean)
		}
		half := studentT90[n-1] * math.Sqrt(ss/float64(n-1)) * math.Sqrt(1+1/float64(n))
		lo, hi, how = mean-half, mean+half, BandStudent
	default:
		lo, hi, how = -defaultBand, defaultBand, BandDefault
	}
	return max(min(lo, 0), -1), max(hi, 0), how
}

// percentile returns the p-th quantile of sorted values as the
// (p·(n+1))-th smallest, interpolated, and clamped to the smallest and the
// largest (Hyndman and Fan's definition 6).
func percentile(sorted []float64, p float64) float64 {
	n := len(sorted)
	h := p * float64(n+1)
	switch {
	case h <= 1:
		return sorted[0]
	case h >= float64(n):
		return sorted[n-1]
	}
	i := int(h) // 1-based rank below h
	return sorted[i-1] + (h-float64(i))*(sorted[i]-sorted[i-1])
}

// decimalOfRat rounds r millionths to a whole number of millionths, halves
// up.
func decimalOfRat(r *big.Rat) (Decimal, error) {
	q, m := new(big.Int).QuoRem(r.Num(), r.Denom(), new(big.Int))
	if m.Lsh(m, 1).Cmp(r.Denom()) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if q.Sign() < 0 || q.BitLen() > 128 {
		return Decimal{}, errOverflow
	}
	return Decimal{micros: u128{lo: q.Uint64(), hi: new(big.Int).Rsh(q, 64).Uint64()}}, nil
}

// plusFloat returns d plus f millionths, rounded, for f ≥ 0.
func (d Decimal) plusFloat(f float64) (Decimal, error) {
	if f < 0 || math.IsNaN(f) || math.IsInf(f, 0) {
		f = 0
	}
	r, _ := new(big.Float).SetFloat64(math.Round(f)).Rat(nil)
	add, err := decimalOfRat(r)
	if err != nil {
		return Decimal{}, err
	}
	var ok bool
	if add.micros, ok = d.micros.add(add.micros); !ok {
		return Decimal{}, errOverflow
	}
	return add, nil
}

// Share returns what share of a limit a total reaches, both amounts of t:
// total in unit over limit in limitUnit, converted exactly (gas with the
// calorific value gasKWh) and then rounded to a float.
func Share(t domain.Type, total Decimal, unit domain.Unit, limit Decimal, limitUnit domain.Unit, gasKWh Decimal) (float64, error) {
	conv, err := newConversion(t, limitUnit, gasKWh)
	if err != nil {
		return 0, err
	}
	u := unitIndex(unit)
	if u < 0 || conv.scale[u] == 0 {
		return 0, fmt.Errorf("engine: %s is not a unit of %s", unit, t)
	}
	if limit.Sign() <= 0 || total.Sign() < 0 {
		return 0, fmt.Errorf("engine: a share of %s in %s", total, limit)
	}
	num := new(big.Int).Mul(total.micros.big(), new(big.Int).SetUint64(conv.scale[u]))
	den := new(big.Int).Mul(limit.micros.big(), new(big.Int).SetUint64(conv.divisor))
	share, _ := new(big.Rat).SetFrac(num, den).Float64()
	return share, nil
}

// ExpectedCost returns what the period is expected to cost: what its
// recorded days cost, and what the days the forecast expects will cost at
// the tariffs of r (with its currency and calorific value), priced by the
// engine's cost sweep as recorded days are. It is false unless the query
// asked for costs and every day of the period has a known cost: each
// recorded day a billed cost or a tariff, each expected day a tariff.
func (f *Forecast) ExpectedCost(r Readings) (Decimal, bool, error) {
	if f.ActualCost == nil || f.ActualCost.Total.Days != f.RecordedDays {
		return Decimal{}, false, nil
	}
	if len(f.expected) == 0 {
		return f.ActualCost.Total.Cost, true, nil
	}
	q := f.Query
	ivs := make([]Interval, len(f.expected))
	for i, e := range f.expected {
		day := domain.DateFromDays(e.day)
		ivs[i] = Interval{Type: q.Type, Unit: q.Unit, First: day, Last: day, Amount: e.amount, Days: 1, Records: 1}
	}
	plan, err := NewPlan([]Query{{Type: q.Type, Unit: q.Unit, From: f.Period.Start, To: f.Period.End, Costs: true}})
	if err != nil {
		return Decimal{}, false, err
	}
	aggs, err := plan.Compute(Readings{
		GasKWhPerCubicMeter: r.GasKWhPerCubicMeter, Intervals: ivs, Currency: r.Currency, Tariffs: r.Tariffs,
	})
	if err != nil {
		return Decimal{}, false, err
	}
	rest := aggs[0].Costs.Total
	if rest.Days != len(f.expected) {
		return Decimal{}, false, nil
	}
	total, ok := f.ActualCost.Total.Cost.micros.add(rest.Cost.micros)
	if !ok {
		return Decimal{}, false, errOverflow
	}
	return Decimal{micros: total}, true, nil
}

// Ratio returns a ÷ b as a float, for b > 0: the share of a limit that a
// figure in the same measure reaches.
func Ratio(a, b Decimal) (float64, error) {
	if b.Sign() <= 0 || a.Sign() < 0 {
		return 0, fmt.Errorf("engine: a share of %s in %s", a, b)
	}
	r, _ := new(big.Rat).SetFrac(a.micros.big(), b.micros.big()).Float64()
	return r, nil
}
