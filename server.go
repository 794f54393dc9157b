// Command server runs the consumption server: a multi-tenant GraphQL API
// where people record the electricity, water and gas they use and read it
// back as figures and charts.
//
//	server                      migrate the database and serve
//	server migrate up|down|status
//	server healthcheck          exit 0 when the server on $PORT is ready
//
// Configuration comes from the environment; see README.md.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"
	_ "time/tzdata" // time zones even where the system has no tz database

	"consumption/auth"
	"consumption/client"
	"consumption/config"
	"consumption/forecasts"
	"consumption/graph"
	"consumption/httpapi"
	"consumption/live"
	"consumption/meters"
	"consumption/metrics"
	"consumption/records"
	"consumption/sample"
	"consumption/store"
	"consumption/tariffs"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "server:", err)
		os.Exit(1)
	}
}

// run starts the server, or runs the subcommand args name, until ctx ends.
func run(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	cfg, warnings, err := config.Load(getenv)
	if err != nil {
		return err
	}
	tuneGC(getenv)
	if len(args) == 1 && args[0] == "healthcheck" {
		return healthcheck(ctx, cfg.Port)
	}
	logger := newLogger(cfg, stdout)
	for _, w := range warnings {
		logger.Warn(w)
	}

	if cfg.Development() {
		created, err := store.CreateDatabaseIfMissing(ctx, cfg.DatabaseURL)
		if err != nil {
			return err
		}
		if created {
			logger.Info("created the database, as it was missing")
		}
	}
	st, err := store.Open(ctx, cfg.DatabaseURL, store.PoolOptions{
		MaxOpenConns: cfg.DBMaxOpenConns, ConnMaxLifetime: 30 * time.Minute,
		AcquireTimeout: cfg.DBPoolWait, StatementTimeout: cfg.DBStatementTimeout,
		ReadURL: cfg.DatabaseReadURL,
	})
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.PingReplica(ctx); err != nil {
		logger.Warn("the read replica does not answer; reads go to the primary until it does", "error", err)
	}

	if len(args) > 0 {
		return runCommand(ctx, st, args, stdout)
	}
	logger.Info("starting", "config", cfg)
	if err := checkLoginRole(ctx, cfg, st, logger); err != nil {
		return err
	}
	n, err := st.Migrate(ctx, store.Up)
	if err != nil {
		return err
	}
	logger.Info("database migrated", "applied", n)
	return serve(ctx, cfg, st, logger)
}

// checkLoginRole refuses to serve in production as a database user that
// row-level security does not bind, unless ALLOW_SUPERUSER says to: each
// request's transaction switches to a role that policies limit, but a
// statement that ran RESET ROLE there would be back to a user that sees
// every row. In development, where the default user is postgres, it says so.
func checkLoginRole(ctx context.Context, cfg config.Config, st *store.Store, logger *slog.Logger) error {
	role, err := st.LoginRole(ctx)
	if err != nil {
		return err
	}
	if !role.Superuser && !role.BypassRLS {
		return nil
	}
	what := "a superuser"
	if !role.Superuser {
		what = "allowed to bypass row-level security (BYPASSRLS)"
	}
	problem := fmt.Sprintf("the database user %q is %s, or can become one, so row-level security does not bind it", role.Name, what)
	switch {
	case cfg.Development():
		logger.Info(problem + "; in production the server refuses to start so")
	case cfg.AllowSuperuser:
		logger.Warn(problem + "; starting anyway, as ALLOW_SUPERUSER=true says")
	default:
		return fmt.Errorf("%s: connect as a user that owns the database and is not a superuser "+
			"(README.md, \"Running it in production\", says how to make one), or set ALLOW_SUPERUSER=true to start anyway", problem)
	}
	return nil
}

// runCommand runs a subcommand: migrate up, migrate down or migrate status.
func runCommand(ctx context.Context, st *store.Store, args []string, stdout io.Writer) error {
	usage := errors.New("usage: server [migrate up|down|status | healthcheck]")
	if len(args) != 2 || args[0] != "migrate" {
		return usage
	}
	switch args[1] {
	case "up", "down":
		dir := store.Up
		if args[1] == "down" {
			dir = store.Down
		}
		n, err := st.Migrate(ctx, dir)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "migrate %s: %d migration(s)\n", args[1], n)
		return nil
	case "status":
		all, err := st.MigrationStatus(ctx)
		if err != nil {
			return err
		}
		for _, m := range all {
			applied := "pending"
			if m.AppliedAt.Valid {
				applied = "applied " + m.AppliedAt.Time.UTC().Format(time.RFC3339)
			}
			fmt.Fprintf(stdout, "%-40s %s\n", m.ID, applied)
		}
		return nil
	}
	return usage
}

