package main

import (
	"database/sql"
	"fmt"
	"io/fs"
	"net/http"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"consumption/migrations"
	"consumption/store/storetest"
)

const createKeyed = `mutation($in: CreateConsumptionRecordInput!, $key: String) {
	createConsumptionRecord(input: $in, idempotencyKey: $key) { id }
}`

// dayRecord is the input of a one-day electricity record on the n-th day
// after 1 January 2000, so that records of different n never overlap.
func dayRecord(n int) map[string]any {
	day := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n).Format(time.DateOnly)
	return map[string]any{"type": "ELECTRICITY", "amount": "1.5", "unit": "KWH", "periodStart": day, "periodEnd": day}
}

// waitUntil polls cond until it holds, and fails the test if it does not
// within the time given.
func waitUntil(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(within); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("%s did not happen within %v", what, within)
}

// TestPostgresRestart stops and starts PostgreSQL (a cluster of the test's
// own) while writes flow through the server: readiness turns 503 and then
// 200 again; the server recovers without being restarted; writes during the
// outage fail fast with SERVICE_UNAVAILABLE; every write answered with
// success is in the database; and sending the failed ones again with their
// idempotency keys leaves exactly one record per key.
func TestPostgresRestart(t *testing.T) {
	cluster := storetest.NewCluster(t)
	dbURL := cluster.URL("consumption") // created by the server, as in development
	const poolWait = time.Second
	p := startServer(t, map[string]string{"DATABASE_URL": dbURL, "DB_POOL_WAIT": poolWait.String()})
	p.waitForReadyz(t, http.StatusOK, time.Minute)
	token := p.register(t)

	type attempt struct {
		n   int
		res gqlResult
	}
	var (
		mu       sync.Mutex
		attempts []attempt
		next     atomic.Int64
		stop     = make(chan struct{})
		writers  sync.WaitGroup
	)
	count := func(ok bool) int {
		mu.Lock()
		defer mu.Unlock()
		n := 0
		for _, a := range attempts {
			if a.res.ok() == ok {
				n++
			}
		}
		return n
	}
	for range 4 {
		writers.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				n := int(next.Add(1))
				res := p.post(token, createKeyed, map[string]any{"in": dayRecord(n), "key": fmt.Sprint("write-", n)})
				mu.Lock()
				attempts = append(attempts, attempt{n, res})
				mu.Unlock()
				if !res.ok() {
					time.Sleep(20 * time.Millisecond) // no busy loop during the outage
				}
			}
		})
	}
	stopWriters := sync.OnceFunc(func() { close(stop); writers.Wait() })
	defer stopWriters()

	waitUntil(t, 30*time.Second, "20 writes before the restart", func() bool { return count(true) >= 20 })
	cluster.Stop()
	p.waitForReadyz(t, http.StatusServiceUnavailable, 30*time.Second)
	failed := count(false)
	waitUntil(t, 30*time.Second, "10 writes failing during the outage", func() bool { return count(false) >= failed+10 })
	cluster.Start()
	p.waitForReadyz(t, http.StatusOK, 30*time.Second)
	succeeded := count(true)
	waitUntil(t, 30*time.Second, "20 writes after the restart", func() bool { return count(true) >= succeeded+20 })
	stopWriters()

	select {
	case <-p.exited:
		t.Fatalf("the server exited: %v", p.exitErr)
	default:
	}
	var acknowledged, retried []int
	var slowestFailure time.Duration
	for _, a := range attempts {
		if !a.res.ok() {
			slowestFailure = max(slowestFailure, a.res.Took)
		}
		switch {
		case a.res.ok():
			acknowledged = append(acknowledged, a.n)
		case a.res.Err != nil || a.res.code() != "SERVICE_UNAVAILABLE":
			t.Errorf("write %d failed with %q (%v), status %d, want SERVICE_UNAVAILABLE: %+v",
				a.n, a.res.code(), a.res.Err, a.res.Status, a.res.Errors)
		case a.res.Took > poolWait+5*time.Second:
			t.Errorf("write %d took %v to fail, want about the pool wait of %v at most", a.n, a.res.Took, poolWait)
		default:
			retried = append(retried, a.n)
		}
	}
	t.Logf("%d writes: %d answered with success, %d with SERVICE_UNAVAILABLE, the slowest of them in %v",
		len(attempts), len(acknowledged), len(retried), slowestFailure)

	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, n := range acknowledged {
		var found bool
		day := dayRecord(n)["periodStart"]
		if err := db.QueryRow(`SELECT EXISTS (SELECT 1 FROM consumption_records WHERE period_start = $1)`, day).Scan(&found); err != nil {
			t.Fatal(err)
		}
		if !found {
			t.Errorf("write %d was answered with success but its record is not in the database", n)
		}
	}
	for _, n := range retried {
		if res := p.post(token, createKeyed, map[string]any{"in": dayRecord(n), "key": fmt.Sprint("write-", n)}); !res.ok() {
			t.Errorf("write %d sent again with its key: %+v", n, res)
		}
	}
	var records, keys int
	if err := db.QueryRow(`SELECT (SELECT count(*) FROM consumption_records), (SELECT count(*) FROM idempotency_keys)`).Scan(&records, &keys); err != nil {
		t.Fatal(err)
	}
	if records != len(attempts) || keys != len(attempts) {
		t.Errorf("%d records and %d keys after %d keyed writes, want one of each per write", records, keys, len(attempts))
	}
}

