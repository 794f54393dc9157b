package graph_test

import (
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"consumption/graphtest"
)

// These tests speak GraphQL to the real handler on a throwaway database.
// Every expected figure is worked out by hand in the comment beside it.

// meterClient speaks the meter mutations for one user.
type meterClient struct {
	t     *testing.T
	srv   *graphtest.Server
	token string
}

func newMeterClient(t *testing.T) (*graphtest.Server, meterClient) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	return srv, meterClient{t, srv, srv.Register(t).AccessToken}
}

type meterOut struct {
	ID, Type, Unit, Name, InstalledOn string
	RemovedOn                         *string
	Digits                            *int
	LatestReading                     *readingOut
}

type readingOut struct {
	ID, ReadOn, Value string
	Estimated         bool
	Period            *periodOut
}

// periodOut is a record as the tests compare it: its id apart.
type periodOut struct {
	ID          string `json:",omitempty"`
	PeriodStart string
	PeriodEnd   string
	Amount      string
	Source      string `json:",omitempty"`
}

const readingFields = `id readOn value estimated period { id periodStart periodEnd amount source }`

// createMeter creates a meter from the given input, which the defaults
// complete: a gas meter in cubic metres.
func (c meterClient) createMeter(in map[string]any) meterOut {
	c.t.Helper()
	full := map[string]any{"type": "GAS", "unit": "CUBIC_METER", "name": "Gas meter"}
	for k, v := range in {
		full[k] = v
	}
	var data struct{ CreateMeter meterOut }
	c.srv.Post(c.t, c.token, `mutation($in: CreateMeterInput!) {
		createMeter(input: $in) { id type unit name installedOn removedOn digits latestReading { `+readingFields+` } }
	}`, map[string]any{"in": full}).Must(c.t, &data)
	return data.CreateMeter
}

const addReading = `mutation($in: AddMeterReadingInput!) { addMeterReading(input: $in) { ` + readingFields + ` } }`

// add adds a reading and fails the test when it is refused.
func (c meterClient) add(meterID, day, value string) readingOut {
	c.t.Helper()
	var data struct{ AddMeterReading readingOut }
	c.post(addReading, map[string]any{"in": map[string]any{"meterId": meterID, "readOn": day, "value": value}}).Must(c.t, &data)
	return data.AddMeterReading
}

// refused adds a reading that must be refused, and returns the one error.
func (c meterClient) refused(meterID, day, value string) graphtest.Error {
	c.t.Helper()
	return c.post(addReading, map[string]any{"in": map[string]any{"meterId": meterID, "readOn": day, "value": value}}).OnlyError(c.t)
}

func (c meterClient) post(query string, vars map[string]any) graphtest.Response {
	c.t.Helper()
	return c.srv.Post(c.t, c.token, query, vars)
}

// periods returns the meter's derived records, by their first day, as the
// records list shows them.
func (c meterClient) periods(meterID string) []periodOut {
	c.t.Helper()
	var data struct {
		ConsumptionRecords struct {
			Edges []struct {
				Node struct {
					periodOut
					Meter *struct{ ID string }
				}
			}
		}
	}
	c.post(`{ consumptionRecords(first: 500, orderBy: {field: PERIOD_START, direction: ASC}) {
		edges { node { id periodStart periodEnd amount source meter { id } } } } }`, nil).Must(c.t, &data)
	var out []periodOut
	for _, e := range data.ConsumptionRecords.Edges {
		if e.Node.Meter != nil && e.Node.Meter.ID == meterID {
			out = append(out, e.Node.periodOut)
		}
	}
	return out
}

// withoutIDs returns ps without their ids and sources, for comparing
// figures only.
func withoutIDs(ps []periodOut) []periodOut {
	out := make([]periodOut, len(ps))
	for i, p := range ps {
		out[i] = periodOut{PeriodStart: p.PeriodStart, PeriodEnd: p.PeriodEnd, Amount: p.Amount}
	}
	return out
}

func period(start, end, amount string) periodOut {
	return periodOut{PeriodStart: start, PeriodEnd: end, Amount: amount}
}

