package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"consumption/domain"
)

// apiTokenRow is a row of api_tokens, without the token's hash, which
// never leaves the database.
type apiTokenRow struct {
	ID         uuid.UUID    `db:"id"`
	UserID     uuid.UUID    `db:"user_id"`
	Name       string       `db:"name"`
	Scope      domain.Scope `db:"scope"`
	CreatedAt  time.Time    `db:"created_at"`
	ExpiresAt  *time.Time   `db:"expires_at"`
	LastUsedAt *time.Time   `db:"last_used_at"`
}

const apiTokenColumns = `id, user_id, name, scope, created_at, expires_at, last_used_at`

func (r apiTokenRow) token() domain.APIToken { return domain.APIToken(r) }

// APITokens are one user's API tokens.
type APITokens struct {
	userScope
}

// Create stores a new token, known by the SHA-256 of its secret. A user
// has at most max tokens (ErrTooManyAPITokens).
func (ts *APITokens) Create(ctx context.Context, in domain.APITokenInput, hash []byte, max int) (domain.APIToken, error) {
	const (
		// Creates of one user take turns, so that the count below holds.
		lockUser = `SELECT FROM users WHERE id = $1 FOR NO KEY UPDATE`
		insert   = `
			INSERT INTO api_tokens (user_id, name, scope, token_hash, expires_at)
			SELECT $1, $2, $3, $4, $5
			WHERE (SELECT count(*) FROM api_tokens WHERE user_id = $1) < $6
			RETURNING ` + apiTokenColumns
	)
	var row apiTokenRow
	err := ts.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, lockUser, ts.userID); err != nil {
			return err
		}
		err := tx.GetContext(ctx, &row, insert, ts.userID, in.Name, in.Scope, hash, in.ExpiresAt, max)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrTooManyAPITokens
		}
		return err
	})
	if err != nil {
		return domain.APIToken{}, fmt.Errorf("store: create API token: %w", translate(err))
	}
	return row.token(), nil
}

// List returns the user's tokens, newest first.
func (ts *APITokens) List(ctx context.Context) ([]domain.APIToken, error) {
	const q = `SELECT ` + apiTokenColumns + ` FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC, id`
	var rows []apiTokenRow
	err := ts.inTx(ctx, func(tx *sqlx.Tx) error {
		return tx.SelectContext(ctx, &rows, q, ts.userID)
	})
	if err != nil {
		return nil, fmt.Errorf("store: list API tokens: %w", translate(err))
	}
	out := make([]domain.APIToken, len(rows))
	for i, r := range rows {
		out[i] = r.token()
	}
	return out, nil
}

// Delete removes the token with the given id, or returns ErrNotFound, and
// notes and announces its end (see SessionRevokedChannel).
func (ts *APITokens) Delete(ctx context.Context, id uuid.UUID) error {
	const q = `DELETE FROM api_tokens WHERE user_id = $1 AND id = $2 RETURNING id`
	err := ts.inTx(ctx, func(tx *sqlx.Tx) error {
		var deleted uuid.UUID
		if err := tx.GetContext(ctx, &deleted, q, ts.userID, id); err != nil {
			return err
		}
		return endSessions(ctx, tx, []uuid.UUID{deleted})
	})
	if err != nil {
		return fmt.Errorf("store: delete API token: %w", notFoundIfNoRows(err))
	}
	return nil
}

// APIToken finds the owner's token whose secret has the given SHA-256, or
// returns ErrNotFound: a request's token is looked up before anyone is
// known, by the owner it names, on the owner's shard of a Citus cluster.
func (a *Auth) APIToken(ctx context.Context, owner uuid.UUID, hash []byte) (domain.APIToken, error) {
	const q = `SELECT ` + apiTokenColumns + ` FROM api_tokens WHERE user_id = $1 AND token_hash = $2`
	return a.apiToken(ctx, q, owner, hash)
}

// APITokenByHash finds the token whose secret has the given SHA-256, of
// whichever user, or returns ErrNotFound, for a secret that does not say
// whose it is (made before secrets did): on a Citus cluster this looks on
// every shard.
func (a *Auth) APITokenByHash(ctx context.Context, hash []byte) (domain.APIToken, error) {
	const q = `SELECT ` + apiTokenColumns + ` FROM api_tokens WHERE token_hash = $1`
	return a.apiToken(ctx, q, hash)
}

func (a *Auth) apiToken(ctx context.Context, q string, args ...any) (domain.APIToken, error) {
	var row apiTokenRow
	err := a.inTx(ctx, func(tx *sqlx.Tx) error {
		return tx.GetContext(ctx, &row, q, args...)
	})
	if err != nil {
		return domain.APIToken{}, fmt.Errorf("store: API token by hash: %w", notFoundIfNoRows(err))
	}
	return row.token(), nil
}

// APITokenUse is the latest time a token was used.
type APITokenUse struct {
	UserID, TokenID uuid.UUID
	At              time.Time
}

// NoteAPITokensUsed writes when each token was last used, in one statement
// for any number of tokens and users. A time never replaces a later one,
// so instances that write what they saw in any order keep the latest.
// Tokens revoked meanwhile are skipped.
func (a *Auth) NoteAPITokensUsed(ctx context.Context, uses []APITokenUse) error {
	if len(uses) == 0 {
		return nil
	}
	const q = `
		UPDATE api_tokens t SET last_used_at = u.used_at
		FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) AS u(user_id, id, used_at)
		WHERE t.user_id = u.user_id AND t.id = u.id
			AND (t.last_used_at IS NULL OR t.last_used_at < u.used_at)`
	users := make(pq.StringArray, len(uses))
	ids := make(pq.StringArray, len(uses))
	times := make(pq.StringArray, len(uses))
	for i, u := range uses {
		users[i], ids[i], times[i] = u.UserID.String(), u.TokenID.String(), u.At.UTC().Format(time.RFC3339Nano)
	}
	err := a.inTx(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, q, users, ids, times)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: note API tokens used: %w", translate(err))
	}
	return nil
}
