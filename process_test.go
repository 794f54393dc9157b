package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"consumption/store/storetest"
)

// Tests here start the built server as a process of its own, as production
// does, to stop it with signals and break its database under it.

// serverBinary is the server built once for the tests of this package.
var serverBinary struct {
	once sync.Once
	dir  string
	path string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if serverBinary.dir != "" {
		os.RemoveAll(serverBinary.dir)
	}
	os.Exit(code)
}

// builtServer builds the server the first time a test asks for it.
func builtServer(t *testing.T) string {
	t.Helper()
	serverBinary.once.Do(func() {
		dir, err := os.MkdirTemp("", "consumption-server-")
		if err != nil {
			serverBinary.err = err
			return
		}
		serverBinary.dir, serverBinary.path = dir, filepath.Join(dir, "server")
		out, err := exec.Command("go", "build", "-o", serverBinary.path, ".").CombinedOutput()
		if err != nil {
			serverBinary.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if serverBinary.err != nil {
		t.Fatal(serverBinary.err)
	}
	return serverBinary.path
}

// testJWTSecret signs the tokens of servers started by tests.
const testJWTSecret = "a secret of the process tests, 32 bytes at least"

// process is a running server.
type process struct {
	cmd    *exec.Cmd
	base   string
	logs   *lockedBuffer
	exited chan struct{}
	// exitErr is what the process ended with, once exited is closed.
	exitErr error
}

// startServer starts the built server with the given environment (and
// nothing else of the test's environment, such as the DATABASE_URL make
// exports), on a free port unless env says PORT. The process is killed when
// the test ends, if it is still running.
func startServer(t *testing.T, env map[string]string) *process {
	t.Helper()
	port := storetest.FreePort(t)
	if p, ok := env["PORT"]; ok {
		fmt.Sscan(p, &port)
	}
	vars := map[string]string{
		"PATH": os.Getenv("PATH"), "HOME": os.Getenv("HOME"),
		"PORT": fmt.Sprint(port), "METRICS_ADDR": "127.0.0.1:0", "JWT_SECRET": testJWTSecret, "LOG_FORMAT": "json",
	}
	for k, v := range env {
		vars[k] = v
	}
	cmd := exec.Command(builtServer(t))
	for k, v := range vars {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	p := &process{cmd: cmd, base: fmt.Sprintf("http://127.0.0.1:%d", port), logs: &lockedBuffer{}, exited: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.logs, p.logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		p.exitErr = cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-p.exited:
		default:
			_ = cmd.Process.Kill()
			<-p.exited
		}
		if t.Failed() {
			t.Logf("the server's log:\n%s", p.logs.String())
		}
	})
	return p
}

// readyz returns the status /readyz answers, or 0 when nothing answers.
func (p *process) readyz() int {
	client := http.Client{Timeout: 5 * time.Second}
	res, err := client.Get(p.base + "/readyz")
	if err != nil {
		return 0
	}
	res.Body.Close()
	return res.StatusCode
}

// waitForReadyz waits until /readyz answers status, and fails the test if
// it does not within the time given.
func (p *process) waitForReadyz(t *testing.T, status int, within time.Duration) {
	t.Helper()
	for deadline := time.Now().Add(within); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		select {
		case <-p.exited:
			t.Fatalf("the server exited (%v) while waiting for /readyz to answer %d", p.exitErr, status)
		default:
		}
		if p.readyz() == status {
			return
		}
	}
	t.Fatalf("/readyz did not answer %d within %v", status, within)
}

// signal sends sig to the process.
func (p *process) signal(t *testing.T, sig syscall.Signal) {
	t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
}

// waitForExit waits for the process to end and returns its exit code.
func (p *process) waitForExit(t *testing.T, within time.Duration) int {
	t.Helper()
	select {
	case <-p.exited:
		return p.cmd.ProcessState.ExitCode()
	case <-time.After(within):
		t.Fatalf("the server did not exit within %v", within)
		return -1
	}
}

// gqlResult is the answer to a GraphQL request sent to a process.
type gqlResult struct {
	Status int
	Data   json.RawMessage
	Errors []struct {
		Message    string
		Extensions map[string]any
	}
	// Err is set when no HTTP answer came at all.
	Err  error
	Took time.Duration
}

// code returns the first error's extensions.code, or "".
func (r gqlResult) code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

// ok reports whether the request succeeded entirely.
func (r gqlResult) ok() bool { return r.Err == nil && r.Status == http.StatusOK && len(r.Errors) == 0 }

// post sends a GraphQL request and returns its answer; it never fails the
// test, so that it can be called from any goroutine.
func (p *process) post(token, query string, vars map[string]any) gqlResult {
	start := time.Now()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, p.base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	client := http.Client{Timeout: 60 * time.Second}
	var r gqlResult
	res, err := client.Do(req)
	if err != nil {
		r.Err, r.Took = err, time.Since(start)
		return r
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	r.Status, r.Took = res.StatusCode, time.Since(start)
	if err == nil {
		err = json.Unmarshal(raw, &r)
	}
	r.Err = err
	return r
}

// register signs up a new user and returns its access token.
func (p *process) register(t *testing.T) string {
	t.Helper()
	res := p.post("", `mutation($in: RegisterInput!) { register(input: $in) { accessToken } }`,
		map[string]any{"in": map[string]any{"email": fmt.Sprintf("user-%d@example.com", time.Now().UnixNano()), "password": "a long and unusual passphrase"}})
	if !res.ok() {
		t.Fatalf("register: %+v", res)
	}
	var data struct{ Register struct{ AccessToken string } }
	if err := json.Unmarshal(res.Data, &data); err != nil {
		t.Fatal(err)
	}
	return data.Register.AccessToken
}

// logLines returns the process's JSON log lines whose msg is msg.
func (p *process) logLines(msg string) []map[string]any {
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(p.logs.String()))
	for sc.Scan() {
		var line map[string]any
		if json.Unmarshal(sc.Bytes(), &line) == nil && line["msg"] == msg {
			out = append(out, line)
		}
	}
	return out
}

// lockedBuffer is a buffer that a process's output and a test may share.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
