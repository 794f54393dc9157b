package engine_test

import (
	"testing"

	"consumption/domain"
	"consumption/engine"
	"consumption/engine/enginetest"
)

// BenchmarkCosts measures what asking for costs adds to the engine's work:
// each type over a year, monthly and daily, with and without costs, the
// price changing every quarter.
func BenchmarkCosts(b *testing.B) {
	last := d("2026-10-31")
	from := last.AddYears(-1).AddDays(1)
	records := dailyRecords(last.AddDays(-3*366), last)
	var tariffs []engine.Tariff
	for _, t := range domain.Types {
		for q := d("2023-10-01"); q.Before(last); q = q.AddMonths(3) {
			tariffs = append(tariffs, engine.Tariff{Type: t, From: q, To: q.AddMonths(3).AddDays(-1), PriceUnit: t.DefaultUnit(),
				UnitPrice: dec("0.123457"), StandingChargePerDay: dec("0.31"), TaxRate: dec("0.21")})
		}
	}
	for _, g := range []domain.Granularity{domain.Monthly, domain.Daily} {
		for _, costs := range []bool{false, true} {
			name := string(g) + "/amounts"
			if costs {
				name = string(g) + "/costs"
			}
			b.Run(name, func(b *testing.B) {
				qs := make([]engine.Query, len(domain.Types))
				for i, t := range domain.Types {
					qs[i] = engine.Query{Type: t, Unit: t.DefaultUnit(), From: from, To: last, Granularity: g, Costs: costs}
				}
				p, err := engine.NewPlan(qs)
				if err != nil {
					b.Fatal(err)
				}
				readings := enginetest.ReadWithCosts(p.Read(), dec("11.2"), "EUR", records, tariffs)
				b.ReportAllocs()
				for b.Loop() {
					p, err := engine.NewPlan(qs)
					if err != nil {
						b.Fatal(err)
					}
					if _, err := p.Compute(readings); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
