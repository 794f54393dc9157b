package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
	"github.com/shopspring/decimal"

	"consumption/domain"
)

// AggregateQuery asks for the consumption of one type over a range, in one
// unit, split into calendar buckets or taken whole.
type AggregateQuery struct {
	Type domain.Type
	Unit domain.Unit
	From domain.Date
	To   domain.Date
	// Granularity splits the range into calendar buckets; "" takes the range
	// as a single bucket.
	Granularity domain.Granularity
	// Compare also totals the previous period (as many days just before)
	// and the same dates a year earlier, with the relative changes.
	Compare bool
	// BucketAverages asks for each bucket's daily average.
	BucketAverages bool
}

// BucketTotal is the consumption in one bucket.
type BucketTotal struct {
	domain.Bucket
	// Amount is rounded to six decimal places such that the amounts of all
	// buckets add up exactly to the aggregate's Total.
	Amount decimal.Decimal
	// Days is the number of the bucket's days inside the range, and
	// CoveredDays how many of them some record covers.
	Days, CoveredDays int
	// RecordCount is the number of records that share a day with the
	// bucket inside the range.
	RecordCount int
	// DailyAverage is Amount divided by Days, when the query asked for it.
	DailyAverage decimal.Decimal
}

// Aggregate is the answer to an AggregateQuery.
type Aggregate struct {
	Query          AggregateQuery
	Total          decimal.Decimal
	Days           int
	CoveredDays    int
	RecordCount    int
	DailyAverage   decimal.Decimal
	MonthlyAverage decimal.Decimal
	Buckets        []BucketTotal
	// The comparisons, set when Query.Compare is. A change is nil when the
	// earlier total is zero.
	PreviousPeriodTotal      decimal.Decimal
	PreviousYearTotal        decimal.Decimal
	ChangeFromPreviousPeriod *decimal.Decimal
	ChangeFromPreviousYear   *decimal.Decimal
}

// Aggregates computes a user's totals over ranges of days.
type Aggregates struct {
	userScope
}

// truncUnits are the date_trunc units of the granularities. A spec of the
// whole range uses the "range" pseudo-unit, handled in the SQL itself.
var truncUnits = map[domain.Granularity]string{
	domain.Daily:     "day",
	domain.Weekly:    "week",
	domain.Monthly:   "month",
	domain.Quarterly: "quarter",
	domain.Yearly:    "year",
	"":               "range",
}

