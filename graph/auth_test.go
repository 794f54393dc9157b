package graph_test

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"consumption/auth"
	"consumption/graphtest"
)

// TestRefreshTokenReuse checks rotation: a refresh token works once, and
// presenting it again revokes every token of its family.
func TestRefreshTokenReuse(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	const refresh = `mutation($r: String!) { refreshToken(refreshToken: $r) { refreshToken } }`
	rotate := func(token string) graphtest.Response {
		return srv.Post(t, "", refresh, map[string]any{"r": token})
	}
	var first struct{ RefreshToken struct{ RefreshToken string } }
	rotate(user.RefreshToken).Must(t, &first)
	var second struct{ RefreshToken struct{ RefreshToken string } }
	rotate(first.RefreshToken.RefreshToken).Must(t, &second)

	// An attacker replays the first token: refused, and the family revoked.
	if e := rotate(user.RefreshToken).OnlyError(t); e.Code() != "UNAUTHENTICATED" {
		t.Fatalf("reused token: code %s, want UNAUTHENTICATED", e.Code())
	}
	if e := rotate(second.RefreshToken.RefreshToken).OnlyError(t); e.Code() != "UNAUTHENTICATED" {
		t.Fatalf("the family's newest token still works after a reuse: %s", e.Code())
	}

	// Another sign-in is a family of its own, untouched.
	var login struct{ Login struct{ RefreshToken string } }
	srv.Post(t, "", `mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { refreshToken } }`,
		map[string]any{"e": user.Email, "p": user.Password}).Must(t, &login)
	rotate(login.Login.RefreshToken).Must(t, nil)
}

// TestTokensNameTheirOwner checks that a refresh or API token is its
// owner's id and a secret, the pair taken only as made: the secret under
// another id is refused as an unknown token is, and tokens made before
// tokens named their owner (the secret alone) still work.
func TestTokensNameTheirOwner(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user, other := srv.Register(t), srv.Register(t)
	const refresh = `mutation($r: String!) { refreshToken(refreshToken: $r) { refreshToken } }`
	rotate := func(token string) graphtest.Response {
		return srv.Post(t, "", refresh, map[string]any{"r": token})
	}
	raw := func(token string) []byte {
		t.Helper()
		b, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(token, "cst_"))
		if err != nil || len(b) != 48 {
			t.Fatalf("token %q is not 48 bytes in base64url (%v)", token, err)
		}
		return b
	}
	swapOwner := func(token, owner string) string {
		t.Helper()
		b := raw(token)
		copy(b, raw(owner)[:16])
		return base64.RawURLEncoding.EncodeToString(b)
	}
	unknown := make([]byte, 48)
	_, _ = rand.Read(unknown)
	if uuid.UUID(raw(user.RefreshToken)[:16]).String() != user.UserID {
		t.Fatalf("refresh token %q does not name its owner %s", user.RefreshToken, user.UserID)
	}

	want := rotate(base64.RawURLEncoding.EncodeToString(unknown)).OnlyError(t)
	for name, token := range map[string]string{
		"its secret under another owner": swapOwner(user.RefreshToken, other.RefreshToken),
		"its secret under no owner":      base64.RawURLEncoding.EncodeToString(append(make([]byte, 16), raw(user.RefreshToken)[16:]...)),
		"its secret alone":               base64.RawURLEncoding.EncodeToString(raw(user.RefreshToken)[16:]),
		"its owner's id alone":           base64.RawURLEncoding.EncodeToString(raw(user.RefreshToken)[:16]),
	} {
		if e := rotate(token).OnlyError(t); e.Code() != want.Code() || e.Message != want.Message {
			t.Errorf("refreshing with %s: %s %q, want as an unknown token: %s %q", name, e.Code(), e.Message, want.Code(), want.Message)
		}
		var logout struct{ Logout bool }
		srv.Post(t, "", `mutation($r: String!) { logout(refreshToken: $r) }`, map[string]any{"r": token}).Must(t, &logout)
		if logout.Logout {
			t.Errorf("signing out with %s: known", name)
		}
	}
	rotate(user.RefreshToken).Must(t, nil) // untouched by the attempts

	// A refresh token and an API token made before: the secret alone.
	legacy := func() string {
		b := make([]byte, 32)
		_, _ = rand.Read(b)
		return base64.RawURLEncoding.EncodeToString(b)
	}
	oldRefresh := legacy()
	if _, err := srv.DB.Exec(`INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at) VALUES ($1, $2, $3, now() + interval '1 day')`,
		other.UserID, uuid.New(), sha256Of(oldRefresh)); err != nil {
		t.Fatal(err)
	}
	var rotated struct{ RefreshToken struct{ RefreshToken string } }
	rotate(oldRefresh).Must(t, &rotated)
	if uuid.UUID(raw(rotated.RefreshToken.RefreshToken)[:16]).String() != other.UserID {
		t.Errorf("the token a legacy one was rotated for, %q, does not name its owner", rotated.RefreshToken.RefreshToken)
	}
	secret := legacy()
	if _, err := srv.DB.Exec(`INSERT INTO api_tokens (user_id, name, scope, token_hash) VALUES ($1, 'legacy', 'READ', $2)`,
		other.UserID, sha256Of("cst_"+secret)); err != nil {
		t.Fatal(err)
	}
	var me struct{ Me struct{ ID string } }
	srv.Post(t, "cst_"+secret, `{ me { id } }`, nil).Must(t, &me)
	if me.Me.ID != other.UserID {
		t.Errorf("a legacy API token acts for %q, want %s", me.Me.ID, other.UserID)
	}
}

