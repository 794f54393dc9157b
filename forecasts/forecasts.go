// Package forecasts keeps people's budgets and tells where the current
// month, quarter or year is heading against them. It is a service between
// the API and the store, in the shape of records: it checks budgets against
// the rules of domain, turns what the store refuses into errors people can
// act on, and for a forecast plans the engine's queries, has the store read
// what they need in one statement, and lets the engine compute.
package forecasts

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

// Service keeps the budgets of every user and forecasts their consumption;
// each method acts for the one whose id it is given.
type Service struct {
	store    *store.Store
	calendar Calendar
}

// NewService returns a Service keeping its data in st and asking calendar
// which day it is.
func NewService(st *store.Store, calendar Calendar) *Service {
	return &Service{store: st, calendar: calendar}
}

// ErrBudgetNotFound answers a budget id that the user has no budget with:
// missing, malformed, or another user's, which are never told apart. It is
// shared: present copies of it, never change it.
var ErrBudgetNotFound = domain.Errorf(domain.CodeNotFound, "You have no budget with this id.")

// Budgets returns the user's budgets, by type, granularity and measure.
func (s *Service) Budgets(ctx context.Context, user uuid.UUID) ([]domain.Budget, error) {
	return s.store.ForUser(user).Budgets.List(ctx)
}

// SetBudget stores the budget of its type, granularity and measure,
// replacing the one there was, once it follows the rules.
func (s *Service) SetBudget(ctx context.Context, user uuid.UUID, in domain.BudgetInput) (domain.Budget, error) {
	if err := in.Validate().Err(); err != nil {
		return domain.Budget{}, err
	}
	b, err := s.store.ForUser(user).Budgets.Set(ctx, in)
	if errors.Is(err, store.ErrNotFound) {
		// A token that outlived its account.
		return domain.Budget{}, domain.ErrSignInRequired
	}
	return b, err
}

// DeleteBudget removes the budget with the given id.
func (s *Service) DeleteBudget(ctx context.Context, user uuid.UUID, id string) error {
	budgetID, err := uuid.Parse(id)
	if err != nil || len(id) != 36 {
		return ErrBudgetNotFound
	}
	err = s.store.ForUser(user).Budgets.Delete(ctx, budgetID)
	if errors.Is(err, store.ErrNotFound) {
		return ErrBudgetNotFound
	}
	return err
}
