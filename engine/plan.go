package engine

import (
	"fmt"
	"math/bits"
	"slices"

	"consumption/domain"
)

// Query asks for the consumption of one type over a range of days, in one
// unit, split into calendar buckets or taken whole.
type Query struct {
	Type domain.Type
	Unit domain.Unit
	From domain.Date
	To   domain.Date
	// Granularity splits the range into calendar buckets; "" takes the
	// range as a single bucket.
	Granularity domain.Granularity
	// Compare also totals the previous period (as many days just before)
	// and the same dates a year earlier, with the relative changes.
	Compare bool
	// Costs also computes what the consumption cost (see cost.go), for the
	// range, each bucket and the earlier periods compared.
	Costs bool
}

// Plan is how the engine answers the queries of one request: what it needs
// read, and the specs it computes from what was read. A spec is one type
// over one range, in one unit, split into buckets: a query's own, and for a
// comparison each earlier period's.
type Plan struct {
	queries []Query
	// specs holds each query's spec, followed by its previous period's and
	// previous year's when it compares.
	specs []spec
	read  Read
}

// spec is one type over one range in one unit, split into buckets.
type spec struct {
	typ  domain.Type
	unit domain.Unit
	// grain is the buckets' granularity, "" for the whole range.
	grain domain.Granularity
	// edges are the first days of the buckets clipped to the range, and
	// the day after the range: bucket i holds days edges[i] to
	// edges[i+1]-1, and the range is edges[0] to edges[len-1]-1. Days
	// count from 1970-01-01.
	edges []int
}

func (s *spec) from() int    { return s.edges[0] }
func (s *spec) to() int      { return s.edges[len(s.edges)-1] - 1 }
func (s *spec) buckets() int { return len(s.edges) - 1 }

// bounds returns bucket i's calendar bounds, whole even where the range
// cuts it.
func (s *spec) bounds(i int) domain.Bucket {
	start, end := domain.DateFromDays(s.edges[i]), domain.DateFromDays(s.edges[i+1]-1)
	if s.grain == "" {
		return domain.Bucket{Start: start, End: end}
	}
	if i == 0 {
		start = s.grain.BucketStart(start)
	}
	if i == s.buckets()-1 {
		end = s.grain.NextBucket(s.grain.BucketStart(end)).AddDays(-1)
	}
	return domain.Bucket{Start: start, End: end}
}

// Read is what a plan needs from the database, for each type: the records
// that overlap some range of the plan. A record that lies within one
// segment (between two consecutive cuts) counts whole in every bucket and
// range it shares a day with, so such records may be summed before the
// engine sees them, per type, unit and segment; only those that cross a cut
// need to be seen one by one.
type Read struct {
	// Scans are the ranges whose records are needed: for each type in the
	// order of domain.Types, the union of its specs' ranges as disjoint
	// ranges in date order, so that each record is read once however the
	// specs overlap.
	Scans []Scan
	// Cuts are the first days of the segments, in increasing order: every
	// bucket edge and range edge of every spec.
	Cuts []domain.Date
	// CostTypes are the types whose costs some query asks for, in the order
	// of domain.Types; none when no query does. Their tariffs are read too,
	// and the days a tariff starts and the days after one ends cut the
	// segments as well, so that a price is constant within a segment; and
	// records that carry a cost are summed apart from those that do not.
	CostTypes []domain.Type
}

// Scan is a range of days whose records of one type a plan needs: those
// that share a day with From..To.
type Scan struct {
	Type     domain.Type
	From, To domain.Date
}

// NewPlan plans the answers to queries. A query that no API field could
// make (an unknown type or granularity, a unit of another type, a range
// past the bounds) is refused with an error.
func NewPlan(queries []Query) (*Plan, error) {
	p := &Plan{queries: queries}
	for _, q := range queries {
		if err := check(q); err != nil {
			return nil, err
		}
		p.specs = append(p.specs, newSpec(q.Type, q.Unit, q.From, q.To, q.Granularity))
		if q.Compare {
			ppFrom, ppTo := domain.PreviousPeriod(q.From, q.To)
			p.specs = append(p.specs,
				newSpec(q.Type, q.Unit, ppFrom, ppTo, ""),
				newSpec(q.Type, q.Unit, domain.YearEarlier(q.From), domain.YearEarlier(q.To), ""))
		}
	}
	p.read = p.planRead()
	return p, nil
}

