package graph_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"consumption/graphtest"
	"consumption/store/storetest"
)

// billedRec is a record input with the cost its bill states.
func billedRec(r rec, cost string) map[string]any {
	return map[string]any{"type": r[0], "amount": r[1], "unit": r[2], "periodStart": r[3], "periodEnd": r[4], "cost": cost}
}

func seedInputs(t *testing.T, srv *graphtest.Server, token string, ins ...map[string]any) {
	t.Helper()
	srv.Post(t, token, `mutation($in: [CreateConsumptionRecordInput!]!) { createConsumptionRecords(input: $in) { id } }`,
		map[string]any{"in": ins}).Must(t, nil)
}

// addTariff creates a tariff: type, first and last day ("" for none),
// unit price and unit, standing charge, tax rate; it returns its id.
func addTariff(t testing.TB, srv *graphtest.Server, token string, typ, from, to, price, unit, standing, tax string) string {
	t.Helper()
	in := map[string]any{"type": typ, "name": typ + " from " + from, "validFrom": from, "unitPrice": price, "priceUnit": unit,
		"standingChargePerDay": standing, "taxRate": tax}
	if to != "" {
		in["validTo"] = to
	}
	return createTariff(t, srv, token, in).ID
}

const costSeriesQuery = `query($f: AggregateFilter, $g: Granularity!) {
	consumptionSeries(filter: $f, granularity: $g) {
		type currency totalCost costCoverage points { periodStart cost costCoverage }
	}
}`

// costSeries writes each series as "TYPE CUR total (coverage)" followed by
// "start cost (coverage)" for each point, with null as "-".
func costSeries(t *testing.T, srv *graphtest.Server, token string, vars map[string]any) []string {
	t.Helper()
	var data struct {
		ConsumptionSeries []struct {
			Type, Currency string
			TotalCost      *string
			CostCoverage   float64
			Points         []struct {
				PeriodStart  string
				Cost         *string
				CostCoverage float64
			}
		}
	}
	srv.Post(t, token, costSeriesQuery, vars).Must(t, &data)
	var out []string
	for _, s := range data.ConsumptionSeries {
		out = append(out, fmt.Sprintf("%s %s %s (%.4f)", s.Type, s.Currency, orDash(s.TotalCost), s.CostCoverage))
		for _, p := range s.Points {
			out = append(out, fmt.Sprintf("%s %s (%.4f)", p.PeriodStart, orDash(p.Cost), p.CostCoverage))
		}
	}
	return out
}

func orDash(s *string) string {
	if s == nil {
		return "-"
	}
	return *s
}

