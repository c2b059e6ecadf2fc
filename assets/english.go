package assets

import _ "embed"

// CommonEnglish lists common English words, one per line (lines starting with # are the source's
// notice), which the offline engine never corrects as slips. Rebuilt by `task english:words`.
//
//go:embed english/common.txt
var CommonEnglish string
