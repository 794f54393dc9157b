package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
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
// an array of days ($6); the types whose costs are asked ($7) and whether
// there are any ($8). Days count from 1970-01-01.
//
// A scan reads the records that start within it, through the covering
// (user_id, type, period_start) index, and the record that reaches into it
// from before, if any: records of a type never overlap, so that is the one
// that starts last before the scan, found by an index scan backwards that
// stops at the first row, and the scan's range starts at it instead. It was
// read already when it starts within the type's scan before. (Read apart
// and appended, that record made a read of a year's totals 8% slower.)
//
// A record that lies within one segment between two cuts (width_bucket
// finds a day's segment by a binary search over the cuts) is summed with the
// others of its type, unit and segment, as a plain grouping would; a record
// that crosses a cut is a group of its own. The engine does the arithmetic.
//
// When costs are asked, the tariffs of those types come back too, one row
// each; the days they start and the days after they end cut the segments as
// well, so that the records summed in a segment share one price; and records
// that carry a cost are summed apart from those that do not.
//
// A last row carries the user's calorific value of gas and currency.
var aggregateSQL = aggregateStatement(true)

// aggregateAmountsSQL is aggregateSQL for a read that asks no costs, with
// none of the parts that costs need: no tariffs, no cuts of theirs and no
// cost summed or grouped apart. PostgreSQL sets up every node of a plan on
// each execution, run or not, and the cost parts made a read of a year's
// totals a fifth slower without computing anything.
//
// It reads whole months from their sums instead (record_month_sums, kept
// by a trigger; see monthRuns): runs of calendar months given as arrays of
// types, first days and last days ($7 to $9), each month of which lies
// within the type's scans and within one segment. Of the records that
// start in a run it reads only those that cross a month's end, through an
// index of those alone; the others are in the months' sums, one row per
// type, unit and month where there were up to 31 records. A year of daily
// records is read as 12 rows instead of 365, and the statement's cost is
// mostly per row read: a year's totals ran 1.7 times as fast.
var aggregateAmountsSQL = aggregateStatement(false)

