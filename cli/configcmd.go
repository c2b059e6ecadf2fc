package cli

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"strings"

	"github.com/cmdai/cmdai/assets"
	"github.com/cmdai/cmdai/config"
	"github.com/pelletier/go-toml/v2"
	"github.com/spf13/cobra"
)

func newConfigCmd(s *streams) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config show|path|edit",
		Short: "Show, locate or edit the configuration file",
		Long: `The configuration lives in $XDG_CONFIG_HOME/cmdai/config.toml (~/.config/cmdai/config.toml).
Every key is optional. 'cmdai config edit' creates the file with every default written out and
commented, opens it in $VISUAL or $EDITOR, and checks it when the editor exits.`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			cmd.SetOut(s.err)
			_ = cmd.Help()
			return usageErrorf("config needs a subcommand: show, path or edit")
		},
	}
	var asJSON bool
	show := &cobra.Command{
		Use:   "show",
		Short: "Print the settings in effect (defaults merged with the file)",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(*cobra.Command, []string) error {
			cfg, err := loadConfig()
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(s.out)
				enc.SetIndent("", "  ")
				return enc.Encode(cfg)
			}
			enc := toml.NewEncoder(s.out)
			enc.SetIndentTables(true)
			return enc.Encode(cfg)
		},
	}
	show.Flags().BoolVar(&asJSON, "json", false, "print JSON instead of TOML")
	path := &cobra.Command{
		Use:   "path",
		Short: "Print where the configuration file is (it may not exist yet)",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(*cobra.Command, []string) error {
			_, err := fmt.Fprintln(s.out, config.Path())
			return err
		},
	}
	edit := &cobra.Command{
		Use:   "edit",
		Short: "Open the configuration file in your editor, creating it with the defaults if needed",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(*cobra.Command, []string) error {
			return editConfig(s)
		},
	}
	cmd.AddCommand(show, path, edit)
	return cmd
}

// editConfig never loads the config before editing, so a broken file can always be fixed this way.
func editConfig(s *streams) error {
	path := config.Path()
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(config.Dir(), 0o700); err != nil {
			return fmt.Errorf("create config directory: %w", err)
		}
		if err := os.WriteFile(path, []byte(assets.DefaultConfig), 0o600); err != nil {
			return fmt.Errorf("create config file: %w", err)
		}
	}
	editor := firstNonEmpty(os.Getenv("VISUAL"), os.Getenv("EDITOR"), "vi")
	for {
		// $EDITOR may carry arguments ("code --wait"); let the shell split it as git does.
		c := exec.Command("/bin/sh", "-c", editor+` "$1"`, "editor", path)
		c.Stdin, c.Stdout, c.Stderr = os.Stdin, os.Stdout, os.Stderr
		if err := c.Run(); err != nil {
			return fmt.Errorf("editor %q: %w", editor, err)
		}
		_, err := config.Load(path)
		if err == nil {
			fmt.Fprintf(s.err, "%s is valid\n", path)
			return nil
		}
		// As visudo and crontab -e do: say what is wrong and offer the editor again, at the file as saved.
		if !isTerminal(s.in) || !isTerminal(s.err) {
			return fmt.Errorf("%w\nthe file was saved; run 'cmdai config edit' again to fix it", err)
		}
		fmt.Fprintf(s.err, "%v\nedit it again? [Y/n] ", err)
		answer, rerr := bufio.NewReader(s.in).ReadString('\n')
		if a := strings.ToLower(strings.TrimSpace(answer)); rerr != nil && answer == "" || a == "n" || a == "no" {
			return &exitError{code: ExitError, err: errors.New("the file was saved with these problems; run 'cmdai config edit' to fix them")}
		}
	}
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}
