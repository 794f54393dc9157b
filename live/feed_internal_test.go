package live

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/google/uuid"

	"consumption/domain"
	"consumption/store"
)

// newFeed returns a feed without a listener, whose announcements the test
// hands over itself, as the listener would.
func newFeed(limits Limits) *Feed {
	return &Feed{limits: limits.withDefaults(), logger: slog.New(slog.DiscardHandler), users: make(map[uuid.UUID]*follower), listening: true}
}

// announce hands the feed an announcement, as the database would send it.
func announce(t *testing.T, f *Feed, user uuid.UUID, kind domain.ChangeKind, ids ...uuid.UUID) {
	t.Helper()
	payload := map[domain.ChangeKind]string{domain.ChangeCreated: "C", domain.ChangeUpdated: "U", domain.ChangeDeleted: "D"}[kind] + " " + user.String() + " "
	for i, id := range ids {
		if i > 0 {
			payload += ","
		}
		payload += id.String()
	}
	if _, err := store.ParseRecordChanges(payload); err != nil {
		t.Fatalf("the test's announcement does not parse: %v", err)
	}
	f.heard(store.RecordsChangedChannel, payload)
}

func next(t *testing.T, s *Subscription) ([]domain.RecordChange, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return s.Next(ctx)
}

func TestFeedHandsChangesToTheirUserOnly(t *testing.T) {
	f := newFeed(Limits{})
	alice, bob := uuid.New(), uuid.New()
	ca, err := f.Connect(alice)
	if err != nil {
		t.Fatal(err)
	}
	cb, err := f.Connect(bob)
	if err != nil {
		t.Fatal(err)
	}
	sa1, _ := ca.Subscribe(context.Background())
	sa2, _ := ca.Subscribe(context.Background())
	sb, _ := cb.Subscribe(context.Background())

	r1, r2, r3 := uuid.New(), uuid.New(), uuid.New()
	announce(t, f, alice, domain.ChangeCreated, r1, r2)
	announce(t, f, alice, domain.ChangeDeleted, r1)
	announce(t, f, bob, domain.ChangeUpdated, r3)
	want := []domain.RecordChange{{Kind: domain.ChangeCreated, RecordID: r1}, {Kind: domain.ChangeCreated, RecordID: r2}, {Kind: domain.ChangeDeleted, RecordID: r1}}
	for _, s := range []*Subscription{sa1, sa2} {
		got, err := next(t, s)
		if err != nil || len(got) != len(want) {
			t.Fatalf("alice's subscription: %v, %v; want %v", got, err, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("change %d: %v, want %v", i, got[i], want[i])
			}
		}
	}
	if got, err := next(t, sb); err != nil || len(got) != 1 || got[0] != (domain.RecordChange{Kind: domain.ChangeUpdated, RecordID: r3}) {
		t.Errorf("bob's subscription: %v, %v; want his one update only", got, err)
	}

	t.Run("a closed subscription hears nothing more, and frees its place", func(t *testing.T) {
		sa2.Close()
		if _, err := next(t, sa2); !errors.Is(err, errSubscriptionClosed) {
			t.Errorf("a closed subscription: %v", err)
		}
		if n := len(f.users[alice].subscriptions); n != 1 {
			t.Errorf("alice holds %d subscriptions, want 1", n)
		}
	})

	t.Run("closing a connection ends its subscriptions and forgets an idle user", func(t *testing.T) {
		cb.Close()
		if _, err := next(t, sb); !errors.Is(err, errConnectionClosed) {
			t.Errorf("a subscription of a closed connection: %v", err)
		}
		if _, ok := f.users[bob]; ok {
			t.Error("the feed still holds bob, who holds nothing")
		}
		if _, err := cb.Subscribe(context.Background()); !errors.Is(err, errConnectionClosed) {
			t.Errorf("subscribing on a closed connection: %v", err)
		}
		cb.Close() // twice does nothing
		if f.connections != 1 {
			t.Errorf("%d connections counted, want 1", f.connections)
		}
	})
}

