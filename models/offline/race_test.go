//go:build race

package offline

// raceEnabled is true under the race detector, which slows the engine tenfold: the exhaustive tests
// then check a sample.
const raceEnabled = true
