package graph_test

import (
	"cmp"
	"slices"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"consumption/graphtest"
)

const (
	loadSample   = `mutation { loadSampleData }`
	removeSample = `mutation { removeSampleData }`
)

// sampleRecord is a record as the sample tests read it.
type sampleRecord struct {
	ID, Type, Amount, Unit, PeriodStart, PeriodEnd, Source string
	Cost                                                   *string
}

// allRecords lists every record of the user, newest period first.
func allRecords(t *testing.T, srv *graphtest.Server, token string) []sampleRecord {
	t.Helper()
	var data struct {
		ConsumptionRecords struct {
			TotalCount int
			Edges      []struct{ Node sampleRecord }
		}
	}
	srv.Post(t, token, `{ consumptionRecords(first: 500) { totalCount edges { node {
		id type amount unit periodStart periodEnd source cost } } } }`, nil).Must(t, &data)
	if n := len(data.ConsumptionRecords.Edges); n != data.ConsumptionRecords.TotalCount {
		t.Fatalf("listed %d of %d records", n, data.ConsumptionRecords.TotalCount)
	}
	out := make([]sampleRecord, len(data.ConsumptionRecords.Edges))
	for i, e := range data.ConsumptionRecords.Edges {
		out[i] = e.Node
	}
	return out
}

func hasSampleData(t *testing.T, srv *graphtest.Server, token string) bool {
	t.Helper()
	var data struct{ Me struct{ HasSampleData bool } }
	srv.Post(t, token, `{ me { hasSampleData } }`, nil).Must(t, &data)
	return data.Me.HasSampleData
}

