package server

import (
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// redisClient opens the Redis client with short timeouts: the rate limiter asks Redis on every
// authenticated request and fails open, so a dead Redis must cost milliseconds, not the client's default
// seconds; and a caller's deadline (the limiter's 250 ms) bounds each round trip, not only these.
func redisClient(url string) (*redis.Client, error) {
	opts, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("REDIS_URL: %w", err)
	}
	capTimeout(&opts.DialTimeout, time.Second)
	capTimeout(&opts.ReadTimeout, 500*time.Millisecond)
	capTimeout(&opts.WriteTimeout, 500*time.Millisecond)
	opts.ContextTimeoutEnabled = true
	return redis.NewClient(opts), nil
}

// capTimeout lowers *d to limit; zero (the client's default) counts as longer than any limit.
func capTimeout(d *time.Duration, limit time.Duration) {
	if *d <= 0 || *d > limit {
		*d = limit
	}
}
