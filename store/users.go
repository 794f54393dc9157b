package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"
	"github.com/shopspring/decimal"

	"consumption/domain"
)

// userRow is a row of users, as its columns name it, without the password
// hash, which only Credentials reads.
type userRow struct {
	ID                  uuid.UUID       `db:"id"`
	Email               string          `db:"email"`
	TimeZone            string          `db:"time_zone"`
	GasKWhPerCubicMeter decimal.Decimal `db:"gas_kwh_per_cubic_meter"`
	Currency            string          `db:"currency"`
	CreatedAt           time.Time       `db:"created_at"`
	UpdatedAt           time.Time       `db:"updated_at"`
}

const userColumns = `id, email, time_zone, gas_kwh_per_cubic_meter, currency, created_at, updated_at`

// Credentials are an account with its password hash, which only signing in
// and confirming a password read. The hash never leaves the server.
type Credentials struct {
	User         domain.User
	PasswordHash string
}

// credentialsRow is a row of users with its password hash.
type credentialsRow struct {
	userRow
	PasswordHash string `db:"password_hash"`
}

const credentialsColumns = userColumns + `, password_hash`

func (r credentialsRow) credentials() Credentials {
	return Credentials{User: domain.User(r.userRow), PasswordHash: r.PasswordHash}
}

// Account is a signed-in user's own account.
type Account struct {
	userScope
}

// Get returns the account. It is ErrNotFound once the account is deleted.
func (a *Account) Get(ctx context.Context) (domain.User, error) {
	// A read of its own, in one round trip: every write of records reads
	// the account first, for the day it is in the user's zone.
	const q = `SELECT ` + userColumns + ` FROM users WHERE id = $1`
	var rows []userRow
	err := a.read(ctx, []Statement{{SQL: q, Args: []any{a.userID}}}, func(r *sql.Rows) error {
		rows = rows[:0]
		return sqlx.StructScan(r, &rows)
	})
	if err == nil && len(rows) == 0 {
		err = ErrNotFound
	}
	if err != nil {
		return domain.User{}, fmt.Errorf("store: get user: %w", translate(err))
	}
	return domain.User(rows[0]), nil
}

// Credentials returns the account with its password hash. It is ErrNotFound
// once the account is deleted.
func (a *Account) Credentials(ctx context.Context) (Credentials, error) {
	const q = `SELECT ` + credentialsColumns + ` FROM users WHERE id = $1`
	var c credentialsRow
	err := a.inTx(ctx, func(tx *sqlx.Tx) error {
		return tx.GetContext(ctx, &c, q, a.userID)
	})
	if err != nil {
		return Credentials{}, fmt.Errorf("store: get credentials: %w", notFoundIfNoRows(err))
	}
	return c.credentials(), nil
}

// UpdateSettings changes the settings given and returns the account.
func (a *Account) UpdateSettings(ctx context.Context, s domain.Settings) (domain.User, error) {
	const q = `
		UPDATE users SET
			time_zone = coalesce($2, time_zone),
			gas_kwh_per_cubic_meter = coalesce($3, gas_kwh_per_cubic_meter),
			currency = coalesce($4, currency),
			updated_at = now()
		WHERE id = $1
		RETURNING ` + userColumns
	var u userRow
	err := a.inTx(ctx, func(tx *sqlx.Tx) error {
		err := tx.GetContext(ctx, &u, q, a.userID, s.TimeZone, nullDecimal(s.GasKWhPerCubicMeter), s.Currency)
		if err != nil {
			return err
		}
		// Aggregates read the gas calorific value and the currency, maybe
		// on the replica.
		return a.markWrite(ctx, tx)
	})
	if err != nil {
		return domain.User{}, fmt.Errorf("store: update settings: %w", notFoundIfNoRows(err))
	}
	return domain.User(u), nil
}

// SetPassword replaces the password hash and revokes every refresh token, so
// that other sessions end with the old password.
func (a *Account) SetPassword(ctx context.Context, hash string) error {
	const (
		setHash = `UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1`
		revoke  = `UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL RETURNING family_id`
	)
	err := a.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, setHash, a.userID, hash)
		if err != nil {
			return err
		}
		if err := expectOneRow(res); err != nil {
			return err
		}
		var sessions []uuid.UUID
		if err := tx.SelectContext(ctx, &sessions, revoke, a.userID); err != nil {
			return err
		}
		return endSessions(ctx, tx, sessions)
	})
	if err != nil {
		return fmt.Errorf("store: set password: %w", translate(err))
	}
	return nil
}

// Delete removes the account and, through foreign keys, every row of its
// user, and ends its live sessions and its API tokens (see endSessions).
func (a *Account) Delete(ctx context.Context) error {
	const (
		// Holding the user's row keeps sessions and tokens from starting
		// until the user is gone (their foreign keys wait on it), so that
		// those read next are all that the deletion ends.
		lock     = `SELECT FROM users WHERE id = $1 FOR UPDATE`
		sessions = `
			SELECT family_id FROM refresh_tokens WHERE user_id = $1 AND revoked_at IS NULL
			UNION SELECT id FROM api_tokens WHERE user_id = $1`
		// user_emails has no foreign key to cascade from (migration 0014).
		email = `DELETE FROM user_emails WHERE user_id = $1`
		q     = `DELETE FROM users WHERE id = $1`
	)
	err := a.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, lock, a.userID); err != nil {
			return err
		}
		var ended []uuid.UUID
		if err := tx.SelectContext(ctx, &ended, sessions, a.userID); err != nil {
			return err
		}
		if err := endSessions(ctx, tx, ended); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, email, a.userID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, q, a.userID)
		if err != nil {
			return err
		}
		return expectOneRow(res)
	})
	if err != nil {
		return fmt.Errorf("store: delete user: %w", translate(err))
	}
	return nil
}
