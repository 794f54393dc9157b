package graph_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// A page's edges write themselves into the answer (model.RecordEdges), not
// through gqlgen's generated code, unless the selection reaches a record's
// meter. This test holds the first to what the second writes.

// TestRecordEdgesAsGqlgenWritesThem asks for a page twice, with the same
// selection (aliases, __typename, fragments, a field asked twice, @include
// and @skip, every field of a record) but for a record's meter, which
// only the second asks, last, so that gqlgen's code writes it: without
// the meters, the two answers must be the same, byte for byte. The
// records have notes that JSON must escape, costs and none, and one comes
// from a meter's readings.
func TestRecordEdgesAsGqlgenWritesThem(t *testing.T) {
	srv, meters := newMeterClient(t)
	meter := meters.createMeter(map[string]any{"installedOn": "2024-01-01"})
	meters.add(meter.ID, "2024-01-01", "100")
	meters.add(meter.ID, "2024-01-31", "142.5")
	seedInputs(t, srv, meters.token,
		map[string]any{"type": "ELECTRICITY", "amount": "12.345678", "unit": "KWH", "periodStart": "2024-02-01", "periodEnd": "2024-02-01",
			"notes": "bill \"42\" \\ <b>&amp;</b> \u00e9\u6f22\U0001F600 \t\n \u2028", "cost": "3.10"},
		map[string]any{"type": "WATER", "amount": "0", "unit": "LITER", "periodStart": "2024-02-02", "periodEnd": "2024-03-01"},
	)
	const selection = `
		__typename
		cursor
		c2: cursor
		node {
			kind: __typename id type amount unit periodStart periodEnd notes cost source createdAt updatedAt
			... on ConsumptionRecord { amount again: amount }
			...Days
			notes @include(if: $yes)
			cost @skip(if: $yes)
			%s
		}`
	query := func(meter string) string {
		return `query($yes: Boolean!) { consumptionRecords(first: 10) { edges {` +
			strings.Replace(selection, "%s", meter, 1) + `} totalCount } }
			fragment Days on ConsumptionRecord { periodEnd periodStart }`
	}
	meterField := regexp.MustCompile(`,"meter":(null|\{"id":"[^"]*","name":"[^"]*"\})`)
	for _, yes := range []bool{false, true} {
		vars := map[string]any{"yes": yes}
		var own, gqlgens struct {
			ConsumptionRecords struct{ Edges json.RawMessage }
		}
		srv.Post(t, meters.token, query(""), vars).Must(t, &own)
		srv.Post(t, meters.token, query("meter { id name }"), vars).Must(t, &gqlgens)
		withMeters := string(gqlgens.ConsumptionRecords.Edges)
		if n := strings.Count(withMeters, `"meter":{"id":"`+meter.ID+`"`); n != 1 {
			t.Errorf("yes=%v: %d records of the meter, want 1:\n%s", yes, n, withMeters)
		}
		got, want := string(own.ConsumptionRecords.Edges), meterField.ReplaceAllString(withMeters, "")
		if got != want || strings.Count(got, `"cursor"`) != 3 {
			t.Errorf("yes=%v: edges\n%s\nwant, as gqlgen writes them\n%s", yes, got, want)
		}
	}
}
