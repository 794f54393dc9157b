package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/lib/pq"
	"github.com/shopspring/decimal"

	"consumption/domain"
	"consumption/store"
	"consumption/store/storetest"
)

// TestReadWritesArgumentsAsLiterals reads values in one trip, where they
// are written into the query, and as parameters of the extended protocol:
// PostgreSQL must read the same text either way, whatever quotes,
// backslashes or SQL a string holds.
func TestReadWritesArgumentsAsLiterals(t *testing.T) {
	ctx := context.Background()
	st := storetest.New(t)
	user := storetest.NewUser(t, st)
	day := domain.NewDate(2024, 2, 29)
	for _, c := range []struct {
		typ   string
		value any
	}{
		{"text", "plain"},
		{"text", "it's"},
		{"text", `back\slash`},
		{"text", `\'); DROP TABLE users; --`},
		{"text", `E'\x41'`},
		{"text", "$1 $$ $tag$ 日本語"},
		{"text", ""},
		{"text", nil},
		{"int", int64(-42)},
		{"int", 7},
		{"boolean", true},
		{"uuid", uuid.MustParse("0b8f6f0c-3c8e-4d3b-9d1e-0c4c1b2a3f4e")},
		{"date", day},
		{"date", &day},
		{"date", (*domain.Date)(nil)},
		{"timestamptz", time.Date(2024, 3, 31, 1, 59, 59, 123456000, time.FixedZone("", 5*3600+30*60))},
		{"numeric", decimal.RequireFromString("-0.000001")},
		{"text[]", pq.StringArray{"a'b", `c\d`, `e"f`, "NULL", ""}},
		{"int[]", pq.Int64Array{1, -2, 3}},
	} {
		query := `SELECT $1::` + c.typ + `::text`
		var want *string
		if err := store.DB(st).QueryRowContext(ctx, query, c.value).Scan(&want); err != nil {
			t.Fatalf("%s %#v as a parameter: %v", c.typ, c.value, err)
		}
		got, err := store.ReadText(ctx, st, user, query, c.value)
		if err != nil {
			t.Errorf("%s %#v as a literal: %v", c.typ, c.value, err)
			continue
		}
		if (got == nil) != (want == nil) || got != nil && *got != *want {
			t.Errorf("%s %#v: as a literal %s, as a parameter %s", c.typ, c.value, show(got), show(want))
		}
	}
}

func show(s *string) string {
	if s == nil {
		return "NULL"
	}
	return "'" + *s + "'"
}

// TestListReadsInOneTrip lists a user's records, with their count, through
// a store of one connection: the read prepares its statements on it, an
// empty page still counts, a read after the statements were dropped
// prepares them again, and the connection serves other transactions after.
func TestListReadsInOneTrip(t *testing.T) {
	ctx := context.Background()
	dbURL := storetest.NewDatabase(t)
	storetest.Open(t, dbURL, true) // migrating takes more than one connection
	st := storetest.OpenWith(t, dbURL, store.PoolOptions{MaxOpenConns: 1}, false)
	day := domain.NewDate(2024, 1, 1)
	rec := func(d domain.Date) domain.RecordInput {
		return domain.RecordInput{Type: domain.Gas, Unit: domain.CubicMeter, Amount: decimal.NewFromInt(5), PeriodStart: d, PeriodEnd: d}
	}
	user := storetest.NewUser(t, st, rec(day), rec(day.AddDays(1)), rec(day.AddDays(2)))
	records := st.ForUser(user).Records
	list := func(when string, o store.ListOptions, wantRecords int, wantNext bool) store.Page {
		t.Helper()
		o.Order, o.Count = store.DefaultOrder, true
		page, err := records.List(ctx, o)
		if err != nil || len(page.Records) != wantRecords || page.HasNext != wantNext || page.Total != 3 {
			t.Fatalf("%s: %d records, more %t, %d in all, %v; want %d, %t, 3", when,
				len(page.Records), page.HasNext, page.Total, err, wantRecords, wantNext)
		}
		return page
	}
	first := list("first", store.ListOptions{First: 2}, 2, true)
	cursor, err := store.ParseCursor(store.DefaultOrder, store.CursorAfter(store.DefaultOrder, first.Records[1]))
	if err != nil {
		t.Fatal(err)
	}
	last := list("after the first page", store.ListOptions{First: 2, After: &cursor}, 1, false)
	if got := last.Records[0].PeriodStart; got != day {
		t.Errorf("the last page holds the record of %s, want %s", got, day)
	}
	cursor, err = store.ParseCursor(store.DefaultOrder, store.CursorAfter(store.DefaultOrder, last.Records[0]))
	if err != nil {
		t.Fatal(err)
	}
	list("after the last record", store.ListOptions{First: 2, After: &cursor}, 0, false)
	if _, err := store.DB(st).ExecContext(ctx, `DEALLOCATE ALL`); err != nil {
		t.Fatal(err)
	}
	list("after the statements were dropped", store.ListOptions{First: 2}, 2, true)
	if _, err := records.Create(ctx, rec(day.AddDays(10))); err != nil {
		t.Errorf("a transaction after the reads: %v", err)
	}
}

