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

	"consumption/domain"
)

// Meters are one user's meters. Their readings are MeterReadings'.
type Meters struct {
	userScope
}

// meterRow is a row of meters.
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
}

func (r meterRow) meter() domain.Meter {
	return domain.Meter{
		ID: r.ID,
		MeterInput: domain.MeterInput{
			Type: r.Type, Unit: r.Unit, Name: r.Name, SerialNumber: r.SerialNumber, Digits: r.Digits,
			InstalledOn: r.InstalledOn, RemovedOn: r.RemovedOn,
		},
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
	}
}

const meterColumns = `m.id, m.type, m.unit, m.name, m.serial_number, m.digits, m.installed_on, m.removed_on,
	m.created_at, m.updated_at`

// The user's meters, and their latest readings: callers add the same
// condition on m to both. The latest readings are a statement of their own,
// one probe of the readings' index per meter, joined to the meters that
// have readings: Citus on PostgreSQL 15 and 16 refuses the outer join that
// would read both at once (with the tenant policy's condition, which
// PostgreSQL derives as a constant one, "outer joins and pseudoconstant
// quals"). Both sides name the user, so that Citus sends it to the
// user's shard alone.
const (
	metersSQL         = `SELECT ` + meterColumns + ` FROM meters m WHERE m.user_id = $1`
	latestReadingsSQL = `
	SELECT m.id AS meter_id, l.id, l.read_on, l.value, l.estimated, l.notes, l.created_at, l.updated_at
	FROM meters m
	CROSS JOIN LATERAL (
		SELECT r.id, r.read_on, r.value, r.estimated, r.notes, r.created_at, r.updated_at
		FROM meter_readings r
		WHERE r.user_id = $1 AND r.meter_id = m.id
		ORDER BY r.read_on DESC
		LIMIT 1
	) l
	WHERE m.user_id = $1`
)

// selectMeters reads within tx the user's meters that cond (a condition on
// m, of the parameters from $2 on) selects, each with its latest reading, in
// the order that order gives ("" for none).
func (ms *Meters) selectMeters(ctx context.Context, tx *sqlx.Tx, cond, order string, args ...any) ([]domain.Meter, error) {
	all := append([]any{ms.userID}, args...)
	var rows []meterRow
	if err := tx.SelectContext(ctx, &rows, metersSQL+cond+order, all...); err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, nil
	}
	var latest []readingRow
	if err := tx.SelectContext(ctx, &latest, latestReadingsSQL+cond, all...); err != nil {
		return nil, err
	}
	byMeter := make(map[uuid.UUID]domain.Reading, len(latest))
	for _, l := range latest {
		byMeter[l.MeterID] = l.reading()
	}
	out := make([]domain.Meter, len(rows))
	for i, r := range rows {
		out[i] = r.meter()
		if l, ok := byMeter[r.ID]; ok {
			out[i].LatestReading = &l
		}
	}
	return out, nil
}

// List returns every meter of the user, by type, then in the order they
// were installed.
func (ms *Meters) List(ctx context.Context) ([]domain.Meter, error) {
	var meters []domain.Meter
	err := ms.inReadTx(ctx, func(tx *sqlx.Tx) (err error) {
		meters, err = ms.selectMeters(ctx, tx, "", ` ORDER BY m.type, m.installed_on, m.id`)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: list meters: %w", translate(err))
	}
	return meters, nil
}

// Get returns the meter with the given id, or ErrNotFound.
func (ms *Meters) Get(ctx context.Context, id uuid.UUID) (domain.Meter, error) {
	var m domain.Meter
	err := ms.inReadTx(ctx, func(tx *sqlx.Tx) (err error) {
		m, err = ms.getMeter(ctx, tx, id)
		return err
	})
	if err != nil {
		return domain.Meter{}, fmt.Errorf("store: get meter: %w", notFoundIfNoRows(err))
	}
	return m, nil
}

// GetMany returns those of the meters with the given ids that the user has,
// in no particular order.
func (ms *Meters) GetMany(ctx context.Context, ids []uuid.UUID) ([]domain.Meter, error) {
	var meters []domain.Meter
	err := ms.inReadTx(ctx, func(tx *sqlx.Tx) (err error) {
		meters, err = ms.selectMeters(ctx, tx, ` AND m.id = ANY($2::uuid[])`, "", uuidArray(ids))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: get meters: %w", translate(err))
	}
	return meters, nil
}

// getMeter reads a meter with its latest reading within tx (sql.ErrNoRows
// when the user has no such meter).
func (ms *Meters) getMeter(ctx context.Context, tx *sqlx.Tx, id uuid.UUID) (domain.Meter, error) {
	meters, err := ms.selectMeters(ctx, tx, ` AND m.id = $2`, "", id)
	if err != nil {
		return domain.Meter{}, err
	}
	if len(meters) == 0 {
		return domain.Meter{}, sql.ErrNoRows
	}
	return meters[0], nil
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
