package store

import (
	"context"
	"database/sql"
	"encoding/base64"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
	"github.com/shopspring/decimal"

	"consumption/domain"
)

// MeterReadings are the readings of one user's meters. Every change of
// readings also writes the periods derived from them, in its transaction.
type MeterReadings struct {
	userScope
}

// recordOverlapConstraint refuses two records of one type that overlap.
const recordOverlapConstraint = "consumption_records_no_overlap"

// readingRow is a row of meter_readings, with the period derived from it
// and the reading before it when the query joins it (the period_ columns,
// all NULL for a meter's first reading).
type readingRow struct {
	ID        uuid.UUID       `db:"id"`
	MeterID   uuid.UUID       `db:"meter_id"`
	ReadOn    domain.Date     `db:"read_on"`
	Value     decimal.Decimal `db:"value"`
	Estimated bool            `db:"estimated"`
	Notes     *string         `db:"notes"`
	CreatedAt time.Time       `db:"created_at"`
	UpdatedAt time.Time       `db:"updated_at"`

	PeriodID        *uuid.UUID          `db:"period_id"`
	PeriodType      *domain.Type        `db:"period_type"`
	PeriodUnit      *domain.Unit        `db:"period_unit"`
	PeriodAmount    decimal.NullDecimal `db:"period_amount"`
	PeriodStart     *domain.Date        `db:"period_start"`
	PeriodCreatedAt *time.Time          `db:"period_created_at"`
	PeriodUpdatedAt *time.Time          `db:"period_updated_at"`
}

func (r readingRow) reading() domain.Reading {
	rd := domain.Reading{
		ID: r.ID, MeterID: r.MeterID,
		ReadingInput: domain.ReadingInput{ReadOn: r.ReadOn, Value: r.Value, Estimated: r.Estimated, Notes: r.Notes},
		CreatedAt:    r.CreatedAt, UpdatedAt: r.UpdatedAt,
	}
	if r.PeriodID != nil {
		meter := r.MeterID
		rd.Period = &domain.Record{
			ID: *r.PeriodID,
			RecordInput: domain.RecordInput{
				Type: *r.PeriodType, Unit: *r.PeriodUnit, Amount: r.PeriodAmount.Decimal,
				PeriodStart: *r.PeriodStart, PeriodEnd: r.ReadOn, Source: domain.SourceMeter,
			},
			MeterID: &meter, CreatedAt: *r.PeriodCreatedAt, UpdatedAt: *r.PeriodUpdatedAt,
		}
	}
	return rd
}

// readingColumns are those of readingRow, from meter_readings r and the
// period p that ends on its day (LEFT JOIN withPeriod).
const readingColumns = `r.id, r.meter_id, r.read_on, r.value, r.estimated, r.notes, r.created_at, r.updated_at,
	p.id AS period_id, p.type AS period_type, p.unit AS period_unit, p.amount AS period_amount,
	p.period_start AS period_start, p.created_at AS period_created_at, p.updated_at AS period_updated_at`

// withPeriod joins the period a reading r closes.
const withPeriod = `
	LEFT JOIN consumption_records p
		ON p.user_id = r.user_id AND p.meter_id = r.meter_id AND p.period_end = r.read_on`

// Get returns the reading with the given id, or ErrNotFound.
func (rs *MeterReadings) Get(ctx context.Context, id uuid.UUID) (domain.Reading, error) {
	const q = `SELECT ` + readingColumns + ` FROM meter_readings r` + withPeriod + ` WHERE r.user_id = $1 AND r.id = $2`
	var row readingRow
	err := rs.inReadTx(ctx, func(tx *sqlx.Tx) error {
		return tx.GetContext(ctx, &row, q, rs.userID, id)
	})
	if err != nil {
		return domain.Reading{}, fmt.Errorf("store: get reading: %w", notFoundIfNoRows(err))
	}
	return row.reading(), nil
}

