// Command citus-cluster starts a Citus cluster on this machine (a
// coordinator and two workers on free ports, in temporary directories),
// runs a command with TEST_DATABASE_URL naming the coordinator, and removes
// the cluster when the command ends:
//
//	go run ./tools/citus-cluster -- go test ./graph/
//
// Without a command it prints the coordinator's URL and keeps the cluster
// until interrupted. Citus must be installed (see `make test-citus`).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"syscall"

	"consumption/store/storetest"
)

func main() {
	workers := flag.Int("workers", 2, "how many workers")
	flag.Parse()
	p := &storetest.Process{}
	cluster := storetest.NewCitusCluster(p, *workers)
	adminURL := cluster.URL("postgres")
	fmt.Fprintf(os.Stderr, "citus-cluster: coordinator %s, %d workers\n", adminURL, len(cluster.Workers))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	code := 0
	if args := flag.Args(); len(args) > 0 {
		cmd := exec.CommandContext(ctx, args[0], args[1:]...)
		cmd.Env = append(os.Environ(), "TEST_DATABASE_URL="+adminURL)
		cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
		if err := cmd.Run(); err != nil {
			fmt.Fprintf(os.Stderr, "citus-cluster: %v\n", err)
			code = 1
		}
	} else {
		fmt.Println(adminURL)
		<-ctx.Done()
	}
	p.Close()
	os.Exit(code)
}
