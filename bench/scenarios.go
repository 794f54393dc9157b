package main

import (
	"context"
	"encoding/json"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"consumption/auth"
	"consumption/domain"
	"consumption/store"
)

// scenario is one kind of request: its GraphQL body for the server, and the
// same SQL for PostgreSQL directly. Request i is made by user i modulo the
// number of users, so the load spreads over all of them.
type scenario struct {
	name   string
	body   func(i uint64) (token string, body []byte)
	direct func(ctx context.Context, i uint64) error
}

// The ranges the read scenarios ask for: the last year of the seeded data,
// and its last month.
var (
	yearFrom, yearTo   = domain.MustParseDate("2025-11-01"), domain.MustParseDate(lastDay)
	monthFrom, monthTo = domain.MustParseDate("2026-10-01"), domain.MustParseDate(lastDay)
)

const (
	totalsQuery = `query Totals($from: Date!, $to: Date!) {
		consumptionAggregate(filter: {from: $from, to: $to}) { type unit total recordCount }
	}`
	seriesQuery = `query Series($from: Date!, $to: Date!) {
		consumptionSeries(filter: {from: $from, to: $to}, granularity: MONTH) {
			type unit total points { periodStart periodEnd amount coverage }
		}
	}`
	summaryQuery = `query Summary($from: Date!, $to: Date!) {
		consumptionSummary(filter: {from: $from, to: $to}) {
			from to byType {
				type unit total recordCount dailyAverage monthlyAverage coverage
				previousPeriodTotal previousYearTotal changeFromPreviousPeriod changeFromPreviousYear
			}
		}
	}`
	pageQuery = `query Records {
		consumptionRecords(first: 50) {
			totalCount
			edges { cursor node { id type amount unit periodStart periodEnd notes createdAt } }
			pageInfo { hasNextPage endCursor }
		}
	}`
	createQuery = `mutation Create($in: CreateConsumptionRecordInput!) {
		createConsumptionRecord(input: $in) { id type amount unit periodStart periodEnd }
	}`
)

func newScenarios(srv *server, st *store.Store, users []uuid.UUID) ([]scenario, error) {
	tokens := auth.NewTokens(srv.secret, auth.Issuer, auth.Audience, 4*time.Hour, time.Now)
	bearer := make([]string, len(users))
	for i, u := range users {
		t, _, err := tokens.Issue(u)
		if err != nil {
			return nil, err
		}
		bearer[i] = t
	}
	user := func(i uint64) int { return int(i % uint64(len(users))) }
	request := func(query string, vars map[string]any) func(i uint64) (string, []byte) {
		body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
		return func(i uint64) (string, []byte) { return bearer[user(i)], body }
	}
	rangeVars := func(from, to domain.Date) map[string]any {
		return map[string]any{"from": from.String(), "to": to.String()}
	}
	aggregate := func(from, to domain.Date, g domain.Granularity, compare bool) func(context.Context, uint64) error {
		return func(ctx context.Context, i uint64) error {
			u := st.ForUser(users[user(i)])
			qs := make([]store.AggregateQuery, len(domain.Types))
			for k, t := range domain.Types {
				qs[k] = store.AggregateQuery{Type: t, Unit: t.DefaultUnit(), From: from, To: to, Granularity: g, Compare: compare}
			}
			stmt, err := u.Aggregates.Statement(qs)
			if err != nil {
				return err
			}
			_, err = u.Run(ctx, stmt)
			return err
		}
	}

	// Creations go to days long before any seeded record: creation c is
	// made by user c modulo the number of users, on day c divided by it, so
	// no two meet. The server's start in 2000 and the direct loop's in 1980.
	// (main deletes what an earlier run created.)
	creation := func(base domain.Date, c uint64) (int, domain.Date) {
		return user(c), base.AddDays(int(c / uint64(len(users))))
	}
	var created, createdDirect atomic.Uint64
	createBody := func(uint64) (string, []byte) {
		u, day := creation(domain.NewDate(2000, 1, 1), created.Add(1))
		body, _ := json.Marshal(map[string]any{"query": createQuery, "variables": map[string]any{"in": map[string]any{
			"type": "ELECTRICITY", "amount": "1.5", "unit": "KWH", "periodStart": day.String(), "periodEnd": day.String(),
		}}})
		return bearer[u], body
	}
	createDirect := func(ctx context.Context, _ uint64) error {
		u, day := creation(domain.NewDate(1980, 1, 1), createdDirect.Add(1))
		data := st.ForUser(users[u])
		_, err := data.Run(ctx, data.Records.CreateStatement([]domain.RecordInput{{
			Type: domain.Electricity, Unit: domain.KilowattHour, Amount: mustDecimal("1.5"), PeriodStart: day, PeriodEnd: day,
		}}))
		return err
	}
	pageDirect := func(ctx context.Context, i uint64) error {
		u := st.ForUser(users[user(i)])
		list, err := u.Records.ListStatement(store.ListOptions{Order: store.DefaultOrder, First: 50})
		if err != nil {
			return err
		}
		_, err = u.Run(ctx, list, u.Records.CountStatement(store.Filter{}))
		return err
	}

	scenarios := []scenario{
		{"totals/year", request(totalsQuery, rangeVars(yearFrom, yearTo)), aggregate(yearFrom, yearTo, "", false)},
		{"series/monthly/year", request(seriesQuery, rangeVars(yearFrom, yearTo)), aggregate(yearFrom, yearTo, domain.Monthly, false)},
		{"summary/month", request(summaryQuery, rangeVars(monthFrom, monthTo)), aggregate(monthFrom, monthTo, "", true)},
		{"records/page", request(pageQuery, nil), pageDirect},
		{"records/create", createBody, createDirect},
	}
	// The mix: three summaries, two series, two totals, two pages and one
	// creation in every ten requests, as a dashboard's visitors would.
	mixOf := []int{2, 2, 2, 1, 1, 0, 0, 3, 3, 4}
	scenarios = append(scenarios, scenario{
		name: "mix",
		body: func(i uint64) (string, []byte) { return scenarios[mixOf[i%10]].body(i / 10) },
		direct: func(ctx context.Context, i uint64) error {
			return scenarios[mixOf[i%10]].direct(ctx, i/10)
		},
	})
	return scenarios, nil
}

func mustDecimal(s string) decimal.Decimal {
	d, err := domain.ParseDecimal(s)
	if err != nil {
		panic(fmt.Sprintf("bench: %v", err))
	}
	return d
}
