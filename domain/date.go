package domain

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// Date is a calendar day with no time of day and no time zone. Consumption
// periods and chart buckets are made of dates, so that a bucket means the same
// days wherever its reader lives.
//
// The zero Date is not a valid day; IsZero reports it.
type Date struct {
	t time.Time // midnight UTC of the day
}

// NewDate returns the given day. Out-of-range values normalize the way
// time.Date does (2024-02-30 is 2024-03-01).
func NewDate(year int, month time.Month, day int) Date {
	return Date{time.Date(year, month, day, 0, 0, 0, 0, time.UTC)}
}

// DateOf returns the calendar day of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return NewDate(y, m, d)
}

// Today returns the current day in loc.
func Today(now time.Time, loc *time.Location) Date {
	return DateOf(now.In(loc))
}

// The first and last days a Date may be: the server keeps nothing before
// 1970, and four digits of year are all the form YYYY-MM-DD has room for.
var (
	FirstDay = NewDate(1970, 1, 1)
	LastDay  = NewDate(9999, 12, 31)
)

// ParseDate reads a day written as YYYY-MM-DD, and nothing else: no time, no
// zone, no shorter or longer forms. The day must be one of the calendar
// (2024-02-30 is not) from 1970-01-01 (FirstDay) to 9999-12-31 (LastDay),
// the days that the server stores and PostgreSQL reads alike. Its errors are
// BAD_USER_INPUT *Error values without a field.
func ParseDate(s string) (Date, error) {
	d, err := parseDateForm(s)
	if err != nil {
		return Date{}, err
	}
	if d.Before(FirstDay) || d.After(LastDay) {
		return Date{}, Invalid("", fmt.Sprintf("%s is out of range: dates run from %s to %s.", s, FirstDay, LastDay))
	}
	return d, nil
}

// parseDateForm reads a day of the calendar written YYYY-MM-DD, whatever
// its year.
func parseDateForm(s string) (Date, error) {
	if !dateForm(s) {
		if len(s) > 40 {
			s = s[:40] + "..."
		}
		return Date{}, Invalid("", fmt.Sprintf("%q is not a date in the form YYYY-MM-DD.", s))
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, Invalid("", fmt.Sprintf("%s is not a day of the calendar.", s))
	}
	return Date{t}, nil
}

// dateForm reports whether s is written YYYY-MM-DD: four digits, a hyphen,
// two digits, a hyphen, two digits.
func dateForm(s string) bool {
	if len(s) != len(time.DateOnly) {
		return false
	}
	for i := range len(s) {
		if i == 4 || i == 7 {
			if s[i] != '-' {
				return false
			}
		} else if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// MustParseDate is ParseDate for constants in code and tests; it panics on
// a malformed date.
func MustParseDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// String returns the date as YYYY-MM-DD.
func (d Date) String() string { return string(d.Append(make([]byte, 0, len(time.DateOnly)))) }

// Append appends the date as String writes it, as time's layout DateOnly
// does, digit by digit: charts write a thousand dates an answer.
func (d Date) Append(b []byte) []byte {
	y, m, day := d.t.Date()
	if y < 0 || y > 9999 {
		return d.t.AppendFormat(b, time.DateOnly)
	}
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10),
		'-', byte('0'+m/10), byte('0'+m%10), '-', byte('0'+day/10), byte('0'+day%10))
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d.t.IsZero() }

// Year, Month and Day return the parts of the date.
func (d Date) Year() int             { return d.t.Year() }
func (d Date) Month() time.Month     { return d.t.Month() }
func (d Date) Day() int              { return d.t.Day() }
func (d Date) Weekday() time.Weekday { return d.t.Weekday() }

// AddDays returns the date n days after d (before it when n is negative).
func (d Date) AddDays(n int) Date { return DateFromDays(d.Days() + n) }

// AddMonths returns the date n calendar months after d, normalized the way
// time.AddDate does.
func (d Date) AddMonths(n int) Date { return Date{d.t.AddDate(0, n, 0)} }

// AddYears returns the date n years after d, normalized the way time.AddDate
// does (29 February plus one year is 1 March).
func (d Date) AddYears(n int) Date { return Date{d.t.AddDate(n, 0, 0)} }

// DaysSince returns the number of days from e to d: 0 for the same day,
// positive when d is later.
func (d Date) DaysSince(e Date) int { return d.Days() - e.Days() }

// Days returns the number of days from 1970-01-01 to d.
func (d Date) Days() int { return int(d.t.Unix() / secondsPerDay) }

// DateFromDays returns the date n days after 1970-01-01.
func DateFromDays(n int) Date { return Date{time.Unix(int64(n)*secondsPerDay, 0).UTC()} }

const secondsPerDay = 24 * 60 * 60

// Before, After and Equal compare two dates.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }
func (d Date) After(e Date) bool  { return d.t.After(e.t) }
func (d Date) Equal(e Date) bool  { return d.t.Equal(e.t) }

// Scan reads a PostgreSQL date.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		*d = DateOf(v)
		return nil
	case []byte:
		p, err := parseDateForm(string(v))
		*d = p
		return err
	case string:
		p, err := parseDateForm(v)
		*d = p
		return err
	}
	return fmt.Errorf("domain: cannot scan %T into a Date", src)
}

// Value writes the date as PostgreSQL reads it.
func (d Date) Value() (driver.Value, error) { return d.String(), nil }
