// Package config reads the server's configuration from the environment, once,
// at start-up, and refuses to start on a value it cannot use.
package config

import (
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// The environments the server runs in.
const (
	Development = "development"
	Production  = "production"
)

// MinJWTSecretBytes is the shortest JWT_SECRET accepted: 256 bits for HS256.
const MinJWTSecretBytes = 32

// Config is the server's configuration.
type Config struct {
	Env         string
	DatabaseURL string
	// DatabaseReadURL, when set, names a streaming replica of the database
	// that read-only requests use.
	DatabaseReadURL string
	// JWTSecret signs access tokens. JWTSecretGenerated reports that it was
	// made up at start-up, so tokens die with the process.
	JWTSecret          []byte
	JWTSecretGenerated bool
	Port               int
	CORSOrigins        []string
	LogLevel           slog.Level
	LogFormat          string
	Playground         bool
	Introspection      bool

	// AllowSuperuser lets the server start in production although its
	// database user is a superuser or bypasses row-level security.
	AllowSuperuser bool
	// TrustedProxies are the networks of the proxies whose X-Forwarded-For
	// says who the client is.
	TrustedProxies []netip.Prefix

	DBMaxOpenConns int
	// DBPoolWait bounds how long a request waits for a free connection,
	// and DBStatementTimeout how long one statement may run.
	DBPoolWait         time.Duration
	DBStatementTimeout time.Duration
	AccessTokenTTL     time.Duration
	RefreshTokenTTL    time.Duration
	// ShutdownDelay is how long the server reports itself not ready, still
	// serving, before it stops taking requests on SIGTERM; ShutdownTimeout
	// how long requests in flight then have to finish.
	ShutdownDelay   time.Duration
	ShutdownTimeout time.Duration

	LoginFailuresPerAccount int
	LoginFailuresPerAddress int
	RegistrationsPerAddress int
	LoginFailureWindow      time.Duration

	// MetricsAddr is where the metrics and Go's profiler answer
	// (host:port), apart from the API's public port.
	MetricsAddr string

	// The limits of one request, checked before it runs.
	MaxBodyBytes  int
	MaxTokens     int
	MaxDepth      int
	MaxAliases    int
	MaxFields     int
	MaxComplexity int

	// The limits of live connections (WebSocket subscriptions), each on
	// one instance.
	LiveMaxConnections                int
	LiveMaxConnectionsPerUser         int
	LiveMaxSubscriptionsPerConnection int
	LiveMaxSubscriptionsPerUser       int
}

// Development reports whether the server runs in development.
func (c Config) Development() bool { return c.Env == Development }

// Load reads the configuration through getenv. It reports every bad value at
// once, and returns warnings to log about defaults that are unsafe elsewhere.
func Load(getenv func(string) string) (Config, []string, error) {
	r := reader{getenv: getenv}
	c := Config{
		Env:             r.oneOf("APP_ENV", Development, Development, Production),
		DatabaseURL:     r.str("DATABASE_URL", "postgres://postgres@localhost:5432/consumption?sslmode=disable"),
		DatabaseReadURL: r.str("DATABASE_READ_URL", ""),
		MetricsAddr:     r.hostPort("METRICS_ADDR", "127.0.0.1:9090"),
		Port:            r.integer("PORT", 8080, 1, 65535),
		LogLevel:        r.level("LOG_LEVEL", slog.LevelInfo),
		LogFormat:       r.oneOf("LOG_FORMAT", "text", "text", "json"),

		// Migrating holds one connection for its lock and runs on another.
		DBMaxOpenConns:     r.integer("DB_MAX_OPEN_CONNS", 20, 2, 1000),
		DBPoolWait:         r.duration("DB_POOL_WAIT", 2*time.Second),
		DBStatementTimeout: r.duration("DB_STATEMENT_TIMEOUT", 10*time.Second),
		AccessTokenTTL:     r.duration("ACCESS_TOKEN_TTL", 15*time.Minute),
		RefreshTokenTTL:    r.duration("REFRESH_TOKEN_TTL", 30*24*time.Hour),
		ShutdownTimeout:    r.duration("SHUTDOWN_TIMEOUT", 20*time.Second),

		LoginFailuresPerAccount: r.integer("LOGIN_FAILURES_PER_ACCOUNT", 10, 1, 1_000_000),
		LoginFailuresPerAddress: r.integer("LOGIN_FAILURES_PER_ADDRESS", 100, 1, 1_000_000),
		RegistrationsPerAddress: r.integer("REGISTRATIONS_PER_ADDRESS", 20, 1, 1_000_000),
		LoginFailureWindow:      r.duration("LOGIN_FAILURE_WINDOW", 15*time.Minute),

		MaxBodyBytes:  r.integer("MAX_BODY_BYTES", 1<<20, 1<<10, 64<<20),
		MaxTokens:     r.integer("GRAPHQL_MAX_TOKENS", 30_000, 100, 1_000_000),
		MaxDepth:      r.integer("GRAPHQL_MAX_DEPTH", 15, 2, 1000),
		MaxAliases:    r.integer("GRAPHQL_MAX_ALIASES", 50, 1, 10_000),
		MaxFields:     r.integer("GRAPHQL_MAX_FIELDS", 1000, 10, 100_000),
		MaxComplexity: r.integer("GRAPHQL_MAX_COMPLEXITY", 10_000, 10, 100_000_000),

		LiveMaxConnections:                r.integer("LIVE_MAX_CONNECTIONS", 2_000, 1, 10_000_000),
		LiveMaxConnectionsPerUser:         r.integer("LIVE_MAX_CONNECTIONS_PER_USER", 20, 1, 100_000),
		LiveMaxSubscriptionsPerConnection: r.integer("LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION", 10, 1, 100_000),
		LiveMaxSubscriptionsPerUser:       r.integer("LIVE_MAX_SUBSCRIPTIONS_PER_USER", 50, 1, 1_000_000),
	}
	dev := c.Env == Development
	// A load balancer needs a few seconds to see that an instance is going;
	// in development nothing is watching, and Ctrl-C should be quick.
	defaultDelay := 5 * time.Second
	if dev {
		defaultDelay = 0
	}
	c.ShutdownDelay = r.delay("SHUTDOWN_DELAY", defaultDelay)
	c.Playground = r.boolean("PLAYGROUND", dev)
	c.Introspection = r.boolean("INTROSPECTION", dev)
	c.AllowSuperuser = r.boolean("ALLOW_SUPERUSER", false)
	c.CORSOrigins = r.origins("CORS_ORIGINS")
	c.TrustedProxies = r.networks("TRUSTED_PROXIES")

	if u, err := url.Parse(c.DatabaseURL); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		r.fail("DATABASE_URL must be a postgres:// URL")
	}
	if c.DatabaseReadURL != "" {
		if u, err := url.Parse(c.DatabaseReadURL); err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			r.fail("DATABASE_READ_URL must be a postgres:// URL")
		}
	}

	var warnings []string
	switch secret := getenv("JWT_SECRET"); {
	case secret == "" && dev:
		c.JWTSecret = make([]byte, MinJWTSecretBytes)
		if _, err := rand.Read(c.JWTSecret); err != nil {
			r.fail("JWT_SECRET: cannot generate one: " + err.Error())
		}
		c.JWTSecretGenerated = true
		warnings = append(warnings, "JWT_SECRET is not set: using a random one, so tokens end when the process does")
	case secret == "":
		r.fail("JWT_SECRET is required in production")
	case len(secret) < MinJWTSecretBytes:
		r.fail(fmt.Sprintf("JWT_SECRET must be at least %d bytes long", MinJWTSecretBytes))
	default:
		c.JWTSecret = []byte(secret)
	}
	if c.AccessTokenTTL > c.RefreshTokenTTL {
		r.fail("ACCESS_TOKEN_TTL must not be longer than REFRESH_TOKEN_TTL")
	}
	if len(r.errs) > 0 {
		return Config{}, nil, fmt.Errorf("config: %w", errors.Join(r.errs...))
	}
	return c, warnings, nil
}

