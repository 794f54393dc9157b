package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"
	"golang.org/x/sync/errgroup"
)

// Idle live connections: how many the server holds within a memory budget
// (`go run ./bench -live`). Each connection signs in with an access token of
// one of the active users, subscribes to consumptionChanged once and then
// only answers the server's pings, as a dashboard left open in a tab does.
// The server's resident memory is read after each step of connections, once
// it has settled; the count stops at the first step past the budget. At the
// end every connection must still be open and hear a change of its user's
// records, so that what was counted are working subscriptions.

// liveOptions are the flags of -live.
type liveOptions struct {
	run      bool
	budgetMB float64
	step     int
	max      int
}

// liveSubscription is what each idle connection follows: the changes, not
// the records, so that the check at the end reads nothing per connection.
const liveSubscription = `subscription { consumptionChanged { kind id } }`

func runLive(ctx context.Context, o options, stdout io.Writer) error {
	db, err := seed(ctx, o, stdout)
	if err != nil {
		return err
	}
	defer db.close()
	limit := strconv.Itoa(o.live.max)
	srv, err := startServer(ctx, o.serverBinary, db.url, serverOptions{env: []string{
		// The limits would stop the count before the memory does.
		"LIVE_MAX_CONNECTIONS=" + limit, "LIVE_MAX_CONNECTIONS_PER_USER=" + limit, "LIVE_MAX_SUBSCRIPTIONS_PER_USER=" + limit,
	}})
	if err != nil {
		return err
	}
	defer srv.stop()
	users, err := db.activeUsers(ctx, o.activeUsers)
	if err != nil {
		return err
	}
	bearer, err := accessTokens(srv, users)
	if err != nil {
		return err
	}

	budget := int64(o.live.budgetMB * 1e6)
	// settled reads the server's memory once the connections just opened
	// have finished their handshakes' work, and the share of a core the
	// server used meanwhile, holding them idle (the collector's, mostly).
	settled := func() (rss int64, idleCPU float64) {
		time.Sleep(time.Second)
		before, start := srv.cpuTime(), time.Now()
		time.Sleep(3 * time.Second)
		return srv.rss(), float64(srv.cpuTime()-before) / float64(time.Since(start))
	}
	fmt.Fprintf(stdout, "%11s  %10s  %10s  %13s  %10s  %10s  %10s  %8s\n",
		"connections", "RSS", "peak RSS", "per conn.", "goroutines", "heap", "stacks", "idle CPU")
	row := func(n int, rss, base int64, idleCPU float64) {
		per := "-"
		if n > 0 {
			per = fmt.Sprintf("%.1f kB", float64(rss-base)/float64(n)/1e3)
		}
		g := goStats(srv)
		fmt.Fprintf(stdout, "%11d  %7.1f MB  %7.1f MB  %13s  %10.0f  %7.1f MB  %7.1f MB  %7.1f%%\n", n, float64(rss)/1e6, float64(srv.highWaterRSS())/1e6,
			per, g["go_goroutines"], g["go_memstats_heap_inuse_bytes"]/1e6, g["go_memstats_stack_inuse_bytes"]/1e6, idleCPU*100)
	}

	var conns []*liveConn
	defer func() {
		for _, c := range conns {
			c.ws.CloseNow()
		}
	}()
	base, idle := settled()
	row(0, base, base, idle)
	within, rssWithin, rssPast := 0, base, int64(0)
	for len(conns) < o.live.max {
		n := min(o.live.step, o.live.max-len(conns))
		opened, err := openLive(ctx, srv.url, bearer, len(conns), n, o.concurrency)
		conns = append(conns, opened...)
		if err != nil {
			return fmt.Errorf("after %d connections: %w", len(conns), err)
		}
		rss, idle := settled()
		row(len(conns), rss, base, idle)
		if rss > budget {
			rssPast = rss
			break
		}
		within, rssWithin = len(conns), rss
	}
	if rssPast == 0 {
		fmt.Fprintf(stdout, "\n%d connections, the most asked (-live-max), held within the budget\n", within)
	} else {
		// Between the last step within the budget and the first past it,
		// memory grows about linearly with the connections.
		at := within + int(float64(budget-rssWithin)/float64(rssPast-rssWithin)*float64(len(conns)-within))
		fmt.Fprintf(stdout, "\nwithin %.0f MB: %d connections measured, about %d by the slope of the last step\n", o.live.budgetMB, within, at)
	}
	return heardByAll(ctx, stdout, srv, conns, bearer)
}

// goStats reads the Go runtime's figures from the server's /metrics, by
// name (zero where it cannot).
func goStats(srv *server) map[string]float64 {
	out := map[string]float64{}
	res, err := http.Get("http://" + srv.metrics + "/metrics")
	if err != nil {
		return out
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), " ")
		if ok && strings.HasPrefix(name, "go_") {
			out[name], _ = strconv.ParseFloat(value, 64)
		}
	}
	return out
}

