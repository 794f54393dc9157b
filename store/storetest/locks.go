package storetest

import (
	"database/sql"
	"testing"
	"time"
)

// LockRecords takes a lock on consumption_records in the database at dbURL
// that lets reads through and makes every write wait, until the returned
// function releases it (or the test ends).
func LockRecords(t testing.TB, dbURL string) (release func()) {
	t.Helper()
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tx.Rollback() })
	if _, err := tx.Exec(`LOCK TABLE consumption_records IN SHARE MODE`); err != nil {
		t.Fatal(err)
	}
	return func() {
		_ = tx.Rollback()
		db.Close()
	}
}

// WaitForLockWaiters waits until at least n sessions of the database at
// dbURL wait for a lock, and fails the test if they never do.
func WaitForLockWaiters(t testing.TB, dbURL string, n int) {
	t.Helper()
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var waiting int
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		err := db.QueryRow(`SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&waiting)
		if err != nil {
			t.Fatal(err)
		}
		if waiting >= n {
			return
		}
	}
	t.Fatalf("storetest: %d sessions wait for a lock, want %d", waiting, n)
}
