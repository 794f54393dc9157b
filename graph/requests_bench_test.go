package graph_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"syscall"
	"testing"
	"time"

	"consumption/graphtest"
)

// BenchmarkRequests sends the requests of `make bench`'s aggregate
// scenarios and of its floor/me, and an authenticated `__typename` (the
// floor beneath that one, which reads nothing), to the real handler, in
// the benchmark's process (no network between them), 16 at a time as the
// benchmark does (with one at a time, the scheduler's looking for work
// between requests would count in the CPU time), over one user's data as
// the benchmark seeds it: a daily electricity reading for 500 days, a
// weekly water reading for 260 weeks and a 30-day gas bill for 240
// periods, all ending on 2026-10-31. Besides the time on the clock, each
// reports the CPU time the process took per request ("cpu-ns/op"): the
// server's own work, which the database's (another process) does not
// count in and the machine's neighbours distort less than the clock. It
// is what a change to the server's overhead per request is decided on.
func BenchmarkRequests(b *testing.B) {
	srv := graphtest.NewServer(b, graphtest.Options{})
	user := srv.Register(b)
	last := time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC)
	var recs []map[string]any
	add := func(typ, unit string, n, days int, amount func(i int) string) {
		for i := range n {
			end := last.AddDate(0, 0, -i*days)
			recs = append(recs, map[string]any{"type": typ, "unit": unit, "amount": amount(i),
				"periodStart": end.AddDate(0, 0, 1-days).Format(time.DateOnly), "periodEnd": end.Format(time.DateOnly)})
		}
	}
	add("ELECTRICITY", "KWH", 500, 1, func(i int) string { return fmt.Sprintf("%d.%03d", 5+i%9, (i*7919)%1000) })
	add("WATER", "LITER", 260, 7, func(i int) string { return fmt.Sprintf("%d.%01d", 700+(i*31)%300, i%10) })
	add("GAS", "KWH", 240, 30, func(i int) string { return fmt.Sprintf("%d.%02d", 300+(i*97)%600, i%100) })
	srv.Post(b, user.AccessToken, `mutation($in: [CreateConsumptionRecordInput!]!) { createConsumptionRecords(input: $in) { id } }`,
		map[string]any{"in": recs}).Must(b, nil)

	year := map[string]any{"from": "2025-11-01", "to": "2026-10-31"}
	month := map[string]any{"from": "2026-10-01", "to": "2026-10-31"}
	with := func(vars map[string]any, k, v string) map[string]any {
		out := map[string]any{k: v}
		for k, v := range vars {
			out[k] = v
		}
		return out
	}
	for _, sc := range []struct {
		name, query string
		vars        map[string]any
		// want is a part of the answer that shows the request did its work.
		want string
	}{
		// The server's floors: what any signed-in request costs it (the
		// transport, the middleware, the token, gqlgen) without reading
		// the database, and then with one read of one row.
		{"floor/typename", `query Floor { __typename }`, nil, `"Query"`},
		{"floor/me", `query Me { me { email } }`, nil, user.Email},
		{"totals/year", `query Totals($from: Date!, $to: Date!) {
			consumptionAggregate(filter: {from: $from, to: $to}) { type unit total recordCount }
		}`, year, `"GAS"`},
		{"series/monthly/year", benchSeriesQuery, with(year, "granularity", "MONTH"), `"GAS"`},
		{"series/daily/year", benchSeriesQuery, with(year, "granularity", "DAY"), `"GAS"`},
		{"summary/month", `query Summary($from: Date!, $to: Date!) {
			consumptionSummary(filter: {from: $from, to: $to}) {
				from to byType {
					type unit total recordCount dailyAverage monthlyAverage coverage
					previousPeriodTotal previousYearTotal changeFromPreviousPeriod changeFromPreviousYear
				}
			}
		}`, month, `"GAS"`},
	} {
		b.Run(sc.name, func(b *testing.B) {
			body, err := json.Marshal(map[string]any{"query": sc.query, "variables": sc.vars})
			if err != nil {
				b.Fatal(err)
			}
			send := func() *httptest.ResponseRecorder {
				req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+user.AccessToken)
				res := httptest.NewRecorder()
				srv.Handler.ServeHTTP(res, req)
				return res
			}
			// The answer is checked once, outside the measurement.
			if res := send(); res.Code != http.StatusOK || bytes.Contains(res.Body.Bytes(), []byte(`"errors"`)) ||
				!bytes.Contains(res.Body.Bytes(), []byte(sc.want)) {
				b.Fatalf("status %d: %s", res.Code, res.Body.Bytes())
			}
			b.ReportAllocs()
			b.SetParallelism(max(1, 16/runtime.GOMAXPROCS(0)))
			start := cpuTime()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if res := send(); res.Code != http.StatusOK {
						b.Errorf("status %d: %s", res.Code, res.Body.Bytes())
					}
				}
			})
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		})
	}
}

const benchSeriesQuery = `query Series($from: Date!, $to: Date!, $granularity: Granularity!) {
	consumptionSeries(filter: {from: $from, to: $to}, granularity: $granularity) {
		type unit total points { periodStart periodEnd amount coverage }
	}
}`

// cpuTime returns the CPU time the process has used, garbage collection
// included.
func cpuTime() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
