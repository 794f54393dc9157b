package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"consumption/auth"
	"consumption/graphtest"
	"consumption/httpapi"
	"consumption/live"
	"consumption/store"
)

// changedQuery subscribes to the changes of one's records, with each
// record as it is and its meter.
const changedQuery = `subscription { consumptionChanged { kind id record { id amount unit source meter { name } } } }`

// change is one consumptionChanged event as changedQuery asks it.
type change struct {
	Kind   string
	ID     string
	Record *struct {
		ID, Amount, Unit, Source string
		Meter                    *struct{ Name string }
	}
}

// subscribed signs in to srv with token and subscribes to changedQuery.
func subscribed(t *testing.T, srv *graphtest.Server, token string) *graphtest.LiveConn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := graphtest.ConnectLive(ctx, srv.URL, token)
	if err != nil {
		t.Fatalf("connecting: %v (close code %d)", err, graphtest.CloseCode(err))
	}
	t.Cleanup(c.Close)
	if err := c.Subscribe(ctx, "1", changedQuery, nil); err != nil {
		t.Fatal(err)
	}
	// The subscribe message has no answer; a change made at once could
	// reach the server before the subscription starts. A ping answered
	// comes after the server has read the subscribe, and the resolver
	// registers the subscription before the server reads on.
	waitForSubscription(t, c)
	return c
}

// waitForSubscription makes sure the server has started the subscriptions
// sent so far: it reads the client's messages in order, and starts each
// subscription before reading the next message, so a pong to a ping sent
// after them means they are running.
func waitForSubscription(t *testing.T, c *graphtest.LiveConn) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := c.Send(ctx, map[string]any{"type": "ping"}); err != nil {
		t.Fatal(err)
	}
	m, err := c.Next(ctx)
	if err != nil || m.Type != "pong" {
		t.Fatalf("a ping answered with %+v, %v", m, err)
	}
}

// nextChange reads the next event of the subscription "1".
func nextChange(t *testing.T, c *graphtest.LiveConn, what string) change {
	t.Helper()
	m, err := c.NextWithin(10 * time.Second)
	if err != nil {
		t.Fatalf("%s: %v (close code %d)", what, err, graphtest.CloseCode(err))
	}
	var data struct{ ConsumptionChanged change }
	errs, err := m.Data(&data)
	if err != nil || len(errs) > 0 || m.ID != "1" {
		t.Fatalf("%s: message %+v: errors %+v, %v", what, m, errs, err)
	}
	return data.ConsumptionChanged
}

// expectChange reads the next event and checks its kind and record id.
func expectChange(t *testing.T, c *graphtest.LiveConn, what, kind, id string) change {
	t.Helper()
	got := nextChange(t, c, what)
	if got.Kind != kind || got.ID != id {
		t.Fatalf("%s: got %s of %s, want %s of %s", what, got.Kind, got.ID, kind, id)
	}
	return got
}

func createRecord(t *testing.T, srv *graphtest.Server, token string, changes map[string]any) string {
	t.Helper()
	var data struct{ CreateConsumptionRecord struct{ ID string } }
	srv.Post(t, token, `mutation($in: CreateConsumptionRecordInput!) { createConsumptionRecord(input: $in) { id } }`,
		map[string]any{"in": graphtest.Record(changes)}).Must(t, &data)
	return data.CreateConsumptionRecord.ID
}

