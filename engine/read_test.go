package engine

import (
	"sort"

	"consumption/domain"
)

// record is a consumption record as the tests write it.
type record struct {
	typ        domain.Type
	unit       domain.Unit
	amount     Decimal
	start, end domain.Date
}

// readFrom returns the readings the store's statement gives for a plan's
// read over records: the records of each scan, and the one that reaches into
// a scan from before it, each read once; those within one segment summed
// per type, unit and segment, the others one by one.
func readFrom(r Read, gas Decimal, records []record) Readings {
	cuts := make([]int, len(r.Cuts))
	for i, c := range r.Cuts {
		cuts[i] = c.Days()
	}
	segment := func(d domain.Date) int { // as width_bucket numbers them
		return sort.Search(len(cuts), func(i int) bool { return cuts[i] > d.Days() })
	}
	read := make(map[int]bool)
	for _, s := range r.Scans {
		for i, rec := range records {
			if rec.typ == s.Type && !rec.end.Before(s.From) && !rec.start.After(s.To) {
				read[i] = true
			}
		}
	}
	type key struct {
		typ     domain.Type
		unit    domain.Unit
		segment int
	}
	groups := make(map[key]*Interval)
	var out Readings
	out.GasKWhPerCubicMeter = gas
	for i, rec := range records {
		if !read[i] {
			continue
		}
		days := rec.end.DaysSince(rec.start) + 1
		if seg := segment(rec.start); seg != segment(rec.end) {
			out.Intervals = append(out.Intervals, Interval{Type: rec.typ, Unit: rec.unit, First: rec.start, Last: rec.end,
				Amount: rec.amount, Days: days, Records: 1})
		} else if g := groups[key{rec.typ, rec.unit, seg}]; g == nil {
			groups[key{rec.typ, rec.unit, seg}] = &Interval{Type: rec.typ, Unit: rec.unit, First: rec.start, Last: rec.end,
				Amount: rec.amount, Days: days, Records: 1}
		} else {
			g.Amount.micros, _ = g.Amount.micros.add(rec.amount.micros)
			g.Days += days
			g.Records++
			if rec.start.Before(g.First) {
				g.First = rec.start
			}
			if rec.end.After(g.Last) {
				g.Last = rec.end
			}
		}
	}
	for _, g := range groups {
		out.Intervals = append(out.Intervals, *g)
	}
	return out
}
