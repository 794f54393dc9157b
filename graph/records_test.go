package graph_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"consumption/graphtest"
)

const createRecord = `mutation($in: CreateConsumptionRecordInput!) {
	createConsumptionRecord(input: $in) { id type amount unit periodStart periodEnd notes }
}`

type createdRecord struct {
	ID, Type, Amount, Unit, PeriodStart, PeriodEnd string
	Notes                                          *string
}

func create(t *testing.T, srv *graphtest.Server, token string, in map[string]any) createdRecord {
	t.Helper()
	var data struct{ CreateConsumptionRecord createdRecord }
	srv.Post(t, token, createRecord, map[string]any{"in": in}).Must(t, &data)
	return data.CreateConsumptionRecord
}

func TestCreateRecordValidation(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	today := time.Now().UTC()
	tomorrow := today.AddDate(0, 0, 1).Format(time.DateOnly)

	tests := []struct {
		name      string
		in        map[string]any
		wantField string
	}{
		{"an amount with 7 decimal places is refused", graphtest.Record(map[string]any{"amount": "0.1234567"}), "amount"},
		{"NaN is refused", graphtest.Record(map[string]any{"amount": "NaN"}), "amount"},
		{"Infinity is refused", graphtest.Record(map[string]any{"amount": "Infinity"}), "amount"},
		{"a negative amount is refused", graphtest.Record(map[string]any{"amount": "-1"}), "amount"},
		{"1e400 is refused", graphtest.Record(map[string]any{"amount": "1e400"}), "amount"},
		{"an amount above 10^12 is refused", graphtest.Record(map[string]any{"amount": "1000000000000.000001"}), "amount"},
		{"an empty amount is refused", graphtest.Record(map[string]any{"amount": ""}), "amount"},
		{"a word as amount is refused", graphtest.Record(map[string]any{"amount": "abc"}), "amount"},
		{"an amount sent as a JSON number is refused", graphtest.Record(map[string]any{"amount": 12.5}), "amount"},
		{"a huge exponent is refused before it is computed", graphtest.Record(map[string]any{"amount": "1e999999999"}), "amount"},
		{"litres are not a unit of electricity", graphtest.Record(map[string]any{"unit": "LITER"}), "unit"},
		{"kWh are not a unit of water", graphtest.Record(map[string]any{"type": "WATER", "unit": "KWH"}), "unit"},
		{"MWh are not a unit of gas", graphtest.Record(map[string]any{"type": "GAS", "unit": "MWH"}), "unit"},
		{"a start after the end is refused", graphtest.Record(map[string]any{"periodStart": "2024-02-01", "periodEnd": "2024-01-31"}), "periodEnd"},
		{"a period of 401 days is refused", graphtest.Record(map[string]any{"periodStart": "2023-01-01", "periodEnd": "2024-02-05"}), "periodEnd"},
		{"an end after today is refused", graphtest.Record(map[string]any{"periodStart": today.Format(time.DateOnly), "periodEnd": tomorrow}), "periodEnd"},
		{"a start before 1970 is refused", graphtest.Record(map[string]any{"periodStart": "1969-12-31", "periodEnd": "1970-01-05"}), "periodStart"},
		{"a malformed date is refused", graphtest.Record(map[string]any{"periodStart": "2024-1-1"}), "periodStart"},
		{"an impossible date is refused", graphtest.Record(map[string]any{"periodEnd": "2023-02-29"}), "periodEnd"},
		{"notes of 501 characters are refused", graphtest.Record(map[string]any{"notes": string(make([]rune, 501))}), "notes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := srv.Post(t, user.AccessToken, createRecord, map[string]any{"in": tt.in}).OnlyError(t)
			if e.Code() != "BAD_USER_INPUT" || e.Field() != tt.wantField {
				t.Errorf("got code %q field %q (%s), want BAD_USER_INPUT on %q", e.Code(), e.Field(), e.Message, tt.wantField)
			}
		})
	}

	var count struct{ ConsumptionRecords struct{ TotalCount int } }
	srv.Post(t, user.AccessToken, `{ consumptionRecords { totalCount } }`, nil).Must(t, &count)
	if n := count.ConsumptionRecords.TotalCount; n != 0 {
		t.Errorf("%d invalid records were stored", n)
	}
}

