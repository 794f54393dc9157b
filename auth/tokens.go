package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
	lru "github.com/hashicorp/golang-lru/v2"
)

// The issuer and audience of the server's access tokens.
const (
	Issuer   = "consumption-server"
	Audience = "consumption-api"
)

// accessTokenType is the JWT "typ" header of access tokens (RFC 9068).
const accessTokenType = "at+jwt"

// maxTokenLength bounds what the parser is given: real access tokens are a
// few hundred bytes, and a megabyte of dots should cost nothing.
const maxTokenLength = 2048

// ErrInvalidToken means a bearer token is malformed, forged, expired,
// revoked or not meant for this server.
var ErrInvalidToken = errors.New("auth: invalid token")

// verifiedTokens is how many verified access tokens Tokens remembers: a
// few hundred kilobytes, more tokens than a server has clients sending
// requests within their tokens' lifetime.
const verifiedTokens = 10_000

// Tokens issues and verifies access tokens: JWTs signed with HS256, naming
// the user in "sub", valid for a fixed time.
type Tokens struct {
	secret   []byte
	issuer   string
	audience string
	ttl      time.Duration
	now      func() time.Time
	parser   *jwt.Parser
	// verified remembers what the tokens verified lately say, until they
	// expire, by their SHA-256: a client sends the same token with every
	// request, and checking its signature and decoding its claims again
	// cost a tenth of a small request's CPU. Only tokens found valid are
	// remembered; the digest spares keeping the tokens themselves.
	verified *lru.Cache[[sha256.Size]byte, verifiedToken]
}

// verifiedToken is what a valid access token says, and when it expires.
type verifiedToken struct {
	access  Access
	expires time.Time
}

// NewTokens returns an issuer of access tokens signed with secret.
func NewTokens(secret []byte, issuer, audience string, ttl time.Duration, now func() time.Time) *Tokens {
	verified, err := lru.New[[sha256.Size]byte, verifiedToken](verifiedTokens)
	if err != nil {
		panic(err) // only for a size below one
	}
	return &Tokens{
		secret: secret, issuer: issuer, audience: audience, ttl: ttl, now: now, verified: verified,
		parser: jwt.NewParser(
			jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
			jwt.WithIssuer(issuer),
			jwt.WithAudience(audience),
			jwt.WithExpirationRequired(),
			jwt.WithIssuedAt(),
			jwt.WithTimeFunc(now),
		),
	}
}

// Issue returns a new access token for the user, in the session given (the
// family of refresh tokens it was issued with), and when it expires.
func (t *Tokens) Issue(userID, session uuid.UUID) (string, time.Time, error) {
	now := t.now()
	exp := now.Add(t.ttl)
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, accessClaims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    t.issuer,
			Subject:   userID.String(),
			Audience:  jwt.ClaimStrings{t.audience},
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(exp),
			ID:        uuid.NewString(),
		},
		Session: session.String(),
	})
	tok.Header["typ"] = accessTokenType
	s, err := tok.SignedString(t.secret)
	if err != nil {
		return "", time.Time{}, fmt.Errorf("auth: sign access token: %w", err)
	}
	// NumericDate keeps whole seconds; report the expiry the token carries.
	return s, exp.Truncate(time.Second), nil
}

// Access is what a valid access token says: whose it is, and the session
// it belongs to, which may since have been signed out (see Revocations).
type Access struct {
	UserID  uuid.UUID
	Session uuid.UUID
	// ExpiresAt is when the token expires.
	ExpiresAt time.Time
}

// Verify checks an access token's signature, claims and expiry, and returns
// what it says. Every failure is ErrInvalidToken. A token verified before
// is known by its digest until it expires (whether its session was signed
// out since is for Revocations to tell, on every request).
func (t *Tokens) Verify(token string) (Access, error) {
	if len(token) > maxTokenLength {
		return Access{}, ErrInvalidToken
	}
	digest := sha256.Sum256([]byte(token))
	if v, ok := t.verified.Get(digest); ok {
		if t.now().Before(v.expires) {
			return v.access, nil
		}
		t.verified.Remove(digest)
	}
	access, expires, err := t.verify(token)
	if err != nil {
		return Access{}, err
	}
	t.verified.Add(digest, verifiedToken{access: access, expires: expires})
	return access, nil
}

