package model

import (
	"fmt"
	"math"
	"testing"
)

// TestAppendFloat checks that points write a Float as gqlgen does, with
// fmt's %g: every share of days a bucket can have, and floats of every
// magnitude.
func TestAppendFloat(t *testing.T) {
	var floats []float64
	for days := 1; days <= 1000; days++ {
		for covered := 0; covered <= days; covered++ {
			floats = append(floats, float64(covered)/float64(days))
		}
	}
	for e := -30; e <= 30; e++ {
		for _, m := range []float64{1, 1.5, 2.0 / 3, 123456789.123} {
			floats = append(floats, m*math.Pow(10, float64(e)), -m*math.Pow(10, float64(e)))
		}
	}
	floats = append(floats, math.SmallestNonzeroFloat64, math.MaxFloat64, math.Copysign(0, -1))
	for _, f := range floats {
		if got, want := string(appendFloat(nil, f)), fmt.Sprintf("%g", f); got != want {
			t.Errorf("appendFloat(%v) = %s, want %s", f, got, want)
		}
	}
}

// TestAppendCoverage checks that a coverage is written as appendFloat
// writes the share, for every share of up to 400 days.
func TestAppendCoverage(t *testing.T) {
	for days := 0; days <= 400; days++ {
		for covered := 0; covered <= days; covered++ {
			if got, want := string(appendCoverage(nil, covered, days)), string(appendFloat(nil, Coverage(covered, days))); got != want {
				t.Errorf("appendCoverage(%d, %d) = %s, want %s", covered, days, got, want)
			}
		}
	}
}
