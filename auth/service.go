package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"runtime"
	"time"

	"github.com/google/uuid"

	"consumption/domain"
	"consumption/store"
)

// Throttle limits failed logins, and registrations, within a sliding
// window. A limit of 0 is no limit.
type Throttle struct {
	// PerAccount is how many failures one email may have in Window.
	PerAccount int
	// PerAddress is how many failures one client address may have in Window.
	PerAddress int
	// RegistrationsPerAddress is how many registrations, of new emails or
	// taken ones, one client address may make in Window.
	RegistrationsPerAddress int
	Window                  time.Duration
}

// Options configure a Service.
type Options struct {
	Tokens     *Tokens
	RefreshTTL time.Duration
	Throttle   Throttle
	HashParams HashParams
	// HashConcurrency bounds how many passwords are hashed at once (the
	// number of processors when 0), and HashWait how long a request waits
	// for its turn before it is refused as the server being busy (a second
	// when 0).
	HashConcurrency int
	HashWait        time.Duration
	Now             func() time.Time
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
	hashes    *hashGate
	// verifyPassword is VerifyPassword; tests watch it.
	verifyPassword func(encoded, password string, p HashParams) (ok, rehash bool, err error)
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
	if opts.HashConcurrency <= 0 {
		opts.HashConcurrency = runtime.GOMAXPROCS(0)
	}
	if opts.HashWait <= 0 {
		opts.HashWait = time.Second
	}
	return &Service{
		store: st, opts: opts, dummyHash: dummy,
		hashes:         newHashGate(opts.HashConcurrency, opts.HashWait),
		verifyPassword: VerifyPassword,
	}, nil
}

