package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/cloud/api"
)

func (a *testAPI) sharePattern(token, team string, body map[string]any) response {
	a.t.Helper()
	return a.do("POST", "/api/v1/teams/"+team+"/patterns", token, body)
}

// patternNames lists the names on one page of a team's patterns and the next cursor.
func (a *testAPI) patternNames(token, team, query string) ([]string, string) {
	a.t.Helper()
	r := a.do("GET", "/api/v1/teams/"+team+"/patterns?"+query, token, nil)
	a.want(r, http.StatusOK, "")
	var names []string
	for _, it := range r.Body["items"].([]any) {
		names = append(names, it.(map[string]any)["name"].(string))
	}
	next, _ := r.Body["next_cursor"].(string)
	return names, next
}

func TestPatternsShareSearchAndUse(t *testing.T) {
	a := newAPI(t)
	owner, _ := a.signup("po@example.com")
	member, _ := a.signup("pm@example.com")
	team := a.createTeam(owner, "Platform")
	a.join(owner, team, member, "pm@example.com", "member")

	// Any member shares, with a template and typed parameters; the server rates the risk.
	r := a.sharePattern(member, team, map[string]any{
		"name": "tail logs", "description": "follow a service log", "template": "journalctl -u ${unit} -n ${lines} -f",
		"parameters": []map[string]string{{"name": "unit", "type": "string"}, {"name": "lines", "type": "int", "default": "100"}},
		"tags":       []string{"Logs", "systemd", "logs"},
	})
	a.want(r, http.StatusCreated, "")
	tail := r.Body["id"].(string)
	if tags := r.Body["tags"].([]any); len(tags) != 2 || tags[0] != "logs" {
		t.Fatalf("tags not normalised: %v", tags)
	}
	if r.Body["risk"] == "" || r.Body["use_count"].(float64) != 0 {
		t.Fatalf("shared pattern %s", r.Raw)
	}
	r = a.sharePattern(owner, team, map[string]any{"name": "wipe dir", "template": "rm -rf ${dir}",
		"parameters": []map[string]string{{"name": "dir", "type": "path"}}, "tags": []string{"cleanup"}})
	a.want(r, http.StatusCreated, "")
	if r.Body["risk"] != "high" && r.Body["risk"] != "critical" {
		t.Fatalf("rm -rf with an open path rated %v", r.Body["risk"])
	}

	// Sharing from the sharer's own history: the command's text and prompt come along.
	c := a.do("POST", "/api/v1/commands", member, map[string]string{"prompt": "disk usage here", "command": "du -sh .", "shell": "bash"})
	a.want(c, http.StatusCreated, "")
	r = a.sharePattern(member, team, map[string]any{"command_id": c.Body["id"], "tags": []string{"disk"}})
	a.want(r, http.StatusCreated, "")
	if r.Body["template"] != "du -sh ." || r.Body["name"] != "disk usage here" || r.Body["source_command_id"] != c.Body["id"] || r.Body["risk"] != "safe" {
		t.Fatalf("shared from history: %s", r.Raw)
	}
	// The same name twice is a conflict; someone else's command is not found.
	a.want(a.sharePattern(owner, team, map[string]any{"name": "tail logs", "template": "ls"}), http.StatusConflict, api.CodeConflict)
	a.want(a.sharePattern(owner, team, map[string]any{"command_id": c.Body["id"]}), http.StatusNotFound, api.CodeNotFound)

	for name, body := range map[string]map[string]any{
		"undeclared placeholder": {"name": "x1", "template": "ls ${dir}"},
		"unused parameter":       {"name": "x2", "template": "ls", "parameters": []map[string]string{{"name": "dir"}}},
		"duplicate parameter":    {"name": "x3", "template": "ls ${d}", "parameters": []map[string]string{{"name": "d"}, {"name": "d"}}},
		"bad parameter type":     {"name": "x4", "template": "ls ${d}", "parameters": []map[string]string{{"name": "d", "type": "float"}}},
		"default not an int":     {"name": "x5", "template": "head -n ${n}", "parameters": []map[string]string{{"name": "n", "type": "int", "default": "ten"}}},
		"bad parameter name":     {"name": "x6", "template": "ls", "parameters": []map[string]string{{"name": "1x"}}},
		"no template":            {"name": "x7"},
		"no name":                {"template": "ls"},
		"bad tag":                {"name": "x8", "template": "ls", "tags": []string{"has space"}},
		"both sources":           {"name": "x9", "template": "ls", "command_id": c.Body["id"]},
	} {
		t.Run(name, func(t *testing.T) {
			a := a.in(t)
			a.want(a.sharePattern(member, team, body), http.StatusBadRequest, api.CodeValidation)
		})
	}

	// Search by text (literally: % is not a wildcard) and by tag.
	if names, _ := a.patternNames(member, team, "q=JOURNAL"); len(names) != 1 || names[0] != "tail logs" {
		t.Fatalf("text search: %v", names)
	}
	if names, _ := a.patternNames(member, team, "q="+url.QueryEscape("%")); len(names) != 0 {
		t.Fatalf("%% matched %v", names)
	}
	if names, _ := a.patternNames(member, team, "tag=cleanup"); len(names) != 1 || names[0] != "wipe dir" {
		t.Fatalf("tag search: %v", names)
	}
	if names, _ := a.patternNames(member, team, "tag=logs&q=nothing-like-this"); len(names) != 0 {
		t.Fatalf("tag and text: %v", names)
	}

	// Cursor pages cover every pattern once, newest first.
	for i := range 4 {
		a.want(a.sharePattern(owner, team, map[string]any{"name": fmt.Sprintf("p%d", i), "template": "true"}), http.StatusCreated, "")
	}
	var all []string
	cursor := ""
	for pages := 0; ; pages++ {
		if pages > 10 {
			t.Fatal("pagination does not end")
		}
		names, next := a.patternNames(member, team, "limit=2&cursor="+url.QueryEscape(cursor))
		all = append(all, names...)
		if next == "" {
			break
		}
		cursor = next
	}
	if len(all) != 7 || all[0] != "p3" || all[6] != "tail logs" {
		t.Fatalf("paged %v", all)
	}

	// Use counts, and the team's analytics rank by it.
	use := "/api/v1/teams/" + team + "/patterns/" + tail + "/use"
	for range 3 {
		a.want(a.do("POST", use, member, nil), http.StatusOK, "")
	}
	r = a.do("POST", use, owner, nil)
	a.want(r, http.StatusOK, "")
	if r.Body["use_count"].(float64) != 4 || r.Body["last_used_at"] == nil {
		t.Fatalf("after four uses: %s", r.Raw)
	}
	a.want(a.do("POST", "/api/v1/teams/"+team+"/patterns/00000000-0000-0000-0000-000000000000/use", owner, nil), http.StatusNotFound, api.CodeNotFound)
	top := a.do("GET", "/api/v1/analytics/patterns?team_id="+team+"&limit=2", member, nil)
	a.want(top, http.StatusOK, "")
	items := top.Body["items"].([]any)
	first := items[0].(map[string]any)
	if len(items) != 2 || first["id"] != tail || first["uses_in_range"].(float64) != 4 {
		t.Fatalf("top patterns %s", top.Raw)
	}
	a.want(a.do("GET", "/api/v1/analytics/patterns?team_id="+team+"&limit=101", member, nil), http.StatusBadRequest, api.CodeValidation)
	a.want(a.do("GET", "/api/v1/analytics/patterns", member, nil), http.StatusBadRequest, api.CodeValidation)
}

