package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// measurement is what one run of a scenario gave.
type measurement struct {
	requests int
	errors   int
	elapsed  time.Duration
	p50, p99 time.Duration
	peakRSS  int64
	// firstError is an example of what went wrong, if anything did.
	firstError string
	// latencies are kept to merge rounds into one set of quantiles.
	latencies []time.Duration
}

// merge returns the measurement of m's run and n's together.
func (m measurement) merge(n measurement) measurement {
	m.requests += n.requests
	m.errors += n.errors
	m.elapsed += n.elapsed
	m.peakRSS = max(m.peakRSS, n.peakRSS)
	if m.firstError == "" {
		m.firstError = n.firstError
	}
	lat := latencies{d: append(m.latencies, n.latencies...)}
	m.latencies = lat.d
	m.p50, m.p99 = lat.quantile(0.50), lat.quantile(0.99)
	return m
}

func (m measurement) rate() float64 { return float64(m.requests) / m.elapsed.Seconds() }

// latencies collects the durations of one run.
type latencies struct {
	mu sync.Mutex
	d  []time.Duration
}

func (l *latencies) add(d time.Duration) {
	l.mu.Lock()
	l.d = append(l.d, d)
	l.mu.Unlock()
}

func (l *latencies) quantile(q float64) time.Duration {
	if len(l.d) == 0 {
		return 0
	}
	slices.Sort(l.d)
	return l.d[min(int(q*float64(len(l.d))), len(l.d)-1)]
}

// measureServer drives a server with vegeta as fast as o.concurrency
// workers allow, first for the warm-up, then for the measured duration,
// with the requests body makes. A response counts as an error unless it is
// a 200 with no GraphQL errors.
func measureServer(ctx context.Context, srv *server, name string, body func(i uint64) (string, []byte), o options) (measurement, error) {
	var counter atomic.Uint64
	targeter := func(t *vegeta.Target) error {
		token, body := body(counter.Add(1))
		t.Method, t.URL, t.Body = http.MethodPost, srv.url+"/graphql", body
		t.Header = http.Header{
			"Content-Type":  {"application/json"},
			"Authorization": {"Bearer " + token},
		}
		return nil
	}
	attacker := vegeta.NewAttacker(
		vegeta.Workers(uint64(o.concurrency)),
		vegeta.MaxWorkers(uint64(o.concurrency)),
		vegeta.Connections(o.concurrency),
		vegeta.MaxConnections(o.concurrency),
		vegeta.KeepAlive(true),
		vegeta.Timeout(30*time.Second),
		// Our server writes "errors" before "data": the start of a body
		// tells whether it failed, and the load generator, which shares
		// the machine's cores, need not copy the rest.
		vegeta.MaxBody(int64(srv.answerPrefix)),
	)
	// One attack covers the warm-up and the measurement (an attacker stops
	// for good at the end of an attack); only requests sent after the
	// warm-up count. A rate of 0 with a fixed number of workers sends as
	// fast as they are answered: a closed loop of o.concurrency requests.
	var m measurement
	var lat latencies
	measureFrom := time.Now().Add(o.warmup)
	measureTo := measureFrom.Add(o.duration)
	peakReset := time.AfterFunc(o.warmup, srv.resetPeak)
	defer peakReset.Stop()
	var profiled sync.WaitGroup
	if o.profileDir != "" && srv.pprof != "" {
		path := filepath.Join(o.profileDir, strings.ReplaceAll(name, "/", "-")+".pprof")
		profiled.Go(func() {
			time.Sleep(o.warmup)
			if err := srv.profile(ctx, o.duration, path); err != nil {
				fmt.Fprintln(os.Stderr, "bench: profile:", err)
			}
		})
	}
	defer profiled.Wait()
	for r := range attacker.Attack(targeter, vegeta.Rate{Freq: 0}, o.warmup+o.duration, name) {
		if ctx.Err() != nil {
			attacker.Stop()
		}
		if r.Timestamp.Before(measureFrom) || r.Timestamp.Add(r.Latency).After(measureTo) {
			continue
		}
		m.requests++
		lat.add(r.Latency)
		if r.Code != http.StatusOK || bytes.Contains(r.Body, []byte(`"errors"`)) {
			m.errors++
			if m.firstError == "" {
				m.firstError = string(r.Body)
				if r.Error != "" {
					m.firstError = r.Error
				}
			}
		}
	}
	m.elapsed = o.duration
	m.p50, m.p99, m.peakRSS = lat.quantile(0.50), lat.quantile(0.99), srv.peakRSS()
	m.latencies = lat.d
	return m, ctx.Err()
}

// errorsPrefix is how much of our server's response tells whether it has
// errors.
const errorsPrefix = 64

// measureDirect runs SQL directly with o.concurrency goroutines in a closed
// loop, after the same warm-up: run sends request i.
func measureDirect(ctx context.Context, run func(ctx context.Context, i uint64) error, o options) measurement {
	var counter atomic.Uint64
	loop := func(d time.Duration, lat *latencies, m *measurement, mu *sync.Mutex) {
		ctx, cancel := context.WithTimeout(ctx, d)
		defer cancel()
		var wg sync.WaitGroup
		for range o.concurrency {
			wg.Go(func() {
				for ctx.Err() == nil {
					t := time.Now()
					err := run(ctx, counter.Add(1))
					if ctx.Err() != nil {
						return // cut short by the end of the run: not counted
					}
					if lat == nil {
						continue
					}
					lat.add(time.Since(t))
					mu.Lock()
					m.requests++
					if err != nil {
						m.errors++
						if m.firstError == "" {
							m.firstError = err.Error()
						}
					}
					mu.Unlock()
				}
			})
		}
		wg.Wait()
	}
	loop(o.warmup, nil, nil, nil)
	var m measurement
	var lat latencies
	var mu sync.Mutex
	start := time.Now()
	loop(o.duration, &lat, &m, &mu)
	m.elapsed = time.Since(start)
	m.p50, m.p99 = lat.quantile(0.50), lat.quantile(0.99)
	m.latencies = lat.d
	return m
}
