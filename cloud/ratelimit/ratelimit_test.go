package ratelimit_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/internal/testproc"
	"github.com/cmdai/cmdai/cloud/ratelimit"
)

func key() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return "test:" + hex.EncodeToString(b)
}

func TestPlans(t *testing.T) {
	l := ratelimit.New(testdb.Redis(t), ratelimit.Options{})
	ctx := context.Background()
	for plan, want := range map[string]struct {
		plan  string
		limit int
	}{
		"free": {"free", 50}, "pro": {"pro", 1000}, "enterprise": {"enterprise", 36000}, "": {"free", 50}, "gold": {"free", 50},
	} {
		d := l.Allow(ctx, key(), plan)
		if d.Plan != want.plan || d.Limit != want.limit || !d.Allowed || d.Degraded || d.Window != time.Hour {
			t.Errorf("plan %q: %+v, want %s with %d an hour", plan, d, want.plan, want.limit)
		}
	}
}

// An unreachable Redis admits the request, marks it Degraded, and logs one warning for a burst of them.
func TestFailsOpen(t *testing.T) {
	dead := redis.NewClient(&redis.Options{Addr: "127.0.0.1:" + strconv.Itoa(testproc.FreePort(t)), MaxRetries: -1})
	t.Cleanup(func() { _ = dead.Close() })
	var logs bytes.Buffer
	l := ratelimit.New(dead, ratelimit.Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	for range 5 {
		if d := l.Allow(context.Background(), key(), "free"); !d.Allowed || !d.Degraded {
			t.Fatalf("%+v, want admitted and degraded", d)
		}
	}
	if n := strings.Count(logs.String(), "level=WARN"); n != 1 {
		t.Fatalf("%d warnings for 5 failures in a burst, want 1:\n%s", n, logs.String())
	}
}
