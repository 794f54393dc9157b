package engine_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"consumption/domain"
	"consumption/engine"
	"consumption/engine/enginetest"
)

// forecast plans a forecast's queries, computes them from the records as
// the store would read them, and forecasts.
func forecast(t *testing.T, records []domain.RecordInput, q engine.ForecastQuery) *engine.Forecast {
	t.Helper()
	qs, err := q.Queries()
	if err != nil {
		t.Fatal(err)
	}
	f, err := q.Forecast(compute(t, "11.2", records, qs...))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// monthly returns one electricity record per calendar month from the month
// of from to that of to, at perDay kWh a day, each ending no later than to.
func monthly(from, to string, perDay int64) []domain.RecordInput {
	var out []domain.RecordInput
	last := d(to)
	for start := domain.Monthly.BucketStart(d(from)); !start.After(last); start = start.AddMonths(1) {
		end := start.AddMonths(1).AddDays(-1)
		if end.After(last) {
			end = last
		}
		days := int64(end.DaysSince(start) + 1)
		out = append(out, domain.RecordInput{Type: domain.Electricity, Unit: domain.KilowattHour,
			Amount: decimal.NewFromInt(perDay * days), PeriodStart: start, PeriodEnd: end})
	}
	return out
}

func TestForecastByHand(t *testing.T) {
	march := engine.ForecastQuery{Type: domain.Electricity, Unit: domain.KilowattHour, Granularity: domain.Monthly, Today: d("2024-03-10")}
	june := march
	june.Today = d("2024-06-10")

	tests := []struct {
		name    string
		records []domain.RecordInput
		q       engine.ForecastQuery
		// want is actual, expected, total, low and high; then the method,
		// the band's method and the number of backtests.
		want      [5]string
		method    engine.Method
		band      engine.BandMethod
		backtests int
	}{
		{
			// February at 10 a day, 1 to 5 March at 12: the last 34
			// recorded days make 350, so the 26 days of March left are
			// expected at 350/34 a day: 267.647058823… Only February is a
			// whole month before, and forecast from 10 February with 6 to
			// 10 February hidden, its rate of 10 a day expected exactly the
			// 240 that came: one error, too few, so the band is ±50% of
			// what is expected (133.823529…).
			name: "the rate of the last recorded days, with less than a year of history",
			records: []domain.RecordInput{
				rec(domain.Electricity, "290", domain.KilowattHour, "2024-02-01", "2024-02-29"),
				rec(domain.Electricity, "60", domain.KilowattHour, "2024-03-01", "2024-03-05"),
			},
			q:         march,
			want:      [5]string{"60", "267.647059", "327.647059", "193.823529", "461.470588"},
			method:    engine.MethodRecentRate,
			band:      engine.BandDefault,
			backtests: 1,
		},
		{
			// 2023 at 10 a day, 2024 at 12 up to 5 June. The 25 days of
			// June left were 250 a year earlier; the 85 recorded days of
			// the last 90 were 1.2 times their year-earlier days, so 300
			// are expected. Eleven of the twelve months before, forecast
			// from their 10th day, expected exactly what came; January
			// 2024 had only 5 days recorded in both years, too few for a
			// scale, so it took the rate of the last 90 recorded days,
			// 910/90 a day, and 26 days of 12 came instead of 262.888…:
			// an error of 4420/23660. The 90th percentile of the twelve
			// errors lies 0.7 of the way from 0 to it: 0.130769…, so the
			// band reaches 60 + 300 × 1.130769… = 399.230769.
			name:      "last year's days scaled by the last 90 days, with a year of history",
			records:   append(monthly("2023-01-01", "2023-12-31", 10), monthly("2024-01-01", "2024-06-05", 12)...),
			q:         june,
			want:      [5]string{"60", "300", "360", "360", "399.230769"},
			method:    engine.MethodLastYear,
			band:      engine.BandEmpirical,
			backtests: 12,
		},
		{
			name:      "a month every day of which is recorded expects nothing more",
			records:   monthly("2024-02-01", "2024-02-29", 10),
			q:         engine.ForecastQuery{Type: domain.Electricity, Unit: domain.WattHour, Granularity: domain.Monthly, Today: d("2024-02-29")},
			want:      [5]string{"290000", "0", "290000", "290000", "290000"},
			method:    engine.MethodComplete,
			band:      engine.BandNone,
			backtests: 0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := forecast(t, tt.records, tt.q)
			if f == nil {
				t.Fatal("no forecast")
			}
			got := [5]string{f.ActualToDate.String(), f.Expected.String(), f.ExpectedTotal.String(), f.Low.String(), f.High.String()}
			if got != tt.want {
				t.Errorf("actual, expected, total, low, high = %v, want %v", got, tt.want)
			}
			if f.Method != tt.method || f.Band != tt.band || f.Backtests != tt.backtests {
				t.Errorf("method %v, band %v from %d backtests; want %v, %v from %d", f.Method, f.Band, f.Backtests, tt.method, tt.band, tt.backtests)
			}
		})
	}

	t.Run("the scale and the rate are reported", func(t *testing.T) {
		f := forecast(t, tests[1].records, june)
		if math.Abs(f.Scale-1.2) > 1e-12 {
			t.Errorf("scale = %v, want 1.2", f.Scale)
		}
		f = forecast(t, tests[0].records, march)
		if f.DailyRate.String() != "10.294118" || f.RateDays != 34 {
			t.Errorf("rate = %s from %d days, want 10.294118 from 34", f.DailyRate, f.RateDays)
		}
	})

	t.Run("with no record in the past year there is no forecast", func(t *testing.T) {
		if f := forecast(t, monthly("2022-01-01", "2023-02-28", 10), march); f != nil {
			t.Errorf("forecast %+v from records over a year old", f)
		}
		if f := forecast(t, nil, march); f != nil {
			t.Errorf("forecast %+v from no records", f)
		}
	})

	t.Run("a quarter and a year are forecast too", func(t *testing.T) {
		recs := monthly("2024-01-01", "2024-05-31", 10)
		for g, want := range map[domain.Granularity]string{domain.Quarterly: "910", domain.Yearly: "3660"} {
			q := june
			q.Granularity = g
			f := forecast(t, recs, q)
			if f == nil || f.ExpectedTotal.String() != want {
				t.Errorf("%s: %+v, want a total of %s", g, f, want)
			}
		}
	})
}

