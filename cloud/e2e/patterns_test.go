package e2e

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os/exec"
	"strings"
	"testing"
)

// TestSharePatternWithTeam is 'cmdai patterns share' end to end: one member shares a local pattern
// through the real API server with the stored login, and another member's daemon brings it into its
// cache at the next sync, ready to use. The template travels as written, ${HOME} included, and the
// server finds the parameters and rates the template as the client does.
func TestSharePatternWithTeam(t *testing.T) {
	bin := cmdaiBinary(t)
	srv := newCloudServer(t)
	const password = "correct horse battery"
	srv.signup("alice@example.com", password)
	srv.signup("bob@example.com", password)
	a := newMachine(t, "A", bin)
	b := newMachine(t, "B", bin)
	a.env = append(a.env, "SHELL=/bin/bash") // the shell the server rates shared templates for
	a.cmdai("", "patterns", "save", "tail unit", "--command", "journalctl -u ${unit} -n ${lines} > ${HOME}/unit.log",
		"--param", "lines:int=50", "--tag", "ops", "--description", "the last lines of a unit's log")
	a.cmdai("", "patterns", "save", "upgrade", "--command", "helm upgrade ${release} ./chart --atomic=${atomic} --set home=${HOME} && rm -rf ${chart_dir}",
		"--param", "atomic:bool=true")

	step(t, "sharing needs a login", func() {
		_, stderr, code := a.cmdaiCode("", "patterns", "share", "tail unit", "--team", "ops")
		if code != 1 || !strings.Contains(stderr, "not logged in: run 'cmdai auth login'") {
			t.Fatalf("share before login: exit %d, %s", code, stderr)
		}
	})

	a.cmdai(password+"\n", "auth", "login", "--server", srv.url(), "--email", "alice@example.com", "--password-stdin")
	b.cmdai(password+"\n", "auth", "login", "--server", srv.url(), "--email", "bob@example.com", "--password-stdin")
	aliceToken := a.credentials()["access_token"].(string)
	var ops, secret struct {
		ID string `json:"id"`
	}
	srv.post(aliceToken, "/api/v1/teams", map[string]string{"name": "Ops", "slug": "ops"}, &ops)
	a.cmdai("", "team", "invite", "ops", "bob@example.com")
	b.cmdai("", "team", "accept", "ops")
	srv.post(aliceToken, "/api/v1/teams", map[string]string{"name": "Secret", "slug": "secret"}, &secret)

	step(t, "a team one is not in is not found", func() {
		_, stderr, code := a.cmdaiCode("", "patterns", "share", "tail unit", "--team", "platform")
		if code != 1 || !strings.Contains(stderr, `team "platform" not found, or you are not a member of it (your teams: `) {
			t.Fatalf("share with an unknown team: exit %d, %s", code, stderr)
		}
		_, stderr, code = b.cmdaiCode("", "patterns", "save", "mine", "--command", "uptime")
		if code != 0 {
			t.Fatalf("save on B: exit %d, %s", code, stderr)
		}
		_, stderr, code = b.cmdaiCode("", "patterns", "share", "mine", "--team", secret.ID)
		if code != 1 || !strings.Contains(stderr, "not found, or you are not a member of it (your teams: Ops)") {
			t.Fatalf("share with a team B is not in: exit %d, %s", code, stderr)
		}
	})

	step(t, "a local pattern is shared and listed in the team", func() {
		local := a.localPattern("tail unit")
		out := a.cmdai("", "patterns", "share", "tail unit", "--team", "OPS")
		if !strings.Contains(out, `shared "tail unit" with team Ops`) || !strings.Contains(out, "next sync") {
			t.Fatalf("share says:\n%s", out)
		}
		var page struct {
			Items []struct {
				Name       string            `json:"name"`
				Template   string            `json:"template"`
				Parameters []json.RawMessage `json:"parameters"`
				Tags       []string          `json:"tags"`
				Risk       string            `json:"risk"`
			} `json:"items"`
		}
		srv.get(aliceToken, "/api/v1/teams/"+ops.ID+"/patterns", &page)
		if len(page.Items) != 1 {
			t.Fatalf("the team lists %d patterns, want 1: %+v", len(page.Items), page)
		}
		got := page.Items[0]
		params, _ := json.Marshal(got.Parameters)
		if got.Name != "tail unit" || got.Template != "journalctl -u ${unit} -n ${lines} > ${HOME}/unit.log" ||
			string(params) != `[{"name":"unit","type":"string","default":""},{"name":"lines","type":"int","default":"50"}]` ||
			strings.Join(got.Tags, ",") != "ops" || got.Risk != local.Risk {
			t.Fatalf("shared pattern: %+v params %s; the client rated it %s", got, params, local.Risk)
		}
		_, stderr, code := a.cmdaiCode("", "patterns", "share", "tail unit", "--team", "ops")
		if code != 1 || !strings.Contains(stderr, `team Ops already has a pattern named "tail unit": choose another name with --name`) {
			t.Fatalf("sharing twice: exit %d, %s", code, stderr)
		}
	})

	step(t, "the next sync brings it to the other member, ready to use", func() {
		b.cmdai("", "sync")
		out := b.cmdai("", "patterns", "list", "--team", "--json")
		if !strings.Contains(out, `"name":"tail unit"`) || !strings.Contains(out, `"source":"team","team":"Ops"`) {
			t.Fatalf("B's team patterns after sync:\n%s", out)
		}
		if out := b.cmdai("", "patterns", "use", "tail unit", "--set", "unit=nginx"); out != "journalctl -u nginx -n 50 > ${HOME}/unit.log\n" {
			t.Fatalf("B fills the shared pattern as %q", out)
		}
		_, stderr, code := b.cmdaiCode("", "patterns", "rm", "tail unit")
		if code != 1 || !strings.Contains(stderr, "is Ops's pattern: only the team can change or remove it") {
			t.Fatalf("B removes the team's pattern: exit %d, %s", code, stderr)
		}
	})

	step(t, "B's use reaches the team's count at the next sync, once", func() {
		useCount := func() float64 {
			var page struct {
				Items []struct {
					Name     string  `json:"name"`
					UseCount float64 `json:"use_count"`
				} `json:"items"`
			}
			srv.get(aliceToken, "/api/v1/teams/"+ops.ID+"/patterns", &page)
			for _, p := range page.Items {
				if p.Name == "tail unit" {
					return p.UseCount
				}
			}
			t.Fatalf("the team lost its pattern: %+v", page)
			return 0
		}
		b.cmdai("", "sync")
		if n := useCount(); n != 1 {
			t.Fatalf("the team counts %v uses after B used it once and synced, want 1", n)
		}
		b.cmdai("", "sync")
		if n := useCount(); n != 1 {
			t.Fatalf("a second sync counted again: %v uses", n)
		}
	})

	step(t, "the server finds the parameters and rates the template as the client does", func() {
		local := a.localPattern("upgrade")
		var shared struct {
			Template   string `json:"template"`
			Parameters []struct {
				Name    string `json:"name"`
				Type    string `json:"type"`
				Default string `json:"default"`
			} `json:"parameters"`
			Risk string `json:"risk"`
		}
		out := a.cmdai("", "patterns", "share", "upgrade", "--team", "ops", "--json")
		if err := json.Unmarshal([]byte(out), &shared); err != nil {
			t.Fatalf("share --json: %v %s", err, out)
		}
		params, _ := json.Marshal(shared.Parameters)
		if want, _ := json.Marshal(local.Params); string(params) != string(want) || shared.Template != local.Template {
			t.Fatalf("the server declared %s for %q; the client %s for %q", params, shared.Template, want, local.Template)
		}
		if string(params) != `[{"name":"release","type":"string","default":""},{"name":"atomic","type":"bool","default":"true"},{"name":"chart_dir","type":"path","default":""}]` {
			t.Fatalf("parameters %s", params)
		}
		if shared.Risk != local.Risk || (shared.Risk != "high" && shared.Risk != "critical") {
			t.Fatalf("the server rated the open template %s, the client %s; want the same, high at least", shared.Risk, local.Risk)
		}
		b.cmdai("", "sync")
		if out := b.cmdai("", "patterns", "use", "upgrade", "--set", "release=web", "--set", "chart_dir=build/chart", "--set", "atomic=0"); out !=
			"helm upgrade web ./chart --atomic=false --set home=${HOME} && rm -rf build/chart\n" {
			t.Fatalf("B fills the shared pattern as %q", out)
		}
	})

	step(t, "a history entry is shared under a name", func() {
		res := a.generate("find files bigger than 100MB")
		out := a.cmdai("", "patterns", "share", "--from-history", res.ID, "--team", "ops", "--name", "big files", "--json")
		var shared struct {
			Name     string `json:"name"`
			Template string `json:"template"`
			TeamID   string `json:"team_id"`
		}
		if err := json.Unmarshal([]byte(out), &shared); err != nil || shared.Name != "big files" ||
			shared.Template != res.Command || shared.TeamID != ops.ID {
			t.Fatalf("share --from-history --json: %v %s", err, out)
		}
	})
}