// TestCostSeries computes costs through the whole server, with figures
// worked out by hand.
func TestCostSeries(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	token := user.AccessToken
	seedInputs(t, srv, token,
		// 300 kWh from 16 January to 14 February, 10 a day, without a cost.
		map[string]any{"type": "ELECTRICITY", "amount": "300", "unit": "KWH", "periodStart": "2024-01-16", "periodEnd": "2024-02-14"},
		// A gas bill of 62 from 15 January to 14 February: 31 days.
		billedRec(rec{"GAS", "80", "CUBIC_METER", "2024-01-15", "2024-02-14"}, "62"),
		// 100 m³ of gas in March, priced per kWh.
		map[string]any{"type": "GAS", "amount": "100", "unit": "CUBIC_METER", "periodStart": "2024-03-01", "periodEnd": "2024-03-31"},
		// 3.1 m³ of water in March, 0.1 a day.
		map[string]any{"type": "WATER", "amount": "3.1", "unit": "CUBIC_METER", "periodStart": "2024-03-01", "periodEnd": "2024-03-31"},
	)
	addTariff(t, srv, token, "ELECTRICITY", "2023-01-01", "2024-01-31", "0.2", "KWH", "0.5", "0")
	febOn := addTariff(t, srv, token, "ELECTRICITY", "2024-02-01", "", "0.3", "KWH", "0.4", "0.21")
	addTariff(t, srv, token, "GAS", "2024-01-01", "", "0.07", "KWH", "0.25", "0.05")
	addTariff(t, srv, token, "WATER", "2024-01-01", "", "0.002", "LITER", "0.1", "0.1")

	t.Run("a tariff change in the middle of a billing period, a billed record across months, gas per kWh", func(t *testing.T) {
		got := costSeries(t, srv, token, map[string]any{"f": filter([]string{"ELECTRICITY", "GAS"}, "2024-01-01", "2024-03-31"), "g": "MONTH"})
		want := []string{
			// January: 16 days × 10 kWh × 0.20 + 16 × 0.50 = 32 + 8 = 40.
			// February: (14 × 10 × 0.30 + 14 × 0.40) × 1.21 = 47.6 × 1.21 = 57.596 → 57.60.
			// March has no record: no known cost, though a tariff runs.
			"ELECTRICITY EUR 97.6 (0.3297)", // 30 of 91 days; 40 + 57.596 = 97.596 → 97.60
			"2024-01-01 40 (0.5161)",        // 16/31
			"2024-02-01 57.6 (0.4828)",      // 14/29
			"2024-03-01 - (0.0000)",
			// The gas bill: 17/31 of 62 in January, 34, and 14/31 in
			// February, 28; it wins over the tariff. March: 100 m³ × 11.2 =
			// 1120 kWh; (1120 × 0.07 + 31 × 0.25) × 1.05 = 86.15 × 1.05 = 90.4575 → 90.46.
			"GAS EUR 152.46 (0.6813)", // 31 + 31 = 62 of 91 days
			"2024-01-01 34 (0.5484)",  // 17/31
			"2024-02-01 28 (0.4828)",  // 14/29
			"2024-03-01 90.46 (1.0000)",
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("series (-want +got):\n%s", diff)
		}
	})

	t.Run("standing charges over a bucket cut by the range", func(t *testing.T) {
		got := costSeries(t, srv, token, map[string]any{"f": filter([]string{"WATER"}, "2024-03-10", "2024-04-20"), "g": "MONTH"})
		// 22 days of March in the range: (2.2 m³ × 2 a m³ + 22 × 0.10) × 1.1 = 6.6 × 1.1 = 7.26.
		want := []string{"WATER EUR 7.26 (0.5238)", "2024-03-01 7.26 (1.0000)", "2024-04-01 - (0.0000)"} // 22 of 42 days
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("series (-want +got):\n%s", diff)
		}
	})

	t.Run("changing a tariff recomputes the costs asked next", func(t *testing.T) {
		srv.Post(t, token, `mutation($id: ID!) { updateTariff(id: $id, input: {unitPrice: "0.35"}) { id } }`,
			map[string]any{"id": febOn}).Must(t, nil)
		got := costSeries(t, srv, token, map[string]any{"f": filter([]string{"ELECTRICITY"}, "2024-02-01", "2024-02-29"), "g": "MONTH"})
		// (14 × 10 × 0.35 + 14 × 0.40) × 1.21 = 54.6 × 1.21 = 66.066 → 66.07.
		want := []string{"ELECTRICITY EUR 66.07 (0.4828)", "2024-02-01 66.07 (0.4828)"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("series (-want +got):\n%s", diff)
		}
	})

	t.Run("the summary's costs, with the earlier periods'", func(t *testing.T) {
		var data struct {
			ConsumptionSummary struct {
				ByType []struct {
					Type, Currency                             string
					Cost, PreviousPeriodCost, PreviousYearCost *string
					CostCoverage                               float64
				}
			}
		}
		srv.Post(t, token, `query($f: AggregateFilter) { consumptionSummary(filter: $f) { byType {
			type currency cost costCoverage previousPeriodCost previousYearCost } } }`,
			map[string]any{"f": filter([]string{"GAS"}, "2024-03-01", "2024-03-31")}).Must(t, &data)
		s := data.ConsumptionSummary.ByType[0]
		// March 90.46; the previous period, 31 days from 2024-01-30: the
		// bill's 16 days of it, 16/31 of 62 = 32; a year earlier, nothing.
		got := fmt.Sprintf("%s %s %s (%.4f) %s %s", s.Type, s.Currency, orDash(s.Cost), s.CostCoverage,
			orDash(s.PreviousPeriodCost), orDash(s.PreviousYearCost))
		if want := "GAS EUR 90.46 (1.0000) 32 -"; got != want {
			t.Errorf("summary %s, want %s", got, want)
		}
	})

	t.Run("aggregate rows", func(t *testing.T) {
		var data struct {
			ConsumptionAggregate []struct {
				PeriodStart, Currency string
				Cost                  *string
				CostCoverage          float64
			}
		}
		srv.Post(t, token, `{ consumptionAggregate(filter: {types: [GAS], from: "2024-01-01", to: "2024-02-29"}, groupBy: [PERIOD], granularity: MONTH) {
			periodStart currency cost costCoverage } }`, nil).Must(t, &data)
		var got []string
		for _, r := range data.ConsumptionAggregate {
			got = append(got, fmt.Sprintf("%s %s %s", r.PeriodStart, r.Currency, orDash(r.Cost)))
		}
		if diff := cmp.Diff([]string{"2024-01-01 EUR 34", "2024-02-01 EUR 28"}, got); diff != "" {
			t.Errorf("rows (-want +got):\n%s", diff)
		}
	})
}

