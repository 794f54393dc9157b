package domain

import (
	"fmt"
	"time"
)

// Granularity is the size of the calendar buckets a range is split into.
type Granularity string

// The granularities. The values are those of the GraphQL enum.
const (
	Daily     Granularity = "DAY"
	Weekly    Granularity = "WEEK" // ISO weeks, Monday to Sunday
	Monthly   Granularity = "MONTH"
	Quarterly Granularity = "QUARTER"
	Yearly    Granularity = "YEAR"
)

// The bounds on what one aggregate may ask for.
const (
	MaxBuckets    = 1000
	MaxRangeYears = 20
)

// Valid reports whether g is a known granularity.
func (g Granularity) Valid() bool {
	switch g {
	case Daily, Weekly, Monthly, Quarterly, Yearly:
		return true
	}
	return false
}

// BucketStart returns the first day of the bucket that holds d.
func (g Granularity) BucketStart(d Date) Date {
	switch g {
	case Weekly:
		// ISO weeks start on Monday; time.Weekday counts Sunday as 0.
		return d.AddDays(-((int(d.Weekday()) + 6) % 7))
	case Monthly:
		return NewDate(d.Year(), d.Month(), 1)
	case Quarterly:
		return NewDate(d.Year(), d.Month()-(d.Month()-1)%3, 1)
	case Yearly:
		return NewDate(d.Year(), time.January, 1)
	}
	return d
}

// NextBucket returns the first day of the bucket after the one starting on
// start.
func (g Granularity) NextBucket(start Date) Date {
	switch g {
	case Weekly:
		return start.AddDays(7)
	case Monthly:
		return start.AddMonths(1)
	case Quarterly:
		return start.AddMonths(3)
	case Yearly:
		return start.AddYears(1)
	}
	return start.AddDays(1)
}

// Bucket is a calendar bucket: its first and last day.
type Bucket struct {
	Start, End Date
}

// Buckets returns every bucket that shares a day with from..to, in order,
// whole even where the range cuts them.
func (g Granularity) Buckets(from, to Date) []Bucket {
	var out []Bucket
	for start := g.BucketStart(from); !start.After(to); start = g.NextBucket(start) {
		out = append(out, Bucket{Start: start, End: g.NextBucket(start).AddDays(-1)})
	}
	return out
}

// CountBuckets returns how many buckets Buckets would return, without
// building them.
func (g Granularity) CountBuckets(from, to Date) int {
	first, last := g.BucketStart(from), g.BucketStart(to)
	switch g {
	case Weekly:
		return last.DaysSince(first)/7 + 1
	case Monthly:
		return monthIndex(last) - monthIndex(first) + 1
	case Quarterly:
		return (monthIndex(last)-monthIndex(first))/3 + 1
	case Yearly:
		return last.Year() - first.Year() + 1
	}
	return last.DaysSince(first) + 1
}

func monthIndex(d Date) int { return d.Year()*12 + int(d.Month()) - 1 }

// MonthsTouched returns how many calendar months share a day with from..to.
func MonthsTouched(from, to Date) int { return monthIndex(to) - monthIndex(from) + 1 }

// CheckRange refuses a range that ends before it starts, starts before
// 1970, or spans more than MaxRangeYears years.
func CheckRange(from, to Date) error {
	switch {
	case to.Before(from):
		return Invalid("to", "The range must end (to) on or after the day it starts (from).")
	case from.Before(FirstDay):
		return Invalid("from", "The range may not start before 1970-01-01.")
	case !to.Before(from.AddYears(MaxRangeYears)):
		return Invalid("to", fmt.Sprintf("A range may span at most %d years.", MaxRangeYears))
	}
	return nil
}

// CheckBuckets refuses a range that g would split into more than MaxBuckets
// buckets.
func (g Granularity) CheckBuckets(from, to Date) error {
	if n := g.CountBuckets(from, to); n > MaxBuckets {
		return Invalid("granularity", fmt.Sprintf(
			"This range has %d buckets of this granularity; at most %d are allowed. Choose a coarser granularity or a shorter range.",
			n, MaxBuckets))
	}
	return nil
}

// PreviousPeriod returns the range of the same number of days just before
// from..to.
func PreviousPeriod(from, to Date) (Date, Date) {
	days := to.DaysSince(from) + 1
	return from.AddDays(-days), from.AddDays(-1)
}

// YearEarlier returns the same date a year earlier; 29 February becomes
// 28 February.
func YearEarlier(d Date) Date {
	if d.Month() == time.February && d.Day() == 29 {
		return NewDate(d.Year()-1, time.February, 28)
	}
	return NewDate(d.Year()-1, d.Month(), d.Day())
}

// MonthSoFar returns the range from the first day of today's month to today.
func MonthSoFar(today Date) (Date, Date) {
	return NewDate(today.Year(), today.Month(), 1), today
}
