package engine_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"consumption/domain"
	"consumption/engine"
	"consumption/engine/enginetest"
)

// billed returns the record with the cost its bill states.
func billed(r domain.RecordInput, cost string) domain.RecordInput {
	c := decimal.RequireFromString(cost)
	r.Cost = &c
	return r
}

// price writes a tariff short: type, first and last day ("" for none),
// unit price per unit, standing charge per day, tax rate.
func price(typ domain.Type, from, to string, unitPrice string, unit domain.Unit, standing, tax string) engine.Tariff {
	t := engine.Tariff{Type: typ, From: d(from), PriceUnit: unit,
		UnitPrice: dec(unitPrice), StandingChargePerDay: dec(standing), TaxRate: dec(tax)}
	if to != "" {
		t.To = d(to)
	}
	return t
}

// computeCosts plans the queries, asking for costs, reads them from the
// records and tariffs as the store would, and computes, with gas at 11.2
// kWh per m³.
func computeCosts(t *testing.T, currency string, records []domain.RecordInput, tariffs []engine.Tariff, queries ...engine.Query) []engine.Aggregate {
	t.Helper()
	for i := range queries {
		queries[i].Costs = true
	}
	p, err := engine.NewPlan(queries)
	if err != nil {
		t.Fatal(err)
	}
	aggs, err := p.Compute(enginetest.ReadWithCosts(p.Read(), dec("11.2"), currency, records, tariffs))
	if err != nil {
		t.Fatal(err)
	}
	return aggs
}

// costs writes an aggregate's costs as "total (known days)" and each
// bucket's as "start cost known/days".
func costs(a engine.Aggregate) []string {
	out := []string{fmt.Sprintf("%s %s (%d)", a.Costs.Currency, a.Costs.Total.Cost, a.Costs.Total.Days)}
	for i, b := range a.Buckets {
		c := a.Costs.Buckets[i]
		out = append(out, fmt.Sprintf("%s %s %d/%d", b.Start, c.Cost, c.Days, b.Days))
	}
	return out
}

