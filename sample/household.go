package sample

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/shopspring/decimal"

	"consumption/domain"
	"consumption/store"
)

// Months is how many whole months of sample data there are before the
// current one: three years.
const Months = 36

// A household of two or three people in a house with gas heating, in the
// northern hemisphere: about 3,000 kWh of electricity a year, a third more
// in winter; about 1,300 m³ of gas, mostly for heating from October to
// April; about 125 m³ of water, a little more in summer.
var (
	// heating is the share of the coldest month's heating that each month
	// needs, January first.
	heating = [12]float64{1, 0.92, 0.72, 0.45, 0.2, 0.05, 0, 0, 0.1, 0.38, 0.7, 0.93}
)

// Each type's use a day in a month (1 to 12), before the month's weather.
func electricityPerDay(m time.Month) float64 {
	return 8.2 + 2.6*math.Cos(2*math.Pi*float64(m-1)/12)
}

func gasPerDay(m time.Month) float64 { return 0.8 + 6*heating[m-1] }

func waterPerDay(m time.Month) float64 {
	return 0.32 + 0.08*max(0, -math.Cos(2*math.Pi*float64(m-1)/12))
}

// weather returns how much a month ran above or below its usual use of a
// type, from -spread to +spread, and year how much a whole year did (the
// household's habits drift: a warmer house one winter, a new fridge). Both
// are seeded by the type and the month or year alone, so that a month has
// the same figures whenever the data is loaded and for every account.
func weather(t domain.Type, year int, m time.Month, spread float64) float64 {
	return noise(t, 0, uint64(year*12+int(m)-1), spread)
}

func drift(t domain.Type, year int) float64 { return noise(t, 1, uint64(year), yearSpread) }

// yearSpread bounds how much one year's use of a type differs from another's.
const yearSpread = 0.07

func noise(t domain.Type, stream, at uint64, spread float64) float64 {
	seed := stream
	for _, c := range string(t) {
		seed = seed*31 + uint64(c)
	}
	rng := rand.New(rand.NewPCG(seed, at))
	return spread * (2*rng.Float64() - 1)
}

// usage returns what a type's use a day comes to over days start..end, in
// its unit, with each month's weather and each year's drift.
func usage(t domain.Type, perDay func(time.Month) float64, spread float64, start, end domain.Date) float64 {
	var sum float64
	for d := start; !d.After(end); d = d.AddDays(1) {
		sum += perDay(d.Month()) * (1 + weather(t, d.Year(), d.Month(), spread)) * (1 + drift(t, d.Year()))
	}
	return sum
}

// periods returns g's buckets over start..today, the first from start and
// the last ending today.
func periods(g domain.Granularity, start, today domain.Date) []domain.Bucket {
	bs := g.Buckets(start, today)
	bs[0].Start = start
	bs[len(bs)-1].End = today
	return bs
}