// TestSampleData loads the sample household into an empty account on 14
// March 2025 and reads it back through every page's query, then removes it
// beside the user's own data and another user's.
func TestSampleData(t *testing.T) {
	now := time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC)
	srv := graphtest.NewServer(t, graphtest.Options{Now: func() time.Time { return now }})
	user := srv.Register(t)
	tok := user.AccessToken
	other := srv.Register(t)
	otherRecord := create(t, srv, other.AccessToken, graphtest.Record(map[string]any{"periodStart": "2024-02-01", "periodEnd": "2024-02-29"})).ID

	if hasSampleData(t, srv, tok) {
		t.Fatal("a new account has sample data")
	}
	var loaded struct{ LoadSampleData bool }
	srv.Post(t, tok, loadSample, nil).Must(t, &loaded)
	if !loaded.LoadSampleData {
		t.Fatal("loadSampleData answered false")
	}
	records := allRecords(t, srv, tok)

	t.Run("the records are three years of bills and meter periods, ending today", func(t *testing.T) {
		type span struct {
			count       int
			first, last string
		}
		got := map[string]span{}
		for _, r := range records {
			key := r.Type + " " + r.Source
			s := got[key]
			s.count++
			if s.first == "" || r.PeriodStart < s.first {
				s.first = r.PeriodStart
			}
			if r.PeriodEnd > s.last {
				s.last = r.PeriodEnd
			}
			got[key] = s
		}
		// March 2022 to March 2025: 37 months, and 13 quarters or parts
		// of one (March 2022 alone, then whole ones, then 2025 so far).
		want := map[string]span{
			"ELECTRICITY SAMPLE": {37, "2022-03-01", "2025-03-14"},
			"GAS METER":          {37, "2022-03-01", "2025-03-14"},
			"WATER SAMPLE":       {13, "2022-03-01", "2025-03-14"},
		}
		if diff := gocmp.Diff(want, got, gocmp.AllowUnexported(span{})); diff != "" {
			t.Errorf("records by type and source (-want +got):\n%s", diff)
		}
		for _, r := range records {
			if (r.Type == "ELECTRICITY") != (r.Cost != nil) {
				t.Errorf("%s record of %s has cost %v: electricity bills state theirs, the others have none", r.Type, r.PeriodStart, r.Cost)
			}
		}
	})

	t.Run("the account says it has sample data", func(t *testing.T) {
		if !hasSampleData(t, srv, tok) {
			t.Error("hasSampleData is false after loading")
		}
	})

	t.Run("every type has consumption and a cost for every day of the last year", func(t *testing.T) {
		var data struct {
			ConsumptionSummary struct {
				ByType []struct {
					Type, Total  string
					Coverage     float64
					Cost         *string
					CostCoverage float64
				}
			}
		}
		srv.Post(t, tok, `{ consumptionSummary(filter: {from: "2024-03-15", to: "2025-03-14"}) {
			byType { type total coverage cost costCoverage } } }`, nil).Must(t, &data)
		if n := len(data.ConsumptionSummary.ByType); n != 3 {
			t.Fatalf("%d types in the summary, want 3", n)
		}
		for _, s := range data.ConsumptionSummary.ByType {
			if total := decimal.RequireFromString(s.Total); !total.IsPositive() || s.Coverage != 1 {
				t.Errorf("%s: total %s, coverage %v; want more than 0, covered", s.Type, s.Total, s.Coverage)
			}
			if s.Cost == nil || !decimal.RequireFromString(*s.Cost).IsPositive() || s.CostCoverage != 1 {
				t.Errorf("%s: cost %v, cost coverage %v; want more than 0, every day", s.Type, s.Cost, s.CostCoverage)
			}
		}
	})

	t.Run("gas is used more in winter than in summer", func(t *testing.T) {
		gas := map[string]decimal.Decimal{}
		for _, r := range records {
			if r.Type == "GAS" {
				gas[r.PeriodStart] = decimal.RequireFromString(r.Amount)
			}
		}
		for _, year := range []string{"2023", "2024"} {
			jan, jul := gas[year+"-01-01"], gas[year+"-07-01"]
			if !jan.GreaterThan(jul.Mul(decimal.NewFromInt(3))) {
				t.Errorf("gas in %s: January %s, July %s; want January far above", year, jan, jul)
			}
		}
	})

	t.Run("the meters, tariffs, budgets and forecast pages have data", func(t *testing.T) {
		var data struct {
			Meters []struct {
				Type, Name    string
				LatestReading struct{ ReadOn string }
				Readings      struct{ TotalCount int }
			}
			Tariffs []struct{ Type string }
			Budgets []struct {
				Type, Measure string
			}
			ConsumptionForecast []struct {
				Type                  string
				ExpectedTotal         string
				ExpectedShareOfBudget *float64
			}
		}
		srv.Post(t, tok, `{
			meters { type name latestReading { readOn } readings { totalCount } }
			tariffs { type }
			budgets { type measure }
			consumptionForecast { type expectedTotal expectedShareOfBudget }
		}`, nil).Must(t, &data)
		if len(data.Meters) != 1 || data.Meters[0].Type != "GAS" || data.Meters[0].LatestReading.ReadOn != "2025-03-14" ||
			data.Meters[0].Readings.TotalCount != 38 {
			t.Errorf("meters = %+v, want one gas meter read 38 times, last today", data.Meters)
		}
		types := map[string]int{}
		for _, tr := range data.Tariffs {
			types[tr.Type]++
		}
		if types["ELECTRICITY"] == 0 || types["GAS"] == 0 || types["WATER"] == 0 {
			t.Errorf("tariffs by type = %v, want some of each", types)
		}
		if len(data.Budgets) != 1 {
			t.Errorf("budgets = %+v, want one", data.Budgets)
		}
		if len(data.ConsumptionForecast) != 3 {
			t.Fatalf("forecasts = %+v, want one per type", data.ConsumptionForecast)
		}
		for _, f := range data.ConsumptionForecast {
			if !decimal.RequireFromString(f.ExpectedTotal).IsPositive() {
				t.Errorf("%s forecast expects %s", f.Type, f.ExpectedTotal)
			}
			if (f.Type == "ELECTRICITY") != (f.ExpectedShareOfBudget != nil) {
				t.Errorf("%s forecast's share of budget: %v; only electricity has a budget", f.Type, f.ExpectedShareOfBudget)
			}
		}
	})

	t.Run("loading again is refused and writes nothing", func(t *testing.T) {
		if e := srv.Post(t, tok, loadSample, nil).OnlyError(t); e.Code() != "CONFLICT" {
			t.Errorf("code %q, want CONFLICT", e.Code())
		}
		if n := len(allRecords(t, srv, tok)); n != len(records) {
			t.Errorf("%d records after a refused load, want %d", n, len(records))
		}
	})

	t.Run("removing takes the sample away and leaves the user's own data", func(t *testing.T) {
		// The user's own: a record before the sample's years, a budget,
		// and the sample's budget set again, which makes it the user's.
		own := create(t, srv, tok, graphtest.Record(map[string]any{"periodStart": "2015-01-01", "periodEnd": "2015-01-31"})).ID
		putBudget(t, srv, tok, map[string]any{"type": "GAS", "granularity": "YEAR", "measure": "COST", "limit": "900"})
		putBudget(t, srv, tok, map[string]any{"type": "ELECTRICITY", "granularity": "MONTH", "measure": "AMOUNT", "limit": "280", "unit": "KWH"})

		var removed struct{ RemoveSampleData int }
		srv.Post(t, tok, removeSample, nil).Must(t, &removed)
		if removed.RemoveSampleData != len(records) {
			t.Errorf("removeSampleData = %d, want %d", removed.RemoveSampleData, len(records))
		}
		left := allRecords(t, srv, tok)
		if len(left) != 1 || left[0].ID != own {
			t.Errorf("records left = %+v, want only the user's own %s", left, own)
		}
		var data struct {
			Meters  []struct{ ID string }
			Tariffs []struct{ ID string }
			Budgets []struct{ Type, Limit string }
		}
		srv.Post(t, tok, `{ meters { id } tariffs { id } budgets { type limit } }`, nil).Must(t, &data)
		if len(data.Meters) != 0 || len(data.Tariffs) != 0 {
			t.Errorf("meters %v and tariffs %v left, want none", data.Meters, data.Tariffs)
		}
		wantBudgets := []struct{ Type, Limit string }{{"ELECTRICITY", "280"}, {"GAS", "900"}}
		if diff := gocmp.Diff(wantBudgets, data.Budgets); diff != "" {
			t.Errorf("budgets left (-want +got):\n%s", diff)
		}
		if hasSampleData(t, srv, tok) {
			t.Error("hasSampleData is true after removing")
		}
		srv.Post(t, tok, removeSample, nil).Must(t, &removed)
		if removed.RemoveSampleData != 0 {
			t.Errorf("removing again removed %d records", removed.RemoveSampleData)
		}
	})

	t.Run("an account with data of its own is refused", func(t *testing.T) {
		if e := srv.Post(t, tok, loadSample, nil).OnlyError(t); e.Code() != "CONFLICT" {
			t.Errorf("code %q, want CONFLICT", e.Code())
		}
		if n := len(allRecords(t, srv, tok)); n != 1 {
			t.Errorf("%d records after a refused load, want 1", n)
		}
	})

	t.Run("another user is unaffected", func(t *testing.T) {
		left := allRecords(t, srv, other.AccessToken)
		if len(left) != 1 || left[0].ID != otherRecord {
			t.Errorf("the other user's records = %+v, want only %s", left, otherRecord)
		}
		if hasSampleData(t, srv, other.AccessToken) {
			t.Error("the other user has sample data")
		}
	})
}

// TestSampleDataIsTheSameForEveryone loads the sample into two accounts:
// the same household, figure for figure.
func TestSampleDataIsTheSameForEveryone(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	var lists [2][]sampleRecord
	for i := range lists {
		user := srv.Register(t)
		srv.Post(t, user.AccessToken, loadSample, nil).Must(t, nil)
		lists[i] = allRecords(t, srv, user.AccessToken)
		for j := range lists[i] {
			lists[i][j].ID = ""
		}
		// Records of one period and different types come in any order.
		slices.SortFunc(lists[i], func(a, b sampleRecord) int {
			return cmp.Compare(a.Type+a.PeriodStart, b.Type+b.PeriodStart)
		})
	}
	if diff := gocmp.Diff(lists[0], lists[1]); diff != "" {
		t.Errorf("two loads differ (-first +second):\n%s", diff)
	}
}

// TestSampleDataEndsTodayInTheUsersTimeZone loads at 23:30 UTC on 31 March:
// still March in UTC, already 1 April in Auckland.
func TestSampleDataEndsTodayInTheUsersTimeZone(t *testing.T) {
	now := time.Date(2025, 3, 31, 23, 30, 0, 0, time.UTC)
	srv := graphtest.NewServer(t, graphtest.Options{Now: func() time.Time { return now }})
	user := srv.Register(t)
	srv.Post(t, user.AccessToken, `mutation { updateSettings(input: {timeZone: "Pacific/Auckland"}) { timeZone } }`, nil).Must(t, nil)
	srv.Post(t, user.AccessToken, loadSample, nil).Must(t, nil)
	latest := map[string]string{}
	for _, r := range allRecords(t, srv, user.AccessToken) {
		latest[r.Type] = max(latest[r.Type], r.PeriodEnd)
	}
	want := map[string]string{"ELECTRICITY": "2025-04-01", "GAS": "2025-04-01", "WATER": "2025-04-01"}
	if diff := gocmp.Diff(want, latest); diff != "" {
		t.Errorf("last days (-want +got):\n%s", diff)
	}
}

// TestSampleDataScopes: loading and removing are writes, which a READ token
// may not make and a READ_WRITE token may.
func TestSampleDataScopes(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	read := srv.CreateAPIToken(t, user.AccessToken, "READ", nil).Token
	for _, m := range []string{loadSample, removeSample} {
		if e := srv.Post(t, read, m, nil).OnlyError(t); e.Code() != "FORBIDDEN" {
			t.Errorf("%s with a READ token: code %q, want FORBIDDEN", m, e.Code())
		}
	}
	if hasSampleData(t, srv, user.AccessToken) {
		t.Error("a READ token loaded sample data")
	}
	write := srv.CreateAPIToken(t, user.AccessToken, "READ_WRITE", nil).Token
	srv.Post(t, write, loadSample, nil).Must(t, nil)
	var removed struct{ RemoveSampleData int }
	srv.Post(t, write, removeSample, nil).Must(t, &removed)
	if removed.RemoveSampleData == 0 {
		t.Error("a READ_WRITE token removed no records")
	}
}
