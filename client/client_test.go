package client

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

var build = fstest.MapFS{
	"index.html":             {Data: []byte("<!doctype html><title>app</title><div id=root></div>")},
	"favicon.svg":            {Data: []byte("<svg/>")},
	"assets/index-abc123.js": {Data: bytes.Repeat([]byte("console.log('hello');\n"), 200)},
	"assets/font-x1.ttf":     {Data: []byte("not really a font")},
}

func get(t *testing.T, h http.Handler, path string, header ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, res *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestServer(t *testing.T) {
	h := newServer(build)
	index := string(build["index.html"].Data)

	tests := []struct {
		name, path   string
		status       int
		cacheControl string
		body         string // when not empty, the body wanted
		ctype        string
	}{
		{"the root is index.html", "/", 200, "no-cache", index, "text/html; charset=utf-8"},
		{"a client-side route is index.html", "/records", 200, "no-cache", index, "text/html; charset=utf-8"},
		{"a nested client-side route is index.html", "/records/some/where", 200, "no-cache", index, "text/html; charset=utf-8"},
		{"the playground is a client-side route", "/playground", 200, "no-cache", index, "text/html; charset=utf-8"},
		{"a hashed asset is cached for a year", "/assets/index-abc123.js", 200, "public, max-age=31536000, immutable", "", "text/javascript; charset=utf-8"},
		{"a file outside assets is revalidated", "/favicon.svg", 200, "no-cache", "<svg/>", "image/svg+xml"},
		{"a font has a font type", "/assets/font-x1.ttf", 200, "public, max-age=31536000, immutable", "", "font/ttf"},
		{"a missing asset is not found", "/assets/index-old999.js", 404, "no-cache", "", ""},
		{"a missing asset without extension is not found", "/assets/nothing", 404, "no-cache", "", ""},
		{"a missing file with an extension is not found", "/robots.txt", 404, "no-cache", "", ""},
		{"dot segments cannot leave the tree", "/../../go.mod", 404, "no-cache", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := get(t, h, tt.path)
			got := body(t, res)
			if res.StatusCode != tt.status {
				t.Fatalf("status: got %d, want %d (body %q)", res.StatusCode, tt.status, got)
			}
			if cc := res.Header.Get("Cache-Control"); cc != tt.cacheControl {
				t.Errorf("Cache-Control: got %q, want %q", cc, tt.cacheControl)
			}
			if tt.body != "" && got != tt.body {
				t.Errorf("body: got %q, want %q", got, tt.body)
			}
			if tt.ctype != "" && res.Header.Get("Content-Type") != tt.ctype {
				t.Errorf("Content-Type: got %q, want %q", res.Header.Get("Content-Type"), tt.ctype)
			}
		})
	}
}

func TestServerIndexHeaders(t *testing.T) {
	res := get(t, newServer(build), "/settings")
	csp := res.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("Content-Security-Policy: got %q", csp)
	}
	if got := res.Header.Get("X-Content-Type-Options"); got != "nosniff" {
		t.Errorf("X-Content-Type-Options: got %q, want nosniff", got)
	}
}

func TestServerCompressesText(t *testing.T) {
	h := newServer(build)
	want := string(build["assets/index-abc123.js"].Data)

	res := get(t, h, "/assets/index-abc123.js", "Accept-Encoding", "br, gzip")
	if res.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding: got %q, want gzip", res.Header.Get("Content-Encoding"))
	}
	if res.Header.Get("Vary") != "Accept-Encoding" {
		t.Errorf("Vary: got %q, want Accept-Encoding", res.Header.Get("Vary"))
	}
	zr, err := gzip.NewReader(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("gunzipped body differs from the file")
	}

	for _, ae := range []string{"", "identity", "gzip;q=0"} {
		res := get(t, h, "/assets/index-abc123.js", "Accept-Encoding", ae)
		if res.Header.Get("Content-Encoding") != "" {
			t.Errorf("Accept-Encoding %q: got Content-Encoding %q, want none", ae, res.Header.Get("Content-Encoding"))
		}
		if got := body(t, res); got != want {
			t.Errorf("Accept-Encoding %q: body differs from the file", ae)
		}
	}
}

func TestServerRevalidatesByETag(t *testing.T) {
	h := newServer(build)
	first := get(t, h, "/")
	etag := first.Header.Get("ETag")
	if etag == "" {
		t.Fatal("index.html has no ETag")
	}
	again := get(t, h, "/records", "If-None-Match", etag)
	if again.StatusCode != http.StatusNotModified {
		t.Errorf("status with the same ETag: got %d, want 304", again.StatusCode)
	}
}

func TestServerRefusesWrites(t *testing.T) {
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader("x"))
	rec := httptest.NewRecorder()
	newServer(build).ServeHTTP(rec, req)
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /: got %d, want 405", rec.Code)
	}
}

func TestPlaceholderWhenNotBuilt(t *testing.T) {
	h := newServer(placeholderFS{})
	res := get(t, h, "/dashboard")
	got := body(t, res)
	if res.StatusCode != http.StatusOK || !strings.Contains(got, "The web client is not built") {
		t.Errorf("got %d %q, want 200 and the placeholder page", res.StatusCode, got)
	}
	if res := get(t, h, "/assets/index-abc123.js"); res.StatusCode != http.StatusNotFound {
		t.Errorf("an asset without a build: got %d, want 404", res.StatusCode)
	}
}

func TestHandlerServesTheEmbeddedBuild(t *testing.T) {
	// Whether or not the client was built, / answers with a page.
	res := get(t, Handler(), "/")
	got := body(t, res)
	if res.StatusCode != http.StatusOK || !strings.Contains(got, "<html") {
		t.Errorf("got %d %q, want 200 and an HTML page", res.StatusCode, got[:min(len(got), 200)])
	}
}
