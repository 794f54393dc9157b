package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// Citus (PRODUCT.md §12).
//
// On a Citus coordinator (the database has the citus extension) migrating
// up also distributes the tables, whichever migration made them:
//
//   - users by id;
//   - every table with a user_id in its primary key by user_id, co-located
//     with users, so that all of one user's rows are on one shard and every
//     statement of one user runs there;
//   - a table with a user_id that does not key it (user_emails, found by
//     the email before the user is known) as a reference table, on every
//     node;
//   - tables of no user (login throttling, session revocations, the
//     migrations' own) stay local to the coordinator, where only the
//     servers read them.
//
// The roles every transaction switches to (SET LOCAL ROLE) are those the
// coordinator connects to the workers as, in that transaction: they may log
// in on the workers. The tenant setting reaches the workers because every
// transaction sets citus.propagate_set_commands first (see scopeSettings).

// TablePlacement says where a table lives on a Citus cluster.
type TablePlacement string

// The placements of tables on a Citus cluster.
const (
	// Distributed tables are split into shards by a column, on the workers.
	Distributed TablePlacement = "distributed"
	// Reference tables are copied whole to every node.
	Reference TablePlacement = "reference"
	// Local tables stay on the coordinator alone.
	Local TablePlacement = "local"
)

// tableFacts are what decides a table's placement.
type tableFacts struct {
	Name        string `db:"name"`
	HasUserID   bool   `db:"has_user_id"`
	KeyedByUser bool   `db:"keyed_by_user"`
	// Placed says Citus already knows the table.
	Placed bool `db:"placed"`
}

// placement returns where the table belongs and by which column it is
// distributed ("" unless distributed).
func (t tableFacts) placement() (TablePlacement, string) {
	switch {
	case t.Name == "users":
		return Distributed, "id"
	case t.HasUserID && t.KeyedByUser:
		return Distributed, "user_id"
	case t.HasUserID:
		return Reference, ""
	}
	return Local, ""
}

// The tables of the current schema, with their foreign keys' targets, in an
// order where each comes after the tables it refers to (no table of the
// schema refers to itself or, through others, back to itself).
const tablesQuery = `
	WITH RECURSIVE tables AS (
		SELECT c.oid, c.relname::text AS name,
			EXISTS (SELECT FROM pg_attribute a
				WHERE a.attrelid = c.oid AND a.attname = 'user_id' AND NOT a.attisdropped) AS has_user_id,
			EXISTS (SELECT FROM pg_index i JOIN pg_attribute a
				ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
				WHERE i.indrelid = c.oid AND i.indisprimary AND a.attname = 'user_id') AS keyed_by_user,
			EXISTS (SELECT FROM pg_dist_partition p WHERE p.logicalrelid = c.oid) AS placed
		FROM pg_class c
		WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
	), depth (oid, depth) AS (
		SELECT oid, 0 FROM tables
		UNION ALL
		SELECT f.conrelid, d.depth + 1
		FROM depth d JOIN pg_constraint f ON f.contype = 'f' AND f.confrelid = d.oid AND f.conrelid <> d.oid
	)
	SELECT t.name, t.has_user_id, t.keyed_by_user, t.placed
	FROM tables t JOIN depth d USING (oid)
	GROUP BY t.name, t.has_user_id, t.keyed_by_user, t.placed
	ORDER BY max(d.depth), t.name`

// isCitusQuery says whether the database is a Citus coordinator's.
const isCitusQuery = `SELECT EXISTS (SELECT FROM pg_extension WHERE extname = 'citus')`

// isCitus reports whether the database is a Citus coordinator's.
func isCitus(ctx context.Context, conn *sqlx.Conn) (bool, error) {
	var citus bool
	err := conn.GetContext(ctx, &citus, isCitusQuery)
	return citus, err
}

// sessionTriggers drop the triggers that note and announce the end of
// sessions and API tokens (migrations 0009 and 0011). On a Citus cluster
// they would run on the workers, where session_revocations (local to the
// coordinator) does not exist and no server listens for NOTIFY; the store
// does the same itself (endSessions), on the coordinator. On a single
// PostgreSQL they stay, for the sessions of users deleted by hand.
var sessionTriggers = []string{
	`DROP TRIGGER IF EXISTS refresh_tokens_revoked ON refresh_tokens`,
	`DROP TRIGGER IF EXISTS refresh_tokens_deleted ON refresh_tokens`,
	`DROP TRIGGER IF EXISTS api_tokens_revoked ON api_tokens`,
}