// TestGracefulShutdown sends SIGTERM while writes wait inside their
// transactions and reads keep coming: readiness turns 503 while the writes
// are still in flight, the server goes on serving until it stops taking
// requests, the writes then complete, and the process exits 0.
func TestGracefulShutdown(t *testing.T) {
	dbURL := storetest.NewDatabase(t)
	const shutdownDelay = 3 * time.Second
	p := startServer(t, map[string]string{
		"DATABASE_URL": dbURL, "SHUTDOWN_DELAY": shutdownDelay.String(), "SHUTDOWN_TIMEOUT": "30s", "DB_STATEMENT_TIMEOUT": "60s",
	})
	p.waitForReadyz(t, http.StatusOK, time.Minute)
	token := p.register(t)

	release := storetest.LockRecords(t, dbURL)
	const inFlight = 5
	writes := make(chan gqlResult, inFlight)
	for n := range inFlight {
		go func() { writes <- p.post(token, createKeyed, map[string]any{"in": dayRecord(n)}) }()
	}
	storetest.WaitForLockWaiters(t, dbURL, inFlight)

	var signalled atomic.Bool
	var readsAfterSignal atomic.Int64
	stopReads := make(chan struct{})
	readsDone := make(chan struct{})
	go func() {
		defer close(readsDone)
		for {
			select {
			case <-stopReads:
				return
			default:
			}
			res := p.post(token, `{ consumptionRecords { totalCount } }`, nil)
			switch {
			case res.Err != nil:
				// The listener is closed: the server stopped taking requests.
			case !res.ok():
				t.Errorf("a read during the shutdown: status %d, %+v", res.Status, res.Errors)
			case signalled.Load():
				readsAfterSignal.Add(1)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}()

	signalled.Store(true)
	p.signal(t, syscall.SIGTERM)
	// After the delay the listener closes and /readyz answers nothing.
	p.waitForReadyz(t, http.StatusServiceUnavailable, shutdownDelay)
	select {
	case res := <-writes:
		t.Fatalf("a write ended before its lock was released: %+v", res)
	default:
	}
	release()
	for range inFlight {
		if res := <-writes; !res.ok() {
			t.Errorf("a write in flight at SIGTERM: status %d, %v, %+v", res.Status, res.Err, res.Errors)
		}
	}
	if code := p.waitForExit(t, 40*time.Second); code != 0 {
		t.Errorf("the server exited with %d, want 0", code)
	}
	close(stopReads)
	<-readsDone
	if readsAfterSignal.Load() == 0 {
		t.Error("no read was served after SIGTERM, during the shutdown delay")
	}
	if len(p.logLines("stopped")) != 1 {
		t.Error("the server did not log that it stopped")
	}
}

// TestInstancesMigrateOnce starts three servers at once on an empty
// database: every migration is applied exactly once, and all three serve.
func TestInstancesMigrateOnce(t *testing.T) {
	dbURL := storetest.NewDatabase(t)
	const instances = 3
	var ps []*process
	for range instances {
		ps = append(ps, startServer(t, map[string]string{"DATABASE_URL": dbURL}))
	}
	applied := 0
	for _, p := range ps {
		p.waitForReadyz(t, http.StatusOK, time.Minute)
		lines := p.logLines("database migrated")
		if len(lines) != 1 {
			t.Fatalf("%d \"database migrated\" lines in an instance's log, want 1", len(lines))
		}
		n, ok := lines[0]["applied"].(float64)
		if !ok {
			t.Fatalf("applied = %v, want a number", lines[0]["applied"])
		}
		applied += int(n)
	}
	files, err := fs.Glob(migrations.FS, "*.sql")
	if err != nil {
		t.Fatal(err)
	}
	if applied != len(files) {
		t.Errorf("%d instances applied %d migrations in all, want each of the %d once", instances, applied, len(files))
	}
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var rows, distinct int
	if err := db.QueryRow(`SELECT count(*), count(DISTINCT id) FROM schema_migrations`).Scan(&rows, &distinct); err != nil {
		t.Fatal(err)
	}
	if rows != len(files) || distinct != len(files) {
		t.Errorf("schema_migrations has %d rows of %d migrations, want %d of each", rows, distinct, len(files))
	}
	for _, p := range ps {
		p.signal(t, syscall.SIGTERM)
	}
	for _, p := range ps {
		if code := p.waitForExit(t, 30*time.Second); code != 0 {
			t.Errorf("an instance exited with %d, want 0", code)
		}
	}
}
