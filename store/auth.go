package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// Auth is what signing in needs before anyone is known: finding accounts by
// email, creating them, rotating refresh tokens and counting failed logins.
// It runs as a role that cannot read consumption records.
type Auth struct {
	store *Store
}

// Auth returns the sign-in side of the store.
func (s *Store) Auth() *Auth { return &Auth{store: s} }

func (a *Auth) inTx(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	return a.store.inTx(ctx, txScope{role: roleAuth}, fn)
}

// CreateUser stores a new account. It is ErrEmailTaken when the email is in use.
func (a *Auth) CreateUser(ctx context.Context, email, passwordHash string) (User, error) {
	const q = `INSERT INTO users (email, password_hash) VALUES ($1, $2) RETURNING ` + userColumns
	var u User
	err := a.inTx(ctx, func(tx *sqlx.Tx) error {
		return tx.GetContext(ctx, &u, q, email, passwordHash)
	})
	if isUniqueViolation(err) {
		return User{}, ErrEmailTaken
	}
	if err != nil {
		return User{}, fmt.Errorf("store: create user: %w", translate(err))
	}
	return u, nil
}

// UserByEmail finds an account by its (normalized) email.
func (a *Auth) UserByEmail(ctx context.Context, email string) (User, error) {
	const q = `SELECT ` + userColumns + ` FROM users WHERE email = $1`
	var u User
	err := a.inTx(ctx, func(tx *sqlx.Tx) error {
		return tx.GetContext(ctx, &u, q, email)
	})
	if err != nil {
		return User{}, fmt.Errorf("store: user by email: %w", notFoundIfNoRows(err))
	}
	return u, nil
}

// UpdatePasswordHash replaces a hash made with older parameters after a
// successful login.
func (a *Auth) UpdatePasswordHash(ctx context.Context, id uuid.UUID, oldHash, newHash string) error {
	// Matching the old hash makes this a no-op if the password changed meanwhile.
	const q = `UPDATE users SET password_hash = $3, updated_at = now() WHERE id = $1 AND password_hash = $2`
	err := a.inTx(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, q, id, oldHash, newHash)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: update password hash: %w", translate(err))
	}
	return nil
}

// RefreshToken is a stored refresh token, known by the SHA-256 of its value.
type RefreshToken struct {
	UserID    uuid.UUID
	FamilyID  uuid.UUID
	Hash      []byte
	ExpiresAt time.Time
}

// ErrRefreshTokenReused means a refresh token was presented after it had
// already been rotated. Its family is revoked by then.
var ErrRefreshTokenReused = errors.New("store: refresh token reused")

// CreateRefreshToken stores a new token.
func (a *Auth) CreateRefreshToken(ctx context.Context, t RefreshToken) error {
	err := a.inTx(ctx, func(tx *sqlx.Tx) error {
		return insertRefreshToken(ctx, tx, t)
	})
	if err != nil {
		return fmt.Errorf("store: create refresh token: %w", translate(err))
	}
	return nil
}

func insertRefreshToken(ctx context.Context, tx *sqlx.Tx, t RefreshToken) error {
	const q = `INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at) VALUES ($1, $2, $3, $4)`
	_, err := tx.ExecContext(ctx, q, t.UserID, t.FamilyID, t.Hash, t.ExpiresAt)
	return err
}

