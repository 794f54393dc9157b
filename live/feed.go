// Package live tells people of the changes to their consumption records as
// the changes commit, whichever instance of the server made them: the feed
// behind the consumptionChanged subscription.
//
// Every write of records announces itself with PostgreSQL's NOTIFY (see
// store.RecordsChangedChannel). Each instance listens on one connection of
// its own and hands each announcement to the subscriptions of the user it
// names, on this instance; a subscription never hears of another user's
// records. An announcement names records, nothing more: the subscriber reads
// each under its own user's scope when it needs it.
//
// The feed also bounds what one user may hold on an instance: connections,
// and subscriptions per connection and in all.
package live

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/google/uuid"

	"consumption/domain"
	"consumption/store"
)

// Limits bound the connections and subscriptions of an instance. Each is
// counted on one instance of the server: a client that several instances
// serve may hold as many on each.
type Limits struct {
	// Connections is the most connections the instance holds, for all
	// users together.
	Connections int
	// ConnectionsPerUser is the most connections of one user.
	ConnectionsPerUser int
	// SubscriptionsPerConnection is the most subscriptions one connection
	// may run at once.
	SubscriptionsPerConnection int
	// SubscriptionsPerUser is the most subscriptions of one user, over all
	// their connections.
	SubscriptionsPerUser int
}

// DefaultLimits returns the limits an instance has unless configured
// otherwise: room for a person's tabs and devices. An idle connection takes
// about 48 kB, so 2,000 of them stay within the server's default soft memory
// limit; past it the collector runs all the time (10,000 took 587 MB and a
// third of a core doing nothing: BENCHMARKS.md, "Live connections and NOTIFY").
func DefaultLimits() Limits {
	return Limits{Connections: 2_000, ConnectionsPerUser: 20, SubscriptionsPerConnection: 10, SubscriptionsPerUser: 50}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.Connections <= 0 {
		l.Connections = d.Connections
	}
	if l.ConnectionsPerUser <= 0 {
		l.ConnectionsPerUser = d.ConnectionsPerUser
	}
	if l.SubscriptionsPerConnection <= 0 {
		l.SubscriptionsPerConnection = d.SubscriptionsPerConnection
	}
	if l.SubscriptionsPerUser <= 0 {
		l.SubscriptionsPerUser = d.SubscriptionsPerUser
	}
	return l
}

// Feed hands the changes to records announced in the database to the
// subscriptions of their users on this instance.
type Feed struct {
	limits   Limits
	logger   *slog.Logger
	listener *store.Listener

	mu          sync.Mutex
	connections int
	users       map[uuid.UUID]*follower
	// listening says that the listener listens now; listened that it has
	// had a connection before, so that a new one may have missed
	// announcements.
	listening, listened bool
	missed              func()
}

// follower is what one user holds on this instance.
type follower struct {
	connections   int
	subscriptions map[*Subscription]struct{}
}

// Start starts following the announcements of changed records in st's
// database, on a connection of its own. Close stops it.
func Start(st *store.Store, limits Limits, logger *slog.Logger) (*Feed, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	f := &Feed{limits: limits.withDefaults(), logger: logger, users: make(map[uuid.UUID]*follower)}
	l, err := st.Listen(store.ListenOptions{
		Channels: []string{store.RecordsChangedChannel},
		Notify:   f.heard,
		CatchUp:  f.caughtUp,
		Lost: func(err error) {
			f.mu.Lock()
			f.listening = false
			f.mu.Unlock()
			logger.Warn("live: not hearing of changed records; subscribers will reconnect once the feed is back", "error", err)
		},
		// Only to notice a connection that died without a word: the feed
		// needs no confirmation that it is up to date.
		ConfirmEvery: time.Second,
	})
	if err != nil {
		return nil, err
	}
	f.listener = l
	return f, nil
}

// Close stops following the announcements.
func (f *Feed) Close() error { return f.listener.Close() }

// OnMissed sets what is done when announcements may have been missed: the
// feed lost its connection to the database and has made a new one, and the
// changes committed meanwhile are told to nobody. Subscribers should then
// start again and read afresh what they show; the HTTP layer closes their
// connections, which clients open again. fn runs on the feed's goroutine,
// and must not wait.
func (f *Feed) OnMissed(fn func()) {
	f.mu.Lock()
	f.missed = fn
	f.mu.Unlock()
}

// Listening reports whether the feed hears the changes committed now. Until
// it does, connections are refused: their subscribers would miss changes.
func (f *Feed) Listening() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.listening
}

// caughtUp is called on each connection of the listener, once it listens.
func (f *Feed) caughtUp(context.Context) error {
	f.mu.Lock()
	missed := f.listened && f.missed != nil
	f.listened, f.listening = true, true
	fn := f.missed
	f.mu.Unlock()
	if missed {
		f.logger.Warn("live: changes to records may have been missed while the feed was reconnecting; ending subscriptions")
		fn()
	}
	return nil
}

// heard takes an announcement and hands its changes to the subscriptions
// of its user.
func (f *Feed) heard(_, payload string) {
	c, err := store.ParseRecordChanges(payload)
	if err != nil {
		f.logger.Error("live: an announcement of changed records that does not parse", "error", err)
		return
	}
	f.mu.Lock()
	var subs []*Subscription
	if u := f.users[c.UserID]; u != nil {
		subs = make([]*Subscription, 0, len(u.subscriptions))
		for s := range u.subscriptions {
			subs = append(subs, s)
		}
	}
	f.mu.Unlock()
	for _, s := range subs {
		s.deliver(c.Kind, c.IDs)
	}
}

// Conn is one client connection's share of the feed: its place among the
// user's connections, and its subscriptions.
type Conn struct {
	feed *Feed
	user uuid.UUID
	// subscriptions counts those running; closed says the connection
	// ended. Both are guarded by feed.mu.
	subscriptions map[*Subscription]struct{}
	closed        bool
}

