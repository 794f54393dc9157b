package store_test

import (
	"context"
	"testing"

	"consumption/store"
	"consumption/store/storetest"
)

func TestMigrationsUpDownUp(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, storetest.NewDatabase(t), store.PoolOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()

	tables := func() int {
		var n int
		if err := store.DB(st).GetContext(ctx, &n, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename <> $1`, store.MigrationTable); err != nil {
			t.Fatal(err)
		}
		return n
	}
	all, err := st.MigrationStatus(ctx)
	if err != nil {
		t.Fatal(err)
	}

	up, err := st.Migrate(ctx, store.Up)
	if err != nil || up != len(all) {
		t.Fatalf("up applied %d of %d (%v)", up, len(all), err)
	}
	if n := tables(); n == 0 {
		t.Fatal("no tables after migrating up")
	}
	for range all {
		if n, err := st.Migrate(ctx, store.Down); err != nil || n != 1 {
			t.Fatalf("down reverted %d (%v), want 1", n, err)
		}
	}
	if n := tables(); n != 0 {
		t.Fatalf("%d tables remain after migrating all the way down", n)
	}
	if up, err := st.Migrate(ctx, store.Up); err != nil || up != len(all) {
		t.Fatalf("up again applied %d of %d (%v)", up, len(all), err)
	}
	if up, err := st.Migrate(ctx, store.Up); err != nil || up != 0 {
		t.Fatalf("a second up applied %d (%v), want 0", up, err)
	}
	status, err := st.MigrationStatus(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range status {
		if !m.AppliedAt.Valid {
			t.Errorf("migration %s is not applied", m.ID)
		}
	}
}

// TestConcurrentMigrations starts several migrations at once on an empty
// database: the advisory lock lets each migration run exactly once.
func TestConcurrentMigrations(t *testing.T) {
	ctx := context.Background()
	dbURL := storetest.NewDatabase(t)
	const instances = 4
	applied := make(chan int, instances)
	errs := make(chan error, instances)
	for range instances {
		go func() {
			st, err := store.Open(ctx, dbURL, store.PoolOptions{})
			if err != nil {
				errs <- err
				return
			}
			defer st.Close()
			n, err := st.Migrate(ctx, store.Up)
			errs <- err
			applied <- n
		}()
	}
	total := 0
	for range instances {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
		total += <-applied
	}
	st := storetest.Open(t, dbURL, false)
	all, err := st.MigrationStatus(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if total != len(all) {
		t.Errorf("%d instances applied %d migrations in all, want each of the %d once", instances, total, len(all))
	}
}