func TestCreateRecordLimits(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	tests := []struct {
		name string
		in   map[string]any
		want string
	}{
		{"the largest amount is kept exactly", graphtest.Record(map[string]any{"amount": "1000000000000"}), "1000000000000"},
		{"six decimal places are kept exactly", graphtest.Record(map[string]any{"type": "WATER", "unit": "LITER", "amount": "0.000001"}), "0.000001"},
		{"zero is allowed", graphtest.Record(map[string]any{"type": "GAS", "unit": "CUBIC_METER", "amount": "0"}), "0"},
		{"an exponent in range is read exactly", graphtest.Record(map[string]any{"type": "GAS", "unit": "KWH", "amount": "1.5e3",
			"periodStart": "2024-03-01", "periodEnd": "2024-03-31"}), "1500"},
		{"trailing zeros are dropped", graphtest.Record(map[string]any{"type": "WATER", "unit": "CUBIC_METER", "amount": "12.500000",
			"periodStart": "2024-02-01", "periodEnd": "2024-02-29"}), "12.5"},
		{"a period of exactly 400 days is allowed", graphtest.Record(map[string]any{"periodStart": "2022-01-01", "periodEnd": "2023-02-04",
			"amount": "1"}), "1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := create(t, srv, user.AccessToken, tt.in).Amount; got != tt.want {
				t.Errorf("amount = %q, want %q", got, tt.want)
			}
		})
	}
	t.Run("a period may end today in the user's time zone", func(t *testing.T) {
		// Kiritimati is UTC+14: its today is tomorrow in UTC for most of the day.
		srv.Post(t, user.AccessToken, `mutation { updateSettings(input: {timeZone: "Pacific/Kiritimati"}) { timeZone } }`, nil).Must(t, nil)
		loc, _ := time.LoadLocation("Pacific/Kiritimati")
		today := time.Now().In(loc).Format(time.DateOnly)
		create(t, srv, user.AccessToken, graphtest.Record(map[string]any{"type": "WATER", "unit": "LITER", "periodStart": today, "periodEnd": today}))
	})
}

func TestDecimalsAreExact(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	create(t, srv, user.AccessToken, graphtest.Record(map[string]any{"amount": "0.1", "periodStart": "2024-01-01", "periodEnd": "2024-01-31"}))
	create(t, srv, user.AccessToken, graphtest.Record(map[string]any{"amount": "0.2", "periodStart": "2024-02-01", "periodEnd": "2024-02-29"}))

	// The sum is PostgreSQL's, over the NUMERIC column: never a float.
	var sum string
	if err := srv.DB.QueryRow(`SELECT sum(amount)::text FROM consumption_records`).Scan(&sum); err != nil {
		t.Fatal(err)
	}
	if sum != "0.300000" {
		t.Errorf("0.1 + 0.2 = %s, want exactly 0.300000", sum)
	}
}

func TestBulkCreate(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	const bulk = `mutation($in: [CreateConsumptionRecordInput!]!) {
		createConsumptionRecords(input: $in) { amount periodStart }
	}`
	months := func(n int) []any {
		var ins []any
		for i := range n {
			start := time.Date(2020, time.Month(1+i), 1, 0, 0, 0, 0, time.UTC)
			ins = append(ins, graphtest.Record(map[string]any{
				"amount":      fmt.Sprint(i + 1),
				"periodStart": start.Format(time.DateOnly),
				"periodEnd":   start.AddDate(0, 1, -1).Format(time.DateOnly),
			}))
		}
		return ins
	}
	count := func(t *testing.T) int {
		var c struct{ ConsumptionRecords struct{ TotalCount int } }
		srv.Post(t, user.AccessToken, `{ consumptionRecords { totalCount } }`, nil).Must(t, &c)
		return c.ConsumptionRecords.TotalCount
	}

	t.Run("every error names its item and field, and nothing is stored", func(t *testing.T) {
		ins := months(5)
		ins[1].(map[string]any)["amount"] = "-3"
		ins[3].(map[string]any)["unit"] = "LITER"
		ins[4].(map[string]any)["periodStart"] = "2020-05-15" // overlaps item 3 once it is valid
		res := srv.Post(t, user.AccessToken, bulk, map[string]any{"in": ins})
		type at struct {
			Code, Field string
			Index       int
		}
		var got []at
		for _, e := range res.Errors {
			got = append(got, at{e.Code(), e.Field(), e.Index()})
		}
		want := []at{{"BAD_USER_INPUT", "amount", 1}, {"BAD_USER_INPUT", "unit", 3}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("errors (-want +got):\n%s", diff)
		}
		if n := count(t); n != 0 {
			t.Errorf("%d records stored after a refused bulk create", n)
		}
	})

	t.Run("items overlapping each other are a conflict on the later one", func(t *testing.T) {
		ins := months(3)
		ins[2].(map[string]any)["periodStart"] = "2020-02-20"
		e := srv.Post(t, user.AccessToken, bulk, map[string]any{"in": ins}).OnlyError(t)
		if e.Code() != "CONFLICT" || e.Index() != 2 {
			t.Errorf("got %s at index %d (%s), want CONFLICT at 2", e.Code(), e.Index(), e.Message)
		}
	})

	t.Run("a thousand records are created at once, in order", func(t *testing.T) {
		var ins []any
		start := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
		for i := range 1000 {
			day := start.AddDate(0, 0, i).Format(time.DateOnly)
			ins = append(ins, graphtest.Record(map[string]any{"type": "WATER", "unit": "LITER", "amount": fmt.Sprint(i), "periodStart": day, "periodEnd": day}))
		}
		var data struct {
			CreateConsumptionRecords []struct{ Amount, PeriodStart string }
		}
		srv.Post(t, user.AccessToken, bulk, map[string]any{"in": ins}).Must(t, &data)
		if len(data.CreateConsumptionRecords) != 1000 {
			t.Fatalf("created %d records, want 1000", len(data.CreateConsumptionRecords))
		}
		for i, r := range data.CreateConsumptionRecords {
			if r.Amount != fmt.Sprint(i) {
				t.Fatalf("record %d has amount %s: not in input order", i, r.Amount)
			}
		}
	})

	t.Run("a conflict with a stored record names the item and the record", func(t *testing.T) {
		ins := months(2)
		ins[1].(map[string]any)["type"] = "WATER"
		ins[1].(map[string]any)["unit"] = "LITER"
		ins[1].(map[string]any)["periodStart"] = "2021-01-10"
		ins[1].(map[string]any)["periodEnd"] = "2021-01-10"
		e := srv.Post(t, user.AccessToken, bulk, map[string]any{"in": ins}).OnlyError(t)
		if e.Code() != "CONFLICT" || e.Index() != 1 || e.Extensions["conflictingId"] == nil {
			t.Errorf("got %s at index %d with %v, want CONFLICT at 1 naming the record", e.Code(), e.Index(), e.Extensions)
		}
	})

	t.Run("more than a thousand records are refused", func(t *testing.T) {
		e := srv.Post(t, user.AccessToken, bulk, map[string]any{"in": months(1001)}).OnlyError(t)
		if e.Code() != "BAD_USER_INPUT" || e.Field() != "input" {
			t.Errorf("got %s on %q, want BAD_USER_INPUT on input", e.Code(), e.Field())
		}
	})
}

