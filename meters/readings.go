package meters

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"consumption/domain"
	"consumption/store"
)

// The sizes of a page of readings.
const (
	// MaxReadingsPage is the largest page one request may ask for.
	MaxReadingsPage = 1000
	// DefaultReadingsPage is the page of a request that does not say.
	DefaultReadingsPage = 100
)

// NewReading is a reading to add to the meter with id MeterID, as a client
// sent it.
type NewReading struct {
	MeterID string
	domain.ReadingInput
}

// ReadingPage is part of a meter's readings, latest first, each with its
// cursor.
type ReadingPage struct {
	Readings []domain.Reading
	Cursors  []string
	HasNext  bool
	// Total is how many readings the meter has, when asked.
	Total int
}

// ListReadings returns up to first readings (nil: DefaultReadingsPage) of
// the meter, latest first, after the cursor after, and how many it has when
// count is true.
func (s *Service) ListReadings(ctx context.Context, user, meterID uuid.UUID, first *int, after *string, count bool) (ReadingPage, error) {
	n := DefaultReadingsPage
	if first != nil {
		if *first < 0 || *first > MaxReadingsPage {
			return ReadingPage{}, domain.Invalid("first", fmt.Sprintf("first must be from 0 to %d.", MaxReadingsPage))
		}
		n = *first
	}
	var before *domain.Date
	if after != nil {
		d, err := store.ParseReadingCursor(*after)
		if err != nil {
			return ReadingPage{}, domain.Invalid("after", "This cursor was not made for a list of readings; take one from the list's edges.")
		}
		before = &d
	}
	p, err := s.store.ForUser(user).MeterReadings.List(ctx, meterID, before, n, count)
	if err != nil {
		return ReadingPage{}, err
	}
	page := ReadingPage{Readings: p.Readings, Cursors: make([]string, len(p.Readings)), HasNext: p.HasNext, Total: p.Total}
	for i, r := range p.Readings {
		page.Cursors[i] = store.ReadingCursor(r)
	}
	return page, nil
}

// GetReading returns the reading with the given id, or ErrReadingNotFound.
func (s *Service) GetReading(ctx context.Context, user uuid.UUID, id string) (domain.Reading, error) {
	readingID, ok := parseID(id)
	if !ok {
		return domain.Reading{}, ErrReadingNotFound
	}
	r, err := s.store.ForUser(user).MeterReadings.Get(ctx, readingID)
	if errors.Is(err, store.ErrNotFound) {
		return domain.Reading{}, ErrReadingNotFound
	}
	return r, err
}

// AddReading adds one reading, and the period since the meter's reading
// before it.
func (s *Service) AddReading(ctx context.Context, user uuid.UUID, in NewReading) (domain.Reading, error) {
	rs, err := s.addReadings(ctx, user, []NewReading{in}, false)
	if err != nil {
		return domain.Reading{}, err
	}
	return rs[0], nil
}

// AddReadings adds up to domain.MaxBulkReadings readings, of any of the
// user's meters, all or none, and returns them in the order given. Every
// rule an item breaks is reported, with the item's index.
func (s *Service) AddReadings(ctx context.Context, user uuid.UUID, ins []NewReading) ([]domain.Reading, error) {
	if len(ins) > domain.MaxBulkReadings {
		return nil, domain.Invalid("input", fmt.Sprintf(
			"At most %d readings can be added at once; this request has %d.", domain.MaxBulkReadings, len(ins)))
	}
	return s.addReadings(ctx, user, ins, true)
}

