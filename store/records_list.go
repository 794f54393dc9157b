package store

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/lib/pq"

	"consumption/domain"
)

// Filter selects records by type, by period and by when they changed.
// Records whose period shares at least one day with From..To match; nil
// bounds are open. With UpdatedSince, only records created or changed at
// or after that time match.
type Filter struct {
	Types        []domain.Type
	From         *domain.Date
	To           *domain.Date
	UpdatedSince *time.Time
}

func (f Filter) typeArray() pq.StringArray {
	if len(f.Types) == 0 {
		return nil // NULL: every type
	}
	a := make(pq.StringArray, len(f.Types))
	for i, t := range f.Types {
		a[i] = string(t)
	}
	return a
}

// OrderField is what a list of records is sorted by. Ties are broken by id,
// so that every record has one place in the order.
type OrderField string

// The fields a list may be sorted by.
const (
	OrderByPeriodStart OrderField = "PERIOD_START"
	OrderByPeriodEnd   OrderField = "PERIOD_END"
	OrderByAmount      OrderField = "AMOUNT"
	OrderByCreatedAt   OrderField = "CREATED_AT"
	OrderByUpdatedAt   OrderField = "UPDATED_AT"
)

// orderColumns maps each order field to its column, the type its cursor
// value is cast to, and how to read that value from a record. Only these
// fixed strings ever reach the SQL text.
var orderColumns = map[OrderField]struct {
	column, cast string
	value        func(domain.Record) string
	check        func(string) error
}{
	OrderByPeriodStart: {"period_start", "date",
		func(r domain.Record) string { return r.PeriodStart.String() },
		func(s string) error { _, err := domain.ParseDate(s); return err }},
	OrderByPeriodEnd: {"period_end", "date",
		func(r domain.Record) string { return r.PeriodEnd.String() },
		func(s string) error { _, err := domain.ParseDate(s); return err }},
	OrderByAmount: {"amount", "numeric",
		func(r domain.Record) string { return r.Amount.String() },
		func(s string) error { _, err := domain.ParseDecimal(s); return err }},
	OrderByCreatedAt: {"created_at", "timestamptz",
		func(r domain.Record) string { return r.CreatedAt.UTC().Format(time.RFC3339Nano) },
		checkTimestamp},
	OrderByUpdatedAt: {"updated_at", "timestamptz",
		func(r domain.Record) string { return r.UpdatedAt.UTC().Format(time.RFC3339Nano) },
		checkTimestamp},
}

// checkTimestamp checks the time of a cursor: a time that PostgreSQL can
// read as a timestamptz (year 0000 it cannot).
func checkTimestamp(s string) error {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return err
	}
	if d := domain.DateOf(t.UTC()); d.Before(domain.FirstDay) || d.After(domain.LastDay) {
		return ErrBadCursor
	}
	return nil
}

// Order is a sort order for records.
type Order struct {
	Field      OrderField
	Descending bool
}

// DefaultOrder lists the newest periods first.
var DefaultOrder = Order{Field: OrderByPeriodStart, Descending: true}

// Cursor is a position in a list of records: the sort value and id of the
// record it follows.
type Cursor struct {
	field OrderField
	value string
	id    uuid.UUID
}

// ErrBadCursor means a cursor was not made by this server for the order asked.
var ErrBadCursor = errors.New("store: bad cursor")

// CursorAfter returns the opaque cursor of r in order o.
func CursorAfter(o Order, r domain.Record) string {
	b, _ := json.Marshal([]string{string(o.Field), orderColumns[o.Field].value(r), r.ID.String()})
	return base64.RawURLEncoding.EncodeToString(b)
}

// ParseCursor reads a cursor made by CursorAfter for the same order field.
func ParseCursor(o Order, s string) (Cursor, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) > 200 {
		return Cursor{}, ErrBadCursor
	}
	var parts []string
	if err := json.Unmarshal(b, &parts); err != nil || len(parts) != 3 || OrderField(parts[0]) != o.Field {
		return Cursor{}, ErrBadCursor
	}
	col, ok := orderColumns[o.Field]
	if !ok || col.check(parts[1]) != nil {
		return Cursor{}, ErrBadCursor
	}
	id, err := uuid.Parse(parts[2])
	if err != nil {
		return Cursor{}, ErrBadCursor
	}
	return Cursor{field: o.Field, value: parts[1], id: id}, nil
}

