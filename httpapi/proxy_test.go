package httpapi_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/netip"
	"testing"
	"time"

	"consumption/auth"
	"consumption/graphtest"
)

// TestThrottleBehindAProxy signs in through a trusted proxy (the test's own
// address): the throttle counts the failures of each client address the
// proxy names apart, so a guesser does not lock out a neighbour behind the
// same proxy, and a forged X-Forwarded-For changes nothing. Without the
// proxy trusted, the header is not read at all.
func TestThrottleBehindAProxy(t *testing.T) {
	throttle := &auth.Throttle{PerAccount: 100, PerAddress: 3, Window: time.Hour}
	attempt := func(t *testing.T, srv *graphtest.Server, forwardedFor, email, password string) graphtest.Response {
		t.Helper()
		body, _ := json.Marshal(map[string]any{
			"query":     `mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { accessToken } }`,
			"variables": map[string]any{"e": email, "p": password},
		})
		req, err := http.NewRequest(http.MethodPost, srv.URL+"/graphql", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", forwardedFor)
		return srv.Send(t, req)
	}

	t.Run("behind a trusted proxy", func(t *testing.T) {
		srv := graphtest.NewServer(t, graphtest.Options{Throttle: throttle, TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
		neighbour := srv.Register(t)
		for range 3 {
			attempt(t, srv, "203.0.113.66", "victim@example.com", "a guess at a password").OnlyError(t)
		}
		if e := attempt(t, srv, "203.0.113.66", "victim@example.com", "another guess").OnlyError(t); e.Code() != "RATE_LIMITED" {
			t.Errorf("the guesser past its limit: %s, want RATE_LIMITED", e.Code())
		}
		// The guesser forges an address to the left of the proxy's entry.
		if e := attempt(t, srv, "198.51.100.1, 203.0.113.66", "victim@example.com", "a third guess").OnlyError(t); e.Code() != "RATE_LIMITED" {
			t.Errorf("the guesser with a forged header: %s, want RATE_LIMITED", e.Code())
		}
		attempt(t, srv, "198.51.100.1", neighbour.Email, neighbour.Password).Must(t, nil)
	})
	t.Run("behind no trusted proxy, the header is not read", func(t *testing.T) {
		srv := graphtest.NewServer(t, graphtest.Options{Throttle: throttle})
		for i, forged := range []string{"203.0.113.1", "203.0.113.2", "203.0.113.3"} {
			if e := attempt(t, srv, forged, "victim@example.com", "a guess at a password").OnlyError(t); e.Code() != "UNAUTHENTICATED" {
				t.Fatalf("guess %d: %s, want UNAUTHENTICATED", i+1, e.Code())
			}
		}
		if e := attempt(t, srv, "203.0.113.4", "someone@example.com", "a guess at a password").OnlyError(t); e.Code() != "RATE_LIMITED" {
			t.Errorf("a fourth guess from the same peer under yet another forged address: %s, want RATE_LIMITED", e.Code())
		}
	})
}