// TestLiveAcrossInstances subscribes on two instances of the server on one
// database and writes through one: the changes reach the writer's
// subscribers on both, in order, with their records as they are; another
// user's subscriber hears nothing of them.
func TestLiveAcrossInstances(t *testing.T) {
	a, b := twoInstances(t)
	alice, bob := a.Register(t), a.Register(t)
	aliceOnB := subscribed(t, b, alice.AccessToken)
	aliceOnA := subscribed(t, a, signIn(t, a, alice).AccessToken)
	bobOnB := subscribed(t, b, bob.AccessToken)

	id := createRecord(t, a, alice.AccessToken, map[string]any{"amount": "12.5"})
	for name, c := range map[string]*graphtest.LiveConn{"on the other instance": aliceOnB, "on the writer's instance": aliceOnA} {
		got := expectChange(t, c, "a create "+name, "CREATED", id)
		if got.Record == nil || got.Record.ID != id || got.Record.Amount != "12.5" || got.Record.Unit != "KWH" || got.Record.Source != "MANUAL" {
			t.Errorf("a create %s: record %+v", name, got.Record)
		}
	}

	a.Post(t, alice.AccessToken, `mutation($id: ID!) { updateConsumptionRecord(id: $id, input: {amount: "13"}) { id } }`,
		map[string]any{"id": id}).Must(t, nil)
	if got := expectChange(t, aliceOnB, "an update", "UPDATED", id); got.Record == nil || got.Record.Amount != "13" {
		t.Errorf("an update: record %+v, want the amount 13", got.Record)
	}
	a.Post(t, alice.AccessToken, `mutation($id: ID!) { deleteConsumptionRecord(id: $id) }`, map[string]any{"id": id}).Must(t, nil)
	if got := expectChange(t, aliceOnB, "a delete", "DELETED", id); got.Record != nil {
		t.Errorf("a delete: record %+v, want null", got.Record)
	}
	expectChange(t, aliceOnA, "the update, on the writer's instance", "UPDATED", id)
	expectChange(t, aliceOnA, "the delete, on the writer's instance", "DELETED", id)

	// Bob's first change is his own: had alice's three reached him, they
	// would have come first, in the order they committed.
	bobs := createRecord(t, b, bob.AccessToken, nil)
	expectChange(t, bobOnB, "bob's own create, the first thing bob hears", "CREATED", bobs)

	t.Run("a bulk create of a thousand arrives whole, in order", func(t *testing.T) {
		ins := make([]map[string]any, 1000)
		for i := range ins {
			day := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i).Format(time.DateOnly)
			ins[i] = graphtest.Record(map[string]any{"amount": fmt.Sprint(i), "periodStart": day, "periodEnd": day})
		}
		var data struct{ CreateConsumptionRecords []struct{ ID string } }
		b.Post(t, alice.AccessToken, `mutation($in: [CreateConsumptionRecordInput!]!) { createConsumptionRecords(input: $in) { id } }`,
			map[string]any{"in": ins}).Must(t, &data)
		for i, r := range data.CreateConsumptionRecords {
			got := expectChange(t, aliceOnA, fmt.Sprintf("record %d of the bulk create", i), "CREATED", r.ID)
			if got.Record == nil || got.Record.Amount != fmt.Sprint(i) {
				t.Fatalf("record %d of the bulk create: %+v", i, got.Record)
			}
		}
	})

	t.Run("periods derived from readings arrive with their meter", func(t *testing.T) {
		var m struct{ CreateMeter struct{ ID string } }
		a.Post(t, bob.AccessToken, `mutation { createMeter(input: {type: GAS, unit: CUBIC_METER, name: "Cellar",
			installedOn: "2024-02-01", initialReading: "100"}) { id } }`, nil).Must(t, &m)
		a.Post(t, bob.AccessToken, `mutation($m: ID!) { addMeterReading(input: {meterId: $m, readOn: "2024-02-11", value: "110"}) { id } }`,
			map[string]any{"m": m.CreateMeter.ID}).Must(t, nil)
		got := nextChange(t, bobOnB, "a reading's period")
		if got.Kind != "CREATED" || got.Record == nil || got.Record.Source != "METER" || got.Record.Amount != "10" ||
			got.Record.Meter == nil || got.Record.Meter.Name != "Cellar" {
			t.Fatalf("a reading's period: %+v, record %+v", got, got.Record)
		}
		a.Post(t, bob.AccessToken, `mutation($m: ID!) { deleteMeter(id: $m) }`, map[string]any{"m": m.CreateMeter.ID}).Must(t, nil)
		expectChange(t, bobOnB, "deleting the meter", "DELETED", got.ID)
	})
}