// LogValue shows the configuration with its secrets masked.
func (c Config) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("env", c.Env),
		slog.String("database_url", redactURL(c.DatabaseURL)),
		slog.String("database_read_url", redactURL(c.DatabaseReadURL)),
		slog.String("jwt_secret", "[masked]"),
		slog.Bool("jwt_secret_generated", c.JWTSecretGenerated),
		slog.Int("port", c.Port),
		slog.Any("cors_origins", c.CORSOrigins),
		slog.Any("trusted_proxies", c.TrustedProxies),
		slog.String("log_level", c.LogLevel.String()),
		slog.String("log_format", c.LogFormat),
		slog.Bool("playground", c.Playground),
		slog.Bool("introspection", c.Introspection),
		slog.Bool("allow_superuser", c.AllowSuperuser),
		slog.Int("db_max_open_conns", c.DBMaxOpenConns),
		slog.Duration("db_pool_wait", c.DBPoolWait),
		slog.Duration("db_statement_timeout", c.DBStatementTimeout),
		slog.Duration("shutdown_delay", c.ShutdownDelay),
		slog.Duration("shutdown_timeout", c.ShutdownTimeout),
		slog.Duration("access_token_ttl", c.AccessTokenTTL),
		slog.Duration("refresh_token_ttl", c.RefreshTokenTTL),
		slog.Int("login_failures_per_account", c.LoginFailuresPerAccount),
		slog.Int("login_failures_per_address", c.LoginFailuresPerAddress),
		slog.Int("registrations_per_address", c.RegistrationsPerAddress),
		slog.Duration("login_failure_window", c.LoginFailureWindow),
		slog.String("metrics_addr", c.MetricsAddr),
		slog.Int("max_body_bytes", c.MaxBodyBytes),
		slog.Int("graphql_max_tokens", c.MaxTokens),
		slog.Int("graphql_max_depth", c.MaxDepth),
		slog.Int("graphql_max_aliases", c.MaxAliases),
		slog.Int("graphql_max_fields", c.MaxFields),
		slog.Int("graphql_max_complexity", c.MaxComplexity),
		slog.Int("live_max_connections", c.LiveMaxConnections),
		slog.Int("live_max_connections_per_user", c.LiveMaxConnectionsPerUser),
		slog.Int("live_max_subscriptions_per_connection", c.LiveMaxSubscriptionsPerConnection),
		slog.Int("live_max_subscriptions_per_user", c.LiveMaxSubscriptionsPerUser),
	)
}

