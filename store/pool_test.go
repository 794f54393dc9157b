package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"consumption/domain"
	"consumption/store"
	"consumption/store/storetest"
)

func newUser(t *testing.T, st *store.Store) uuid.UUID {
	t.Helper()
	return newTestUser(t, st, "user-"+uuid.NewString()[:8]+"@example.com")
}

// oneRecord is a record of one day of January 2024.
func oneRecord(day int) domain.RecordInput {
	start := domain.NewDate(2024, 1, day)
	return domain.RecordInput{Type: domain.Electricity, Unit: domain.KilowattHour, Amount: decimal.NewFromInt(1), PeriodStart: start, PeriodEnd: start}
}

// TestStatementTimeout checks that a statement kept waiting past the
// statement timeout is cancelled by PostgreSQL, that the store says so, and
// that its connection goes back to the pool.
func TestStatementTimeout(t *testing.T) {
	dbURL := storetest.NewDatabase(t)
	const timeout = 200 * time.Millisecond
	st := storetest.OpenWith(t, dbURL, store.PoolOptions{MaxOpenConns: 4, StatementTimeout: timeout}, true)
	user := st.ForUser(newUser(t, st))
	ctx := context.Background()

	if _, err := user.Records.Create(ctx, oneRecord(1)); err != nil {
		t.Fatalf("a quick insert: %v", err)
	}
	release := storetest.LockRecords(t, dbURL)
	defer release()
	// The context's deadline only keeps a failing test from hanging.
	bounded, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	start := time.Now()
	_, err := user.Records.Create(bounded, oneRecord(2))
	took := time.Since(start)
	if !errors.Is(err, store.ErrTimeout) {
		t.Fatalf("an insert kept waiting: %v, want ErrTimeout", err)
	}
	if took < timeout || took > timeout+5*time.Second {
		t.Errorf("the insert was cancelled after %v, want the timeout of %v (plus slack)", took, timeout)
	}
	if n := st.Stats().InUse; n != 0 {
		t.Errorf("%d connections still in use after the timeout", n)
	}
	// Reads are not held by the lock: the timeout stops only what is slow.
	if _, err := store.CountRecords(ctx, user.Records); err != nil {
		t.Errorf("a read during the lock: %v", err)
	}
}

// TestPoolWait fills a pool of one connection with a transaction that waits
// for a lock: another transaction waits for the connection as long as the
// pool's bound, then gives up with ErrBusy, while the first one completes
// once the lock is released.
func TestPoolWait(t *testing.T) {
	dbURL := storetest.NewDatabase(t)
	const wait = 200 * time.Millisecond
	storetest.Open(t, dbURL, true) // migrating takes two connections
	st := storetest.OpenWith(t, dbURL, store.PoolOptions{MaxOpenConns: 1, AcquireTimeout: wait}, false)
	user := st.ForUser(newUser(t, st))
	ctx := context.Background()

	release := storetest.LockRecords(t, dbURL)
	held := make(chan error, 1)
	go func() {
		_, err := user.Records.Create(ctx, oneRecord(1))
		held <- err
	}()
	storetest.WaitForLockWaiters(t, dbURL, 1)

	bounded, cancel := context.WithTimeout(ctx, 10*time.Second) // only so that a failing test ends
	defer cancel()
	start := time.Now()
	_, err := store.CountRecords(bounded, user.Records)
	took := time.Since(start)
	if !errors.Is(err, store.ErrBusy) {
		t.Errorf("a read with the pool full: %v, want ErrBusy", err)
	}
	if took < wait || took > wait+5*time.Second {
		t.Errorf("the read gave up after %v, want the pool wait of %v (plus slack)", took, wait)
	}
	release()
	if err := <-held; err != nil {
		t.Errorf("the insert that held the connection: %v", err)
	}
	if n, err := store.CountRecords(ctx, user.Records); err != nil || n != 1 {
		t.Errorf("count after the lock = %d, %v; want 1", n, err)
	}
}

// TestFirstWriteWaitsForALock makes the first insert of a store wait for a
// table lock longer than preparing on the pool may take: the insert is
// prepared on its own connection instead, waits for the lock, and succeeds.
func TestFirstWriteWaitsForALock(t *testing.T) {
	dbURL := storetest.NewDatabase(t)
	st := storetest.OpenWith(t, dbURL, store.PoolOptions{MaxOpenConns: 4}, true)
	user := st.ForUser(newUser(t, st))
	release := storetest.LockRecords(t, dbURL)
	done := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second) // only so that a failing test ends
		defer cancel()
		_, err := user.Records.Create(ctx, oneRecord(1))
		done <- err
	}()
	storetest.WaitForLockWaiters(t, dbURL, 1)
	time.Sleep(300 * time.Millisecond) // past the bound on preparing on the pool
	release()
	if err := <-done; err != nil {
		t.Errorf("the first insert, kept waiting by a lock: %v", err)
	}
}