// aggregateStatement writes aggregateSQL, with or without its cost parts,
// and aggregateAmountsSQL with the months' sums in their place.
func aggregateStatement(costs bool) string {
	// The cost parts, and what stands in their place without costs.
	cuts, costSum, costGroup, tariffs := `$6::int[]`, `NULL::numeric`, ``, ``
	ctes, months := ``, ``
	if costs {
		cuts, costSum, costGroup = `(SELECT days FROM cut)`, `sum(cost) FILTER (WHERE $8)`, `,
	CASE WHEN $8 THEN cost IS NULL END`
		ctes = `
tariff AS (
	SELECT type, price_unit, valid_from - DATE '1970-01-01' AS first_day, valid_to - DATE '1970-01-01' AS last_day,
		unit_price, standing_charge_per_day, tax_rate
	FROM tariffs
	WHERE $8 AND user_id = $1 AND type = ANY($7::text[])
),
cut AS MATERIALIZED (
	SELECT CASE WHEN NOT $8 THEN $6::int[] ELSE ARRAY(
		SELECT day FROM unnest($6::int[]) AS day
		UNION
		SELECT first_day FROM tariff
		UNION
		SELECT last_day + 1 FROM tariff WHERE last_day IS NOT NULL
		ORDER BY 1
	) END AS days
),`
		tariffs = `
UNION ALL
SELECT type, price_unit, first_day, last_day, unit_price, NULL, NULL, standing_charge_per_day, tax_rate FROM tariff`
	} else {
		// The predicate of consumption_records_month_crossing, written as
		// its index is, so that the planner reads through it.
		months = `
	UNION ALL
	SELECT r.type, r.unit, r.amount, NULL, r.period_start - DATE '1970-01-01', r.period_end - DATE '1970-01-01',
		r.period_end - r.period_start + 1, 1
	FROM month m
	JOIN consumption_records r ON r.user_id = $1 AND r.type = m.type
		AND r.period_start >= m.first AND r.period_start <= m.last
		AND date_trunc('month', r.period_start::timestamp) <> date_trunc('month', r.period_end::timestamp)
	UNION ALL
	SELECT o.type, o.unit, o.amount, NULL, o.month - DATE '1970-01-01',
		(o.month + interval '1 month')::date - DATE '1970-01-01' - 1, o.days, o.records
	FROM month m
	JOIN record_month_sums o ON o.user_id = $1 AND o.type = m.type AND o.month >= m.first AND o.month <= m.last`
		ctes = `
month AS MATERIALIZED (
	SELECT m.type, DATE '1970-01-01' + m.first AS first, DATE '1970-01-01' + m.last AS last
	FROM unnest($7::text[], $8::int[], $9::int[]) AS m(type, first, last)
),`
	}
	return `
WITH day AS MATERIALIZED (
	-- Dates are computed here, not in the joins: under row-level security
	-- only leakproof operators reach the index, and date + integer is not.
	SELECT s.type, DATE '1970-01-01' + s.first AS first, DATE '1970-01-01' + s.last AS last,
		DATE '1970-01-01' + s.after AS after
	FROM unnest($2::text[], $3::int[], $4::int[], $5::int[]) AS s(type, first, last, after)
),
scan AS MATERIALIZED (
	SELECT d.type, d.last, coalesce((
		SELECT CASE WHEN b.period_end >= d.first THEN b.period_start END
		FROM consumption_records b
		WHERE b.user_id = $1 AND b.type = d.type AND b.period_start < d.first AND b.period_start > d.after
		ORDER BY b.period_start DESC
		LIMIT 1
	), d.first) AS first
	FROM day d
),` + ctes + `
read AS (
	SELECT r.type, r.unit, r.amount, r.cost, r.period_start - DATE '1970-01-01' AS first_day,
		r.period_end - DATE '1970-01-01' AS last_day, r.period_end - r.period_start + 1 AS days, 1 AS records
	FROM scan s
	JOIN consumption_records r ON r.user_id = $1 AND r.type = s.type
		AND r.period_start >= s.first AND r.period_start <= s.last` + months + `
),
placed AS (
	SELECT type, unit, amount, cost, first_day, last_day, days, records, width_bucket(first_day, ` + cuts + `) AS segment
	FROM read
)
SELECT type, unit, min(first_day) AS first_day, max(last_day) AS last_day, sum(amount) AS amount,
	sum(days) AS days, sum(records) AS records, ` + costSum + ` AS cost, NULL AS tax
FROM placed
-- A record of one day never crosses a cut, and most are: only longer ones
-- need their last day's segment. A month's sums never cross one.
GROUP BY type, unit, segment,
	CASE WHEN first_day < last_day AND width_bucket(last_day, ` + cuts + `) <> segment THEN first_day END` + costGroup + tariffs + `
UNION ALL
SELECT NULL, currency, NULL, NULL, gas_kwh_per_cubic_meter, NULL, NULL, NULL, NULL FROM users WHERE id = $1`
}

// aggregateArgs are the arguments of aggregateSQL for a plan's read.
type aggregateArgs struct {
	user                  uuid.UUID
	types                 pq.StringArray
	firsts, lasts, afters pq.Int64Array
	cuts                  pq.Int64Array
	// costTypes are the types whose costs are asked, and costs whether
	// there are any.
	costTypes pq.StringArray
	costs     bool
	// The runs of whole months read from their sums, when no costs are.
	monthTypes              pq.StringArray
	monthFirsts, monthLasts pq.Int64Array
}

