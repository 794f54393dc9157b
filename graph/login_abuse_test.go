package graph_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"consumption/auth"
	"consumption/graphtest"
)

// TestAliasedLoginsCountEach sends twenty aliased login fields in one
// request: each is an attempt of its own, so past the limit of ten the rest
// are throttled, with a retry time, and so is the right password after them.
func TestAliasedLoginsCountEach(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{Throttle: &auth.Throttle{PerAccount: 10, PerAddress: 1000, Window: time.Hour}})
	user := srv.Register(t)
	query := "mutation($e: String!) {" +
		graphtest.Repeat(20, ` l%[1]d: login(input: {email: $e, password: "wrong password number %[1]d"}) { accessToken }`) + " }"
	res := srv.Post(t, "", query, map[string]any{"e": user.Email})

	codes := map[string]int{}
	for _, e := range res.Errors {
		codes[e.Code()]++
		if e.Code() == "RATE_LIMITED" {
			if retry, _ := e.Extensions["retryAfter"].(float64); retry <= 0 {
				t.Errorf("RATE_LIMITED without a retry time: %v", e.Extensions)
			}
		}
	}
	if codes["UNAUTHENTICATED"] != 10 || codes["RATE_LIMITED"] != 10 || len(res.Errors) != 20 {
		t.Errorf("errors by code: %v, want 10 UNAUTHENTICATED and 10 RATE_LIMITED", codes)
	}
	var failures int
	if err := srv.DB.QueryRow(`SELECT count(*) FROM login_failures WHERE subject LIKE 'account:%'`).Scan(&failures); err != nil {
		t.Fatal(err)
	}
	if failures != 10 {
		t.Errorf("%d failures stored for the account, want 10", failures)
	}
	e := srv.Post(t, "", `mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { accessToken } }`,
		map[string]any{"e": user.Email, "p": user.Password}).OnlyError(t)
	if e.Code() != "RATE_LIMITED" {
		t.Errorf("the right password after the aliased attempts: %s, want RATE_LIMITED", e.Code())
	}
}

// TestLoginTimingHidesAccounts compares the median time of a failed login
// for an email that has an account and for one that has none: they must be
// within a factor of two, and the answers the same, so that neither tells
// whether an email is registered. The throttle is out of the way, so that
// every attempt hashes a password.
func TestLoginTimingHidesAccounts(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{Throttle: &auth.Throttle{PerAccount: 1_000_000, PerAddress: 1_000_000, Window: time.Minute}})
	user := srv.Register(t)
	const login = `mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { accessToken } }`
	attempt := func(email string) (time.Duration, graphtest.Error) {
		start := time.Now()
		res := srv.Post(t, "", login, map[string]any{"e": email, "p": "not the password at all"})
		return time.Since(start), res.OnlyError(t)
	}
	const unknown = "nobody-at-all@example.com"
	attempt(user.Email) // warm up connections and caches
	attempt(unknown)

	const rounds = 25
	var known, missing []time.Duration
	for i := range rounds {
		// Alternate which goes first, so that drift in the machine's load
		// falls on both alike.
		emails := []string{user.Email, unknown}
		if i%2 == 1 {
			slices.Reverse(emails)
		}
		for _, email := range emails {
			d, e := attempt(email)
			if e.Code() != "UNAUTHENTICATED" {
				t.Fatalf("login of %s: %s, want UNAUTHENTICATED", email, e.Code())
			}
			if email == unknown {
				missing = append(missing, d)
			} else {
				known = append(known, d)
			}
		}
	}
	mk, mm := median(known), median(missing)
	ratio := float64(max(mk, mm)) / float64(min(mk, mm))
	t.Logf("median failed login: %v with an account, %v without (ratio %.2f)", mk, mm, ratio)
	if ratio > 2 {
		t.Errorf("failed logins take %v with an account and %v without: the time tells", mk, mm)
	}

	_, withAccount := attempt(user.Email)
	_, without := attempt(unknown)
	if fmt.Sprint(withAccount) != fmt.Sprint(without) {
		t.Errorf("the answers differ: %+v and %+v", withAccount, without)
	}
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}