func TestCosts(t *testing.T) {
	elec, water, gas := domain.Electricity, domain.Water, domain.Gas
	query := func(typ domain.Type, from, to string, g domain.Granularity) engine.Query {
		return engine.Query{Type: typ, Unit: typ.DefaultUnit(), From: d(from), To: d(to), Granularity: g}
	}
	tests := []struct {
		name     string
		currency string
		records  []domain.RecordInput
		tariffs  []engine.Tariff
		query    engine.Query
		want     []string
	}{
		{
			// 300 kWh over 16 January to 14 February: 10 kWh a day.
			// January, 16 days at 0.20 a kWh and 0.50 a day: 16 × 10 × 0.20 + 16 × 0.50 = 32 + 8 = 40.
			// February, 14 days at 0.30 and 0.40 a day, 21% tax:
			// (14 × 10 × 0.30 + 14 × 0.40) × 1.21 = (42 + 5.6) × 1.21 = 57.596.
			// The total 97.596 rounds to 97.60; February, 57.59 rounded down,
			// lost most and takes the cent the total still needs.
			name:     "a tariff change in the middle of a billing period",
			currency: "EUR",
			records:  []domain.RecordInput{rec(elec, "300", domain.KilowattHour, "2024-01-16", "2024-02-14")},
			tariffs: []engine.Tariff{
				price(elec, "2023-01-01", "2024-01-31", "0.2", domain.KilowattHour, "0.5", "0"),
				price(elec, "2024-02-01", "", "0.3", domain.KilowattHour, "0.4", "0.21"),
			},
			query: query(elec, "2024-01-01", "2024-03-31", domain.Monthly),
			want:  []string{"EUR 97.6 (30)", "2024-01-01 40 16/31", "2024-02-01 57.6 14/29", "2024-03-01 0 0/31"},
		},
		{
			// The same in one bucket, which the tariff's change cuts.
			name:     "a tariff change inside one bucket",
			currency: "EUR",
			records:  []domain.RecordInput{rec(elec, "300", domain.KilowattHour, "2024-01-16", "2024-02-14")},
			tariffs: []engine.Tariff{
				price(elec, "2023-01-01", "2024-01-31", "0.2", domain.KilowattHour, "0.5", "0"),
				price(elec, "2024-02-01", "", "0.3", domain.KilowattHour, "0.4", "0.21"),
			},
			query: query(elec, "2024-01-01", "2024-03-31", domain.Quarterly),
			want:  []string{"EUR 97.6 (30)", "2024-01-01 97.6 30/91"},
		},
		{
			// Daily records that the statement sums within a segment: the
			// tariff's change cuts the segment, so each sum has one price.
			// 15 days of 1 kWh at 0.10 and 16 at 0.20: 1.50 + 3.20 = 4.70.
			name:     "daily records summed on either side of a tariff's change",
			currency: "EUR",
			records:  oneDayRecords(elec, "1", domain.KilowattHour, "2024-01-01", 31),
			tariffs: []engine.Tariff{
				price(elec, "2024-01-01", "2024-01-15", "0.1", domain.KilowattHour, "0", "0"),
				price(elec, "2024-01-16", "2024-12-31", "0.2", domain.KilowattHour, "0", "0"),
			},
			query: query(elec, "2024-01-01", "2024-01-31", domain.Monthly),
			want:  []string{"EUR 4.7 (31)", "2024-01-01 4.7 31/31"},
		},
		{
			// 3.1 m³ over March, 0.1 m³ a day; the range keeps 22 days of it.
			// At 0.002 a litre (2 a m³), 0.10 a day and 10% tax:
			// (2.2 × 2 + 22 × 0.10) × 1.1 = (4.4 + 2.2) × 1.1 = 7.26.
			// April has no record: no known cost, although the tariff runs on.
			name:     "standing charges over a bucket cut by the range",
			currency: "EUR",
			records:  []domain.RecordInput{rec(water, "3.1", domain.CubicMeter, "2024-03-01", "2024-03-31")},
			tariffs:  []engine.Tariff{price(water, "2024-01-01", "", "0.002", domain.Liter, "0.1", "0.1")},
			query:    query(water, "2024-03-10", "2024-04-20", domain.Monthly),
			want:     []string{"EUR 7.26 (22)", "2024-03-01 7.26 22/22", "2024-04-01 0 0/20"},
		},
		{
			// 62 billed over 15 January to 14 February (31 days): 17/31 of it
			// in January, 34, and 14/31 in February, 28. The bill wins over
			// the tariff for its days.
			name:     "a billed record crossing months",
			currency: "EUR",
			records:  []domain.RecordInput{billed(rec(gas, "80", domain.CubicMeter, "2024-01-15", "2024-02-14"), "62")},
			tariffs:  []engine.Tariff{price(gas, "2020-01-01", "", "9", domain.CubicMeter, "9", "0.5")},
			query:    query(gas, "2024-01-01", "2024-02-29", domain.Monthly),
			want:     []string{"EUR 62 (31)", "2024-01-01 34 17/31", "2024-02-01 28 14/29"},
		},
		{
			// 100 m³ at 11.2 kWh a m³ is 1120 kWh; at 0.07 a kWh, 0.25 a day
			// and 5% tax: (1120 × 0.07 + 31 × 0.25) × 1.05 = (78.4 + 7.75) ×
			// 1.05 = 90.4575, 90.46 in cents.
			name:     "gas priced per kWh for a record in m³",
			currency: "EUR",
			records:  []domain.RecordInput{rec(gas, "100", domain.CubicMeter, "2024-03-01", "2024-03-31")},
			tariffs:  []engine.Tariff{price(gas, "2024-01-01", "", "0.07", domain.KilowattHour, "0.25", "0.05")},
			query:    query(gas, "2024-03-01", "2024-03-31", domain.Monthly),
			want:     []string{"EUR 90.46 (31)", "2024-03-01 90.46 31/31"},
		},
		{
			// 112 kWh is 10 m³ at 11.2; at 0.8 a m³: 8.
			name:     "gas priced per m³ for a record in kWh",
			currency: "EUR",
			records:  []domain.RecordInput{rec(gas, "112", domain.KilowattHour, "2024-03-01", "2024-03-31")},
			tariffs:  []engine.Tariff{price(gas, "2024-01-01", "", "0.8", domain.CubicMeter, "0", "0")},
			query:    query(gas, "2024-03-01", "2024-03-31", ""),
			want:     []string{"EUR 8 (31)", "2024-03-01 8 31/31"},
		},
		{
			// 100 yen over three days is 33⅓ a day: rounded down, 99; the
			// yen the total needs goes to the first day, all remainders tied.
			name:     "yen have no minor unit",
			currency: "JPY",
			records:  []domain.RecordInput{billed(rec(elec, "3", domain.KilowattHour, "2024-05-01", "2024-05-03"), "100")},
			query:    query(elec, "2024-05-01", "2024-05-03", domain.Daily),
			want:     []string{"JPY 100 (3)", "2024-05-01 34 1/1", "2024-05-02 33 1/1", "2024-05-03 33 1/1"},
		},
		{
			// 10 kWh a day at 0.0125 dinar a kWh and 5% tax: 0.13125 a day,
			// 0.91875 over the week, 0.919 in fils (halves up). Each day
			// rounded down is 0.131, 0.917 in all; the two fils short go to
			// the first two days, all remainders tied at a quarter of a fils.
			name:     "dinars have three decimal places",
			currency: "KWD",
			records:  oneDayRecords(elec, "10", domain.KilowattHour, "2024-05-06", 7),
			tariffs:  []engine.Tariff{price(elec, "2024-01-01", "", "0.0125", domain.KilowattHour, "0", "0.05")},
			query:    query(elec, "2024-05-06", "2024-05-12", domain.Daily),
			want: []string{"KWD 0.919 (7)", "2024-05-06 0.132 1/1", "2024-05-07 0.132 1/1", "2024-05-08 0.131 1/1",
				"2024-05-09 0.131 1/1", "2024-05-10 0.131 1/1", "2024-05-11 0.131 1/1", "2024-05-12 0.131 1/1"},
		},
		{
			// 1 kWh a day in May, priced only from 11 to 20 May, at 1 a kWh:
			// 10 days of May have a known cost, 10. June has a tariff but no
			// record, so no day of it has a known cost.
			name:     "days with no price",
			currency: "EUR",
			records:  []domain.RecordInput{rec(elec, "31", domain.KilowattHour, "2024-05-01", "2024-05-31")},
			tariffs: []engine.Tariff{
				price(elec, "2024-05-11", "2024-05-20", "1", domain.KilowattHour, "0", "0"),
				price(elec, "2024-06-01", "", "1", domain.KilowattHour, "5", "0"),
			},
			query: query(elec, "2024-05-01", "2024-06-30", domain.Monthly),
			want:  []string{"EUR 10 (10)", "2024-05-01 10 10/31", "2024-06-01 0 0/30"},
		},
		{
			// A bill with a cost and one without, side by side in a month:
			// 15 billed days at 30, and 16 days of 16 kWh at 0.5: 30 + 8 = 38.
			name:     "a billed record beside a priced one",
			currency: "USD",
			records: []domain.RecordInput{
				billed(rec(elec, "15", domain.KilowattHour, "2024-07-01", "2024-07-15"), "30"),
				rec(elec, "16", domain.KilowattHour, "2024-07-16", "2024-07-31"),
			},
			tariffs: []engine.Tariff{price(elec, "2024-01-01", "", "0.5", domain.KilowattHour, "0", "0")},
			query:   query(elec, "2024-07-01", "2024-07-31", domain.Monthly),
			want:    []string{"USD 38 (31)", "2024-07-01 38 31/31"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := computeCosts(t, tt.currency, tt.records, tt.tariffs, tt.query)[0]
			if diff := cmp.Diff(tt.want, costs(a)); diff != "" {
				t.Errorf("costs (-want +got):\n%s", diff)
			}
			enginetest.CheckCosts(t, tt.name, a, enginetest.NewCostBook(tt.records, tt.tariffs, dec("11.2")))
		})
	}
}

