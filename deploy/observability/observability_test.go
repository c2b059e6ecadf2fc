package observability_test

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/model"
	"github.com/prometheus/prometheus/model/rulefmt"
	"github.com/prometheus/prometheus/promql/parser"
	"github.com/redis/go-redis/v9"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/cmdai/cmdai/cloud/api"
	"github.com/cmdai/cmdai/cloud/audit/siem"
	"github.com/cmdai/cmdai/cloud/retention"
	"github.com/cmdai/cmdai/cloud/server"
)

// serverRegistry is the registry cmdai-server serves at /metrics, built by the same calls as server.Run
// (the SIEM deliverer's metrics included). Nothing connects: the pool and the client dial lazily.
func serverRegistry(t *testing.T) *prometheus.Registry {
	t.Helper()
	pool, err := pgxpool.New(context.Background(), "postgres://cmdai@127.0.0.1:1/cmdai")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	t.Cleanup(func() { _ = rdb.Close() })
	m := api.NewMetrics(pool)
	server.RegisterDependencyMetrics(m.Registry, pool, rdb)
	server.RegisterWorkflowQueueMetrics(m.Registry, pool)
	if err := (&retention.Job{}).Register(m.Registry); err != nil {
		t.Fatal(err)
	}
	if err := (&siem.Deliverer{}).Register(m.Registry); err != nil {
		t.Fatal(err)
	}
	return m.Registry
}

// registered reports whether reg holds a metric named name: registering another collector of that
// name fails exactly when one is there (same descriptor, or the same name with other labels or help).
func registered(reg *prometheus.Registry, name string) bool {
	probe := prometheus.NewGauge(prometheus.GaugeOpts{Name: name, Help: "probe"})
	if err := reg.Register(probe); err != nil {
		return true
	}
	reg.Unregister(probe)
	return false
}

// promqlParser parses PromQL as Prometheus 3 does.
var promqlParser = parser.NewParser(parser.Options{})

// metricNames lists the metrics expr selects, a histogram's _bucket, _sum and _count as the histogram.
func metricNames(t *testing.T, expr string) []string {
	t.Helper()
	// Grafana's variables, as Grafana substitutes them before the query reaches Prometheus.
	expr = strings.NewReplacer("$__rate_interval", "5m", "$job", ".*", "$instance", ".*").Replace(expr)
	node, err := promqlParser.ParseExpr(expr)
	if err != nil {
		t.Errorf("%s: %v", expr, err)
		return nil
	}
	var names []string
	parser.Inspect(node, func(n parser.Node, _ []parser.Node) error {
		if vs, ok := n.(*parser.VectorSelector); ok {
			name := vs.Name
			for _, suffix := range []string{"_bucket", "_sum", "_count"} {
				if base, ok := strings.CutSuffix(name, suffix); ok && strings.HasSuffix(base, "_seconds") {
					name = base
				}
			}
			names = append(names, name)
		}
		return nil
	})
	return names
}

// A recorded series (level:metric:operations) and Prometheus's own "up" are not the server's metrics.
func serverMetric(name string) bool { return name != "up" && !strings.Contains(name, ":") }

const dashboardSchema = `{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "required": ["title", "uid", "schemaVersion", "panels", "templating", "time"],
  "properties": {
    "title": {"type": "string", "minLength": 1},
    "uid": {"type": "string", "pattern": "^[a-zA-Z0-9_-]{1,40}$"},
    "schemaVersion": {"type": "integer", "minimum": 36},
    "time": {"type": "object", "required": ["from", "to"]},
    "templating": {"type": "object", "required": ["list"], "properties": {"list": {"type": "array", "items": {
      "type": "object", "required": ["name", "type"],
      "properties": {"type": {"enum": ["datasource", "query", "custom", "constant", "interval", "textbox"]}}}}}},
    "panels": {"type": "array", "minItems": 1, "items": {
      "type": "object",
      "required": ["id", "type", "title", "gridPos", "datasource", "targets"],
      "properties": {
        "id": {"type": "integer", "minimum": 1},
        "type": {"enum": ["timeseries", "stat", "gauge", "table", "bargauge", "heatmap"]},
        "title": {"type": "string", "minLength": 1},
        "gridPos": {"type": "object", "required": ["h", "w", "x", "y"], "additionalProperties": false, "properties": {
          "h": {"type": "integer", "minimum": 1}, "w": {"type": "integer", "minimum": 1, "maximum": 24},
          "x": {"type": "integer", "minimum": 0, "maximum": 23}, "y": {"type": "integer", "minimum": 0}}},
        "datasource": {"type": "object", "required": ["type", "uid"], "properties": {"type": {"const": "prometheus"}}},
        "targets": {"type": "array", "minItems": 1, "items": {"type": "object", "required": ["refId", "expr"],
          "properties": {"refId": {"type": "string", "minLength": 1}, "expr": {"type": "string", "minLength": 1}}}}
      }
    }}
  }
}`

