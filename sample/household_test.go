package sample

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"consumption/domain"
)

// TestHouseholdFollowsTheRules checks the household of several days,
// month ends and leap days among them, against the rules every record,
// meter, reading, tariff and budget a person sends must follow.
func TestHouseholdFollowsTheRules(t *testing.T) {
	for _, today := range []string{"2025-03-14", "2025-03-31", "2025-04-01", "2024-02-29", "2024-12-31", "2026-01-01"} {
		t.Run(today, func(t *testing.T) {
			day := domain.MustParseDate(today)
			h := Household(day)
			var all []domain.RecordInput
			all = append(all, h.Bills...)
			all = append(all, h.Periods...)
			for _, r := range all {
				if err := r.Validate(day).Err(); err != nil {
					t.Errorf("%s record of %s: %v", r.Type, r.PeriodStart, err)
				}
			}
			if err := h.Meter.Validate(day).Err(); err != nil {
				t.Errorf("meter: %v", err)
			}
			for _, r := range h.Readings {
				if err := r.Validate(h.Meter, day).Err(); err != nil {
					t.Errorf("reading of %s: %v", r.ReadOn, err)
				}
			}
			if faults := domain.CheckSequence(h.Meter.Digits, h.Readings); len(faults) > 0 {
				t.Errorf("readings out of sequence: %v", faults)
			}
			for _, tr := range h.Tariffs {
				if err := tr.Validate().Err(); err != nil {
					t.Errorf("tariff %q: %v", tr.Name, err)
				}
			}
			for _, b := range h.Budgets {
				if err := b.Validate().Err(); err != nil {
					t.Errorf("budget: %v", err)
				}
			}

			// Each type's records follow one another without a gap or an
			// overlap from the first day of the month three years back to
			// today.
			start := domain.NewDate(day.Year(), day.Month(), 1).AddMonths(-Months)
			next := map[domain.Type]domain.Date{domain.Electricity: start, domain.Water: start, domain.Gas: start}
			for _, r := range all {
				if !r.PeriodStart.Equal(next[r.Type]) {
					t.Errorf("%s record starts on %s, want %s", r.Type, r.PeriodStart, next[r.Type])
				}
				next[r.Type] = r.PeriodEnd.AddDays(1)
			}
			for typ, n := range next {
				if !n.Equal(day.AddDays(1)) {
					t.Errorf("%s records end on %s, want today %s", typ, n.AddDays(-1), day)
				}
			}

			// Tariffs of a type follow one another from the first day on,
			// the last open-ended, so that every day has a price.
			from := map[domain.Type]domain.Date{}
			for _, tr := range h.Tariffs {
				if want, ok := from[tr.Type]; ok && !tr.ValidFrom.Equal(want) || !ok && !tr.ValidFrom.Equal(start) {
					t.Errorf("tariff %q starts on %s", tr.Name, tr.ValidFrom)
				}
				if tr.ValidTo != nil {
					from[tr.Type] = tr.ValidTo.AddDays(1)
				} else {
					from[tr.Type] = domain.LastDay
				}
			}
			if len(from) != len(domain.Types) {
				t.Errorf("tariffs of %d types, want %d", len(from), len(domain.Types))
			}
			for typ, f := range from {
				if !f.Equal(domain.LastDay) {
					t.Errorf("%s tariffs end on %s", typ, f.AddDays(-1))
				}
			}
		})
	}
}

