package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"consumption/domain"
	"consumption/store"
)

// Throttle limits failed logins within a sliding window.
type Throttle struct {
	// PerAccount is how many failures one email may have in Window.
	PerAccount int
	// PerAddress is how many failures one client address may have in Window.
	PerAddress int
	Window     time.Duration
}

// Options configure a Service.
type Options struct {
	Tokens     *Tokens
	RefreshTTL time.Duration
	Throttle   Throttle
	HashParams HashParams
	Now        func() time.Time
	// Observer, when set, is told of refused logins, for metrics.
	Observer LoginObserver
}

// LoginObserver is told of every login refused, for operators to watch
// password guessing.
type LoginObserver interface {
	// LoginFailed is a login refused for a wrong email or password.
	LoginFailed()
	// LoginThrottled is a login refused by the throttle, whatever its
	// password.
	LoginThrottled()
}

// noObserver is the LoginObserver of a service that has none.
type noObserver struct{}

func (noObserver) LoginFailed()    {}
func (noObserver) LoginThrottled() {}

// Service signs people up, in and out.
type Service struct {
	store *store.Store
	opts  Options
	// dummyHash is checked against when an email is unknown, so that a login
	// takes as long whether or not the account exists.
	dummyHash string
}

// NewService returns a Service keeping its data in st.
func NewService(st *store.Store, opts Options) (*Service, error) {
	dummy, err := HashPassword("not the password of anyone at all", opts.HashParams)
	if err != nil {
		return nil, err
	}
	if opts.Observer == nil {
		opts.Observer = noObserver{}
	}
	return &Service{store: st, opts: opts, dummyHash: dummy}, nil
}

// Session is what signing in gives: a short-lived access token, a refresh
// token to get the next one, and the account.
type Session struct {
	AccessToken          string
	AccessTokenExpiresAt time.Time
	RefreshToken         string
	User                 store.User
}

// The answers to failed sign-ins. Login says the same for an unknown email
// and a wrong password, so that it does not tell who has an account.
var (
	errBadCredentials = domain.Errorf(domain.CodeUnauthenticated, "The email or password is incorrect.")
	errBadRefresh     = domain.Errorf(domain.CodeUnauthenticated, "This refresh token is invalid or has expired; sign in again.")
	errRefreshReused  = domain.Errorf(domain.CodeUnauthenticated,
		"This refresh token was already used, so every session started with it has been signed out; sign in again.")
	errBadPassword = domain.Invalid("password", "The password is incorrect.")
)

// Register creates an account and signs it in.
func (s *Service) Register(ctx context.Context, email, password string) (Session, error) {
	email, err := NormalizeEmail(email)
	if err != nil {
		return Session{}, err
	}
	if err := CheckNewPassword(password, email); err != nil {
		return Session{}, err
	}
	hash, err := HashPassword(password, s.opts.HashParams)
	if err != nil {
		return Session{}, err
	}
	u, err := s.store.Auth().CreateUser(ctx, email, hash)
	if errors.Is(err, store.ErrEmailTaken) {
		e := domain.Invalid("email", "An account with this email already exists; sign in instead.")
		e.Code = domain.CodeConflict
		return Session{}, e
	}
	if err != nil {
		return Session{}, err
	}
	return s.startSession(ctx, u, uuid.New())
}

// Login signs in with an email and password, from the given client address.
// Past the throttle's limits it refuses even the right password.
func (s *Service) Login(ctx context.Context, email, password, clientAddr string) (Session, error) {
	if err := checkPasswordSize(password); err != nil {
		return Session{}, err
	}
	email = normalizeForLookup(email)
	subjects := []string{accountSubject(email), "address:" + clientAddr}
	if err := s.checkThrottle(ctx, subjects); err != nil {
		if domain.ErrorCode(err) == domain.CodeRateLimited {
			s.opts.Observer.LoginThrottled()
		}
		return Session{}, err
	}

	u, err := s.store.Auth().UserByEmail(ctx, email)
	hash := u.PasswordHash
	if errors.Is(err, store.ErrNotFound) {
		hash = s.dummyHash
	} else if err != nil {
		return Session{}, err
	}
	ok, rehash, err := VerifyPassword(hash, password, s.opts.HashParams)
	if err != nil {
		return Session{}, err
	}
	if !ok || u.ID == uuid.Nil {
		now := s.opts.Now()
		s.opts.Observer.LoginFailed()
		if err := s.store.Auth().RecordLoginFailure(ctx, subjects, now, now.Add(-s.opts.Throttle.Window)); err != nil {
			return Session{}, err
		}
		return Session{}, errBadCredentials
	}

	if err := s.store.Auth().ClearLoginFailures(ctx, subjects[0]); err != nil {
		return Session{}, err
	}
	if rehash {
		if newHash, err := HashPassword(password, s.opts.HashParams); err == nil {
			if err := s.store.Auth().UpdatePasswordHash(ctx, u.ID, hash, newHash); err != nil {
				return Session{}, err
			}
		}
	}
	return s.startSession(ctx, u, uuid.New())
}

// normalizeForLookup prepares an email for finding its account. Unlike
// NormalizeEmail it accepts anything: a malformed email simply has no account.
func normalizeForLookup(email string) string {
	if n, err := NormalizeEmail(email); err == nil {
		return n
	}
	return email
}

