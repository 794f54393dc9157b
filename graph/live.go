package graph

import (
	"context"
	"errors"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/google/uuid"

	"consumption/domain"
	"consumption/graph/model"
	"consumption/live"
)

// errNotLive answers a subscription that reached the resolvers without a
// live connection: the HTTP layer serves subscriptions over WebSocket only,
// so it is a bug if it happens.
var errNotLive = errors.New("graph: a subscription outside a live connection")

// followChanges answers Subscription.consumptionChanged: the changes to the
// signed-in user's records, from the live feed, each with the record as it
// is when sent when the subscription selects it. Changes that come together
// (a bulk create) are read together: one statement for their records, and
// one for their meters when the subscription selects those.
func (r *Resolver) followChanges(ctx context.Context) (<-chan *model.ConsumptionChange, error) {
	conn := live.ConnFrom(ctx)
	if conn == nil {
		return nil, errNotLive
	}
	sub, err := conn.Subscribe(ctx)
	if err != nil {
		return nil, err
	}
	user := currentUserID(ctx)
	withRecord, withMeter := selectsRecord(ctx)
	out := make(chan *model.ConsumptionChange)
	go func() {
		defer close(out)
		defer sub.Close()
		for {
			changes, err := sub.Next(ctx)
			if err == nil {
				var recs map[uuid.UUID]*model.ConsumptionRecord
				if withRecord {
					recs, err = r.changedRecords(ctx, user, changes, withMeter)
				}
				if err == nil {
					if !send(ctx, out, changes, recs) {
						return
					}
					continue
				}
			}
			if ctx.Err() == nil {
				endSubscription(ctx, err)
			}
			return
		}
	}()
	return out, nil
}

// send sends the changes down out, each with its record when recs has it,
// and reports whether the subscriber is still there to take them.
func send(ctx context.Context, out chan<- *model.ConsumptionChange, changes []domain.RecordChange, recs map[uuid.UUID]*model.ConsumptionRecord) bool {
	for _, c := range changes {
		change := &model.ConsumptionChange{Kind: model.ConsumptionChangeKind(c.Kind), ID: c.RecordID.String()}
		if c.Kind != domain.ChangeDeleted {
			change.Record = recs[c.RecordID]
		}
		select {
		case out <- change:
		case <-ctx.Done():
			return false
		}
	}
	return true
}

// changedRecords reads the records that changes name and still exist, by
// id, with their meters when withMeter says so.
func (r *Resolver) changedRecords(ctx context.Context, user uuid.UUID, changes []domain.RecordChange, withMeter bool) (map[uuid.UUID]*model.ConsumptionRecord, error) {
	ids := make([]uuid.UUID, 0, len(changes))
	for _, c := range changes {
		if c.Kind != domain.ChangeDeleted {
			ids = append(ids, c.RecordID)
		}
	}
	recs, err := r.Records.GetMany(ctx, user, ids)
	if err != nil {
		return nil, err
	}
	// A cache of this batch's own: the user's meters are listed once, and
	// only when a record has one.
	meters := withMeterCache(ctx)
	out := make(map[uuid.UUID]*model.ConsumptionRecord, len(recs))
	for _, rec := range recs {
		m := toRecord(rec)
		if withMeter {
			if m.Meter, err = r.recordMeter(meters, m); err != nil {
				return nil, err
			}
		}
		out[rec.ID] = m
	}
	return out, nil
}

// selectsRecord reports whether the subscription's selection asks for the
// record of each change, and for the record's meter.
func selectsRecord(ctx context.Context) (record, meter bool) {
	opCtx := graphql.GetOperationContext(ctx)
	for _, f := range graphql.CollectFieldsCtx(ctx, nil) {
		if f.Name != "record" {
			continue
		}
		record = true
		for _, rf := range graphql.CollectFields(opCtx, f.Selections, nil) {
			meter = meter || rf.Name == "meter"
		}
	}
	return record, meter
}

// endSubscription ends a subscription with err, presented as every error
// is (the error presenter gives it its code), in the protocol's error
// message that ends it.
func endSubscription(ctx context.Context, err error) {
	presented := graphql.WithFreshResponseContext(ctx)
	graphql.AddError(presented, err)
	for _, e := range graphql.GetErrors(presented) {
		transport.AddSubscriptionError(ctx, e)
	}
}
