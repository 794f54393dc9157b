package graph

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"

	"consumption/auth"
	"consumption/domain"
	"consumption/store"
)

// currentUserID returns the signed-in user's id. @auth has checked that there
// is one before any resolver that calls this runs.
func currentUserID(ctx context.Context) uuid.UUID {
	id, _ := auth.UserID(ctx)
	return id
}

// currentUser returns the data of the signed-in user.
func (r *Resolver) currentUser(ctx context.Context) store.UserData {
	return r.Store.ForUser(currentUserID(ctx))
}

// currentAccount returns the signed-in user's account. A token that outlived
// its account is answered as no sign-in at all.
func (r *Resolver) currentAccount(ctx context.Context) (store.User, error) {
	u, err := r.currentUser(ctx).Account.Get(ctx)
	if errors.Is(err, store.ErrNotFound) {
		return store.User{}, errSignInRequired
	}
	return u, err
}

// today returns the current day in the signed-in user's time zone.
func (r *Resolver) today(ctx context.Context) (domain.Date, error) {
	u, err := r.currentAccount(ctx)
	if err != nil {
		return domain.Date{}, err
	}
	loc, err := domain.LoadTimeZone(u.TimeZone)
	if err != nil {
		// A zone stored earlier that this build does not know: UTC is the
		// least surprising day to fall back on.
		loc = time.UTC
	}
	return domain.Today(r.Now(), loc), nil
}
