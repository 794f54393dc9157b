package graph_test

import (
	"fmt"
	"strings"
	"testing"

	"consumption/graphtest"
)

// TestAggregateAndPasswordCosts checks the prices of the expensive fields:
// the largest series passes alone, as do twelve aliased monthly aggregates
// and twenty aliased logins, but a request cannot hold a hundred of the
// largest series or a hundred password hashes.
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
	// Such a series costs 1 + 8 (what it selects) × 3 types × 10 (hundreds
	// of buckets) = 241: forty-one fit, forty-two do not.
	srv.Post(t, user.AccessToken, many(41, daily), nil).Must(t, nil)
	if res := srv.Post(t, user.AccessToken, many(42, daily), nil); len(res.Errors) != 1 || res.Errors[0].Code() != "COMPLEXITY_LIMIT_EXCEEDED" {
		t.Errorf("42 of the largest series: %d errors %.200v, want COMPLEXITY_LIMIT_EXCEEDED", len(res.Errors), res.Errors)
	}
	monthly := `m%d: consumptionAggregate(filter: {from: "2024-01-01", to: "2024-01-31"}) { type total recordCount }`
	srv.Post(t, user.AccessToken, many(12, monthly), nil).Must(t, nil)

	login := `l%d: login(input: {email: "nobody@example.com", password: "not the password"}) { accessToken }`
	// A password hash costs 400: twenty-five logins fit, twenty-six do not.
	if res := srv.Post(t, "", "mutation "+many(26, login), nil); len(res.Errors) != 1 || res.Errors[0].Code() != "COMPLEXITY_LIMIT_EXCEEDED" {
		t.Errorf("26 aliased logins: %d errors %.200v, want COMPLEXITY_LIMIT_EXCEEDED before any is tried", len(res.Errors), res.Errors)
	}
}
