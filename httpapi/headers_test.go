package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"consumption/auth"
	"consumption/graphtest"
	"consumption/httpapi"
)

// TestGraphQLAnswersAreNotStored sends requests that end every way the
// endpoint answers, from success to refusals before any GraphQL runs: each
// answer forbids caches to keep it and browsers to sniff its type.
func TestGraphQLAnswersAreNotStored(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{Limits: httpapi.Limits{MaxBodyBytes: 1 << 10}, CORSOrigins: []string{"https://app.example"}})
	user := srv.Register(t)
	request := func(method, contentType, body, token string, header ...string) *http.Request {
		req, err := http.NewRequest(method, srv.URL+"/graphql", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		return req
	}
	const json = "application/json"
	tests := []struct {
		name   string
		req    *http.Request
		status int
	}{
		{"an answer with a token in it", request("POST", json, `{"query": "mutation { login(input: {email: \"`+user.Email+`\", password: \"`+user.Password+`\"}) { accessToken } }"}`, ""), 200},
		{"a query", request("POST", json, `{"query": "{ me { email } }"}`, user.AccessToken), 200},
		{"a query by GET", request("GET", "", "", user.AccessToken), 400},
		{"a document that does not parse", request("POST", json, `{"query": "{ me { "}`, user.AccessToken), 200},
		{"a body that is not JSON", request("POST", json, `not json`, ""), 400},
		{"a mutation by GET", func() *http.Request {
			r := request("GET", "", "", "")
			r.URL.RawQuery = "query=mutation%7B__typename%7D"
			return r
		}(), 405},
		{"a bad token", request("POST", json, `{"query": "{ me { id } }"}`, "not.a.token"), 401},
		{"a body too large", request("POST", json, `{"query": "`+strings.Repeat(" ", 2<<10)+`{ __typename }"}`, ""), 413},
		{"a form", request("POST", "application/x-www-form-urlencoded", `query=%7B__typename%7D`, ""), 415},
		{"a CORS preflight", request("OPTIONS", "", "", "", "Origin", "https://app.example", "Access-Control-Request-Method", "POST"), 204},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := srv.Send(t, tt.req)
			if res.Status != tt.status {
				t.Errorf("status %d, want %d", res.Status, tt.status)
			}
			if got := res.Header.Get("Cache-Control"); got != "no-store" {
				t.Errorf("Cache-Control = %q, want no-store", got)
			}
			if got := res.Header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options = %q, want nosniff", got)
			}
		})
	}
}

// TestRetryAfter is throttled: the RATE_LIMITED answer says when to try
// again both in extensions.retryAfter and in the Retry-After header.
func TestRetryAfter(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{Throttle: &auth.Throttle{PerAccount: 1, PerAddress: 100, Window: time.Hour}})
	const login = `mutation { login(input: {email: "nobody@example.com", password: "not a password of anyone"}) { accessToken } }`
	if e := srv.Post(t, "", login, nil).OnlyError(t); e.Code() != "UNAUTHENTICATED" {
		t.Fatalf("the first attempt: %s", e.Code())
	}
	res := srv.Post(t, "", login, nil)
	e := res.OnlyError(t)
	retry, _ := e.Extensions["retryAfter"].(float64)
	if e.Code() != "RATE_LIMITED" || retry < 3500 {
		t.Fatalf("the second attempt: %s with retryAfter %v, want RATE_LIMITED for about an hour", e.Code(), e.Extensions["retryAfter"])
	}
	if got := res.Header.Get("Retry-After"); got != fmt.Sprint(int(retry)) {
		t.Errorf("Retry-After = %q, want %d as in extensions.retryAfter", got, int(retry))
	}
	if got := srv.Post(t, "", `{ __typename }`, nil).Header.Get("Retry-After"); got != "" {
		t.Errorf("an answer without errors has Retry-After %q", got)
	}
}
