package store

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"
	"github.com/shopspring/decimal"

	"consumption/domain"
)

// budgetRow is a row of budgets, as its columns name it.
type budgetRow struct {
	ID          uuid.UUID          `db:"id"`
	Type        domain.Type        `db:"type"`
	Granularity domain.Granularity `db:"granularity"`
	Measure     domain.Measure     `db:"measure"`
	Limit       decimal.Decimal    `db:"budget_limit"`
	Unit        *domain.Unit       `db:"unit"`
	CreatedAt   time.Time          `db:"created_at"`
	UpdatedAt   time.Time          `db:"updated_at"`
}

func (r budgetRow) budget() domain.Budget {
	return domain.Budget{
		ID: r.ID,
		BudgetInput: domain.BudgetInput{
			Type: r.Type, Granularity: r.Granularity, Measure: r.Measure, Limit: r.Limit, Unit: r.Unit,
		},
		CreatedAt: r.CreatedAt,
		UpdatedAt: r.UpdatedAt,
	}
}

const budgetColumns = `id, type, granularity, measure, budget_limit, unit, created_at, updated_at`

// Budgets are one user's budgets.
type Budgets struct {
	userScope
}

// List returns every budget, by type (in the order of domain.Types), then
// granularity (month, quarter, year), then measure (amount, cost).
func (bs *Budgets) List(ctx context.Context) ([]domain.Budget, error) {
	const q = `SELECT ` + budgetColumns + ` FROM budgets WHERE user_id = $1
		ORDER BY array_position(ARRAY['ELECTRICITY', 'WATER', 'GAS'], type),
			array_position(ARRAY['MONTH', 'QUARTER', 'YEAR'], granularity), measure`
	var rows []budgetRow
	err := bs.inReadTx(ctx, func(tx *sqlx.Tx) error {
		rows = nil
		return tx.SelectContext(ctx, &rows, q, bs.userID)
	})
	if err != nil {
		return nil, fmt.Errorf("store: list budgets: %w", translate(err))
	}
	out := make([]domain.Budget, len(rows))
	for i, r := range rows {
		out[i] = r.budget()
	}
	return out, nil
}

// Set stores the budget of its type, granularity and measure: a new one, or
// the one already there with the new limit and unit (and its id kept). Two
// at once for the same period leave one budget, the last written. It is
// ErrNotFound once the account is deleted.
func (bs *Budgets) Set(ctx context.Context, in domain.BudgetInput) (domain.Budget, error) {
	const q = `
		INSERT INTO budgets (user_id, type, granularity, measure, budget_limit, unit)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (user_id, type, granularity, measure) DO UPDATE
			-- excluded.updated_at is now(), its default: Citus takes no
			-- function here that is not immutable.
			SET budget_limit = excluded.budget_limit, unit = excluded.unit, updated_at = excluded.updated_at,
				-- A sample budget set by its user is the user's own.
				sample = false
		RETURNING ` + budgetColumns
	var r budgetRow
	err := bs.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := tx.GetContext(ctx, &r, q, bs.userID, in.Type, in.Granularity, in.Measure, in.Limit, in.Unit); err != nil {
			return err
		}
		return bs.markWrite(ctx, tx)
	})
	if pqCode(err) == codeForeignKey {
		// The account is gone: its token outlived it.
		return domain.Budget{}, fmt.Errorf("store: set budget: %w", ErrNotFound)
	}
	if err != nil {
		return domain.Budget{}, fmt.Errorf("store: set budget: %w", translate(err))
	}
	return r.budget(), nil
}

// Delete removes the budget with the given id, or returns ErrNotFound.
func (bs *Budgets) Delete(ctx context.Context, id uuid.UUID) error {
	const q = `DELETE FROM budgets WHERE user_id = $1 AND id = $2`
	if err := bs.deleteOne(ctx, q, id); err != nil {
		return fmt.Errorf("store: delete budget: %w", err)
	}
	return nil
}
