package domain

import (
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// The limits on meters and readings.
const (
	// MaxMeterNameLength and MaxSerialNumberLength bound a meter's texts,
	// in characters.
	MaxMeterNameLength    = 100
	MaxSerialNumberLength = 100
	// MinDigits and MaxDigits bound the digits of a register that rolls
	// over: 10^12 - 1 is the largest value a reading may hold.
	MinDigits = 1
	MaxDigits = 12
	// MaxReadingGapDays is the most days between consecutive readings: the
	// period between them becomes a record, which may be at most
	// MaxPeriodDays long.
	MaxReadingGapDays = MaxPeriodDays
	// MaxBulkReadings is the largest number of readings added at once.
	MaxBulkReadings = 1000
	// MaxMeters is the most meters one user may have, removed ones
	// included: it bounds what the list of meters costs to answer.
	MaxMeters = 50
)

// MeterInput is a meter as a client describes it.
type MeterInput struct {
	Type         Type
	Unit         Unit
	Name         string
	SerialNumber *string
	// Digits, when set, says that the register rolls over to 0 after
	// 10^Digits - 1.
	Digits      *int
	InstalledOn Date
	RemovedOn   *Date
}

// Meter is a stored meter.
type Meter struct {
	ID uuid.UUID
	MeterInput
	// LatestReading is the reading of the latest day, if there is any.
	LatestReading *Reading
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// ReadingInput is a meter reading as a client describes it: the register's
// value at the end of a day.
type ReadingInput struct {
	ReadOn    Date
	Value     decimal.Decimal
	Estimated bool
	Notes     *string
}

// Reading is a stored meter reading.
type Reading struct {
	ID      uuid.UUID
	MeterID uuid.UUID
	ReadingInput
	// Period is the record derived from this reading and the one before
	// it, when read with it; nil for a meter's first reading.
	Period    *Record
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Validate returns every rule the meter breaks, given today's date in the
// user's time zone. Each error names the field at fault.
func (in MeterInput) Validate(today Date) Errors {
	var errs Errors
	if !in.Type.Valid() {
		errs = append(errs, Invalid("type", fmt.Sprintf("%q is not a type of consumption.", in.Type)))
	} else if err := in.Type.CheckUnit(in.Unit, "unit"); err != nil {
		errs = append(errs, err)
	}
	if strings.TrimSpace(in.Name) == "" {
		errs = append(errs, Invalid("name", `A meter needs a name, such as "Gas meter in the cellar".`))
	} else if err := checkText(in.Name, "name", "A name", MaxMeterNameLength, false); err != nil {
		errs = append(errs, err)
	}
	if in.SerialNumber != nil {
		if err := checkText(*in.SerialNumber, "serialNumber", "A serial number", MaxSerialNumberLength, false); err != nil {
			errs = append(errs, err)
		}
	}
	if in.Digits != nil && (*in.Digits < MinDigits || *in.Digits > MaxDigits) {
		errs = append(errs, Invalid("digits", fmt.Sprintf(
			"A register has %d to %d digits before the decimal point, not %d.", MinDigits, MaxDigits, *in.Digits)))
	}
	switch {
	case in.InstalledOn.Before(FirstDay):
		errs = append(errs, Invalid("installedOn", "A meter may not be installed before 1970-01-01."))
	case in.InstalledOn.After(today):
		errs = append(errs, Invalid("installedOn", fmt.Sprintf("A meter may not be installed after today (%s).", today)))
	}
	if in.RemovedOn != nil {
		switch {
		case in.RemovedOn.Before(in.InstalledOn):
			errs = append(errs, Invalid("removedOn", fmt.Sprintf(
				"A meter may not be removed before it was installed (%s).", in.InstalledOn)))
		case in.RemovedOn.After(today):
			errs = append(errs, Invalid("removedOn", fmt.Sprintf("A meter may not be removed after today (%s).", today)))
		}
	}
	return errs
}

// Validate returns every rule the reading breaks on its own, as a reading of
// meter m, given today's date in the user's time zone. Rules between
// readings are CheckSequence's.
func (in ReadingInput) Validate(m MeterInput, today Date) Errors {
	var errs Errors
	switch {
	case in.ReadOn.Before(m.InstalledOn):
		errs = append(errs, Invalid("readOn", fmt.Sprintf(
			"This meter was installed on %s; a reading may not be earlier.", m.InstalledOn)))
	case m.RemovedOn != nil && in.ReadOn.After(*m.RemovedOn):
		errs = append(errs, Invalid("readOn", fmt.Sprintf(
			"This meter was removed on %s; a reading may not be later. Read the meter that replaced it.", *m.RemovedOn)))
	case in.ReadOn.After(today):
		errs = append(errs, Invalid("readOn", fmt.Sprintf("A reading may not be taken after today (%s).", today)))
	}
	if err := checkBounded(in.Value, "value", "reading", MaxAmount); err != nil {
		errs = append(errs, err)
	} else if limit, rolls := rolloverAt(m.Digits); rolls && !in.Value.LessThan(limit) {
		errs = append(errs, Invalid("value", fmt.Sprintf(
			"A register of %d digits shows less than %s; this reading is %s.", *m.Digits, limit, in.Value)))
	}
	if in.Notes != nil {
		if err := checkNotes(*in.Notes); err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

// rolloverAt returns 10^digits, the value at which a register of that many
// digits rolls over to 0, and whether it rolls over at all.
func rolloverAt(digits *int) (decimal.Decimal, bool) {
	if digits == nil {
		return decimal.Decimal{}, false
	}
	return decimal.New(1, int32(*digits)), true
}

// Consumption returns what a meter with the given digits consumed from the
// reading prev to the reading next: next - prev, plus 10^digits when the
// register rolled over on the way. Without digits a register never rolls
// over, so a lower next is no consumption at all: ok is false.
func Consumption(prev, next decimal.Decimal, digits *int) (amount decimal.Decimal, ok bool) {
	d := next.Sub(prev)
	if !d.IsNegative() {
		return d, true
	}
	limit, rolls := rolloverAt(digits)
	if !rolls {
		return decimal.Decimal{}, false
	}
	return d.Add(limit), true
}

// FaultKind is a rule that two consecutive readings of one meter break.
type FaultKind int

// The rules between consecutive readings.
const (
	// SameDay: two readings of one meter on one day.
	SameDay FaultKind = iota + 1
	// TooFarApart: more than MaxReadingGapDays between them.
	TooFarApart
	// Lower: the later is lower than the earlier, and the register does
	// not roll over.
	Lower
)

// ReadingFault is a rule broken by the consecutive readings Prev and Next,
// positions in the readings checked.
type ReadingFault struct {
	Kind       FaultKind
	Prev, Next int
}

// Field returns the input field that a fault is about.
func (f ReadingFault) Field() string {
	if f.Kind == Lower {
		return "value"
	}
	return "readOn"
}

// Message says what is wrong with the readings rs and what to do, from the
// point of view of neither reading, so that it fits whichever one is
// blamed.
func (f ReadingFault) Message(rs []ReadingInput) string {
	prev, next := rs[f.Prev], rs[f.Next]
	switch f.Kind {
	case SameDay:
		return fmt.Sprintf("This meter has another reading on %s; change that one instead.", next.ReadOn)
	case TooFarApart:
		return fmt.Sprintf(
			"The readings of %s and %s would be %d days apart; readings may be at most %d days apart, so add an estimated reading between them.",
			prev.ReadOn, next.ReadOn, next.ReadOn.DaysSince(prev.ReadOn), MaxReadingGapDays)
	default:
		return fmt.Sprintf(
			"The reading of %s (%s) is lower than the reading of %s (%s); a new meter? Set this meter's removedOn and add the new one, or give this meter its digits if the register rolled over.",
			next.ReadOn, next.Value, prev.ReadOn, prev.Value)
	}
}

// CheckSequence returns the rules that consecutive readings of a meter with
// the given digits break. The readings must be sorted by day.
func CheckSequence(digits *int, rs []ReadingInput) []ReadingFault {
	var faults []ReadingFault
	for i := 1; i < len(rs); i++ {
		prev, next := rs[i-1], rs[i]
		switch gap := next.ReadOn.DaysSince(prev.ReadOn); {
		case gap == 0:
			faults = append(faults, ReadingFault{SameDay, i - 1, i})
			continue
		case gap > MaxReadingGapDays:
			faults = append(faults, ReadingFault{TooFarApart, i - 1, i})
		}
		if _, ok := Consumption(prev.Value, next.Value, digits); !ok {
			faults = append(faults, ReadingFault{Lower, i - 1, i})
		}
	}
	return faults
}

// DerivePeriods returns the consumption records that the readings of meter
// m imply: for consecutive readings on days a < b, what the meter consumed
// over days a+1 .. b. The readings must be sorted by day and break no rule
// of CheckSequence.
func DerivePeriods(m MeterInput, rs []ReadingInput) []RecordInput {
	if len(rs) < 2 {
		return nil
	}
	out := make([]RecordInput, 0, len(rs)-1)
	for i := 1; i < len(rs); i++ {
		amount, _ := Consumption(rs[i-1].Value, rs[i].Value, m.Digits)
		out = append(out, RecordInput{
			Type: m.Type, Unit: m.Unit, Amount: amount, Source: SourceMeter,
			PeriodStart: rs[i-1].ReadOn.AddDays(1), PeriodEnd: rs[i].ReadOn,
		})
	}
	return out
}

// PeriodChanges turn a meter's stored periods into the ones its readings
// imply, keeping each stored period that still holds (and its id).
type PeriodChanges struct {
	// Delete are the ids of periods that no longer hold.
	Delete []uuid.UUID
	// Update are stored periods of the same days with a new type, unit or
	// amount.
	Update []Record
	// Insert are new periods.
	Insert []RecordInput
}

// Empty reports whether there is nothing to change.
func (c PeriodChanges) Empty() bool {
	return len(c.Delete) == 0 && len(c.Update) == 0 && len(c.Insert) == 0
}

// DiffPeriods returns the changes that turn the stored periods of one meter
// into want. A period of the same days is changed in place, so that its id
// stays; others are deleted and inserted.
func DiffPeriods(stored []Record, want []RecordInput) PeriodChanges {
	type days struct{ start, end Date }
	byDays := make(map[days]Record, len(stored))
	for _, r := range stored {
		byDays[days{r.PeriodStart, r.PeriodEnd}] = r
	}
	var c PeriodChanges
	for _, w := range want {
		k := days{w.PeriodStart, w.PeriodEnd}
		r, ok := byDays[k]
		if !ok {
			c.Insert = append(c.Insert, w)
			continue
		}
		delete(byDays, k)
		if r.Type != w.Type || r.Unit != w.Unit || !r.Amount.Equal(w.Amount) {
			r.Type, r.Unit, r.Amount = w.Type, w.Unit, w.Amount
			c.Update = append(c.Update, r)
		}
	}
	for _, r := range stored {
		if _, gone := byDays[days{r.PeriodStart, r.PeriodEnd}]; gone {
			c.Delete = append(c.Delete, r.ID)
		}
	}
	return c
}

// MeterHistory is a stored meter with its readings, in order of their
// days, and the periods stored as derived from them.
type MeterHistory struct {
	Meter    Meter
	Readings []Reading
	Periods  []Record
}

// Inputs returns the readings' inputs, in order.
func (h MeterHistory) Inputs() []ReadingInput {
	out := make([]ReadingInput, len(h.Readings))
	for i, r := range h.Readings {
		out[i] = r.ReadingInput
	}
	return out
}

// MeterPeriodChanges are the changes to the periods of one meter.
type MeterPeriodChanges struct {
	MeterID uuid.UUID
	PeriodChanges
}

// ReadingChanges are what a change of readings writes, in one transaction:
// the readings, and the periods that follow from them.
type ReadingChanges struct {
	// Insert are new readings, each with its MeterID.
	Insert []Reading
	// Update are stored readings with their new inputs.
	Update []Reading
	// Delete are the ids of readings to delete.
	Delete  []uuid.UUID
	Periods []MeterPeriodChanges
}

// WrittenPeriods returns the periods the changes insert or update, meter by
// meter, inserted before updated, each with its MeterID: the order in which
// a store reports which of them collided with another record.
func (c ReadingChanges) WrittenPeriods() []Record {
	var out []Record
	for _, p := range c.Periods {
		id := p.MeterID
		for _, in := range p.Insert {
			out = append(out, Record{RecordInput: in, MeterID: &id})
		}
		for _, r := range p.Update {
			r.MeterID = &id
			out = append(out, r)
		}
	}
	return out
}
