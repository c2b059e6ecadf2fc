// Package observability holds what operators load next to cmdai-server: a Grafana dashboard
// (grafana-dashboard.json) and Prometheus alerting rules (alerts.yml). Its tests check the dashboard
// against a JSON schema, parse the rules as Prometheus does, and check that every metric either names is
// one the server registers.
package observability