// accountSubject is the throttling key of an email. It is hashed so that the
// throttle table holds no addresses, and it exists for unknown emails too.
func accountSubject(email string) string {
	h := sha256.Sum256([]byte(email))
	return "account:" + hex.EncodeToString(h[:])
}

// checkThrottle refuses a login when any subject has reached its limit of
// failures in the window, saying when the oldest counted failure expires.
func (s *Service) checkThrottle(ctx context.Context, subjects []string) error {
	t := s.opts.Throttle
	now := s.opts.Now()
	var retry time.Duration
	for i, subject := range subjects {
		limit := t.PerAccount
		if i > 0 {
			limit = t.PerAddress
		}
		if limit <= 0 {
			continue
		}
		failures, err := s.store.Auth().RecentLoginFailures(ctx, subject, now.Add(-t.Window), limit)
		if err != nil {
			return err
		}
		if len(failures) >= limit {
			// The limit-th newest failure is the next to leave the window.
			retry = max(retry, failures[limit-1].Add(t.Window).Sub(now))
		}
	}
	if retry <= 0 {
		return nil
	}
	retry = retry.Round(time.Second) + time.Second
	e := domain.Errorf(domain.CodeRateLimited, fmt.Sprintf(
		"Too many failed sign-ins; try again in %s.", retry))
	e.RetryAfter = retry
	return e
}

// Refresh exchanges a refresh token for a new session. The token presented
// stops working; presenting it again signs out every session of its family.
func (s *Service) Refresh(ctx context.Context, refreshToken string) (Session, error) {
	if !wellFormedRefreshToken(refreshToken) {
		return Session{}, errBadRefresh
	}
	token, hash, err := newRefreshToken()
	if err != nil {
		return Session{}, err
	}
	now := s.opts.Now()
	next := store.RefreshToken{Hash: hash, ExpiresAt: now.Add(s.opts.RefreshTTL)}
	u, err := s.store.Auth().RotateRefreshToken(ctx, hashRefreshToken(refreshToken), next, now)
	switch {
	case errors.Is(err, store.ErrRefreshTokenReused):
		return Session{}, errRefreshReused
	case errors.Is(err, store.ErrNotFound):
		return Session{}, errBadRefresh
	case err != nil:
		return Session{}, err
	}
	return s.session(u, token)
}

// Logout ends the session the refresh token belongs to, with every token
// rotated from it. It reports whether the token was known.
func (s *Service) Logout(ctx context.Context, refreshToken string) (bool, error) {
	if !wellFormedRefreshToken(refreshToken) {
		return false, nil
	}
	return s.store.Auth().RevokeRefreshTokenFamily(ctx, hashRefreshToken(refreshToken), s.opts.Now())
}

// DeleteAccount removes the user and all their data, once their password
// confirms it is them.
func (s *Service) DeleteAccount(ctx context.Context, userID uuid.UUID, password string) error {
	account := s.store.ForUser(userID).Account
	if _, err := s.confirmPassword(ctx, account, password); err != nil {
		return err
	}
	return account.Delete(ctx)
}

// ChangePassword replaces the user's password after checking the current one,
// and signs out every session.
func (s *Service) ChangePassword(ctx context.Context, userID uuid.UUID, current, next string) error {
	account := s.store.ForUser(userID).Account
	u, err := s.confirmPassword(ctx, account, current)
	if err != nil {
		return onField(err, "currentPassword")
	}
	if err := CheckNewPassword(next, u.Email); err != nil {
		return onField(err, "newPassword")
	}
	hash, err := HashPassword(next, s.opts.HashParams)
	if err != nil {
		return err
	}
	return account.SetPassword(ctx, hash)
}

// confirmPassword returns the account when password is its password.
func (s *Service) confirmPassword(ctx context.Context, account *store.Account, password string) (store.User, error) {
	if err := checkPasswordSize(password); err != nil {
		return store.User{}, err
	}
	u, err := account.Get(ctx)
	if err != nil {
		return store.User{}, err
	}
	ok, _, err := VerifyPassword(u.PasswordHash, password, s.opts.HashParams)
	if err != nil {
		return store.User{}, err
	}
	if !ok {
		return store.User{}, errBadPassword
	}
	return u, nil
}

// onField returns a copy of a BAD_USER_INPUT error moved to another field, for
// inputs that hold more than one password; other errors pass unchanged.
func onField(err error, field string) error {
	var e *domain.Error
	if !errors.As(err, &e) || e.Field == "" {
		return err
	}
	moved := *e
	moved.Field = field
	return &moved
}

// startSession stores a new refresh token of the given family and returns the
// session it opens.
func (s *Service) startSession(ctx context.Context, u store.User, family uuid.UUID) (Session, error) {
	token, hash, err := newRefreshToken()
	if err != nil {
		return Session{}, err
	}
	err = s.store.Auth().CreateRefreshToken(ctx, store.RefreshToken{
		UserID: u.ID, FamilyID: family, Hash: hash, ExpiresAt: s.opts.Now().Add(s.opts.RefreshTTL),
	})
	if err != nil {
		return Session{}, err
	}
	return s.session(u, token)
}

func (s *Service) session(u store.User, refreshToken string) (Session, error) {
	access, exp, err := s.opts.Tokens.Issue(u.ID)
	if err != nil {
		return Session{}, err
	}
	return Session{AccessToken: access, AccessTokenExpiresAt: exp, RefreshToken: refreshToken, User: u}, nil
}