// TestCreateWritesInOneTrip creates records through a store of one
// connection: the insert and the announcement of the records go in one
// simple query with the transaction around them, notes that SQL would
// choke on are stored as sent, an overlap is still the typed error and
// leaves the connection usable, and so does a write after the statements
// were dropped.
func TestCreateWritesInOneTrip(t *testing.T) {
	ctx := context.Background()
	dbURL := storetest.NewDatabase(t)
	storetest.Open(t, dbURL, true) // migrate
	st := storetest.OpenWith(t, dbURL, store.PoolOptions{MaxOpenConns: 1}, false)
	logged, log := storetest.OpenLogged(t, dbURL)
	user := storetest.NewUser(t, st)
	day := domain.NewDate(2024, 1, 1)
	notes := `it's \'; COMMIT; DROP TABLE consumption_records; --`
	rec := func(d domain.Date) domain.RecordInput {
		return domain.RecordInput{Type: domain.Gas, Unit: domain.CubicMeter, Amount: decimal.RequireFromString("5.25"),
			PeriodStart: d, PeriodEnd: d, Notes: &notes}
	}

	for i := range 2 { // the first prepares the statements on the connection
		log.Reset()
		recs, err := logged.ForUser(user).Records.CreateMany(ctx, []domain.RecordInput{rec(day.AddDays(2 * i)), rec(day.AddDays(2*i + 1))})
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 2 || recs[1].PeriodStart != day.AddDays(2*i+1) || *recs[0].Notes != notes || recs[0].Amount.String() != "5.25" {
			t.Fatalf("created %+v", recs)
		}
		if i == 0 {
			continue // the first sent the query again, after preparing
		}
		statements := log.Statements()
		if len(statements) != 2 || !strings.Contains(statements[0].SQL, "INSERT INTO consumption_records") ||
			!strings.Contains(statements[1].SQL, "user_write_marks") {
			t.Fatalf("a create sent %d statements, want the insert and the write's count: %+v", len(statements), statements)
		}
		for _, s := range statements {
			if !strings.HasPrefix(s.Scope, "BEGIN; ") || !strings.HasSuffix(s.Scope, "; COMMIT") || s.Scope != statements[0].Scope {
				t.Errorf("a create's statement outside one query of the whole transaction: %q", s.Scope)
			}
		}
	}

	records := st.ForUser(user).Records
	var overlap *store.OverlapError
	if _, err := records.Create(ctx, rec(day)); !errors.As(err, &overlap) || overlap.PeriodStart != day {
		t.Errorf("an overlapping record: %v, want an *OverlapError on %s", err, day)
	}
	if _, err := store.DB(st).ExecContext(ctx, `DEALLOCATE ALL`); err != nil {
		t.Fatal(err)
	}
	if _, err := records.Create(ctx, rec(day.AddDays(10))); err != nil {
		t.Errorf("a create after an overlap and after the statements were dropped: %v", err)
	}
	page, err := records.List(ctx, store.ListOptions{Order: store.DefaultOrder, First: 10, Count: true})
	if err != nil || page.Total != 5 {
		t.Errorf("%d records stored, %v; want 5", page.Total, err)
	}
}