// ReadingPage is part of a meter's readings, latest first.
type ReadingPage struct {
	Readings []domain.Reading
	// HasNext reports whether earlier readings follow the last one.
	HasNext bool
	// Total is how many readings the meter has, when asked.
	Total int
}

// ReadingCursor returns the opaque cursor of a reading in a meter's list:
// its day, which is the reading's alone among the meter's.
func ReadingCursor(r domain.Reading) string {
	return base64.RawURLEncoding.EncodeToString([]byte(r.ReadOn.String()))
}

// ParseReadingCursor reads a cursor made by ReadingCursor.
func ParseReadingCursor(s string) (domain.Date, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) > 20 {
		return domain.Date{}, ErrBadCursor
	}
	d, err := domain.ParseDate(string(b))
	if err != nil {
		return domain.Date{}, ErrBadCursor
	}
	return d, nil
}

// List returns up to first readings of the meter, latest first, before the
// day after (nil: from the latest), and how many it has in all when count
// is true. A meter the user does not have has no readings.
func (rs *MeterReadings) List(ctx context.Context, meterID uuid.UUID, after *domain.Date, first int, count bool) (ReadingPage, error) {
	const (
		list = `
			SELECT ` + readingColumns + `
			FROM meter_readings r` + withPeriod + `
			WHERE r.user_id = $1 AND r.meter_id = $2 AND ($3::date IS NULL OR r.read_on < $3)
			ORDER BY r.read_on DESC
			LIMIT $4`
		total = `SELECT count(*) FROM meter_readings WHERE user_id = $1 AND meter_id = $2`
	)
	var (
		rows []readingRow
		page ReadingPage
	)
	err := rs.inReadTx(ctx, func(tx *sqlx.Tx) error {
		rows = nil
		if err := tx.SelectContext(ctx, &rows, list, rs.userID, meterID, after, first+1); err != nil || !count {
			return err
		}
		return tx.GetContext(ctx, &page.Total, total, rs.userID, meterID)
	})
	if err != nil {
		return ReadingPage{}, fmt.Errorf("store: list readings: %w", translate(err))
	}
	if len(rows) > first {
		rows, page.HasNext = rows[:first], true
	}
	page.Readings = make([]domain.Reading, len(rows))
	for i, r := range rows {
		page.Readings[i] = r.reading()
	}
	return page, nil
}

// Change changes the readings of the meters with the given ids, in one
// transaction. It locks the meters, so that changes of one meter's
// readings take turns; gives change each meter's history (in the order of
// ids); and writes what change returns: the readings, and the periods that
// follow from them. It returns the readings inserted and updated, each with
// the period it closes, inserted first, in the order change gave them.
//
// A meter the user does not have is a *MeterNotFoundError. A period that
// would overlap a record not derived from the same meter is an
// *OverlapError whose Index is that of the period in
// ReadingChanges.WrittenPeriods. A reading of a day that its meter has a
// reading of already (a change that change did not see) fails.
func (rs *MeterReadings) Change(ctx context.Context, meterIDs []uuid.UUID,
	change func([]domain.MeterHistory) (domain.ReadingChanges, error),
) ([]domain.Reading, error) {
	var (
		changes   domain.ReadingChanges
		changeErr error
		written   []domain.Reading
	)
	meters := &Meters{rs.userScope}
	err := rs.inTx(ctx, func(tx *sqlx.Tx) error {
		hs, err := meters.lockHistories(ctx, tx, meterIDs)
		if err != nil {
			return err
		}
		if changes, changeErr = change(hs); changeErr != nil {
			return changeErr
		}
		periods, err := meters.writePeriods(ctx, tx, changes)
		if err != nil {
			return err
		}
		if written, err = rs.writeReadings(ctx, tx, changes); err != nil {
			return err
		}
		return rs.markRecordsWritten(ctx, tx, periods)
	})
	switch {
	case changeErr != nil:
		return nil, changeErr
	case exclusionConstraint(err) == recordOverlapConstraint:
		return nil, meters.overlappingPeriod(ctx, changes)
	case err != nil:
		return nil, fmt.Errorf("store: change readings: %w", translate(err))
	}
	return written, nil
}

