// Package store keeps the server's data in PostgreSQL. All SQL lives here.
//
// Data that belongs to a user is reached only through the value ForUser
// returns, which carries that user's id into every statement and into the
// transaction's app.user_id setting; row-level security in the database
// refuses every other user's rows even if a statement forgot its filter.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"
	_ "github.com/lib/pq" // the PostgreSQL driver
)

// The roles each transaction switches to. The migrations create them.
const (
	// roleUser acts for one signed-in user, limited by row-level security to
	// the rows whose user_id is app.user_id.
	roleUser = "consumption_user"
	// roleAuth signs people in and has no access to consumption records.
	roleAuth = "consumption_auth"
)

// Store is the server's database.
type Store struct {
	db *sqlx.DB

	// stmts are the statements prepared so far, by SQL text: a prepared
	// statement is planned once per connection instead of once per request,
	// and runs in one round trip instead of two.
	stmtsMu sync.Mutex
	stmts   map[string]*sqlx.Stmt
}

// PoolOptions size the connection pool.
type PoolOptions struct {
	MaxOpenConns    int
	MaxIdleConns    int
	ConnMaxLifetime time.Duration
}

// Open connects to the database at url and checks that it answers.
func Open(ctx context.Context, url string, pool PoolOptions) (*Store, error) {
	db, err := sqlx.Open("postgres", url)
	if err != nil {
		return nil, fmt.Errorf("store: open: %w", err)
	}
	if pool.MaxOpenConns > 0 {
		db.SetMaxOpenConns(pool.MaxOpenConns)
	}
	if pool.MaxIdleConns > 0 {
		db.SetMaxIdleConns(pool.MaxIdleConns)
	}
	if pool.ConnMaxLifetime > 0 {
		db.SetConnMaxLifetime(pool.ConnMaxLifetime)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connect: %w", err)
	}
	return New(db), nil
}

// New returns a store on an open connection pool, for callers that build
// their own, such as tests that watch the statements sent.
func New(db *sqlx.DB) *Store { return &Store{db: db, stmts: make(map[string]*sqlx.Stmt)} }

// Close closes every connection.
func (s *Store) Close() error {
	s.stmtsMu.Lock()
	for _, st := range s.stmts {
		st.Close()
	}
	s.stmtsMu.Unlock()
	return s.db.Close()
}

// prepared returns the statement for query within tx, preparing it on the
// pool the first time. Only fixed SQL text goes through here, so the cache
// holds a bounded number of statements.
func (s *Store) prepared(ctx context.Context, tx *sqlx.Tx, query string) (*sqlx.Stmt, error) {
	s.stmtsMu.Lock()
	st, ok := s.stmts[query]
	if !ok {
		var err error
		if st, err = s.db.PreparexContext(ctx, query); err != nil {
			s.stmtsMu.Unlock()
			return nil, err
		}
		s.stmts[query] = st
	}
	s.stmtsMu.Unlock()
	return tx.StmtxContext(ctx, st), nil
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.db.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

// Stats returns the connection pool's statistics.
func (s *Store) Stats() sql.DBStats { return s.db.Stats() }

// UserData is the data that belongs to one user.
type UserData struct {
	// Account is the user's own account: settings, password, deletion.
	Account *Account
	// Records are the user's consumption records.
	Records *Records
	// Aggregates are the totals of the user's records over ranges of days.
	Aggregates *Aggregates
}

// ForUser returns the data of the user with the given id. Nothing reached
// through it can read or change another user's rows.
func (s *Store) ForUser(id uuid.UUID) UserData {
	scope := userScope{store: s, userID: id}
	return UserData{
		Account:    &Account{scope},
		Records:    &Records{scope},
		Aggregates: &Aggregates{scope},
	}
}

// userScope is what every user-scoped repository holds: the store and the id
// of the one user it acts for.
type userScope struct {
	store  *Store
	userID uuid.UUID
}

// inTx runs fn in a transaction as the consumption_user role, with
// app.user_id set to the scope's user for the length of the transaction.
func (u userScope) inTx(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	return u.store.inTx(ctx, roleUser, u.userID.String(), fn)
}

// maxTxAttempts bounds how often a transaction is tried when PostgreSQL
// aborts it to break a deadlock or a serialization conflict.
const maxTxAttempts = 3

// inTx runs fn in a transaction switched to role, with app.user_id set to
// userID ("" for none). The settings are local to the transaction, so a
// pooled connection never carries them into another request.
//
// A transaction that PostgreSQL aborted to break a deadlock is tried again:
// two concurrent inserts of overlapping periods wait on each other in the
// exclusion constraint, and on the second try the survivor has committed, so
// the loser sees a plain conflict.
func (s *Store) inTx(ctx context.Context, role, userID string, fn func(tx *sqlx.Tx) error) error {
	var err error
	for range maxTxAttempts {
		if err = s.tryTx(ctx, role, userID, fn); !isRetryable(err) {
			return err
		}
	}
	return err
}

func (s *Store) tryTx(ctx context.Context, role, userID string, fn func(tx *sqlx.Tx) error) (err error) {
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return translate(fmt.Errorf("store: begin: %w", err))
	}
	defer func() {
		if err != nil {
			// The transaction's error is the one worth reporting; a failed
			// rollback means the connection is gone, and the pool drops it.
			_ = tx.Rollback()
		}
	}()
	// JIT compilation costs tens of milliseconds and never pays for itself
	// on statements of this size, which the planner cannot always tell.
	const setScope = `SELECT set_config('role', $1, true), set_config('app.user_id', $2, true), set_config('jit', 'off', true)`
	scope, err := s.prepared(ctx, tx, setScope)
	if err != nil {
		return translate(fmt.Errorf("store: set scope: %w", err))
	}
	if _, err := scope.ExecContext(ctx, role, userID); err != nil {
		return translate(fmt.Errorf("store: set scope: %w", err))
	}
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return translate(fmt.Errorf("store: commit: %w", err))
	}
	return nil
}

// notFoundIfNoRows turns sql.ErrNoRows into ErrNotFound and passes anything
// else through translate.
func notFoundIfNoRows(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return translate(err)
}

// expectOneRow turns an UPDATE or DELETE that matched nothing into ErrNotFound.
func expectOneRow(res sql.Result) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}
