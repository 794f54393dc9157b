// Package httpapi is the server's HTTP interface: the GraphQL endpoint with
// its transport and request limits, the playground, the web client and the
// health checks, behind the middleware that authenticates, logs, counts
// (the metrics are served elsewhere) and recovers every request, and CORS. It serves the schema of
// package graph and knows nothing of resolvers.
package httpapi

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/playground"
	"github.com/vektah/gqlparser/v2/validator/core"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"consumption/auth"
	"consumption/graph"
	"consumption/live"
	"consumption/metrics"
)

// Options configure the HTTP handler.
type Options struct {
	Resolver *graph.Resolver
	// Authenticator tells whom a bearer token is for: access tokens of
	// sessions not signed out, and API tokens not revoked. The handler asks
	// it to tell of each revocation, to end the live connections of the
	// session or token at once: one handler per Authenticator.
	Authenticator *auth.Authenticator
	// Live is the feed of changed records that live connections (GraphQL
	// subscriptions over WebSocket) follow.
	Live   *live.Feed
	Logger *slog.Logger
	// Ready reports whether the server can serve requests: the database
	// answers and the server is not shutting down.
	Ready         func(ctx context.Context) error
	Introspection bool
	Playground    bool
	// Web serves the web client at / and its client-side routes, including
	// /playground when Playground is on. Without it, / is not found and
	// /playground is gqlgen's own playground.
	Web http.Handler
	// Limits bound what one request may ask; zero fields take the
	// defaults of DefaultLimits.
	Limits Limits
	// CORSOrigins are the origins whose pages may call the API from a
	// browser; none by default.
	CORSOrigins []string
	// TrustedProxies are the networks of the proxies whose X-Forwarded-For
	// tells the client's address; none by default.
	TrustedProxies []netip.Prefix
	// Metrics, when set, counts requests. It is served elsewhere, on an
	// address of its own (server.go), not by this handler.
	Metrics *metrics.Metrics
}

// Handler is the server's whole HTTP interface: the GraphQL endpoint (over
// HTTP and, for subscriptions, over WebSocket), the playground, and the
// health checks.
type Handler struct {
	http.Handler
	sockets *sockets
}

// Shutdown closes the live connections, which http.Server.Shutdown does not
// know of (they have left HTTP), as going away, and refuses new ones; it
// returns once they have closed, or when ctx ends.
func (h *Handler) Shutdown(ctx context.Context) error {
	return h.sockets.shutdown(ctx)
}

// NewHandler returns the server's HTTP interface.
func NewHandler(o Options) *Handler {
	socks := newSockets(o.Authenticator, o.Live, o.CORSOrigins, o.Logger)
	mux := http.NewServeMux()
	mux.Handle("/graphql", uncacheable(withCORS(o.CORSOrigins,
		authenticate(o.Authenticator, o.Logger, newGraphQLServer(o, socks)))))
	switch {
	case o.Playground && o.Web != nil:
		mux.Handle("GET /playground", o.Web)
	case o.Playground:
		mux.Handle("GET /playground", playground.Handler("Consumption GraphQL playground", "/graphql"))
	case o.Web != nil:
		// The client would answer its own playground route; with the
		// playground off there is none.
		mux.Handle("/playground", http.NotFoundHandler())
	}
	if o.Introspection {
		sdl := graph.SDL()
		mux.HandleFunc("GET /schema.graphql", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Header().Set("X-Content-Type-Options", "nosniff")
			_, _ = io.WriteString(w, sdl)
		})
	} else {
		// The schema is what introspection would tell; without it, the
		// client's routes must not answer in its place either.
		mux.Handle("/schema.graphql", http.NotFoundHandler())
	}
	if o.Web != nil {
		// "/" rather than "GET /": net/http's mux refuses "GET /" beside
		// "/graphql", neither being more specific. The client answers 405
		// to methods other than GET and HEAD.
		mux.Handle("/", o.Web)
	}
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := o.Ready(ctx); err != nil {
			o.Logger.WarnContext(ctx, "not ready", "error", err)
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	return &Handler{
		Handler: withRequest(o.TrustedProxies, logRequests(o.Logger, o.Metrics, recoverPanics(o.Logger, mux))),
		sockets: socks,
	}
}

// newGraphQLServer configures gqlgen to serve graph's schema: the transports
// (live connections, then HTTP), the limits (graph prices each field; the limit on the sum is set here),
// graph's operation set-up and error presenter, and introspection.
func newGraphQLServer(o Options, socks *sockets) http.Handler {
	limits := o.Limits.withDefaults()
	srv := handler.New(graph.NewSchema(o.Resolver))
	// The first transport that supports a request serves it.
	srv.AddTransport(newLiveTransport(socks, limits.MaxBodyBytes))
	srv.AddTransport(httpTransport{maxBodyBytes: limits.MaxBodyBytes})
	cache := newSmallQueryCache(1000, 8<<10)
	srv.SetQueryCache(cache)
	srv.SetParserTokenLimit(limits.MaxTokens)
	srv.Use(documentGuard{limits: limits, introspection: o.Introspection, validated: cache})
	srv.Use(extension.FixedComplexityLimit(limits.MaxComplexity))
	if o.Introspection {
		srv.Use(extension.Introspection{})
	}
	srv.AroundOperations(o.Resolver.AroundOperations)
	if !o.Introspection {
		srv.SetValidationRulesFn(rulesWithoutSuggestions)
	}
	srv.SetDisableSuggestion(!o.Introspection)
	srv.SetErrorPresenter(graph.ErrorPresenter(o.Logger))
	srv.SetRecoverFunc(graph.Recover)
	return srv
}

// rulesWithoutSuggestions are GraphQL's validation rules, with each rule
// that would answer a mistake with "Did you mean ...?" (fields, arguments,
// enum values, input fields, types) swapped for its twin that does not:
// with introspection off, suggestions would give the schema away name by
// name. (gqlgen's SetDisableSuggestion swaps only the rules of fields.)
func rulesWithoutSuggestions() *rules.Rules {
	r := rules.NewDefaultRules()
	for _, quiet := range []core.Rule{
		rules.FieldsOnCorrectTypeRuleWithoutSuggestions,
		rules.ScalarLeafsRuleWithoutSuggestions,
		rules.KnownArgumentNamesRuleWithoutSuggestions,
		rules.KnownTypeNamesRuleWithoutSuggestions,
		rules.ValuesOfCorrectTypeRuleWithoutSuggestions,
	} {
		name := strings.TrimSuffix(quiet.Name, "WithoutSuggestions")
		r.RemoveRule(name)
		r.AddRule(quiet.Name, quiet.RuleFunc)
	}
	return r
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
