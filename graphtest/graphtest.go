// Package graphtest runs the server's real HTTP handler on a throwaway
// database for end-to-end tests, and speaks GraphQL to it.
package graphtest

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"consumption/auth"
	"consumption/forecasts"
	"consumption/graph"
	"consumption/httpapi"
	"consumption/live"
	"consumption/meters"
	"consumption/metrics"
	"consumption/records"
	"consumption/sample"
	"consumption/store"
	"consumption/store/storetest"
	"consumption/tariffs"
)

// Secret is the JWT secret of test servers, so that tests can forge tokens.
var Secret = []byte("graphtest secret of at least 32 bytes!!")

// The issuer and audience of test servers' tokens.
const (
	Issuer   = "consumption-server"
	Audience = "consumption-api"
)

// Server is the real handler on a test HTTP server and its own database.
type Server struct {
	URL string
	// MetricsURL is where the metrics answer, when the server has them.
	MetricsURL string
	// DatabaseURL names the server's database, for a second instance.
	DatabaseURL string
	Store       *store.Store
	Tokens      *auth.Tokens
	// Revocations is the server's knowledge of signed-out sessions and
	// revoked API tokens.
	Revocations *auth.Revocations
	// APITokens keeps the server's API tokens.
	APITokens *auth.APITokens
	Client    *http.Client
	// DB is a direct connection to the server's database as the test's
	// PostgreSQL user, for checking what was stored.
	DB *sql.DB
	// Handler is the server's HTTP handler, for tests that call it
	// directly or shut its live connections down.
	Handler *httpapi.Handler
}

// Options change a test server from the defaults.
type Options struct {
	// Throttle replaces the login throttle; by default it is loose enough
	// that tests sharing 127.0.0.1 never reach it.
	Throttle *auth.Throttle
	// DatabaseURL names a migrated database to use instead of a new one.
	DatabaseURL string
	// Store is used instead of opening one on the database.
	Store *store.Store
	// Now replaces the server's clock.
	Now func() time.Time
	// Logs receives the server's log; it is discarded by default.
	Logs io.Writer
	// NoIntrospection turns introspection (and field suggestions) off.
	NoIntrospection bool
	// Limits replaces the request limits; zero fields keep the defaults.
	Limits httpapi.Limits
	// CORSOrigins lists the origins allowed to call from a browser.
	CORSOrigins []string
	// TrustedProxies are the networks whose X-Forwarded-For is believed.
	TrustedProxies []netip.Prefix
	// HTTPServer, when set, makes the http.Server that serves the handler,
	// so that a test can use the production server's settings.
	HTTPServer func(http.Handler) *http.Server
	// Web, when set, serves the web client at / and its routes.
	Web http.Handler
	// APITokenFlushEvery is how often the times API tokens were last used
	// are written (a minute when 0).
	APITokenFlushEvery time.Duration
	// Metrics, when set, counts the server's requests and logins, and is
	// served at MetricsURL + "/metrics", apart from the API, as in
	// production.
	Metrics *metrics.Metrics
	// Live replaces the limits of live connections; zero fields keep the
	// defaults.
	Live live.Limits
}

