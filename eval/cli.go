package eval

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/cmdai/cmdai/models"
	"github.com/cmdai/cmdai/models/backends"
	"github.com/cmdai/cmdai/models/prompt"
)

// Backend is the backend that cmdai-eval scores.
type Backend struct {
	Name      string
	Answerer  Answerer
	Threshold float64
	// About, when set, describes the backend in the report.
	About string
	// Notes, when set, is markdown the report ends with: how the backend's scores came to be.
	Notes string
	// Offered, when set, says whether the backend would show an answer (see Options.Offered).
	Offered func(models.Response) bool
	// Health, when set, is asked once before scoring so that a backend that is down fails at once
	// instead of scoring zero on every request.
	Health func(context.Context) error
	// Close, when set, releases the backend after scoring.
	Close func() error
}

// Opener opens a backend by name; OpenBackend is the real one.
type Opener func(name string, ep Endpoint) (Backend, error)

// WorstShown is how many worst cases -v prints per suite.
const WorstShown = 25

// CLI runs cmdai-eval with args (without the program name), writing summaries to stdout and, with -v and
// -json together, worst cases to stderr. open opens the backend the -backend flag names.
func CLI(args []string, stdout, stderr io.Writer, open Opener) error {
	fs := flag.NewFlagSet("cmdai-eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "", "corpus directory; relative paths start at the repository root (default $"+DataEnv+" or "+DefaultData+")")
	split := fs.String("split", "test", "NL2Bash split: dev, test, train or all")
	set := fs.String("set", SetAll, "dataset: nl2bash, nl2sh, everyday (cmdai's own everyday requests) or all")
	out := fs.String("out", "", "write the markdown report to this file (docs/eval.md)")
	asJSON := fs.Bool("json", false, "print a machine-readable summary")
	dump := fs.String("outcomes", "", "write every outcome, with its candidates, as JSON lines to this file (for tuning)")
	retrieval := fs.Bool("retrieval", true, "give model backends the tldr examples that match each request (false: the fixed examples only)")
	everyday := fs.Bool("everyday", false, "score cmdai's own everyday set too (eval/everyday; -set everyday scores it alone)")
	verbose := fs.Bool("v", false, fmt.Sprintf("print the %d worst cases of each suite", WorstShown))
	backend := fs.String("backend", "offline", "backend to score: "+strings.Join(backends.Names, ", "))
	var ep Endpoint
	fs.StringVar(&ep.URL, "url", "", "model server URL (default: the backend's own, e.g. http://127.0.0.1:11434 for ollama)")
	fs.StringVar(&ep.Model, "model", "", "model to ask (default: the backend's own)")
	fs.StringVar(&ep.APIKeyEnv, "api-key-env", "", "environment variable holding the API key (openai)")
	fs.DurationVar(&ep.Timeout, "timeout", time.Minute, "longest wait for one answer from a model backend")
	limit := fs.Int("limit", 0, "score only the first N invocations of each suite (model backends are slow); 0 scores all")
	requests := fs.String("requests", "", "score only this file of requests, as the everyday set is scored (TSV with a header: id, request, accepted commands...): a held-out set of your own")
	dir, help, err := parseFlags(fs, args, data)
	if help || err != nil {
		return err
	}
	if *limit < 0 {
		return fmt.Errorf("-limit %d: want 0 (all) or more", *limit)
	}
	prompt.SetRetrieval(*retrieval)
	var suites []Suite
	if *requests != "" {
		s, err := LoadRequests(*requests)
		if err != nil {
			return err
		}
		suites = []Suite{s}
	} else if suites, err = Load(dir, *set, *split); err != nil {
		return err
	}
	if *everyday && *set != SetEveryday && *requests == "" {
		s, err := LoadEveryday()
		if err != nil {
			return err
		}
		suites = append(suites, s)
	}
	b, err := open(*backend, ep)
	if err != nil {
		return err
	}
	if b.Close != nil {
		defer b.Close()
	}
	if b.Health != nil {
		ctx, cancel := context.WithTimeout(context.Background(), ep.Timeout)
		err := b.Health(ctx)
		cancel()
		if err != nil {
			return fmt.Errorf("the %s backend is not ready: %w", b.Name, err)
		}
	}
	command := fmt.Sprintf("go run ./cmd/cmdai-eval -split %s -set %s -out %s", *split, *set, orDefault(*out, "docs/eval.md"))
	if *backend != "offline" {
		command += " -backend " + *backend
	}
	if *limit > 0 {
		command += fmt.Sprintf(" -limit %d", *limit)
	}
	if *everyday && *set != SetEveryday {
		command += " -everyday"
	}
	if !*retrieval {
		command += " -retrieval=false"
	}
	if *requests != "" {
		command = "go run ./cmd/cmdai-eval -requests " + *requests
	}
	r := Report{
		Date:      time.Now().Format(time.DateOnly),
		Backend:   b.Name,
		Threshold: b.Threshold,
		About:     b.About,
		Notes:     b.Notes,
		Command:   command,
	}
	for _, s := range suites {
		if *limit > 0 && len(s.Invocations) > *limit {
			s.Invocations = s.Invocations[:*limit]
		}
		r.Results = append(r.Results, Evaluate(b.Answerer, s, Options{Threshold: b.Threshold, Offered: b.Offered}))
	}
	if m, ok := b.Answerer.(*ModelAnswerer); ok {
		if n, last := m.Failures(); n > 0 {
			fmt.Fprintf(stderr, "cmdai-eval: %d answers failed and scored as empty; the last error: %v\n", n, last)
		}
	}
	if *out != "" {
		if err := writeFile(*out, r.WriteMarkdown); err != nil {
			return err
		}
	}
	if *dump != "" {
		if err := writeFile(*dump, r.writeOutcomes); err != nil {
			return err
		}
	}
	if *asJSON {
		if err := r.WriteJSON(stdout); err != nil {
			return err
		}
	} else if err := writeText(stdout, r); err != nil {
		return err
	}
	if *verbose {
		w := stdout
		if *asJSON {
			w = stderr
		}
		return writeWorst(w, r)
	}
	return nil
}

// parseFlags parses args into fs, whose command takes flags only, and resolves the corpus directory
// that data (pointing at the -data flag's value) names. help reports that -h printed the usage.
func parseFlags(fs *flag.FlagSet, args []string, data *string) (dir string, help bool, err error) {
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		return "", true, nil
	} else if err != nil {
		return "", false, err
	}
	if fs.NArg() > 0 {
		return "", false, fmt.Errorf("unexpected argument %q: %s takes only flags", fs.Arg(0), fs.Name())
	}
	if f := fs.Lookup("requests"); f != nil && f.Value.String() != "" {
		return "", false, nil // a file of one's own requests needs no corpus
	}
	dir, err = DataDir(*data)
	return dir, false, err
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func writeFile(path string, write func(io.Writer) error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("write report %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write report %s: %w", path, err)
	}
	return nil
}

