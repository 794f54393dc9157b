package graph_test

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"consumption/graphtest"
)

// createdToken is what createApiToken answers.
type createdToken struct {
	Token    string
	APIToken apiToken
}

// apiToken is an ApiToken as the API shows it.
type apiToken struct {
	ID, Name, Scope string
	CreatedAt       time.Time
	ExpiresAt       *time.Time
	LastUsedAt      *time.Time
}

const createTokenMutation = `mutation($in: CreateApiTokenInput!) {
	createApiToken(input: $in) { token apiToken { id name scope createdAt expiresAt lastUsedAt } } }`

// listTokens returns what apiTokens answers, and the raw answer.
func listTokens(t *testing.T, srv *graphtest.Server, session string) ([]apiToken, string) {
	t.Helper()
	var data struct{ APITokens []apiToken }
	res := srv.Post(t, session, `{ apiTokens { id name scope createdAt expiresAt lastUsedAt } }`, nil)
	res.Must(t, &data)
	return data.APITokens, string(res.Data)
}

// meWith returns the id of the user the token acts for.
func meWith(t *testing.T, srv *graphtest.Server, token string) string {
	t.Helper()
	var data struct{ Me struct{ ID string } }
	srv.Post(t, token, `{ me { id } }`, nil).Must(t, &data)
	return data.Me.ID
}

// refused checks that a request with the token gets 401 with
// invalid_token, before any GraphQL runs.
func refused(t *testing.T, srv *graphtest.Server, token, what string) {
	t.Helper()
	res := srv.Post(t, token, `{ me { id } }`, nil)
	if res.Status != http.StatusUnauthorized || !strings.HasPrefix(res.Header.Get("WWW-Authenticate"), `Bearer error="invalid_token"`) {
		t.Fatalf("%s: status %d, WWW-Authenticate %q, want 401 and invalid_token", what, res.Status, res.Header.Get("WWW-Authenticate"))
	}
	if e := res.OnlyError(t); e.Code() != "UNAUTHENTICATED" {
		t.Errorf("%s: code %s, want UNAUTHENTICATED", what, e.Code())
	}
}

