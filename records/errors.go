package records

import (
	"errors"
	"fmt"

	"github.com/google/uuid"

	"consumption/domain"
	"consumption/store"
)

// ErrNotFound answers a record id that the user has no record with: missing,
// malformed, or another user's, which are never told apart. It is shared:
// present copies of it, never change it.
var ErrNotFound = domain.Errorf(domain.CodeNotFound, "You have no consumption record with this id.")

// ErrDerivedRecord answers a change or deletion of a record derived from a
// meter's readings. It is shared: present copies of it, never change it.
var ErrDerivedRecord = domain.Invalid("id",
	"This record is the consumption between two readings of a meter; change or delete the meter's readings instead, and the record follows.")

// fromStore turns what the store refused into the error people see: an
// overlap with a stored record is a CONFLICT naming that record (at the
// item's index in a bulk create), a missing record is ErrNotFound, and an
// idempotency key used for another request is refused on its field. Other
// errors pass unchanged.
func fromStore(err error, bulk bool) error {
	var overlap *store.OverlapError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &overlap):
		e := overlapWithStored(overlap)
		if !bulk {
			e.Index = -1 // a single input has no index
		}
		return e
	case errors.Is(err, store.ErrNotFound):
		return ErrNotFound
	case errors.Is(err, store.ErrDerivedRecord):
		return ErrDerivedRecord
	case errors.Is(err, store.ErrIdempotencyKeyReused):
		return domain.Invalid("idempotencyKey",
			"This idempotency key was already used for a different request; send a new key with each new request.")
	case errors.Is(err, store.ErrIdempotencyKeyExpired):
		return domain.Errorf(domain.CodeConflict, "This idempotency key just expired; send the request again.")
	}
	return err
}

// overlapWithStored returns the CONFLICT error of an input whose period
// overlaps a stored record of the same type, naming that record.
func overlapWithStored(o *store.OverlapError) *domain.Error {
	if o.ID == uuid.Nil {
		// The record it overlapped was deleted before it could be named.
		e := domain.Errorf(domain.CodeConflict, "This period overlapped another record of the same type; try again.")
		e.Field = "periodStart"
		return e
	}
	return &domain.Error{
		Code:  domain.CodeConflict,
		Field: "periodStart",
		Index: o.Index,
		Message: fmt.Sprintf("This period overlaps %s; records of one type may not overlap.",
			domain.DescribeRecord(o.Type, o.PeriodStart, o.PeriodEnd, o.MeterName)),
		ConflictingID: o.ID.String(),
	}
}

// overlapInRequest returns the CONFLICT error of the input at index second,
// whose period overlaps that of the input at index first of the same
// request.
func overlapInRequest(first, second int) *domain.Error {
	e := domain.Invalid("periodStart", fmt.Sprintf(
		"This period overlaps that of item %d of the same request; records of one type may not overlap.", first))
	e.Code, e.Index = domain.CodeConflict, second
	return e
}