// TestMeterReadingsExample is PRODUCT.md's example: readings on 31
// January, 29 February and 31 March 2024 make two periods, which a monthly
// series counts like bills.
func TestMeterReadingsExample(t *testing.T) {
	_, c := newMeterClient(t)
	m := c.createMeter(map[string]any{"installedOn": "2024-01-31", "initialReading": "1000.5"})
	if m.LatestReading == nil || m.LatestReading.ReadOn != "2024-01-31" || m.LatestReading.Value != "1000.5" || m.LatestReading.Period != nil {
		t.Fatalf("the initial reading is %+v, want 1000.5 on 2024-01-31 with no period", m.LatestReading)
	}

	// 1084.25 - 1000.5 = 83.75 over 1 to 29 February.
	feb := c.add(m.ID, "2024-02-29", "1084.25")
	if diff := cmp.Diff(period("2024-02-01", "2024-02-29", "83.75"), withoutIDs([]periodOut{*feb.Period})[0]); diff != "" {
		t.Errorf("the February reading's period (-want +got):\n%s", diff)
	}
	// 1150 - 1084.25 = 65.75 over 1 to 31 March.
	c.add(m.ID, "2024-03-31", "1150")

	got := c.periods(m.ID)
	want := []periodOut{period("2024-02-01", "2024-02-29", "83.75"), period("2024-03-01", "2024-03-31", "65.75")}
	if diff := cmp.Diff(want, withoutIDs(got)); diff != "" {
		t.Errorf("derived periods (-want +got):\n%s", diff)
	}
	for _, p := range got {
		if p.Source != "METER" {
			t.Errorf("period %s has source %s, want METER", p.PeriodStart, p.Source)
		}
	}

	t.Run("a monthly series counts the periods", func(t *testing.T) {
		var data struct {
			ConsumptionSeries []struct {
				Unit, Total string
				Points      []struct {
					PeriodStart, Amount string
					Coverage            float64
				}
			}
		}
		c.post(`{ consumptionSeries(filter: {types: [GAS], from: "2024-01-01", to: "2024-03-31"}, granularity: MONTH) {
			unit total points { periodStart amount coverage } } }`, nil).Must(t, &data)
		s := data.ConsumptionSeries[0]
		// January has no period (the first reading only starts the
		// meter); February and March are covered whole. 83.75 + 65.75 = 149.5.
		type point struct {
			PeriodStart, Amount string
			Coverage            float64
		}
		wantPoints := []point{{"2024-01-01", "0", 0}, {"2024-02-01", "83.75", 1}, {"2024-03-01", "65.75", 1}}
		var gotPoints []point
		for _, p := range s.Points {
			gotPoints = append(gotPoints, point{p.PeriodStart, p.Amount, p.Coverage})
		}
		if diff := cmp.Diff(wantPoints, gotPoints); diff != "" || s.Total != "149.5" || s.Unit != "CUBIC_METER" {
			t.Errorf("total %s %s, points (-want +got):\n%s", s.Total, s.Unit, diff)
		}
	})

	t.Run("a period across months is shared pro rata", func(t *testing.T) {
		// 1181 - 1150 = 31 m³ over 1 April to 15 May (45 days): 30/45 of
		// it in April (20.666667) and 15/45 in May (10.333333).
		c.add(m.ID, "2024-05-15", "1181")
		var data struct {
			ConsumptionSeries []struct {
				Total  string
				Points []struct{ Amount string }
			}
		}
		c.post(`{ consumptionSeries(filter: {types: [GAS], from: "2024-04-01", to: "2024-05-31"}, granularity: MONTH) {
			total points { amount } } }`, nil).Must(t, &data)
		s := data.ConsumptionSeries[0]
		if s.Total != "31" || s.Points[0].Amount != "20.666667" || s.Points[1].Amount != "10.333333" {
			t.Errorf("got total %s and points %+v, want 31 = 20.666667 + 10.333333", s.Total, s.Points)
		}
	})

	t.Run("the meter lists its readings latest first, each with its period", func(t *testing.T) {
		var data struct {
			Meter struct {
				LatestReading struct{ ReadOn string }
				Readings      struct {
					TotalCount int
					Edges      []struct{ Node readingOut }
				}
			}
		}
		c.post(`query($id: ID!) { meter(id: $id) { latestReading { readOn } readings(first: 10) { totalCount edges { node { `+readingFields+` } } } } }`,
			map[string]any{"id": m.ID}).Must(t, &data)
		var days []string
		for _, e := range data.Meter.Readings.Edges {
			days = append(days, e.Node.ReadOn)
		}
		if diff := cmp.Diff([]string{"2024-05-15", "2024-03-31", "2024-02-29", "2024-01-31"}, days); diff != "" {
			t.Errorf("readings (-want +got):\n%s", diff)
		}
		if n := data.Meter.Readings.TotalCount; n != 4 {
			t.Errorf("totalCount = %d, want 4", n)
		}
		if data.Meter.LatestReading.ReadOn != "2024-05-15" {
			t.Errorf("latest reading %s, want 2024-05-15", data.Meter.LatestReading.ReadOn)
		}
	})
}

