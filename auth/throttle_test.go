package auth

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"consumption/domain"
	"consumption/store"
	"consumption/store/storetest"
)

// cheapHashes keep these tests about counting, not about hashing: the
// argon2id work is the same kind, only smaller.
var cheapHashes = HashParams{Memory: 256, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// passwordWatch wraps the service's password check, counting the checks and
// the most that ran at once.
type passwordWatch struct {
	checks, running, peak atomic.Int64
}

func watchPasswords(s *Service) *passwordWatch {
	w := &passwordWatch{}
	verify := s.verifyPassword
	s.verifyPassword = func(encoded, password string, p HashParams) (bool, bool, error) {
		w.checks.Add(1)
		n := w.running.Add(1)
		defer w.running.Add(-1)
		for {
			if p := w.peak.Load(); n <= p || w.peak.CompareAndSwap(p, n) {
				break
			}
		}
		// Long enough that concurrent checks overlap if nothing stops them.
		time.Sleep(5 * time.Millisecond)
		return verify(encoded, password, p)
	}
	return w
}

// newTestService returns a service on a new database, and a connection to
// that database for checking what it stored.
func newTestService(t *testing.T, throttle Throttle, change func(*Options)) (*Service, *sql.DB) {
	t.Helper()
	dbURL := storetest.NewDatabase(t)
	// A pool smaller than the requests, as in production: they wait for
	// connections, and the cluster, shared with other tests, keeps some.
	st := storetest.OpenWith(t, dbURL, store.PoolOptions{MaxOpenConns: 8}, true)
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	opts := Options{
		Tokens:     NewTokens([]byte("a secret of at least thirty-two bytes!"), Issuer, Audience, time.Minute, time.Now),
		RefreshTTL: time.Hour, Throttle: throttle, HashParams: cheapHashes, Now: time.Now,
		HashConcurrency: 64, HashWait: time.Minute,
	}
	if change != nil {
		change(&opts)
	}
	svc, err := NewService(st, opts)
	if err != nil {
		t.Fatal(err)
	}
	return svc, db
}

// parallel runs fn(i) for i in 0..n-1 at once and counts the answers by
// code ("" for success).
func parallel(n int, fn func(i int) error) map[domain.Code]int {
	var (
		mu     sync.Mutex
		codes  = map[domain.Code]int{}
		start  = make(chan struct{})
		finish sync.WaitGroup
	)
	for i := range n {
		finish.Add(1)
		go func() {
			defer finish.Done()
			<-start
			err := fn(i)
			code := domain.ErrorCode(err)
			if err != nil && code == "" {
				code = domain.Code("unexpected: " + err.Error())
			}
			mu.Lock()
			codes[code]++
			mu.Unlock()
		}()
	}
	close(start)
	finish.Wait()
	return codes
}

// TestThrottleHoldsUnderConcurrency fires parallel wrong passwords at one
// account, each from an address of its own, and at many accounts from one
// address: however they interleave, no more passwords are checked than the
// limit allows, and every other attempt is RATE_LIMITED.
func TestThrottleHoldsUnderConcurrency(t *testing.T) {
	ctx := context.Background()
	t.Run("60 guesses at one account from 60 addresses check 10 passwords", func(t *testing.T) {
		svc, _ := newTestService(t, Throttle{PerAccount: 10, PerAddress: 1000, Window: time.Hour}, nil)
		if _, err := svc.Register(ctx, "target@example.com", "a long and unusual passphrase", "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		watch := watchPasswords(svc)
		codes := parallel(60, func(i int) error {
			_, err := svc.Login(ctx, "target@example.com", fmt.Sprintf("guess number %d of many", i), fmt.Sprintf("198.51.100.%d", i))
			return err
		})
		if got := watch.checks.Load(); got != 10 {
			t.Errorf("%d passwords checked, want 10", got)
		}
		if codes[domain.CodeUnauthenticated] != 10 || codes[domain.CodeRateLimited] != 50 || len(codes) != 2 {
			t.Errorf("answers by code: %v, want 10 UNAUTHENTICATED and 50 RATE_LIMITED", codes)
		}
		_, err := svc.Login(ctx, "target@example.com", "a long and unusual passphrase", "203.0.113.9")
		if domain.ErrorCode(err) != domain.CodeRateLimited {
			t.Errorf("the right password after the guesses: %v, want RATE_LIMITED", err)
		}
	})
	t.Run("200 guesses from one address check 20 passwords", func(t *testing.T) {
		svc, _ := newTestService(t, Throttle{PerAccount: 10, PerAddress: 20, Window: time.Hour}, nil)
		watch := watchPasswords(svc)
		codes := parallel(200, func(i int) error {
			_, err := svc.Login(ctx, fmt.Sprintf("someone-%d@example.com", i), "a guess at a password", "198.51.100.7")
			return err
		})
		if got := watch.checks.Load(); got != 20 {
			t.Errorf("%d passwords checked, want 20", got)
		}
		if codes[domain.CodeUnauthenticated] != 20 || codes[domain.CodeRateLimited] != 180 || len(codes) != 2 {
			t.Errorf("answers by code: %v, want 20 UNAUTHENTICATED and 180 RATE_LIMITED", codes)
		}
	})
	t.Run("a successful sign-in frees its place and forgets past failures", func(t *testing.T) {
		svc, db := newTestService(t, Throttle{PerAccount: 3, PerAddress: 3, Window: time.Hour}, nil)
		if _, err := svc.Register(ctx, "ana@example.com", "a long and unusual passphrase", "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if _, err := svc.Login(ctx, "ana@example.com", "not her password at all", "192.0.2.2"); domain.ErrorCode(err) != domain.CodeUnauthenticated {
				t.Fatalf("a wrong password: %v", err)
			}
		}
		for range 5 {
			if _, err := svc.Login(ctx, "ana@example.com", "a long and unusual passphrase", "192.0.2.3"); err != nil {
				t.Fatalf("the right password: %v", err)
			}
		}
		var rows int
		if err := db.QueryRow(`SELECT count(*) FROM login_failures`).Scan(&rows); err != nil {
			t.Fatal(err)
		}
		// The two failures of the address remain; the account's are gone,
		// and no success left a place taken.
		if rows != 2 {
			t.Errorf("%d rows in login_failures, want the address's 2 failures", rows)
		}
	})
}

// TestHashingIsBounded fires 40 logins at once at a server that hashes two
// passwords at a time: never more than two run together, and when no turn
// comes free in time, the answer is SERVICE_UNAVAILABLE with a retry time
// and the attempt does not count against the throttle.
func TestHashingIsBounded(t *testing.T) {
	ctx := context.Background()
	t.Run("at most two at once", func(t *testing.T) {
		svc, _ := newTestService(t, Throttle{Window: time.Hour}, func(o *Options) { o.HashConcurrency = 2 })
		watch := watchPasswords(svc)
		codes := parallel(40, func(i int) error {
			_, err := svc.Login(ctx, fmt.Sprintf("someone-%d@example.com", i), "a guess at a password", "198.51.100.7")
			return err
		})
		if got := watch.peak.Load(); got > 2 {
			t.Errorf("%d passwords were checked at once, want at most 2", got)
		}
		if got := watch.checks.Load(); got != 40 || codes[domain.CodeUnauthenticated] != 40 {
			t.Errorf("%d passwords checked, answers %v; want all 40 checked, in turn", got, codes)
		}
	})
	t.Run("busy past the wait", func(t *testing.T) {
		svc, db := newTestService(t, Throttle{PerAccount: 10, PerAddress: 10, Window: time.Hour}, func(o *Options) {
			o.HashConcurrency, o.HashWait = 2, time.Millisecond
		})
		// Every turn is taken, as by two long hashes.
		svc.hashes.slots <- struct{}{}
		svc.hashes.slots <- struct{}{}
		_, err := svc.Login(ctx, "ana@example.com", "a guess at a password", "198.51.100.7")
		var e *domain.Error
		if !asDomainError(err, &e) || e.Code != domain.CodeUnavailable || e.RetryAfter < time.Second {
			t.Fatalf("login with no turn free: %v, want SERVICE_UNAVAILABLE with a retry time", err)
		}
		_, err = svc.Register(ctx, "bea@example.com", "a long and unusual passphrase", "198.51.100.7")
		if domain.ErrorCode(err) != domain.CodeUnavailable {
			t.Fatalf("register with no turn free: %v, want SERVICE_UNAVAILABLE", err)
		}
		var rows int
		if err := db.QueryRow(`SELECT count(*) FROM login_failures`).Scan(&rows); err != nil {
			t.Fatal(err)
		}
		if rows != 0 {
			t.Errorf("%d attempts counted, want none: nothing was checked", rows)
		}
		<-svc.hashes.slots
		if _, err := svc.Login(ctx, "ana@example.com", "a guess at a password", "198.51.100.7"); domain.ErrorCode(err) != domain.CodeUnauthenticated {
			t.Errorf("login with a turn free: %v, want UNAUTHENTICATED", err)
		}
	})
}

// TestRegistrationThrottle registers from one address at once, more than
// it may: as many as the limit get an answer about their email (created or
// taken), the rest RATE_LIMITED with a retry time, and another address is
// not held back.
func TestRegistrationThrottle(t *testing.T) {
	ctx := context.Background()
	svc, _ := newTestService(t, Throttle{PerAccount: 10, PerAddress: 10, RegistrationsPerAddress: 5, Window: time.Hour}, nil)
	if _, err := svc.Register(ctx, "taken@example.com", "a long and unusual passphrase", "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	var retry atomic.Int64
	codes := parallel(12, func(i int) error {
		email := fmt.Sprintf("new-%d@example.com", i)
		if i%2 == 0 {
			email = "taken@example.com"
		}
		_, err := svc.Register(ctx, email, "a long and unusual passphrase", "198.51.100.7")
		var e *domain.Error
		if asDomainError(err, &e) && e.Code == domain.CodeRateLimited {
			retry.Store(int64(e.RetryAfter))
		}
		return err
	})
	if answered := codes[""] + codes[domain.CodeConflict]; answered != 5 || codes[domain.CodeRateLimited] != 7 {
		t.Errorf("answers by code: %v, want 5 created or taken and 7 RATE_LIMITED", codes)
	}
	if time.Duration(retry.Load()) < 59*time.Minute {
		t.Errorf("retry after %v, want about an hour", time.Duration(retry.Load()))
	}
	if _, err := svc.Register(ctx, "other@example.com", "a long and unusual passphrase", "198.51.100.8"); err != nil {
		t.Errorf("a registration from another address: %v", err)
	}
}

func asDomainError(err error, target **domain.Error) bool {
	e, ok := err.(*domain.Error)
	*target = e
	return ok
}