// aggregateSQL answers any number of aggregate specs in one statement. Each
// spec is one type over one range, split into buckets of one granularity.
//
// A record counts in a bucket in proportion to the days it shares with the
// bucket inside the range: amount × shared days ÷ record days, converted to
// the spec's unit. Most records lie whole inside one bucket and the range
// (daily readings, monthly bills in monthly buckets); those are summed per
// bucket and unit, as a plain grouping would, and converted once per group.
// Only records that cross a bucket's or the range's edge are prorated.
//
// All arithmetic is NUMERIC, and exact where it can be: conversions between
// Wh, kWh and MWh, and between litres and cubic metres, multiply by powers of
// ten (multiplied, never divided: NUMERIC division keeps about 16
// significant digits), and numerators are summed per denominator (record days, times the
// calorific value when gas kWh become m³) before one division each. A
// division keeps 40 decimal places and is rounded to 30, and a total to 20
// before its final rounding, so that a total whose exact value ends in 5 at
// the seventh place (a third and two thirds of 0.000001, say) is rounded as
// it should be. The final rounding to six places uses the largest remainder
// method: every bucket is rounded down, and the micro-units the correctly
// rounded total still needs go to the buckets that lost most, so that the
// buckets add up exactly to the total.
//
// Records are found through the covering (user_id, type, period_start) index:
// a record that overlaps a range starts at most MaxPeriodDays-1 days before it.
//
// The rows are of two kinds: one per bucket that some record touches, and
// one total per spec. Empty buckets are filled in by Compute.
const aggregateSQL = `
WITH settings AS MATERIALIZED (
	SELECT gas_kwh_per_cubic_meter AS cv FROM users WHERE id = $1
),
spec AS MATERIALIZED (
	SELECT s.idx, s.type, s.unit, s.range_from, s.range_to, s.grain, s.previous_period, s.previous_year,
		s.bucket_averages,
		CASE s.grain
			WHEN 'day' THEN interval '1 day'
			WHEN 'week' THEN interval '7 days'
			WHEN 'month' THEN interval '1 month'
			WHEN 'quarter' THEN interval '3 months'
			WHEN 'year' THEN interval '1 year'
			ELSE make_interval(days => s.range_to - s.range_from + 1)
		END AS step,
		-- date_trunc refuses the "range" pseudo-unit; its one bucket starts at range_from.
		CASE WHEN s.grain = 'range' THEN 'day' ELSE s.grain END AS trunc_unit,
		-- Computed here, not in the join: under row-level security only
		-- leakproof operators reach the index, and date - integer is not.
		s.range_from - $10::int AS scan_from
	FROM unnest($2::int[], $3::text[], $4::text[], $5::date[], $6::date[], $7::text[], $8::int[], $9::int[], $11::bool[])
		AS s(idx, type, unit, range_from, range_to, grain, previous_period, previous_year, bucket_averages)
),
-- Records that lie whole inside the range and inside one bucket, the most
-- common kind: summed per bucket and unit, as a plain grouping would, and
-- converted once per bucket below. A type has at most three units.
whole_sums AS (
	SELECT s.idx,
		CASE s.grain WHEN 'range' THEN s.range_from WHEN 'day' THEN r.period_start
			ELSE date_trunc(s.trunc_unit, r.period_start::timestamp)::date END AS bucket_start,
		sum(r.amount) FILTER (WHERE r.unit = 'WH') AS wh,
		sum(r.amount) FILTER (WHERE r.unit = 'KWH') AS kwh,
		sum(r.amount) FILTER (WHERE r.unit = 'MWH') AS mwh,
		sum(r.amount) FILTER (WHERE r.unit = 'LITER') AS liter,
		sum(r.amount) FILTER (WHERE r.unit = 'CUBIC_METER') AS m3,
		sum(r.period_end - r.period_start + 1) AS covered, count(*) AS records
	FROM spec s
	JOIN consumption_records r
		ON r.user_id = $1
		AND r.type = s.type
		AND r.period_start >= s.range_from
		AND r.period_start <= s.range_to
		AND r.period_end <= s.range_to
	WHERE s.grain = 'range' OR r.period_end = r.period_start
		OR (s.grain <> 'day' AND date_trunc(s.trunc_unit, r.period_start::timestamp) = date_trunc(s.trunc_unit, r.period_end::timestamp))
	GROUP BY s.idx, 2
),
-- Converted exactly: by powers of ten, and for gas by the calorific value,
-- with one division per bucket when gas kWh become cubic metres.
whole AS (
	SELECT w.idx, w.bucket_start, w.covered, w.records,
		CASE s.type
			-- Multiplied, never divided: NUMERIC division keeps about 16
			-- significant digits, too few for 10^12 with six decimals.
			WHEN 'ELECTRICITY' THEN (coalesce(w.wh, 0) + coalesce(w.kwh, 0) * 1000 + coalesce(w.mwh, 0) * 1000000)
				* CASE s.unit WHEN 'KWH' THEN 0.001 WHEN 'MWH' THEN 0.000001 ELSE 1 END
			WHEN 'WATER' THEN (coalesce(w.liter, 0) + coalesce(w.m3, 0) * 1000)
				* CASE s.unit WHEN 'CUBIC_METER' THEN 0.001 ELSE 1 END
			ELSE CASE s.unit
				WHEN 'KWH' THEN coalesce(w.kwh, 0) + coalesce(w.m3, 0) * settings.cv
				ELSE coalesce(w.m3, 0) + coalesce(round(round(w.kwh, 40) / settings.cv, 30), 0)
			END
		END AS exact
	FROM whole_sums w
	JOIN spec s ON s.idx = w.idx
	CROSS JOIN settings
),
-- The other records that overlap the range, clipped to it and split over the
-- buckets they touch: amount × days in the bucket, summed per record length
-- and unit, then divided once per group.
crossing AS (
	SELECT s.idx, s.type, s.unit AS spec_unit, s.step, s.trunc_unit, r.unit, r.amount,
		r.period_end - r.period_start + 1 AS record_days,
		greatest(r.period_start, s.range_from) AS lo,
		least(r.period_end, s.range_to) AS hi,
		CASE s.grain WHEN 'range' THEN s.range_from WHEN 'day' THEN greatest(r.period_start, s.range_from)
			ELSE date_trunc(s.trunc_unit, greatest(r.period_start, s.range_from)::timestamp)::date END AS first_bucket,
		CASE s.grain WHEN 'range' THEN s.range_from WHEN 'day' THEN least(r.period_end, s.range_to)
			ELSE date_trunc(s.trunc_unit, least(r.period_end, s.range_to)::timestamp)::date END AS last_bucket
	FROM spec s
	JOIN consumption_records r
		ON r.user_id = $1
		AND r.type = s.type
		AND r.period_start >= s.scan_from
		AND r.period_start <= s.range_to
		AND r.period_end >= s.range_from
	WHERE NOT (r.period_start >= s.range_from AND r.period_end <= s.range_to AND (
		s.grain = 'range' OR r.period_end = r.period_start
		OR (s.grain <> 'day' AND date_trunc(s.trunc_unit, r.period_start::timestamp) = date_trunc(s.trunc_unit, r.period_end::timestamp))))
),
split AS (
	SELECT g.idx, g.bucket_start,
		sum(CASE
			WHEN g.unit = g.spec_unit THEN round(round(g.num, 40) / g.record_days, 30)
			WHEN g.type = 'GAS' AND g.unit = 'CUBIC_METER' THEN round(round(g.num * settings.cv, 40) / g.record_days, 30)
			WHEN g.type = 'GAS' THEN round(round(g.num, 40) / (g.record_days * settings.cv), 30)
			ELSE round(round(g.num * CASE g.unit WHEN 'KWH' THEN 1000 WHEN 'MWH' THEN 1000000 WHEN 'CUBIC_METER' THEN 1000 ELSE 1 END
				* CASE g.spec_unit WHEN 'KWH' THEN 0.001 WHEN 'MWH' THEN 0.000001 WHEN 'CUBIC_METER' THEN 0.001 ELSE 1 END, 40)
				/ g.record_days, 30)
		END) AS exact,
		sum(g.covered) AS covered, sum(g.records) AS records, sum(g.starting) AS starting
	FROM (
		SELECT c.idx, c.type, c.spec_unit, c.unit, c.record_days, b.bucket_start::date AS bucket_start,
			sum(c.amount * d.days) AS num, sum(d.days) AS covered, count(*) AS records,
			count(*) FILTER (WHERE b.bucket_start = c.first_bucket) AS starting
		FROM crossing c
		CROSS JOIN LATERAL generate_series(c.first_bucket::timestamp, c.last_bucket::timestamp, c.step) AS b(bucket_start)
		CROSS JOIN LATERAL (SELECT least(c.hi, (b.bucket_start + c.step - interval '1 day')::date)
			- greatest(c.lo, b.bucket_start::date) + 1 AS days) d
		GROUP BY c.idx, c.type, c.spec_unit, c.unit, c.record_days, b.bucket_start
	) g
	CROSS JOIN settings
	GROUP BY g.idx, g.bucket_start
),
per_bucket AS (
	SELECT idx, bucket_start, sum(exact) AS exact, sum(covered) AS covered,
		sum(records) AS records, sum(starting) AS starting
	FROM (
		SELECT idx, bucket_start, exact, covered, records, records AS starting FROM whole
		UNION ALL
		SELECT idx, bucket_start, exact, covered, records, starting FROM split
	) b
	GROUP BY idx, bucket_start
),
total AS (
	SELECT s.idx, coalesce(round(round(sum(b.exact), 20), 6), 0) AS total,
		coalesce(sum(trunc(b.exact, 6)), 0) AS floor_total,
		coalesce(sum(b.covered), 0) AS covered, coalesce(sum(b.starting), 0) AS records,
		s.range_to - s.range_from + 1 AS days,
		(extract(year FROM s.range_to) * 12 + extract(month FROM s.range_to))
			- (extract(year FROM s.range_from) * 12 + extract(month FROM s.range_from)) + 1 AS months
	FROM spec s
	LEFT JOIN per_bucket b ON b.idx = s.idx
	GROUP BY s.idx, s.range_from, s.range_to
),
-- The buckets that get one more micro-unit: those of the largest remainders,
-- as many as the rounded total needs. Buckets without a remainder, the most
-- common kind, never reach the sort.
bonus AS (
	SELECT idx, bucket_start
	FROM (
		SELECT b.idx, b.bucket_start, t.total - t.floor_total AS shortfall,
			row_number() OVER (PARTITION BY b.idx ORDER BY b.exact - trunc(b.exact, 6) DESC, b.bucket_start) AS rank
		FROM per_bucket b
		JOIN total t ON t.idx = b.idx AND t.total > t.floor_total
		WHERE b.exact <> trunc(b.exact, 6)
	) r
	WHERE rank <= shortfall * 1000000
),
bucket AS (
	SELECT b.idx, b.bucket_start, b.covered, b.records,
		trunc(b.exact, 6) + CASE WHEN bn.idx IS NULL THEN 0 ELSE 0.000001 END AS amount
	FROM per_bucket b
	LEFT JOIN bonus bn ON bn.idx = b.idx AND bn.bucket_start = b.bucket_start
)
-- Dates go out as day numbers, which cost less to read than dates, and the
-- figures only a total has travel together in one array.
SELECT b.idx, b.bucket_start - DATE '1970-01-01' AS bucket_day, b.amount, b.covered, b.records,
	CASE WHEN s.bucket_averages THEN round(round(b.amount, 20) / (
		least((b.bucket_start + s.step - interval '1 day')::date, s.range_to) - greatest(b.bucket_start, s.range_from) + 1), 6)
	END AS daily_average,
	NULL::text[] AS totals
FROM bucket b
JOIN spec s ON s.idx = b.idx
UNION ALL
SELECT t.idx, NULL, t.total, t.covered, t.records, round(round(t.total, 20) / t.days, 6),
	-- A change from an earlier total of 0 is none: an empty string.
	ARRAY[
		round(round(t.total, 20) / t.months, 6)::text,
		coalesce(pp.total, 0)::text,
		coalesce(py.total, 0)::text,
		coalesce((CASE WHEN pp.total <> 0 THEN round(round(t.total - pp.total, 20) / pp.total, 6) END)::text, ''),
		coalesce((CASE WHEN py.total <> 0 THEN round(round(t.total - py.total, 20) / py.total, 6) END)::text, '')
	]
FROM total t
JOIN spec s ON s.idx = t.idx
LEFT JOIN total pp ON pp.idx = s.previous_period
LEFT JOIN total py ON py.idx = s.previous_year`

