package deploy_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"text/template"

	"github.com/yannh/kubeconform/pkg/validator"
	"gopkg.in/yaml.v3"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	policyv1 "k8s.io/api/policy/v1"
	sigsyaml "sigs.k8s.io/yaml"
)

// renderChart renders the chart in dir with values overridden by set (dotted paths), with the subset of
// Helm's template functions the chart uses; each template that renders to something is one document.
func renderChart(t *testing.T, dir string, set map[string]any) (map[string]string, error) {
	t.Helper()
	var values, chart map[string]any
	readYAML(t, filepath.Join(dir, "values.yaml"), &values)
	readYAML(t, filepath.Join(dir, "Chart.yaml"), &chart)
	for path, v := range set {
		m := values
		keys := strings.Split(path, ".")
		for _, k := range keys[:len(keys)-1] {
			m = m[k].(map[string]any)
		}
		m[keys[len(keys)-1]] = v
	}
	root := template.New("chart").Option("missingkey=zero")
	root.Funcs(template.FuncMap{
		"include": func(name string, data any) (string, error) {
			var b bytes.Buffer
			err := root.ExecuteTemplate(&b, name, data)
			return b.String(), err
		},
		"toYaml": func(v any) (string, error) {
			b, err := yaml.Marshal(v)
			return strings.TrimSuffix(string(b), "\n"), err
		},
		"nindent": func(n int, s string) string {
			pad := strings.Repeat(" ", n)
			return "\n" + pad + strings.ReplaceAll(s, "\n", "\n"+pad)
		},
		"quote":      func(v any) string { return fmt.Sprintf("%q", fmt.Sprint(v)) },
		"b64enc":     func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) },
		"trunc":      func(n int, s string) string { return s[:min(n, len(s))] },
		"trimSuffix": func(suffix, s string) string { return strings.TrimSuffix(s, suffix) },
		"required": func(msg string, v any) (any, error) {
			if v == nil || v == "" {
				return nil, fmt.Errorf("%s", msg)
			}
			return v, nil
		},
	})
	files, _ := filepath.Glob(filepath.Join(dir, "templates", "*"))
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := root.New(filepath.Base(f)).Parse(string(src)); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	data := map[string]any{
		"Values":  values,
		"Release": map[string]any{"Name": "prod", "Namespace": "cmdai", "Service": "Helm"},
		"Chart":   map[string]any{"Name": chart["name"], "Version": chart["version"], "AppVersion": chart["appVersion"]},
	}
	out := map[string]string{}
	for _, f := range files {
		name := filepath.Base(f)
		if strings.HasPrefix(name, "_") {
			continue
		}
		var b bytes.Buffer
		if err := root.ExecuteTemplate(&b, name, data); err != nil {
			return nil, err
		}
		if strings.TrimSpace(b.String()) != "" {
			out[name] = b.String()
		}
	}
	return out, nil
}

// typedKinds are the chart's kinds whose schemas client-go's embedded OpenAPI documents lack (policy/v1
// and autoscaling/v2): they are decoded strictly into the Kubernetes API's own Go types instead, which
// refuses unknown fields and wrong types as kubeconform's strict schemas do.
var typedKinds = map[string]struct {
	name string
	obj  func() any
}{
	"pdb.yaml": {"PodDisruptionBudget", func() any { return &policyv1.PodDisruptionBudget{} }},
	"hpa.yaml": {"HorizontalPodAutoscaler", func() any { return &autoscalingv2.HorizontalPodAutoscaler{} }},
}

// strictDecode decodes a YAML manifest into obj, refusing unknown fields, and checks its kind.
func strictDecode(src string, obj any) error {
	j, err := sigsyaml.YAMLToJSON([]byte(src))
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(j))
	dec.DisallowUnknownFields()
	if err := dec.Decode(obj); err != nil {
		return err
	}
	var tm struct{ APIVersion, Kind string }
	_ = json.Unmarshal(j, &tm)
	want := reflect.TypeOf(obj).Elem().Name()
	if tm.Kind != want || tm.APIVersion == "" {
		return fmt.Errorf("kind %q (%s), want %s", tm.Kind, tm.APIVersion, want)
	}
	return nil
}