// TestMeterRules checks the rules between readings, each refusal with its
// code and field, and that a refused reading stores nothing.
func TestMeterRules(t *testing.T) {
	srv, c := newMeterClient(t)

	t.Run("a register with digits rolls over", func(t *testing.T) {
		m := c.createMeter(map[string]any{"type": "WATER", "name": "Water", "digits": 4, "installedOn": "2024-01-01", "initialReading": "9990"})
		// 15 + 10^4 - 9990 = 25 m³ over 2 to 11 January.
		r := c.add(m.ID, "2024-01-11", "15")
		if r.Period == nil || r.Period.Amount != "25" || r.Period.PeriodStart != "2024-01-02" {
			t.Errorf("period %+v, want 25 from 2024-01-02", r.Period)
		}
		if e := c.refused(m.ID, "2024-01-20", "10000"); e.Code() != "BAD_USER_INPUT" || e.Field() != "value" {
			t.Errorf("a value of 5 digits on a 4-digit register: %s on %q (%s)", e.Code(), e.Field(), e.Message)
		}
	})

	elec := c.createMeter(map[string]any{"type": "ELECTRICITY", "unit": "KWH", "name": "Electricity", "installedOn": "2024-03-01", "initialReading": "500"})
	tests := []struct {
		name, day, value string
		wantField        string
	}{
		{"a lower value without digits", "2024-03-10", "480", "value"},
		{"a second reading on one day", "2024-03-01", "500", "readOn"},
		{"a reading before the meter was installed", "2024-02-29", "400", "readOn"},
		{"a reading after today", "2999-01-01", "600", "readOn"},
		{"a negative value", "2024-03-10", "-1", "value"},
		{"seven decimal places", "2024-03-10", "501.0000001", "value"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is refused", func(t *testing.T) {
			e := c.refused(elec.ID, tt.day, tt.value)
			if e.Code() != "BAD_USER_INPUT" || e.Field() != tt.wantField {
				t.Errorf("got %s on %q (%s), want BAD_USER_INPUT on %q", e.Code(), e.Field(), e.Message, tt.wantField)
			}
		})
	}
	t.Run("the lower value is named with the day of the reading before", func(t *testing.T) {
		e := c.refused(elec.ID, "2024-03-10", "480")
		want := "The reading of 2024-03-10 (480) is lower than the reading of 2024-03-01 (500); a new meter?"
		if len(e.Message) < len(want) || e.Message[:len(want)] != want {
			t.Errorf("message %q, want it to start %q", e.Message, want)
		}
	})

	t.Run("readings more than 400 days apart are refused", func(t *testing.T) {
		m := c.createMeter(map[string]any{"name": "Gas", "installedOn": "2022-01-01", "initialReading": "0"})
		// 2022-01-01 + 401 days is 2023-02-06: a period of 401 days.
		if e := c.refused(m.ID, "2023-02-06", "100"); e.Code() != "BAD_USER_INPUT" || e.Field() != "readOn" {
			t.Errorf("401 days: %s on %q (%s)", e.Code(), e.Field(), e.Message)
		}
		// 400 days, 2022-01-02 to 2023-02-05, is the longest period.
		if r := c.add(m.ID, "2023-02-05", "100"); r.Period.PeriodStart != "2022-01-02" {
			t.Errorf("period %+v", r.Period)
		}
	})

	var readings int
	if err := srv.DB.QueryRow(`SELECT count(*) FROM meter_readings WHERE meter_id = $1`, elec.ID).Scan(&readings); err != nil {
		t.Fatal(err)
	}
	if readings != 1 {
		t.Errorf("the electricity meter has %d readings after only refusals, want 1", readings)
	}
}

