package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/cmdai/cmdai/assets"
	"github.com/cmdai/cmdai/config"
	"github.com/cmdai/cmdai/models/modelcache"
	"github.com/spf13/cobra"
)

func newModelCmd(s *streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "model list|pull|rm|use",
		Short: "Download, list, remove and choose the models the embedded backend runs",
		Long: `model manages the GGUF models in $XDG_DATA_HOME/cmdai/models (~/.local/share/cmdai/models).
The catalogue recommends Qwen2.5-Coder Instruct in three sizes; qwen2.5-coder:1.5b is the default.

  cmdai model list                        # the catalogue and what is downloaded
  cmdai model pull qwen2.5-coder:1.5b     # download, resumable, checked against its sha256
  cmdai model pull ./my-model.gguf        # add a GGUF file you already have
  cmdai model use qwen2.5-coder:3b        # make it the model cmdai answers with
  cmdai model rm qwen2.5-coder:0.5b

Beyond [models] max_size in the config (20GB by default) the least recently used models are removed
to make room; the model in use never is.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			cmd.SetOut(s.err)
			_ = cmd.Help()
			return usageErrorf("model needs a subcommand: list, pull, rm or use")
		},
	}
	var asJSON bool
	list := &cobra.Command{
		Use:   "list",
		Short: "List the recommended models and the downloaded ones",
		Long: `list shows every model in the catalogue and every downloaded model: its size, whether it is
downloaded, when it was last used, and how its checksum was verified. * marks the model in use.

--json prints one object per model: {"id","name","file","size","downloaded","default","sha256",
"verified","source","path","last_used"}.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(*cobra.Command, []string) error { return runModelList(s, asJSON) },
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print one JSON object per model")

	var pf pullFlags
	pull := &cobra.Command{
		Use:   "pull ID|URL|FILE",
		Short: "Download a model from the catalogue or a URL, or add a local GGUF file",
		Long: `pull downloads a model into the cache: a catalogue id, an http(s) URL of a GGUF file, or the
path of a GGUF file on this machine (copied into the cache). The download resumes where it stopped
after a dropped connection or Ctrl-C (run the same command again), and its sha256 is checked against
the catalogue, --sha256, or the digest the server publishes; a model with none of these has its digest
recorded at the first download, and 'model list' says so.

  cmdai model pull qwen2.5-coder:1.5b
  cmdai model pull https://huggingface.co/Qwen/Qwen2.5-Coder-7B-Instruct-GGUF/resolve/main/qwen2.5-coder-7b-instruct-q4_k_m.gguf --id qwen2.5-coder:7b
  cmdai model pull ~/Downloads/model.gguf --sha256 9f86d08...`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error { return runModelPull(cmd.Context(), s, args[0], pf) },
	}
	pull.Flags().StringVar(&pf.sha256, "sha256", "", "the sha256 the file must have (overrides the catalogue's)")
	pull.Flags().StringVar(&pf.id, "id", "", "the name to give a model pulled from a URL or file (default: file name without .gguf)")

	rm := &cobra.Command{
		Use:   "rm ID...",
		Short: "Delete downloaded models (and interrupted downloads)",
		Args:  usageArgs(cobra.MinimumNArgs(1)),
		RunE:  func(_ *cobra.Command, args []string) error { return runModelRm(s, args) },
	}
	use := &cobra.Command{
		Use:   "use ID",
		Short: "Set the model cmdai answers with (the model key in the config file)",
		Long: `use writes model = "ID" into the config file, keeping its comments and other settings; the file is
created from the commented defaults when missing. ID is a catalogue id or a downloaded model.

  cmdai model use qwen2.5-coder:3b`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(_ *cobra.Command, args []string) error { return runModelUse(s, args[0]) },
	}
	for _, c := range []*cobra.Command{list, pull, rm, use} {
		c.SilenceUsage, c.SilenceErrors = true, true
	}
	cmd.AddCommand(list, pull, rm, use)
	return cmd
}

type pullFlags struct{ sha256, id string }