func TestOverlappingRecords(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	first := create(t, srv, user.AccessToken, graphtest.Record(map[string]any{"periodStart": "2024-01-15", "periodEnd": "2024-02-14"}))

	t.Run("an overlapping period of the same type is a conflict naming the record", func(t *testing.T) {
		e := srv.Post(t, user.AccessToken, createRecord, map[string]any{
			"in": graphtest.Record(map[string]any{"periodStart": "2024-02-14", "periodEnd": "2024-03-01"}),
		}).OnlyError(t)
		if e.Code() != "CONFLICT" || e.Extensions["conflictingId"] != first.ID || e.Index() != -1 {
			t.Errorf("got %+v, want CONFLICT naming %s", e, first.ID)
		}
	})
	t.Run("adjacent periods do not overlap", func(t *testing.T) {
		create(t, srv, user.AccessToken, graphtest.Record(map[string]any{"periodStart": "2024-02-15", "periodEnd": "2024-03-01"}))
	})
	t.Run("another type may share the period", func(t *testing.T) {
		create(t, srv, user.AccessToken, graphtest.Record(map[string]any{"type": "GAS", "unit": "KWH", "periodStart": "2024-01-15", "periodEnd": "2024-02-14"}))
	})
	t.Run("an update into an overlap is a conflict and changes nothing", func(t *testing.T) {
		e := srv.Post(t, user.AccessToken, `mutation($id: ID!) { updateConsumptionRecord(id: $id, input: {periodEnd: "2024-02-20"}) { id } }`,
			map[string]any{"id": first.ID}).OnlyError(t)
		if e.Code() != "CONFLICT" {
			t.Errorf("got %s, want CONFLICT", e.Code())
		}
		var got struct{ ConsumptionRecord struct{ PeriodEnd string } }
		srv.Post(t, user.AccessToken, `query($id: ID!) { consumptionRecord(id: $id) { periodEnd } }`,
			map[string]any{"id": first.ID}).Must(t, &got)
		if got.ConsumptionRecord.PeriodEnd != "2024-02-14" {
			t.Errorf("period end is %s after a refused update", got.ConsumptionRecord.PeriodEnd)
		}
	})
	t.Run("an update may keep its own period", func(t *testing.T) {
		srv.Post(t, user.AccessToken, `mutation($id: ID!) { updateConsumptionRecord(id: $id, input: {amount: "11"}) { id } }`,
			map[string]any{"id": first.ID}).Must(t, nil)
	})
}

