package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"

	"github.com/cmdai/cmdai/tui/popup"
)

// tmuxPopupAvailable reports whether this process runs inside tmux 3.2 or later, which has display-popup.
func tmuxPopupAvailable() bool {
	if os.Getenv("TMUX") == "" {
		return false
	}
	out, err := exec.Command("tmux", "-V").Output()
	if err != nil {
		return false
	}
	m := regexp.MustCompile(`(\d+)\.(\d+)`).FindStringSubmatch(string(out))
	if m == nil {
		return strings.Contains(string(out), "master") // a build from git is newer than any release
	}
	major, _ := strconv.Atoi(m[1])
	minor, _ := strconv.Atoi(m[2])
	return major > 3 || (major == 3 && minor >= 2)
}

// runInTmuxPopup runs this popup again inside a tmux popup window, which has a terminal of its own, and
// passes the accepted command back through a file.
func runInTmuxPopup(ctx context.Context, s *streams, f popupFlags, line string) error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find the cmdai binary: %w", err)
	}
	out, err := os.CreateTemp("", "cmdai-popup-*")
	if err != nil {
		return fmt.Errorf("tmux popup: %w", err)
	}
	out.Close()
	defer os.Remove(out.Name())
	args := []string{exe, "popup", "--output", out.Name(), "--action", f.action,
		"--last-status", strconv.Itoa(f.lastStatus), "--last-command", f.lastCommand}
	if f.shell != "" {
		args = append(args, "--shell", f.shell)
	}
	if f.backend != "" {
		args = append(args, "--backend", f.backend)
	}
	args = append(args, "--", line)
	quoted := make([]string, len(args))
	for i, a := range args {
		quoted[i] = shQuote(a)
	}
	cwd, _ := os.Getwd()
	tmuxArgs := []string{"display-popup", "-E", "-d", cwd, "-w", "80%", "-h", strconv.Itoa(popup.MaxLines + 2)}
	// The popup's command gets the tmux server's environment, not this shell's: carry what locates the
	// config and the daemon.
	for _, name := range []string{"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR", "NO_COLOR"} {
		if v, ok := os.LookupEnv(name); ok {
			tmuxArgs = append(tmuxArgs, "-e", name+"="+v)
		}
	}
	win := exec.CommandContext(ctx, "tmux", append(tmuxArgs, strings.Join(quoted, " "))...)
	runErr := win.Run()
	b, err := os.ReadFile(out.Name())
	if err == nil && len(b) > 0 {
		var res popupResult
		if err := json.Unmarshal(b, &res); err != nil {
			return fmt.Errorf("tmux popup: read its answer: %w", err)
		}
		res.prepareUndo(ctx, s, f)
		return res.print(s, f.action)
	}
	var exit *exec.ExitError
	if runErr != nil && !errors.As(runErr, &exit) {
		return fmt.Errorf("tmux popup: %w", runErr)
	}
	return errCancelled
}
