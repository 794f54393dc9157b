package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/lib/pq"
)

// CitusCluster is a Citus cluster of a test's own on this machine: a
// coordinator and workers, each a Cluster started with Citus loaded. Its
// postgres database is a Citus database with every worker added, so that
// NewDatabase, pointed at it with TEST_DATABASE_URL, makes Citus databases.
type CitusCluster struct {
	Coordinator *Cluster
	Workers     []*Cluster
}

// citusSettings are the settings of every node. Test databases come and go
// by the dozen, each with a Citus maintenance process per node, hence the
// background workers; four shards per table keep a migration quick, where
// production keeps Citus's 32.
var citusSettings = []string{
	"shared_preload_libraries=citus",
	"max_connections=300",
	"max_worker_processes=64",
	"citus.shard_count=4",
	"fsync=off",
	"synchronous_commit=off",
	"full_page_writes=off",
}

// CitusInstalled reports whether Citus is installed into the PostgreSQL
// whose server programs clusters use.
func CitusInstalled() bool {
	bin := serverBinDir()
	if bin == "" {
		return false
	}
	_, err := os.Stat(filepath.Join(bin, "..", "lib", "citus.so"))
	return err == nil
}

// NewCitusCluster starts a coordinator and the given number of workers on
// free ports in temporary directories and joins them into one cluster. The
// test is skipped when Citus is not installed (see the shared install script,
// which `make test-citus` runs).
func NewCitusCluster(t TB, workers int, settings ...string) *CitusCluster {
	t.Helper()
	if !CitusInstalled() {
		t.Skip("storetest: Citus is not installed; `make test-citus` installs it")
	}
	all := append(append([]string{}, citusSettings...), settings...)
	c := &CitusCluster{Coordinator: newInitialized(t, all...)}
	for range workers {
		c.Workers = append(c.Workers, newInitialized(t, all...))
	}
	c.joinDatabase(t, "postgres")
	return c
}

// URL returns the URL of database db on the coordinator.
func (c *CitusCluster) URL(db string) string { return c.Coordinator.URL(db) }

// CreateDatabase creates database db on every node, makes it a Citus
// database with every worker added, and returns its URL on the coordinator.
func (c *CitusCluster) CreateDatabase(ctx context.Context, db string) (string, error) {
	nodes := c.workerNodes()
	for _, n := range append([]*Cluster{c.Coordinator}, c.Workers...) {
		if err := execOn(ctx, n.URL("postgres"), "CREATE DATABASE "+pq.QuoteIdentifier(db)); err != nil {
			return "", err
		}
	}
	return c.URL(db), joinCitusDatabase(c.URL(db), nodes)
}

// joinDatabase makes database db, present on every node, a Citus database
// with every worker added.
func (c *CitusCluster) joinDatabase(t TB, db string) {
	t.Helper()
	nodes := c.workerNodes()
	if err := joinCitusDatabase(c.URL(db), nodes); err != nil {
		t.Fatal(err)
	}
}

// workerNodes returns the cluster's workers as the coordinator adds them.
func (c *CitusCluster) workerNodes() []citusNode {
	nodes := make([]citusNode, len(c.Workers))
	for i, w := range c.Workers {
		nodes[i] = citusNode{host: "127.0.0.1", port: w.Port}
	}
	return nodes
}

// citusNode is a worker of a Citus cluster.
type citusNode struct {
	host string
	port int
}

// url returns the URL of database db on the node, as the user of adminURL.
func (n citusNode) url(adminURL, db string) (string, error) {
	u, err := url.Parse(adminURL)
	if err != nil {
		return "", err
	}
	u.Host = fmt.Sprintf("%s:%d", n.host, n.port)
	u.Path = "/" + db
	return u.String(), nil
}

