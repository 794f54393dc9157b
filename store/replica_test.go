package store_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"consumption/domain"
	"consumption/engine"
	"consumption/store"
	"consumption/store/storetest"
)

// TestReadReplica runs a store on a primary and a streaming replica of its
// own, with replay paused on the replica to make its lag certain. Records
// written behind the store's back (straight into the primary, as no request
// can) show where a read went: they are on the primary at once, and on the
// replica only once it replays them.
//
// The store connects as a login role that is not a superuser and owns the
// database, as in production, so that row-level security applies to it.
func TestReadReplica(t *testing.T) {
	ctx := context.Background()
	primary := storetest.NewCluster(t)
	primary.Exec("postgres", `CREATE ROLE consumption_app LOGIN CREATEROLE`)
	primary.Exec("postgres", `CREATE DATABASE consumption OWNER consumption_app`)
	replica := primary.NewReplica()
	st := storetest.OpenWith(t, primary.URLAs("consumption_app", "consumption"), store.PoolOptions{
		MaxOpenConns: 4, ReadURL: replica.URLAs("consumption_app", "consumption"),
	}, true)
	if err := st.PingReplica(ctx); err != nil {
		t.Fatal(err)
	}

	alice, bob := newTestUser(t, st, "alice@example.com"), newTestUser(t, st, "bob@example.com")
	day := 0
	write := func(who uuid.UUID) domain.Record {
		t.Helper()
		day++
		rec, err := st.ForUser(who).Records.Create(ctx, oneRecord(day))
		if err != nil {
			t.Fatal(err)
		}
		return rec
	}
	// writeBehind stores a record of who straight into the primary, where
	// the store does not count it as a write of who.
	writeBehind := func(who uuid.UUID) {
		t.Helper()
		day++
		primary.Exec("consumption", `INSERT INTO consumption_records (user_id, type, unit, amount, period_start, period_end)
			VALUES ($1, 'ELECTRICITY', 'KWH', 1, $2, $2)`, who, domain.NewDate(2024, 1, day))
	}
	count := func(who uuid.UUID) int {
		t.Helper()
		n, err := store.CountRecords(ctx, st.ForUser(who).Records)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	total := func(who uuid.UUID) decimal.Decimal {
		t.Helper()
		plan, err := engine.NewPlan([]engine.Query{{
			Type: domain.Electricity, Unit: domain.KilowattHour, From: domain.NewDate(2024, 1, 1), To: domain.NewDate(2024, 1, 31),
		}})
		if err != nil {
			t.Fatal(err)
		}
		readings, err := st.ForUser(who).Aggregates.Read(ctx, plan.Read())
		if err != nil {
			t.Fatal(err)
		}
		aggs, err := plan.Compute(readings)
		if err != nil {
			t.Fatal(err)
		}
		return decimal.RequireFromString(aggs[0].Total.String())
	}
	pause := func() { replica.Exec("consumption", `SELECT pg_wal_replay_pause()`) }
	resume := func() {
		replica.Exec("consumption", `SELECT pg_wal_replay_resume()`)
		waitForReplay(t, primary.URL("consumption"), replica.URL("consumption"))
	}

	write(alice)
	resume()
	pause()
	writeBehind(alice)
	t.Run("a user who has not written since the replica caught up reads from the replica", func(t *testing.T) {
		if n := count(alice); n != 1 {
			t.Errorf("count = %d, want 1: the record written behind the store's back is not on the replica yet", n)
		}
		if got := total(alice); !got.Equal(decimal.NewFromInt(1)) {
			t.Errorf("aggregate total = %s, want 1, from the replica", got)
		}
	})
	t.Run("another user's write does not send a user's reads to the primary", func(t *testing.T) {
		write(bob)
		if n := count(alice); n != 1 {
			t.Errorf("count = %d, want 1, from the replica", n)
		}
	})
	t.Run("a user who just wrote reads the write, from the primary, while the replica lags", func(t *testing.T) {
		rec := write(alice)
		if n := count(alice); n != 3 {
			t.Errorf("count = %d, want 3: the write, the earlier one and the one behind the store's back", n)
		}
		if got, err := st.ForUser(alice).Records.Get(ctx, rec.ID); err != nil || got.ID != rec.ID {
			t.Errorf("get the record just written: %+v, %v", got, err)
		}
		page, err := st.ForUser(alice).Records.List(ctx, store.ListOptions{Order: store.DefaultOrder, First: 10})
		if err != nil || len(page.Records) != 3 {
			t.Errorf("list = %d records (%v), want 3", len(page.Records), err)
		}
		if got := total(alice); !got.Equal(decimal.NewFromInt(3)) {
			t.Errorf("aggregate total = %s, want 3", got)
		}
		if n := count(bob); n != 1 {
			t.Errorf("bob's count = %d, want his own write", n)
		}
	})
	t.Run("a user's settings count as a write, since aggregates read them", func(t *testing.T) {
		resume()
		pause()
		cv := decimal.NewFromInt(10)
		if _, err := st.ForUser(alice).Account.UpdateSettings(ctx, domain.Settings{GasKWhPerCubicMeter: &cv}); err != nil {
			t.Fatal(err)
		}
		writeBehind(alice)
		if n := count(alice); n != 4 {
			t.Errorf("count = %d, want 4, from the primary", n)
		}
	})
	t.Run("once the replica catches up, reads go back to it", func(t *testing.T) {
		resume()
		pause()
		writeBehind(alice)
		if n := count(alice); n != 4 {
			t.Errorf("count = %d, want 4: the record written behind the store's back is not on the replica yet", n)
		}
	})
	t.Run("with the replica out of reach, reads go to the primary", func(t *testing.T) {
		replica.Stop()
		if n := count(alice); n != 5 {
			t.Errorf("count = %d, want 5, from the primary", n)
		}
	})
	if pools := st.Pools(); pools["replica"] == nil || pools["primary"] == nil {
		t.Errorf("pools = %v, want the primary's and the replica's", pools)
	}
}

// waitForReplay waits until the replica has replayed everything the primary
// has written so far.
func waitForReplay(t *testing.T, primaryURL, replicaURL string) {
	t.Helper()
	p, err := sql.Open("postgres", primaryURL)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	r, err := sql.Open("postgres", replicaURL)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var lsn string
	if err := p.QueryRow(`SELECT pg_current_wal_lsn()::text`).Scan(&lsn); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		var replayed bool
		if err := r.QueryRow(`SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn`, lsn).Scan(&replayed); err != nil {
			t.Fatal(err)
		}
		if replayed {
			return
		}
	}
	t.Fatalf("the replica did not replay up to %s", lsn)
}
