// Package metrics counts what operators watch, and serves it in
// Prometheus's format: GraphQL requests by operation and outcome, their
// latency, the database connection pools, and failed and throttled logins.
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

// MaxOperations bounds how many distinct operation names are counted apart.
// Clients choose the names, so past this many the rest count as "other",
// which keeps the number of series bounded whatever clients send.
const MaxOperations = 100

// The operation labels that are not a client's operation name.
const (
	// Anonymous is the label of an operation without a name.
	Anonymous = "anonymous"
	// Other is the label of every name past the first MaxOperations.
	Other = "other"
)

// Metrics holds the server's metrics in a registry of its own.
type Metrics struct {
	registry       *prometheus.Registry
	requests       *prometheus.CounterVec
	durations      *prometheus.HistogramVec
	loginFailures  prometheus.Counter
	loginThrottled prometheus.Counter

	mu         sync.Mutex
	operations map[string]bool
}

// New returns the metrics of a server whose database connection pools are
// pools, by name (such as "primary" and "replica"), with the Go runtime's
// and the process's own.
func New(pools map[string]*sql.DB) *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "consumption_graphql_requests_total",
			Help: "GraphQL requests by operation name and outcome: ok, or the code of the first error.",
		}, []string{"operation", "outcome"}),
		durations: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "consumption_graphql_request_duration_seconds",
			Help:    "How long GraphQL requests took, from the first byte read to the last written, by operation name.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"operation"}),
		loginFailures: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "consumption_login_failures_total",
			Help: "Logins refused for a wrong email or password.",
		}),
		loginThrottled: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "consumption_login_throttled_total",
			Help: "Logins refused, whatever the password, because of too many recent failures.",
		}),
		operations: make(map[string]bool),
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

// ObserveRequest counts a GraphQL request of the named operation ("" when
// it has no name), its outcome and how long it took.
func (m *Metrics) ObserveRequest(operation, outcome string, took time.Duration) {
	if m == nil {
		return
	}
	op := m.operationLabel(operation)
	m.requests.WithLabelValues(op, outcome).Inc()
	m.durations.WithLabelValues(op).Observe(took.Seconds())
}

// operationLabel returns the label of an operation name: the name itself,
// while fewer than MaxOperations names have been seen, or Other.
func (m *Metrics) operationLabel(name string) string {
	if name == "" {
		return Anonymous
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.operations[name] {
		return name
	}
	if len(m.operations) >= MaxOperations {
		return Other
	}
	m.operations[name] = true
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
