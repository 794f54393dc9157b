package store_test

import (
	"context"
	"testing"

	"github.com/jmoiron/sqlx"

	"consumption/domain"
	"consumption/engine"
	"consumption/store"
	"consumption/store/storetest"
)

// plainGroupingSQL is the baseline the pro-rata series is measured against:
// the plain sum of amounts grouped by the month or day each record starts
// in, with no conversion, no proration and no empty buckets.
const plainGroupingSQL = `
	SELECT type, date_trunc($4, period_start) AS bucket, sum(amount)
	FROM consumption_records
	WHERE user_id = $1 AND period_start BETWEEN $2 AND $3
	GROUP BY type, bucket`

// BenchmarkSeries measures a series of all three types by DAY over a year and
// over 1000 days, and by MONTH over one and ten years: the store's statement alone ("read"), the statement and
// the engine's arithmetic as a request runs them ("prorata"), and in the same
// run the plain grouping over the same rows, through the same scoped
// transaction (row-level security on).
func BenchmarkSeries(b *testing.B) {
	fx := storetest.OpenBenchFixture(b)
	ctx := context.Background()
	user := fx.Store.ForUser(fx.UserID)
	last := domain.DateOf(fx.Last)
	cases := []struct {
		name  string
		grain domain.Granularity
		days  int
	}{
		{"DAY/1y", domain.Daily, 365},
		{"DAY/1000d", domain.Daily, domain.MaxBuckets}, // the longest daily series the API answers
		{"MONTH/1y", domain.Monthly, 365},
		{"MONTH/10y", domain.Monthly, 3652},
	}
	for _, c := range cases {
		from := last.AddDays(1 - c.days)
		queries := make([]engine.Query, len(domain.Types))
		for i, t := range domain.Types {
			queries[i] = engine.Query{Type: t, Unit: t.DefaultUnit(), From: from, To: last, Granularity: c.grain}
		}
		plan, err := engine.NewPlan(queries)
		if err != nil {
			b.Fatal(err)
		}
		b.Run("read/"+c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := user.Aggregates.Read(ctx, plan.Read()); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("prorata/"+c.name, func(b *testing.B) {
			for b.Loop() {
				readings, err := user.Aggregates.Read(ctx, plan.Read())
				if err != nil {
					b.Fatal(err)
				}
				if _, err := plan.Compute(readings); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("plain/"+c.name, func(b *testing.B) {
			unit := map[domain.Granularity]string{domain.Daily: "day", domain.Monthly: "month"}[c.grain]
			for b.Loop() {
				err := store.InUserTx(ctx, fx.Store, fx.UserID, func(tx *sqlx.Tx) error {
					rows, err := tx.QueryContext(ctx, plainGroupingSQL, fx.UserID, from, last, unit)
					if err != nil {
						return err
					}
					defer rows.Close()
					n := 0
					for rows.Next() {
						n++
					}
					if n == 0 {
						b.Fatal("the plain grouping found no rows")
					}
					return rows.Err()
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
