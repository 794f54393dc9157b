package store_test

import (
	"context"
	"testing"

	"consumption/store"
	"consumption/store/storetest"
)

// On a Citus coordinator, migrating places every table: users by id, every
// table a user_id keys by user_id with it, user_emails on every node, and
// the servers' own tables on the coordinator. On PostgreSQL without Citus
// there is nothing to place.
func TestEveryTableIsPlaced(t *testing.T) {
	st := storetest.New(t)
	got, err := st.TablePlacements(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 {
		t.Skip("not a Citus database: TEST_DATABASE_URL names a plain PostgreSQL")
	}
	local := map[string]bool{"login_failures": true, "session_revocations": true, "schema_migrations": true}
	reference := map[string]bool{"user_emails": true}
	for table, placement := range got {
		want := store.Distributed
		switch {
		case local[table]:
			want = store.Local
		case reference[table]:
			want = store.Reference
		}
		if placement != want {
			t.Errorf("%s is %s, want %s", table, placement, want)
		}
	}
	for table := range local {
		if _, ok := got[table]; !ok {
			t.Errorf("no table %s", table)
		}
	}
}
