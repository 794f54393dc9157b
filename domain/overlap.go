package domain

import (
	"fmt"
	"sort"
	"strings"
)

// Overlapping is an input of a request whose period shares a day with that
// of another input of the same type: Later, at the higher index, is blamed,
// and Earlier named.
type Overlapping struct {
	Earlier, Later int
}

// Overlaps finds the inputs of the same type whose periods share a day, which
// the database would refuse: each input blamed once, with one input it
// overlaps, in the order of the inputs blamed. None when there are none.
func Overlaps(ins []RecordInput) []Overlapping {
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
	// In order of start, an input overlaps an earlier one exactly when it
	// starts on or before the latest end so far, that of reach.
	var found []Overlapping
	blamed := make(map[int]bool)
	reach := -1
	for _, cur := range order {
		switch {
		case reach < 0 || ins[reach].Type != ins[cur].Type:
			reach = cur
			continue
		case !ins[cur].PeriodStart.After(ins[reach].PeriodEnd):
			o := Overlapping{Earlier: min(reach, cur), Later: max(reach, cur)}
			if !blamed[o.Later] {
				blamed[o.Later] = true
				found = append(found, o)
			}
		}
		if ins[cur].PeriodEnd.After(ins[reach].PeriodEnd) {
			reach = cur
		}
	}
	sort.Slice(found, func(a, b int) bool { return found[a].Later < found[b].Later })
	return found
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
