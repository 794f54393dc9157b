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
	"strconv"
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
	// url is the database's, for connections of its own (Listen).
	url string

	// acquireTimeout bounds the wait for a free connection (zero: as long
	// as the context allows), and statementTimeout, as PostgreSQL reads it,
	// the run of each statement in a transaction ("0": no bound).
	acquireTimeout   time.Duration
	statementTimeout string

	// stmts are the statements prepared so far, by SQL text: a prepared
	// statement is planned once per connection instead of once per request,
	// and runs in one round trip instead of two.
	stmtsMu sync.Mutex
	stmts   map[string]*sqlx.Stmt

	// replica, when set, is the store of a streaming replica that reads go
	// to (see replica.go), and replicaTxs the transactions open on it.
	replica    *Store
	replicaTxs sync.Map
	// txOptions are those of every transaction: read-only on a replica.
	txOptions *sql.TxOptions
	// citus says the database is a Citus coordinator's (found when the
	// store opens).
	citus bool
}

// PoolOptions size the connection pool and bound how long a transaction
// may wait for a connection and hold it.
type PoolOptions struct {
	// MaxOpenConns bounds the pool's connections, which it keeps open
	// when idle.
	MaxOpenConns    int
	ConnMaxLifetime time.Duration
	// AcquireTimeout bounds how long a transaction waits for a free
	// connection when every one is in use; past it the store returns
	// ErrBusy. Zero waits as long as the context allows.
	AcquireTimeout time.Duration
	// StatementTimeout bounds each statement of a transaction; past it
	// PostgreSQL cancels the statement and the store returns ErrTimeout.
	// Zero sets no bound.
	StatementTimeout time.Duration
	// ReadURL, when set, names a streaming replica of the database, with a
	// pool of its own of the same size, for reads (see replica.go).
	ReadURL string
}

// Open connects to the database at url and asks whether it is a Citus
// coordinator's (see scopeSettings), which checks that it answers. The
// replica that pool.ReadURL names is only connected to when first used.
func Open(ctx context.Context, url string, pool PoolOptions) (*Store, error) {
	s, err := openPool(url, pool)
	if err != nil {
		return nil, err
	}
	if err := s.detectCitus(ctx); err != nil {
		s.db.Close()
		return nil, err
	}
	if pool.ReadURL != "" {
		if s.replica, err = openPool(pool.ReadURL, pool); err != nil {
			s.db.Close()
			return nil, err
		}
		// lib/pq begins READ WRITE unless told otherwise, which a hot
		// standby refuses.
		s.replica.txOptions = &sql.TxOptions{ReadOnly: true}
	}
	return s, nil
}

// openPool returns a store on a pool of connections to url, not yet
// connected.
func openPool(url string, pool PoolOptions) (*Store, error) {
	db, err := sqlx.Open("postgres", url)
	if err != nil {
		return nil, fmt.Errorf("store: open: %w", err)
	}
	if pool.MaxOpenConns > 0 {
		// The pool keeps as many connections idle as it may open:
		// database/sql keeps two, and a pool busier than that would close
		// the others after each transaction and connect again, and prepare
		// its statements again, for the next (the in-process benchmarks,
		// on the tests' pool, spent 2% of their time connecting).
		db.SetMaxOpenConns(pool.MaxOpenConns)
		db.SetMaxIdleConns(pool.MaxOpenConns)
	}
	if pool.ConnMaxLifetime > 0 {
		db.SetConnMaxLifetime(pool.ConnMaxLifetime)
	}
	s := newStore(db, url)
	s.acquireTimeout = pool.AcquireTimeout
	if pool.StatementTimeout > 0 {
		s.statementTimeout = strconv.FormatInt(max(pool.StatementTimeout.Milliseconds(), 1), 10) + "ms"
	}
	return s, nil
}

func newStore(db *sqlx.DB, url string) *Store {
	return &Store{db: db, url: url, statementTimeout: "0", stmts: make(map[string]*sqlx.Stmt)}
}