// NewServer starts a test server that stops when the test ends.
func NewServer(t testing.TB, opts Options) *Server {
	t.Helper()
	dbURL := opts.DatabaseURL
	if dbURL == "" {
		dbURL = storetest.NewDatabase(t)
	}
	st := opts.Store
	if st == nil {
		st = storetest.Open(t, dbURL, opts.DatabaseURL == "")
	}
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	throttle := auth.Throttle{PerAccount: 10, PerAddress: 1_000_000, RegistrationsPerAddress: 1_000_000, Window: 15 * time.Minute}
	if opts.Throttle != nil {
		throttle = *opts.Throttle
	}
	logs := opts.Logs
	if logs == nil {
		logs = io.Discard
	}
	tokens := auth.NewTokens(Secret, Issuer, Audience, 15*time.Minute, now)
	svc, err := auth.NewService(st, auth.Options{
		Tokens: tokens, RefreshTTL: 30 * 24 * time.Hour, Throttle: throttle,
		HashParams: auth.DefaultHashParams, Now: now, Observer: loginObserver(opts.Metrics),
	})
	if err != nil {
		t.Fatal(err)
	}
	revocations, err := auth.StartRevocations(st, 15*time.Minute, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { revocations.Close() })
	apiTokens := auth.StartAPITokens(st, revocations, auth.APITokenOptions{Now: now, FlushEvery: opts.APITokenFlushEvery})
	t.Cleanup(func() { apiTokens.Close() })
	feed, err := live.Start(st, opts.Live, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { feed.Close() })
	for deadline := time.Now().Add(15 * time.Second); !feed.Listening(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the live feed does not listen")
		}
	}
	bills := records.NewService(st, now)
	h := httpapi.NewHandler(httpapi.Options{
		Resolver: &graph.Resolver{
			Auth: svc, APITokenService: apiTokens, Records: bills, Aggregates: records.NewAggregates(st), Tariffs: tariffs.NewService(st),
			MeterService: meters.NewService(st, bills), Forecasts: forecasts.NewService(st, bills),
			Sample: sample.NewService(st, bills),
		},
		Authenticator:  auth.NewAuthenticator(tokens, revocations, apiTokens),
		Live:           feed,
		Logger:         slog.New(httpapi.LogHandler{Handler: slog.NewTextHandler(logs, nil)}),
		Ready:          st.Ping,
		Introspection:  !opts.NoIntrospection,
		Playground:     true,
		Limits:         opts.Limits,
		CORSOrigins:    opts.CORSOrigins,
		TrustedProxies: opts.TrustedProxies,
		Metrics:        opts.Metrics,
		Web:            opts.Web,
	})
	ts := httptest.NewUnstartedServer(h)
	if opts.HTTPServer != nil {
		ts.Config = opts.HTTPServer(h)
	}
	ts.Start()
	t.Cleanup(ts.Close)
	// Before the server: its live connections have left HTTP, and
	// closing it would not end them.
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := h.Shutdown(ctx); err != nil {
			t.Errorf("closing the live connections: %v", err)
		}
	})
	var metricsURL string
	if opts.Metrics != nil {
		ms := httptest.NewServer(opts.Metrics.Handler())
		t.Cleanup(ms.Close)
		metricsURL = ms.URL
	}
	return &Server{URL: ts.URL, MetricsURL: metricsURL, DatabaseURL: dbURL, Store: st, Tokens: tokens, Revocations: revocations, APITokens: apiTokens, Client: ts.Client(), DB: db, Handler: h}
}

// loginObserver returns m as the auth service's observer, or none: a nil
// *metrics.Metrics in the interface would not be nil.
func loginObserver(m *metrics.Metrics) auth.LoginObserver {
	if m == nil {
		return nil
	}
	return m
}

// Response is a GraphQL response with its HTTP status and headers.
type Response struct {
	Status int
	Header http.Header
	Data   json.RawMessage `json:"data"`
	Errors []Error         `json:"errors"`
}

// Error is one GraphQL error.
type Error struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// Code returns the error's extensions.code.
func (e Error) Code() string { s, _ := e.Extensions["code"].(string); return s }

// Field returns the error's extensions.field.
func (e Error) Field() string { s, _ := e.Extensions["field"].(string); return s }

// Index returns the error's extensions.index, or -1 when it has none.
func (e Error) Index() int {
	if f, ok := e.Extensions["index"].(float64); ok {
		return int(f)
	}
	return -1
}

// Post sends a GraphQL request as JSON, with the token as bearer when it is
// not empty.
func (s *Server) Post(t testing.TB, token, query string, vars map[string]any) Response {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, s.URL+"/graphql", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return s.Send(t, req)
}