type dashboard struct {
	Panels []struct {
		ID      int    `json:"id"`
		Title   string `json:"title"`
		GridPos struct {
			H, W, X, Y int
		} `json:"gridPos"`
		Targets []struct {
			Expr string `json:"expr"`
		} `json:"targets"`
	} `json:"panels"`
}

func TestGrafanaDashboard(t *testing.T) {
	raw, err := os.ReadFile("grafana-dashboard.json")
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	schemaDoc, err := jsonschema.UnmarshalJSON(strings.NewReader(dashboardSchema))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.AddResource("dashboard.schema.json", schemaDoc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("dashboard.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatalf("grafana-dashboard.json is not JSON: %v", err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Fatalf("grafana-dashboard.json: %v", err)
	}
	var d dashboard
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatal(err)
	}

	var titles []string
	ids := map[int]bool{}
	reg := serverRegistry(t)
	for i, p := range d.Panels {
		titles = append(titles, p.Title)
		if ids[p.ID] {
			t.Errorf("panel %q: id %d is used twice", p.Title, p.ID)
		}
		ids[p.ID] = true
		if p.GridPos.X+p.GridPos.W > 24 {
			t.Errorf("panel %q runs past the grid's 24 columns", p.Title)
		}
		for _, q := range d.Panels[:i] {
			a, b := p.GridPos, q.GridPos
			if a.X < b.X+b.W && b.X < a.X+a.W && a.Y < b.Y+b.H && b.Y < a.Y+a.H {
				t.Errorf("panels %q and %q overlap", p.Title, q.Title)
			}
		}
		for _, tg := range p.Targets {
			for _, name := range metricNames(t, tg.Expr) {
				if serverMetric(name) && !registered(reg, name) {
					t.Errorf("panel %q queries %s, which cmdai-server does not export", p.Title, name)
				}
			}
		}
	}
	for _, want := range []string{"Request rate", "Errors", "Latency percentiles", "Rate-limit rejections", "Sync volume",
		"Audit export lag", "PostgreSQL and Redis", "Workflow queue depth"} {
		if !slices.Contains(titles, want) {
			t.Errorf("no panel %q (panels: %v)", want, titles)
		}
	}
}

func TestAlertRules(t *testing.T) {
	raw, err := os.ReadFile("alerts.yml")
	if err != nil {
		t.Fatal(err)
	}
	groups, errs := rulefmt.Parse(raw, false, model.UTF8Validation, promqlParser, slog.New(slog.DiscardHandler))
	if err := errors.Join(errs...); err != nil {
		t.Fatalf("alerts.yml, as Prometheus (promtool check rules) reads it: %v", err)
	}
	reg := serverRegistry(t)
	recorded := map[string]bool{}
	alerts := map[string]bool{}
	for _, g := range groups.Groups {
		for _, r := range g.Rules {
			if r.Record != "" {
				recorded[r.Record] = true
				continue
			}
			alerts[r.Alert] = true
			if sev := r.Labels["severity"]; sev != "page" && sev != "ticket" {
				t.Errorf("alert %s: severity %q, want page or ticket", r.Alert, sev)
			}
			if r.Annotations["summary"] == "" || r.Annotations["description"] == "" {
				t.Errorf("alert %s: a summary and a description tell the person paged what to do", r.Alert)
			}
		}
	}
	for _, g := range groups.Groups {
		for _, r := range g.Rules {
			for _, name := range metricNames(t, r.Expr) {
				switch {
				case strings.Contains(name, ":") && !recorded[name]:
					t.Errorf("rule %s%s uses %s, which no rule records", r.Alert, r.Record, name)
				case serverMetric(name) && !registered(reg, name):
					t.Errorf("rule %s%s uses %s, which cmdai-server does not export", r.Alert, r.Record, name)
				}
			}
		}
	}
	for _, want := range []string{"CmdaiErrorBudgetFastBurn", "CmdaiErrorBudgetSlowBurn", "CmdaiLatencyBudgetFastBurn",
		"CmdaiLatencyBudgetSlowBurn", "CmdaiPostgresDown", "CmdaiRedisDown", "CmdaiAuditExportLag"} {
		if !alerts[want] {
			t.Errorf("no alert %s", want)
		}
	}
}

// The check can fail: a metric the server does not export is reported.
func TestRegisteredRejectsUnknownMetric(t *testing.T) {
	reg := serverRegistry(t)
	if registered(reg, "cmdai_no_such_metric_total") {
		t.Fatal("an unknown metric counts as registered")
	}
	if !registered(reg, "cmdai_http_requests_total") || !registered(reg, "cmdai_dependency_up") {
		t.Fatal("the server's own metrics do not count as registered")
	}
}