// ListOptions say which records to list, in what order, from where.
type ListOptions struct {
	Filter Filter
	Order  Order
	After  *Cursor
	// First is how many records to return at most.
	First int
	// Count asks for the number of records the filter selects on every
	// page together, in the same transaction.
	Count bool
}

// Page is part of a list of records.
type Page struct {
	Records []domain.Record
	// HasNext reports whether more records follow the last one.
	HasNext bool
	// Total is how many records the filter selects, when asked.
	Total int
}

// ListStatement returns the SQL and arguments List sends.
//
// Its text holds only the conditions the options set, so that one plan
// serves every execution of it: a condition that a parameter switches off
// (`$2 IS NULL OR ...`) leaves PostgreSQL only plans that work without it.
// The texts are few: one for each set of the filter's bounds, order and
// direction, with a cursor or none.
func (rs *Records) ListStatement(o ListOptions) (Statement, error) {
	col, ok := orderColumns[o.Order.Field]
	if !ok {
		return Statement{}, fmt.Errorf("store: list records: unknown order %q", o.Order.Field)
	}
	dir, cmp := "ASC", ">"
	if o.Order.Descending {
		dir, cmp = "DESC", "<"
	}
	where, args := o.Filter.where(rs.userID)
	if o.After != nil {
		// Keyset pagination: the row comparison continues exactly after
		// the cursor's record, however many rows come before it.
		args = append(args, o.After.value, o.After.id)
		where += fmt.Sprintf(" AND (%s, id) %s ($%d::%s, $%d::uuid)", col.column, cmp, len(args)-1, col.cast, len(args))
	}
	args = append(args, o.First+1)
	q := fmt.Sprintf(`SELECT `+recordColumns+` FROM consumption_records WHERE %s ORDER BY %s %s, id %s LIMIT $%d`,
		where, col.column, dir, dir, len(args))
	return Statement{SQL: q, Args: args, genericPlan: true}, nil
}

// where returns the conditions that select the user's records that f
// selects, with their arguments: the user's id, then f's bounds.
func (f Filter) where(user uuid.UUID) (string, []any) {
	where, args := "user_id = $1", []any{user}
	and := func(condition string, arg any) {
		args = append(args, arg)
		where += fmt.Sprintf(" AND "+condition, len(args))
	}
	if len(f.Types) > 0 {
		and("type = ANY($%d::text[])", f.typeArray())
	}
	if f.From != nil {
		and("period_end >= $%d::date", *f.From)
	}
	if f.To != nil {
		and("period_start <= $%d::date", *f.To)
	}
	if f.UpdatedSince != nil {
		and("updated_at >= $%d::timestamptz", *f.UpdatedSince)
	}
	return where, args
}

// List returns the records the options select, in order, after the cursor,
// and how many there are in all when asked: one read for both.
func (rs *Records) List(ctx context.Context, o ListOptions) (Page, error) {
	list, err := rs.ListStatement(o)
	if err != nil {
		return Page{}, err
	}
	stmts := []Statement{list}
	var page Page
	var rows []recordRow
	scans := []func(*sql.Rows) error{func(r *sql.Rows) (err error) {
		rows, err = scanRecordRows(r, rows[:0])
		return err
	}}
	if o.Count {
		stmts = append(stmts, rs.CountStatement(o.Filter))
		scans = append(scans, func(r *sql.Rows) error {
			if !r.Next() {
				return sql.ErrNoRows
			}
			return r.Scan(&page.Total)
		})
	}
	if err := rs.read(ctx, stmts, scans...); err != nil {
		return Page{}, fmt.Errorf("store: list records: %w", translate(err))
	}
	if len(rows) > o.First {
		rows, page.HasNext = rows[:o.First], true
	}
	page.Records = toRecords(rows)
	return page, nil
}

// CountStatement returns the SQL and arguments List sends to count.
func (rs *Records) CountStatement(f Filter) Statement {
	where, args := f.where(rs.userID)
	return Statement{SQL: `SELECT count(*) FROM consumption_records WHERE ` + where, Args: args, genericPlan: true}
}