// Send sends a prepared request and decodes its GraphQL response.
func (s *Server) Send(t testing.TB, req *http.Request) Response {
	t.Helper()
	res, err := s.Client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	r := Response{Status: res.StatusCode, Header: res.Header}
	if len(raw) > 0 && strings.Contains(res.Header.Get("Content-Type"), "json") {
		if err := json.Unmarshal(raw, &r); err != nil {
			t.Fatalf("response is not JSON: %v\n%s", err, raw)
		}
	}
	return r
}

// Must fails the test when the response has errors, and decodes its data
// into v otherwise.
func (r Response) Must(t testing.TB, v any) {
	t.Helper()
	if len(r.Errors) > 0 || r.Status != http.StatusOK {
		t.Fatalf("status %d, errors: %+v", r.Status, r.Errors)
	}
	if v != nil {
		if err := json.Unmarshal(r.Data, v); err != nil {
			t.Fatalf("decode data: %v\n%s", err, r.Data)
		}
	}
}

// OnlyError fails the test unless the response has exactly one error, and
// returns it.
func (r Response) OnlyError(t testing.TB) Error {
	t.Helper()
	if len(r.Errors) != 1 {
		t.Fatalf("want exactly one error, got status %d, errors %+v, data %s", r.Status, r.Errors, r.Data)
	}
	return r.Errors[0]
}

// Session is a signed-in test user.
type Session struct {
	Email        string
	Password     string
	UserID       string
	AccessToken  string
	RefreshToken string
}

// Password is the password of users made by Register.
const Password = "a long and unusual passphrase"

// Register creates a new user with a unique email and signs it in.
func (s *Server) Register(t testing.TB) Session {
	t.Helper()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	email := "user-" + hex.EncodeToString(b) + "@example.com"
	var data struct {
		Register struct {
			AccessToken  string
			RefreshToken string
			User         struct{ ID string }
		}
	}
	s.Post(t, "", `mutation($in: RegisterInput!) {
		register(input: $in) { accessToken refreshToken user { id } }
	}`, map[string]any{"in": map[string]any{"email": email, "password": Password}}).Must(t, &data)
	return Session{
		Email: email, Password: Password, UserID: data.Register.User.ID,
		AccessToken: data.Register.AccessToken, RefreshToken: data.Register.RefreshToken,
	}
}

// Record returns a valid input of a consumption record (ten kWh of
// electricity in January 2024) with the given changes; a nil value removes
// its field.
func Record(changes map[string]any) map[string]any {
	in := map[string]any{
		"type": "ELECTRICITY", "amount": "10", "unit": "KWH",
		"periodStart": "2024-01-01", "periodEnd": "2024-01-31",
	}
	for k, v := range changes {
		if v == nil {
			delete(in, k)
		} else {
			in[k] = v
		}
	}
	return in
}

// Repeat returns n copies of format, each given its index: aliased fields
// such as " a%d: __typename".
func Repeat(n int, format string) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, format, i)
	}
	return b.String()
}

// Context returns a context that ends with the test.
func Context(t testing.TB) context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return ctx
}

// APIToken is an API token made by CreateAPIToken: its secret and its id.
type APIToken struct {
	Token string
	ID    string
}

// CreateAPIToken makes an API token of the given scope (READ or
// READ_WRITE) with a session's access token, expiring at expiresAt (never
// when nil).
func (s *Server) CreateAPIToken(t testing.TB, session, scope string, expiresAt *time.Time) APIToken {
	t.Helper()
	in := map[string]any{"name": "test " + scope, "scope": scope}
	if expiresAt != nil {
		in["expiresAt"] = expiresAt.Format(time.RFC3339Nano)
	}
	var data struct {
		CreateAPIToken struct {
			Token    string
			APIToken struct{ ID string }
		}
	}
	s.Post(t, session, `mutation($in: CreateApiTokenInput!) { createApiToken(input: $in) { token apiToken { id } } }`,
		map[string]any{"in": in}).Must(t, &data)
	return APIToken{Token: data.CreateAPIToken.Token, ID: data.CreateAPIToken.APIToken.ID}
}