// openLive opens n connections, the i-th as user (first+i) modulo the users,
// with concurrency handshakes at a time.
func openLive(ctx context.Context, base string, bearer []string, first, n, concurrency int) ([]*liveConn, error) {
	conns := make([]*liveConn, n)
	var next atomic.Int64
	g, gctx := errgroup.WithContext(ctx)
	for range concurrency {
		g.Go(func() error {
			for {
				i := int(next.Add(1)) - 1
				if i >= n || gctx.Err() != nil {
					return nil
				}
				c, err := dialLive(gctx, base, bearer[(first+i)%len(bearer)])
				if err != nil {
					return fmt.Errorf("connection %d: %w", first+i, err)
				}
				conns[i] = c
			}
		})
	}
	err := g.Wait()
	opened := conns[:0]
	for _, c := range conns {
		if c != nil {
			opened = append(opened, c)
		}
	}
	return opened, err
}

// liveConn is one idle client of graphql-transport-ws.
type liveConn struct {
	ws *websocket.Conn
	// heard counts the changes told.
	heard atomic.Int64
	// done is closed when the connection ends, with err.
	done chan struct{}
	err  error
}

// liveMessage is a message of graphql-transport-ws.
type liveMessage struct {
	Type    string          `json:"type"`
	ID      string          `json:"id,omitempty"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// dialLive connects, signs in with token, subscribes, and makes sure the
// subscription runs: the server starts it before it reads the ping that
// follows, so a pong, and nothing before it, means it was taken.
func dialLive(ctx context.Context, base, token string) (*liveConn, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, "ws"+strings.TrimPrefix(base, "http")+"/graphql",
		&websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	if err != nil {
		return nil, err
	}
	expect := func(typ string) error {
		var m liveMessage
		if err := wsjson.Read(ctx, ws, &m); err != nil {
			return err
		}
		if m.Type != typ {
			return fmt.Errorf("got %s %s, want %s", m.Type, m.Payload, typ)
		}
		return nil
	}
	for _, step := range []func() error{
		func() error {
			return wsjson.Write(ctx, ws, map[string]any{"type": "connection_init", "payload": map[string]string{"authorization": "Bearer " + token}})
		},
		func() error { return expect("connection_ack") },
		func() error {
			return wsjson.Write(ctx, ws, map[string]any{"type": "subscribe", "id": "1", "payload": map[string]string{"query": liveSubscription}})
		},
		func() error { return wsjson.Write(ctx, ws, map[string]any{"type": "ping"}) },
		func() error { return expect("pong") },
	} {
		if err := step(); err != nil {
			ws.CloseNow()
			return nil, err
		}
	}
	c := &liveConn{ws: ws, done: make(chan struct{})}
	go c.read()
	return c, nil
}

// read answers the server's pings and counts the changes, until the
// connection ends.
func (c *liveConn) read() {
	defer close(c.done)
	for {
		var m liveMessage
		if err := wsjson.Read(context.Background(), c.ws, &m); err != nil {
			c.err = err
			return
		}
		switch m.Type {
		case "ping":
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			err := wsjson.Write(ctx, c.ws, map[string]string{"type": "pong"})
			cancel()
			if err != nil {
				c.err = err
				return
			}
		case "next":
			c.heard.Add(1)
		default:
			c.err = fmt.Errorf("unexpected %s %s", m.Type, m.Payload)
			c.ws.CloseNow()
			return
		}
	}
}

// heardByAll creates a record for each user and waits until every
// connection has been told of its user's: the connections counted were
// open and subscribed to the end.
func heardByAll(ctx context.Context, stdout io.Writer, srv *server, conns []*liveConn, bearer []string) error {
	body, _ := json.Marshal(map[string]any{"query": createQuery, "variables": map[string]any{"in": map[string]any{
		// Before 2010, where the next run's seed step clears what runs created.
		"type": "GAS", "amount": "1", "unit": "KWH", "periodStart": "1990-01-01", "periodEnd": "1990-01-01",
	}}})
	for _, token := range bearer {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.url+"/graphql", bytes.NewReader(body))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		answer, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil || res.StatusCode != http.StatusOK || bytes.Contains(answer, []byte(`"errors"`)) {
			return fmt.Errorf("creating a record to be heard: %d %s %v", res.StatusCode, answer, err)
		}
	}
	deadline := time.Now().Add(time.Minute)
	for {
		heard, closed := 0, 0
		var closedWith error
		for _, c := range conns {
			select {
			case <-c.done:
				closed++
				closedWith = c.err
				continue
			default:
			}
			if c.heard.Load() > 0 {
				heard++
			}
		}
		switch {
		case closed > 0:
			return fmt.Errorf("%d of %d connections closed, one with: %v", closed, len(conns), closedWith)
		case heard == len(conns):
			fmt.Fprintf(stdout, "each of the %d connections heard its user's change\n", len(conns))
			return nil
		case time.Now().After(deadline):
			return fmt.Errorf("%d of %d connections heard their user's change within a minute", heard, len(conns))
		}
		time.Sleep(100 * time.Millisecond)
	}
}
