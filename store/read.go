package store

import (
	"cmp"
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// read runs stmts, in order, in one read-only transaction of the scope,
// and hands the rows of each to its scan: scans[i] reads those of
// stmts[i], and neither closes them nor moves past them. A scan may run
// more than once (see readInOneTrip), so it starts afresh each time.
//
// On the primary the whole transaction is one round trip (readInOneTrip).
// A read that may go to a replica first checks that the replica has the
// user's writes, in a transaction of the usual kind. So does a read on
// Citus: the coordinator passes a SET LOCAL on to the workers as the text
// of the query it came in, which in one simple query is the whole
// transaction.
func (u userScope) read(ctx context.Context, stmts []Statement, scans ...func(*sql.Rows) error) error {
	if len(stmts) != len(scans) {
		return fmt.Errorf("store: read: %d statements, %d scans", len(stmts), len(scans))
	}
	for _, st := range stmts {
		u.genericPlans = u.genericPlans || st.genericPlan
	}
	if u.store.replica == nil && !u.store.citus {
		return u.store.readInOneTrip(ctx, u.tx(), stmts, scans)
	}
	return u.inReadTx(ctx, func(tx *sqlx.Tx) error { return u.store.runStatements(ctx, tx, stmts, scans) })
}

// write runs stmts, in order, in one transaction of the scope that writes,
// and hands the rows of each to its scan, as read does: in one round trip
// (writeInOneTrip), but on Citus, where the settings must reach the workers
// (see read), in a transaction of the usual kind.
func (u userScope) write(ctx context.Context, stmts []Statement, scans ...func(*sql.Rows) error) error {
	if len(stmts) != len(scans) {
		return fmt.Errorf("store: write: %d statements, %d scans", len(stmts), len(scans))
	}
	if !u.store.citus {
		return u.store.writeInOneTrip(ctx, u.tx(), stmts, scans)
	}
	return u.inTx(ctx, func(tx *sqlx.Tx) error { return u.store.runStatements(ctx, tx, stmts, scans) })
}

// runStatements runs stmts, in order, in tx, and hands the rows of each to
// its scan.
func (s *Store) runStatements(ctx context.Context, tx *sqlx.Tx, stmts []Statement, scans []func(*sql.Rows) error) error {
	for i, st := range stmts {
		prepared, err := s.prepared(ctx, tx, st.SQL)
		if err != nil {
			return err
		}
		rows, err := prepared.QueryContext(ctx, st.Args...)
		if err != nil {
			return err
		}
		err = scans[i](rows)
		if closeErr := rows.Close(); err == nil {
			err = cmp.Or(rows.Err(), closeErr)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// readInOneTrip sends the whole transaction of a read as one simple query:
// BEGIN, the switch to the user's role with app.user_id and the other
// settings (SET LOCAL, as every transaction of the store has them), the
// EXECUTE of each statement, prepared on the connection, and COMMIT. The
// transaction runs exactly as one of inTx would, in one round trip instead
// of three and one for each statement: a read's statements cost PostgreSQL
// less than the round trips around them otherwise did.
//
// A connection prepares a statement the first time one of its reads
// executes it, under the statement's name: the EXECUTE fails, the
// transaction is rolled back, the statements are prepared and the query
// sent again (so a scan may run twice). A statement whose result changed
// shape since it was prepared (a migration) is prepared anew the same way.
//
// The simple protocol takes no parameters, so the values are written into
// the query as literals (see appendLiteral).
func (s *Store) readInOneTrip(ctx context.Context, scope txScope, stmts []Statement, scans []func(*sql.Rows) error) error {
	return s.inOneTrip(ctx, scope, `BEGIN READ ONLY`, stmts, scans)
}

// writeInOneTrip is readInOneTrip for a transaction that writes, tried
// again as inTx tries one when PostgreSQL aborted it to break a deadlock.
// Each statement returns rows, for its scan, as a read's do.
func (s *Store) writeInOneTrip(ctx context.Context, scope txScope, stmts []Statement, scans []func(*sql.Rows) error) error {
	var err error
	for range maxTxAttempts {
		if err = s.inOneTrip(ctx, scope, `BEGIN`, stmts, scans); !isRetryable(err) {
			return err
		}
	}
	return err
}

// inOneTrip runs stmts in one transaction, begun by begin, sent as one
// simple query (see readInOneTrip).
func (s *Store) inOneTrip(ctx context.Context, scope txScope, begin string, stmts []Statement, scans []func(*sql.Rows) error) error {
	query, err := s.oneTripQuery(scope, begin, stmts)
	if err != nil {
		return err
	}
	conn, err := s.acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	for prepared := false; ; prepared = true {
		rows, err := conn.QueryContext(ctx, query)
		if err == nil {
			if err = scanResultSets(rows, scans); err == nil {
				return nil
			}
		}
		// A failure leaves the transaction open; end it before the
		// connection goes back to the pool, or drop the connection.
		endFailedTransaction(conn)
		if prepared || ctx.Err() != nil {
			return err
		}
		code := pqCode(err)
		if code != codeNoPreparedStatement && code != codeStalePreparedStatement {
			return err
		}
		if err := prepareOn(ctx, conn, stmts, code == codeStalePreparedStatement); err != nil {
			return err
		}
	}
}

// scanResultSets hands each result set of rows to its scan, and closes rows.
func scanResultSets(rows *sql.Rows, scans []func(*sql.Rows) error) error {
	defer rows.Close()
	for i, scan := range scans {
		if i > 0 && !rows.NextResultSet() {
			return cmp.Or(rows.Err(), fmt.Errorf("store: read: no result for statement %d", i+1))
		}
		if err := scan(rows); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return err
		}
	}
	// Past the last result: COMMIT, whose failure Close reports.
	return rows.Close()
}

// prepareOn prepares stmts on conn under their names, first deallocating
// them when stale. A statement already there is left as it is.
func prepareOn(ctx context.Context, conn *sqlx.Conn, stmts []Statement, stale bool) error {
	for _, st := range stmts {
		name := st.preparedName()
		if stale {
			if _, err := conn.ExecContext(ctx, `DEALLOCATE `+name); err != nil && pqCode(err) != codeNoPreparedStatement {
				return err
			}
		}
		_, err := conn.ExecContext(ctx, `PREPARE `+name+st.params+` AS `+st.SQL)
		if err != nil && pqCode(err) != codeDuplicatePreparedStatement {
			return err
		}
	}
	return nil
}

// oneTripQuery returns the simple query of inOneTrip.
func (s *Store) oneTripQuery(scope txScope, begin string, stmts []Statement) (string, error) {
	q := make([]byte, 0, 512)
	q = append(q, begin...)
	q = append(q, `; `...)
	q = append(q, s.scopeSettings(scope)...)
	for _, st := range stmts {
		q = append(q, `; EXECUTE `...)
		q = append(q, st.preparedName()...)
		var err error
		if q, err = st.appendLiterals(q); err != nil {
			return "", err
		}
	}
	q = append(q, `; COMMIT`...)
	return string(q), nil
}

// preparedName is the name under which each connection prepares st for
// transactions in one trip: its own, or one that its text and parameters'
// types give it.
func (st Statement) preparedName() string {
	if st.name != "" {
		return st.name
	}
	h := fnv.New64a()
	h.Write([]byte(st.params))
	h.Write([]byte(st.SQL))
	return "read_" + strconv.FormatUint(h.Sum64(), 36)
}

// appendLiterals appends st's arguments to q as the SQL literals of an
// EXECUTE, in parentheses.
func (st Statement) appendLiterals(q []byte) ([]byte, error) {
	if len(st.Args) == 0 {
		return q, nil
	}
	q = append(q, '(')
	for i, arg := range st.Args {
		if i > 0 {
			q = append(q, ", "...)
		}
		var err error
		if q, err = appendLiteral(q, arg); err != nil {
			return nil, fmt.Errorf("store: argument %d: %w", i+1, err)
		}
	}
	return append(q, ')'), nil
}

// appendLiteral appends v to q as an SQL literal: the value database/sql
// would send for it as a parameter, in the text PostgreSQL reads for the
// parameter's type. Strings are quoted by lib/pq's QuoteLiteral, which
// doubles quotes and backslashes, so no value, whatever its text, can end
// the literal.
func appendLiteral(q []byte, v any) ([]byte, error) {
	value, err := driver.DefaultParameterConverter.ConvertValue(v)
	if err != nil {
		return nil, err
	}
	switch value := value.(type) {
	case nil:
		return append(q, "NULL"...), nil
	case bool:
		return strconv.AppendBool(q, value), nil
	case int64:
		return strconv.AppendInt(q, value, 10), nil
	case string:
		return appendQuoted(q, value), nil
	case time.Time:
		return appendQuoted(q, value.Format(time.RFC3339Nano)), nil
	}
	return nil, fmt.Errorf("no literal for a %T", value)
}

// appendQuoted appends s quoted as an SQL string literal.
func appendQuoted(q []byte, s string) []byte {
	if !strings.ContainsAny(s, `'\`) {
		q = append(q, '\'')
		q = append(q, s...)
		return append(q, '\'')
	}
	return append(q, pq.QuoteLiteral(s)...)
}

// endFailedTransaction rolls back what a failed simple query left open on
// conn, on a context of its own (the request's may be what failed), and
// drops the connection from the pool if that fails too.
func endFailedTransaction(conn *sqlx.Conn) {
	ctx, cancel := context.WithTimeout(context.Background(), rollbackTimeout)
	defer cancel()
	if _, err := conn.ExecContext(ctx, `ROLLBACK`); err != nil {
		_ = conn.Raw(func(any) error { return driver.ErrBadConn })
	}
}

// rollbackTimeout bounds the rollback of a failed read.
const rollbackTimeout = 5 * time.Second