// openModelCache opens the cache with the config's size cap, keeping the model in use from eviction.
func openModelCache(s *streams) (*modelcache.Cache, config.Config, error) {
	cfg, err := loadConfig()
	if err != nil {
		return nil, cfg, err
	}
	c, err := modelcache.Open(modelcache.DefaultDir())
	if err != nil {
		return nil, cfg, err
	}
	c.MaxSize, _ = config.ParseSize(cfg.Models.MaxSize) // validated when the config loaded
	c.Keep = []string{currentModel(cfg)}
	c.Notify = func(msg string) { fmt.Fprintln(s.err, msg) }
	return c, cfg, nil
}

// currentModel is the model the embedded backend runs: the config's, else the catalogue default.
func currentModel(cfg config.Config) string {
	if cfg.Model != "" {
		return cfg.Model
	}
	return modelcache.DefaultModel().ID
}

type modelRow struct {
	ID         string     `json:"id"`
	Name       string     `json:"name,omitempty"`
	File       string     `json:"file"`
	Size       int64      `json:"size"`
	Downloaded bool       `json:"downloaded"`
	Default    bool       `json:"default"`
	SHA256     string     `json:"sha256,omitempty"`
	Verified   string     `json:"verified,omitempty"`
	Source     string     `json:"source,omitempty"`
	Path       string     `json:"path,omitempty"`
	LastUsed   *time.Time `json:"last_used,omitempty"`
}

// noteNoLlama says first, on stderr, that this build cannot run the models it lists or downloads.
func noteNoLlama(s *streams) {
	if !s.embedded.Built {
		fmt.Fprintln(s.err, "note: this cmdai was built without llama.cpp, so it cannot run these models itself: build it with 'task build', or run them with Ollama")
	}
}