// TestCostRounding rounds costs to the minor unit of yen (none) and of the
// Kuwaiti dinar (three places), by the largest remainder.
func TestCostRounding(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	setCurrency := func(token, code string) {
		srv.Post(t, token, `mutation($c: String) { updateSettings(input: {currency: $c}) { id } }`, map[string]any{"c": code}).Must(t, nil)
	}
	t.Run("yen", func(t *testing.T) {
		user := srv.Register(t)
		setCurrency(user.AccessToken, "JPY")
		seedInputs(t, srv, user.AccessToken, billedRec(rec{"ELECTRICITY", "3", "KWH", "2024-05-01", "2024-05-03"}, "100"))
		got := costSeries(t, srv, user.AccessToken, map[string]any{"f": filter([]string{"ELECTRICITY"}, "2024-05-01", "2024-05-03"), "g": "DAY"})
		// 100 yen over three days: 33⅓ a day, 99 rounded down; the yen
		// short goes to the first day, the remainders all tied.
		want := []string{"ELECTRICITY JPY 100 (1.0000)", "2024-05-01 34 (1.0000)", "2024-05-02 33 (1.0000)", "2024-05-03 33 (1.0000)"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("series (-want +got):\n%s", diff)
		}
	})
	t.Run("dinars", func(t *testing.T) {
		user := srv.Register(t)
		setCurrency(user.AccessToken, "KWD")
		var days []map[string]any
		for d := 6; d <= 12; d++ {
			day := fmt.Sprintf("2024-05-%02d", d)
			days = append(days, map[string]any{"type": "ELECTRICITY", "amount": "10", "unit": "KWH", "periodStart": day, "periodEnd": day})
		}
		seedInputs(t, srv, user.AccessToken, days...)
		addTariff(t, srv, user.AccessToken, "ELECTRICITY", "2024-01-01", "", "0.0125", "KWH", "0", "0.05")
		got := costSeries(t, srv, user.AccessToken, map[string]any{"f": filter([]string{"ELECTRICITY"}, "2024-05-06", "2024-05-12"), "g": "DAY"})
		// 10 kWh × 0.0125 × 1.05 = 0.13125 a day; 0.91875 in the week, 0.919
		// (halves up). Each day rounded down is 0.131, 0.917 in all: the
		// two fils short go to the first two days.
		want := []string{"ELECTRICITY KWD 0.919 (1.0000)",
			"2024-05-06 0.132 (1.0000)", "2024-05-07 0.132 (1.0000)", "2024-05-08 0.131 (1.0000)", "2024-05-09 0.131 (1.0000)",
			"2024-05-10 0.131 (1.0000)", "2024-05-11 0.131 (1.0000)", "2024-05-12 0.131 (1.0000)"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("series (-want +got):\n%s", diff)
		}
	})
}

// TestCostCoverage checks days without a price: a record where no tariff is
// valid, and a tariff where no record is.
func TestCostCoverage(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	seed(t, srv, user.AccessToken, rec{"ELECTRICITY", "31", "KWH", "2024-05-01", "2024-05-31"}) // 1 kWh a day
	addTariff(t, srv, user.AccessToken, "ELECTRICITY", "2024-05-11", "2024-05-20", "1", "KWH", "0", "0")
	addTariff(t, srv, user.AccessToken, "ELECTRICITY", "2024-06-01", "", "1", "KWH", "5", "0")
	got := costSeries(t, srv, user.AccessToken, map[string]any{"f": filter([]string{"ELECTRICITY"}, "2024-05-01", "2024-06-30"), "g": "MONTH"})
	// Ten days of May are priced: 10 × 1 kWh × 1 = 10. June has a tariff but
	// no record: no known cost, not its standing charges alone.
	want := []string{"ELECTRICITY EUR 10 (0.1639)", "2024-05-01 10 (0.3226)", "2024-06-01 - (0.0000)"} // 10 of 61, 10 of 31
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("series (-want +got):\n%s", diff)
	}
}