// TestMeterConflictsWithBills checks the records' rule of no overlap in
// both directions: a reading whose period covers a bill's days, and a bill
// over a derived period.
func TestMeterConflictsWithBills(t *testing.T) {
	_, c := newMeterClient(t)
	var bill struct{ CreateConsumptionRecord struct{ ID string } }
	c.post(createRecord, map[string]any{"in": graphtest.Record(map[string]any{
		"type": "GAS", "unit": "CUBIC_METER", "periodStart": "2024-02-10", "periodEnd": "2024-02-20"})}).Must(t, &bill)
	m := c.createMeter(map[string]any{"installedOn": "2024-01-31", "initialReading": "100"})

	t.Run("a reading whose period covers a bill is a conflict naming the bill", func(t *testing.T) {
		e := c.refused(m.ID, "2024-02-29", "180")
		if e.Code() != "CONFLICT" || e.Field() != "readOn" || e.Extensions["conflictingId"] != bill.CreateConsumptionRecord.ID {
			t.Errorf("got %s on %q naming %v (%s), want CONFLICT naming %s", e.Code(), e.Field(), e.Extensions["conflictingId"], e.Message, bill.CreateConsumptionRecord.ID)
		}
	})

	// A reading on 9 February makes a period that ends before the bill.
	r := c.add(m.ID, "2024-02-09", "130")
	t.Run("a bill over a derived period is a conflict naming the period", func(t *testing.T) {
		e := c.post(createRecord, map[string]any{"in": graphtest.Record(map[string]any{
			"type": "GAS", "unit": "CUBIC_METER", "periodStart": "2024-01-25", "periodEnd": "2024-02-05"})}).OnlyError(t)
		if e.Code() != "CONFLICT" || e.Extensions["conflictingId"] != r.Period.ID {
			t.Errorf("got %s naming %v (%s), want CONFLICT naming the period %s", e.Code(), e.Extensions["conflictingId"], e.Message, r.Period.ID)
		}
	})

	t.Run("a derived record cannot be changed or deleted as a record", func(t *testing.T) {
		for _, q := range []string{
			`mutation($id: ID!) { updateConsumptionRecord(id: $id, input: {amount: "1"}) { id } }`,
			`mutation($id: ID!) { deleteConsumptionRecord(id: $id) }`,
		} {
			e := c.post(q, map[string]any{"id": r.Period.ID}).OnlyError(t)
			if e.Code() != "BAD_USER_INPUT" || e.Field() != "id" {
				t.Errorf("got %s on %q (%s), want BAD_USER_INPUT on id", e.Code(), e.Field(), e.Message)
			}
		}
		if diff := cmp.Diff([]periodOut{period("2024-02-01", "2024-02-09", "30")}, withoutIDs(c.periods(m.ID))); diff != "" {
			t.Errorf("periods (-want +got):\n%s", diff)
		}
	})

	t.Run("a bill cannot be created as METER", func(t *testing.T) {
		e := c.post(createRecord, map[string]any{"in": graphtest.Record(map[string]any{"source": "METER"})}).OnlyError(t)
		if e.Code() != "BAD_USER_INPUT" || e.Field() != "source" {
			t.Errorf("got %s on %q (%s), want BAD_USER_INPUT on source", e.Code(), e.Field(), e.Message)
		}
	})

	t.Run("a replacement meter starts the day after the old one's removal", func(t *testing.T) {
		var data struct{ CreateMeter struct{ ID string } }
		res := c.post(`mutation { createMeter(input: {type: GAS, unit: CUBIC_METER, name: "New", installedOn: "2024-03-01"}) { id } }`, nil)
		if e := res.OnlyError(t); e.Code() != "CONFLICT" || e.Extensions["conflictingId"] != m.ID {
			t.Errorf("a second gas meter in service: %s naming %v (%s), want CONFLICT naming %s", e.Code(), e.Extensions["conflictingId"], e.Message, m.ID)
		}
		c.post(`mutation($id: ID!) { updateMeter(id: $id, input: {removedOn: "2024-02-29"}) { id } }`, map[string]any{"id": m.ID}).Must(t, nil)
		if e := c.post(`mutation { createMeter(input: {type: GAS, unit: CUBIC_METER, name: "New", installedOn: "2024-02-29"}) { id } }`, nil).OnlyError(t); e.Code() != "CONFLICT" {
			t.Errorf("a meter installed on the old one's removal day: %s (%s), want CONFLICT", e.Code(), e.Message)
		}
		c.post(`mutation { createMeter(input: {type: GAS, unit: CUBIC_METER, name: "New", installedOn: "2024-03-01"}) { id } }`, nil).Must(t, &data)
		if e := c.refused(m.ID, "2024-03-05", "200"); e.Code() != "BAD_USER_INPUT" || e.Field() != "readOn" {
			t.Errorf("a reading of the old meter after its removal: %s on %q (%s)", e.Code(), e.Field(), e.Message)
		}
	})
}

// TestEditAndDeleteTheMiddleReading changes the middle one of three
// readings: the periods on both sides follow.
func TestEditAndDeleteTheMiddleReading(t *testing.T) {
	_, c := newMeterClient(t)
	m := c.createMeter(map[string]any{"installedOn": "2024-01-31", "initialReading": "1000"})
	mid := c.add(m.ID, "2024-02-29", "1100")
	c.add(m.ID, "2024-03-31", "1150")
	before := c.periods(m.ID)

	update := func(input map[string]any) readingOut {
		t.Helper()
		var data struct{ UpdateMeterReading readingOut }
		c.post(`mutation($id: ID!, $in: UpdateMeterReadingInput!) { updateMeterReading(id: $id, input: $in) { `+readingFields+` } }`,
			map[string]any{"id": mid.ID, "in": input}).Must(t, &data)
		return data.UpdateMeterReading
	}

	t.Run("a new value", func(t *testing.T) {
		// 1120 - 1000 = 120 in February, 1150 - 1120 = 30 in March.
		update(map[string]any{"value": "1120"})
		got := c.periods(m.ID)
		want := []periodOut{period("2024-02-01", "2024-02-29", "120"), period("2024-03-01", "2024-03-31", "30")}
		if diff := cmp.Diff(want, withoutIDs(got)); diff != "" {
			t.Errorf("periods (-want +got):\n%s", diff)
		}
		if got[0].ID != before[0].ID || got[1].ID != before[1].ID {
			t.Errorf("periods of the same days changed ids: %s %s, were %s %s", got[0].ID, got[1].ID, before[0].ID, before[1].ID)
		}
	})
	t.Run("a new day", func(t *testing.T) {
		// Moved to 10 March: 1 February to 10 March, and 11 to 31 March.
		r := update(map[string]any{"readOn": "2024-03-10"})
		want := []periodOut{period("2024-02-01", "2024-03-10", "120"), period("2024-03-11", "2024-03-31", "30")}
		if diff := cmp.Diff(want, withoutIDs(c.periods(m.ID))); diff != "" {
			t.Errorf("periods (-want +got):\n%s", diff)
		}
		if r.Period == nil || r.Period.PeriodEnd != "2024-03-10" {
			t.Errorf("the moved reading's period is %+v", r.Period)
		}
	})
	t.Run("a value above the next reading is refused", func(t *testing.T) {
		e := c.post(`mutation($id: ID!) { updateMeterReading(id: $id, input: {value: "1151"}) { id } }`, map[string]any{"id": mid.ID}).OnlyError(t)
		if e.Code() != "BAD_USER_INPUT" || e.Field() != "value" || e.Index() != -1 {
			t.Errorf("got %s on %q at %d (%s), want BAD_USER_INPUT on value", e.Code(), e.Field(), e.Index(), e.Message)
		}
	})
	t.Run("deleted", func(t *testing.T) {
		// 1150 - 1000 = 150 over 1 February to 31 March.
		var data struct{ DeleteMeterReading string }
		c.post(`mutation($id: ID!) { deleteMeterReading(id: $id) }`, map[string]any{"id": mid.ID}).Must(t, &data)
		if data.DeleteMeterReading != mid.ID {
			t.Errorf("deleted %q, want %q", data.DeleteMeterReading, mid.ID)
		}
		if diff := cmp.Diff([]periodOut{period("2024-02-01", "2024-03-31", "150")}, withoutIDs(c.periods(m.ID))); diff != "" {
			t.Errorf("periods (-want +got):\n%s", diff)
		}
	})
	t.Run("a reading whose neighbours would be too far apart stays", func(t *testing.T) {
		w := c.createMeter(map[string]any{"type": "WATER", "name": "Water", "installedOn": "2023-01-01", "initialReading": "0"})
		r := c.add(w.ID, "2023-12-01", "50")
		c.add(w.ID, "2024-03-01", "60")
		// Without the December reading: 2023-01-01 to 2024-03-01 is 425 days.
		e := c.post(`mutation($id: ID!) { deleteMeterReading(id: $id) }`, map[string]any{"id": r.ID}).OnlyError(t)
		if e.Code() != "BAD_USER_INPUT" || e.Field() != "id" {
			t.Errorf("got %s on %q (%s), want BAD_USER_INPUT on id", e.Code(), e.Field(), e.Message)
		}
	})
}

