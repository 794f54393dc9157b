package graph_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"consumption/graphtest"
	"consumption/store"
	"consumption/store/storetest"
)

// TestAggregateAndPasswordCosts checks the prices of the expensive fields:
// three of the largest series pass, as do twelve aliased monthly aggregates
// and twenty aliased logins, but a request cannot hold four of the largest
// series, two of them with costs, or a hundred password hashes.
func TestAggregateAndPasswordCosts(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	daily := `s%d: consumptionSeries(filter: {from: "2020-01-01", to: "2022-09-26"}, granularity: DAY) {
		type unit total points { periodStart periodEnd amount coverage } }`
	many := func(n int, field string) string {
		var b strings.Builder
		b.WriteString("{")
		for i := range n {
			fmt.Fprintf(&b, field+"\n", i)
		}
		return b.String() + "}"
	}
	// Such a series costs 1 + 3 types × (1000 buckets × 8 (what it
	// selects) + 1000 days) / 10 = 2701: three fit, four do not.
	srv.Post(t, user.AccessToken, many(3, daily), nil).Must(t, nil)
	if res := srv.Post(t, user.AccessToken, many(4, daily), nil); len(res.Errors) != 1 || res.Errors[0].Code() != "COMPLEXITY_LIMIT_EXCEEDED" {
		t.Errorf("4 of the largest series: %d errors %.200v, want COMPLEXITY_LIMIT_EXCEEDED", len(res.Errors), res.Errors)
	}
	// Cost fields cost 3 each: the same series with its costs selects
	// 3 + 3 × 3 + (4 + 2 × 3 + 1) = 23 and costs 1 + 3 × (1000 × 23 + 1000) / 10
	// = 7201: one fits, two do not.
	withCosts := `s%d: consumptionSeries(filter: {from: "2020-01-01", to: "2022-09-26"}, granularity: DAY) {
		type unit total currency totalCost costCoverage points { periodStart periodEnd amount coverage cost costCoverage } }`
	srv.Post(t, user.AccessToken, many(1, withCosts), nil).Must(t, nil)
	if res := srv.Post(t, user.AccessToken, many(2, withCosts), nil); len(res.Errors) != 1 || res.Errors[0].Code() != "COMPLEXITY_LIMIT_EXCEEDED" {
		t.Errorf("2 of the largest series with costs: %d errors %.200v, want COMPLEXITY_LIMIT_EXCEEDED", len(res.Errors), res.Errors)
	}
	// A summary reads its range and two earlier periods: one of twenty
	// years costs 1 + 3 × (4 + 3 × 7305) / 10 = 6577, and two do not fit.
	summary := `s%d: consumptionSummary(filter: {from: "2000-01-01", to: "2019-12-31"}) { byType { total } }`
	srv.Post(t, user.AccessToken, many(1, summary), nil).Must(t, nil)
	if res := srv.Post(t, user.AccessToken, many(2, summary), nil); len(res.Errors) != 1 || res.Errors[0].Code() != "COMPLEXITY_LIMIT_EXCEEDED" {
		t.Errorf("2 summaries of twenty years: %d errors %.200v, want COMPLEXITY_LIMIT_EXCEEDED", len(res.Errors), res.Errors)
	}
	// A yearly forecast reads every day of 12 years before this one, 460
	// more and this year so far, 4843 to 5210 days: per type, 1 + (2 ×
	// days + what it selects) / 10, three types 2900 to 3130. Three fit.
	yearly := `f%d: consumptionForecast(granularity: YEAR) { type expectedTotal low high method }`
	srv.Post(t, user.AccessToken, many(3, yearly), nil).Must(t, nil)
	if res := srv.Post(t, user.AccessToken, many(4, yearly), nil); len(res.Errors) != 1 || res.Errors[0].Code() != "COMPLEXITY_LIMIT_EXCEEDED" {
		t.Errorf("4 yearly forecasts: %d errors %.200v, want COMPLEXITY_LIMIT_EXCEEDED", len(res.Errors), res.Errors)
	}
	monthly := `m%d: consumptionAggregate(filter: {from: "2024-01-01", to: "2024-01-31"}) { type total recordCount }`
	srv.Post(t, user.AccessToken, many(12, monthly), nil).Must(t, nil)

	login := `l%d: login(input: {email: "nobody@example.com", password: "not the password"}) { accessToken }`
	// A password hash costs 400: twenty-five logins fit, twenty-six do not.
	if res := srv.Post(t, "", "mutation "+many(26, login), nil); len(res.Errors) != 1 || res.Errors[0].Code() != "COMPLEXITY_LIMIT_EXCEEDED" {
		t.Errorf("26 aliased logins: %d errors %.200v, want COMPLEXITY_LIMIT_EXCEEDED before any is tried", len(res.Errors), res.Errors)
	}
}

