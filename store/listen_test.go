package store_test

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"

	"consumption/store"
	"consumption/store/storetest"
)

// eventually polls cond until it holds, failing the test after a generous
// while: it waits for something to happen, and measures nothing.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s never happened", what)
		}
	}
}

// TestListener listens on a channel, has its connection killed, and checks
// that it catches up on reconnecting, hears what is sent after, tells when
// it is up to date, and leaves no goroutine behind when closed.
func TestListener(t *testing.T) {
	st := storetest.New(t)
	db := store.DB(st)
	leaks := goleak.IgnoreCurrent()
	var (
		mu       sync.Mutex
		heard    []string
		catchUps atomic.Int32
	)
	l, err := st.Listen(store.ListenOptions{
		Channels: []string{"test_channel"},
		Notify: func(channel, payload string) {
			mu.Lock()
			heard = append(heard, channel+":"+payload)
			mu.Unlock()
		},
		CatchUp:      func(context.Context) error { catchUps.Add(1); return nil },
		ConfirmEvery: 20 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	hasHeard := func(note string) func() bool {
		return func() bool { mu.Lock(); defer mu.Unlock(); return slices.Contains(heard, note) }
	}
	notify := func(payload string) {
		if _, err := db.Exec(`SELECT pg_notify('test_channel', $1)`, payload); err != nil {
			t.Fatal(err)
		}
	}

	eventually(t, "the listener up to date", func() bool { return l.UpToDate(time.Second) })
	if catchUps.Load() != 1 {
		t.Errorf("caught up %d times on connecting, want once", catchUps.Load())
	}
	notify("one")
	eventually(t, "hearing one", hasHeard("test_channel:one"))

	// The database drops the listener's connection, as a restart would.
	var killed int
	if err := db.Get(&killed, `SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND application_name = $1) k`, store.ListenerApplicationName); err != nil || killed != 1 {
		t.Fatalf("terminated %d listener connections (%v), want 1", killed, err)
	}
	eventually(t, "the listener out of date", func() bool { return !l.UpToDate(100 * time.Millisecond) })
	eventually(t, "catching up after reconnecting", func() bool { return catchUps.Load() == 2 })
	eventually(t, "the listener up to date again", func() bool { return l.UpToDate(time.Second) })
	notify("two")
	eventually(t, "hearing two", hasHeard("test_channel:two"))

	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	goleak.VerifyNone(t, leaks)
}