// TestBulkReadings adds readings all or nothing, and names the item at
// fault.
func TestBulkReadings(t *testing.T) {
	srv, c := newMeterClient(t)
	gas := c.createMeter(map[string]any{"installedOn": "2024-01-01", "initialReading": "0"})
	water := c.createMeter(map[string]any{"type": "WATER", "name": "Water", "installedOn": "2024-01-01", "initialReading": "0"})
	const bulk = `mutation($in: [AddMeterReadingInput!]!) { addMeterReadings(input: $in) { id readOn value period { amount } } }`
	item := func(meter, day, value string) map[string]any {
		return map[string]any{"meterId": meter, "readOn": day, "value": value}
	}
	tests := []struct {
		name      string
		items     []any
		wantCode  string
		wantField string
		wantIndex int
	}{
		{"a lower value", []any{item(gas.ID, "2024-01-10", "10"), item(gas.ID, "2024-01-20", "5")}, "BAD_USER_INPUT", "value", 1},
		{"two readings of one day", []any{item(gas.ID, "2024-01-10", "10"), item(water.ID, "2024-01-10", "1"), item(gas.ID, "2024-01-10", "10")}, "BAD_USER_INPUT", "readOn", 2},
		{"a meter that is not yours", []any{item(gas.ID, "2024-01-10", "10"), item("0b8a5c2e-8f3e-4c1a-9d7e-1f2a3b4c5d6e", "2024-01-10", "1")}, "NOT_FOUND", "meterId", 1},
		{"a malformed meter id", []any{item(gas.ID, "2024-01-10", "10"), item("meter", "2024-01-10", "1")}, "NOT_FOUND", "meterId", 1},
		{"a day before the meter", []any{item(gas.ID, "2024-01-10", "10"), item(water.ID, "2023-12-31", "1")}, "BAD_USER_INPUT", "readOn", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name+" refuses the whole bulk", func(t *testing.T) {
			e := c.post(bulk, map[string]any{"in": tt.items}).OnlyError(t)
			if e.Code() != tt.wantCode || e.Field() != tt.wantField || e.Index() != tt.wantIndex {
				t.Errorf("got %s on %q at %d (%s), want %s on %q at %d", e.Code(), e.Field(), e.Index(), e.Message, tt.wantCode, tt.wantField, tt.wantIndex)
			}
		})
	}
	var n int
	if err := srv.DB.QueryRow(`SELECT (SELECT count(*) FROM meter_readings) + (SELECT count(*) FROM consumption_records)`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("%d readings and records after refused bulks, want the 2 initial readings", n)
	}

	t.Run("a bulk of two meters, out of order", func(t *testing.T) {
		var data struct {
			AddMeterReadings []struct {
				ReadOn, Value string
				Period        struct{ Amount string }
			}
		}
		c.post(bulk, map[string]any{"in": []any{
			item(gas.ID, "2024-01-20", "25"), item(water.ID, "2024-01-05", "2"), item(gas.ID, "2024-01-10", "10"),
		}}).Must(t, &data)
		// In the order sent: gas 25 - 10 = 15, water 2 - 0 = 2, gas 10 - 0 = 10.
		var got []string
		for _, r := range data.AddMeterReadings {
			got = append(got, r.ReadOn+" "+r.Value+" "+r.Period.Amount)
		}
		if diff := cmp.Diff([]string{"2024-01-20 25 15", "2024-01-05 2 2", "2024-01-10 10 10"}, got); diff != "" {
			t.Errorf("readings (-want +got):\n%s", diff)
		}
	})
}

