package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"consumption/domain"
)

// ErrAccountNotEmpty means sample data was to be loaded into an account
// that holds data of its own: records, meters, tariffs or budgets.
var ErrAccountNotEmpty = errors.New("store: account not empty")

// SampleData is what loading sample data writes: bills (records of source
// SAMPLE), one meter with its readings and the periods derived from them,
// tariffs and budgets.
type SampleData struct {
	Bills    []domain.RecordInput
	Meter    domain.MeterInput
	Readings []domain.ReadingInput
	// Periods are the records the readings imply (domain.DerivePeriods).
	Periods []domain.RecordInput
	Tariffs []domain.TariffInput
	Budgets []domain.BudgetInput
}

// Sample is one user's sample data.
type Sample struct {
	userScope
}

// Load writes d, in one transaction and a statement per table, when the
// account is empty; otherwise it writes nothing and returns
// ErrAccountNotEmpty (ErrNotFound once the account is deleted). The meter,
// tariffs and budgets are marked as sample data, and the bills have source
// SAMPLE, so that Remove finds them.
func (s *Sample) Load(ctx context.Context, d SampleData) error {
	const (
		// Loads of one user take turns with each other and with creates of
		// meters, so that the account is still empty when they write.
		lockUser = `SELECT true FROM users WHERE id = $1 FOR NO KEY UPDATE`
		notEmpty = `
			SELECT EXISTS (SELECT FROM consumption_records WHERE user_id = $1)
				OR EXISTS (SELECT FROM meters WHERE user_id = $1)
				OR EXISTS (SELECT FROM tariffs WHERE user_id = $1)
				OR EXISTS (SELECT FROM budgets WHERE user_id = $1)`
		// Each INSERT from arrays returns its ids, unread: Citus sends the
		// rows of one without RETURNING to the shard with COPY, which
		// row-level security refuses.
		meter = `
			INSERT INTO meters (user_id, type, unit, name, serial_number, digits, installed_on, removed_on, sample)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, true)
			RETURNING id`
		readings = `
			INSERT INTO meter_readings (user_id, meter_id, read_on, value, estimated, notes)
			SELECT $1, $2, t.read_on, t.value, t.estimated, t.notes
			FROM unnest($3::date[], $4::numeric[], $5::boolean[], $6::text[]) AS t(read_on, value, estimated, notes)
			RETURNING id`
		records = `
			INSERT INTO consumption_records (user_id, type, unit, amount, period_start, period_end, notes, cost, source, meter_id)
			SELECT $1, t.type, t.unit, t.amount, t.period_start, t.period_end, t.notes, t.cost, t.source, t.meter_id
			FROM unnest($2::text[], $3::text[], $4::numeric[], $5::date[], $6::date[], $7::text[], $8::numeric[],
				$9::text[], $10::uuid[])
				AS t(type, unit, amount, period_start, period_end, notes, cost, source, meter_id)
			RETURNING id`
		tariffs = `
			INSERT INTO tariffs (user_id, type, name, valid_from, valid_to, unit_price, price_unit,
				standing_charge_per_day, tax_rate, sample)
			SELECT $1, t.type, t.name, t.valid_from, t.valid_to, t.unit_price, t.price_unit, t.standing, t.tax, true
			FROM unnest($2::text[], $3::text[], $4::date[], $5::date[], $6::numeric[], $7::text[], $8::numeric[], $9::numeric[])
				AS t(type, name, valid_from, valid_to, unit_price, price_unit, standing, tax)
			RETURNING id`
		budgets = `
			INSERT INTO budgets (user_id, type, granularity, measure, budget_limit, unit, sample)
			SELECT $1, t.type, t.granularity, t.measure, t.budget_limit, t.unit, true
			FROM unnest($2::text[], $3::text[], $4::text[], $5::numeric[], $6::text[])
				AS t(type, granularity, measure, budget_limit, unit)
			RETURNING id`
	)
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		var exists bool
		if err := tx.GetContext(ctx, &exists, lockUser, s.userID); err != nil {
			return notFoundIfNoRows(err) // the account was deleted
		}
		var taken bool
		if err := tx.GetContext(ctx, &taken, notEmpty, s.userID); err != nil {
			return err
		}
		if taken {
			return ErrAccountNotEmpty
		}
		m := d.Meter
		var meterID uuid.UUID
		if err := tx.GetContext(ctx, &meterID, meter, s.userID,
			m.Type, m.Unit, m.Name, m.SerialNumber, m.Digits, m.InstalledOn, m.RemovedOn); err != nil {
			return err
		}
		r := newSampleReadings(d.Readings)
		if _, err := tx.ExecContext(ctx, readings, s.userID, meterID, r.days, r.values, r.estimated, r.notes); err != nil {
			return err
		}
		recs := newRecordColumns(append(append([]domain.RecordInput(nil), d.Bills...), d.Periods...))
		meters := make([]sql.NullString, len(d.Bills)+len(d.Periods))
		for i := len(d.Bills); i < len(meters); i++ {
			meters[i] = sql.NullString{String: meterID.String(), Valid: true}
		}
		var written recordWrites
		if err := tx.SelectContext(ctx, &written.created, records, s.userID, recs.types, recs.units, recs.amounts,
			recs.starts, recs.ends, recs.notes, recs.costs, recs.sources, pq.GenericArray{A: meters}); err != nil {
			return err
		}
		t := newSampleTariffs(d.Tariffs)
		if _, err := tx.ExecContext(ctx, tariffs, s.userID, t.types, t.names, t.from, t.to, t.prices, t.units,
			t.standing, t.tax); err != nil {
			return err
		}
		b := newSampleBudgets(d.Budgets)
		if _, err := tx.ExecContext(ctx, budgets, s.userID, b.types, b.granularities, b.measures, b.limits, b.units); err != nil {
			return err
		}
		return s.markRecordsWritten(ctx, tx, written)
	})
	if err != nil {
		return fmt.Errorf("store: load sample data: %w", translate(err))
	}
	return nil
}

