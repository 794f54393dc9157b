package domain

import (
	"fmt"
	"sort"
	"strings"
)

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

// DescribeRecord names a stored record in a sentence: "your electricity
// record from 2024-01-01 to 2024-01-31", or, for a period derived from a
// meter's readings, "the period your gas meter "Cellar" measured from ...".
func DescribeRecord(t Type, start, end Date, meterName string) string {
	if meterName != "" {
		return fmt.Sprintf("the period your %s meter %q measured from %s to %s", strings.ToLower(string(t)), meterName, start, end)
	}
	return fmt.Sprintf("your %s record from %s to %s", strings.ToLower(string(t)), start, end)
}
