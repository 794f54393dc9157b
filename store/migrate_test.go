package store_test

import (
	"context"
	"slices"
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

// TestEmailsToNormalForm stores emails as the server stored them before it
// normalized them to Unicode form C, runs the migration that does, and
// checks that each email is in form C unless another account already has
// that address: the one in form C already, or else the oldest, keeps it.
func TestEmailsToNormalForm(t *testing.T) {
	ctx := context.Background()
	st := storetest.Open(t, storetest.NewDatabase(t), true)
	db := store.DB(st)
	const migration = "0005_email_normal_form.sql"
	migrateDownBefore(t, st, migration)

	// Each row: the email stored, how many days ago it was made, and the
	// email it should have after the migration.
	rows := []struct{ stored, want string }{
		{"jose\u0301@example.com", "jose\u0301@example.com"}, // older, but "josé" in form C has the address
		{"jos\u00e9@example.com", "jos\u00e9@example.com"},
		{"rene\u0301@example.com", "ren\u00e9@example.com"},           // alone: brought to form C
		{"nguye\u0302\u0323n@example.com", "nguy\u1ec7n@example.com"}, // the oldest of two spellings of one address
		{"nguye\u0323\u0302n@example.com", "nguye\u0323\u0302n@example.com"},
		{"ana@example.com", "ana@example.com"},
	}
	for i, r := range rows {
		if _, err := db.ExecContext(ctx, `INSERT INTO users (email, password_hash, created_at) VALUES ($1, 'x', now() - make_interval(days => $2))`,
			r.stored, len(rows)-i); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.Migrate(ctx, store.Up); err != nil {
		t.Fatal(err)
	}
	var got []string
	if err := db.SelectContext(ctx, &got, `SELECT email FROM users ORDER BY created_at`); err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		if got[i] != r.want {
			t.Errorf("%+q became %+q, want %+q", r.stored, got[i], r.want)
		}
	}
}

// migrateDownBefore reverts migrations, the latest first, until the one
// named is no longer applied: the database as it was before it.
func migrateDownBefore(t *testing.T, st *store.Store, migration string) {
	t.Helper()
	ctx := context.Background()
	for {
		status, err := st.MigrationStatus(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if i := slices.IndexFunc(status, func(m store.MigrationStatus) bool { return m.ID == migration }); i < 0 {
			t.Fatalf("no migration %s", migration)
		} else if !status[i].AppliedAt.Valid {
			break
		}
		if _, err := st.Migrate(ctx, store.Down); err != nil {
			t.Fatal(err)
		}
	}
}
