package graph_test

import (
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"consumption/graphtest"
)

const tariffFields = `id type name validFrom validTo unitPrice priceUnit standingChargePerDay taxRate`

type tariff struct {
	ID, Type, Name, ValidFrom string
	ValidTo                   *string
	UnitPrice, PriceUnit      string
	StandingChargePerDay      string
	TaxRate                   string
}

const createTariffMutation = `mutation($in: CreateTariffInput!) { createTariff(input: $in) { ` + tariffFields + ` } }`

// tariffInput returns a valid tariff input (electricity at 0.25 a kWh from
// 2024-01-01, open-ended) with the given changes; a nil value removes its
// field.
func tariffInput(changes map[string]any) map[string]any {
	in := map[string]any{
		"type": "ELECTRICITY", "name": "Fixed", "validFrom": "2024-01-01",
		"unitPrice": "0.25", "priceUnit": "KWH", "standingChargePerDay": "0.5", "taxRate": "0.21",
	}
	for k, v := range changes {
		if v == nil {
			delete(in, k)
		} else {
			in[k] = v
		}
	}
	return in
}

func createTariff(t testing.TB, srv *graphtest.Server, token string, in map[string]any) tariff {
	t.Helper()
	var data struct{ CreateTariff tariff }
	srv.Post(t, token, createTariffMutation, map[string]any{"in": in}).Must(t, &data)
	return data.CreateTariff
}

func listTariffs(t *testing.T, srv *graphtest.Server, token string, typ any) []tariff {
	t.Helper()
	var data struct{ Tariffs []tariff }
	srv.Post(t, token, `query($t: ConsumptionType) { tariffs(type: $t) { `+tariffFields+` } }`, map[string]any{"t": typ}).Must(t, &data)
	return data.Tariffs
}

func TestTariffs(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	const update = `mutation($id: ID!, $in: UpdateTariffInput!) { updateTariff(id: $id, input: $in) { ` + tariffFields + ` } }`

	first := createTariff(t, srv, user.AccessToken, tariffInput(map[string]any{"standingChargePerDay": nil, "taxRate": nil}))
	t.Run("absent charges and tax are 0, and no end is open-ended", func(t *testing.T) {
		want := tariff{ID: first.ID, Type: "ELECTRICITY", Name: "Fixed", ValidFrom: "2024-01-01",
			UnitPrice: "0.25", PriceUnit: "KWH", StandingChargePerDay: "0", TaxRate: "0"}
		if diff := cmp.Diff(want, first); diff != "" {
			t.Errorf("created (-want +got):\n%s", diff)
		}
	})

	t.Run("an open-ended tariff takes every later day", func(t *testing.T) {
		e := srv.Post(t, user.AccessToken, createTariffMutation, map[string]any{
			"in": tariffInput(map[string]any{"name": "Later", "validFrom": "2031-05-01"}),
		}).OnlyError(t)
		if e.Code() != "CONFLICT" || e.Extensions["conflictingId"] != first.ID || e.Field() != "validFrom" {
			t.Errorf("got %s on %q naming %v (%s), want CONFLICT naming %s", e.Code(), e.Field(), e.Extensions["conflictingId"], e.Message, first.ID)
		}
	})

	t.Run("closing it (validTo) makes room for the next", func(t *testing.T) {
		var data struct{ UpdateTariff tariff }
		srv.Post(t, user.AccessToken, update, map[string]any{"id": first.ID, "in": map[string]any{"validTo": "2024-06-30"}}).Must(t, &data)
		if to := data.UpdateTariff.ValidTo; to == nil || *to != "2024-06-30" || data.UpdateTariff.UnitPrice != "0.25" {
			t.Fatalf("after closing: %+v", data.UpdateTariff)
		}
		createTariff(t, srv, user.AccessToken, tariffInput(map[string]any{"name": "Variable", "validFrom": "2024-07-01", "unitPrice": "0.3"}))
	})

	t.Run("a tariff of one day on the last day of another overlaps it", func(t *testing.T) {
		e := srv.Post(t, user.AccessToken, createTariffMutation, map[string]any{
			"in": tariffInput(map[string]any{"validFrom": "2024-06-30", "validTo": "2024-06-30"}),
		}).OnlyError(t)
		if e.Code() != "CONFLICT" || e.Extensions["conflictingId"] != first.ID {
			t.Errorf("got %s naming %v, want CONFLICT naming %s", e.Code(), e.Extensions["conflictingId"], first.ID)
		}
	})

	t.Run("another type may share the days", func(t *testing.T) {
		createTariff(t, srv, user.AccessToken, tariffInput(map[string]any{"type": "GAS", "validFrom": "2023-01-01", "unitPrice": "0.08"}))
		createTariff(t, srv, user.AccessToken, tariffInput(map[string]any{"type": "WATER", "priceUnit": "CUBIC_METER", "validFrom": "2020-01-01", "validTo": "2020-12-31"}))
	})

	t.Run("listed by type, then by first day", func(t *testing.T) {
		var got []string
		for _, tr := range listTariffs(t, srv, user.AccessToken, nil) {
			got = append(got, tr.Type+" "+tr.ValidFrom)
		}
		want := []string{"ELECTRICITY 2024-01-01", "ELECTRICITY 2024-07-01", "WATER 2020-01-01", "GAS 2023-01-01"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("tariffs (-want +got):\n%s", diff)
		}
		if gas := listTariffs(t, srv, user.AccessToken, "GAS"); len(gas) != 1 || gas[0].UnitPrice != "0.08" {
			t.Errorf("gas tariffs = %+v", gas)
		}
	})

	t.Run("reopening the first (null validTo) would overlap the second", func(t *testing.T) {
		e := srv.Post(t, user.AccessToken, update, map[string]any{"id": first.ID, "in": map[string]any{"validTo": nil}}).OnlyError(t)
		if e.Code() != "CONFLICT" || e.Extensions["conflictingId"] == first.ID {
			t.Errorf("got %s naming %v, want CONFLICT naming the second tariff", e.Code(), e.Extensions["conflictingId"])
		}
	})

	t.Run("an update must follow the rules", func(t *testing.T) {
		e := srv.Post(t, user.AccessToken, update, map[string]any{"id": first.ID, "in": map[string]any{"type": "WATER"}}).OnlyError(t)
		if e.Code() != "BAD_USER_INPUT" || e.Field() != "priceUnit" {
			t.Errorf("got %s on %q, want BAD_USER_INPUT on priceUnit", e.Code(), e.Field())
		}
	})

	t.Run("delete", func(t *testing.T) {
		var data struct{ DeleteTariff string }
		srv.Post(t, user.AccessToken, `mutation($id: ID!) { deleteTariff(id: $id) }`, map[string]any{"id": first.ID}).Must(t, &data)
		if data.DeleteTariff != first.ID {
			t.Errorf("deleted %q, want %q", data.DeleteTariff, first.ID)
		}
		if n := len(listTariffs(t, srv, user.AccessToken, "ELECTRICITY")); n != 1 {
			t.Errorf("%d electricity tariffs left, want 1", n)
		}
		e := srv.Post(t, user.AccessToken, `mutation($id: ID!) { deleteTariff(id: $id) }`, map[string]any{"id": first.ID}).OnlyError(t)
		if e.Code() != "NOT_FOUND" {
			t.Errorf("deleting again: %s, want NOT_FOUND", e.Code())
		}
	})
}

