package graph_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"consumption/graphtest"
)

// TestTenancy checks that one user can neither see, count, change nor delete
// another's records, and that every attempt is answered exactly as for an id
// that does not exist.
func TestTenancy(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	alice, bob := srv.Register(t), srv.Register(t)
	rec := create(t, srv, alice.AccessToken, graphtest.Record(map[string]any{"amount": "42", "notes": "alice's"}))
	const missing = "0b8a5c2e-8f3e-4c1a-9d7e-1f2a3b4c5d6e"

	t.Run("bob cannot see alice's record, as if it did not exist", func(t *testing.T) {
		const q = `query($id: ID!) { consumptionRecord(id: $id) { id amount } }`
		for _, id := range []string{rec.ID, missing, "not-an-id"} {
			res := srv.Post(t, bob.AccessToken, q, map[string]any{"id": id})
			if len(res.Errors) > 0 || string(res.Data) != `{"consumptionRecord":null}` {
				t.Errorf("id %q: data %s errors %+v, want null and no error", id, res.Data, res.Errors)
			}
		}
	})

	t.Run("bob's list and count hold none of alice's records", func(t *testing.T) {
		var data struct {
			ConsumptionRecords struct {
				TotalCount int
				Edges      []any
			}
		}
		srv.Post(t, bob.AccessToken, `{ consumptionRecords { totalCount edges { node { id } } } }`, nil).Must(t, &data)
		if c := data.ConsumptionRecords; c.TotalCount != 0 || len(c.Edges) != 0 {
			t.Errorf("bob sees %d records (total %d)", len(c.Edges), c.TotalCount)
		}
	})

	// The answer to alice's id must be indistinguishable from the answer to
	// an id that does not exist: same code, same message.
	sameAsMissing := func(t *testing.T, query string, vars func(id string) map[string]any) {
		t.Helper()
		got := srv.Post(t, bob.AccessToken, query, vars(rec.ID)).OnlyError(t)
		want := srv.Post(t, bob.AccessToken, query, vars(missing)).OnlyError(t)
		if got.Code() != "NOT_FOUND" {
			t.Errorf("code = %s, want NOT_FOUND", got.Code())
		}
		if diff := cmp.Diff(want.Message, got.Message); diff != "" {
			t.Errorf("alice's id is answered differently from a missing one:\n%s", diff)
		}
	}
	t.Run("bob cannot change alice's record", func(t *testing.T) {
		sameAsMissing(t, `mutation($id: ID!) { updateConsumptionRecord(id: $id, input: {amount: "0"}) { id } }`,
			func(id string) map[string]any { return map[string]any{"id": id} })
	})
	t.Run("bob cannot delete alice's record", func(t *testing.T) {
		sameAsMissing(t, `mutation($id: ID!) { deleteConsumptionRecord(id: $id) }`,
			func(id string) map[string]any { return map[string]any{"id": id} })
	})

	t.Run("alice's record is untouched", func(t *testing.T) {
		var data struct {
			ConsumptionRecord struct{ Amount, Notes string }
		}
		srv.Post(t, alice.AccessToken, `query($id: ID!) { consumptionRecord(id: $id) { amount notes } }`,
			map[string]any{"id": rec.ID}).Must(t, &data)
		if r := data.ConsumptionRecord; r.Amount != "42" || r.Notes != "alice's" {
			t.Errorf("alice's record is now %+v", r)
		}
	})

	t.Run("bob may record the same period: overlaps are per user", func(t *testing.T) {
		create(t, srv, bob.AccessToken, graphtest.Record(map[string]any{"amount": "1"}))
	})

	t.Run("deleting bob's account leaves alice's data", func(t *testing.T) {
		srv.Post(t, bob.AccessToken, `mutation($p: String!) { deleteAccount(password: $p) }`,
			map[string]any{"p": bob.Password}).Must(t, nil)
		var n int
		if err := srv.DB.QueryRow(`SELECT count(*) FROM consumption_records WHERE user_id = $1`, bob.UserID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%d of bob's records remain after deleting his account", n)
		}
		if err := srv.DB.QueryRow(`SELECT count(*) FROM consumption_records WHERE user_id = $1`, alice.UserID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("alice has %d records, want 1", n)
		}
	})
}
