package graph_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"consumption/graphtest"
)

// BenchmarkAliasedDaySeries sends 1, 5, 10 and 15 aliased DAY series in one
// request, through the real HTTP handler, over one user's 1,000 days of
// daily readings in Wh with six digits after the point (so that every day's
// kWh has digits to round). Series k starts k days after the first reading
// and lasts 986 days, so the ranges overlap but no two are the same. Work
// should grow linearly with the series: each sub-benchmark reports its time
// per request as a multiple of one series' ("×series=1"), measured in the
// same run.
//
// There is no statement timeout here, so that a slow request is measured
// rather than refused; the server's default is 10 seconds.
func BenchmarkAliasedDaySeries(b *testing.B) {
	srv := graphtest.NewServer(b, graphtest.Options{})
	user := srv.Register(b)
	const days, seriesDays = 1000, 986
	first := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	recs := make([]map[string]any, days)
	for d := range recs {
		day := first.AddDate(0, 0, d).Format(time.DateOnly)
		// 4,000 to 18,000 Wh, and a fraction of a Wh that varies by day.
		amount := fmt.Sprintf("%d.%06d", 4000+(d*7919)%14000, (d*104729+12345)%1000000)
		recs[d] = map[string]any{"type": "ELECTRICITY", "amount": amount, "unit": "WH", "periodStart": day, "periodEnd": day}
	}
	srv.Post(b, user.AccessToken, `mutation($in: [CreateConsumptionRecordInput!]!) { createConsumptionRecords(input: $in) { id } }`,
		map[string]any{"in": recs}).Must(b, nil)

	var one time.Duration
	for _, n := range []int{1, 5, 10, 15} {
		var q strings.Builder
		q.WriteString("{\n")
		for k := range n {
			from := first.AddDate(0, 0, k)
			fmt.Fprintf(&q, "s%d: consumptionSeries(filter: {types: [ELECTRICITY], from: %q, to: %q}, granularity: DAY) { total points { periodStart amount } }\n",
				k, from.Format(time.DateOnly), from.AddDate(0, 0, seriesDays-1).Format(time.DateOnly))
		}
		q.WriteString("}")
		b.Run(fmt.Sprintf("series=%d", n), func(b *testing.B) {
			// The answer is checked once, outside the measurement: every
			// series, every day of it.
			var data map[string][]struct {
				Total  string
				Points []struct{ PeriodStart, Amount string }
			}
			srv.Post(b, user.AccessToken, q.String(), nil).Must(b, &data)
			if len(data) != n {
				b.Fatalf("%d series answered, want %d", len(data), n)
			}
			for alias, s := range data {
				if len(s) != 1 || len(s[0].Points) != seriesDays {
					b.Fatalf("%s: %d series, want 1 of %d points", alias, len(s), seriesDays)
				}
			}
			for b.Loop() {
				srv.Post(b, user.AccessToken, q.String(), nil).Must(b, nil)
			}
			perOp := b.Elapsed() / time.Duration(b.N)
			if n == 1 {
				one = perOp
			}
			if one > 0 {
				b.ReportMetric(float64(perOp)/float64(one), "×series=1")
			}
		})
	}
}
