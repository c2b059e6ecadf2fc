// Package server runs cmdai-server: configuration from the environment, connections to PostgreSQL and
// Redis, migrations, and an HTTP server that drains in-flight requests when it is told to stop.
package server

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/cmdai/cmdai/cloud/orgs"
	"github.com/cmdai/cmdai/cloud/retention"
	"github.com/cmdai/cmdai/models/backends"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"
)

// MinJWTSecretLen is the shortest JWT_SECRET accepted: HS256 needs a key at least as long as its hash.
const MinJWTSecretLen = 32

// Config is the server's configuration, all of it from the environment.
type Config struct {
	DatabaseURL     string // DATABASE_URL, required
	RedisURL        string // REDIS_URL, required
	JWTSecret       []byte // JWT_SECRET, required, at least 32 bytes
	ListenAddr      string // LISTEN_ADDR, default 127.0.0.1:8080
	ShutdownTimeout time.Duration
	// DrainPeriod is DRAIN_PERIOD (a Go duration, default 0s): after SIGTERM, how long /ready answers 503
	// while the server keeps serving, before it stops accepting (see Stop). Behind a load balancer, set it
	// to at least the balancer's health-check interval times the failures it needs to mark a server down.
	// ShutdownTimeout (SHUTDOWN_TIMEOUT, default 20s) is how long in-flight requests get after that.
	DrainPeriod time.Duration
	// RetentionEnterpriseDays is RETENTION_ENTERPRISE_DAYS (default 365, the hosted enterprise tier's
	// year; a self-hosted installation may keep up to 2557, seven years): how long enterprise accounts
	// keep history. Free (7 days) and pro (30) are fixed by their plans. Audit events are never removed
	// by it: they follow each organisation's compliance setting.
	RetentionEnterpriseDays int
	// AuditCommandWrites is AUDIT_COMMAND_WRITES (true or false, default false): record every history
	// write (POST /api/v1/commands) in the audit log as a command.create event, committed with the row.
	AuditCommandWrites bool
	// RetentionInterval is RETENTION_INTERVAL (a Go duration, default 1h): how often expired history is deleted.
	RetentionInterval time.Duration
	// Backend is INFERENCE_BACKEND (default offline; or ollama, openai): the models backend that answers
	// POST /api/v1/commands/generate. Inference is INFERENCE_URL, INFERENCE_MODEL and
	// INFERENCE_API_KEY_ENV: where a model backend's server listens and which model it asks.
	Backend   string
	Inference backends.Endpoint
	// PolicySigningKey is POLICY_SIGNING_KEY: the base64 of an Ed25519 seed (32 bytes) that signs
	// organisations' policy bundles. Unset (nil), the server generates a key at its first start and
	// stores it in the database, so that every replica signs with the same one; set it to keep the key
	// out of the database (in a secret store), and set the same value on every replica.
	PolicySigningKey ed25519.PrivateKey
	// PublicURL is PUBLIC_URL: the server's external https URL, where identity providers send people back
	// after single sign-on (unset: the host each request was sent to).
	PublicURL string
	// TLS is TLS_CERT_FILE, TLS_KEY_FILE and TLS_MIN_VERSION (tls.go).
	TLS TLS
	// JWTPreviousSecrets is JWT_PREVIOUS_SECRETS (secrets.go): tokens they signed stay valid until they expire.
	JWTPreviousSecrets [][]byte
}