func (a *Aggregates) aggregateArgs(r engine.Read) (aggregateArgs, error) {
	// Arrays, even empty ones, never nil: a nil array is NULL.
	args := aggregateArgs{
		user: a.userID, cuts: make(pq.Int64Array, len(r.Cuts)),
		types: pq.StringArray{}, firsts: pq.Int64Array{}, lasts: pq.Int64Array{}, afters: pq.Int64Array{},
		monthTypes: pq.StringArray{}, monthFirsts: pq.Int64Array{}, monthLasts: pq.Int64Array{},
	}
	for i, c := range r.Cuts {
		args.cuts[i] = int64(c.Days())
	}
	args.costTypes = make(pq.StringArray, len(r.CostTypes))
	for i, t := range r.CostTypes {
		if !t.Valid() {
			return args, fmt.Errorf("store: aggregate: no type %q", t)
		}
		args.costTypes[i] = string(t)
	}
	args.costs = len(args.costTypes) > 0

	// after is the last day of the type read so far.
	var after int64
	for i, s := range r.Scans {
		if !s.Type.Valid() {
			return args, fmt.Errorf("store: aggregate: no type %q", s.Type)
		}
		if i == 0 || r.Scans[i-1].Type != s.Type {
			// No record starts before 1970-01-01.
			after = int64(domain.FirstDay.Days() - 1)
		}
		// The scan's records, less the months read from their sums: a
		// range before each run of months and one after the last, each
		// looking back for a record that reaches into it only as far as
		// what was read before it. The first range is kept even when
		// empty, for the record that reaches into the scan.
		from := int64(s.From.Days())
		var runs [][2]int64
		if !args.costs {
			runs = monthRuns(from, int64(s.To.Days()), args.cuts)
		}
		for k := 0; k <= len(runs); k++ {
			to := int64(s.To.Days())
			if k < len(runs) {
				to = runs[k][0] - 1
			}
			if k == 0 || from <= to {
				args.types = append(args.types, string(s.Type))
				args.firsts, args.lasts, args.afters = append(args.firsts, from), append(args.lasts, to), append(args.afters, after)
			}
			if k < len(runs) {
				args.monthTypes = append(args.monthTypes, string(s.Type))
				args.monthFirsts, args.monthLasts = append(args.monthFirsts, runs[k][0]), append(args.monthLasts, runs[k][1])
				from, after = runs[k][1]+1, runs[k][1]
			}
		}
		after = int64(s.To.Days())
	}
	return args, nil
}

// monthRuns returns the runs of consecutive calendar months, as their
// first and last days, that lie within the days first to last and each
// within one segment of cuts (no cut after a month's first day and up to
// its last): the months whose records the read may take from their sums,
// as the records of such a month are summed together anyway. Days count
// from 1970-01-01, as the cuts do, in increasing order.
func monthRuns(first, last int64, cuts []int64) [][2]int64 {
	var runs [][2]int64
	month := domain.Monthly.BucketStart(domain.DateFromDays(int(first)))
	if month.Days() < int(first) {
		month = domain.Monthly.NextBucket(month)
	}
	c := 0
	for ; ; month = domain.Monthly.NextBucket(month) {
		lo, hi := int64(month.Days()), int64(domain.Monthly.NextBucket(month).Days()-1)
		if hi > last {
			return runs
		}
		for c < len(cuts) && cuts[c] <= lo {
			c++
		}
		// The next cut after the month's first day, if any, is within the
		// month when it is no later than its last.
		if c == len(cuts) || cuts[c] > hi {
			if n := len(runs); n > 0 && runs[n-1][1] == lo-1 {
				runs[n-1][1] = hi
			} else {
				runs = append(runs, [2]int64{lo, hi})
			}
		}
	}
}

// values returns the arguments of args' statement.
func (args aggregateArgs) values() []any {
	if !args.costs {
		return []any{args.user, args.types, args.firsts, args.lasts, args.afters, args.cuts,
			args.monthTypes, args.monthFirsts, args.monthLasts}
	}
	return []any{args.user, args.types, args.firsts, args.lasts, args.afters, args.cuts, args.costTypes, args.costs}
}

// statement returns the statement that reads args (aggregateSQL when costs
// are asked, aggregateAmountsSQL otherwise), the name under which each
// connection prepares it for readInOneTrip, once, the first time it runs
// it, and the types of its parameters.
func (args aggregateArgs) statement() (query, name, params string) {
	if args.costs {
		return aggregateSQL, "aggregate_read", "(uuid, text[], int[], int[], int[], int[], text[], boolean)"
	}
	return aggregateAmountsSQL, "aggregate_read_amounts", "(uuid, text[], int[], int[], int[], int[], text[], int[], int[])"
}

