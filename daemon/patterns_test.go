package daemon

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/cmdai/cmdai/ipc"
)

// Local patterns through the socket: save, search, use, delete; bad ones are refused with the reason.
func TestPatternRoutes(t *testing.T) {
	e := newEnv(t)
	e.start(e.opts)
	ctx := context.Background()
	saved, err := e.client.SavePattern(ctx, ipc.Pattern{Name: "tail logs", Command: "tail -n ${lines} ${file}",
		Params: []ipc.PatternParam{{Name: "lines", Type: "int", Default: "50"}, {Name: "file", Type: "path"}},
		Tags:   []string{"logs"}})
	if err != nil {
		t.Fatal(err)
	}
	if saved.ID == "" || saved.Source != ipc.PatternLocal || len(saved.Params) != 2 || saved.Params[0].Default != "50" {
		t.Fatalf("saved %+v", saved)
	}
	if _, err := e.client.SavePattern(ctx, ipc.Pattern{Name: "ports", Command: "ss -ltnp"}); err != nil {
		t.Fatal(err)
	}
	force, err := e.client.SavePattern(ctx, ipc.Pattern{Name: "deploy", Command: "deploy --force=${force} > ${HOME}/deploy.log",
		Params: []ipc.PatternParam{{Name: "force", Type: "bool", Default: "false", Description: "skip the checks"}}})
	if err != nil || len(force.Params) != 1 || force.Params[0] != (ipc.PatternParam{Name: "force", Type: "bool", Default: "false", Description: "skip the checks"}) {
		t.Fatalf("save a bool parameter with a description = %+v, %v", force, err)
	}
	if p, err := e.client.UsePattern(ctx, saved.ID); err != nil || p.Uses != 1 {
		t.Fatalf("use = %+v, %v", p, err)
	}
	list, err := e.client.SearchPatterns(ctx, "LOGS", 0)
	if err != nil || len(list) != 1 || list[0].ID != saved.ID || list[0].Uses != 1 {
		t.Fatalf("search = %+v, %v", list, err)
	}
	if list, _ := e.client.SearchPatterns(ctx, "", 1); len(list) != 1 {
		t.Fatalf("limit 1 gave %d patterns", len(list))
	}
	for _, bad := range []ipc.Pattern{
		{Name: "", Command: "ls"},
		{Name: "x", Command: "ls ${n}", Params: []ipc.PatternParam{{Name: "n", Type: "float"}}},
		{Name: "x", Command: "ls ${DIR}", Params: []ipc.PatternParam{{Name: "DIR", Type: "path"}}},
	} {
		_, err := e.client.SavePattern(ctx, bad)
		var ie *ipc.Error
		if !errors.As(err, &ie) || ie.Code != ipc.CodeBadRequest {
			t.Errorf("save %+v = %v, want a bad request", bad, err)
		}
	}
	if err := e.client.DeletePattern(ctx, saved.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.client.DeletePattern(ctx, saved.ID); !ipc.IsNotFound(err) {
		t.Fatalf("second delete = %v, want not found", err)
	}
	if list, _ := e.client.SearchPatterns(ctx, "logs", 0); len(list) != 0 {
		t.Fatalf("deleted pattern still found: %+v", list)
	}
}

// The offline explanation names every program the command runs, wrapped ones too, and the verdict.
func TestExplainOffline(t *testing.T) {
	e := newEnv(t)
	e.start(e.opts)
	ex, err := e.client.Explain(context.Background(), ipc.ExplainRequest{
		Command: `find . -name '*.log' | xargs -0 rm -f && sudo r''m -rf /`})
	if err != nil {
		t.Fatal(err)
	}
	var progs []string
	for _, s := range ex.Steps {
		progs = append(progs, s.Program)
	}
	want := "find xargs rm sudo rm how the parts connect"
	if got := strings.Join(progs, " "); got != want {
		t.Errorf("steps = %q, want %q", got, want)
	}
	if ex.Risk != "critical" || len(ex.Findings) == 0 || ex.Backend != "offline" {
		t.Errorf("verdict = %s %v from %s", ex.Risk, ex.Findings, ex.Backend)
	}
	for _, part := range []string{"find: walks directory trees", "rm: deletes files", "| sends each program's output",
		"&& runs the next part", "Risk: critical"} {
		if !strings.Contains(ex.Text, part) {
			t.Errorf("explanation lacks %q:\n%s", part, ex.Text)
		}
	}
	if _, err := e.client.Explain(context.Background(), ipc.ExplainRequest{Command: " "}); err == nil {
		t.Error("an empty command was explained")
	}
}

// With a model backend configured, its account of the command comes first.
func TestExplainModel(t *testing.T) {
	e := newEnv(t)
	b := newBlocking()
	close(b.release)
	e.opts.Factories = map[string]Factory{"offline": DefaultFactories()["offline"], "ollama": b.factory(1)}
	e.writeConfig("backend = \"ollama\"\n")
	e.start(e.opts)
	ex, err := e.client.Explain(context.Background(), ipc.ExplainRequest{Command: "ls -la"})
	if err != nil {
		t.Fatal(err)
	}
	if ex.Backend != "ollama" || !strings.HasPrefix(ex.Text, "says it\n\nls: lists files") {
		t.Fatalf("explanation from %s:\n%s", ex.Backend, ex.Text)
	}
	if p := recv(t, b.started, "the explain prompt"); !strings.Contains(p, "ls -la") {
		t.Fatalf("the model was asked %q", p)
	}
}
