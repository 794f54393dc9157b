package meters

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"consumption/domain"
)

// These tests check the service's rules that are pure Go, without a
// database; graph's end-to-end tests check them through the API.

type fault struct {
	Field string
	Index int
}

func faultsOf(errs domain.Errors) []fault {
	var out []fault
	for _, e := range errs {
		out = append(out, fault{e.Field, e.Index})
	}
	return out
}

func stored(readings ...string) []domain.Reading {
	var out []domain.Reading
	for i := 0; i < len(readings); i += 2 {
		out = append(out, domain.Reading{ID: uuid.New(), ReadingInput: in(readings[i], readings[i+1])})
	}
	return out
}

func in(day, value string) domain.ReadingInput {
	return domain.ReadingInput{ReadOn: domain.MustParseDate(day), Value: decimal.RequireFromString(value)}
}

// TestCheckSequenceBlames checks which item of a request each broken rule
// is blamed on.
func TestCheckSequenceBlames(t *testing.T) {
	history := stored("2024-01-31", "100", "2024-03-31", "300")
	tests := []struct {
		name    string
		history []domain.Reading
		without map[int]bool
		added   []sequenced
		want    []fault
	}{
		{"a new reading between two fits", history, nil, []sequenced{{in("2024-02-29", "200"), 0}}, nil},
		{"lower than the one before: the new one", history, nil, []sequenced{{in("2024-02-29", "90"), 0}}, []fault{{"value", 0}}},
		{"higher than the one after: the new one, though it is the earlier",
			history, nil, []sequenced{{in("2024-02-29", "310"), 4}}, []fault{{"value", 4}}},
		{"a day read already: the new one", history, nil, []sequenced{{in("2024-03-31", "300"), 2}}, []fault{{"readOn", 2}}},
		{"two new ones of a day: the later item", history, nil,
			[]sequenced{{in("2024-02-10", "150"), 3}, {in("2024-02-10", "150"), 1}}, []fault{{"readOn", 3}}},
		{"too far after the last", history, nil, []sequenced{{in("2025-05-10", "400"), 0}}, []fault{{"readOn", 0}}},
		// 2024-01-31 to 2025-03-10 is 404 days.
		{"a move leaves stored neighbours too far apart: the fallback",
			stored("2024-01-31", "100", "2024-12-31", "200", "2025-03-10", "250"), map[int]bool{1: true},
			[]sequenced{{in("2025-06-01", "300"), 0}}, []fault{{"readOn", 7}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			seq := merge(tt.history, tt.without, tt.added)
			if diff := cmp.Diff(tt.want, faultsOf(checkSequence(nil, seq, 7))); diff != "" {
				t.Errorf("faults (-want +got):\n%s", diff)
			}
		})
	}
}

func TestCheckMeterChange(t *testing.T) {
	today := domain.MustParseDate("2024-06-30")
	meter := domain.MeterInput{Type: domain.Gas, Unit: domain.CubicMeter, Name: "Gas", Digits: ptr(4), InstalledOn: domain.MustParseDate("2024-01-01")}
	readings := []domain.ReadingInput{in("2024-01-01", "9990"), in("2024-02-01", "20"), in("2024-03-01", "120")}
	tests := []struct {
		name   string
		change func(*domain.MeterInput)
		want   []fault
	}{
		{"a new name", func(m *domain.MeterInput) { m.Name = "Cellar" }, nil},
		{"installed after the first reading", func(m *domain.MeterInput) { m.InstalledOn = domain.MustParseDate("2024-01-02") }, []fault{{"installedOn", -1}}},
		{"removed before the last reading", func(m *domain.MeterInput) { d := domain.MustParseDate("2024-02-29"); m.RemovedOn = &d }, []fault{{"removedOn", -1}}},
		{"removed on the last reading's day", func(m *domain.MeterInput) { d := domain.MustParseDate("2024-03-01"); m.RemovedOn = &d }, nil},
		{"digits taken away where it rolled over", func(m *domain.MeterInput) { m.Digits = nil }, []fault{{"digits", -1}}},
		{"fewer digits than a reading has", func(m *domain.MeterInput) { m.Digits = ptr(3) }, []fault{{"digits", -1}}},
		{"more digits", func(m *domain.MeterInput) { m.Digits = ptr(5) }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := meter
			tt.change(&m)
			var errs domain.Errors
			if err := checkMeterChange(m, readings, today); err != nil {
				errs = err.(domain.Errors)
			}
			if diff := cmp.Diff(tt.want, faultsOf(errs)); diff != "" {
				t.Errorf("faults (-want +got):\n%s", diff)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }
