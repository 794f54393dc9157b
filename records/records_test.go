package records

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"consumption/domain"
	"consumption/store"
)

// These tests check the service's rules that are pure Go, without a
// database; graph's end-to-end tests check them through the API.

// fault is what a client sees of one error: its code, field and index.
type fault struct {
	Code  domain.Code
	Field string
	Index int
}

// faults returns the code, field and index of each error in err.
func faults(err error) []fault {
	var list domain.Errors
	var one *domain.Error
	switch {
	case errors.As(err, &list):
	case errors.As(err, &one):
		list = domain.Errors{one}
	case err != nil:
		return []fault{{Code: "not a domain error: " + domain.Code(err.Error())}}
	}
	var out []fault
	for _, e := range list {
		out = append(out, fault{e.Code, e.Field, e.Index})
	}
	return out
}

func input(typ domain.Type, unit domain.Unit, amount, start, end string) domain.RecordInput {
	return domain.RecordInput{
		Type: typ, Unit: unit, Amount: decimal.RequireFromString(amount),
		PeriodStart: domain.MustParseDate(start), PeriodEnd: domain.MustParseDate(end),
	}
}

func TestCheckInputs(t *testing.T) {
	today := domain.MustParseDate("2024-06-30")
	jan := input(domain.Electricity, domain.KilowattHour, "10", "2024-01-01", "2024-01-31")
	feb := input(domain.Electricity, domain.KilowattHour, "10", "2024-02-01", "2024-02-29")
	midJan := input(domain.Electricity, domain.KilowattHour, "10", "2024-01-15", "2024-02-14")
	gasJan := input(domain.Gas, domain.CubicMeter, "10", "2024-01-01", "2024-01-31")
	badUnit := input(domain.Water, domain.KilowattHour, "10", "2024-01-01", "2024-01-31")
	future := input(domain.Water, domain.Liter, "-1", "2024-06-01", "2024-07-01")

	tests := []struct {
		name string
		ins  []domain.RecordInput
		bulk bool
		want []fault
	}{
		{"one valid record passes", []domain.RecordInput{jan}, false, nil},
		{"a single record's errors have no index",
			[]domain.RecordInput{future}, false,
			[]fault{{domain.CodeInvalid, "amount", -1}, {domain.CodeInvalid, "periodEnd", -1}}},
		{"adjacent periods and other types may share days",
			[]domain.RecordInput{jan, feb, gasJan}, true, nil},
		{"every item's errors come at once, each at its index",
			[]domain.RecordInput{jan, badUnit, feb, future}, true,
			[]fault{{domain.CodeInvalid, "unit", 1}, {domain.CodeInvalid, "amount", 3}, {domain.CodeInvalid, "periodEnd", 3}}},
		{"items overlapping each other are a conflict on the later one",
			[]domain.RecordInput{feb, jan, gasJan, midJan}, true,
			[]fault{{domain.CodeConflict, "periodStart", 3}}},
		{"broken rules are reported before overlaps",
			[]domain.RecordInput{jan, midJan, badUnit}, true,
			[]fault{{domain.CodeInvalid, "unit", 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := faults(checkInputs(tt.ins, today, tt.bulk))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("an overlap names the earlier item", func(t *testing.T) {
		err := checkInputs([]domain.RecordInput{feb, jan, midJan}, today, true)
		if !strings.Contains(err.Error(), "item 1 ") {
			t.Errorf("message %q does not name item 1", err)
		}
	})
}

func TestCheckBulkSize(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want []fault
	}{
		{0, nil},
		{domain.MaxBulkRecords, nil},
		{domain.MaxBulkRecords + 1, []fault{{domain.CodeInvalid, "input", -1}}},
	} {
		t.Run(fmt.Sprintf("%d records", tt.n), func(t *testing.T) {
			if diff := cmp.Diff(tt.want, faults(checkBulkSize(tt.n))); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFromStore(t *testing.T) {
	stored := uuid.MustParse("0b0f6bd2-46f3-4c0e-9d5c-6a6f0a5e2d11")
	overlap := &store.OverlapError{Index: 4, ID: stored, Type: domain.Gas,
		PeriodStart: domain.MustParseDate("2024-01-15"), PeriodEnd: domain.MustParseDate("2024-02-14")}
	gone := &store.OverlapError{Index: -1}
	other := errors.New("store: something else")

	tests := []struct {
		name         string
		err          error
		bulk         bool
		want         []fault
		conflictWith string
	}{
		{"an overlap in a bulk create is at the item's index", fmt.Errorf("store: create records: %w", overlap), true,
			[]fault{{domain.CodeConflict, "periodStart", 4}}, stored.String()},
		{"an overlap of a single record has no index", overlap, false,
			[]fault{{domain.CodeConflict, "periodStart", -1}}, stored.String()},
		{"an overlap with a record deleted since asks to try again", gone, true,
			[]fault{{domain.CodeConflict, "periodStart", -1}}, ""},
		{"a missing record is not found", fmt.Errorf("store: update record: %w", store.ErrNotFound), false,
			[]fault{{domain.CodeNotFound, "", -1}}, ""},
		{"a reused idempotency key is refused on its field", store.ErrIdempotencyKeyReused, true,
			[]fault{{domain.CodeInvalid, "idempotencyKey", -1}}, ""},
		{"an idempotency key that expired meanwhile is a conflict", store.ErrIdempotencyKeyExpired, false,
			[]fault{{domain.CodeConflict, "", -1}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := fromStore(tt.err, tt.bulk)
			if diff := cmp.Diff(tt.want, faults(err)); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
			var e *domain.Error
			if errors.As(err, &e) && e.ConflictingID != tt.conflictWith {
				t.Errorf("conflictingId = %q, want %q", e.ConflictingID, tt.conflictWith)
			}
		})
	}
	t.Run("the overlap names the stored record's type and period", func(t *testing.T) {
		msg := fromStore(overlap, true).Error()
		for _, part := range []string{"gas", "2024-01-15", "2024-02-14"} {
			if !strings.Contains(msg, part) {
				t.Errorf("message %q lacks %q", msg, part)
			}
		}
	})
	t.Run("other errors and nil pass unchanged", func(t *testing.T) {
		if got := fromStore(other, true); got != other {
			t.Errorf("got %v, want %v", got, other)
		}
		if got := fromStore(nil, true); got != nil {
			t.Errorf("got %v, want nil", got)
		}
	})
	t.Run("not found is the shared error, unchanged", func(t *testing.T) {
		if got := fromStore(store.ErrNotFound, false); got != ErrNotFound || ErrNotFound.Index != -1 {
			t.Errorf("got %#v", got)
		}
	})
}

func TestRequestHash(t *testing.T) {
	notes, empty := "bill 1043", ""
	cost := decimal.RequireFromString("12.5")
	base := []domain.RecordInput{
		input(domain.Gas, domain.CubicMeter, "84.5", "2024-01-15", "2024-02-14"),
		input(domain.Water, domain.Liter, "10", "2024-01-01", "2024-01-31"),
	}
	with := func(change func([]domain.RecordInput)) []domain.RecordInput {
		ins := append([]domain.RecordInput(nil), base...)
		change(ins)
		return ins
	}
	same := requestHash(createMany, base)
	tests := []struct {
		name string
		kind string
		ins  []domain.RecordInput
		same bool
	}{
		{"the same request", createMany, with(func([]domain.RecordInput) {}), true},
		{"an amount written with trailing zeros", createMany, with(func(ins []domain.RecordInput) {
			ins[0].Amount = decimal.RequireFromString("84.500")
		}), true},
		{"another kind of create", createOne, base, false},
		{"another amount", createMany, with(func(ins []domain.RecordInput) {
			ins[0].Amount = decimal.RequireFromString("84.6")
		}), false},
		{"another end", createMany, with(func(ins []domain.RecordInput) {
			ins[1].PeriodEnd = domain.MustParseDate("2024-01-30")
		}), false},
		{"notes added", createMany, with(func(ins []domain.RecordInput) { ins[1].Notes = &notes }), false},
		{"empty notes are not absent notes", createMany, with(func(ins []domain.RecordInput) { ins[1].Notes = &empty }), false},
		{"the items in another order", createMany, []domain.RecordInput{base[1], base[0]}, false},
		{"a cost added", createMany, with(func(ins []domain.RecordInput) { ins[0].Cost = &cost }), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := bytes.Equal(requestHash(tt.kind, tt.ins), same); got != tt.same {
				t.Errorf("same hash = %v, want %v", got, tt.same)
			}
		})
	}
	t.Run("costs written with trailing zeros are the same", func(t *testing.T) {
		other := decimal.RequireFromString("12.50")
		a := requestHash(createMany, with(func(ins []domain.RecordInput) { ins[0].Cost = &cost }))
		b := requestHash(createMany, with(func(ins []domain.RecordInput) { ins[0].Cost = &other }))
		if !bytes.Equal(a, b) {
			t.Error("12.5 and 12.50 hash differently")
		}
	})
	t.Run("without costs, the hash of keys stored before costs existed", func(t *testing.T) {
		type item struct {
			Type, Unit, Amount, Start, End string
			Notes                          *string
		}
		b, _ := json.Marshal(struct {
			Mutation string
			Items    []item
		}{createMany, []item{
			{"GAS", "CUBIC_METER", "84.5", "2024-01-15", "2024-02-14", nil},
			{"WATER", "LITER", "10", "2024-01-01", "2024-01-31", nil},
		}})
		if before := sha256.Sum256(b); !bytes.Equal(before[:], same) {
			t.Error("a request without costs hashes differently from before")
		}
	})
}

func TestListOptions(t *testing.T) {
	rec := domain.Record{ID: uuid.New(), RecordInput: domain.RecordInput{
		PeriodStart: domain.MustParseDate("2024-01-01"), Amount: decimal.NewFromInt(3)}}
	byStart := store.DefaultOrder
	byAmount := store.Order{Field: store.OrderByAmount}
	cursor := store.CursorAfter(byStart, rec)
	num := func(n int) *int { return &n }
	str := func(s string) *string { return &s }
	date := func(s string) *domain.Date { d := domain.MustParseDate(s); return &d }

	tests := []struct {
		name      string
		args      ListArgs
		want      []fault
		wantFirst int
	}{
		{"no first takes the default page", ListArgs{Order: byStart}, nil, DefaultPageSize},
		{"first 0 is allowed", ListArgs{Order: byStart, First: num(0)}, nil, 0},
		{"first at the largest page", ListArgs{Order: byStart, First: num(MaxPageSize)}, nil, MaxPageSize},
		{"first over the largest page", ListArgs{Order: byStart, First: num(MaxPageSize + 1)}, []fault{{domain.CodeInvalid, "first", -1}}, 0},
		{"a negative first", ListArgs{Order: byStart, First: num(-1)}, []fault{{domain.CodeInvalid, "first", -1}}, 0},
		{"a cursor of the same order", ListArgs{Order: byStart, After: &cursor}, nil, DefaultPageSize},
		{"a cursor of another order", ListArgs{Order: byAmount, After: &cursor}, []fault{{domain.CodeInvalid, "after", -1}}, 0},
		{"a made-up cursor", ListArgs{Order: byStart, After: str("bm90IGEgY3Vyc29y")}, []fault{{domain.CodeInvalid, "after", -1}}, 0},
		{"a one-day filter", ListArgs{Order: byStart, Filter: store.Filter{From: date("2024-01-01"), To: date("2024-01-01")}}, nil, DefaultPageSize},
		{"a filter ending before it starts", ListArgs{Order: byStart, Filter: store.Filter{From: date("2024-01-02"), To: date("2024-01-01")}},
			[]fault{{domain.CodeInvalid, "to", -1}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts, err := listOptions(tt.args)
			if diff := cmp.Diff(tt.want, faults(err)); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
			if err == nil && opts.First != tt.wantFirst {
				t.Errorf("first = %d, want %d", opts.First, tt.wantFirst)
			}
		})
	}
}

func TestToday(t *testing.T) {
	// 2024-03-01 10:30 UTC is still 29 February west of UTC-10:30 and
	// already 2 March east of UTC+13:30.
	now := time.Date(2024, 3, 1, 10, 30, 0, 0, time.UTC)
	tests := []struct {
		zone string
		want string
	}{
		{"UTC", "2024-03-01"},
		{"Europe/Madrid", "2024-03-01"},
		{"Pacific/Pago_Pago", "2024-02-29"},
		{"Pacific/Kiritimati", "2024-03-02"},
		{"Mars/Olympus_Mons", "2024-03-01"}, // unknown to this build: UTC
		{"", "2024-03-01"},
	}
	for _, tt := range tests {
		t.Run(tt.zone, func(t *testing.T) {
			if got := today(tt.zone, now).String(); got != tt.want {
				t.Errorf("today = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestParseID(t *testing.T) {
	id := uuid.NewString()
	for _, tt := range []struct {
		id string
		ok bool
	}{
		{id, true},
		{strings.ToUpper(id), true},
		{"{" + id + "}", false},
		{"urn:uuid:" + id, false},
		{strings.ReplaceAll(id, "-", ""), false},
		{"", false},
		{"not an id", false},
	} {
		t.Run(tt.id, func(t *testing.T) {
			if _, ok := parseID(tt.id); ok != tt.ok {
				t.Errorf("parseID(%q) ok = %v, want %v", tt.id, ok, tt.ok)
			}
		})
	}
}
