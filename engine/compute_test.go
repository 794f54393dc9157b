package engine_test

import (
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"consumption/domain"
	"consumption/engine"
	"consumption/engine/enginetest"
)

var d = domain.MustParseDate

func dec(s string) engine.Decimal {
	v, err := engine.ParseDecimal(s)
	if err != nil {
		panic(err)
	}
	return v
}

// rec writes a record short: type, amount, unit, first and last day.
func rec(typ domain.Type, amount string, unit domain.Unit, start, end string) domain.RecordInput {
	return domain.RecordInput{Type: typ, Unit: unit, Amount: decimal.RequireFromString(amount),
		PeriodStart: d(start), PeriodEnd: d(end)}
}

// compute plans the queries, reads them from the records as the store
// would, and computes, with the given calorific value of gas.
func compute(t *testing.T, gas string, records []domain.RecordInput, queries ...engine.Query) []engine.Aggregate {
	t.Helper()
	p, err := engine.NewPlan(queries)
	if err != nil {
		t.Fatal(err)
	}
	aggs, err := p.Compute(enginetest.Read(p.Read(), dec(gas), records))
	if err != nil {
		t.Fatal(err)
	}
	return aggs
}

// buckets writes each bucket as "start amount covered/days records".
func buckets(a engine.Aggregate) []string {
	out := make([]string, len(a.Buckets))
	for i, b := range a.Buckets {
		out[i] = fmt.Sprintf("%s %s %d/%d %d", b.Start, b.Amount, b.CoveredDays, b.Days, b.RecordCount)
	}
	return out
}

func TestProRata(t *testing.T) {
	records := []domain.RecordInput{
		// A bill across a month boundary: 31 days, 17 in January and 14 in February.
		rec(domain.Electricity, "310", domain.KilowattHour, "2024-01-15", "2024-02-14"),
		// A record longer than a bucket: 91 days at 1 m³ a day.
		rec(domain.Water, "91", domain.CubicMeter, "2023-12-01", "2024-02-29"),
		// Gas from 2023-12-30 to 2024-01-02 across a year end, 4 days.
		rec(domain.Gas, "4", domain.CubicMeter, "2023-12-30", "2024-01-02"),
		// Daily water in the summer.
		rec(domain.Water, "1.5", domain.CubicMeter, "2024-06-01", "2024-06-01"),
		rec(domain.Water, "2.5", domain.CubicMeter, "2024-06-02", "2024-06-02"),
		rec(domain.Water, "500", domain.Liter, "2024-06-03", "2024-06-03"),
	}
	tests := []struct {
		name      string
		query     engine.Query
		wantTotal string
		want      []string
	}{
		{"a bill across a month boundary is split 17/31 and 14/31",
			engine.Query{domain.Electricity, domain.KilowattHour, d("2024-01-01"), d("2024-02-29"), domain.Monthly, false, false},
			"310", []string{"2024-01-01 170 17/31 1", "2024-02-01 140 14/29 1"}},
		{"a record longer than a bucket and partly outside the range counts only inside it",
			engine.Query{domain.Water, domain.CubicMeter, d("2024-01-10"), d("2024-03-15"), domain.Monthly, false, false},
			"51", []string{"2024-01-01 22 22/22 1", "2024-02-01 29 29/29 1", "2024-03-01 0 0/15 0"}},
		{"days of a leap February",
			engine.Query{domain.Water, domain.CubicMeter, d("2024-02-27"), d("2024-03-01"), domain.Daily, false, false},
			"3", []string{"2024-02-27 1 1/1 1", "2024-02-28 1 1/1 1", "2024-02-29 1 1/1 1", "2024-03-01 0 0/1 0"}},
		{"ISO weeks across a year end keep their whole bounds",
			engine.Query{domain.Gas, domain.CubicMeter, d("2023-12-31"), d("2024-01-08"), domain.Weekly, false, false},
			"3", []string{"2023-12-25 1 1/1 1", "2024-01-01 2 2/7 1", "2024-01-08 0 0/1 0"}},
		{"quarters",
			engine.Query{domain.Electricity, domain.KilowattHour, d("2024-01-01"), d("2024-06-30"), domain.Quarterly, false, false},
			"310", []string{"2024-01-01 310 31/91 1", "2024-04-01 0 0/91 0"}},
		{"years",
			engine.Query{domain.Gas, domain.CubicMeter, d("2023-01-01"), d("2024-12-31"), domain.Yearly, false, false},
			"4", []string{"2023-01-01 2 2/365 1", "2024-01-01 2 2/366 1"}},
		{"the whole range as one bucket",
			engine.Query{domain.Electricity, domain.KilowattHour, d("2024-02-01"), d("2024-02-29"), "", false, false},
			"140", []string{"2024-02-01 140 14/29 1"}},
		{"whole records of two units in one bucket",
			engine.Query{domain.Water, domain.Liter, d("2024-06-01"), d("2024-06-30"), domain.Monthly, false, false},
			"4500", []string{"2024-06-01 4500 3/30 3"}},
		{"a range with no data: every bucket 0 with nothing covered",
			engine.Query{domain.Electricity, domain.KilowattHour, d("2022-01-01"), d("2022-03-31"), domain.Monthly, false, false},
			"0", []string{"2022-01-01 0 0/31 0", "2022-02-01 0 0/28 0", "2022-03-01 0 0/31 0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := compute(t, "11.2", records, tt.query)[0]
			if diff := cmp.Diff(tt.want, buckets(got)); diff != "" || got.Total.String() != tt.wantTotal {
				t.Errorf("total %s (want %s), buckets (-want +got):\n%s", got.Total, tt.wantTotal, diff)
			}
		})
	}
}

