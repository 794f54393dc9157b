package domain

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

func TestRecordInputValidate(t *testing.T) {
	today := MustParseDate("2024-06-30")
	valid := RecordInput{
		Type: Gas, Unit: KilowattHour, Amount: decimal.RequireFromString("12.5"),
		PeriodStart: MustParseDate("2024-06-01"), PeriodEnd: today,
	}
	long := string(make([]rune, MaxNotesLength+1))
	tests := []struct {
		name   string
		change func(*RecordInput)
		want   []string // fields at fault
	}{
		{"a valid record passes", func(*RecordInput) {}, nil},
		{"an unknown type", func(r *RecordInput) { r.Type = "STEAM" }, []string{"type"}},
		{"a unit of another type", func(r *RecordInput) { r.Unit = Liter }, []string{"unit"}},
		{"a negative amount", func(r *RecordInput) { r.Amount = decimal.RequireFromString("-0.1") }, []string{"amount"}},
		{"an end before the start", func(r *RecordInput) { r.PeriodEnd = r.PeriodStart.AddDays(-1) }, []string{"periodEnd"}},
		{"a one-day period", func(r *RecordInput) { r.PeriodEnd = r.PeriodStart }, nil},
		{"400 days", func(r *RecordInput) { r.PeriodStart = today.AddDays(-399) }, nil},
		{"401 days", func(r *RecordInput) { r.PeriodStart = today.AddDays(-400) }, []string{"periodEnd"}},
		{"an end after today", func(r *RecordInput) { r.PeriodEnd = today.AddDays(1) }, []string{"periodEnd"}},
		{"a start before 1970", func(r *RecordInput) {
			r.PeriodStart, r.PeriodEnd = NewDate(1969, 12, 31), MustParseDate("1970-01-01")
		}, []string{"periodStart"}},
		{"long notes", func(r *RecordInput) { r.Notes = &long }, []string{"notes"}},
		{"notes of 500 characters", func(r *RecordInput) { r.Notes = ptr(strings.Repeat("é", MaxNotesLength)) }, nil},
		{"notes with tabs and newlines", func(r *RecordInput) { r.Notes = ptr("bill 1043\tpaid\nmeter swapped") }, nil},
		{"notes in Arabic and Hebrew", func(r *RecordInput) { r.Notes = ptr("فاتورة الغاز — חשבון גז") }, nil},
		{"notes with a NUL byte", func(r *RecordInput) { r.Notes = ptr("bill\x001043") }, []string{"notes"}},
		{"notes with a carriage return", func(r *RecordInput) { r.Notes = ptr("bill\r1043") }, []string{"notes"}},
		{"notes with an escape sequence", func(r *RecordInput) { r.Notes = ptr("\x1b[31mred") }, []string{"notes"}},
		{"notes with DEL", func(r *RecordInput) { r.Notes = ptr("bill\x7f") }, []string{"notes"}},
		{"notes with a C1 control", func(r *RecordInput) { r.Notes = ptr("bill\u0085") }, []string{"notes"}},
		{"notes with a right-to-left override", func(r *RecordInput) { r.Notes = ptr("invoice \u202efdp.exe") }, []string{"notes"}},
		{"notes with a left-to-right embedding", func(r *RecordInput) { r.Notes = ptr("\u202aabc") }, []string{"notes"}},
		{"notes with a first-strong isolate", func(r *RecordInput) { r.Notes = ptr("\u2068abc\u2069") }, []string{"notes"}},
		{"notes that are not UTF-8", func(r *RecordInput) { r.Notes = ptr("bill \xff") }, []string{"notes"}},
		{"several faults at once", func(r *RecordInput) {
			r.Unit, r.Amount = WattHour, decimal.RequireFromString("0.0000001")
		}, []string{"unit", "amount"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := valid
			tt.change(&in)
			var got []string
			for _, e := range in.Validate(today) {
				if e.Code != CodeInvalid {
					t.Errorf("error %q has code %s", e.Message, e.Code)
				}
				got = append(got, e.Field)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("fields at fault (-want +got):\n%s", diff)
			}
		})
	}
}

func TestOverlaps(t *testing.T) {
	in := func(typ Type, start, end string) RecordInput {
		return RecordInput{Type: typ, PeriodStart: MustParseDate(start), PeriodEnd: MustParseDate(end)}
	}
	tests := []struct {
		name string
		ins  []RecordInput
		want []Overlapping
	}{
		{"adjacent periods", []RecordInput{in(Gas, "2024-01-01", "2024-01-31"), in(Gas, "2024-02-01", "2024-02-29")}, nil},
		{"a shared day", []RecordInput{in(Gas, "2024-02-01", "2024-02-29"), in(Gas, "2024-01-01", "2024-02-01")}, []Overlapping{{0, 1}}},
		{"different types", []RecordInput{in(Gas, "2024-01-01", "2024-01-31"), in(Water, "2024-01-01", "2024-01-31")}, nil},
		{"one inside another, far apart in the list", []RecordInput{
			in(Water, "2024-01-01", "2024-12-31"), in(Gas, "2024-01-01", "2024-01-31"), in(Water, "2024-06-01", "2024-06-01"),
		}, []Overlapping{{0, 2}}},
		{"every input at fault, each once, behind a long one", []RecordInput{
			in(Gas, "2024-01-01", "2024-12-31"), in(Gas, "2024-03-01", "2024-03-31"), in(Gas, "2024-02-01", "2024-02-29"),
			in(Gas, "2025-01-01", "2025-01-31"), in(Gas, "2024-02-15", "2024-03-15"),
		}, []Overlapping{{0, 1}, {0, 2}, {0, 4}}},
		{"a chain blames each later input once", []RecordInput{
			in(Electricity, "2024-01-01", "2024-01-31"), in(Electricity, "2024-01-31", "2024-02-29"), in(Electricity, "2024-02-29", "2024-03-31"),
		}, []Overlapping{{0, 1}, {1, 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Overlaps(tt.ins)); diff != "" {
				t.Errorf("Overlaps (-want +got):\n%s", diff)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }
