package httpapi

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"consumption/auth"
	"consumption/metrics"
)

// maxTokenBytes bounds the access tokens verified: real ones are a few
// hundred bytes, and a longer one is refused without parsing it.
const maxTokenBytes = 4096

// authenticate verifies the bearer token of a request, when there is one, and
// puts its user in the request's context. A request with no token goes on
// without a user; one whose token is invalid, expired or of a session since
// signed out is refused with 401, as RFC 6750 says, before any GraphQL runs.
// When whether the session was signed out cannot be known, the request is
// refused as the service being unavailable, never let through.
func authenticate(tokens *auth.Tokens, revocations *auth.Revocations, logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get("Authorization")
		if header == "" {
			next.ServeHTTP(w, r)
			return
		}
		scheme, token, _ := strings.Cut(header, " ")
		if !strings.EqualFold(scheme, "Bearer") {
			errAuthScheme.writeJSON(w, r)
			return
		}
		token = strings.TrimSpace(token)
		if len(token) > maxTokenBytes {
			errBadToken.writeJSON(w, r)
			return
		}
		access, err := tokens.Verify(token)
		if err != nil {
			errBadToken.writeJSON(w, r)
			return
		}
		revoked, err := revocations.Revoked(r.Context(), access.Session)
		switch {
		case err != nil:
			logger.WarnContext(r.Context(), "cannot tell whether a session was signed out", "error", err)
			errRevocationsUnknown.writeJSON(w, r)
			return
		case revoked:
			errBadToken.writeJSON(w, r)
			return
		}
		infoOf(r.Context()).userID = access.UserID.String()
		next.ServeHTTP(w, r.WithContext(auth.WithUserID(r.Context(), access.UserID)))
	})
}

// uncacheable marks every answer of the GraphQL endpoint, refusals too, as
// not to be stored by any cache (they carry tokens and people's data) nor
// read by a browser as another type than the one it says.
func uncacheable(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		next.ServeHTTP(w, r)
	})
}

// statusRecorder remembers the status a handler wrote, for the request log.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// logRequests logs one line per request and counts GraphQL requests in the
// metrics (m may be nil). The line says what was asked and how it went:
// the operation's name, the user, the outcome; never a token, a password,
// a variable or a document, which may hold any of them.
func logRequests(logger *slog.Logger, m *metrics.Metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		info := &requestInfo{}
		next.ServeHTTP(rec, r.WithContext(withRequestInfo(r.Context(), info)))
		took := time.Since(start)
		attrs := []any{
			"method", r.Method,
			"path", r.URL.Path,
			"status", rec.status,
			"duration", took,
		}
		if r.URL.Path == "/graphql" && r.Method != http.MethodOptions {
			outcome := outcomeOf(info, rec.status)
			attrs = append(attrs, "operation", info.operation, "outcome", outcome, "user_id", info.userID)
			m.ObserveRequest(info.fields, outcome, took)
		}
		logger.InfoContext(r.Context(), "request", attrs...)
	})
}

// recoverPanics answers a panic outside gqlgen (which recovers its own) with
// a 500 and logs it with its stack, instead of dropping the connection.
func recoverPanics(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				logger.ErrorContext(r.Context(), "panic", "error", fmt.Sprint(p), "stack", string(debug.Stack()))
				errPanic.writeJSON(w, r)
			}
		}()
		next.ServeHTTP(w, r)
	})
}
