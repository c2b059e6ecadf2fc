package api

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/cmdai/cmdai/cloud/pgstore"
	"github.com/cmdai/cmdai/cloud/ratelimit"
)

// CodeRateLimited is the error code of a 429: the caller spent its plan's budget.
const CodeRateLimited = "rate_limited"

// planTTL is how long a user's plan is cached before it is read again: an upgrade takes effect within it.
const planTTL = time.Minute

// ops is the handler's operational equipment: metrics and rate limits.
type ops struct {
	metrics *Metrics
	limiter *ratelimit.Limiter
	plans   *planCache
}

func newOps(d Deps) ops {
	m := d.Metrics
	if m == nil {
		m = NewMetrics(d.DB)
	}
	return ops{metrics: m, limiter: d.Limiter, plans: &planCache{entries: map[string]planEntry{}}}
}

type planEntry struct {
	plan    string
	expires time.Time
}

// planCache keeps each user's plan for planTTL, so that metering a request costs no extra query.
type planCache struct {
	mu      sync.Mutex
	entries map[string]planEntry
}

func (c *planCache) get(ctx context.Context, q pgstore.Querier, userID string) (string, error) {
	now := time.Now()
	c.mu.Lock()
	e, ok := c.entries[userID]
	c.mu.Unlock()
	if ok && now.Before(e.expires) {
		return e.plan, nil
	}
	u, err := pgstore.UserByID(ctx, q, userID)
	if err != nil {
		return "", fmt.Errorf("read plan: %w", err)
	}
	c.mu.Lock()
	if len(c.entries) > 100_000 { // bound the memory; the cache refills in one planTTL
		clear(c.entries)
	}
	c.entries[userID] = planEntry{plan: u.Plan, expires: now.Add(planTTL)}
	c.mu.Unlock()
	return u.Plan, nil
}

// rateLimit spends one request of the caller's budget and writes the rate-limit headers. It reports
// whether the request may go on; when not, it has answered 429.
func (h *handler) rateLimit(w http.ResponseWriter, r *http.Request, userID, apiKeyID string) bool {
	if h.limiter == nil {
		return true
	}
	plan, err := h.plans.get(r.Context(), h.db, userID)
	if errors.Is(err, pgstore.ErrNotFound) {
		writeError(w, r, errorf(http.StatusUnauthorized, CodeUnauthorized, "the account no longer exists", nil))
		return false
	}
	if err != nil {
		writeError(w, r, err)
		return false
	}
	// An API key has its own budget, so that one runaway device does not lock its owner out of the others.
	key := "user:" + userID
	if apiKeyID != "" {
		key = "apikey:" + apiKeyID
	}
	d := h.limiter.Allow(r.Context(), key, plan)
	if d.Degraded {
		h.metrics.unmetered.Inc()
		return true
	}
	reset := ceilSeconds(d.ResetAfter)
	window := int(d.Window / time.Second)
	hd := w.Header()
	hd.Set("X-RateLimit-Limit", strconv.Itoa(d.Limit))
	hd.Set("X-RateLimit-Remaining", strconv.Itoa(d.Remaining))
	hd.Set("X-RateLimit-Reset", strconv.FormatInt(time.Now().Unix()+int64(reset), 10))
	hd.Set("RateLimit-Policy", fmt.Sprintf("%q;q=%d;w=%d", d.Plan, d.Limit, window))
	hd.Set("RateLimit", fmt.Sprintf("%q;r=%d;t=%d", d.Plan, d.Remaining, reset))
	if d.Allowed {
		return true
	}
	retry := max(ceilSeconds(d.RetryAfter), 1)
	hd.Set("Retry-After", strconv.Itoa(retry))
	h.metrics.rateLimited.WithLabelValues(d.Plan).Inc()
	writeError(w, r, errorf(http.StatusTooManyRequests, CodeRateLimited,
		fmt.Sprintf("rate limit of the %s plan reached (%d requests per %s); retry after %d s", d.Plan, d.Limit, d.Window, retry),
		map[string]any{"plan": d.Plan, "limit": d.Limit, "window_seconds": window, "retry_after_seconds": retry}))
	return false
}

func ceilSeconds(d time.Duration) int {
	return int(math.Ceil(d.Seconds()))
}
