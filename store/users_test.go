package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/uuid"

	"consumption/domain"
	"consumption/store"
	"consumption/store/storetest"
)

// TestAccountGet reads each user's own account, as its settings were
// changed, and finds none once it is deleted.
func TestAccountGet(t *testing.T) {
	ctx := context.Background()
	st := storetest.New(t)
	alice, bob := newTestUser(t, st, "alice@example.com"), newTestUser(t, st, "bob@example.com")
	zone := "Pacific/Auckland"
	if _, err := st.ForUser(bob).Account.UpdateSettings(ctx, domain.Settings{TimeZone: &zone}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []struct {
		id          uuid.UUID
		email, zone string
	}{{alice, "alice@example.com", "UTC"}, {bob, "bob@example.com", zone}} {
		u, err := st.ForUser(want.id).Account.Get(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if u.ID != want.id || u.Email != want.email || u.TimeZone != want.zone {
			t.Errorf("got account %s (%s, %s), want %s (%s, %s)", u.ID, u.Email, u.TimeZone, want.id, want.email, want.zone)
		}
	}
	if err := st.ForUser(alice).Account.Delete(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ForUser(alice).Account.Get(ctx); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a deleted account: got %v, want ErrNotFound", err)
	}
	if _, err := st.ForUser(bob).Account.Get(ctx); err != nil {
		t.Errorf("the other account after one was deleted: %v", err)
	}
}
