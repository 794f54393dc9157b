package store_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"
	"github.com/shopspring/decimal"
	"golang.org/x/sync/errgroup"

	"consumption/domain"
	"consumption/meters"
	"consumption/sample"
	"consumption/store"
	"consumption/store/storetest"
)

// monthSum is a row of record_month_sums, every column as text but the
// counts, so that amounts compare exactly, scale and all.
type monthSum struct {
	User    string `db:"user_id"`
	Type    string `db:"type"`
	Month   string `db:"month"`
	Unit    string `db:"unit"`
	Amount  string `db:"amount"`
	Days    int    `db:"days"`
	Records int    `db:"records"`
}

// The sums as the trigger kept them, and as the records say they should
// be: those of the records whose first and last days lie in one month.
const (
	storedMonthSums = `
		SELECT user_id::text, type, month::text, unit, amount::text, days, records
		FROM record_month_sums ORDER BY 1, 2, 3, 4`
	recomputedMonthSums = `
		SELECT user_id::text, type, date_trunc('month', period_start::timestamp)::date::text AS month, unit,
			sum(amount)::text AS amount, sum(period_end - period_start + 1)::int AS days, count(*)::int AS records
		FROM consumption_records
		WHERE date_trunc('month', period_start::timestamp) = date_trunc('month', period_end::timestamp)
		GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`
)

// checkMonthSums fails the test unless record_month_sums holds exactly the
// sums of the records, row for row; it returns the rows.
func checkMonthSums(t *testing.T, st *store.Store, when string) []monthSum {
	t.Helper()
	ctx := context.Background()
	var stored, want []monthSum
	if err := store.DB(st).SelectContext(ctx, &stored, storedMonthSums); err != nil {
		t.Fatal(err)
	}
	if err := store.DB(st).SelectContext(ctx, &want, recomputedMonthSums); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, stored); diff != "" {
		t.Fatalf("%s: record_month_sums differs from the records' sums (-want +got):\n%s", when, diff)
	}
	return stored
}

// fixedCalendar says it is the same day for everyone.
type fixedCalendar domain.Date

func (c fixedCalendar) Today(context.Context, uuid.UUID) (domain.Date, error) {
	return domain.Date(c), nil
}

// refused reports whether err is a refusal that a random operation may
// meet (an overlap, a rule of readings), rather than a failure.
func refused(err error) bool {
	var (
		overlap *store.OverlapError
		one     *domain.Error
		many    domain.Errors
	)
	return errors.As(err, &overlap) || errors.As(err, &one) || errors.As(err, &many)
}

