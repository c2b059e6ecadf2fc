package cli

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
)

// errNoBrowser is a machine with no browser to open: no $BROWSER, no display, or no opener installed.
var errNoBrowser = errors.New("no browser on this machine")

// openBrowser shows url in the person's browser: $BROWSER when set, else the desktop's opener (open on
// macOS, xdg-open where a display is). It does not wait for the browser, which may run for hours; the
// opener is reaped when it exits.
func openBrowser(url string) error {
	var name string
	var args []string
	switch b := strings.TrimSpace(os.Getenv("BROWSER")); {
	case b != "":
		fields := strings.Fields(b)
		name, args = fields[0], fields[1:]
	case runtime.GOOS == "darwin":
		name = "open"
	case os.Getenv("DISPLAY") != "" || os.Getenv("WAYLAND_DISPLAY") != "":
		name = "xdg-open"
	default:
		return errNoBrowser
	}
	path, err := exec.LookPath(name)
	if err != nil {
		return fmt.Errorf("%w: %s not found", errNoBrowser, name)
	}
	cmd := exec.Command(path, append(args, url)...)
	cmd.Stdout, cmd.Stderr = nil, nil
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", name, err)
	}
	go func() { _ = cmd.Wait() }() // reaps the opener when it exits
	return nil
}