func (s *Service) addReadings(ctx context.Context, user uuid.UUID, ins []NewReading, bulk bool) ([]domain.Reading, error) {
	if len(ins) == 0 {
		return nil, nil
	}
	today, err := s.Today(ctx, user)
	if err != nil {
		return nil, err
	}
	// The meters, in the order the request first names them.
	var ids []uuid.UUID
	meterOf := make([]uuid.UUID, len(ins))
	seen := make(map[uuid.UUID]bool)
	for i, in := range ins {
		id, ok := parseID(in.MeterID)
		if !ok {
			return nil, atIndex(meterNotFound(), i, bulk)
		}
		meterOf[i] = id
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	var changes domain.ReadingChanges
	added, err := s.store.ForUser(user).MeterReadings.Change(ctx, ids, func(hs []domain.MeterHistory) (domain.ReadingChanges, error) {
		changes = domain.ReadingChanges{}
		byMeter := make(map[uuid.UUID]domain.MeterHistory, len(hs))
		for _, h := range hs {
			byMeter[h.Meter.ID] = h
		}
		var errs domain.Errors
		newOf := make(map[uuid.UUID][]sequenced, len(hs))
		for i, in := range ins {
			m := byMeter[meterOf[i]].Meter
			errs = append(errs, in.Validate(m.MeterInput, today).AtIndex(i)...)
			newOf[m.ID] = append(newOf[m.ID], sequenced{in.ReadingInput, i})
			changes.Insert = append(changes.Insert, domain.Reading{MeterID: m.ID, ReadingInput: in.ReadingInput})
		}
		if len(errs) > 0 && !bulk {
			return changes, unindexed(errs)
		}
		if len(errs) > 0 {
			return changes, errs
		}
		for _, h := range hs {
			seq := merge(h.Readings, nil, newOf[h.Meter.ID])
			if errs = append(errs, checkSequence(h.Meter.Digits, seq, -1)...); len(errs) > 0 {
				continue
			}
			changes.Periods = append(changes.Periods, derive(h, seq))
		}
		if !bulk {
			return changes, unindexed(errs)
		}
		return changes, errs.Err()
	})
	if err != nil {
		return nil, s.readingError(err, changes, meterOf, bulk)
	}
	return added, nil
}

// derive returns the changes that turn the stored periods of a meter into
// those its readings seq imply.
func derive(h domain.MeterHistory, seq []sequenced) domain.MeterPeriodChanges {
	want := domain.DerivePeriods(h.Meter.MeterInput, inputs(seq))
	return domain.MeterPeriodChanges{MeterID: h.Meter.ID, PeriodChanges: domain.DiffPeriods(h.Periods, want)}
}

// UpdateReading changes the reading with the given id: change receives its
// fields and returns what they should become. The periods on both sides of
// it (and, when its day moves, of where it was) follow in the same
// transaction.
func (s *Service) UpdateReading(ctx context.Context, user uuid.UUID, id string, change func(domain.ReadingInput) domain.ReadingInput) (domain.Reading, error) {
	var changes domain.ReadingChanges
	written, err := s.changeReading(ctx, user, id, func(h domain.MeterHistory, at int, today domain.Date) (domain.ReadingChanges, error) {
		stored := h.Readings[at]
		next := change(stored.ReadingInput)
		changes = domain.ReadingChanges{Update: []domain.Reading{{ID: stored.ID, MeterID: stored.MeterID, ReadingInput: next}}}
		if err := next.Validate(h.Meter.MeterInput, today).Err(); err != nil {
			return changes, err
		}
		seq := merge(h.Readings, map[int]bool{at: true}, []sequenced{{next, 0}})
		if err := unindexed(checkSequence(h.Meter.Digits, seq, 0)); err != nil {
			return changes, err
		}
		changes.Periods = []domain.MeterPeriodChanges{derive(h, seq)}
		return changes, nil
	})
	if err != nil {
		return domain.Reading{}, s.readingError(err, changes, nil, false)
	}
	return written[0], nil
}

// DeleteReading deletes the reading with the given id, and joins the
// periods on both sides of it into one, in the same transaction. A reading
// whose neighbours would be too far apart without it stays.
func (s *Service) DeleteReading(ctx context.Context, user uuid.UUID, id string) error {
	var changes domain.ReadingChanges
	_, err := s.changeReading(ctx, user, id, func(h domain.MeterHistory, at int, _ domain.Date) (domain.ReadingChanges, error) {
		changes = domain.ReadingChanges{Delete: []uuid.UUID{h.Readings[at].ID}}
		seq := merge(h.Readings, map[int]bool{at: true}, nil)
		for _, e := range checkSequence(h.Meter.Digits, seq, -1) {
			e.Field = "id"
			return changes, e
		}
		changes.Periods = []domain.MeterPeriodChanges{derive(h, seq)}
		return changes, nil
	})
	return s.readingError(err, changes, nil, false)
}

// changeReading runs change on the history of the meter of the reading
// with the given id, locked, with the reading's place in it.
func (s *Service) changeReading(ctx context.Context, user uuid.UUID, id string,
	change func(h domain.MeterHistory, at int, today domain.Date) (domain.ReadingChanges, error),
) ([]domain.Reading, error) {
	current, err := s.GetReading(ctx, user, id)
	if err != nil {
		return nil, err
	}
	today, err := s.Today(ctx, user)
	if err != nil {
		return nil, err
	}
	// A reading's meter never changes, so the meter read above is the one
	// to lock; the reading itself may be gone by then.
	return s.store.ForUser(user).MeterReadings.Change(ctx, []uuid.UUID{current.MeterID},
		func(hs []domain.MeterHistory) (domain.ReadingChanges, error) {
			h := hs[0]
			for at, r := range h.Readings {
				if r.ID == current.ID {
					return change(h, at, today)
				}
			}
			return domain.ReadingChanges{}, ErrReadingNotFound
		})
}

// unindexed returns errs without indexes, as an error of a request of one
// reading.
func unindexed(errs domain.Errors) error {
	for _, e := range errs {
		e.Index = -1
	}
	return errs.Err()
}
