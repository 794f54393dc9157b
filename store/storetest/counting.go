package storetest

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"consumption/store"
)

// StatementLog records the statements run through a store, for tests that
// count the queries a request costs or look at their plans. A prepared
// statement counts each time it runs, not when it is prepared: each
// EXECUTE of a transaction sent in one trip is recorded as the statement
// it runs, with the text it was prepared with, and a query that failed
// only because a statement was not yet prepared on its connection (or had
// gone stale), which the store prepares and sends again, not at all.
type StatementLog struct {
	mu         sync.Mutex
	statements []LoggedStatement
	// prepared are the texts of the statements prepared by name.
	prepared map[string]string
}

// LoggedStatement is a statement as the store sent it.
type LoggedStatement struct {
	SQL  string
	Args []any
	// Scope is the statement of SET LOCALs that began its transaction (the
	// role and app.user_id), "" outside a transaction or before them.
	Scope string
}

// Statements returns the statements recorded so far, in the order sent.
func (l *StatementLog) Statements() []LoggedStatement {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.statements)
}

// Count returns how many statements were sent whose text contains substr.
func (l *StatementLog) Count(substr string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, s := range l.statements {
		if strings.Contains(s.SQL, substr) {
			n++
		}
	}
	return n
}

// Reset forgets every statement recorded so far.
func (l *StatementLog) Reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.statements = nil
}

func (l *StatementLog) add(state *connState, query string, args []driver.NamedValue) {
	values := make([]any, len(args))
	for i, a := range args {
		values[i] = a.Value
	}
	if strings.Contains(query, "SET LOCAL ROLE") {
		state.scope = query
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if name, text, ok := preparation(query); ok {
		if l.prepared == nil {
			l.prepared = make(map[string]string)
		}
		l.prepared[name] = text
		return
	}
	executed := false
	for _, name := range executedNames(query) {
		if text, ok := l.prepared[name]; ok {
			l.statements = append(l.statements, LoggedStatement{SQL: text, Scope: state.scope})
			executed = true
		}
	}
	if !executed {
		l.statements = append(l.statements, LoggedStatement{SQL: query, Args: values, Scope: state.scope})
	}
}

// preparation returns the name and text of a PREPARE statement.
func preparation(query string) (name, text string, ok bool) {
	rest, ok := strings.CutPrefix(query, "PREPARE ")
	if !ok {
		return "", "", false
	}
	head, text, ok := strings.Cut(rest, " AS ")
	name, _, _ = strings.Cut(head, "(")
	return name, text, ok
}

// executedNames returns the names of the prepared statements a transaction
// sent in one trip executes (a name that no PREPARE gave is none).
func executedNames(query string) []string {
	var names []string
	for _, part := range strings.Split(query, "; EXECUTE ")[1:] {
		end := strings.IndexAny(part, "(;")
		if end < 0 {
			end = len(part)
		}
		names = append(names, part[:end])
	}
	return names
}

// unprepared says err is the failure of a query that the store prepares
// its statements for and sends again.
func unprepared(err error) bool {
	var e *pq.Error
	return errors.As(err, &e) && (e.Code == "26000" || e.Code == "0A000")
}

// OpenLogged opens a store on the migrated database at dbURL whose every
// statement is recorded in the returned log.
func OpenLogged(t testing.TB, dbURL string) (*store.Store, *StatementLog) {
	t.Helper()
	connector, err := pq.NewConnector(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	log := &StatementLog{}
	db := sql.OpenDB(loggingConnector{connector, log})
	t.Cleanup(func() { db.Close() })
	st, err := store.New(context.Background(), sqlx.NewDb(db, "postgres"), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	return st, log
}

type loggingConnector struct {
	driver.Connector
	log *StatementLog
}

func (c loggingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return loggingConn{conn.(pqConn), c.log, &connState{}}, nil
}

// pqConn is what lib/pq's connections implement and the wrapper passes on.
type pqConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.QueryerContext
	driver.ExecerContext
	driver.Pinger
}

type loggingConn struct {
	pqConn
	log   *StatementLog
	state *connState
}

// connState is what a connection's statements share: the scope of the
// transaction open on it.
type connState struct {
	scope string
}

func (c loggingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	c.state.scope = ""
	tx, err := c.pqConn.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return loggingTx{tx, c.state}, nil
}

// loggingTx ends the scope of its transaction with it.
type loggingTx struct {
	driver.Tx
	state *connState
}

func (t loggingTx) Commit() error {
	t.state.scope = ""
	return t.Tx.Commit()
}

func (t loggingTx) Rollback() error {
	t.state.scope = ""
	return t.Tx.Rollback()
}

func (c loggingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	rows, err := c.pqConn.QueryContext(ctx, query, args)
	if !unprepared(err) {
		c.log.add(c.state, query, args)
	}
	return rows, err
}

func (c loggingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	c.log.add(c.state, query, args)
	return c.pqConn.ExecContext(ctx, query, args)
}

// PrepareContext records nothing itself: a prepared statement is recorded
// each time it runs.
func (c loggingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	st, err := c.pqConn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	return loggingStmt{st.(pqStmt), query, c.log, c.state}, nil
}

// pqStmt is what lib/pq's prepared statements implement.
type pqStmt interface {
	driver.Stmt
	driver.StmtExecContext
	driver.StmtQueryContext
}

type loggingStmt struct {
	pqStmt
	query string
	log   *StatementLog
	state *connState
}

func (s loggingStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	s.log.add(s.state, s.query, args)
	return s.pqStmt.QueryContext(ctx, args)
}

func (s loggingStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	s.log.add(s.state, s.query, args)
	return s.pqStmt.ExecContext(ctx, args)
}
