package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"consumption/store"
	"consumption/store/storetest"
)

// TestAggregatePlanUsesIndex checks that the aggregate statement, run as the
// scoped role under row-level security, reads records through the index led
// by (user_id, type, period_start): a range scan with both date bounds in the
// index condition, and for the record that reaches into the range from
// before it, a backward scan bounded by the range's first day. Under
// row-level security only leakproof operators reach an index, so an
// innocent-looking expression in the join can silently turn the scan of one
// user's decade into a scan of all their rows. Asking for costs reads the
// cost from the same index.
func TestAggregatePlanUsesIndex(t *testing.T) {
	ctx := context.Background()
	st := storetest.New(t)
	user := newTestUser(t, st, "plan@example.com")
	other := newTestUser(t, st, "other@example.com")
	// Statistics like a real table's: three years of daily records of every
	// type for two users. The planner prefers a sequential scan or the
	// exclusion constraint's GiST index on a near-empty table.
	_, err := store.DB(st).ExecContext(ctx, `
		INSERT INTO consumption_records (user_id, type, unit, amount, period_start, period_end)
		SELECT u, t, CASE t WHEN 'WATER' THEN 'LITER' ELSE 'KWH' END, 1, d, d
		FROM unnest(ARRAY[$1::uuid, $2::uuid]) u,
			unnest(ARRAY['ELECTRICITY', 'WATER', 'GAS']) t,
			generate_series(DATE '2022-01-01', DATE '2024-12-31', interval '1 day') d`, user, other)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.DB(st).ExecContext(ctx, `ANALYZE consumption_records`); err != nil {
		t.Fatal(err)
	}
	t.Run("amounts", func(t *testing.T) {
		// The months of 2024 from their sums, as a year's totals read them.
		plan := checkAggregatePlan(t, st, user, store.AggregateAmountsSQL, `, '{ELECTRICITY}', '{19723}', '{20088}'`)
		for _, want := range []string{
			"consumption_records_month_crossing",
			"record_month_sums_pkey",
		} {
			if !strings.Contains(plan, want) {
				t.Errorf("no %q in the plan:\n%s", want, plan)
			}
		}
	})
	t.Run("costs", func(t *testing.T) { checkAggregatePlan(t, st, user, store.AggregateSQL, `, '{ELECTRICITY}', true`) })
}

// checkAggregatePlan checks how an aggregate statement reads the records of
// a year of electricity, with the arguments that follow those of the scans
// and cuts (costs, or months), and returns its plan.
func checkAggregatePlan(t *testing.T, st *store.Store, user uuid.UUID, statement, more string) string {
	ctx := context.Background()
	var plan strings.Builder
	err := store.InUserTx(ctx, st, user, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `PREPARE aggregate AS `+statement); err != nil {
			return err
		}
		// A prepared statement outlives the transaction on its connection.
		defer tx.ExecContext(ctx, `DEALLOCATE aggregate`)
		// EXPLAIN takes no parameters; the user id is a formatted UUID. The
		// year 2024: days 19723 to 20088, cut at each month.
		rows, err := tx.QueryContext(ctx, `EXPLAIN EXECUTE aggregate('`+user.String()+`', '{ELECTRICITY}', '{19723}',
			'{20088}', '{-1}', '{19723,19754,19783,19814,19844,19875,19905,19936,19967,19997,20028,20058,20089}'`+more+`)`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				return err
			}
			plan.WriteString(line + "\n")
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	// The conditions of the scans of the covering index: the line after
	// the scan's.
	var conds []string
	lines := strings.Split(plan.String(), "\n")
	for i, line := range lines[:len(lines)-1] {
		if strings.Contains(line, "consumption_records_user_type_start_covering") && strings.Contains(lines[i+1], "Index Cond") {
			conds = append(conds, strings.TrimSpace(lines[i+1]))
		}
	}
	if !strings.Contains(plan.String(), "consumption_records_user_type_start_covering") || len(conds) != 2 {
		t.Fatalf("the records are not read through the covering index, by a range and a backward scan:\n%s", plan.String())
	}
	if !strings.Contains(plan.String(), "Index Only Scan Backward") {
		t.Errorf("the record before the range is not found by a backward scan:\n%s", plan.String())
	}
	var both, before int
	for _, c := range conds {
		switch {
		case strings.Contains(c, "period_start >=") && strings.Contains(c, "period_start <="):
			both++
		case strings.Contains(c, "period_start <") && !strings.Contains(c, "period_start <="):
			before++
		}
	}
	if both != 1 || before != 1 {
		t.Errorf("want one index condition bounding period_start on both sides and one bounding it below the range, got %q\nplan:\n%s", conds, plan.String())
	}
	return plan.String()
}