func sha256Of(s string) []byte {
	h := sha256.Sum256([]byte(s))
	return h[:]
}

func TestRegister(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	const register = `mutation($e: String!, $p: String!) { register(input: {email: $e, password: $p}) { user { email } } }`
	srv.Post(t, "", register, map[string]any{"e": "taken@example.com", "p": graphtest.Password}).Must(t, nil)

	tests := []struct {
		name, email, password string
		code, field           string
	}{
		{"a malformed email", "not an email", graphtest.Password, "BAD_USER_INPUT", "email"},
		{"an email with a display name", "Ana <ana@example.com>", graphtest.Password, "BAD_USER_INPUT", "email"},
		{"an email of 255 characters", strings.Repeat("a", 243) + "@example.com", graphtest.Password, "BAD_USER_INPUT", "email"},
		{"an email in use, in other case", " TAKEN@example.com", graphtest.Password, "CONFLICT", "email"},
		{"a password of 11 characters", "a@example.com", "abcdefghijk", "BAD_USER_INPUT", "password"},
		{"a password of 14 characters", "a@example.com", "quiet ravens 9", "BAD_USER_INPUT", "password"},
		{"an email with a zero-width space", "ta\u200bken@example.com", graphtest.Password, "BAD_USER_INPUT", "email"},
		{"an email with a Cyrillic letter among Latin ones", "t\u0430ken@example.com", graphtest.Password, "BAD_USER_INPUT", "email"},
		{"an email at an IP address", "taken@[127.0.0.1]", graphtest.Password, "BAD_USER_INPUT", "email"},
		{"an email with a bidi override", "\u202etaken@example.com", graphtest.Password, "BAD_USER_INPUT", "email"},
		{"a password of 257 bytes", "b@example.com", strings.Repeat("é", 128) + "x", "BAD_USER_INPUT", "password"},
		{"a common password", "c@example.com", "password1234", "BAD_USER_INPUT", "password"},
		{"a common password with digits around it", "d@example.com", "123sunshine2024!", "BAD_USER_INPUT", "password"},
		{"a password containing the email's name", "margarita@example.com", "my name is Margarita ok", "BAD_USER_INPUT", "password"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is refused", func(t *testing.T) {
			e := srv.Post(t, "", register, map[string]any{"e": tt.email, "p": tt.password}).OnlyError(t)
			if e.Code() != tt.code || e.Field() != tt.field {
				t.Errorf("got %s on %q (%s), want %s on %q", e.Code(), e.Field(), e.Message, tt.code, tt.field)
			}
		})
	}
	t.Run("a long password of 256 bytes is kept whole, not truncated", func(t *testing.T) {
		long := strings.Repeat("q", 200) + strings.Repeat("z", 56)
		srv.Post(t, "", register, map[string]any{"e": "long@example.com", "p": long}).Must(t, nil)
		e := srv.Post(t, "", `mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { accessToken } }`,
			map[string]any{"e": "long@example.com", "p": long[:255] + "y"}).OnlyError(t)
		if e.Code() != "UNAUTHENTICATED" {
			t.Errorf("a password differing in its last byte: %s, want UNAUTHENTICATED", e.Code())
		}
	})
}