// TestCostsAreTenantSafe checks that another user's tariffs never price
// one's records.
func TestCostsAreTenantSafe(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	alice, bob := srv.Register(t), srv.Register(t)
	seed(t, srv, alice.AccessToken, rec{"ELECTRICITY", "31", "KWH", "2024-01-01", "2024-01-31"})
	addTariff(t, srv, bob.AccessToken, "ELECTRICITY", "2020-01-01", "", "1", "KWH", "1", "0")
	vars := map[string]any{"f": filter([]string{"ELECTRICITY"}, "2024-01-01", "2024-01-31"), "g": "MONTH"}
	want := []string{"ELECTRICITY EUR - (0.0000)", "2024-01-01 - (0.0000)"}
	if diff := cmp.Diff(want, costSeries(t, srv, alice.AccessToken, vars)); diff != "" {
		t.Errorf("alice's costs with bob's tariff (-want +got):\n%s", diff)
	}
	// Bob has a tariff and no record: no known cost either.
	if diff := cmp.Diff(want, costSeries(t, srv, bob.AccessToken, vars)); diff != "" {
		t.Errorf("bob's costs without records (-want +got):\n%s", diff)
	}
	// With her own tariff, alice's month costs 31 × 1 × 0.5 = 15.5.
	addTariff(t, srv, alice.AccessToken, "ELECTRICITY", "2024-01-01", "", "0.5", "KWH", "0", "0")
	if got := costSeries(t, srv, alice.AccessToken, vars); got[0] != "ELECTRICITY EUR 15.5 (1.0000)" {
		t.Errorf("alice's costs with her tariff: %v", got)
	}
}

// TestCostsShareTheOneStatement sends aliased aggregate fields of every
// kind, some asking for costs and some not, and counts the statements that
// read records or tariffs: one, which reads both.
func TestCostsShareTheOneStatement(t *testing.T) {
	dbURL := storetest.NewDatabase(t)
	storetest.Open(t, dbURL, true) // migrate
	st, log := storetest.OpenLogged(t, dbURL)
	srv := graphtest.NewServer(t, graphtest.Options{DatabaseURL: dbURL, Store: st})
	user := srv.Register(t)
	seedInputs(t, srv, user.AccessToken,
		billedRec(rec{"ELECTRICITY", "31", "KWH", "2024-01-01", "2024-01-31"}, "31"),
		map[string]any{"type": "ELECTRICITY", "amount": "29", "unit": "KWH", "periodStart": "2024-02-01", "periodEnd": "2024-02-29"},
		map[string]any{"type": "GAS", "amount": "10", "unit": "CUBIC_METER", "periodStart": "2024-02-01", "periodEnd": "2024-02-29"},
	)
	addTariff(t, srv, user.AccessToken, "ELECTRICITY", "2024-02-01", "", "2", "KWH", "0", "0")
	addTariff(t, srv, user.AccessToken, "GAS", "2024-02-01", "", "1", "CUBIC_METER", "0", "0")

	query := `{
		jan: consumptionAggregate(filter: {types: [ELECTRICITY], from: "2024-01-01", to: "2024-01-31"}) { total cost }
		feb: consumptionAggregate(filter: {types: [ELECTRICITY], from: "2024-02-01", to: "2024-02-29"}) { total cost costCoverage }
		amountsOnly: consumptionAggregate(filter: {types: [ELECTRICITY], from: "2024-01-01", to: "2024-02-29"}) { total }
		series: consumptionSeries(filter: {types: [ELECTRICITY, GAS], from: "2024-01-01", to: "2024-02-29"}, granularity: MONTH) {
			totalCost points { ...pointCost } }
		summary: consumptionSummary(filter: {types: [GAS], from: "2024-02-01", to: "2024-02-29"}) { byType { cost previousPeriodCost } }
	}
	fragment pointCost on SeriesPoint { cost }`
	log.Reset()
	var data struct {
		Jan, Feb, AmountsOnly []struct{ Total, Cost *string }
		Series                []struct {
			TotalCost *string
			Points    []struct{ Cost *string }
		}
		Summary struct {
			ByType []struct{ Cost, PreviousPeriodCost *string }
		}
	}
	srv.Post(t, user.AccessToken, query, nil).Must(t, &data)
	if n, tariffs := log.Count("consumption_records"), log.Count("FROM tariffs"); n != 1 || tariffs != 1 {
		t.Errorf("the request cost %d statements on consumption_records and %d on tariffs, want the same one", n, tariffs)
	}
	// January's bill, 31; February, 29 kWh at 2: 58; gas, 10 m³ at 1: 10.
	got := fmt.Sprintf("jan %s, feb %s, series %s = %s + %s and %s, summary %s (before: %s)",
		orDash(data.Jan[0].Cost), orDash(data.Feb[0].Cost),
		orDash(data.Series[0].TotalCost), orDash(data.Series[0].Points[0].Cost), orDash(data.Series[0].Points[1].Cost),
		orDash(data.Series[1].TotalCost), orDash(data.Summary.ByType[0].Cost), orDash(data.Summary.ByType[0].PreviousPeriodCost))
	if want := "jan 31, feb 58, series 89 = 31 + 58 and 10, summary 10 (before: -)"; got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
	if a := data.AmountsOnly[0]; a.Total == nil || *a.Total != "60" || a.Cost != nil {
		t.Errorf("the field without costs: %+v", a)
	}

}
