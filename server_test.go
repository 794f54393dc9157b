package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"consumption/migrations"
	"consumption/store/storetest"
)

// TestRun starts the server as main does, on a database of its own, checks
// its health endpoints, and stops it as a signal would.
func TestRun(t *testing.T) {
	dbURL := storetest.NewDatabase(t)
	port := storetest.FreePort(t)
	metricsAddr := fmt.Sprintf("127.0.0.1:%d", storetest.FreePort(t))
	vars := map[string]string{"DATABASE_URL": dbURL, "PORT": fmt.Sprint(port), "METRICS_ADDR": metricsAddr, "LOG_LEVEL": "warn"}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var logs bytes.Buffer
	go func() { done <- run(ctx, nil, func(k string) string { return vars[k] }, &logs) }()

	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	var res *http.Response
	var err error
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if res, err = http.Get(base + "/readyz"); err == nil {
			break
		}
	}
	if err != nil {
		t.Fatalf("the server never answered: %v\n%s", err, logs.String())
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("/readyz = %d, want 200", res.StatusCode)
	}
	if res, err := http.Get(base + "/healthz"); err != nil || res.StatusCode != http.StatusOK {
		t.Errorf("/healthz = %v, %v", res, err)
	}
	if res, err := http.Get(base + "/playground"); err != nil || res.StatusCode != http.StatusOK {
		t.Errorf("/playground = %v, %v", res, err)
	}
	if res, err := http.Get("http://" + metricsAddr + "/metrics"); err != nil || res.StatusCode != http.StatusOK {
		t.Errorf("/metrics on METRICS_ADDR = %v, %v", res, err)
	} else {
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if !bytes.Contains(body, []byte(`go_sql_max_open_connections{db_name="primary"}`)) {
			t.Errorf("/metrics lacks the pool's statistics:\n%s", body)
		}
	}
	if res, err := http.Get("http://" + metricsAddr + "/debug/pprof/cmdline"); err != nil || res.StatusCode != http.StatusOK {
		t.Errorf("the profiler on METRICS_ADDR = %v, %v", res, err)
	} else {
		res.Body.Close()
	}
	// The public port has neither: its "/" is the web client's.
	for _, path := range []string{"/metrics", "/debug/pprof/cmdline"} {
		if res, err := http.Get(base + path); err == nil {
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if bytes.Contains(body, []byte("go_sql_")) || bytes.Contains(body, []byte("-test.")) {
				t.Errorf("the public port answers %s with what METRICS_ADDR serves", path)
			}
		}
	}

	if err := run(context.Background(), []string{"healthcheck"}, func(k string) string { return vars[k] }, &bytes.Buffer{}); err != nil {
		t.Errorf("healthcheck of a ready server: %v", err)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run returned %v after a graceful stop", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not stop")
	}
	if err := run(context.Background(), []string{"healthcheck"}, func(k string) string { return vars[k] }, &bytes.Buffer{}); err == nil {
		t.Error("healthcheck passes with the server stopped")
	}
}

func TestMigrateCommand(t *testing.T) {
	dbURL := storetest.NewDatabase(t)
	getenv := func(k string) string {
		if k == "DATABASE_URL" {
			return dbURL
		}
		return ""
	}
	runCmd := func(args ...string) string {
		var out bytes.Buffer
		if err := run(context.Background(), args, getenv, &out); err != nil {
			t.Fatalf("server %s: %v", strings.Join(args, " "), err)
		}
		return out.String()
	}
	if out := runCmd("migrate", "status"); !strings.Contains(out, "pending") {
		t.Errorf("status before migrating:\n%s", out)
	}
	migrations, err := fs.Glob(migrations.FS, "*.sql")
	if err != nil || len(migrations) == 0 {
		t.Fatalf("no migrations found (%v)", err)
	}
	if out := runCmd("migrate", "up"); !strings.Contains(out, fmt.Sprintf("migrate up: %d ", len(migrations))) {
		t.Errorf("up:\n%s", out)
	}
	if out := runCmd("migrate", "status"); strings.Contains(out, "pending") {
		t.Errorf("status after migrating up:\n%s", out)
	}
	if out := runCmd("migrate", "down"); !strings.Contains(out, "migrate down: 1") {
		t.Errorf("down:\n%s", out)
	}
	if err := run(context.Background(), []string{"migrate", "sideways"}, getenv, &bytes.Buffer{}); err == nil {
		t.Error("an unknown subcommand was accepted")
	}
}

