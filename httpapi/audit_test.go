package httpapi_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"consumption/graphtest"
)

// TestGraphQLOverHTTPAudit runs the audit suite of the graphql-http package,
// the reference test of the GraphQL-over-HTTP specification, against the real
// handler with introspection on: it must find no error and no warning. It
// needs Node.js and the packages of tools/graphql-http-audit, which `make
// test` installs; without them it fails rather than skips.
func TestGraphQLOverHTTPAudit(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is not on the PATH: the graphql-http audit needs Node.js 20 or later")
	}
	dir := filepath.Join("..", "tools", "graphql-http-audit")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "graphql-http", "package.json")); err != nil {
		t.Fatal("the audit's npm packages are missing: run `npm ci --prefix tools/graphql-http-audit` (make test does)")
	}
	srv := graphtest.NewServer(t, graphtest.Options{})

	ctx, cancel := context.WithTimeout(graphtest.Context(t), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "audit.mjs", srv.URL+"/graphql")
	cmd.Dir = dir
	out, err := cmd.Output()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("run the audit: %v", err)
	}
	var report struct {
		Total  int
		Counts map[string]int
		Failed []struct {
			ID, Status, Name, Reason, Body string
			HTTPStatus                     int
		}
	}
	if err := json.Unmarshal(out, &report); err != nil {
		t.Fatalf("the audit printed no report (%v): %s %s", err, out, stderr(err))
	}
	t.Logf("graphql-http audit: %d audits, %v", report.Total, report.Counts)
	if report.Total < 50 {
		t.Errorf("the audit ran only %d audits; the suite has about 60", report.Total)
	}
	for _, f := range report.Failed {
		msg := "%s %s %s: %s (status %d) %s"
		if f.Status == "notice" {
			t.Logf(msg, f.Status, f.ID, f.Name, f.Reason, f.HTTPStatus, f.Body)
			continue
		}
		t.Errorf(msg, f.Status, f.ID, f.Name, f.Reason, f.HTTPStatus, f.Body)
	}
	if report.Counts["error"]+report.Counts["warn"] > 0 && !t.Failed() {
		t.Errorf("the audit counts errors or warnings it did not list: %v", report.Counts)
	}
}

// stderr returns what a failed command wrote to its standard error.
func stderr(err error) string {
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return string(exit.Stderr)
	}
	return ""
}
