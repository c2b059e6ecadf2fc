// Package cli implements cmdai's command line: one-shot queries, `check`, `config` and the commands
// that reach the daemon. Every command returns an error; Main turns it into the contract's exit codes.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/cmdai/cmdai/ipc"
	"github.com/spf13/cobra"
)

// MaxPromptBytes bounds a request in plain words; anything longer is almost certainly a pasted file,
// which no backend answers well.
const MaxPromptBytes = 8 << 10

// Main runs the CLI with args (without the program name) and returns the process exit code.
func Main(args []string, opts ...Option) int {
	return run(args, os.Stdin, os.Stdout, os.Stderr, opts...)
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer, opts ...Option) int {
	s := &streams{in: stdin, out: stdout, err: stderr}
	for _, o := range opts {
		if o.embedded.Open != nil {
			s.embedded = o.embedded
		}
	}
	s.line = readLine(args)
	root := newRoot(s)
	root.SetArgs(s.line.args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if err != nil && err.Error() != "" {
		fmt.Fprintln(stderr, "cmdai: "+err.Error())
	}
	code := exitCode(err)
	if code == ExitUsage && len(s.line.misfit) > 0 {
		fmt.Fprintln(stderr, "cmdai: to ask for it as a request instead: cmdai -- "+strings.Join(s.line.misfit, " "))
	}
	return code
}

// streams are the standard files a command talks through, so tests can swap them, and what the binary
// links that a command may use.
type streams struct {
	in       io.Reader
	out, err io.Writer
	// embedded loads models in this process for --no-daemon; zero in a program that links no llama.cpp.
	embedded Embedded
	// line is how the command line was read: a request, or one of cmdai's commands.
	line line
}

type rootFlags struct {
	print    bool
	json     bool
	backend  string
	model    string
	noDaemon bool
	explain  bool
	shell    string
	// alternatives is how many other ways to write the command to ask for and show.
	alternatives int
}

func newRoot(s *streams) *cobra.Command {
	var f rootFlags
	root := &cobra.Command{
		Use:   "cmdai [flags] PROMPT...",
		Short: "Turn a request in plain words into a shell command that is safe to run",
		Long: `cmdai turns a request in plain words into a shell command, shows how risky it is and why,
and runs it only after you confirm.

  cmdai show the 10 largest files under this directory
  cmdai --print count lines in all go files        # print only, never run
  cmdai --json find logs older than a week         # one JSON object for scripts
  cmdai -a 3 count lines in all python files       # and three other ways to write it
  cmdai check 'rm -rf ~/'                          # safety verdict for any command

On a terminal cmdai asks "Run? [y]es / [e]dit / [n]o"; critical commands need the word "yes", and the
strict safety mode refuses high and critical ones. When standard output is not a terminal it only
prints the command.

` + routeHelp + `

Exit codes: 0 ok, 1 error, 2 usage, 3 refused by the safety policy, 130 cancelled; after running a
command, cmdai exits with that command's status.`,
		Args:          cobra.ArbitraryArgs,
		Version:       ipc.BuildVersion(),
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if wantsTUI(s, args, f) {
				return runTUI(cmd.Context(), s, f)
			}
			prompt := strings.TrimSpace(strings.Join(args, " "))
			if prompt == "" {
				if len(args) == 0 {
					cmd.SetOut(s.err)
					_ = cmd.Help()
				}
				// A blank request (cmdai '') gets one line, not the whole help.
				return usageErrorf("say what you want to do, e.g. cmdai find files over 100MB (or see --help)")
			}
			if f.alternatives < 0 || f.alternatives > ipc.MaxAlternatives {
				return usageErrorf("--alternatives %d: want 0 to %d", f.alternatives, ipc.MaxAlternatives)
			}
			if len(prompt) > MaxPromptBytes {
				return usageErrorf("the request is %d bytes; the limit is %d: describe the task in a sentence or two", len(prompt), MaxPromptBytes)
			}
			if err := checkUTF8(prompt); err != nil {
				return err
			}
			return oneShot(cmd.Context(), s, f, prompt)
		},
	}
	root.SetVersionTemplate("cmdai {{.Version}}\n")
	fl := root.Flags()
	// Flags come before the request: everything from its first word on is the request (see readLine).
	fl.SetInterspersed(false)
	fl.BoolVarP(&f.print, "print", "p", false, "print the command only; never run it (the default when stdout is not a terminal)")
	fl.BoolVar(&f.json, "json", false, `print one JSON object: {"command","explanation","risk","findings","backend","model","elapsed_ms"} (and "alternatives" with --alternatives)`)
	fl.IntVarP(&f.alternatives, "alternatives", "a", 0, fmt.Sprintf("also show up to N other ways to write the command, each with its risk (0 to %d)", ipc.MaxAlternatives))
	fl.StringVarP(&f.backend, "backend", "b", "", "backend to answer with: auto, offline, embedded, ollama or openai (default from config)")
	fl.StringVarP(&f.model, "model", "m", "", "model name for model backends (default from config)")
	fl.BoolVar(&f.noDaemon, "no-daemon", false, "answer in this process instead of through the daemon (no history)")
	fl.BoolVarP(&f.explain, "explain", "x", false, "explain the command and each safety finding in detail")
	fl.StringVarP(&f.shell, "shell", "s", "", "shell to write the command for: bash, zsh, fish or sh (default from config, then $SHELL)")
	_ = root.RegisterFlagCompletionFunc("backend", fixedCompletions("auto", "offline", "embedded", "ollama", "openai"))
	_ = root.RegisterFlagCompletionFunc("shell", fixedCompletions("bash", "zsh", "fish", "sh"))
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return &exitError{code: ExitUsage, err: fmt.Errorf("%w (see 'cmdai --help')", err)}
	})

	root.AddCommand(newCheckCmd(s), newConfigCmd(s), newDaemonCmd(s), newHistoryCmd(s), newInitCmd(s), newModelCmd(s), newPopupCmd(s))
	root.AddCommand(newAuthCmd(s), newSyncCmd(s), newPatternsCmd(s), newRecordExitCmd(s), newApprovalsCmd(s), newRequestCmd(s))
	root.AddCommand(newUndoCmd(s), newTeamCmd(s))
	root.AddCommand(newWorkflowCmd(s), newRunnerCmd(s))
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		c.SilenceUsage = true
		c.SilenceErrors = true
		c.SetFlagErrorFunc(root.FlagErrorFunc())
	}
	return root
}

func fixedCompletions(values ...string) cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return values, cobra.ShellCompDirectiveNoFileComp
	}
}

// usageArgs wraps a cobra positional-argument check so that its failures exit with 2.
func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			var e *exitError
			if errors.As(err, &e) {
				return err
			}
			return &exitError{code: ExitUsage, err: fmt.Errorf("%w (see 'cmdai %s --help')", err, cmd.Name())}
		}
		return nil
	}
}

// checkUTF8 refuses a request that is not valid UTF-8, which would otherwise reach the backend with
// its bad bytes silently replaced (U+FFFD): the terminal's encoding is wrong, or the text is binary.
func checkUTF8(s string) error {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return usageErrorf("the request is not valid UTF-8 (byte %d is 0x%02x): check your terminal's encoding (LANG, LC_ALL)", i, s[i])
			}
		}
	}
	return nil
}
