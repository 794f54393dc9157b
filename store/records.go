package store

import (
	"cmp"
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

// recordRow is a row of consumption_records, as its columns name it.
type recordRow struct {
	ID uuid.UUID `db:"id"`
	recordInputRow
	MeterID   *uuid.UUID `db:"meter_id"`
	CreatedAt time.Time  `db:"created_at"`
	UpdatedAt time.Time  `db:"updated_at"`
}

// recordInputRow holds the columns of a record that its input gives.
type recordInputRow struct {
	Type        domain.Type      `db:"type"`
	Unit        domain.Unit      `db:"unit"`
	Amount      decimal.Decimal  `db:"amount"`
	PeriodStart domain.Date      `db:"period_start"`
	PeriodEnd   domain.Date      `db:"period_end"`
	Notes       *string          `db:"notes"`
	Cost        *decimal.Decimal `db:"cost"`
	Source      domain.Source    `db:"source"`
}

func (r recordRow) record() domain.Record {
	return domain.Record{
		ID: r.ID, RecordInput: domain.RecordInput(r.recordInputRow), MeterID: r.MeterID,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
	}
}

// toRecords returns the records of rows.
func toRecords(rows []recordRow) []domain.Record {
	out := make([]domain.Record, len(rows))
	for i, r := range rows {
		out[i] = r.record()
	}
	return out
}

const recordColumns = `id, type, unit, amount, period_start, period_end, notes, cost, source, meter_id, created_at, updated_at`

// scanRecordRows appends the rows of a query of recordColumns to out, in
// their order, field by field rather than through sqlx's reflection.
func scanRecordRows(rows *sql.Rows, out []recordRow) ([]recordRow, error) {
	for rows.Next() {
		var r recordRow
		if err := rows.Scan(&r.ID, &r.Type, &r.Unit, &r.Amount, &r.PeriodStart, &r.PeriodEnd, &r.Notes, &r.Cost,
			&r.Source, &r.MeterID, &r.CreatedAt, &r.UpdatedAt); err != nil {
			return out, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Records are one user's consumption records.
type Records struct {
	userScope
}

// Get returns the record with the given id, or ErrNotFound.
func (rs *Records) Get(ctx context.Context, id uuid.UUID) (domain.Record, error) {
	const q = `SELECT ` + recordColumns + ` FROM consumption_records WHERE user_id = $1 AND id = $2`
	var r recordRow
	err := rs.inReadTx(ctx, func(tx *sqlx.Tx) error {
		return tx.GetContext(ctx, &r, q, rs.userID, id)
	})
	if err != nil {
		return domain.Record{}, fmt.Errorf("store: get record: %w", notFoundIfNoRows(err))
	}
	return r.record(), nil
}

// GetMany returns the records with the given ids that exist, in no
// particular order.
func (rs *Records) GetMany(ctx context.Context, ids []uuid.UUID) ([]domain.Record, error) {
	const q = `SELECT ` + recordColumns + ` FROM consumption_records WHERE user_id = $1 AND id = ANY($2::uuid[])`
	var rows []recordRow
	err := rs.inReadTx(ctx, func(tx *sqlx.Tx) error {
		rows = nil
		return tx.SelectContext(ctx, &rows, q, rs.userID, uuidArray(ids))
	})
	if err != nil {
		return nil, fmt.Errorf("store: get records: %w", translate(err))
	}
	return toRecords(rows), nil
}

// Create stores one record. A period overlapping another record of the same
// type is an *OverlapError.
func (rs *Records) Create(ctx context.Context, in domain.RecordInput) (domain.Record, error) {
	recs, err := rs.CreateMany(ctx, []domain.RecordInput{in})
	if err != nil {
		return domain.Record{}, err
	}
	return recs[0], nil
}

// CreateMany stores all the records or none, and returns them in the order
// given. A period overlapping a stored record of the same type is an
// *OverlapError whose Index is the input at fault.
func (rs *Records) CreateMany(ctx context.Context, ins []domain.RecordInput) ([]domain.Record, error) {
	return rs.CreateManyOnce(ctx, IdempotencyKey{}, ins)
}

// CreateManyOnce is CreateMany under an idempotency key (none when its Key
// is ""); ErrNotFound when the user's account is gone. Sent again with the
// same key and request hash, within domain.IdempotencyKeyTTL, it creates
// nothing and returns the records the first call created; with another
// hash it is ErrIdempotencyKeyReused. The key, the records and the answer
// are stored in one transaction, so that a key is never taken without its
// records. Without a key the transaction is one round trip (see write).
func (rs *Records) CreateManyOnce(ctx context.Context, key IdempotencyKey, ins []domain.RecordInput) ([]domain.Record, error) {
	stmts := rs.CreateStatements(ins)
	var rows []recordRow
	scans := []func(*sql.Rows) error{
		func(r *sql.Rows) (err error) {
			rows, err = scanRecordRows(r, rows[:0])
			return err
		},
		func(*sql.Rows) error { return nil }, // the write's count
	}
	var err error
	if key.Key == "" {
		err = rs.write(ctx, stmts, scans...)
	} else {
		err = rs.inTx(ctx, func(tx *sqlx.Tx) error {
			rows = nil
			taken, replay, err := rs.takeKey(ctx, tx, key)
			if err != nil || !taken {
				rows = replay
				return err
			}
			if err := rs.store.runStatements(ctx, tx, stmts[:1], scans[:1]); err != nil {
				return err
			}
			if err := rs.rememberAnswer(ctx, tx, key.Key, rows); err != nil {
				return err
			}
			return rs.store.runStatements(ctx, tx, stmts[1:], scans[1:])
		})
	}
	switch {
	case isExclusionViolation(err):
		return nil, rs.overlap(ctx, newRecordColumns(ins), uuid.Nil)
	case pqCode(err) == codeForeignKey:
		// The account is gone: its token outlived it.
		return nil, fmt.Errorf("store: create records: %w", ErrNotFound)
	case err != nil:
		return nil, fmt.Errorf("store: create records: %w", translate(err))
	}
	return inInputOrder(ins, toRecords(rows)), nil
}

// insertSQL stores any number of records in one statement: the inputs
// travel as arrays, one per column. The records' ids are made by the store
// ($10), so that the announcement of their creation goes in the same round
// trip as the insert instead of waiting for what it returns.
const insertSQL = `
	INSERT INTO consumption_records (id, user_id, type, unit, amount, period_start, period_end, notes, cost, source)
	SELECT t.id, $1, t.type, t.unit, t.amount, t.period_start, t.period_end, t.notes, t.cost, t.source
	FROM unnest($2::text[], $3::text[], $4::numeric[], $5::date[], $6::date[], $7::text[], $8::numeric[], $9::text[], $10::uuid[])
		AS t(type, unit, amount, period_start, period_end, notes, cost, source, id)
	RETURNING ` + recordColumns

// CreateStatements returns the statements CreateMany sends, in one
// transaction: the insert of the records, which returns them, and the
// count of the write with the announcement of their creation.
func (rs *Records) CreateStatements(ins []domain.RecordInput) []Statement {
	cols := newRecordColumns(ins)
	ids := make([]uuid.UUID, len(ins))
	for i := range ids {
		ids[i] = uuid.New()
	}
	return []Statement{
		{SQL: insertSQL, writes: true, name: "create_records", Args: []any{rs.userID,
			cols.types, cols.units, cols.amounts, cols.starts, cols.ends, cols.notes, cols.costs, cols.sources, uuidArray(ids)}},
		rs.recordsWrittenStatement(recordWrites{created: ids}),
	}
}

// inInputOrder sorts the rows an INSERT returned into the order of the
// inputs. No two inputs share a type and a start day, or they would overlap.
func inInputOrder(ins []domain.RecordInput, recs []domain.Record) []domain.Record {
	type key struct {
		t     domain.Type
		start domain.Date
	}
	byKey := make(map[key]domain.Record, len(recs))
	for _, r := range recs {
		byKey[key{r.Type, r.PeriodStart}] = r
	}
	out := make([]domain.Record, len(ins))
	for i, in := range ins {
		out[i] = byKey[key{in.Type, in.PeriodStart}]
	}
	return out
}

// Update changes the record with the given id: change receives the stored
// record and returns what it should become, or an error that leaves it as it
// was. Reading and writing happen in one transaction, so concurrent updates
// cannot lose each other's changes. A period made to overlap another record
// of the same type is an *OverlapError.
func (rs *Records) Update(ctx context.Context, id uuid.UUID, change func(domain.Record) (domain.RecordInput, error)) (domain.Record, error) {
	const (
		get    = `SELECT ` + recordColumns + ` FROM consumption_records WHERE user_id = $1 AND id = $2 FOR UPDATE`
		update = `
			UPDATE consumption_records SET
				type = $3, unit = $4, amount = $5, period_start = $6, period_end = $7, notes = $8,
				cost = $9, updated_at = now()
			WHERE user_id = $1 AND id = $2
			RETURNING ` + recordColumns
	)
	var (
		updated   recordRow
		in        domain.RecordInput
		changeErr error
	)
	err := rs.inTx(ctx, func(tx *sqlx.Tx) error {
		var current recordRow
		if err := tx.GetContext(ctx, &current, get, rs.userID, id); err != nil {
			return err
		}
		if current.Source == domain.SourceMeter {
			changeErr = ErrDerivedRecord
			return changeErr
		}
		if in, changeErr = change(current.record()); changeErr != nil {
			return changeErr
		}
		err := tx.GetContext(ctx, &updated, update, rs.userID, id,
			in.Type, in.Unit, in.Amount, in.PeriodStart, in.PeriodEnd, in.Notes, nullDecimal(in.Cost))
		if err != nil {
			return err
		}
		return rs.markRecordsWritten(ctx, tx, recordWrites{updated: []uuid.UUID{id}})
	})
	if isExclusionViolation(err) {
		return domain.Record{}, rs.overlap(ctx, newRecordColumns([]domain.RecordInput{in}), id)
	}
	if changeErr != nil {
		return domain.Record{}, changeErr
	}
	if err != nil {
		return domain.Record{}, fmt.Errorf("store: update record: %w", notFoundIfNoRows(err))
	}
	return updated.record(), nil
}

// Delete removes the record with the given id, or returns ErrNotFound, or
// ErrDerivedRecord for a record derived from a meter's readings.
func (rs *Records) Delete(ctx context.Context, id uuid.UUID) error {
	const (
		q = `DELETE FROM consumption_records WHERE user_id = $1 AND id = $2 AND source <> 'METER'`
		// Asked only when nothing was deleted, to say why.
		derived = `SELECT EXISTS (SELECT FROM consumption_records WHERE user_id = $1 AND id = $2)`
	)
	err := rs.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, q, rs.userID, id)
		if err != nil {
			return err
		}
		if err := expectOneRow(res); errors.Is(err, ErrNotFound) {
			var exists bool
			if err := tx.GetContext(ctx, &exists, derived, rs.userID, id); err != nil {
				return err
			}
			if exists {
				return ErrDerivedRecord
			}
			return ErrNotFound
		} else if err != nil {
			return err
		}
		return rs.markRecordsWritten(ctx, tx, recordWrites{deleted: []uuid.UUID{id}})
	})
	if err != nil {
		return fmt.Errorf("store: delete record: %w", translate(err))
	}
	return nil
}

// overlapsSQL finds, for each input of the arrays $2 (types), $3 (first
// days) and $4 (last days), the first stored record of its type that it
// overlaps, other than the record $5 (an update's own), in the order of the
// inputs.
const overlapsSQL = `
	SELECT DISTINCT ON (t.ord) t.ord - 1 AS index, ` + overlappedColumns + `
	FROM unnest($2::text[], $3::date[], $4::date[]) WITH ORDINALITY AS t(type, period_start, period_end, ord)
	JOIN consumption_records r
		ON r.user_id = $1 AND r.type = t.type AND r.id <> $5
		AND daterange(r.period_start, r.period_end, '[]') && daterange(t.period_start, t.period_end, '[]')
	LEFT JOIN meters m ON m.user_id = r.user_id AND m.id = r.meter_id
	ORDER BY t.ord, r.period_start`

// overlap finds, after the exclusion constraint refused a write, which
// stored record the inputs collide with, and returns the *OverlapError that
// names it. The refused transaction is over by then; the colliding record is
// committed, since the constraint waits for concurrent writers to finish.
func (rs *Records) overlap(ctx context.Context, cols recordColumnArrays, exclude uuid.UUID) error {
	var c overlapped
	err := rs.inTx(ctx, func(tx *sqlx.Tx) error {
		return tx.GetContext(ctx, &c, overlapsSQL+` LIMIT 1`, rs.userID, cols.types, cols.starts, cols.ends, exclude)
	})
	return c.err(err)
}

// errDryRun ends the transaction of a dry run, which writes nothing.
var errDryRun = errors.New("store: dry run")

// CheckCreate is CreateMany's dry run, in one transaction that is rolled
// back: it finds, for each input, the first stored record of its type that
// it overlaps; and when none does and insert is true, it inserts the inputs
// as CreateMany would, under every rule of the database, and returns the
// records as they would have been stored, in the order given. Nothing is
// written: their ids name no record.
func (rs *Records) CheckCreate(ctx context.Context, ins []domain.RecordInput, insert bool) ([]domain.Record, []*OverlapError, error) {
	stmt := rs.CreateStatements(ins)[0]
	cols := newRecordColumns(ins)
	var (
		rows  []recordRow
		found []overlapped
	)
	err := rs.inTx(ctx, func(tx *sqlx.Tx) error {
		rows, found = nil, nil
		err := tx.SelectContext(ctx, &found, overlapsSQL, rs.userID, cols.types, cols.starts, cols.ends, uuid.Nil)
		if err != nil || len(found) > 0 || !insert {
			return cmp.Or(err, errDryRun)
		}
		prepared, err := rs.store.prepared(ctx, tx, stmt.SQL)
		if err != nil {
			return err
		}
		return cmp.Or(prepared.SelectContext(ctx, &rows, stmt.Args...), errDryRun)
	})
	if isExclusionViolation(err) {
		// A record committed meanwhile.
		return nil, nil, rs.overlap(ctx, cols, uuid.Nil)
	}
	if !errors.Is(err, errDryRun) {
		return nil, nil, fmt.Errorf("store: check records: %w", translate(err))
	}
	overlaps := make([]*OverlapError, len(found))
	for i, c := range found {
		overlaps[i] = c.overlapError()
	}
	if len(rows) == 0 {
		return nil, overlaps, nil
	}
	return inInputOrder(ins, toRecords(rows)), overlaps, nil
}

// overlappedColumns are those of overlapped, from consumption_records r
// and the meters m it may have been derived from.
const overlappedColumns = `r.id, r.type, r.period_start, r.period_end, r.meter_id, m.name AS meter_name`

// overlapped is a stored record that a write collided with, and the input
// at fault.
type overlapped struct {
	Index       int         `db:"index"`
	ID          uuid.UUID   `db:"id"`
	Type        domain.Type `db:"type"`
	PeriodStart domain.Date `db:"period_start"`
	PeriodEnd   domain.Date `db:"period_end"`
	MeterID     *uuid.UUID  `db:"meter_id"`
	MeterName   *string     `db:"meter_name"`
}

// err returns the *OverlapError of the record found, given the error of
// the query that looked for it.
func (c overlapped) err(queryErr error) error {
	if errors.Is(queryErr, sql.ErrNoRows) {
		// The colliding record was deleted in the meantime.
		return &OverlapError{Index: -1}
	}
	if queryErr != nil {
		return fmt.Errorf("store: find overlapping record: %w", translate(queryErr))
	}
	return c.overlapError()
}

// overlapError returns the *OverlapError of the record found.
func (c overlapped) overlapError() *OverlapError {
	e := &OverlapError{Index: c.Index, ID: c.ID, Type: c.Type, PeriodStart: c.PeriodStart, PeriodEnd: c.PeriodEnd, MeterID: c.MeterID}
	if c.MeterName != nil {
		e.MeterName = *c.MeterName
	}
	return e
}

// recordColumnArrays are record inputs turned column-wise, to be sent as
// PostgreSQL arrays.
type recordColumnArrays struct {
	types, units, amounts, starts, ends, sources pq.StringArray
	notes, costs                                 pq.GenericArray
}

func newRecordColumns(ins []domain.RecordInput) recordColumnArrays {
	c := recordColumnArrays{
		types:   make(pq.StringArray, len(ins)),
		units:   make(pq.StringArray, len(ins)),
		amounts: make(pq.StringArray, len(ins)),
		starts:  make(pq.StringArray, len(ins)),
		ends:    make(pq.StringArray, len(ins)),
		sources: make(pq.StringArray, len(ins)),
	}
	notes := make([]sql.NullString, len(ins))
	costs := make([]sql.NullString, len(ins))
	for i, in := range ins {
		c.types[i] = string(in.Type)
		c.units[i] = string(in.Unit)
		c.amounts[i] = in.Amount.String()
		c.starts[i] = in.PeriodStart.String()
		c.ends[i] = in.PeriodEnd.String()
		c.sources[i] = string(in.Source.OrManual())
		if in.Notes != nil {
			notes[i] = sql.NullString{String: *in.Notes, Valid: true}
		}
		if in.Cost != nil {
			costs[i] = sql.NullString{String: in.Cost.String(), Valid: true}
		}
	}
	c.notes = pq.GenericArray{A: notes}
	c.costs = pq.GenericArray{A: costs}
	return c
}

// nullDecimal returns d as a nullable column value.
func nullDecimal(d *decimal.Decimal) decimal.NullDecimal {
	if d == nil {
		return decimal.NullDecimal{}
	}
	return decimal.NullDecimal{Decimal: *d, Valid: true}
}