func TestAPITokens(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)

	expires := time.Now().Add(30 * 24 * time.Hour).Truncate(time.Second).UTC()
	var data struct{ CreateAPIToken createdToken }
	srv.Post(t, user.AccessToken, createTokenMutation, map[string]any{"in": map[string]any{
		"name": "test READ", "scope": "READ", "expiresAt": expires.Format(time.RFC3339)}}).Must(t, &data)
	created := data.CreateAPIToken

	t.Run("the secret is cst_, its owner's id and 256 random bits, stored only as its hash", func(t *testing.T) {
		if !regexp.MustCompile(`^cst_[A-Za-z0-9_-]{64}$`).MatchString(created.Token) {
			t.Fatalf("token %q is not cst_ and 64 characters of base64url", created.Token)
		}
		b, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(created.Token, "cst_"))
		if err != nil || len(b) != 48 {
			t.Fatalf("token %q does not hold 48 bytes: %v", created.Token, err)
		}
		if owner, err := uuid.FromBytes(b[:16]); err != nil || owner.String() != user.UserID {
			t.Fatalf("token %q names %v (%v), want its owner %s", created.Token, owner, err, user.UserID)
		}
		hash := sha256.Sum256([]byte(created.Token))
		var rows int
		if err := srv.DB.QueryRow(`SELECT count(*) FROM api_tokens WHERE token_hash = $1 AND id = $2`, hash[:], created.APIToken.ID).Scan(&rows); err != nil || rows != 1 {
			t.Fatalf("rows with the token's hash: %d (%v), want 1", rows, err)
		}
		var anywhere bool
		err = srv.DB.QueryRow(`SELECT EXISTS (SELECT FROM api_tokens t WHERE t::text LIKE '%' || $1 || '%')`,
			strings.TrimPrefix(created.Token, "cst_")).Scan(&anywhere)
		if err != nil || anywhere {
			t.Fatalf("the secret is stored in the clear (%v)", err)
		}
	})

	t.Run("the new token says what was asked", func(t *testing.T) {
		got := created.APIToken
		if got.Name != "test READ" || got.Scope != "READ" || got.ExpiresAt == nil || !got.ExpiresAt.Equal(expires) || got.LastUsedAt != nil {
			t.Errorf("created %+v, want name \"test READ\", scope READ, expiry %v, never used", got, expires)
		}
		if age := time.Since(got.CreatedAt); age < 0 || age > time.Minute {
			t.Errorf("createdAt %v is not now", got.CreatedAt)
		}
	})

	t.Run("the list shows the token, never its secret", func(t *testing.T) {
		list, raw := listTokens(t, srv, user.AccessToken)
		if len(list) != 1 || list[0].ID != created.APIToken.ID || list[0].Name != "test READ" || list[0].Scope != "READ" {
			t.Fatalf("list %+v, want the one token made", list)
		}
		if strings.Contains(raw, strings.TrimPrefix(created.Token, "cst_")) {
			t.Fatal("the list shows the secret")
		}
	})

	t.Run("the token acts for its user", func(t *testing.T) {
		if got := meWith(t, srv, created.Token); got != user.UserID {
			t.Fatalf("me with the token is %s, want %s", got, user.UserID)
		}
	})

	t.Run("another user's token reads only that user's records", func(t *testing.T) {
		srv.Post(t, user.AccessToken, `mutation($in: CreateConsumptionRecordInput!) { createConsumptionRecord(input: $in) { id } }`,
			map[string]any{"in": graphtest.Record(nil)}).Must(t, nil)
		other := srv.Register(t)
		theirs := srv.CreateAPIToken(t, other.AccessToken, "READ_WRITE", nil)
		var data struct{ ConsumptionRecords struct{ TotalCount int } }
		srv.Post(t, theirs.Token, `{ consumptionRecords { totalCount } }`, nil).Must(t, &data)
		if data.ConsumptionRecords.TotalCount != 0 {
			t.Errorf("another user's token sees %d records, want 0", data.ConsumptionRecords.TotalCount)
		}
		srv.Post(t, created.Token, `{ consumptionRecords { totalCount } }`, nil).Must(t, &data)
		if data.ConsumptionRecords.TotalCount != 1 {
			t.Errorf("the user's token sees %d records, want 1", data.ConsumptionRecords.TotalCount)
		}
		const revoke = `mutation($id: ID!) { revokeApiToken(id: $id) }`
		if e := srv.Post(t, other.AccessToken, revoke, map[string]any{"id": created.APIToken.ID}).OnlyError(t); e.Code() != "NOT_FOUND" {
			t.Errorf("revoking another user's token: %s, want NOT_FOUND", e.Code())
		}
		if e := srv.Post(t, other.AccessToken, revoke, map[string]any{"id": "not-an-id"}).OnlyError(t); e.Code() != "NOT_FOUND" {
			t.Errorf("revoking a malformed id: %s, want NOT_FOUND", e.Code())
		}
		meWith(t, srv, created.Token) // still works
	})

	t.Run("tokens that were never made get 401", func(t *testing.T) {
		b := make([]byte, 32)
		_, _ = rand.Read(b)
		otherToken := srv.CreateAPIToken(t, srv.Register(t).AccessToken, "READ", nil)
		for name, token := range map[string]string{
			"an unknown token":               "cst_" + base64.RawURLEncoding.EncodeToString(b),
			"an unknown token of its owner":  ownedToken(ownerOf(t, created.Token), b),
			"its secret under another owner": ownedToken(ownerOf(t, otherToken.Token), secretOf(t, created.Token)),
			"its secret under no owner":      ownedToken(make([]byte, 16), secretOf(t, created.Token)),
			"its secret without its owner":   "cst_" + base64.RawURLEncoding.EncodeToString(secretOf(t, created.Token)),
			"a token too short":              "cst_abc",
			"a token in standard base64":     "cst_" + base64.StdEncoding.EncodeToString(b),
			"the token with one more byte":   created.Token + "A",
		} {
			refused(t, srv, token, name)
		}
	})

	t.Run("a revoked token gets 401 at once", func(t *testing.T) {
		var data struct{ RevokeAPIToken string }
		srv.Post(t, user.AccessToken, `mutation($id: ID!) { revokeApiToken(id: $id) }`,
			map[string]any{"id": created.APIToken.ID}).Must(t, &data)
		if data.RevokeAPIToken != created.APIToken.ID {
			t.Errorf("revokeApiToken answered %q, want the id %q", data.RevokeAPIToken, created.APIToken.ID)
		}
		refused(t, srv, created.Token, "the revoked token")
		if list, _ := listTokens(t, srv, user.AccessToken); len(list) != 0 {
			t.Errorf("the list still has %+v", list)
		}
		if e := srv.Post(t, user.AccessToken, `mutation($id: ID!) { revokeApiToken(id: $id) }`,
			map[string]any{"id": created.APIToken.ID}).OnlyError(t); e.Code() != "NOT_FOUND" {
			t.Errorf("revoking it again: %s, want NOT_FOUND", e.Code())
		}
	})
}

