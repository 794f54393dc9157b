package domain

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestBuckets(t *testing.T) {
	d := MustParseDate
	tests := []struct {
		name     string
		g        Granularity
		from, to string
		want     []Bucket
	}{
		{"ISO weeks across a year end start on Monday", Weekly, "2020-12-30", "2021-01-05", []Bucket{
			{d("2020-12-28"), d("2021-01-03")}, {d("2021-01-04"), d("2021-01-10")},
		}},
		{"February of a leap year has 29 days", Monthly, "2024-02-10", "2024-03-01", []Bucket{
			{d("2024-02-01"), d("2024-02-29")}, {d("2024-03-01"), d("2024-03-31")},
		}},
		{"quarters", Quarterly, "2023-03-31", "2023-04-01", []Bucket{
			{d("2023-01-01"), d("2023-03-31")}, {d("2023-04-01"), d("2023-06-30")},
		}},
		{"years", Yearly, "2023-12-31", "2024-01-01", []Bucket{
			{d("2023-01-01"), d("2023-12-31")}, {d("2024-01-01"), d("2024-12-31")},
		}},
		{"days", Daily, "2024-02-28", "2024-03-01", []Bucket{
			{d("2024-02-28"), d("2024-02-28")}, {d("2024-02-29"), d("2024-02-29")}, {d("2024-03-01"), d("2024-03-01")},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.g.Buckets(d(tt.from), d(tt.to))
			if diff := cmp.Diff(tt.want, got, cmp.Comparer(func(a, b Date) bool { return a.Equal(b) })); diff != "" {
				t.Errorf("buckets (-want +got):\n%s", diff)
			}
			if n := tt.g.CountBuckets(d(tt.from), d(tt.to)); n != len(got) {
				t.Errorf("CountBuckets = %d, Buckets made %d", n, len(got))
			}
		})
	}
}

func TestRanges(t *testing.T) {
	d := MustParseDate
	if from, to := PreviousPeriod(d("2024-03-01"), d("2024-03-31")); from.String() != "2024-01-30" || to.String() != "2024-02-29" {
		t.Errorf("previous period of March 2024 = %s..%s, want the 31 days 2024-01-30..2024-02-29", from, to)
	}
	if got := YearEarlier(d("2024-02-29")).String(); got != "2023-02-28" {
		t.Errorf("a year before 2024-02-29 = %s", got)
	}
	if got := MonthsTouched(d("2024-01-31"), d("2024-03-01")); got != 3 {
		t.Errorf("months touched by 2024-01-31..2024-03-01 = %d, want 3", got)
	}
	if err := CheckRange(d("2000-01-01"), d("2019-12-31")); err != nil {
		t.Errorf("20 years exactly: %v", err)
	}
	if err := CheckRange(d("2000-01-01"), d("2020-01-01")); err == nil {
		t.Error("20 years and a day was accepted")
	}
	if err := Daily.CheckBuckets(d("2024-01-01"), d("2026-09-26")); err != nil {
		t.Errorf("1000 days: %v", err)
	}
	if err := Daily.CheckBuckets(d("2024-01-01"), d("2026-09-27")); err == nil {
		t.Error("1001 daily buckets were accepted")
	}
}
