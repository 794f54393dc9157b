package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"
	"github.com/lib/pq"
	"github.com/shopspring/decimal"

	"consumption/domain"
	"consumption/engine"
	"consumption/store"
	"consumption/store/storetest"
)

// TestAggregateRead checks what the aggregate statement reads for a plan:
// each record once, those within a segment summed per type, unit and
// segment, those that cross a cut one by one, the record that reaches into a
// range from before it, and nobody else's records; whole months within a
// segment from their sums, which span the month.
func TestAggregateRead(t *testing.T) {
	ctx := context.Background()
	st := storetest.New(t)
	d := domain.MustParseDate
	rec := func(amount string, unit domain.Unit, from, to string) domain.RecordInput {
		return domain.RecordInput{Type: domain.Electricity, Unit: unit,
			Amount: decimal.RequireFromString(amount), PeriodStart: d(from), PeriodEnd: d(to)}
	}
	records := []domain.RecordInput{
		rec("17", domain.KilowattHour, "2023-12-20", "2024-01-05"), // reaches into the first range from before
		rec("1", domain.KilowattHour, "2024-01-06", "2024-01-06"),
		rec("2", domain.KilowattHour, "2024-01-07", "2024-01-08"),
		rec("1000.5", domain.WattHour, "2024-01-09", "2024-01-09"),
		rec("1", domain.KilowattHour, "2024-01-10", "2024-01-10"),
		rec("12", domain.KilowattHour, "2024-01-25", "2024-02-05"), // crosses the first of February
		rec("61", domain.KilowattHour, "2024-02-10", "2024-04-10"), // from the first range into the second
		rec("2", domain.KilowattHour, "2024-04-15", "2024-04-15"),
		rec("9", domain.KilowattHour, "2024-06-01", "2024-06-30"), // after both
		{Type: domain.Water, Unit: domain.Liter, Amount: decimal.RequireFromString("5"),
			PeriodStart: d("2024-01-01"), PeriodEnd: d("2024-01-01")}, // a type nobody asked for
	}
	user := storetest.NewUser(t, st, records...)
	storetest.NewUser(t, st, records[1:4]...) // someone else
	cv := decimal.RequireFromString("10.5")
	if _, err := st.ForUser(user).Account.UpdateSettings(ctx, domain.Settings{GasKWhPerCubicMeter: &cv}); err != nil {
		t.Fatal(err)
	}

	// read reads what the queries' plan needs, and its intervals as text,
	// sorted.
	read := func(t *testing.T, qs ...engine.Query) (*engine.Plan, engine.Readings, []string) {
		t.Helper()
		plan, err := engine.NewPlan(qs)
		if err != nil {
			t.Fatal(err)
		}
		got, err := st.ForUser(user).Aggregates.Read(ctx, plan.Read())
		if err != nil {
			t.Fatal(err)
		}
		var intervals []string
		for _, iv := range got.Intervals {
			intervals = append(intervals, fmt.Sprintf("%s %s..%s %s %s, %d days, %d records",
				iv.Type, iv.First, iv.Last, iv.Amount, iv.Unit, iv.Days, iv.Records))
		}
		slices.Sort(intervals)
		return plan, got, intervals
	}
	plan, got, intervals := read(t,
		engine.Query{Type: domain.Electricity, Unit: domain.KilowattHour, From: d("2024-01-01"), To: d("2024-02-29"), Granularity: domain.Monthly},
		engine.Query{Type: domain.Electricity, Unit: domain.KilowattHour, From: d("2024-04-01"), To: d("2024-04-30")},
	)
	want := []string{
		"ELECTRICITY 2023-12-20..2024-01-05 17 KWH, 17 days, 1 records",
		"ELECTRICITY 2024-01-01..2024-01-31 1000.5 WH, 1 days, 1 records",
		"ELECTRICITY 2024-01-01..2024-01-31 4 KWH, 4 days, 3 records",
		"ELECTRICITY 2024-01-25..2024-02-05 12 KWH, 12 days, 1 records",
		"ELECTRICITY 2024-02-10..2024-04-10 61 KWH, 61 days, 1 records",
		"ELECTRICITY 2024-04-01..2024-04-30 2 KWH, 1 days, 1 records",
	}
	if diff := cmp.Diff(want, intervals); diff != "" {
		t.Errorf("intervals (-want +got):\n%s", diff)
	}

	t.Run("weeks read records", func(t *testing.T) {
		// Weeks cut every month: its records are read, those within a
		// week summed, from the record that reaches into the range.
		_, _, intervals := read(t, engine.Query{Type: domain.Electricity, Unit: domain.KilowattHour,
			From: d("2024-01-01"), To: d("2024-01-14"), Granularity: domain.Weekly})
		want := []string{
			"ELECTRICITY 2023-12-20..2024-01-05 17 KWH, 17 days, 1 records",
			"ELECTRICITY 2024-01-06..2024-01-06 1 KWH, 1 days, 1 records",
			"ELECTRICITY 2024-01-07..2024-01-08 2 KWH, 2 days, 1 records", // crosses into the second week
			"ELECTRICITY 2024-01-09..2024-01-09 1000.5 WH, 1 days, 1 records",
			"ELECTRICITY 2024-01-10..2024-01-10 1 KWH, 1 days, 1 records",
		}
		if diff := cmp.Diff(want, intervals); diff != "" {
			t.Errorf("intervals (-want +got):\n%s", diff)
		}
	})
	if got.GasKWhPerCubicMeter.String() != "10.5" {
		t.Errorf("calorific value %s, want 10.5", got.GasKWhPerCubicMeter)
	}

	t.Run("a user who is gone is not found", func(t *testing.T) {
		_, err := st.ForUser(uuid.New()).Aggregates.Read(ctx, plan.Read())
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("got %v, want ErrNotFound", err)
		}
	})
}

