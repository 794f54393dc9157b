package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"syscall"
	"testing"
	"time"

	"consumption/graphtest"
	"consumption/store/storetest"
)

// TestLiveAcrossRestart follows changes through a restart of the server,
// as the graphql-ws client does: the stopping server closes the connection
// as going away (1001), and the client connects again, to the server that
// starts in its place, subscribes again and hears the changes made there.
func TestLiveAcrossRestart(t *testing.T) {
	dbURL := storetest.NewDatabase(t)
	env := map[string]string{"DATABASE_URL": dbURL, "PORT": fmt.Sprint(storetest.FreePort(t))}
	first := startServer(t, env)
	first.waitForReadyz(t, http.StatusOK, time.Minute)
	token := first.register(t)

	const subscription = `subscription { consumptionChanged { kind id record { periodStart } } }`
	// follow connects and subscribes, trying again while nothing answers,
	// as a client does after its connection is lost.
	follow := func(base string) *graphtest.LiveConn {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		for {
			c, err := graphtest.ConnectLive(ctx, base, token)
			if err == nil {
				t.Cleanup(c.Close)
				if err := c.Subscribe(ctx, "1", subscription, nil); err != nil {
					t.Fatal(err)
				}
				// The server starts a subscription before it reads on: a
				// ping answered means it runs.
				if err := c.Send(ctx, map[string]any{"type": "ping"}); err != nil {
					t.Fatal(err)
				}
				if m, err := c.Next(ctx); err != nil || m.Type != "pong" {
					t.Fatalf("a ping: %+v, %v", m, err)
				}
				return c
			}
			if ctx.Err() != nil {
				t.Fatalf("could not connect again: %v", err)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	// hears checks that a record created through p reaches c.
	hears := func(p *process, c *graphtest.LiveConn, day int) {
		t.Helper()
		res := p.post(token, createKeyed, map[string]any{"in": dayRecord(day)})
		if !res.ok() {
			t.Fatalf("create: %+v", res)
		}
		var data struct{ CreateConsumptionRecord struct{ ID string } }
		if err := json.Unmarshal(res.Data, &data); err != nil {
			t.Fatal(err)
		}
		m, err := c.NextWithin(10 * time.Second)
		if err != nil {
			t.Fatalf("waiting for the change: %v", err)
		}
		var got struct{ ConsumptionChanged struct{ Kind, ID string } }
		if _, err := m.Data(&got); err != nil || got.ConsumptionChanged.Kind != "CREATED" || got.ConsumptionChanged.ID != data.CreateConsumptionRecord.ID {
			t.Fatalf("got %+v (%v), want the record created", got, err)
		}
	}

	c := follow(first.base)
	hears(first, c, 1)
	first.signal(t, syscall.SIGTERM)
	_, err := c.NextWithin(30 * time.Second)
	if code := graphtest.CloseCode(err); code != 1001 {
		t.Fatalf("on SIGTERM: %v (close code %d), want 1001, going away", err, code)
	}
	if code := first.waitForExit(t, 30*time.Second); code != 0 {
		t.Fatalf("the server exited with %d", code)
	}

	second := startServer(t, env)
	c = follow(second.base)
	hears(second, c, 2)
}
