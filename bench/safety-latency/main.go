// Command safety-latency measures the safety engine against the regex baseline on the labelled corpus: the
// per-command latency of each (median and p99 over every call), the ratio between them, and how well each
// agrees with the labels, listing what each gets wrong. Run it from the repository root:
//
//	go run ./bench/safety-latency            # 20 rounds over safety/testdata/corpus.tsv
//	go run ./bench/safety-latency -n 100 -show 0
//
// Latency numbers depend on the machine; compare the two checkers within one run, not across runs.
package main

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/cmdai/cmdai/safety"
	"github.com/cmdai/cmdai/safety/corpus"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "safety-latency:", err)
		os.Exit(1)
	}
}

// checker is one way of rating a command.
type checker struct {
	name  string
	check func(string) safety.Risk
}

func run() error {
	corpusFile := flag.String("corpus", "safety/testdata/corpus.tsv", "labelled corpus, label<TAB>command per line")
	rounds := flag.Int("n", 20, "timed rounds over the whole corpus, after one warm-up round")
	show := flag.Int("show", 20, "disagreements listed per checker and kind (-1 for all)")
	flag.Parse()
	if *rounds < 1 {
		return fmt.Errorf("-n must be at least 1, got %d", *rounds)
	}
	cases, err := corpus.LoadFile(*corpusFile)
	if err != nil {
		return fmt.Errorf("%w (run from the repository root or pass -corpus)", err)
	}
	checkers := []checker{
		{"safety.Check", func(cmd string) safety.Risk { return safety.Check(cmd, safety.Options{}).Risk }},
		{fmt.Sprintf("regex (%d rules)", corpus.RegexRules()), corpus.RegexCheck},
	}

	var perLabel [safety.Critical + 1]int
	for _, c := range cases {
		perLabel[c.Label]++
	}
	fmt.Printf("corpus: %d commands (%d critical, %d high, %d moderate, %d safe); %d rounds\n\n",
		len(cases), perLabel[safety.Critical], perLabel[safety.High], perLabel[safety.Moderate],
		perLabel[safety.Safe], *rounds)

	fmt.Printf("%-24s %12s %12s %12s\n", "latency per command", "median", "p99", "max")
	var medians, p99s []time.Duration
	for _, ck := range checkers {
		d := measure(ck.check, cases, *rounds)
		medians, p99s = append(medians, quantile(d, 0.50)), append(p99s, quantile(d, 0.99))
		fmt.Printf("%-24s %12v %12v %12v\n", ck.name, quantile(d, 0.50), quantile(d, 0.99), d[len(d)-1])
	}
	fmt.Printf("%-24s %11.2fx %11.2fx\n\n", "ratio (engine / regex)", ratio(medians[0], medians[1]), ratio(p99s[0], p99s[1]))

	names := make([]string, len(checkers))
	scores := make([]corpus.Score, len(checkers))
	answers := make([][]safety.Risk, len(checkers))
	for i, ck := range checkers {
		names[i] = ck.name
		for _, c := range cases {
			got := ck.check(c.Command)
			scores[i].Add(c.Label, got)
			answers[i] = append(answers[i], got)
		}
	}
	fmt.Print(corpus.Table(names, scores))
	for i, ck := range checkers {
		fmt.Printf("\n%s disagrees with the label on %d of %d commands\n", ck.name, scores[i].Total-scores[i].Agreed, scores[i].Total)
		listWrong(cases, answers[i], *show)
	}
	return nil
}

// measure times every call of check on every case over the given rounds and returns the sorted durations.
func measure(check func(string) safety.Risk, cases []corpus.Case, rounds int) []time.Duration {
	for _, c := range cases {
		check(c.Command)
	}
	d := make([]time.Duration, 0, rounds*len(cases))
	for range rounds {
		for _, c := range cases {
			start := time.Now()
			check(c.Command)
			d = append(d, time.Since(start))
		}
	}
	slices.Sort(d)
	return d
}

// quantile reads a sorted sample by the nearest-rank method.
func quantile(sorted []time.Duration, q float64) time.Duration {
	i := int(q*float64(len(sorted))+0.5) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func ratio(a, b time.Duration) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// listWrong prints a checker's disagreements grouped by kind, at most show of each (all when show < 0).
func listWrong(cases []corpus.Case, got []safety.Risk, show int) {
	kinds := []struct {
		title string
		match func(label, got safety.Risk) bool
	}{
		{"dangerous rated below high (missed)", func(l, g safety.Risk) bool { return l >= safety.High && g < safety.High }},
		{"critical rated high (asks too little)", func(l, g safety.Risk) bool { return l == safety.Critical && g == safety.High }},
		{"safe rated high or critical (false alarm)", func(l, g safety.Risk) bool { return l == safety.Safe && g >= safety.High }},
		{"safe rated moderate (nags)", func(l, g safety.Risk) bool { return l == safety.Safe && g == safety.Moderate }},
		{"moderate rated safe or critical", func(l, g safety.Risk) bool {
			return l == safety.Moderate && (g == safety.Safe || g == safety.Critical)
		}},
	}
	for _, k := range kinds {
		var lines []string
		for i, c := range cases {
			if k.match(c.Label, got[i]) {
				lines = append(lines, fmt.Sprintf("    L%03d %-8s -> %-8s %s", c.Line, c.Label, got[i], c.Command))
			}
		}
		if len(lines) == 0 {
			continue
		}
		fmt.Printf("  %s: %d\n", k.title, len(lines))
		for i, l := range lines {
			if show >= 0 && i >= show {
				fmt.Printf("    … %d more (-show -1 lists all)\n", len(lines)-i)
				break
			}
			fmt.Println(l)
		}
	}
}
