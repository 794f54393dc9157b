package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"

	"consumption/auth"
)

type requestIDKey struct{}

// RequestID returns the id of the request ctx belongs to, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// maxRequestIDLength bounds an X-Request-ID taken from the client.
const maxRequestIDLength = 64

// newRequestID returns a random request id.
func newRequestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// withRequest puts the request id and the client's address in the request's
// context: the id for the log, the address for the login throttle, which
// auth keeps. A client's X-Request-ID is kept when it is short and plain, so
// that a request can be followed across services.
func withRequest(trustedProxies []netip.Prefix, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-ID")
		if !plainRequestID(id) {
			id = newRequestID()
		}
		w.Header().Set("X-Request-ID", id)
		ctx := context.WithValue(r.Context(), requestIDKey{}, id)
		ctx = auth.WithClientAddr(ctx, clientAddr(r, trustedProxies))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// clientAddr returns the address of the client that sent r: the peer of the
// connection, unless that is a trusted proxy. Then it is the address the
// proxy added to X-Forwarded-For, the last entry (a proxy appends the
// address of its own peer), or, when that is a trusted proxy as well, the
// entry before it, and so on: the right-most address that no trusted proxy
// is at. Entries to its left were written by the client and prove nothing.
// A header from a peer that is not a trusted proxy is never read.
func clientAddr(r *http.Request, trustedProxies []netip.Prefix) string {
	addr, ok := parseAddr(r.RemoteAddr)
	if !ok {
		return r.RemoteAddr
	}
	if !trusted(addr, trustedProxies) {
		return addr.String()
	}
	var hops []string
	for _, header := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(header, ",")...)
	}
	for i := len(hops) - 1; i >= 0; i-- {
		hop, ok := parseAddr(strings.TrimSpace(hops[i]))
		if !ok {
			// Not an address: nothing to its left can be trusted, and the
			// proxy that passed it on is the last address known.
			break
		}
		addr = hop
		if !trusted(addr, trustedProxies) {
			break
		}
	}
	return addr.String()
}

// parseAddr reads an IP address, with or without a port, as the peer of a
// connection and entries of X-Forwarded-For are written.
func parseAddr(s string) (netip.Addr, bool) {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap().WithZone(""), true
	}
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap().WithZone(""), true
	}
	return netip.Addr{}, false
}

func trusted(addr netip.Addr, proxies []netip.Prefix) bool {
	for _, p := range proxies {
		if p.Contains(addr) {
			return true
		}
	}
	return false
}

func plainRequestID(id string) bool {
	if id == "" || len(id) > maxRequestIDLength {
		return false
	}
	for _, c := range id {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// LogHandler adds the request id of the context to every record logged with
// one, so that each line of a request can be found.
type LogHandler struct {
	slog.Handler
}

// Handle adds request_id to r when ctx carries one.
func (h LogHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := RequestID(ctx); id != "" {
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, r)
}

// WithAttrs keeps the request id on derived handlers.
func (h LogHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return LogHandler{h.Handler.WithAttrs(attrs)}
}

// WithGroup keeps the request id on derived handlers.
func (h LogHandler) WithGroup(name string) slog.Handler {
	return LogHandler{h.Handler.WithGroup(name)}
}
