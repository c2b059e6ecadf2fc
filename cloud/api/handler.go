// Package api is the cloud API's HTTP layer: one route table that NewHandler registers, each handler
// decoding (one policy: unknown fields are refused), validating, calling the auth service or the store,
// and answering JSON in the wire types of package apitype, with errors always shaped
// {"error":{"code","message","details"}}.
package api

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"

	"github.com/cmdai/cmdai/cloud/audit"
	"github.com/cmdai/cmdai/cloud/auth"
	"github.com/cmdai/cmdai/cloud/orgs"
	"github.com/cmdai/cmdai/cloud/ratelimit"
	"github.com/cmdai/cmdai/cloud/secrets"
	"github.com/cmdai/cmdai/cloud/sso"
	"github.com/cmdai/cmdai/cloud/teams"
	"github.com/cmdai/cmdai/cloud/workflows"
	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/backends"
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
	// PolicyKey signs organisations' policy bundles; nil: the key stored in the database, generated at
	// first use.
	PolicyKey ed25519.PrivateKey
	// AuditCommandWrites records every history write (POST /api/v1/commands) in the audit log as
	// command.create, for compliance regimes that ask for it; off by default.
	AuditCommandWrites bool
	// Workflows is the workflow engine (River); nil: the workflow routes answer 503.
	Workflows *workflows.Service
	// PublicURL is the server's external URL (PUBLIC_URL), where identity providers send people back;
	// "": the URL each request was sent to. Keyring seals SSO client secrets; nil: CMDAI_SECRETS_KEY.
	PublicURL string
	Keyring   *secrets.Keyring
	// Draining reports that the server is shutting down: /ready then answers 503 so that a load balancer
	// stops sending requests while the ones it sent are still served. nil: never.
	Draining func() bool
}

type handler struct {
	db       *pgxpool.Pool
	redis    *redis.Client
	auth     *auth.Service
	teams    *teams.Service
	orgs     *orgs.Service
	auditLog *audit.Log
	maxBytes int64
	// backend answers generate requests; it is opened at the first one when Deps.Backend is nil.
	backend func() (models.Backend, error)
	// promHandler serves GET /metrics from the registry in ops.
	promHandler http.Handler
	workflows   *workflows.Service
	// sso runs organisations' single sign-on; publicURL is Deps.PublicURL.
	sso       *sso.Service
	publicURL string
	draining  func() bool
	ops
}

// NewHandler returns the whole API: it builds what the handlers need, then registers every route of the
// table in routes, and nowhere else.
func NewHandler(d Deps) http.Handler {
	log := d.Logger
	if log == nil {
		log = slog.Default()
	}
	h := &handler{db: d.DB, redis: d.Redis, auth: d.Auth, teams: &teams.Service{DB: d.DB},
		orgs: &orgs.Service{DB: d.DB, Key: d.PolicyKey}, maxBytes: d.MaxBodyBytes,
		ops: newOps(d)}
	h.auditLog = &audit.Log{DB: d.DB, Key: h.orgs.SigningKey}
	h.workflows = d.Workflows
	h.setupAuth(d)
	if h.maxBytes <= 0 {
		h.maxBytes = DefaultMaxBodyBytes
	}
	h.backend = func() (models.Backend, error) { return d.Backend, nil }
	if d.Backend == nil {
		h.backend = sync.OnceValues(func() (models.Backend, error) { return backends.Open("offline", backends.Endpoint{}) })
	}
	h.promHandler = h.metrics.Handler()
	h.draining = d.Draining
	if h.draining == nil {
		h.draining = func() bool { return false }
	}

	mux := http.NewServeMux()
	for _, rt := range h.routes() {
		if d.AuditCommandWrites {
			rt = h.auditCommandWrites(rt)
		}
		serve := rt.serve
		if rt.Audit != "" {
			serve = h.audited(rt.Route, serve)
		}
		if rt.Access != AccessPublic {
			serve = h.requireAuth(rt.Access, serve)
		}
		mux.HandleFunc(rt.Method+" "+rt.Path, serve)
	}

	routed := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := mux.Handler(r); pattern == "" {
			mux.ServeHTTP(&jsonMuxErrors{ResponseWriter: w, r: r}, r)
			return
		}
		mux.ServeHTTP(w, r)
	})
	return observe(log, h.metrics, routed)
}

