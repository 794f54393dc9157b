package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"consumption/engine"
)

// What the store's external tests reach inside for.

// Roles of the scoped transactions.
const (
	RoleUser = roleUser
	RoleAuth = roleAuth
)

// InUserTx runs fn in the scoped transaction of the given user.
func InUserTx(ctx context.Context, st *Store, user uuid.UUID, fn func(tx *sqlx.Tx) error) error {
	return st.ForUser(user).Records.inTx(ctx, fn)
}

// InRoleTx runs fn in a transaction as role with no user set.
func InRoleTx(ctx context.Context, st *Store, role string, fn func(tx *sqlx.Tx) error) error {
	return st.inTx(ctx, txScope{role: role}, fn)
}

// DB returns the store's unscoped connection pool.
func DB(st *Store) *sqlx.DB { return st.db }

// MigrationTable is where applied migrations are recorded.
const MigrationTable = migrationTable

// ExplainAggregateRead returns the statement that reads r for user, the
// name it is prepared under, and its plan (see explain).
func ExplainAggregateRead(ctx context.Context, st *Store, user uuid.UUID, r engine.Read) (stmt Statement, name, plan string, err error) {
	a := st.ForUser(user).Aggregates
	args, err := a.aggregateArgs(r)
	if err != nil {
		return Statement{}, "", "", err
	}
	stmt = args.statement(args.variant())
	plan, err = explain(ctx, a.userScope, stmt)
	return stmt, stmt.preparedName(), plan, err
}

// ReadOthersRecords reads, as me, with the statement of the aggregates of
// other: row-level security alone must keep other's rows from me.
func ReadOthersRecords(ctx context.Context, st *Store, me, other uuid.UUID, r engine.Read) (engine.Readings, error) {
	args, err := st.ForUser(other).Aggregates.aggregateArgs(r)
	if err != nil {
		return engine.Readings{}, err
	}
	out, err := st.ForUser(me).Aggregates.readArgsInto(ctx, args, nil)
	return out, translate(err)
}

// CountRecords counts the user's records as a page with its total does.
func CountRecords(ctx context.Context, rs *Records) (int, error) {
	page, err := rs.List(ctx, ListOptions{Order: DefaultOrder, Count: true})
	return page.Total, err
}

// TombstonesLock is the advisory lock of the clean-up of tombstones.
const TombstonesLock = tombstonesLock

// IsCitus reports whether the store found a Citus coordinator.
func IsCitus(st *Store) bool { return st.citus }

// ReadText reads, as user, the text of the value of query, which takes
// args, in one read of the user's scope: on PostgreSQL in one trip, with
// the arguments written into the query.
func ReadText(ctx context.Context, st *Store, user uuid.UUID, query string, args ...any) (*string, error) {
	var text *string
	err := st.ForUser(user).Records.read(ctx, []Statement{{SQL: query, Args: args}}, func(rows *sql.Rows) error {
		if !rows.Next() {
			return sql.ErrNoRows
		}
		return rows.Scan(&text)
	})
	return text, err
}

// ExplainRead returns the plan of stmt as a read of user's records runs
// it (see explain).
func ExplainRead(ctx context.Context, st *Store, user uuid.UUID, stmt Statement) (string, error) {
	return explain(ctx, st.ForUser(user).Records.userScope, stmt)
}

// explain returns the plan of stmt as a read of scope runs it: prepared,
// with the read's settings, its arguments written into the EXECUTE, a line
// each. It is prepared under a name of its own: a prepared statement
// outlives the transaction on its connection, and a failed one's too.
func explain(ctx context.Context, scope userScope, stmt Statement) (string, error) {
	scope.genericPlans = scope.genericPlans || stmt.genericPlan
	name := stmt.preparedName() + "_explained"
	values, err := stmt.appendLiterals(nil)
	if err != nil {
		return "", err
	}
	var plan strings.Builder
	err = scope.store.inTx(ctx, scope.tx(), func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `PREPARE `+name+stmt.params+` AS `+stmt.SQL); err != nil {
			return err
		}
		defer tx.ExecContext(ctx, `DEALLOCATE `+name)
		var lines []string
		if err := tx.SelectContext(ctx, &lines, `EXPLAIN EXECUTE `+name+string(values)); err != nil {
			return err
		}
		for _, line := range lines {
			plan.WriteString(line + "\n")
		}
		return nil
	})
	return plan.String(), err
}

// NullElement stands for a NULL element in what WalkArrayText returns.
const NullElement = "\x00NULL"

// WalkArrayText returns the elements of an array in PostgreSQL's text form,
// as the aggregates' read walks them.
func WalkArrayText(b []byte) ([]string, error) { return walkArray(b) }

// ReadUnpacked is Aggregates.Read with the rows never packed, however many
// records it reads one by one.
func ReadUnpacked(ctx context.Context, st *Store, user uuid.UUID, r engine.Read) (engine.Readings, error) {
	a := st.ForUser(user).Aggregates
	args, err := a.aggregateArgs(r)
	if err != nil {
		return engine.Readings{}, err
	}
	args.recordDays = 0
	return a.readArgsInto(ctx, args, nil)
}
