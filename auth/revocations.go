package auth

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/google/uuid"

	"consumption/store"
)

// RevocationDelay is the longest a signed-out session's access tokens keep
// working on any instance of the server.
const RevocationDelay = time.Second

// Revocations knows which sessions have been signed out, so that their
// access tokens are refused before they expire, on every instance; and
// which API tokens have been revoked, each of which counts as a session of
// its own.
//
// Checking the database on every request would cost each request a round
// trip. Instead every instance keeps the revoked sessions in memory: the
// database notes each revocation (a trigger on refresh_tokens) and
// announces it with NOTIFY, which a Listener hears within milliseconds;
// each (re)connection reads the notes again, as does a periodic re-read.
// The listener confirms several times a second that it has every
// announcement made until then. Whenever it cannot (its connection is down
// or slow), and the memory may be more than RevocationDelay behind, each
// request asks the database instead; and when the database cannot answer
// that either, the request is refused as the service being unavailable
// (fail closed) rather than let a signed-out token through.
//
// A revocation matters only while the access tokens it ends may live, so
// notes older than their lifetime (and a minute, for clocks and
// transactions in flight) are forgotten, in memory and in the database.
type Revocations struct {
	store *store.Store
	// keep is how long a revocation is kept.
	keep   time.Duration
	logger *slog.Logger

	mu      sync.RWMutex
	revoked map[uuid.UUID]time.Time
	// onRevoked is told of each session learned to be revoked.
	onRevoked func(session uuid.UUID)

	listener *store.Listener
	stop     context.CancelFunc
	done     chan struct{}
}

// revocationRereadEvery is how often the notes are read again in full, and
// old ones forgotten, whatever the listener heard.
const revocationRereadEvery = time.Minute

// StartRevocations starts following the revocations of sessions in st, for
// access tokens that live accessTTL. Close stops it.
func StartRevocations(st *store.Store, accessTTL time.Duration, logger *slog.Logger) (*Revocations, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	ctx, stop := context.WithCancel(context.Background())
	r := &Revocations{
		store: st, keep: accessTTL + time.Minute, logger: logger,
		revoked: make(map[uuid.UUID]time.Time), stop: stop, done: make(chan struct{}),
	}
	listener, err := st.Listen(store.ListenOptions{
		Channels: []string{store.SessionRevokedChannel},
		Notify:   r.heard,
		CatchUp:  r.reread,
		Lost: func(err error) {
			logger.Warn("auth: not hearing of revoked sessions; checking each with the database", "error", err)
		},
		ConfirmEvery: RevocationDelay / 4,
	})
	if err != nil {
		stop()
		return nil, err
	}
	r.listener = listener
	go r.rereadPeriodically(ctx)
	return r, nil
}

// Close stops following revocations.
func (r *Revocations) Close() error {
	r.stop()
	<-r.done
	return r.listener.Close()
}

// Revoked reports whether the session has been signed out. Its error means
// that the answer could not be known.
func (r *Revocations) Revoked(ctx context.Context, session uuid.UUID) (bool, error) {
	if r.listener.UpToDate(RevocationDelay) {
		r.mu.RLock()
		_, revoked := r.revoked[session]
		r.mu.RUnlock()
		return revoked, nil
	}
	return r.store.SessionRevoked(ctx, session)
}

// RevokedInMemory reports whether this instance knows the session (or API
// token) to be revoked, without asking the database: while the instance
// has not heard every revocation, it may say false of one that is. It is
// for callers that check many sessions often, such as the live
// connections, which cannot afford a query each.
func (r *Revocations) RevokedInMemory(session uuid.UUID) bool {
	r.mu.RLock()
	defer r.mu.RUnlock()
	_, revoked := r.revoked[session]
	return revoked
}

// OnRevoked sets fn to be told of each session (or API token) this
// instance learns has been revoked, as it learns it: announced, revoked
// here, or read again on reconnecting. fn runs on the goroutine that
// learned it, and must not wait.
func (r *Revocations) OnRevoked(fn func(session uuid.UUID)) {
	r.mu.Lock()
	r.onRevoked = fn
	r.mu.Unlock()
}

// heard takes a revocation announced by the database.
func (r *Revocations) heard(_, payload string) {
	session, err := uuid.Parse(payload)
	if err != nil {
		r.logger.Error("auth: a revocation announced for no session", "payload", payload)
		return
	}
	r.note(session)
}

// note takes a revocation, announced or made by this instance.
func (r *Revocations) note(session uuid.UUID) {
	r.mu.Lock()
	_, known := r.revoked[session]
	if !known {
		r.revoked[session] = time.Now()
	}
	tell := r.onRevoked
	r.mu.Unlock()
	if !known && tell != nil {
		tell(session)
	}
}

// reread reads every revocation that still matters, and forgets the others.
func (r *Revocations) reread(ctx context.Context) error {
	since := time.Now().Add(-r.keep)
	notes, err := r.store.Revocations(ctx, since)
	if err != nil {
		return err
	}
	var learned []uuid.UUID
	r.mu.Lock()
	for _, n := range notes {
		if _, known := r.revoked[n.Session]; !known {
			learned = append(learned, n.Session)
		}
		r.revoked[n.Session] = n.RevokedAt
	}
	for session, at := range r.revoked {
		if at.Before(since) {
			delete(r.revoked, session)
		}
	}
	tell := r.onRevoked
	r.mu.Unlock()
	if tell != nil {
		for _, session := range learned {
			tell(session)
		}
	}
	return nil
}

func (r *Revocations) rereadPeriodically(ctx context.Context) {
	defer close(r.done)
	tick := time.NewTicker(revocationRereadEvery)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
		case <-ctx.Done():
			return
		}
		if err := r.reread(ctx); err != nil && ctx.Err() == nil {
			r.logger.Warn("auth: reading revoked sessions", "error", err)
		}
		// Every instance forgets; it is the same few rows for all.
		if err := r.store.ForgetRevocations(ctx, time.Now().Add(-r.keep)); err != nil && ctx.Err() == nil {
			r.logger.Warn("auth: forgetting old revocations", "error", err)
		}
	}
}
