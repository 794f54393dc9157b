package graph_test

import (
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"consumption/graphtest"
)

// syncedRecord is what a syncing client keeps of a record.
type syncedRecord struct {
	ID, Type, Amount, PeriodStart, PeriodEnd, Source string
	UpdatedAt                                        time.Time
}

const syncedFields = `id type amount periodStart periodEnd source updatedAt`

// syncClient keeps a copy of one user's records, as an integrator's script
// would: each sync reads the records changed since the last one (updatedSince,
// UPDATED_AT order, small pages through cursors) and the deletions
// (deletedConsumptionRecords, small pages through after).
type syncClient struct {
	t     *testing.T
	srv   *graphtest.Server
	token string
	// since is the latest updatedAt or deletedAt seen; zero before the
	// first sync, which copies everything.
	since time.Time
	copy  map[string]syncedRecord
	// deletedAt holds when each deletion told of happened.
	deletedAt map[string]time.Time
}

// sync brings the copy up to date and returns the ids it was told of as
// changed and as deleted.
func (c *syncClient) sync() (changed, deleted []string) {
	c.t.Helper()
	since := c.since
	var updatedSince *string
	if !since.IsZero() {
		s := since.Format(time.RFC3339Nano)
		updatedSince = &s
	}
	var after *string
	for {
		var data struct {
			ConsumptionRecords struct {
				Edges    []struct{ Node syncedRecord }
				PageInfo struct {
					HasNextPage bool
					EndCursor   *string
				}
			}
		}
		c.srv.Post(c.t, c.token, `query($since: DateTime, $after: String) {
			consumptionRecords(filter: {updatedSince: $since}, orderBy: {field: UPDATED_AT, direction: ASC}, first: 2, after: $after) {
				edges { node { `+syncedFields+` } } pageInfo { hasNextPage endCursor } } }`,
			map[string]any{"since": updatedSince, "after": after}).Must(c.t, &data)
		for _, e := range data.ConsumptionRecords.Edges {
			c.copy[e.Node.ID] = e.Node
			changed = append(changed, e.Node.ID)
			if e.Node.UpdatedAt.After(c.since) {
				c.since = e.Node.UpdatedAt
			}
		}
		if !data.ConsumptionRecords.PageInfo.HasNextPage {
			break
		}
		after = data.ConsumptionRecords.PageInfo.EndCursor
	}
	if since.IsZero() {
		return changed, nil // a first copy has nothing to delete
	}
	from, afterID := since, (*string)(nil)
	for {
		var data struct {
			DeletedConsumptionRecords []struct {
				ID, Type  string
				DeletedAt time.Time
			}
		}
		c.srv.Post(c.t, c.token, `query($since: DateTime!, $after: ID) {
			deletedConsumptionRecords(since: $since, first: 2, after: $after) { id type deletedAt } }`,
			map[string]any{"since": from.Format(time.RFC3339Nano), "after": afterID}).Must(c.t, &data)
		page := data.DeletedConsumptionRecords
		for _, d := range page {
			delete(c.copy, d.ID)
			deleted = append(deleted, d.ID)
			c.deletedAt[d.ID] = d.DeletedAt
			if d.DeletedAt.After(c.since) {
				c.since = d.DeletedAt
			}
		}
		if len(page) < 2 {
			break
		}
		last := page[len(page)-1]
		from, afterID = last.DeletedAt, &last.ID
	}
	return changed, deleted
}

// snapshot returns every record of the user, by id.
func snapshot(t *testing.T, srv *graphtest.Server, token string) map[string]syncedRecord {
	t.Helper()
	var data struct {
		ConsumptionRecords struct{ Edges []struct{ Node syncedRecord } }
	}
	srv.Post(t, token, `{ consumptionRecords(first: 500) { edges { node { `+syncedFields+` } } } }`, nil).Must(t, &data)
	out := make(map[string]syncedRecord)
	for _, e := range data.ConsumptionRecords.Edges {
		out[e.Node.ID] = e.Node
	}
	return out
}

