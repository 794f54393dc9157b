package auth

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"consumption/domain"
)

func TestPasswordHash(t *testing.T) {
	hash, err := HashPassword("a fine passphrase", DefaultHashParams)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("hash %q is not argon2id in PHC form with m=19456,t=2,p=1", hash)
	}
	if ok, rehash, err := VerifyPassword(hash, "a fine passphrase", DefaultHashParams); !ok || rehash || err != nil {
		t.Errorf("verify the right password: ok=%v rehash=%v err=%v", ok, rehash, err)
	}
	if ok, _, _ := VerifyPassword(hash, "a fine passphrasE", DefaultHashParams); ok {
		t.Error("a different password verified")
	}
	weak, _ := HashPassword("a fine passphrase", HashParams{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32})
	if ok, rehash, _ := VerifyPassword(weak, "a fine passphrase", DefaultHashParams); !ok || !rehash {
		t.Errorf("a hash with weaker parameters: ok=%v rehash=%v, want both true", ok, rehash)
	}
	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=1,t=1,p=1$c2FsdA$a2V5", "$argon2id$v=18$m=1,t=1,p=1$c2FsdA$a2V5", "$argon2id$v=19$m=x$c2FsdA$a2V5"} {
		if _, _, err := VerifyPassword(bad, "x", DefaultHashParams); err == nil {
			t.Errorf("VerifyPassword accepted the hash %q", bad)
		}
	}
	other, _ := HashPassword("a fine passphrase", DefaultHashParams)
	if other == hash {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
}

