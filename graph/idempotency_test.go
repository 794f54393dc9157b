package graph_test

import (
	"strings"
	"sync"
	"testing"

	"consumption/graphtest"
	"consumption/store/storetest"
)

const (
	createRecordOnce = `mutation($in: CreateConsumptionRecordInput!, $key: String) {
		createConsumptionRecord(input: $in, idempotencyKey: $key) { id amount periodStart createdAt }
	}`
	createRecordsOnce = `mutation($in: [CreateConsumptionRecordInput!]!, $key: String) {
		createConsumptionRecords(input: $in, idempotencyKey: $key) { id periodStart }
	}`
)

type keyedRecord struct{ ID, Amount, PeriodStart, CreatedAt string }

func createOnce(t *testing.T, srv *graphtest.Server, token, key string, in map[string]any) graphtest.Response {
	t.Helper()
	return srv.Post(t, token, createRecordOnce, map[string]any{"in": in, "key": key})
}

func countRecords(t *testing.T, srv *graphtest.Server) int {
	t.Helper()
	var n int
	if err := srv.DB.QueryRow(`SELECT count(*) FROM consumption_records`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestIdempotencyKeys(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	jan := graphtest.Record(map[string]any{"amount": "10.50"})

	t.Run("a retry creates nothing and gets the first answer", func(t *testing.T) {
		var first, again struct{ CreateConsumptionRecord keyedRecord }
		createOnce(t, srv, user.AccessToken, "retry-1", jan).Must(t, &first)
		before := countRecords(t, srv)
		// The same amount written otherwise is the same request.
		createOnce(t, srv, user.AccessToken, "retry-1", graphtest.Record(map[string]any{"amount": "10.5"})).Must(t, &again)
		if again != first {
			t.Errorf("the retry answered %+v, want the first answer %+v", again.CreateConsumptionRecord, first.CreateConsumptionRecord)
		}
		if after := countRecords(t, srv); after != before {
			t.Errorf("%d records after the retry, want %d", after, before)
		}
	})
	t.Run("the same key with other input is refused", func(t *testing.T) {
		e := createOnce(t, srv, user.AccessToken, "retry-1", graphtest.Record(map[string]any{"amount": "11"})).OnlyError(t)
		if e.Code() != "BAD_USER_INPUT" || e.Field() != "idempotencyKey" {
			t.Errorf("got %s on %q, want BAD_USER_INPUT on idempotencyKey", e.Code(), e.Field())
		}
	})
	t.Run("the same key on the bulk mutation is refused", func(t *testing.T) {
		e := srv.Post(t, user.AccessToken, createRecordsOnce, map[string]any{"in": []any{jan}, "key": "retry-1"}).OnlyError(t)
		if e.Code() != "BAD_USER_INPUT" || e.Field() != "idempotencyKey" {
			t.Errorf("got %s on %q, want BAD_USER_INPUT on idempotencyKey", e.Code(), e.Field())
		}
	})
	t.Run("a bulk retry gets every record in the order sent", func(t *testing.T) {
		in := []any{
			graphtest.Record(map[string]any{"type": "WATER", "unit": "LITER", "periodStart": "2024-03-01", "periodEnd": "2024-03-31"}),
			graphtest.Record(map[string]any{"type": "WATER", "unit": "LITER", "periodStart": "2024-02-01", "periodEnd": "2024-02-29"}),
		}
		var first, again struct{ CreateConsumptionRecords []keyedRecord }
		srv.Post(t, user.AccessToken, createRecordsOnce, map[string]any{"in": in, "key": "bulk-1"}).Must(t, &first)
		srv.Post(t, user.AccessToken, createRecordsOnce, map[string]any{"in": in, "key": "bulk-1"}).Must(t, &again)
		if len(again.CreateConsumptionRecords) != 2 || again.CreateConsumptionRecords[0] != first.CreateConsumptionRecords[0] ||
			again.CreateConsumptionRecords[1] != first.CreateConsumptionRecords[1] || again.CreateConsumptionRecords[0].PeriodStart != "2024-03-01" {
			t.Errorf("the retry answered %+v, want %+v", again.CreateConsumptionRecords, first.CreateConsumptionRecords)
		}
	})
	t.Run("a refused request does not take its key", func(t *testing.T) {
		// January's electricity exists: this one overlaps it.
		if e := createOnce(t, srv, user.AccessToken, "after-conflict", jan).OnlyError(t); e.Code() != "CONFLICT" {
			t.Fatalf("an overlapping record: %s, want CONFLICT", e.Code())
		}
		createOnce(t, srv, user.AccessToken, "after-conflict", graphtest.Record(map[string]any{"periodStart": "2023-05-01", "periodEnd": "2023-05-31"})).Must(t, nil)
	})
	t.Run("keys belong to one user", func(t *testing.T) {
		other := srv.Register(t)
		var data struct{ CreateConsumptionRecord keyedRecord }
		createOnce(t, srv, other.AccessToken, "retry-1", graphtest.Record(map[string]any{"amount": "99"})).Must(t, &data)
		if data.CreateConsumptionRecord.Amount != "99" {
			t.Errorf("another user's key answered %+v", data.CreateConsumptionRecord)
		}
	})
	t.Run("a key is forgotten after a day", func(t *testing.T) {
		createOnce(t, srv, user.AccessToken, "old", graphtest.Record(map[string]any{"periodStart": "2023-06-01", "periodEnd": "2023-06-30"})).Must(t, nil)
		if _, err := srv.DB.Exec(`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'old'`); err != nil {
			t.Fatal(err)
		}
		createOnce(t, srv, user.AccessToken, "old", graphtest.Record(map[string]any{"periodStart": "2023-07-01", "periodEnd": "2023-07-31"})).Must(t, nil)
	})
	for _, tt := range []struct{ name, key string }{
		{"an empty key is refused", ""},
		{"a key of 201 characters is refused", strings.Repeat("k", 201)},
		{"a key with a control character is refused", "key\x00"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := createOnce(t, srv, user.AccessToken, tt.key, graphtest.Record(map[string]any{"periodStart": "2022-01-01", "periodEnd": "2022-01-01"})).OnlyError(t)
			if e.Code() != "BAD_USER_INPUT" || e.Field() != "idempotencyKey" {
				t.Errorf("got %s on %q, want BAD_USER_INPUT on idempotencyKey", e.Code(), e.Field())
			}
		})
	}
}

// TestIdempotentRetryWhileFirstRuns sends a retry while the first request
// still waits inside its transaction: the retry waits for it, then answers
// the same, and one record exists.
func TestIdempotentRetryWhileFirstRuns(t *testing.T) {
	dbURL := storetest.NewDatabase(t)
	srv := graphtest.NewServer(t, graphtest.Options{DatabaseURL: dbURL, Store: storetest.Open(t, dbURL, true)})
	user := srv.Register(t)

	release := storetest.LockRecords(t, dbURL)
	answers := make(chan graphtest.Response, 2)
	var wg sync.WaitGroup
	send := func() {
		wg.Go(func() { answers <- createOnce(t, srv, user.AccessToken, "while-first-runs", graphtest.Record(nil)) })
	}
	send()
	storetest.WaitForLockWaiters(t, dbURL, 1) // the first holds the key and waits to insert
	send()
	storetest.WaitForLockWaiters(t, dbURL, 2) // the retry waits for the key
	release()
	wg.Wait()
	close(answers)

	var ids []string
	for res := range answers {
		var data struct{ CreateConsumptionRecord keyedRecord }
		res.Must(t, &data)
		ids = append(ids, data.CreateConsumptionRecord.ID)
	}
	if ids[0] != ids[1] {
		t.Errorf("the two answers name records %s and %s, want the same", ids[0], ids[1])
	}
	if n := countRecords(t, srv); n != 1 {
		t.Errorf("%d records, want 1", n)
	}
}
