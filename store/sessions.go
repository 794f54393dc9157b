package store

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"
)

// A session is a family of refresh tokens: one sign-in and every token
// rotated from it. When one ends, the transaction that ends it notes it in
// session_revocations and announces it on this channel of NOTIFY, with the
// session's id as the payload (see endSessions). So does the deletion of an
// API token, with the token's id.
const SessionRevokedChannel = "session_revoked"

// endSessions notes in session_revocations the sessions (or API tokens)
// with the given ids, which tx ends, and announces each on
// SessionRevokedChannel when tx commits. The store does it itself, in the
// transaction, so that the notes and the announcements are made on the node
// the servers use: on a Citus cluster the tokens live on the workers, the
// notes on the coordinator alone, and the servers listen to the
// coordinator. The triggers that did it before stay on a single PostgreSQL,
// for users deleted by hand, and are dropped on Citus (sessionTriggers);
// a note made twice is one (ON CONFLICT), and so is an announcement made
// twice in one transaction.
func endSessions(ctx context.Context, tx *sqlx.Tx, ids []uuid.UUID) error {
	const (
		note     = `INSERT INTO session_revocations (session_id) SELECT unnest($1::uuid[]) ON CONFLICT DO NOTHING`
		announce = `SELECT pg_notify('` + SessionRevokedChannel + `', id::text) FROM unnest($1::uuid[]) AS id`
	)
	if len(ids) == 0 {
		return nil
	}
	arr := uuidArray(ids)
	if _, err := tx.ExecContext(ctx, note, arr); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, announce, arr)
	return err
}

// Revocation is a session signed out, and when.
type Revocation struct {
	Session   uuid.UUID `db:"session_id"`
	RevokedAt time.Time `db:"revoked_at"`
}

// The notes of revocations hold no user data and are read before anyone is
// known, so these statements run as the server's own user, on the primary,
// without a transaction's role.

// Revocations returns the sessions revoked since the given time.
func (s *Store) Revocations(ctx context.Context, since time.Time) ([]Revocation, error) {
	const q = `SELECT session_id, revoked_at FROM session_revocations WHERE revoked_at >= $1`
	var out []Revocation
	err := s.onConn(ctx, func(conn *sqlx.Conn) error {
		return conn.SelectContext(ctx, &out, q, since)
	})
	if err != nil {
		return nil, fmt.Errorf("store: revocations: %w", err)
	}
	return out, nil
}

// SessionRevoked reports whether the session has been revoked.
func (s *Store) SessionRevoked(ctx context.Context, session uuid.UUID) (bool, error) {
	const q = `SELECT EXISTS (SELECT FROM session_revocations WHERE session_id = $1)`
	var revoked bool
	err := s.onConn(ctx, func(conn *sqlx.Conn) error {
		return conn.GetContext(ctx, &revoked, q, session)
	})
	if err != nil {
		return false, fmt.Errorf("store: session revoked: %w", err)
	}
	return revoked, nil
}

// ForgetRevocations deletes the notes of sessions revoked before the given
// time, whose access tokens have all expired.
func (s *Store) ForgetRevocations(ctx context.Context, before time.Time) error {
	const q = `DELETE FROM session_revocations WHERE revoked_at < $1`
	err := s.onConn(ctx, func(conn *sqlx.Conn) error {
		_, err := conn.ExecContext(ctx, q, before)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: forget revocations: %w", err)
	}
	return nil
}

// onConn runs fn on a connection of the pool, waiting for one as long as a
// transaction would. A pooled connection found dead (PostgreSQL restarted)
// is dropped and fn tried on another, as begin does.
func (s *Store) onConn(ctx context.Context, fn func(conn *sqlx.Conn) error) error {
	for attempt := 1; ; attempt++ {
		conn, err := s.acquire(ctx)
		if err != nil {
			return err
		}
		err = fn(conn)
		_ = conn.Close()
		if err == nil || !connectionLost(err) || attempt >= s.maxDeadConns() || ctx.Err() != nil {
			return translate(err)
		}
	}
}
