package graph_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"consumption/graphtest"
)

// A series' points write themselves into the answer (model.SeriesPoints),
// not through gqlgen's generated code. These tests hold them to what gqlgen
// would write.

// TestSeriesPointsSelection asks for points with aliases, __typename, an
// inline and a named fragment, a field asked twice and fields under
// @include and @skip: the answer has each field once, under its alias, in
// the order of the document, as gqlgen writes an object.
func TestSeriesPointsSelection(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	seed(t, srv, user.AccessToken,
		rec{"WATER", "20", "LITER", "2024-01-01", "2024-01-20"},
		rec{"WATER", "29", "LITER", "2024-02-01", "2024-02-29"},
	)
	query := `query($yes: Boolean!) {
		consumptionSeries(filter: {types: [WATER], from: "2024-01-01", to: "2024-03-31"}, granularity: MONTH, units: {water: LITER}) {
			points {
				kind: __typename
				start: periodStart
				... on SeriesPoint { amount start: periodStart }
				...Coverage
				periodEnd @include(if: $yes)
				cost @skip(if: $yes)
			}
		}
	}
	fragment Coverage on SeriesPoint { coverage amount }`
	// January: 20 litres over 20 of its 31 days; February: 29 over all
	// its days; March: none. No tariff, so no cost.
	for _, tt := range []struct {
		yes  bool
		want string
	}{
		{false, `[` +
			`{"kind":"SeriesPoint","start":"2024-01-01","amount":"20","coverage":0.6451612903225806,"cost":null},` +
			`{"kind":"SeriesPoint","start":"2024-02-01","amount":"29","coverage":1,"cost":null},` +
			`{"kind":"SeriesPoint","start":"2024-03-01","amount":"0","coverage":0,"cost":null}]`},
		{true, `[` +
			`{"kind":"SeriesPoint","start":"2024-01-01","amount":"20","coverage":0.6451612903225806,"periodEnd":"2024-01-31"},` +
			`{"kind":"SeriesPoint","start":"2024-02-01","amount":"29","coverage":1,"periodEnd":"2024-02-29"},` +
			`{"kind":"SeriesPoint","start":"2024-03-01","amount":"0","coverage":0,"periodEnd":"2024-03-31"}]`},
	} {
		var data struct {
			ConsumptionSeries []struct{ Points json.RawMessage }
		}
		srv.Post(t, user.AccessToken, query, map[string]any{"yes": tt.yes}).Must(t, &data)
		if len(data.ConsumptionSeries) != 1 {
			t.Fatalf("yes=%v: %d series, want 1", tt.yes, len(data.ConsumptionSeries))
		}
		if got := string(data.ConsumptionSeries[0].Points); got != tt.want {
			t.Errorf("yes=%v: points\n%s\nwant\n%s", tt.yes, got, tt.want)
		}
	}
}

// TestSeriesPointsAsAggregateRows compares, value by value and byte by byte,
// the points of weekly series with the rows of the same aggregate grouped by
// type and week, which gqlgen's generated code writes: dates, amounts,
// coverage whole and in part, and costs with and without a value.
func TestSeriesPointsAsAggregateRows(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	seedInputs(t, srv, user.AccessToken,
		billedRec(rec{"ELECTRICITY", "100.123457", "KWH", "2024-01-03", "2024-01-09"}, "31.17"),
		map[string]any{"type": "ELECTRICITY", "amount": "12.5", "unit": "KWH", "periodStart": "2024-01-12", "periodEnd": "2024-01-14"},
		map[string]any{"type": "GAS", "amount": "7.3", "unit": "CUBIC_METER", "periodStart": "2024-01-01", "periodEnd": "2024-01-31"},
	)
	addTariff(t, srv, user.AccessToken, "GAS", "2024-01-10", "", "0.0731", "KWH", "0.41", "0.07")
	const filter = `{types: [ELECTRICITY, GAS], from: "2024-01-02", to: "2024-02-20"}`
	var data struct {
		ConsumptionSeries []struct {
			Type   string
			Points []map[string]json.RawMessage
		}
		ConsumptionAggregate []map[string]json.RawMessage
	}
	srv.Post(t, user.AccessToken, `{
		consumptionSeries(filter: `+filter+`, granularity: WEEK) {
			type points { periodStart periodEnd amount coverage cost costCoverage }
		}
		consumptionAggregate(filter: `+filter+`, groupBy: [TYPE, PERIOD], granularity: WEEK) {
			type periodStart periodEnd total coverage cost costCoverage
		}
	}`, nil).Must(t, &data)
	var points []map[string]json.RawMessage
	for _, s := range data.ConsumptionSeries {
		points = append(points, s.Points...)
	}
	// Eight weeks from Monday 1 January, of each type.
	if len(points) != 2*8 || len(data.ConsumptionAggregate) != len(points) {
		t.Fatalf("%d points and %d rows, want 16 of each", len(points), len(data.ConsumptionAggregate))
	}
	var costs, nulls, fractions int
	for i, p := range points {
		row := data.ConsumptionAggregate[i]
		for point, rowField := range map[string]string{
			"periodStart": "periodStart", "periodEnd": "periodEnd", "amount": "total",
			"coverage": "coverage", "cost": "cost", "costCoverage": "costCoverage",
		} {
			if !bytes.Equal(p[point], row[rowField]) {
				t.Errorf("point %d (%s): %s is %s, the row's %s is %s", i, p["periodStart"], point, p[point], rowField, row[rowField])
			}
		}
		switch {
		case string(p["cost"]) == "null":
			nulls++
		case bytes.Contains(p["cost"], []byte(".")):
			costs++
		}
		if bytes.Contains(p["coverage"], []byte(".")) || bytes.Contains(p["costCoverage"], []byte(".")) {
			fractions++
		}
	}
	// The comparison means something only if both kinds of cost, and
	// coverage other than 0 and 1, were compared.
	if costs == 0 || nulls == 0 || fractions == 0 {
		t.Errorf("%d points with a cost with decimals, %d without a cost and %d with a part covered, want some of each",
			costs, nulls, fractions)
	}
}

// TestSeriesPointsEveryField asks for every field the schema gives a
// point: each is written, so that a field added to the schema cannot be
// forgotten by the points' marshaler.
func TestSeriesPointsEveryField(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	seed(t, srv, user.AccessToken, rec{"GAS", "3", "KWH", "2024-01-01", "2024-01-03"})
	var schema struct {
		Type struct{ Fields []struct{ Name string } } `json:"__type"`
	}
	srv.Post(t, user.AccessToken, `{ __type(name: "SeriesPoint") { fields { name } } }`, nil).Must(t, &schema)
	var names []string
	for _, f := range schema.Type.Fields {
		names = append(names, f.Name)
	}
	if len(names) < 6 {
		t.Fatalf("SeriesPoint has fields %v, want at least the six it had", names)
	}
	var data struct {
		ConsumptionSeries []struct{ Points []map[string]json.RawMessage }
	}
	srv.Post(t, user.AccessToken, `{ consumptionSeries(filter: {types: [GAS], from: "2024-01-01", to: "2024-01-02"}, granularity: DAY) {
		points { `+strings.Join(names, " ")+` } } }`, nil).Must(t, &data)
	if len(data.ConsumptionSeries) != 1 || len(data.ConsumptionSeries[0].Points) != 2 {
		t.Fatalf("answer %+v, want one series of two points", data)
	}
	for _, p := range data.ConsumptionSeries[0].Points {
		for _, name := range names {
			if _, ok := p[name]; !ok {
				t.Errorf("point %v has no %s", p, name)
			}
		}
	}
}