func writeText(w io.Writer, r Report) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "set\tsplit\tinvocations\ttop-1 δ=1\ttop-1 δ=conf\ttop-5 δ=conf\tscore>0\tutils exact\tanswered\twrong\tabstain=0\tlenient\tmedian ms\t\n")
	for _, s := range r.Summaries() {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%.3f\t%.3f\t%.3f\t%s\t%s\t%s\t%s\t%.3f\t%.3f\t%.3f\t\n", s.Set, s.Split, s.Invocations,
			s.ScoreAt1, s.Score, s.Top5, pct(s.Positive), pct(s.UtilityMatch), pct(s.Coverage), pct(s.Wrong), s.HeldOut, s.Lenient, s.MedianMS)
	}
	return tw.Flush()
}

func writeWorst(w io.Writer, r Report) error {
	for _, res := range r.Results {
		fmt.Fprintf(w, "\n== worst of %s %s ==\n", res.Suite.Set, res.Suite.Split)
		for _, o := range Worst(res.Outcomes, WorstShown) {
			fmt.Fprintf(w, "%s  score %.3f (δ=1 %.3f)  conf %.2f\n  nl:   %s\n  pred: %s\n", o.ID, o.Score, o.ScoreAt1,
				o.Confidence, o.NL, o.Command)
			for _, c := range o.Candidates[min(1, len(o.Candidates)):] {
				fmt.Fprintf(w, "  alt:  %s  (conf %.2f)\n", c.Command, c.Confidence)
			}
			for _, ref := range o.Refs {
				fmt.Fprintf(w, "  ref:  %s\n", ref)
			}
		}
	}
	_, err := fmt.Fprintln(w)
	return err
}

// writeOutcomes writes one JSON object per invocation, suite by suite.
func (r Report) writeOutcomes(w io.Writer) error {
	enc := json.NewEncoder(w)
	for _, res := range r.Results {
		for _, o := range res.Outcomes {
			if err := enc.Encode(o); err != nil {
				return err
			}
		}
	}
	return nil
}
