package auth

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"consumption/domain"
	"consumption/store"
)

// APITokenPrefix starts every API token, so that people, secret scanners
// and the server tell one from an access token at a glance.
const APITokenPrefix = "cst_"

// APITokens makes, lists and revokes the API tokens people make for their
// scripts, and verifies the tokens requests come with.
//
// Verifying a token on every request by reading it from the database would
// cost each request a round trip. Instead each instance remembers the
// tokens it has verified, for as long as an access token lives, and checks
// each request's against its memory: expiry there and then, and revocation
// with Revocations, which hears of a revoked token as of a signed-out
// session (a trigger notes it and NOTIFYs every instance), and asks the
// database when it cannot say it is up to date. A revocation is noted for
// longer than a token is remembered, so that a token read from the database
// just before its revocation committed is refused as soon as it is heard of.
//
// When each token was last used is kept in memory too, and written in one
// statement for all tokens every FlushEvery; the time written never moves
// backwards, whichever instance writes it.
type APITokens struct {
	store       *store.Store
	revocations *Revocations
	now         func() time.Time
	logger      *slog.Logger
	// remember is how long a verified token is trusted without reading it
	// again from the database.
	remember time.Duration

	mu sync.Mutex
	// known are the tokens verified, by the SHA-256 of their secret.
	known map[[sha256.Size]byte]knownToken
	// used are the tokens used since the last flush, by id, with the
	// latest time.
	used map[uuid.UUID]store.APITokenUse

	stop context.CancelFunc
	done chan struct{}
}

// knownToken is a token verified, and when it was read from the database.
type knownToken struct {
	token  domain.APIToken
	readAt time.Time
}

// APITokenOptions configure APITokens.
type APITokenOptions struct {
	// FlushEvery is how often the times tokens were last used are written
	// (a minute when 0).
	FlushEvery time.Duration
	Now        func() time.Time
	Logger     *slog.Logger
}

