package records

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/google/uuid"

	"consumption/domain"
	"consumption/store"
)

// The signed-in user's account is read at most once per GraphQL operation,
// and only when first needed: me, the last day a record may end on and an
// aggregate's default range all ask for it, and an operation that asks for
// none of them reads nothing. The API layer scopes the read to an operation
// with WithAccountCache, where it sets up the operation's loaders.

type accountCacheKey struct{}

// accountCache is the account of the user one operation acts for, once read.
type accountCache struct {
	user uuid.UUID
	mu   sync.Mutex
	// known says that account and err hold the answer: the account, or
	// domain.ErrSignInRequired when it is gone. Other errors are not kept,
	// so that a later field tries again.
	known   bool
	account domain.User
	err     error
}

// WithAccountCache returns a context in which the account of user is read
// at most once, when first asked for, and kept up to date with the changes
// made through the service. Nothing is read until then.
func WithAccountCache(ctx context.Context, user uuid.UUID) context.Context {
	return context.WithValue(ctx, accountCacheKey{}, &accountCache{user: user})
}

// cacheOf returns the account cache of ctx for user, or nil.
func cacheOf(ctx context.Context, user uuid.UUID) *accountCache {
	c, _ := ctx.Value(accountCacheKey{}).(*accountCache)
	if c == nil || c.user != user {
		return nil
	}
	return c
}

// Account returns the user's account. A token that outlived its account is
// answered as no sign-in at all.
func (s *Service) Account(ctx context.Context, user uuid.UUID) (domain.User, error) {
	c := cacheOf(ctx, user)
	if c == nil {
		return s.readAccount(ctx, user)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.known {
		c.account, c.err = s.readAccount(ctx, user)
		c.known = c.err == nil || c.err == domain.ErrSignInRequired
	}
	return c.account, c.err
}

func (s *Service) readAccount(ctx context.Context, user uuid.UUID) (domain.User, error) {
	u, err := s.store.ForUser(user).Account.Get(ctx)
	if errors.Is(err, store.ErrNotFound) {
		return domain.User{}, domain.ErrSignInRequired
	}
	return u, err
}

// ForgetAccount drops the account kept for the rest of the operation, after
// something outside the service changed it, such as deleting it: the next
// field that asks reads it again.
func ForgetAccount(ctx context.Context, user uuid.UUID) {
	if c := cacheOf(ctx, user); c != nil {
		c.mu.Lock()
		c.known, c.account, c.err = false, domain.User{}, nil
		c.mu.Unlock()
	}
}

// Today returns the current day in the user's time zone: the last day a
// period may end on, and the end of a range left open. Every part of the
// server that needs today's date asks here.
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
// returns the account, which the rest of the operation sees from then on.
func (s *Service) UpdateSettings(ctx context.Context, user uuid.UUID, settings domain.Settings) (domain.User, error) {
	if err := settings.Validate(); err != nil {
		return domain.User{}, err
	}
	u, err := s.store.ForUser(user).Account.UpdateSettings(ctx, settings)
	if err != nil {
		return domain.User{}, err
	}
	if c := cacheOf(ctx, user); c != nil {
		c.mu.Lock()
		c.known, c.account, c.err = true, u, nil
		c.mu.Unlock()
	}
	return u, nil
}