// The Helm chart renders, with its defaults and with its options, to manifests that kubeconform's strict
// validation accepts: replicas with probes, a PodDisruptionBudget, a HorizontalPodAutoscaler, and the
// secrets from a Secret it makes or one that exists.
func TestHelmChartIsValid(t *testing.T) {
	schemas := kubeSchemas(t)
	secrets := map[string]any{"secrets.DATABASE_URL": "postgres://cmdai@db/cmdai", "secrets.REDIS_URL": "redis://redis:6379/0",
		"secrets.JWT_SECRET": strings.Repeat("s", 48)}
	for name, c := range map[string]struct {
		set   map[string]any
		kinds map[string]int
	}{
		"defaults with secrets": {secrets, map[string]int{"Deployment": 1, "Service": 1, "Secret": 1, "PodDisruptionBudget": 1, "HorizontalPodAutoscaler": 1}},
		"existing secret, fixed replicas, no PDB": {map[string]any{"existingSecret": "cmdai-prod", "autoscaling.enabled": false, "podDisruptionBudget.enabled": false},
			map[string]int{"Deployment": 1, "Service": 1}},
	} {
		t.Run(name, func(t *testing.T) {
			docs, err := renderChart(t, "helm/cmdai-server", c.set)
			if err != nil {
				t.Fatal(err)
			}
			kinds := map[string]int{}
			for file, src := range docs {
				if kind, ok := typedKinds[file]; ok {
					if err := strictDecode(src, kind.obj()); err != nil {
						t.Errorf("%s: %v\n%s", file, err, src)
					}
					kinds[kind.name]++
					continue
				}
				for _, r := range validate(t, schemas, file, []byte(src)) {
					if r.Status != validator.Valid {
						t.Errorf("%s: status %d: %v %v\n%s", file, r.Status, r.Err, r.ValidationErrors, src)
					}
					if sig, _ := r.Resource.Signature(); sig != nil {
						kinds[sig.Kind]++
					}
				}
			}
			if fmt.Sprint(kinds) != fmt.Sprint(c.kinds) {
				t.Fatalf("kinds %v, want %v", kinds, c.kinds)
			}
			var d struct {
				Spec struct {
					Replicas *int `yaml:"replicas"`
					Template struct {
						Spec struct {
							Grace      int `yaml:"terminationGracePeriodSeconds"`
							Containers []struct {
								Env   []struct{ Name, Value string } `yaml:"env"`
								Ready struct {
									HTTPGet struct{ Path string } `yaml:"httpGet"`
									Period  int                   `yaml:"periodSeconds"`
									Fail    int                   `yaml:"failureThreshold"`
								} `yaml:"readinessProbe"`
								EnvFrom []struct {
									SecretRef struct{ Name string } `yaml:"secretRef"`
								} `yaml:"envFrom"`
							} `yaml:"containers"`
						} `yaml:"spec"`
					} `yaml:"template"`
				} `yaml:"spec"`
			}
			if err := yaml.Unmarshal([]byte(docs["deployment.yaml"]), &d); err != nil {
				t.Fatal(err)
			}
			ctr := d.Spec.Template.Spec.Containers[0]
			if ctr.Ready.HTTPGet.Path != "/ready" {
				t.Fatalf("readiness probe on %q", ctr.Ready.HTTPGet.Path)
			}
			// A stopping pod must leave the endpoints (failed readiness) before it stops accepting.
			env := map[string]string{}
			for _, e := range ctr.Env {
				env[e.Name] = e.Value
			}
			if env["DRAIN_PERIOD"] != "15s" || ctr.Ready.Period*ctr.Ready.Fail >= 15 || d.Spec.Template.Spec.Grace <= 15+20 {
				t.Fatalf("drain %q against readiness %d x %d and grace %ds", env["DRAIN_PERIOD"], ctr.Ready.Period, ctr.Ready.Fail, d.Spec.Template.Spec.Grace)
			}
			if want := c.set["existingSecret"]; want != nil && ctr.EnvFrom[0].SecretRef.Name != want {
				t.Fatalf("secret %q, want %v", ctr.EnvFrom[0].SecretRef.Name, want)
			}
			if c.set["autoscaling.enabled"] == false && (d.Spec.Replicas == nil || *d.Spec.Replicas != 3) {
				t.Fatalf("replicas %v without autoscaling, want 3", d.Spec.Replicas)
			}
		})
	}
	// The typed check catches what it is for: a misspelt field, and a wrong type.
	for name, bad := range map[string]string{
		"unknown field": "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: x}\nspec: {maxUnavailabel: 1}\n",
		"wrong type":    "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: x}\nspec: {minReplicas: three}\n",
	} {
		if err := strictDecode(bad, typedKinds[map[string]string{"unknown field": "pdb.yaml", "wrong type": "hpa.yaml"}[name]].obj()); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	// Without secrets or an existing Secret, rendering fails and says what is missing.
	if _, err := renderChart(t, "helm/cmdai-server", nil); err == nil || !strings.Contains(err.Error(), "secrets.DATABASE_URL") {
		t.Fatalf("rendering without secrets: %v", err)
	}
}