// ConfigFromEnv reads and checks the configuration, reporting every problem at once.
func ConfigFromEnv(getenv func(string) string) (Config, error) {
	c := Config{
		DatabaseURL:     getenv("DATABASE_URL"),
		RedisURL:        getenv("REDIS_URL"),
		JWTSecret:       []byte(getenv("JWT_SECRET")),
		ListenAddr:      getenv("LISTEN_ADDR"),
		ShutdownTimeout: 20 * time.Second,

		RetentionEnterpriseDays: retention.EnterpriseCloudDays,
		RetentionInterval:       time.Hour,
		Backend:                 getenv("INFERENCE_BACKEND"),
		Inference: backends.Endpoint{URL: getenv("INFERENCE_URL"), Model: getenv("INFERENCE_MODEL"),
			APIKeyEnv: getenv("INFERENCE_API_KEY_ENV")},
	}
	if c.Backend == "" {
		c.Backend = "offline"
	}
	if c.ListenAddr == "" {
		c.ListenAddr = "127.0.0.1:8080"
	}
	var errs []error
	if !backends.Known(c.Backend) {
		errs = append(errs, fmt.Errorf("INFERENCE_BACKEND %q is not one of %s", c.Backend, strings.Join(backends.Names, ", ")))
	}
	if c.DatabaseURL == "" {
		errs = append(errs, errors.New("DATABASE_URL is not set (e.g. postgres://user:pass@localhost:5432/cmdai)"))
	} else if _, err := pgxpool.ParseConfig(c.DatabaseURL); err != nil {
		errs = append(errs, fmt.Errorf("DATABASE_URL is not a PostgreSQL connection string: %w", err))
	}
	if c.RedisURL == "" {
		errs = append(errs, errors.New("REDIS_URL is not set (e.g. redis://localhost:6379/0)"))
	} else if _, err := redis.ParseURL(c.RedisURL); err != nil {
		errs = append(errs, fmt.Errorf("REDIS_URL is not a Redis URL: %w", err))
	}
	if len(c.JWTSecret) < MinJWTSecretLen {
		errs = append(errs, fmt.Errorf("JWT_SECRET must be at least %d bytes (it has %d); generate one with 'openssl rand -base64 48'",
			MinJWTSecretLen, len(c.JWTSecret)))
	}
	if _, _, err := net.SplitHostPort(c.ListenAddr); err != nil {
		errs = append(errs, fmt.Errorf("LISTEN_ADDR %q is not host:port: %w", c.ListenAddr, err))
	}
	if v := getenv("PUBLIC_URL"); v != "" {
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
			errs = append(errs, fmt.Errorf("PUBLIC_URL %q must be the server's external URL, such as https://cmdai.example.com", v))
		}
		c.PublicURL = strings.TrimSuffix(v, "/")
	}
	if v := getenv("POLICY_SIGNING_KEY"); v != "" {
		k, err := orgs.ParseSigningKey(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("POLICY_SIGNING_KEY: %w", err))
		}
		c.PolicySigningKey = k
	}
	errs = append(errs, tlsFromEnv(getenv, &c)...)
	errs = append(errs, jwtFromEnv(getenv, &c)...)
	for name, d := range map[string]*time.Duration{"DRAIN_PERIOD": &c.DrainPeriod, "SHUTDOWN_TIMEOUT": &c.ShutdownTimeout} {
		if v := getenv(name); v != "" {
			n, err := time.ParseDuration(v)
			if err != nil || n < 0 || n > 10*time.Minute {
				errs = append(errs, fmt.Errorf("%s %q must be a duration from 0s to 10m (e.g. 10s)", name, v))
			}
			*d = n
		}
	}
	if v := getenv("RETENTION_ENTERPRISE_DAYS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > retention.MaxSelfHostedDays {
			errs = append(errs, fmt.Errorf("RETENTION_ENTERPRISE_DAYS %q must be a number of days from 1 to %d (seven years)", v, retention.MaxSelfHostedDays))
		}
		c.RetentionEnterpriseDays = n
	}
	if v := getenv("AUDIT_COMMAND_WRITES"); v != "" {
		on, err := strconv.ParseBool(v)
		if err != nil {
			errs = append(errs, fmt.Errorf("AUDIT_COMMAND_WRITES %q must be true or false", v))
		}
		c.AuditCommandWrites = on
	}
	if v := getenv("RETENTION_INTERVAL"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Minute {
			errs = append(errs, fmt.Errorf("RETENTION_INTERVAL %q must be a duration of at least 1m (e.g. 1h)", v))
		}
		c.RetentionInterval = d
	}
	return c, errors.Join(errs...)
}
