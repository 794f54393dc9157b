package store_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"

	"consumption/domain"
	"consumption/store"
	"consumption/store/storetest"
)

func newTestUser(t *testing.T, st *store.Store, email string) uuid.UUID {
	t.Helper()
	u, err := st.Auth().CreateUser(context.Background(), email, "$argon2id$not-a-real-hash")
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

// TestRowLevelSecurityAlone runs statements with no user filter of their own
// through a user's scoped transaction: PostgreSQL alone must hide every other
// user's rows, although the test connects as a superuser.
func TestRowLevelSecurityAlone(t *testing.T) {
	ctx := context.Background()
	st := storetest.New(t)
	alice, bob := newTestUser(t, st, "alice@example.com"), newTestUser(t, st, "bob@example.com")
	for i, who := range []uuid.UUID{alice, alice, bob} {
		day := domain.NewDate(2024, 1, 1+i)
		_, err := st.ForUser(who).Records.Create(ctx, domain.RecordInput{
			Type: domain.Water, Unit: domain.Liter, PeriodStart: day, PeriodEnd: day,
		})
		if err != nil {
			t.Fatal(err)
		}
	}

	unfiltered := func(t *testing.T, who uuid.UUID, query string) int {
		t.Helper()
		var n int
		err := store.InUserTx(ctx, st, who, func(tx *sqlx.Tx) error {
			return tx.GetContext(ctx, &n, query)
		})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}

	// Without the scope the superuser sees everything, so the checks below
	// are not passing merely because the table is empty.
	var all int
	if err := store.DB(st).GetContext(ctx, &all, `SELECT count(*) FROM consumption_records`); err != nil || all != 3 {
		t.Fatalf("unscoped count = %d (%v), want 3", all, err)
	}

	tests := []struct {
		name  string
		who   uuid.UUID
		query string
		want  int
	}{
		{"bob counts only his record", bob, `SELECT count(*) FROM consumption_records`, 1},
		{"alice counts only hers", alice, `SELECT count(*) FROM consumption_records`, 2},
		{"bob cannot select alice's rows by her id", bob, `SELECT count(*) FROM consumption_records WHERE user_id = '` + alice.String() + `'`, 0},
		{"bob sees only his own account", bob, `SELECT count(*) FROM users`, 1},
		{"bob sees no refresh tokens of others", bob, `SELECT count(*) FROM refresh_tokens`, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := unfiltered(t, tt.who, tt.query); got != tt.want {
				t.Errorf("got %d rows, want %d", got, tt.want)
			}
		})
	}

	t.Run("bob cannot change or delete alice's rows without a filter", func(t *testing.T) {
		err := store.InUserTx(ctx, st, bob, func(tx *sqlx.Tx) error {
			if _, err := tx.ExecContext(ctx, `UPDATE consumption_records SET amount = 999`); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `DELETE FROM consumption_records`)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		var aliceRows int
		if err := store.DB(st).GetContext(ctx, &aliceRows, `SELECT count(*) FROM consumption_records WHERE user_id = $1 AND amount = 0`, alice); err != nil {
			t.Fatal(err)
		}
		if aliceRows != 2 {
			t.Errorf("alice has %d untouched records, want 2", aliceRows)
		}
	})

	t.Run("bob cannot insert a row in alice's name", func(t *testing.T) {
		err := store.InUserTx(ctx, st, bob, func(tx *sqlx.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO consumption_records (user_id, type, unit, amount, period_start, period_end)
				VALUES ($1, 'GAS', 'KWH', 1, '2024-01-01', '2024-01-01')`, alice)
			return err
		})
		if err == nil {
			t.Error("the insert was allowed")
		}
	})

	t.Run("the scope does not outlive its transaction", func(t *testing.T) {
		// Run many scoped transactions, then count on the same pool with no
		// scope and the user role: the setting must be gone.
		for range 5 {
			unfiltered(t, alice, `SELECT count(*) FROM consumption_records`)
		}
		var n int
		err := store.InRoleTx(ctx, st, store.RoleUser, func(tx *sqlx.Tx) error {
			return tx.GetContext(ctx, &n, `SELECT count(*) FROM consumption_records`)
		})
		if err != nil || n != 0 {
			t.Errorf("with no user set, %d rows are visible (%v), want 0", n, err)
		}
	})

	t.Run("the sign-in role cannot read records at all", func(t *testing.T) {
		err := store.InRoleTx(ctx, st, store.RoleAuth, func(tx *sqlx.Tx) error {
			var n int
			return tx.GetContext(ctx, &n, `SELECT count(*) FROM consumption_records`)
		})
		if err == nil {
			t.Error("consumption_auth could read consumption_records")
		}
	})
}