// ownerOf and secretOf return the two parts of an API token: its owner's
// id and its random value.
func ownerOf(t *testing.T, token string) []byte  { return tokenBytes(t, token)[:16] }
func secretOf(t *testing.T, token string) []byte { return tokenBytes(t, token)[16:] }

// ownedToken returns the API token of the owner's id and the value.
func ownedToken(owner, value []byte) string {
	return "cst_" + base64.RawURLEncoding.EncodeToString(append(append([]byte{}, owner...), value...))
}

func tokenBytes(t *testing.T, token string) []byte {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(token, "cst_"))
	if err != nil || len(b) != 48 {
		t.Fatalf("token %q is not cst_ and 48 bytes in base64url (%v)", token, err)
	}
	return b
}

func TestAPITokenInputs(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	now := time.Now()
	at := func(d time.Duration) string { return now.Add(d).Format(time.RFC3339) }
	tests := []struct {
		name  string
		in    map[string]any
		field string
	}{
		{"an empty name", map[string]any{"name": "", "scope": "READ"}, "name"},
		{"a name of spaces", map[string]any{"name": "   ", "scope": "READ"}, "name"},
		{"a name of 101 characters", map[string]any{"name": strings.Repeat("é", 101), "scope": "READ"}, "name"},
		{"a name with a line break", map[string]any{"name": "a\nb", "scope": "READ"}, "name"},
		{"a name with a NUL", map[string]any{"name": "a\x00b", "scope": "READ"}, "name"},
		{"a name with a bidi override", map[string]any{"name": "\u202eab", "scope": "READ"}, "name"},
		{"an expiry in the past", map[string]any{"name": "a", "scope": "READ", "expiresAt": at(-time.Hour)}, "expiresAt"},
		{"an expiry 367 days away", map[string]any{"name": "a", "scope": "READ", "expiresAt": at(367 * 24 * time.Hour)}, "expiresAt"},
	}
	for _, tc := range tests {
		t.Run(tc.name+" is refused", func(t *testing.T) {
			e := srv.Post(t, user.AccessToken, createTokenMutation, map[string]any{"in": tc.in}).OnlyError(t)
			if e.Code() != "BAD_USER_INPUT" || e.Field() != tc.field {
				t.Errorf("%s on %q, want BAD_USER_INPUT on %q (%s)", e.Code(), e.Field(), tc.field, e.Message)
			}
		})
	}
	t.Run("an unknown scope is refused by validation", func(t *testing.T) {
		e := srv.Post(t, user.AccessToken, createTokenMutation, map[string]any{"in": map[string]any{"name": "a", "scope": "ADMIN"}}).OnlyError(t)
		if e.Code() == "" || e.Code() == "INTERNAL_SERVER_ERROR" {
			t.Errorf("code %q", e.Code())
		}
	})
	t.Run("a name of 100 characters and an expiry 365 days away are taken", func(t *testing.T) {
		srv.Post(t, user.AccessToken, createTokenMutation, map[string]any{"in": map[string]any{
			"name": strings.Repeat("é", 100), "scope": "READ_WRITE", "expiresAt": at(365 * 24 * time.Hour)}}).Must(t, nil)
	})
	t.Run("at most 50 tokens", func(t *testing.T) {
		list, _ := listTokens(t, srv, user.AccessToken)
		for range 50 - len(list) {
			srv.CreateAPIToken(t, user.AccessToken, "READ", nil)
		}
		e := srv.Post(t, user.AccessToken, createTokenMutation, map[string]any{"in": map[string]any{"name": "one more", "scope": "READ"}}).OnlyError(t)
		if e.Code() != "CONFLICT" {
			t.Errorf("the 51st token: %s, want CONFLICT", e.Code())
		}
		if list, _ := listTokens(t, srv, user.AccessToken); len(list) != 50 {
			t.Errorf("%d tokens, want 50", len(list))
		}
	})
}

