package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/url"
	"time"

	"github.com/google/uuid"
	"github.com/lib/pq"
	"golang.org/x/sync/errgroup"

	"consumption/store"
)

// benchDB is the seeded database: a direct connection as its owner, a
// store on it for the direct-SQL measurements, and the floor's own pool.
type benchDB struct {
	url   string
	raw   *sql.DB
	store *store.Store
	floor *floor
	// active are the users the load is spread over.
	active []uuid.UUID
}

func (b *benchDB) close() {
	if b.floor != nil {
		b.floor.close()
	}
	b.store.Close()
	b.raw.Close()
}

// The shape of the synthetic data, per user: a daily electricity reading
// for 500 days, a weekly water reading for 260 weeks and a monthly (30-day)
// gas bill for 240 months, all ending on lastDay: 1000 records. Fewer
// records per user shorten each series alike.
const lastDay = "2026-10-31"

// seed returns the benchmark database, seeding it unless it already holds
// the data asked for. Loading is done with the table's indexes and its
// exclusion constraint dropped, and both rebuilt after, on two connections at
// once: it is several times faster than maintaining them row by row. So is
// summing the months once, with the trigger that keeps the sums off.
func seed(ctx context.Context, o options, out io.Writer) (*benchDB, error) {
	u, err := url.Parse(o.adminURL)
	if err != nil {
		return nil, err
	}
	// One database per size, so that runs at different sizes keep theirs.
	name := fmt.Sprintf("consumption_bench_%dx%d", o.users, o.recordsPerUser)
	u.Path = "/" + name
	dbURL := u.String()

	seeded, err := holdsSeed(ctx, dbURL, o)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	if !seeded {
		// A new database, migrated: its indexes are those of the migrations,
		// whatever an interrupted earlier run left behind.
		if err := dropDatabase(ctx, o.adminURL, name); err != nil {
			return nil, err
		}
		if o.citus != nil {
			if _, err := o.citus.CreateDatabase(ctx, name); err != nil {
				return nil, err
			}
		} else if _, err := store.CreateDatabaseIfMissing(ctx, dbURL); err != nil {
			return nil, err
		}
	}
	st, err := store.Open(ctx, dbURL, store.PoolOptions{MaxOpenConns: 40})
	if err != nil {
		return nil, err
	}
	if _, err := st.Migrate(ctx, store.Up); err != nil {
		return nil, err
	}
	raw, err := sql.Open("postgres", dbURL)
	if err != nil {
		return nil, err
	}
	db := &benchDB{url: dbURL, raw: raw, store: st}
	if seeded {
		fmt.Fprintf(out, "the database holds %d users with %d records each, as asked: not seeding again\n", o.users, o.recordsPerUser)
		// Forget the records an earlier run created, so that this one's
		// creations find their days free.
		if _, err := raw.ExecContext(ctx, `DELETE FROM consumption_records WHERE period_start < DATE '2010-01-01'`); err != nil {
			return nil, err
		}
		// Vacuumed, as seeding leaves them: the deleted records (each run
		// creates and leaves tens of thousands) would otherwise stay in the
		// indexes and keep their pages from being all-visible, until
		// autovacuum came by (a fifth of the table dead), and every
		// index-only scan would look into the heap: the plain grouping, which
		// reads the records, at 5,100 totals a second after a few runs
		// against 9,000 on a vacuumed table. A database seeded before
		// migration 0016 had its month sums written by the migration just
		// now, and is read from their index alone once vacuumed too.
		return db, db.vacuum(ctx)
	}
	if err := db.fill(ctx, o.users, o.recordsPerUser); err != nil {
		return nil, err
	}
	var n int64
	if err := raw.QueryRowContext(ctx, `SELECT count(*) FROM consumption_records`).Scan(&n); err != nil {
		return nil, err
	}
	fmt.Fprintf(out, "seeded %d users and %d records in %s\n", o.users, n, time.Since(start).Round(time.Second))
	return db, nil
}