// TestAggregatesAtTheComplexityLimit sends as many aliased daily series of
// a thousand days, each shifted by a day, as the complexity limit allows,
// over a thousand days of daily readings with decimals to round, to a server
// whose statements may run one second: the request gets its data, where one
// statement timing out would answer SERVICE_UNAVAILABLE. (Before the engine,
// fifteen such series took ten seconds.) One series more is refused before
// anything runs.
func TestAggregatesAtTheComplexityLimit(t *testing.T) {
	dbURL := storetest.NewDatabase(t)
	st := storetest.OpenWith(t, dbURL, store.PoolOptions{MaxOpenConns: 20, StatementTimeout: time.Second}, true)
	srv := graphtest.NewServer(t, graphtest.Options{DatabaseURL: dbURL, Store: st})
	user := srv.Register(t)
	const days, seriesDays = 1000, 986
	first := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	recs := make([]map[string]any, days)
	for d := range recs {
		day := first.AddDate(0, 0, d).Format(time.DateOnly)
		amount := fmt.Sprintf("%d.%06d", 4000+(d*7919)%14000, (d*104729+12345)%1000000)
		recs[d] = map[string]any{"type": "ELECTRICITY", "amount": amount, "unit": "WH", "periodStart": day, "periodEnd": day}
	}
	srv.Post(t, user.AccessToken, `mutation($in: [CreateConsumptionRecordInput!]!) { createConsumptionRecords(input: $in) { id } }`,
		map[string]any{"in": recs}).Must(t, nil)
	query := func(n int) string {
		var q strings.Builder
		q.WriteString("{\n")
		for k := range n {
			from := first.AddDate(0, 0, k)
			fmt.Fprintf(&q, "s%d: consumptionSeries(filter: {types: [ELECTRICITY], from: %q, to: %q}, granularity: DAY) { total points { periodStart amount } }\n",
				k, from.Format(time.DateOnly), from.AddDate(0, 0, seriesDays-1).Format(time.DateOnly))
		}
		return q.String() + "}"
	}

	// Each costs 1 + (986 buckets × 4 + 986 days) / 10 = 494: twenty fit.
	const most = 20
	var data map[string][]struct {
		Total  string
		Points []struct{ PeriodStart, Amount string }
	}
	srv.Post(t, user.AccessToken, query(most), nil).Must(t, &data)
	if len(data) != most {
		t.Fatalf("%d series answered, want %d", len(data), most)
	}
	for alias, s := range data {
		if len(s) != 1 || len(s[0].Points) != seriesDays || s[0].Total == "0" {
			t.Errorf("%s: %d series, want 1 of %d points with a total", alias, len(s), seriesDays)
		}
	}
	if res := srv.Post(t, user.AccessToken, query(most+1), nil); len(res.Errors) != 1 || res.Errors[0].Code() != "COMPLEXITY_LIMIT_EXCEEDED" {
		t.Errorf("%d series: %d errors %.200v, want COMPLEXITY_LIMIT_EXCEEDED", most+1, len(res.Errors), res.Errors)
	}
}
