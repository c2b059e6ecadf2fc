package deploy_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yannh/kubeconform/pkg/validator"
	"gopkg.in/yaml.v3"
	"k8s.io/client-go/openapi/openapitest"
)

// kubeSchemas writes kubeconform-style standalone JSON schemas (<kind>-<group>-<version>.json) for the
// kinds the manifests use, from the Kubernetes API server's own OpenAPI v3 documents that client-go ships
// (embedded in k8s.io/client-go/openapi/openapitest), so that validation needs no network. Like
// kubeconform's strict schemas, every object that lists its properties rejects any other.
func kubeSchemas(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	paths, err := openapitest.NewEmbeddedFileClient().Paths()
	if err != nil {
		t.Fatalf("read the embedded Kubernetes OpenAPI documents: %v", err)
	}
	for _, want := range []struct{ path, group, version, kind string }{
		{"apis/apps/v1", "apps", "v1", "Deployment"},
		{"api/v1", "", "v1", "Service"},
		{"api/v1", "", "v1", "Secret"},
	} {
		gv, ok := paths[want.path]
		if !ok {
			t.Fatalf("no OpenAPI document for %s", want.path)
		}
		raw, err := gv.Schema("application/json")
		if err != nil {
			t.Fatalf("%s: %v", want.path, err)
		}
		var doc struct {
			Components struct {
				Schemas map[string]map[string]any `json:"schemas"`
			} `json:"components"`
		}
		if err := json.Unmarshal(raw, &doc); err != nil {
			t.Fatalf("%s: %v", want.path, err)
		}
		name := ""
		for n, s := range doc.Components.Schemas {
			gvks, _ := s["x-kubernetes-group-version-kind"].([]any)
			for _, g := range gvks {
				m, _ := g.(map[string]any)
				if m["group"] == want.group && m["version"] == want.version && m["kind"] == want.kind {
					name = n
				}
			}
			strict(s)
		}
		if name == "" {
			t.Fatalf("%s has no schema for %s", want.path, want.kind)
		}
		schema := map[string]any{
			"$ref":       "#/components/schemas/" + name,
			"components": map[string]any{"schemas": doc.Components.Schemas},
		}
		b, _ := json.Marshal(schema)
		file := strings.ToLower(want.kind) + "-" + want.version
		if want.group != "" {
			file = strings.ToLower(want.kind) + "-" + strings.Split(want.group, ".")[0] + "-" + want.version
		}
		if err := os.WriteFile(filepath.Join(dir, file+".json"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// strict adds additionalProperties: false to every object schema that lists its properties and says
// nothing about others, recursively.
func strict(v any) {
	switch s := v.(type) {
	case map[string]any:
		if _, ok := s["properties"]; ok {
			if _, set := s["additionalProperties"]; !set {
				s["additionalProperties"] = false
			}
		}
		for _, c := range s {
			strict(c)
		}
	case []any:
		for _, c := range s {
			strict(c)
		}
	}
}

func validate(t *testing.T, schemas, file string, src []byte) []validator.Result {
	t.Helper()
	v, err := validator.New([]string{schemas + "/{{ .ResourceKind }}{{ .KindSuffix }}.json"}, validator.Opts{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	return v.Validate(file, nopCloser{strings.NewReader(string(src))})
}

type nopCloser struct{ *strings.Reader }

func (nopCloser) Close() error { return nil }

func TestKubernetesManifestsAreValid(t *testing.T) {
	schemas := kubeSchemas(t)
	files, _ := filepath.Glob("k8s/*.yaml")
	kinds := map[string]int{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range validate(t, schemas, f, src) {
			if r.Status != validator.Valid {
				t.Errorf("%s: status %d: %v %v", f, r.Status, r.Err, r.ValidationErrors)
			}
			sig, _ := r.Resource.Signature()
			if sig != nil {
				kinds[sig.Kind]++
			}
		}
	}
	if kinds["Deployment"] != 1 || kinds["Service"] != 1 || kinds["Secret"] != 1 {
		t.Fatalf("kinds validated %v, want one Deployment, Service and Secret", kinds)
	}

	// The checks catch what they are for: a misspelt field, and a wrong type.
	for name, bad := range map[string]string{
		"unknown field": "apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: {ports: [{port: 80}], selectr: {a: b}}\n",
		"wrong type":    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {replicas: three, selector: {}, template: {}}\n",
	} {
		for _, r := range validate(t, schemas, name, []byte(bad)) {
			if r.Status != validator.Invalid {
				t.Errorf("%s: status %d, want Invalid", name, r.Status)
			}
		}
	}
}

// The Deployment runs 3 replicas with probes on /health and /ready, resources, and its secrets from the
// Secret.
func TestDeploymentShape(t *testing.T) {
	var d struct {
		Spec struct {
			Replicas int
			Template struct {
				Spec struct {
					Containers []struct {
						LivenessProbe struct {
							HTTPGet struct{ Path string } `yaml:"httpGet"`
						} `yaml:"livenessProbe"`
						ReadinessProbe struct {
							HTTPGet struct{ Path string } `yaml:"httpGet"`
						} `yaml:"readinessProbe"`
						Resources struct{ Requests, Limits map[string]string }
						EnvFrom   []struct {
							SecretRef struct{ Name string } `yaml:"secretRef"`
						} `yaml:"envFrom"`
					}
				}
			}
		}
	}
	readYAML(t, "k8s/deployment.yaml", &d)
	if d.Spec.Replicas != 3 || len(d.Spec.Template.Spec.Containers) != 1 {
		t.Fatalf("replicas %d, containers %d", d.Spec.Replicas, len(d.Spec.Template.Spec.Containers))
	}
	c := d.Spec.Template.Spec.Containers[0]
	if c.LivenessProbe.HTTPGet.Path != "/health" || c.ReadinessProbe.HTTPGet.Path != "/ready" {
		t.Errorf("probes %q %q", c.LivenessProbe.HTTPGet.Path, c.ReadinessProbe.HTTPGet.Path)
	}
	if c.Resources.Requests["cpu"] == "" || c.Resources.Requests["memory"] == "" || c.Resources.Limits["memory"] == "" {
		t.Errorf("resources %+v", c.Resources)
	}
	if len(c.EnvFrom) != 1 || c.EnvFrom[0].SecretRef.Name != "cmdai-server" {
		t.Errorf("envFrom %+v", c.EnvFrom)
	}
	var s struct {
		StringData map[string]string `yaml:"stringData"`
	}
	readYAML(t, "k8s/secret.yaml", &s)
	for _, k := range []string{"DATABASE_URL", "REDIS_URL", "JWT_SECRET"} {
		if s.StringData[k] == "" {
			t.Errorf("the Secret lacks %s", k)
		}
	}
}

func TestComposeFile(t *testing.T) {
	var c struct {
		Services map[string]struct {
			Image       string
			Build       map[string]string
			Environment map[string]string
			DependsOn   map[string]struct{ Condition string } `yaml:"depends_on"`
			Healthcheck struct{ Test []string }
		}
	}
	readYAML(t, "docker-compose.yml", &c)
	for name, image := range map[string]string{"postgres": "postgres:15", "redis": "redis:7"} {
		if c.Services[name].Image != image {
			t.Errorf("%s image %q, want %s", name, c.Services[name].Image, image)
		}
	}
	for name, s := range c.Services {
		if len(s.Healthcheck.Test) < 2 {
			t.Errorf("service %s has no healthcheck", name)
		}
	}
	srv := c.Services["server"]
	if srv.Build["dockerfile"] != "deploy/Dockerfile" {
		t.Errorf("server build %v", srv.Build)
	}
	if _, err := os.Stat(filepath.Join("..", srv.Build["dockerfile"])); err != nil {
		t.Errorf("the server's Dockerfile: %v", err)
	}
	for _, dep := range []string{"postgres", "redis"} {
		if srv.DependsOn[dep].Condition != "service_healthy" {
			t.Errorf("server does not wait for a healthy %s", dep)
		}
	}
	for _, k := range []string{"DATABASE_URL", "REDIS_URL", "JWT_SECRET", "LISTEN_ADDR"} {
		if srv.Environment[k] == "" {
			t.Errorf("server environment lacks %s", k)
		}
	}
	if !strings.Contains(srv.Environment["JWT_SECRET"], ":?") {
		t.Error("JWT_SECRET must come from the caller's environment, required, never a default in the file")
	}
}

func readYAML(t *testing.T, file string, v any) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, v); err != nil {
		t.Fatal(fmt.Errorf("%s: %w", file, err))
	}
}