// Who may call a route, besides an API key scope (auth.Scope*), which admits a login session or a key
// that holds the scope.
const (
	AccessPublic  = "public"        // anyone, with no credential
	AccessAny     = "authenticated" // any valid access token or API key
	AccessSession = "session"       // a login session only: an API key cannot mint keys or reshape a team
)

// Route is one route of the API.
type Route struct {
	Method, Path string
	// Access is AccessPublic, AccessAny, AccessSession or the API key scope the route needs.
	Access string
	// AliasOf is set on an older path kept for the clients that use it: "METHOD /path" of the route that
	// replaces it. The OpenAPI document marks it deprecated.
	AliasOf string
	// Audit is the action every call of the route records in the audit log ("" for a route that is not
	// audited), and AuditResource the kind of thing it acts on.
	Audit, AuditResource string
}

type route struct {
	Route
	serve http.HandlerFunc
}

// newRoute is a route of the table.
func newRoute(method, path, access string, serve http.HandlerFunc) route {
	return route{Route{Method: method, Path: path, Access: access}, serve}
}

// aliasRoute is an older path kept for the clients that use it; of is "METHOD /path" of its replacement.
func aliasRoute(method, path, access string, serve http.HandlerFunc, of string) route {
	return route{Route{Method: method, Path: path, Access: access, AliasOf: of}, serve}
}

// auditedRoute marks a sensitive route: each call is an event in the audit log.
func auditedRoute(action, resource string, rt route) route {
	rt.Audit, rt.AuditResource = action, resource
	return rt
}

