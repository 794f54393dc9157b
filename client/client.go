// Package client serves the web dashboard: the files that Vite builds into
// dist/app, embedded in the server's binary.
//
// Client-side routes (paths without a file extension, such as /records) get
// index.html, which is never cached without revalidation; files under
// /assets/ carry a content hash in their names and are cached for a year. A
// clone whose client has not been built serves dist/placeholder.html, which
// says how to build it, so that the server always compiles and runs.
package client

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

//go:embed all:dist
var dist embed.FS

// The cache policies: hashed assets never change under their name; the rest
// may change with any build, so browsers revalidate them (cheaply, by ETag).
const (
	cacheImmutable  = "public, max-age=31536000, immutable"
	cacheRevalidate = "no-cache"
)

// contentSecurityPolicy allows only this origin's scripts, styles, workers
// and API. Inline styles are allowed because ECharts and GraphiQL's editor
// set them; data: and blob: images and fonts come from the same libraries.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; " +
	"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// Handler returns the handler of the dashboard, for GET / and every path the
// API does not claim.
func Handler() http.Handler {
	app, err := fs.Sub(dist, "dist/app")
	if err != nil {
		panic(err) // dist/app is a constant path inside the embedded tree
	}
	if _, err := fs.Stat(app, "index.html"); err != nil {
		return newServer(placeholderFS{})
	}
	return newServer(app)
}

// placeholderFS is a build with one page: dist/placeholder.html as index.html.
type placeholderFS struct{}

func (placeholderFS) Open(name string) (fs.File, error) {
	if name == "index.html" {
		return dist.Open("dist/placeholder.html")
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// server answers from a file tree, keeping each file it has read in memory
// with its ETag and, for text, its gzip form.
type server struct {
	files fs.FS
	mu    sync.Mutex
	cache map[string]*entry
}

// entry is a file being loaded once, so that compressing a large file does
// not hold up requests for the others.
type entry struct {
	once sync.Once
	f    *file
	err  error
}

type file struct {
	body    []byte
	gzipped []byte // nil when compressing does not pay
	etag    string
	ctype   string
}

func newServer(files fs.FS) *server {
	return &server{files: files, cache: make(map[string]*entry)}
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if name == "" || name == "index.html" {
		s.serveIndex(w, r)
		return
	}
	f, err := s.load(name)
	switch {
	case err == nil:
		if strings.HasPrefix(name, "assets/") {
			w.Header().Set("Cache-Control", cacheImmutable)
		} else {
			w.Header().Set("Cache-Control", cacheRevalidate)
		}
		s.write(w, r, f)
	case strings.HasPrefix(name, "assets/") || path.Ext(name) != "":
		// A missing file is missing: answering index.html would hand a
		// script tag HTML, and a stale page a wrong asset.
		w.Header().Set("Cache-Control", cacheRevalidate)
		http.NotFound(w, r)
	default:
		s.serveIndex(w, r) // a client-side route
	}
}

func (s *server) serveIndex(w http.ResponseWriter, r *http.Request) {
	f, err := s.load("index.html")
	if err != nil {
		http.Error(w, "the web client is missing from this build", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Cache-Control", cacheRevalidate)
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	s.write(w, r, f)
}

func (s *server) write(w http.ResponseWriter, r *http.Request, f *file) {
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("ETag", f.etag)
	body := f.body
	if f.gzipped != nil {
		h.Add("Vary", "Accept-Encoding")
		if acceptsGzip(r) {
			h.Set("Content-Encoding", "gzip")
			body = f.gzipped
		}
	}
	// ServeContent answers If-None-Match with 304 and handles HEAD and ranges.
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

// load returns the file at name, reading and compressing it on first use.
func (s *server) load(name string) (*file, error) {
	s.mu.Lock()
	e, ok := s.cache[name]
	if !ok {
		e = &entry{}
		s.cache[name] = e
	}
	s.mu.Unlock()
	e.once.Do(func() { e.f, e.err = readFile(s.files, name) })
	if e.err != nil {
		// A missing file stays missing in an embedded tree; forget it
		// anyway, so that probing paths cannot grow the cache.
		s.mu.Lock()
		delete(s.cache, name)
		s.mu.Unlock()
	}
	return e.f, e.err
}

func readFile(files fs.FS, name string) (*file, error) {
	body, err := fs.ReadFile(files, name)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(body)
	f := &file{
		body:  body,
		etag:  `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`,
		ctype: contentType(name),
	}
	if compressible(f.ctype) && len(body) > 1024 {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression) // the level is valid
		_, _ = zw.Write(body)
		_ = zw.Close()
		if buf.Len() < len(body)*9/10 {
			f.gzipped = buf.Bytes()
		}
	}
	return f, nil
}

func contentType(name string) string {
	// Fonts are named here as images without a mime.types file (distroless)
	// would otherwise get application/octet-stream.
	switch path.Ext(name) {
	case ".ttf":
		return "font/ttf"
	case ".woff2":
		return "font/woff2"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

func compressible(ctype string) bool {
	for _, prefix := range []string{"text/", "application/javascript", "text/javascript", "application/json", "image/svg+xml", "font/ttf"} {
		if strings.HasPrefix(ctype, prefix) {
			return true
		}
	}
	return false
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}
