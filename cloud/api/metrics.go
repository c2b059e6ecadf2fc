package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics is the API's Prometheus instrumentation, served at GET /metrics. Routes are labelled by their
// pattern ("/api/v1/commands/{id}"), never by the raw path, so that ids cannot blow up the series count.
type Metrics struct {
	Registry    *prometheus.Registry
	requests    *prometheus.CounterVec
	duration    *prometheus.HistogramVec
	rateLimited *prometheus.CounterVec
	unmetered   prometheus.Counter
}

// NewMetrics registers the API's metrics, the Go runtime's and, when pool is not nil, the PostgreSQL pool's
// statistics in a new registry.
func NewMetrics(pool *pgxpool.Pool) *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		Registry: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cmdai_http_requests_total", Help: "HTTP requests answered, by method, route pattern and status.",
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "cmdai_http_request_duration_seconds", Help: "Time to answer an HTTP request, by method and route pattern.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"method", "route"}),
		rateLimited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cmdai_ratelimit_rejections_total", Help: "Requests refused with 429 by the rate limiter, by plan.",
		}, []string{"plan"}),
		unmetered: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "cmdai_ratelimit_unmetered_total", Help: "Requests admitted without a rate-limit check because Redis was unreachable.",
		}),
	}
	reg.MustRegister(m.requests, m.duration, m.rateLimited, m.unmetered,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if pool != nil {
		registerPoolStats(reg, pool)
	}
	return m
}

// registerPoolStats exposes pgxpool's counters, read at scrape time.
func registerPoolStats(reg prometheus.Registerer, pool *pgxpool.Pool) {
	gauge := func(name, help string, f func(*pgxpool.Stat) float64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, func() float64 { return f(pool.Stat()) })
	}
	counter := func(name, help string, f func(*pgxpool.Stat) float64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help}, func() float64 { return f(pool.Stat()) })
	}
	reg.MustRegister(
		gauge("cmdai_db_pool_acquired_conns", "Connections in use.", func(s *pgxpool.Stat) float64 { return float64(s.AcquiredConns()) }),
		gauge("cmdai_db_pool_idle_conns", "Idle connections.", func(s *pgxpool.Stat) float64 { return float64(s.IdleConns()) }),
		gauge("cmdai_db_pool_total_conns", "Open connections.", func(s *pgxpool.Stat) float64 { return float64(s.TotalConns()) }),
		gauge("cmdai_db_pool_max_conns", "The pool's size limit.", func(s *pgxpool.Stat) float64 { return float64(s.MaxConns()) }),
		counter("cmdai_db_pool_acquires_total", "Connections acquired from the pool.", func(s *pgxpool.Stat) float64 { return float64(s.AcquireCount()) }),
		counter("cmdai_db_pool_empty_acquires_total", "Acquires that had to wait for a connection.", func(s *pgxpool.Stat) float64 { return float64(s.EmptyAcquireCount()) }),
		counter("cmdai_db_pool_acquire_wait_seconds_total", "Time spent waiting for connections.", func(s *pgxpool.Stat) float64 { return s.AcquireDuration().Seconds() }),
	)
}

// Handler serves the registry in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{Registry: m.Registry})
}

// observeRequest records one answered request. pattern is the ServeMux pattern that matched ("" when none).
func (m *Metrics) observeRequest(method, pattern string, status int, took time.Duration) {
	route := "unmatched"
	if pattern != "" {
		_, path, ok := strings.Cut(pattern, " ")
		if !ok {
			path = pattern
		}
		route = path
	}
	if status == 0 {
		status = http.StatusOK
	}
	if !knownMethod(method) {
		method = "other"
	}
	m.requests.WithLabelValues(method, route, strconv.Itoa(status)).Inc()
	m.duration.WithLabelValues(method, route).Observe(took.Seconds())
}

func knownMethod(m string) bool {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions:
		return true
	}
	return false
}
