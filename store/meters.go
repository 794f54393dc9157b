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

// Meters are one user's meters. Their readings are MeterReadings'.
type Meters struct {
	userScope
}

// meterRow is a row of meters, with the meter's latest reading when the
// query joins it (the latest_ columns, all NULL when it has none).
type meterRow struct {
	ID           uuid.UUID    `db:"id"`
	Type         domain.Type  `db:"type"`
	Unit         domain.Unit  `db:"unit"`
	Name         string       `db:"name"`
	SerialNumber *string      `db:"serial_number"`
	Digits       *int         `db:"digits"`
	InstalledOn  domain.Date  `db:"installed_on"`
	RemovedOn    *domain.Date `db:"removed_on"`
	CreatedAt    time.Time    `db:"created_at"`
	UpdatedAt    time.Time    `db:"updated_at"`

	LatestID        *uuid.UUID          `db:"latest_id"`
	LatestReadOn    *domain.Date        `db:"latest_read_on"`
	LatestValue     decimal.NullDecimal `db:"latest_value"`
	LatestEstimated *bool               `db:"latest_estimated"`
	LatestNotes     *string             `db:"latest_notes"`
	LatestCreatedAt *time.Time          `db:"latest_created_at"`
	LatestUpdatedAt *time.Time          `db:"latest_updated_at"`
}

func (r meterRow) meter() domain.Meter {
	m := domain.Meter{
		ID: r.ID,
		MeterInput: domain.MeterInput{
			Type: r.Type, Unit: r.Unit, Name: r.Name, SerialNumber: r.SerialNumber, Digits: r.Digits,
			InstalledOn: r.InstalledOn, RemovedOn: r.RemovedOn,
		},
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
	}
	if r.LatestID != nil {
		m.LatestReading = &domain.Reading{
			ID: *r.LatestID, MeterID: r.ID,
			ReadingInput: domain.ReadingInput{
				ReadOn: *r.LatestReadOn, Value: r.LatestValue.Decimal, Estimated: *r.LatestEstimated, Notes: r.LatestNotes,
			},
			CreatedAt: *r.LatestCreatedAt, UpdatedAt: *r.LatestUpdatedAt,
		}
	}
	return m
}

const meterColumns = `m.id, m.type, m.unit, m.name, m.serial_number, m.digits, m.installed_on, m.removed_on,
	m.created_at, m.updated_at`

// metersWithLatestSQL selects the user's meters, each with its latest
// reading: one probe of the readings' index per meter. Callers add to the
// WHERE clause.
const metersWithLatestSQL = `
	SELECT ` + meterColumns + `,
		l.id AS latest_id, l.read_on AS latest_read_on, l.value AS latest_value,
		l.estimated AS latest_estimated, l.notes AS latest_notes,
		l.created_at AS latest_created_at, l.updated_at AS latest_updated_at
	FROM meters m
	LEFT JOIN LATERAL (
		SELECT r.id, r.read_on, r.value, r.estimated, r.notes, r.created_at, r.updated_at
		FROM meter_readings r
		WHERE r.user_id = m.user_id AND r.meter_id = m.id
		ORDER BY r.read_on DESC
		LIMIT 1
	) l ON true
	WHERE m.user_id = $1`

// List returns every meter of the user, by type, then in the order they
// were installed.
func (ms *Meters) List(ctx context.Context) ([]domain.Meter, error) {
	const q = metersWithLatestSQL + ` ORDER BY m.type, m.installed_on, m.id`
	var rows []meterRow
	err := ms.inReadTx(ctx, func(tx *sqlx.Tx) error {
		rows = nil
		return tx.SelectContext(ctx, &rows, q, ms.userID)
	})
	if err != nil {
		return nil, fmt.Errorf("store: list meters: %w", translate(err))
	}
	return toMeters(rows), nil
}

// Get returns the meter with the given id, or ErrNotFound.
func (ms *Meters) Get(ctx context.Context, id uuid.UUID) (domain.Meter, error) {
	var r meterRow
	err := ms.inReadTx(ctx, func(tx *sqlx.Tx) error {
		return tx.GetContext(ctx, &r, metersWithLatestSQL+` AND m.id = $2`, ms.userID, id)
	})
	if err != nil {
		return domain.Meter{}, fmt.Errorf("store: get meter: %w", notFoundIfNoRows(err))
	}
	return r.meter(), nil
}

