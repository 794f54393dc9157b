package graph_test

import (
	"testing"
	"time"

	"consumption/graphtest"
	"consumption/store/storetest"
)

// accountRead is the text of the statement that reads a signed-in user's
// account (and only that: reading the password hash or the aggregates'
// calorific value are other statements).
const accountRead = "updated_at FROM users WHERE id = $1"

// TestAccountReadOncePerOperation counts the statements that read the
// signed-in user's row: at most one per operation, however many fields need
// the account (me, the last day a record may end on, an aggregate's default
// range), and none for an operation that needs none.
func TestAccountReadOncePerOperation(t *testing.T) {
	dbURL := storetest.NewDatabase(t)
	storetest.Open(t, dbURL, true) // migrate
	st, log := storetest.OpenLogged(t, dbURL)
	// 10:30 UTC on 1 March 2024 is already 2 March in Kiritimati (UTC+14).
	now := time.Date(2024, 3, 1, 10, 30, 0, 0, time.UTC)
	srv := graphtest.NewServer(t, graphtest.Options{DatabaseURL: dbURL, Store: st, Now: func() time.Time { return now }})
	day := func(d string) map[string]any {
		return graphtest.Record(map[string]any{"periodStart": d, "periodEnd": d})
	}

	t.Run("me and two aggregates over the default range read it once", func(t *testing.T) {
		user := srv.Register(t)
		log.Reset()
		var data struct {
			Me                 struct{ TimeZone string }
			ConsumptionSummary struct{ From, To string }
		}
		srv.Post(t, user.AccessToken, `{
			me { id timeZone }
			consumptionSummary { from to }
			consumptionSeries(granularity: DAY) { total }
		}`, nil).Must(t, &data)
		if n := log.Count(accountRead); n != 1 {
			t.Errorf("the account was read %d times, want 1", n)
		}
		if s := data.ConsumptionSummary; s.From != "2024-03-01" || s.To != "2024-03-01" {
			t.Errorf("default range %s..%s, want the month so far, 2024-03-01..2024-03-01", s.From, s.To)
		}
	})

	t.Run("three record mutations read it once", func(t *testing.T) {
		user := srv.Register(t)
		id := create(t, srv, user.AccessToken, day("2024-01-01")).ID
		log.Reset()
		srv.Post(t, user.AccessToken, `mutation($a: CreateConsumptionRecordInput!, $b: CreateConsumptionRecordInput!, $id: ID!) {
			a: createConsumptionRecord(input: $a) { id }
			b: createConsumptionRecords(input: [$b]) { id }
			c: updateConsumptionRecord(id: $id, input: {amount: "7"}) { amount }
		}`, map[string]any{"a": day("2024-01-02"), "b": day("2024-01-03"), "id": id}).Must(t, nil)
		if n := log.Count(accountRead); n != 1 {
			t.Errorf("the account was read %d times, want 1", n)
		}
	})

	t.Run("an operation that needs no account reads none", func(t *testing.T) {
		user := srv.Register(t)
		id := create(t, srv, user.AccessToken, day("2024-01-01")).ID
		log.Reset()
		srv.Post(t, user.AccessToken, `{ consumptionRecords(first: 1) { totalCount } }`, nil).Must(t, nil)
		srv.Post(t, user.AccessToken, `mutation($id: ID!) { deleteConsumptionRecord(id: $id) }`, map[string]any{"id": id}).Must(t, nil)
		if n := log.Count(accountRead); n != 0 {
			t.Errorf("the account was read %d times, want 0", n)
		}
	})

	t.Run("settings changed by the operation are what its later fields see", func(t *testing.T) {
		user := srv.Register(t)
		if e := srv.Post(t, user.AccessToken, createRecord, map[string]any{"in": day("2024-03-02")}).OnlyError(t); e.Field() != "periodEnd" {
			t.Fatalf("2 March in UTC on 1 March: error on %q, want periodEnd", e.Field())
		}
		log.Reset()
		srv.Post(t, user.AccessToken, `mutation($in: CreateConsumptionRecordInput!) {
			updateSettings(input: {timeZone: "Pacific/Kiritimati"}) { timeZone }
			createConsumptionRecord(input: $in) { id }
		}`, map[string]any{"in": day("2024-03-02")}).Must(t, nil)
		if n := log.Count(accountRead); n != 0 {
			t.Errorf("the account was read %d times after updateSettings returned it, want 0", n)
		}
	})

	t.Run("after deleteAccount, the operation's later fields are signed out", func(t *testing.T) {
		user := srv.Register(t)
		res := srv.Post(t, user.AccessToken, `mutation($a: CreateConsumptionRecordInput!, $b: CreateConsumptionRecordInput!, $p: String!) {
			a: createConsumptionRecord(input: $a) { id }
			deleteAccount(password: $p)
			b: createConsumptionRecord(input: $b) { id }
		}`, map[string]any{"a": day("2024-01-01"), "b": day("2024-01-02"), "p": user.Password})
		e := res.OnlyError(t)
		if e.Code() != "UNAUTHENTICATED" || len(e.Path) != 1 || e.Path[0] != "b" {
			t.Errorf("error %s at %v, want UNAUTHENTICATED at b", e.Code(), e.Path)
		}
	})
}