// TestRecordMonthSums runs a seeded random sequence of writes through the
// store's own methods (and the meters' and the sample's services, which
// derive records), and after each one wants record_month_sums to equal the
// sums of the records, exactly.
func TestRecordMonthSums(t *testing.T) {
	ctx := context.Background()
	st := storetest.New(t)
	today := domain.NewDate(2025, 1, 31)
	rng := rand.New(rand.NewPCG(16, 2025))

	// A record of the manual kind: a day, a few days within a month or
	// across its end, or a month or more.
	firstDay := domain.NewDate(2024, 1, 1)
	units := map[domain.Type][]domain.Unit{
		domain.Electricity: {domain.WattHour, domain.KilowattHour, domain.MegawattHour},
		domain.Water:       {domain.Liter, domain.CubicMeter},
	}
	types := []domain.Type{domain.Electricity, domain.Water}
	randomPeriod := func() (domain.Date, domain.Date) {
		start := firstDay.AddDays(rng.IntN(366))
		length := []int{1, 1 + rng.IntN(5), 1 + rng.IntN(20), 28 + rng.IntN(40)}[rng.IntN(4)]
		return start, start.AddDays(length - 1)
	}
	randomAmount := func() decimal.Decimal { return decimal.New(rng.Int64N(10_000_000), -int32(rng.IntN(7))) }
	randomRecord := func() domain.RecordInput {
		typ := types[rng.IntN(len(types))]
		start, end := randomPeriod()
		return domain.RecordInput{Type: typ, Unit: units[typ][rng.IntN(len(units[typ]))], Amount: randomAmount(), PeriodStart: start, PeriodEnd: end}
	}

	user := storetest.NewUser(t, st)
	records := st.ForUser(user).Records
	var ids []uuid.UUID
	create := func(ins ...domain.RecordInput) {
		created, err := records.CreateMany(ctx, ins)
		if refused(err) {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range created {
			ids = append(ids, r.ID)
		}
	}
	update := func(change func(*domain.RecordInput)) {
		if len(ids) == 0 {
			return
		}
		_, err := records.Update(ctx, ids[rng.IntN(len(ids))], func(r domain.Record) (domain.RecordInput, error) {
			in := r.RecordInput
			change(&in)
			return in, nil
		})
		if err != nil && !refused(err) {
			t.Fatal(err)
		}
	}

	// A gas meter: its readings derive gas records, which no manual record
	// of this test overlaps. A reading's value grows with its day, so that
	// any set of them is in order.
	meterService := meters.NewService(st, fixedCalendar(today))
	installed := domain.NewDate(2023, 11, 20)
	valueOn := func(d domain.Date) decimal.Decimal { return decimal.New(int64(d.DaysSince(installed))*3217, -3) }
	meter, err := meterService.Create(ctx, user, domain.MeterInput{
		Type: domain.Gas, Unit: domain.CubicMeter, Name: "gas", InstalledOn: installed,
	}, ptr(valueOn(installed)))
	if err != nil {
		t.Fatal(err)
	}
	var readings []uuid.UUID
	randomReadingDay := func() domain.Date { return installed.AddDays(1 + rng.IntN(today.DaysSince(installed))) }
	meterStep := func() {
		var err error
		switch op := rng.IntN(10); {
		case op < 5 || len(readings) == 0:
			var r domain.Reading
			day := randomReadingDay()
			r, err = meterService.AddReading(ctx, user, meters.NewReading{
				MeterID: meter.ID.String(), ReadingInput: domain.ReadingInput{ReadOn: day, Value: valueOn(day)},
			})
			if err == nil {
				readings = append(readings, r.ID)
			}
		case op < 7:
			day := randomReadingDay()
			_, err = meterService.UpdateReading(ctx, user, readings[rng.IntN(len(readings))].String(), func(in domain.ReadingInput) domain.ReadingInput {
				in.ReadOn, in.Value = day, valueOn(day)
				return in
			})
		case op < 9:
			i := rng.IntN(len(readings))
			if err = meterService.DeleteReading(ctx, user, readings[i].String()); err == nil {
				readings = slices.Delete(readings, i, i+1)
			}
		default:
			// A new unit re-derives every period: their units change.
			_, err = meterService.Update(ctx, user, meter.ID.String(), func(in domain.MeterInput) domain.MeterInput {
				in.Unit = map[domain.Unit]domain.Unit{domain.CubicMeter: domain.KilowattHour, domain.KilowattHour: domain.CubicMeter}[in.Unit]
				return in
			})
		}
		if err != nil && !refused(err) {
			t.Fatal(err)
		}
	}

	const steps = 300
	for step := range steps {
		switch op := rng.IntN(100); {
		case op < 20:
			create(randomRecord())
		case op < 30:
			ins := make([]domain.RecordInput, 2+rng.IntN(8))
			for i := range ins {
				ins[i] = randomRecord()
			}
			create(ins...)
		case op < 40:
			update(func(in *domain.RecordInput) { in.Amount = randomAmount() })
		case op < 45:
			update(func(in *domain.RecordInput) { in.Unit = units[in.Type][rng.IntN(len(units[in.Type]))] })
		case op < 55:
			update(func(in *domain.RecordInput) { in.PeriodStart, in.PeriodEnd = randomPeriod() })
		case op < 60:
			// Within its month, or out of it by a day.
			update(func(in *domain.RecordInput) { in.PeriodEnd = in.PeriodStart.AddDays(rng.IntN(3)) })
		case op < 65:
			update(func(in *domain.RecordInput) {
				in.Type = types[rng.IntN(len(types))]
				in.Unit = units[in.Type][rng.IntN(len(units[in.Type]))]
				in.Amount = randomAmount()
			})
		case op < 68:
			// Nothing summed changes.
			update(func(in *domain.RecordInput) { in.Notes = ptr(fmt.Sprint("step ", step)) })
		case op < 80:
			if len(ids) > 0 {
				i := rng.IntN(len(ids))
				if err := records.Delete(ctx, ids[i]); err != nil {
					t.Fatal(err)
				}
				ids = slices.Delete(ids, i, i+1)
			}
		default:
			meterStep()
		}
		checkMonthSums(t, st, fmt.Sprint("step ", step))
	}

	// The run must have summed months of every kind, and left records
	// across months out, or the comparisons above proved little.
	var kinds struct {
		Months   int `db:"months"`
		Meter    int `db:"meter"`
		Crossing int `db:"crossing"`
		Several  int `db:"several"`
	}
	err = store.DB(st).GetContext(ctx, &kinds, `
		SELECT (SELECT count(*) FROM record_month_sums WHERE user_id = $1) AS months,
			(SELECT count(*) FROM record_month_sums WHERE user_id = $1 AND type = 'GAS') AS meter,
			(SELECT count(*) FROM record_month_sums WHERE user_id = $1 AND records > 1) AS several,
			(SELECT count(*) FROM consumption_records WHERE user_id = $1
				AND date_trunc('month', period_start::timestamp) <> date_trunc('month', period_end::timestamp)) AS crossing`, user)
	if err != nil {
		t.Fatal(err)
	}
	if kinds.Months < 10 || kinds.Meter == 0 || kinds.Several < 5 || kinds.Crossing < 5 {
		t.Fatalf("the run left too little to compare: %+v", kinds)
	}

	t.Run("sample data loaded, changed and removed", func(t *testing.T) {
		household := storetest.NewUser(t, st)
		if err := st.ForUser(household).Sample.Load(ctx, sample.Household(today)); err != nil {
			t.Fatal(err)
		}
		if sums := checkMonthSums(t, st, "sample loaded"); !slices.ContainsFunc(sums, func(s monthSum) bool { return s.User == household.String() }) {
			t.Fatal("the sample's records left no sums")
		}
		page, err := st.ForUser(household).Records.List(ctx, store.ListOptions{Order: store.DefaultOrder, First: 5})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range page.Records {
			_, err := st.ForUser(household).Records.Update(ctx, r.ID, func(r domain.Record) (domain.RecordInput, error) {
				r.Amount = r.Amount.Add(decimal.New(15, -1))
				return r.RecordInput, nil
			})
			if err != nil && !errors.Is(err, store.ErrDerivedRecord) {
				t.Fatal(err)
			}
		}
		checkMonthSums(t, st, "sample changed")
		if _, err := st.ForUser(household).Sample.Remove(ctx); err != nil {
			t.Fatal(err)
		}
		if sums := checkMonthSums(t, st, "sample removed"); slices.ContainsFunc(sums, func(s monthSum) bool { return s.User == household.String() }) {
			t.Fatal("sums of the removed sample remain")
		}
	})

	t.Run("a meter deleted with its periods", func(t *testing.T) {
		if err := meterService.Delete(ctx, user, meter.ID.String()); err != nil {
			t.Fatal(err)
		}
		checkMonthSums(t, st, "meter deleted")
	})

	t.Run("an account deleted with its records", func(t *testing.T) {
		if err := st.ForUser(user).Account.Delete(ctx); err != nil {
			t.Fatal(err)
		}
		if sums := checkMonthSums(t, st, "account deleted"); slices.ContainsFunc(sums, func(s monthSum) bool { return s.User == user.String() }) {
			t.Fatal("sums of the deleted account remain")
		}
	})
}

// TestRecordMonthSumsConcurrently writes records of one user and one month
// from many transactions at once, creating, changing and deleting: the
// trigger's writes of the month's row take turns, and lose none.
func TestRecordMonthSumsConcurrently(t *testing.T) {
	ctx := context.Background()
	st := storetest.New(t)
	user := storetest.NewUser(t, st)
	records := st.ForUser(user).Records
	const writers = 12
	day := func(i int) domain.Date { return domain.NewDate(2024, 3, 1+2*i) }
	// Every other day of March is taken by a record to be deleted or
	// changed concurrently with the creations on the days between.
	var doomed []uuid.UUID
	for i := range writers {
		r, err := records.Create(ctx, domain.RecordInput{
			Type: domain.Electricity, Unit: domain.KilowattHour, Amount: decimal.New(int64(100+i), -2), PeriodStart: day(i), PeriodEnd: day(i),
		})
		if err != nil {
			t.Fatal(err)
		}
		doomed = append(doomed, r.ID)
	}

	var g errgroup.Group
	for i := range writers {
		g.Go(func() error {
			next := day(i).AddDays(1)
			_, err := records.Create(ctx, domain.RecordInput{
				Type: domain.Electricity, Unit: domain.KilowattHour, Amount: decimal.New(int64(1000+i), -3), PeriodStart: next, PeriodEnd: next,
			})
			return err
		})
		g.Go(func() error {
			if i%2 == 0 {
				return records.Delete(ctx, doomed[i])
			}
			_, err := records.Update(ctx, doomed[i], func(r domain.Record) (domain.RecordInput, error) {
				r.Amount = r.Amount.Mul(decimal.NewFromInt(3))
				return r.RecordInput, nil
			})
			return err
		})
	}
	if err := g.Wait(); err != nil {
		t.Fatal(err)
	}
	sums := checkMonthSums(t, st, "after the concurrent writes")
	if len(sums) != 1 || sums[0].Records != writers+writers/2 {
		t.Fatalf("sums %+v, want one month of %d records", sums, writers+writers/2)
	}

	t.Run("a month's last record deleted as another is created", func(t *testing.T) {
		// Whether the row goes with the deleted record depends on the
		// creation committed meanwhile: read before it, it would.
		other := storetest.NewUser(t, st)
		records := st.ForUser(other).Records
		lone := make([]uuid.UUID, 24)
		for m := range lone {
			day := domain.NewDate(2023, time.Month(1+m), 1)
			r, err := records.Create(ctx, domain.RecordInput{
				Type: domain.Water, Unit: domain.Liter, Amount: decimal.NewFromInt(1), PeriodStart: day, PeriodEnd: day,
			})
			if err != nil {
				t.Fatal(err)
			}
			lone[m] = r.ID
		}
		var g errgroup.Group
		for m, id := range lone {
			g.Go(func() error { return records.Delete(ctx, id) })
			g.Go(func() error {
				day := domain.NewDate(2023, time.Month(1+m), 15)
				_, err := records.Create(ctx, domain.RecordInput{
					Type: domain.Water, Unit: domain.Liter, Amount: decimal.NewFromInt(2), PeriodStart: day, PeriodEnd: day,
				})
				return err
			})
		}
		if err := g.Wait(); err != nil {
			t.Fatal(err)
		}
		sums := checkMonthSums(t, st, "after the concurrent deletions and creations")
		mine := slices.DeleteFunc(sums, func(s monthSum) bool { return s.User != other.String() })
		if len(mine) != len(lone) {
			t.Fatalf("%d months summed, want %d: %+v", len(mine), len(lone), mine)
		}
	})
}

// TestRecordMonthSumsBackfill stores records before the migration that
// made record_month_sums, then migrates: the migration sums them. On a
// Citus cluster the other tables are distributed by then, as on a cluster
// that ran the migrations before this one.
func TestRecordMonthSumsBackfill(t *testing.T) {
	ctx := context.Background()
	st := storetest.New(t)
	const migration = "0016_record_month_sums.sql"
	migrateDownBefore(t, st, migration)
	var ins []domain.RecordInput
	for i := range 40 {
		// Days of 1, 2 and 3 days from New Year's Eve on: some cross into
		// the next month.
		start := domain.NewDate(2023, 12, 31).AddDays(i * 4)
		ins = append(ins, domain.RecordInput{
			Type: domain.Gas, Unit: []domain.Unit{domain.CubicMeter, domain.KilowattHour}[i%2],
			Amount: decimal.New(int64(i)*1234567, -6), PeriodStart: start, PeriodEnd: start.AddDays(i % 3),
		})
	}
	a, b := storetest.NewUser(t, st, ins...), storetest.NewUser(t, st, ins[:7]...)
	if _, err := st.Migrate(ctx, store.Up); err != nil {
		t.Fatal(err)
	}
	sums := checkMonthSums(t, st, "after the migration")
	for _, user := range []uuid.UUID{a, b} {
		if !slices.ContainsFunc(sums, func(s monthSum) bool { return s.User == user.String() }) {
			t.Errorf("no sums of user %s", user)
		}
	}
	// On a Citus cluster the tables were distributed before the migration
	// ran: it distributed its table itself.
	placements, err := st.TablePlacements(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if p, ok := placements["record_month_sums"]; len(placements) > 0 && (!ok || p != store.Distributed) {
		t.Errorf("record_month_sums is %q on the Citus cluster, want %q", p, store.Distributed)
	}
	// The trigger works on the sums that the migration wrote.
	if _, err := st.ForUser(a).Records.Create(ctx, domain.RecordInput{
		Type: domain.Gas, Unit: domain.CubicMeter, Amount: decimal.NewFromInt(7), PeriodStart: domain.NewDate(2024, 1, 2), PeriodEnd: domain.NewDate(2024, 1, 2),
	}); err != nil {
		t.Fatal(err)
	}
	checkMonthSums(t, st, "after a record created")
}

// TestRecordMonthSumsTenancy reads the sums in a user's scope without a
// filter: row-level security shows the user's own alone, and refuses
// writes in another's name.
func TestRecordMonthSumsTenancy(t *testing.T) {
	ctx := context.Background()
	st := storetest.New(t)
	day := domain.NewDate(2024, 5, 5)
	record := domain.RecordInput{Type: domain.Water, Unit: domain.Liter, Amount: decimal.NewFromInt(5), PeriodStart: day, PeriodEnd: day}
	alice, bob := storetest.NewUser(t, st, record), storetest.NewUser(t, st)
	var all int
	if err := store.DB(st).GetContext(ctx, &all, `SELECT count(*) FROM record_month_sums`); err != nil || all != 1 {
		t.Fatalf("unscoped count = %d (%v), want alice's one row", all, err)
	}
	count := func(who uuid.UUID) int {
		t.Helper()
		var n int
		if err := store.InUserTx(ctx, st, who, func(tx *sqlx.Tx) error {
			return tx.GetContext(ctx, &n, `SELECT count(*) FROM record_month_sums`)
		}); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(alice); n != 1 {
		t.Errorf("alice sees %d rows, want 1", n)
	}
	if n := count(bob); n != 0 {
		t.Errorf("bob sees %d of alice's rows", n)
	}
	err := store.InUserTx(ctx, st, bob, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO record_month_sums (user_id, type, month, unit, amount, days, records)
			VALUES ($1, 'WATER', '2024-06-01', 'LITER', 1, 1, 1)`, alice)
		return err
	})
	if err == nil {
		t.Error("bob wrote a row in alice's name")
	}
	err = store.InRoleTx(ctx, st, store.RoleAuth, func(tx *sqlx.Tx) error {
		var n int
		return tx.GetContext(ctx, &n, `SELECT count(*) FROM record_month_sums`)
	})
	if err == nil {
		t.Error("the sign-in role read the sums")
	}
	checkMonthSums(t, st, "at the end")
}
