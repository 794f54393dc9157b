package records

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"

	"consumption/domain"
	"consumption/store"
)

// Account returns the user's account. A token that outlived its account is
// answered as no sign-in at all.
func (s *Service) Account(ctx context.Context, user uuid.UUID) (domain.User, error) {
	u, err := s.store.ForUser(user).Account.Get(ctx)
	if errors.Is(err, store.ErrNotFound) {
		return domain.User{}, domain.ErrSignInRequired
	}
	return u, err
}

// Today returns the current day in the user's time zone: the last day a
// period may end on, and the end of a range left open.
func (s *Service) Today(ctx context.Context, user uuid.UUID) (domain.Date, error) {
	u, err := s.Account(ctx, user)
	if err != nil {
		return domain.Date{}, err
	}
	return today(u.TimeZone, s.now()), nil
}

// today returns the day it is at now in the named time zone. A zone stored
// earlier that this build does not know falls back to UTC, the least
// surprising day.
func today(zone string, now time.Time) domain.Date {
	loc, err := domain.LoadTimeZone(zone)
	if err != nil {
		loc = time.UTC
	}
	return domain.Today(now, loc)
}

// UpdateSettings changes the settings given, once they follow the rules, and
// returns the account.
func (s *Service) UpdateSettings(ctx context.Context, user uuid.UUID, settings domain.Settings) (domain.User, error) {
	if err := settings.Validate(); err != nil {
		return domain.User{}, err
	}
	return s.store.ForUser(user).Account.UpdateSettings(ctx, settings)
}
