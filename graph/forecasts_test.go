package graph_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"consumption/graphtest"
	"consumption/store/storetest"
)

const forecastQuery = `query($types: [ConsumptionType!], $g: PeriodGranularity! = MONTH, $u: UnitsInput, $m: BudgetMeasure! = AMOUNT) {
	consumptionForecast(types: $types, granularity: $g, units: $u, measure: $m) {
		type unit periodStart periodEnd actualToDate expectedTotal low high
		expectedCost currency budget { id measure limit unit } expectedShareOfBudget method
	}
}`

type forecastBudget struct {
	ID, Measure, Limit string
	Unit               *string
}

type forecast struct {
	Type, Unit, PeriodStart, PeriodEnd, ActualToDate, ExpectedTotal, Low, High string
	ExpectedCost                                                               *string
	Currency                                                                   string
	Budget                                                                     *forecastBudget
	ExpectedShareOfBudget                                                      *float64
	Method                                                                     string
}

func getForecast(t *testing.T, srv *graphtest.Server, token string, vars map[string]any) []forecast {
	t.Helper()
	var data struct{ ConsumptionForecast []forecast }
	srv.Post(t, token, forecastQuery, vars).Must(t, &data)
	return data.ConsumptionForecast
}

// monthlyRecs returns a record per month of the year, at perDay a day, the
// last ending on lastDay.
func monthlyRecs(typ, unit string, year int, months time.Month, perDay int, lastDay int) []rec {
	var out []rec
	for m := time.January; m <= months; m++ {
		start := time.Date(year, m, 1, 0, 0, 0, 0, time.UTC)
		end := start.AddDate(0, 1, -1)
		if m == months && lastDay > 0 {
			end = time.Date(year, m, lastDay, 0, 0, 0, 0, time.UTC)
		}
		days := int(end.Sub(start).Hours()/24) + 1
		out = append(out, rec{typ, fmt.Sprint(perDay * days), unit, start.Format(time.DateOnly), end.Format(time.DateOnly)})
	}
	return out
}