// aggregateRow is one row of aggregateSQL: a bucket, or with totals set the
// totals of a spec, whose amount, covered and records are then the range's.
type aggregateRow struct {
	idx          int
	bucketDay    sql.NullInt64
	amount       decimal.Decimal
	covered      int
	records      int
	dailyAverage decimal.NullDecimal
	// totals are, for a spec's total row: the monthly average, the previous
	// period's and year's totals, and the changes from them (NULL when the
	// earlier total is 0).
	totals pq.StringArray
}

// scanAggregateRows reads the rows by hand: a long daily series has
// thousands, and reflection would cost more than the query's own arithmetic.
func scanAggregateRows(rows *sqlx.Rows) ([]aggregateRow, error) {
	defer rows.Close()
	var out []aggregateRow
	for rows.Next() {
		var r aggregateRow
		if err := rows.Scan(&r.idx, &r.bucketDay, &r.amount, &r.covered, &r.records, &r.dailyAverage, &r.totals); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// specs are aggregate queries laid out column-wise for aggregateSQL, with the
// comparison ranges of queries that ask for them added as specs of their own.
type specs struct {
	idx, previousPeriod, previousYear pq.Int64Array
	types, units, grains              pq.StringArray
	froms, tos                        pq.StringArray
	bucketAverages                    pq.BoolArray
}

func (s *specs) add(q AggregateQuery, from, to domain.Date, grain domain.Granularity) int {
	i := len(s.idx)
	s.idx = append(s.idx, int64(i))
	s.types = append(s.types, string(q.Type))
	s.units = append(s.units, string(q.Unit))
	s.froms = append(s.froms, from.String())
	s.tos = append(s.tos, to.String())
	s.grains = append(s.grains, truncUnits[grain])
	s.previousPeriod = append(s.previousPeriod, -1)
	s.previousYear = append(s.previousYear, -1)
	s.bucketAverages = append(s.bucketAverages, q.BucketAverages && grain == q.Granularity)
	return i
}

// statement returns the statement that answers the queries, and the specs
// it was made of, which say how to read its rows back.
func (a *Aggregates) statement(queries []AggregateQuery) (Statement, specs, error) {
	var sp specs
	for _, q := range queries {
		if _, ok := truncUnits[q.Granularity]; !ok || !q.Type.Allows(q.Unit) {
			return Statement{}, sp, fmt.Errorf("store: aggregate: bad query %+v", q)
		}
		i := sp.add(q, q.From, q.To, q.Granularity)
		if q.Compare {
			ppFrom, ppTo := domain.PreviousPeriod(q.From, q.To)
			sp.previousPeriod[i] = int64(sp.add(q, ppFrom, ppTo, ""))
			sp.previousYear[i] = int64(sp.add(q, domain.YearEarlier(q.From), domain.YearEarlier(q.To), ""))
		}
	}
	return Statement{SQL: aggregateSQL, Args: []any{a.userID,
		sp.idx, sp.types, sp.units, sp.froms, sp.tos, sp.grains, sp.previousPeriod, sp.previousYear,
		domain.MaxPeriodDays - 1, sp.bucketAverages}, genericPlan: a.genericPlans}, sp, nil
}

// Statement returns the SQL and arguments Compute sends for the queries.
func (a *Aggregates) Statement(queries []AggregateQuery) (Statement, error) {
	stmt, _, err := a.statement(queries)
	return stmt, err
}

// Compute answers every query with one SQL statement, in the order asked.
func (a *Aggregates) Compute(ctx context.Context, queries []AggregateQuery) ([]Aggregate, error) {
	stmt, sp, err := a.statement(queries)
	if err != nil {
		return nil, err
	}
	var rows []aggregateRow
	err = a.inTx(ctx, func(tx *sqlx.Tx) error {
		prepared, err := a.store.prepared(ctx, tx, stmt.SQL)
		if err != nil {
			return err
		}
		res, err := prepared.QueryxContext(ctx, stmt.Args...)
		if err != nil {
			return err
		}
		rows, err = scanAggregateRows(res)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: aggregate: %w", translate(err))
	}

	// The specs of the queries come first in query order, each followed by
	// its comparison specs. Rows come in no order; buckets are sorted here.
	found := make(map[int]map[int]aggregateRow, len(sp.idx)) // spec → bucket day → row
	totals := make(map[int]aggregateRow, len(sp.idx))
	for _, r := range rows {
		if !r.bucketDay.Valid {
			totals[r.idx] = r
			continue
		}
		if found[r.idx] == nil {
			found[r.idx] = make(map[int]aggregateRow)
		}
		found[r.idx][int(r.bucketDay.Int64)] = r
	}
	out := make([]Aggregate, 0, len(queries))
	spec := 0
	for _, q := range queries {
		t, ok := totals[spec]
		if !ok || len(t.totals) != 5 {
			return nil, fmt.Errorf("store: aggregate: no total for %+v", q)
		}
		extra, err := decimals(t.totals)
		if err != nil {
			return nil, fmt.Errorf("store: aggregate: %w", err)
		}
		agg := Aggregate{
			Query:          q,
			Total:          t.amount,
			Days:           q.To.DaysSince(q.From) + 1,
			CoveredDays:    t.covered,
			RecordCount:    t.records,
			DailyAverage:   t.dailyAverage.Decimal,
			MonthlyAverage: *extra[0],
			Buckets:        fillBuckets(q, found[spec]),
		}
		spec++
		if q.Compare {
			agg.PreviousPeriodTotal, agg.PreviousYearTotal = *extra[1], *extra[2]
			agg.ChangeFromPreviousPeriod, agg.ChangeFromPreviousYear = extra[3], extra[4]
			spec += 2
		}
		out = append(out, agg)
	}
	return out, nil
}

// decimals reads an array of decimals in which empty strings are none.
func decimals(texts pq.StringArray) ([]*decimal.Decimal, error) {
	out := make([]*decimal.Decimal, len(texts))
	for i, s := range texts {
		if s == "" {
			continue
		}
		d, err := decimal.NewFromString(s)
		if err != nil {
			return nil, err
		}
		out[i] = &d
	}
	return out, nil
}

// fillBuckets returns every bucket of the query in order: those the
// statement found, by their first day's number, and zeros for the days no
// record touches.
func fillBuckets(q AggregateQuery, found map[int]aggregateRow) []BucketTotal {
	bounds := []domain.Bucket{{Start: q.From, End: q.To}}
	if q.Granularity != "" {
		bounds = q.Granularity.Buckets(q.From, q.To)
	}
	out := make([]BucketTotal, len(bounds))
	for i, b := range bounds {
		lo, hi := b.Start, b.End
		if lo.Before(q.From) {
			lo = q.From
		}
		if hi.After(q.To) {
			hi = q.To
		}
		r := found[b.Start.Days()]
		out[i] = BucketTotal{
			Bucket: b, Days: hi.DaysSince(lo) + 1,
			Amount: r.amount, CoveredDays: r.covered, RecordCount: r.records, DailyAverage: r.dailyAverage.Decimal,
		}
	}
	return out
}