// TestSync runs a sequence of creates, updates and deletes, of records and
// of a meter's readings and the periods they derive, and after each step
// syncs a copy. The copy must then equal the records on the server; the
// records the sync reports as changed must be exactly those created or
// changed in the step (and those changed at the very instant the sync
// started from, as updatedSince includes it); the deletions exactly those
// deleted in the step. What happened is found by comparing the whole list
// before and after each step, not from the mutations' answers.
func TestSync(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	other := srv.Register(t)
	client := &syncClient{t: t, srv: srv, token: user.AccessToken, copy: map[string]syncedRecord{}, deletedAt: map[string]time.Time{}}
	do := func(query string, vars map[string]any) map[string]any {
		t.Helper()
		var data map[string]any
		srv.Post(t, user.AccessToken, query, vars).Must(t, &data)
		return data
	}
	const (
		createMany = `mutation($in: [CreateConsumptionRecordInput!]!) { createConsumptionRecords(input: $in) { id } }`
		createOne  = `mutation($in: CreateConsumptionRecordInput!) { createConsumptionRecord(input: $in) { id } }`
		update     = `mutation($id: ID!, $in: UpdateConsumptionRecordInput!) { updateConsumptionRecord(id: $id, input: $in) { id } }`
		remove     = `mutation($id: ID!) { deleteConsumptionRecord(id: $id) }`
		addReading = `mutation($in: AddMeterReadingInput!) { addMeterReading(input: $in) { id } }`
	)
	month := func(m int) map[string]any {
		start := time.Date(2024, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
		return graphtest.Record(map[string]any{
			"periodStart": start.Format(time.DateOnly), "periodEnd": start.AddDate(0, 1, -1).Format(time.DateOnly)})
	}
	idOf := func(data map[string]any, field string) string { return data[field].(map[string]any)["id"].(string) }
	var ids []string
	var meterID, readingID string

	steps := []struct {
		name string
		run  func()
	}{
		{"nothing yet", func() {}},
		{"records created, in bulk and one by one", func() {
			data := do(createMany, map[string]any{"in": []any{month(1), month(2), month(3)}})
			for _, r := range data["createConsumptionRecords"].([]any) {
				ids = append(ids, r.(map[string]any)["id"].(string))
			}
			ids = append(ids, idOf(do(createOne, map[string]any{"in": month(4)}), "createConsumptionRecord"))
		}},
		{"one updated, one deleted, one created", func() {
			do(update, map[string]any{"id": ids[0], "in": map[string]any{"amount": "11.5"}})
			do(remove, map[string]any{"id": ids[1]})
			ids = append(ids, idOf(do(createOne, map[string]any{"in": month(5)}), "createConsumptionRecord"))
		}},
		{"another user's changes, which are not this user's", func() {
			srv.Post(t, other.AccessToken, createOne, map[string]any{"in": month(6)}).Must(t, nil)
		}},
		{"a meter read three times derives two periods", func() {
			data := do(`mutation { createMeter(input: {type: GAS, unit: CUBIC_METER, name: "Gas", installedOn: "2024-01-31", initialReading: "100"}) { id } }`, nil)
			meterID = idOf(data, "createMeter")
			do(addReading, map[string]any{"in": map[string]any{"meterId": meterID, "readOn": "2024-02-29", "value": "130"}})
			readingID = idOf(do(addReading, map[string]any{"in": map[string]any{"meterId": meterID, "readOn": "2024-03-31", "value": "170"}}), "addMeterReading")
		}},
		{"a reading changed re-derives the periods around it", func() {
			do(`mutation($id: ID!) { updateMeterReading(id: $id, input: {value: "175"}) { id } }`, map[string]any{"id": readingID})
		}},
		{"a reading added between two splits a period", func() {
			do(addReading, map[string]any{"in": map[string]any{"meterId": meterID, "readOn": "2024-03-15", "value": "150"}})
		}},
		{"a reading deleted merges two periods", func() {
			var data struct {
				Meter struct {
					Readings struct {
						Edges []struct{ Node struct{ ID, ReadOn string } }
					}
				}
			}
			srv.Post(t, user.AccessToken, `query($id: ID!) { meter(id: $id) { readings { edges { node { id readOn } } } } }`,
				map[string]any{"id": meterID}).Must(t, &data)
			for _, e := range data.Meter.Readings.Edges {
				if e.Node.ReadOn == "2024-03-15" {
					do(`mutation($id: ID!) { deleteMeterReading(id: $id) }`, map[string]any{"id": e.Node.ID})
				}
			}
		}},
		{"the meter deleted, with its periods", func() {
			do(`mutation($id: ID!) { deleteMeter(id: $id) }`, map[string]any{"id": meterID})
		}},
		{"every record deleted", func() {
			for id := range snapshot(t, srv, user.AccessToken) {
				do(remove, map[string]any{"id": id})
			}
		}},
	}

	before := snapshot(t, srv, user.AccessToken)
	for i, step := range steps {
		from := client.since
		step.run()
		after := snapshot(t, srv, user.AccessToken)
		var wantChanged, wantDeleted []string
		for id, r := range after {
			if b, ok := before[id]; !ok || !b.UpdatedAt.Equal(r.UpdatedAt) || (i > 0 && r.UpdatedAt.Equal(from)) {
				wantChanged = append(wantChanged, id)
			}
		}
		for id := range before {
			if _, ok := after[id]; !ok {
				wantDeleted = append(wantDeleted, id)
			}
		}
		for id, at := range client.deletedAt {
			if at.Equal(from) { // told again, as deletedConsumptionRecords includes since
				wantDeleted = append(wantDeleted, id)
			}
		}
		changed, deleted := client.sync()
		sort.Strings(changed)
		sort.Strings(deleted)
		sort.Strings(wantChanged)
		sort.Strings(wantDeleted)
		if diff := cmp.Diff(wantChanged, changed); diff != "" {
			t.Errorf("%s: records told as changed (-want +got):\n%s", step.name, diff)
		}
		if diff := cmp.Diff(wantDeleted, deleted); diff != "" {
			t.Errorf("%s: records told as deleted (-want +got):\n%s", step.name, diff)
		}
		if diff := cmp.Diff(after, client.copy); diff != "" {
			t.Errorf("%s: the copy differs from the server (-server +copy):\n%s", step.name, diff)
		}
		before = after
	}
	if len(before) != 0 {
		t.Fatalf("%d records left after deleting every one", len(before))
	}
}

func TestSyncInputs(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	const deleted = `query($since: DateTime!, $first: Int, $after: ID) { deletedConsumptionRecords(since: $since, first: $first, after: $after) { id } }`
	now := time.Now()
	tests := []struct {
		name  string
		vars  map[string]any
		field string
	}{
		{"a since 91 days ago", map[string]any{"since": now.Add(-91 * 24 * time.Hour).Format(time.RFC3339)}, "since"},
		{"a first of -1", map[string]any{"since": now.Format(time.RFC3339), "first": -1}, "first"},
		{"a first of 1001", map[string]any{"since": now.Format(time.RFC3339), "first": 1001}, "first"},
		{"an after that is no id", map[string]any{"since": now.Format(time.RFC3339), "after": "nope"}, "after"},
	}
	for _, tc := range tests {
		t.Run(tc.name+" is refused", func(t *testing.T) {
			e := srv.Post(t, user.AccessToken, deleted, tc.vars).OnlyError(t)
			if e.Code() != "BAD_USER_INPUT" || e.Field() != tc.field {
				t.Errorf("%s on %q, want BAD_USER_INPUT on %q", e.Code(), e.Field(), tc.field)
			}
		})
	}
	t.Run("a since 89 days ago is taken", func(t *testing.T) {
		srv.Post(t, user.AccessToken, deleted, map[string]any{"since": now.Add(-89 * 24 * time.Hour).Format(time.RFC3339)}).Must(t, nil)
	})
	t.Run("a cursor of the UPDATED_AT order is refused in another order", func(t *testing.T) {
		srv.Post(t, user.AccessToken, `mutation { createConsumptionRecord(input: {type: GAS, amount: "1", unit: KWH, periodStart: "2024-01-01", periodEnd: "2024-01-01"}) { id } }`, nil).Must(t, nil)
		var data struct {
			ConsumptionRecords struct{ PageInfo struct{ EndCursor string } }
		}
		srv.Post(t, user.AccessToken, `{ consumptionRecords(orderBy: {field: UPDATED_AT}, first: 1) { pageInfo { endCursor } } }`, nil).Must(t, &data)
		e := srv.Post(t, user.AccessToken, `query($a: String) { consumptionRecords(orderBy: {field: CREATED_AT}, after: $a) { totalCount } }`,
			map[string]any{"a": data.ConsumptionRecords.PageInfo.EndCursor}).OnlyError(t)
		if e.Code() != "BAD_USER_INPUT" || e.Field() != "after" {
			t.Errorf("%s on %q, want BAD_USER_INPUT on after", e.Code(), e.Field())
		}
	})
}
