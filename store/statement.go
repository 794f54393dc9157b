package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
)

// Statement is SQL with its arguments, exactly as the store sends it. The
// benchmark runs statements the store made, to measure what PostgreSQL alone
// costs for the queries the server makes.
type Statement struct {
	SQL  string
	Args []any
	// genericPlan says the store runs it with one plan for all parameters.
	genericPlan bool
	// writes says it changes rows: it runs in a transaction that may.
	writes bool
	// name is what connections prepare it as for transactions in one trip, if
	// not the name its text gives it (see preparedName); params are the
	// types of its parameters, in parentheses, if PostgreSQL is not to
	// infer them.
	name, params string
}

// Run runs statements in the user's scope as the store's own methods do
// (the same role, row-level security, prepared statements and round trips:
// reads as one read, writes as one write), and reads every row without
// decoding it. It returns how many rows came back.
func (u UserData) Run(ctx context.Context, stmts ...Statement) (int, error) {
	rows := 0
	scans := make([]func(*sql.Rows) error, len(stmts))
	for i := range scans {
		scans[i] = func(rs *sql.Rows) error {
			if i == 0 {
				rows = 0 // the statements run again: count afresh
			}
			for rs.Next() {
				rows++
			}
			return nil
		}
	}
	var err error
	if slices.ContainsFunc(stmts, func(st Statement) bool { return st.writes }) {
		err = u.Records.write(ctx, stmts, scans...)
	} else {
		err = u.Records.read(ctx, stmts, scans...)
	}
	if err != nil {
		return 0, fmt.Errorf("store: run: %w", translate(err))
	}
	return rows, nil
}
