// Package metrics counts what operators watch, and serves it in
// Prometheus's format: GraphQL requests by the root fields they ask and
// their outcome, their latency, the database connection pools, and failed
// and throttled logins.
package metrics

import (
	"database/sql"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Requests are counted by the fields they ask at their root, which the
// schema names (a client's operation names could be anything, and as many
// as it likes). MaxFields bounds the labels anyway, should a caller pass
// other names: past it, a name counts as Other.
const MaxFields = 200

// The field labels that are not a root field's name.
const (
	// NoField is the label of a request refused before its operation was
	// known (malformed, too large, a bad token, an invalid document).
	NoField = "none"
	// Other is the label of every name past the first MaxFields.
	Other = "other"
)

// Metrics holds the server's metrics in a registry of its own.
type Metrics struct {
	registry       *prometheus.Registry
	requests       *prometheus.CounterVec
	durations      *prometheus.HistogramVec
	loginFailures  prometheus.Counter
	loginThrottled prometheus.Counter

	mu     sync.Mutex
	fields map[string]bool
}

// New returns the metrics of a server whose database connection pools are
// pools, by name (such as "primary" and "replica"), with the Go runtime's
// and the process's own.
func New(pools map[string]*sql.DB) *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "consumption_graphql_requests_total",
			Help: "GraphQL requests by root field asked (a request counts once for each it asks) and outcome: ok, or the code of the first error.",
		}, []string{"field", "outcome"}),
		durations: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "consumption_graphql_request_duration_seconds",
			Help:    "How long GraphQL requests took, from the first byte read to the last written, by root field asked.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"field"}),
		loginFailures: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "consumption_login_failures_total",
			Help: "Logins refused for a wrong email or password.",
		}),
		loginThrottled: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "consumption_login_throttled_total",
			Help: "Logins refused, whatever the password, because of too many recent failures.",
		}),
		fields: make(map[string]bool),
	}
	m.registry.MustRegister(m.requests, m.durations, m.loginFailures, m.loginThrottled,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	for name, db := range pools {
		m.registry.MustRegister(collectors.NewDBStatsCollector(db, name))
	}
	return m
}

// Handler serves the metrics.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}

// ObserveRequest counts a GraphQL request that asked the given root fields
// (none when it was refused before they were known), its outcome and how
// long it took, once for each field.
func (m *Metrics) ObserveRequest(fields []string, outcome string, took time.Duration) {
	if m == nil {
		return
	}
	if len(fields) == 0 {
		fields = []string{NoField}
	}
	for _, f := range fields {
		label := m.fieldLabel(f)
		m.requests.WithLabelValues(label, outcome).Inc()
		m.durations.WithLabelValues(label).Observe(took.Seconds())
	}
}

// fieldLabel returns the label of a field: its name, while fewer than
// MaxFields names have been seen, or Other.
func (m *Metrics) fieldLabel(name string) string {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fields[name] {
		return name
	}
	if len(m.fields) >= MaxFields {
		return Other
	}
	m.fields[name] = true
	return name
}

// LoginFailed counts a login refused for a wrong email or password.
func (m *Metrics) LoginFailed() {
	if m != nil {
		m.loginFailures.Inc()
	}
}

// LoginThrottled counts a login refused by the throttle.
func (m *Metrics) LoginThrottled() {
	if m != nil {
		m.loginThrottled.Inc()
	}
}
