package graph_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"consumption/graphtest"
)

const setBudget = `mutation($in: SetBudgetInput!) {
	setBudget(input: $in) { id type granularity measure limit unit }
}`

type budget struct {
	ID, Type, Granularity, Measure, Limit string
	Unit                                  *string
}

func listBudgets(t *testing.T, srv *graphtest.Server, token string) []budget {
	t.Helper()
	var data struct{ Budgets []budget }
	srv.Post(t, token, `{ budgets { id type granularity measure limit unit } }`, nil).Must(t, &data)
	return data.Budgets
}

func putBudget(t *testing.T, srv *graphtest.Server, token string, in map[string]any) budget {
	t.Helper()
	var data struct{ SetBudget budget }
	srv.Post(t, token, setBudget, map[string]any{"in": in}).Must(t, &data)
	return data.SetBudget
}

func TestBudgets(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	tok := user.AccessToken

	gasMonth := putBudget(t, srv, tok, map[string]any{"type": "GAS", "granularity": "MONTH", "measure": "AMOUNT", "limit": "80.5", "unit": "CUBIC_METER"})
	elecYear := putBudget(t, srv, tok, map[string]any{"type": "ELECTRICITY", "granularity": "YEAR", "measure": "COST", "limit": "1200"})
	elecMonth := putBudget(t, srv, tok, map[string]any{"type": "ELECTRICITY", "granularity": "MONTH", "measure": "AMOUNT", "limit": "300", "unit": "KWH"})

	t.Run("setting the same type, granularity and measure replaces the budget and keeps its id", func(t *testing.T) {
		again := putBudget(t, srv, tok, map[string]any{"type": "GAS", "granularity": "MONTH", "measure": "AMOUNT", "limit": "900", "unit": "KWH"})
		kwh := "KWH"
		want := budget{ID: gasMonth.ID, Type: "GAS", Granularity: "MONTH", Measure: "AMOUNT", Limit: "900", Unit: &kwh}
		if diff := cmp.Diff(want, again); diff != "" {
			t.Errorf("replaced budget (-want +got):\n%s", diff)
		}
	})

	t.Run("the list is ordered by type, then granularity", func(t *testing.T) {
		var ids []string
		for _, b := range listBudgets(t, srv, tok) {
			ids = append(ids, b.ID)
		}
		if want := []string{elecMonth.ID, elecYear.ID, gasMonth.ID}; !cmp.Equal(ids, want) {
			t.Errorf("ids = %v, want %v", ids, want)
		}
	})

	t.Run("a cost budget has no unit", func(t *testing.T) {
		if elecYear.Unit != nil || elecYear.Measure != "COST" || elecYear.Limit != "1200" {
			t.Errorf("cost budget = %+v", elecYear)
		}
	})

	t.Run("another user sees none of them and cannot delete them", func(t *testing.T) {
		other := srv.Register(t)
		if bs := listBudgets(t, srv, other.AccessToken); len(bs) != 0 {
			t.Errorf("another user sees %d budgets", len(bs))
		}
		e := srv.Post(t, other.AccessToken, `mutation($id: ID!) { deleteBudget(id: $id) }`, map[string]any{"id": gasMonth.ID}).OnlyError(t)
		if e.Code() != "NOT_FOUND" {
			t.Errorf("deleting another user's budget: code %q, want NOT_FOUND", e.Code())
		}
		if n := len(listBudgets(t, srv, tok)); n != 3 {
			t.Errorf("the owner has %d budgets left, want 3", n)
		}
	})

	t.Run("deleting returns the id, and a second delete or a malformed id is NOT_FOUND", func(t *testing.T) {
		var data struct{ DeleteBudget string }
		srv.Post(t, tok, `mutation($id: ID!) { deleteBudget(id: $id) }`, map[string]any{"id": elecYear.ID}).Must(t, &data)
		if data.DeleteBudget != elecYear.ID {
			t.Errorf("deleted %q, want %q", data.DeleteBudget, elecYear.ID)
		}
		for _, id := range []string{elecYear.ID, "not-an-id", "00000000-0000-0000-0000-000000000000"} {
			e := srv.Post(t, tok, `mutation($id: ID!) { deleteBudget(id: $id) }`, map[string]any{"id": id}).OnlyError(t)
			if e.Code() != "NOT_FOUND" {
				t.Errorf("deleting %q: code %q, want NOT_FOUND", id, e.Code())
			}
		}
	})
}

func TestBudgetValidation(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	in := func(changes map[string]any) map[string]any {
		b := map[string]any{"type": "WATER", "granularity": "QUARTER", "measure": "AMOUNT", "limit": "30", "unit": "CUBIC_METER"}
		for k, v := range changes {
			if v == nil {
				delete(b, k)
				continue
			}
			b[k] = v
		}
		return b
	}
	tests := []struct {
		name      string
		in        map[string]any
		wantField string
	}{
		{"an amount budget needs a unit", in(map[string]any{"unit": nil}), "unit"},
		{"the unit must be one of the type's", in(map[string]any{"unit": "KWH"}), "unit"},
		{"a cost budget takes no unit", in(map[string]any{"measure": "COST"}), "unit"},
		{"a limit of 0 is refused", in(map[string]any{"limit": "0"}), "limit"},
		{"a negative limit is refused", in(map[string]any{"limit": "-5"}), "limit"},
		{"a limit above 10^12 is refused", in(map[string]any{"limit": "1000000000000.5"}), "limit"},
		{"a limit with seven places is refused", in(map[string]any{"limit": "1.0000001"}), "limit"},
		{"a limit that is no number is refused", in(map[string]any{"limit": "lots"}), "limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := srv.Post(t, user.AccessToken, setBudget, map[string]any{"in": tt.in}).OnlyError(t)
			if e.Code() != "BAD_USER_INPUT" || e.Field() != tt.wantField {
				t.Errorf("got code %q field %q (%s), want BAD_USER_INPUT on %q", e.Code(), e.Field(), e.Message, tt.wantField)
			}
		})
	}
	t.Run("a granularity of days is no budget's", func(t *testing.T) {
		// Not a value of the enum: the variable is refused before anything runs.
		e := srv.Post(t, user.AccessToken, setBudget, map[string]any{"in": in(map[string]any{"granularity": "DAY"})}).OnlyError(t)
		if e.Code() != "GRAPHQL_VALIDATION_FAILED" {
			t.Errorf("code %q, want GRAPHQL_VALIDATION_FAILED", e.Code())
		}
	})
	if n := len(listBudgets(t, srv, user.AccessToken)); n != 0 {
		t.Errorf("%d invalid budgets were stored", n)
	}
}

// TestConcurrentSetBudget sets the same budget from many requests at once:
// one budget remains, with one of the limits sent.
func TestConcurrentSetBudget(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	const n = 8
	var wg sync.WaitGroup
	ids := make([]string, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ids[i] = putBudget(t, srv, user.AccessToken, map[string]any{
				"type": "ELECTRICITY", "granularity": "MONTH", "measure": "COST", "limit": fmt.Sprint(100 + i),
			}).ID
		}()
	}
	wg.Wait()
	bs := listBudgets(t, srv, user.AccessToken)
	if len(bs) != 1 {
		t.Fatalf("%d budgets, want 1", len(bs))
	}
	for i, id := range ids {
		if id != bs[0].ID {
			t.Errorf("request %d answered id %s, the stored budget is %s", i, id, bs[0].ID)
		}
	}
}
