package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// Statement is SQL with its arguments, exactly as the store sends it. The
// benchmark runs statements the store made, to measure what PostgreSQL alone
// costs for the queries the server makes.
type Statement struct {
	SQL  string
	Args []any
	// genericPlan says the store runs it with one plan for all parameters.
	genericPlan bool
}

// Run runs statements in the user's scoped transaction, as the store's own
// methods do (the same role, row-level security and prepared statements),
// and reads every row without decoding it. It returns how many rows came back.
func (u UserData) Run(ctx context.Context, stmts ...Statement) (int, error) {
	scope := u.Records.userScope
	for _, st := range stmts {
		scope.genericPlans = scope.genericPlans || st.genericPlan
	}
	rows := 0
	err := scope.inTx(ctx, func(tx *sqlx.Tx) error {
		for _, st := range stmts {
			prepared, err := scope.store.prepared(ctx, tx, st.SQL)
			if err != nil {
				return err
			}
			res, err := prepared.QueryContext(ctx, st.Args...)
			if err != nil {
				return err
			}
			for res.Next() {
				rows++
			}
			if err := res.Close(); err != nil {
				return err
			}
			if err := res.Err(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: run: %w", translate(err))
	}
	return rows, nil
}
