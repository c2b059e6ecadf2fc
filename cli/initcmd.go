package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/cmdai/cmdai/assets"
	"github.com/spf13/cobra"
)

type initFlags struct {
	key       string
	noBind    bool
	tmux      bool
	uninstall bool
}

func newInitCmd(s *streams) *cobra.Command {
	var f initFlags
	cmd := &cobra.Command{
		Use:   "init bash|zsh|fish",
		Short: "Print the shell integration: Ctrl-G asks cmdai from the command line",
		Long: `init prints a script that binds a key (Ctrl-G) in your shell: it sends the current line to cmdai
as a request and puts the command you accept back on the line, without running it. On an empty line it
offers to fix the last command. It also wraps 'cmdai REQUEST' so the command you accept runs in your
shell and lands in its history.

  bash  ~/.bashrc:                  eval "$(cmdai init bash)"
  zsh   ~/.zshrc:                   eval "$(cmdai init zsh)"
  fish  ~/.config/fish/config.fish: cmdai init fish | source

To remove it, delete that line and, in shells already running, run
  eval "$(cmdai init bash --uninstall)"   (zsh alike; fish: cmdai init fish --uninstall | source)`,
		Args:      usageArgs(cobra.ExactArgs(1)),
		ValidArgs: []string{"bash", "zsh", "fish"},
		RunE: func(_ *cobra.Command, args []string) error {
			return printInit(s, args[0], f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.key, "key", "ctrl-g", "key that opens the popup: ctrl-LETTER or alt-LETTER")
	fl.BoolVar(&f.noBind, "no-bind", false, "define the widget and the cmdai function but bind no key")
	fl.BoolVar(&f.tmux, "tmux", false, "inside tmux 3.2 or later, open the popup in a tmux popup window")
	fl.BoolVar(&f.uninstall, "uninstall", false, "print what removes the integration from a running shell")
	return cmd
}

// shellKey is one key in the notation of each shell.
type shellKey struct{ bash, zsh, fish3, fish4 string }

// parseKey reads ctrl-g, ctrl+g, C-g, alt-x, M-x.
func parseKey(s string) (shellKey, error) {
	k := strings.ToLower(strings.TrimSpace(s))
	var mod, letter string
	for _, p := range []struct{ prefix, mod string }{
		{"ctrl-", "ctrl"}, {"ctrl+", "ctrl"}, {"c-", "ctrl"}, {"alt-", "alt"}, {"alt+", "alt"}, {"m-", "alt"},
	} {
		if rest, ok := strings.CutPrefix(k, p.prefix); ok {
			mod, letter = p.mod, rest
			break
		}
	}
	if len(letter) != 1 || letter[0] < 'a' || letter[0] > 'z' {
		return shellKey{}, usageErrorf("unsupported key %q: use ctrl-LETTER or alt-LETTER, e.g. ctrl-g", s)
	}
	if mod == "ctrl" {
		return shellKey{bash: `\C-` + letter, zsh: "^" + strings.ToUpper(letter), fish3: `\c` + letter, fish4: "ctrl-" + letter}, nil
	}
	return shellKey{bash: `\e` + letter, zsh: "^[" + letter, fish3: `\e` + letter, fish4: "alt-" + letter}, nil
}

func printInit(s *streams, shell string, f initFlags) error {
	if f.uninstall {
		switch shell {
		case "bash":
			fmt.Fprintln(s.out, "if declare -F __cmdai_uninstall >/dev/null; then __cmdai_uninstall; fi")
		case "zsh":
			fmt.Fprintln(s.out, "if (( $+functions[__cmdai_uninstall] )); then __cmdai_uninstall; fi")
		case "fish":
			fmt.Fprintln(s.out, "functions -q __cmdai_uninstall; and __cmdai_uninstall")
		default:
			return usageErrorf("unknown shell %q: want bash, zsh or fish", shell)
		}
		return nil
	}
	key, err := parseKey(f.key)
	if err != nil {
		return err
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find the cmdai binary: %w", err)
	}
	if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	bind := "1"
	if f.noBind {
		bind = "0"
	}
	flags := ""
	if f.tmux {
		flags = "--tmux"
	}
	var b strings.Builder
	switch shell {
	case "bash":
		fmt.Fprintf(&b, "__cmdai_bin=%s\n__cmdai_key=%s\n__cmdai_bind=%s\n__cmdai_popup_flags=%s\n",
			shQuote(exe), shQuote(key.bash), bind, shQuote(flags))
		b.WriteString(assets.ShellBash)
	case "zsh":
		fmt.Fprintf(&b, "typeset -g __cmdai_bin=%s __cmdai_key=%s __cmdai_bind=%s __cmdai_popup_flags=%s\n",
			shQuote(exe), shQuote(key.zsh), bind, shQuote(flags))
		b.WriteString(assets.ShellZsh)
	case "fish":
		fmt.Fprintf(&b, "set -g __cmdai_bin %s\nset -g __cmdai_key3 %s\nset -g __cmdai_key4 %s\nset -g __cmdai_bind %s\nset -g __cmdai_popup_flags %s\n",
			shQuote(exe), shQuote(key.fish3), shQuote(key.fish4), bind, flags)
		b.WriteString(assets.ShellFish)
	default:
		return usageErrorf("unknown shell %q: want bash, zsh or fish", shell)
	}
	_, err = fmt.Fprint(s.out, b.String())
	return err
}

// shQuote quotes s for bash, zsh and fish alike: single quotes, with embedded ones closed and escaped.
func shQuote(s string) string {
	if s == "" {
		return "''"
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
