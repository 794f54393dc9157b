package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"consumption/domain"
)

// IdempotencyKey is the key a client sent with a create, with the hash of
// what the request asked: a request sent again under the key must have the
// same hash to be answered as the first was.
type IdempotencyKey struct {
	Key         string
	RequestHash []byte
}

// takeKey claims the idempotency key for this transaction, after forgetting
// the user's keys older than domain.IdempotencyKeyTTL. It reports whether
// the key was free; when it was not, replay holds the rows of the first
// request that took it, or the error is ErrIdempotencyKeyReused or
// ErrIdempotencyKeyExpired.
//
// Taking the key inserts its row, which waits for any other transaction
// holding the same key to end: a retry sent while the first request still
// runs waits for it, then finds the key taken and answers the same.
func (rs *Records) takeKey(ctx context.Context, tx *sqlx.Tx, key IdempotencyKey) (taken bool, replay []recordRow, err error) {
	const (
		forget = `DELETE FROM idempotency_keys WHERE user_id = $1 AND created_at < now() - make_interval(secs => $2)`
		take   = `
			INSERT INTO idempotency_keys (user_id, key, request_hash) VALUES ($1, $2, $3)
			ON CONFLICT (user_id, key) DO NOTHING`
		stored = `SELECT request_hash FROM idempotency_keys WHERE user_id = $1 AND key = $2`
		// The response holds rows of consumption_records as JSON, turned
		// back into rows here. Rows stored before records had a source
		// were all typed in.
		answer = `
			SELECT id, type, unit, amount, period_start, period_end, notes, cost,
				coalesce(source, 'MANUAL') AS source, meter_id, created_at, updated_at
			FROM jsonb_populate_recordset(NULL::consumption_records,
				(SELECT response FROM idempotency_keys WHERE user_id = $1 AND key = $2))`
	)
	if _, err := tx.ExecContext(ctx, forget, rs.userID, domain.IdempotencyKeyTTL.Seconds()); err != nil {
		return false, nil, err
	}
	res, err := tx.ExecContext(ctx, take, rs.userID, key.Key, key.RequestHash)
	if err != nil {
		return false, nil, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return n == 1, nil, err
	}
	var storedHash []byte
	if err := tx.GetContext(ctx, &storedHash, stored, rs.userID, key.Key); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			// It expired and was forgotten by another request just now.
			return false, nil, ErrIdempotencyKeyExpired
		}
		return false, nil, err
	}
	if string(storedHash) != string(key.RequestHash) {
		return false, nil, ErrIdempotencyKeyReused
	}
	if err := tx.SelectContext(ctx, &replay, answer, rs.userID, key.Key); err != nil {
		return false, nil, err
	}
	return false, replay, nil
}

// rememberAnswer stores the records created under the key taken.
func (rs *Records) rememberAnswer(ctx context.Context, tx *sqlx.Tx, key string, recs []recordRow) error {
	const q = `
		UPDATE idempotency_keys SET response = (
			SELECT jsonb_agg(to_jsonb(r)) FROM consumption_records r WHERE r.user_id = $1 AND r.id = ANY($3::uuid[]))
		WHERE user_id = $1 AND key = $2`
	ids := make(pq.StringArray, len(recs))
	for i, r := range recs {
		ids[i] = r.ID.String()
	}
	_, err := tx.ExecContext(ctx, q, rs.userID, key, ids)
	if err != nil {
		return fmt.Errorf("remember answer: %w", err)
	}
	return nil
}