// serve answers HTTP requests until ctx ends, then stops taking new ones,
// lets those in flight finish, and returns.
func serve(ctx context.Context, cfg config.Config, st *store.Store, logger *slog.Logger) error {
	now := time.Now
	m := metrics.New(st.Pools())
	tokens := auth.NewTokens(cfg.JWTSecret, "consumption-server", "consumption-api", cfg.AccessTokenTTL, now)
	authService, err := auth.NewService(st, auth.Options{
		Tokens:     tokens,
		RefreshTTL: cfg.RefreshTokenTTL,
		HashParams: auth.DefaultHashParams,
		Throttle: auth.Throttle{
			PerAccount:              cfg.LoginFailuresPerAccount,
			PerAddress:              cfg.LoginFailuresPerAddress,
			RegistrationsPerAddress: cfg.RegistrationsPerAddress,
			Window:                  cfg.LoginFailureWindow,
		},
		Now:      now,
		Observer: m,
	})
	if err != nil {
		return err
	}

	bills := records.NewService(st, now)
	var stopping atomic.Bool
	revocations, err := auth.StartRevocations(st, cfg.AccessTokenTTL, logger)
	if err != nil {
		return err
	}
	defer revocations.Close()
	// Deleted records are remembered 90 days for clients that sync; the
	// instances take turns to forget older ones.
	cleanup := records.StartTombstoneCleanup(st, logger)
	defer cleanup.Close()
	apiTokens := auth.StartAPITokens(st, revocations, auth.APITokenOptions{Now: now, Logger: logger})
	// Closed after the HTTP server has drained, so that the last uses are
	// written.
	defer apiTokens.Close()
	feed, err := live.Start(st, live.Limits{
		Connections:                cfg.LiveMaxConnections,
		ConnectionsPerUser:         cfg.LiveMaxConnectionsPerUser,
		SubscriptionsPerConnection: cfg.LiveMaxSubscriptionsPerConnection,
		SubscriptionsPerUser:       cfg.LiveMaxSubscriptionsPerUser,
	}, logger)
	if err != nil {
		return err
	}
	defer feed.Close()
	handler := httpapi.NewHandler(httpapi.Options{
		Resolver: &graph.Resolver{
			Auth: authService, APITokenService: apiTokens, Records: bills, Aggregates: records.NewAggregates(st), Tariffs: tariffs.NewService(st),
			MeterService: meters.NewService(st, bills), Forecasts: forecasts.NewService(st, bills),
			Sample: sample.NewService(st, bills),
		},
		Authenticator: auth.NewAuthenticator(tokens, revocations, apiTokens),
		Live:          feed,
		Logger:        logger,
		Ready: func(ctx context.Context) error {
			if stopping.Load() {
				return errors.New("shutting down")
			}
			return st.Ping(ctx)
		},
		Introspection: cfg.Introspection,
		Playground:    cfg.Playground,
		Limits: httpapi.Limits{
			MaxBodyBytes:  int64(cfg.MaxBodyBytes),
			MaxTokens:     cfg.MaxTokens,
			MaxDepth:      cfg.MaxDepth,
			MaxAliases:    cfg.MaxAliases,
			MaxFields:     cfg.MaxFields,
			MaxComplexity: cfg.MaxComplexity,
		},
		CORSOrigins:    cfg.CORSOrigins,
		TrustedProxies: cfg.TrustedProxies,
		Web:            client.Handler(),
		Metrics:        m,
	})

	stopOperations, err := serveOperations(cfg.MetricsAddr, m, logger)
	if err != nil {
		return err
	}
	defer stopOperations()

	srv := newHTTPServer(cfg.Port, handler, logger)
	listener, err := net.Listen("tcp", srv.Addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	logger.Info("listening", "addr", "http://localhost:"+strconv.Itoa(cfg.Port))

	served := make(chan error, 1)
	go func() { served <- srv.Serve(listener) }()
	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}

	// Turn not-ready first and keep serving for a while, so that a load
	// balancer sees it and stops sending new requests before the listener
	// closes; then drain the ones in flight, and close the live
	// connections as going away, for their clients to connect elsewhere.
	stopping.Store(true)
	logger.Info("shutting down", "delay", cfg.ShutdownDelay)
	time.Sleep(cfg.ShutdownDelay)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	liveClosed := make(chan error, 1)
	go func() { liveClosed <- handler.Shutdown(shutdownCtx) }()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-liveClosed; err != nil {
		return fmt.Errorf("shutdown: live connections: %w", err)
	}
	logger.Info("stopped")
	return nil
}

// newHTTPServer returns the HTTP server of handler on port. Its timeouts and
// header limit keep slow or huge clients from holding connections: a client
// gets 5 seconds to send its headers (then the connection is closed), 64 KiB
// of them at most (then 431), and 15 seconds for the whole request.
func newHTTPServer(port int, handler http.Handler, logger *slog.Logger) *http.Server {
	return &http.Server{
		Addr:              net.JoinHostPort("", strconv.Itoa(port)),
		Handler:           handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}

// tuneGC collects garbage less often than Go's default, within a soft memory
// limit, unless GOGC or GOMEMLIMIT say otherwise. A server's live heap is
// small and each request's garbage plentiful (a page of records is hundreds
// of small values): at Go's default the collector took a tenth of the CPU.
func tuneGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(128 << 20)
	}
}

// serveOperations answers the metrics at /metrics and Go's profiler at
// /debug/pprof/ on addr, apart from the API's public port: they tell how
// the server is built and what it is doing, and the profiler costs CPU on
// demand, so only operators should reach them. It serves until the
// returned function is called.
func serveOperations(addr string, m *metrics.Metrics, logger *slog.Logger) (stop func(), err error) {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	listener, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen for metrics (METRICS_ADDR): %w", err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.Serve(listener); err != nil && !errors.Is(err, http.ErrServerClosed) {
			logger.Error("metrics", "error", err)
		}
	}()
	logger.Info("metrics and profiler listening", "addr", listener.Addr().String())
	return func() { _ = srv.Close() }, nil
}

// healthcheck asks the server listening on port whether it is ready, for
// container health checks in images that have no HTTP client of their own.
func healthcheck(ctx context.Context, port int) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("http://127.0.0.1:%d/readyz", port), nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: /readyz answered %s", res.Status)
	}
	return nil
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	var h slog.Handler = slog.NewTextHandler(w, opts)
	if cfg.LogFormat == "json" {
		h = slog.NewJSONHandler(w, opts)
	}
	return slog.New(httpapi.LogHandler{Handler: h})
}
