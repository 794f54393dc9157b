package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"consumption/auth"
	"consumption/graphtest"
)

// TestBearerTokens sends bad access tokens of every kind: each is refused with
// HTTP 401 and a WWW-Authenticate challenge, before any GraphQL runs.
func TestBearerTokens(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	now := time.Now()

	sign := func(method jwt.SigningMethod, key any, claims jwt.Claims, typ string) string {
		tok := jwt.NewWithClaims(method, claims)
		tok.Header["typ"] = typ
		s, err := tok.SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	// The claims of an access token: the registered ones and the session.
	type accessClaims struct {
		jwt.RegisteredClaims
		Session string `json:"sid,omitempty"`
	}
	claims := func(change func(*accessClaims)) accessClaims {
		c := accessClaims{jwt.RegisteredClaims{
			Issuer: graphtest.Issuer, Audience: jwt.ClaimStrings{graphtest.Audience}, Subject: user.UserID,
			IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(time.Minute)), ID: uuid.NewString(),
		}, uuid.NewString()}
		change(&c)
		return c
	}
	hs256 := func(change func(*accessClaims)) string {
		return sign(jwt.SigningMethodHS256, graphtest.Secret, claims(change), "at+jwt")
	}
	expired, _, err := auth.NewTokens(graphtest.Secret, graphtest.Issuer, graphtest.Audience, 15*time.Minute,
		func() time.Time { return now.Add(-time.Hour) }).Issue(uuid.MustParse(user.UserID), uuid.New())
	if err != nil {
		t.Fatal(err)
	}

	t.Run("a well-made token is accepted", func(t *testing.T) {
		srv.Post(t, hs256(func(*accessClaims) {}), `{ me { id } }`, nil).Must(t, nil)
	})
	tests := []struct {
		name  string
		token string
	}{
		{"an expired token", expired},
		{"a token signed with another secret", sign(jwt.SigningMethodHS256, []byte("another secret of at least 32 bytes!!"), claims(func(*accessClaims) {}), "at+jwt")},
		{"a token with alg none", sign(jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, claims(func(*accessClaims) {}), "at+jwt")},
		{"a token signed with HS512", sign(jwt.SigningMethodHS512, graphtest.Secret, claims(func(*accessClaims) {}), "at+jwt")},
		{"a token without exp", hs256(func(c *accessClaims) { c.ExpiresAt = nil })},
		{"a token for another audience", hs256(func(c *accessClaims) { c.Audience = jwt.ClaimStrings{"someone-else"} })},
		{"a token from another issuer", hs256(func(c *accessClaims) { c.Issuer = "someone-else" })},
		{"a token issued in the future", hs256(func(c *accessClaims) { c.IssuedAt = jwt.NewNumericDate(now.Add(time.Hour)) })},
		{"a token whose subject is not a user id", hs256(func(c *accessClaims) { c.Subject = "admin" })},
		{"a token of no session", hs256(func(c *accessClaims) { c.Session = "" })},
		{"a token of another type", sign(jwt.SigningMethodHS256, graphtest.Secret, claims(func(*accessClaims) {}), "JWT")},
		{"a refresh token used as an access token", user.RefreshToken},
		{"garbage", "not.a.token"},
		{"a megabyte of dots", strings.Repeat(".", 1<<20)},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is refused with 401", func(t *testing.T) {
			res := srv.Post(t, tt.token, `{ me { id } }`, nil)
			if res.Status != http.StatusUnauthorized {
				t.Fatalf("status = %d, want 401", res.Status)
			}
			if got := res.Header.Get("WWW-Authenticate"); !strings.HasPrefix(got, `Bearer error="invalid_token"`) {
				t.Errorf("WWW-Authenticate = %q", got)
			}
			if e := res.OnlyError(t); e.Code() != "UNAUTHENTICATED" {
				t.Errorf("code = %s, want UNAUTHENTICATED", e.Code())
			}
		})
	}

	t.Run("no token at all gets the field's UNAUTHENTICATED error", func(t *testing.T) {
		res := srv.Post(t, "", `{ me { id } }`, nil)
		if e := res.OnlyError(t); res.Status != http.StatusOK || e.Code() != "UNAUTHENTICATED" {
			t.Errorf("status %d code %s, want 200 and UNAUTHENTICATED", res.Status, e.Code())
		}
	})
	t.Run("an access token used as a refresh token is refused", func(t *testing.T) {
		e := srv.Post(t, "", `mutation($r: String!) { refreshToken(refreshToken: $r) { accessToken } }`,
			map[string]any{"r": user.AccessToken}).OnlyError(t)
		if e.Code() != "UNAUTHENTICATED" {
			t.Errorf("code = %s, want UNAUTHENTICATED", e.Code())
		}
	})
}