// StartAPITokens starts keeping the API tokens of st, whose revocations
// are told by revocations. Close stops it.
func StartAPITokens(st *store.Store, revocations *Revocations, opts APITokenOptions) *APITokens {
	if opts.FlushEvery <= 0 {
		opts.FlushEvery = time.Minute
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	ctx, stop := context.WithCancel(context.Background())
	a := &APITokens{
		store: st, revocations: revocations, now: opts.Now, logger: opts.Logger,
		// Revocations keeps a note a minute longer than an access token
		// lives; a token remembered as long as that lives is remembered
		// for less than its revocation is.
		remember: revocations.keep - time.Minute,
		known:    make(map[[sha256.Size]byte]knownToken),
		used:     make(map[uuid.UUID]store.APITokenUse),
		stop:     stop, done: make(chan struct{}),
	}
	go a.flushPeriodically(ctx, opts.FlushEvery)
	return a
}

// Close stops, after writing when the tokens were last used.
func (a *APITokens) Close() error {
	a.stop()
	<-a.done
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return a.Flush(ctx)
}

// Create makes a new token for the user: it returns the secret, which is
// shown this once and stored only as a hash, and the token.
func (a *APITokens) Create(ctx context.Context, user uuid.UUID, in domain.APITokenInput) (string, domain.APIToken, error) {
	if errs := in.Validate(a.now()); len(errs) > 0 {
		return "", domain.APIToken{}, errs
	}
	owned, err := newOwnedSecret(user)
	if err != nil {
		return "", domain.APIToken{}, fmt.Errorf("auth: new API token: %w", err)
	}
	secret := APITokenPrefix + owned
	hash := sha256.Sum256([]byte(secret))
	t, err := a.store.ForUser(user).APITokens.Create(ctx, in, hash[:], domain.MaxAPITokens)
	if errors.Is(err, store.ErrTooManyAPITokens) {
		return "", domain.APIToken{}, domain.Errorf(domain.CodeConflict, fmt.Sprintf(
			"You have %d API tokens, as many as an account may have; revoke one you no longer use.", domain.MaxAPITokens))
	}
	if err != nil {
		return "", domain.APIToken{}, err
	}
	return secret, t, nil
}

// List returns the user's tokens, newest first, each last used as late as
// the database or this instance's memory says.
func (a *APITokens) List(ctx context.Context, user uuid.UUID) ([]domain.APIToken, error) {
	tokens, err := a.store.ForUser(user).APITokens.List(ctx)
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	for i, t := range tokens {
		if u, ok := a.used[t.ID]; ok && (t.LastUsedAt == nil || t.LastUsedAt.Before(u.At)) {
			tokens[i].LastUsedAt = &u.At
		}
	}
	return tokens, nil
}

// Revoke deletes the user's token with the given id (a string from the
// API, so that a malformed id is NOT_FOUND like another user's). It stops
// working at once on this instance, and within RevocationDelay on every
// other.
func (a *APITokens) Revoke(ctx context.Context, user uuid.UUID, id string) error {
	tokenID, err := uuid.Parse(id)
	if err != nil {
		return store.ErrNotFound
	}
	if err := a.store.ForUser(user).APITokens.Delete(ctx, tokenID); err != nil {
		return err
	}
	// The announcement comes back within milliseconds; until then this
	// instance would still take the token.
	a.revocations.note(tokenID)
	return nil
}

// IsAPIToken reports whether a bearer token is meant as an API token,
// rather than as an access token, by its prefix.
func IsAPIToken(token string) bool { return strings.HasPrefix(token, APITokenPrefix) }

// Verify returns the caller an API token acts for. A token that is
// malformed, unknown, revoked or expired is ErrInvalidToken; when whether
// it was revoked cannot be known, the error is ErrCannotVerify.
func (a *APITokens) Verify(ctx context.Context, secret string) (Caller, error) {
	owner, legacy, ok := parseOwnedSecret(strings.TrimPrefix(secret, APITokenPrefix))
	if !IsAPIToken(secret) || !ok {
		return Caller{}, ErrInvalidToken
	}
	hash := sha256.Sum256([]byte(secret))
	now := a.now()
	a.mu.Lock()
	k, ok := a.known[hash]
	a.mu.Unlock()
	if ok && now.Sub(k.readAt) < a.remember {
		revoked, err := a.revocations.Revoked(ctx, k.token.ID)
		if err != nil {
			return Caller{}, fmt.Errorf("%w: %w", ErrCannotVerify, err)
		}
		if revoked {
			a.forget(hash)
			return Caller{}, ErrInvalidToken
		}
	} else {
		var (
			t   domain.APIToken
			err error
		)
		if legacy {
			t, err = a.store.Auth().APITokenByHash(ctx, hash[:])
		} else {
			t, err = a.store.Auth().APIToken(ctx, owner, hash[:])
		}
		if errors.Is(err, store.ErrNotFound) {
			a.forget(hash)
			return Caller{}, ErrInvalidToken
		}
		if err != nil {
			return Caller{}, fmt.Errorf("%w: %w", ErrCannotVerify, err)
		}
		k = knownToken{token: t, readAt: now}
		a.mu.Lock()
		a.known[hash] = k
		a.mu.Unlock()
	}
	if k.token.Expired(now) {
		return Caller{}, ErrInvalidToken
	}
	a.noteUse(k.token, now)
	c := Caller{UserID: k.token.UserID, APIToken: k.token.ID, Scope: k.token.Scope}
	if k.token.ExpiresAt != nil {
		c.ExpiresAt = *k.token.ExpiresAt
	}
	return c, nil
}

func (a *APITokens) forget(hash [sha256.Size]byte) {
	a.mu.Lock()
	delete(a.known, hash)
	a.mu.Unlock()
}

// noteUse remembers that the token was used at the given time, to the
// microsecond, as the database keeps it.
func (a *APITokens) noteUse(t domain.APIToken, at time.Time) {
	at = at.Truncate(time.Microsecond)
	a.mu.Lock()
	if u, ok := a.used[t.ID]; !ok || u.At.Before(at) {
		a.used[t.ID] = store.APITokenUse{UserID: t.UserID, TokenID: t.ID, At: at}
	}
	a.mu.Unlock()
}

// Flush writes when the tokens used since the last flush were last used.
// What cannot be written is kept for the next flush.
func (a *APITokens) Flush(ctx context.Context) error {
	a.mu.Lock()
	uses := make([]store.APITokenUse, 0, len(a.used))
	for _, u := range a.used {
		uses = append(uses, u)
	}
	clear(a.used)
	a.mu.Unlock()
	err := a.store.Auth().NoteAPITokensUsed(ctx, uses)
	if err != nil {
		for _, u := range uses {
			a.noteUse(domain.APIToken{ID: u.TokenID, UserID: u.UserID}, u.At)
		}
	}
	return err
}

// flushPeriodically flushes every interval, and forgets the tokens read
// longer ago than they are remembered.
func (a *APITokens) flushPeriodically(ctx context.Context, every time.Duration) {
	defer close(a.done)
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
		case <-ctx.Done():
			return
		}
		if err := a.Flush(ctx); err != nil && ctx.Err() == nil {
			a.logger.Warn("auth: writing when API tokens were last used", "error", err)
		}
		now := a.now()
		a.mu.Lock()
		for hash, k := range a.known {
			if now.Sub(k.readAt) >= a.remember {
				delete(a.known, hash)
			}
		}
		a.mu.Unlock()
	}
}