// TestHouseholdIsSeasonal sums each type's use by calendar month over the
// whole three years: more gas and electricity in winter, more water in
// summer, and yearly figures of a plausible household.
func TestHouseholdIsSeasonal(t *testing.T) {
	h := Household(domain.MustParseDate("2025-12-31"))
	var year2025 [3]float64
	byMonth := map[domain.Type]*[13]float64{domain.Electricity: {}, domain.Water: {}, domain.Gas: {}}
	for _, r := range append(h.Bills, h.Periods...) {
		a := r.Amount.InexactFloat64()
		if r.Type != domain.Water {
			byMonth[r.Type][r.PeriodStart.Month()] += a
		}
		if r.PeriodStart.Year() == 2025 {
			year2025[map[domain.Type]int{domain.Electricity: 0, domain.Water: 1, domain.Gas: 2}[r.Type]] += a
		}
	}
	for _, typ := range []domain.Type{domain.Electricity, domain.Gas} {
		m := byMonth[typ]
		if m[time.January] < 1.3*m[time.July] {
			t.Errorf("%s: %.0f in Januaries, %.0f in Julies; want winter well above summer", typ, m[time.January], m[time.July])
		}
	}
	// A household of two or three with gas heating.
	for i, want := range []struct {
		what     string
		low, top float64
	}{{"kWh of electricity", 2500, 3600}, {"m³ of water", 90, 160}, {"m³ of gas", 900, 1600}} {
		if got := year2025[i]; got < want.low || got > want.top {
			t.Errorf("%.0f %s in 2025, want %.0f to %.0f", got, want.what, want.low, want.top)
		}
	}
	var summer, winter decimal.Decimal
	for _, r := range h.Bills {
		if r.Type == domain.Water && r.PeriodStart.Year() == 2025 {
			switch r.PeriodStart.Month() {
			case time.January:
				winter = r.Amount
			case time.July:
				summer = r.Amount
			}
		}
	}
	if !summer.GreaterThan(winter) {
		t.Errorf("water: %s m³ in the third quarter, %s in the first; want more in summer", summer, winter)
	}
}

// TestHouseholdIsStable: a month has the same figures whenever the sample
// is loaded, so that people comparing notes, and screenshots, agree.
func TestHouseholdIsStable(t *testing.T) {
	earlier := Household(domain.MustParseDate("2025-03-14"))
	later := Household(domain.MustParseDate("2025-09-02"))
	amounts := func(rs []domain.RecordInput) map[string]string {
		out := map[string]string{}
		for _, r := range rs {
			// Whole months only: the month of today is cut short.
			if r.PeriodStart.Month() == r.PeriodEnd.Month() && r.PeriodEnd.AddDays(1).Day() == 1 {
				out[string(r.Type)+r.PeriodStart.String()] = r.Amount.String()
			}
		}
		return out
	}
	a, b := amounts(earlier.Bills), amounts(later.Bills)
	shared := 0
	for k, v := range a {
		if w, ok := b[k]; ok {
			shared++
			if v != w {
				t.Errorf("%s: %s in one load, %s in the other", k, v, w)
			}
		}
	}
	if shared < 25 {
		t.Errorf("only %d months in common", shared)
	}
	if diff := cmp.Diff(Household(domain.MustParseDate("2025-03-14")), earlier); diff != "" {
		t.Errorf("two households of one day differ:\n%s", diff)
	}
}

// TestBillCost: a bill states its consumption and standing charge at the
// tariff of its first day, tax included, to the cent.
func TestBillCost(t *testing.T) {
	start := domain.MustParseDate("2023-01-01")
	ts := tariffs(start)
	// 0.285 × 300 + 0.42 × 31 = 98.52; with 20% tax, 118.224.
	got := billCost(ts, domain.Electricity, decimal.NewFromInt(300), start, start.AddDays(30))
	if got == nil || got.String() != "118.22" {
		t.Errorf("first year's bill = %v, want 118.22", got)
	}
	// Two years on, the renewed price: 0.312 × 300 + 0.45 × 31 = 107.55; × 1.2 = 129.06.
	renewed := start.AddMonths(24)
	got = billCost(ts, domain.Electricity, decimal.NewFromInt(300), renewed, renewed.AddDays(30))
	if got == nil || got.String() != "129.06" {
		t.Errorf("renewed bill = %v, want 129.06", got)
	}
}
