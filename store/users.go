package store

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"
	"github.com/shopspring/decimal"
)

// User is an account as stored. PasswordHash never leaves the server.
type User struct {
	ID                  uuid.UUID       `db:"id"`
	Email               string          `db:"email"`
	PasswordHash        string          `db:"password_hash"`
	TimeZone            string          `db:"time_zone"`
	GasKWhPerCubicMeter decimal.Decimal `db:"gas_kwh_per_cubic_meter"`
	CreatedAt           time.Time       `db:"created_at"`
	UpdatedAt           time.Time       `db:"updated_at"`
}

const userColumns = `id, email, password_hash, time_zone, gas_kwh_per_cubic_meter, created_at, updated_at`

// Account is a signed-in user's own account.
type Account struct {
	userScope
}

// Get returns the account. It is ErrNotFound once the account is deleted.
func (a *Account) Get(ctx context.Context) (User, error) {
	const q = `SELECT ` + userColumns + ` FROM users WHERE id = $1`
	var u User
	err := a.inTx(ctx, func(tx *sqlx.Tx) error {
		return tx.GetContext(ctx, &u, q, a.userID)
	})
	if err != nil {
		return User{}, fmt.Errorf("store: get user: %w", notFoundIfNoRows(err))
	}
	return u, nil
}

// Settings are the changes to a user's settings; nil fields stay as they are.
type Settings struct {
	TimeZone            *string
	GasKWhPerCubicMeter *decimal.Decimal
}

// UpdateSettings changes the settings given and returns the account.
func (a *Account) UpdateSettings(ctx context.Context, s Settings) (User, error) {
	const q = `
		UPDATE users SET
			time_zone = coalesce($2, time_zone),
			gas_kwh_per_cubic_meter = coalesce($3, gas_kwh_per_cubic_meter),
			updated_at = now()
		WHERE id = $1
		RETURNING ` + userColumns
	var u User
	err := a.inTx(ctx, func(tx *sqlx.Tx) error {
		err := tx.GetContext(ctx, &u, q, a.userID, s.TimeZone, decimal.NullDecimal{
			Decimal: derefDecimal(s.GasKWhPerCubicMeter), Valid: s.GasKWhPerCubicMeter != nil,
		})
		if err != nil {
			return err
		}
		// Aggregates read the gas calorific value, maybe on the replica.
		return a.markWrite(ctx, tx)
	})
	if err != nil {
		return User{}, fmt.Errorf("store: update settings: %w", notFoundIfNoRows(err))
	}
	return u, nil
}

// SetPassword replaces the password hash and revokes every refresh token, so
// that other sessions end with the old password.
func (a *Account) SetPassword(ctx context.Context, hash string) error {
	const (
		setHash = `UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1`
		revoke  = `UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`
	)
	err := a.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, setHash, a.userID, hash)
		if err != nil {
			return err
		}
		if err := expectOneRow(res); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, revoke, a.userID)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: set password: %w", translate(err))
	}
	return nil
}

// Delete removes the account and, through foreign keys, every row of its user.
func (a *Account) Delete(ctx context.Context) error {
	const q = `DELETE FROM users WHERE id = $1`
	err := a.inTx(ctx, func(tx *sqlx.Tx) error {
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

func derefDecimal(d *decimal.Decimal) decimal.Decimal {
	if d == nil {
		return decimal.Decimal{}
	}
	return *d
}