func check(q Query) error {
	switch {
	case !q.Type.Allows(q.Unit):
		return fmt.Errorf("engine: %s is not a unit of %q", q.Unit, q.Type)
	case q.Granularity != "" && !q.Granularity.Valid():
		return fmt.Errorf("engine: no granularity %q", q.Granularity)
	case q.From.IsZero() || q.To.IsZero():
		return fmt.Errorf("engine: a range without bounds")
	}
	if err := domain.CheckRange(q.From, q.To); err != nil {
		return err
	}
	if q.Granularity != "" {
		return q.Granularity.CheckBuckets(q.From, q.To)
	}
	return nil
}

func newSpec(t domain.Type, u domain.Unit, from, to domain.Date, g domain.Granularity) spec {
	first, last := from.Days(), to.Days()
	s := spec{typ: t, unit: u, grain: g}
	switch g {
	case "":
		s.edges = []int{first, last + 1}
		return s
	case domain.Daily:
		s.edges = make([]int, 0, last-first+2)
		for day := first; day <= last; day++ {
			s.edges = append(s.edges, day)
		}
	case domain.Weekly:
		s.edges = make([]int, 0, (last-first)/7+3)
		s.edges = append(s.edges, first)
		for day := g.BucketStart(from).Days() + 7; day <= last; day += 7 {
			s.edges = append(s.edges, day)
		}
	default:
		s.edges = make([]int, 0, g.CountBuckets(from, to)+1)
		s.edges = append(s.edges, first)
		for start := g.NextBucket(g.BucketStart(from)); !start.After(to); start = g.NextBucket(start) {
			s.edges = append(s.edges, start.Days())
		}
	}
	s.edges = append(s.edges, last+1)
	return s
}

// planRead derives what the plan needs read: per type, the union of its
// specs' ranges, and the cuts of every spec.
func (p *Plan) planRead() Read {
	var r Read
	cuts := p.cuts()
	r.Cuts = make([]domain.Date, len(cuts))
	for i, c := range cuts {
		r.Cuts[i] = domain.DateFromDays(c)
	}
	r.CostTypes = p.costTypes()

	for _, t := range domain.Types {
		var ranges [][2]int
		for _, s := range p.specs {
			if s.typ == t {
				ranges = append(ranges, [2]int{s.from(), s.to()})
			}
		}
		slices.SortFunc(ranges, func(a, b [2]int) int { return a[0] - b[0] })
		for i := 0; i < len(ranges); {
			from, to := ranges[i][0], ranges[i][1]
			// Ranges that overlap or touch are read as one.
			for i++; i < len(ranges) && ranges[i][0] <= to+1; i++ {
				to = max(to, ranges[i][1])
			}
			r.Scans = append(r.Scans, Scan{Type: t, From: domain.DateFromDays(from), To: domain.DateFromDays(to)})
		}
	}
	return r
}

// costTypes returns the types whose costs some query asks for, in the
// order of domain.Types.
func (p *Plan) costTypes() []domain.Type {
	var asked [numTypes]bool
	for _, q := range p.queries {
		if q.Costs {
			asked[typeIndex(q.Type)] = true
		}
	}
	var types []domain.Type
	for i, t := range domain.Types {
		if asked[i] {
			types = append(types, t)
		}
	}
	return types
}

// Read returns what the plan needs from the database.
func (p *Plan) Read() Read { return p.read }

// cuts returns the edges of every spec, in order, each once. Aliased
// series of shifted ranges share most of their edges: when the edges are
// dense in the days they span, a bitmap of those days sorts them in linear
// time; otherwise they are sorted.
func (p *Plan) cuts() []int {
	n, lo, hi := 0, p.specs[0].from(), p.specs[0].to()+1
	for _, s := range p.specs {
		n += len(s.edges)
		lo, hi = min(lo, s.from()), max(hi, s.to()+1)
	}
	if span := hi - lo + 1; span > 64*n {
		cuts := make([]int, 0, n)
		for _, s := range p.specs {
			cuts = append(cuts, s.edges...)
		}
		slices.Sort(cuts)
		return slices.Compact(cuts)
	}
	days := make([]uint64, (hi-lo)/64+1)
	for _, s := range p.specs {
		for _, e := range s.edges {
			days[(e-lo)/64] |= 1 << ((e - lo) % 64)
		}
	}
	cuts := make([]int, 0, min(n, hi-lo+1))
	for w, word := range days {
		for word != 0 {
			cuts = append(cuts, lo+64*w+bits.TrailingZeros64(word))
			word &= word - 1
		}
	}
	return cuts
}
