package store

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"consumption/domain"
)

// deletedRow is a row of record_tombstones, as its columns name it.
type deletedRow struct {
	ID        uuid.UUID   `db:"id"`
	Type      domain.Type `db:"type"`
	DeletedAt time.Time   `db:"deleted_at"`
}

// Deleted returns the user's records deleted at or after since, in the
// order they were deleted (ties by id), at most limit of them. With after,
// the list starts after the record of that id deleted at since: the last
// of the page before. A trigger writes the tombstones (migration 0011).
func (rs *Records) Deleted(ctx context.Context, since time.Time, after *uuid.UUID, limit int) ([]domain.DeletedRecord, error) {
	// Record ids are random, never the nil UUID, so that the row
	// comparison from it takes every record deleted at since.
	const q = `
		SELECT id, type, deleted_at FROM record_tombstones
		WHERE user_id = $1 AND (deleted_at, id) > ($2, $3)
		ORDER BY deleted_at, id
		LIMIT $4`
	from := uuid.Nil
	if after != nil {
		from = *after
	}
	var rows []deletedRow
	err := rs.inReadTx(ctx, func(tx *sqlx.Tx) error {
		return tx.SelectContext(ctx, &rows, q, rs.userID, since, from, limit)
	})
	if err != nil {
		return nil, fmt.Errorf("store: deleted records: %w", translate(err))
	}
	out := make([]domain.DeletedRecord, len(rows))
	for i, r := range rows {
		out[i] = domain.DeletedRecord(r)
	}
	return out, nil
}

// tombstonesLock is the key of the advisory lock that one instance at a
// time takes to delete old tombstones.
const tombstonesLock = 0x746f6d6273746f6e // "tombston"

// ForgetTombstones deletes every user's tombstones older than keep, and
// returns how many. Instances that run it at the same time do not wait on
// each other: one deletes, the others find the lock taken and return 0.
// The tombstones it may see are only the old ones (a policy says so).
func (s *Store) ForgetTombstones(ctx context.Context, keep time.Duration) (int64, error) {
	const (
		lock   = `SELECT pg_try_advisory_xact_lock($1)`
		forget = `DELETE FROM record_tombstones WHERE deleted_at < now() - make_interval(secs => $1)`
	)
	var deleted int64
	err := s.inTx(ctx, txScope{role: roleAuth}, func(tx *sqlx.Tx) error {
		var locked bool
		if err := tx.GetContext(ctx, &locked, lock, tombstonesLock); err != nil || !locked {
			return err
		}
		res, err := tx.ExecContext(ctx, forget, keep.Seconds())
		if err != nil {
			return err
		}
		deleted, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: forget tombstones: %w", translate(err))
	}
	return deleted, nil
}