// TestConcurrentOverlaps sends overlapping records at the same moment, many
// times: the database lets exactly one of each pair in.
func TestConcurrentOverlaps(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	for round := range 20 {
		month := time.Date(2010, time.Month(1+round), 1, 0, 0, 0, 0, time.UTC)
		ins := []map[string]any{
			graphtest.Record(map[string]any{"periodStart": month.Format(time.DateOnly), "periodEnd": month.AddDate(0, 0, 20).Format(time.DateOnly)}),
			graphtest.Record(map[string]any{"periodStart": month.AddDate(0, 0, 10).Format(time.DateOnly), "periodEnd": month.AddDate(0, 0, 25).Format(time.DateOnly)}),
		}
		results := make([]graphtest.Response, len(ins))
		var wg sync.WaitGroup
		for i, in := range ins {
			wg.Go(func() {
				results[i] = srv.Post(t, user.AccessToken, createRecord, map[string]any{"in": in})
			})
		}
		wg.Wait()
		var ok, conflicts int
		for _, r := range results {
			switch {
			case len(r.Errors) == 0:
				ok++
			case len(r.Errors) == 1 && r.Errors[0].Code() == "CONFLICT":
				conflicts++
			default:
				t.Fatalf("round %d: unexpected response %+v", round, r.Errors)
			}
		}
		if ok != 1 || conflicts != 1 {
			t.Fatalf("round %d: %d created and %d conflicts, want exactly one of each", round, ok, conflicts)
		}
	}
}

func TestUpdateRecord(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	rec := create(t, srv, user.AccessToken, graphtest.Record(map[string]any{"notes": "keep me"}))
	const update = `mutation($id: ID!, $in: UpdateConsumptionRecordInput!) {
		updateConsumptionRecord(id: $id, input: $in) { type amount unit periodStart periodEnd notes }
	}`

	t.Run("absent fields stay as they are", func(t *testing.T) {
		var got struct{ UpdateConsumptionRecord createdRecord }
		srv.Post(t, user.AccessToken, update, map[string]any{"id": rec.ID, "in": map[string]any{"amount": "20.5"}}).Must(t, &got)
		u := got.UpdateConsumptionRecord
		if u.Amount != "20.5" || u.Unit != "KWH" || u.PeriodStart != "2024-01-01" || u.Notes == nil || *u.Notes != "keep me" {
			t.Errorf("after changing the amount: %+v", u)
		}
	})
	t.Run("the result must follow the rules: a type without its unit is refused", func(t *testing.T) {
		e := srv.Post(t, user.AccessToken, update, map[string]any{"id": rec.ID, "in": map[string]any{"type": "WATER"}}).OnlyError(t)
		if e.Code() != "BAD_USER_INPUT" || e.Field() != "unit" {
			t.Errorf("got %s on %q, want BAD_USER_INPUT on unit", e.Code(), e.Field())
		}
	})
	t.Run("type and unit change together", func(t *testing.T) {
		var got struct{ UpdateConsumptionRecord createdRecord }
		srv.Post(t, user.AccessToken, update, map[string]any{"id": rec.ID, "in": map[string]any{"type": "WATER", "unit": "LITER"}}).Must(t, &got)
		if u := got.UpdateConsumptionRecord; u.Type != "WATER" || u.Unit != "LITER" {
			t.Errorf("got %s in %s", u.Type, u.Unit)
		}
	})
	t.Run("a period made too long is refused", func(t *testing.T) {
		e := srv.Post(t, user.AccessToken, update, map[string]any{"id": rec.ID, "in": map[string]any{"periodStart": "2022-12-01"}}).OnlyError(t)
		if e.Code() != "BAD_USER_INPUT" || e.Field() != "periodEnd" {
			t.Errorf("got %s on %q, want BAD_USER_INPUT on periodEnd", e.Code(), e.Field())
		}
	})
	t.Run("null clears the notes", func(t *testing.T) {
		var got struct{ UpdateConsumptionRecord createdRecord }
		srv.Post(t, user.AccessToken, update, map[string]any{"id": rec.ID, "in": map[string]any{"notes": nil}}).Must(t, &got)
		if got.UpdateConsumptionRecord.Notes != nil {
			t.Errorf("notes = %q, want none", *got.UpdateConsumptionRecord.Notes)
		}
	})
	t.Run("an unknown or malformed id is not found", func(t *testing.T) {
		for _, id := range []string{"00000000-0000-0000-0000-000000000000", "not-an-id", ""} {
			e := srv.Post(t, user.AccessToken, update, map[string]any{"id": id, "in": map[string]any{"amount": "1"}}).OnlyError(t)
			if e.Code() != "NOT_FOUND" {
				t.Errorf("id %q: got %s, want NOT_FOUND", id, e.Code())
			}
		}
	})
}