// oneDayRecords returns n records of one day each, from the day first on.
func oneDayRecords(typ domain.Type, amount string, unit domain.Unit, first string, n int) []domain.RecordInput {
	out := make([]domain.RecordInput, n)
	for i := range out {
		day := d(first).AddDays(i).String()
		out[i] = rec(typ, amount, unit, day, day)
	}
	return out
}

func TestCostComparisons(t *testing.T) {
	elec := domain.Electricity
	records := []domain.RecordInput{
		billed(rec(elec, "31", domain.KilowattHour, "2023-03-01", "2023-03-31"), "31"), // a year before: 1 a day
		rec(elec, "29", domain.KilowattHour, "2024-02-01", "2024-02-29"),               // the previous period: 1 kWh a day
		rec(elec, "62", domain.KilowattHour, "2024-03-01", "2024-03-31"),
	}
	tariffs := []engine.Tariff{price(elec, "2024-01-01", "", "0.5", domain.KilowattHour, "0", "0")}
	a := computeCosts(t, "EUR", records, tariffs, engine.Query{Type: elec, Unit: domain.KilowattHour,
		From: d("2024-03-01"), To: d("2024-03-31"), Compare: true})[0]
	// March: 62 × 0.5 = 31. The previous period, 31 days from 2024-01-30:
	// 29 February days at 0.5, 14.5, and two days of January without a
	// record. March 2023: its bill, 31.
	got := fmt.Sprintf("%s (%d) | %s (%d) | %s (%d)", a.Costs.Total.Cost, a.Costs.Total.Days,
		a.Costs.PreviousPeriod.Cost, a.Costs.PreviousPeriod.Days, a.Costs.PreviousYear.Cost, a.Costs.PreviousYear.Days)
	if want := "31 (31) | 14.5 (29) | 31 (31)"; got != want {
		t.Errorf("costs %s, want %s", got, want)
	}
	enginetest.CheckCosts(t, "comparisons", a, enginetest.NewCostBook(records, tariffs, dec("11.2")))
}