// TestLiveSignIn checks how a live connection signs in, and every refusal:
// the close codes of graphql-transport-ws.
func TestLiveSignIn(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{CORSOrigins: []string{"https://app.example.com"}})
	user := srv.Register(t)
	ctx := context.Background()

	dial := func(t *testing.T) *graphtest.LiveConn {
		t.Helper()
		c, res, err := graphtest.DialLive(ctx, srv.URL, graphtest.DialOptions{})
		if err != nil {
			t.Fatalf("dial: %v (%v)", err, res)
		}
		t.Cleanup(c.Close)
		return c
	}
	// closedWith reads until the connection closes, and checks its code.
	closedWith := func(t *testing.T, c *graphtest.LiveConn, code int) string {
		t.Helper()
		m, err := c.NextWithin(15 * time.Second)
		if err == nil {
			t.Fatalf("got %+v, want the connection closed with %d", m, code)
		}
		if got := graphtest.CloseCode(err); got != code {
			t.Fatalf("closed with %d (%v), want %d", got, err, code)
		}
		return graphtest.CloseReason(err)
	}
	forged := func(sub, sid string, exp time.Time) string {
		tok := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
			"iss": graphtest.Issuer, "aud": graphtest.Audience, "sub": sub, "sid": sid, "jti": uuid.NewString(),
			"iat": time.Now().Add(-time.Minute).Unix(), "exp": exp.Unix(),
		})
		tok.Header["typ"] = "at+jwt"
		s, err := tok.SignedString(graphtest.Secret)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}

	t.Run("a valid token is acknowledged", func(t *testing.T) {
		c := dial(t)
		if err := c.Init(ctx, map[string]any{"authorization": "Bearer " + user.AccessToken}); err != nil {
			t.Fatal(err)
		}
	})

	refusals := []struct {
		name    string
		payload any
		code    int
	}{
		{"no payload", nil, 4403},
		{"no authorization", map[string]any{"other": "x"}, 4403},
		{"a token without Bearer", map[string]any{"authorization": user.AccessToken}, 4403},
		{"a forged token", map[string]any{"authorization": "Bearer " + user.AccessToken + "x"}, 4403},
		{"an expired token", map[string]any{"authorization": "Bearer " + forged(user.UserID, uuid.NewString(), time.Now().Add(-time.Second))}, 4403},
		{"a huge token", map[string]any{"authorization": "Bearer " + strings.Repeat("a", 10_000)}, 4403},
	}
	for _, tc := range refusals {
		t.Run("refused: "+tc.name, func(t *testing.T) {
			c := dial(t)
			if err := c.Send(ctx, map[string]any{"type": "connection_init", "payload": tc.payload}); err != nil {
				t.Fatal(err)
			}
			if reason := closedWith(t, c, tc.code); !strings.HasPrefix(reason, "Forbidden") {
				t.Errorf("reason %q", reason)
			}
		})
	}

	protocol := []struct {
		name string
		send []string
		code int
	}{
		{"a subscribe before connection_init", []string{`{"type":"subscribe","id":"1","payload":{"query":"subscription { consumptionChanged { id } }"}}`}, 4401},
		{"a second connection_init", []string{`{"type":"connection_init","payload":{"authorization":"Bearer ` + user.AccessToken + `"}}`,
			`{"type":"connection_init","payload":{"authorization":"Bearer ` + user.AccessToken + `"}}`}, 4429},
		{"a message of another protocol", []string{`{"type":"start","id":"1"}`}, 4400},
		{"a message that is not JSON", []string{`hello`}, 4400},
		{"a payload that is not an object", []string{`{"type":"connection_init","payload":"Bearer x"}`}, 4400},
	}
	for _, tc := range protocol {
		t.Run(tc.name, func(t *testing.T) {
			c := dial(t)
			for _, m := range tc.send {
				if err := c.SendRaw(ctx, m); err != nil {
					t.Fatal(err)
				}
			}
			for {
				m, err := c.NextWithin(10 * time.Second)
				if err != nil {
					if got := graphtest.CloseCode(err); got != tc.code {
						t.Fatalf("closed with %d (%v), want %d", got, err, tc.code)
					}
					break
				}
				if m.Type != "connection_ack" {
					t.Fatalf("got %+v, want the connection closed with %d", m, tc.code)
				}
			}
		})
	}

	t.Run("another subprotocol is refused with 4406", func(t *testing.T) {
		c, _, err := graphtest.DialLive(ctx, srv.URL, graphtest.DialOptions{Subprotocols: []string{"graphql-ws"}})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(c.Close)
		closedWith(t, c, 4406)
	})

	t.Run("no connection_init within ten seconds closes with 4408", func(t *testing.T) {
		t.Parallel()
		closedWith(t, dial(t), 4408)
	})

	t.Run("origins", func(t *testing.T) {
		for origin, ok := range map[string]bool{
			"":                             true, // not a browser
			srv.URL:                        true, // the server's own pages
			"https://app.example.com":      true, // CORS_ORIGINS
			"https://evil.example.com":     false,
			"http://app.example.com":       false,
			"https://app.example.com.evil": false,
		} {
			h := http.Header{}
			if origin != "" {
				h.Set("Origin", origin)
			}
			c, res, err := graphtest.DialLive(ctx, srv.URL, graphtest.DialOptions{Header: h})
			switch {
			case ok && err != nil:
				t.Errorf("origin %q: %v", origin, err)
			case !ok && err == nil:
				c.Close()
				t.Errorf("origin %q: connected, want 403", origin)
			case !ok && (res == nil || res.StatusCode != http.StatusForbidden):
				t.Errorf("origin %q: %v, want 403", origin, res)
			case ok:
				c.Close()
			}
		}
	})

	t.Run("a subscription sent over HTTP is refused", func(t *testing.T) {
		res := srv.Post(t, user.AccessToken, changedQuery, nil)
		if e := res.OnlyError(t); res.Status != http.StatusOK && res.Status != http.StatusBadRequest || e.Code() != "BAD_REQUEST" {
			t.Errorf("status %d, code %s", res.Status, e.Code())
		}
	})

	t.Run("a connection ends when its token expires", func(t *testing.T) {
		c, err := graphtest.ConnectLive(ctx, srv.URL, forged(user.UserID, uuid.NewString(), time.Now().Add(2*time.Second)))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(c.Close)
		if err := c.Subscribe(ctx, "1", changedQuery, nil); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		closedWith(t, c, 4403)
		if took := time.Since(start); took < time.Second {
			t.Errorf("closed after %v, before the token expired", took)
		}
	})
}

