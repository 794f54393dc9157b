package domain

import (
	"fmt"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// The limits on a consumption record.
const (
	// MaxPeriodDays is the longest period a record may cover, both ends included.
	MaxPeriodDays = 400
	// MaxNotesLength is the longest note, in characters.
	MaxNotesLength = 500
	// AmountScale is the number of decimal places an amount may have.
	AmountScale = 6
	// MaxBulkRecords is the largest number of records created at once.
	MaxBulkRecords = 1000
)

// MaxAmount is the largest amount a record may hold.
var MaxAmount = decimal.New(1, 12)

// RecordInput is a consumption record as a client describes it.
type RecordInput struct {
	Type        Type
	Unit        Unit
	Amount      decimal.Decimal
	PeriodStart Date
	PeriodEnd   Date
	Notes       *string
	// Cost is what the bill says the period cost, tax and standing charges
	// included, in the user's currency; nil when unknown.
	Cost *decimal.Decimal
	// Source says where the record came from; "" is SourceManual.
	Source Source
}

// Record is a stored consumption record: what the client described, with
// the id and times the store gave it.
type Record struct {
	ID uuid.UUID
	RecordInput
	// MeterID names the meter whose readings the record was derived from,
	// when its Source is SourceMeter; nil otherwise.
	MeterID   *uuid.UUID
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Source is where a consumption record came from.
type Source string

// The sources of records. The values are those of the GraphQL enum and of
// the database column.
const (
	// SourceManual records were typed in.
	SourceManual Source = "MANUAL"
	// SourceImport records came from a file, such as a utility's CSV export.
	SourceImport Source = "IMPORT"
	// SourceMeter records are derived from a meter's readings: the server
	// writes them, and nobody changes them but through the readings.
	SourceMeter Source = "METER"
	// SourceSample records are the sample data of a new account.
	SourceSample Source = "SAMPLE"
)

// OrManual returns s, or SourceManual when s is "".
func (s Source) OrManual() Source {
	if s == "" {
		return SourceManual
	}
	return s
}

// Validate returns every rule in breaks, given today's date in the user's
// time zone. Each error names the field at fault.
func (in RecordInput) Validate(today Date) Errors {
	var errs Errors
	if !in.Type.Valid() {
		errs = append(errs, Invalid("type", fmt.Sprintf("%q is not a type of consumption.", in.Type)))
	} else if err := in.Type.CheckUnit(in.Unit, "unit"); err != nil {
		errs = append(errs, err)
	}
	if err := CheckAmount(in.Amount, "amount"); err != nil {
		errs = append(errs, err)
	}
	if in.Cost != nil {
		if err := CheckCost(*in.Cost, "cost"); err != nil {
			errs = append(errs, err)
		}
	}
	errs = append(errs, checkPeriod(in.PeriodStart, in.PeriodEnd, today)...)
	if in.Notes != nil {
		if err := checkNotes(*in.Notes); err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// checkNotes refuses notes that are too long or are not plain text: invalid
// UTF-8, NUL and other control characters (tab and newline aside), and the
// characters that reorder text around them (bidi embeddings, overrides and
// isolates), with which a note could show in the dashboard or in a CSV file
// as something other than what it is.
func checkNotes(notes string) *Error {
	return checkText(notes, "notes", "Notes", MaxNotesLength, true)
}

// checkText refuses text of more than max characters, or that is not plain
// text, as checkNotes says; label names the text in messages ("Notes", "A
// name"). Tabs and newlines are allowed only where lines are.
func checkText(text, field, label string, max int, lines bool) *Error {
	if !utf8.ValidString(text) {
		return Invalid(field, label+" must be valid UTF-8 text.")
	}
	if n := utf8.RuneCountInString(text); n > max {
		return Invalid(field, fmt.Sprintf("%s may be at most %d characters long, not %d.", label, max, n))
	}
	for i, r := range text {
		switch {
		case lines && (r == '\t' || r == '\n'):
		case unicode.IsControl(r):
			allowed := " (other than tab and newline)"
			if !lines {
				allowed = ""
			}
			return Invalid(field, fmt.Sprintf(
				"%s may not contain control characters%s; character %d is U+%04X.", label, allowed, utf8.RuneCountInString(text[:i])+1, r))
		case isBidiControl(r):
			return Invalid(field, fmt.Sprintf(
				"%s may not contain characters that change the direction of text; character %d is U+%04X.", label, utf8.RuneCountInString(text[:i])+1, r))
		}
	}
	return nil
}

// isBidiControl reports whether r is one of the explicit directional
// formatting characters of Unicode's bidirectional algorithm: embeddings,
// overrides, isolates and their terminators (U+202A to U+202E, U+2066 to
// U+2069), which make text display in another order than it is stored.
func isBidiControl(r rune) bool {
	return '\u202a' <= r && r <= '\u202e' || '\u2066' <= r && r <= '\u2069'
}

// CheckAmount returns a BAD_USER_INPUT error on field unless 0 ≤ d ≤ 10^12
// with at most six decimal places.
func CheckAmount(d decimal.Decimal, field string) *Error {
	return checkBounded(d, field, "amount", MaxAmount)
}

// CheckCost returns a BAD_USER_INPUT error on field unless the cost of a
// bill is from 0 to 10^12 with at most six decimal places, as amounts are.
func CheckCost(d decimal.Decimal, field string) *Error {
	return checkBounded(d, field, "cost", MaxAmount)
}

// checkBounded returns a BAD_USER_INPUT error on field unless 0 ≤ d ≤ limit
// with at most six decimal places; what names the figure in the message.
func checkBounded(d decimal.Decimal, field, what string, limit decimal.Decimal) *Error {
	switch {
	case d.IsNegative():
		return Invalid(field, fmt.Sprintf("The %s must not be negative.", what))
	case d.GreaterThan(limit):
		return Invalid(field, fmt.Sprintf("The %s must be at most %s.", what, limit))
	case !d.Equal(d.Truncate(AmountScale)):
		return Invalid(field, fmt.Sprintf("The %s may have at most %d decimal places.", what, AmountScale))
	}
	return nil
}

func checkPeriod(start, end, today Date) Errors {
	var errs Errors
	if start.Before(FirstDay) {
		errs = append(errs, Invalid("periodStart", "The period may not start before 1970-01-01."))
	}
	if end.After(today) {
		errs = append(errs, Invalid("periodEnd", fmt.Sprintf("The period may not end after today (%s).", today)))
	}
	switch days := end.DaysSince(start) + 1; {
	case days < 1:
		errs = append(errs, Invalid("periodEnd", "The period must end on or after the day it starts."))
	case days > MaxPeriodDays:
		errs = append(errs, Invalid("periodEnd", fmt.Sprintf(
			"A period may be at most %d days long; this one is %d days.", MaxPeriodDays, days)))
	}
	return errs
}
