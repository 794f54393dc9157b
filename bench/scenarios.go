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
	"consumption/engine"
	"consumption/store"
)

// scenario is one kind of request: its GraphQL body for the server, the
// same SQL for PostgreSQL directly, and for aggregates the floor and the
// peer's request. Request i is made by user i modulo the number of users, so
// the load spreads over all of them.
type scenario struct {
	name string
	body func(i uint64) (token string, body []byte)
	// direct runs the statements the store makes for the request, as the
	// store runs them.
	direct func(ctx context.Context, i uint64) error
	// plain runs the plain grouping over the same rows (see floor.go); nil
	// where the scenario is no aggregate.
	plain func(ctx context.Context, i uint64) error
	// peer is the equivalent request to PostGraphile; nil where there is
	// none.
	peer func(i uint64) (token string, body []byte)
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
	seriesQuery = `query Series($from: Date!, $to: Date!, $granularity: Granularity!) {
		consumptionSeries(filter: {from: $from, to: $to}, granularity: $granularity) {
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
	// meQuery is the server's floor: a signed-in request that reads one
	// row, the least a request that reads the database costs the server.
	meQuery     = `query Me { me { email } }`
	createQuery = `mutation Create($in: CreateConsumptionRecordInput!) {
		createConsumptionRecord(input: $in) { id type amount unit periodStart periodEnd }
	}`

	// The peer's equivalents, in PostGraphile with pg-aggregates: the sum
	// of the records inside the range per type, and per type and month.
	// pg-aggregates has no count of a group's rows (only distinct counts),
	// so the peer's totals leave out the record count that ours return.
	peerTotalsQuery = `query Totals($from: Date!, $to: Date!) {
		allConsumptionRecords(filter: {periodStart: {greaterThanOrEqualTo: $from}, periodEnd: {lessThanOrEqualTo: $to}}) {
			groupedAggregates(groupBy: [TYPE]) { keys sum { amount } }
		}
	}`
	peerSeriesQuery = `query Series($from: Date!, $to: Date!) {
		allConsumptionRecords(filter: {periodStart: {greaterThanOrEqualTo: $from}, periodEnd: {lessThanOrEqualTo: $to}}) {
			groupedAggregates(groupBy: [TYPE, PERIOD_START_TRUNCATED_TO_MONTH]) { keys sum { amount } }
		}
	}`
)

// accessTokens returns an access token of srv for each user, each of a
// session of its own that is never signed out.
func accessTokens(srv *server, users []uuid.UUID) ([]string, error) {
	tokens := auth.NewTokens(srv.secret, auth.Issuer, auth.Audience, 4*time.Hour, time.Now)
	bearer := make([]string, len(users))
	for i, u := range users {
		t, _, err := tokens.Issue(u, uuid.New())
		if err != nil {
			return nil, err
		}
		bearer[i] = t
	}
	return bearer, nil
}

func newScenarios(srv *server, st *store.Store, plain *floor, users []uuid.UUID) ([]scenario, error) {
	bearer, err := accessTokens(srv, users)
	if err != nil {
		return nil, err
	}
	user := func(i uint64) int { return int(i % uint64(len(users))) }
	request := func(query string, vars map[string]any) func(i uint64) (string, []byte) {
		body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
		return func(i uint64) (string, []byte) { return bearer[user(i)], body }
	}
	rangeVars := func(from, to domain.Date) map[string]any {
		return map[string]any{"from": from.String(), "to": to.String()}
	}
	seriesVars := func(from, to domain.Date, g domain.Granularity) map[string]any {
		vars := rangeVars(from, to)
		vars["granularity"] = string(g)
		return vars
	}
	aggregate := func(from, to domain.Date, g domain.Granularity, compare bool) func(context.Context, uint64) error {
		return func(ctx context.Context, i uint64) error {
			u := st.ForUser(users[user(i)])
			qs := make([]engine.Query, len(domain.Types))
			for k, t := range domain.Types {
				qs[k] = engine.Query{Type: t, Unit: t.DefaultUnit(), From: from, To: to, Granularity: g, Compare: compare}
			}
			plan, err := engine.NewPlan(qs)
			if err != nil {
				return err
			}
			_, err = u.Aggregates.CountRows(ctx, plan.Read())
			return err
		}
	}
	// The floor's arguments: the user, then the ranges' first and last days.
	grouping := func(query string, ranges ...domain.Date) func(context.Context, uint64) error {
		return plain.query(query, func(i uint64) []any {
			args := []any{users[user(i)]}
			for _, d := range ranges {
				args = append(args, d.String())
			}
			return args
		})
	}
	ppFrom, ppTo := domain.PreviousPeriod(monthFrom, monthTo)
	pyFrom, pyTo := domain.YearEarlier(monthFrom), domain.YearEarlier(monthTo)

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
		_, err := data.Run(ctx, data.Records.CreateStatements([]domain.RecordInput{{
			Type: domain.Electricity, Unit: domain.KilowattHour, Amount: mustDecimal("1.5"), PeriodStart: day, PeriodEnd: day,
		}})...)
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

	meDirect := func(ctx context.Context, i uint64) error {
		_, err := st.ForUser(users[user(i)]).Account.Get(ctx)
		return err
	}

	scenarios := []scenario{
		{
			name:   "totals/year",
			body:   request(totalsQuery, rangeVars(yearFrom, yearTo)),
			direct: aggregate(yearFrom, yearTo, "", false),
			plain:  grouping(plainTotalsSQL, yearFrom, yearTo),
			peer:   request(peerTotalsQuery, rangeVars(yearFrom, yearTo)),
		},
		{
			name:   "series/monthly/year",
			body:   request(seriesQuery, seriesVars(yearFrom, yearTo, domain.Monthly)),
			direct: aggregate(yearFrom, yearTo, domain.Monthly, false),
			plain:  grouping(plainMonthlySQL, yearFrom, yearTo),
			peer:   request(peerSeriesQuery, rangeVars(yearFrom, yearTo)),
		},
		{
			name:   "series/daily/year",
			body:   request(seriesQuery, seriesVars(yearFrom, yearTo, domain.Daily)),
			direct: aggregate(yearFrom, yearTo, domain.Daily, false),
			plain:  grouping(plainDailySQL, yearFrom, yearTo),
		},
		{
			name:   "summary/month",
			body:   request(summaryQuery, rangeVars(monthFrom, monthTo)),
			direct: aggregate(monthFrom, monthTo, "", true),
			plain:  grouping(plainSummarySQL, monthFrom, monthTo, ppFrom, ppTo, pyFrom, pyTo),
		},
		{name: "records/page", body: request(pageQuery, nil), direct: pageDirect},
		{name: "records/create", body: createBody, direct: createDirect},
		{name: "floor/me", body: request(meQuery, nil), direct: meDirect},
	}
	// The mix: three summaries, two series, two totals, two pages and one
	// creation in every ten requests, as a dashboard's visitors would. Its
	// floor sends the plain grouping for the aggregates and the store's
	// statements for the rest, which have no simpler equivalent.
	mixOf := []int{3, 3, 3, 1, 1, 0, 0, 4, 4, 5}
	scenarios = append(scenarios, scenario{
		name: "mix",
		body: func(i uint64) (string, []byte) { return scenarios[mixOf[i%10]].body(i / 10) },
		direct: func(ctx context.Context, i uint64) error {
			return scenarios[mixOf[i%10]].direct(ctx, i/10)
		},
		plain: func(ctx context.Context, i uint64) error {
			sc := scenarios[mixOf[i%10]]
			if sc.plain == nil {
				return sc.direct(ctx, i/10)
			}
			return sc.plain(ctx, i/10)
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