// New returns a store on an open connection pool, for callers that build
// their own, such as tests that watch the statements sent; url names the
// same database, for the connections a Listener makes of its own. Its
// transactions wait for a connection and run without other bounds than
// their contexts. It asks the database whether it is a Citus coordinator's.
func New(ctx context.Context, db *sqlx.DB, url string) (*Store, error) {
	s := newStore(db, url)
	if err := s.detectCitus(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// detectCitus asks the database whether it is a Citus coordinator's, which
// also checks that it answers.
func (s *Store) detectCitus(ctx context.Context) error {
	if err := s.db.GetContext(ctx, &s.citus, isCitusQuery); err != nil {
		return fmt.Errorf("store: connect: %w", err)
	}
	return nil
}

// Close closes every connection.
func (s *Store) Close() error {
	if s.replica != nil {
		s.replica.Close()
	}
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
//
// Preparing on the pool takes a second connection, which a busy pool may
// not have: every connection may be held by a transaction waiting here. So
// that wait is bounded, and past it the statement is prepared on the
// transaction's own connection, for this transaction only.
func (s *Store) prepared(ctx context.Context, tx *sqlx.Tx, query string) (*sqlx.Stmt, error) {
	if _, onReplica := s.replicaTxs.Load(tx); onReplica {
		return s.replica.prepared(ctx, tx, query)
	}
	s.stmtsMu.Lock()
	st, ok := s.stmts[query]
	s.stmtsMu.Unlock()
	if ok {
		return tx.StmtxContext(ctx, st), nil
	}
	prepareCtx, cancel := context.WithTimeout(ctx, prepareOnPoolWait)
	defer cancel()
	st, err := s.db.PreparexContext(prepareCtx, query)
	if err != nil && prepareCtx.Err() != nil && ctx.Err() == nil {
		// The wait ran out, for a connection or for a lock that preparing
		// takes; the error may be the context's or PostgreSQL's cancel.
		return tx.PreparexContext(ctx, query)
	}
	if err != nil {
		return nil, err
	}
	s.stmtsMu.Lock()
	if first, ok := s.stmts[query]; ok {
		st.Close() // another transaction prepared it meanwhile
		st = first
	} else {
		s.stmts[query] = st
	}
	s.stmtsMu.Unlock()
	return tx.StmtxContext(ctx, st), nil
}

// prepareOnPoolWait bounds the wait for a connection to prepare a statement
// on: it is taken at once when the pool has one free.
const prepareOnPoolWait = 100 * time.Millisecond

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.db.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

// Stats returns the connection pool's statistics.
func (s *Store) Stats() sql.DBStats { return s.db.Stats() }

// Pools returns the connection pools by name, for their statistics to be
// collected: "primary", and "replica" when reads have one. Nothing else may
// run statements on them; all SQL lives in this package.
func (s *Store) Pools() map[string]*sql.DB {
	pools := map[string]*sql.DB{"primary": s.db.DB}
	if s.replica != nil {
		pools["replica"] = s.replica.db.DB
	}
	return pools
}

// UserData is the data that belongs to one user.
type UserData struct {
	// Account is the user's own account: settings, password, deletion.
	Account *Account
	// Records are the user's consumption records.
	Records *Records
	// Aggregates are the totals of the user's records over ranges of days.
	Aggregates *Aggregates
	// Tariffs are the user's prices of each type over spans of days.
	Tariffs *Tariffs
	// Meters are the user's meters, and MeterReadings their readings.
	Meters        *Meters
	MeterReadings *MeterReadings
	// Budgets are the user's budgets.
	Budgets *Budgets
	// APITokens are the tokens the user made for scripts.
	APITokens *APITokens
	// Sample is the user's sample data, across the tables above.
	Sample *Sample
}

// ForUser returns the data of the user with the given id. Nothing reached
// through it can read or change another user's rows.
func (s *Store) ForUser(id uuid.UUID) UserData {
	scope := userScope{store: s, userID: id}
	// Aggregates only read, and their one statement plans as well once for
	// all parameters as anew for each: planning it cost more than running it.
	// What it groups, it hashes.
	reads := userScope{store: s, userID: id, readOnly: true, genericPlans: true, hashGroups: true}
	return UserData{
		Account:    &Account{scope},
		Records:    &Records{scope},
		Aggregates: &Aggregates{reads},
		Tariffs:    &Tariffs{scope},

		Meters:        &Meters{scope},
		MeterReadings: &MeterReadings{scope},
		Budgets:       &Budgets{scope},
		APITokens:     &APITokens{scope},
		Sample:        &Sample{scope},
	}
}

// userScope is what every user-scoped repository holds: the store and the id
// of the one user it acts for.
type userScope struct {
	store  *Store
	userID uuid.UUID
	// readOnly says that the repository only reads, so that its
	// transactions may run on the replica.
	readOnly bool
	// genericPlans says that the repository's prepared statements should
	// be planned once, not for each set of parameters.
	genericPlans bool
	// hashGroups says that its statements should group rows in a hash
	// table, never by sorting them.
	hashGroups bool
}

// tx returns how the scope's transactions run.
func (u userScope) tx() txScope {
	return txScope{role: roleUser, userID: u.userID.String(), genericPlans: u.genericPlans, hashGroups: u.hashGroups}
}

// txScope says whom a transaction acts for: a role, and the user whose rows
// row-level security lets it see ("" for none). genericPlans makes
// PostgreSQL reuse one plan per prepared statement instead of choosing
// between that and planning for each set of parameters.
type txScope struct {
	role         string
	userID       string
	genericPlans bool
	// hashGroups makes PostgreSQL group rows in a hash table, where it may
	// choose to sort them: the aggregates' statement groups a few hundred
	// rows at most, where the planner, expecting a few dozen, sorted them
	// (a weekly series' statement took 1.25 times as long).
	hashGroups bool
}

// inTx runs fn in a transaction as the consumption_user role, with
// app.user_id set to the scope's user for the length of the transaction.
func (u userScope) inTx(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	if u.readOnly {
		return u.inReadTx(ctx, fn)
	}
	return u.store.inTx(ctx, u.tx(), fn)
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
func (s *Store) inTx(ctx context.Context, scope txScope, fn func(tx *sqlx.Tx) error) error {
	var err error
	for range maxTxAttempts {
		if err = s.tryTx(ctx, scope, fn); !isRetryable(err) {
			return err
		}
	}
	return err
}

func (s *Store) tryTx(ctx context.Context, scope txScope, fn func(tx *sqlx.Tx) error) error {
	conn, tx, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer func() {
		// Rolling back a committed transaction does nothing; otherwise the
		// transaction's error is the one worth reporting, and a failed
		// rollback means the connection is gone, which the pool drops.
		_ = tx.Rollback()
		_ = conn.Close()
	}()
	if _, err := tx.ExecContext(ctx, s.scopeSettings(scope)); err != nil {
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

// scopeSettings returns the statements that start each transaction of the
// scope, as one simple query: the role, app.user_id and the other settings,
// each SET LOCAL, so that it lasts the transaction only. SET LOCAL rather
// than set_config: on a Citus cluster the coordinator passes SET LOCAL on to
// the workers when citus.propagate_set_commands is 'local', set first, and
// row-level security binds there too (PostgreSQL without Citus keeps the
// setting as a placeholder that nothing reads). JIT compilation costs tens
// of milliseconds and never pays for itself on statements of this size.
//
// Generic plans are PostgreSQL's alone: Citus plans a statement with
// parameters anew for each set of them, to find its shard, and refuses to
// plan it without them unless it reads one table.
//
// The values are the store's own: role constants, a UUID's text, a
// duration in milliseconds; nothing a client sent.
func (s *Store) scopeSettings(scope txScope) string {
	planCache := "auto"
	if scope.genericPlans && !s.citus {
		planCache = "force_generic_plan"
	}
	settings := `SET LOCAL citus.propagate_set_commands = 'local'; SET LOCAL ROLE ` + scope.role +
		`; SET LOCAL app.user_id = '` + scope.userID + `'; SET LOCAL statement_timeout = '` + s.statementTimeout +
		`'; SET LOCAL jit = off; SET LOCAL plan_cache_mode = ` + planCache
	if scope.hashGroups {
		settings += `; SET LOCAL enable_sort = off`
	}
	return settings
}

// begin starts a transaction on a connection of its own. Only the wait for
// the connection is bounded by acquireTimeout (past it, ErrBusy); the
// transaction then runs as long as ctx and the statement timeout allow.
//
// A pooled connection can turn out dead only when used, as every idle one
// is after PostgreSQL restarted: beginning on it fails before anything ran,
// so the connection is dropped and another one taken.
func (s *Store) begin(ctx context.Context) (*sqlx.Conn, *sqlx.Tx, error) {
	for attempt := 1; ; attempt++ {
		conn, err := s.acquire(ctx)
		if err != nil {
			return nil, nil, err
		}
		tx, err := conn.BeginTxx(ctx, s.txOptions)
		if err == nil {
			return conn, tx, nil
		}
		_ = conn.Close()
		if !connectionLost(err) || attempt >= s.maxDeadConns() || ctx.Err() != nil {
			return nil, nil, translate(fmt.Errorf("store: begin: %w", err))
		}
	}
}

// maxDeadConns bounds how many dead connections one caller drops before
// giving up: at most every idle one of the pool, and one more.
func (s *Store) maxDeadConns() int {
	return max(s.db.Stats().MaxOpenConnections, 2) + 1
}

// acquire takes a connection from the pool, waiting at most acquireTimeout
// for one to be free.
func (s *Store) acquire(ctx context.Context) (*sqlx.Conn, error) {
	waitCtx := ctx
	if s.acquireTimeout > 0 {
		var cancel context.CancelFunc
		waitCtx, cancel = context.WithTimeout(ctx, s.acquireTimeout)
		defer cancel()
	}
	conn, err := s.db.Connx(waitCtx)
	if err != nil && waitCtx.Err() != nil && ctx.Err() == nil {
		return nil, ErrBusy
	}
	if err != nil {
		return nil, translate(fmt.Errorf("store: connect: %w", err))
	}
	return conn, nil
}

// notFoundIfNoRows turns sql.ErrNoRows into ErrNotFound and passes anything
// else through translate.
func notFoundIfNoRows(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return translate(err)
}

// deleteOne runs query, a DELETE of the row of the scope's user ($1) with
// the given id ($2), and counts the write; a query that matches no row is
// ErrNotFound.
func (u userScope) deleteOne(ctx context.Context, query string, id uuid.UUID) error {
	err := u.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, query, u.userID, id)
		if err != nil {
			return err
		}
		if err := expectOneRow(res); err != nil {
			return err
		}
		return u.markWrite(ctx, tx)
	})
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