// holdsSeed reports whether the database at dbURL was seeded with the data
// o asks for, to the end.
func holdsSeed(ctx context.Context, dbURL string, o options) (bool, error) {
	if o.reseed {
		return false, nil
	}
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		return false, err
	}
	defer db.Close()
	var users, perUser int
	err = db.QueryRowContext(ctx, `SELECT users, records_per_user FROM bench_seed`).Scan(&users, &perUser)
	return err == nil && users == o.users && perUser == o.recordsPerUser, nil
}

func dropDatabase(ctx context.Context, adminURL, name string) error {
	admin, err := sql.Open("postgres", adminURL)
	if err != nil {
		return err
	}
	defer admin.Close()
	_, err = admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+pq.QuoteIdentifier(name)+" WITH (FORCE)")
	return err
}

func (b *benchDB) fill(ctx context.Context, users, perUser int) error {
	electricity, water, gas := perUser/2, perUser*26/100, perUser-perUser/2-perUser*26/100
	// The marker table is written last: a run cut short leaves none, and
	// the next run seeds again.
	if _, err := b.raw.ExecContext(ctx, `CREATE TABLE bench_seed (users int, records_per_user int)`); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	rebuild, err := b.dropIndexes(ctx)
	if err != nil {
		return err
	}
	if _, err := b.raw.ExecContext(ctx, `
		INSERT INTO users (email, password_hash)
		SELECT 'bench-' || n || '@example.com', 'not a password hash' FROM generate_series(1, $1::int) n`, users); err != nil {
		return fmt.Errorf("seed users: %w", err)
	}

	// Two connections load half the users each.
	const insert = `
		INSERT INTO consumption_records (user_id, type, unit, amount, period_start, period_end)
		SELECT u.id, r.type, r.unit, r.amount, r.period_start, r.period_end
		FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM users) u
		CROSS JOIN LATERAL (
			SELECT 'ELECTRICITY' AS type, 'KWH' AS unit, round((5 + random() * 15)::numeric, 3) AS amount,
				d AS period_start, d AS period_end
			FROM generate_series(DATE '` + lastDay + `' - ($2::int - 1), DATE '` + lastDay + `', interval '1 day') d
			UNION ALL
			SELECT 'WATER', 'LITER', round((700 + random() * 300)::numeric, 1),
				(DATE '` + lastDay + `' - 7 * w - 6)::date, (DATE '` + lastDay + `' - 7 * w)::date
			FROM generate_series(0, $3::int - 1) w
			UNION ALL
			SELECT 'GAS', 'CUBIC_METER', round((20 + random() * 60)::numeric, 2),
				(DATE '` + lastDay + `' - 30 * m - 29)::date, (DATE '` + lastDay + `' - 30 * m)::date
			FROM generate_series(0, $4::int - 1) m
		) r
		WHERE u.n % 2 = $1::int`
	// The month sums (migration 0016) are written once, from all the
	// records, rather than by their trigger row by row.
	if _, err := b.raw.ExecContext(ctx, `ALTER TABLE consumption_records DISABLE TRIGGER `+monthSumsTrigger); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	g, gctx := errgroup.WithContext(ctx)
	for half := range 2 {
		g.Go(func() error {
			_, err := b.raw.ExecContext(gctx, insert, half, electricity, water, gas)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return fmt.Errorf("seed records: %w", err)
	}
	if _, err := b.raw.ExecContext(ctx, `ALTER TABLE consumption_records ENABLE TRIGGER `+monthSumsTrigger); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	if _, err := b.raw.ExecContext(ctx, sumMonths); err != nil {
		return fmt.Errorf("seed month sums: %w", err)
	}
	if err := rebuild(ctx); err != nil {
		return err
	}
	if err := b.vacuum(ctx); err != nil {
		return err
	}
	_, err = b.raw.ExecContext(ctx, `INSERT INTO bench_seed (users, records_per_user) VALUES ($1, $2)`, users, perUser)
	return err
}

// vacuum vacuums and analyzes the tables the benchmark reads, so that their
// pages are all-visible and index-only scans stay in the index: as seeding
// leaves them, and as each run finds them again.
func (b *benchDB) vacuum(ctx context.Context) error {
	for _, table := range []string{"consumption_records", "record_month_sums", "users"} {
		if _, err := b.raw.ExecContext(ctx, `VACUUM (ANALYZE) `+table); err != nil {
			return fmt.Errorf("seed: vacuum %s: %w", table, err)
		}
	}
	return nil
}

// monthSumsTrigger keeps record_month_sums as the records change
// (migration 0016).
const monthSumsTrigger = "consumption_records_month_sums"

// sumMonths writes record_month_sums from the records, as migration 0016
// does: the sums of the records that lie within one month.
const sumMonths = `
	INSERT INTO record_month_sums (user_id, type, month, unit, amount, days, records)
	SELECT user_id, type, date_trunc('month', period_start::timestamp)::date, unit,
		sum(amount), sum(period_end - period_start + 1), count(*)
	FROM consumption_records
	WHERE date_trunc('month', period_start::timestamp) = date_trunc('month', period_end::timestamp)
	GROUP BY 1, 2, 3, 4`

// dropIndexes drops the records table's secondary indexes and exclusion
// constraint, as the migrations made them, and returns what rebuilds them.
func (b *benchDB) dropIndexes(ctx context.Context) (func(context.Context) error, error) {
	var rebuild, drop []string
	rows, err := b.raw.QueryContext(ctx, `
		SELECT 'CREATE INDEX ' || quote_ident(i.indexname) || substring(i.indexdef FROM ' ON .*$'),
			'DROP INDEX ' || quote_ident(i.indexname)
		FROM pg_indexes i
		WHERE i.schemaname = 'public' AND i.tablename = 'consumption_records'
			AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
		UNION ALL
		SELECT 'ALTER TABLE consumption_records ADD CONSTRAINT ' || quote_ident(conname) || ' ' || pg_get_constraintdef(oid),
			'ALTER TABLE consumption_records DROP CONSTRAINT ' || quote_ident(conname)
		FROM pg_constraint
		WHERE conrelid = 'consumption_records'::regclass AND contype = 'x'`)
	if err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var create, dropIt string
		if err := rows.Scan(&create, &dropIt); err != nil {
			return nil, err
		}
		rebuild, drop = append(rebuild, create), append(drop, dropIt)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, q := range drop {
		if _, err := b.raw.ExecContext(ctx, q); err != nil {
			return nil, fmt.Errorf("seed: %w", err)
		}
	}
	return func(ctx context.Context) error {
		g, gctx := errgroup.WithContext(ctx)
		g.SetLimit(2)
		for _, q := range rebuild {
			g.Go(func() error {
				conn, err := b.raw.Conn(gctx)
				if err != nil {
					return err
				}
				defer conn.Close()
				if _, err := conn.ExecContext(gctx, `SET maintenance_work_mem = '512MB'`); err != nil {
					return err
				}
				if _, err := conn.ExecContext(gctx, q); err != nil {
					return fmt.Errorf("seed: rebuild: %w", err)
				}
				return nil
			})
		}
		return g.Wait()
	}, nil
}

// activeUsers returns the ids of n users spread over the whole set.
func (b *benchDB) activeUsers(ctx context.Context, n int) ([]uuid.UUID, error) {
	rows, err := b.raw.QueryContext(ctx, `
		SELECT id FROM (SELECT id, row_number() OVER (ORDER BY email) AS k, count(*) OVER () AS total FROM users) u
		WHERE k % greatest(total / $1, 1) = 0 LIMIT $1`, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []uuid.UUID
	for rows.Next() {
		var id uuid.UUID
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("no users in the benchmark database")
	}
	return ids, rows.Err()
}