// Household returns the sample data of a household whose data ends on
// today: the Months whole months before today's and today's month so far,
// as monthly electricity bills with the cost each states, a gas meter read
// at the end of every month and today, quarterly water bills, the tariffs
// of the three, and a monthly budget of electricity.
func Household(today domain.Date) store.SampleData {
	start := domain.Monthly.BucketStart(today).AddMonths(-Months)
	d := store.SampleData{Tariffs: tariffs(start)}
	for _, p := range periods(domain.Monthly, start, today) {
		kwh := decimal.NewFromFloat(usage(domain.Electricity, electricityPerDay, 0.06, p.Start, p.End)).Round(0)
		d.Bills = append(d.Bills, domain.RecordInput{
			Type: domain.Electricity, Unit: domain.KilowattHour, Amount: kwh, PeriodStart: p.Start, PeriodEnd: p.End,
			Cost: billCost(d.Tariffs, domain.Electricity, kwh, p.Start, p.End), Notes: ptr("Sample electricity bill"),
			Source: domain.SourceSample,
		})
	}
	for _, p := range periods(domain.Quarterly, start, today) {
		m3 := decimal.NewFromFloat(usage(domain.Water, waterPerDay, 0.05, p.Start, p.End)).Round(1)
		d.Bills = append(d.Bills, domain.RecordInput{
			Type: domain.Water, Unit: domain.CubicMeter, Amount: m3, PeriodStart: p.Start, PeriodEnd: p.End,
			Notes: ptr("Sample water bill"), Source: domain.SourceSample,
		})
	}
	d.Meter = domain.MeterInput{
		Type: domain.Gas, Unit: domain.CubicMeter, Name: "Gas meter (sample)", SerialNumber: ptr("G4-SAMPLE-0001"),
		Digits: ptr(5), InstalledOn: start.AddDays(-1),
	}
	register := 18243.52
	d.Readings = []domain.ReadingInput{{ReadOn: d.Meter.InstalledOn, Value: decimal.NewFromFloat(register)}}
	for i, p := range periods(domain.Monthly, start, today) {
		register += usage(domain.Gas, gasPerDay, 0.08, p.Start, p.End)
		d.Readings = append(d.Readings, domain.ReadingInput{
			ReadOn: p.End, Value: decimal.NewFromFloat(register).Round(3),
			// Now and then the utility estimated a month it could not read.
			Estimated: i%7 == 4,
		})
	}
	d.Periods = domain.DerivePeriods(d.Meter, d.Readings)
	d.Budgets = []domain.BudgetInput{{
		Type: domain.Electricity, Granularity: domain.Monthly, Measure: domain.MeasureAmount,
		Limit: decimal.NewFromInt(300), Unit: ptr(domain.KilowattHour),
	}}
	return d
}

// tariffs returns the household's tariffs from start on: a two-year fixed
// price of electricity and its renewal, gas whose price rose after a year,
// and water at one price.
func tariffs(start domain.Date) []domain.TariffInput {
	dec := decimal.RequireFromString
	until := func(months int) *domain.Date { d := start.AddMonths(months).AddDays(-1); return &d }
	return []domain.TariffInput{
		{Type: domain.Electricity, Name: "Fixed price, two years", ValidFrom: start, ValidTo: until(24),
			UnitPrice: dec("0.285"), PriceUnit: domain.KilowattHour, StandingChargePerDay: dec("0.42"), TaxRate: dec("0.2")},
		{Type: domain.Electricity, Name: "Fixed price, renewed", ValidFrom: start.AddMonths(24),
			UnitPrice: dec("0.312"), PriceUnit: domain.KilowattHour, StandingChargePerDay: dec("0.45"), TaxRate: dec("0.2")},
		{Type: domain.Gas, Name: "Standard variable", ValidFrom: start, ValidTo: until(12),
			UnitPrice: dec("0.089"), PriceUnit: domain.KilowattHour, StandingChargePerDay: dec("0.3"), TaxRate: dec("0.2")},
		{Type: domain.Gas, Name: "Standard variable, new price", ValidFrom: start.AddMonths(12),
			UnitPrice: dec("0.101"), PriceUnit: domain.KilowattHour, StandingChargePerDay: dec("0.31"), TaxRate: dec("0.2")},
		{Type: domain.Water, Name: "Water and sewerage", ValidFrom: start,
			UnitPrice: dec("2.35"), PriceUnit: domain.CubicMeter, StandingChargePerDay: dec("0.12"), TaxRate: dec("0.1")},
	}
}

// billCost returns what a bill of amount (in the tariff's price unit) over
// start..end states, tax and standing charge included, to the cent: the
// price of the tariff of its type valid on its first day.
func billCost(ts []domain.TariffInput, t domain.Type, amount decimal.Decimal, start, end domain.Date) *decimal.Decimal {
	for _, tr := range ts {
		if tr.Type != t || start.Before(tr.ValidFrom) || tr.ValidTo != nil && start.After(*tr.ValidTo) {
			continue
		}
		days := decimal.NewFromInt(int64(end.DaysSince(start) + 1))
		cost := amount.Mul(tr.UnitPrice).Add(days.Mul(tr.StandingChargePerDay)).
			Mul(decimal.NewFromInt(1).Add(tr.TaxRate)).Round(2)
		return &cost
	}
	return nil
}

func ptr[T any](v T) *T { return &v }
