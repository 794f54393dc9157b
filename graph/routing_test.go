package graph_test

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lib/pq"

	"consumption/graphtest"
	"consumption/store/storetest"
)

// TestEveryUserStatementRoutesToOneShard runs most of what the API does, as
// two users, through a store that records its statements, and then has Citus
// explain each statement made for one user, in that user's scope, with the
// arguments it was sent with: each must run on one shard (one task), which
// is what makes a Citus cluster grow with its users (PRODUCT.md §12). On a
// PostgreSQL without Citus there is nothing to explain.
//
// Refresh and API tokens name their owner, and are found by the owner and
// their hash before anyone is signed in: those statements, made as the
// sign-in role, are held to it too. Statements of no user (signing in by
// email, revocations, the last uses of API tokens of any users written at
// once) are listed in the log, not held to it.
func TestEveryUserStatementRoutesToOneShard(t *testing.T) {
	ctx := context.Background()
	dbURL := storetest.NewDatabase(t)
	storetest.Open(t, dbURL, true) // migrate
	st, log := storetest.OpenLogged(t, dbURL)
	if placements, err := st.TablePlacements(ctx); err != nil {
		t.Fatal(err)
	} else if len(placements) == 0 {
		t.Skip("not a Citus database: TEST_DATABASE_URL names a plain PostgreSQL")
	}
	srv := graphtest.NewServer(t, graphtest.Options{DatabaseURL: dbURL, Store: st})
	routingWorkload(t, srv)

	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	explained, routed, tokens := map[string]bool{}, 0, 0
	for _, s := range log.Statements() {
		if explained[s.SQL] || strings.HasPrefix(strings.TrimSpace(s.SQL), "SET ") {
			continue
		}
		explained[s.SQL] = true
		ofToken := ownedTokenStatement(s.SQL)
		perUser := strings.Contains(s.Scope, "ROLE consumption_user") || ofToken
		tasks, err := explainTasks(ctx, db, s)
		switch {
		case err != nil && perUser:
			t.Errorf("explaining %s: %v", oneLine(s.SQL), err)
		case err != nil:
			t.Logf("not explained (%v): %s", err, oneLine(s.SQL))
		case !perUser && len(tasks) > 0:
			t.Logf("of no user, %v tasks: %s", tasks, oneLine(s.SQL))
		}
		for _, n := range tasks {
			if perUser && n != 1 {
				t.Errorf("%d tasks, want 1: %s", n, oneLine(s.SQL))
			}
		}
		if perUser && len(tasks) > 0 {
			routed++
		}
		if ofToken && len(tasks) > 0 {
			tokens++
		}
	}
	// Enough that the workload reached every repository of the store.
	if routed < 40 {
		t.Errorf("%d statements of a user went to the shards, want at least 40: the workload no longer runs", routed)
	}
	// Finding an API token, and a refresh token rotated and signed out.
	if tokens < 4 {
		t.Errorf("%d statements on a token found by its owner went to the shards, want at least 4", tokens)
	}
	t.Logf("%d distinct statements, %d of a user on the shards (%d of tokens)", len(explained), routed, tokens)
}

// ownedTokenStatement reports whether a statement reads or writes refresh
// or API tokens of one user: all do but the one that writes when tokens of
// any users were last used (from arrays).
func ownedTokenStatement(sql string) bool {
	return (strings.Contains(sql, "refresh_tokens") || strings.Contains(sql, "api_tokens")) && !strings.Contains(sql, "unnest(")
}

