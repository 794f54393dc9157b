package sample_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"consumption/records"
	"consumption/sample"
	"consumption/store"
	"consumption/store/storetest"
)

// sampleFixture is the sample service on a store that logs every
// statement, with a way to make users.
type sampleFixture struct {
	store *store.Store
	svc   *sample.Service
	bills *records.Service
	log   *storetest.StatementLog
}

func newSampleFixture(tb testing.TB) sampleFixture {
	tb.Helper()
	dbURL := storetest.NewDatabase(tb)
	storetest.Open(tb, dbURL, true) // migrate
	st, log := storetest.OpenLogged(tb, dbURL)
	bills := records.NewService(st, func() time.Time { return time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC) })
	return sampleFixture{store: st, svc: sample.NewService(st, bills), bills: bills, log: log}
}

func (f sampleFixture) newUser(tb testing.TB) uuid.UUID {
	tb.Helper()
	u, err := f.store.Auth().CreateUser(context.Background(), uuid.NewString()+"@example.com", "$argon2id$not-a-real-hash")
	if err != nil {
		tb.Fatal(err)
	}
	return u.ID
}

// TestSampleStatements counts the statements of loading and removing the
// sample: one INSERT or DELETE per table, however many rows.
func TestSampleStatements(t *testing.T) {
	ctx := context.Background()
	f := newSampleFixture(t)
	user := f.newUser(t)
	f.log.Reset()
	if err := f.svc.Load(ctx, user); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"meters", "meter_readings", "consumption_records", "tariffs", "budgets"} {
		if got := f.log.Count("INSERT INTO " + table + " "); got != 1 {
			t.Errorf("%d statements insert into %s, want 1", got, table)
		}
	}
	loaded := f.log.Count("")
	f.log.Reset()
	n, err := f.svc.Remove(ctx, user)
	if err != nil {
		t.Fatal(err)
	}
	removed := f.log.Count("")
	t.Logf("loading the sample (%d records) takes %d statements, removing it %d (BEGIN and COMMIT apart)", n, loaded, removed)
	if loaded > 12 || removed > 10 {
		t.Errorf("loading takes %d statements and removing %d; want at most 12 and 10", loaded, removed)
	}
}

// BenchmarkSampleData loads the sample into a new account and removes it
// again; beside it, for a ratio measured in the same run, the sample's
// bills alone created through the records service in one bulk.
//
//	go test -run '^$' -bench SampleData -benchtime 20x ./sample
func BenchmarkSampleData(b *testing.B) {
	ctx := context.Background()
	f := newSampleFixture(b)
	today, err := f.bills.Today(ctx, f.newUser(b))
	if err != nil {
		b.Fatal(err)
	}
	bills := sample.Household(today).Bills
	for i := range bills {
		bills[i].Source = ""
	}
	b.Run("load", func(b *testing.B) {
		for range b.N {
			b.StopTimer()
			user := f.newUser(b)
			b.StartTimer()
			if err := f.svc.Load(ctx, user); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("remove", func(b *testing.B) {
		for range b.N {
			b.StopTimer()
			user := f.newUser(b)
			if err := f.svc.Load(ctx, user); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			if _, err := f.svc.Remove(ctx, user); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("bills-only", func(b *testing.B) {
		for range b.N {
			b.StopTimer()
			user := f.newUser(b)
			b.StartTimer()
			if _, err := f.bills.CreateMany(ctx, user, bills, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}
