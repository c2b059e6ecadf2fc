package assets

import _ "embed"

// TLDR is the offline engine's index of tldr-pages examples (models/offline/tldr), built by
// `task tldr:index`; tldr/SOURCE.md carries the attribution CC BY 4.0 asks for.
//
//go:embed tldr/index.gz
var TLDR []byte
