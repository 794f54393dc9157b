package domain

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	for _, ok := range []string{"2024-02-29", "1970-01-01", "9999-12-31"} {
		if d, err := ParseDate(ok); err != nil || d.String() != ok {
			t.Errorf("ParseDate(%q) = %v, %v", ok, d, err)
		}
	}
	tests := []struct {
		in, want string // want: what the message says
	}{
		{"", "not a date in the form"},
		{"2024-1-01", "not a date in the form"},
		{"2024-01-1", "not a date in the form"},
		{"24-01-01", "not a date in the form"},
		{"2024-01-01T00:00:00Z", "not a date in the form"},
		{"2024/01/01", "not a date in the form"},
		{" 2024-01-01", "not a date in the form"},
		{"+2024-01-01", "not a date in the form"},
		{"2024-01-0a", "not a date in the form"},
		{"２０２４-01-01", "not a date in the form"}, // fullwidth digits
		{"2023-02-29", "not a day of the calendar"},
		{"2024-02-30", "not a day of the calendar"},
		{"2024-04-31", "not a day of the calendar"},
		{"2024-13-01", "not a day of the calendar"},
		{"2024-00-10", "not a day of the calendar"},
		{"2024-01-00", "not a day of the calendar"},
		{"0000-01-01", "out of range"},
		{"1969-12-31", "out of range"},
		{"0001-01-01", "out of range"},
	}
	for _, tt := range tests {
		d, err := ParseDate(tt.in)
		if err == nil {
			t.Errorf("ParseDate(%q) = %v, want an error", tt.in, d)
			continue
		}
		if ErrorCode(err) != CodeInvalid || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseDate(%q): %s %q, want BAD_USER_INPUT saying %q", tt.in, ErrorCode(err), err, tt.want)
		}
	}
}

// TestScanDate reads dates as PostgreSQL sends them, which may lie outside
// the range a client may send, such as the week before 1970-01-01 that a
// weekly chart of January 1970 begins with.
func TestScanDate(t *testing.T) {
	for _, src := range []any{"1969-12-29", []byte("1969-12-29"), time.Date(1969, 12, 29, 0, 0, 0, 0, time.UTC)} {
		var d Date
		if err := d.Scan(src); err != nil || d != NewDate(1969, 12, 29) {
			t.Errorf("Scan(%v) = %v, %v", src, d, err)
		}
	}
}

func TestDateArithmetic(t *testing.T) {
	d := MustParseDate("2024-01-15")
	if got := MustParseDate("2024-02-14").DaysSince(d); got != 30 {
		t.Errorf("2024-02-14 − 2024-01-15 = %d days, want 30", got)
	}
	if got := d.AddDays(-15).String(); got != "2023-12-31" {
		t.Errorf("2024-01-15 − 15 days = %s", got)
	}
	// A day that changes its UTC offset is still 24 calendar hours apart in
	// Date arithmetic, which never looks at time zones.
	if got := MustParseDate("2024-03-31").DaysSince(MustParseDate("2024-03-30")); got != 1 {
		t.Errorf("across a DST change: %d days", got)
	}
}

func TestToday(t *testing.T) {
	instant := time.Date(2024, 6, 30, 23, 30, 0, 0, time.UTC)
	kiritimati, _ := time.LoadLocation("Pacific/Kiritimati") // UTC+14
	pagoPago, _ := time.LoadLocation("Pacific/Pago_Pago")    // UTC−11
	if got := Today(instant, kiritimati).String(); got != "2024-07-01" {
		t.Errorf("today in Kiritimati = %s, want 2024-07-01", got)
	}
	if got := Today(instant, pagoPago).String(); got != "2024-06-30" {
		t.Errorf("today in Pago Pago = %s, want 2024-06-30", got)
	}
}

func TestDayNumbers(t *testing.T) {
	for n := -1000; n < 40000; n += 7 {
		d := DateFromDays(n)
		if want := NewDate(1970, 1, 1+n); d.Days() != n || d != want {
			t.Fatalf("day %d: got %s (day %d), want %s", n, d, d.Days(), want)
		}
	}
}