// lockHistories locks the meters with the given ids, in the order of their
// ids so that two transactions never wait on each other, and returns each
// with its readings and derived periods, in the order of ids. Three
// statements, however many meters.
func (ms *Meters) lockHistories(ctx context.Context, tx *sqlx.Tx, ids []uuid.UUID) ([]domain.MeterHistory, error) {
	const (
		lock = `
			SELECT ` + meterColumns + ` FROM meters m
			WHERE m.user_id = $1 AND m.id = ANY($2::uuid[])
			ORDER BY m.id
			FOR UPDATE`
		readings = `
			SELECT id, meter_id, read_on, value, estimated, notes, created_at, updated_at
			FROM meter_readings
			WHERE user_id = $1 AND meter_id = ANY($2::uuid[])
			ORDER BY meter_id, read_on`
		periods = `
			SELECT ` + recordColumns + ` FROM consumption_records
			WHERE user_id = $1 AND meter_id = ANY($2::uuid[])`
	)
	arr := uuidArray(ids)
	var meterRows []meterRow
	if err := tx.SelectContext(ctx, &meterRows, lock, ms.userID, arr); err != nil {
		return nil, err
	}
	byID := make(map[uuid.UUID]*domain.MeterHistory, len(meterRows))
	for _, r := range meterRows {
		byID[r.ID] = &domain.MeterHistory{Meter: r.meter()}
	}
	for _, id := range ids {
		if byID[id] == nil {
			return nil, &MeterNotFoundError{ID: id}
		}
	}
	var readingRows []readingRow
	if err := tx.SelectContext(ctx, &readingRows, readings, ms.userID, arr); err != nil {
		return nil, err
	}
	for _, r := range readingRows {
		h := byID[r.MeterID]
		h.Readings = append(h.Readings, r.reading())
	}
	var periodRows []recordRow
	if err := tx.SelectContext(ctx, &periodRows, periods, ms.userID, arr); err != nil {
		return nil, err
	}
	for _, r := range periodRows {
		h := byID[*r.MeterID]
		h.Periods = append(h.Periods, r.record())
	}
	out := make([]domain.MeterHistory, len(ids))
	for i, id := range ids {
		h := byID[id]
		if n := len(h.Readings); n > 0 {
			latest := h.Readings[n-1]
			h.Meter.LatestReading = &latest
		}
		out[i] = *h
	}
	return out, nil
}

// writePeriods writes the period changes of every meter: deletions first,
// so that a period shortened or split by a new reading never meets the
// period it replaces in the exclusion constraint; then updates; then
// inserts. One statement each, however many periods and meters. It returns
// the records it wrote, for the transaction to announce.
func (ms *Meters) writePeriods(ctx context.Context, tx *sqlx.Tx, c domain.ReadingChanges) (recordWrites, error) {
	const (
		del = `DELETE FROM consumption_records WHERE user_id = $1 AND id = ANY($2::uuid[]) AND source = 'METER'`
		upd = `
			UPDATE consumption_records r SET type = t.type, unit = t.unit, amount = t.amount, updated_at = now()
			FROM unnest($2::uuid[], $3::text[], $4::text[], $5::numeric[]) AS t(id, type, unit, amount)
			WHERE r.user_id = $1 AND r.id = t.id AND r.source = 'METER'`
		ins = `
			INSERT INTO consumption_records (user_id, type, unit, amount, period_start, period_end, source, meter_id)
			SELECT $1, t.type, t.unit, t.amount, t.period_start, t.period_end, 'METER', t.meter_id
			FROM unnest($2::uuid[], $3::text[], $4::text[], $5::numeric[], $6::date[], $7::date[])
				AS t(meter_id, type, unit, amount, period_start, period_end)
			RETURNING id`
	)
	var (
		deleted  pq.StringArray
		updated  periodArrays
		inserted periodArrays
		written  recordWrites
	)
	for _, p := range c.Periods {
		for _, id := range p.Delete {
			deleted = append(deleted, id.String())
			written.deleted = append(written.deleted, id)
		}
		for _, r := range p.Update {
			updated.add(r.ID, r.RecordInput)
			written.updated = append(written.updated, r.ID)
		}
		for _, in := range p.Insert {
			inserted.add(p.MeterID, in)
		}
	}
	if len(deleted) > 0 {
		if _, err := tx.ExecContext(ctx, del, ms.userID, deleted); err != nil {
			return recordWrites{}, err
		}
	}
	if len(updated.ids) > 0 {
		if _, err := tx.ExecContext(ctx, upd, ms.userID, updated.ids, updated.types, updated.units, updated.amounts); err != nil {
			return recordWrites{}, err
		}
	}
	if len(inserted.ids) > 0 {
		err := tx.SelectContext(ctx, &written.created, ins, ms.userID, inserted.ids, inserted.types, inserted.units, inserted.amounts,
			inserted.starts, inserted.ends)
		if err != nil {
			return recordWrites{}, err
		}
	}
	return written, nil
}