func TestUnits(t *testing.T) {
	records := []domain.RecordInput{
		rec(domain.Electricity, "1000", domain.WattHour, "2024-01-01", "2024-01-31"),
		rec(domain.Electricity, "2", domain.KilowattHour, "2024-02-01", "2024-02-29"),
		rec(domain.Electricity, "0.003", domain.MegawattHour, "2024-03-01", "2024-03-31"),
		rec(domain.Water, "500", domain.Liter, "2024-01-01", "2024-01-31"),
		rec(domain.Water, "1.5", domain.CubicMeter, "2024-02-01", "2024-02-29"),
		rec(domain.Gas, "10", domain.CubicMeter, "2024-01-01", "2024-01-31"),
		rec(domain.Gas, "21", domain.KilowattHour, "2024-02-01", "2024-02-29"),
	}
	monthly := func(typ domain.Type, unit domain.Unit) engine.Query {
		return engine.Query{typ, unit, d("2024-01-01"), d("2024-03-31"), domain.Monthly, false, false}
	}
	tests := []struct {
		query engine.Query
		want  string
	}{
		{monthly(domain.Electricity, domain.KilowattHour), "6 = 1 + 2 + 3"},
		{monthly(domain.Electricity, domain.WattHour), "6000 = 1000 + 2000 + 3000"},
		{monthly(domain.Electricity, domain.MegawattHour), "0.006 = 0.001 + 0.002 + 0.003"},
		{monthly(domain.Water, domain.CubicMeter), "2 = 0.5 + 1.5 + 0"},
		{monthly(domain.Water, domain.Liter), "2000 = 500 + 1500 + 0"},
		{monthly(domain.Gas, domain.CubicMeter), "12 = 10 + 2 + 0"}, // 21 kWh at 10.5 kWh/m³ is 2 m³
		{monthly(domain.Gas, domain.KilowattHour), "126 = 105 + 21 + 0"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s in %s", tt.query.Type, tt.query.Unit), func(t *testing.T) {
			a := compute(t, "10.5", records, tt.query)[0]
			amounts := make([]string, len(a.Buckets))
			for i, b := range a.Buckets {
				amounts[i] = b.Amount.String()
			}
			if got := a.Total.String() + " = " + strings.Join(amounts, " + "); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

// TestRounding checks the largest remainder method: buckets are rounded
// down, and the millionths the correctly rounded total needs go to the
// buckets that lost most, the earliest on a tie.
func TestRounding(t *testing.T) {
	records := []domain.RecordInput{
		// A third of a kWh a day, which six places cannot hold: rounded
		// one by one the days would add up to 0.999999.
		rec(domain.Electricity, "1", domain.KilowattHour, "2024-05-01", "2024-05-03"),
		// 0.000002 over 3 days: 0.000000666… a day, each rounded up alone.
		rec(domain.Water, "0.000002", domain.CubicMeter, "2024-05-04", "2024-05-06"),
		// 100 kWh of gas at 11.2 kWh/m³: 8.928571428… m³, over 7 days.
		rec(domain.Gas, "100", domain.KilowattHour, "2024-05-01", "2024-05-07"),
		// 1 Wh in MWh is 0.000001; half of it is half a millionth.
		rec(domain.Electricity, "1", domain.WattHour, "2024-06-01", "2024-06-02"),
	}
	tests := []struct {
		name      string
		query     engine.Query
		wantTotal string
		want      []string
	}{
		{"thirds: the first day gets the millionth",
			engine.Query{domain.Electricity, domain.KilowattHour, d("2024-05-01"), d("2024-05-03"), domain.Daily, false, false},
			"1", []string{"0.333334", "0.333333", "0.333333"}},
		{"two millionths over three days",
			engine.Query{domain.Water, domain.CubicMeter, d("2024-05-04"), d("2024-05-06"), domain.Daily, false, false},
			"0.000002", []string{"0.000001", "0.000001", "0"}},
		{"a third of the total cut by the range rounds on its own",
			engine.Query{domain.Water, domain.CubicMeter, d("2024-05-04"), d("2024-05-04"), domain.Daily, false, false},
			"0.000001", []string{"0.000001"}},
		{"gas kWh in cubic metres through the calorific value",
			engine.Query{domain.Gas, domain.CubicMeter, d("2024-05-01"), d("2024-05-07"), domain.Daily, false, false},
			"8.928571", []string{"1.275511", "1.27551", "1.27551", "1.27551", "1.27551", "1.27551", "1.27551"}},
		{"a half millionth rounds up",
			engine.Query{domain.Electricity, domain.MegawattHour, d("2024-06-01"), d("2024-06-01"), "", false, false},
			"0.000001", []string{"0.000001"}},
		{"two halves make the whole",
			engine.Query{domain.Electricity, domain.MegawattHour, d("2024-06-01"), d("2024-06-02"), domain.Daily, false, false},
			"0.000001", []string{"0.000001", "0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := compute(t, "11.2", records, tt.query)[0]
			amounts := make([]string, len(a.Buckets))
			for i, b := range a.Buckets {
				amounts[i] = b.Amount.String()
			}
			if diff := cmp.Diff(tt.want, amounts); diff != "" || a.Total.String() != tt.wantTotal {
				t.Errorf("total %s (want %s), buckets (-want +got):\n%s", a.Total, tt.wantTotal, diff)
			}
		})
	}
}

// figures writes what a summary card shows of an aggregate.
type figures struct {
	Total, DailyAverage, MonthlyAverage string
	Days, CoveredDays, RecordCount      int
	PreviousPeriod, PreviousYear        string // "total covered/days change"
}

func summarize(a engine.Aggregate) figures {
	comparison := func(c *engine.Comparison) string {
		if c == nil {
			return ""
		}
		change := "none"
		if c.Change != nil {
			change = c.Change.String()
		}
		return fmt.Sprintf("%s %d/%d %s", c.Total, c.CoveredDays, c.Days, change)
	}
	return figures{a.Total.String(), a.DailyAverage.String(), a.MonthlyAverage.String(),
		a.Days, a.CoveredDays, a.RecordCount, comparison(a.PreviousPeriod), comparison(a.PreviousYear)}
}

func TestSummary(t *testing.T) {
	records := []domain.RecordInput{
		rec(domain.Electricity, "160", domain.KilowattHour, "2023-03-01", "2023-03-31"), // a year before
		rec(domain.Electricity, "31", domain.KilowattHour, "2024-01-01", "2024-01-31"),  // 1 a day; 2 days in the previous period
		rec(domain.Electricity, "58", domain.KilowattHour, "2024-02-01", "2024-02-29"),  // all in the previous period
		rec(domain.Electricity, "120", domain.KilowattHour, "2024-03-01", "2024-03-31"), // the range
		rec(domain.Water, "3", domain.CubicMeter, "2024-03-10", "2024-03-12"),           // only in the range
		rec(domain.Gas, "28", domain.CubicMeter, "2023-02-01", "2023-02-28"),            // the year before a leap February
		rec(domain.Gas, "58", domain.CubicMeter, "2024-02-01", "2024-02-29"),
	}
	march := func(typ domain.Type) engine.Query {
		return engine.Query{typ, typ.DefaultUnit(), d("2024-03-01"), d("2024-03-31"), "", true, false}
	}
	tests := []struct {
		name  string
		query engine.Query
		want  figures
	}{
		{"a month with both earlier periods", march(domain.Electricity), figures{
			Total: "120", DailyAverage: "3.870968", MonthlyAverage: "120", // 120/31 = 3.8709677…
			Days: 31, CoveredDays: 31, RecordCount: 1,
			PreviousPeriod: "60 31/31 1",      // 2024-01-30..2024-02-29: 2 + 58
			PreviousYear:   "160 31/31 -0.25", // March 2023
		}},
		{"no earlier data: no change", march(domain.Water), figures{
			Total: "3", DailyAverage: "0.096774", MonthlyAverage: "3",
			Days: 31, CoveredDays: 3, RecordCount: 1,
			PreviousPeriod: "0 0/31 none", PreviousYear: "0 0/31 none",
		}},
		{"a month without records: no change from the month before, not -100%", march(domain.Gas), figures{
			Total: "0", DailyAverage: "0", MonthlyAverage: "0",
			Days: 31, CoveredDays: 0, RecordCount: 0,
			PreviousPeriod: "58 29/31 none", PreviousYear: "0 0/31 none",
		}},
		{"a leap February against the February before", engine.Query{domain.Gas, domain.CubicMeter, d("2024-02-01"), d("2024-02-29"), "", true, false}, figures{
			Total: "58", DailyAverage: "2", MonthlyAverage: "58",
			Days: 29, CoveredDays: 29, RecordCount: 1,
			PreviousPeriod: "0 0/29 none",       // 2024-01-03..31
			PreviousYear:   "28 28/28 1.071429", // 2023-02-01..28: 30/28
		}},
		{"the monthly average divides by the calendar months touched",
			engine.Query{domain.Electricity, domain.KilowattHour, d("2024-01-31"), d("2024-03-01"), "", false, false}, figures{
				// 1 (Jan 31) + 58 + 120/31 (Mar 1) = 62.870967…, over 3 months and 31 days.
				Total: "62.870968", DailyAverage: "2.028096", MonthlyAverage: "20.956989",
				Days: 31, CoveredDays: 31, RecordCount: 3,
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := summarize(compute(t, "11.2", records, tt.query)[0])
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("figures (-want +got):\n%s", diff)
			}
		})
	}
}

// TestBucketFigures checks each bucket's record count and daily average: a
// record counts in every bucket it shares a day with inside the range.
func TestBucketFigures(t *testing.T) {
	records := []domain.RecordInput{
		rec(domain.Electricity, "310", domain.KilowattHour, "2024-01-15", "2024-02-14"),
		rec(domain.Electricity, "1", domain.KilowattHour, "2024-02-20", "2024-02-20"),
		rec(domain.Electricity, "2", domain.KilowattHour, "2024-02-21", "2024-02-21"),
	}
	a := compute(t, "11.2", records, engine.Query{domain.Electricity, domain.KilowattHour, d("2024-01-01"), d("2024-02-29"), domain.Monthly, false, false})[0]
	type row struct {
		Amount, DailyAverage string
		Records              int
	}
	var got []row
	for _, b := range a.Buckets {
		got = append(got, row{b.Amount.String(), b.DailyAverage.String(), b.RecordCount})
	}
	want := []row{{"170", "5.483871", 1}, {"143", "4.931034", 3}} // 170/31, 143/29
	if diff := cmp.Diff(want, got); diff != "" || a.RecordCount != 3 {
		t.Errorf("%d records; buckets (-want +got):\n%s", a.RecordCount, diff)
	}
}

// TestLargeAmounts takes the largest amounts a record may hold to the
// smallest unit, in daily buckets over a long record: no sum overflows, and
// every figure is exact.
func TestLargeAmounts(t *testing.T) {
	var records []domain.RecordInput
	day := d("2000-01-01")
	for day.Before(d("2019-12-01")) {
		records = append(records, domain.RecordInput{Type: domain.Electricity, Unit: domain.MegawattHour,
			Amount: decimal.RequireFromString("999999999999.999999"), PeriodStart: day, PeriodEnd: day.AddDays(399)})
		day = day.AddDays(400)
	}
	records = append(records, rec(domain.Gas, "1000000000000", domain.CubicMeter, "2019-01-01", "2019-12-31"))
	aggs := compute(t, "100", records,
		engine.Query{domain.Electricity, domain.WattHour, d("2000-01-01"), d("2019-12-31"), "", true, false},
		engine.Query{domain.Electricity, domain.WattHour, d("2000-01-01"), d("2019-12-31"), domain.Yearly, false, false},
		engine.Query{domain.Electricity, domain.WattHour, d("2019-01-01"), d("2019-12-31"), domain.Daily, false, false},
		engine.Query{domain.Gas, domain.KilowattHour, d("2019-01-01"), d("2019-12-31"), domain.Daily, false, false},
	)
	// 18 records of 400 days, then 105 days of the 19th, from 2019-09-18:
	// 18.2625 × 999999999999.999999 MWh in Wh.
	if got, want := aggs[0].Total.String(), "18262499999999999981.7375"; want != got {
		t.Errorf("total %s, want %s", got, want)
	}
	for _, a := range aggs {
		sum := new(big.Rat)
		for _, b := range a.Buckets {
			sum.Add(sum, b.Amount.Rat())
		}
		if sum.Cmp(a.Total.Rat()) != 0 {
			t.Errorf("%v: buckets add up to %s, total %s", a.Query, sum.FloatString(6), a.Total)
		}
	}
	if got := aggs[3].Total.String(); got != "100000000000000" {
		t.Errorf("gas total %s kWh, want 10^14", got)
	}
}

// TestComputeKeepsNoIntervals computes, then overwrites the intervals it
// was given, as a caller that reuses their slice does, and computes from
// other records, as the next request does in the room the engine keeps
// between calls: the first aggregates, costs included, must not change.
func TestComputeKeepsNoIntervals(t *testing.T) {
	records := []domain.RecordInput{
		rec(domain.Electricity, "310", domain.KilowattHour, "2024-01-15", "2024-02-14"),
		rec(domain.Electricity, "1", domain.KilowattHour, "2024-02-20", "2024-02-20"),
		rec(domain.Gas, "12.5", domain.CubicMeter, "2024-01-01", "2024-01-31"),
	}
	p, err := engine.NewPlan([]engine.Query{
		{Type: domain.Electricity, Unit: domain.KilowattHour, From: d("2024-01-01"), To: d("2024-02-29"), Granularity: domain.Daily, Costs: true},
		{Type: domain.Gas, Unit: domain.KilowattHour, From: d("2024-01-01"), To: d("2024-02-29"), Granularity: domain.Monthly, Compare: true},
	})
	if err != nil {
		t.Fatal(err)
	}
	read := func() engine.Readings {
		r := enginetest.Read(p.Read(), dec("11.2"), records)
		r.Tariffs = []engine.Tariff{{Type: domain.Electricity, PriceUnit: domain.KilowattHour, From: d("2024-01-01"), UnitPrice: dec("0.25")}}
		return r
	}
	r := read()
	aggs, err := p.Compute(r)
	if err != nil {
		t.Fatal(err)
	}
	for i := range r.Intervals {
		r.Intervals[i] = engine.Interval{Type: domain.Water, Unit: domain.Liter, First: d("2024-01-01"), Last: d("2024-01-01"),
			Amount: dec("999"), Days: 1, Records: 1}
	}
	other := []domain.RecordInput{
		rec(domain.Electricity, "7.123457", domain.KilowattHour, "2024-01-10", "2024-02-10"),
		rec(domain.Gas, "3", domain.CubicMeter, "2024-02-01", "2024-02-29"),
	}
	if _, err := p.Compute(enginetest.Read(p.Read(), dec("9.5"), other)); err != nil {
		t.Fatal(err)
	}
	want, err := p.Compute(read())
	if err != nil {
		t.Fatal(err)
	}
	equalDecimals := cmp.Comparer(func(a, b engine.Decimal) bool { return a == b })
	if diff := cmp.Diff(want, aggs, equalDecimals); diff != "" || aggs[0].Costs == nil || aggs[0].Costs.Total.Days == 0 {
		t.Errorf("the aggregates changed with the intervals they were computed from (-want +got):\n%s", diff)
	}
}
