package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
)

// The floor: for each aggregate scenario, the plain grouping SQL over the
// same rows, the simplest statement that gives the same sums for one user,
// sent as pgbench would send it: prepared, as the database's owner, one
// statement per transaction, with no role switch, no settings and no
// row-level security. It converts no units, prorates no record across a
// bucket's or the range's edge, counts no coverage and fills no empty
// buckets: all that, and GraphQL, is what the server's ratio to it prices.
const (
	// plainTotalsSQL: per type over a range.
	plainTotalsSQL = `
		SELECT type, sum(amount) FROM consumption_records
		WHERE user_id = $1 AND period_start >= $2::date AND period_end <= $3::date
		GROUP BY 1`
	// plainMonthlySQL: per type and month over a range.
	plainMonthlySQL = `
		SELECT type, date_trunc('month', period_start), sum(amount) FROM consumption_records
		WHERE user_id = $1 AND period_start >= $2::date AND period_end <= $3::date
		GROUP BY 1, 2`
	// plainDailySQL: per type and day over a range. Every record starts on
	// a day, so the day is its start: date_trunc would only add work.
	plainDailySQL = `
		SELECT type, period_start, sum(amount) FROM consumption_records
		WHERE user_id = $1 AND period_start >= $2::date AND period_end <= $3::date
		GROUP BY 1, 2`
	// plainSummarySQL: per type over a range and over its two comparison
	// ranges (the previous period and the same dates a year earlier).
	plainSummarySQL = `
		SELECT 0, type, sum(amount) FROM consumption_records
		WHERE user_id = $1 AND period_start >= $2::date AND period_end <= $3::date GROUP BY 2
		UNION ALL
		SELECT 1, type, sum(amount) FROM consumption_records
		WHERE user_id = $1 AND period_start >= $4::date AND period_end <= $5::date GROUP BY 2
		UNION ALL
		SELECT 2, type, sum(amount) FROM consumption_records
		WHERE user_id = $1 AND period_start >= $6::date AND period_end <= $7::date GROUP BY 2`
)

// floor runs the plain statements on a pool of its own, as the owner.
type floor struct {
	db *sql.DB
	mu sync.Mutex
	// stmts are prepared once on the pool; database/sql prepares each on
	// a connection the first time it runs there, and reuses it after.
	stmts map[string]*sql.Stmt
}

// openFloor opens a pool of conns connections on dbURL, kept open between
// requests as pgbench keeps its clients' connections.
func openFloor(dbURL string, conns int) (*floor, error) {
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	return &floor{db: db, stmts: map[string]*sql.Stmt{}}, nil
}

func (f *floor) close() {
	for _, st := range f.stmts {
		st.Close()
	}
	f.db.Close()
}

// query returns what runs the statement with the arguments of request i,
// and reads its rows without decoding them. No rows is an error: a floor
// that found nothing would measure nothing.
func (f *floor) query(query string, args func(i uint64) []any) func(ctx context.Context, i uint64) error {
	return func(ctx context.Context, i uint64) error {
		st, err := f.prepared(ctx, query)
		if err != nil {
			return err
		}
		rows, err := st.QueryContext(ctx, args(i)...)
		if err != nil {
			return err
		}
		n := 0
		for rows.Next() {
			n++
		}
		if err := errors.Join(rows.Close(), rows.Err()); err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("the plain grouping found no rows")
		}
		return nil
	}
}

func (f *floor) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if st, ok := f.stmts[query]; ok {
		return st, nil
	}
	st, err := f.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	f.stmts[query] = st
	return st, nil
}
