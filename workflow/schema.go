package workflow

import _ "embed"

// Schema is the JSON Schema of a workflow file, for editors (yaml-language-server, VS Code): it says
// what the DSL accepts; Validate checks what a schema cannot (references, cycles).
//
//go:embed schema.json
var Schema []byte