func TestNormalizeEmail(t *testing.T) {
	same := []struct{ in, want string }{
		{"  Ana.Maria@Example.COM ", "ana.maria@example.com"},
		{"jos\u00e9@example.com", "jos\u00e9@example.com"},  // é precomposed
		{"jose\u0301@example.com", "jos\u00e9@example.com"}, // e and a combining acute: the same address
		{"JOSE\u0301@EXAMPLE.COM", "jos\u00e9@example.com"},
		{"\tana@example.com\n", "ana@example.com"},
		{"ana+bills@mail.example.co.uk", "ana+bills@mail.example.co.uk"},
		{"ана@пример.рф", "ана@пример.рф"},                   // Cyrillic throughout
		{"ana@xn--exmple-cua.com", "ana@xn--exmple-cua.com"}, // a domain in punycode
		{"山田たろう@example.jp", "山田たろう@example.jp"},             // Han and Hiragana together, as Japanese writes
		{"user1@example.com", "user1@example.com"},
		{strings.Repeat("a", 64) + "@" + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + ".io", strings.Repeat("a", 64) + "@" + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + ".io"},
	}
	for _, tt := range same {
		if got, err := NormalizeEmail(tt.in); err != nil || got != tt.want {
			t.Errorf("NormalizeEmail(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	bad := []string{
		"", "ana", "ana@", "@example.com", "ana@localhost", "Ana <ana@example.com>", "ana@exa mple.com",
		strings.Repeat("a", 250) + "@x.io",
		"ali\u200bce@example.com",                   // a zero-width space
		"alice@exam\u200dple.com",                   // a zero-width joiner in the domain
		"\u202ealice@example.com",                   // a right-to-left override
		"alice\u2066@example.com",                   // a left-to-right isolate
		"alice\u00ad@example.com",                   // a soft hyphen
		"alice\ufeff@example.com",                   // a byte order mark
		"alice\u00a0@example.com",                   // a no-break space
		"alice\ufe0f@example.com",                   // a variation selector
		"al\u3164ice@example.com",                   // a Hangul filler, which shows as nothing
		"alice\x00@example.com",                     // NUL
		"alice\x7f@example.com",                     // DEL
		"alice\ue000@example.com",                   // a private-use character
		"\u0430lice@example.com",                    // a Cyrillic а among Latin letters
		"alice@ex\u0430mple.com",                    // a Cyrillic а in the domain
		"alice@[127.0.0.1]",                         // an IP literal
		"alice@[IPv6:::1]",                          // an IPv6 literal
		"alice@127.0.0.1",                           // an IP address as the domain
		"alice@example..com",                        // an empty label
		"alice@-example.com",                        // a label starting with a hyphen
		"alice@example.com.",                        // a trailing dot
		"alice@ｅｘａｍｐｌｅ.com",                         // full-width letters
		"alice@exa_mple.com",                        // not a host name
		"\"alice smith\"@example.com",               // quoted local parts
		"alice@" + strings.Repeat("b", 64) + ".com", // a label over 63 characters
		"\xffalice@example.com",                     // not UTF-8
	}
	for _, in := range bad {
		if got, err := NormalizeEmail(in); err == nil {
			t.Errorf("NormalizeEmail(%q) = %q, want an error", in, got)
		} else if domain.ErrorCode(err) != domain.CodeInvalid {
			t.Errorf("NormalizeEmail(%q): code %s", in, domain.ErrorCode(err))
		}
	}
}

func TestCheckNewPassword(t *testing.T) {
	tests := []struct {
		password string
		ok       bool
	}{
		{"correct horse battery", true},
		{"ñandú ñandú ñandú", true},          // 17 characters, more bytes
		{"ñandúñandúñandú", true},            // 15 characters
		{"ñandúñandúñand", false},            // 14 characters although 19 bytes
		{"twelve chars", false},              // 12 characters: enough before NIST SP 800-63B-4
		{"fourteen chars", false},            // 14 characters
		{"password1234", false},              // on the list
		{"qwertyuiop123", false},             // a list entry plus digits
		{"!!!dragon2024!!!", false},          // a list entry with symbols around it
		{"aaaaaaaaaaaaaaaa", false},          // one character repeated
		{"1234567890123456", false},          // digits only
		{"I am ana from madrid", false},      // contains the email's name
		{strings.Repeat("x", 257), false},    // too long
		{"\xff\xfe not utf-8 at all", false}, // not text
		{"Ana's keys are in the car", true},  // an ordinary sentence
	}
	for _, tt := range tests {
		err := CheckNewPassword(tt.password, "madrid@example.com")
		if (err == nil) != tt.ok {
			t.Errorf("CheckNewPassword(%q) = %v, want ok=%v", tt.password, err, tt.ok)
		}
	}
}

func TestTokens(t *testing.T) {
	now := time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	tokens := NewTokens([]byte("0123456789abcdef0123456789abcdef"), "iss", "aud", 15*time.Minute, clock)
	user, session := uuid.New(), uuid.New()
	tok, exp, err := tokens.Issue(user, session)
	if err != nil {
		t.Fatal(err)
	}
	if !exp.Equal(now.Add(15 * time.Minute)) {
		t.Errorf("expires at %v, want %v", exp, now.Add(15*time.Minute))
	}
	if got, err := tokens.Verify(tok); err != nil || !got.ExpiresAt.Equal(exp) || got != (Access{UserID: user, Session: session, ExpiresAt: got.ExpiresAt}) {
		t.Errorf("Verify = %+v, %v", got, err)
	}
	// The token is remembered once verified, and known until it expires:
	// a second before, and not at the second it does.
	if n := tokens.verified.Len(); n != 1 {
		t.Errorf("%d tokens remembered after one was verified, want 1", n)
	}
	now = exp.Add(-time.Second)
	if got, err := tokens.Verify(tok); err != nil || !got.ExpiresAt.Equal(exp) || got != (Access{UserID: user, Session: session, ExpiresAt: got.ExpiresAt}) {
		t.Errorf("Verify a second before expiry = %+v, %v", got, err)
	}
	now = exp
	if _, err := tokens.Verify(tok); err != ErrInvalidToken {
		t.Errorf("Verify at expiry: %v, want ErrInvalidToken", err)
	}
	if n := tokens.verified.Len(); n != 0 {
		t.Errorf("%d tokens remembered after the only one expired, want 0", n)
	}
	now = now.Add(time.Second)
	if _, err := tokens.Verify(tok); err != ErrInvalidToken {
		t.Errorf("Verify after expiry: %v, want ErrInvalidToken", err)
	}
	// A token refused is not remembered, nor is one changed in a byte.
	tampered := []byte(tok)
	if i := len(tampered) - 10; tampered[i] == 'A' { // within the signature
		tampered[i] = 'B'
	} else {
		tampered[i] = 'A'
	}
	now = exp.Add(-time.Minute)
	if _, err := tokens.Verify(string(tampered)); err != ErrInvalidToken {
		t.Errorf("a token with its signature changed: %v, want ErrInvalidToken", err)
	}
	if n := tokens.verified.Len(); n != 0 {
		t.Errorf("%d tokens remembered after only bad ones were verified, want 0", n)
	}
	other := NewTokens([]byte("0123456789abcdef0123456789abcdef"), "iss", "other-aud", 15*time.Minute, clock)
	fresh, _, _ := other.Issue(user, session)
	if _, err := tokens.Verify(fresh); err != ErrInvalidToken {
		t.Errorf("a token for another audience: %v", err)
	}
}

// TestTokenClaimsPinned signs tokens that the JWT library would take but
// the server never makes: times written as strings, and user ids in the
// other forms uuid.Parse reads. Each is refused; the same token with the
// claims as the server writes them is accepted.
func TestTokenClaimsPinned(t *testing.T) {
	now := time.Now()
	secret := []byte("0123456789abcdef0123456789abcdef")
	tokens := NewTokens(secret, "iss", "aud", 15*time.Minute, time.Now)
	user, session := uuid.New(), uuid.New()
	sign := func(change func(jwt.MapClaims)) string {
		claims := jwt.MapClaims{
			"iss": "iss", "aud": "aud", "sub": user.String(), "sid": session.String(), "jti": uuid.NewString(),
			"iat": now.Unix(), "exp": now.Add(time.Minute).Unix(),
		}
		change(claims)
		tok := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
		tok.Header["typ"] = accessTokenType
		s, err := tok.SignedString(secret)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if got, err := tokens.Verify(sign(func(jwt.MapClaims) {})); err != nil || got.UserID != user || got.Session != session || got.ExpiresAt.Unix() != now.Add(time.Minute).Unix() {
		t.Fatalf("a token as the server makes it: %v, %v", got, err)
	}
	tests := map[string]func(jwt.MapClaims){
		"exp as a string":            func(c jwt.MapClaims) { c["exp"] = fmt.Sprint(now.Add(time.Minute).Unix()) },
		"iat as a string":            func(c jwt.MapClaims) { c["iat"] = fmt.Sprint(now.Unix()) },
		"nbf as a string":            func(c jwt.MapClaims) { c["nbf"] = fmt.Sprint(now.Unix()) },
		"exp as null":                func(c jwt.MapClaims) { c["exp"] = nil },
		"exp as an object":           func(c jwt.MapClaims) { c["exp"] = map[string]any{"n": 1} },
		"sub in capitals":            func(c jwt.MapClaims) { c["sub"] = strings.ToUpper(user.String()) },
		"sub in braces":              func(c jwt.MapClaims) { c["sub"] = "{" + user.String() + "}" },
		"sub as a URN":               func(c jwt.MapClaims) { c["sub"] = "urn:uuid:" + user.String() },
		"sub without hyphens":        func(c jwt.MapClaims) { c["sub"] = strings.ReplaceAll(user.String(), "-", "") },
		"sub with spaces around it":  func(c jwt.MapClaims) { c["sub"] = " " + user.String() },
		"sub as a number":            func(c jwt.MapClaims) { c["sub"] = 42 },
		"no exp":                     func(c jwt.MapClaims) { delete(c, "exp") },
		"no session":                 func(c jwt.MapClaims) { delete(c, "sid") },
		"a session in capitals":      func(c jwt.MapClaims) { c["sid"] = strings.ToUpper(session.String()) },
		"a session that is no UUID":  func(c jwt.MapClaims) { c["sid"] = "admin" },
		"exp in the past, as number": func(c jwt.MapClaims) { c["exp"] = now.Add(-time.Minute).Unix() },
	}
	for name, change := range tests {
		if _, err := tokens.Verify(sign(change)); err != ErrInvalidToken {
			t.Errorf("a token with %s: %v, want ErrInvalidToken", name, err)
		}
	}
}

func TestRefreshTokens(t *testing.T) {
	user := uuid.New()
	tok, hash, err := newRefreshToken(user)
	if err != nil {
		t.Fatal(err)
	}
	if owner, legacy, ok := parseOwnedSecret(tok); !ok || legacy || owner != user {
		t.Errorf("token %q says it is %v's (legacy %v, ok %v), want %v's", tok, owner, legacy, ok, user)
	}
	if len(hash) != 32 || string(hashRefreshToken(tok)) != string(hash) {
		t.Errorf("token %q with hash %x is not self-consistent", tok, hash)
	}
	other, _, _ := newRefreshToken(user)
	if other == tok {
		t.Error("two refresh tokens are equal")
	}
	legacy := base64.RawURLEncoding.EncodeToString(make([]byte, 32))
	if owner, isLegacy, ok := parseOwnedSecret(legacy); !ok || !isLegacy || owner != uuid.Nil {
		t.Errorf("a token of 32 bytes: owner %v, legacy %v, ok %v; want a legacy one", owner, isLegacy, ok)
	}
	noOwner := base64.RawURLEncoding.EncodeToString(make([]byte, 48))
	for _, bad := range []string{"", "short", tok + "A", tok[:len(tok)-1], strings.Repeat("A", 44), legacy + "A", noOwner,
		base64.StdEncoding.EncodeToString(make([]byte, 48)), strings.Repeat("A", 4096)} {
		if _, _, ok := parseOwnedSecret(bad); ok {
			t.Errorf("%q passed as a refresh token", bad)
		}
	}
}
