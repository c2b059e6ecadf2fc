package assets

import _ "embed"

// Recall is the offline engine's recall model (models/offline/recall), built from the NL2Bash corpus by
// `task train`; recall/SOURCE.md says where its data came from and under which license.
//
//go:embed recall/nl2bash.bin
var Recall []byte
