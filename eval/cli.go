package eval

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"
)

// Backend is the backend that cmdai-eval scores.
type Backend struct {
	Name      string
	Answerer  Answerer
	Threshold float64
}

// WorstShown is how many worst cases -v prints per suite.
const WorstShown = 25

// CLI runs cmdai-eval with args (without the program name), writing summaries to stdout and, with -v and
// -json together, worst cases to stderr.
func CLI(args []string, stdout, stderr io.Writer, b Backend) error {
	fs := flag.NewFlagSet("cmdai-eval", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "", "corpus directory; relative paths start at the repository root (default $"+DataEnv+" or "+DefaultData+")")
	split := fs.String("split", "test", "NL2Bash split: dev, test, train or all")
	set := fs.String("set", SetAll, "dataset: nl2bash, nl2sh or all")
	out := fs.String("out", "", "write the markdown report to this file (docs/eval.md)")
	asJSON := fs.Bool("json", false, "print a machine-readable summary")
	dump := fs.String("outcomes", "", "write every outcome, with its candidates, as JSON lines to this file (for tuning)")
	verbose := fs.Bool("v", false, fmt.Sprintf("print the %d worst cases of each suite", WorstShown))
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		return nil
	} else if err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q: cmdai-eval takes only flags", fs.Arg(0))
	}
	dir, err := DataDir(*data)
	if err != nil {
		return err
	}
	suites, err := Load(dir, *set, *split)
	if err != nil {
		return err
	}
	r := Report{
		Date:      time.Now().Format(time.DateOnly),
		Backend:   b.Name,
		Threshold: b.Threshold,
		Command:   fmt.Sprintf("go run ./cmd/cmdai-eval -split %s -set %s -out %s", *split, *set, orDefault(*out, "docs/eval.md")),
	}
	for _, s := range suites {
		r.Results = append(r.Results, Evaluate(b.Answerer, s, Options{Threshold: b.Threshold}))
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
	fmt.Fprintf(tw, "set\tsplit\tinvocations\ttop-1 δ=1\ttop-1 δ=conf\ttop-5 δ=conf\tscore>0\tutils exact\tcoverage\tlenient\tmean ms\t\n")
	for _, s := range r.Summaries() {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%.3f\t%.3f\t%.3f\t%s\t%s\t%s\t%.3f\t%.3f\t\n", s.Set, s.Split, s.Invocations,
			s.ScoreAt1, s.Score, s.Top5, pct(s.Positive), pct(s.UtilityMatch), pct(s.Coverage), s.Lenient, s.MeanMS)
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
