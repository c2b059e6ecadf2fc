// Package api is the cloud API's HTTP layer: every route in one NewHandler, each handler decoding,
// validating, calling the auth service or the store, and answering JSON, with errors always shaped
// {"error":{"code","message","details"}}.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"

	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/ratelimit"
	"github.com/cmdai/cmdai/models"
)

// DefaultMaxBodyBytes bounds a request body.
const DefaultMaxBodyBytes = 1 << 20

// Deps is what the handler needs.
type Deps struct {
	DB           *pgxpool.Pool
	Redis        *redis.Client
	Auth         *auth.Service
	Logger       *slog.Logger       // nil: slog.Default()
	MaxBodyBytes int64              // 0: DefaultMaxBodyBytes
	Limiter      *ratelimit.Limiter // nil: authenticated routes are not rate limited
	Metrics      *Metrics           // nil: a fresh registry (NewMetrics)
	Backend      models.Backend     // answers generate; nil: the offline engine
}

type handler struct {
	db       *pgxpool.Pool
	redis    *redis.Client
	auth     *auth.Service
	maxBytes int64
	ops
	teamsAPI
}

// NewHandler returns the whole API: every route is registered here and nowhere else.
func NewHandler(d Deps) http.Handler {
	h := &handler{db: d.DB, redis: d.Redis, auth: d.Auth, maxBytes: d.MaxBodyBytes}
	if h.maxBytes <= 0 {
		h.maxBytes = DefaultMaxBodyBytes
	}
	log := d.Logger
	if log == nil {
		log = slog.Default()
	}

	h.ops = newOps(d)

	mux := http.NewServeMux()
	mux.HandleFunc("GET /health", h.health)
	mux.HandleFunc("GET /ready", h.ready)
	mux.Handle("GET /metrics", h.metrics.Handler())
	mux.HandleFunc("GET /api/v1/openapi.json", h.openAPI)

	mux.HandleFunc("POST /api/v1/auth/signup", h.signup)
	mux.HandleFunc("POST /api/v1/auth/login", h.login)
	mux.HandleFunc("POST /api/v1/auth/refresh", h.refresh)
	mux.HandleFunc("POST /api/v1/auth/logout", h.requireAuth("session", h.logout))
	mux.HandleFunc("GET /api/v1/auth/me", h.requireAuth("", h.me))
	mux.HandleFunc("POST /api/v1/auth/api-keys", h.requireAuth("session", h.createAPIKey))
	mux.HandleFunc("GET /api/v1/auth/api-keys", h.requireAuth("session", h.listAPIKeys))
	mux.HandleFunc("DELETE /api/v1/auth/api-keys/{id}", h.requireAuth("session", h.revokeAPIKey))

	mux.HandleFunc("POST /api/v1/commands", h.requireAuth(auth.ScopeCommandsWrite, h.createCommand))
	mux.HandleFunc("GET /api/v1/commands", h.requireAuth(auth.ScopeCommandsRead, h.listCommands))
	mux.HandleFunc("DELETE /api/v1/commands/{id}", h.requireAuth(auth.ScopeCommandsWrite, h.deleteCommand))
	h.syncRoutes(mux)
	h.teamRoutes(mux, d)

	routed := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := mux.Handler(r); pattern == "" {
			mux.ServeHTTP(&jsonMuxErrors{ResponseWriter: w, r: r}, r)
			return
		}
		mux.ServeHTTP(w, r)
	})
	return observe(log, h.metrics, routed)
}

// decode reads a JSON object body of at most maxBytes into v. Fields v does not declare are ignored, so a
// client cannot set what a handler does not read (a plan, a role).
func (h *handler) decode(w http.ResponseWriter, r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			return errorf(http.StatusUnsupportedMediaType, CodeUnsupportedMedia, "send Content-Type: application/json", nil)
		}
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, h.maxBytes))
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return errorf(http.StatusRequestEntityTooLarge, CodePayloadTooLarge, "request body too large",
				map[string]int64{"limit_bytes": tooBig.Limit})
		}
		if errors.Is(err, io.EOF) {
			return errorf(http.StatusBadRequest, CodeInvalidJSON, "request body is empty; send a JSON object", nil)
		}
		return errorf(http.StatusBadRequest, CodeInvalidJSON, "request body is not valid JSON: "+err.Error(), nil)
	}
	if dec.More() {
		return errorf(http.StatusBadRequest, CodeInvalidJSON, "send one JSON object", nil)
	}
	return nil
}

func (h *handler) health(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// ready answers 200 only when PostgreSQL answers, so a load balancer stops sending requests to a replica
// that cannot serve them. Redis only meters requests (the rate limiter fails open), so its absence is
// reported in the checks but does not take every replica out of service at once.
func (h *handler) ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	checks := map[string]string{"postgres": "ok", "redis": "ok"}
	failed := false
	if err := h.db.Ping(ctx); err != nil {
		checks["postgres"], failed = "unreachable", true
		logger(ctx).WarnContext(ctx, "ready: postgres", slog.String("error", err.Error()))
	}
	if err := h.redis.Ping(ctx).Err(); err != nil {
		checks["redis"] = "unreachable: rate limits not enforced"
		logger(ctx).WarnContext(ctx, "ready: redis", slog.String("error", err.Error()))
	}
	if failed {
		writeError(w, r, errorf(http.StatusServiceUnavailable, CodeUnavailable, "a dependency is unreachable", checks))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "ready", "checks": checks})
}