// GetMany returns those of the meters with the given ids that the user has,
// in no particular order.
func (ms *Meters) GetMany(ctx context.Context, ids []uuid.UUID) ([]domain.Meter, error) {
	const q = metersWithLatestSQL + ` AND m.id = ANY($2::uuid[])`
	var rows []meterRow
	err := ms.inReadTx(ctx, func(tx *sqlx.Tx) error {
		rows = nil
		return tx.SelectContext(ctx, &rows, q, ms.userID, uuidArray(ids))
	})
	if err != nil {
		return nil, fmt.Errorf("store: get meters: %w", translate(err))
	}
	return toMeters(rows), nil
}

func toMeters(rows []meterRow) []domain.Meter {
	out := make([]domain.Meter, len(rows))
	for i, r := range rows {
		out[i] = r.meter()
	}
	return out
}

// getMeter reads a meter with its latest reading within tx.
func (ms *Meters) getMeter(ctx context.Context, tx *sqlx.Tx, id uuid.UUID) (domain.Meter, error) {
	var r meterRow
	if err := tx.GetContext(ctx, &r, metersWithLatestSQL+` AND m.id = $2`, ms.userID, id); err != nil {
		return domain.Meter{}, err
	}
	return r.meter(), nil
}

// Create stores a meter and, when initial is not nil, its first reading. A
// user has at most domain.MaxMeters meters (ErrTooManyMeters); a meter in
// service at the same time as another of its type is a *MeterOverlapError.
func (ms *Meters) Create(ctx context.Context, in domain.MeterInput, initial *domain.ReadingInput) (domain.Meter, error) {
	const (
		// Creates of one user take turns, so that the count below holds.
		// NO KEY UPDATE leaves the user's row free for the checks of
		// foreign keys that other writes make.
		lockUser = `SELECT FROM users WHERE id = $1 FOR NO KEY UPDATE`
		insert   = `
			INSERT INTO meters (user_id, type, unit, name, serial_number, digits, installed_on, removed_on)
			SELECT $1, $2, $3, $4, $5, $6, $7, $8
			WHERE (SELECT count(*) FROM meters WHERE user_id = $1) < $9
			RETURNING id`
		insertReading = `
			INSERT INTO meter_readings (user_id, meter_id, read_on, value, estimated, notes)
			VALUES ($1, $2, $3, $4, $5, $6)`
	)
	var m domain.Meter
	err := ms.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, lockUser, ms.userID); err != nil {
			return err
		}
		var id uuid.UUID
		err := tx.GetContext(ctx, &id, insert, ms.userID, in.Type, in.Unit, in.Name, in.SerialNumber, in.Digits,
			in.InstalledOn, in.RemovedOn, domain.MaxMeters)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrTooManyMeters
		}
		if err != nil {
			return err
		}
		if initial != nil {
			_, err := tx.ExecContext(ctx, insertReading, ms.userID, id,
				initial.ReadOn, initial.Value, initial.Estimated, initial.Notes)
			if err != nil {
				return err
			}
		}
		if m, err = ms.getMeter(ctx, tx, id); err != nil {
			return err
		}
		return ms.markWrite(ctx, tx)
	})
	if exclusionConstraint(err) == meterOverlapConstraint {
		return domain.Meter{}, ms.overlappingMeter(ctx, in, uuid.Nil)
	}
	if err != nil {
		return domain.Meter{}, fmt.Errorf("store: create meter: %w", translate(err))
	}
	return m, nil
}

// meterOverlapConstraint refuses two meters of one type in service at once.
const meterOverlapConstraint = "meters_one_per_type_at_a_time"

