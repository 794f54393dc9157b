package graph

import (
	"context"
	"errors"
	"fmt"

	"github.com/99designs/gqlgen/graphql"

	"consumption/domain"
	"consumption/graph/model"
	"consumption/store"
)

// maxPageSize is the largest page of records one request may ask for.
const maxPageSize = 500

// listRecords answers consumptionRecords: a page of the filtered records in
// the order asked, after the cursor given.
func (r *Resolver) listRecords(ctx context.Context, filter *model.RecordFilter, orderBy *model.RecordOrder, first *int, after *string) (*model.ConsumptionRecordConnection, error) {
	opts := store.ListOptions{
		Filter: fromRecordFilter(filter),
		Order:  fromRecordOrder(orderBy),
		First:  50,
	}
	if first != nil {
		if *first < 0 || *first > maxPageSize {
			return nil, domain.Invalid("first", fmt.Sprintf("first must be from 0 to %d.", maxPageSize))
		}
		opts.First = *first
	}
	if after != nil {
		c, err := store.ParseCursor(opts.Order, *after)
		if errors.Is(err, store.ErrBadCursor) {
			return nil, domain.Invalid("after", "This cursor was not made for this list and order; take one from the list's edges.")
		}
		opts.After = &c
	}
	if f := opts.Filter; f.From != nil && f.To != nil && f.To.Before(*f.From) {
		return nil, domain.Invalid("to", "The filter's end (to) must be on or after its start (from).")
	}

	// The count comes in the page's transaction, and only when asked for.
	for _, f := range graphql.CollectFieldsCtx(ctx, nil) {
		opts.Count = opts.Count || f.Name == "totalCount"
	}
	page, err := r.currentUser(ctx).Records.List(ctx, opts)
	if err != nil {
		return nil, err
	}
	conn := &model.ConsumptionRecordConnection{
		Edges:      make([]*model.ConsumptionRecordEdge, len(page.Records)),
		PageInfo:   &model.PageInfo{HasNextPage: page.HasNext, HasPreviousPage: after != nil},
		TotalCount: page.Total,
	}
	for i, rec := range page.Records {
		conn.Edges[i] = &model.ConsumptionRecordEdge{Cursor: store.CursorAfter(opts.Order, rec), Node: toRecord(rec)}
	}
	if n := len(conn.Edges); n > 0 {
		conn.PageInfo.StartCursor = &conn.Edges[0].Cursor
		conn.PageInfo.EndCursor = &conn.Edges[n-1].Cursor
	}
	return conn, nil
}

// checkIdempotencyKey checks the optional idempotency key of a create mutation
// and returns it, or "" when there is none.
func checkIdempotencyKey(key *string) (string, error) {
	if key == nil {
		return "", nil
	}
	if err := domain.CheckIdempotencyKey(*key); err != nil {
		return "", err
	}
	return *key, nil
}
