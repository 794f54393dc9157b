package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/google/uuid"

	"consumption/store"
)

// BenchFixture is a database for benchmarks: one user with ten years of
// daily records of every type (about 11,000 rows) in a table holding about
// two million rows of other users.
type BenchFixture struct {
	Store  *store.Store
	UserID uuid.UUID
	// First and Last are the first and last day of the user's records.
	First, Last time.Time
}

// benchFixtureVersion names the fixture's database; change it when the
// fixture's contents or the schema change, so that a stale one is not used.
const benchFixtureVersion = "v1"

// Sizes of the fixture.
const (
	benchOtherUsers    = 700
	benchOtherDays     = 950 // per user and type: 700 × 3 × 950 ≈ 2 million rows
	benchUserYears     = 10
	benchUserFirstYear = 2014
)

// OpenBenchFixture opens the benchmark database, creating and filling it
// the first time (which takes a minute or two). It is kept between runs,
// since it costs far more to fill than to keep; its name says its version.
func OpenBenchFixture(tb testing.TB) BenchFixture {
	tb.Helper()
	ctx := context.Background()
	name := "consumption_bench_" + benchFixtureVersion
	u, err := url.Parse(AdminURL())
	if err != nil {
		tb.Fatal(err)
	}
	u.Path = "/" + name
	dbURL := u.String()

	created, err := store.CreateDatabaseIfMissing(ctx, dbURL)
	if err != nil {
		tb.Fatal(err)
	}
	st := Open(tb, dbURL, true)
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()

	const benchEmail = "bench-user@example.com"
	var userID uuid.UUID
	err = db.QueryRowContext(ctx, `SELECT id FROM users WHERE email = $1`, benchEmail).Scan(&userID)
	if created || err == sql.ErrNoRows {
		tb.Logf("filling the benchmark database %s; this takes a while, once", name)
		if userID, err = fillBenchFixture(ctx, db, benchEmail); err != nil {
			tb.Fatal(err)
		}
	} else if err != nil {
		tb.Fatal(err)
	}
	// Keep the visibility map current, as autovacuum would in production,
	// so that index-only scans work; it is quick when nothing changed.
	if _, err := db.ExecContext(ctx, `VACUUM (ANALYZE) consumption_records`); err != nil {
		tb.Fatal(err)
	}
	first := time.Date(benchUserFirstYear, 1, 1, 0, 0, 0, 0, time.UTC)
	return BenchFixture{Store: st, UserID: userID, First: first, Last: first.AddDate(benchUserYears, 0, -1)}
}

// fillBenchFixture writes the rows in bulk, as the database owner: the
// scoped roles are for requests, not for loading data.
func fillBenchFixture(ctx context.Context, db *sql.DB, email string) (uuid.UUID, error) {
	steps := []struct {
		q    string
		args []any
	}{
		{q: `TRUNCATE consumption_records, users CASCADE`},
		{q: `INSERT INTO users (email, password_hash)
			SELECT 'other-' || n || '@example.com', 'not a hash' FROM generate_series(1, $1::int) n`, args: []any{benchOtherUsers}},
		// Other users: a daily record of each type, in kWh, litres and m³.
		{q: `INSERT INTO consumption_records (user_id, type, unit, amount, period_start, period_end)
			SELECT u.id, t.type, t.unit, round((random() * 50)::numeric, 3), d, d
			FROM users u
			CROSS JOIN (VALUES ('ELECTRICITY', 'KWH'), ('WATER', 'LITER'), ('GAS', 'CUBIC_METER')) t(type, unit)
			CROSS JOIN generate_series(DATE '2021-01-01', DATE '2021-01-01' + $1::int, interval '1 day') d`,
			args: []any{benchOtherDays - 1}},
		{q: `INSERT INTO users (email, password_hash) VALUES ($1, 'not a hash')`, args: []any{email}},
		// The benchmark user: ten years of daily records, units mixed.
		{q: `INSERT INTO consumption_records (user_id, type, unit, amount, period_start, period_end)
			SELECT u.id, t.type, CASE WHEN extract(day FROM d) < 15 THEN t.unit ELSE t.other_unit END,
				round((random() * 50)::numeric, 3), d, d
			FROM users u
			CROSS JOIN (VALUES ('ELECTRICITY', 'KWH', 'WH'), ('WATER', 'LITER', 'CUBIC_METER'), ('GAS', 'CUBIC_METER', 'KWH'))
				t(type, unit, other_unit)
			CROSS JOIN generate_series(make_date($2::int, 1, 1), make_date($3::int, 12, 31), interval '1 day') d
			WHERE u.email = $1`, args: []any{email, benchUserFirstYear, benchUserFirstYear + benchUserYears - 1}},
		{q: `ANALYZE`},
	}
	for _, step := range steps {
		if _, err := db.ExecContext(ctx, step.q, step.args...); err != nil {
			return uuid.Nil, fmt.Errorf("fill benchmark database: %w", err)
		}
	}
	var id uuid.UUID
	err := db.QueryRowContext(ctx, `SELECT id FROM users WHERE email = $1`, email).Scan(&id)
	return id, err
}
