package graph_test

import (
	"fmt"
	"testing"
	"time"

	"consumption/graphtest"
)

// BenchmarkCostFields measures what asking for costs adds to a series,
// through the real HTTP handler: each type over the last year, by MONTH and
// by DAY, asking for amounts only and then for amounts and costs, over two
// years of daily readings of every type (a third of them with a billed
// cost) and tariffs that change every quarter. Each sub-benchmark with
// costs reports its time per request as a multiple of the same series
// without ("×amounts"), measured in the same run.
func BenchmarkCostFields(b *testing.B) {
	srv := graphtest.NewServer(b, graphtest.Options{})
	user := srv.Register(b)
	first := time.Date(2023, 11, 1, 0, 0, 0, 0, time.UTC)
	const days = 731
	units := map[string]string{"ELECTRICITY": "WH", "WATER": "LITER", "GAS": "KWH"}
	for _, typ := range []string{"ELECTRICITY", "WATER", "GAS"} {
		for start := 0; start < days; start += 500 {
			var recs []map[string]any
			for d := start; d < min(start+500, days); d++ {
				day := first.AddDate(0, 0, d).Format(time.DateOnly)
				r := map[string]any{"type": typ, "unit": units[typ], "periodStart": day, "periodEnd": day,
					"amount": fmt.Sprintf("%d.%06d", 4000+(d*7919)%14000, (d*104729+12345)%1000000)}
				if d%3 == 0 {
					r["cost"] = fmt.Sprintf("%d.%02d", 1+d%5, d%100)
				}
				recs = append(recs, r)
			}
			srv.Post(b, user.AccessToken, `mutation($in: [CreateConsumptionRecordInput!]!) { createConsumptionRecords(input: $in) { id } }`,
				map[string]any{"in": recs}).Must(b, nil)
		}
		for q := first; q.Before(first.AddDate(0, 0, days)); q = q.AddDate(0, 3, 0) {
			addTariff(b, srv, user.AccessToken, typ, q.Format(time.DateOnly), q.AddDate(0, 3, -1).Format(time.DateOnly),
				"0.000123", units[typ], "0.31", "0.21")
		}
	}
	from, to := first.AddDate(1, 0, 0).Format(time.DateOnly), first.AddDate(0, 0, days-1).Format(time.DateOnly)
	for _, g := range []string{"MONTH", "DAY"} {
		var amounts time.Duration
		for _, costs := range []bool{false, true} {
			fields, name := "type unit total points { periodStart periodEnd amount coverage }", g+"/amounts"
			if costs {
				fields = "type unit total currency totalCost costCoverage points { periodStart periodEnd amount coverage cost costCoverage }"
				name = g + "/costs"
			}
			query := fmt.Sprintf(`{ consumptionSeries(filter: {from: %q, to: %q}, granularity: %s) { %s } }`, from, to, g, fields)
			b.Run(name, func(b *testing.B) {
				var data struct {
					ConsumptionSeries []struct{ TotalCost *string }
				}
				srv.Post(b, user.AccessToken, query, nil).Must(b, &data)
				if len(data.ConsumptionSeries) != 3 || costs != (data.ConsumptionSeries[0].TotalCost != nil) {
					b.Fatalf("answer %+v", data)
				}
				for b.Loop() {
					srv.Post(b, user.AccessToken, query, nil).Must(b, nil)
				}
				perOp := b.Elapsed() / time.Duration(b.N)
				if !costs {
					amounts = perOp
				} else if amounts > 0 {
					b.ReportMetric(float64(perOp)/float64(amounts), "×amounts")
				}
			})
		}
	}
}