func runModelList(s *streams, asJSON bool) error {
	noteNoLlama(s)
	c, cfg, err := openModelCache(s)
	if err != nil {
		return err
	}
	entries, err := c.List()
	if err != nil {
		return err
	}
	current := currentModel(cfg)
	var rows []modelRow
	seen := map[string]bool{}
	for _, m := range c.Catalogue {
		r := modelRow{ID: m.ID, Name: m.Name, File: m.File, Size: m.Size, SHA256: m.SHA256, Source: m.URL}
		for _, e := range entries {
			if e.File == m.File {
				r = rowFor(c, e)
				r.Name = m.Name
				seen[e.File] = true
			}
		}
		rows = append(rows, r)
	}
	for _, e := range entries {
		if !seen[e.File] {
			rows = append(rows, rowFor(c, e))
		}
	}
	for i := range rows {
		rows[i].Default = rows[i].ID == current || rows[i].File == current
	}
	if asJSON {
		enc := json.NewEncoder(s.out)
		enc.SetEscapeHTML(false)
		for _, r := range rows {
			if err := enc.Encode(r); err != nil {
				return fmt.Errorf("write model list: %w", err)
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(s.out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  ID\tSIZE\tSTATE\tLAST USED\tCHECKSUM")
	var total int64
	for _, r := range rows {
		mark, state, used, check := " ", "not downloaded", "-", "-"
		if r.Default {
			mark = "*"
		}
		if r.Downloaded {
			state = "downloaded"
			total += r.Size
			check = verifiedText(r.Verified)
			if r.LastUsed != nil && !r.LastUsed.IsZero() {
				used = r.LastUsed.Local().Format(time.DateTime[:16])
			}
		}
		fmt.Fprintf(tw, "%s %s\t%s\t%s\t%s\t%s\n", mark, r.ID, modelcache.FormatSize(r.Size), state, used, check)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write model list: %w", err)
	}
	limit := "no limit"
	if c.MaxSize > 0 {
		limit = "limit " + modelcache.FormatSize(c.MaxSize)
	}
	fmt.Fprintf(s.out, "\n* in use (config: model)   %s in %s (%s)\n", modelcache.FormatSize(total), c.Dir(), limit)
	if _, ok := c.Lookup(current); !ok && !slicesContainsID(rows, current) {
		fmt.Fprintf(s.err, "warning: the configured model %q is neither downloaded nor in the catalogue\n", current)
	}
	return nil
}

func slicesContainsID(rows []modelRow, id string) bool {
	for _, r := range rows {
		if r.ID == id || r.File == id {
			return true
		}
	}
	return false
}

func rowFor(c *modelcache.Cache, e modelcache.Entry) modelRow {
	used := e.LastUsed
	return modelRow{ID: e.ID, File: e.File, Size: e.Size, Downloaded: true, SHA256: e.SHA256, Verified: e.Verified,
		Source: e.Source, Path: filepath.Join(c.Dir(), e.File), LastUsed: &used}
}

func verifiedText(how string) string {
	switch how {
	case modelcache.VerifiedCatalogue:
		return "verified (catalogue)"
	case modelcache.VerifiedGiven:
		return "verified (--sha256)"
	case modelcache.VerifiedServer:
		return "verified (server digest)"
	case modelcache.VerifiedFirstUse:
		return "recorded at first download"
	}
	return "not verified"
}

var sha256Hex = regexp.MustCompile(`^[0-9a-fA-F]{64}$`)

func runModelPull(ctx context.Context, s *streams, src string, f pullFlags) error {
	if f.sha256 != "" && !sha256Hex.MatchString(f.sha256) {
		return usageErrorf("--sha256 %q is not a sha256 digest (64 hex digits)", f.sha256)
	}
	noteNoLlama(s)
	c, _, err := openModelCache(s)
	if err != nil {
		return err
	}
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	bar := newPullBar(s.err, isTerminal(s.err))
	e, err := c.Pull(ctx, src, modelcache.PullOptions{SHA256: f.sha256, ID: f.id, Progress: bar.update})
	bar.end()
	if err != nil {
		if ctx.Err() != nil {
			fmt.Fprintln(s.err, "cmdai: pull interrupted; run the same command again to resume")
			return errCancelled
		}
		if errors.Is(err, modelcache.ErrNotFound) {
			return &exitError{code: ExitUsage, err: fmt.Errorf("%q is not a catalogue id, an http(s) URL or a file (see 'cmdai model list')", src)}
		}
		return err
	}
	fmt.Fprintf(s.out, "%s  %s  %s\n", e.ID, modelcache.FormatSize(e.Size), filepath.Join(c.Dir(), e.File))
	if e.Verified == modelcache.VerifiedFirstUse {
		fmt.Fprintf(s.err, "note: no published sha256 to check %s against; recorded %s (pass --sha256 to check a download)\n", e.ID, e.SHA256)
	}
	return nil
}

// pullBar draws download progress on stderr: a redrawn bar on a terminal, a line per 10% otherwise.
type pullBar struct {
	w       io.Writer
	tty     bool
	decile  int64
	drawn   bool
	waiting bool
}

func newPullBar(w io.Writer, tty bool) *pullBar { return &pullBar{w: w, tty: tty, decile: -1} }

func (b *pullBar) update(p modelcache.Progress) {
	if p.Waiting {
		if !b.waiting {
			fmt.Fprintf(b.w, "waiting for another download of %s to finish\n", p.ID)
			b.waiting = true
		}
		return
	}
	if p.Total <= 0 {
		if b.tty {
			fmt.Fprintf(b.w, "\r%s  %s  %s/s\x1b[K", p.ID, modelcache.FormatSize(p.Done), modelcache.FormatSize(int64(p.Rate)))
			b.drawn = true
		}
		return
	}
	pct := p.Done * 100 / p.Total
	if !b.tty {
		if d := pct / 10; d > b.decile {
			b.decile = d
			fmt.Fprintf(b.w, "%s: %d%% (%s of %s)\n", p.ID, d*10, modelcache.FormatSize(p.Done), modelcache.FormatSize(p.Total))
		}
		return
	}
	const width = 24
	fill := int(pct * width / 100)
	eta := "--:--"
	if p.ETA > 0 {
		eta = fmtETA(p.ETA)
	}
	fmt.Fprintf(b.w, "\r%s %3d%% [%s%s] %s / %s  %s/s  ETA %s\x1b[K", p.ID, pct, strings.Repeat("=", fill),
		strings.Repeat(" ", width-fill), modelcache.FormatSize(p.Done), modelcache.FormatSize(p.Total),
		modelcache.FormatSize(int64(p.Rate)), eta)
	b.drawn = true
}

func (b *pullBar) end() {
	if b.drawn {
		fmt.Fprintln(b.w)
	}
}

func fmtETA(d time.Duration) string {
	d = d.Round(time.Second)
	if d >= time.Hour {
		return fmt.Sprintf("%d:%02d:%02d", int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60)
	}
	return fmt.Sprintf("%d:%02d", int(d.Minutes()), int(d.Seconds())%60)
}

func runModelRm(s *streams, ids []string) error {
	c, cfg, err := openModelCache(s)
	if err != nil {
		return err
	}
	for _, id := range ids {
		e, err := c.Remove(id)
		if err != nil {
			return err
		}
		if e.File == "" {
			fmt.Fprintf(s.out, "removed the interrupted download of %s\n", id)
			continue
		}
		fmt.Fprintf(s.out, "removed %s (%s)\n", e.ID, modelcache.FormatSize(e.Size))
		if cur := currentModel(cfg); cur == e.ID || cur == e.File {
			fmt.Fprintf(s.err, "note: %s is the model in use; pull it again or choose another with 'cmdai model use'\n", e.ID)
		}
	}
	return nil
}

func runModelUse(s *streams, id string) error {
	c, err := modelcache.Open(modelcache.DefaultDir())
	if err != nil {
		return err
	}
	entries, err := c.List()
	if err != nil {
		return err
	}
	_, known := c.Lookup(id)
	downloaded := false
	for _, e := range entries {
		if e.ID == id || (known && e.File == mustLookup(c, id).File) {
			downloaded = true
		}
	}
	if !known && !downloaded {
		return fmt.Errorf("no model %q in the catalogue or the cache (see 'cmdai model list')", id)
	}
	path := config.Path()
	if err := setConfigModel(path, id); err != nil {
		return err
	}
	fmt.Fprintf(s.out, "model = %q in %s\n", id, path)
	if !downloaded {
		fmt.Fprintf(s.err, "note: %s is not downloaded yet: run 'cmdai model pull %s'\n", id, id)
	}
	return nil
}

func mustLookup(c *modelcache.Cache, id string) modelcache.Model {
	m, _ := c.Lookup(id)
	return m
}

// setConfigModel sets the top-level model key by editing the file's text, so comments, order and other
// settings stay as the person wrote them. A missing file starts as the commented default config.
func setConfigModel(path, id string) error {
	data, err := os.ReadFile(path)
	perm := fs.FileMode(0o600)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		data = []byte(assets.DefaultConfig)
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return fmt.Errorf("create config directory: %w", err)
		}
	case err != nil:
		return fmt.Errorf("read config: %w", err)
	default:
		if st, err := os.Stat(path); err == nil {
			perm = st.Mode().Perm()
		}
	}
	if _, err := config.Parse(path, data); err != nil {
		return fmt.Errorf("%w\nfix it with 'cmdai config edit' first", err)
	}
	edited := setTopLevelString(string(data), "model", id)
	cfg, err := config.Parse(path, []byte(edited))
	if err != nil || cfg.Model != id {
		return fmt.Errorf("could not set model in %s (edit it with 'cmdai config edit'): %v", path, err)
	}
	if err := config.ReplaceFile(path, []byte(edited), perm); err != nil {
		return fmt.Errorf("write config: %w", err)
	}
	return nil
}

var tableHeader = regexp.MustCompile(`^\s*\[`)

// setTopLevelString replaces key's value before the first table, keeping a trailing comment, or adds
// the key just before the first table when it is not there.
func setTopLevelString(text, key, value string) string {
	lines := strings.SplitAfter(text, "\n")
	keyLine := regexp.MustCompile(`^(\s*` + regexp.QuoteMeta(key) + `\s*=\s*)("(?:[^"\\]|\\.)*"|'[^']*'|[^#\s]*)(.*)$`)
	quoted := strconv.Quote(value)
	insertAt := len(lines)
	for i, line := range lines {
		if tableHeader.MatchString(line) {
			insertAt = i
			break
		}
		body := strings.TrimRight(line, "\r\n")
		if m := keyLine.FindStringSubmatch(body); m != nil {
			lines[i] = m[1] + quoted + m[3] + line[len(body):]
			return strings.Join(lines, "")
		}
	}
	add := key + " = " + quoted + "\n"
	if insertAt < len(lines) {
		add += "\n"
	} else if text != "" && !strings.HasSuffix(text, "\n") {
		add = "\n" + add
	}
	lines = append(lines[:insertAt], append([]string{add}, lines[insertAt:]...)...)
	return strings.Join(lines, "")
}
