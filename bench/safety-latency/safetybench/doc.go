// Package safetybench is what the safety engine's corpus test, its benchmarks and the safety-latency report
// share: the labelled corpus loader, the quality bar the engine is held to, and a conventional regex checker
// that serves as the baseline the engine is compared against. It is measurement code, not for production.
package safetybench