// Update changes the meter with the given id: change receives the meter
// with its readings and derived periods, and returns what the meter should
// become and the changes to its periods that follow, or an error that
// leaves it as it was. The meter is locked for the transaction, as changes
// of its readings lock it, so that what change reads stays true until the
// writes commit. A period that would overlap another record is an
// *OverlapError, whose Index counts the periods inserted and then those
// updated; a time in service that overlaps another meter's of the type is
// a *MeterOverlapError.
func (ms *Meters) Update(ctx context.Context, id uuid.UUID,
	change func(domain.MeterHistory) (domain.MeterInput, domain.PeriodChanges, error),
) (domain.Meter, error) {
	const update = `
		UPDATE meters SET type = $3, unit = $4, name = $5, serial_number = $6, digits = $7,
			installed_on = $8, removed_on = $9, updated_at = now()
		WHERE user_id = $1 AND id = $2`
	var (
		m         domain.Meter
		in        domain.MeterInput
		changes   domain.ReadingChanges
		changeErr error
	)
	err := ms.inTx(ctx, func(tx *sqlx.Tx) error {
		hs, err := ms.lockHistories(ctx, tx, []uuid.UUID{id})
		if err != nil {
			return err
		}
		var periods domain.PeriodChanges
		if in, periods, changeErr = change(hs[0]); changeErr != nil {
			return changeErr
		}
		changes = domain.ReadingChanges{Periods: []domain.MeterPeriodChanges{{MeterID: id, PeriodChanges: periods}}}
		// Periods first: the meter's new time in service is checked
		// against other meters, its periods against other records, and
		// the first refusal is the one reported.
		written, err := ms.writePeriods(ctx, tx, changes)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, update, ms.userID, id, in.Type, in.Unit, in.Name, in.SerialNumber,
			in.Digits, in.InstalledOn, in.RemovedOn); err != nil {
			return err
		}
		if m, err = ms.getMeter(ctx, tx, id); err != nil {
			return err
		}
		return ms.markRecordsWritten(ctx, tx, written)
	})
	switch {
	case changeErr != nil:
		return domain.Meter{}, changeErr
	case exclusionConstraint(err) == meterOverlapConstraint:
		return domain.Meter{}, ms.overlappingMeter(ctx, in, id)
	case exclusionConstraint(err) == recordOverlapConstraint:
		return domain.Meter{}, ms.overlappingPeriod(ctx, changes)
	case err != nil:
		return domain.Meter{}, fmt.Errorf("store: update meter: %w", notFoundIfNoRows(err))
	}
	return m, nil
}

// Delete removes the meter with the given id, its readings and the periods
// derived from them (the foreign keys cascade), or returns ErrNotFound.
func (ms *Meters) Delete(ctx context.Context, id uuid.UUID) error {
	const (
		// The meter is locked first, as changes of its readings lock it,
		// so that the periods read next are the ones the delete cascades to.
		lock    = `SELECT id FROM meters WHERE user_id = $1 AND id = $2 FOR UPDATE`
		periods = `SELECT id FROM consumption_records WHERE user_id = $1 AND meter_id = $2`
		q       = `DELETE FROM meters WHERE user_id = $1 AND id = $2`
	)
	err := ms.inTx(ctx, func(tx *sqlx.Tx) error {
		var locked uuid.UUID
		if err := tx.GetContext(ctx, &locked, lock, ms.userID, id); err != nil {
			return notFoundIfNoRows(err)
		}
		var written recordWrites
		if err := tx.SelectContext(ctx, &written.deleted, periods, ms.userID, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, q, ms.userID, id); err != nil {
			return err
		}
		return ms.markRecordsWritten(ctx, tx, written)
	})
	if err != nil {
		return fmt.Errorf("store: delete meter: %w", translate(err))
	}
	return nil
}

// overlappingMeter finds, after the database refused meter in (whose id is
// exclude, or uuid.Nil for a new one) for being in service at the same time
// as another meter of its type, that meter.
func (ms *Meters) overlappingMeter(ctx context.Context, in domain.MeterInput, exclude uuid.UUID) error {
	const q = `
		SELECT id, name, installed_on, removed_on FROM meters
		WHERE user_id = $1 AND type = $2 AND id <> $3
			AND daterange(installed_on, removed_on, '[]') && daterange($4::date, $5::date, '[]')
		ORDER BY installed_on
		LIMIT 1`
	var other struct {
		ID          uuid.UUID    `db:"id"`
		Name        string       `db:"name"`
		InstalledOn domain.Date  `db:"installed_on"`
		RemovedOn   *domain.Date `db:"removed_on"`
	}
	err := ms.inTx(ctx, func(tx *sqlx.Tx) error {
		return tx.GetContext(ctx, &other, q, ms.userID, in.Type, exclude, in.InstalledOn, in.RemovedOn)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return &MeterOverlapError{} // deleted meanwhile
	}
	if err != nil {
		return fmt.Errorf("store: find overlapping meter: %w", translate(err))
	}
	return &MeterOverlapError{ID: other.ID, Name: other.Name, InstalledOn: other.InstalledOn, RemovedOn: other.RemovedOn}
}

// uuidArray returns ids as a PostgreSQL array.
func uuidArray(ids []uuid.UUID) pq.StringArray {
	a := make(pq.StringArray, len(ids))
	for i, id := range ids {
		a[i] = id.String()
	}
	return a
}
