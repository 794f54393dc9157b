package httpapi_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"consumption/auth"
	"consumption/graphtest"
	"consumption/metrics"
	"consumption/store/storetest"
)

// syncBuffer is a log sink that the server's goroutines may share.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestRequestLogAndMetrics signs up, fails to sign in until throttled,
// creates a record and reads it, then checks the request log (one line per
// request with its operation, outcome and user, and no password, token or
// variable anywhere) and the metrics.
func TestRequestLogAndMetrics(t *testing.T) {
	dbURL := storetest.NewDatabase(t)
	st := storetest.Open(t, dbURL, true)
	m := metrics.New(st.Pools())
	logs := &syncBuffer{}
	srv := graphtest.NewServer(t, graphtest.Options{
		DatabaseURL: dbURL, Store: st, Metrics: m, Logs: logs,
		Throttle: &auth.Throttle{PerAccount: 2, PerAddress: 1000, Window: time.Hour},
	})

	const (
		email         = "observed-user@example.com"
		password      = "an unguessable phrase for the log test"
		wrongPassword = "a wrong phrase for the log test"
		secretNote    = "a note that only a variable carries"
	)
	var reg struct {
		Register struct {
			AccessToken, RefreshToken string
			User                      struct{ ID string }
		}
	}
	srv.Post(t, "", `mutation SignUp($in: RegisterInput!) { register(input: $in) { accessToken refreshToken user { id } } }`,
		map[string]any{"in": map[string]any{"email": email, "password": password}}).Must(t, &reg)
	token, userID := reg.Register.AccessToken, reg.Register.User.ID

	const login = `mutation SignIn($in: LoginInput!) { login(input: $in) { accessToken } }`
	for _, want := range []string{"UNAUTHENTICATED", "UNAUTHENTICATED", "RATE_LIMITED"} {
		e := srv.Post(t, "", login, map[string]any{"in": map[string]any{"email": email, "password": wrongPassword}}).OnlyError(t)
		if e.Code() != want {
			t.Fatalf("login with a wrong password: %s, want %s", e.Code(), want)
		}
	}
	srv.Post(t, token, `mutation AddRecord($in: CreateConsumptionRecordInput!) { createConsumptionRecord(input: $in) { id } }`,
		map[string]any{"in": graphtest.Record(map[string]any{"notes": secretNote})}).Must(t, nil)
	srv.Post(t, token, `query Mine { consumptionRecords { totalCount } }`, nil).Must(t, nil)
	if res := srv.Post(t, token+"x", `query Forged { me { id } }`, nil); res.Status != http.StatusUnauthorized {
		t.Fatalf("a forged token: status %d, want 401", res.Status)
	}

	t.Run("each request has a line with its operation, outcome and user", func(t *testing.T) {
		lines := strings.Split(logs.String(), "\n")
		for _, want := range [][]string{
			{"operation=SignUp", "outcome=ok"},
			{"operation=SignIn", "outcome=UNAUTHENTICATED"},
			{"operation=SignIn", "outcome=RATE_LIMITED"},
			{"operation=AddRecord", "outcome=ok", "user_id=" + userID},
			{"operation=Mine", "outcome=ok", "user_id=" + userID, "duration="},
			{"operation=\"\"", "outcome=UNAUTHENTICATED", "status=401"},
		} {
			found := false
			for _, line := range lines {
				if strings.Contains(line, "msg=request") && containsAll(line, want) {
					found = true
					break
				}
			}
			if !found {
				t.Errorf("no request line with %v in the log:\n%s", want, logs.String())
			}
		}
	})
	t.Run("the log holds no secret and no variable", func(t *testing.T) {
		for _, secret := range []string{password, wrongPassword, token, reg.Register.RefreshToken, secretNote, email} {
			if strings.Contains(logs.String(), secret) {
				t.Errorf("the log shows %q:\n%s", secret, logs.String())
			}
		}
	})
	t.Run("the metrics count requests, latency, logins and the pool", func(t *testing.T) {
		body := scrape(t, srv)
		for _, want := range []string{
			`consumption_graphql_requests_total{field="createConsumptionRecord",outcome="ok"} 1`,
			`consumption_graphql_requests_total{field="login",outcome="UNAUTHENTICATED"} 2`,
			`consumption_graphql_requests_total{field="login",outcome="RATE_LIMITED"} 1`,
			`consumption_graphql_requests_total{field="none",outcome="UNAUTHENTICATED"} 1`,
			`consumption_graphql_request_duration_seconds_count{field="consumptionRecords"} 1`,
			`consumption_login_failures_total 2`,
			`consumption_login_throttled_total 1`,
			`go_sql_max_open_connections{db_name="primary"} 20`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("/metrics lacks %s", want)
			}
		}
		if t.Failed() {
			t.Logf("/metrics:\n%s", body)
		}
	})
}

// TestMetricsApart checks that the API does not serve the metrics, and that
// the metrics count requests by the schema's root fields, never by names a
// client makes up: after 150 requests under made-up operation names, real
// fields are still counted under their own names, and no made-up name is a
// label.
func TestMetricsApart(t *testing.T) {
	m := metrics.New(nil)
	srv := graphtest.NewServer(t, graphtest.Options{Metrics: m})
	user := srv.Register(t)
	if res, err := srv.Client.Get(srv.URL + "/metrics"); err != nil || res.StatusCode != http.StatusNotFound {
		t.Errorf("GET /metrics on the API: %v, %v; want 404", res, err)
	} else {
		res.Body.Close()
	}
	for i := range 150 {
		srv.Post(t, user.AccessToken, fmt.Sprintf(`query MadeUp%d { me { id } }`, i), nil).Must(t, nil)
	}
	srv.Post(t, user.AccessToken, `query Totals { a: consumptionAggregate { total } b: consumptionAggregate { total } ...Me } fragment Me on Query { me { id } }`, nil).Must(t, nil)

	body := scrape(t, srv)
	for _, want := range []string{
		`consumption_graphql_requests_total{field="me",outcome="ok"} 151`,
		`consumption_graphql_requests_total{field="consumptionAggregate",outcome="ok"} 1`,
		`consumption_graphql_requests_total{field="register",outcome="ok"} 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	for _, unwanted := range []string{"MadeUp", `field="other"`, "Totals"} {
		if strings.Contains(body, unwanted) {
			t.Errorf("/metrics has %s", unwanted)
		}
	}
	if t.Failed() {
		t.Logf("/metrics:\n%s", body)
	}
}

// scrape returns what the server's metrics say.
func scrape(t *testing.T, srv *graphtest.Server) string {
	t.Helper()
	res, err := http.Get(srv.MetricsURL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(body)
}

func containsAll(s string, parts []string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}
