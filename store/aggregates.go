package store

import (
	"context"
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
	RecordCount  int
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
// the spec's unit. All arithmetic is NUMERIC. Per-day values keep 40 decimal
// places, bucket sums are rounded to 30 and their total to 20, so that a sum
// whose exact value ends in 5 at the seventh place (a third and two thirds of
// 0.000001, say) is not pushed below it by the divisions' last digits. The final rounding to six
// places uses the largest remainder method, so that the bucket amounts add up
// exactly to the correctly rounded total.
//
// Records are found through the (user_id, type, period_start) index: a record
// that overlaps a range starts at most MaxPeriodDays-1 days before it.
const aggregateSQL = `
WITH settings AS MATERIALIZED (
	SELECT gas_kwh_per_cubic_meter AS cv FROM users WHERE id = $1
),
spec AS MATERIALIZED (
	SELECT s.idx, s.type, s.unit, s.range_from, s.range_to, s.grain, s.previous_period, s.previous_year,
		CASE s.grain
			WHEN 'day' THEN interval '1 day'
			WHEN 'week' THEN interval '7 days'
			WHEN 'month' THEN interval '1 month'
			WHEN 'quarter' THEN interval '3 months'
			WHEN 'year' THEN interval '1 year'
			ELSE make_interval(days => s.range_to - s.range_from + 1)
		END AS step,
		-- date_trunc refuses the "range" pseudo-unit; its buckets start at range_from.
		CASE WHEN s.grain = 'range' THEN 'day' ELSE s.grain END AS trunc_unit
	FROM unnest($2::int[], $3::text[], $4::text[], $5::date[], $6::date[], $7::text[], $8::int[], $9::int[])
		AS s(idx, type, unit, range_from, range_to, grain, previous_period, previous_year)
),
-- Each record that overlaps a spec's range, clipped to it, as a value per day
-- in the spec's unit.
share AS (
	SELECT s.idx, r.id,
		greatest(r.period_start, s.range_from) AS lo,
		least(r.period_end, s.range_to) AS hi,
		round(r.amount, 40)
			* CASE
				WHEN r.unit = s.unit THEN 1
				WHEN r.type = 'GAS' THEN CASE WHEN r.unit = 'CUBIC_METER' THEN settings.cv ELSE 1 END
				ELSE CASE r.unit WHEN 'KWH' THEN 1000 WHEN 'MWH' THEN 1000000 WHEN 'CUBIC_METER' THEN 1000 ELSE 1 END
			END
			/ (CASE
				WHEN r.unit = s.unit THEN 1
				WHEN r.type = 'GAS' THEN CASE WHEN r.unit = 'KWH' THEN settings.cv ELSE 1 END
				ELSE CASE s.unit WHEN 'KWH' THEN 1000 WHEN 'MWH' THEN 1000000 WHEN 'CUBIC_METER' THEN 1000 ELSE 1 END
			END * (r.period_end - r.period_start + 1)) AS per_day
	FROM spec s
	CROSS JOIN settings
	JOIN consumption_records r
		ON r.user_id = $1
		AND r.type = s.type
		AND r.period_start BETWEEN s.range_from - $10::int AND s.range_to
		AND r.period_end >= s.range_from
),
-- Each clipped record split over the buckets it touches.
part AS (
	SELECT sh.idx, b.bucket_start::date AS bucket_start, sh.per_day,
		least(sh.hi, (b.bucket_start + s.step - interval '1 day')::date) - greatest(sh.lo, b.bucket_start::date) + 1 AS days
	FROM share sh
	JOIN spec s ON s.idx = sh.idx
	CROSS JOIN LATERAL generate_series(
		CASE WHEN s.grain = 'range' THEN s.range_from::timestamp ELSE date_trunc(s.trunc_unit, sh.lo::timestamp) END,
		sh.hi::timestamp, s.step) AS b(bucket_start)
),
filled AS (
	SELECT s.idx, b.bucket_start::date AS bucket_start, (b.bucket_start + s.step - interval '1 day')::date AS bucket_end,
		least((b.bucket_start + s.step - interval '1 day')::date, s.range_to) - greatest(b.bucket_start::date, s.range_from) + 1 AS days,
		coalesce(a.exact, 0) AS exact, coalesce(a.covered, 0) AS covered, coalesce(a.records, 0) AS records
	FROM spec s
	CROSS JOIN LATERAL generate_series(
		CASE WHEN s.grain = 'range' THEN s.range_from::timestamp ELSE date_trunc(s.trunc_unit, s.range_from::timestamp) END,
		s.range_to::timestamp, s.step) AS b(bucket_start)
	LEFT JOIN (
		SELECT idx, bucket_start, round(sum(per_day * days), 30) AS exact, sum(days) AS covered, count(*) AS records
		FROM part GROUP BY idx, bucket_start
	) a ON a.idx = s.idx AND a.bucket_start = b.bucket_start::date
),
-- Largest remainder: every bucket is rounded down to six places, then the
-- micro-units the rounded total still needs go to the buckets that lost most.
ranked AS (
	SELECT f.*, trunc(f.exact, 6) AS floor6,
		round(round(sum(f.exact) OVER spec_buckets, 20), 6) - sum(trunc(f.exact, 6)) OVER spec_buckets AS shortfall,
		row_number() OVER (PARTITION BY f.idx ORDER BY f.exact - trunc(f.exact, 6) DESC, f.bucket_start) AS rank
	FROM filled f
	WINDOW spec_buckets AS (PARTITION BY f.idx)
),
bucket AS (
	SELECT idx, bucket_start, bucket_end, days, covered, records,
		floor6 + CASE WHEN rank <= shortfall * 1000000 THEN 0.000001 ELSE 0 END AS amount
	FROM ranked
),
total AS (
	SELECT s.idx, b.amount AS total, coalesce(sh.records, 0) AS records, coalesce(sh.covered, 0) AS covered,
		s.range_to - s.range_from + 1 AS days,
		(extract(year FROM s.range_to) * 12 + extract(month FROM s.range_to))
			- (extract(year FROM s.range_from) * 12 + extract(month FROM s.range_from)) + 1 AS months
	FROM spec s
	JOIN (SELECT idx, sum(amount) AS amount FROM bucket GROUP BY idx) b ON b.idx = s.idx
	LEFT JOIN (SELECT idx, count(*) AS records, sum(hi - lo + 1) AS covered FROM share GROUP BY idx) sh ON sh.idx = s.idx
)
SELECT b.idx, b.bucket_start, b.bucket_end, b.amount, b.days, b.covered, b.records,
	round(b.amount / b.days, 6) AS daily_average,
	t.total, t.days AS total_days, t.covered AS total_covered, t.records AS total_records,
	round(t.total / t.days, 6) AS total_daily_average,
	round(t.total / t.months, 6) AS monthly_average,
	coalesce(pp.total, 0) AS previous_period_total,
	coalesce(py.total, 0) AS previous_year_total,
	CASE WHEN pp.total <> 0 THEN round((t.total - pp.total) / pp.total, 6) END AS change_from_previous_period,
	CASE WHEN py.total <> 0 THEN round((t.total - py.total) / py.total, 6) END AS change_from_previous_year
FROM bucket b
JOIN total t ON t.idx = b.idx
JOIN spec s ON s.idx = b.idx
LEFT JOIN total pp ON pp.idx = s.previous_period
LEFT JOIN total py ON py.idx = s.previous_year
ORDER BY b.idx, b.bucket_start`

// aggregateRow is one row of aggregateSQL: a bucket, with its spec's totals.
type aggregateRow struct {
	Idx          int             `db:"idx"`
	BucketStart  domain.Date     `db:"bucket_start"`
	BucketEnd    domain.Date     `db:"bucket_end"`
	Amount       decimal.Decimal `db:"amount"`
	Days         int             `db:"days"`
	Covered      int             `db:"covered"`
	Records      int             `db:"records"`
	DailyAverage decimal.Decimal `db:"daily_average"`

	Total               decimal.Decimal     `db:"total"`
	TotalDays           int                 `db:"total_days"`
	TotalCovered        int                 `db:"total_covered"`
	TotalRecords        int                 `db:"total_records"`
	TotalDailyAverage   decimal.Decimal     `db:"total_daily_average"`
	MonthlyAverage      decimal.Decimal     `db:"monthly_average"`
	PreviousPeriodTotal decimal.Decimal     `db:"previous_period_total"`
	PreviousYearTotal   decimal.Decimal     `db:"previous_year_total"`
	ChangePrevious      decimal.NullDecimal `db:"change_from_previous_period"`
	ChangeYear          decimal.NullDecimal `db:"change_from_previous_year"`
}

// specs are aggregate queries laid out column-wise for aggregateSQL, with the
// comparison ranges of queries that ask for them added as specs of their own.
type specs struct {
	idx, previousPeriod, previousYear pq.Int64Array
	types, units, grains              pq.StringArray
	froms, tos                        pq.StringArray
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
	return i
}

// Compute answers every query with one SQL statement, in the order asked.
func (a *Aggregates) Compute(ctx context.Context, queries []AggregateQuery) ([]Aggregate, error) {
	var sp specs
	for _, q := range queries {
		if _, ok := truncUnits[q.Granularity]; !ok || !q.Type.Allows(q.Unit) {
			return nil, fmt.Errorf("store: aggregate: bad query %+v", q)
		}
		i := sp.add(q, q.From, q.To, q.Granularity)
		if q.Compare {
			ppFrom, ppTo := domain.PreviousPeriod(q.From, q.To)
			sp.previousPeriod[i] = int64(sp.add(q, ppFrom, ppTo, ""))
			sp.previousYear[i] = int64(sp.add(q, domain.YearEarlier(q.From), domain.YearEarlier(q.To), ""))
		}
	}

	var rows []aggregateRow
	err := a.inTx(ctx, func(tx *sqlx.Tx) error {
		return tx.SelectContext(ctx, &rows, aggregateSQL, a.userID,
			sp.idx, sp.types, sp.units, sp.froms, sp.tos, sp.grains, sp.previousPeriod, sp.previousYear,
			domain.MaxPeriodDays-1)
	})
	if err != nil {
		return nil, fmt.Errorf("store: aggregate: %w", translate(err))
	}

	// Rows come ordered by spec; the specs of the queries come first in
	// query order, each followed by its comparison specs.
	bySpec := make(map[int][]aggregateRow, len(sp.idx))
	for _, r := range rows {
		bySpec[r.Idx] = append(bySpec[r.Idx], r)
	}
	out := make([]Aggregate, 0, len(queries))
	spec := 0
	for _, q := range queries {
		rs := bySpec[spec]
		if len(rs) == 0 {
			return nil, fmt.Errorf("store: aggregate: no rows for %+v", q)
		}
		first := rs[0]
		agg := Aggregate{
			Query:          q,
			Total:          first.Total,
			Days:           first.TotalDays,
			CoveredDays:    first.TotalCovered,
			RecordCount:    first.TotalRecords,
			DailyAverage:   first.TotalDailyAverage,
			MonthlyAverage: first.MonthlyAverage,
			Buckets:        make([]BucketTotal, len(rs)),
		}
		for i, r := range rs {
			agg.Buckets[i] = BucketTotal{
				Bucket: domain.Bucket{Start: r.BucketStart, End: r.BucketEnd},
				Amount: r.Amount, Days: r.Days, CoveredDays: r.Covered, RecordCount: r.Records,
				DailyAverage: r.DailyAverage,
			}
		}
		spec++
		if q.Compare {
			agg.PreviousPeriodTotal, agg.PreviousYearTotal = first.PreviousPeriodTotal, first.PreviousYearTotal
			agg.ChangeFromPreviousPeriod = nullable(first.ChangePrevious)
			agg.ChangeFromPreviousYear = nullable(first.ChangeYear)
			spec += 2
		}
		out = append(out, agg)
	}
	return out, nil
}

func nullable(d decimal.NullDecimal) *decimal.Decimal {
	if !d.Valid {
		return nil
	}
	return &d.Decimal
}
