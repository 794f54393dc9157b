package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"testing"
	"time"

	"github.com/lib/pq"
)

// NewRole creates a role that may log in, with the given attributes (such as
// "BYPASSRLS"; "" for none), and drops it when the test ends. Create it
// before the databases it will own, which are dropped first.
func NewRole(t testing.TB, attributes string) string {
	t.Helper()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "consumption_test_role_" + hex.EncodeToString(b)
	Admin(t, "CREATE ROLE "+pq.QuoteIdentifier(name)+" LOGIN "+attributes)
	t.Cleanup(func() { Admin(t, "DROP ROLE "+pq.QuoteIdentifier(name)) })
	return name
}

// GrantServerRoles gives role the two roles every request switches to,
// creating them when the cluster has none yet: what an administrator does
// for a database owner that may not create roles, before its first
// migration.
func GrantServerRoles(t testing.TB, role string) {
	t.Helper()
	for _, r := range []string{"consumption_user", "consumption_auth"} {
		Admin(t, `DO $$ BEGIN CREATE ROLE `+r+` NOLOGIN;
			EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`)
		Admin(t, "GRANT "+r+" TO "+pq.QuoteIdentifier(role))
	}
}

// NewDatabaseOwnedBy is NewDatabase, the database owned by role.
func NewDatabaseOwnedBy(t testing.TB, role string) string {
	t.Helper()
	dbURL := NewDatabase(t)
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	Admin(t, "ALTER DATABASE "+pq.QuoteIdentifier(u.Path[1:])+" OWNER TO "+pq.QuoteIdentifier(role))
	return dbURL
}

// AsRole returns dbURL with role as its user.
func AsRole(dbURL, role string) string {
	u, err := url.Parse(dbURL)
	if err != nil {
		return dbURL
	}
	u.User = url.User(role)
	return u.String()
}

// Admin runs a statement on the administrative database as its user.
func Admin(t testing.TB, statement string) {
	t.Helper()
	admin, err := sql.Open("postgres", AdminURL())
	if err != nil {
		t.Fatalf("storetest: %v", err)
	}
	defer admin.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(ctx, statement); err != nil {
		t.Fatalf("storetest: %s: %v", statement, err)
	}
}