// TestDateString checks that a date is written as time's layout DateOnly
// writes it, for every day of four centuries and years beyond four digits.
func TestDateString(t *testing.T) {
	check := func(tm time.Time) {
		d := DateOf(tm)
		if got, want := d.String(), tm.Format(time.DateOnly); got != want {
			t.Errorf("Date(%v).String() = %s, want %s", tm, got, want)
		}
		if got, want := string(d.Append([]byte("x"))), "x"+tm.Format(time.DateOnly); got != want {
			t.Errorf("Date(%v).Append = %s, want %s", tm, got, want)
		}
	}
	for tm := time.Date(1800, 1, 1, 0, 0, 0, 0, time.UTC); tm.Year() < 2200; tm = tm.AddDate(0, 0, 1) {
		check(tm)
	}
	for _, y := range []int{-1, 0, 1, 9, 99, 999, 9999, 10000, 123456} {
		check(time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC))
	}
}

// TestDateText checks that a DateText writes what Append writes, whatever
// came before: runs of days each written twice (a daily series), every
// day of four centuries once, steps of other sizes, back and forth, and
// years that Append writes with other than four digits, among the others.
func TestDateText(t *testing.T) {
	var text DateText
	var got, want []byte
	fail := 0
	check := func(d Date) {
		before := text.last
		got, want = text.Append(append(got[:0], 'x'), d), d.Append(append(want[:0], 'x'))
		if string(got) != string(want) && fail < 10 {
			fail++
			t.Errorf("after %s, DateText.Append(%s) = %s", before, want[1:], got[1:])
		}
	}
	first, last := NewDate(1800, 1, 1), NewDate(2200, 1, 1)
	for d := first; d.Before(last); d = d.AddDays(1) {
		check(d)
		check(d)
	}
	for d := first; d.Before(last); d = d.AddDays(1) {
		check(d)
	}
	for _, step := range []int{-1, 2, 7, 27, 28, 29, 30, 31, 365} {
		for d := NewDate(2023, 1, 1); d.Before(NewDate(2025, 1, 1)) && d.After(NewDate(2021, 1, 1)); d = d.AddDays(step) {
			check(d)
		}
	}
	for _, y := range []int{-1, 0, 9999, 10000, 2026, 10000, -1, 1, 123456} {
		d := NewDate(y, 12, 27)
		check(d)
		check(d.AddDays(1))
		check(d.AddDays(1))
	}
	check(Date{})
	check(Date{}.AddDays(1))
}

// TestCalendar checks the date's arithmetic of days against time's, for
// every day from the year 0 to 10000: its day number, its parts and weekday,
// and the dates a month and a year later; and NewDate's normalization of
// months and days beyond their ranges against time.Date's.
func TestCalendar(t *testing.T) {
	fail := 0
	check := func(what string, got, want any) {
		if got != want && fail < 10 {
			fail++
			t.Errorf("%s: got %v, want %v", what, got, want)
		}
	}
	n := -719_528 // 0000-01-01
	for tm := time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC); tm.Year() <= 10000; tm, n = tm.AddDate(0, 0, 1), n+1 {
		d := DateFromDays(n)
		y, m, day := tm.Date()
		check(tm.String()+" parts", [4]int{d.Year(), int(d.Month()), d.Day(), int(d.Weekday())}, [4]int{y, int(m), day, int(tm.Weekday())})
		check(tm.String()+" from its parts", NewDate(y, m, day), d)
		if day == 31 || day == 29 || n%97 == 0 {
			check(tm.String()+" + 1 month", d.AddMonths(1), DateOf(tm.AddDate(0, 1, 0)))
			check(tm.String()+" − 13 months", d.AddMonths(-13), DateOf(tm.AddDate(0, -13, 0)))
			check(tm.String()+" + 1 year", d.AddYears(1), DateOf(tm.AddDate(1, 0, 0)))
		}
	}
	for y := -401; y <= 2401; y += 3 {
		for m := -25; m <= 25; m += 4 {
			for day := -400; day <= 400; day += 13 {
				check(fmt.Sprintf("NewDate(%d, %d, %d)", y, m, day),
					NewDate(y, time.Month(m), day), DateOf(time.Date(y, time.Month(m), day, 0, 0, 0, 0, time.UTC)))
			}
		}
	}
	if zero := (Date{}); !zero.IsZero() || zero != DateOf(time.Time{}) || FirstDay.IsZero() {
		t.Errorf("the zero Date is not the zero time's day, or 1970-01-01 is zero")
	}
}
