package config

import (
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestLoadDefaults(t *testing.T) {
	c, warnings, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Env != Development || c.Port != 8080 || !c.Playground || !c.Introspection || c.AccessTokenTTL != 15*time.Minute {
		t.Errorf("defaults = %+v", c)
	}
	if !c.JWTSecretGenerated || len(c.JWTSecret) < MinJWTSecretBytes || len(warnings) != 1 {
		t.Errorf("a development secret should be generated with a warning: generated=%v len=%d warnings=%v",
			c.JWTSecretGenerated, len(c.JWTSecret), warnings)
	}
	if c.LoginFailuresPerAccount != 10 || c.RegistrationsPerAddress != 20 || c.LoginFailureWindow != 15*time.Minute {
		t.Errorf("throttle defaults = %d failed logins, %d registrations per %v", c.LoginFailuresPerAccount, c.RegistrationsPerAddress, c.LoginFailureWindow)
	}
}

func TestLoadProduction(t *testing.T) {
	secret := strings.Repeat("s", 32)
	c, _, err := Load(env(map[string]string{"APP_ENV": "production", "JWT_SECRET": secret}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Playground || c.Introspection {
		t.Error("the playground and introspection must be off in production by default")
	}
	c, _, err = Load(env(map[string]string{"APP_ENV": "production", "JWT_SECRET": secret, "PLAYGROUND": "true", "INTROSPECTION": "true"}))
	if err != nil || !c.Playground || !c.Introspection {
		t.Errorf("production with PLAYGROUND and INTROSPECTION set: %+v, %v", c, err)
	}
}

func TestLoadRefusesBadValues(t *testing.T) {
	tests := []struct {
		name string
		vars map[string]string
		want string // a variable the error must name
	}{
		{"no secret in production", map[string]string{"APP_ENV": "production"}, "JWT_SECRET"},
		{"a short secret", map[string]string{"JWT_SECRET": "short"}, "JWT_SECRET"},
		{"an unknown environment", map[string]string{"APP_ENV": "staging"}, "APP_ENV"},
		{"a port out of range", map[string]string{"PORT": "70000"}, "PORT"},
		{"a port that is not a number", map[string]string{"PORT": "http"}, "PORT"},
		{"a database URL that is not postgres", map[string]string{"DATABASE_URL": "mysql://x"}, "DATABASE_URL"},
		{"a bad duration", map[string]string{"ACCESS_TOKEN_TTL": "15"}, "ACCESS_TOKEN_TTL"},
		{"a wildcard origin", map[string]string{"CORS_ORIGINS": "*"}, "CORS_ORIGINS"},
		{"an origin with a path", map[string]string{"CORS_ORIGINS": "https://a.example/app"}, "CORS_ORIGINS"},
		{"a bad log level", map[string]string{"LOG_LEVEL": "loud"}, "LOG_LEVEL"},
		{"a bad boolean", map[string]string{"PLAYGROUND": "yes please"}, "PLAYGROUND"},
		{"a read URL that is not postgres", map[string]string{"DATABASE_READ_URL": "http://replica"}, "DATABASE_READ_URL"},
		{"a pool wait of zero", map[string]string{"DB_POOL_WAIT": "0"}, "DB_POOL_WAIT"},
		{"a statement timeout that is not a duration", map[string]string{"DB_STATEMENT_TIMEOUT": "10"}, "DB_STATEMENT_TIMEOUT"},
		{"a negative shutdown delay", map[string]string{"SHUTDOWN_DELAY": "-1s"}, "SHUTDOWN_DELAY"},
		{"a bad ALLOW_SUPERUSER", map[string]string{"ALLOW_SUPERUSER": "maybe"}, "ALLOW_SUPERUSER"},
		{"no registrations at all", map[string]string{"REGISTRATIONS_PER_ADDRESS": "0"}, "REGISTRATIONS_PER_ADDRESS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Load(env(tt.vars))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one naming %s", err, tt.want)
			}
		})
	}
	t.Run("every bad value is reported at once", func(t *testing.T) {
		_, _, err := Load(env(map[string]string{"PORT": "x", "LOG_LEVEL": "y"}))
		if err == nil || !strings.Contains(err.Error(), "PORT") || !strings.Contains(err.Error(), "LOG_LEVEL") {
			t.Errorf("error = %v, want both PORT and LOG_LEVEL", err)
		}
	})
}

func TestLogValueMasksSecrets(t *testing.T) {
	c, _, err := Load(env(map[string]string{
		"JWT_SECRET":   "a very secret value that is long enough",
		"DATABASE_URL": "postgres://app:hunter2@db:5432/consumption",
	}))
	if err != nil {
		t.Fatal(err)
	}
	c.DatabaseReadURL = "postgres://reader:swordfish@replica:5432/consumption"
	shown := fmt.Sprint(slog.Any("config", c).Value.Resolve())
	for _, secret := range []string{"a very secret value", "hunter2", "swordfish"} {
		if strings.Contains(shown, secret) {
			t.Errorf("the logged configuration shows %q: %s", secret, shown)
		}
	}
}

