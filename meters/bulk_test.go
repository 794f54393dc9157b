package meters_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"consumption/domain"
	"consumption/meters"
	"consumption/records"
	"consumption/store"
	"consumption/store/storetest"
)

// bulkFixture is a user with a gas meter installed on 2020-01-01 (reading
// 0), on a store that logs every statement, and n readings of the days
// after, one a day, each 1.5 m³ above the one before.
type bulkFixture struct {
	store *store.Store
	svc   *meters.Service
	log   *storetest.StatementLog
	user  uuid.UUID
	meter domain.Meter
	ins   []meters.NewReading
}

func newBulkFixture(tb testing.TB, n int) bulkFixture {
	tb.Helper()
	ctx := context.Background()
	dbURL := storetest.NewDatabase(tb)
	storetest.Open(tb, dbURL, true) // migrate
	st, log := storetest.OpenLogged(tb, dbURL)
	u, err := st.Auth().CreateUser(ctx, "meter-reader@example.com", "$argon2id$not-a-real-hash")
	if err != nil {
		tb.Fatal(err)
	}
	svc := meters.NewService(st, records.NewService(st, func() time.Time { return time.Date(2024, 6, 30, 12, 0, 0, 0, time.UTC) }))
	zero := decimal.Zero
	m, err := svc.Create(ctx, u.ID, domain.MeterInput{
		Type: domain.Gas, Unit: domain.CubicMeter, Name: "Gas", InstalledOn: domain.NewDate(2020, 1, 1),
	}, &zero)
	if err != nil {
		tb.Fatal(err)
	}
	f := bulkFixture{store: st, svc: svc, log: log, user: u.ID, meter: m}
	f.ins = readingsAfter(m, 0, n)
	return f
}

// readingsAfter returns n daily readings of m from the day after its
// installation plus skip days.
func readingsAfter(m domain.Meter, skip, n int) []meters.NewReading {
	ins := make([]meters.NewReading, n)
	for i := range ins {
		day := skip + i + 1
		ins[i] = meters.NewReading{MeterID: m.ID.String(), ReadingInput: domain.ReadingInput{
			ReadOn: m.InstalledOn.AddDays(day), Value: decimal.New(int64(15*day), -1),
		}}
	}
	return ins
}

// TestBulkReadingStatements counts the statements of a bulk of readings:
// as many for 1000 readings as for 10, since every step sends its rows as
// arrays in one statement.
func TestBulkReadingStatements(t *testing.T) {
	ctx := context.Background()
	counts := map[int]int{}
	for _, n := range []int{10, domain.MaxBulkReadings} {
		f := newBulkFixture(t, n)
		f.log.Reset()
		start := time.Now()
		rs, err := f.svc.AddReadings(ctx, f.user, f.ins)
		elapsed := time.Since(start)
		if err != nil {
			t.Fatal(err)
		}
		counts[n] = f.log.Count("")
		t.Logf("a bulk of %d readings: %d statements (BEGIN and COMMIT apart), %v", n, counts[n], elapsed)
		// Each reading is 1.5 m³ above the day before: one period a day.
		if last := rs[n-1]; last.Period == nil || !last.Period.Amount.Equal(decimal.RequireFromString("1.5")) ||
			!last.Period.PeriodStart.Equal(last.ReadOn) {
			t.Errorf("the last reading's period is %+v, want 1.5 on its own day", last.Period)
		}
		if n == domain.MaxBulkReadings {
			for _, want := range []string{"INSERT INTO meter_readings", "INSERT INTO consumption_records"} {
				if got := f.log.Count(want); got != 1 {
					t.Errorf("%d statements %q, want 1", got, want)
				}
			}
		}
	}
	if counts[10] != counts[domain.MaxBulkReadings] {
		t.Errorf("a bulk of 10 readings costs %d statements and one of 1000 %d; want the same", counts[10], counts[domain.MaxBulkReadings])
	}
	if max := 12; counts[domain.MaxBulkReadings] > max {
		t.Errorf("a bulk costs %d statements, want at most %d", counts[domain.MaxBulkReadings], max)
	}
}

// BenchmarkBulkReadings adds 1000 readings to a meter that has a year of
// daily readings already (each round on a new user's meter, made while the
// timer stops), and reports the statements each bulk costs; beside it, for
// a ratio measured in the same run, a bulk of 1000 daily bills through the
// records service, which writes the same rows of consumption_records.
//
//	go test -run '^$' -bench BulkReadings -benchtime 20x ./meters
func BenchmarkBulkReadings(b *testing.B) {
	ctx := context.Background()
	f := newBulkFixture(b, 0)
	newUser := func(b *testing.B) uuid.UUID {
		u, err := f.store.Auth().CreateUser(ctx, uuid.NewString()+"@example.com", "$argon2id$not-a-real-hash")
		if err != nil {
			b.Fatal(err)
		}
		return u.ID
	}
	b.Run("readings", func(b *testing.B) {
		statements := 0
		for range b.N {
			b.StopTimer()
			user := newUser(b)
			zero := decimal.Zero
			m, err := f.svc.Create(ctx, user, f.meter.MeterInput, &zero)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := f.svc.AddReadings(ctx, user, readingsAfter(m, 0, 365)); err != nil {
				b.Fatal(err)
			}
			ins := readingsAfter(m, 365, domain.MaxBulkReadings)
			f.log.Reset()
			b.StartTimer()
			if _, err := f.svc.AddReadings(ctx, user, ins); err != nil {
				b.Fatal(err)
			}
			statements = f.log.Count("")
		}
		b.ReportMetric(float64(statements), "statements/op")
	})
	b.Run("bills", func(b *testing.B) {
		bills := records.NewService(f.store, time.Now)
		statements := 0
		for range b.N {
			b.StopTimer()
			user := newUser(b)
			ins := make([]domain.RecordInput, domain.MaxBulkRecords)
			for i := range ins {
				day := domain.NewDate(2020, 1, 1).AddDays(366 + i)
				ins[i] = domain.RecordInput{Type: domain.Gas, Unit: domain.CubicMeter, Amount: decimal.New(15, -1), PeriodStart: day, PeriodEnd: day}
			}
			f.log.Reset()
			b.StartTimer()
			if _, err := bills.CreateMany(ctx, user, ins, nil); err != nil {
				b.Fatal(err)
			}
			statements = f.log.Count("")
		}
		b.ReportMetric(float64(statements), "statements/op")
	})
}
