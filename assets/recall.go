package assets

import _ "embed"

// Recall is the offline engine's recall model (models/offline/recall), built from the NL2Bash corpus by
// `task train`; recall/SOURCE.md says where its data came from and under which license.
//
//go:embed recall/nl2bash.bin
var Recall []byte

// Agreement is the offline engine's agreement index (recall.Agreement), built from cmdai's own everyday
// rounds (eval/everyday) by `task train`; recall/SOURCE.md says what it holds.
//
//go:embed recall/everyday.bin
var Agreement []byte
