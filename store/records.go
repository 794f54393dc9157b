package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
	"github.com/shopspring/decimal"

	"consumption/domain"
)

// Record is a consumption record as stored.
type Record struct {
	ID          uuid.UUID       `db:"id"`
	Type        domain.Type     `db:"type"`
	Unit        domain.Unit     `db:"unit"`
	Amount      decimal.Decimal `db:"amount"`
	PeriodStart domain.Date     `db:"period_start"`
	PeriodEnd   domain.Date     `db:"period_end"`
	Notes       *string         `db:"notes"`
	CreatedAt   time.Time       `db:"created_at"`
	UpdatedAt   time.Time       `db:"updated_at"`
}

// Input returns the record's fields as an input, to change and store again.
func (r Record) Input() domain.RecordInput {
	return domain.RecordInput{
		Type: r.Type, Unit: r.Unit, Amount: r.Amount,
		PeriodStart: r.PeriodStart, PeriodEnd: r.PeriodEnd, Notes: r.Notes,
	}
}

const recordColumns = `id, type, unit, amount, period_start, period_end, notes, created_at, updated_at`

// Records are one user's consumption records.
type Records struct {
	userScope
}

// Get returns the record with the given id, or ErrNotFound.
func (rs *Records) Get(ctx context.Context, id uuid.UUID) (Record, error) {
	const q = `SELECT ` + recordColumns + ` FROM consumption_records WHERE user_id = $1 AND id = $2`
	var r Record
	err := rs.inReadTx(ctx, func(tx *sqlx.Tx) error {
		return tx.GetContext(ctx, &r, q, rs.userID, id)
	})
	if err != nil {
		return Record{}, fmt.Errorf("store: get record: %w", notFoundIfNoRows(err))
	}
	return r, nil
}

// Create stores one record. A period overlapping another record of the same
// type is a CONFLICT *domain.Error naming that record.
func (rs *Records) Create(ctx context.Context, in domain.RecordInput) (Record, error) {
	return rs.CreateOnce(ctx, "", in)
}

// CreateOnce is Create with an idempotency key ("" for none). Sent again
// with the same key and input, within domain.IdempotencyKeyTTL, it creates
// nothing and returns the record the first call created; with other input
// it is a BAD_USER_INPUT *domain.Error on idempotencyKey.
func (rs *Records) CreateOnce(ctx context.Context, key string, in domain.RecordInput) (Record, error) {
	recs, err := rs.create(ctx, createOne, key, []domain.RecordInput{in})
	if err != nil {
		var de *domain.Error
		if errors.As(err, &de) {
			de.Index = -1 // a single input has no index
		}
		return Record{}, err
	}
	return recs[0], nil
}

// CreateMany stores all the records or none, in the order given. A conflict
// is a CONFLICT *domain.Error whose Index is the input at fault.
func (rs *Records) CreateMany(ctx context.Context, ins []domain.RecordInput) ([]Record, error) {
	return rs.CreateManyOnce(ctx, "", ins)
}

// CreateManyOnce is CreateMany with an idempotency key ("" for none), as
// CreateOnce has.
func (rs *Records) CreateManyOnce(ctx context.Context, key string, ins []domain.RecordInput) ([]Record, error) {
	return rs.create(ctx, createMany, key, ins)
}

