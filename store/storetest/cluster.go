package storetest

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Cluster is a PostgreSQL server of a test's own, in a temporary directory,
// for tests that stop, restart or replicate PostgreSQL: the shared server
// that TEST_DATABASE_URL names must never be. It is stopped and removed when
// the test ends.
//
// It needs PostgreSQL's server programs (initdb, pg_ctl, pg_basebackup),
// found through PG_BINDIR, pg_config or /usr/lib/postgresql; without them
// the test is skipped. PostgreSQL refuses to run as root, so under root the
// programs run as the postgres user.
type Cluster struct {
	t      TB
	bin    string
	runAs  *user.User // nil: the current user
	base   string     // the directory of the cluster's files
	data   string     // the data directory, inside base
	Port   int
	logged string // the server's log file, inside base
	// settings are passed to the server as -c name=value when it starts.
	settings []string
}

// TB is what a cluster needs of a test: testing.TB has it, and so does
// what a program that is not a test gives (see Process).
type TB interface {
	Helper()
	Cleanup(func())
	Failed() bool
	Fatal(args ...any)
	Fatalf(format string, args ...any)
	Logf(format string, args ...any)
	Skip(args ...any)
}

// NewCluster creates a cluster with initdb, starts it on a free port of
// 127.0.0.1 with trust authentication for the postgres user, and returns it.
func NewCluster(t testing.TB) *Cluster {
	t.Helper()
	return newInitialized(t)
}

// newInitialized creates a cluster with initdb and starts it with the given
// settings (name=value).
func newInitialized(t TB, settings ...string) *Cluster {
	t.Helper()
	c := newCluster(t)
	c.settings = settings
	c.run("initdb", "-D", c.data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync")
	c.Start()
	return c
}

// newCluster prepares an empty directory for a cluster and arranges for
// the cluster to be stopped and the directory removed when the test ends.
func newCluster(t TB) *Cluster {
	t.Helper()
	bin := serverBinDir()
	if bin == "" {
		t.Skip("storetest: PostgreSQL's server programs (initdb, pg_ctl) are not installed; set PG_BINDIR")
	}
	c := &Cluster{t: t, bin: bin, Port: FreePort(t)}
	base, err := os.MkdirTemp("", "consumption-pg-")
	if err != nil {
		t.Fatal(err)
	}
	c.base, c.data, c.logged = base, filepath.Join(base, "data"), filepath.Join(base, "server.log")
	if os.Geteuid() == 0 {
		if c.runAs, err = user.Lookup("postgres"); err != nil {
			os.RemoveAll(base)
			t.Skip("storetest: running as root, and there is no postgres user to run PostgreSQL as")
		}
		uid, _ := strconv.Atoi(c.runAs.Uid)
		gid, _ := strconv.Atoi(c.runAs.Gid)
		if err := os.Chown(base, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		if _, err := os.Stat(filepath.Join(c.data, "postmaster.pid")); err == nil {
			_, _ = c.exec("pg_ctl", "stop", "-D", c.data, "-m", "immediate", "-w")
		}
		if t.Failed() {
			if log, err := os.ReadFile(c.logged); err == nil {
				t.Logf("storetest: the log of the cluster on port %d:\n%s", c.Port, tail(log, 4000))
			}
		}
		os.RemoveAll(base)
	})
	return c
}

// URL returns the URL of database db on the cluster, as the postgres user.
func (c *Cluster) URL(db string) string { return c.URLAs("postgres", db) }

// URLAs returns the URL of database db on the cluster, as the given user.
func (c *Cluster) URLAs(user, db string) string {
	return fmt.Sprintf("postgres://%s@127.0.0.1:%d/%s?sslmode=disable", user, c.Port, db)
}

// Start starts the cluster and waits until it accepts connections.
func (c *Cluster) Start() {
	c.t.Helper()
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1", c.Port, c.base)
	for _, setting := range c.settings {
		opts += " -c " + setting
	}
	c.run("pg_ctl", "start", "-D", c.data, "-l", c.logged, "-w", "-t", "60", "-o", opts)
}

// Stop stops the cluster the way an orderly restart does: sessions are
// ended at once and the data is written out.
func (c *Cluster) Stop() {
	c.t.Helper()
	c.run("pg_ctl", "stop", "-D", c.data, "-m", "fast", "-w", "-t", "60")
}

// NewReplica makes a streaming replica of the cluster with pg_basebackup,
// starts it on a port of its own, and returns it. It is a hot standby:
// it answers reads, refuses writes, and replays what the primary writes.
func (c *Cluster) NewReplica() *Cluster {
	c.t.Helper()
	r := newCluster(c.t)
	r.run("pg_basebackup", "-h", "127.0.0.1", "-p", strconv.Itoa(c.Port), "-U", "postgres",
		"-D", r.data, "-R", "-X", "stream", "--checkpoint=fast", "--no-sync")
	r.Start()
	return r
}

// Exec runs statements on database db of the cluster, as the postgres user.
func (c *Cluster) Exec(db string, query string, args ...any) {
	c.t.Helper()
	conn, err := sql.Open("postgres", c.URL(db))
	if err != nil {
		c.t.Fatal(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := conn.ExecContext(ctx, query, args...); err != nil {
		c.t.Fatalf("storetest: on port %d: %s: %v", c.Port, query, err)
	}
}

// run runs one of PostgreSQL's programs and fails the test if it fails.
func (c *Cluster) run(program string, args ...string) {
	c.t.Helper()
	if out, err := c.exec(program, args...); err != nil {
		c.t.Fatalf("storetest: %s %s: %v\n%s", program, strings.Join(args, " "), err, out)
	}
}

func (c *Cluster) exec(program string, args ...string) ([]byte, error) {
	path := filepath.Join(c.bin, program)
	var cmd *exec.Cmd
	if c.runAs != nil {
		cmd = exec.Command("runuser", append([]string{"-u", c.runAs.Username, "--", path}, args...)...)
	} else {
		cmd = exec.Command(path, args...)
	}
	cmd.Dir = c.base // a directory the postgres user may enter
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.Bytes(), err
}

// serverBinDir returns the directory of PostgreSQL's server programs, or ""
// when none is found.
func serverBinDir() string {
	var candidates []string
	if dir := os.Getenv("PG_BINDIR"); dir != "" {
		candidates = append(candidates, dir)
	}
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		candidates = append(candidates, strings.TrimSpace(string(out)))
	}
	// Debian keeps each major version apart; prefer the newest.
	versions, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Sort(sort.Reverse(sort.StringSlice(versions)))
	candidates = append(candidates, versions...)
	for _, dir := range candidates {
		if _, err := os.Stat(filepath.Join(dir, "initdb")); err == nil {
			return dir
		}
	}
	return ""
}

// FreePort returns a TCP port on the loopback interface that nothing
// listens on now, for a test's server to take.
func FreePort(t TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}
