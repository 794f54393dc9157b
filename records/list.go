package records

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"consumption/domain"
	"consumption/store"
)

// The sizes of a page of records.
const (
	// MaxPageSize is the largest page one request may ask for.
	MaxPageSize = 500
	// DefaultPageSize is the page of a request that does not say.
	DefaultPageSize = 50
)

// ListArgs say which records to list, in what order, from where, as a
// client asked; List checks them.
type ListArgs struct {
	Filter store.Filter
	Order  store.Order
	// First is how many records to return at most; nil for
	// DefaultPageSize.
	First *int
	// After is the cursor of the record the page follows; nil for the
	// first page.
	After *string
	// Count asks for how many records the filter selects on every page
	// together.
	Count bool
}

// Page is part of a list of records, each with its cursor.
type Page struct {
	Records []domain.Record
	// Cursors holds the cursor of each record, for a page to start after.
	Cursors []string
	// HasNext reports whether more records follow the last one.
	HasNext bool
	// Total is how many records the filter selects, when asked.
	Total int
}

// List returns a page of the user's records, with the total when asked: one
// transaction for both.
func (s *Service) List(ctx context.Context, user uuid.UUID, args ListArgs) (Page, error) {
	opts, err := listOptions(args)
	if err != nil {
		return Page{}, err
	}
	p, err := s.store.ForUser(user).Records.List(ctx, opts)
	if err != nil {
		return Page{}, err
	}
	page := Page{Records: p.Records, Cursors: make([]string, len(p.Records)), HasNext: p.HasNext, Total: p.Total}
	for i, rec := range p.Records {
		page.Cursors[i] = store.CursorAfter(opts.Order, rec)
	}
	return page, nil
}

// listOptions checks a list's arguments: first within bounds, a cursor made
// for this order, and a filter whose end is not before its start.
func listOptions(a ListArgs) (store.ListOptions, error) {
	opts := store.ListOptions{Filter: a.Filter, Order: a.Order, First: DefaultPageSize, Count: a.Count}
	if a.First != nil {
		if *a.First < 0 || *a.First > MaxPageSize {
			return opts, domain.Invalid("first", fmt.Sprintf("first must be from 0 to %d.", MaxPageSize))
		}
		opts.First = *a.First
	}
	if a.After != nil {
		c, err := store.ParseCursor(opts.Order, *a.After)
		if errors.Is(err, store.ErrBadCursor) {
			return opts, domain.Invalid("after", "This cursor was not made for this list and order; take one from the list's edges.")
		}
		opts.After = &c
	}
	if f := opts.Filter; f.From != nil && f.To != nil && f.To.Before(*f.From) {
		return opts, domain.Invalid("to", "The filter's end (to) must be on or after its start (from).")
	}
	return opts, nil
}
