package graph_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"consumption/graphtest"
	"consumption/store"
	"consumption/store/storetest"
)

// TestPoolExhaustion sends more requests than the pool has connections while
// each connection is held by a write waiting for a lock: the extra requests
// wait for the pool's bound, then answer SERVICE_UNAVAILABLE; the writes
// complete once the lock goes; and no goroutine is left behind.
func TestPoolExhaustion(t *testing.T) {
	dbURL := storetest.NewDatabase(t)
	storetest.Open(t, dbURL, true) // migrate, with a pool large enough for it
	const conns, wait = 2, 300 * time.Millisecond
	st := storetest.OpenWith(t, dbURL, store.PoolOptions{MaxOpenConns: conns, AcquireTimeout: wait}, false)
	srv := graphtest.NewServer(t, graphtest.Options{DatabaseURL: dbURL, Store: st})
	user := srv.Register(t)
	create(t, srv, user.AccessToken, graphtest.Record(map[string]any{"periodStart": "2023-01-01", "periodEnd": "2023-01-01"}))
	srv.Client.CloseIdleConnections()
	leaks := goleak.IgnoreCurrent()

	release := storetest.LockRecords(t, dbURL)
	var writes sync.WaitGroup
	writeErrs := make(chan []graphtest.Error, conns)
	for i := range conns {
		writes.Go(func() {
			day := fmt.Sprintf("2024-01-%02d", i+1)
			res := srv.Post(t, user.AccessToken, createRecord, map[string]any{"in": graphtest.Record(map[string]any{"periodStart": day, "periodEnd": day})})
			writeErrs <- res.Errors
		})
	}
	storetest.WaitForLockWaiters(t, dbURL, conns)

	const extra = 3
	var reads sync.WaitGroup
	for range extra {
		reads.Go(func() {
			start := time.Now()
			res := srv.Post(t, user.AccessToken, `{ consumptionRecords { totalCount } }`, nil)
			took := time.Since(start)
			if len(res.Errors) == 0 || res.Errors[0].Code() != "SERVICE_UNAVAILABLE" {
				t.Errorf("a read with every connection held: %+v, want SERVICE_UNAVAILABLE", res.Errors)
			} else if retry, _ := res.Errors[0].Extensions["retryAfter"].(float64); retry < 1 || res.Header.Get("Retry-After") != fmt.Sprint(int(retry)) {
				t.Errorf("SERVICE_UNAVAILABLE with retryAfter %v and Retry-After %q, want both, alike", res.Errors[0].Extensions["retryAfter"], res.Header.Get("Retry-After"))
			}
			if took < wait || took > wait+5*time.Second {
				t.Errorf("the read was answered after %v, want the pool wait of %v (plus slack)", took, wait)
			}
		})
	}
	reads.Wait()
	release()
	writes.Wait()
	close(writeErrs)
	for errs := range writeErrs {
		if len(errs) > 0 {
			t.Errorf("a write that held a connection failed: %+v", errs)
		}
	}

	srv.Client.CloseIdleConnections()
	goleak.VerifyNone(t, leaks)
	if n := st.Stats().InUse; n != 0 {
		t.Errorf("%d connections in use after every request ended", n)
	}
}
