// Command bench measures the server under load, as `make bench` runs it.
//
// It seeds a database with synthetic users and records (once: the database is
// kept between runs), starts the built server on it, and for each scenario
// drives it with vegeta at a fixed concurrency, then runs at the same
// concurrency the store's own SQL directly against PostgreSQL and, for
// aggregates, the plain grouping over the same rows (the floor), and with
// -peer drives PostGraphile with pg-aggregates on the same database. It
// prints the rates, the server's ratio to each baseline, latencies, errors
// and peak memory.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"time"

	"consumption/store/storetest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type options struct {
	adminURL       string
	serverBinary   string
	users          int
	recordsPerUser int
	activeUsers    int
	concurrency    int
	duration       time.Duration
	warmup         time.Duration
	only           string
	reseed         bool
	scale          bool
	profileDir     string
	rounds         int
	peer           bool
	// against is another build of the server to measure beside this one.
	against string
	// citus, when set, is the Citus cluster started for the run, which
	// the benchmark's database is made on.
	citus *storetest.CitusCluster
	live  liveOptions
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	// The load generator shares the machine's cores with what it measures:
	// collecting its garbage less often leaves more of them to the server.
	debug.SetGCPercent(400)
	var o options
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.StringVar(&o.adminURL, "db", storetest.AdminURL(), "PostgreSQL URL of a database from which to create the benchmark's own")
	fs.StringVar(&o.serverBinary, "server", "bin/server", "the built server to measure")
	fs.IntVar(&o.users, "users", 2000, "users to seed")
	fs.IntVar(&o.recordsPerUser, "records-per-user", 1000, "records to seed per user")
	fs.IntVar(&o.activeUsers, "active-users", 200, "users the load is spread over")
	fs.IntVar(&o.concurrency, "concurrency", 16, "requests in flight at once")
	fs.DurationVar(&o.duration, "duration", 15*time.Second, "how long each scenario runs, for the server and for direct SQL each")
	fs.DurationVar(&o.warmup, "warmup", 2*time.Second, "how long each scenario runs before it is measured")
	fs.IntVar(&o.rounds, "rounds", 3, "alternations of server and direct SQL within each scenario's duration")
	fs.StringVar(&o.only, "only", "", "run only the scenarios with these names, separated by commas")
	fs.BoolVar(&o.reseed, "reseed", false, "seed the database again even if it holds the data asked for")
	fs.StringVar(&o.profileDir, "profile", "", "write the server's CPU profile of each scenario into this directory")
	fs.BoolVar(&o.peer, "peer", false, "also measure PostGraphile with pg-aggregates on the same data (installs its npm packages on first use)")
	fs.StringVar(&o.against, "against", "", "also measure this other build of the server, on the same data with the same requests, in the same rounds")
	onCitus := fs.Bool("citus", false, "run on a Citus cluster of a coordinator and two workers started for the run, with 32 shards per table (Citus must be installed: `make test-citus` installs it)")
	fs.BoolVar(&o.scale, "scale", false, "compare a user's query times in tables of 100 thousand and 10 million records instead")
	fs.BoolVar(&o.live.run, "live", false, "count the idle live connections, each with a subscription, that the server holds within -live-budget instead")
	fs.Float64Var(&o.live.budgetMB, "live-budget", 150, "the server's resident memory, in MB (10^6 bytes), that -live fills")
	fs.IntVar(&o.live.step, "live-step", 500, "connections -live opens between two readings of the server's memory")
	fs.IntVar(&o.live.max, "live-max", 15_000, "the most connections -live opens")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *onCitus {
		p := &storetest.Process{}
		defer p.Close()
		o.citus = storetest.NewCitusCluster(p, 2, "citus.shard_count=32")
		o.adminURL = o.citus.URL("postgres")
		fmt.Fprintf(stdout, "on a Citus cluster: coordinator %s, %d workers\n", o.adminURL, len(o.citus.Workers))
	}
	switch {
	case o.scale:
		return runScale(ctx, o, stdout)
	case o.live.run:
		return runLive(ctx, o, stdout)
	case o.peer && o.against != "":
		return fmt.Errorf("-peer and -against each add a server to compare with; ask for one")
	}
	if o.profileDir != "" {
		if err := os.MkdirAll(o.profileDir, 0o755); err != nil {
			return err
		}
	}

	db, srv, scenarios, err := prepare(ctx, o, stdout)
	if err != nil {
		return err
	}
	defer db.close()
	defer srv.stop()
	var peer *server
	peerName := ""
	if o.against != "" {
		// The other build takes the same tokens, and sends the same
		// requests: creations too, on days of their own, from one counter.
		if peer, err = startServer(ctx, o.against, db.url, serverOptions{secret: srv.secret}); err != nil {
			return err
		}
		defer peer.stop()
		peerName = filepath.Base(o.against)
		for i := range scenarios {
			scenarios[i].peer = scenarios[i].body
		}
	}
	if o.peer {
		peerName = "PostGraphile"
		if peer, err = startPeer(ctx, db.url, srv.secret); err != nil {
			return err
		}
		defer peer.stop()
		totals := scenarios[slices.IndexFunc(scenarios, func(sc scenario) bool { return sc.name == "totals/year" })]
		if err := checkPeer(ctx, peer, totals, db.floor, db.active[0]); err != nil {
			return err
		}
	}
	o.rounds = max(o.rounds, 1)
	fmt.Fprintf(stdout, "\n%d requests in flight, %s per measurement in %d rounds, each after %s of warm-up, over %d users\n\n",
		o.concurrency, o.duration, o.rounds, o.warmup, o.activeUsers)
	report := newReport(stdout, peerName)
	for _, sc := range scenarios {
		if o.only != "" && !slices.Contains(strings.Split(o.only, ","), sc.name) {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		// Rounds alternate the server and the baselines, so that the
		// machine's drifting background load falls on all alike.
		var r result
		ro := o
		ro.duration = o.duration / time.Duration(o.rounds)
		for range o.rounds {
			s, err := measureServer(ctx, srv, sc.name, sc.body, ro)
			if err != nil {
				return fmt.Errorf("%s: %w", sc.name, err)
			}
			r.server = r.server.merge(s)
			r.direct = r.direct.merge(measureDirect(ctx, sc.direct, ro))
			if sc.plain != nil {
				r.plain = r.plain.merge(measureDirect(ctx, sc.plain, ro))
			}
			if peer != nil && sc.peer != nil {
				p, err := measureServer(ctx, peer, sc.name, sc.peer, ro)
				if err != nil {
					return fmt.Errorf("%s, peer: %w", sc.name, err)
				}
				r.peer = r.peer.merge(p)
			}
		}
		report.add(sc.name, r)
	}
	report.flush()
	fmt.Fprintf(stdout, "\nserver peak RSS over the whole run: %.1f MiB\n", float64(srv.highWaterRSS())/(1<<20))
	if peer != nil {
		fmt.Fprintf(stdout, "%s peak RSS over the whole run: %.1f MiB\n", peerName, float64(peer.highWaterRSS())/(1<<20))
	}
	return nil
}

// prepare seeds the database o asks for, starts the server on it, and makes
// the scenarios over its active users.
func prepare(ctx context.Context, o options, stdout io.Writer) (*benchDB, *server, []scenario, error) {
	db, err := seed(ctx, o, stdout)
	if err != nil {
		return nil, nil, nil, err
	}
	if db.floor, err = openFloor(db.url, o.concurrency); err != nil {
		db.close()
		return nil, nil, nil, err
	}
	srv, err := startServer(ctx, o.serverBinary, db.url, serverOptions{profile: o.profileDir != ""})
	if err != nil {
		db.close()
		return nil, nil, nil, err
	}
	users, err := db.activeUsers(ctx, o.activeUsers)
	db.active = users
	if err == nil {
		var scenarios []scenario
		if scenarios, err = newScenarios(srv, db.store, db.floor, users); err == nil {
			return db, srv, scenarios, nil
		}
	}
	srv.stop()
	db.close()
	return nil, nil, nil, err
}
