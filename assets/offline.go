package assets

import "embed"

// Offline holds the offline engine's catalogue: the intents with their templates and the vocabularies
// that map words to flags, predicates and values. It is data so that coverage grows without code changes.
//
//go:embed offline/*
var Offline embed.FS
