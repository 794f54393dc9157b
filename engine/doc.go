// Package engine computes every figure the charts show, in one place and
// exactly: pro-rating by days, unit conversion (gas through the calorific
// value), coverage, record counts, averages, comparisons with earlier
// periods, and rounding to six places such that buckets add up to their
// total. It needs no database: it is given what was read, and answers.
//
// What it sums are intervals: an amount spread evenly over days a..b, a
// constant daily rate, whatever produced it. A bill is one; so is a period
// between two meter readings, stored as an ordinary record. A record counts
// in each bucket in proportion to the days it shares with the bucket inside
// the asked range.
//
// A request is answered in three steps:
//
//  1. NewPlan takes every aggregate query of the request and derives what
//     must be read (Plan.Read): per type, the union of the ranges as
//     disjoint scans, so that each record is read once however the queries
//     overlap; and the cuts, every bucket edge and range edge of every
//     query. Between two consecutive cuts lies a segment that, for every
//     query, is wholly inside one bucket or wholly outside the range.
//  2. The store reads the scans in one statement. Records that lie within
//     one segment count whole wherever they count, so the database sums
//     them per type, unit and segment, as a plain grouping would; only the
//     few records that cross a cut come back one by one.
//  3. Plan.Compute sweeps each query's buckets and its type's intervals
//     together in date order, once, and rounds: its work grows linearly with
//     the buckets and the intervals, never with their product.
//
// Sums are exact: amounts are counts of millionths in 128-bit integers,
// conversions multiply by whole numbers (see conversion), and a record cut
// by an edge adds a fraction over its length in days. Nothing is rounded
// until the answer is.
//
// Costs are computed by the same sweep (cost.go): a record's billed cost is
// another amount spread over its days, and a tariff's validity adds its
// edges to the cuts (a price is constant within a segment). Forecasts
// (forecast.go) are made from the daily figures of ordinary queries: the
// days no record covers are expected from history, and priced as recorded
// days are, by the same cost sweep.
package engine
