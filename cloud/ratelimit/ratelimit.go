// Package ratelimit meters the cloud API's authenticated requests per caller and plan with GCRA in Redis
// (github.com/go-redis/redis_rate), so that every replica of the server shares one budget per caller.
//
// When Redis cannot be reached the limiter fails open: the request is served, a warning is logged and
// Decision.Degraded is set. A rate limit protects capacity, not secrets, and refusing every request
// because the meter is down would turn a Redis outage into a whole-API outage. Authentication does not
// depend on Redis at all: sessions and their revocation, and API keys and theirs, live in PostgreSQL
// (cloud/pgstore), so an unreachable Redis can never let a revoked credential through.
package ratelimit

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"
)

// Plans and their hourly budgets. Enterprise is "unlimited": its ceiling only stops a runaway client
// (36,000 an hour is 10 a second, sustained, far above what a team of people or devices sends).
const (
	PlanFree       = "free"
	PlanPro        = "pro"
	PlanEnterprise = "enterprise"
)

// DefaultLimits is each plan's budget per caller: a burst of Rate requests, refilled evenly over Period.
var DefaultLimits = map[string]redis_rate.Limit{
	PlanFree:       redis_rate.PerHour(50),
	PlanPro:        redis_rate.PerHour(1000),
	PlanEnterprise: redis_rate.PerHour(36000),
}

// Decision is the outcome of one Allow.
type Decision struct {
	Plan       string
	Allowed    bool
	Limit      int           // requests per Window
	Window     time.Duration // the policy's period
	Remaining  int
	RetryAfter time.Duration // when !Allowed: until the next request would be admitted
	ResetAfter time.Duration // until the budget is full again
	Degraded   bool          // Redis was unreachable: admitted without metering
}

// Limiter meters callers against their plan's limit.
type Limiter struct {
	rl      *redis_rate.Limiter
	limits  map[string]redis_rate.Limit
	log     *slog.Logger
	timeout time.Duration

	lastWarn atomic.Int64 // unix nanoseconds of the last "redis unreachable" warning
}

// Options tunes a Limiter; the zero value is the defaults.
type Options struct {
	Limits  map[string]redis_rate.Limit // nil: DefaultLimits
	Logger  *slog.Logger                // nil: slog.Default()
	Timeout time.Duration               // one Redis round trip; 0: 250ms
}

// New returns a limiter over rdb.
func New(rdb *redis.Client, o Options) *Limiter {
	l := &Limiter{rl: redis_rate.NewLimiter(rdb), limits: o.Limits, log: o.Logger, timeout: o.Timeout}
	if l.limits == nil {
		l.limits = DefaultLimits
	}
	if l.log == nil {
		l.log = slog.Default()
	}
	if l.timeout <= 0 {
		l.timeout = 250 * time.Millisecond
	}
	return l
}

// Limit returns plan's limit; an unknown plan gets the free one.
func (l *Limiter) Limit(plan string) (string, redis_rate.Limit) {
	if lim, ok := l.limits[plan]; ok {
		return plan, lim
	}
	return PlanFree, l.limits[PlanFree]
}

// Allow spends one request of key's budget under plan. It never returns an error: when Redis fails the
// request is admitted (Degraded) and a warning is logged, at most once every 10 seconds.
func (l *Limiter) Allow(ctx context.Context, key, plan string) Decision {
	plan, lim := l.Limit(plan)
	d := Decision{Plan: plan, Limit: lim.Rate, Window: lim.Period}
	rctx, cancel := context.WithTimeout(ctx, l.timeout)
	defer cancel()
	res, err := l.rl.Allow(rctx, key, lim)
	if err != nil {
		d.Allowed, d.Degraded, d.Remaining = true, true, lim.Rate
		l.warn(ctx, fmt.Errorf("rate limiter: %w", err))
		return d
	}
	d.Allowed = res.Allowed > 0
	d.Remaining = res.Remaining
	d.ResetAfter = max(res.ResetAfter, 0)
	if !d.Allowed {
		d.RetryAfter = max(res.RetryAfter, 0)
	}
	return d
}

func (l *Limiter) warn(ctx context.Context, err error) {
	now := time.Now().UnixNano()
	last := l.lastWarn.Load()
	if now-last < int64(10*time.Second) || !l.lastWarn.CompareAndSwap(last, now) {
		return
	}
	l.log.WarnContext(ctx, "redis unreachable: serving requests without rate limits (fail open)",
		slog.String("error", err.Error()))
}