func TestForecastQueries(t *testing.T) {
	t.Run("a year reads 13 years of days in series of at most 1000", func(t *testing.T) {
		q := engine.ForecastQuery{Type: domain.Gas, Unit: domain.KilowattHour, Granularity: domain.Yearly, Today: d("2024-06-10")}
		qs, err := q.Queries()
		if err != nil {
			t.Fatal(err)
		}
		if qs[0].From != d("2024-01-01") || qs[0].To != d("2024-06-10") || qs[0].Granularity != "" {
			t.Errorf("first query %+v, want the year so far, whole", qs[0])
		}
		next := qs[1].From
		if want := d("2012-01-01").AddDays(-460); next != want {
			t.Errorf("reads from %s, want %s", next, want)
		}
		for _, q := range qs[1:] {
			if q.From != next || q.Granularity != domain.Daily || q.To.DaysSince(q.From) >= domain.MaxBuckets {
				t.Errorf("query %+v does not follow on %s in days, at most %d", q, next, domain.MaxBuckets)
			}
			next = q.To.AddDays(1)
		}
		if next != d("2024-06-11") {
			t.Errorf("reads up to %s, want today", next.AddDays(-1))
		}
	})
	t.Run("the first years are not read before 1970", func(t *testing.T) {
		q := engine.ForecastQuery{Type: domain.Water, Unit: domain.Liter, Granularity: domain.Monthly, Today: d("1971-03-01")}
		qs, err := q.Queries()
		if err != nil || qs[1].From != domain.FirstDay {
			t.Errorf("queries %+v (%v), want them to start on 1970-01-01", qs, err)
		}
	})
	for name, q := range map[string]engine.ForecastQuery{
		"a week":          {Type: domain.Gas, Unit: domain.KilowattHour, Granularity: domain.Weekly, Today: d("2024-06-10")},
		"a unit of water": {Type: domain.Gas, Unit: domain.Liter, Granularity: domain.Monthly, Today: d("2024-06-10")},
		"no day":          {Type: domain.Gas, Unit: domain.KilowattHour, Granularity: domain.Monthly},
	} {
		t.Run(name+" is refused", func(t *testing.T) {
			if _, err := q.Queries(); err == nil {
				t.Error("no error")
			}
		})
	}
}

