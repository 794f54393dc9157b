// Package storetest gives tests a store on a throwaway PostgreSQL database,
// created and migrated for the test and dropped when it ends.
//
// The server it uses comes from TEST_DATABASE_URL (by default the local
// server as the postgres user); it must be allowed to create databases.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/lib/pq"

	"consumption/domain"
	"consumption/store"
)

// DefaultAdminURL is where tests find PostgreSQL unless TEST_DATABASE_URL
// says otherwise.
const DefaultAdminURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// AdminURL returns the URL of the database used to create test databases.
func AdminURL() string {
	if u := os.Getenv("TEST_DATABASE_URL"); u != "" {
		return u
	}
	return DefaultAdminURL
}

// NewDatabase creates an empty database and returns its URL. It is dropped,
// with any connection still open to it, when the test ends.
func NewDatabase(t testing.TB) string {
	t.Helper()
	admin, err := sql.Open("postgres", AdminURL())
	if err != nil {
		t.Fatalf("storetest: %v", err)
	}
	t.Cleanup(func() { admin.Close() })

	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "consumption_test_" + hex.EncodeToString(b)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+pq.QuoteIdentifier(name)); err != nil {
		t.Fatalf("storetest: create database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(ctx, "DROP DATABASE "+pq.QuoteIdentifier(name)+" WITH (FORCE)"); err != nil {
			t.Errorf("storetest: drop database %s: %v", name, err)
		}
	})

	u, err := url.Parse(AdminURL())
	if err != nil {
		t.Fatalf("storetest: TEST_DATABASE_URL: %v", err)
	}
	u.Path = "/" + name
	dbURL := u.String()
	unlock := lockCitusSetup(t)
	defer unlock()
	if err := newCitusDatabase(t, dbURL, name); err != nil {
		t.Fatal(err)
	}
	return dbURL
}

// newCitusDatabase makes the new database a Citus database, with a
// database of the same name on every worker, when TEST_DATABASE_URL names a
// Citus coordinator; it does nothing otherwise.
func newCitusDatabase(t testing.TB, dbURL, name string) error {
	workers, err := citusWorkers(AdminURL())
	if err != nil || workers == nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, w := range workers {
		adminURL, err := w.url(AdminURL(), "postgres")
		if err != nil {
			return err
		}
		if err := execOn(ctx, adminURL, "CREATE DATABASE "+pq.QuoteIdentifier(name)); err != nil {
			return err
		}
		t.Cleanup(func() {
			// Before the coordinator's: cleanups run last first.
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			if err := execOn(ctx, adminURL, "DROP DATABASE "+pq.QuoteIdentifier(name)+" WITH (FORCE)"); err != nil {
				t.Errorf("storetest: %v", err)
			}
		})
	}
	return joinCitusDatabase(dbURL, workers)
}

// New returns a store on a new, migrated database of its own.
func New(t testing.TB) *store.Store {
	t.Helper()
	return Open(t, NewDatabase(t), true)
}

// Open opens a store on the database at dbURL, closed when the test ends,
// and migrates it when migrate is true.
func Open(t testing.TB, dbURL string, migrate bool) *store.Store {
	t.Helper()
	return OpenWith(t, dbURL, store.PoolOptions{MaxOpenConns: 20}, migrate)
}

// OpenWith is Open with the given pool options.
func OpenWith(t testing.TB, dbURL string, pool store.PoolOptions, migrate bool) *store.Store {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, dbURL, pool)
	if err != nil {
		t.Fatalf("storetest: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	if migrate {
		unlock := lockCitusSetup(t)
		defer unlock()
		if _, err := st.Migrate(ctx, store.Up); err != nil {
			t.Fatalf("storetest: %v", err)
		}
	}
	return st
}

// NewUser creates a user of st with an email of its own and the given
// records, at most domain.MaxBulkRecords at a time, and returns the user's id.
func NewUser(t testing.TB, st *store.Store, records ...domain.RecordInput) uuid.UUID {
	t.Helper()
	ctx := context.Background()
	u, err := st.Auth().CreateUser(ctx, uuid.NewString()+"@example.com", "$argon2id$not-a-real-hash")
	if err != nil {
		t.Fatalf("storetest: %v", err)
	}
	for start := 0; start < len(records); start += domain.MaxBulkRecords {
		end := min(start+domain.MaxBulkRecords, len(records))
		if _, err := st.ForUser(u.ID).Records.CreateMany(ctx, records[start:end]); err != nil {
			t.Fatalf("storetest: %v", err)
		}
	}
	return u.ID
}