// Read reads what the engine needs for r in one statement: the records of
// its scans, summed per type, unit and segment where they lie within one,
// one by one where they cross a cut, the tariffs of the types whose costs
// it asks, and the user's calorific value of gas and currency.
func (a *Aggregates) Read(ctx context.Context, r engine.Read) (engine.Readings, error) {
	var out engine.Readings
	err := a.read(ctx, r, func(rows *sql.Rows) error {
		out = engine.Readings{}
		return scanReadings(rows, &out)
	})
	return out, err
}

// CountRows sends for r what Read sends and counts the rows that come back,
// without decoding them: what PostgreSQL alone costs for the aggregates of
// a request, for the benchmark.
func (a *Aggregates) CountRows(ctx context.Context, r engine.Read) (int, error) {
	n := 0
	err := a.read(ctx, r, func(rows *sql.Rows) error {
		defer rows.Close()
		for n = 0; rows.Next(); n++ {
		}
		return rows.Err()
	})
	return n, err
}

// read runs aggregateSQL for r and hands its rows to scan, which closes
// them. On the primary it takes one round trip (see readInOneTrip); a read
// that may go to a replica first checks that the replica has the user's
// writes, in a transaction of the usual kind. So does a read on Citus: the
// coordinator passes a SET LOCAL on to the workers as the text of the query
// it came in, which in one simple query is the whole transaction.
func (a *Aggregates) read(ctx context.Context, r engine.Read, scan func(*sql.Rows) error) error {
	args, err := a.aggregateArgs(r)
	if err != nil {
		return err
	}
	return a.readArgs(ctx, args, scan)
}

// readArgs is read with the statement's arguments made.
func (a *Aggregates) readArgs(ctx context.Context, args aggregateArgs, scan func(*sql.Rows) error) (err error) {
	if a.store.replica == nil && !a.store.citus {
		err = a.readInOneTrip(ctx, args, scan)
	} else {
		err = a.inTx(ctx, func(tx *sqlx.Tx) error {
			query, _, _ := args.statement()
			prepared, err := a.store.prepared(ctx, tx, query)
			if err != nil {
				return err
			}
			rows, err := prepared.QueryContext(ctx, args.values()...)
			if err != nil {
				return err
			}
			return scan(rows)
		})
	}
	if err != nil {
		return fmt.Errorf("store: aggregate: %w", translate(err))
	}
	return nil
}

// readInOneTrip sends the whole transaction of a read as one simple query:
// BEGIN, the switch to the user's role with app.user_id and the other
// settings (SET LOCAL, as every transaction of the store has them), the
// EXECUTE of the statement prepared on the connection, and COMMIT. The
// transaction runs exactly as one of inTx would, in one round trip instead
// of four: a request's aggregates cost PostgreSQL less than the round trips
// around them otherwise did.
//
// The simple protocol takes no parameters, so the values are written into
// the query; every one is made here, never taken from a client: the user's
// id as a UUID prints, types as the domain's constants (checked), days as
// integers.
func (a *Aggregates) readInOneTrip(ctx context.Context, args aggregateArgs, scan func(*sql.Rows) error) error {
	conn, err := a.store.acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	statement, name, params := args.statement()
	query, err := a.oneTrip(args, name)
	if err != nil {
		return err
	}
	for prepared := false; ; prepared = true {
		rows, err := conn.QueryContext(ctx, query)
		if err == nil {
			if err = scan(rows); err == nil {
				return nil
			}
		}
		// A failure leaves the transaction open; end it before the
		// connection goes back to the pool, or drop the connection.
		endFailedTransaction(conn)
		if prepared || ctx.Err() != nil {
			return err
		}
		switch pqCode(err) {
		case codeStalePreparedStatement:
			if _, err := conn.ExecContext(ctx, `DEALLOCATE `+name); err != nil {
				return err
			}
		case codeNoPreparedStatement:
		default:
			return err
		}
		if _, err := conn.ExecContext(ctx, `PREPARE `+name+` `+params+` AS `+statement); err != nil {
			return err
		}
	}
}