// TestAPITokenExpiry moves the server's clock past a token's expiry: the
// token, verified and remembered before, gets 401 from then on.
func TestAPITokenExpiry(t *testing.T) {
	var offset atomic.Int64
	clock := func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
	srv := graphtest.NewServer(t, graphtest.Options{Now: clock})
	user := srv.Register(t)
	expires := clock().Add(time.Hour)
	token := srv.CreateAPIToken(t, user.AccessToken, "READ", &expires).Token
	forever := srv.CreateAPIToken(t, user.AccessToken, "READ", nil).Token
	meWith(t, srv, token)

	offset.Store(int64(time.Hour))
	refused(t, srv, token, "a token past its expiry")
	meWith(t, srv, forever) // a token without expiry still works
}

// TestAPITokenLastUsed checks that lastUsedAt follows the token's use:
// from this instance's memory at once, from the database once written.
func TestAPITokenLastUsed(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	other := graphtest.NewServer(t, graphtest.Options{DatabaseURL: srv.DatabaseURL})
	user := srv.Register(t)
	created := srv.CreateAPIToken(t, user.AccessToken, "READ", nil)

	before := time.Now()
	meWith(t, srv, created.Token)
	list, _ := listTokens(t, srv, user.AccessToken)
	if len(list) != 1 || list[0].LastUsedAt == nil || list[0].LastUsedAt.Before(before.Truncate(time.Microsecond)) {
		t.Fatalf("after a use, the instance that saw it lists %+v", list)
	}
	seen := *list[0].LastUsedAt
	if list, _ := listTokens(t, other, user.AccessToken); list[0].LastUsedAt != nil {
		t.Fatalf("another instance knows of the use before it was written: %v", list[0].LastUsedAt)
	}

	if err := srv.APITokens.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	list, _ = listTokens(t, other, user.AccessToken)
	if list[0].LastUsedAt == nil || !list[0].LastUsedAt.Equal(seen) {
		t.Fatalf("after writing, another instance lists lastUsedAt %v, want %v", list[0].LastUsedAt, seen)
	}

	// An instance that used the token earlier writes after one that used
	// it later: the later time stays.
	meWith(t, other, created.Token)
	if _, err := srv.DB.Exec(`UPDATE api_tokens SET last_used_at = last_used_at + interval '1 day' WHERE id = $1`, created.ID); err != nil {
		t.Fatal(err)
	}
	if err := other.APITokens.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	var got time.Time
	if err := srv.DB.QueryRow(`SELECT last_used_at FROM api_tokens WHERE id = $1`, created.ID).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if want := seen.Add(24 * time.Hour); !got.Equal(want) {
		t.Errorf("last_used_at %v after an earlier use was written, want it kept at %v", got, want)
	}
}
