package engine_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"consumption/domain"
	"consumption/engine"
)

func TestPlanRead(t *testing.T) {
	elec, water := domain.Electricity, domain.Water
	tests := []struct {
		name      string
		queries   []engine.Query
		wantScans []string
		wantCuts  []string
	}{
		{"a monthly series cuts at every month",
			[]engine.Query{{elec, domain.KilowattHour, d("2024-01-15"), d("2024-03-31"), domain.Monthly, false, false}},
			[]string{"ELECTRICITY 2024-01-15 2024-03-31"},
			[]string{"2024-01-15", "2024-02-01", "2024-03-01", "2024-04-01"}},
		{"a comparison reads its earlier periods too",
			[]engine.Query{{water, domain.CubicMeter, d("2024-03-01"), d("2024-03-31"), "", true, false}},
			[]string{"WATER 2023-03-01 2023-03-31", "WATER 2024-01-30 2024-03-31"},
			[]string{"2023-03-01", "2023-04-01", "2024-01-30", "2024-03-01", "2024-04-01"}},
		{"overlapping and touching ranges are read once, apart ones apart",
			[]engine.Query{
				{elec, domain.KilowattHour, d("2024-01-01"), d("2024-01-31"), "", false, false},
				{elec, domain.WattHour, d("2024-01-10"), d("2024-02-10"), domain.Daily, false, false},
				{elec, domain.KilowattHour, d("2024-02-11"), d("2024-02-20"), "", false, false},
				{elec, domain.KilowattHour, d("2024-03-01"), d("2024-03-02"), domain.Daily, false, false},
				{water, domain.Liter, d("2024-01-05"), d("2024-01-06"), "", false, false},
			},
			[]string{"ELECTRICITY 2024-01-01 2024-02-20", "ELECTRICITY 2024-03-01 2024-03-02", "WATER 2024-01-05 2024-01-06"},
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := engine.NewPlan(tt.queries)
			if err != nil {
				t.Fatal(err)
			}
			r := p.Read()
			var scans, cuts []string
			for _, s := range r.Scans {
				scans = append(scans, string(s.Type)+" "+s.From.String()+" "+s.To.String())
			}
			for i, c := range r.Cuts {
				cuts = append(cuts, c.String())
				if i > 0 && !r.Cuts[i-1].Before(c) {
					t.Errorf("cuts out of order: %s then %s", r.Cuts[i-1], c)
				}
			}
			if diff := cmp.Diff(tt.wantScans, scans); diff != "" {
				t.Errorf("scans (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantCuts, cuts); tt.wantCuts != nil && diff != "" {
				t.Errorf("cuts (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPlanRefusesQueries(t *testing.T) {
	elec := domain.Electricity
	tests := map[string]engine.Query{
		"a unit of another type":        {elec, domain.Liter, d("2024-01-01"), d("2024-01-31"), "", false, false},
		"an unknown granularity":        {elec, domain.KilowattHour, d("2024-01-01"), d("2024-01-31"), "HOUR", false, false},
		"a range that ends before":      {elec, domain.KilowattHour, d("2024-01-31"), d("2024-01-01"), "", false, false},
		"more than 1000 buckets":        {elec, domain.KilowattHour, d("2020-01-01"), d("2022-12-31"), domain.Daily, false, false},
		"more than twenty years":        {elec, domain.KilowattHour, d("2000-01-01"), d("2020-01-01"), domain.Yearly, false, false},
		"a range without its first day": {Type: elec, Unit: domain.KilowattHour, To: d("2024-01-31")},
	}
	for name, q := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := engine.NewPlan([]engine.Query{q}); err == nil {
				t.Errorf("planned %+v", q)
			}
		})
	}
}

// TestComputeRefusesReadings checks that readings that do not fit the plan
// are an error, never a wrong figure.
func TestComputeRefusesReadings(t *testing.T) {
	p, err := engine.NewPlan([]engine.Query{
		{domain.Gas, domain.CubicMeter, d("2024-01-01"), d("2024-02-29"), domain.Monthly, false, false},
	})
	if err != nil {
		t.Fatal(err)
	}
	iv := func(first, last string, days, records int) engine.Interval {
		return engine.Interval{Type: domain.Gas, Unit: domain.KilowattHour, First: d(first), Last: d(last),
			Amount: dec("10"), Days: days, Records: records}
	}
	tests := map[string]engine.Readings{
		"records summed across a bucket's edge": {GasKWhPerCubicMeter: dec("11"),
			Intervals: []engine.Interval{iv("2024-01-20", "2024-02-10", 2, 2)}},
		"records summed across the range's edge": {GasKWhPerCubicMeter: dec("11"),
			Intervals: []engine.Interval{iv("2023-12-31", "2024-01-01", 2, 2)}},
		"more days than a record has": {GasKWhPerCubicMeter: dec("11"),
			Intervals: []engine.Interval{iv("2024-01-01", "2024-01-02", 3, 1)}},
		"a unit of another type": {GasKWhPerCubicMeter: dec("11"),
			Intervals: []engine.Interval{{Type: domain.Gas, Unit: domain.Liter, First: d("2024-01-01"), Last: d("2024-01-01"), Days: 1, Records: 1}}},
		"no calorific value": {Intervals: []engine.Interval{iv("2024-01-01", "2024-01-01", 1, 1)}},
	}
	for name, r := range tests {
		t.Run(name, func(t *testing.T) {
			if aggs, err := p.Compute(r); err == nil {
				t.Errorf("computed %+v", aggs)
			}
		})
	}
}