// routes is the API's route table. The seed's V2.0 paths (/api/v1/commands/history,
// /api/v1/commands/execute) are served as written; the paths the first release used stay as aliases.
func (h *handler) routes() []route {
	r, alias, audited := newRoute, aliasRoute, auditedRoute
	const (
		history = "/api/v1/commands/history"
		execute = "/api/v1/commands/execute"
		org     = "/api/v1/orgs/{id}"
	)
	table := []route{
		r("GET", "/health", AccessPublic, h.health),
		r("GET", "/ready", AccessPublic, h.ready),
		r("GET", "/metrics", AccessPublic, h.serveMetrics),
		r("GET", "/api/v1/openapi.json", AccessPublic, h.openAPI),

		audited("auth.signup", "user", r("POST", "/api/v1/auth/signup", AccessPublic, h.signup)),
		audited("auth.login", "user", r("POST", "/api/v1/auth/login", AccessPublic, h.login)),
		audited("auth.refresh", "session", r("POST", "/api/v1/auth/refresh", AccessPublic, h.refresh)),
		audited("auth.logout", "session", r("POST", "/api/v1/auth/logout", AccessSession, h.logout)),
		r("GET", "/api/v1/auth/me", AccessAny, h.me),
		audited("api_key.create", "api_key", r("POST", "/api/v1/auth/api-keys", AccessSession, h.createAPIKey)),
		r("GET", "/api/v1/auth/api-keys", AccessSession, h.listAPIKeys),
		audited("api_key.revoke", "api_key", r("DELETE", "/api/v1/auth/api-keys/{id}", AccessSession, h.revokeAPIKey)),

		r("POST", "/api/v1/commands", auth.ScopeCommandsWrite, h.createCommand),
		r("GET", history, auth.ScopeCommandsRead, h.listCommands),
		audited("command.delete", "command", r("DELETE", history+"/{id}", auth.ScopeCommandsWrite, h.deleteCommand)),
		r("POST", "/api/v1/commands/generate", auth.ScopeCommandsWrite, h.generate),
		audited("command.execute", "command", r("POST", execute, auth.ScopeCommandsWrite, h.execute)),
		alias("GET", "/api/v1/commands", auth.ScopeCommandsRead, h.listCommands, "GET "+history),
		audited("command.delete", "command", alias("DELETE", "/api/v1/commands/{id}", auth.ScopeCommandsWrite, h.deleteCommand, "DELETE "+history+"/{id}")),
		audited("command.execute", "command", alias("POST", "/api/v1/commands/{id}/execute", auth.ScopeCommandsWrite, h.executeByPath, "POST "+execute)),

		audited("team.create", "team", r("POST", "/api/v1/teams", AccessSession, h.createTeam)),
		r("GET", "/api/v1/teams", auth.ScopeTeamsRead, h.listTeams),
		r("GET", "/api/v1/teams/{id}", auth.ScopeTeamsRead, h.teamDetails),
		audited("team.member.role", "team_member", r("PATCH", "/api/v1/teams/{id}/members/{user_id}", AccessSession, h.setMemberRole)),
		audited("team.member.remove", "team_member", r("DELETE", "/api/v1/teams/{id}/members/{user_id}", AccessSession, h.removeMember)),
		audited("team.pattern.share", "pattern", r("POST", "/api/v1/teams/{id}/patterns", auth.ScopeTeamsWrite, h.sharePattern)),
		r("GET", "/api/v1/teams/{id}/patterns", auth.ScopeTeamsRead, h.listPatterns),
		r("POST", "/api/v1/teams/{id}/patterns/{pattern_id}/use", auth.ScopeTeamsRead, h.usePattern),

		// Organisations: every route checks the caller's membership and role first (orgs.Authorize).
		r("GET", "/api/v1/orgs", auth.ScopeTeamsRead, h.listOrgs),
		r("GET", "/api/v1/policy/key", AccessAny, h.policyKey),
		r("GET", org+"/policy/bundle", auth.ScopeTeamsRead, h.policyBundle),
		r("GET", org+"/policies", auth.ScopeTeamsRead, h.listPolicies),
		r("POST", org+"/policies/dry-run", auth.ScopeTeamsRead, h.dryRunPolicy),
		r("GET", org+"/policies/{name}", auth.ScopeTeamsRead, h.getPolicy),
		audited("policy.set", "policy", r("PUT", org+"/policies/{name}", AccessSession, h.putPolicy)),
		audited("policy.delete", "policy", r("DELETE", org+"/policies/{name}", AccessSession, h.deletePolicy)),
		audited("approval.request", "approval", r("POST", org+"/approvals", auth.ScopeCommandsWrite, h.requestApproval)),
		r("GET", org+"/approvals", auth.ScopeTeamsRead, h.listApprovals),
		r("GET", org+"/approvals/{aid}", auth.ScopeTeamsRead, h.getApproval),
		audited("approval.approve", "approval", r("POST", org+"/approvals/{aid}/approve", auth.ScopeTeamsWrite, h.approveApproval)),
		audited("approval.deny", "approval", r("POST", org+"/approvals/{aid}/deny", auth.ScopeTeamsWrite, h.denyApproval)),
		audited("approval.use", "approval", r("POST", org+"/approvals/{aid}/use", auth.ScopeCommandsWrite, h.useApproval)),
		r("GET", org+"/audit/checkpoint", auth.ScopeTeamsRead, h.auditCheckpoint),

		r("GET", "/api/v1/analytics/usage", auth.ScopeAnalyticsRead, h.usageAnalytics),
		r("GET", "/api/v1/analytics/patterns", auth.ScopeAnalyticsRead, h.patternAnalytics),

		// End-to-end encrypted history sync: records are sealed on the device; the server only orders,
		// pages and stores them, each user seeing only their own.
		r("GET", "/api/v1/sync/capabilities", AccessAny, h.syncCapabilities),
		r("POST", "/api/v1/sync/records", auth.ScopeCommandsWrite, h.syncUpload),
		r("GET", "/api/v1/sync/records", auth.ScopeCommandsRead, h.syncDownload),
		r("DELETE", "/api/v1/sync/records/{id}", auth.ScopeCommandsWrite, h.syncDelete),
		r("GET", "/api/v1/sync/key", auth.ScopeCommandsRead, h.syncGetKey),
		audited("sync.key.set", "sync_key", r("PUT", "/api/v1/sync/key", auth.ScopeCommandsWrite, h.syncSetKey)),
		audited("sync.key.rewrap", "sync_key", r("POST", "/api/v1/sync/rewrap", auth.ScopeCommandsWrite, h.syncRewrap)),
	}
	for _, group := range h.featureRoutes() {
		table = append(table, group...)
	}
	return table
}

