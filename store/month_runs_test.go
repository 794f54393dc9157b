package store

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"consumption/domain"
)

// TestMonthRuns checks which months a read takes from their sums: whole
// calendar months inside the range, each within one segment, joined into
// runs where they follow one another.
func TestMonthRuns(t *testing.T) {
	day := func(s string) int64 { return int64(domain.MustParseDate(s).Days()) }
	days := func(ss ...string) []int64 {
		out := make([]int64, len(ss))
		for i, s := range ss {
			out[i] = day(s)
		}
		return out
	}
	run := func(first, last string) [2]int64 { return [2]int64{day(first), day(last)} }
	cases := []struct {
		name        string
		first, last string
		cuts        []int64
		want        [][2]int64
	}{
		{"a year's totals", "2025-11-01", "2026-10-31", days("2025-11-01", "2026-11-01"),
			[][2]int64{run("2025-11-01", "2026-10-31")}},
		{"cut at every month", "2024-01-01", "2024-03-31", days("2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01"),
			[][2]int64{run("2024-01-01", "2024-03-31")}},
		{"months inside a range that starts and ends mid-month", "2024-01-15", "2024-04-14", days("2024-01-15", "2024-04-15"),
			[][2]int64{run("2024-02-01", "2024-03-31")}},
		{"a range within one month", "2024-02-01", "2024-02-28", days("2024-02-01", "2024-02-29"), nil},
		{"a whole leap February", "2024-02-01", "2024-02-29", days("2024-02-01", "2024-03-01"),
			[][2]int64{run("2024-02-01", "2024-02-29")}},
		{"weeks cut every month", "2024-01-01", "2024-03-31", days("2024-01-01", "2024-01-08", "2024-02-05", "2024-03-04", "2024-04-01"),
			nil},
		{"a cut inside one month splits the run", "2024-01-01", "2024-04-30", days("2024-01-01", "2024-02-15", "2024-05-01"),
			[][2]int64{run("2024-01-01", "2024-01-31"), run("2024-03-01", "2024-04-30")}},
		{"a cut on a month's last day", "2024-01-01", "2024-02-29", days("2024-01-01", "2024-01-31", "2024-03-01"),
			[][2]int64{run("2024-02-01", "2024-02-29")}},
		{"the epoch's first month", "1970-01-01", "1970-01-31", days("1970-01-01", "1970-02-01"),
			[][2]int64{run("1970-01-01", "1970-01-31")}},
		{"days", "2024-01-01", "2024-01-03", days("2024-01-01", "2024-01-02", "2024-01-03", "2024-01-04"), nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := monthRuns(day(c.first), day(c.last), c.cuts)
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("monthRuns(%s, %s) (-want +got):\n%s", c.first, c.last, diff)
			}
		})
	}
}
