package graph_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"consumption/graphtest"
)

// TestRecordPages pages through a user's records three at a time, in every
// order and with filters: the pages join up to the whole list in order, with
// the total on every page.
func TestRecordPages(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	other := srv.Register(t)
	seed(t, srv, other.AccessToken, rec{"GAS", "1", "KWH", "2024-03-01", "2024-03-31"})
	type row struct {
		amount, start, end, typ string
	}
	all := []row{
		{"5", "2024-01-01", "2024-01-31", "ELECTRICITY"},
		{"1.5", "2024-02-01", "2024-02-29", "ELECTRICITY"},
		{"30", "2024-03-01", "2024-03-10", "ELECTRICITY"},
		{"5", "2024-01-05", "2024-01-05", "WATER"}, // an amount tie, broken by id
		{"0.25", "2024-02-10", "2024-03-20", "WATER"},
		{"12", "2023-12-15", "2024-01-14", "GAS"},
		{"7", "2024-01-15", "2024-02-14", "GAS"},
	}
	var recs []rec
	for _, r := range all {
		unit := map[string]string{"ELECTRICITY": "KWH", "WATER": "LITER", "GAS": "CUBIC_METER"}[r.typ]
		recs = append(recs, rec{r.typ, r.amount, unit, r.start, r.end})
	}
	seed(t, srv, user.AccessToken, recs...)

	const query = `query($f: RecordFilter, $o: RecordOrder, $after: String) {
		consumptionRecords(filter: $f, orderBy: $o, first: 3, after: $after) {
			totalCount
			edges { cursor node { id amount periodStart periodEnd type } }
			pageInfo { hasNextPage hasPreviousPage endCursor }
		}
	}`
	type node struct{ ID, Amount, PeriodStart, PeriodEnd, Type string }
	pages := func(t *testing.T, filter, order map[string]any) ([]node, int) {
		t.Helper()
		var got []node
		var after any
		total := -1
		for page := 0; ; page++ {
			var data struct {
				ConsumptionRecords struct {
					TotalCount int
					Edges      []struct{ Node node }
					PageInfo   struct {
						HasNextPage, HasPreviousPage bool
						EndCursor                    *string
					}
				}
			}
			srv.Post(t, user.AccessToken, query, map[string]any{"f": filter, "o": order, "after": after}).Must(t, &data)
			c := data.ConsumptionRecords
			if total >= 0 && c.TotalCount != total {
				t.Fatalf("page %d: totalCount %d, was %d", page, c.TotalCount, total)
			}
			total = c.TotalCount
			if c.PageInfo.HasPreviousPage != (page > 0) {
				t.Errorf("page %d: hasPreviousPage %v", page, c.PageInfo.HasPreviousPage)
			}
			for _, e := range c.Edges {
				got = append(got, e.Node)
			}
			if !c.PageInfo.HasNextPage {
				return got, total
			}
			if len(c.Edges) != 3 || page > 5 {
				t.Fatalf("page %d has %d records and says more follow", page, len(c.Edges))
			}
			after = *c.PageInfo.EndCursor
		}
	}

	byField := map[string]func(a, b node) bool{
		"PERIOD_START": func(a, b node) bool { return a.PeriodStart < b.PeriodStart },
		"PERIOD_END":   func(a, b node) bool { return a.PeriodEnd < b.PeriodEnd },
		"AMOUNT":       func(a, b node) bool { return amountLess(a.Amount, b.Amount) },
	}
	for field, less := range byField {
		for _, dir := range []string{"ASC", "DESC"} {
			t.Run(fmt.Sprintf("all records by %s %s", field, dir), func(t *testing.T) {
				got, total := pages(t, nil, map[string]any{"field": field, "direction": dir})
				if total != len(all) || len(got) != len(all) {
					t.Fatalf("%d records on the pages, total %d, want %d", len(got), total, len(all))
				}
				ordered := slices.IsSortedFunc(got, func(a, b node) int {
					switch {
					case less(a, b):
						return map[string]int{"ASC": -1, "DESC": 1}[dir]
					case less(b, a):
						return map[string]int{"ASC": 1, "DESC": -1}[dir]
					}
					return 0
				})
				if !ordered {
					t.Errorf("not in %s %s order: %+v", field, dir, got)
				}
				ids := map[string]bool{}
				for _, n := range got {
					ids[n.ID] = true
				}
				if len(ids) != len(all) {
					t.Errorf("%d distinct records on the pages, want %d", len(ids), len(all))
				}
			})
		}
	}

	t.Run("filters by type and by dates that the period overlaps", func(t *testing.T) {
		got, total := pages(t, map[string]any{"types": []string{"ELECTRICITY", "GAS"}, "from": "2024-02-14", "to": "2024-03-01"}, nil)
		var starts []string
		for _, n := range got {
			starts = append(starts, n.Type+" "+n.PeriodStart)
		}
		want := []string{"ELECTRICITY 2024-03-01", "ELECTRICITY 2024-02-01", "GAS 2024-01-15"} // newest first
		if diff := cmp.Diff(want, starts); diff != "" || total != 3 {
			t.Errorf("total %d, records (-want +got):\n%s", total, diff)
		}
	})

	t.Run("a cursor from another order, or made up, is refused", func(t *testing.T) {
		var data struct {
			ConsumptionRecords struct{ PageInfo struct{ EndCursor string } }
		}
		srv.Post(t, user.AccessToken, query, nil).Must(t, &data)
		for _, tt := range []struct {
			order  map[string]any
			cursor string
		}{
			{map[string]any{"field": "AMOUNT"}, data.ConsumptionRecords.PageInfo.EndCursor},
			{nil, "bm90IGEgY3Vyc29y"},
			{nil, "!!!"},
		} {
			e := srv.Post(t, user.AccessToken, query, map[string]any{"o": tt.order, "after": tt.cursor}).OnlyError(t)
			if e.Code() != "BAD_USER_INPUT" || e.Field() != "after" {
				t.Errorf("cursor %q: %s on %q, want BAD_USER_INPUT on after", tt.cursor, e.Code(), e.Field())
			}
		}
	})

	t.Run("first is bounded", func(t *testing.T) {
		for _, first := range []int{-1, 501} {
			e := srv.Post(t, user.AccessToken, `query($n: Int) { consumptionRecords(first: $n) { totalCount } }`,
				map[string]any{"n": first}).OnlyError(t)
			if e.Code() != "BAD_USER_INPUT" || e.Field() != "first" {
				t.Errorf("first %d: %s on %q", first, e.Code(), e.Field())
			}
		}
	})
}

// amountLess compares decimal strings by value.
func amountLess(a, b string) bool {
	return decimal.RequireFromString(a).LessThan(decimal.RequireFromString(b))
}