func TestLoadLimits(t *testing.T) {
	c, _, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.MaxBodyBytes != 1<<20 || c.MaxTokens != 30_000 || c.MaxDepth != 15 || c.MaxAliases != 50 || c.MaxFields != 1000 || c.MaxComplexity != 10_000 {
		t.Errorf("limit defaults: %+v", c)
	}
	c, _, err = Load(env(map[string]string{"MAX_BODY_BYTES": "2048", "GRAPHQL_MAX_DEPTH": "8", "GRAPHQL_MAX_COMPLEXITY": "500"}))
	if err != nil || c.MaxBodyBytes != 2048 || c.MaxDepth != 8 || c.MaxComplexity != 500 {
		t.Errorf("limits set: %+v, %v", c, err)
	}
	if c.LiveMaxConnections != 2_000 || c.LiveMaxConnectionsPerUser != 20 || c.LiveMaxSubscriptionsPerConnection != 10 || c.LiveMaxSubscriptionsPerUser != 50 {
		t.Errorf("live limit defaults: %+v", c)
	}
	c, _, err = Load(env(map[string]string{"LIVE_MAX_CONNECTIONS_PER_USER": "3", "LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION": "2"}))
	if err != nil || c.LiveMaxConnectionsPerUser != 3 || c.LiveMaxSubscriptionsPerConnection != 2 {
		t.Errorf("live limits set: %+v, %v", c, err)
	}
	for _, name := range []string{"MAX_BODY_BYTES", "GRAPHQL_MAX_TOKENS", "GRAPHQL_MAX_DEPTH", "GRAPHQL_MAX_ALIASES", "GRAPHQL_MAX_FIELDS", "GRAPHQL_MAX_COMPLEXITY",
		"LIVE_MAX_CONNECTIONS", "LIVE_MAX_CONNECTIONS_PER_USER", "LIVE_MAX_SUBSCRIPTIONS_PER_CONNECTION", "LIVE_MAX_SUBSCRIPTIONS_PER_USER"} {
		for _, bad := range []string{"0", "-1", "lots", "1000000000000"} {
			if _, _, err := Load(env(map[string]string{name: bad})); err == nil || !strings.Contains(err.Error(), name) {
				t.Errorf("%s=%s: error %v, want one naming %s", name, bad, err, name)
			}
		}
	}
}

func TestLoadReliability(t *testing.T) {
	c, _, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.DBPoolWait != 2*time.Second || c.DBStatementTimeout != 10*time.Second || c.ShutdownDelay != 0 || c.DatabaseReadURL != "" {
		t.Errorf("development defaults: pool wait %v, statement timeout %v, shutdown delay %v, read URL %q",
			c.DBPoolWait, c.DBStatementTimeout, c.ShutdownDelay, c.DatabaseReadURL)
	}
	c, _, err = Load(env(map[string]string{"APP_ENV": "production", "JWT_SECRET": strings.Repeat("s", 32)}))
	if err != nil || c.ShutdownDelay != 5*time.Second {
		t.Errorf("production shutdown delay = %v (%v), want 5s", c.ShutdownDelay, err)
	}
	c, _, err = Load(env(map[string]string{
		"DB_POOL_WAIT": "250ms", "DB_STATEMENT_TIMEOUT": "3s", "SHUTDOWN_DELAY": "0",
		"DATABASE_READ_URL": "postgres://replica:5432/consumption",
	}))
	if err != nil || c.DBPoolWait != 250*time.Millisecond || c.DBStatementTimeout != 3*time.Second ||
		c.ShutdownDelay != 0 || c.DatabaseReadURL != "postgres://replica:5432/consumption" {
		t.Errorf("set values: %+v (%v)", c, err)
	}
}

func TestMetricsAddr(t *testing.T) {
	if c, _, err := Load(env(nil)); err != nil || c.MetricsAddr != "127.0.0.1:9090" {
		t.Errorf("default METRICS_ADDR = %q, %v", c.MetricsAddr, err)
	}
	c, _, err := Load(env(map[string]string{"METRICS_ADDR": "10.0.0.5:9100"}))
	if err != nil || c.MetricsAddr != "10.0.0.5:9100" {
		t.Errorf("METRICS_ADDR = %q, %v", c.MetricsAddr, err)
	}
	if _, _, err := Load(env(map[string]string{"METRICS_ADDR": "9090"})); err == nil {
		t.Error("a port without a host was accepted")
	}
}
