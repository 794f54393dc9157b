package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"
	"github.com/shopspring/decimal"

	"consumption/domain"
)

// tariffRow is a row of tariffs, as its columns name it.
type tariffRow struct {
	ID uuid.UUID `db:"id"`
	tariffInputRow
	CreatedAt time.Time `db:"created_at"`
	UpdatedAt time.Time `db:"updated_at"`
}

// tariffInputRow holds the columns of a tariff that its input gives.
type tariffInputRow struct {
	Type                 domain.Type     `db:"type"`
	Name                 string          `db:"name"`
	ValidFrom            domain.Date     `db:"valid_from"`
	ValidTo              *domain.Date    `db:"valid_to"`
	UnitPrice            decimal.Decimal `db:"unit_price"`
	PriceUnit            domain.Unit     `db:"price_unit"`
	StandingChargePerDay decimal.Decimal `db:"standing_charge_per_day"`
	TaxRate              decimal.Decimal `db:"tax_rate"`
}

func (r tariffRow) tariff() domain.Tariff {
	return domain.Tariff{
		ID: r.ID, TariffInput: domain.TariffInput(r.tariffInputRow), CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
	}
}

const tariffColumns = `id, type, name, valid_from, valid_to, unit_price, price_unit, standing_charge_per_day, tax_rate, created_at, updated_at`

// TariffOverlapError is a write the database refused because the tariff's
// days overlap those of another tariff of the same type.
type TariffOverlapError struct {
	// Other is the stored tariff it overlaps; its ID is uuid.Nil when that
	// tariff was deleted before it could be found.
	Other domain.Tariff
}

func (e *TariffOverlapError) Error() string {
	return fmt.Sprintf("store: tariff overlaps tariff %s", e.Other.ID)
}

// Tariffs are one user's tariffs.
type Tariffs struct {
	userScope
}

// List returns the tariffs of the type given, or of every type when it is
// nil, by type and then by first day.
func (ts *Tariffs) List(ctx context.Context, typ *domain.Type) ([]domain.Tariff, error) {
	const q = `SELECT ` + tariffColumns + ` FROM tariffs
		WHERE user_id = $1 AND ($2::text IS NULL OR type = $2)
		ORDER BY array_position(ARRAY['ELECTRICITY', 'WATER', 'GAS'], type), valid_from`
	var rows []tariffRow
	err := ts.inReadTx(ctx, func(tx *sqlx.Tx) error {
		return tx.SelectContext(ctx, &rows, q, ts.userID, typ)
	})
	if err != nil {
		return nil, fmt.Errorf("store: list tariffs: %w", translate(err))
	}
	out := make([]domain.Tariff, len(rows))
	for i, r := range rows {
		out[i] = r.tariff()
	}
	return out, nil
}

// Create stores a tariff. Days overlapping another tariff of the same type
// are a *TariffOverlapError.
func (ts *Tariffs) Create(ctx context.Context, in domain.TariffInput) (domain.Tariff, error) {
	const q = `
		INSERT INTO tariffs (user_id, type, name, valid_from, valid_to, unit_price, price_unit, standing_charge_per_day, tax_rate)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		RETURNING ` + tariffColumns
	var row tariffRow
	err := ts.inTx(ctx, func(tx *sqlx.Tx) error {
		err := tx.GetContext(ctx, &row, q, ts.userID,
			in.Type, in.Name, in.ValidFrom, in.ValidTo, in.UnitPrice, in.PriceUnit, in.StandingChargePerDay, in.TaxRate)
		if err != nil {
			return err
		}
		// Aggregates read tariffs, maybe on the replica.
		return ts.markWrite(ctx, tx)
	})
	if isExclusionViolation(err) {
		return domain.Tariff{}, ts.overlap(ctx, in, uuid.Nil)
	}
	if err != nil {
		return domain.Tariff{}, fmt.Errorf("store: create tariff: %w", translate(err))
	}
	return row.tariff(), nil
}

// Update changes the tariff with the given id: change receives the stored
// tariff and returns what it should become, or an error that leaves it as
// it was. Reading and writing happen in one transaction. Days made to
// overlap another tariff of the same type are a *TariffOverlapError.
func (ts *Tariffs) Update(ctx context.Context, id uuid.UUID, change func(domain.Tariff) (domain.TariffInput, error)) (domain.Tariff, error) {
	const (
		get    = `SELECT ` + tariffColumns + ` FROM tariffs WHERE user_id = $1 AND id = $2 FOR UPDATE`
		update = `
			UPDATE tariffs SET
				type = $3, name = $4, valid_from = $5, valid_to = $6, unit_price = $7, price_unit = $8,
				standing_charge_per_day = $9, tax_rate = $10, updated_at = now()
			WHERE user_id = $1 AND id = $2
			RETURNING ` + tariffColumns
	)
	var (
		updated   tariffRow
		in        domain.TariffInput
		changeErr error
	)
	err := ts.inTx(ctx, func(tx *sqlx.Tx) error {
		var current tariffRow
		if err := tx.GetContext(ctx, &current, get, ts.userID, id); err != nil {
			return err
		}
		if in, changeErr = change(current.tariff()); changeErr != nil {
			return changeErr
		}
		err := tx.GetContext(ctx, &updated, update, ts.userID, id,
			in.Type, in.Name, in.ValidFrom, in.ValidTo, in.UnitPrice, in.PriceUnit, in.StandingChargePerDay, in.TaxRate)
		if err != nil {
			return err
		}
		return ts.markWrite(ctx, tx)
	})
	if isExclusionViolation(err) {
		return domain.Tariff{}, ts.overlap(ctx, in, id)
	}
	if changeErr != nil {
		return domain.Tariff{}, changeErr
	}
	if err != nil {
		return domain.Tariff{}, fmt.Errorf("store: update tariff: %w", notFoundIfNoRows(err))
	}
	return updated.tariff(), nil
}

// Delete removes the tariff with the given id, or returns ErrNotFound.
func (ts *Tariffs) Delete(ctx context.Context, id uuid.UUID) error {
	const q = `DELETE FROM tariffs WHERE user_id = $1 AND id = $2`
	if err := ts.deleteOne(ctx, q, id); err != nil {
		return fmt.Errorf("store: delete tariff: %w", err)
	}
	return nil
}

// overlap finds, after the exclusion constraint refused a write, which
// stored tariff the input collides with, and returns the *TariffOverlapError
// that names it. The constraint waits for concurrent writers to finish, so
// the colliding tariff is committed by then.
func (ts *Tariffs) overlap(ctx context.Context, in domain.TariffInput, exclude uuid.UUID) error {
	const q = `SELECT ` + tariffColumns + ` FROM tariffs
		WHERE user_id = $1 AND type = $2 AND id <> $5
			AND daterange(valid_from, valid_to, '[]') && daterange($3::date, $4::date, '[]')
		ORDER BY valid_from
		LIMIT 1`
	var row tariffRow
	err := ts.inTx(ctx, func(tx *sqlx.Tx) error {
		return tx.GetContext(ctx, &row, q, ts.userID, in.Type, in.ValidFrom, in.ValidTo, exclude)
	})
	if errors.Is(err, sql.ErrNoRows) {
		// The colliding tariff was deleted in the meantime.
		return &TariffOverlapError{}
	}
	if err != nil {
		return fmt.Errorf("store: find overlapping tariff: %w", translate(err))
	}
	return &TariffOverlapError{Other: row.tariff()}
}