// Connect takes a place for a connection of user, within the limits, once
// the feed listens.
func (f *Feed) Connect(user uuid.UUID) (*Conn, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	u := f.users[user]
	switch {
	case !f.listening:
		return nil, errNotListening
	case f.connections >= f.limits.Connections:
		return nil, errServerFull
	case u != nil && u.connections >= f.limits.ConnectionsPerUser:
		return nil, tooMany("connections", f.limits.ConnectionsPerUser, "close one (another tab or device) first")
	}
	if u == nil {
		u = &follower{subscriptions: make(map[*Subscription]struct{})}
		f.users[user] = u
	}
	u.connections++
	f.connections++
	return &Conn{feed: f, user: user, subscriptions: make(map[*Subscription]struct{})}, nil
}

// Close ends the connection's subscriptions and frees its place.
func (c *Conn) Close() {
	f := c.feed
	f.mu.Lock()
	defer f.mu.Unlock()
	if c.closed {
		return
	}
	c.closed = true
	u := f.users[c.user]
	for s := range c.subscriptions {
		delete(u.subscriptions, s)
		s.end(errConnectionClosed)
	}
	c.subscriptions = nil
	u.connections--
	f.connections--
	f.forgetIfIdle(c.user, u)
}

// User returns the id of the user the connection acts for.
func (c *Conn) User() uuid.UUID { return c.user }

// forgetIfIdle drops a user who holds nothing any more. f.mu is held.
func (f *Feed) forgetIfIdle(user uuid.UUID, u *follower) {
	if u.connections == 0 && len(u.subscriptions) == 0 {
		delete(f.users, user)
	}
}

// Subscribe starts a subscription to the changes of the connection's user,
// within the limits, for as long as ctx lasts. A subscription whose context
// is done counts in no limit, even before its subscriber closes it: gqlgen
// tells a client that a subscription is complete once its context is
// cancelled, without waiting for the resolver to let go of it, and the
// client may start another at once.
func (c *Conn) Subscribe(ctx context.Context) (*Subscription, error) {
	f := c.feed
	f.mu.Lock()
	defer f.mu.Unlock()
	u := f.users[c.user]
	if !c.closed {
		for s := range u.subscriptions {
			if s.ctx.Err() != nil {
				delete(u.subscriptions, s)
				delete(s.conn.subscriptions, s)
			}
		}
	}
	switch {
	case c.closed:
		return nil, errConnectionClosed
	case len(c.subscriptions) >= f.limits.SubscriptionsPerConnection:
		return nil, tooMany("subscriptions on one connection", f.limits.SubscriptionsPerConnection, "end one first")
	case len(u.subscriptions) >= f.limits.SubscriptionsPerUser:
		return nil, tooMany("subscriptions", f.limits.SubscriptionsPerUser, "end one, here or on another connection, first")
	}
	s := &Subscription{conn: c, ctx: ctx, wake: make(chan struct{}, 1)}
	u.subscriptions[s] = struct{}{}
	c.subscriptions[s] = struct{}{}
	return s, nil
}

// The most changes a subscription keeps for its subscriber, and the most
// Next returns at once. A subscriber that lets more pile up (a client that
// does not read) has fallen too far behind to be told each one.
const (
	maxPending = 10_000
	maxBatch   = 500
)

// Subscription is one subscriber's view of the changes to its user's
// records, from when it started.
type Subscription struct {
	conn *Conn
	ctx  context.Context
	wake chan struct{}

	mu      sync.Mutex
	pending []domain.RecordChange
	// err says why the subscription ended, once it has.
	err error
}

// deliver takes changes of one kind to records, for the subscriber.
func (s *Subscription) deliver(kind domain.ChangeKind, ids []uuid.UUID) {
	s.mu.Lock()
	switch {
	case s.err != nil:
	case len(s.pending)+len(ids) > maxPending:
		s.err, s.pending = errFellBehind, nil
	default:
		for _, id := range ids {
			s.pending = append(s.pending, domain.RecordChange{Kind: kind, RecordID: id})
		}
	}
	s.mu.Unlock()
	s.signal()
}

func (s *Subscription) signal() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// end ends the subscription for the reason given, unless it has ended.
func (s *Subscription) end(err error) {
	s.mu.Lock()
	if s.err == nil {
		s.err, s.pending = err, nil
	}
	s.mu.Unlock()
	s.signal()
}

// Next waits for changes, and returns those waiting, oldest first, at most
// a few hundred at once. Its error says why the subscription ended: ctx
// ended, the connection closed, or the subscriber fell too far behind
// (a *domain.Error the subscriber is told).
func (s *Subscription) Next(ctx context.Context) ([]domain.RecordChange, error) {
	for {
		s.mu.Lock()
		if err := s.err; err != nil {
			s.mu.Unlock()
			return nil, err
		}
		if n := min(len(s.pending), maxBatch); n > 0 {
			batch := make([]domain.RecordChange, n)
			copy(batch, s.pending)
			if s.pending = s.pending[n:]; len(s.pending) == 0 {
				s.pending = nil
			}
			s.mu.Unlock()
			return batch, nil
		}
		s.mu.Unlock()
		select {
		case <-s.wake:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// Close ends the subscription and frees its place.
func (s *Subscription) Close() {
	c := s.conn
	f := c.feed
	f.mu.Lock()
	if _, running := c.subscriptions[s]; running {
		delete(c.subscriptions, s)
		u := f.users[c.user]
		delete(u.subscriptions, s)
		f.forgetIfIdle(c.user, u)
	}
	f.mu.Unlock()
	s.end(errSubscriptionClosed)
}
