// Package shape reads a shell command's shape: its utilities in order, each with the set of options it
// uses, arguments dropped (find . -name x | xargs rm -f is find[-name] xargs[-I] rm[-f]), and scores how
// well one shape matches another. It is the grammar of the NLC2CMD metric (NeurIPS 2020), which the
// offline engine's recall model learns and picks by; the metric itself, for scoring predictions against a
// corpus, is eval/nlc2cmd, built on this package.
package shape
