// Package corpus is the safety engine's labelled corpus (safety/testdata/corpus.tsv) and what its test,
// its benchmarks and the safety-latency report share: the loader, the quality bar the engine is held to,
// and a conventional regex checker that serves as the baseline the engine is compared against. It is
// measurement code, not for production: no binary links it.
package corpus
