// Package sample fills a new account with sample data, so that a person
// sees every page of the dashboard at work before typing a single bill,
// and takes it away again. It is a service between the API and the store,
// in the shape of records: it knows which day it is for each user, makes
// the household (Household), and turns what the store refuses into errors
// people can act on.
package sample

import (
	"context"
	"errors"

	"github.com/google/uuid"

	"consumption/domain"
	"consumption/store"
)

// Calendar tells which day it is for a user, in the user's time zone. The
// records service is one.
type Calendar interface {
	Today(ctx context.Context, user uuid.UUID) (domain.Date, error)
}

// Service loads and removes the sample data of every user; each method acts
// for the one whose id it is given.
type Service struct {
	store    *store.Store
	calendar Calendar
}

// NewService returns a Service keeping its data in st and asking calendar
// which day it is.
func NewService(st *store.Store, calendar Calendar) *Service {
	return &Service{store: st, calendar: calendar}
}

// ErrAccountNotEmpty answers a load of sample data into an account that
// holds data of its own, which the sample could overlap or be mistaken for.
// It is shared: present copies of it, never change it.
var ErrAccountNotEmpty = domain.Errorf(domain.CodeConflict,
	"Sample data goes only into an empty account, and this one has records, meters, tariffs or budgets already. "+
		"Remove them first, or try the sample in a new account.")

// Load writes the sample household, ending today in the user's time zone,
// into the user's account, which must be empty.
func (s *Service) Load(ctx context.Context, user uuid.UUID) error {
	today, err := s.calendar.Today(ctx, user)
	if err != nil {
		return err
	}
	err = s.store.ForUser(user).Sample.Load(ctx, Household(today))
	switch {
	case errors.Is(err, store.ErrAccountNotEmpty):
		return ErrAccountNotEmpty
	case errors.Is(err, store.ErrNotFound):
		// A token that outlived its account.
		return domain.ErrSignInRequired
	}
	return err
}

// Remove deletes the user's sample data and nothing else, and returns how
// many consumption records went with it (bills, and the periods of the
// sample meter).
func (s *Service) Remove(ctx context.Context, user uuid.UUID) (int, error) {
	return s.store.ForUser(user).Sample.Remove(ctx)
}

// Present reports whether the user has sample data that Remove would delete.
func (s *Service) Present(ctx context.Context, user uuid.UUID) (bool, error) {
	return s.store.ForUser(user).Sample.Present(ctx)
}
