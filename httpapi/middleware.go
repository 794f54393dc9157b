package httpapi

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"consumption/auth"
	"consumption/metrics"
)

// maxTokenBytes bounds the bearer tokens verified: real ones are a few
// hundred bytes, and a longer one is refused without parsing it.
const maxTokenBytes = 4096

// authenticate verifies the bearer token of a request, when there is one, and
// puts its caller in the request's context. A request with no token goes on
// without a caller; one whose token is invalid, expired, revoked or of a
// session since signed out is refused with 401, as RFC 6750 says, before
// any GraphQL runs. When whether the token was revoked cannot be known, the
// request is refused as the service being unavailable, never let through.
func authenticate(authn *auth.Authenticator, logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get("Authorization")
		if header == "" {
			next.ServeHTTP(w, r)
			return
		}
		token, ok := bearerToken(header)
		if !ok {
			errAuthScheme.writeJSON(w, r)
			return
		}
		caller, refusal := verifyBearer(r.Context(), authn, logger, token)
		if refusal != nil {
			refusal.writeJSON(w, r)
			return
		}
		infoOf(r.Context()).userID = caller.UserID.String()
		next.ServeHTTP(w, r.WithContext(auth.WithCaller(r.Context(), caller)))
	})
}

// bearerToken returns the token of an Authorization header's value,
// "Bearer <token>" with the scheme in any case, and whether it was one.
func bearerToken(header string) (string, bool) {
	scheme, token, _ := strings.Cut(header, " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return "", false
	}
	return strings.TrimSpace(token), true
}

// verifyBearer returns the caller of a bearer token (without "Bearer "),
// or the refusal to answer with: the same for a request's Authorization
// header and for any other place a token comes in, such as the payload of
// a WebSocket's connection_init.
func verifyBearer(ctx context.Context, authn *auth.Authenticator, logger *slog.Logger, token string) (auth.Caller, *requestError) {
	bad := errBadToken
	if auth.IsAPIToken(token) {
		bad = errBadAPIToken
	}
	if len(token) > maxTokenBytes {
		return auth.Caller{}, bad
	}
	caller, err := authn.Authenticate(ctx, token)
	switch {
	case errors.Is(err, auth.ErrCannotVerify):
		logger.WarnContext(ctx, "cannot tell whether a token was revoked", "error", err)
		return auth.Caller{}, errRevocationsUnknown
	case err != nil:
		return auth.Caller{}, bad
	}
	return caller, nil
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
		switch {
		case info.live:
			// A live connection lasts minutes or hours: it is logged,
			// with the code it closed with, and not timed as a request.
			attrs = append(attrs, "operation", "live", "close_code", info.closeCode, "user_id", info.userID)
		case r.URL.Path == "/graphql" && r.Method != http.MethodOptions:
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
