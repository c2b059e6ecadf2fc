// Package assets holds the files cmdai embeds in its binary: the default config, prompts, shell
// integration scripts and the offline engine's catalogue.
package assets

import _ "embed"

// DefaultConfig is the commented config file that `cmdai config edit` starts from.
//
//go:embed config.toml
var DefaultConfig string
