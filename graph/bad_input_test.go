package graph_test

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"consumption/graphtest"
)

// TestNotesMustBePlainText sends notes that would hide or reorder text in
// the dashboard or a CSV file, or that PostgreSQL cannot store (NUL): each is
// BAD_USER_INPUT on notes, in every mutation that takes notes, and nothing is
// stored.
func TestNotesMustBePlainText(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	kept := create(t, srv, user.AccessToken, graphtest.Record(map[string]any{"notes": "bill 1043\tpaid\nmeter swapped"}))
	if kept.Notes == nil || *kept.Notes != "bill 1043\tpaid\nmeter swapped" {
		t.Fatalf("notes with a tab and a newline came back as %v", kept.Notes)
	}

	bad := map[string]string{
		"a NUL byte":                   "bill\x001043",
		"a bell":                       "bill\a",
		"an escape sequence":           "\x1b[31mred",
		"a carriage return":            "bill\r1043",
		"DEL":                          "bill\x7f",
		"a C1 control (NEL)":           "bill\u0085",
		"a right-to-left override":     "invoice_\u202egpj.exe",
		"a left-to-right embedding":    "\u202aabc",
		"a right-to-left isolate":      "\u2067abc\u2069",
		"a pop directional formatting": "abc\u202c",
	}
	const update = `mutation($id: ID!, $in: UpdateConsumptionRecordInput!) {
		updateConsumptionRecord(id: $id, input: $in) { id } }`
	const bulk = `mutation($in: [CreateConsumptionRecordInput!]!) { createConsumptionRecords(input: $in) { id } }`
	for name, notes := range bad {
		t.Run("notes with "+name+" are refused", func(t *testing.T) {
			in := graphtest.Record(map[string]any{"periodStart": "2024-03-01", "periodEnd": "2024-03-31", "notes": notes})
			e := srv.Post(t, user.AccessToken, createRecord, map[string]any{"in": in}).OnlyError(t)
			if e.Code() != "BAD_USER_INPUT" || e.Field() != "notes" {
				t.Errorf("create: %s on %q (%s), want BAD_USER_INPUT on notes", e.Code(), e.Field(), e.Message)
			}
			e = srv.Post(t, user.AccessToken, update, map[string]any{"id": kept.ID, "in": map[string]any{"notes": notes}}).OnlyError(t)
			if e.Code() != "BAD_USER_INPUT" || e.Field() != "notes" {
				t.Errorf("update: %s on %q (%s), want BAD_USER_INPUT on notes", e.Code(), e.Field(), e.Message)
			}
			good := graphtest.Record(map[string]any{"periodStart": "2024-04-01", "periodEnd": "2024-04-30"})
			e = srv.Post(t, user.AccessToken, bulk, map[string]any{"in": []any{good, in}}).OnlyError(t)
			if e.Code() != "BAD_USER_INPUT" || e.Field() != "notes" || e.Index() != 1 {
				t.Errorf("bulk: %s on %q at %d (%s), want BAD_USER_INPUT on notes at 1", e.Code(), e.Field(), e.Index(), e.Message)
			}
		})
	}
	var count struct{ ConsumptionRecords struct{ TotalCount int } }
	srv.Post(t, user.AccessToken, `{ consumptionRecords { totalCount } }`, nil).Must(t, &count)
	if n := count.ConsumptionRecords.TotalCount; n != 1 {
		t.Errorf("%d records stored, want only the first", n)
	}
}

