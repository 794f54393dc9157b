package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"consumption/graphtest"
)

// productionServer starts the real handler behind the http.Server that
// serve uses, with its header limit and timeouts, but a read-header timeout
// of readHeader.
func productionServer(t *testing.T, readHeader time.Duration) *graphtest.Server {
	return graphtest.NewServer(t, graphtest.Options{HTTPServer: func(h http.Handler) *http.Server {
		s := newHTTPServer(0, h, slog.New(slog.NewTextHandler(io.Discard, nil)))
		s.ReadHeaderTimeout = readHeader
		return s
	}})
}

// rawRequest writes a request on a connection of its own and returns the
// status line of the answer.
func rawRequest(t *testing.T, srv *graphtest.Server, request string) string {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(30 * time.Second)) // only so that a bug cannot hang the test
	// The server stops reading at its limit, so the rest of a huge request
	// may fail to write: what matters is the answer.
	go func() { _, _ = io.WriteString(conn, request) }()
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		t.Fatalf("no answer: %v", err)
	}
	return strings.TrimSpace(line)
}

// TestHugeHeaders checks that headers past the limit get 431 before any
// handler reads them, a megabyte-long bearer token included.
func TestHugeHeaders(t *testing.T) {
	srv := productionServer(t, 5*time.Second)
	body := `{"query": "{ __typename }"}`
	post := func(header string) string {
		return fmt.Sprintf("POST /graphql HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n%s\r\nContent-Length: %d\r\n\r\n%s",
			header, len(body), body)
	}
	tests := []struct{ name, header, want string }{
		{"a header of 100 KiB", "X-Padding: " + strings.Repeat("a", 100<<10), "431"},
		{"a bearer token of a megabyte of dots", "Authorization: Bearer " + strings.Repeat(".", 1<<20), "431"},
		{"a bearer token of 60 KiB of dots, within the header limit", "Authorization: Bearer " + strings.Repeat(".", 60<<10), "401"},
		{"ordinary headers", "Accept: application/json", "200"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if line := rawRequest(t, srv, post(tt.header)); !strings.HasPrefix(line, "HTTP/1.1 "+tt.want+" ") {
				t.Errorf("answer %q, want %s", line, tt.want)
			}
		})
	}
}

// TestSlowloris opens connections that send their headers a byte at a time
// and never finish: the read-header timeout closes each of them, and other
// clients are served meanwhile.
func TestSlowloris(t *testing.T) {
	srv := productionServer(t, 500*time.Millisecond)
	const slow = 20
	conns := make([]net.Conn, slow)
	for i := range conns {
		conn, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		conns[i] = conn
		go func() {
			// At most 30 seconds of a byte every 50 ms, and only until the
			// server closes the connection.
			if _, err := io.WriteString(conn, "POST /graphql HTTP/1.1\r\nHost: test\r\nX-Slow: "); err != nil {
				return
			}
			for range 600 {
				if _, err := conn.Write([]byte("x")); err != nil {
					return
				}
				time.Sleep(50 * time.Millisecond)
			}
		}()
	}

	for range 10 {
		srv.Post(t, "", "{ __typename }", nil).Must(t, nil)
	}

	for i, conn := range conns {
		// The deadline only keeps a bug from hanging the test; the server
		// closes the connection after half a second.
		_ = conn.SetReadDeadline(time.Now().Add(30 * time.Second))
		_, err := io.Copy(io.Discard, conn)
		if errors.Is(err, os.ErrDeadlineExceeded) {
			t.Fatalf("slow connection %d is still open after 30 seconds", i)
		}
	}
	srv.Post(t, "", "{ __typename }", nil).Must(t, nil)
}
