package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"consumption/graphtest"
)

// TestCORS checks that only the origins of CORS_ORIGINS may call from a
// browser, and that no answer ever allows credentials or every origin.
func TestCORS(t *testing.T) {
	const app, evil = "https://app.example.com", "https://evil.example.net"
	listed := graphtest.NewServer(t, graphtest.Options{CORSOrigins: []string{app}})
	unlisted := graphtest.NewServer(t, graphtest.Options{})

	send := func(t *testing.T, srv *graphtest.Server, method, origin string, header map[string]string) *http.Response {
		t.Helper()
		req, err := http.NewRequest(method, srv.URL+"/graphql", strings.NewReader(`{"query": "{ __typename }"}`))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Origin", origin)
		for k, v := range header {
			req.Header.Set(k, v)
		}
		res, err := srv.Client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if got := res.Header.Get("Access-Control-Allow-Origin"); got == "*" {
			t.Errorf("every origin allowed")
		}
		if got := res.Header.Get("Access-Control-Allow-Credentials"); got != "" {
			t.Errorf("Access-Control-Allow-Credentials: %s", got)
		}
		return res
	}
	preflight := map[string]string{
		"Access-Control-Request-Method":  "POST",
		"Access-Control-Request-Headers": "authorization, content-type",
	}

	t.Run("a listed origin may call", func(t *testing.T) {
		res := send(t, listed, http.MethodPost, app, nil)
		if got := res.Header.Get("Access-Control-Allow-Origin"); got != app {
			t.Errorf("Access-Control-Allow-Origin = %q, want %q", got, app)
		}
		if !strings.Contains(res.Header.Get("Vary"), "Origin") {
			t.Errorf("Vary = %q, want Origin in it", res.Header.Get("Vary"))
		}
	})
	t.Run("a listed origin's preflight allows POST with a bearer token", func(t *testing.T) {
		res := send(t, listed, http.MethodOptions, app, preflight)
		if res.StatusCode >= 300 || res.Header.Get("Access-Control-Allow-Origin") != app {
			t.Fatalf("status %d, headers %v", res.StatusCode, res.Header)
		}
		if got := strings.ToLower(res.Header.Get("Access-Control-Allow-Headers")); !strings.Contains(got, "authorization") {
			t.Errorf("Access-Control-Allow-Headers = %q", got)
		}
		if got := res.Header.Get("Access-Control-Allow-Methods"); !strings.Contains(got, "POST") {
			t.Errorf("Access-Control-Allow-Methods = %q", got)
		}
	})
	t.Run("a listed origin can read a 401", func(t *testing.T) {
		res := send(t, listed, http.MethodPost, app, map[string]string{"Authorization": "Bearer not.a.token"})
		if res.StatusCode != http.StatusUnauthorized || res.Header.Get("Access-Control-Allow-Origin") != app {
			t.Errorf("status %d, Access-Control-Allow-Origin %q", res.StatusCode, res.Header.Get("Access-Control-Allow-Origin"))
		}
	})
	for name, srv := range map[string]*graphtest.Server{"another origin": listed, "any origin, when none is listed,": unlisted} {
		t.Run(name+" may not call", func(t *testing.T) {
			for _, origin := range []string{evil, app + ".evil.example.net", "null"} {
				if srv == unlisted {
					origin = app
				}
				for _, method := range []string{http.MethodPost, http.MethodOptions} {
					if got := send(t, srv, method, origin, preflight).Header.Get("Access-Control-Allow-Origin"); got != "" {
						t.Errorf("%s from %s: Access-Control-Allow-Origin = %q", method, origin, got)
					}
				}
			}
		})
	}
}