// periodArrays are periods turned column-wise, to be sent as arrays; ids
// are the periods' own for updates, their meters' for inserts.
type periodArrays struct {
	ids, types, units, amounts, starts, ends pq.StringArray
}

func (a *periodArrays) add(id uuid.UUID, in domain.RecordInput) {
	a.ids = append(a.ids, id.String())
	a.types = append(a.types, string(in.Type))
	a.units = append(a.units, string(in.Unit))
	a.amounts = append(a.amounts, in.Amount.String())
	a.starts = append(a.starts, in.PeriodStart.String())
	a.ends = append(a.ends, in.PeriodEnd.String())
}

// overlappingPeriod finds, after the exclusion constraint refused the
// periods of c, the first of them (in c.WrittenPeriods' order) that
// overlaps a record not derived from the same meter, and returns the
// *OverlapError that names that record. The refused transaction is over,
// so the meter's old periods are still there: they do not count.
func (ms *Meters) overlappingPeriod(ctx context.Context, c domain.ReadingChanges) error {
	const q = `
		SELECT t.ord - 1 AS index, ` + overlappedColumns + `
		FROM unnest($2::uuid[], $3::text[], $4::date[], $5::date[])
			WITH ORDINALITY AS t(meter_id, type, period_start, period_end, ord)
		JOIN consumption_records r
			ON r.user_id = $1 AND r.type = t.type AND r.meter_id IS DISTINCT FROM t.meter_id
			AND daterange(r.period_start, r.period_end, '[]') && daterange(t.period_start, t.period_end, '[]')
		LEFT JOIN meters m ON m.user_id = r.user_id AND m.id = r.meter_id
		ORDER BY t.ord
		LIMIT 1`
	var a periodArrays
	for _, p := range c.WrittenPeriods() {
		a.add(*p.MeterID, p.RecordInput)
	}
	var found overlapped
	err := ms.inTx(ctx, func(tx *sqlx.Tx) error {
		return tx.GetContext(ctx, &found, q, ms.userID, a.ids, a.types, a.starts, a.ends)
	})
	return found.err(err)
}