// TestDeleteMeter deletes a meter with its readings and periods, and
// nothing else.
func TestDeleteMeter(t *testing.T) {
	srv, c := newMeterClient(t)
	m := c.createMeter(map[string]any{"installedOn": "2024-01-31", "initialReading": "0"})
	c.add(m.ID, "2024-02-29", "10")
	c.add(m.ID, "2024-03-31", "20")
	create(t, srv, c.token, graphtest.Record(nil))

	var data struct{ DeleteMeter string }
	c.post(`mutation($id: ID!) { deleteMeter(id: $id) }`, map[string]any{"id": m.ID}).Must(t, &data)
	if data.DeleteMeter != m.ID {
		t.Errorf("deleted %q, want %q", data.DeleteMeter, m.ID)
	}
	var readings, derived, records int
	err := srv.DB.QueryRow(`SELECT (SELECT count(*) FROM meter_readings), (SELECT count(*) FROM consumption_records WHERE source = 'METER'),
		(SELECT count(*) FROM consumption_records)`).Scan(&readings, &derived, &records)
	if err != nil {
		t.Fatal(err)
	}
	if readings != 0 || derived != 0 || records != 1 {
		t.Errorf("after deleting the meter: %d readings, %d derived records, %d records; want 0, 0 and the bill", readings, derived, records)
	}
	var meter struct{ Meter *struct{ ID string } }
	c.post(`query($id: ID!) { meter(id: $id) { id } }`, map[string]any{"id": m.ID}).Must(t, &meter)
	if meter.Meter != nil {
		t.Errorf("the deleted meter is still there")
	}
}

// TestMeterTenancy checks that another user's meter and readings are
// answered exactly as missing ones, and stay as they were.
func TestMeterTenancy(t *testing.T) {
	srv, alice := newMeterClient(t)
	bob := meterClient{t, srv, srv.Register(t).AccessToken}
	m := alice.createMeter(map[string]any{"installedOn": "2024-01-31", "initialReading": "0"})
	r := alice.add(m.ID, "2024-02-29", "10")
	const missing = "0b8a5c2e-8f3e-4c1a-9d7e-1f2a3b4c5d6e"

	t.Run("bob sees no meter of alice's", func(t *testing.T) {
		for _, id := range []string{m.ID, missing, "not-an-id"} {
			res := bob.post(`query($id: ID!) { meter(id: $id) { id } }`, map[string]any{"id": id})
			if len(res.Errors) > 0 || string(res.Data) != `{"meter":null}` {
				t.Errorf("id %q: data %s errors %+v, want null", id, res.Data, res.Errors)
			}
		}
		var data struct{ Meters []any }
		bob.post(`{ meters { id } }`, nil).Must(t, &data)
		if len(data.Meters) != 0 {
			t.Errorf("bob lists %d meters", len(data.Meters))
		}
	})

	sameAsMissing := func(t *testing.T, query string, vars func(id string) map[string]any, id string) {
		t.Helper()
		got := bob.post(query, vars(id)).OnlyError(t)
		want := bob.post(query, vars(missing)).OnlyError(t)
		if got.Code() != "NOT_FOUND" {
			t.Errorf("code = %s, want NOT_FOUND", got.Code())
		}
		if diff := cmp.Diff(want.Extensions, got.Extensions); diff != "" || want.Message != got.Message {
			t.Errorf("alice's id is answered differently from a missing one: %q vs %q\n%s", got.Message, want.Message, diff)
		}
	}
	byID := func(id string) map[string]any { return map[string]any{"id": id} }
	t.Run("bob cannot change alice's meter", func(t *testing.T) {
		sameAsMissing(t, `mutation($id: ID!) { updateMeter(id: $id, input: {name: "mine"}) { id } }`, byID, m.ID)
	})
	t.Run("bob cannot delete alice's meter", func(t *testing.T) {
		sameAsMissing(t, `mutation($id: ID!) { deleteMeter(id: $id) }`, byID, m.ID)
	})
	t.Run("bob cannot read alice's meter", func(t *testing.T) {
		sameAsMissing(t, addReading, func(id string) map[string]any {
			return map[string]any{"in": map[string]any{"meterId": id, "readOn": "2024-03-31", "value": "20"}}
		}, m.ID)
	})
	t.Run("bob cannot change alice's reading", func(t *testing.T) {
		sameAsMissing(t, `mutation($id: ID!) { updateMeterReading(id: $id, input: {value: "5"}) { id } }`, byID, r.ID)
	})
	t.Run("bob cannot delete alice's reading", func(t *testing.T) {
		sameAsMissing(t, `mutation($id: ID!) { deleteMeterReading(id: $id) }`, byID, r.ID)
	})
	t.Run("alice's meter is untouched", func(t *testing.T) {
		if diff := cmp.Diff([]periodOut{period("2024-02-01", "2024-02-29", "10")}, withoutIDs(alice.periods(m.ID))); diff != "" {
			t.Errorf("periods (-want +got):\n%s", diff)
		}
	})
}

