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
//
// A Date is a number of days, not a time.Time: a chart's answer holds a
// thousand of them, and as numbers they hold no pointer for the collector
// to follow and are written without splitting a time into its fields.
type Date struct {
	// n counts the days from 0001-01-01, so that the zero Date is that
	// day, as the zero time.Time is.
	n int64
}

// unixEpoch is the n of 1970-01-01.
const unixEpoch = 719_162

// NewDate returns the given day. Out-of-range values normalize the way
// time.Date does (2024-02-30 is 2024-03-01).
func NewDate(year int, month time.Month, day int) Date {
	// Months beyond 1 to 12 carry into the year; days beyond the month's
	// carry into the next, as daysFromCivil counts them.
	m := int(month) - 1
	year += m / 12
	if m %= 12; m < 0 {
		m += 12
		year--
	}
	return DateFromDays(daysFromCivil(year, m+1, day))
}

// daysFromCivil returns the number of days from 1970-01-01 to the given
// day of the proleptic Gregorian calendar, for a month from 1 to 12 and
// any day (those past the month's last count on into the next months).
// It is Howard Hinnant's days_from_civil: the year is counted from March,
// so that the leap day comes last, in eras of 400 years of 146,097 days.
func daysFromCivil(year, month, day int) int {
	if month <= 2 {
		year--
	}
	era := floorDiv(year, 400)
	yearOfEra := year - era*400
	monthFromMarch := (month + 9) % 12
	dayOfYear := (153*monthFromMarch+2)/5 + day - 1
	dayOfEra := yearOfEra*365 + yearOfEra/4 - yearOfEra/100 + dayOfYear
	return era*146_097 + dayOfEra - 719_468
}

// civilFromDays is daysFromCivil's inverse (Hinnant's civil_from_days).
func civilFromDays(days int) (year int, month time.Month, day int) {
	days += 719_468
	era := floorDiv(days, 146_097)
	dayOfEra := days - era*146_097
	yearOfEra := (dayOfEra - dayOfEra/1460 + dayOfEra/36_524 - dayOfEra/146_096) / 365
	dayOfYear := dayOfEra - (365*yearOfEra + yearOfEra/4 - yearOfEra/100)
	monthFromMarch := (5*dayOfYear + 2) / 153
	day = dayOfYear - (153*monthFromMarch+2)/5 + 1
	month = time.Month((monthFromMarch+2)%12 + 1)
	year = yearOfEra + era*400
	if month <= 2 {
		year++
	}
	return year, month, day
}

// floorDiv returns a÷b rounded down, for b > 0.
func floorDiv(a, b int) int {
	q := a / b
	if a%b < 0 {
		q--
	}
	return q
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
	year := digits(s[0:4])
	month, day := time.Month(digits(s[5:7])), digits(s[8:10])
	if month < 1 || month > 12 || day < 1 || day > daysIn(year, month) {
		return Date{}, Invalid("", fmt.Sprintf("%s is not a day of the calendar.", s))
	}
	return NewDate(year, month, day), nil
}

// digits returns the number that s writes in decimal digits.
func digits(s string) int {
	n := 0
	for i := range len(s) {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// daysIn returns the number of days of the month.
func daysIn(year int, month time.Month) int {
	return NewDate(year, month+1, 1).DaysSince(NewDate(year, month, 1))
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
	y, m, day := d.civil()
	if y < 0 || y > 9999 {
		return d.midnightUTC().AppendFormat(b, time.DateOnly)
	}
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10),
		'-', byte('0'+m/10), byte('0'+m%10), '-', byte('0'+day/10), byte('0'+day%10))
}

// DateText appends dates as Append does, remembering the last one's text:
// a chart's points are runs of dates, a daily series' each day twice (the
// day a point starts, the day it ends) and then the next day, and working
// out a day's year, month and day took 8% of such an answer's server CPU
// (a profile through the server). The same date again is its text
// copied; the next day, until the 28th (which every month has), is its
// text with the day counted on. The zero DateText remembers nothing.
type DateText struct {
	last Date
	text [len(time.DateOnly)]byte
	// held says that text is last's.
	held bool
}

// Append appends d as d.Append does.
func (t *DateText) Append(b []byte, d Date) []byte {
	switch {
	case t.held && d == t.last:
	case t.held && d.n == t.last.n+1 && (t.text[8] < '2' || t.text[8] == '2' && t.text[9] < '8'):
		if t.text[9] == '9' {
			t.text[8]++
			t.text[9] = '0'
		} else {
			t.text[9]++
		}
		t.last = d
	default:
		text := d.Append(t.text[:0])
		if t.held = len(text) == len(t.text); !t.held {
			// A year of other than four digits, which Append writes
			// longer: nothing to count on from.
			return append(b, text...)
		}
		t.last = d
	}
	return append(b, t.text[:]...)
}

// civil returns the date's year, month and day.
func (d Date) civil() (int, time.Month, int) { return civilFromDays(d.Days()) }

// midnightUTC returns midnight UTC of the date.
func (d Date) midnightUTC() time.Time { return time.Unix(int64(d.Days())*secondsPerDay, 0).UTC() }

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d.n == 0 }

// Year, Month and Day return the parts of the date.
func (d Date) Year() int         { y, _, _ := d.civil(); return y }
func (d Date) Month() time.Month { _, m, _ := d.civil(); return m }
func (d Date) Day() int          { _, _, day := d.civil(); return day }

// Weekday returns the day of the week (1970-01-01 was a Thursday).
func (d Date) Weekday() time.Weekday {
	return time.Weekday((d.Days()%7 + 7 + int(time.Thursday)) % 7)
}

// AddDays returns the date n days after d (before it when n is negative).
func (d Date) AddDays(n int) Date { return Date{d.n + int64(n)} }

// AddMonths returns the date n calendar months after d, normalized the way
// time.AddDate does.
func (d Date) AddMonths(n int) Date {
	y, m, day := d.civil()
	return NewDate(y, m+time.Month(n), day)
}

// AddYears returns the date n years after d, normalized the way time.AddDate
// does (29 February plus one year is 1 March).
func (d Date) AddYears(n int) Date {
	y, m, day := d.civil()
	return NewDate(y+n, m, day)
}

// DaysSince returns the number of days from e to d: 0 for the same day,
// positive when d is later.
func (d Date) DaysSince(e Date) int { return int(d.n - e.n) }

// Days returns the number of days from 1970-01-01 to d.
func (d Date) Days() int { return int(d.n - unixEpoch) }

// DateFromDays returns the date n days after 1970-01-01.
func DateFromDays(n int) Date { return Date{int64(n) + unixEpoch} }

const secondsPerDay = 24 * 60 * 60

// Before, After and Equal compare two dates.
func (d Date) Before(e Date) bool { return d.n < e.n }
func (d Date) After(e Date) bool  { return d.n > e.n }
func (d Date) Equal(e Date) bool  { return d.n == e.n }

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