// writeReadings deletes, updates and inserts the readings of c, in that
// order and one statement each, and returns those updated and inserted
// with the periods they close (written before, so that the read after the
// writes sees them). The read is a statement of its own: Citus fails on a
// join to the rows that a data-modifying WITH returns.
func (rs *MeterReadings) writeReadings(ctx context.Context, tx *sqlx.Tx, c domain.ReadingChanges) ([]domain.Reading, error) {
	const (
		del = `DELETE FROM meter_readings WHERE user_id = $1 AND id = ANY($2::uuid[])`
		upd = `
			UPDATE meter_readings m SET read_on = t.read_on, value = t.value, estimated = t.estimated,
				notes = t.notes, updated_at = now()
			FROM unnest($2::uuid[], $3::date[], $4::numeric[], $5::boolean[], $6::text[])
				AS t(id, read_on, value, estimated, notes)
			WHERE m.user_id = $1 AND m.id = t.id
			RETURNING m.id`
		ins = `
			INSERT INTO meter_readings (user_id, meter_id, read_on, value, estimated, notes)
			SELECT $1, t.meter_id, t.read_on, t.value, t.estimated, t.notes
			FROM unnest($2::uuid[], $3::date[], $4::numeric[], $5::boolean[], $6::text[])
				AS t(meter_id, read_on, value, estimated, notes)
			RETURNING id`
		written = `SELECT ` + readingColumns + ` FROM meter_readings r` + withPeriod + `
			WHERE r.user_id = $1 AND r.id = ANY($2::uuid[])`
	)
	if len(c.Delete) > 0 {
		if _, err := tx.ExecContext(ctx, del, rs.userID, uuidArray(c.Delete)); err != nil {
			return nil, err
		}
	}
	var updated, inserted []uuid.UUID
	if len(c.Update) > 0 {
		a := newReadingArrays(c.Update, func(r domain.Reading) uuid.UUID { return r.ID })
		if err := tx.SelectContext(ctx, &updated, upd, rs.userID, a.ids, a.days, a.values, a.estimated, a.notes); err != nil {
			return nil, err
		}
		if len(updated) != len(c.Update) {
			return nil, sql.ErrNoRows // a reading to update is gone
		}
	}
	if len(c.Insert) > 0 {
		a := newReadingArrays(c.Insert, func(r domain.Reading) uuid.UUID { return r.MeterID })
		if err := tx.SelectContext(ctx, &inserted, ins, rs.userID, a.ids, a.days, a.values, a.estimated, a.notes); err != nil {
			return nil, err
		}
	}
	if len(updated)+len(inserted) == 0 {
		return []domain.Reading{}, nil
	}
	var rows []readingRow
	if err := tx.SelectContext(ctx, &rows, written, rs.userID, uuidArray(append(updated, inserted...))); err != nil {
		return nil, err
	}
	return append(inOrder(c.Update, rows), inOrder(c.Insert, rows)...), nil
}

// inOrder returns the rows written for want, in the order of want: a
// reading is the only one of its meter on its day.
func inOrder(want []domain.Reading, rows []readingRow) []domain.Reading {
	type key struct {
		meter uuid.UUID
		day   domain.Date
	}
	byKey := make(map[key]readingRow, len(rows))
	for _, r := range rows {
		byKey[key{r.MeterID, r.ReadOn}] = r
	}
	out := make([]domain.Reading, len(want))
	for i, w := range want {
		out[i] = byKey[key{w.MeterID, w.ReadOn}].reading()
	}
	return out
}

// readingArrays are readings turned column-wise, to be sent as arrays.
type readingArrays struct {
	ids, days, values pq.StringArray
	estimated         pq.BoolArray
	notes             pq.GenericArray
}

// newReadingArrays returns the readings as arrays, with id telling which id
// goes with each: its own or its meter's.
func newReadingArrays(rs []domain.Reading, id func(domain.Reading) uuid.UUID) readingArrays {
	a := readingArrays{
		ids: make(pq.StringArray, len(rs)), days: make(pq.StringArray, len(rs)),
		values: make(pq.StringArray, len(rs)), estimated: make(pq.BoolArray, len(rs)),
	}
	notes := make([]sql.NullString, len(rs))
	for i, r := range rs {
		a.ids[i] = id(r).String()
		a.days[i] = r.ReadOn.String()
		a.values[i] = r.Value.String()
		a.estimated[i] = r.Estimated
		if r.Notes != nil {
			notes[i] = sql.NullString{String: *r.Notes, Valid: true}
		}
	}
	a.notes = pq.GenericArray{A: notes}
	return a
}
