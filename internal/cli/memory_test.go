package cli

import (
	"math"
	"runtime/debug"
	"testing"
)

// Main tunes the collector for the size of the run, unless the user set
// GOGC or GOMEMLIMIT; Run (a test, a program) never does.
func TestTuneGC(t *testing.T) {
	limit0, gc0 := debug.SetMemoryLimit(-1), debug.SetGCPercent(-1)
	debug.SetGCPercent(gc0)
	t.Cleanup(func() {
		debug.SetMemoryLimit(limit0)
		debug.SetGCPercent(gc0)
		tuneMemory = false
	})
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")

	tuneGC(1, 20000)
	if got := debug.SetMemoryLimit(-1); got != limit0 {
		t.Errorf("Run tuned the collector: limit %d", got)
	}
	tuneMemory = true
	tuneGC(1, 20000)
	if got := debug.SetMemoryLimit(-1); got != memoryLimit(1, 20000) || got > 150<<20 || got < 100<<20 {
		t.Errorf("limit %d MiB for 20,000 pages", got>>20)
	}
	if got := debug.SetGCPercent(gc0); got != gcPercent {
		t.Errorf("GOGC %d, want %d", got, gcPercent)
	}
	// A large crawl gets a limit that grows with it.
	if memoryLimit(1, 200000) < 10*(memoryLimit(1, 20000)-memoryBase) {
		t.Error("the limit does not grow with the crawl")
	}
	// Each site a batch runs at once adds its share.
	if memoryLimit(8, 70)-memoryLimit(1, 70) < 7*memoryPerSite {
		t.Error("the limit does not grow with the sites run at once")
	}
	debug.SetMemoryLimit(math.MaxInt64)
	t.Setenv("GOMEMLIMIT", "1GiB")
	t.Setenv("GOGC", "50")
	debug.SetGCPercent(50)
	tuneGC(1, 500)
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Errorf("GOMEMLIMIT set, the limit was changed to %d", got)
	}
	if got := debug.SetGCPercent(gc0); got != 50 {
		t.Errorf("GOGC set, the target was changed to %d", got)
	}
}