// redactURL hides the password of a database URL.
func redactURL(s string) string {
	if u, err := url.Parse(s); err == nil {
		return u.Redacted()
	}
	return "[unreadable]"
}

// reader reads variables, collecting every problem instead of stopping at the
// first, so that one start-up names them all.
type reader struct {
	getenv func(string) string
	errs   []error
}

func (r *reader) fail(msg string) { r.errs = append(r.errs, errors.New(msg)) }

func (r *reader) str(name, def string) string {
	if v := r.getenv(name); v != "" {
		return v
	}
	return def
}

func (r *reader) oneOf(name, def string, allowed ...string) string {
	v := strings.ToLower(r.str(name, def))
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	r.fail(fmt.Sprintf("%s must be one of %s, not %q", name, strings.Join(allowed, ", "), v))
	return def
}

func (r *reader) integer(name string, def, lo, hi int) int {
	v := r.getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		r.fail(fmt.Sprintf("%s must be a whole number from %d to %d, not %q", name, lo, hi, v))
		return def
	}
	return n
}

func (r *reader) duration(name string, def time.Duration) time.Duration {
	v := r.getenv(name)
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		r.fail(fmt.Sprintf("%s must be a positive duration such as 15m or 30s, not %q", name, v))
		return def
	}
	return d
}

// delay reads a duration that may be zero, for waits that can be skipped.
func (r *reader) delay(name string, def time.Duration) time.Duration {
	v := r.getenv(name)
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		r.fail(fmt.Sprintf("%s must be a duration such as 5s, or 0, not %q", name, v))
		return def
	}
	return d
}

// hostPort reads a listening address such as 127.0.0.1:9090.
func (r *reader) hostPort(name, def string) string {
	v := r.str(name, def)
	if _, port, err := net.SplitHostPort(v); err != nil || port == "" {
		r.fail(fmt.Sprintf("%s must be an address such as 127.0.0.1:9090, not %q", name, v))
		return def
	}
	return v
}

func (r *reader) boolean(name string, def bool) bool {
	v := r.getenv(name)
	if v == "" {
		return def
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		r.fail(fmt.Sprintf("%s must be true or false, not %q", name, v))
		return def
	}
	return b
}

func (r *reader) level(name string, def slog.Level) slog.Level {
	v := r.getenv(name)
	if v == "" {
		return def
	}
	var l slog.Level
	if err := l.UnmarshalText([]byte(v)); err != nil {
		r.fail(fmt.Sprintf("%s must be debug, info, warn or error, not %q", name, v))
		return def
	}
	return l
}

// networks reads a comma-separated list of networks (CIDRs such as
// 10.0.0.0/8) and single addresses.
func (r *reader) networks(name string) []netip.Prefix {
	var out []netip.Prefix
	for _, n := range strings.Split(r.getenv(name), ",") {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		if p, err := netip.ParsePrefix(n); err == nil {
			out = append(out, p.Masked())
		} else if a, err := netip.ParseAddr(n); err == nil && a.Zone() == "" {
			out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
		} else {
			r.fail(fmt.Sprintf("%s must list networks such as 10.0.0.0/8 or addresses such as 192.0.2.10, not %q", name, n))
		}
	}
	return out
}

// origins reads a comma-separated list of origins such as
// https://example.com. A wildcard is refused: the API takes credentials.
func (r *reader) origins(name string) []string {
	var out []string
	for _, o := range strings.Split(r.getenv(name), ",") {
		o = strings.TrimSpace(o)
		if o == "" {
			continue
		}
		u, err := url.Parse(o)
		if o == "*" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") {
			r.fail(fmt.Sprintf("%s must list origins such as https://example.com, not %q", name, o))
			continue
		}
		out = append(out, strings.TrimSuffix(o, "/"))
	}
	return out
}