// household returns three years of daily electricity readings of a
// synthetic household, 2022 to 2024, from a fixed seed: about 10 kWh a day,
// a third more in winter than in summer, more at weekends, a level that
// drifts from year to year, weather that makes whole months run warm or
// cold (a shock that half persists into the next month), and noise of
// 15% on each day.
func household() []domain.RecordInput {
	rng := rand.New(rand.NewPCG(14, 2024))
	var out []domain.RecordInput
	level, shock, month := 10.0, 0.0, time.Month(0)
	for day := d("2022-01-01"); !day.After(d("2024-12-31")); day = day.AddDays(1) {
		if day.Month() == time.January && day.Day() == 1 {
			level *= 1 + rng.NormFloat64()*0.08
		}
		if day.Month() != month {
			shock, month = 0.5*shock+rng.NormFloat64()*0.08, day.Month()
		}
		// Coldest in mid-January.
		season := 1 + 0.3*math.Cos(2*math.Pi*float64(day.DaysSince(domain.NewDate(day.Year(), time.January, 15)))/365.25)
		weekend := 1.0
		if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
			weekend = 1.15
		}
		noise := max(1+rng.NormFloat64()*0.15, 0.1)
		kwh := level * season * weekend * math.Exp(shock) * noise
		out = append(out, domain.RecordInput{Type: domain.Electricity, Unit: domain.KilowattHour,
			Amount: decimal.NewFromFloat(kwh).Round(3), PeriodStart: day, PeriodEnd: day})
	}
	return out
}

// TestForecastAccuracy forecasts every month of the household's third year
// from several days of it, with the readings up to that day, and reports
// the mean absolute percentage error of the forecast totals and how often
// the 80% band held the month's true total. The bounds are loose, so that
// only a method that broke fails.
func TestForecastAccuracy(t *testing.T) {
	all := household()
	truth := map[time.Month]float64{}
	for _, r := range all {
		if r.PeriodStart.Year() == 2024 {
			truth[r.PeriodStart.Month()] += r.Amount.InexactFloat64()
		}
	}
	var sumAPE float64
	var byDay [5]float64 // the errors' sum by the day of the month forecast from
	forecasts, held := 0, 0
	methods := map[engine.Method]int{}
	for month := time.January; month <= time.December; month++ {
		start := domain.NewDate(2024, month, 1)
		last := start.AddMonths(1).AddDays(-1)
		for k, today := range []domain.Date{start, start.AddDays(7), start.AddDays(14), start.AddDays(21), last.AddDays(-3)} {
			var known []domain.RecordInput
			for _, r := range all {
				if !r.PeriodEnd.After(today) {
					known = append(known, r)
				}
			}
			f := forecast(t, known, engine.ForecastQuery{Type: domain.Electricity, Unit: domain.KilowattHour, Granularity: domain.Monthly, Today: today})
			if f == nil {
				t.Fatalf("no forecast on %s", today)
			}
			total, low, high := f.ExpectedTotal.Rat(), f.Low.Rat(), f.High.Rat()
			got, _ := total.Float64()
			ape := math.Abs(got-truth[month]) / truth[month]
			sumAPE += ape
			byDay[k] += ape
			lo, _ := low.Float64()
			hi, _ := high.Float64()
			if lo <= truth[month] && truth[month] <= hi {
				held++
			}
			forecasts++
			methods[f.Method]++
		}
	}
	mape, coverage := sumAPE/float64(forecasts), float64(held)/float64(forecasts)
	t.Logf("%d forecasts over 2024 (%d from last year, %d from the recent rate): MAPE %.1f%%, the 80%% band held the month's total in %.0f%% (%d)",
		forecasts, methods[engine.MethodLastYear], methods[engine.MethodRecentRate], 100*mape, 100*coverage, held)
	t.Logf("MAPE from the 1st, 8th, 15th, 22nd and 4th last day of the month: %.1f%%, %.1f%%, %.1f%%, %.1f%%, %.1f%%",
		100*byDay[0]/12, 100*byDay[1]/12, 100*byDay[2]/12, 100*byDay[3]/12, 100*byDay[4]/12)
	if methods[engine.MethodLastYear] != forecasts {
		t.Errorf("%d of %d forecasts used last year, with two years of history", methods[engine.MethodLastYear], forecasts)
	}
	if mape >= 0.25 {
		t.Errorf("MAPE %.3f, want below 0.25", mape)
	}
	if coverage < 0.5 || coverage > 0.97 {
		t.Errorf("the band held the truth in %.2f of the forecasts, want between 0.5 and 0.97", coverage)
	}
}

