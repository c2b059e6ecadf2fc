package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// ThrottledError is a login, signup, refresh or second-factor attempt refused before any secret was
// checked, because its account or address failed too often: the caller may try again after RetryAfter.
type ThrottledError struct {
	RetryAfter time.Duration
}

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("too many attempts: retry after %d s", RetryAfterSeconds(e.RetryAfter))
}

// RetryAfterSeconds is d rounded up to whole seconds, at least 1: a Retry-After header's value.
func RetryAfterSeconds(d time.Duration) int {
	return max(int(math.Ceil(d.Seconds())), 1)
}

// ThrottleRule is how many attempts a key may make before each further one has to wait, growing from
// BaseDelay and doubling, and after how many the key is locked out for Lockout. Counts are forgotten
// Window after the first attempt.
type ThrottleRule struct {
	Name      string // the key's kind, part of the Redis key
	Free      int    // attempts admitted back to back
	Max       int    // attempts admitted in all before the lock-out
	Window    time.Duration
	Lockout   time.Duration
	BaseDelay time.Duration
}

// The rules the Service applies. An account (by the email as typed, so that an address with no account
// is throttled exactly like one with an account) gets ten password checks per lock-out; an address gets
// more, because many people can share one (an office's NAT).
var (
	RuleLoginAccount = ThrottleRule{Name: "login-account", Free: 3, Max: 10, Window: time.Hour, Lockout: 15 * time.Minute, BaseDelay: time.Second}
	RuleLoginIP      = ThrottleRule{Name: "login-ip", Free: 20, Max: 100, Window: time.Hour, Lockout: 15 * time.Minute, BaseDelay: time.Second}
	RuleSignupIP     = ThrottleRule{Name: "signup-ip", Free: 20, Max: 60, Window: time.Hour, Lockout: time.Hour, BaseDelay: time.Second}
	RuleRefreshIP    = ThrottleRule{Name: "refresh-ip", Free: 20, Max: 100, Window: time.Hour, Lockout: 15 * time.Minute, BaseDelay: time.Second}
	RuleMFAAccount   = ThrottleRule{Name: "mfa-account", Free: 3, Max: 10, Window: time.Hour, Lockout: 15 * time.Minute, BaseDelay: time.Second}
)

// Throttle counts attempts per key in Redis, so that every replica of the server shares the counts.
// Each decision is one Lua script, atomic in Redis: concurrent attempts cannot all slip in before the
// first of them is counted.
//
// When Redis cannot be reached the throttle fails open and logs it, as the API's rate limiter does: the
// password hash still costs an attacker its full price, and its concurrency is capped by HashSlots.
type Throttle struct {
	Redis *redis.Client
	// Namespace keeps apart deployments that share one Redis.
	Namespace string
	Logger    *slog.Logger // nil: slog.Default()
}

// throttleScript decides one attempt. KEYS: the count and the time (Redis clock, ms) before which the key
// is refused. ARGV: mode (check: only ask; reserve: ask, and count the attempt when admitted; record:
// count it without asking), window ms, free, max, lock-out ms, base delay ms. It answers the ms to wait (0:
// admitted).
var throttleScript = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local mode = ARGV[1]
if mode ~= 'record' then
  local blocked = tonumber(redis.call('GET', KEYS[2]) or '0')
  if blocked > now then return blocked - now end
  if mode == 'check' then return 0 end
end
local window, free, max = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local lockout, base = tonumber(ARGV[5]), tonumber(ARGV[6])
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], window) end
local wait = 0
if n >= max then
  wait = lockout
  redis.call('DEL', KEYS[1])
elseif n > free then
  wait = math.floor(math.min(base * 2 ^ (n - free - 1), lockout))
end
if wait > 0 then
  local prev = tonumber(redis.call('GET', KEYS[2]) or '0')
  if now + wait > prev then redis.call('SET', KEYS[2], now + wait, 'PX', math.floor(wait)) end
end
return 0
`)

func (t *Throttle) keys(rule ThrottleRule, subject string) []string {
	sum := sha256.Sum256([]byte(subject))
	base := "cmdai:throttle:" + t.Namespace + ":" + rule.Name + ":" + hex.EncodeToString(sum[:16])
	return []string{base + ":n", base + ":until"}
}

func (t *Throttle) run(ctx context.Context, mode string, rule ThrottleRule, subject string) error {
	if t == nil || t.Redis == nil || subject == "" {
		return nil
	}
	ms, err := throttleScript.Run(ctx, t.Redis, t.keys(rule, subject), mode, rule.Window.Milliseconds(),
		rule.Free, rule.Max, rule.Lockout.Milliseconds(), rule.BaseDelay.Milliseconds()).Int64()
	if err != nil {
		t.failOpen(ctx, err)
		return nil
	}
	if ms > 0 {
		return &ThrottledError{RetryAfter: time.Duration(ms) * time.Millisecond}
	}
	return nil
}

func (t *Throttle) failOpen(ctx context.Context, err error) {
	if errors.Is(err, context.Canceled) {
		return
	}
	log := t.Logger
	if log == nil {
		log = slog.Default()
	}
	log.WarnContext(ctx, "login throttle: redis unreachable, attempt not counted", slog.String("error", err.Error()))
}

// Check refuses (*ThrottledError) while the key must wait, without counting an attempt.
func (t *Throttle) Check(ctx context.Context, rule ThrottleRule, subject string) error {
	return t.run(ctx, "check", rule, subject)
}

// Reserve is Check that also counts the attempt when it is admitted, in the same step.
func (t *Throttle) Reserve(ctx context.Context, rule ThrottleRule, subject string) error {
	return t.run(ctx, "reserve", rule, subject)
}

// Record counts a failed attempt that Check admitted.
func (t *Throttle) Record(ctx context.Context, rule ThrottleRule, subject string) {
	_ = t.run(ctx, "record", rule, subject)
}

// Forget clears a key's count and wait, after the attempt it reserved turned out to be the rightful owner's.
func (t *Throttle) Forget(ctx context.Context, rule ThrottleRule, subject string) {
	if t == nil || t.Redis == nil || subject == "" {
		return
	}
	if err := t.Redis.Del(ctx, t.keys(rule, subject)...).Err(); err != nil {
		t.failOpen(ctx, err)
	}
}

// Refund gives back an attempt Reserve counted but that never reached a secret (the server was busy).
func (t *Throttle) Refund(ctx context.Context, rule ThrottleRule, subject string) {
	if t == nil || t.Redis == nil || subject == "" {
		return
	}
	k := t.keys(rule, subject)[0]
	if err := refundScript.Run(ctx, t.Redis, []string{k}).Err(); err != nil && !errors.Is(err, redis.Nil) {
		t.failOpen(ctx, err)
	}
}

var refundScript = redis.NewScript(`
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n > 0 then redis.call('DECR', KEYS[1]) end
return 0
`)

type clientIPKey struct{}

// WithClientIP returns ctx carrying the address a request came from, which the throttle counts per.
func WithClientIP(ctx context.Context, ip string) context.Context {
	return context.WithValue(ctx, clientIPKey{}, ip)
}

// ClientIP is the address WithClientIP put in ctx, or "".
func ClientIP(ctx context.Context) string {
	ip, _ := ctx.Value(clientIPKey{}).(string)
	return ip
}

// accountSubject is the throttle's key for a login name: the email as typed, lowercased, whether or not
// it is a valid address or an account's.
func accountSubject(email string) string {
	return "email:" + strings.ToLower(strings.TrimSpace(email))
}
