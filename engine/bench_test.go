package engine_test

import (
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"consumption/domain"
	"consumption/engine"
	"consumption/engine/enginetest"
)

// dailyRecords returns a record a day of every type from first to last,
// with amounts that have decimals to round: 1234.567891 Wh, litres and
// kWh of gas a day, and so on.
func dailyRecords(first, last domain.Date) []domain.RecordInput {
	units := map[domain.Type]domain.Unit{domain.Electricity: domain.WattHour, domain.Water: domain.Liter, domain.Gas: domain.KilowattHour}
	var out []domain.RecordInput
	for day, i := first, int64(0); !day.After(last); day, i = day.AddDays(1), i+1 {
		for _, t := range domain.Types {
			out = append(out, domain.RecordInput{Type: t, Unit: units[t], Amount: decimal.New(1_234_567_891+i*7_919, -6),
				PeriodStart: day, PeriodEnd: day})
		}
	}
	return out
}

// benchmarkQueries measures planning and computing queries over records
// already read as the store would read them.
func benchmarkQueries(b *testing.B, records []domain.RecordInput, queries []engine.Query) {
	p, err := engine.NewPlan(queries)
	if err != nil {
		b.Fatal(err)
	}
	readings := enginetest.Read(p.Read(), dec("11.2"), records)
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		p, err := engine.NewPlan(queries)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := p.Compute(readings); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(readings.Intervals)), "intervals")
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

// cpuTime returns the CPU time the process has used, garbage collection
// included. On a machine shared with other work, time on the clock says more
// about the neighbours than about the engine; CPU time says less about them.
func cpuTime() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// BenchmarkEngine measures the engine alone on the requests the benchmark
// and the attack make: each type over a year, and aliased daily
// series with shifted ranges.
func BenchmarkEngine(b *testing.B) {
	last := d("2026-10-31")
	yearFrom := last.AddYears(-1).AddDays(1)
	year := dailyRecords(last.AddDays(-3*366), last)
	perType := func(g domain.Granularity, compare bool, from, to domain.Date) []engine.Query {
		qs := make([]engine.Query, len(domain.Types))
		for i, t := range domain.Types {
			qs[i] = engine.Query{t, t.DefaultUnit(), from, to, g, compare, false}
		}
		return qs
	}
	b.Run("totals/year", func(b *testing.B) { benchmarkQueries(b, year, perType("", false, yearFrom, last)) })
	b.Run("series/monthly/year", func(b *testing.B) { benchmarkQueries(b, year, perType(domain.Monthly, false, yearFrom, last)) })
	b.Run("series/daily/year", func(b *testing.B) { benchmarkQueries(b, year, perType(domain.Daily, false, yearFrom, last)) })
	b.Run("summary/month", func(b *testing.B) {
		benchmarkQueries(b, year, perType("", true, d("2026-10-01"), last))
	})
	// One type, a daily record for 1,000 days, and daily series of 1,000
	// days each shifted by a day.
	var electricity []domain.RecordInput
	for _, r := range year {
		if r.Type == domain.Electricity {
			electricity = append(electricity, r)
		}
	}
	for _, n := range []int{1, 5, 10, 15} {
		b.Run(fmt.Sprintf("aliased/%d", n), func(b *testing.B) {
			qs := make([]engine.Query, n)
			for i := range qs {
				from := last.AddDays(-999 - i)
				qs[i] = engine.Query{domain.Electricity, domain.KilowattHour, from, from.AddDays(999), domain.Daily, false, false}
			}
			benchmarkQueries(b, electricity, qs)
		})
	}
}