// RotateRefreshToken exchanges the token whose hash is oldHash for next, which
// joins the same family, and returns the account the token belongs to.
//
// It is ErrNotFound when no live token has that hash (unknown, expired or
// revoked), and ErrRefreshTokenReused, after revoking the whole family, when
// the token had already been rotated: someone holds a copy of it.
func (a *Auth) RotateRefreshToken(ctx context.Context, oldHash []byte, next RefreshToken, now time.Time) (User, error) {
	const (
		find = `
			SELECT user_id, family_id, expires_at, rotated_at, revoked_at
			FROM refresh_tokens WHERE token_hash = $1
			FOR UPDATE`
		markRotated  = `UPDATE refresh_tokens SET rotated_at = $2 WHERE token_hash = $1`
		revokeFamily = `UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL`
		user         = `SELECT ` + userColumns + ` FROM users WHERE id = $1`
	)
	var (
		u      User
		reused bool
	)
	err := a.inTx(ctx, func(tx *sqlx.Tx) error {
		var old struct {
			UserID    uuid.UUID  `db:"user_id"`
			FamilyID  uuid.UUID  `db:"family_id"`
			ExpiresAt time.Time  `db:"expires_at"`
			RotatedAt *time.Time `db:"rotated_at"`
			RevokedAt *time.Time `db:"revoked_at"`
		}
		if err := tx.GetContext(ctx, &old, find, oldHash); err != nil {
			return err
		}
		switch {
		case old.RevokedAt != nil || !now.Before(old.ExpiresAt):
			return ErrNotFound
		case old.RotatedAt != nil:
			reused = true
			_, err := tx.ExecContext(ctx, revokeFamily, old.FamilyID, now)
			return err // commit the revocation
		}
		if _, err := tx.ExecContext(ctx, markRotated, oldHash, now); err != nil {
			return err
		}
		next.UserID, next.FamilyID = old.UserID, old.FamilyID
		if err := insertRefreshToken(ctx, tx, next); err != nil {
			return err
		}
		return tx.GetContext(ctx, &u, user, old.UserID)
	})
	if err != nil {
		return User{}, fmt.Errorf("store: rotate refresh token: %w", notFoundIfNoRows(err))
	}
	if reused {
		return User{}, ErrRefreshTokenReused
	}
	return u, nil
}

// RevokeRefreshTokenFamily revokes every token of the family the token with
// the given hash belongs to. It reports whether the token was known.
func (a *Auth) RevokeRefreshTokenFamily(ctx context.Context, hash []byte, now time.Time) (bool, error) {
	const q = `
		WITH token AS (SELECT family_id FROM refresh_tokens WHERE token_hash = $1)
		UPDATE refresh_tokens SET revoked_at = coalesce(revoked_at, $2)
		WHERE family_id = (SELECT family_id FROM token)`
	var known bool
	err := a.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, q, hash, now)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		known = n > 0
		return err
	})
	if err != nil {
		return false, fmt.Errorf("store: revoke refresh tokens: %w", translate(err))
	}
	return known, nil
}

// RecentLoginFailures returns, newest first, the times of at most limit failed
// logins of subject since the given time.
func (a *Auth) RecentLoginFailures(ctx context.Context, subject string, since time.Time, limit int) ([]time.Time, error) {
	const q = `
		SELECT failed_at FROM login_failures
		WHERE subject = $1 AND failed_at > $2
		ORDER BY failed_at DESC
		LIMIT $3`
	var times []time.Time
	err := a.inTx(ctx, func(tx *sqlx.Tx) error {
		return tx.SelectContext(ctx, &times, q, subject, since, limit)
	})
	if err != nil {
		return nil, fmt.Errorf("store: login failures: %w", translate(err))
	}
	return times, nil
}

// RecordLoginFailure notes a failed login for each subject, and forgets
// failures older than forgetBefore, which no longer count.
func (a *Auth) RecordLoginFailure(ctx context.Context, subjects []string, at, forgetBefore time.Time) error {
	const (
		insert = `INSERT INTO login_failures (subject, failed_at) SELECT unnest($1::text[]), $2`
		forget = `DELETE FROM login_failures WHERE failed_at < $1`
	)
	err := a.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, insert, pq.StringArray(subjects), at); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, forget, forgetBefore)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: record login failure: %w", translate(err))
	}
	return nil
}

// ClearLoginFailures forgets the failures of subject, after a successful login.
func (a *Auth) ClearLoginFailures(ctx context.Context, subject string) error {
	const q = `DELETE FROM login_failures WHERE subject = $1`
	err := a.inTx(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, q, subject)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: clear login failures: %w", translate(err))
	}
	return nil
}
