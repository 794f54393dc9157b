package graph_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"consumption/graphtest"
	"consumption/store/storetest"
)

// rec is a record input written short: type, amount, unit, start, end.
type rec [5]string

// seed creates the records for the user in one bulk call.
func seed(t *testing.T, srv *graphtest.Server, token string, recs ...rec) {
	t.Helper()
	ins := make([]map[string]any, len(recs))
	for i, r := range recs {
		ins[i] = map[string]any{"type": r[0], "amount": r[1], "unit": r[2], "periodStart": r[3], "periodEnd": r[4]}
	}
	srv.Post(t, token, `mutation($in: [CreateConsumptionRecordInput!]!) { createConsumptionRecords(input: $in) { id } }`,
		map[string]any{"in": ins}).Must(t, nil)
}

type point struct {
	PeriodStart, PeriodEnd, Amount string
	Coverage                       float64
}

type series struct {
	Type, Unit, Total string
	Points            []point
}

const seriesQuery = `query($f: AggregateFilter, $g: Granularity!, $u: UnitsInput) {
	consumptionSeries(filter: $f, granularity: $g, units: $u) {
		type unit total points { periodStart periodEnd amount coverage }
	}
}`

func getSeries(t *testing.T, srv *graphtest.Server, token string, vars map[string]any) []series {
	t.Helper()
	var data struct{ ConsumptionSeries []series }
	srv.Post(t, token, seriesQuery, vars).Must(t, &data)
	return data.ConsumptionSeries
}

func filter(types []string, from, to string) map[string]any {
	return map[string]any{"types": types, "from": from, "to": to}
}