// TestNoCostsUnlessAsked checks that a query that asks for no costs gets
// none, beside one that does.
func TestNoCostsUnlessAsked(t *testing.T) {
	q := engine.Query{Type: domain.Water, Unit: domain.Liter, From: d("2024-01-01"), To: d("2024-01-31")}
	withCosts := q
	withCosts.Costs = true
	p, err := engine.NewPlan([]engine.Query{q, withCosts})
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Read().CostTypes; len(got) != 1 || got[0] != domain.Water {
		t.Errorf("cost types %v, want WATER", got)
	}
	aggs, err := p.Compute(enginetest.ReadWithCosts(p.Read(), dec("11.2"), "EUR", nil, nil))
	if err != nil {
		t.Fatal(err)
	}
	if aggs[0].Costs != nil || aggs[1].Costs == nil {
		t.Errorf("costs %+v and %+v; want none, then some", aggs[0].Costs, aggs[1].Costs)
	}
	if p, _ := engine.NewPlan([]engine.Query{q}); p.Read().CostTypes != nil {
		t.Errorf("a plan without costs reads the tariffs of %v", p.Read().CostTypes)
	}
}

// TestCostsRefuseReadings checks that readings that do not fit the plan's
// costs are an error, never a wrong figure.
func TestCostsRefuseReadings(t *testing.T) {
	p, err := engine.NewPlan([]engine.Query{{Type: domain.Electricity, Unit: domain.KilowattHour,
		From: d("2024-01-01"), To: d("2024-01-31"), Granularity: domain.Monthly, Costs: true}})
	if err != nil {
		t.Fatal(err)
	}
	// Two records summed from 5 to 20 January, across a tariff's change on
	// the 10th, which the statement cuts at.
	summed := engine.Interval{Type: domain.Electricity, Unit: domain.KilowattHour, First: d("2024-01-05"), Last: d("2024-01-20"),
		Amount: dec("2"), Days: 2, Records: 2}
	tariffs := []engine.Tariff{price(domain.Electricity, "2024-01-10", "", "1", domain.KilowattHour, "0", "0")}
	tests := map[string]engine.Readings{
		"records summed across a tariff's edge": {Currency: "EUR", Intervals: []engine.Interval{summed}, Tariffs: tariffs},
		"no currency":                           {Currency: "", Tariffs: tariffs},
		"a currency that is none":               {Currency: "XXX", Tariffs: tariffs},
		"overlapping tariffs": {Currency: "EUR", Tariffs: append(tariffs,
			price(domain.Electricity, "2023-01-01", "2024-01-10", "1", domain.KilowattHour, "0", "0"))},
		"a tariff per litre of electricity": {Currency: "EUR", Tariffs: []engine.Tariff{
			price(domain.Electricity, "2024-01-10", "", "1", domain.Liter, "0", "0")}},
		"a tax above 1": {Currency: "EUR", Tariffs: []engine.Tariff{
			price(domain.Electricity, "2024-01-10", "", "1", domain.KilowattHour, "0", "1.5")}},
		"a cost on a record that is not billed": {Currency: "EUR", Intervals: []engine.Interval{{
			Type: domain.Electricity, Unit: domain.KilowattHour, First: d("2024-01-05"), Last: d("2024-01-05"),
			Amount: dec("2"), Days: 1, Records: 1, Cost: dec("3")}}},
	}
	for name, r := range tests {
		t.Run(name, func(t *testing.T) {
			r.GasKWhPerCubicMeter = dec("11.2")
			if aggs, err := p.Compute(r); err == nil {
				t.Errorf("computed %+v", aggs[0].Costs)
			}
		})
	}
}
