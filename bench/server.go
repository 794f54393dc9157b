package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// server is a GraphQL server under measurement, running as a child
// process: the built server, or the peer.
type server struct {
	url   string
	pprof string // the profiler's address, when it runs
	// metrics is the address of the server's /metrics, if it has one.
	metrics string
	secret  []byte
	// answerPrefix is how much of an answer tells whether it failed (-1:
	// all of it).
	answerPrefix int
	cmd          *exec.Cmd
	logs         *os.File
	exited       chan struct{} // closed when the process has ended
	peak         atomic.Int64  // the highest resident set size sampled, in bytes
}

// serverOptions change how startServer runs the server.
type serverOptions struct {
	// profile serves the CPU profiler on the metrics address.
	profile bool
	// secret signs the server's tokens: another server's, so that both
	// take the same tokens; a new one when empty.
	secret []byte
	// env is added to the server's environment.
	env []string
}

// startServer runs the binary on the database and waits until it is ready.
// It runs as in production: JSON logs at info level, to a file beside it.
func startServer(ctx context.Context, binary, dbURL string, so serverOptions) (*server, error) {
	if _, err := os.Stat(binary); err != nil {
		return nil, fmt.Errorf("%w (build it first: make build)", err)
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	secret := so.secret
	if secret == nil {
		key := make([]byte, 32)
		if _, err := rand.Read(key); err != nil {
			return nil, err
		}
		secret = []byte(hex.EncodeToString(key))
	}
	cmd := exec.CommandContext(ctx, binary)
	cmd.Env = append(os.Environ(),
		"APP_ENV=production",
		"DATABASE_URL="+dbURL,
		"PORT="+strconv.Itoa(port),
		"JWT_SECRET="+string(secret),
		"ACCESS_TOKEN_TTL=4h",
		"LOG_FORMAT=json",
		"LOG_LEVEL=info",
		// The benchmark's database belongs to the superuser it was made
		// with. Every request still switches to consumption_user, whose
		// policies bind, so the work measured is production's.
		"ALLOW_SUPERUSER=true",
	)
	cmd.Env = append(cmd.Env, so.env...)
	// The metrics and the profiler answer on an address of their own.
	mport, err := freePort()
	if err != nil {
		return nil, err
	}
	metricsAddr := fmt.Sprintf("127.0.0.1:%d", mport)
	cmd.Env = append(cmd.Env, "METRICS_ADDR="+metricsAddr)
	var pprofAddr string
	if so.profile {
		pprofAddr = metricsAddr
	}
	s := &server{url: fmt.Sprintf("http://127.0.0.1:%d", port), pprof: pprofAddr, metrics: metricsAddr,
		secret: secret, answerPrefix: errorsPrefix, cmd: cmd}
	err = s.start(ctx, binary+"-bench.log", func() bool {
		res, err := http.Get(s.url + "/readyz")
		if err != nil {
			return false
		}
		res.Body.Close()
		return res.StatusCode == http.StatusOK
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// start starts s.cmd with its output in the log file, waits until ready
// says so, and samples its memory from then on.
func (s *server) start(ctx context.Context, log string, ready func() bool) error {
	logs, err := os.Create(log)
	if err != nil {
		return err
	}
	s.logs = logs
	s.cmd.Stdout, s.cmd.Stderr = logs, logs
	if err := s.cmd.Start(); err != nil {
		logs.Close()
		return err
	}
	s.exited = make(chan struct{})
	go func() {
		_ = s.cmd.Wait()
		close(s.exited)
	}()
	for deadline := time.Now().Add(60 * time.Second); !ready(); time.Sleep(100 * time.Millisecond) {
		select {
		case <-s.exited:
			logs.Close()
			return fmt.Errorf("%s ended before it was ready; see %s", s.cmd.Path, logs.Name())
		default:
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			s.stop()
			return fmt.Errorf("%s did not become ready; see %s", s.cmd.Path, logs.Name())
		}
	}
	go s.sampleRSS(ctx)
	return nil
}

func (s *server) stop() {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	<-s.exited
	s.logs.Close()
}

// rss returns the server's resident set size now, in bytes.
func (s *server) rss() int64 { return s.status("VmRSS:") }

// highWaterRSS returns the highest resident set size of the server's life.
func (s *server) highWaterRSS() int64 { return s.status("VmHWM:") }

// cpuTime returns the CPU time the server has used so far, user and system.
func (s *server) cpuTime() time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	// The fields after the command's name, which is in parentheses:
	// utime and stime are the 12th and 13th, in clock ticks of 1/100 s.
	_, rest, _ := strings.Cut(string(b), ") ")
	f := strings.Fields(rest)
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

// status reads a size in kB from the server's /proc status, in bytes.
func (s *server) status(field string) int64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), field); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// sampleRSS keeps the highest resident set size seen, every 50ms.
func (s *server) sampleRSS(ctx context.Context) {
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if r := s.rss(); r > s.peak.Load() {
				s.peak.Store(r)
			}
		}
	}
}

// resetPeak starts a new window for peakRSS.
func (s *server) resetPeak() { s.peak.Store(s.rss()) }

func (s *server) peakRSS() int64 { return s.peak.Load() }

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// profile writes the server's CPU profile over the next d to path.
func (s *server) profile(ctx context.Context, d time.Duration, path string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet,
		fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", s.pprof, int(d.Seconds())), nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(f, res.Body)
	return err
}
