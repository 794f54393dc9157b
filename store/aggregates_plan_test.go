package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"

	"consumption/domain"
	"consumption/engine"
	"consumption/store"
	"consumption/store/storetest"
)

// TestAggregatePlanUsesIndex checks that each aggregate statement, run as
// the scoped role under row-level security, reads through indexes and only
// ranges of them: records through the covering (user_id, type,
// period_start) index or the index of records that cross a month's end,
// months through their sums' key, each with period_start (or month)
// bounded on both sides in the index condition. Under row-level security
// only leakproof operators reach an index, so an innocent-looking
// expression in the join can silently turn the scan of one user's decade
// into a scan of all their rows.
func TestAggregatePlanUsesIndex(t *testing.T) {
	st := storetest.New(t)
	user := newPlanTestUsers(t, st)
	d := domain.MustParseDate
	for _, c := range []struct {
		name     string
		query    engine.Query
		prepared string
		indexes  []string
	}{
		{"whole months", engine.Query{From: d("2024-01-01"), To: d("2024-12-31"), Granularity: domain.Monthly},
			"aggregate_read_months", []string{"consumption_records_month_crossing", "record_month_sums_pkey"}},
		{"days", engine.Query{From: d("2024-01-10"), To: d("2024-03-31"), Granularity: domain.Daily},
			"aggregate_read_ungrouped", []string{"consumption_records_user_type_start_covering", "consumption_records_month_crossing"}},
		{"amounts", engine.Query{From: d("2024-01-15"), To: d("2024-12-31"), Granularity: domain.Monthly},
			"aggregate_read_amounts", []string{"consumption_records_user_type_start_covering", "consumption_records_month_crossing", "record_month_sums_pkey"}},
		{"costs", engine.Query{From: d("2024-01-01"), To: d("2024-12-31"), Granularity: domain.Monthly, Costs: true},
			"aggregate_read", []string{"consumption_records_user_type_start_covering", "consumption_records_month_crossing"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.query.Type, c.query.Unit = domain.Electricity, domain.KilowattHour
			plan, err := engine.NewPlan([]engine.Query{c.query})
			if err != nil {
				t.Fatal(err)
			}
			stmt, name, shown, err := store.ExplainAggregateRead(context.Background(), st, user, plan.Read())
			if err != nil {
				t.Fatal(err)
			}
			if name != c.prepared {
				t.Errorf("the read is prepared as %s, want %s", name, c.prepared)
			}
			checkAggregatePlan(t, shown, c.indexes)
			// What is grouped is hashed, not sorted.
			if grouped := strings.Contains(stmt.SQL, "GROUP BY"); grouped && !strings.Contains(shown, "HashAggregate") {
				t.Errorf("the records read are grouped without a hash table:\n%s", shown)
			}
		})
	}
}

// newPlanTestUsers gives the store statistics like a real table's, three
// years of daily records of every type for two users, and returns the
// first. The planner prefers a sequential scan or the exclusion
// constraint's GiST index on a near-empty table.
func newPlanTestUsers(t *testing.T, st *store.Store) uuid.UUID {
	ctx := context.Background()
	user := newTestUser(t, st, "plan@example.com")
	other := newTestUser(t, st, "other@example.com")
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
	return user
}

// TestRecordListPlanUsesIndex checks the plans of a page of records and of
// its count, each planned once for all parameters: the default page reads
// the user's records in order through the (user_id, period_start, id)
// index and stops after the page, the count reads that index alone, and
// no statement reads a table whole.
func TestRecordListPlanUsesIndex(t *testing.T) {
	ctx := context.Background()
	st := storetest.New(t)
	user := newPlanTestUsers(t, st)
	// And many more users: the list reads one user's few rows among all.
	_, err := store.DB(st).ExecContext(ctx, `
		WITH others AS (
			INSERT INTO users (email, password_hash)
			SELECT 'other' || n || '@example.com', 'not-a-hash' FROM generate_series(1, 100) n
			RETURNING id)
		INSERT INTO consumption_records (user_id, type, unit, amount, period_start, period_end)
		SELECT id, 'GAS', 'KWH', 1, d, d FROM others, generate_series(DATE '2024-01-01', DATE '2024-12-31', interval '1 day') d`)
	if err != nil {
		t.Fatal(err)
	}
	// Vacuumed, as autovacuum keeps a table: pages whose rows all are
	// visible to everyone are marked so, and an index is read alone.
	if _, err := store.DB(st).ExecContext(ctx, `VACUUM ANALYZE consumption_records`); err != nil {
		t.Fatal(err)
	}
	records := st.ForUser(user).Records
	d := domain.MustParseDate
	from, to := d("2024-01-01"), d("2024-01-31")
	cursor, err := store.ParseCursor(store.DefaultOrder, store.CursorAfter(store.DefaultOrder, domain.Record{ID: user, RecordInput: domain.RecordInput{PeriodStart: to}}))
	if err != nil {
		t.Fatal(err)
	}
	explain := func(stmt store.Statement) string {
		t.Helper()
		plan, err := store.ExplainRead(ctx, st, user, stmt)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(plan, "Seq Scan") {
			t.Errorf("a table is read whole:\n%s", plan)
		}
		return plan
	}
	for _, c := range []struct {
		name    string
		options store.ListOptions
	}{
		{"the first page", store.ListOptions{First: 50}},
		{"a page after a cursor", store.ListOptions{First: 50, After: &cursor}},
		{"a page of one type in a month", store.ListOptions{First: 50, Filter: store.Filter{Types: []domain.Type{domain.Gas}, From: &from, To: &to}}},
	} {
		c.options.Order = store.DefaultOrder
		list, err := records.ListStatement(c.options)
		if err != nil {
			t.Fatal(err)
		}
		plan := explain(list)
		if c.options.Filter.Types == nil && (!strings.Contains(plan, " using consumption_records_user_start") || strings.Contains(plan, "Sort")) {
			t.Errorf("%s is not read in the order of the user's index:\n%s", c.name, plan)
		}
		count := explain(records.CountStatement(c.options.Filter))
		if c.options.Filter.Types == nil && !strings.Contains(count, "Index Only Scan") {
			t.Errorf("the count of %s reads more than an index:\n%s", c.name, count)
		}
	}
}

// checkAggregatePlan checks that the plan of an aggregate statement, with
// the settings of the read (on PostgreSQL the generic plan; Citus plans each
// execution with its parameters, to find the shard), reads through each of
// indexes, bounding the first day on both sides, and reads no table whole.
func checkAggregatePlan(t *testing.T, plan string, indexes []string) {
	t.Helper()
	if strings.Contains(plan, "Seq Scan") {
		t.Errorf("a table is read whole:\n%s", plan)
	}
	// The condition of each index's scan: the line after the scan's.
	lines := strings.Split(plan, "\n")
	for _, index := range indexes {
		found := false
		for i, line := range lines[:len(lines)-1] {
			// On Citus, a worker's index has its shard's number after it.
			if !strings.Contains(line, " using "+index) && !strings.Contains(line, " on "+index) {
				continue
			}
			found = true
			cond, column := lines[i+1], "period_start"
			if index == "record_month_sums_pkey" {
				column = "month"
			}
			if !strings.Contains(cond, "Index Cond") || !strings.Contains(cond, "(user_id = ") ||
				!strings.Contains(cond, column+" >=") || !strings.Contains(cond, column+" <=") {
				t.Errorf("%s is read without %s bounded on both sides: %s\nplan:\n%s", index, column, strings.TrimSpace(cond), plan)
			}
		}
		if !found {
			t.Errorf("%s is not read:\n%s", index, plan)
		}
	}
}
