package graph

import (
	"context"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"consumption/graph/model"
	"consumption/records"
)

// listRecords answers consumptionRecords: a page of the filtered records in
// the order asked, after the cursor given, with the total only when the
// client selects it.
func (r *Resolver) listRecords(ctx context.Context, filter *model.RecordFilter, orderBy *model.RecordOrder, first *int, after *string) (*model.ConsumptionRecordConnection, error) {
	args := records.ListArgs{
		Filter: fromRecordFilter(filter),
		Order:  fromRecordOrder(orderBy),
		First:  first,
		After:  after,
	}
	for _, f := range graphql.CollectFieldsCtx(ctx, nil) {
		args.Count = args.Count || f.Name == "totalCount"
	}
	page, err := r.Records.List(ctx, currentUserID(ctx), args)
	if err != nil {
		return nil, err
	}
	conn := toConnection(page, after != nil)
	conn.Edges.Concurrently = r.marshalEdgesConcurrently
	return conn, nil
}

// deletedRecords answers deletedConsumptionRecords.
func (r *Resolver) deletedRecords(ctx context.Context, since time.Time, first *int, after *string) ([]*model.DeletedRecord, error) {
	deleted, err := r.Records.Deleted(ctx, currentUserID(ctx), since, after, first)
	if err != nil {
		return nil, err
	}
	out := make([]*model.DeletedRecord, len(deleted))
	for i, d := range deleted {
		out[i] = &model.DeletedRecord{ID: d.ID.String(), Type: model.ConsumptionType(d.Type), DeletedAt: d.DeletedAt}
	}
	return out, nil
}
