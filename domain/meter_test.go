package domain

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func reading(day, value string) ReadingInput {
	return ReadingInput{ReadOn: MustParseDate(day), Value: dec(value)}
}

func TestConsumption(t *testing.T) {
	tests := []struct {
		name       string
		prev, next string
		digits     *int
		want       string
		ok         bool
	}{
		{"an increase", "1000.5", "1084.25", nil, "83.75", true},
		{"no change", "42", "42", nil, "0", true},
		{"lower without digits is no consumption", "500", "480", nil, "", false},
		{"a four-digit register rolls over: 15 + 10000 - 9990", "9990", "15", ptr(4), "25", true},
		{"a rollover to exactly 0: 0 + 100000 - 99999.5", "99999.5", "0", ptr(5), "0.5", true},
		{"an increase with digits is plain", "10", "20", ptr(4), "10", true},
		{"twelve digits: 1 + 10^12 - 999999999999", "999999999999", "1", ptr(12), "2", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Consumption(dec(tt.prev), dec(tt.next), tt.digits)
			if ok != tt.ok || ok && !got.Equal(dec(tt.want)) {
				t.Errorf("Consumption(%s, %s) = %s, %v; want %s, %v", tt.prev, tt.next, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestCheckSequence(t *testing.T) {
	tests := []struct {
		name     string
		digits   *int
		readings []ReadingInput
		want     []ReadingFault
	}{
		{"none", nil, nil, nil},
		{"one", nil, []ReadingInput{reading("2024-01-31", "1")}, nil},
		{"rising readings", nil, []ReadingInput{reading("2024-01-31", "1"), reading("2024-02-29", "2"), reading("2024-03-31", "2")}, nil},
		{"a lower one", nil, []ReadingInput{reading("2024-01-31", "5"), reading("2024-02-29", "4")}, []ReadingFault{{Lower, 0, 1}}},
		{"a lower one with digits rolled over", ptr(3), []ReadingInput{reading("2024-01-31", "995"), reading("2024-02-29", "4")}, nil},
		{"two on one day, whatever their values", nil, []ReadingInput{reading("2024-01-31", "5"), reading("2024-01-31", "4")}, []ReadingFault{{SameDay, 0, 1}}},
		{"400 days apart", nil, []ReadingInput{reading("2022-01-01", "0"), reading("2023-02-05", "1")}, nil},
		{"401 days apart", nil, []ReadingInput{reading("2022-01-01", "0"), reading("2023-02-06", "1")}, []ReadingFault{{TooFarApart, 0, 1}}},
		{"far apart and lower", nil, []ReadingInput{reading("2022-01-01", "9"), reading("2023-06-01", "1")},
			[]ReadingFault{{TooFarApart, 0, 1}, {Lower, 0, 1}}},
		{"each pair on its own", nil, []ReadingInput{reading("2024-01-01", "9"), reading("2024-01-02", "1"), reading("2024-01-03", "2"), reading("2024-01-03", "3")},
			[]ReadingFault{{Lower, 0, 1}, {SameDay, 2, 3}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, CheckSequence(tt.digits, tt.readings)); diff != "" {
				t.Errorf("faults (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadingFaultMessage(t *testing.T) {
	rs := []ReadingInput{reading("2024-03-01", "130"), reading("2024-04-01", "120")}
	got := ReadingFault{Lower, 0, 1}.Message(rs)
	want := "The reading of 2024-04-01 (120) is lower than the reading of 2024-03-01 (130); a new meter?"
	if len(got) < len(want) || got[:len(want)] != want {
		t.Errorf("message %q, want it to start %q", got, want)
	}
}

// TestDerivePeriods works out PRODUCT.md's example by hand: readings on 31
// January, 29 February and 31 March 2024.
func TestDerivePeriods(t *testing.T) {
	gas := MeterInput{Type: Gas, Unit: CubicMeter, Name: "Gas", InstalledOn: MustParseDate("2024-01-31")}
	period := func(start, end, amount string) RecordInput {
		return RecordInput{Type: Gas, Unit: CubicMeter, Amount: dec(amount), Source: SourceMeter,
			PeriodStart: MustParseDate(start), PeriodEnd: MustParseDate(end)}
	}
	rolling := gas
	rolling.Digits = ptr(4)
	tests := []struct {
		name     string
		meter    MeterInput
		readings []ReadingInput
		want     []RecordInput
	}{
		{"no reading", gas, nil, nil},
		{"one reading starts the meter", gas, []ReadingInput{reading("2024-01-31", "1000.5")}, nil},
		{"three readings, two periods", gas,
			[]ReadingInput{reading("2024-01-31", "1000.5"), reading("2024-02-29", "1084.25"), reading("2024-03-31", "1150")},
			// 1084.25 - 1000.5 = 83.75 over 1..29 Feb; 1150 - 1084.25 = 65.75 over 1..31 Mar.
			[]RecordInput{period("2024-02-01", "2024-02-29", "83.75"), period("2024-03-01", "2024-03-31", "65.75")}},
		{"readings on consecutive days make one-day periods", gas,
			[]ReadingInput{reading("2024-01-31", "1"), reading("2024-02-01", "3")},
			[]RecordInput{period("2024-02-01", "2024-02-01", "2")}},
		{"a rollover", rolling,
			[]ReadingInput{reading("2024-01-31", "9990"), reading("2024-02-10", "15"), reading("2024-02-20", "40")},
			// 15 + 10000 - 9990 = 25; 40 - 15 = 25.
			[]RecordInput{period("2024-02-01", "2024-02-10", "25"), period("2024-02-11", "2024-02-20", "25")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DerivePeriods(tt.meter, tt.readings)
			if diff := cmp.Diff(tt.want, got, cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
				cmp.Comparer(func(a, b Date) bool { return a.Equal(b) })); diff != "" {
				t.Errorf("periods (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDiffPeriods(t *testing.T) {
	rec := func(id uuid.UUID, start, end, amount string) Record {
		return Record{ID: id, RecordInput: RecordInput{Type: Gas, Unit: CubicMeter, Amount: dec(amount), Source: SourceMeter,
			PeriodStart: MustParseDate(start), PeriodEnd: MustParseDate(end)}}
	}
	feb, mar := uuid.New(), uuid.New()
	stored := []Record{rec(feb, "2024-02-01", "2024-02-29", "100"), rec(mar, "2024-03-01", "2024-03-31", "50")}
	want := func(rs ...Record) []RecordInput {
		var out []RecordInput
		for _, r := range rs {
			out = append(out, r.RecordInput)
		}
		return out
	}
	tests := []struct {
		name string
		want []RecordInput
		diff PeriodChanges
	}{
		{"nothing changed", want(stored...), PeriodChanges{}},
		{"a new amount keeps the id", want(rec(feb, "2024-02-01", "2024-02-29", "120"), stored[1]),
			PeriodChanges{Update: []Record{rec(feb, "2024-02-01", "2024-02-29", "120")}}},
		{"a merge deletes both and inserts one", want(rec(uuid.Nil, "2024-02-01", "2024-03-31", "150")),
			PeriodChanges{Delete: []uuid.UUID{feb, mar}, Insert: want(rec(uuid.Nil, "2024-02-01", "2024-03-31", "150"))}},
		{"a new reading after the last adds a period", want(stored[0], stored[1], rec(uuid.Nil, "2024-04-01", "2024-04-30", "5")),
			PeriodChanges{Insert: want(rec(uuid.Nil, "2024-04-01", "2024-04-30", "5"))}},
		{"a new type changes every period in place", want(func() Record { r := stored[0]; r.Type, r.Unit = Water, CubicMeter; return r }(), func() Record { r := stored[1]; r.Type = Water; return r }()),
			PeriodChanges{Update: []Record{func() Record { r := stored[0]; r.Type = Water; return r }(), func() Record { r := stored[1]; r.Type = Water; return r }()}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DiffPeriods(stored, tt.want)
			if diff := cmp.Diff(tt.diff, got, cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
				cmp.Comparer(func(a, b Date) bool { return a.Equal(b) })); diff != "" {
				t.Errorf("changes (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMeterInputValidate(t *testing.T) {
	today := MustParseDate("2024-06-30")
	valid := MeterInput{Type: Water, Unit: Liter, Name: "Cold water", InstalledOn: MustParseDate("2024-01-01")}
	tests := []struct {
		name   string
		change func(*MeterInput)
		want   []string
	}{
		{"a valid meter passes", func(*MeterInput) {}, nil},
		{"a unit of another type", func(m *MeterInput) { m.Unit = KilowattHour }, []string{"unit"}},
		{"a blank name", func(m *MeterInput) { m.Name = "  " }, []string{"name"}},
		{"a name of 101 characters", func(m *MeterInput) { m.Name = string(make([]rune, 101)) }, []string{"name"}},
		{"a name with a newline", func(m *MeterInput) { m.Name = "cold\nwater" }, []string{"name"}},
		{"a serial number with a bidi override", func(m *MeterInput) { m.SerialNumber = ptr("\u202e123") }, []string{"serialNumber"}},
		{"0 digits", func(m *MeterInput) { m.Digits = ptr(0) }, []string{"digits"}},
		{"13 digits", func(m *MeterInput) { m.Digits = ptr(13) }, []string{"digits"}},
		{"12 digits", func(m *MeterInput) { m.Digits = ptr(12) }, nil},
		{"installed tomorrow", func(m *MeterInput) { m.InstalledOn = today.AddDays(1) }, []string{"installedOn"}},
		{"installed in 1969", func(m *MeterInput) { m.InstalledOn = NewDate(1969, 12, 31) }, []string{"installedOn"}},
		{"removed before installed", func(m *MeterInput) { d := m.InstalledOn.AddDays(-1); m.RemovedOn = &d }, []string{"removedOn"}},
		{"removed the day it was installed", func(m *MeterInput) { d := m.InstalledOn; m.RemovedOn = &d }, nil},
		{"removed tomorrow", func(m *MeterInput) { d := today.AddDays(1); m.RemovedOn = &d }, []string{"removedOn"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := valid
			tt.change(&m)
			var got []string
			for _, e := range m.Validate(today) {
				got = append(got, e.Field)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("fields at fault (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadingInputValidate(t *testing.T) {
	today := MustParseDate("2024-06-30")
	removed := MustParseDate("2024-05-31")
	meter := MeterInput{Type: Gas, Unit: CubicMeter, Name: "Gas", Digits: ptr(5), InstalledOn: MustParseDate("2024-01-01"), RemovedOn: &removed}
	tests := []struct {
		name string
		in   ReadingInput
		want []string
	}{
		{"a valid reading", reading("2024-03-01", "12345.678"), nil},
		{"on the day of installation", reading("2024-01-01", "0"), nil},
		{"on the day of removal", reading("2024-05-31", "1"), nil},
		{"before installation", reading("2023-12-31", "1"), []string{"readOn"}},
		{"after removal", reading("2024-06-01", "1"), []string{"readOn"}},
		{"negative", reading("2024-03-01", "-1"), []string{"value"}},
		{"seven decimal places", reading("2024-03-01", "1.0000001"), []string{"value"}},
		{"the largest value of five digits", reading("2024-03-01", "99999.999999"), nil},
		{"more than five digits show", reading("2024-03-01", "100000"), []string{"value"}},
		{"notes with a NUL", ReadingInput{ReadOn: MustParseDate("2024-03-01"), Notes: ptr("a\x00b")}, []string{"notes"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, e := range tt.in.Validate(meter, today) {
				got = append(got, e.Field)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("fields at fault (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("not after today", func(t *testing.T) {
		open := meter
		open.RemovedOn = nil
		if errs := reading("2024-07-01", "1").Validate(open, today); len(errs) != 1 || errs[0].Field != "readOn" {
			t.Errorf("a reading of tomorrow: %v", errs)
		}
	})
}