// explainTasks explains s in its transaction's scope and returns the task
// count of each distributed step of its plan (none when it reads no
// distributed or reference table), an INSERT of rows from the coordinator
// counting as one. The arguments are written into the statement, as Citus
// plans it for each set of values when the store runs it (it needs them to
// find the shard; EXPLAIN of a statement with parameters plans it without).
func explainTasks(ctx context.Context, db *sql.DB, s storetest.LoggedStatement) ([]int, error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if s.Scope != "" {
		if _, err := tx.ExecContext(ctx, s.Scope); err != nil {
			return nil, err
		}
	}
	query := parameter.ReplaceAllStringFunc(s.SQL, func(p string) string {
		i, _ := strconv.Atoi(p[1:])
		switch a := s.Args[i-1].(type) {
		case nil:
			return "NULL"
		case string:
			return pq.QuoteLiteral(a)
		case []byte:
			return pq.QuoteLiteral(`\x` + hex.EncodeToString(a))
		case time.Time:
			return pq.QuoteLiteral(a.Format(time.RFC3339Nano))
		default:
			return fmt.Sprint(a)
		}
	})
	var plan []byte
	if err := tx.QueryRowContext(ctx, `EXPLAIN (FORMAT JSON) `+query).Scan(&plan); err != nil {
		return nil, err
	}
	var tree any
	if err := json.Unmarshal(plan, &tree); err != nil {
		return nil, err
	}
	var tasks []int
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if n, ok := v["Task Count"].(float64); ok {
				tasks = append(tasks, int(n))
			}
			// An INSERT of rows made on the coordinator (from arrays)
			// sends each row to its shard: the user's, whose id the rows
			// all carry (row-level security checks it).
			if v["INSERT/SELECT method"] == "pull to coordinator" {
				tasks = append(tasks, 1)
			}
			for _, c := range v {
				walk(c)
			}
		case []any:
			for _, c := range v {
				walk(c)
			}
		}
	}
	walk(tree)
	return tasks, nil
}

// parameter is a parameter of a statement: $ and its number.
var parameter = regexp.MustCompile(`\$[0-9]+`)

func oneLine(sql string) string {
	return strings.Join(strings.Fields(sql), " ")
}

// routingWorkload reads and writes every kind of a user's data through the
// API: one user with the sample data, another who writes each kind by hand,
// rotates and ends sessions and tokens, and deletes the account.
func routingWorkload(t *testing.T, srv *graphtest.Server) {
	t.Helper()
	sample := srv.Register(t)
	srv.Post(t, sample.AccessToken, `mutation { loadSampleData }`, nil).Must(t, nil)
	srv.Post(t, sample.AccessToken, `query($since: DateTime!) {
		me { email timeZone currency }
		consumptionRecords(first: 5) { totalCount edges { node { id cost } } }
		deletedConsumptionRecords(since: $since) { id }
		consumptionSeries(granularity: MONTH) { totalCost points { cost } }
		consumptionSummary { byType { total cost previousPeriodCost } }
		consumptionAggregate(groupBy: [TYPE, PERIOD]) { total cost }
		tariffs { id }
		meters { id latestReading { readOn } readings(first: 2) { totalCount edges { node { id period { amount } } } } }
		budgets { id }
		consumptionForecast { type expectedTotal expectedShareOfBudget }
		apiTokens { id }
	}`, map[string]any{"since": time.Now().Add(-time.Hour).Format(time.RFC3339)}).Must(t, nil)
	srv.Post(t, sample.AccessToken, `mutation { removeSampleData }`, nil).Must(t, nil)

	user := srv.Register(t)
	tok := user.AccessToken
	post := func(query string, vars map[string]any) map[string]any {
		t.Helper()
		var data map[string]any
		srv.Post(t, tok, query, vars).Must(t, &data)
		return data
	}
	id := func(data map[string]any, field string) string {
		t.Helper()
		v, _ := data[field].(map[string]any)
		s, _ := v["id"].(string)
		if s == "" {
			t.Fatalf("%s: no id in %v", field, data)
		}
		return s
	}
	rec := id(post(`mutation { createConsumptionRecord(input: {type: ELECTRICITY, amount: "31", unit: KWH,
		periodStart: "2024-01-01", periodEnd: "2024-01-31"}, idempotencyKey: "routing-1") { id } }`, nil), "createConsumptionRecord")
	post(`mutation { createConsumptionRecords(input: [{type: WATER, amount: "3", unit: CUBIC_METER,
		periodStart: "2024-01-01", periodEnd: "2024-01-31"}]) { id } }`, nil)
	post(`mutation { createConsumptionRecords(input: [{type: WATER, amount: "3", unit: CUBIC_METER,
		periodStart: "2024-02-01", periodEnd: "2024-02-29"}], dryRun: true) { id } }`, nil)
	post(`mutation($id: ID!) { updateConsumptionRecord(id: $id, input: {amount: "30"}) { id } }`, map[string]any{"id": rec})
	post(`query($id: ID!) { consumptionRecord(id: $id) { id cost } }`, map[string]any{"id": rec})
	tariff := addTariff(t, srv, tok, "ELECTRICITY", "2024-01-01", "", "0.3", "KWH", "0.5", "0.2")
	post(`mutation($id: ID!) { updateTariff(id: $id, input: {unitPrice: "0.35"}) { id } }`, map[string]any{"id": tariff})
	meter := id(post(`mutation { createMeter(input: {type: GAS, unit: CUBIC_METER, name: "Gas", installedOn: "2024-03-01",
		initialReading: "100"}) { id } }`, nil), "createMeter")
	reading := id(post(`mutation($m: ID!) { addMeterReading(input: {meterId: $m, readOn: "2024-03-10", value: "110"}) { id } }`,
		map[string]any{"m": meter}), "addMeterReading")
	post(`mutation($m: ID!) { addMeterReadings(input: [{meterId: $m, readOn: "2024-03-20", value: "120"},
		{meterId: $m, readOn: "2024-03-31", value: "131"}]) { id } }`, map[string]any{"m": meter})
	post(`mutation($id: ID!) { updateMeterReading(id: $id, input: {value: "112"}) { id } }`, map[string]any{"id": reading})
	post(`query($m: ID!) { meter(id: $m) { latestReading { value } readings { totalCount edges { node { period { amount } } } } }
		meters { id } }`, map[string]any{"m": meter})
	post(`mutation($id: ID!) { deleteMeterReading(id: $id) }`, map[string]any{"id": reading})
	post(`mutation($m: ID!) { updateMeter(id: $m, input: {name: "Gas, cellar"}) { id } }`, map[string]any{"m": meter})
	post(`mutation($m: ID!) { deleteMeter(id: $m) }`, map[string]any{"m": meter})
	budget := id(post(setBudget, map[string]any{"in": map[string]any{"type": "ELECTRICITY", "granularity": "MONTH",
		"measure": "AMOUNT", "limit": "300", "unit": "KWH"}}), "setBudget")
	post(setBudget, map[string]any{"in": map[string]any{"type": "ELECTRICITY", "granularity": "MONTH",
		"measure": "AMOUNT", "limit": "250", "unit": "KWH"}})
	post(`{ budgets { id } consumptionForecast { type expectedShareOfBudget } }`, nil)
	post(`mutation($id: ID!) { deleteBudget(id: $id) }`, map[string]any{"id": budget})
	post(`mutation { updateSettings(input: {timeZone: "Europe/Paris", currency: "CHF"}) { id } }`, nil)
	created := post(`mutation { createApiToken(input: {name: "script", scope: READ}) { token apiToken { id } } }`, nil)
	apiToken := created["createApiToken"].(map[string]any)
	srv.Post(t, apiToken["token"].(string), `{ me { email } consumptionRecords { totalCount } }`, nil).Must(t, nil)
	post(`{ apiTokens { id lastUsedAt } }`, nil)
	post(`mutation($id: ID!) { revokeApiToken(id: $id) }`, map[string]any{"id": apiToken["apiToken"].(map[string]any)["id"]})
	post(`mutation($id: ID!) { deleteTariff(id: $id) }`, map[string]any{"id": tariff})
	post(`mutation($id: ID!) { deleteConsumptionRecord(id: $id) }`, map[string]any{"id": rec})

	var refreshed struct {
		RefreshToken struct{ AccessToken, RefreshToken string }
	}
	srv.Post(t, "", `mutation($r: String!) { refreshToken(refreshToken: $r) { accessToken refreshToken } }`,
		map[string]any{"r": user.RefreshToken}).Must(t, &refreshed)
	tok = refreshed.RefreshToken.AccessToken
	const newPassword = "another long and unusual passphrase"
	post(`mutation($c: String!, $n: String!) { changePassword(input: {currentPassword: $c, newPassword: $n}) }`,
		map[string]any{"c": user.Password, "n": newPassword})
	var login struct {
		Login struct{ AccessToken, RefreshToken string }
	}
	srv.Post(t, "", `mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { accessToken refreshToken } }`,
		map[string]any{"e": user.Email, "p": newPassword}).Must(t, &login)
	tok = login.Login.AccessToken
	srv.Post(t, "", `mutation($r: String!) { logout(refreshToken: $r) }`, map[string]any{"r": login.Login.RefreshToken}).Must(t, nil)
	srv.Post(t, "", `mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { accessToken } }`,
		map[string]any{"e": user.Email, "p": newPassword}).Must(t, &login)
	tok = login.Login.AccessToken
	post(`mutation($p: String!) { deleteAccount(password: $p) }`, map[string]any{"p": newPassword})
}