func TestSeriesProRata(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	seed(t, srv, user.AccessToken,
		// A bill across a month boundary: 31 days, 17 in January and 14 in February.
		rec{"ELECTRICITY", "310", "KWH", "2024-01-15", "2024-02-14"},
		// A record longer than a bucket: 91 days at 1 m³ a day.
		rec{"WATER", "91", "CUBIC_METER", "2023-12-01", "2024-02-29"},
		// Gas from 2023-12-30 to 2024-01-02 across a year end, 4 days.
		rec{"GAS", "4", "CUBIC_METER", "2023-12-30", "2024-01-02"},
	)
	elec := []string{"ELECTRICITY"}

	tests := []struct {
		name string
		vars map[string]any
		want []series
	}{
		{"a bill across a month boundary is split 17/31 and 14/31",
			map[string]any{"f": filter(elec, "2024-01-01", "2024-02-29"), "g": "MONTH"},
			[]series{{"ELECTRICITY", "KWH", "310", []point{
				{"2024-01-01", "2024-01-31", "170", 17.0 / 31},
				{"2024-02-01", "2024-02-29", "140", 14.0 / 29},
			}}}},
		{"a record longer than a bucket and partly outside the range counts only inside it",
			map[string]any{"f": filter([]string{"WATER"}, "2024-01-10", "2024-03-15"), "g": "MONTH"},
			[]series{{"WATER", "CUBIC_METER", "51", []point{
				{"2024-01-01", "2024-01-31", "22", 1}, // 22 days inside the range, all covered
				{"2024-02-01", "2024-02-29", "29", 1},
				{"2024-03-01", "2024-03-31", "0", 0}, // no data: coverage tells it from zero use
			}}}},
		{"days of a leap February",
			map[string]any{"f": filter([]string{"WATER"}, "2024-02-27", "2024-03-01"), "g": "DAY"},
			[]series{{"WATER", "CUBIC_METER", "3", []point{
				{"2024-02-27", "2024-02-27", "1", 1},
				{"2024-02-28", "2024-02-28", "1", 1},
				{"2024-02-29", "2024-02-29", "1", 1},
				{"2024-03-01", "2024-03-01", "0", 0},
			}}}},
		{"ISO weeks across a year end keep their whole bounds",
			map[string]any{"f": filter([]string{"GAS"}, "2023-12-31", "2024-01-08"), "g": "WEEK"},
			[]series{{"GAS", "CUBIC_METER", "3", []point{
				{"2023-12-25", "2023-12-31", "1", 1},       // only the 31st is in the range
				{"2024-01-01", "2024-01-07", "2", 2.0 / 7}, // the 1st and 2nd of 7 days
				{"2024-01-08", "2024-01-14", "0", 0},
			}}}},
		{"quarters",
			map[string]any{"f": filter(elec, "2024-01-01", "2024-06-30"), "g": "QUARTER"},
			[]series{{"ELECTRICITY", "KWH", "310", []point{
				{"2024-01-01", "2024-03-31", "310", 31.0 / 91},
				{"2024-04-01", "2024-06-30", "0", 0},
			}}}},
		{"years",
			map[string]any{"f": filter([]string{"GAS"}, "2023-01-01", "2024-12-31"), "g": "YEAR"},
			[]series{{"GAS", "CUBIC_METER", "4", []point{
				{"2023-01-01", "2023-12-31", "2", 2.0 / 365},
				{"2024-01-01", "2024-12-31", "2", 2.0 / 366},
			}}}},
		{"a range with no data: every bucket 0 with coverage 0",
			map[string]any{"f": filter(elec, "2022-01-01", "2022-03-31"), "g": "MONTH"},
			[]series{{"ELECTRICITY", "KWH", "0", []point{
				{"2022-01-01", "2022-01-31", "0", 0},
				{"2022-02-01", "2022-02-28", "0", 0},
				{"2022-03-01", "2022-03-31", "0", 0},
			}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := getSeries(t, srv, user.AccessToken, tt.vars)
			if diff := cmp.Diff(tt.want, got, approxCoverage); diff != "" {
				t.Errorf("series (-want +got):\n%s", diff)
			}
		})
	}
}

// approxCoverage compares coverage ratios, which are floats, to 1e-9.
var approxCoverage = cmp.Comparer(func(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 })

func TestSeriesUnits(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	srv.Post(t, user.AccessToken, `mutation { updateSettings(input: {gasKwhPerCubicMeter: "10.5"}) { id } }`, nil).Must(t, nil)
	seed(t, srv, user.AccessToken,
		rec{"ELECTRICITY", "1000", "WH", "2024-01-01", "2024-01-31"},
		rec{"ELECTRICITY", "2", "KWH", "2024-02-01", "2024-02-29"},
		rec{"ELECTRICITY", "0.003", "MWH", "2024-03-01", "2024-03-31"},
		rec{"WATER", "500", "LITER", "2024-01-01", "2024-01-31"},
		rec{"WATER", "1.5", "CUBIC_METER", "2024-02-01", "2024-02-29"},
		rec{"GAS", "10", "CUBIC_METER", "2024-01-01", "2024-01-31"},
		rec{"GAS", "21", "KWH", "2024-02-01", "2024-02-29"},
	)
	totals := func(units map[string]any) map[string]string {
		got := getSeries(t, srv, user.AccessToken, map[string]any{
			"f": filter(nil, "2024-01-01", "2024-03-31"), "g": "MONTH", "u": units,
		})
		out := map[string]string{}
		for _, s := range got {
			amounts := make([]string, len(s.Points))
			for i, p := range s.Points {
				amounts[i] = p.Amount
			}
			out[s.Type] = s.Total + " " + s.Unit + " = " + strings.Join(amounts, " + ")
		}
		return out
	}
	tests := []struct {
		name  string
		units map[string]any
		want  map[string]string
	}{
		{"the default units", nil, map[string]string{
			"ELECTRICITY": "6 KWH = 1 + 2 + 3",
			"WATER":       "2 CUBIC_METER = 0.5 + 1.5 + 0",
			"GAS":         "12 CUBIC_METER = 10 + 2 + 0", // 21 kWh at 10.5 kWh/m³ is 2 m³
		}},
		{"the smallest units", map[string]any{"electricity": "WH", "water": "LITER", "gas": "KWH"}, map[string]string{
			"ELECTRICITY": "6000 WH = 1000 + 2000 + 3000",
			"WATER":       "2000 LITER = 500 + 1500 + 0",
			"GAS":         "126 KWH = 105 + 21 + 0",
		}},
		{"megawatt-hours", map[string]any{"electricity": "MWH"}, map[string]string{
			"ELECTRICITY": "0.006 MWH = 0.001 + 0.002 + 0.003",
			"WATER":       "2 CUBIC_METER = 0.5 + 1.5 + 0",
			"GAS":         "12 CUBIC_METER = 10 + 2 + 0",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, totals(tt.units)); diff != "" {
				t.Errorf("totals (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("a unit of another type is refused on its field", func(t *testing.T) {
		e := srv.Post(t, user.AccessToken, seriesQuery, map[string]any{"g": "MONTH", "u": map[string]any{"water": "KWH"}}).OnlyError(t)
		if e.Code() != "BAD_USER_INPUT" || e.Field() != "water" {
			t.Errorf("got %s on %q, want BAD_USER_INPUT on water", e.Code(), e.Field())
		}
	})
}

func TestSeriesRounding(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	// 1 kWh over 3 days is a third a day, which six places cannot hold:
	// rounded one by one the days would add up to 0.999999. The micro-unit
	// missing goes to the day that lost most by rounding (the first, on a tie),
	// so the days add up exactly to the total.
	seed(t, srv, user.AccessToken, rec{"ELECTRICITY", "1", "KWH", "2024-05-01", "2024-05-03"},
		// 0.000002 over 3 days: 0.000000666… a day, each rounded up.
		rec{"WATER", "0.000002", "CUBIC_METER", "2024-05-04", "2024-05-06"})
	tests := []struct {
		typ, from, to string
		wantTotal     string
		want          []string
	}{
		{"ELECTRICITY", "2024-05-01", "2024-05-03", "1", []string{"0.333334", "0.333333", "0.333333"}},
		{"WATER", "2024-05-04", "2024-05-06", "0.000002", []string{"0.000001", "0.000001", "0"}},
	}
	for _, tt := range tests {
		got := getSeries(t, srv, user.AccessToken, map[string]any{"f": filter([]string{tt.typ}, tt.from, tt.to), "g": "DAY"})
		var amounts []string
		for _, p := range got[0].Points {
			amounts = append(amounts, p.Amount)
		}
		if diff := cmp.Diff(tt.want, amounts); diff != "" || got[0].Total != tt.wantTotal {
			t.Errorf("%s: total %s (want %s), days (-want +got):\n%s", tt.typ, got[0].Total, tt.wantTotal, diff)
		}
	}
}

type typeSummary struct {
	Type, Unit, Total                      string
	RecordCount                            int
	DailyAverage, MonthlyAverage           string
	Coverage                               float64
	PreviousPeriodTotal, PreviousYearTotal string
	PreviousPeriodCoverage                 float64
	PreviousYearCoverage                   float64
	ChangeFromPreviousPeriod               *string
	ChangeFromPreviousYear                 *string
}

type summary struct {
	From, To string
	ByType   []typeSummary
}

const summaryQuery = `query($f: AggregateFilter, $u: UnitsInput) {
	consumptionSummary(filter: $f, units: $u) {
		from to byType {
			type unit total recordCount dailyAverage monthlyAverage coverage
			previousPeriodTotal previousYearTotal previousPeriodCoverage previousYearCoverage
			changeFromPreviousPeriod changeFromPreviousYear
		}
	}
}`

func getSummary(t *testing.T, srv *graphtest.Server, token string, vars map[string]any) summary {
	t.Helper()
	var data struct{ ConsumptionSummary summary }
	srv.Post(t, token, summaryQuery, vars).Must(t, &data)
	return data.ConsumptionSummary
}

func ptr(s string) *string { return &s }

func TestSummary(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	seed(t, srv, user.AccessToken,
		rec{"ELECTRICITY", "160", "KWH", "2023-03-01", "2023-03-31"}, // a year before
		rec{"ELECTRICITY", "31", "KWH", "2024-01-01", "2024-01-31"},  // 1 a day; 2 days in the previous period
		rec{"ELECTRICITY", "58", "KWH", "2024-02-01", "2024-02-29"},  // all in the previous period
		rec{"ELECTRICITY", "120", "KWH", "2024-03-01", "2024-03-31"}, // the range
		rec{"WATER", "3", "CUBIC_METER", "2024-03-10", "2024-03-12"}, // only in the range
	)
	got := getSummary(t, srv, user.AccessToken, map[string]any{"f": filter(nil, "2024-03-01", "2024-03-31")})
	want := summary{From: "2024-03-01", To: "2024-03-31", ByType: []typeSummary{
		{Type: "ELECTRICITY", Unit: "KWH", Total: "120", RecordCount: 1,
			DailyAverage: "3.870968", MonthlyAverage: "120", Coverage: 1, // 120/31 = 3.8709677…
			PreviousPeriodTotal: "60", PreviousYearTotal: "160", // 2024-01-30..2024-02-29 and March 2023
			PreviousPeriodCoverage: 1, PreviousYearCoverage: 1,
			ChangeFromPreviousPeriod: ptr("1"), ChangeFromPreviousYear: ptr("-0.25")},
		{Type: "WATER", Unit: "CUBIC_METER", Total: "3", RecordCount: 1,
			DailyAverage: "0.096774", MonthlyAverage: "3", Coverage: 3.0 / 31,
			PreviousPeriodTotal: "0", PreviousYearTotal: "0"}, // no earlier data: no change
		{Type: "GAS", Unit: "CUBIC_METER", Total: "0", RecordCount: 0,
			DailyAverage: "0", MonthlyAverage: "0", Coverage: 0,
			PreviousPeriodTotal: "0", PreviousYearTotal: "0"},
	}}
	if diff := cmp.Diff(want, got, approxCoverage); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}

	t.Run("a month without records has no change, not a fall of 100%", func(t *testing.T) {
		got := getSummary(t, srv, user.AccessToken, map[string]any{"f": filter([]string{"ELECTRICITY"}, "2024-04-01", "2024-04-30")})
		want := typeSummary{Type: "ELECTRICITY", Unit: "KWH", Total: "0", DailyAverage: "0", MonthlyAverage: "0",
			PreviousPeriodTotal: "116.129032", PreviousYearTotal: "0", // 30 days of March's 120/31 a day
			PreviousPeriodCoverage: 1}
		if diff := cmp.Diff(want, got.ByType[0], approxCoverage); diff != "" {
			t.Errorf("summary (-want +got):\n%s", diff)
		}
	})

	t.Run("a quarter against one a year earlier with a month of data says so", func(t *testing.T) {
		got := getSummary(t, srv, user.AccessToken, map[string]any{"f": filter([]string{"ELECTRICITY"}, "2024-01-01", "2024-03-31")})
		// 31 + 58 + 120 = 209 against March 2023's 160: 49/160, over 31 of 90 days.
		s := got.ByType[0]
		if s.Total != "209" || s.PreviousYearTotal != "160" || s.ChangeFromPreviousYear == nil ||
			*s.ChangeFromPreviousYear != "0.30625" || s.PreviousYearCoverage != 31.0/90 {
			t.Errorf("total %s, a year earlier %s over %v of the days, change %v; want 209, 160 over 31/90, 0.30625",
				s.Total, s.PreviousYearTotal, s.PreviousYearCoverage, s.ChangeFromPreviousYear)
		}
	})

	t.Run("the monthly average divides by the calendar months touched", func(t *testing.T) {
		got := getSummary(t, srv, user.AccessToken, map[string]any{"f": filter([]string{"ELECTRICITY"}, "2024-01-31", "2024-03-01")})
		// 1 (Jan 31) + 58 + 120/31 (Mar 1) = 62.870967…, over 3 months.
		if s := got.ByType[0]; s.Total != "62.870968" || s.MonthlyAverage != "20.956989" {
			t.Errorf("total %s, monthly average %s; want 62.870968 and 20.956989", s.Total, s.MonthlyAverage)
		}
	})
}

// TestSummaryDefaultRange asks at one instant for users on either side of the
// date line: the current month so far is in each user's own time zone.
func TestSummaryDefaultRange(t *testing.T) {
	instant := time.Date(2024, 7, 1, 5, 0, 0, 0, time.UTC) // 19:00 on 1 July in Kiritimati, 18:00 on 30 June in Pago Pago
	srv := graphtest.NewServer(t, graphtest.Options{Now: func() time.Time { return instant }})
	tests := []struct{ zone, from, to string }{
		{"Pacific/Kiritimati", "2024-07-01", "2024-07-01"},
		{"Pacific/Pago_Pago", "2024-06-01", "2024-06-30"},
		{"UTC", "2024-07-01", "2024-07-01"},
	}
	for _, tt := range tests {
		t.Run(tt.zone, func(t *testing.T) {
			user := srv.Register(t)
			srv.Post(t, user.AccessToken, `mutation($z: String!) { updateSettings(input: {timeZone: $z}) { id } }`,
				map[string]any{"z": tt.zone}).Must(t, nil)
			seed(t, srv, user.AccessToken, rec{"WATER", "30", "LITER", "2024-06-01", "2024-06-30"})
			got := getSummary(t, srv, user.AccessToken, nil)
			if got.From != tt.from || got.To != tt.to {
				t.Errorf("default range = %s..%s, want %s..%s", got.From, got.To, tt.from, tt.to)
			}
		})
	}
}

func TestAggregateGroups(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	seed(t, srv, user.AccessToken,
		rec{"ELECTRICITY", "310", "KWH", "2024-01-15", "2024-02-14"},
		rec{"GAS", "29", "CUBIC_METER", "2024-02-01", "2024-02-29"},
	)
	const query = `query($g: [AggregateGroup!]!) {
		consumptionAggregate(filter: {types: [ELECTRICITY, GAS], from: "2024-01-01", to: "2024-02-29"}, groupBy: $g, granularity: MONTH) {
			type periodStart periodEnd unit total recordCount dailyAverage coverage
		}
	}`
	type row struct {
		Type, PeriodStart, PeriodEnd, Unit, Total string
		RecordCount                               int
		DailyAverage                              string
		Coverage                                  float64
	}
	byType := []row{
		{"ELECTRICITY", "2024-01-01", "2024-02-29", "KWH", "310", 1, "5.166667", 31.0 / 60},
		{"GAS", "2024-01-01", "2024-02-29", "CUBIC_METER", "29", 1, "0.483333", 29.0 / 60},
	}
	byPeriod := []row{
		{"ELECTRICITY", "2024-01-01", "2024-01-31", "KWH", "170", 1, "5.483871", 17.0 / 31},
		{"ELECTRICITY", "2024-02-01", "2024-02-29", "KWH", "140", 1, "4.827586", 14.0 / 29},
		{"GAS", "2024-01-01", "2024-01-31", "CUBIC_METER", "0", 0, "0", 0},
		{"GAS", "2024-02-01", "2024-02-29", "CUBIC_METER", "29", 1, "1", 1},
	}
	tests := []struct {
		groupBy []string
		want    []row
	}{
		{[]string{}, byType},
		{[]string{"TYPE"}, byType},
		{[]string{"PERIOD"}, byPeriod},
		{[]string{"TYPE", "PERIOD"}, byPeriod},
		{[]string{"PERIOD", "TYPE"}, byPeriod},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("grouped by %v", tt.groupBy), func(t *testing.T) {
			var data struct{ ConsumptionAggregate []row }
			srv.Post(t, user.AccessToken, query, map[string]any{"g": tt.groupBy}).Must(t, &data)
			if diff := cmp.Diff(tt.want, data.ConsumptionAggregate, approxCoverage); diff != "" {
				t.Errorf("rows (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAggregateBounds(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	tests := []struct {
		name      string
		vars      map[string]any
		wantField string
	}{
		{"1001 daily buckets", map[string]any{"f": filter(nil, "2020-01-01", "2022-09-27"), "g": "DAY"}, "granularity"},
		{"more than 20 years", map[string]any{"f": filter(nil, "2000-01-01", "2020-01-01"), "g": "YEAR"}, "to"},
		{"a range that ends before it starts", map[string]any{"f": filter(nil, "2024-02-01", "2024-01-01"), "g": "MONTH"}, "to"},
		{"a range before 1970", map[string]any{"f": filter(nil, "1969-12-01", "1970-01-31"), "g": "MONTH"}, "from"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is refused", func(t *testing.T) {
			e := srv.Post(t, user.AccessToken, seriesQuery, tt.vars).OnlyError(t)
			if e.Code() != "BAD_USER_INPUT" || e.Field() != tt.wantField {
				t.Errorf("got %s on %q (%s), want BAD_USER_INPUT on %q", e.Code(), e.Field(), e.Message, tt.wantField)
			}
		})
	}
	t.Run("the limit is named in the message", func(t *testing.T) {
		e := srv.Post(t, user.AccessToken, seriesQuery, tests[0].vars).OnlyError(t)
		if !strings.Contains(e.Message, "1000") {
			t.Errorf("message %q does not name the limit of 1000 buckets", e.Message)
		}
	})
	t.Run("exactly 1000 daily buckets and 20 years are allowed", func(t *testing.T) {
		getSeries(t, srv, user.AccessToken, map[string]any{"f": filter(nil, "2020-01-01", "2022-09-26"), "g": "DAY"})
		getSeries(t, srv, user.AccessToken, map[string]any{"f": filter(nil, "2000-01-01", "2019-12-31"), "g": "YEAR"})
	})
}

// TestAggregatesAreTenantSafe checks that another user's records never count.
func TestAggregatesAreTenantSafe(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	alice, bob := srv.Register(t), srv.Register(t)
	seed(t, srv, alice.AccessToken, rec{"ELECTRICITY", "100", "KWH", "2024-01-01", "2024-01-31"})
	seed(t, srv, bob.AccessToken, rec{"ELECTRICITY", "7", "KWH", "2024-01-01", "2024-01-31"})
	got := getSeries(t, srv, bob.AccessToken, map[string]any{"f": filter([]string{"ELECTRICITY"}, "2024-01-01", "2024-01-31"), "g": "MONTH"})
	if got[0].Total != "7" {
		t.Errorf("bob's total = %s, want his own 7", got[0].Total)
	}
	s := getSummary(t, srv, bob.AccessToken, map[string]any{"f": filter([]string{"ELECTRICITY"}, "2024-01-01", "2024-01-31")})
	if s.ByType[0].Total != "7" || s.ByType[0].RecordCount != 1 {
		t.Errorf("bob's summary = %+v", s.ByType[0])
	}
}

// TestAliasedAggregatesShareOneStatement sends twelve aliased aggregate fields,
// every other one asking for costs, and counts the statements that read
// records and tariffs: the dataloader must gather them into one.
func TestAliasedAggregatesShareOneStatement(t *testing.T) {
	dbURL := storetest.NewDatabase(t)
	storetest.Open(t, dbURL, true) // migrate
	st, log := storetest.OpenLogged(t, dbURL)
	srv := graphtest.NewServer(t, graphtest.Options{DatabaseURL: dbURL, Store: st})
	user := srv.Register(t)
	seed(t, srv, user.AccessToken, rec{"ELECTRICITY", "366", "KWH", "2024-01-01", "2024-12-31"})
	addTariff(t, srv, user.AccessToken, "ELECTRICITY", "2024-01-01", "", "0.5", "KWH", "0", "0")

	var q strings.Builder
	q.WriteString("{\n")
	for m := 1; m <= 12; m++ {
		from := time.Date(2024, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
		fields := "total"
		if m%2 == 0 {
			fields = "total cost"
		}
		fmt.Fprintf(&q, "m%02d: consumptionAggregate(filter: {types: [ELECTRICITY], from: %q, to: %q}) { %s }\n",
			m, from.Format(time.DateOnly), from.AddDate(0, 1, -1).Format(time.DateOnly), fields)
	}
	q.WriteString("}")

	log.Reset()
	var data map[string][]struct {
		Total string
		Cost  *string
	}
	srv.Post(t, user.AccessToken, q.String(), nil).Must(t, &data)
	if n, tariffs := log.Count("consumption_records"), log.Count("FROM tariffs"); n != 1 || tariffs != 1 {
		t.Errorf("12 aliased fields cost %d statements on consumption_records and %d on tariffs, want the same one", n, tariffs)
	}
	// Each month holds its days of the year's 366 kWh, and those that ask
	// their cost at 0.5 a kWh.
	for m := 1; m <= 12; m++ {
		days := time.Date(2024, time.Month(m+1), 0, 0, 0, 0, 0, time.UTC).Day()
		got := data[fmt.Sprintf("m%02d", m)]
		if len(got) != 1 || got[0].Total != fmt.Sprint(days) {
			t.Errorf("month %d: %+v, want %d", m, got, days)
		}
		if want := fmt.Sprint(float64(days) / 2); m%2 == 0 && (got[0].Cost == nil || *got[0].Cost != want) {
			t.Errorf("month %d costs %v, want %s", m, got[0].Cost, want)
		}
	}
}

// TestSeriesGolden keeps a whole chart's answer under testdata, to be read by
// eye when it changes (go test -run TestSeriesGolden -update).
func TestSeriesGolden(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	seed(t, srv, user.AccessToken,
		rec{"ELECTRICITY", "412.5", "KWH", "2023-11-20", "2024-01-19"},
		rec{"ELECTRICITY", "198000", "WH", "2024-01-20", "2024-03-19"},
		rec{"WATER", "9.75", "CUBIC_METER", "2023-12-01", "2024-02-29"},
		rec{"GAS", "310", "KWH", "2024-01-01", "2024-01-31"},
		rec{"GAS", "25.5", "CUBIC_METER", "2024-02-01", "2024-03-31"},
	)
	res := srv.Post(t, user.AccessToken, seriesQuery, map[string]any{
		"f": filter(nil, "2024-01-01", "2024-04-30"), "g": "MONTH", "u": map[string]any{"gas": "KWH"},
	})
	var pretty any
	if err := json.Unmarshal(res.Data, &pretty); err != nil {
		t.Fatal(err)
	}
	out, _ := json.MarshalIndent(pretty, "", "  ")
	graphtest.Golden(t, "series_monthly_2024.json", out)
}

// TestAggregateFieldThatNeverAsks sends two aggregate fields, one skipped by
// a directive: the loader, expecting two, starts the other's batch after its
// fallback wait, and the request still answers.
func TestAggregateFieldThatNeverAsks(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	seed(t, srv, user.AccessToken, rec{"WATER", "31", "LITER", "2024-01-01", "2024-01-31"})
	var data struct {
		Good []struct{ Total string }
		Bad  []struct{ Total string }
	}
	srv.Post(t, user.AccessToken, `{
		good: consumptionAggregate(filter: {types: [WATER], from: "2024-01-01", to: "2024-01-31"}, units: {water: LITER}) { total }
		bad: consumptionAggregate(filter: {types: [WATER]}) @skip(if: true) { total }
	}`, nil).Must(t, &data)
	if len(data.Good) != 1 || data.Good[0].Total != "31" || data.Bad != nil {
		t.Errorf("good = %+v, bad = %+v; want 31 litres and nothing", data.Good, data.Bad)
	}
}