// create inserts the records for the named mutation, under the idempotency
// key when there is one: the key, the records and the answer are stored in
// one transaction, so that a key is never taken without its records.
func (rs *Records) create(ctx context.Context, mutation, key string, ins []domain.RecordInput) ([]Record, error) {
	if first, second, found := domain.Overlap(ins); found {
		e := domain.Invalid("periodStart", fmt.Sprintf(
			"This period overlaps that of item %d of the same request; records of one type may not overlap.", first))
		e.Code, e.Index = domain.CodeConflict, second
		return nil, e
	}
	stmt := rs.CreateStatement(ins)
	var recs []Record
	err := rs.inTx(ctx, func(tx *sqlx.Tx) error {
		recs = nil
		if key != "" {
			taken, replay, err := rs.takeKey(ctx, tx, key, requestHash(mutation, ins))
			if err != nil || !taken {
				recs = replay
				return err
			}
		}
		prepared, err := rs.store.prepared(ctx, tx, stmt.SQL)
		if err != nil {
			return err
		}
		if err := prepared.SelectContext(ctx, &recs, stmt.Args...); err != nil {
			return err
		}
		if key != "" {
			if err := rs.rememberAnswer(ctx, tx, key, recs); err != nil {
				return err
			}
		}
		return rs.markWrite(ctx, tx)
	})
	if isExclusionViolation(err) {
		return nil, rs.conflict(ctx, newRecordColumns(ins), uuid.Nil)
	}
	if err != nil {
		return nil, fmt.Errorf("store: create records: %w", translate(err))
	}
	return inInputOrder(ins, recs), nil
}

// insertSQL stores any number of records in one statement: the inputs
// travel as arrays, one per column.
const insertSQL = `
	INSERT INTO consumption_records (user_id, type, unit, amount, period_start, period_end, notes)
	SELECT $1, t.type, t.unit, t.amount, t.period_start, t.period_end, t.notes
	FROM unnest($2::text[], $3::text[], $4::numeric[], $5::date[], $6::date[], $7::text[])
		AS t(type, unit, amount, period_start, period_end, notes)
	RETURNING ` + recordColumns

// CreateStatement returns the SQL and arguments CreateMany sends.
func (rs *Records) CreateStatement(ins []domain.RecordInput) Statement {
	cols := newRecordColumns(ins)
	return Statement{SQL: insertSQL, Args: []any{rs.userID,
		cols.types, cols.units, cols.amounts, cols.starts, cols.ends, cols.notes}}
}

// inInputOrder sorts the rows an INSERT returned into the order of the
// inputs. No two inputs share a type and a start day, or they would overlap.
func inInputOrder(ins []domain.RecordInput, recs []Record) []Record {
	type key struct {
		t     domain.Type
		start domain.Date
	}
	byKey := make(map[key]Record, len(recs))
	for _, r := range recs {
		byKey[key{r.Type, r.PeriodStart}] = r
	}
	out := make([]Record, len(ins))
	for i, in := range ins {
		out[i] = byKey[key{in.Type, in.PeriodStart}]
	}
	return out
}

// Update changes the record with the given id: change receives the stored
// record and returns what it should become, or an error that leaves it as it
// was. Reading and writing happen in one transaction, so concurrent updates
// cannot lose each other's changes.
func (rs *Records) Update(ctx context.Context, id uuid.UUID, change func(Record) (domain.RecordInput, error)) (Record, error) {
	const (
		get    = `SELECT ` + recordColumns + ` FROM consumption_records WHERE user_id = $1 AND id = $2 FOR UPDATE`
		update = `
			UPDATE consumption_records SET
				type = $3, unit = $4, amount = $5, period_start = $6, period_end = $7, notes = $8,
				updated_at = now()
			WHERE user_id = $1 AND id = $2
			RETURNING ` + recordColumns
	)
	var (
		updated   Record
		in        domain.RecordInput
		changeErr error
	)
	err := rs.inTx(ctx, func(tx *sqlx.Tx) error {
		var current Record
		if err := tx.GetContext(ctx, &current, get, rs.userID, id); err != nil {
			return err
		}
		if in, changeErr = change(current); changeErr != nil {
			return changeErr
		}
		err := tx.GetContext(ctx, &updated, update, rs.userID, id,
			in.Type, in.Unit, in.Amount, in.PeriodStart, in.PeriodEnd, in.Notes)
		if err != nil {
			return err
		}
		return rs.markWrite(ctx, tx)
	})
	if isExclusionViolation(err) {
		conflict := rs.conflict(ctx, newRecordColumns([]domain.RecordInput{in}), id)
		var de *domain.Error
		if errors.As(conflict, &de) {
			de.Index = -1
		}
		return Record{}, conflict
	}
	if changeErr != nil {
		return Record{}, changeErr
	}
	if err != nil {
		return Record{}, fmt.Errorf("store: update record: %w", notFoundIfNoRows(err))
	}
	return updated, nil
}