func TestTariffValidation(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	tests := []struct {
		name      string
		in        map[string]any
		wantField string
	}{
		{"litres are not a unit of electricity", tariffInput(map[string]any{"priceUnit": "LITER"}), "priceUnit"},
		{"MWh are not a unit of gas", tariffInput(map[string]any{"type": "GAS", "priceUnit": "MWH"}), "priceUnit"},
		{"an end before the start", tariffInput(map[string]any{"validTo": "2023-12-31"}), "validTo"},
		{"a start before 1970", tariffInput(map[string]any{"validFrom": "1969-12-31"}), "validFrom"},
		{"an impossible day", tariffInput(map[string]any{"validTo": "2025-02-29"}), "validTo"},
		{"a blank name", tariffInput(map[string]any{"name": " "}), "name"},
		{"a name of 101 characters", tariffInput(map[string]any{"name": string(make([]rune, 101))}), "name"},
		{"a name with a control character", tariffInput(map[string]any{"name": "a\x00b"}), "name"},
		{"a negative price", tariffInput(map[string]any{"unitPrice": "-0.1"}), "unitPrice"},
		{"a price of seven places", tariffInput(map[string]any{"unitPrice": "0.1234567"}), "unitPrice"},
		{"a price past a billion", tariffInput(map[string]any{"unitPrice": "1000000001"}), "unitPrice"},
		{"NaN as a price", tariffInput(map[string]any{"unitPrice": "NaN"}), "unitPrice"},
		{"a negative standing charge", tariffInput(map[string]any{"standingChargePerDay": "-1"}), "standingChargePerDay"},
		{"a tax rate of 21 (a percentage, not a rate)", tariffInput(map[string]any{"taxRate": "21"}), "taxRate"},
		{"a negative tax rate", tariffInput(map[string]any{"taxRate": "-0.01"}), "taxRate"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is refused", func(t *testing.T) {
			e := srv.Post(t, user.AccessToken, createTariffMutation, map[string]any{"in": tt.in}).OnlyError(t)
			if e.Code() != "BAD_USER_INPUT" || e.Field() != tt.wantField {
				t.Errorf("got %s on %q (%s), want BAD_USER_INPUT on %q", e.Code(), e.Field(), e.Message, tt.wantField)
			}
		})
	}
	t.Run("every broken rule is reported at once", func(t *testing.T) {
		res := srv.Post(t, user.AccessToken, createTariffMutation, map[string]any{
			"in": tariffInput(map[string]any{"priceUnit": "LITER", "taxRate": "2", "name": ""}),
		})
		var fields []string
		for _, e := range res.Errors {
			fields = append(fields, e.Field())
		}
		if diff := cmp.Diff([]string{"priceUnit", "name", "taxRate"}, fields); diff != "" {
			t.Errorf("fields at fault (-want +got):\n%s", diff)
		}
	})
	if n := len(listTariffs(t, srv, user.AccessToken, nil)); n != 0 {
		t.Errorf("%d invalid tariffs were stored", n)
	}
}

