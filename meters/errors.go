package meters

import (
	"errors"
	"fmt"

	"github.com/google/uuid"

	"consumption/domain"
	"consumption/store"
)

// ErrNotFound answers a meter id that the user has no meter with: missing,
// malformed, or another user's, which are never told apart. It is shared:
// present copies of it, never change it.
var ErrNotFound = domain.Errorf(domain.CodeNotFound, "You have no meter with this id.")

// ErrReadingNotFound answers a reading id that the user has no reading
// with, in the same way.
var ErrReadingNotFound = domain.Errorf(domain.CodeNotFound, "You have no meter reading with this id.")

// meterNotFound returns the error of a reading whose meterId names no meter
// of the user.
func meterNotFound() *domain.Error {
	e := *ErrNotFound
	e.Field = "meterId"
	return &e
}

// atIndex returns e at the index of item i of a bulk request, or as it is
// for a request of one item.
func atIndex(e *domain.Error, i int, bulk bool) *domain.Error {
	if bulk {
		c := *e
		c.Index = i
		return &c
	}
	return e
}

// fromStore turns what the store refused of a meter into the error people
// see; field is the input field an overlap is blamed on.
func fromStore(err error, field string) error {
	var (
		meterOverlap  *store.MeterOverlapError
		periodOverlap *store.OverlapError
	)
	switch {
	case err == nil:
		return nil
	case errors.As(err, &meterOverlap):
		return overlappingMeter(meterOverlap, field)
	case errors.As(err, &periodOverlap):
		e := overlappingRecord(periodOverlap, "The meter's periods would overlap")
		e.Field = field
		return e
	case errors.Is(err, store.ErrNotFound):
		return ErrNotFound
	case errors.Is(err, store.ErrTooManyMeters):
		return domain.Invalid("input", fmt.Sprintf(
			"You have %d meters, as many as an account may have; delete one you no longer read.", domain.MaxMeters))
	}
	return err
}

// overlappingMeter returns the CONFLICT of a meter in service at the same
// time as another of its type, naming that one.
func overlappingMeter(o *store.MeterOverlapError, field string) *domain.Error {
	if o.ID == uuid.Nil {
		e := domain.Errorf(domain.CodeConflict, "This meter was in service at the same time as another meter of its type; try again.")
		e.Field = field
		return e
	}
	until := "with no removal date"
	if o.RemovedOn != nil {
		until = "until " + o.RemovedOn.String()
	}
	return &domain.Error{
		Code: domain.CodeConflict, Field: field, Index: -1, ConflictingID: o.ID.String(),
		Message: fmt.Sprintf(
			"Your meter %q is in service from %s %s, and meters of one type follow each other: set its removedOn, and install this one the day after.",
			o.Name, o.InstalledOn, until),
	}
}

// overlappingRecord returns the CONFLICT of a derived period that overlaps
// a stored record, naming it; what says which period.
func overlappingRecord(o *store.OverlapError, what string) *domain.Error {
	if o.ID == uuid.Nil {
		return domain.Errorf(domain.CodeConflict, what+" another record of the same type; try again.")
	}
	return &domain.Error{
		Code: domain.CodeConflict, Index: -1, ConflictingID: o.ID.String(),
		Message: fmt.Sprintf("%s %s; records of one type may not overlap, so change that one's dates or these readings.",
			what, domain.DescribeRecord(o.Type, o.PeriodStart, o.PeriodEnd, o.MeterName)),
	}
}

// readingError turns what the store refused of a change of readings into
// the error people see: an overlap is blamed on the reading that closes or
// opens the period at fault (its item in a bulk request), a meter not found
// on the first item that names it (meterOf holds each item's meter).
func (s *Service) readingError(err error, changes domain.ReadingChanges, meterOf []uuid.UUID, bulk bool) error {
	var (
		overlap  *store.OverlapError
		notFound *store.MeterNotFoundError
	)
	switch {
	case err == nil:
		return nil
	case errors.As(err, &overlap):
		written := changes.WrittenPeriods()
		if overlap.Index < 0 || overlap.Index >= len(written) {
			return overlappingRecord(overlap, "This reading's period would overlap")
		}
		p := written[overlap.Index]
		e := overlappingRecord(overlap, fmt.Sprintf("The period from %s to %s would overlap", p.PeriodStart, p.PeriodEnd))
		e.Field = "readOn"
		if bulk {
			e.Index = blame(changes.Insert, p)
		}
		return e
	case errors.As(err, &notFound):
		for i, id := range meterOf {
			if id == notFound.ID {
				return atIndex(meterNotFound(), i, bulk)
			}
		}
		return meterNotFound()
	case errors.Is(err, store.ErrNotFound):
		return ErrReadingNotFound
	}
	return err
}

// blame returns the index of the reading among ins that closes the period
// p, or else opens it (is of the day before it), or -1.
func blame(ins []domain.Reading, p domain.Record) int {
	opens := -1
	for i, r := range ins {
		if r.MeterID != *p.MeterID {
			continue
		}
		if r.ReadOn.Equal(p.PeriodEnd) {
			return i
		}
		if r.ReadOn.Equal(p.PeriodStart.AddDays(-1)) {
			opens = i
		}
	}
	return opens
}
