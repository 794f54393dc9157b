package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"consumption/domain"
	"consumption/engine"
)

// Aggregates reads what the aggregate engine needs of a user's records.
type Aggregates struct {
	userScope
}

// aggregateSQL reads the records of a plan's scans, in one statement. The
// scans are given as arrays of types, first days, last days, and for each
// the last day of the type's scan before it ($2 to $5); the plan's cuts as
// an array of days ($6). Days count from 1970-01-01.
//
// A scan reads the records that start within it, through the covering
// (user_id, type, period_start) index, and the record that reaches into it
// from before, if any: records of a type never overlap, so that is the one
// that starts last before the scan, an index scan backwards that stops at
// the first row. It was read already when it starts within the type's scan
// before.
//
// A record that lies within one segment between two cuts (width_bucket
// finds a day's segment by a binary search over the cuts) is summed with the
// others of its type, unit and segment, as a plain grouping would; a record
// that crosses a cut is a group of its own. The engine does the arithmetic.
// A last row carries the user's calorific value of gas.
const aggregateSQL = `
WITH scan AS MATERIALIZED (
	-- Dates are computed here, not in the join: under row-level security
	-- only leakproof operators reach the index, and date + integer is not.
	SELECT s.type, DATE '1970-01-01' + s.first AS first, DATE '1970-01-01' + s.last AS last,
		DATE '1970-01-01' + s.after AS after
	FROM unnest($2::text[], $3::int[], $4::int[], $5::int[]) AS s(type, first, last, after)
),
read AS (
	SELECT r.type, r.unit, r.amount, r.period_start, r.period_end
	FROM scan s
	JOIN consumption_records r ON r.user_id = $1 AND r.type = s.type
		AND r.period_start >= s.first AND r.period_start <= s.last
	UNION ALL
	SELECT b.type, b.unit, b.amount, b.period_start, b.period_end
	FROM scan s
	CROSS JOIN LATERAL (
		SELECT r.type, r.unit, r.amount, r.period_start, r.period_end
		FROM consumption_records r
		WHERE r.user_id = $1 AND r.type = s.type AND r.period_start < s.first
		ORDER BY r.period_start DESC
		LIMIT 1
	) b
	WHERE b.period_end >= s.first AND b.period_start > s.after
),
placed AS (
	SELECT type, unit, amount, first_day, last_day, width_bucket(first_day, $6::int[]) AS segment
	FROM (
		SELECT type, unit, amount,
			period_start - DATE '1970-01-01' AS first_day, period_end - DATE '1970-01-01' AS last_day
		FROM read
	) r
)
SELECT type, unit, min(first_day) AS first_day, max(last_day) AS last_day, sum(amount) AS amount,
	sum(last_day - first_day + 1) AS days, count(*) AS records
FROM placed
-- A record of one day never crosses a cut, and most are: only longer ones
-- need their last day's segment.
GROUP BY type, unit, segment,
	CASE WHEN first_day < last_day AND width_bucket(last_day, $6::int[]) <> segment THEN first_day END
UNION ALL
SELECT NULL, NULL, NULL, NULL, gas_kwh_per_cubic_meter, NULL, NULL FROM users WHERE id = $1`

// aggregateArgs returns the arguments of aggregateSQL for a plan's read.
func (a *Aggregates) aggregateArgs(r engine.Read) []any {
	types := make(pq.StringArray, len(r.Scans))
	firsts := make(pq.Int64Array, len(r.Scans))
	lasts := make(pq.Int64Array, len(r.Scans))
	afters := make(pq.Int64Array, len(r.Scans))
	for i, s := range r.Scans {
		types[i], firsts[i], lasts[i] = string(s.Type), int64(s.From.Days()), int64(s.To.Days())
		// No record starts before 1970-01-01.
		afters[i] = int64(domain.FirstDay.Days() - 1)
		if i > 0 && r.Scans[i-1].Type == s.Type {
			afters[i] = lasts[i-1]
		}
	}
	cuts := make(pq.Int64Array, len(r.Cuts))
	for i, c := range r.Cuts {
		cuts[i] = int64(c.Days())
	}
	return []any{a.userID, types, firsts, lasts, afters, cuts}
}

// Statement returns the SQL and arguments Read sends for r.
func (a *Aggregates) Statement(r engine.Read) Statement {
	return Statement{SQL: aggregateSQL, Args: a.aggregateArgs(r), genericPlan: a.genericPlans}
}

// Read reads what the engine needs for r in one statement: the records of
// its scans, summed per type, unit and segment where they lie within one,
// one by one where they cross a cut, and the user's calorific value of gas.
func (a *Aggregates) Read(ctx context.Context, r engine.Read) (engine.Readings, error) {
	var out engine.Readings
	err := a.inTx(ctx, func(tx *sqlx.Tx) error {
		out = engine.Readings{}
		prepared, err := a.store.prepared(ctx, tx, aggregateSQL)
		if err != nil {
			return err
		}
		rows, err := prepared.QueryContext(ctx, a.aggregateArgs(r)...)
		if err != nil {
			return err
		}
		return scanReadings(rows, &out)
	})
	if err != nil {
		return engine.Readings{}, fmt.Errorf("store: aggregate: %w", translate(err))
	}
	return out, nil
}

// scanReadings reads the rows of aggregateSQL into out. A long daily series
// has thousands of rows: they are read without copying or reflection, and
// the amounts are parsed straight from the text PostgreSQL sends.
func scanReadings(rows *sql.Rows, out *engine.Readings) error {
	defer rows.Close()
	var (
		typ, unit, amount       sql.RawBytes
		first, last, days, recs sql.NullInt64
		settings                bool
	)
	for rows.Next() {
		if err := rows.Scan(&typ, &unit, &first, &last, &amount, &days, &recs); err != nil {
			return err
		}
		value, err := engine.ParseDecimal(amount)
		if err != nil {
			return err
		}
		if typ == nil { // the settings' row
			out.GasKWhPerCubicMeter, settings = value, true
			continue
		}
		iv := engine.Interval{
			Type: recordType(typ), Unit: recordUnit(unit),
			First: domain.DateFromDays(int(first.Int64)), Last: domain.DateFromDays(int(last.Int64)),
			Amount: value, Days: int(days.Int64), Records: int(recs.Int64),
		}
		out.Intervals = append(out.Intervals, iv)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if !settings {
		return ErrNotFound // the user is gone
	}
	return nil
}

// recordType and recordUnit return the type and unit a column holds, as
// the domain's constants, without allocating a string for each row.
// Anything else comes back as "", which the engine refuses.
func recordType(b []byte) domain.Type {
	for _, t := range domain.Types {
		if string(b) == string(t) {
			return t
		}
	}
	return ""
}

func recordUnit(b []byte) domain.Unit {
	for _, t := range domain.Types {
		for _, u := range t.Units() {
			if string(b) == string(u) {
				return u
			}
		}
	}
	return ""
}