// TestBandFromFewErrors checks the band against hand-computed figures for
// every way it is found.
func TestBandFromFewErrors(t *testing.T) {
	tests := []struct {
		name   string
		errs   []float64
		lo, hi float64
	}{
		{"no error: ±50%", nil, -0.5, 0.5},
		{"one error: ±50%", []float64{0.3}, -0.5, 0.5},
		// Mean 0.1, sample deviation 0.1414…; t(0.9, 1) = 3.078 and
		// √(1 + 1/2): 0.1 ± 0.533123…
		{"two errors: Student's t", []float64{0, 0.2}, 0.1 - 3.078*math.Sqrt(0.02)*math.Sqrt(1.5), 0.1 + 3.078*math.Sqrt(0.02)*math.Sqrt(1.5)},
		// Ten errors -0.45, -0.35, …, 0.45: the 10th percentile is the
		// 1.1th smallest, -0.44, and the 90th the 9.9th, 0.44.
		{"ten errors: percentiles", []float64{0.45, -0.45, 0.35, -0.35, 0.25, -0.25, 0.15, -0.15, 0.05, -0.05}, -0.44, 0.44},
		// All above 0: the band still holds the forecast.
		{"errors all above 0", []float64{0.1, 0.2, 0.3, 0.1, 0.2, 0.3, 0.1, 0.2, 0.3}, 0, 0.3},
		// Never less than nothing.
		{"errors far below", []float64{-3, -3}, -1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lo, hi, _ := engine.Band(tt.errs)
			if math.Abs(lo-tt.lo) > 1e-9 || math.Abs(hi-tt.hi) > 1e-9 {
				t.Errorf("band = %v..%v, want %v..%v", lo, hi, tt.lo, tt.hi)
			}
		})
	}
}

func ExampleForecastQuery_Queries() {
	q := engine.ForecastQuery{Type: domain.Electricity, Unit: domain.KilowattHour, Granularity: domain.Monthly, Today: domain.MustParseDate("2024-06-10")}
	qs, _ := q.Queries()
	for _, q := range qs {
		fmt.Printf("%s to %s by %q\n", q.From, q.To, q.Granularity)
	}
	// Output:
	// 2024-06-01 to 2024-06-10 by ""
	// 2022-02-26 to 2024-06-10 by "DAY"
}

func TestShare(t *testing.T) {
	tests := []struct {
		name      string
		typ       domain.Type
		total     string
		unit      domain.Unit
		limit     string
		limitUnit domain.Unit
		want      float64
	}{
		{"the same unit", domain.Electricity, "84", domain.KilowattHour, "100", domain.KilowattHour, 0.84},
		{"kWh of a limit in MWh", domain.Electricity, "1500", domain.KilowattHour, "1", domain.MegawattHour, 1.5},
		{"litres of a limit in m³", domain.Water, "2500", domain.Liter, "10", domain.CubicMeter, 0.25},
		// 100 m³ at 11.2 kWh each are 1120 kWh.
		{"m³ of gas against kWh", domain.Gas, "100", domain.CubicMeter, "2240", domain.KilowattHour, 0.5},
		{"kWh of gas against m³", domain.Gas, "1120", domain.KilowattHour, "50", domain.CubicMeter, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := engine.Share(tt.typ, dec(tt.total), tt.unit, dec(tt.limit), tt.limitUnit, dec("11.2"))
			if err != nil || math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("share = %v (%v), want %v", got, err, tt.want)
			}
		})
	}
	if _, err := engine.Share(domain.Water, dec("1"), domain.KilowattHour, dec("1"), domain.Liter, dec("11.2")); err == nil {
		t.Error("a share of kWh of water was computed")
	}
	if _, err := engine.Share(domain.Water, dec("1"), domain.Liter, dec("0"), domain.Liter, dec("11.2")); err == nil {
		t.Error("a share of a limit of 0 was computed")
	}
}

