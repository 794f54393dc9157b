package store

import (
	"fmt"
	"testing"

	"github.com/lib/pq"
)

func TestUnshardedConstraintNames(t *testing.T) {
	for name, want := range map[string]string{
		"meters_one_per_type_at_a_time_102025": "meters_one_per_type_at_a_time",
		"meters_one_per_type_at_a_time":        "meters_one_per_type_at_a_time",
		"consumption_records_no_overlap_7":     "consumption_records_no_overlap",
		"ends_in_":                             "ends_in_",
		"no_overlap_v2":                        "no_overlap_v2",
		"":                                     "",
	} {
		if got := unsharded(name); got != want {
			t.Errorf("unsharded(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestExclusionConstraintFromACitusMessage(t *testing.T) {
	err := &pq.Error{
		Code:    codeExclusionViolation,
		Message: `conflicting key value violates exclusion constraint "meters_one_per_type_at_a_time_102026"`,
	}
	if got := exclusionConstraint(fmt.Errorf("store: %w", err)); got != meterOverlapConstraint {
		t.Errorf("exclusionConstraint = %q, want %q", got, meterOverlapConstraint)
	}
	err.Constraint = "consumption_records_no_overlap"
	if got := exclusionConstraint(err); got != err.Constraint {
		t.Errorf("exclusionConstraint = %q, want the error's field %q", got, err.Constraint)
	}
}