// TestDatesOutOfRange sends dates that PostgreSQL cannot read (year 0000)
// or that the server does not keep (before 1970), wherever a date goes: in
// a record, a filter, an aggregate's range and a cursor. Each is
// BAD_USER_INPUT naming the argument, never an internal error.
func TestDatesOutOfRange(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	create(t, srv, user.AccessToken, graphtest.Record(nil))

	// cursor returns a cursor in the form the server makes, with the given
	// sort value.
	cursor := func(field, value string) string {
		b, _ := json.Marshal([]string{field, value, "8f4c5bde-2e7b-4a0e-9d3a-5b8f0a2c1e77"})
		return base64.RawURLEncoding.EncodeToString(b)
	}
	const list = `query($f: RecordFilter, $o: RecordOrder, $after: String) {
		consumptionRecords(filter: $f, orderBy: $o, after: $after) { totalCount } }`
	const series = `query($f: AggregateFilter) { consumptionSeries(filter: $f, granularity: MONTH) { total } }`
	const aggregate = `query($f: AggregateFilter) { consumptionAggregate(filter: $f) { total } }`
	const summary = `query($f: AggregateFilter) { consumptionSummary(filter: $f) { from } }`
	tests := []struct {
		name      string
		query     string
		vars      map[string]any
		wantField string
	}{
		{"a record starting in year 0", createRecord, map[string]any{"in": graphtest.Record(map[string]any{"periodStart": "0000-01-01"})}, "periodStart"},
		{"a record ending in year 0", createRecord, map[string]any{"in": graphtest.Record(map[string]any{"periodEnd": "0000-12-31"})}, "periodEnd"},
		{"a list filter from year 0", list, map[string]any{"f": map[string]any{"from": "0000-01-01"}}, "from"},
		{"a list filter to year 0", list, map[string]any{"f": map[string]any{"to": "0000-01-01"}}, "to"},
		{"a list filter to 1969", list, map[string]any{"f": map[string]any{"to": "1969-12-31"}}, "to"},
		{"a series from year 0", series, map[string]any{"f": map[string]any{"from": "0000-01-01", "to": "0000-12-31"}}, "from"},
		{"an aggregate from year 0", aggregate, map[string]any{"f": map[string]any{"from": "0000-01-01", "to": "2024-01-01"}}, "from"},
		{"a summary from year 0", summary, map[string]any{"f": map[string]any{"from": "0000-01-01", "to": "0000-01-31"}}, "from"},
		{"a period-start cursor in year 0", list, map[string]any{"after": cursor("PERIOD_START", "0000-01-01")}, "after"},
		{"a period-end cursor in year 0", list, map[string]any{"o": map[string]any{"field": "PERIOD_END", "direction": "ASC"},
			"after": cursor("PERIOD_END", "0000-06-30")}, "after"},
		{"a creation-time cursor in year 0", list, map[string]any{"o": map[string]any{"field": "CREATED_AT", "direction": "ASC"},
			"after": cursor("CREATED_AT", "0000-01-01T00:00:00Z")}, "after"},
		{"a period-start cursor before 1970", list, map[string]any{"after": cursor("PERIOD_START", "1969-12-31")}, "after"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is refused", func(t *testing.T) {
			e := srv.Post(t, user.AccessToken, tt.query, tt.vars).OnlyError(t)
			if e.Code() != "BAD_USER_INPUT" || e.Field() != tt.wantField {
				t.Errorf("%s on %q (%s), want BAD_USER_INPUT on %s", e.Code(), e.Field(), e.Message, tt.wantField)
			}
		})
	}

	t.Run("the last day of 9999 is a date like any other", func(t *testing.T) {
		var data struct{ ConsumptionRecords struct{ TotalCount int } }
		srv.Post(t, user.AccessToken, list, map[string]any{"f": map[string]any{"from": "1970-01-01", "to": "9999-12-31"}}).Must(t, &data)
		if data.ConsumptionRecords.TotalCount != 1 {
			t.Errorf("totalCount %d, want 1", data.ConsumptionRecords.TotalCount)
		}
		srv.Post(t, user.AccessToken, `query($f: AggregateFilter) { consumptionSeries(filter: $f, granularity: WEEK) { total } }`,
			map[string]any{"f": map[string]any{"from": "9999-12-01", "to": "9999-12-31"}}).Must(t, nil)
		srv.Post(t, user.AccessToken, summary, map[string]any{"f": map[string]any{"from": "9999-12-01", "to": "9999-12-31"}}).Must(t, nil)
	})

	t.Run("an impossible day is refused as such", func(t *testing.T) {
		e := srv.Post(t, user.AccessToken, createRecord, map[string]any{"in": graphtest.Record(map[string]any{"periodEnd": "2024-02-30"})}).OnlyError(t)
		if e.Code() != "BAD_USER_INPUT" || e.Field() != "periodEnd" || !strings.Contains(e.Message, "not a day of the calendar") {
			t.Errorf("%s on %q: %q, want BAD_USER_INPUT on periodEnd saying it is not a day of the calendar", e.Code(), e.Field(), e.Message)
		}
	})
}