// TestForecastCost prices the forecast of the recent-rate case by hand: 1 to
// 5 March recorded (60 kWh), 26 days expected at 350/34 kWh a day, each
// rounded to 10.294118; at 0.20 a kWh, 0.50 a day and 10% tax.
func TestForecastCost(t *testing.T) {
	records := []domain.RecordInput{
		rec(domain.Electricity, "290", domain.KilowattHour, "2024-02-01", "2024-02-29"),
		rec(domain.Electricity, "60", domain.KilowattHour, "2024-03-01", "2024-03-05"),
	}
	q := engine.ForecastQuery{Type: domain.Electricity, Unit: domain.KilowattHour, Granularity: domain.Monthly, Today: d("2024-03-10"), Costs: true}
	cost := func(t *testing.T, records []domain.RecordInput, tariffs ...engine.Tariff) (string, bool) {
		t.Helper()
		qs, err := q.Queries()
		if err != nil {
			t.Fatal(err)
		}
		p, err := engine.NewPlan(qs)
		if err != nil {
			t.Fatal(err)
		}
		r := enginetest.ReadWithCosts(p.Read(), dec("11.2"), "EUR", records, tariffs)
		aggs, err := p.Compute(r)
		if err != nil {
			t.Fatal(err)
		}
		f, err := q.Forecast(aggs)
		if err != nil || f == nil {
			t.Fatalf("forecast %+v (%v)", f, err)
		}
		c, ok, err := f.ExpectedCost(r)
		if err != nil {
			t.Fatal(err)
		}
		return c.String(), ok
	}
	tariff := price(domain.Electricity, "2024-01-01", "", "0.2", domain.KilowattHour, "0.5", "0.1")

	t.Run("recorded days at the tariff, expected days at the tariff", func(t *testing.T) {
		// (60 × 0.2 + 5 × 0.5) × 1.1 = 15.95, and (26 × 10.294118 × 0.2
		// + 26 × 0.5) × 1.1 = 73.182355 to the cent: 89.13.
		if got, ok := cost(t, records, tariff); !ok || got != "89.13" {
			t.Errorf("expected cost %s (%v), want 89.13", got, ok)
		}
	})
	t.Run("a billed record's own cost", func(t *testing.T) {
		// 20 for 1 to 5 March, whatever the tariff says.
		billedRecords := []domain.RecordInput{records[0], billed(records[1], "20")}
		if got, ok := cost(t, billedRecords, tariff); !ok || got != "93.18" {
			t.Errorf("expected cost %s (%v), want 93.18", got, ok)
		}
	})
	t.Run("a price change during the month", func(t *testing.T) {
		// From 21 March 0.3 a kWh: 15 of the 26 days at 0.2, 11 at 0.3.
		// (15 × 10.294118 × 0.2 + 11 × 10.294118 × 0.3 + 26 × 0.5) × 1.1
		// = 85.638238 to the cent, and 15.95 recorded.
		two := []engine.Tariff{
			price(domain.Electricity, "2024-01-01", "2024-03-20", "0.2", domain.KilowattHour, "0.5", "0.1"),
			price(domain.Electricity, "2024-03-21", "", "0.3", domain.KilowattHour, "0.5", "0.1"),
		}
		if got, ok := cost(t, records, two...); !ok || got != "101.59" {
			t.Errorf("expected cost %s (%v), want 101.59", got, ok)
		}
	})
	t.Run("unknown when a day has no price", func(t *testing.T) {
		ends := price(domain.Electricity, "2024-01-01", "2024-03-25", "0.2", domain.KilowattHour, "0.5", "0.1")
		if got, ok := cost(t, records, ends); ok {
			t.Errorf("expected cost %s although the last 6 days have no tariff", got)
		}
		if got, ok := cost(t, records); ok {
			t.Errorf("expected cost %s without a tariff", got)
		}
	})
}