// Delete removes the record with the given id, or returns ErrNotFound.
func (rs *Records) Delete(ctx context.Context, id uuid.UUID) error {
	const q = `DELETE FROM consumption_records WHERE user_id = $1 AND id = $2`
	err := rs.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, q, rs.userID, id)
		if err != nil {
			return err
		}
		if err := expectOneRow(res); err != nil {
			return err
		}
		return rs.markWrite(ctx, tx)
	})
	if err != nil {
		return fmt.Errorf("store: delete record: %w", translate(err))
	}
	return nil
}

// conflict finds, after the exclusion constraint refused a write, which
// stored record the inputs collide with, and returns the CONFLICT error that
// names it. The refused transaction is over by then; the colliding record is
// committed, since the constraint waits for concurrent writers to finish.
func (rs *Records) conflict(ctx context.Context, cols recordColumnArrays, exclude uuid.UUID) error {
	const q = `
		SELECT t.ord - 1 AS index, r.id, r.type, r.period_start, r.period_end
		FROM unnest($2::text[], $3::date[], $4::date[]) WITH ORDINALITY AS t(type, period_start, period_end, ord)
		JOIN consumption_records r
			ON r.user_id = $1 AND r.type = t.type AND r.id <> $5
			AND daterange(r.period_start, r.period_end, '[]') && daterange(t.period_start, t.period_end, '[]')
		ORDER BY t.ord
		LIMIT 1`
	var c struct {
		Index       int         `db:"index"`
		ID          uuid.UUID   `db:"id"`
		Type        domain.Type `db:"type"`
		PeriodStart domain.Date `db:"period_start"`
		PeriodEnd   domain.Date `db:"period_end"`
	}
	err := rs.inTx(ctx, func(tx *sqlx.Tx) error {
		return tx.GetContext(ctx, &c, q, rs.userID, cols.types, cols.starts, cols.ends, exclude)
	})
	if errors.Is(err, sql.ErrNoRows) {
		// The colliding record was deleted in the meantime.
		e := domain.Errorf(domain.CodeConflict, "This period overlapped another record of the same type; try again.")
		e.Field = "periodStart"
		return e
	}
	if err != nil {
		return fmt.Errorf("store: find conflicting record: %w", translate(err))
	}
	e := domain.ConflictError(c.Type, c.ID.String(), c.PeriodStart, c.PeriodEnd)
	e.Index = c.Index
	return e
}

// recordColumnArrays are record inputs turned column-wise, to be sent as
// PostgreSQL arrays.
type recordColumnArrays struct {
	types, units, amounts, starts, ends pq.StringArray
	notes                               pq.GenericArray
}

func newRecordColumns(ins []domain.RecordInput) recordColumnArrays {
	c := recordColumnArrays{
		types:   make(pq.StringArray, len(ins)),
		units:   make(pq.StringArray, len(ins)),
		amounts: make(pq.StringArray, len(ins)),
		starts:  make(pq.StringArray, len(ins)),
		ends:    make(pq.StringArray, len(ins)),
	}
	notes := make([]sql.NullString, len(ins))
	for i, in := range ins {
		c.types[i] = string(in.Type)
		c.units[i] = string(in.Unit)
		c.amounts[i] = in.Amount.String()
		c.starts[i] = in.PeriodStart.String()
		c.ends[i] = in.PeriodEnd.String()
		if in.Notes != nil {
			notes[i] = sql.NullString{String: *in.Notes, Valid: true}
		}
	}
	c.notes = pq.GenericArray{A: notes}
	return c
}
