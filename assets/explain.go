package assets

import _ "embed"

// Utilities describes common programs, one per line as `name<TAB>what it does`, for the explanation
// the daemon builds without a model. Lines starting with # are comments.
//
//go:embed explain/utilities.txt
var Utilities string
