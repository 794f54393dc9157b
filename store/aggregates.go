package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/google/uuid"
	"github.com/lib/pq"

	"consumption/domain"
	"consumption/engine"
)

// Aggregates reads what the aggregate engine needs of a user's records.
type Aggregates struct {
	userScope
}

// aggregateSQL reads the records of a plan's scans, in one statement. A
// type's scans are read in pieces ($2 to $9: for each its type, the first
// day it answers for, and three ranges of days, lo to hi, where the
// records it reads start: records read one by one, records that cross a
// month's end, and months read from their sums); the plan's cuts are an
// array of days ($10); the types whose costs are asked ($11) and whether
// there are any ($12). Days count from 1970-01-01. Why the pieces read
// each record a scan needs, once, is aggregateArgs'.
//
// Each range is a range scan of an index, with the last day of its records
// checked in the index's own columns (those that end before a piece's first
// day would change no answer, but would be read for nothing): no piece
// looks for a record with a search of its own (a backward index scan that
// stopped at the first row, for the record that reaches into a scan from
// before, took over a quarter of the time of a year's totals, in the nodes
// that ran it for each scan and kept its result).
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
var aggregateSQL = aggregateStatement(statementParts{costs: true, records: true, grouped: true})

// aggregateAmountsSQL is aggregateSQL for a read that asks no costs, with
// none of the parts that costs need: no tariffs, no cuts of theirs and no
// cost summed or grouped apart. PostgreSQL sets up every node of a plan on
// each execution, run or not, and the cost parts made a read of a year's
// totals a fifth slower without computing anything.
//
// It reads whole months from their sums instead (record_month_sums, kept
// by a trigger; see monthRuns), and of the records that start in them only
// those that cross a month's end, through an index of those alone: a year
// of daily records is read as 12 rows instead of 365, and the statement's
// cost is mostly per row read.
var aggregateAmountsSQL = aggregateStatement(statementParts{records: true, grouped: true})

// aggregateUngroupedSQL is aggregateAmountsSQL without the grouping, for a
// read where no two records it reads one by one lie within one segment, as
// in a daily series, where every day is cut: it returns the rows as they
// are read, and a daily series' statement runs 1.5 times as fast as with
// a grouping that merges nothing.
var aggregateUngroupedSQL = aggregateStatement(statementParts{records: true})

// aggregatePackedSQL is aggregateUngroupedSQL for a read of many records
// one by one (a year's daily series reads a thousand), with its rows
// packed into one row of arrays, a column each. The driver decodes each
// value of a row into an interface, and a daily series spent two fifths of
// the server's time decoding and scanning its rows; walked in their
// arrays, they take 658 allocations a request instead of 3,670, the
// server's CPU for the request is 0.79 times what it was, and through the
// server a daily series runs 1.13 to 1.22 times as fast (the aggregates
// cost PostgreSQL less than that). A read of tens of rows does not pay:
// the aggregates cost more than decoding saves (a month's summary 0.95
// times, a year's totals, packed, 0.96 times as fast).
var aggregatePackedSQL = aggregateStatement(statementParts{records: true, packed: true})

// packFrom is how many days of records read one by one, over all pieces,
// make a read packed: between the tens of rows where packing cost more
// than it saved and the thousand where it paid.
const packFrom = 200

// aggregateMonthsSQL is aggregateUngroupedSQL for a read whose scans are
// whole months (a year's totals, a monthly series, any range from a
// month's first day to a month's last): it reads no records one by one, so
// it leaves out the part that would (1.2 times as fast for a year's
// totals), and it reads only months' sums and the few records that cross a
// month's end, which a grouping would merge for a fifth of the
// statement's time and save the server about as much in rows it decodes.
var aggregateMonthsSQL = aggregateStatement(statementParts{})

// statementParts are the parts an aggregate statement has: costs or none,
// records read one by one or not, grouped or not, and its rows packed into
// arrays or not.
type statementParts struct{ costs, records, grouped, packed bool }

