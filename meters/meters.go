// Package meters keeps people's meters and their readings. It is the
// service between the API and the store: it checks meters and readings
// against the rules of domain, knows which day it is for each user, derives
// the consumption between consecutive readings, and turns what the store
// refuses into errors people can act on.
//
// The consumption between readings is stored as consumption records with
// source METER (domain.DerivePeriods), re-derived in the transaction that
// changes a reading, so every figure of the server counts it like a bill
// and the records' exclusion constraint keeps it from overlapping one.
package meters

import (
	"context"
	"errors"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"consumption/domain"
	"consumption/store"
)

// Service keeps the meters and readings of every user; each method acts for
// the one whose id it is given.
type Service struct {
	store    *store.Store
	calendar Calendar
}

// Calendar tells which day it is for a user: the records service, which
// every part of the server asks.
type Calendar interface {
	Today(ctx context.Context, user uuid.UUID) (domain.Date, error)
}

// NewService returns a Service keeping its data in st, asking cal which
// day it is.
func NewService(st *store.Store, cal Calendar) *Service {
	return &Service{store: st, calendar: cal}
}

// Today returns the current day in the user's time zone: the last day a
// reading may be taken on.
func (s *Service) Today(ctx context.Context, user uuid.UUID) (domain.Date, error) {
	return s.calendar.Today(ctx, user)
}

// List returns the user's meters, by type and then in the order they were
// installed, each with its latest reading.
func (s *Service) List(ctx context.Context, user uuid.UUID) ([]domain.Meter, error) {
	return s.store.ForUser(user).Meters.List(ctx)
}

// Get returns the meter with the given id, or ErrNotFound.
func (s *Service) Get(ctx context.Context, user uuid.UUID, id string) (domain.Meter, error) {
	meterID, ok := parseID(id)
	if !ok {
		return domain.Meter{}, ErrNotFound
	}
	m, err := s.store.ForUser(user).Meters.Get(ctx, meterID)
	if errors.Is(err, store.ErrNotFound) {
		return domain.Meter{}, ErrNotFound
	}
	return m, err
}

// GetMany returns those of the meters with the given ids that the user has,
// in no particular order.
func (s *Service) GetMany(ctx context.Context, user uuid.UUID, ids []uuid.UUID) ([]domain.Meter, error) {
	return s.store.ForUser(user).Meters.GetMany(ctx, ids)
}

// Create stores a meter. With an initial reading, the register's value on
// the day it was installed, the meter has its first reading at once.
func (s *Service) Create(ctx context.Context, user uuid.UUID, in domain.MeterInput, initialReading *decimal.Decimal) (domain.Meter, error) {
	today, err := s.Today(ctx, user)
	if err != nil {
		return domain.Meter{}, err
	}
	errs := in.Validate(today)
	var initial *domain.ReadingInput
	if initialReading != nil && len(errs) == 0 {
		initial = &domain.ReadingInput{ReadOn: in.InstalledOn, Value: *initialReading}
		for _, e := range initial.Validate(in, today) {
			c := *e
			c.Field = "initialReading"
			errs = append(errs, &c)
		}
	}
	if err := errs.Err(); err != nil {
		return domain.Meter{}, err
	}
	m, err := s.store.ForUser(user).Meters.Create(ctx, in, initial)
	if err != nil {
		return domain.Meter{}, fromStore(err, "installedOn")
	}
	return m, nil
}

// Update changes the meter with the given id: change receives its fields
// and returns what they should become. The readings must still fit the
// meter (on its days in service, within its digits, in order), and the
// periods derived from them follow the change (a new type, unit or digits)
// in the same transaction.
func (s *Service) Update(ctx context.Context, user uuid.UUID, id string, change func(domain.MeterInput) domain.MeterInput) (domain.Meter, error) {
	meterID, ok := parseID(id)
	if !ok {
		return domain.Meter{}, ErrNotFound
	}
	today, err := s.Today(ctx, user)
	if err != nil {
		return domain.Meter{}, err
	}
	var field string
	m, err := s.store.ForUser(user).Meters.Update(ctx, meterID,
		func(h domain.MeterHistory) (domain.MeterInput, domain.PeriodChanges, error) {
			next := change(h.Meter.MeterInput)
			field = changedField(h.Meter.MeterInput, next)
			if err := checkMeterChange(next, h.Inputs(), today); err != nil {
				return next, domain.PeriodChanges{}, err
			}
			return next, domain.DiffPeriods(h.Periods, domain.DerivePeriods(next, h.Inputs())), nil
		})
	if err != nil {
		return domain.Meter{}, fromStore(err, field)
	}
	return m, nil
}

// changedField names a field that differs between two versions of a meter,
// the one an overlap is most likely about.
func changedField(before, after domain.MeterInput) string {
	switch {
	case before.Type != after.Type:
		return "type"
	case !before.InstalledOn.Equal(after.InstalledOn):
		return "installedOn"
	case (before.RemovedOn == nil) != (after.RemovedOn == nil) ||
		before.RemovedOn != nil && !before.RemovedOn.Equal(*after.RemovedOn):
		return "removedOn"
	}
	return "installedOn"
}

// Delete removes the meter with the given id, its readings, and the periods
// derived from them.
func (s *Service) Delete(ctx context.Context, user uuid.UUID, id string) error {
	meterID, ok := parseID(id)
	if !ok {
		return ErrNotFound
	}
	return fromStore(s.store.ForUser(user).Meters.Delete(ctx, meterID), "")
}

// parseID reads an id. A malformed id is reported as not found, the same as
// another user's id or a missing one, so that ids tell nothing.
func parseID(id string) (uuid.UUID, bool) {
	u, err := uuid.Parse(id)
	return u, err == nil && len(id) == 36
}
