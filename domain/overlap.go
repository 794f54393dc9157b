package domain

import "sort"

// Overlap finds two inputs of the same type whose periods share a day, which
// the database would refuse. It returns their indexes (first < second) and
// whether there are any.
func Overlap(ins []RecordInput) (first, second int, found bool) {
	order := make([]int, len(ins))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool {
		x, y := ins[order[a]], ins[order[b]]
		if x.Type != y.Type {
			return x.Type < y.Type
		}
		return x.PeriodStart.Before(y.PeriodStart)
	})
	for k := 1; k < len(order); k++ {
		prev, cur := order[k-1], order[k]
		if ins[prev].Type == ins[cur].Type && !ins[cur].PeriodStart.After(ins[prev].PeriodEnd) {
			return min(prev, cur), max(prev, cur), true
		}
	}
	return 0, 0, false
}