// joinCitusDatabase creates the Citus extension in the database at dbURL,
// on the coordinator, and in the database of the same name on every worker,
// which must exist, and adds the workers to the coordinator's database.
func joinCitusDatabase(dbURL string, workers []citusNode) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	u, err := url.Parse(dbURL)
	if err != nil {
		return err
	}
	db := strings.TrimPrefix(u.Path, "/")
	for _, w := range workers {
		wURL, err := w.url(dbURL, db)
		if err != nil {
			return err
		}
		if err := execOn(ctx, wURL, `CREATE EXTENSION IF NOT EXISTS citus`); err != nil {
			return err
		}
	}
	steps := []string{
		`CREATE EXTENSION IF NOT EXISTS citus`,
		fmt.Sprintf(`SELECT citus_set_coordinator_host('127.0.0.1', %s)`, u.Port()),
	}
	for _, w := range workers {
		steps = append(steps, fmt.Sprintf(`SELECT citus_add_node(%s, %d)`, pq.QuoteLiteral(w.host), w.port))
	}
	for _, step := range steps {
		if err := execOn(ctx, dbURL, step); err != nil {
			return err
		}
	}
	return nil
}

func execOn(ctx context.Context, dbURL, statement string) error {
	db, err := sql.Open("postgres", dbURL)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, statement); err != nil {
		return fmt.Errorf("storetest: %s: %s: %w", redactURL(dbURL), statement, err)
	}
	return nil
}

func redactURL(dbURL string) string {
	u, err := url.Parse(dbURL)
	if err != nil {
		return "?"
	}
	return u.Host + u.Path
}

// citusWorkers returns the workers of the Citus cluster whose coordinator's
// database adminURL names, or nil when it is not a Citus coordinator. It
// asks once per URL.
func citusWorkers(adminURL string) ([]citusNode, error) {
	citusMu.Lock()
	defer citusMu.Unlock()
	if nodes, ok := citusSeen[adminURL]; ok {
		return nodes, nil
	}
	db, err := sql.Open("postgres", adminURL)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var nodes []citusNode
	var isCitus bool
	if err := db.QueryRowContext(ctx, `SELECT EXISTS (SELECT FROM pg_extension WHERE extname = 'citus')`).Scan(&isCitus); err != nil {
		return nil, fmt.Errorf("storetest: is it Citus: %w", err)
	}
	if isCitus {
		rows, err := db.QueryContext(ctx, `SELECT nodename, nodeport FROM pg_dist_node
			WHERE groupid <> 0 AND noderole = 'primary' ORDER BY nodeid`)
		if err != nil {
			return nil, fmt.Errorf("storetest: Citus workers: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var n citusNode
			if err := rows.Scan(&n.host, &n.port); err != nil {
				return nil, err
			}
			nodes = append(nodes, n)
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
		if nodes == nil {
			nodes = []citusNode{} // a coordinator alone is Citus still
		}
	}
	citusSeen[adminURL] = nodes
	return nodes, nil
}

var (
	citusMu   sync.Mutex
	citusSeen = map[string][]citusNode{}
)

// lockCitusSetup serialises, across the goroutines and the test processes
// of a run, the steps that change what every database of a Citus cluster
// shares: the roles, whose attributes Citus copies to the workers when a
// database adds them, and the catalog rows that distributing a table
// writes. Done from two databases at once they failed with "tuple
// concurrently updated", or left a role unable to log in on a worker for a
// moment. On a PostgreSQL without Citus it does nothing.
func lockCitusSetup(t testing.TB) (unlock func()) {
	t.Helper()
	workers, err := citusWorkers(AdminURL())
	if err != nil {
		t.Fatal(err)
	}
	if workers == nil {
		return func() {}
	}
	u, err := url.Parse(AdminURL())
	if err != nil {
		t.Fatal(err)
	}
	name := "consumption-citus-" + strings.NewReplacer(":", "-", "/", "-").Replace(u.Host) + ".lock"
	f, err := os.OpenFile(filepath.Join(os.TempDir(), name), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	// A lock of the open file, not of the process: each caller opens its own.
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		t.Fatal(err)
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}
}