func TestSubscriberFallingBehind(t *testing.T) {
	f := newFeed(Limits{})
	user := uuid.New()
	c, _ := f.Connect(user)
	s, _ := c.Subscribe(context.Background())
	ids := make([]uuid.UUID, maxIDsPerTest)
	for i := range ids {
		ids[i] = uuid.New()
	}
	// A batch at most maxBatch long, oldest first.
	announce(t, f, user, domain.ChangeCreated, ids...)
	got, err := next(t, s)
	if err != nil || len(got) != maxBatch || got[0].RecordID != ids[0] {
		t.Fatalf("first batch: %d changes, %v; want %d from the first", len(got), err, maxBatch)
	}
	got, err = next(t, s)
	if err != nil || len(got) != maxIDsPerTest-maxBatch || got[0].RecordID != ids[maxBatch] {
		t.Fatalf("second batch: %d changes, %v", len(got), err)
	}
	// More than maxPending waiting ends the subscription: its subscriber
	// is told to start again.
	for range maxPending/len(ids) + 1 {
		announce(t, f, user, domain.ChangeUpdated, ids...)
	}
	if _, err := next(t, s); domain.ErrorCode(err) != domain.CodeUnavailable {
		t.Errorf("a subscriber fallen behind: %v, want SERVICE_UNAVAILABLE", err)
	}
}

// TestCancelledSubscriptionLeavesLimits: a subscription whose context is
// done counts in no limit, before its subscriber closes it (gqlgen tells the
// client it is complete as soon as it cancels the context).
func TestCancelledSubscriptionLeavesLimits(t *testing.T) {
	f := newFeed(Limits{Connections: 2, ConnectionsPerUser: 2, SubscriptionsPerConnection: 1, SubscriptionsPerUser: 1})
	f.listening = true
	alice := uuid.New()
	c1, _ := f.Connect(alice)
	c2, _ := f.Connect(alice)
	ctx, cancel := context.WithCancel(context.Background())
	if _, err := c1.Subscribe(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c2.Subscribe(context.Background()); domain.ErrorCode(err) != domain.CodeLimitExceeded {
		t.Fatalf("the user's second subscription: %v, want LIMIT_EXCEEDED", err)
	}
	cancel()
	if _, err := c2.Subscribe(context.Background()); err != nil {
		t.Errorf("a subscription after the other's context ended: %v", err)
	}
	if _, err := c1.Subscribe(context.Background()); domain.ErrorCode(err) != domain.CodeLimitExceeded {
		t.Errorf("a second subscription of the user again: %v, want LIMIT_EXCEEDED", err)
	}
}

// maxIDsPerTest is the size of the test's announcements: more than a batch.
const maxIDsPerTest = maxBatch + 100

func TestFeedLimits(t *testing.T) {
	f := newFeed(Limits{Connections: 3, ConnectionsPerUser: 2, SubscriptionsPerConnection: 2, SubscriptionsPerUser: 3})
	alice, bob := uuid.New(), uuid.New()
	f.listening = false
	if _, err := f.Connect(alice); domain.ErrorCode(err) != domain.CodeUnavailable {
		t.Errorf("a connection while the feed does not listen: %v, want SERVICE_UNAVAILABLE", err)
	}
	f.listening = true
	a1, _ := f.Connect(alice)
	a2, _ := f.Connect(alice)
	if _, err := f.Connect(alice); domain.ErrorCode(err) != domain.CodeLimitExceeded {
		t.Errorf("alice's third connection: %v, want LIMIT_EXCEEDED", err)
	}
	if _, err := f.Connect(bob); err != nil {
		t.Errorf("bob's first connection: %v", err)
	}
	if _, err := f.Connect(uuid.New()); domain.ErrorCode(err) != domain.CodeUnavailable {
		t.Errorf("a fourth connection on the instance: %v, want SERVICE_UNAVAILABLE", err)
	}
	for i, c := range []*Conn{a1, a1, a2} {
		if _, err := c.Subscribe(context.Background()); err != nil {
			t.Fatalf("subscription %d: %v", i, err)
		}
	}
	if _, err := a1.Subscribe(context.Background()); domain.ErrorCode(err) != domain.CodeLimitExceeded {
		t.Errorf("a third on one connection: %v", err)
	}
	if _, err := a2.Subscribe(context.Background()); domain.ErrorCode(err) != domain.CodeLimitExceeded {
		t.Errorf("the user's fourth: %v", err)
	}
	a1.Close()
	if _, err := a2.Subscribe(context.Background()); err != nil {
		t.Errorf("a subscription after a connection closed: %v", err)
	}
	if _, err := f.Connect(alice); err != nil {
		t.Errorf("a connection after one closed: %v", err)
	}
}
