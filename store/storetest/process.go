package storetest

import (
	"fmt"
	"os"
	"sync"
)

// Process is a TB for a program that is not a test, such as the one that
// starts a Citus cluster for `make test-citus`: a failure ends the program
// after the cleanups, which Close runs.
type Process struct {
	mu       sync.Mutex
	cleanups []func()
	failed   bool
}

// Helper does nothing: a program has no test lines to point at.
func (p *Process) Helper() {}

// Cleanup registers f to run at Close, the last registered first.
func (p *Process) Cleanup(f func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cleanups = append(p.cleanups, f)
}

// Failed reports whether Fatal or Skip was called.
func (p *Process) Failed() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.failed
}

// Fatal prints args, runs the cleanups and exits with status 1.
func (p *Process) Fatal(args ...any) { p.exit(1, fmt.Sprint(args...)) }

// Fatalf is Fatal with a format.
func (p *Process) Fatalf(format string, args ...any) { p.exit(1, fmt.Sprintf(format, args...)) }

// Skip is Fatal: a program cannot skip what it was asked to do.
func (p *Process) Skip(args ...any) { p.exit(1, fmt.Sprint(args...)) }

// Logf prints a line to standard error.
func (p *Process) Logf(format string, args ...any) { fmt.Fprintf(os.Stderr, format+"\n", args...) }

// Close runs the cleanups.
func (p *Process) Close() {
	p.mu.Lock()
	cleanups := p.cleanups
	p.cleanups = nil
	p.mu.Unlock()
	for i := len(cleanups) - 1; i >= 0; i-- {
		cleanups[i]()
	}
}

func (p *Process) exit(code int, msg string) {
	fmt.Fprintln(os.Stderr, msg)
	p.mu.Lock()
	p.failed = true
	p.mu.Unlock()
	p.Close()
	os.Exit(code)
}