// TestLiveEndsWithTheSession signs a session out on one instance while it
// is subscribed on the other: its connection closes with 4403, and another
// session's stays.
func TestLiveEndsWithTheSession(t *testing.T) {
	a, b := twoInstances(t)
	user := a.Register(t)
	other := signIn(t, a, user)
	c := subscribed(t, b, user.AccessToken)
	stays := subscribed(t, b, other.AccessToken)

	a.Post(t, "", `mutation($r: String!) { logout(refreshToken: $r) }`, map[string]any{"r": user.RefreshToken}).Must(t, nil)
	start := time.Now()
	_, err := c.NextWithin(10 * time.Second)
	if code := graphtest.CloseCode(err); code != 4403 {
		t.Fatalf("after logout: %v (close code %d), want 4403", err, code)
	}
	if took := time.Since(start); took > auth.RevocationDelay+time.Second {
		t.Errorf("closed %v after the logout", took)
	}
	id := createRecord(t, a, other.AccessToken, nil)
	expectChange(t, stays, "another session of the user", "CREATED", id)
}

// TestLiveLimits fills the limits of connections and subscriptions, and
// checks each refusal and that a place freed can be taken again.
func TestLiveLimits(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{Live: live.Limits{
		Connections: 4, ConnectionsPerUser: 2, SubscriptionsPerConnection: 2, SubscriptionsPerUser: 3,
	}})
	ctx := context.Background()
	alice, bob, carol := srv.Register(t), srv.Register(t), srv.Register(t)
	connect := func(token string) (*graphtest.LiveConn, error) {
		c, err := graphtest.ConnectLive(ctx, srv.URL, token)
		if err == nil {
			t.Cleanup(c.Close)
		}
		return c, err
	}
	mustConnect := func(token, what string) *graphtest.LiveConn {
		c, err := connect(token)
		if err != nil {
			t.Fatalf("%s: %v (close code %d)", what, err, graphtest.CloseCode(err))
		}
		return c
	}
	refused := func(token, what string, code int, reason string) {
		_, err := connect(token)
		if got := graphtest.CloseCode(err); got != code || !strings.Contains(graphtest.CloseReason(err), reason) {
			t.Errorf("%s: %v (close code %d), want %d with %q", what, err, got, code, reason)
		}
	}

	first := mustConnect(alice.AccessToken, "alice's first connection")
	second := mustConnect(alice.AccessToken, "alice's second connection")
	refused(alice.AccessToken, "alice's third connection", 4403, "At most 2 live connections")
	mustConnect(bob.AccessToken, "bob's connection, beside alice's two")
	mustConnect(carol.AccessToken, "carol's, the instance's fourth")
	refused(carol.AccessToken, "a fifth on the instance", 1013, "as many live connections as it can")

	// subscribe starts a subscription, and returns the code of the error
	// that refused it, or "" when none came: a refusal comes at once.
	subscribe := func(c *graphtest.LiveConn, id string) string {
		t.Helper()
		if err := c.Subscribe(ctx, id, changedQuery, nil); err != nil {
			t.Fatal(err)
		}
		m, err := c.NextWithin(300 * time.Millisecond)
		if err != nil {
			return ""
		}
		errs, err := m.Data(nil)
		if err != nil || len(errs) != 1 || m.ID != id {
			t.Fatalf("subscription %s: %+v, %v", id, m, err)
		}
		if done, err := c.NextWithin(5 * time.Second); err != nil || done.Type != "complete" || done.ID != id {
			t.Errorf("after the refusal of %s: %+v, %v, want complete", id, done, err)
		}
		return errs[0].Code()
	}
	for _, step := range []struct {
		c        *graphtest.LiveConn
		id, want string
		what     string
	}{
		{first, "a", "", "the first subscription"},
		{first, "b", "", "the second on one connection"},
		{first, "c", "LIMIT_EXCEEDED", "a third on one connection"},
		{second, "d", "", "the user's third, on another connection"},
		{second, "e", "LIMIT_EXCEEDED", "the user's fourth"},
	} {
		if got := subscribe(step.c, step.id); got != step.want {
			t.Errorf("%s: %q, want %q", step.what, got, step.want)
		}
	}
	if err := first.Complete(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	// gqlgen says complete too, once the subscription has ended.
	if m, err := first.NextWithin(5 * time.Second); err != nil || m.Type != "complete" || m.ID != "a" {
		t.Fatalf("after completing a subscription: %+v, %v", m, err)
	}
	if got := subscribe(second, "f"); got != "" {
		t.Errorf("a subscription after one ended: %q", got)
	}

	// The subscriptions not refused run: each hears the next change
	// (those of one connection in any order).
	id := createRecord(t, srv, alice.AccessToken, nil)
	for c, ids := range map[*graphtest.LiveConn][]string{first: {"b"}, second: {"d", "f"}} {
		var heard []string
		for range ids {
			m, err := c.NextWithin(10 * time.Second)
			var data struct{ ConsumptionChanged change }
			if _, derr := m.Data(&data); err != nil || derr != nil || data.ConsumptionChanged.ID != id {
				t.Fatalf("subscriptions %v: %+v, %v, %v", ids, m, err, derr)
			}
			heard = append(heard, m.ID)
		}
		if slices.Sort(heard); !slices.Equal(heard, ids) {
			t.Errorf("the change reached subscriptions %v, want %v", heard, ids)
		}
	}

	if err := second.CloseNormally(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if _, err := connect(alice.AccessToken); err == nil {
			break
		} else if time.Now().After(deadline) {
			t.Fatalf("no place after a connection closed: %v", err)
		}
	}
}

