package graph

import (
	"context"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/google/uuid"

	"consumption/domain"
	"consumption/graph/model"
)

// listReadings answers Meter.readings: a page of the meter's readings,
// latest first, with the total only when the client selects it.
func (r *Resolver) listReadings(ctx context.Context, m *model.Meter, first *int, after *string) (*model.MeterReadingConnection, error) {
	id, err := uuid.Parse(m.ID)
	if err != nil {
		return nil, err
	}
	count := false
	for _, f := range graphql.CollectFieldsCtx(ctx, nil) {
		count = count || f.Name == "totalCount"
	}
	page, err := r.MeterService.ListReadings(ctx, currentUserID(ctx), id, first, after, count)
	if err != nil {
		return nil, err
	}
	return toReadingConnection(page, m, after != nil), nil
}

// toReadings returns readings with their meters, which the service gives
// by id.
func (r *Resolver) toReadings(ctx context.Context, rs []domain.Reading) ([]*model.MeterReading, error) {
	ms, err := r.metersOf(ctx, rs)
	if err != nil {
		return nil, err
	}
	out := make([]*model.MeterReading, len(rs))
	for i, rd := range rs {
		out[i] = toReading(rd, ms[rd.MeterID])
	}
	return out, nil
}

// toReading returns one reading with its meter.
func (r *Resolver) toReading(ctx context.Context, rd domain.Reading) (*model.MeterReading, error) {
	out, err := r.toReadings(ctx, []domain.Reading{rd})
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// metersOf returns the meters of the readings, by id, read after the
// readings were written (so with their latest readings).
func (r *Resolver) metersOf(ctx context.Context, rs []domain.Reading) (map[uuid.UUID]*model.Meter, error) {
	var ids []uuid.UUID
	seen := make(map[uuid.UUID]bool)
	for _, rd := range rs {
		if !seen[rd.MeterID] {
			seen[rd.MeterID] = true
			ids = append(ids, rd.MeterID)
		}
	}
	ms, err := r.MeterService.GetMany(ctx, currentUserID(ctx), ids)
	if err != nil {
		return nil, err
	}
	byID := make(map[uuid.UUID]*model.Meter, len(ms))
	for _, m := range ms {
		byID[m.ID] = toMeter(m)
	}
	return byID, nil
}

// meterCache holds the meters of an operation's user, read once when a
// record's meter is first asked for: one statement however many records a
// list holds. A user has at most domain.MaxMeters meters.
type meterCache struct {
	once sync.Once
	byID map[uuid.UUID]*model.Meter
	err  error
}

type meterCacheKey struct{}

// withMeterCache gives an operation an empty cache of meters.
func withMeterCache(ctx context.Context) context.Context {
	return context.WithValue(ctx, meterCacheKey{}, &meterCache{})
}

// recordMeter answers ConsumptionRecord.meter.
func (r *Resolver) recordMeter(ctx context.Context, rec *model.ConsumptionRecord) (*model.Meter, error) {
	if rec.MeterID == nil || rec.Meter != nil {
		return rec.Meter, nil
	}
	c, ok := ctx.Value(meterCacheKey{}).(*meterCache)
	if !ok {
		c = &meterCache{} // outside an operation, as in a test of the resolver
	}
	c.once.Do(func() {
		var ms []domain.Meter
		if ms, c.err = r.MeterService.List(ctx, currentUserID(ctx)); c.err != nil {
			return
		}
		c.byID = make(map[uuid.UUID]*model.Meter, len(ms))
		for _, m := range ms {
			c.byID[m.ID] = toMeter(m)
		}
	})
	if c.err != nil {
		return nil, c.err
	}
	m, ok := c.byID[*rec.MeterID]
	if !ok {
		// Deleted after the record was read: as if it were not derived.
		return nil, nil
	}
	return m, nil
}
