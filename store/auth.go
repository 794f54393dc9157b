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
func (a *Auth) CreateUser(ctx context.Context, email, passwordHash string) (domain.User, error) {
	const (
		// The email first: when it is taken, no user was made.
		claim = `INSERT INTO user_emails (email, user_id) VALUES ($1, $2)`
		q     = `INSERT INTO users (id, email, password_hash) VALUES ($1, $2, $3) RETURNING ` + userColumns
	)
	var u userRow
	id := uuid.New()
	err := a.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, claim, email, id); err != nil {
			return err
		}
		return tx.GetContext(ctx, &u, q, id, email, passwordHash)
	})
	if isUniqueViolation(err) {
		return domain.User{}, ErrEmailTaken
	}
	if err != nil {
		return domain.User{}, fmt.Errorf("store: create user: %w", translate(err))
	}
	return domain.User(u), nil
}

// CredentialsByEmail finds an account by its (normalized) email, with its
// password hash.
func (a *Auth) CredentialsByEmail(ctx context.Context, email string) (Credentials, error) {
	// Two statements, each on one shard of a Citus cluster: the email's
	// user, then the user.
	const (
		owner = `SELECT user_id FROM user_emails WHERE email = $1`
		q     = `SELECT ` + credentialsColumns + ` FROM users WHERE id = $1`
	)
	var c credentialsRow
	err := a.inTx(ctx, func(tx *sqlx.Tx) error {
		var id uuid.UUID
		if err := tx.GetContext(ctx, &id, owner, email); err != nil {
			return err
		}
		return tx.GetContext(ctx, &c, q, id)
	})
	if err != nil {
		return Credentials{}, fmt.Errorf("store: user by email: %w", notFoundIfNoRows(err))
	}
	return c.credentials(), nil
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

// RefreshTokenOwner returns the user of the refresh token with the given
// hash, or ErrNotFound, for a token that does not say whose it is (made
// before tokens did): on a Citus cluster this looks on every shard.
func (a *Auth) RefreshTokenOwner(ctx context.Context, hash []byte) (uuid.UUID, error) {
	const q = `SELECT user_id FROM refresh_tokens WHERE token_hash = $1`
	var id uuid.UUID
	err := a.inTx(ctx, func(tx *sqlx.Tx) error {
		return tx.GetContext(ctx, &id, q, hash)
	})
	if err != nil {
		return uuid.Nil, fmt.Errorf("store: refresh token owner: %w", notFoundIfNoRows(err))
	}
	return id, nil
}

func insertRefreshToken(ctx context.Context, tx *sqlx.Tx, t RefreshToken) error {
	const q = `INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at) VALUES ($1, $2, $3, $4)`
	_, err := tx.ExecContext(ctx, q, t.UserID, t.FamilyID, t.Hash, t.ExpiresAt)
	return err
}

// RotateRefreshToken exchanges the owner's token whose hash is oldHash for
// next, which joins the same family, and returns the account the token
// belongs to and the family. Every statement names the owner, so that on a
// Citus cluster all go to the owner's shard.
//
// It is ErrNotFound when no live token has that hash (unknown, expired or
// revoked), and ErrRefreshTokenReused, after revoking the whole family, when
// the token had already been rotated: someone holds a copy of it.
func (a *Auth) RotateRefreshToken(ctx context.Context, owner uuid.UUID, oldHash []byte, next RefreshToken, now time.Time) (domain.User, uuid.UUID, error) {
	const (
		// A family that any token was revoked from is over, even if this
		// token escaped: rotated concurrently with the revocation, its
		// successor was inserted after the revoking UPDATE had chosen its
		// rows.
		find = `
			SELECT user_id, family_id, expires_at, rotated_at,
				coalesce(revoked_at, (SELECT max(f.revoked_at) FROM refresh_tokens f
					WHERE f.user_id = $1 AND f.family_id = t.family_id)) AS revoked_at
			FROM refresh_tokens t WHERE user_id = $1 AND token_hash = $2
			FOR UPDATE OF t`
		markRotated  = `UPDATE refresh_tokens SET rotated_at = $3 WHERE user_id = $1 AND token_hash = $2`
		revokeFamily = `UPDATE refresh_tokens SET revoked_at = $3 WHERE user_id = $1 AND family_id = $2 AND revoked_at IS NULL`
		user         = `SELECT ` + userColumns + ` FROM users WHERE id = $1`
	)
	var (
		u      userRow
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
		if err := tx.GetContext(ctx, &old, find, owner, oldHash); err != nil {
			return err
		}
		switch {
		case old.RevokedAt != nil || !now.Before(old.ExpiresAt):
			return ErrNotFound
		case old.RotatedAt != nil:
			reused = true
			res, err := tx.ExecContext(ctx, revokeFamily, old.UserID, old.FamilyID, now)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				return err // already over
			}
			return endSessions(ctx, tx, []uuid.UUID{old.FamilyID}) // commit the revocation
		}
		if _, err := tx.ExecContext(ctx, markRotated, old.UserID, oldHash, now); err != nil {
			return err
		}
		next.UserID, next.FamilyID = old.UserID, old.FamilyID
		if err := insertRefreshToken(ctx, tx, next); err != nil {
			return err
		}
		return tx.GetContext(ctx, &u, user, old.UserID)
	})
	if err != nil {
		return domain.User{}, uuid.Nil, fmt.Errorf("store: rotate refresh token: %w", notFoundIfNoRows(err))
	}
	if reused {
		return domain.User{}, uuid.Nil, ErrRefreshTokenReused
	}
	return domain.User(u), next.FamilyID, nil
}