// ${HOME} in a shared template is the environment variable each member's shell expands, never a
// parameter; a parameter's description comes back with it, and one without keeps the shape it had.
func TestSharePatternEnvironmentVariablesAndDescriptions(t *testing.T) {
	a := newAPI(t)
	owner, _ := a.signup("pe@example.com")
	team := a.createTeam(owner, "Ops")
	r := a.sharePattern(owner, team, map[string]any{
		"name": "unit log", "template": "journalctl -u ${unit} -n ${lines} > ${HOME}/${unit}.log",
		"parameters": []map[string]string{{"name": "unit", "description": "the systemd unit"}, {"name": "lines", "type": "int", "default": "50"}},
	})
	a.want(r, http.StatusCreated, "")
	params, _ := json.Marshal(r.Body["parameters"])
	if want := `[{"default":"","description":"the systemd unit","name":"unit","type":"string"},{"default":"50","name":"lines","type":"int"}]`; string(params) != want ||
		r.Body["template"] != "journalctl -u ${unit} -n ${lines} > ${HOME}/${unit}.log" {
		t.Fatalf("shared pattern %s", r.Raw)
	}
	if !strings.Contains(r.Raw, `{"name":"lines","type":"int","default":"50"}`) {
		t.Fatalf("a parameter without a description changed shape: %s", r.Raw)
	}
	for name, body := range map[string]map[string]any{
		"an all-capital parameter": {"name": "y1", "template": "ls ${DIR}", "parameters": []map[string]string{{"name": "DIR", "type": "path"}}},
		"a long description":       {"name": "y2", "template": "ls ${d}", "parameters": []map[string]string{{"name": "d", "description": strings.Repeat("x", 201)}}},
		"a bool default":           {"name": "y3", "template": "x --force=${force}", "parameters": []map[string]string{{"name": "force", "type": "bool", "default": "perhaps"}}},
	} {
		t.Run(name, func(t *testing.T) {
			a := a.in(t)
			r := a.sharePattern(owner, team, body)
			a.want(r, http.StatusBadRequest, api.CodeValidation)
			if !strings.Contains(r.Raw, `"field":"parameters"`) {
				t.Fatalf("refused without naming the field: %s", r.Raw)
			}
		})
	}
}