// TestConcurrentReadings fires readings of one meter at once. The meter is
// locked while its readings change, so each request sees the others that
// committed before it: afterwards the periods are exactly what the stored
// readings imply, and of two readings of one day exactly one is stored.
func TestConcurrentReadings(t *testing.T) {
	srv, c := newMeterClient(t)
	m := c.createMeter(map[string]any{"installedOn": "2024-01-01", "initialReading": "0"})

	const n = 16
	var wg sync.WaitGroup
	results := make([]graphtest.Response, 2*n)
	for i := range n {
		day := fmt.Sprintf("2024-01-%02d", 2+i)
		// Day d's reading is 10 × (d - 1), so every order is valid; and a
		// second reading of each day, a little higher, competes with it.
		for k, value := range []string{fmt.Sprint(10 * (i + 1)), fmt.Sprint(10*(i+1) + 1)} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[2*i+k] = srv.Post(t, c.token, addReading, map[string]any{"in": map[string]any{"meterId": m.ID, "readOn": day, "value": value}})
			}()
		}
	}
	wg.Wait()

	stored := 0
	for i, res := range results {
		switch {
		case len(res.Errors) == 0:
			stored++
		case res.Errors[0].Code() == "BAD_USER_INPUT" && res.Errors[0].Field() == "readOn":
			// The other reading of its day won.
		default:
			t.Errorf("request %d: %+v", i, res.Errors)
		}
	}
	if stored != n {
		t.Errorf("%d readings stored, want one per day (%d)", stored, n)
	}

	// What the stored readings imply, worked out here from the database's
	// own rows, against what is stored as periods.
	rows, err := srv.DB.Query(`SELECT read_on::text, value::text FROM meter_readings WHERE meter_id = $1 ORDER BY read_on`, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	type reading struct{ day, value string }
	var readings []reading
	for rows.Next() {
		var r reading
		if err := rows.Scan(&r.day, &r.value); err != nil {
			t.Fatal(err)
		}
		readings = append(readings, r)
	}
	if len(readings) != n+1 {
		t.Fatalf("%d readings stored, want one per day: %d", len(readings), n+1)
	}
	var want []periodOut
	for i := 1; i < len(readings); i++ {
		var prev, next float64
		fmt.Sscan(readings[i-1].value, &prev)
		fmt.Sscan(readings[i].value, &next)
		want = append(want, period(readings[i].day, readings[i].day, fmt.Sprint(next-prev)))
	}
	got := withoutIDs(c.periods(m.ID))
	sort.Slice(got, func(a, b int) bool { return got[a].PeriodStart < got[b].PeriodStart })
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("periods do not follow the readings (-implied +stored):\n%s", diff)
	}
}

// TestImportedRecords marks records sent as imported.
func TestImportedRecords(t *testing.T) {
	_, c := newMeterClient(t)
	var data struct {
		CreateConsumptionRecords []struct{ Source string }
	}
	c.post(`mutation($in: [CreateConsumptionRecordInput!]!) { createConsumptionRecords(input: $in) { source } }`,
		map[string]any{"in": []any{
			graphtest.Record(map[string]any{"source": "IMPORT"}),
			graphtest.Record(map[string]any{"periodStart": "2024-02-01", "periodEnd": "2024-02-29"}),
		}}).Must(t, &data)
	got := []string{data.CreateConsumptionRecords[0].Source, data.CreateConsumptionRecords[1].Source}
	if diff := cmp.Diff([]string{"IMPORT", "MANUAL"}, got); diff != "" {
		t.Errorf("sources (-want +got):\n%s", diff)
	}
}