// TestEmailSpellings registers "josé" with a precomposed é: the same
// address written with "e" and a combining accent, or in capitals, is the
// same account, to register and to sign in.
func TestEmailSpellings(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	const (
		register = `mutation($e: String!, $p: String!) { register(input: {email: $e, password: $p}) { user { email } } }`
		login    = `mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { user { email } } }`
	)
	var data struct {
		Register struct{ User struct{ Email string } }
	}
	srv.Post(t, "", register, map[string]any{"e": "jos\u00e9@example.com", "p": graphtest.Password}).Must(t, &data)
	if got := data.Register.User.Email; got != "jos\u00e9@example.com" {
		t.Errorf("stored email %q", got)
	}
	for _, spelling := range []string{"jose\u0301@example.com", "JOSE\u0301@EXAMPLE.COM", " Jos\u00c9@example.com"} {
		e := srv.Post(t, "", register, map[string]any{"e": spelling, "p": graphtest.Password}).OnlyError(t)
		if e.Code() != "CONFLICT" || e.Field() != "email" {
			t.Errorf("register %q: %s on %q, want CONFLICT on email", spelling, e.Code(), e.Field())
		}
		var in struct {
			Login struct{ User struct{ Email string } }
		}
		srv.Post(t, "", login, map[string]any{"e": spelling, "p": graphtest.Password}).Must(t, &in)
		if in.Login.User.Email != "jos\u00e9@example.com" {
			t.Errorf("login as %q signed in %q", spelling, in.Login.User.Email)
		}
	}
}

// TestOlderPasswordsStillSignIn stores an account whose password of 12
// characters met the rule of its day: the rule of 15 binds new passwords,
// so it still signs in, while a change of password must meet the new rule.
func TestOlderPasswordsStillSignIn(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	const old = "ravens fly 9" // 12 characters
	hash, err := auth.HashPassword(old, auth.DefaultHashParams)
	if err != nil {
		t.Fatal(err)
	}
	id := uuid.New()
	if _, err := srv.DB.Exec(`INSERT INTO users (id, email, password_hash) VALUES ($1, 'older@example.com', $2)`, id, hash); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.DB.Exec(`INSERT INTO user_emails (email, user_id) VALUES ('older@example.com', $1)`, id); err != nil {
		t.Fatal(err)
	}
	var data struct{ Login struct{ AccessToken string } }
	srv.Post(t, "", `mutation { login(input: {email: "older@example.com", password: "ravens fly 9"}) { accessToken } }`, nil).Must(t, &data)
	e := srv.Post(t, data.Login.AccessToken, `mutation($c: String!) { changePassword(input: {currentPassword: $c, newPassword: "ravens fly 10"}) }`,
		map[string]any{"c": old}).OnlyError(t)
	if e.Code() != "BAD_USER_INPUT" || e.Field() != "newPassword" {
		t.Errorf("a new password of 13 characters: %s on %q, want BAD_USER_INPUT on newPassword", e.Code(), e.Field())
	}
}

