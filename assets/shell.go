package assets

import _ "embed"

// Shell integration scripts, printed by `cmdai init SHELL` after a few lines that set the binary's
// path, the key to bind and the options (see the comment at the top of each).
var (
	//go:embed shell/cmdai.bash
	ShellBash string
	//go:embed shell/cmdai.zsh
	ShellZsh string
	//go:embed shell/cmdai.fish
	ShellFish string
)