// Session is what signing in gives: a short-lived access token, a refresh
// token to get the next one, and the account.
type Session struct {
	AccessToken          string
	AccessTokenExpiresAt time.Time
	RefreshToken         string
	User                 domain.User
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

// Register creates an account and signs it in. Registrations from one
// client address are throttled, since each tells whether an email has an
// account.
func (s *Service) Register(ctx context.Context, email, password, clientAddr string) (Session, error) {
	email, err := NormalizeEmail(email)
	if err != nil {
		return Session{}, err
	}
	if err := CheckNewPassword(password, email); err != nil {
		return Session{}, err
	}
	subjects := []store.Throttled{{Subject: "register:" + clientAddr, Limit: s.opts.Throttle.RegistrationsPerAddress}}
	attempt, err := s.reserve(ctx, subjects, "Too many accounts were registered from your network address; try again in %s.")
	if err != nil {
		return Session{}, err
	}
	hash, err := s.hash(ctx, password)
	if err != nil {
		// Nothing was asked of the database: the place is given back.
		s.release(ctx, attempt, subjects)
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
//
// Each attempt takes its place among the failures the throttle counts
// before it checks the password, so that concurrent guesses cannot all slip
// under the limit; a successful attempt gives its place back.
func (s *Service) Login(ctx context.Context, email, password, clientAddr string) (Session, error) {
	if err := checkPasswordSize(password); err != nil {
		return Session{}, err
	}
	email = normalizeForLookup(email)
	account := accountSubject(email)
	subjects := []store.Throttled{
		{Subject: account, Limit: s.opts.Throttle.PerAccount},
		{Subject: "address:" + clientAddr, Limit: s.opts.Throttle.PerAddress},
	}
	attempt, err := s.reserve(ctx, subjects, "Too many failed sign-ins; try again in %s.")
	if err != nil {
		if domain.ErrorCode(err) == domain.CodeRateLimited {
			s.opts.Observer.LoginThrottled()
		}
		return Session{}, err
	}

	c, err := s.store.Auth().CredentialsByEmail(ctx, email)
	u, hash := c.User, c.PasswordHash
	if errors.Is(err, store.ErrNotFound) {
		hash = s.dummyHash
	} else if err != nil {
		s.release(ctx, attempt, subjects)
		return Session{}, err
	}
	ok, rehash, err := s.verify(ctx, hash, password)
	if err != nil {
		s.release(ctx, attempt, subjects)
		return Session{}, err
	}
	if !ok || u.ID == uuid.Nil {
		s.opts.Observer.LoginFailed()
		if err := s.store.Auth().FailAttempt(context.WithoutCancel(ctx), attempt, subjects); err != nil {
			return Session{}, err
		}
		return Session{}, errBadCredentials
	}

	if err := s.store.Auth().SucceedAttempt(ctx, attempt, subjects, account); err != nil {
		return Session{}, err
	}
	if rehash {
		if newHash, err := s.hash(ctx, password); err == nil {
			if err := s.store.Auth().UpdatePasswordHash(ctx, u.ID, hash, newHash); err != nil {
				return Session{}, err
			}
		}
	}
	return s.startSession(ctx, u, uuid.New())
}

// reserve takes the attempt's place among those the subjects may make in
// the throttle's window, or refuses it as RATE_LIMITED with the given
// message (a format with the wait) and a retry time.
func (s *Service) reserve(ctx context.Context, subjects []store.Throttled, message string) (uuid.UUID, error) {
	attempt := uuid.New()
	now := s.opts.Now()
	retryAt, err := s.store.Auth().ReserveAttempt(ctx, attempt, subjects, now, now.Add(-s.opts.Throttle.Window))
	if err != nil || retryAt.IsZero() {
		return attempt, err
	}
	retry := retryAt.Sub(now).Round(time.Second) + time.Second
	e := domain.Errorf(domain.CodeRateLimited, fmt.Sprintf(message, retry))
	e.RetryAfter = retry
	return uuid.Nil, e
}

// release gives back an attempt's place when the attempt ended for a reason
// of the server's before it checked anything. The answer is that reason; a
// place that cannot be given back only counts until it leaves the window.
func (s *Service) release(ctx context.Context, attempt uuid.UUID, subjects []store.Throttled) {
	_ = s.store.Auth().ReleaseAttempt(context.WithoutCancel(ctx), attempt, subjects)
}

// normalizeForLookup prepares an email for finding its account: it
// transforms it as NormalizeEmail does, and checks nothing. A malformed
// email simply has no account, and one that older rules let through still
// finds its own.
func normalizeForLookup(email string) string {
	return canonicalEmail(email)
}

// accountSubject is the throttling key of an email. It is hashed so that the
// throttle table holds no addresses, and it exists for unknown emails too.
func accountSubject(email string) string {
	h := sha256.Sum256([]byte(email))
	return "account:" + hex.EncodeToString(h[:])
}

// Refresh exchanges a refresh token for a new session. The token presented
// stops working; presenting it again signs out every session of its family.
func (s *Service) Refresh(ctx context.Context, refreshToken string) (Session, error) {
	owner, hash, err := s.refreshTokenOwner(ctx, refreshToken)
	if err != nil {
		return Session{}, err
	}
	var u domain.User
	var family uuid.UUID
	token, nextHash, err := newRefreshToken(owner)
	if err == nil {
		now := s.opts.Now()
		next := store.RefreshToken{Hash: nextHash, ExpiresAt: now.Add(s.opts.RefreshTTL)}
		u, family, err = s.store.Auth().RotateRefreshToken(ctx, owner, hash, next, now)
	}
	switch {
	case errors.Is(err, store.ErrRefreshTokenReused):
		return Session{}, errRefreshReused
	case errors.Is(err, store.ErrNotFound):
		return Session{}, errBadRefresh
	case err != nil:
		return Session{}, err
	}
	return s.session(u, family, token)
}

// Logout ends the session the refresh token belongs to, with every token
// rotated from it. It reports whether the token was known.
func (s *Service) Logout(ctx context.Context, refreshToken string) (bool, error) {
	owner, hash, err := s.refreshTokenOwner(ctx, refreshToken)
	if errors.Is(err, errBadRefresh) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return s.store.Auth().RevokeRefreshTokenFamily(ctx, owner, hash, s.opts.Now())
}

// refreshTokenOwner returns whose a refresh token says it is, and its hash:
// errBadRefresh when it cannot be one the server made, as when it is
// unknown. A legacy token (see parseOwnedSecret) is looked up for its owner.
func (s *Service) refreshTokenOwner(ctx context.Context, token string) (uuid.UUID, []byte, error) {
	owner, legacy, ok := parseOwnedSecret(token)
	if !ok {
		return uuid.Nil, nil, errBadRefresh
	}
	hash := hashRefreshToken(token)
	if legacy {
		var err error
		owner, err = s.store.Auth().RefreshTokenOwner(ctx, hash)
		if errors.Is(err, store.ErrNotFound) {
			return uuid.Nil, nil, errBadRefresh
		}
		if err != nil {
			return uuid.Nil, nil, err
		}
	}
	return owner, hash, nil
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
	c, err := s.confirmPassword(ctx, account, current)
	if err != nil {
		return onField(err, "currentPassword")
	}
	if err := CheckNewPassword(next, c.User.Email); err != nil {
		return onField(err, "newPassword")
	}
	hash, err := s.hash(ctx, next)
	if err != nil {
		return err
	}
	return account.SetPassword(ctx, hash)
}

// confirmPassword returns the account when password is its password.
func (s *Service) confirmPassword(ctx context.Context, account *store.Account, password string) (store.Credentials, error) {
	if err := checkPasswordSize(password); err != nil {
		return store.Credentials{}, err
	}
	c, err := account.Credentials(ctx)
	if err != nil {
		return store.Credentials{}, err
	}
	ok, _, err := s.verify(ctx, c.PasswordHash, password)
	if err != nil {
		return store.Credentials{}, err
	}
	if !ok {
		return store.Credentials{}, errBadPassword
	}
	return c, nil
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
func (s *Service) startSession(ctx context.Context, u domain.User, family uuid.UUID) (Session, error) {
	token, hash, err := newRefreshToken(u.ID)
	if err != nil {
		return Session{}, err
	}
	err = s.store.Auth().CreateRefreshToken(ctx, store.RefreshToken{
		UserID: u.ID, FamilyID: family, Hash: hash, ExpiresAt: s.opts.Now().Add(s.opts.RefreshTTL),
	})
	if err != nil {
		return Session{}, err
	}
	return s.session(u, family, token)
}

func (s *Service) session(u domain.User, family uuid.UUID, refreshToken string) (Session, error) {
	access, exp, err := s.opts.Tokens.Issue(u.ID, family)
	if err != nil {
		return Session{}, err
	}
	return Session{AccessToken: access, AccessTokenExpiresAt: exp, RefreshToken: refreshToken, User: u}, nil
}