// TestAggregateReadCosts checks what the aggregate statement reads when
// costs are asked: the tariffs of the types asked, whose edges cut the
// segments too, records with a cost summed apart from those without, and
// the user's currency; and none of it when costs are not asked.
func TestAggregateReadCosts(t *testing.T) {
	ctx := context.Background()
	st := storetest.New(t)
	d := domain.MustParseDate
	day := func(amount, cost string, on string) domain.RecordInput {
		r := domain.RecordInput{Type: domain.Electricity, Unit: domain.KilowattHour,
			Amount: decimal.RequireFromString(amount), PeriodStart: d(on), PeriodEnd: d(on)}
		if cost != "" {
			c := decimal.RequireFromString(cost)
			r.Cost = &c
		}
		return r
	}
	user := storetest.NewUser(t, st,
		day("1", "", "2024-01-03"), day("2", "", "2024-01-04"), // before the tariffs change on the 5th
		day("3", "", "2024-01-05"), day("4", "0.4", "2024-01-06"), day("5", "0.5", "2024-01-07"),
		domain.RecordInput{Type: domain.Gas, Unit: domain.CubicMeter, Amount: decimal.RequireFromString("7"),
			PeriodStart: d("2024-01-01"), PeriodEnd: d("2024-01-31")},
	)
	jpy := "JPY"
	if _, err := st.ForUser(user).Account.UpdateSettings(ctx, domain.Settings{Currency: &jpy}); err != nil {
		t.Fatal(err)
	}
	tariff := func(typ domain.Type, from string, to *domain.Date, unit domain.Unit) domain.TariffInput {
		return domain.TariffInput{Type: typ, Name: "t", ValidFrom: d(from), ValidTo: to, PriceUnit: unit,
			UnitPrice: decimal.RequireFromString("0.25"), StandingChargePerDay: decimal.RequireFromString("1.5"),
			TaxRate: decimal.RequireFromString("0.1")}
	}
	jan4 := d("2024-01-04")
	for _, in := range []domain.TariffInput{
		tariff(domain.Electricity, "2023-01-01", &jan4, domain.KilowattHour),
		tariff(domain.Electricity, "2024-01-05", nil, domain.MegawattHour),
		tariff(domain.Gas, "2024-01-01", nil, domain.KilowattHour),
	} {
		if _, err := st.ForUser(user).Tariffs.Create(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	read := func(costs bool) engine.Readings {
		t.Helper()
		plan, err := engine.NewPlan([]engine.Query{{Type: domain.Electricity, Unit: domain.KilowattHour,
			From: d("2024-01-01"), To: d("2024-01-31"), Granularity: domain.Monthly, Costs: costs}})
		if err != nil {
			t.Fatal(err)
		}
		got, err := st.ForUser(user).Aggregates.Read(ctx, plan.Read())
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	intervals := func(r engine.Readings) []string {
		var out []string
		for _, iv := range r.Intervals {
			s := fmt.Sprintf("%s..%s %s, %d records", iv.First, iv.Last, iv.Amount, iv.Records)
			if iv.Billed {
				s += " costing " + iv.Cost.String()
			}
			out = append(out, s)
		}
		slices.Sort(out)
		return out
	}

	t.Run("with costs", func(t *testing.T) {
		got := read(true)
		want := []string{
			"2024-01-03..2024-01-04 3, 2 records", // the first tariff's days
			"2024-01-05..2024-01-05 3, 1 records", // the second's, without a cost
			"2024-01-06..2024-01-07 9, 2 records costing 0.9",
		}
		if diff := cmp.Diff(want, intervals(got)); diff != "" {
			t.Errorf("intervals (-want +got):\n%s", diff)
		}
		var tariffs []string
		for _, tr := range got.Tariffs {
			tariffs = append(tariffs, fmt.Sprintf("%s %s..%s %s per %s, %s a day, tax %s", tr.Type, tr.From, tr.To,
				tr.UnitPrice, tr.PriceUnit, tr.StandingChargePerDay, tr.TaxRate))
		}
		slices.Sort(tariffs)
		wantTariffs := []string{ // only electricity's: gas was not asked
			"ELECTRICITY 2023-01-01..2024-01-04 0.25 per KWH, 1.5 a day, tax 0.1",
			"ELECTRICITY 2024-01-05..0001-01-01 0.25 per MWH, 1.5 a day, tax 0.1", // the zero Date: no end
		}
		if diff := cmp.Diff(wantTariffs, tariffs); diff != "" {
			t.Errorf("tariffs (-want +got):\n%s", diff)
		}
		if got.Currency != "JPY" {
			t.Errorf("currency %q, want JPY", got.Currency)
		}
	})
	t.Run("without costs", func(t *testing.T) {
		got := read(false)
		// January whole, from its sums.
		want := []string{"2024-01-01..2024-01-31 15, 5 records"}
		if diff := cmp.Diff(want, intervals(got)); diff != "" || len(got.Tariffs) != 0 {
			t.Errorf("intervals (-want +got):\n%s\ntariffs: %+v", diff, got.Tariffs)
		}
	})
}

// TestAggregateReadIsBoundByRowLevelSecurity reads, as one user, with the
// statement of another's aggregates: row-level security alone hides the
// other's records and settings, and the read answers as for a user who is
// gone.
func TestAggregateReadIsBoundByRowLevelSecurity(t *testing.T) {
	ctx := context.Background()
	st := storetest.New(t)
	day := domain.NewDate(2024, 1, 1)
	rec := domain.RecordInput{Type: domain.Water, Unit: domain.Liter, Amount: decimal.NewFromInt(5), PeriodStart: day, PeriodEnd: day}
	me, other := storetest.NewUser(t, st, rec), storetest.NewUser(t, st, rec)
	plan, err := engine.NewPlan([]engine.Query{{Type: domain.Water, Unit: domain.Liter, From: day, To: day}})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := store.ReadOthersRecords(ctx, st, me, me, plan.Read()); err != nil || len(got.Intervals) != 1 {
		t.Fatalf("my own records: %+v, %v; want one interval", got, err)
	}
	got, err := store.ReadOthersRecords(ctx, st, me, other, plan.Read())
	if !errors.Is(err, store.ErrNotFound) || len(got.Intervals) != 0 {
		t.Errorf("another's records: %+v, %v; want nothing and ErrNotFound", got, err)
	}
}

// TestAggregateReadPreparesOnItsConnection reads through a store of one
// connection: the first read prepares the statement on it, a read after
// the statement was dropped prepares it again (the failed attempt's
// transaction rolled back first, or preparing would fail), and the
// connection serves other transactions after.
func TestAggregateReadPreparesOnItsConnection(t *testing.T) {
	ctx := context.Background()
	dbURL := storetest.NewDatabase(t)
	storetest.Open(t, dbURL, true) // migrating takes more than one connection
	st := storetest.OpenWith(t, dbURL, store.PoolOptions{MaxOpenConns: 1}, false)
	if store.IsCitus(st) {
		t.Skip("on Citus aggregates read in a transaction of the usual kind, not in one trip")
	}
	day := domain.NewDate(2024, 1, 1)
	rec := domain.RecordInput{Type: domain.Gas, Unit: domain.CubicMeter, Amount: decimal.NewFromInt(5), PeriodStart: day, PeriodEnd: day}
	user := storetest.NewUser(t, st, rec)
	plan, err := engine.NewPlan([]engine.Query{{Type: domain.Gas, Unit: domain.CubicMeter, From: day, To: day}})
	if err != nil {
		t.Fatal(err)
	}
	read := func(when string) {
		t.Helper()
		got, err := st.ForUser(user).Aggregates.Read(ctx, plan.Read())
		if err != nil || len(got.Intervals) != 1 || got.Intervals[0].Amount.String() != "5" {
			t.Fatalf("%s: %+v, %v; want the record of 5 m³", when, got, err)
		}
	}
	read("first")
	read("again")
	if _, err := store.DB(st).ExecContext(ctx, `DEALLOCATE aggregate_read_ungrouped`); err != nil {
		t.Fatal(err)
	}
	read("after the statement was dropped")
	next := day.AddDays(1)
	if _, err := st.ForUser(user).Records.Create(ctx, domain.RecordInput{Type: domain.Gas, Unit: domain.CubicMeter,
		Amount: decimal.NewFromInt(1), PeriodStart: next, PeriodEnd: next}); err != nil {
		t.Errorf("a transaction after the reads: %v", err)
	}
}

// TestArrayTextReadsWhatPostgreSQLWrites sends strings that PostgreSQL must
// quote and escape, and a NULL, and walks the array it sends back.
func TestArrayTextReadsWhatPostgreSQLWrites(t *testing.T) {
	db := storetest.New(t).Pools()["primary"]
	values := []string{"", "NULL", "null", "a,b", "{c}", " d ", `say "hi"`, `back\slash`, "m³", "tab\there", "line\nbreak", "ELECTRICITY", "-1.250000"}
	var text []byte
	err := db.QueryRowContext(context.Background(), `SELECT array_append($1::text[], NULL)`, pq.Array(values)).Scan(&text)
	if err != nil {
		t.Fatal(err)
	}
	got, err := store.WalkArrayText(text)
	if err != nil {
		t.Fatalf("%s: %v", text, err)
	}
	if diff := cmp.Diff(append(values, store.NullElement), got); diff != "" {
		t.Errorf("%s: elements (-want +got):\n%s", text, diff)
	}
}

// TestAggregateReadPacked reads a year's daily series, whose rows come
// packed into arrays, and reads it again with them one by one: the two
// read the same.
func TestAggregateReadPacked(t *testing.T) {
	ctx := context.Background()
	st := storetest.New(t)
	d := domain.MustParseDate
	var records []domain.RecordInput
	for day := d("2024-01-01"); !day.After(d("2025-01-31")); day = day.AddDays(1) {
		records = append(records, domain.RecordInput{Type: domain.Electricity, Unit: domain.KilowattHour,
			Amount: decimal.New(int64(day.Days()%17), -1), PeriodStart: day, PeriodEnd: day})
	}
	records = append(records,
		domain.RecordInput{Type: domain.Gas, Unit: domain.CubicMeter, Amount: decimal.RequireFromString("12.5"),
			PeriodStart: d("2023-12-20"), PeriodEnd: d("2024-01-19")},
		domain.RecordInput{Type: domain.Gas, Unit: domain.KilowattHour, Amount: decimal.RequireFromString("100.25"),
			PeriodStart: d("2024-06-02"), PeriodEnd: d("2024-06-02")})
	user := storetest.NewUser(t, st, records...)

	var qs []engine.Query
	for _, typ := range []domain.Type{domain.Electricity, domain.Gas} {
		qs = append(qs, engine.Query{Type: typ, Unit: domain.KilowattHour, From: d("2024-01-01"), To: d("2024-12-31"), Granularity: domain.Daily})
	}
	plan, err := engine.NewPlan(qs)
	if err != nil {
		t.Fatal(err)
	}
	if _, name, _, err := store.ExplainAggregateRead(ctx, st, user, plan.Read()); err != nil || name != "aggregate_read_packed" {
		t.Fatalf("a year's daily series reads with %q (%v); want it packed", name, err)
	}
	packed, err := st.ForUser(user).Aggregates.Read(ctx, plan.Read())
	if err != nil {
		t.Fatal(err)
	}
	unpacked, err := store.ReadUnpacked(ctx, st, user, plan.Read())
	if err != nil {
		t.Fatal(err)
	}
	if len(packed.Intervals) < 366 {
		t.Fatalf("%d intervals; want one for each day at least", len(packed.Intervals))
	}
	if diff := cmp.Diff(unpacked, packed, cmp.Comparer(func(a, b engine.Decimal) bool { return a.String() == b.String() })); diff != "" {
		t.Errorf("packed read (-unpacked +packed):\n%s", diff)
	}
}
