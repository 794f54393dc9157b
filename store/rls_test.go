package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jmoiron/sqlx"
	"github.com/shopspring/decimal"

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
	// Two tariffs of alice's and one of bob's.
	for i, who := range []uuid.UUID{alice, alice, bob} {
		from := domain.NewDate(2024, time.Month(1+i), 1)
		_, err := st.ForUser(who).Tariffs.Create(ctx, domain.TariffInput{
			Type: domain.Water, Name: "Water", ValidFrom: from, ValidTo: ptr(from.AddDays(27)), PriceUnit: domain.Liter,
		})
		if err != nil {
			t.Fatal(err)
		}
	}

	// A meter with a reading each, and a second reading of alice's.
	var aliceMeter uuid.UUID
	for _, who := range []uuid.UUID{alice, bob} {
		m, err := st.ForUser(who).Meters.Create(ctx, domain.MeterInput{
			Type: domain.Gas, Unit: domain.CubicMeter, Name: "gas", InstalledOn: domain.NewDate(2024, 2, 1),
		}, &domain.ReadingInput{ReadOn: domain.NewDate(2024, 2, 1)})
		if err != nil {
			t.Fatal(err)
		}
		if who == alice {
			aliceMeter = m.ID
			if _, err := store.DB(st).ExecContext(ctx, `INSERT INTO meter_readings (user_id, meter_id, read_on, value) VALUES ($1, $2, '2024-02-10', 5)`, alice, m.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, who := range []uuid.UUID{alice, bob} {
		_, err := st.ForUser(who).Budgets.Set(ctx, domain.BudgetInput{
			Type: domain.Gas, Granularity: domain.Monthly, Measure: domain.MeasureCost, Limit: decimal.NewFromInt(50),
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
	if err := store.DB(st).GetContext(ctx, &all, `SELECT count(*) FROM tariffs`); err != nil || all != 3 {
		t.Fatalf("unscoped count of tariffs = %d (%v), want 3", all, err)
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
		{"bob counts only his tariff", bob, `SELECT count(*) FROM tariffs`, 1},
		{"alice counts only hers", alice, `SELECT count(*) FROM tariffs`, 2},
		{"bob cannot select alice's tariffs by her id", bob, `SELECT count(*) FROM tariffs WHERE user_id = '` + alice.String() + `'`, 0},
		{"bob counts only his meter", bob, `SELECT count(*) FROM meters`, 1},
		{"bob counts only his reading", bob, `SELECT count(*) FROM meter_readings`, 1},
		{"alice counts her readings", alice, `SELECT count(*) FROM meter_readings`, 2},
		{"bob cannot select alice's meter by her id", bob, `SELECT count(*) FROM meters WHERE user_id = '` + alice.String() + `'`, 0},
		{"bob counts only his budget", bob, `SELECT count(*) FROM budgets`, 1},
		{"bob cannot select alice's budget by her id", bob, `SELECT count(*) FROM budgets WHERE user_id = '` + alice.String() + `'`, 0},
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
			for _, q := range []string{
				`UPDATE consumption_records SET amount = 999`, `DELETE FROM consumption_records`,
				`UPDATE tariffs SET unit_price = 999`, `DELETE FROM tariffs`,
				`UPDATE budgets SET budget_limit = 999`, `DELETE FROM budgets`,
			} {
				if _, err := tx.ExecContext(ctx, q); err != nil {
					return err
				}
			}
			return nil
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
		if err := store.DB(st).GetContext(ctx, &aliceRows, `SELECT count(*) FROM tariffs WHERE user_id = $1 AND unit_price = 0`, alice); err != nil {
			t.Fatal(err)
		}
		if aliceRows != 2 {
			t.Errorf("alice has %d untouched tariffs, want 2", aliceRows)
		}
		if err := store.DB(st).GetContext(ctx, &aliceRows, `SELECT count(*) FROM budgets WHERE user_id = $1 AND budget_limit = 50`, alice); err != nil {
			t.Fatal(err)
		}
		if aliceRows != 1 {
			t.Errorf("alice has %d untouched budgets, want 1", aliceRows)
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
		err = store.InUserTx(ctx, st, bob, func(tx *sqlx.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO tariffs (user_id, type, name, valid_from, unit_price, price_unit, standing_charge_per_day, tax_rate)
				VALUES ($1, 'GAS', 'x', '2030-01-01', 1, 'KWH', 0, 0)`, alice)
			return err
		})
		if err == nil {
			t.Error("the insert of a tariff was allowed")
		}
		err = store.InUserTx(ctx, st, bob, func(tx *sqlx.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO budgets (user_id, type, granularity, measure, budget_limit)
				VALUES ($1, 'WATER', 'YEAR', 'COST', 1)`, alice)
			return err
		})
		if err == nil {
			t.Error("the insert of a budget was allowed")
		}
	})

	t.Run("bob cannot change or delete alice's meters and readings without a filter", func(t *testing.T) {
		err := store.InUserTx(ctx, st, bob, func(tx *sqlx.Tx) error {
			for _, q := range []string{`UPDATE meters SET name = 'mine'`, `UPDATE meter_readings SET value = 999`,
				`DELETE FROM meter_readings`, `DELETE FROM meters`} {
				if _, err := tx.ExecContext(ctx, q); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		var meters, readings int
		err = store.DB(st).QueryRowxContext(ctx, `SELECT (SELECT count(*) FROM meters WHERE user_id = $1 AND name = 'gas'),
			(SELECT count(*) FROM meter_readings WHERE user_id = $1 AND value < 999)`, alice).Scan(&meters, &readings)
		if err != nil {
			t.Fatal(err)
		}
		if meters != 1 || readings != 2 {
			t.Errorf("alice has %d untouched meters and %d readings, want 1 and 2", meters, readings)
		}
	})

	t.Run("bob cannot insert a meter or a reading in alice's name", func(t *testing.T) {
		for _, q := range []string{
			`INSERT INTO meters (user_id, type, unit, name, installed_on) VALUES ($1, 'WATER', 'LITER', $2::text, '2024-01-01')`,
			`INSERT INTO meter_readings (user_id, meter_id, read_on, value) VALUES ($1, $2, '2024-03-01', 9)`,
		} {
			err := store.InUserTx(ctx, st, bob, func(tx *sqlx.Tx) error {
				_, err := tx.ExecContext(ctx, q, alice, aliceMeter)
				return err
			})
			if err == nil {
				t.Errorf("allowed: %s", q)
			}
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

	t.Run("the sign-in role cannot read records, their sums, tariffs, meters or readings at all", func(t *testing.T) {
		for _, table := range []string{"consumption_records", "record_month_sums", "tariffs", "meters", "meter_readings"} {
			err := store.InRoleTx(ctx, st, store.RoleAuth, func(tx *sqlx.Tx) error {
				var n int
				return tx.GetContext(ctx, &n, `SELECT count(*) FROM `+table)
			})
			if err == nil {
				t.Errorf("consumption_auth could read %s", table)
			}
		}
	})

	t.Run("every user-owned table has row-level security enabled and forced", func(t *testing.T) {
		var unprotected []string
		err := store.DB(st).SelectContext(ctx, &unprotected, `
			SELECT c.relname FROM pg_class c
			JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'user_id'
			WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace
				AND NOT (c.relrowsecurity AND c.relforcerowsecurity)`)
		if err != nil {
			t.Fatal(err)
		}
		if len(unprotected) > 0 {
			t.Errorf("tables with user_id but no forced row-level security: %v", unprotected)
		}
	})
}

func ptr[T any](v T) *T { return &v }

// TestEveryUserTableIsForced finds every table with a user_id column: each
// must have row-level security enabled and forced, with a policy, so that a
// table added later cannot forget it.
func TestEveryUserTableIsForced(t *testing.T) {
	ctx := context.Background()
	st := storetest.New(t)
	var tables []struct {
		Name     string `db:"relname"`
		Enabled  bool   `db:"relrowsecurity"`
		Forced   bool   `db:"relforcerowsecurity"`
		Policies int    `db:"policies"`
	}
	const q = `
		SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
			(SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
		FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
		WHERE c.relkind = 'r' AND EXISTS (
			SELECT FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'user_id' AND NOT a.attisdropped)
		ORDER BY c.relname`
	if err := store.DB(st).SelectContext(ctx, &tables, q); err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, tb := range tables {
		names[tb.Name] = true
		if !tb.Enabled || !tb.Forced || tb.Policies == 0 {
			t.Errorf("%s: row-level security enabled %v, forced %v, %d policies", tb.Name, tb.Enabled, tb.Forced, tb.Policies)
		}
	}
	for _, want := range []string{"consumption_records", "tariffs", "budgets"} {
		if !names[want] {
			t.Errorf("table %s was not found among those with a user_id", want)
		}
	}
}
