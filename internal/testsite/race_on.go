//go:build race

package testsite

// TimeScale multiplies the time limits of tests: the race detector makes
// code several times slower.
const TimeScale = 10