// RevokeRefreshTokenFamily revokes every token of the family the owner's
// token with the given hash belongs to. It reports whether the token was
// known.
func (a *Auth) RevokeRefreshTokenFamily(ctx context.Context, owner uuid.UUID, hash []byte, now time.Time) (bool, error) {
	const (
		family = `SELECT family_id FROM refresh_tokens WHERE user_id = $1 AND token_hash = $2`
		revoke = `UPDATE refresh_tokens SET revoked_at = $3 WHERE user_id = $1 AND family_id = $2 AND revoked_at IS NULL`
	)
	var known bool
	err := a.inTx(ctx, func(tx *sqlx.Tx) error {
		var session uuid.UUID
		if err := tx.GetContext(ctx, &session, family, owner, hash); errors.Is(err, sql.ErrNoRows) {
			return nil
		} else if err != nil {
			return err
		}
		known = true
		res, err := tx.ExecContext(ctx, revoke, owner, session, now)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err // already over
		}
		return endSessions(ctx, tx, []uuid.UUID{session})
	})
	if err != nil {
		return false, fmt.Errorf("store: revoke refresh tokens: %w", translate(err))
	}
	return known, nil
}

// Throttled is a subject of the login throttle, such as an account or a
// client address, and how many attempts it may have in the window.
type Throttled struct {
	Subject string
	Limit   int
}

