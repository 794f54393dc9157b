package storetest

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"strings"
	"sync"
	"testing"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"consumption/store"
)

// StatementLog records the statements run through a store, for tests that
// count the queries a request costs. A prepared statement counts each time
// it runs, not when it is prepared.
type StatementLog struct {
	mu         sync.Mutex
	statements []string
}

// Count returns how many statements were sent whose text contains substr.
func (l *StatementLog) Count(substr string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, s := range l.statements {
		if strings.Contains(s, substr) {
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

func (l *StatementLog) add(query string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.statements = append(l.statements, query)
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
	return loggingConn{conn.(pqConn), c.log}, nil
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
	log *StatementLog
}

func (c loggingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	c.log.add(query)
	return c.pqConn.QueryContext(ctx, query, args)
}

func (c loggingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	c.log.add(query)
	return c.pqConn.ExecContext(ctx, query, args)
}

// PrepareContext records nothing itself: a prepared statement is recorded
// each time it runs.
func (c loggingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	st, err := c.pqConn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	return loggingStmt{st.(pqStmt), query, c.log}, nil
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
}

func (s loggingStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	s.log.add(s.query)
	return s.pqStmt.QueryContext(ctx, args)
}

func (s loggingStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	s.log.add(s.query)
	return s.pqStmt.ExecContext(ctx, args)
}