// TestConcurrentTariffOverlaps creates overlapping tariffs at the same
// moment, many times: the database lets exactly one of each pair in, and the
// other is told which tariff it collides with.
func TestConcurrentTariffOverlaps(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	for round := range 20 {
		month := time.Date(2010, time.Month(1+round), 1, 0, 0, 0, 0, time.UTC)
		ins := []map[string]any{
			tariffInput(map[string]any{"name": "a", "validFrom": month.Format(time.DateOnly), "validTo": month.AddDate(0, 0, 20).Format(time.DateOnly)}),
			// Open-ended, from the eleventh day.
			tariffInput(map[string]any{"name": "b", "validFrom": month.AddDate(0, 0, 10).Format(time.DateOnly)}),
		}
		if round%2 == 1 {
			ins[1]["validTo"] = month.AddDate(0, 0, 25).Format(time.DateOnly)
		}
		results := make([]graphtest.Response, len(ins))
		var wg sync.WaitGroup
		for i, in := range ins {
			wg.Go(func() {
				results[i] = srv.Post(t, user.AccessToken, `mutation($in: CreateTariffInput!) { createTariff(input: $in) { id } }`, map[string]any{"in": in})
			})
		}
		wg.Wait()
		var created string
		var conflicts []graphtest.Error
		for _, r := range results {
			switch {
			case len(r.Errors) == 0:
				var data struct{ CreateTariff struct{ ID string } }
				r.Must(t, &data)
				created = data.CreateTariff.ID
			case len(r.Errors) == 1 && r.Errors[0].Code() == "CONFLICT":
				conflicts = append(conflicts, r.Errors[0])
			default:
				t.Fatalf("round %d: unexpected response %+v", round, r.Errors)
			}
		}
		if created == "" || len(conflicts) != 1 {
			t.Fatalf("round %d: created %q with %d conflicts, want exactly one of each", round, created, len(conflicts))
		}
		if got := conflicts[0].Extensions["conflictingId"]; got != created {
			t.Fatalf("round %d: the conflict names %v, want the tariff created, %s", round, got, created)
		}
		// Leave the next round room: close the open-ended one.
		srv.Post(t, user.AccessToken, `mutation($id: ID!, $to: Date) { updateTariff(id: $id, input: {validTo: $to}) { id } }`,
			map[string]any{"id": created, "to": month.AddDate(0, 0, 27).Format(time.DateOnly)}).Must(t, nil)
	}
}

// TestTariffTenancy checks that another user's tariffs are invisible: not
// listed, not changed, not deleted, answered as a missing id is, and that
// they never collide with one's own.
func TestTariffTenancy(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	alice, bob := srv.Register(t), srv.Register(t)
	hers := createTariff(t, srv, alice.AccessToken, tariffInput(nil))
	const missing = "0b8a5c2e-8f3e-4c1a-9d7e-1f2a3b4c5d6e"

	if got := listTariffs(t, srv, bob.AccessToken, nil); len(got) != 0 {
		t.Errorf("bob lists %d tariffs, want none", len(got))
	}
	for _, q := range []string{
		`mutation($id: ID!) { updateTariff(id: $id, input: {unitPrice: "0"}) { id } }`,
		`mutation($id: ID!) { deleteTariff(id: $id) }`,
	} {
		got := srv.Post(t, bob.AccessToken, q, map[string]any{"id": hers.ID}).OnlyError(t)
		want := srv.Post(t, bob.AccessToken, q, map[string]any{"id": missing}).OnlyError(t)
		if got.Code() != "NOT_FOUND" || got.Message != want.Message {
			t.Errorf("%s: got %s %q, want NOT_FOUND as for a missing id (%q)", q, got.Code(), got.Message, want.Message)
		}
		malformed := srv.Post(t, bob.AccessToken, q, map[string]any{"id": "not-an-id"}).OnlyError(t)
		if malformed.Code() != "NOT_FOUND" {
			t.Errorf("%s with a malformed id: %s, want NOT_FOUND", q, malformed.Code())
		}
	}
	// Bob's own tariff over the same days is no overlap.
	createTariff(t, srv, bob.AccessToken, tariffInput(nil))
	if got := listTariffs(t, srv, alice.AccessToken, nil); len(got) != 1 || got[0].UnitPrice != "0.25" {
		t.Errorf("alice's tariffs are now %+v", got)
	}
	t.Run("deleting an account deletes its tariffs", func(t *testing.T) {
		srv.Post(t, bob.AccessToken, `mutation($p: String!) { deleteAccount(password: $p) }`, map[string]any{"p": bob.Password}).Must(t, nil)
		var n int
		if err := srv.DB.QueryRow(`SELECT count(*) FROM tariffs WHERE user_id = $1`, bob.UserID).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%d of bob's tariffs remain", n)
		}
	})
}