// Routes returns every route NewHandler serves, in the order it registers them.
func Routes() []Route {
	var out []Route
	for _, rt := range (&handler{}).routes() {
		out = append(out, rt.Route)
	}
	return out
}

// decode reads a JSON object body of at most maxBytes into v; see decodeLimit.
func (h *handler) decode(w http.ResponseWriter, r *http.Request, v any) error {
	return decodeLimit(w, r, h.maxBytes, v)
}

// decodeLimit reads a JSON object body of at most limit bytes into v, refusing fields that v does not
// declare on every route: a client learns at once that it cannot set a plan, a role, an owner or a count
// (or that it misspelt a field) instead of believing it did. The body is read whole first, so a body too
// large is a 413 and malformed JSON a 400 invalid_json, whatever its fields.
//
// A body needs Content-Type: application/json (a body without one is a 415, like one of another type), and
// its text must be valid UTF-8 without NUL characters (400 invalid_text, see checkJSONText).
func decodeLimit(w http.ResponseWriter, r *http.Request, limit int64, v any) error {
	ct := r.Header.Get("Content-Type")
	if ct == "" && r.ContentLength != 0 {
		return errorf(http.StatusUnsupportedMediaType, CodeUnsupportedMedia, "the body has no Content-Type; send Content-Type: application/json", nil)
	}
	if ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			return errorf(http.StatusUnsupportedMediaType, CodeUnsupportedMedia, "send Content-Type: application/json", nil)
		}
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, limit))
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
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
	if err := checkJSONText(raw); err != nil {
		return err
	}
	strict := json.NewDecoder(bytes.NewReader(raw))
	strict.DisallowUnknownFields()
	if err := strict.Decode(v); err != nil {
		if field, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			field = strings.Trim(field, `"`)
			return errorf(http.StatusBadRequest, CodeValidation, "this route does not take the field "+field,
				map[string]string{"field": field})
		}
		return errorf(http.StatusBadRequest, CodeInvalidJSON, "request body does not fit this route: "+err.Error(), nil)
	}
	return nil
}

func (h *handler) serveMetrics(w http.ResponseWriter, r *http.Request) { h.promHandler.ServeHTTP(w, r) }

func (h *handler) health(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyTimeout bounds /ready's checks: a load balancer's health check must get an answer, a fast one,
// even from a replica whose database hangs.
const readyTimeout = time.Second

// ready answers 200 only when PostgreSQL answers, so a load balancer stops sending requests to a replica
// that cannot serve them, and 503 at once while the server drains before shutting down. Redis only meters
// requests (the rate limiter fails open), so its absence is reported in the checks but does not take
// every replica out of service at once.
func (h *handler) ready(w http.ResponseWriter, r *http.Request) {
	if h.draining() {
		w.Header().Set("Connection", "close")
		writeError(w, r, errorf(http.StatusServiceUnavailable, CodeUnavailable, "shutting down", map[string]string{"server": "draining"}))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
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
