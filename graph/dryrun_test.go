package graph_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"consumption/graphtest"
)

const dryRun = `mutation($in: [CreateConsumptionRecordInput!]!, $key: String) {
	createConsumptionRecords(input: $in, dryRun: true, idempotencyKey: $key) { id type amount unit periodStart periodEnd notes cost source }
}`

// TestDryRun checks a file's records as the dashboard's import preview
// does: every rule, the database's overlaps included, and nothing written.
func TestDryRun(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	stored := create(t, srv, user.AccessToken, graphtest.Record(map[string]any{"periodStart": "2024-01-01", "periodEnd": "2024-01-31"}))
	count := func(t *testing.T) int {
		t.Helper()
		var c struct{ ConsumptionRecords struct{ TotalCount int } }
		srv.Post(t, user.AccessToken, `{ consumptionRecords { totalCount } }`, nil).Must(t, &c)
		return c.ConsumptionRecords.TotalCount
	}
	type fault struct {
		Code, Field   string
		Index         int
		ConflictingID string
	}
	faults := func(res graphtest.Response) []fault {
		var got []fault
		for _, e := range res.Errors {
			id, _ := e.Extensions["conflictingId"].(string)
			got = append(got, fault{e.Code(), e.Field(), e.Index(), id})
		}
		return got
	}

	t.Run("every overlap is found, with the stored record and with another item, and every broken rule", func(t *testing.T) {
		res := srv.Post(t, user.AccessToken, dryRun, map[string]any{"in": []any{
			graphtest.Record(map[string]any{"periodStart": "2024-02-01", "periodEnd": "2024-02-29"}),
			graphtest.Record(map[string]any{"periodStart": "2024-01-20", "periodEnd": "2024-01-25"}), // the stored record's days
			graphtest.Record(map[string]any{"periodStart": "2024-02-20", "periodEnd": "2024-03-10"}), // item 0's days
			graphtest.Record(map[string]any{"unit": "LITER", "periodStart": "2024-05-01", "periodEnd": "2024-05-31"}),
			graphtest.Record(map[string]any{"type": "GAS", "unit": "CUBIC_METER", "periodStart": "2024-01-01", "periodEnd": "2024-01-31"}),
			graphtest.Record(map[string]any{"periodStart": "2023-12-25", "periodEnd": "2024-01-05"}), // the stored record's days again
		}})
		want := []fault{
			{"CONFLICT", "periodStart", 1, stored.ID},
			{"CONFLICT", "periodStart", 2, ""},
			{"BAD_USER_INPUT", "unit", 3, ""},
			{"CONFLICT", "periodStart", 5, stored.ID},
		}
		if diff := cmp.Diff(want, faults(res)); diff != "" {
			t.Errorf("errors (-want +got):\n%s", diff)
		}
		if msg := res.Errors[1].Message; msg != "This period overlaps that of item 0 of the same request; records of one type may not overlap." {
			t.Errorf("the overlap between items says %q", msg)
		}
		if n := count(t); n != 1 {
			t.Errorf("%d records after a dry run, want the 1 stored before", n)
		}
	})

	t.Run("good records come back as they would be stored, and nothing is written", func(t *testing.T) {
		in := []any{
			graphtest.Record(map[string]any{"amount": "310.250", "periodStart": "2024-02-01", "periodEnd": "2024-02-29", "notes": "bill 7", "cost": "84.10", "source": "IMPORT"}),
			graphtest.Record(map[string]any{"type": "WATER", "unit": "LITER", "amount": "7", "periodStart": "2024-01-01", "periodEnd": "2024-03-31"}),
		}
		var data struct {
			CreateConsumptionRecords []struct {
				ID, Type, Amount, Unit, PeriodStart, PeriodEnd, Source string
				Notes, Cost                                            *string
			}
		}
		srv.Post(t, user.AccessToken, dryRun, map[string]any{"in": in}).Must(t, &data)
		got := data.CreateConsumptionRecords
		if len(got) != 2 || got[0].Amount != "310.25" || got[0].Source != "IMPORT" || *got[0].Cost != "84.1" || *got[0].Notes != "bill 7" ||
			got[1].Type != "WATER" || got[1].PeriodEnd != "2024-03-31" || got[1].Source != "MANUAL" || got[0].ID == "" {
			t.Fatalf("dry run answered %+v", got)
		}
		if n := count(t); n != 1 {
			t.Errorf("%d records after a dry run, want the 1 stored before", n)
		}
		var one struct{ ConsumptionRecord *struct{ ID string } }
		srv.Post(t, user.AccessToken, `query($id: ID!) { consumptionRecord(id: $id) { id } }`, map[string]any{"id": got[0].ID}).Must(t, &one)
		if one.ConsumptionRecord != nil {
			t.Errorf("the id of a dry run's record names a record")
		}
		// Nothing of the rolled-back insert stands in the way of the real one.
		var created struct{ CreateConsumptionRecords []struct{ ID string } }
		srv.Post(t, user.AccessToken, `mutation($in: [CreateConsumptionRecordInput!]!) { createConsumptionRecords(input: $in) { id } }`,
			map[string]any{"in": in}).Must(t, &created)
		if n := count(t); n != 3 {
			t.Errorf("%d records after creating the 2 checked, want 3", n)
		}
	})

	t.Run("a dry run takes no idempotency key", func(t *testing.T) {
		e := srv.Post(t, user.AccessToken, dryRun, map[string]any{
			"in": []any{graphtest.Record(map[string]any{"periodStart": "2025-01-01", "periodEnd": "2025-01-31"})}, "key": "k-1",
		}).OnlyError(t)
		if e.Code() != "BAD_USER_INPUT" || e.Field() != "idempotencyKey" {
			t.Errorf("got %s on %q, want BAD_USER_INPUT on idempotencyKey", e.Code(), e.Field())
		}
	})

	t.Run("the bulk limit holds", func(t *testing.T) {
		in := make([]any, 1001)
		for i := range in {
			in[i] = graphtest.Record(nil)
		}
		e := srv.Post(t, user.AccessToken, dryRun, map[string]any{"in": in}).OnlyError(t)
		if e.Code() != "BAD_USER_INPUT" || e.Field() != "input" {
			t.Errorf("got %s on %q, want BAD_USER_INPUT on input", e.Code(), e.Field())
		}
	})
}
