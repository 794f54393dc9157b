package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"
)

// Reads on a replica.
//
// With PoolOptions.ReadURL, the transactions that only read a user's data
// (Records.Get, List and Count, and Aggregates) run on a streaming replica,
// unless the replica has not yet replayed that user's latest write: then
// they run on the primary, so that people always see their own writes.
//
// Every write of a user's data counts itself in user_write_marks, last in
// its own transaction; the row lock of the count orders the user's writes
// as they commit. Before a read, the store reads the user's count on the
// primary, and the read's transaction on the replica first checks that the
// replica shows the same count: then it has replayed every write of the user
// committed before the read began. The count lives in PostgreSQL, so this
// holds across any number of server instances; and a user who has not
// written lately reads from the replica however far behind it is on other
// users' writes. A replica out of reach sends reads to the primary.

// PingReplica checks that the replica answers, when there is one.
func (s *Store) PingReplica(ctx context.Context) error {
	if s.replica == nil {
		return nil
	}
	if err := s.replica.db.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping replica: %w", err)
	}
	return nil
}

// inReadTx runs fn, which only reads, in a transaction of the scope's user
// on the replica when it has replayed the user's writes, and on the primary
// otherwise.
func (u userScope) inReadTx(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	s := u.store
	if s.replica == nil {
		return s.inTx(ctx, u.tx(), fn)
	}
	writes, err := s.writeMark(ctx, u.userID)
	if err != nil {
		return err
	}
	const replayed = `SELECT coalesce((SELECT writes FROM user_write_marks WHERE user_id = $1), 0) >= $2`
	var caughtUp, ran bool
	err = s.replica.inTx(ctx, u.tx(), func(tx *sqlx.Tx) error {
		s.replicaTxs.Store(tx, true)
		defer s.replicaTxs.Delete(tx)
		if err := tx.GetContext(ctx, &caughtUp, replayed, u.userID, writes); err != nil || !caughtUp {
			return err
		}
		ran = true
		return fn(tx)
	})
	switch {
	case err == nil && !caughtUp:
		// The replica lags behind this user's latest write.
	case err != nil && !ran && errors.Is(translate(err), ErrUnavailable):
		// The replica is out of reach; fn has not run, so it can run again.
	default:
		return err
	}
	return s.inTx(ctx, u.tx(), fn)
}

// writeMark returns how many writes of the user the primary has committed.
// It runs before any transaction of the user, as the server's own login
// role (see migration 0004).
func (s *Store) writeMark(ctx context.Context, userID uuid.UUID) (int64, error) {
	const q = `SELECT writes FROM user_write_marks WHERE user_id = $1`
	for attempt := 1; ; attempt++ {
		conn, err := s.acquire(ctx)
		if err != nil {
			return 0, err
		}
		var writes int64
		err = conn.GetContext(ctx, &writes, q, userID)
		_ = conn.Close()
		switch {
		case err == nil, errors.Is(err, sql.ErrNoRows):
			return writes, nil
		case !connectionLost(err) || attempt >= s.maxDeadConns() || ctx.Err() != nil:
			return 0, fmt.Errorf("store: write mark: %w", translate(err))
		}
		// A dead pooled connection, as in begin: take another.
	}
}

// markWrite counts a write of the scope's user in tx. It comes last in the
// transaction, so that the row lock it takes is held only until the commit.
func (u userScope) markWrite(ctx context.Context, tx *sqlx.Tx) error {
	const q = `
		INSERT INTO user_write_marks (user_id, writes) VALUES ($1, 1)
		ON CONFLICT (user_id) DO UPDATE SET writes = user_write_marks.writes + 1`
	st, err := u.store.prepared(ctx, tx, q)
	if err != nil {
		return err
	}
	_, err = st.ExecContext(ctx, u.userID)
	return err
}