// ReserveAttempt takes a place for the attempt among the attempts each
// subject may make in the window since the given time, or, when any subject
// has none left, returns the time at which its oldest counted attempt leaves
// the window.
//
// Places are taken under a lock per subject, in the order given, so that
// between counting a subject's attempts and adding this one no other
// attempt can slip in: N concurrent attempts take at most Limit places.
// A place counts as a failure until it is given back (SucceedAttempt,
// ReleaseAttempt); a crash leaves it counting until it leaves the window.
func (a *Auth) ReserveAttempt(ctx context.Context, attempt uuid.UUID, subjects []Throttled, now, since time.Time) (time.Time, error) {
	const (
		// The two-key form keeps these locks apart from the migrations'
		// one-key lock; the first key says they lock throttle subjects.
		lock = `
			SELECT pg_advisory_xact_lock(` + throttleLockClass + `, hashtext(s.subject))
			FROM unnest($1::text[]) WITH ORDINALITY AS s(subject, n)
			ORDER BY s.n`
		// The limit-th newest attempt of each subject within the window.
		count = `
			SELECT s.subject, f.failed_at
			FROM unnest($1::text[], $2::int[]) AS s(subject, lim)
			CROSS JOIN LATERAL (
				SELECT failed_at FROM login_failures
				WHERE subject = s.subject AND failed_at > $3
				ORDER BY failed_at DESC
				OFFSET s.lim - 1 LIMIT 1
			) f`
		reserve = `INSERT INTO login_failures (subject, failed_at, attempt) SELECT unnest($1::text[]), $2, $3`
		forget  = `DELETE FROM login_failures WHERE failed_at < $1`
	)
	names, limits := make([]string, 0, len(subjects)), make([]int64, 0, len(subjects))
	for _, t := range subjects {
		if t.Limit > 0 {
			names, limits = append(names, t.Subject), append(limits, int64(t.Limit))
		}
	}
	var until time.Time
	err := a.inTx(ctx, func(tx *sqlx.Tx) error {
		until = time.Time{}
		if _, err := tx.ExecContext(ctx, lock, pq.StringArray(names)); err != nil {
			return err
		}
		var full []struct {
			Subject  string    `db:"subject"`
			FailedAt time.Time `db:"failed_at"`
		}
		if err := tx.SelectContext(ctx, &full, count, pq.StringArray(names), pq.Int64Array(limits), since); err != nil {
			return err
		}
		for _, f := range full {
			if f.FailedAt.After(until) {
				until = f.FailedAt
			}
		}
		if !until.IsZero() {
			return nil
		}
		if _, err := tx.ExecContext(ctx, reserve, pq.StringArray(names), now, attempt); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, forget, since)
		return err
	})
	if err != nil {
		return time.Time{}, fmt.Errorf("store: reserve login attempt: %w", translate(err))
	}
	if until.IsZero() {
		return time.Time{}, nil
	}
	return until.Add(now.Sub(since)), nil
}

// throttleLockClass is the first key of the advisory locks on throttle
// subjects.
const throttleLockClass = "1"

// FailAttempt records that the attempt failed: its place keeps counting
// for as long as it is in the window, even after the account's next
// successful sign-in, and for nobody else.
func (a *Auth) FailAttempt(ctx context.Context, attempt uuid.UUID, subjects []Throttled) error {
	const q = `UPDATE login_failures SET attempt = NULL WHERE subject = ANY($1) AND attempt = $2`
	return a.settle(ctx, "fail", q, pq.StringArray(subjectNames(subjects)), attempt)
}

// ReleaseAttempt gives back the places the attempt took, when it ended
// before it checked anything (the server was too busy to hash a password).
func (a *Auth) ReleaseAttempt(ctx context.Context, attempt uuid.UUID, subjects []Throttled) error {
	const q = `DELETE FROM login_failures WHERE subject = ANY($1) AND attempt = $2`
	return a.settle(ctx, "release", q, pq.StringArray(subjectNames(subjects)), attempt)
}

// SucceedAttempt gives back the places of a successful sign-in and forgets
// the failed attempts of account, the subject of the account signed in.
// Attempts still in progress keep their places.
func (a *Auth) SucceedAttempt(ctx context.Context, attempt uuid.UUID, subjects []Throttled, account string) error {
	const q = `
		DELETE FROM login_failures
		WHERE (subject = ANY($1) AND attempt = $2) OR (subject = $3 AND attempt IS NULL)`
	return a.settle(ctx, "succeed", q, pq.StringArray(subjectNames(subjects)), attempt, account)
}

func (a *Auth) settle(ctx context.Context, what, q string, args ...any) error {
	err := a.inTx(ctx, func(tx *sqlx.Tx) error {
		_, err := tx.ExecContext(ctx, q, args...)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: %s login attempt: %w", what, translate(err))
	}
	return nil
}

func subjectNames(subjects []Throttled) []string {
	names := make([]string, len(subjects))
	for i, t := range subjects {
		names[i] = t.Subject
	}
	return names
}
