package cli

import (
	"os"
	"runtime/debug"
)

// tuneMemory is set by Main: the garbage collector is tuned for the
// privaudit process only, not for a program (or test) that calls Run.
var tuneMemory bool

const (
	// gcPercent is the collector's target: the heap may grow to five times
	// what is live before a collection, which cuts the collector's work
	// during a crawl, whose live heap is small (make bench: the audit's CPU
	// went from 1.15 to 1.04 times the minimal colly crawl's)...
	gcPercent = 400
	// ...while the soft memory limit keeps the heap near what an audit of
	// that size needs: a base (the policy rules compiled, the catalogue,
	// buffers) and a share per page the crawl may keep (its record, its
	// part of the evidence and the report).
	memoryBase    = 64 << 20
	memoryPerPage = 3 << 10
	// memoryPerSite is what each more site a batch audits at once needs
	// beyond its pages (its crawler, buffers, evidence and report being
	// built): without it a batch of small sites ran at two thirds of its
	// rate, the collector working under a limit below its live data.
	memoryPerSite = 8 << 20
)

// tuneGC sets the collector's target and a soft memory limit derived from
// the number of sites the run audits at once (1, or a batch's
// --parallel-sites) and the pages each may hold (--max-pages), unless the user set GOGC or GOMEMLIMIT. The limit
// grows with the crawl, so a large crawl is never held under a limit its
// live data exceeds (a fixed limit would make the collector run without
// pause); Chromium's memory is its own.
func tuneGC(sites, pages int) {
	if !tuneMemory {
		return
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit(sites, pages))
	}
}

// memoryLimit is the soft memory limit of a run that audits sites sites at
// once, each holding up to pages pages.
func memoryLimit(sites, pages int) int64 {
	sites = max(sites, 1)
	return memoryBase + int64(sites-1)*memoryPerSite + int64(sites)*int64(max(pages, 0))*memoryPerPage
}
