package assets

import "embed"

// Prompt holds what model backends are told: the system prompt template (system.md), the few-shot
// examples (examples.json) and the correction sent when an answer cannot be read (refine.md).
//
//go:embed prompt/*
var Prompt embed.FS
