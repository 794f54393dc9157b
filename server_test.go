package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"strings"
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
	vars := map[string]string{"DATABASE_URL": dbURL, "PORT": fmt.Sprint(port), "LOG_LEVEL": "warn"}
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
	if res, err := http.Get(base + "/metrics"); err != nil || res.StatusCode != http.StatusOK {
		t.Errorf("/metrics = %v, %v", res, err)
	} else {
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if !bytes.Contains(body, []byte(`go_sql_max_open_connections{db_name="primary"}`)) {
			t.Errorf("/metrics lacks the pool's statistics:\n%s", body)
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
