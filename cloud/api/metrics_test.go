package api_test

import (
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/go-redis/redis_rate/v10"

	"github.com/cmdai/cmdai/cloud/internal/testdb"
	"github.com/cmdai/cmdai/cloud/ratelimit"
)

// /metrics counts requests by route pattern (not raw path) and status, 429s by plan, and the pool's state.
func TestMetrics(t *testing.T) {
	a := newLimitedAPI(t, testdb.Redis(t), map[string]redis_rate.Limit{ratelimit.PlanFree: redis_rate.PerHour(2)}, slog.New(slog.DiscardHandler))
	access, _ := a.signup("metrics@example.com")
	for range 3 {
		a.do("DELETE", "/api/v1/commands/00000000-0000-0000-0000-000000000001", access, nil)
	}
	a.do("GET", "/no/such/path", "", nil)
	res, err := a.srv.Client().Get(a.srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	body := string(b)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("/metrics: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	for _, want := range []string{
		`cmdai_http_requests_total{method="POST",route="/api/v1/auth/signup",status="201"} 1`,
		`cmdai_http_requests_total{method="DELETE",route="/api/v1/commands/{id}",status="404"} 2`,
		`cmdai_http_requests_total{method="DELETE",route="/api/v1/commands/{id}",status="429"} 1`,
		`cmdai_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`cmdai_http_request_duration_seconds_bucket{method="POST",route="/api/v1/auth/signup",le="+Inf"} 1`,
		`cmdai_ratelimit_rejections_total{plan="free"} 1`,
		`cmdai_db_pool_total_conns `,
		`cmdai_db_pool_acquires_total `,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(body, "00000000-0000") {
		t.Error("a raw path (with an id) became a label")
	}
}