// verify checks an access token as Verify does, without remembering it,
// and returns when it expires too.
func (t *Tokens) verify(token string) (Access, time.Time, error) {
	var claims accessClaims
	_, err := t.parser.ParseWithClaims(token, &claims, func(tok *jwt.Token) (any, error) {
		if tok.Header["typ"] != accessTokenType {
			return nil, ErrInvalidToken
		}
		return t.secret, nil
	})
	if err != nil {
		return Access{}, time.Time{}, ErrInvalidToken
	}
	user, ok := canonicalUUID(claims.Subject)
	session, sessionOK := canonicalUUID(claims.Session)
	if !ok || !sessionOK {
		return Access{}, time.Time{}, ErrInvalidToken
	}
	// The parser required "exp" and found it after now.
	exp := claims.ExpiresAt.Time
	return Access{UserID: user, Session: session, ExpiresAt: exp}, exp, nil
}

// canonicalUUID reads a UUID in the one form the server writes: uuid.Parse
// also reads braces, "urn:uuid:", capitals and no hyphens.
func canonicalUUID(s string) (uuid.UUID, bool) {
	id, err := uuid.Parse(s)
	return id, err == nil && id.String() == s
}

// accessClaims are the claims of an access token, read strictly: the times
// must be JSON numbers, as RFC 7519 says, where the JWT library would also
// take a string of digits.
type accessClaims struct {
	jwt.RegisteredClaims
	// Session is the session's id: the family of refresh tokens.
	Session string `json:"sid"`
}

// errTimeNotNumber refuses a claim of time written otherwise than as a number.
var errTimeNotNumber = errors.New("auth: a time claim is not a number")

// UnmarshalJSON reads the claims after checking that every time is a number.
func (c *accessClaims) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	for _, name := range []string{"exp", "iat", "nbf"} {
		if v, ok := raw[name]; ok && (len(v) == 0 || (v[0] != '-' && (v[0] < '0' || v[0] > '9'))) {
			return errTimeNotNumber
		}
	}
	type plain accessClaims // without this method
	return json.Unmarshal(b, (*plain)(c))
}

// secretBytes is the size of a refresh token's or API token's random
// value: 256 bits.
const secretBytes = 32

// An owned secret (a refresh token, or an API token after its prefix) is
// the base64url of its owner's id and 256 random bits: the server reads
// whose it is before looking it up, by the owner and the SHA-256 of the
// whole secret, so that on a Citus cluster the lookup goes to the owner's
// shard alone. The id tells nothing a guesser can use: a secret of an
// unknown owner and one of a known owner with a wrong value get the same
// answer.
//
// A legacy secret is the base64url of the random bits alone, as the server
// made before; it is still taken, and looked up by its hash on every shard.

// newOwnedSecret returns a new secret of the owner.
func newOwnedSecret(owner uuid.UUID) (string, error) {
	b := make([]byte, len(owner)+secretBytes)
	copy(b, owner[:])
	if _, err := rand.Read(b[len(owner):]); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// parseOwnedSecret reads whose a secret is. ok is false when it cannot be
// one the server made; legacy is true when it names no owner.
func parseOwnedSecret(secret string) (owner uuid.UUID, legacy, ok bool) {
	if len(secret) > base64.RawURLEncoding.EncodedLen(len(owner)+secretBytes) {
		return uuid.Nil, false, false
	}
	b, err := base64.RawURLEncoding.DecodeString(secret)
	switch {
	case err != nil:
		return uuid.Nil, false, false
	case len(b) == secretBytes:
		return uuid.Nil, true, true
	case len(b) != len(owner)+secretBytes:
		return uuid.Nil, false, false
	}
	copy(owner[:], b)
	return owner, false, owner != uuid.Nil
}

// newRefreshToken returns a new opaque refresh token of the user and the
// hash under which it is stored.
func newRefreshToken(user uuid.UUID) (token string, hash []byte, err error) {
	token, err = newOwnedSecret(user)
	if err != nil {
		return "", nil, fmt.Errorf("auth: new refresh token: %w", err)
	}
	return token, hashRefreshToken(token), nil
}

// hashRefreshToken returns the stored form of a refresh token. A plain
// SHA-256 suffices: the token is 256 random bits, not a guessable password.
func hashRefreshToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}
