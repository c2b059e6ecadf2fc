package api_test

import (
	"context"
	"net/http"
	"testing"
)

// The risk stored for a command is the server's rating: a client that files rm -rf / as safe has its
// rating kept apart (client_risk), and analytics count the server's.
func TestStoredRiskIsTheServers(t *testing.T) {
	a := newAPI(t)
	tok, _ := a.signup("risk@example.com")
	r := a.do("POST", "/api/v1/commands", tok, map[string]any{"prompt": "tidy", "command": "rm -rf /", "shell": "bash", "risk": "safe"})
	a.want(r, http.StatusCreated, "")
	if r.Body["risk"] != "critical" || r.Body["client_risk"] != "safe" {
		t.Fatalf("stored risk %v, client_risk %v; want critical and safe", r.Body["risk"], r.Body["client_risk"])
	}
	r = a.do("POST", "/api/v1/commands", tok, map[string]any{"prompt": "list", "command": "ls -la"})
	a.want(r, http.StatusCreated, "")
	if r.Body["risk"] != "safe" || r.Body["client_risk"] != nil {
		t.Fatalf("ls -la: risk %v, client_risk %v", r.Body["risk"], r.Body["client_risk"])
	}
	var risk, clientRisk string
	if err := a.pool.QueryRow(context.Background(),
		`SELECT risk, client_risk FROM commands WHERE command = 'rm -rf /'`).Scan(&risk, &clientRisk); err != nil {
		t.Fatal(err)
	}
	if risk != "critical" || clientRisk != "safe" {
		t.Fatalf("database: risk %q, client_risk %q", risk, clientRisk)
	}
	page := a.do("GET", "/api/v1/commands/history", tok, nil)
	a.want(page, http.StatusOK, "")
	for _, it := range page.Body["items"].([]any) {
		c := it.(map[string]any)
		if c["command"] == "rm -rf /" && c["risk"] != "critical" {
			t.Fatalf("history shows %v", c)
		}
	}
}