// TestLiveDocumentLimits sends subscriptions past the limits every request
// has: they are refused as over HTTP, and a message larger than a request
// may be closes the connection.
func TestLiveDocumentLimits(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{Limits: limitsForTest()})
	user := srv.Register(t)
	ctx := context.Background()
	c, err := graphtest.ConnectLive(ctx, srv.URL, user.AccessToken)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)

	deep := "subscription { consumptionChanged { record { meter { readings { edges { node { meter { readings { edges { node { id } } } } } } } } } } }"
	for i, tc := range []struct{ query, code string }{
		{deep, "DEPTH_LIMIT_EXCEEDED"},
		{"subscription { consumptionChanged { record { meter { readings(first: 500) { edges { node { id value readOn estimated notes } } } } } } }", "COMPLEXITY_LIMIT_EXCEEDED"},
		{"subscription { consumptionChanged { nope } }", "GRAPHQL_VALIDATION_FAILED"},
		{"subscription {", "GRAPHQL_PARSE_FAILED"},
	} {
		id := fmt.Sprint(i)
		if err := c.Subscribe(ctx, id, tc.query, nil); err != nil {
			t.Fatal(err)
		}
		m, err := c.NextWithin(5 * time.Second)
		if err != nil {
			t.Fatalf("%s: %v", tc.code, err)
		}
		var errs []graphtest.Error
		if m.Type == "error" {
			errs, err = m.Errors()
		} else {
			errs, err = m.Data(nil)
		}
		// gqlgen completes the operation after either.
		if done, _ := c.NextWithin(5 * time.Second); done.Type != "complete" || done.ID != id {
			t.Errorf("%s: %+v after the errors, want complete", tc.code, done)
		}
		if err != nil || len(errs) == 0 || errs[0].Code() != tc.code || m.ID != id {
			t.Errorf("%s: got %+v (%v)", tc.code, m, err)
		}
	}

	huge := `{"type":"subscribe","id":"big","payload":{"query":"subscription { consumptionChanged { id } }","variables":{"x":"` +
		strings.Repeat("a", int(limitsForTest().MaxBodyBytes)) + `"}}}`
	if err := c.SendRaw(ctx, huge); err != nil {
		t.Fatal(err)
	}
	_, err = c.NextWithin(5 * time.Second)
	if code := graphtest.CloseCode(err); code != 1009 {
		t.Errorf("a message larger than a request may be: %v (close code %d), want 1009 (too big)", err, code)
	}
}