// distribute places every table that Citus does not know yet, as the
// comment above says, and lets the request roles log in on the workers.
// It does nothing on a PostgreSQL without Citus.
func distribute(ctx context.Context, conn *sqlx.Conn) error {
	if citus, err := isCitus(ctx, conn); err != nil || !citus {
		return err
	}
	var tables []tableFacts
	if err := conn.SelectContext(ctx, &tables, tablesQuery); err != nil {
		return fmt.Errorf("store: distribute: %w", err)
	}
	// The triggers of distributed tables run on the shards, beside the rows
	// (see migration 0014).
	if _, err := conn.ExecContext(ctx, `SET citus.enable_unsafe_triggers = on`); err != nil {
		return fmt.Errorf("store: distribute: %w", err)
	}
	for _, drop := range sessionTriggers {
		if _, err := conn.ExecContext(ctx, drop); err != nil {
			return fmt.Errorf("store: distribute: %w", err)
		}
	}
	defer conn.ExecContext(context.Background(), `RESET citus.enable_unsafe_triggers`)
	for _, t := range tables {
		if t.Placed {
			continue
		}
		var q string
		args := []any{t.Name}
		switch placement, column := t.placement(); placement {
		case Distributed:
			q = `SELECT create_distributed_table($1, $2, colocate_with => $3)`
			colocate := "users"
			if t.Name == "users" {
				colocate = "default"
			}
			args = append(args, column, colocate)
		case Reference:
			q = `SELECT create_reference_table($1)`
		default:
			continue
		}
		if _, err := conn.ExecContext(ctx, q, args...); err != nil {
			return fmt.Errorf("store: distribute %s: %w", t.Name, err)
		}
	}
	// The request roles log in on the coordinator's behalf on the workers.
	// Given LOGIN on the coordinator too (they have no password), Citus
	// copies it to a worker added later, as it copies every attribute of a
	// role; NOLOGIN there would be copied instead, and locked them out.
	for _, role := range []string{roleUser, roleAuth} {
		var canLogIn bool
		if err := conn.GetContext(ctx, &canLogIn, `SELECT rolcanlogin FROM pg_roles WHERE rolname = $1`, role); err != nil {
			return fmt.Errorf("store: distribute: %w", err)
		}
		if canLogIn {
			continue
		}
		if _, err := conn.ExecContext(ctx, `ALTER ROLE `+role+` LOGIN`); err != nil {
			return fmt.Errorf("store: distribute: let %s log in: %w", role, err)
		}
		if _, err := conn.ExecContext(ctx, `SELECT run_command_on_workers($1)`, `ALTER ROLE `+role+` LOGIN`); err != nil {
			return fmt.Errorf("store: distribute: let %s log in on the workers: %w", role, err)
		}
	}
	return nil
}

// TablePlacements returns where each table of the database lives on a
// Citus cluster, as Citus says, by name; it is empty without Citus.
func (s *Store) TablePlacements(ctx context.Context) (map[string]TablePlacement, error) {
	const q = `
		SELECT c.relname AS name, CASE p.partmethod WHEN 'h' THEN 'distributed' WHEN 'n' THEN 'reference' ELSE 'local' END AS placement
		FROM pg_class c LEFT JOIN pg_dist_partition p ON p.logicalrelid = c.oid
		WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition`
	conn, err := s.db.Connx(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: table placements: %w", err)
	}
	defer conn.Close()
	if citus, err := isCitus(ctx, conn); err != nil || !citus {
		return map[string]TablePlacement{}, err
	}
	var rows []struct {
		Name      string         `db:"name"`
		Placement TablePlacement `db:"placement"`
	}
	if err := conn.SelectContext(ctx, &rows, q); err != nil {
		return nil, fmt.Errorf("store: table placements: %w", err)
	}
	out := make(map[string]TablePlacement, len(rows))
	for _, r := range rows {
		out[r.Name] = r.Placement
	}
	return out, nil
}