// TestForecast forecasts June 2024 on 10 June, with 2023 at 10 kWh a day
// and 2024 at 12 up to 5 June: the engine's hand-computed case
// (engine.TestForecastByHand), through the API.
func TestForecast(t *testing.T) {
	now := time.Date(2024, 6, 10, 12, 0, 0, 0, time.UTC)
	dbURL := storetest.NewDatabase(t)
	storetest.Open(t, dbURL, true) // migrate
	st, log := storetest.OpenLogged(t, dbURL)
	srv := graphtest.NewServer(t, graphtest.Options{DatabaseURL: dbURL, Store: st, Now: func() time.Time { return now }})
	user := srv.Register(t)
	tok := user.AccessToken
	seed(t, srv, tok, append(monthlyRecs("ELECTRICITY", "KWH", 2023, time.December, 10, 0), monthlyRecs("ELECTRICITY", "KWH", 2024, time.June, 12, 5)...)...)
	// Water since March: less than a year of history.
	seed(t, srv, tok, rec{"WATER", "9200", "LITER", "2024-03-01", "2024-05-31"})
	budget := putBudget(t, srv, tok, map[string]any{"type": "ELECTRICITY", "granularity": "MONTH", "measure": "AMOUNT", "limit": "0.4", "unit": "MWH"})

	t.Run("the current month from last year, with its band and budget", func(t *testing.T) {
		log.Reset()
		got := getForecast(t, srv, tok, nil)
		if n := log.Count("consumption_records"); n != 1 {
			t.Errorf("a forecast of every type read consumption_records in %d statements, want 1", n)
		}
		if len(got) != 2 || got[0].Type != "ELECTRICITY" || got[1].Type != "WATER" {
			t.Fatalf("forecasts %+v, want electricity and water (gas has no history)", got)
		}
		e := got[0]
		want := forecast{Type: "ELECTRICITY", Unit: "KWH", PeriodStart: "2024-06-01", PeriodEnd: "2024-06-30",
			ActualToDate: "60", ExpectedTotal: "360", Low: "360", High: "399.230769"}
		if e.Type != want.Type || e.Unit != want.Unit || e.PeriodStart != want.PeriodStart || e.PeriodEnd != want.PeriodEnd ||
			e.ActualToDate != want.ActualToDate || e.ExpectedTotal != want.ExpectedTotal || e.Low != want.Low || e.High != want.High {
			t.Errorf("electricity %+v, want %+v", e, want)
		}
		// 360 kWh of a budget of 0.4 MWh.
		if e.Budget == nil || e.Budget.ID != budget.ID || e.ExpectedShareOfBudget == nil || *e.ExpectedShareOfBudget != 0.9 {
			t.Errorf("budget %+v, share %v; want budget %s at 0.9", e.Budget, e.ExpectedShareOfBudget, budget.ID)
		}
		if !strings.Contains(e.Method, "a year earlier, ×1.20") || !strings.Contains(e.Method, "12 months") {
			t.Errorf("method %q does not say it scaled last year by 1.20 and learned the band from 12 months", e.Method)
		}
		// Water: 9200 L over 92 days, 100 L a day for the 30 days of June.
		w := got[1]
		if w.Unit != "CUBIC_METER" || w.ActualToDate != "0" || w.ExpectedTotal != "3" || w.Budget != nil || w.ExpectedShareOfBudget != nil {
			t.Errorf("water %+v, want 3 m³ expected and no budget", w)
		}
		if !strings.Contains(w.Method, "0.1 m³ a day") || !strings.Contains(w.Method, "last 90 days") {
			t.Errorf("method %q does not say it took the rate of the last 90 recorded days", w.Method)
		}
	})

	t.Run("in another unit, the share of the budget is the same", func(t *testing.T) {
		got := getForecast(t, srv, tok, map[string]any{"types": []string{"ELECTRICITY"}, "u": map[string]any{"electricity": "WH"}})
		if len(got) != 1 || got[0].ExpectedTotal != "360000" || got[0].ExpectedShareOfBudget == nil || *got[0].ExpectedShareOfBudget != 0.9 {
			t.Errorf("forecast in Wh %+v, want 360000 at 0.9 of the budget", got)
		}
	})

	t.Run("a cost budget is attached without a share", func(t *testing.T) {
		cost := putBudget(t, srv, tok, map[string]any{"type": "ELECTRICITY", "granularity": "MONTH", "measure": "COST", "limit": "80"})
		got := getForecast(t, srv, tok, map[string]any{"types": []string{"ELECTRICITY"}, "m": "COST"})
		if len(got) != 1 || got[0].Budget == nil || got[0].Budget.ID != cost.ID || got[0].ExpectedShareOfBudget != nil {
			t.Errorf("forecast %+v, want the cost budget %s without a share", got, cost.ID)
		}
	})

	t.Run("with a tariff, the expected cost, and the share of a budget of cost", func(t *testing.T) {
		// 0.25 a kWh and 0.10 a day from 2023, 20% tax: the 60 kWh of 1 to
		// 5 June cost (15 + 0.50) × 1.2 = 18.60, and the 25 days of 12 kWh
		// expected (75 + 2.50) × 1.2 = 93: 111.60 of a budget of 80.
		srv.Post(t, tok, `mutation { createTariff(input: {type: ELECTRICITY, name: "Standard", validFrom: "2023-01-01",
			unitPrice: "0.25", priceUnit: KWH, standingChargePerDay: "0.1", taxRate: "0.2"}) { id } }`, nil).Must(t, nil)
		got := getForecast(t, srv, tok, map[string]any{"types": []string{"ELECTRICITY"}, "m": "COST"})
		if len(got) != 1 || got[0].ExpectedCost == nil || *got[0].ExpectedCost != "111.6" || got[0].Currency != "EUR" {
			t.Fatalf("forecast %+v, want an expected cost of 111.6 EUR", got)
		}
		if s := got[0].ExpectedShareOfBudget; s == nil || *s != 1.395 {
			t.Errorf("share of the budget of cost %v, want 111.6/80 = 1.395", s)
		}
		if got := getForecast(t, srv, tok, map[string]any{"types": []string{"WATER"}}); len(got) != 1 || got[0].ExpectedCost != nil {
			t.Errorf("water without a tariff: %+v, want no expected cost", got)
		}
	})

	t.Run("the quarter so far", func(t *testing.T) {
		// April and May at 12 a day, 1 to 5 June: 792; the 25 days left of
		// June at 1.2 times 2023's 10.
		got := getForecast(t, srv, tok, map[string]any{"types": []string{"ELECTRICITY"}, "g": "QUARTER"})
		if len(got) != 1 || got[0].PeriodStart != "2024-04-01" || got[0].PeriodEnd != "2024-06-30" || got[0].ActualToDate != "792" || got[0].ExpectedTotal != "1092" || got[0].Budget != nil {
			t.Errorf("quarter %+v, want 792 so far and 1092 expected, without the month's budget", got)
		}
	})

	t.Run("another user has no forecast", func(t *testing.T) {
		other := srv.Register(t)
		if got := getForecast(t, srv, other.AccessToken, nil); len(got) != 0 {
			t.Errorf("another user's forecasts: %+v", got)
		}
	})
}

// TestForecastInTheUsersTimeZone forecasts at noon UTC on 30 June: June for
// a user in UTC, already July on Kiritimati (UTC+14).
func TestForecastInTheUsersTimeZone(t *testing.T) {
	now := time.Date(2024, 6, 30, 12, 0, 0, 0, time.UTC)
	srv := graphtest.NewServer(t, graphtest.Options{Now: func() time.Time { return now }})
	user := srv.Register(t)
	seed(t, srv, user.AccessToken, rec{"GAS", "30", "CUBIC_METER", "2024-06-01", "2024-06-30"})
	if got := getForecast(t, srv, user.AccessToken, nil); len(got) != 1 || got[0].PeriodStart != "2024-06-01" || got[0].ExpectedTotal != "30" {
		t.Errorf("in UTC: %+v, want June, every day recorded", got)
	}
	srv.Post(t, user.AccessToken, `mutation { updateSettings(input: {timeZone: "Pacific/Kiritimati"}) { timeZone } }`, nil).Must(t, nil)
	got := getForecast(t, srv, user.AccessToken, nil)
	if len(got) != 1 || got[0].PeriodStart != "2024-07-01" || got[0].ActualToDate != "0" || got[0].ExpectedTotal != "31" {
		t.Errorf("on Kiritimati: %+v, want July at June's 1 m³ a day", got)
	}
}

func TestForecastNeedsSignIn(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	if e := srv.Post(t, "", forecastQuery, nil).OnlyError(t); e.Code() != "UNAUTHENTICATED" {
		t.Errorf("code %q, want UNAUTHENTICATED", e.Code())
	}
}
