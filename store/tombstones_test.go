package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"consumption/domain"
	"consumption/store"
	"consumption/store/storetest"
)

// TestTombstones checks what the trigger writes when records are deleted,
// and that the clean-up deletes only tombstones past their time, one
// instance at a time.
func TestTombstones(t *testing.T) {
	st := storetest.New(t)
	db := store.DB(st)
	ctx := context.Background()
	tombstones := func(user uuid.UUID) int {
		t.Helper()
		var n int
		if err := db.GetContext(ctx, &n, `SELECT count(*) FROM record_tombstones WHERE user_id = $1`, user); err != nil {
			t.Fatal(err)
		}
		return n
	}

	user := storetest.NewUser(t, st, oneRecord(1), oneRecord(2), oneRecord(3))
	page, err := st.ForUser(user).Records.List(ctx, store.ListOptions{Order: store.DefaultOrder, First: 10})
	if err != nil {
		t.Fatal(err)
	}
	gone := page.Records[0]
	if err := st.ForUser(user).Records.Delete(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	deleted, err := st.ForUser(user).Records.Deleted(ctx, time.Now().Add(-time.Hour), nil, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(deleted) != 1 || deleted[0].ID != gone.ID || deleted[0].Type != gone.Type || time.Since(deleted[0].DeletedAt) > time.Minute {
		t.Fatalf("deleted %+v, want the record %s deleted now", deleted, gone.ID)
	}
	other := storetest.NewUser(t, st)
	if theirs, err := st.ForUser(other).Records.Deleted(ctx, time.Now().Add(-time.Hour), nil, 10); err != nil || len(theirs) != 0 {
		t.Fatalf("another user sees the deletions %+v (%v)", theirs, err)
	}

	t.Run("deleting the account leaves no tombstone", func(t *testing.T) {
		doomed := storetest.NewUser(t, st, oneRecord(1), oneRecord(2))
		if err := st.ForUser(doomed).Account.Delete(ctx); err != nil {
			t.Fatal(err)
		}
		if n := tombstones(doomed); n != 0 {
			t.Errorf("%d tombstones of a deleted account", n)
		}
	})

	t.Run("the clean-up deletes only tombstones older than 90 days, one instance at a time", func(t *testing.T) {
		if _, err := db.ExecContext(ctx, `UPDATE record_tombstones SET deleted_at = now() - interval '91 days' WHERE user_id = $1`, user); err != nil {
			t.Fatal(err)
		}
		fresh := page.Records[1]
		if err := st.ForUser(user).Records.Delete(ctx, fresh.ID); err != nil {
			t.Fatal(err)
		}

		// Another instance is at it: this one does not wait, and
		// deletes nothing.
		conn, err := db.Connx(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, store.TombstonesLock); err != nil {
			t.Fatal(err)
		}
		if n, err := st.ForgetTombstones(ctx, domain.TombstoneRetention); err != nil || n != 0 {
			t.Fatalf("while another instance holds the lock: deleted %d (%v), want 0", n, err)
		}
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_unlock($1)`, store.TombstonesLock); err != nil {
			t.Fatal(err)
		}

		if n, err := st.ForgetTombstones(ctx, domain.TombstoneRetention); err != nil || n != 1 {
			t.Fatalf("deleted %d (%v), want the one old tombstone", n, err)
		}
		deleted, err := st.ForUser(user).Records.Deleted(ctx, time.Now().Add(-100*24*time.Hour), nil, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(deleted) != 1 || deleted[0].ID != fresh.ID {
			t.Errorf("left %+v, want only the tombstone of %s", deleted, fresh.ID)
		}
	})
}
