package graph_test

import (
	"testing"

	"consumption/graphtest"
)

func TestCurrency(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	const update = `mutation($c: String) { updateSettings(input: {currency: $c}) { currency } }`
	var me struct{ Me struct{ Currency string } }
	srv.Post(t, user.AccessToken, `{ me { currency } }`, nil).Must(t, &me)
	if me.Me.Currency != "EUR" {
		t.Errorf("a new account's currency is %q, want EUR", me.Me.Currency)
	}
	var got struct{ UpdateSettings struct{ Currency string } }
	srv.Post(t, user.AccessToken, update, map[string]any{"c": "JPY"}).Must(t, &got)
	if got.UpdateSettings.Currency != "JPY" {
		t.Errorf("currency = %q, want JPY", got.UpdateSettings.Currency)
	}
	for _, code := range []string{"jpy", "XYZ", "EURO", "", "DEM", "XXX", "€"} {
		e := srv.Post(t, user.AccessToken, update, map[string]any{"c": code}).OnlyError(t)
		if e.Code() != "BAD_USER_INPUT" || e.Field() != "currency" {
			t.Errorf("%q: got %s on %q, want BAD_USER_INPUT on currency", code, e.Code(), e.Field())
		}
	}
	srv.Post(t, user.AccessToken, `{ me { currency } }`, nil).Must(t, &me)
	if me.Me.Currency != "JPY" {
		t.Errorf("after refused changes the currency is %q, want JPY", me.Me.Currency)
	}
}

func TestRecordCost(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	const create = `mutation($in: CreateConsumptionRecordInput!) { createConsumptionRecord(input: $in) { id cost } }`
	type record struct {
		ID   string
		Cost *string
	}
	var data struct{ CreateConsumptionRecord record }
	srv.Post(t, user.AccessToken, create, map[string]any{"in": graphtest.Record(map[string]any{"cost": "84.120000"})}).Must(t, &data)
	rec := data.CreateConsumptionRecord
	if rec.Cost == nil || *rec.Cost != "84.12" {
		t.Errorf("cost = %v, want 84.12", rec.Cost)
	}

	t.Run("a cost is optional", func(t *testing.T) {
		srv.Post(t, user.AccessToken, create, map[string]any{"in": graphtest.Record(map[string]any{"type": "WATER", "unit": "LITER"})}).Must(t, &data)
		if data.CreateConsumptionRecord.Cost != nil {
			t.Errorf("cost = %v, want null", *data.CreateConsumptionRecord.Cost)
		}
	})

	t.Run("bulk creates (imports) carry costs", func(t *testing.T) {
		var bulk struct{ CreateConsumptionRecords []record }
		srv.Post(t, user.AccessToken, `mutation($in: [CreateConsumptionRecordInput!]!) { createConsumptionRecords(input: $in) { id cost } }`,
			map[string]any{"in": []map[string]any{
				graphtest.Record(map[string]any{"type": "GAS", "unit": "CUBIC_METER", "cost": "0.000001"}),
				graphtest.Record(map[string]any{"type": "GAS", "unit": "CUBIC_METER", "periodStart": "2024-02-01", "periodEnd": "2024-02-29"}),
				graphtest.Record(map[string]any{"type": "GAS", "unit": "CUBIC_METER", "periodStart": "2024-03-01", "periodEnd": "2024-03-31", "cost": "1000000000000"}),
			}}).Must(t, &bulk)
		var got []string
		for _, r := range bulk.CreateConsumptionRecords {
			c := "null"
			if r.Cost != nil {
				c = *r.Cost
			}
			got = append(got, c)
		}
		if len(got) != 3 || got[0] != "0.000001" || got[1] != "null" || got[2] != "1000000000000" {
			t.Errorf("costs = %v", got)
		}
	})

	const update = `mutation($id: ID!, $in: UpdateConsumptionRecordInput!) { updateConsumptionRecord(id: $id, input: $in) { id cost } }`
	t.Run("an update changes the cost, and null removes it", func(t *testing.T) {
		var up struct{ UpdateConsumptionRecord record }
		srv.Post(t, user.AccessToken, update, map[string]any{"id": rec.ID, "in": map[string]any{"cost": "90"}}).Must(t, &up)
		if c := up.UpdateConsumptionRecord.Cost; c == nil || *c != "90" {
			t.Errorf("cost = %v, want 90", c)
		}
		srv.Post(t, user.AccessToken, update, map[string]any{"id": rec.ID, "in": map[string]any{"amount": "11"}}).Must(t, &up)
		if c := up.UpdateConsumptionRecord.Cost; c == nil || *c != "90" {
			t.Errorf("after changing the amount the cost is %v, want 90 still", c)
		}
		srv.Post(t, user.AccessToken, update, map[string]any{"id": rec.ID, "in": map[string]any{"cost": nil}}).Must(t, &up)
		if c := up.UpdateConsumptionRecord.Cost; c != nil {
			t.Errorf("cost = %v, want null", *c)
		}
	})

	t.Run("costs out of bounds are refused on their field", func(t *testing.T) {
		for _, cost := range []any{"-0.01", "0.0000001", "1000000000000.000001", "NaN", "abc", 12.5} {
			e := srv.Post(t, user.AccessToken, create, map[string]any{
				"in": graphtest.Record(map[string]any{"periodStart": "2023-01-01", "periodEnd": "2023-01-31", "cost": cost}),
			}).OnlyError(t)
			if e.Code() != "BAD_USER_INPUT" || e.Field() != "cost" {
				t.Errorf("cost %v: got %s on %q, want BAD_USER_INPUT on cost", cost, e.Code(), e.Field())
			}
			e = srv.Post(t, user.AccessToken, update, map[string]any{"id": rec.ID, "in": map[string]any{"cost": cost}}).OnlyError(t)
			if e.Code() != "BAD_USER_INPUT" || e.Field() != "cost" {
				t.Errorf("update to cost %v: got %s on %q, want BAD_USER_INPUT on cost", cost, e.Code(), e.Field())
			}
		}
	})

	t.Run("an idempotent retry with another cost is another request", func(t *testing.T) {
		const keyed = `mutation($in: CreateConsumptionRecordInput!, $k: String) { createConsumptionRecord(input: $in, idempotencyKey: $k) { id cost } }`
		in := graphtest.Record(map[string]any{"periodStart": "2022-01-01", "periodEnd": "2022-01-31", "cost": "5"})
		srv.Post(t, user.AccessToken, keyed, map[string]any{"in": in, "k": "cost-key"}).Must(t, nil)
		in["cost"] = "6"
		e := srv.Post(t, user.AccessToken, keyed, map[string]any{"in": in, "k": "cost-key"}).OnlyError(t)
		if e.Code() != "BAD_USER_INPUT" || e.Field() != "idempotencyKey" {
			t.Errorf("got %s on %q, want BAD_USER_INPUT on idempotencyKey", e.Code(), e.Field())
		}
	})
}