// Remove deletes the user's sample data, and nothing else: the records of
// source SAMPLE, the meters marked as sample data with their readings and
// the periods derived from them, and the tariffs and budgets marked so. It
// returns how many records it deleted.
func (s *Sample) Remove(ctx context.Context) (int, error) {
	const (
		// The sample meters are locked first, as changes of their readings
		// lock them, so that the periods deleted are all of theirs.
		lock    = `SELECT id FROM meters WHERE user_id = $1 AND sample ORDER BY id FOR UPDATE`
		records = `
			DELETE FROM consumption_records
			WHERE user_id = $1 AND (source = 'SAMPLE' OR meter_id = ANY($2::uuid[]))
			RETURNING id`
		meters  = `DELETE FROM meters WHERE user_id = $1 AND id = ANY($2::uuid[])`
		tariffs = `DELETE FROM tariffs WHERE user_id = $1 AND sample`
		budgets = `DELETE FROM budgets WHERE user_id = $1 AND sample`
	)
	var written recordWrites
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		written = recordWrites{}
		var ids []uuid.UUID
		if err := tx.SelectContext(ctx, &ids, lock, s.userID); err != nil {
			return err
		}
		meterIDs := uuidArray(ids)
		if err := tx.SelectContext(ctx, &written.deleted, records, s.userID, meterIDs); err != nil {
			return err
		}
		for _, q := range []struct {
			sql  string
			args []any
		}{{meters, []any{s.userID, meterIDs}}, {tariffs, []any{s.userID}}, {budgets, []any{s.userID}}} {
			if _, err := tx.ExecContext(ctx, q.sql, q.args...); err != nil {
				return err
			}
		}
		return s.markRecordsWritten(ctx, tx, written)
	})
	if err != nil {
		return 0, fmt.Errorf("store: remove sample data: %w", translate(err))
	}
	return len(written.deleted), nil
}

// Present reports whether the user has sample data that Remove would
// delete.
func (s *Sample) Present(ctx context.Context) (bool, error) {
	const q = `
		SELECT EXISTS (SELECT FROM consumption_records WHERE user_id = $1 AND source = 'SAMPLE')
			OR EXISTS (SELECT FROM meters WHERE user_id = $1 AND sample)
			OR EXISTS (SELECT FROM tariffs WHERE user_id = $1 AND sample)
			OR EXISTS (SELECT FROM budgets WHERE user_id = $1 AND sample)`
	var present bool
	err := s.inReadTx(ctx, func(tx *sqlx.Tx) error {
		return tx.GetContext(ctx, &present, q, s.userID)
	})
	if err != nil {
		return false, fmt.Errorf("store: find sample data: %w", translate(err))
	}
	return present, nil
}

// sampleReadings are readings of one meter turned column-wise.
type sampleReadings struct {
	days, values pq.StringArray
	estimated    pq.BoolArray
	notes        pq.GenericArray
}

func newSampleReadings(rs []domain.ReadingInput) sampleReadings {
	withMeter := make([]domain.Reading, len(rs))
	for i, r := range rs {
		withMeter[i] = domain.Reading{ReadingInput: r}
	}
	a := newReadingArrays(withMeter, func(domain.Reading) uuid.UUID { return uuid.Nil })
	return sampleReadings{days: a.days, values: a.values, estimated: a.estimated, notes: a.notes}
}

// sampleTariffs are tariffs turned column-wise.
type sampleTariffs struct {
	types, names, from, prices, units, standing, tax pq.StringArray
	to                                               pq.GenericArray
}

func newSampleTariffs(ts []domain.TariffInput) sampleTariffs {
	var a sampleTariffs
	to := make([]sql.NullString, len(ts))
	for i, t := range ts {
		a.types = append(a.types, string(t.Type))
		a.names = append(a.names, t.Name)
		a.from = append(a.from, t.ValidFrom.String())
		a.prices = append(a.prices, t.UnitPrice.String())
		a.units = append(a.units, string(t.PriceUnit))
		a.standing = append(a.standing, t.StandingChargePerDay.String())
		a.tax = append(a.tax, t.TaxRate.String())
		if t.ValidTo != nil {
			to[i] = sql.NullString{String: t.ValidTo.String(), Valid: true}
		}
	}
	a.to = pq.GenericArray{A: to}
	return a
}

// sampleBudgets are budgets turned column-wise.
type sampleBudgets struct {
	types, granularities, measures, limits pq.StringArray
	units                                  pq.GenericArray
}

func newSampleBudgets(bs []domain.BudgetInput) sampleBudgets {
	var a sampleBudgets
	units := make([]sql.NullString, len(bs))
	for i, b := range bs {
		a.types = append(a.types, string(b.Type))
		a.granularities = append(a.granularities, string(b.Granularity))
		a.measures = append(a.measures, string(b.Measure))
		a.limits = append(a.limits, b.Limit.String())
		if b.Unit != nil {
			units[i] = sql.NullString{String: string(*b.Unit), Valid: true}
		}
	}
	a.units = pq.GenericArray{A: units}
	return a
}