// cmdaiCode runs the command line in this machine's home and returns its output and exit status.
func (m *machine) cmdaiCode(stdin string, args ...string) (stdout, stderr string, code int) {
	m.t.Helper()
	cmd := exec.Command(m.bin, args...)
	cmd.Env = m.env
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if exit, ok := err.(*exec.ExitError); ok {
		return out.String(), errb.String(), exit.ExitCode()
	}
	if err != nil {
		m.t.Fatalf("%s: cmdai %s: %v", m.name, strings.Join(args, " "), err)
	}
	return out.String(), errb.String(), 0
}

// get sends an authenticated GET and decodes the answer into out.
func (s *cloudServer) get(token, path string, out any) {
	s.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.url()+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		s.t.Fatalf("GET %s: %s", path, res.Status)
	}
	if err := json.NewDecoder(res.Body).Decode(out); err != nil {
		s.t.Fatal(err)
	}
}

// localPattern is the pattern as 'cmdai patterns show --json' prints it on this machine: every
// parameter the client fills, and the client's rating of the template with them open.
func (m *machine) localPattern(name string) (p struct {
	Template string `json:"template"`
	Params   []struct {
		Name    string `json:"name"`
		Type    string `json:"type"`
		Default string `json:"default"`
	} `json:"params"`
	Risk string `json:"risk"`
}) {
	m.t.Helper()
	out := m.cmdai("", "patterns", "show", "--json", name)
	if err := json.Unmarshal([]byte(out), &p); err != nil || p.Risk == "" || len(p.Params) == 0 {
		m.t.Fatalf("%s: patterns show --json %s: %v %s", m.name, name, err, out)
	}
	return p
}