func TestLogin(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{Throttle: &auth.Throttle{PerAccount: 3, PerAddress: 1000, Window: time.Hour}})
	user := srv.Register(t)
	const login = `mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { accessToken } }`
	attempt := func(email, password string) graphtest.Response {
		return srv.Post(t, "", login, map[string]any{"e": email, "p": password})
	}

	t.Run("an unknown email and a wrong password get the same answer", func(t *testing.T) {
		unknown := attempt("nobody@example.com", graphtest.Password).OnlyError(t)
		wrong := attempt(user.Email, "not the password at all").OnlyError(t)
		if unknown.Code() != "UNAUTHENTICATED" || unknown.Message != wrong.Message || unknown.Code() != wrong.Code() {
			t.Errorf("unknown email: %s %q; wrong password: %s %q", unknown.Code(), unknown.Message, wrong.Code(), wrong.Message)
		}
	})
	t.Run("the email is matched in any case and with spaces around it", func(t *testing.T) {
		attempt("  "+strings.ToUpper(user.Email), user.Password).Must(t, nil)
	})
	t.Run("past the limit even the right password is refused, with a retry time", func(t *testing.T) {
		for range 3 {
			attempt(user.Email, "still not the password").OnlyError(t)
		}
		e := attempt(user.Email, user.Password).OnlyError(t)
		if e.Code() != "RATE_LIMITED" {
			t.Fatalf("code = %s, want RATE_LIMITED", e.Code())
		}
		if retry, _ := e.Extensions["retryAfter"].(float64); retry < 3500 || retry > 3601 {
			t.Errorf("retryAfter = %v seconds, want about an hour", e.Extensions["retryAfter"])
		}
	})
	t.Run("the throttle holds in the database, for every server", func(t *testing.T) {
		var n int
		if err := srv.DB.QueryRow(`SELECT count(*) FROM login_failures WHERE subject LIKE 'account:%'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n < 3 {
			t.Errorf("%d account failures stored, want at least 3", n)
		}
	})
}

func TestSettings(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	const update = `mutation($in: UpdateSettingsInput!) { updateSettings(input: $in) { timeZone gasKwhPerCubicMeter } }`

	var got struct {
		UpdateSettings struct{ TimeZone, GasKwhPerCubicMeter string }
	}
	srv.Post(t, user.AccessToken, update, map[string]any{"in": map[string]any{"timeZone": "Europe/Madrid", "gasKwhPerCubicMeter": "10.55"}}).Must(t, &got)
	if s := got.UpdateSettings; s.TimeZone != "Europe/Madrid" || s.GasKwhPerCubicMeter != "10.55" {
		t.Errorf("settings = %+v", s)
	}
	for _, in := range []map[string]any{
		{"timeZone": "Mars/Olympus_Mons"}, {"timeZone": "Local"}, {"timeZone": ""}, {"timeZone": "../../etc/passwd"},
		{"gasKwhPerCubicMeter": "0"}, {"gasKwhPerCubicMeter": "-1"}, {"gasKwhPerCubicMeter": "101"}, {"gasKwhPerCubicMeter": "1.0000001"},
	} {
		e := srv.Post(t, user.AccessToken, update, map[string]any{"in": in}).OnlyError(t)
		var field string
		for k := range in {
			field = k
		}
		if e.Code() != "BAD_USER_INPUT" || e.Field() != field {
			t.Errorf("%v: got %s on %q, want BAD_USER_INPUT on %q", in, e.Code(), e.Field(), field)
		}
	}
}

func TestChangePasswordAndDeleteAccount(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	const change = `mutation($c: String!, $n: String!) { changePassword(input: {currentPassword: $c, newPassword: $n}) }`
	const newPassword = "an entirely different phrase"

	if e := srv.Post(t, user.AccessToken, change, map[string]any{"c": "wrong password!!", "n": newPassword}).OnlyError(t); e.Field() != "currentPassword" {
		t.Errorf("wrong current password: field %q, want currentPassword", e.Field())
	}
	if e := srv.Post(t, user.AccessToken, change, map[string]any{"c": user.Password, "n": "short"}).OnlyError(t); e.Field() != "newPassword" {
		t.Errorf("short new password: field %q, want newPassword", e.Field())
	}
	srv.Post(t, user.AccessToken, change, map[string]any{"c": user.Password, "n": newPassword}).Must(t, nil)
	if e := srv.Post(t, "", `mutation($r: String!) { refreshToken(refreshToken: $r) { accessToken } }`,
		map[string]any{"r": user.RefreshToken}).OnlyError(t); e.Code() != "UNAUTHENTICATED" {
		t.Errorf("a session from before the change still refreshes")
	}

	// The change signed every session out, this one too: sign in anew.
	var login struct{ Login struct{ AccessToken string } }
	srv.Post(t, "", `mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { accessToken } }`,
		map[string]any{"e": user.Email, "p": newPassword}).Must(t, &login)
	token := login.Login.AccessToken

	const del = `mutation($p: String!) { deleteAccount(password: $p) }`
	if e := srv.Post(t, token, del, map[string]any{"p": user.Password}).OnlyError(t); e.Code() != "BAD_USER_INPUT" || e.Field() != "password" {
		t.Errorf("delete with the old password: %s on %q", e.Code(), e.Field())
	}
	srv.Post(t, token, del, map[string]any{"p": newPassword}).Must(t, nil)
	if e := srv.Post(t, token, `{ me { id } }`, nil).OnlyError(t); e.Code() != "UNAUTHENTICATED" {
		t.Errorf("me after deletion: %s, want UNAUTHENTICATED", e.Code())
	}
	var n int
	if err := srv.DB.QueryRow(`SELECT count(*) FROM users WHERE id = $1`, user.UserID).Scan(&n); err != nil || n != 0 {
		t.Errorf("the user row remains (%d, %v)", n, err)
	}
}

func TestLoginThrottlePerAddress(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{Throttle: &auth.Throttle{PerAccount: 100, PerAddress: 3, Window: time.Minute}})
	user := srv.Register(t)
	const login = `mutation($e: String!, $p: String!) { login(input: {email: $e, password: $p}) { accessToken } }`
	// One client tries three different accounts: the address is throttled
	// although no account is.
	for i := range 3 {
		srv.Post(t, "", login, map[string]any{"e": fmt.Sprintf("guess%d@example.com", i), "p": "some password guess"}).OnlyError(t)
	}
	e := srv.Post(t, "", login, map[string]any{"e": user.Email, "p": user.Password}).OnlyError(t)
	if e.Code() != "RATE_LIMITED" {
		t.Errorf("code = %s, want RATE_LIMITED", e.Code())
	}
}

// TestRegistrationThrottlePerAddress registers from one address past its
// limit: the answer, whether the email is new or taken, turns RATE_LIMITED
// with a retry time, so that registering cannot be used to test emails by
// the thousand.
func TestRegistrationThrottlePerAddress(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{Throttle: &auth.Throttle{PerAccount: 10, PerAddress: 100, RegistrationsPerAddress: 3, Window: time.Minute}})
	const register = `mutation($e: String!) { register(input: {email: $e, password: "a long and unusual passphrase"}) { accessToken } }`
	srv.Post(t, "", register, map[string]any{"e": "first@example.com"}).Must(t, nil)
	if e := srv.Post(t, "", register, map[string]any{"e": "first@example.com"}).OnlyError(t); e.Code() != "CONFLICT" {
		t.Fatalf("a taken email: %s, want CONFLICT", e.Code())
	}
	srv.Post(t, "", register, map[string]any{"e": "second@example.com"}).Must(t, nil)
	for _, email := range []string{"first@example.com", "third@example.com"} {
		e := srv.Post(t, "", register, map[string]any{"e": email}).OnlyError(t)
		if retry, _ := e.Extensions["retryAfter"].(float64); e.Code() != "RATE_LIMITED" || retry < 50 || retry > 61 {
			t.Errorf("register %s past the limit: %s with retryAfter %v, want RATE_LIMITED within a minute", email, e.Code(), e.Extensions["retryAfter"])
		}
	}
}
