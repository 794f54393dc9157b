// Package tariffs keeps people's tariffs: what each type of consumption
// costs them from one day to another. It is the service between the API
// and the store, as records is for consumption records: it checks tariffs
// against the rules of domain and turns what the store refuses (an overlap,
// a missing tariff) into errors people can act on, with a code and the field
// at fault. Costs are computed from tariffs by the aggregate engine when
// asked, so that changing a tariff recomputes nothing stored.
package tariffs

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"consumption/domain"
	"consumption/store"
)

// Service keeps the tariffs of every user; each method acts for the one
// whose id it is given.
type Service struct {
	store *store.Store
}

// NewService returns a Service keeping its data in st.
func NewService(st *store.Store) *Service {
	return &Service{store: st}
}

// ErrNotFound answers a tariff id that the user has no tariff with:
// missing, malformed, or another user's, which are never told apart. It is
// shared: present copies of it, never change it.
var ErrNotFound = domain.Errorf(domain.CodeNotFound, "You have no tariff with this id.")

// List returns the user's tariffs of one type, or of every type when typ is
// nil, by type and then by first day.
func (s *Service) List(ctx context.Context, user uuid.UUID, typ *domain.Type) ([]domain.Tariff, error) {
	return s.store.ForUser(user).Tariffs.List(ctx, typ)
}

// Create stores a tariff once it follows the rules. Every rule it breaks is
// reported at once.
func (s *Service) Create(ctx context.Context, user uuid.UUID, in domain.TariffInput) (domain.Tariff, error) {
	if err := in.Validate().Err(); err != nil {
		return domain.Tariff{}, err
	}
	t, err := s.store.ForUser(user).Tariffs.Create(ctx, in)
	return t, fromStore(err)
}

// Update changes the tariff with the given id: change receives the stored
// tariff's fields and returns what they should become, which must follow the
// rules. Reading, checking and writing happen in one transaction.
func (s *Service) Update(ctx context.Context, user uuid.UUID, id string, change func(domain.TariffInput) domain.TariffInput) (domain.Tariff, error) {
	tariffID, ok := parseID(id)
	if !ok {
		return domain.Tariff{}, ErrNotFound
	}
	t, err := s.store.ForUser(user).Tariffs.Update(ctx, tariffID, func(current domain.Tariff) (domain.TariffInput, error) {
		next := change(current.TariffInput)
		return next, next.Validate().Err()
	})
	return t, fromStore(err)
}

// Delete removes the tariff with the given id.
func (s *Service) Delete(ctx context.Context, user uuid.UUID, id string) error {
	tariffID, ok := parseID(id)
	if !ok {
		return ErrNotFound
	}
	return fromStore(s.store.ForUser(user).Tariffs.Delete(ctx, tariffID))
}

// parseID reads a tariff id. A malformed id is reported as not found, the
// same as another user's id or a missing one, so that ids tell nothing.
func parseID(id string) (uuid.UUID, bool) {
	u, err := uuid.Parse(id)
	return u, err == nil && len(id) == 36
}

// fromStore turns what the store refused into the error people see: an
// overlap is a CONFLICT naming the other tariff, a missing tariff is
// ErrNotFound. Other errors pass unchanged.
func fromStore(err error) error {
	var overlap *store.TariffOverlapError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &overlap):
		return overlapError(overlap.Other)
	case errors.Is(err, store.ErrNotFound):
		return ErrNotFound
	}
	return err
}

// overlapError returns the CONFLICT error of a tariff whose days overlap
// those of other, a stored tariff of the same type, naming it.
func overlapError(other domain.Tariff) *domain.Error {
	e := domain.Errorf(domain.CodeConflict, "")
	e.Field = "validFrom"
	if other.ID == uuid.Nil {
		// The tariff it overlapped was deleted before it could be named.
		e.Message = "These days overlapped another tariff of the same type; try again."
		return e
	}
	until := "with no end"
	if other.ValidTo != nil {
		until = "to " + other.ValidTo.String()
	}
	e.Message = fmt.Sprintf("These days overlap your %s tariff %q, from %s %s; tariffs of one type may not overlap: let one end (validTo) the day before the other starts.",
		strings.ToLower(string(other.Type)), other.Name, other.ValidFrom, until)
	e.ConflictingID = other.ID.String()
	return e
}