// oneTrip returns the simple query of readInOneTrip, which executes the
// statement prepared as name.
func (a *Aggregates) oneTrip(args aggregateArgs, name string) (string, error) {
	var q strings.Builder
	q.WriteString(`BEGIN READ ONLY; `)
	q.WriteString(a.store.scopeSettings(a.tx()))
	q.WriteString(`; EXECUTE `)
	q.WriteString(name)
	q.WriteString(`('`)
	q.WriteString(args.user.String())
	q.WriteString(`'`)
	arrays := []driver.Valuer{args.types, args.firsts, args.lasts, args.afters, args.cuts}
	if args.costs {
		arrays = append(arrays, args.costTypes)
	} else {
		arrays = append(arrays, args.monthTypes, args.monthFirsts, args.monthLasts)
	}
	for _, array := range arrays {
		v, err := array.Value()
		if err != nil {
			return "", err
		}
		// Arrays of constants and integers: no quote can be in them.
		q.WriteString(`, '`)
		q.WriteString(v.(string))
		q.WriteString(`'`)
	}
	if args.costs {
		q.WriteString(`, true`)
	}
	q.WriteString(`); COMMIT`)
	return q.String(), nil
}

// endFailedTransaction rolls back what a failed simple query left open on
// conn, on a context of its own (the request's may be what failed), and
// drops the connection from the pool if that fails too.
func endFailedTransaction(conn *sqlx.Conn) {
	ctx, cancel := context.WithTimeout(context.Background(), rollbackTimeout)
	defer cancel()
	if _, err := conn.ExecContext(ctx, `ROLLBACK`); err != nil {
		_ = conn.Raw(func(any) error { return driver.ErrBadConn })
	}
}

// rollbackTimeout bounds the rollback of a failed read.
const rollbackTimeout = 5 * time.Second

// scanReadings reads the rows of aggregateSQL into out. A long daily series
// has thousands of rows: they are read without copying or reflection, and
// the amounts are parsed straight from the text PostgreSQL sends.
func scanReadings(rows *sql.Rows, out *engine.Readings) error {
	defer rows.Close()
	var (
		typ, unit, amount, cost, tax sql.RawBytes
		first, last, days, recs      sql.NullInt64
		settings                     bool
	)
	for rows.Next() {
		if err := rows.Scan(&typ, &unit, &first, &last, &amount, &days, &recs, &cost, &tax); err != nil {
			return err
		}
		value, err := engine.ParseDecimal(amount)
		if err != nil {
			return err
		}
		switch {
		case typ == nil: // the settings' row
			out.GasKWhPerCubicMeter, out.Currency, settings = value, string(unit), true
		case !recs.Valid: // a tariff
			if err := scanTariff(out, typ, unit, first, last, value, cost, tax); err != nil {
				return err
			}
		default:
			iv := engine.Interval{
				Type: recordType(typ), Unit: recordUnit(unit),
				First: domain.DateFromDays(int(first.Int64)), Last: domain.DateFromDays(int(last.Int64)),
				Amount: value, Days: int(days.Int64), Records: int(recs.Int64),
			}
			if cost != nil {
				if iv.Cost, err = engine.ParseDecimal(cost); err != nil {
					return err
				}
				iv.Billed = true
			}
			out.Intervals = append(out.Intervals, iv)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if !settings {
		return ErrNotFound // the user is gone
	}
	return nil
}

// scanTariff adds the tariff of a row of aggregateSQL to out: its type, its
// price unit, its first and last days (none for an open-ended one), its
// unit price, and its standing charge and tax rate, which come in the
// columns of a sum's cost and of nothing.
func scanTariff(out *engine.Readings, typ, unit sql.RawBytes, first, last sql.NullInt64, price engine.Decimal, standing, tax sql.RawBytes) error {
	t := engine.Tariff{
		Type: recordType(typ), PriceUnit: recordUnit(unit), From: domain.DateFromDays(int(first.Int64)), UnitPrice: price,
	}
	if last.Valid {
		t.To = domain.DateFromDays(int(last.Int64))
	}
	var err error
	if t.StandingChargePerDay, err = engine.ParseDecimal(standing); err != nil {
		return err
	}
	if t.TaxRate, err = engine.ParseDecimal(tax); err != nil {
		return err
	}
	out.Tariffs = append(out.Tariffs, t)
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