// aggregateStatement writes the aggregate statement of parts.
func aggregateStatement(parts statementParts) string {
	costs, records, grouped := parts.costs, parts.records, parts.grouped
	// The cost parts, and what stands in their place without costs.
	cuts, cost, costSum, costGroup, tariffs := `$10::int[]`, `NULL::numeric`, `NULL::numeric`, ``, ``
	ctes, months := ``, ``
	if costs {
		cuts, cost, costSum, costGroup = `(SELECT days FROM cut)`, `r.cost`, `sum(cost) FILTER (WHERE $12)`, `,
	CASE WHEN $12 THEN cost IS NULL END`
		ctes = `
tariff AS (
	SELECT type, price_unit, valid_from - DATE '1970-01-01' AS first_day, valid_to - DATE '1970-01-01' AS last_day,
		unit_price, standing_charge_per_day, tax_rate
	FROM tariffs
	WHERE $12 AND user_id = $1 AND type = ANY($11::text[])
),
cut AS MATERIALIZED (
	SELECT CASE WHEN NOT $12 THEN $10::int[] ELSE ARRAY(
		SELECT day FROM unnest($10::int[]) AS day
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
		months = `
	UNION ALL
	SELECT o.* FROM piece p CROSS JOIN LATERAL (
		SELECT o.type, o.unit, o.amount, NULL::numeric, o.month - DATE '1970-01-01',
			(o.month + interval '1 month')::date - DATE '1970-01-01' - 1, o.days, o.records
		FROM record_month_sums o
		WHERE o.user_id = $1 AND o.type = p.type AND o.month >= p.months_lo AND o.month <= p.months_hi
		OFFSET 0
	) o`
	}
	// A piece's records of a kind: those that start within its range of
	// that kind and end on or after its first day, and where the crossing
	// index is read, its predicate, written as the index has it so that
	// the planner reads through it.
	//
	// Each range is read in a lateral subquery that OFFSET 0 keeps apart,
	// for each piece in turn: the planner expects ten pieces where there
	// are a few, and joined plainly it would rather hash them and read all
	// of a user's rows. The columns are named in each, so in the first
	// SELECT of the read CTE: Citus drops a CTE's list of column names
	// when it passes the statement on.
	pieceRecordsOf := func(kind, where string) string {
		return `
	SELECT r.* FROM piece p CROSS JOIN LATERAL (
		SELECT r.type, r.unit, r.amount, ` + cost + ` AS cost, r.period_start - DATE '1970-01-01' AS first_day,
			r.period_end - DATE '1970-01-01' AS last_day, r.period_end - r.period_start + 1 AS days, 1 AS records
		FROM consumption_records r
		WHERE r.user_id = $1 AND r.type = p.type
			AND r.period_start >= p.` + kind + `_lo AND r.period_start <= p.` + kind + `_hi AND r.period_end >= p.first` + where + `
		OFFSET 0
	) r`
	}
	read := pieceRecordsOf("crossing", `
			AND date_trunc('month', r.period_start::timestamp) <> date_trunc('month', r.period_end::timestamp)`) + months
	if records {
		read = pieceRecordsOf("records", ``) + `
	UNION ALL` + read
	}
	result := `
SELECT type, unit, first_day, last_day, amount, days, records, NULL::numeric AS cost, NULL AS tax
FROM read`
	if grouped {
		result = `
SELECT type, unit, min(first_day) AS first_day, max(last_day) AS last_day, sum(amount) AS amount,
	sum(days) AS days, sum(records) AS records, ` + costSum + ` AS cost, NULL AS tax
FROM (
	SELECT type, unit, amount, cost, first_day, last_day, days, records, width_bucket(first_day, ` + cuts + `) AS segment
	FROM read
) placed
-- A record of one day never crosses a cut, and most are: only longer ones
-- need their last day's segment. A month's sums never cross one.
GROUP BY type, unit, segment,
	CASE WHEN first_day < last_day AND width_bucket(last_day, ` + cuts + `) <> segment THEN first_day END` + costGroup + tariffs
	}
	statement := `
WITH piece AS MATERIALIZED (
	-- Dates are computed here, not in the joins: under row-level security
	-- only leakproof operators reach the index, and date + integer is not.
	SELECT p.type, DATE '1970-01-01' + p.first AS first,
		DATE '1970-01-01' + p.records_lo AS records_lo, DATE '1970-01-01' + p.records_hi AS records_hi,
		DATE '1970-01-01' + p.crossing_lo AS crossing_lo, DATE '1970-01-01' + p.crossing_hi AS crossing_hi,
		DATE '1970-01-01' + p.months_lo AS months_lo, DATE '1970-01-01' + p.months_hi AS months_hi
	FROM unnest($2::text[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int[], $9::int[])
		AS p(type, first, records_lo, records_hi, crossing_lo, crossing_hi, months_lo, months_hi)
),` + ctes + `
read AS (` + read + `
)` + result + `
UNION ALL
SELECT NULL, currency, NULL, NULL, gas_kwh_per_cubic_meter, NULL, NULL, NULL, NULL FROM users WHERE id = $1`
	if !parts.packed {
		return statement
	}
	// One row: the rows' columns as arrays, in the rows' order, which one
	// aggregation keeps alike in each. A packed read asks no costs, so every
	// row's cost and tax are NULL, and so are their arrays (see
	// nextElements).
	if costs {
		panic("store: aggregate: a statement that asks costs is not packed")
	}
	return `
SELECT array_agg(type), array_agg(unit), array_agg(first_day), array_agg(last_day), array_agg(amount),
	array_agg(days), array_agg(records), NULL::numeric[], NULL::numeric[]
FROM (` + statement + `
) result`
}

// aggregateArgs are the arguments of aggregateSQL for a plan's read.
type aggregateArgs struct {
	user uuid.UUID
	// The pieces of the scans: each one's type, first day, and ranges of
	// days (lo and hi, empty when lo > hi) where the records it reads
	// start, of each kind.
	types                     pq.StringArray
	firsts                    pq.Int64Array
	records, crossing, months dayRanges
	cuts                      pq.Int64Array
	// costTypes are the types whose costs are asked, and costs whether
	// there are any.
	costTypes pq.StringArray
	costs     bool
	// readsRecords says whether any piece reads records one by one, and
	// grouped whether two of them may lie within one segment, to be
	// summed there (see statement); recordDays over how many days, in all.
	readsRecords, grouped bool
	recordDays            int64
}

// dayRanges are ranges of days, lo to hi, one for each piece of a read.
type dayRanges struct{ lo, hi pq.Int64Array }

func (r *dayRanges) add(lo, hi int64) { r.lo, r.hi = append(r.lo, lo), append(r.hi, hi) }

// noDays is an empty range of days.
var noDays = [2]int64{0, -1}

// aggregateArgs cuts each scan of r into pieces: the runs of whole months
// that monthRuns finds (read from their sums, when no costs are asked), and
// the ranges of days before, between and after them (read record by
// record). A piece reads the records that start within it and the record
// that reaches into it from before, if any, unless an earlier piece of the
// type read it: a piece reads only records that start after the last day
// of the type read before it (after).
//
// The record that reaches into a piece from before starts at most
// domain.MaxPeriodDays-1 days before the piece's first day (a constraint of
// the table says so), and starts either within the first day's month,
// where a range of records from the month's first day finds it, or before
// it, where it crosses the month's end and the crossing index finds it
// among a year's few such records. So a range of days reads records one by
// one from its month's first day on, and those that cross a month's end
// from MaxPeriodDays-1 days before it up to that day; a run of months,
// whose first day is a month's, reads those that cross a month's end up
// to its last day, and the sums of its months.
func (a *Aggregates) aggregateArgs(r engine.Read) (aggregateArgs, error) {
	// Arrays, even empty ones, never nil: a nil array is NULL.
	args := aggregateArgs{
		user: a.userID, cuts: make(pq.Int64Array, len(r.Cuts)), types: pq.StringArray{}, firsts: pq.Int64Array{},
		records: dayRanges{pq.Int64Array{}, pq.Int64Array{}}, crossing: dayRanges{pq.Int64Array{}, pq.Int64Array{}},
		months: dayRanges{pq.Int64Array{}, pq.Int64Array{}},
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
	add := func(typ domain.Type, first, last int64, records, crossing, months [2]int64) {
		args.types, args.firsts = append(args.types, string(typ)), append(args.firsts, first)
		args.records.add(records[0], records[1])
		args.crossing.add(crossing[0], crossing[1])
		args.months.add(months[0], months[1])
		// Within a piece, only one record starts before its first day and
		// ends on it or after; from its first day on, the records are in
		// segments of their own when each day is cut.
		if records[0] <= records[1] {
			args.readsRecords = true
			args.recordDays += records[1] - records[0] + 1
			firstCut, _ := slices.BinarySearch(args.cuts, first)
			lastCut, found := slices.BinarySearch(args.cuts, records[1])
			if !found || lastCut-firstCut != int(records[1]-first) {
				args.grouped = true
			}
		}
		after = last
	}
	// The first day a piece from first on reads a record from.
	lookBack := func(first int64) int64 { return max(first-(domain.MaxPeriodDays-1), after+1) }
	days := func(typ domain.Type, first, last int64) {
		month := int64(domain.Monthly.BucketStart(domain.DateFromDays(int(first))).Days())
		add(typ, first, last, [2]int64{max(month, after+1), last}, [2]int64{lookBack(first), month - 1}, noDays)
	}
	for i, s := range r.Scans {
		if !s.Type.Valid() {
			return args, fmt.Errorf("store: aggregate: no type %q", s.Type)
		}
		if i == 0 || r.Scans[i-1].Type != s.Type {
			// No record starts before 1970-01-01.
			after = int64(domain.FirstDay.Days() - 1)
		}
		first, last := int64(s.From.Days()), int64(s.To.Days())
		var runs [][2]int64
		if !args.costs {
			runs = monthRuns(first, last, args.cuts)
		}
		for _, run := range runs {
			if first < run[0] {
				days(s.Type, first, run[0]-1)
			}
			add(s.Type, run[0], run[1], noDays, [2]int64{lookBack(run[0]), run[1]}, run)
			first = run[1] + 1
		}
		if first <= last {
			days(s.Type, first, last)
		}
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

// aggregateVariant is one of the aggregate statements, as a read runs it:
// its text, the name under which each connection prepares it for reads in
// one trip, the types of its parameters, how many of the arguments (in
// statement's order) it takes, and whether its rows come packed.
type aggregateVariant struct {
	query, name, params string
	args                int
	packed              bool
}

// The pieces' parameters, which every variant takes, and those after them.
const pieceParams = "uuid, text[], int[], int[], int[], int[], int[], int[], int[]"

var (
	readCosts     = aggregateVariant{aggregateSQL, "aggregate_read", "(" + pieceParams + ", int[], text[], boolean)", 12, false}
	readAmounts   = aggregateVariant{aggregateAmountsSQL, "aggregate_read_amounts", "(" + pieceParams + ", int[])", 10, false}
	readUngrouped = aggregateVariant{aggregateUngroupedSQL, "aggregate_read_ungrouped", "(" + pieceParams + ")", 9, false}
	readPacked    = aggregateVariant{aggregatePackedSQL, "aggregate_read_packed", "(" + pieceParams + ")", 9, true}
	readMonths    = aggregateVariant{aggregateMonthsSQL, "aggregate_read_months", "(" + pieceParams + ")", 9, false}
)

// variant returns the statement that reads args: aggregateSQL when costs
// are asked, aggregateAmountsSQL otherwise, aggregateUngroupedSQL when
// nothing would be grouped (aggregatePackedSQL when it reads many records
// one by one), aggregateMonthsSQL when no record is read one by one.
func (args aggregateArgs) variant() aggregateVariant {
	switch {
	case args.costs:
		return readCosts
	case args.grouped:
		return readAmounts
	case args.readsRecords && args.recordDays >= packFrom:
		return readPacked
	case args.readsRecords:
		return readUngrouped
	}
	return readMonths
}

// Read reads what the engine needs for r in one statement: the records of
// its scans, summed per type, unit and segment where they lie within one,
// one by one where they cross a cut, the tariffs of the types whose costs
// it asks, and the user's calorific value of gas and currency.
func (a *Aggregates) Read(ctx context.Context, r engine.Read) (engine.Readings, error) {
	// Room for a year's months of each type and the records that cross
	// them, which most reads are, from the start.
	return a.ReadInto(ctx, r, make([]engine.Interval, 0, 64))
}

// ReadInto is Read with the intervals appended to into[:0], in the room it
// has: a caller that reads again and again hands each read the intervals
// of one before, whose room they no longer need, and the read allocates
// none (a year's daily series reads about 430, and grew their slice from
// 64 four times: 5% of the server's time).
func (a *Aggregates) ReadInto(ctx context.Context, r engine.Read, into []engine.Interval) (engine.Readings, error) {
	args, err := a.aggregateArgs(r)
	if err != nil {
		return engine.Readings{}, err
	}
	return a.readArgsInto(ctx, args, into)
}

// readArgsInto is ReadInto with the statement's arguments made.
func (a *Aggregates) readArgsInto(ctx context.Context, args aggregateArgs, into []engine.Interval) (engine.Readings, error) {
	var out engine.Readings
	err := a.readArgs(ctx, args, func(rows *sql.Rows, packed bool) error {
		out = engine.Readings{Intervals: into[:0]}
		return scanReadings(rows, packed, &out)
	})
	return out, err
}

// CountRows sends for r what Read sends and counts the rows that come back,
// without decoding them: what PostgreSQL alone costs for the aggregates of
// a request, for the benchmark.
func (a *Aggregates) CountRows(ctx context.Context, r engine.Read) (int, error) {
	n := 0
	err := a.read(ctx, r, func(rows *sql.Rows, _ bool) error {
		for n = 0; rows.Next(); n++ {
		}
		return rows.Err()
	})
	return n, err
}

// read runs the statement that reads r and hands its rows to scan (see
// userScope.read), with whether they come packed.
func (a *Aggregates) read(ctx context.Context, r engine.Read, scan func(rows *sql.Rows, packed bool) error) error {
	args, err := a.aggregateArgs(r)
	if err != nil {
		return err
	}
	return a.readArgs(ctx, args, scan)
}

// readArgs is read with the statement's arguments made.
func (a *Aggregates) readArgs(ctx context.Context, args aggregateArgs, scan func(rows *sql.Rows, packed bool) error) error {
	v := args.variant()
	scanRows := func(rows *sql.Rows) error { return scan(rows, v.packed) }
	if err := a.userScope.read(ctx, []Statement{args.statement(v)}, scanRows); err != nil {
		return fmt.Errorf("store: aggregate: %w", translate(err))
	}
	return nil
}

// statement returns v, the variant that reads args, with its arguments.
// They are the store's own, never a client's: the user's id, types as the
// domain's constants (checked), days as integers.
func (args aggregateArgs) statement(v aggregateVariant) Statement {
	values := []any{args.user, args.types, args.firsts, args.records.lo, args.records.hi,
		args.crossing.lo, args.crossing.hi, args.months.lo, args.months.hi,
		args.cuts, args.costTypes, args.costs}
	return Statement{SQL: v.query, Args: values[:v.args], name: v.name, params: v.params}
}

// scanReadings reads the rows of an aggregate statement into out, packed
// or not. The amounts are parsed straight from the text PostgreSQL sends.
func scanReadings(rows *sql.Rows, packed bool, out *engine.Readings) error {
	var next aggregateRows
	if packed {
		var err error
		if next, err = packedRows(rows); err != nil {
			return err
		}
	} else {
		next = unpackedRows(rows)
	}
	settings := false
	var row aggregateRow
	for {
		more, err := next(&row)
		if !more || err != nil {
			if err == nil && !settings {
				err = ErrNotFound // the user is gone
			}
			return err
		}
		switch {
		case row.typ == nil: // the settings' row
			if out.GasKWhPerCubicMeter, err = engine.ParseDecimal(row.amount); err != nil {
				return err
			}
			out.Currency, settings = string(row.unit), true
		case !row.hasRecords:
			if err := addTariff(out, &row); err != nil {
				return err
			}
		default:
			if err := addInterval(out, &row); err != nil {
				return err
			}
		}
	}
}

// aggregateRow is a row of an aggregate statement: a sum of records, a
// tariff (which counts no records) or the user's settings (which have no
// type). Text columns hold what PostgreSQL sent, nil for NULL; hasLast and
// hasRecords say whether last and records are not NULL.
type aggregateRow struct {
	typ, unit, amount, cost, tax []byte
	first, last, days, records   int
	hasLast, hasRecords          bool
}

// aggregateRows reads the next row of a statement into row, and says
// whether there was one.
type aggregateRows func(row *aggregateRow) (bool, error)

// unpackedRows reads rows as they come, one by one. The integers come as
// the driver decodes them, into interfaces: scanned into an int64 (or a
// sql.NullInt64), database/sql would set each through reflection.
func unpackedRows(rows *sql.Rows) aggregateRows {
	var (
		typ, unit, amount, cost, tax sql.RawBytes
		first, last, days, recs      any
	)
	return func(row *aggregateRow) (bool, error) {
		if !rows.Next() {
			return false, rows.Err()
		}
		if err := rows.Scan(&typ, &unit, &first, &last, &amount, &days, &recs, &cost, &tax); err != nil {
			return false, err
		}
		*row = aggregateRow{
			typ: typ, unit: unit, amount: amount, cost: cost, tax: tax,
			first: intColumn(first), last: intColumn(last), days: intColumn(days), records: intColumn(recs),
			hasLast: last != nil, hasRecords: recs != nil,
		}
		return true, nil
	}
}

// intColumn returns the integer an integer column of a row holds, as the
// driver decodes it (an int64), or 0 for NULL. The statements are the
// store's own: a column of another type is a defect of theirs.
func intColumn(v any) int {
	switch n := v.(type) {
	case int64:
		return int(n)
	case nil:
		return 0
	}
	panic(fmt.Sprintf("store: aggregate: an integer column holds a %T", v))
}

// packedRows reads the rows packed into the arrays of a statement's one
// row, walking them side by side, without copying.
func packedRows(rows *sql.Rows) (aggregateRows, error) {
	if !rows.Next() {
		return nil, cmp.Or(rows.Err(), errors.New("store: aggregate: no packed row"))
	}
	var (
		columns [aggregateColumns]sql.RawBytes
		arrays  [aggregateColumns]arrayText
	)
	dest := make([]any, len(columns))
	for i := range columns {
		dest[i] = &columns[i]
	}
	if err := rows.Scan(dest...); err != nil {
		return nil, err
	}
	for i, c := range columns {
		var err error
		if arrays[i], err = newArrayText(c); err != nil {
			return nil, fmt.Errorf("store: aggregate: column %d: %w", i, err)
		}
	}
	return func(row *aggregateRow) (bool, error) {
		var e [aggregateColumns][]byte
		more, err := nextElements(&arrays, &e)
		if !more || err != nil {
			return false, err
		}
		var p elementParser
		*row = aggregateRow{
			typ: e[aggType], unit: e[aggUnit], amount: e[aggAmount], cost: e[aggCost], tax: e[aggTax],
			first: p.int(e[aggFirstDay]), last: p.int(e[aggLastDay]), days: p.int(e[aggDays]), records: p.int(e[aggRecords]),
			hasLast: e[aggLastDay] != nil, hasRecords: e[aggRecords] != nil,
		}
		return true, p.err
	}, nil
}

// The columns of the aggregate statements, in their order, and how many
// there are.
const (
	aggType = iota
	aggUnit
	aggFirstDay
	aggLastDay
	aggAmount
	aggDays
	aggRecords
	aggCost
	aggTax
	aggregateColumns
)

// nextElements reads the next element of each array into row; false once
// the types have ended (NULL when there are no rows), an error when the
// others end before them or after. An array that is NULL, as the costs
// are when none are asked, is NULL in every row.
func nextElements(arrays *[aggregateColumns]arrayText, row *[aggregateColumns][]byte) (more bool, err error) {
	if arrays[aggType].null {
		return false, nil
	}
	for i := range arrays {
		elem, ok, err := arrays[i].next()
		switch {
		case err != nil:
			return false, fmt.Errorf("store: aggregate: column %d: %w", i, err)
		case i == aggType:
			more = ok
		case ok != more && !arrays[i].null:
			return false, errors.New("store: aggregate: the columns' arrays differ in length")
		}
		row[i] = elem
	}
	return more, nil
}

// addInterval adds the sum of records of a row to out.
func addInterval(out *engine.Readings, row *aggregateRow) error {
	iv := engine.Interval{
		Type: recordType(row.typ), Unit: recordUnit(row.unit),
		First: domain.DateFromDays(row.first), Last: domain.DateFromDays(row.last),
		Days: row.days, Records: row.records,
	}
	var err error
	if iv.Amount, err = engine.ParseDecimal(row.amount); err != nil {
		return err
	}
	if row.cost != nil {
		if iv.Cost, err = engine.ParseDecimal(row.cost); err != nil {
			return err
		}
		iv.Billed = true
	}
	out.Intervals = append(out.Intervals, iv)
	return nil
}

// addTariff adds the tariff of a row to out: its type, its price unit, its
// first and last days (none for an open-ended one), its unit price, and
// its standing charge and tax rate, which come in the columns of a sum's
// amount, cost and tax.
func addTariff(out *engine.Readings, row *aggregateRow) error {
	t := engine.Tariff{
		Type: recordType(row.typ), PriceUnit: recordUnit(row.unit), From: domain.DateFromDays(row.first),
	}
	if row.hasLast {
		t.To = domain.DateFromDays(row.last)
	}
	var err error
	if t.UnitPrice, err = engine.ParseDecimal(row.amount); err != nil {
		return err
	}
	if t.StandingChargePerDay, err = engine.ParseDecimal(row.cost); err != nil {
		return err
	}
	if t.TaxRate, err = engine.ParseDecimal(row.tax); err != nil {
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