// TestLiveShutdown closes the live connections as the server stops: 1001,
// going away, and no new one is taken (503, with a time to try again).
func TestLiveShutdown(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	c := subscribed(t, srv, user.AccessToken)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- srv.Handler.Shutdown(ctx) }()
	_, err := c.NextWithin(10 * time.Second)
	if code := graphtest.CloseCode(err); code != 1001 {
		t.Fatalf("on shutdown: %v (close code %d), want 1001", err, code)
	}
	if err := <-done; err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	_, res, err := graphtest.DialLive(ctx, srv.URL, graphtest.DialOptions{})
	if err == nil || res == nil || res.StatusCode != http.StatusServiceUnavailable || res.Header.Get("Retry-After") == "" {
		t.Errorf("a connection after shutdown: %v, %v, want 503 with Retry-After", err, res)
	}
}

// TestLiveMissedChanges breaks the feed's connection to the database: the
// changes committed meanwhile are lost, so once the feed is back every
// connection closes with 1013, for its client to connect again and read
// afresh; and changes reach new subscribers again.
func TestLiveMissedChanges(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.Options{})
	user := srv.Register(t)
	c := subscribed(t, srv, user.AccessToken)
	if _, err := srv.DB.Exec(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND application_name = $1`, store.ListenerApplicationName); err != nil {
		t.Fatal(err)
	}
	_, err := c.NextWithin(15 * time.Second)
	if code := graphtest.CloseCode(err); code != 1013 {
		t.Fatalf("after the feed reconnected: %v (close code %d), want 1013", err, code)
	}
	again := subscribed(t, srv, user.AccessToken)
	id := createRecord(t, srv, user.AccessToken, nil)
	expectChange(t, again, "a change after the feed came back", "CREATED", id)
}

// limitsForTest are small request limits, for the limits to be reached.
func limitsForTest() httpapi.Limits {
	return httpapi.Limits{MaxBodyBytes: 4096, MaxDepth: 8, MaxComplexity: 2000}
}

// TestLiveWithAPITokens follows changes with API tokens: a READ token may
// subscribe; its connection closes when the token is revoked, on another
// instance, or expires.
func TestLiveWithAPITokens(t *testing.T) {
	a, b := twoInstances(t)
	user := a.Register(t)
	read := a.CreateAPIToken(t, user.AccessToken, "READ", nil)
	c := subscribed(t, b, read.Token)
	id := createRecord(t, a, user.AccessToken, nil)
	expectChange(t, c, "a change, to a READ token's subscription", "CREATED", id)

	a.Post(t, user.AccessToken, `mutation($id: ID!) { revokeApiToken(id: $id) }`, map[string]any{"id": read.ID}).Must(t, nil)
	_, err := c.NextWithin(10 * time.Second)
	if code := graphtest.CloseCode(err); code != 4403 {
		t.Fatalf("after the token was revoked: %v (close code %d), want 4403", err, code)
	}
	if _, err := graphtest.ConnectLive(context.Background(), b.URL, read.Token); graphtest.CloseCode(err) != 4403 {
		t.Errorf("connecting with the revoked token: %v, want 4403", err)
	}

	expires := time.Now().Add(3 * time.Second)
	brief := a.CreateAPIToken(t, user.AccessToken, "READ_WRITE", &expires)
	c = subscribed(t, b, brief.Token)
	_, err = c.NextWithin(15 * time.Second)
	if code := graphtest.CloseCode(err); code != 4403 || time.Now().Before(expires) {
		t.Fatalf("a token that expires: %v (close code %d) at %v, want 4403 after %v", err, code, time.Now(), expires)
	}
}
