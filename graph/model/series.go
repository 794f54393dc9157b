package model

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strconv"

	"github.com/99designs/gqlgen/graphql"
	"github.com/shopspring/decimal"

	"consumption/domain"
	"consumption/engine"
	"consumption/graph/scalar"
)

// ConsumptionSeries is the consumption of one type over a range, bucket by
// bucket. It is the model gqlgen would generate, but for Points, whose type
// marshals itself: gqlgen marshals a field through the field's Go type when
// that type is a graphql.ContextMarshaler.
type ConsumptionSeries struct {
	Type         ConsumptionType  `json:"type"`
	Unit         Unit             `json:"unit"`
	Total        decimal.Decimal  `json:"total"`
	Points       SeriesPoints     `json:"points"`
	Currency     string           `json:"currency"`
	TotalCost    *decimal.Decimal `json:"totalCost,omitempty"`
	CostCoverage float64          `json:"costCoverage"`
}

// SeriesPoints are a series' points: the buckets the engine computed, and
// their costs when they were asked. They write themselves into the answer,
// one after the other, straight from the engine's values, rather than
// through the code gqlgen generates for a list of objects, which marshals
// each element in a goroutine of its own and each of its fields with a
// field context, a context and closures of its own: for a daily series of a
// year's three types, 1,095 goroutines whose stacks grow as they descend,
// and most of the server's work for such a request. A point has no
// resolver and nothing to wait for. (gqlgen has no way to say so: its
// @concurrent directive (#3203) was reverted (#3287), and its
// exec.worker_limit still starts a goroutine for each element.) Nor are
// the points copied into SeriesPoint models first: their decimals would be
// big integers, one allocated for each amount.
//
// What a query selects of each point (aliases, fragments, @include and
// @skip) is collected by gqlgen, once for all the points, and written as
// gqlgen writes an object: each field once, in the document's order, each
// scalar as its marshaler writes it. The tests of graph (points_test.go)
// compare the points with the rows of consumptionAggregate that gqlgen
// writes, and ask for every field the schema gives a point.
type SeriesPoints struct {
	Buckets []engine.Bucket
	// Costs are the buckets' costs, one for each, when they were computed.
	Costs []engine.Money
	// PointsAfter is how many points the series after this one in the
	// answer hold: the first series written makes room for theirs too.
	PointsAfter int
}

// seriesPointImplementors are the types a fragment on a point may name.
var seriesPointImplementors = []string{"SeriesPoint"}

// MarshalGQLContext writes the points as the JSON array of the selection
// set of the field being marshalled, the points field.
func (ps SeriesPoints) MarshalGQLContext(ctx context.Context, w io.Writer) error {
	// A field the switch below does not know is refused before anything
	// is written, as a value that could not be marshalled is.
	fields, ok := collectFields(graphql.GetOperationContext(ctx), graphql.GetFieldContext(ctx).Field.Selections, seriesPointImplementors,
		func(_ *selectedField, c graphql.CollectedField) bool {
			switch c.Name {
			case "__typename", "periodStart", "periodEnd", "amount", "coverage", "cost", "costCoverage":
				return true
			}
			return false
		})
	if !ok {
		return errors.New("model: a SeriesPoint field that the points do not write")
	}
	if ps.Costs != nil && len(ps.Costs) != len(ps.Buckets) {
		return errors.New("model: a series has costs for other buckets than its points")
	}
	buf := make([]byte, 0, flushBytes+256)
	var dates domain.DateText // the points' days, run after run
	buf = append(buf, '[')
	for i, b := range ps.Buckets {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, '{')
		for j, f := range fields {
			if j > 0 {
				buf = append(buf, ',')
			}
			buf = append(buf, f.key...)
			switch f.name {
			case "__typename":
				buf = append(buf, `"SeriesPoint"`...)
			case "periodStart":
				buf = scalar.AppendDateText(buf, &dates, b.Start)
			case "periodEnd":
				buf = scalar.AppendDateText(buf, &dates, b.End)
			case "amount":
				buf = scalar.AppendEngineDecimal(buf, b.Amount)
			case "coverage":
				buf = appendCoverage(buf, b.CoveredDays, b.Days)
			case "cost":
				if ps.Costs == nil || ps.Costs[i].Days == 0 {
					buf = append(buf, "null"...)
				} else {
					buf = scalar.AppendEngineDecimal(buf, ps.Costs[i].Cost)
				}
			case "costCoverage":
				if ps.Costs == nil {
					buf = append(buf, '0')
				} else {
					buf = appendCoverage(buf, ps.Costs[i].Days, b.Days)
				}
			}
		}
		buf = append(buf, '}')
		if i == 0 {
			makeRoom(w, len(buf), len(ps.Buckets)+ps.PointsAfter)
		}
		if len(buf) >= flushBytes {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	buf = append(buf, ']')
	_, err := w.Write(buf)
	return err
}

// Coverage is the share of days that some record (or a known cost) covers,
// from 0 to 1, for charts: a ratio, not an amount; 0 when there are no days.
func Coverage(covered, days int) float64 {
	if days == 0 {
		return 0
	}
	return float64(covered) / float64(days)
}

// makeRoom makes room in the answer, when w is gqlgen's buffer of it, for
// the points of a series and of those after it, at the size of the first:
// the buffer would otherwise grow by doubling, each time zeroing the new
// room and copying what it held (for a year's daily series, 250 kB
// allocated for the 100 kB written, 7% of the server's time). A point may
// be longer than the first (an amount with more digits): an eighth more.
func makeRoom(w io.Writer, pointBytes, points int) {
	if answer, ok := w.(*bytes.Buffer); ok {
		answer.Grow(pointBytes * points * 9 / 8)
	}
}

// UnmarshalGQLContext refuses: points are never an input.
func (ps *SeriesPoints) UnmarshalGQLContext(context.Context, any) error {
	return errors.New("model: series points are not an input")
}

// appendCoverage appends Coverage(covered, days) as appendFloat does. Most
// points are covered wholly or not at all, which it writes without
// formatting a float.
func appendCoverage(b []byte, covered, days int) []byte {
	switch {
	case covered == 0 || days == 0:
		return append(b, '0')
	case covered == days:
		return append(b, '1')
	}
	return appendFloat(b, Coverage(covered, days))
}

// appendFloat appends a finite f as gqlgen's Float marshaler writes it,
// with fmt's %g, which is strconv's shortest 'g' format.
func appendFloat(b []byte, f float64) []byte {
	return strconv.AppendFloat(b, f, 'g', -1, 64)
}
