package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"

	"github.com/lib/pq"
)

const codeInvalidCatalogName = "3D000"

// CreateDatabaseIfMissing creates the database that dbURL names when the
// server answers that it does not exist. It is for development, where a fresh
// clone should run without setup; production databases are made by people.
// It reports whether it created the database.
func CreateDatabaseIfMissing(ctx context.Context, dbURL string) (bool, error) {
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		return false, fmt.Errorf("store: create database: %w", err)
	}
	err = db.PingContext(ctx)
	db.Close()
	if pqCode(err) != codeInvalidCatalogName {
		return false, nil // it exists, or the failure is for Open to report
	}

	u, err := url.Parse(dbURL)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return false, fmt.Errorf("store: create database: DATABASE_URL must be a postgres:// URL to create its database")
	}
	name := strings.TrimPrefix(u.Path, "/")
	if name == "" {
		return false, fmt.Errorf("store: create database: DATABASE_URL names no database")
	}
	admin := *u
	admin.Path = "/postgres"
	adminDB, err := sql.Open("postgres", admin.String())
	if err != nil {
		return false, fmt.Errorf("store: create database: %w", err)
	}
	defer adminDB.Close()
	// CREATE DATABASE takes no parameters; the name is quoted as an identifier.
	if _, err := adminDB.ExecContext(ctx, "CREATE DATABASE "+pq.QuoteIdentifier(name)); err != nil {
		if pqCode(err) == "42P04" { // duplicate_database: another instance won the race
			return false, nil
		}
		return false, fmt.Errorf("store: create database %s: %w", name, err)
	}
	return true, nil
}

// LoginRole is what the role the store connects as may do that row-level
// security cannot stop.
type LoginRole struct {
	Name string `db:"name"`
	// Superuser and BypassRLS report whether the role, or a role it is a
	// member of and can therefore become (SET ROLE), is a superuser or has
	// BYPASSRLS: such a role sees every user's rows after RESET ROLE.
	Superuser bool `db:"superuser"`
	BypassRLS bool `db:"bypassrls"`
}

// LoginRole returns what the store's database role may do.
func (s *Store) LoginRole(ctx context.Context) (LoginRole, error) {
	const q = `
		SELECT current_user AS name,
			coalesce(bool_or(r.rolsuper), false) AS superuser,
			coalesce(bool_or(r.rolbypassrls), false) AS bypassrls
		FROM pg_roles r
		WHERE pg_has_role(current_user, r.oid, 'MEMBER')`
	var role LoginRole
	if err := s.db.GetContext(ctx, &role, q); err != nil {
		return LoginRole{}, fmt.Errorf("store: login role: %w", translate(err))
	}
	return role, nil
}