// TestUpdateMeter changes a meter whose readings have periods: the periods
// follow a new unit or digits in the same step, and a change the readings
// do not fit is refused.
func TestUpdateMeter(t *testing.T) {
	_, c := newMeterClient(t)
	m := c.createMeter(map[string]any{"type": "WATER", "name": "Water", "digits": 3, "installedOn": "2024-01-31", "initialReading": "990"})
	// 5 + 1000 - 990 = 15 over February; 20 - 5 = 15 over March.
	c.add(m.ID, "2024-02-29", "5")
	c.add(m.ID, "2024-03-31", "20")
	const update = `mutation($id: ID!, $in: UpdateMeterInput!) { updateMeter(id: $id, input: $in) { id unit digits } }`

	tests := []struct {
		name      string
		in        map[string]any
		wantField string
	}{
		{"no digits, where the register rolled over", map[string]any{"digits": nil}, "digits"},
		{"installed after its first reading", map[string]any{"installedOn": "2024-02-01"}, "installedOn"},
		{"removed before its last reading", map[string]any{"removedOn": "2024-03-30"}, "removedOn"},
		{"a unit of another type", map[string]any{"unit": "KWH"}, "unit"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is refused", func(t *testing.T) {
			e := c.post(update, map[string]any{"id": m.ID, "in": tt.in}).OnlyError(t)
			if e.Code() != "BAD_USER_INPUT" || e.Field() != tt.wantField {
				t.Errorf("got %s on %q (%s), want BAD_USER_INPUT on %q", e.Code(), e.Field(), e.Message, tt.wantField)
			}
		})
	}

	t.Run("more digits change the rolled-over period", func(t *testing.T) {
		// With 4 digits: 5 + 10000 - 990 = 9015.
		c.post(update, map[string]any{"id": m.ID, "in": map[string]any{"digits": 4}}).Must(t, nil)
		want := []periodOut{period("2024-02-01", "2024-02-29", "9015"), period("2024-03-01", "2024-03-31", "15")}
		if diff := cmp.Diff(want, withoutIDs(c.periods(m.ID))); diff != "" {
			t.Errorf("periods (-want +got):\n%s", diff)
		}
	})
	t.Run("a new unit relabels the periods", func(t *testing.T) {
		var data struct {
			ConsumptionRecords struct {
				Edges []struct{ Node struct{ Unit string } }
			}
		}
		c.post(update, map[string]any{"id": m.ID, "in": map[string]any{"unit": "LITER"}}).Must(t, nil)
		c.post(`{ consumptionRecords(filter: {types: [WATER]}) { edges { node { unit } } } }`, nil).Must(t, &data)
		for _, e := range data.ConsumptionRecords.Edges {
			if e.Node.Unit != "LITER" {
				t.Errorf("a period's unit is %s, want LITER", e.Node.Unit)
			}
		}
		if len(data.ConsumptionRecords.Edges) != 2 {
			t.Errorf("%d periods, want 2", len(data.ConsumptionRecords.Edges))
		}
	})
	t.Run("a new type whose periods overlap a bill of that type is a conflict naming the bill", func(t *testing.T) {
		var bill struct{ CreateConsumptionRecord struct{ ID string } }
		c.post(createRecord, map[string]any{"in": graphtest.Record(map[string]any{
			"type": "GAS", "unit": "CUBIC_METER", "periodStart": "2024-03-10", "periodEnd": "2024-03-12"})}).Must(t, &bill)
		e := c.post(update, map[string]any{"id": m.ID, "in": map[string]any{"type": "GAS", "unit": "CUBIC_METER"}}).OnlyError(t)
		if e.Code() != "CONFLICT" || e.Field() != "type" || e.Extensions["conflictingId"] != bill.CreateConsumptionRecord.ID {
			t.Errorf("got %s on %q naming %v (%s), want CONFLICT on type naming the bill", e.Code(), e.Field(), e.Extensions["conflictingId"], e.Message)
		}
	})
}

// TestMeterListCosts checks the prices of the meter lists: a meter's
// thousand readings fit in a request, but every meter's readings at once
// cost as many times over as a user may have meters.
func TestMeterListCosts(t *testing.T) {
	_, c := newMeterClient(t)
	m := c.createMeter(map[string]any{"installedOn": "2024-01-31", "initialReading": "0"})
	// 1 + 1000 × (edges, node, id, readOn, value) = 5001, and the meter.
	c.post(`query($id: ID!) { meter(id: $id) { readings(first: 1000) { edges { node { id readOn value } } } } }`,
		map[string]any{"id": m.ID}).Must(t, nil)
	// 50 meters × (1 + 100 × 3) > 10,000.
	e := c.post(`{ meters { readings(first: 100) { edges { node { id } } } } }`, nil).OnlyError(t)
	if e.Code() != "COMPLEXITY_LIMIT_EXCEEDED" {
		t.Errorf("every meter's readings: %s (%s), want COMPLEXITY_LIMIT_EXCEEDED", e.Code(), e.Message)
	}
	// A bulk answers with a reading per item: 1000 items of 3 fields fit.
	var items []any
	for i := range 1000 {
		day := time.Date(2024, 2, 1+i, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		items = append(items, map[string]any{"meterId": m.ID, "readOn": day, "value": fmt.Sprint(i)})
	}
	res := c.post(`mutation($in: [AddMeterReadingInput!]!) { addMeterReadings(input: $in) { id readOn value } }`, map[string]any{"in": items})
	if len(res.Errors) > 0 && res.Errors[0].Code() == "COMPLEXITY_LIMIT_EXCEEDED" {
		t.Errorf("a bulk of 1000 readings was refused for its price: %s", res.Errors[0].Message)
	}
}
