package store

import (
	"context"
	"database/sql"
	"fmt"
	"hash/fnv"

	migrate "github.com/rubenv/sql-migrate"

	"consumption/migrations"
)

// Direction says which way Migrate goes.
type Direction int

// The directions of a migration.
const (
	// Up applies every migration not yet applied.
	Up Direction = iota
	// Down reverts the most recent migration.
	Down
)

// migrationTable records which migrations have run.
const migrationTable = "schema_migrations"

// migrationLock is the key of the advisory lock held while migrating, so that
// several instances starting at once apply each migration exactly once.
var migrationLock = func() int64 {
	h := fnv.New64a()
	h.Write([]byte("consumption-server migrations"))
	return int64(h.Sum64())
}()

func migrationSet() *migrate.MigrationSet {
	return &migrate.MigrationSet{TableName: migrationTable}
}

func migrationSource() migrate.MigrationSource {
	return &migrate.EmbedFileSystemMigrationSource{FileSystem: migrations.FS, Root: "."}
}

// Migrate applies (Up) every pending migration or reverts (Down) the latest
// one, holding an advisory lock so that concurrent callers take turns. It
// returns how many migrations it applied or reverted.
func (s *Store) Migrate(ctx context.Context, dir Direction) (int, error) {
	conn, err := s.db.Connx(ctx)
	if err != nil {
		return 0, fmt.Errorf("store: migrate: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
		return 0, fmt.Errorf("store: migrate: lock: %w", err)
	}
	defer func() {
		// Use a fresh context: the lock must be released even when ctx is done.
		_, _ = conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, migrationLock)
	}()

	// sql-migrate runs its statements on the pool, not on conn; the lock held
	// by conn's session is what keeps other instances waiting.
	mdir, max := migrate.Up, 0
	if dir == Down {
		mdir, max = migrate.Down, 1
	}
	n, err := migrationSet().ExecMaxContext(ctx, s.db.DB, "postgres", migrationSource(), mdir, max)
	if err != nil {
		return n, fmt.Errorf("store: migrate: %w", err)
	}
	if dir == Up {
		if err := distribute(ctx, conn); err != nil {
			return n, err
		}
	}
	return n, nil
}

// MigrationStatus is one migration and when it was applied, if it was.
type MigrationStatus struct {
	ID        string
	AppliedAt sql.NullTime
}

// MigrationStatus lists every known migration in order with when it ran.
func (s *Store) MigrationStatus(ctx context.Context) ([]MigrationStatus, error) {
	all, err := migrationSource().FindMigrations()
	if err != nil {
		return nil, fmt.Errorf("store: migration status: %w", err)
	}
	records, err := migrationSet().GetMigrationRecords(s.db.DB, "postgres")
	if err != nil {
		return nil, fmt.Errorf("store: migration status: %w", err)
	}
	applied := make(map[string]sql.NullTime, len(records))
	for _, r := range records {
		applied[r.Id] = sql.NullTime{Time: r.AppliedAt, Valid: true}
	}
	out := make([]MigrationStatus, len(all))
	for i, m := range all {
		out[i] = MigrationStatus{ID: m.Id, AppliedAt: applied[m.Id]}
	}
	return out, nil
}