func TestRunRefusesBadConfig(t *testing.T) {
	err := run(context.Background(), nil, func(k string) string {
		if k == "APP_ENV" {
			return "production"
		}
		return ""
	}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "JWT_SECRET") {
		t.Errorf("run in production without a secret: %v", err)
	}
}

// TestRunRefusesRolesAboveRowLevelSecurity starts the server in production
// as database users that row-level security does not bind: a superuser, a
// user with BYPASSRLS, and one that may become such a user. Each is refused
// at start-up, naming ALLOW_SUPERUSER, unless that is set. A user that only
// owns the database, given the server's two roles beforehand by an
// administrator as README.md says, migrates the database from nothing and
// serves.
func TestRunRefusesRolesAboveRowLevelSecurity(t *testing.T) {
	production := func(dbURL string, more ...string) func(string) string {
		vars := map[string]string{
			"APP_ENV": "production", "JWT_SECRET": strings.Repeat("s", 32), "DATABASE_URL": dbURL,
			"PORT": fmt.Sprint(storetest.FreePort(t)), "METRICS_ADDR": "127.0.0.1:0", "SHUTDOWN_DELAY": "0", "LOG_LEVEL": "warn",
		}
		for i := 0; i+1 < len(more); i += 2 {
			vars[more[i]] = more[i+1]
		}
		return func(k string) string { return vars[k] }
	}
	bypass := storetest.NewRole(t, "BYPASSRLS")
	climber := storetest.NewRole(t, "")
	storetest.Admin(t, "GRANT "+bypass+" TO "+climber)
	owner := storetest.NewRole(t, "")
	storetest.GrantServerRoles(t, owner)
	dbURL := storetest.NewDatabaseOwnedBy(t, owner)

	for name, user := range map[string]string{"a superuser": "postgres", "a user with BYPASSRLS": bypass, "a member of a BYPASSRLS role": climber} {
		t.Run(name+" is refused", func(t *testing.T) {
			err := run(context.Background(), nil, production(storetest.AsRole(dbURL, user)), io.Discard)
			if err == nil || !strings.Contains(err.Error(), "ALLOW_SUPERUSER") {
				t.Errorf("run as %s: %v, want a refusal naming ALLOW_SUPERUSER", name, err)
			}
		})
	}
	t.Run("a superuser is let through with ALLOW_SUPERUSER=true", func(t *testing.T) {
		serveUntilReady(t, production(storetest.NewDatabase(t), "ALLOW_SUPERUSER", "true"))
	})
	t.Run("the database's owner, not a superuser, migrates and serves", func(t *testing.T) {
		serveUntilReady(t, production(storetest.AsRole(dbURL, owner)))
	})
}

// serveUntilReady runs the server with the given environment until its
// /readyz answers 200, then stops it and checks that it stopped cleanly.
func serveUntilReady(t *testing.T, getenv func(string) string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var logs syncBuffer
	go func() { done <- run(ctx, nil, getenv, &logs) }()
	base := "http://127.0.0.1:" + getenv("PORT")
	ready := false
	for deadline := time.Now().Add(20 * time.Second); !ready && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		select {
		case err := <-done:
			cancel()
			t.Fatalf("the server stopped before it was ready: %v\n%s", err, logs.String())
		default:
		}
		if res, err := http.Get(base + "/readyz"); err == nil {
			res.Body.Close()
			ready = res.StatusCode == http.StatusOK
		}
	}
	cancel()
	if err := <-done; err != nil || !ready {
		t.Fatalf("ready: %v; run returned %v\n%s", ready, err, logs.String())
	}
}

// syncBuffer is a bytes.Buffer that the server's log and the test may use
// at once.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
