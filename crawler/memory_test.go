package crawler

import (
	"runtime"
	"testing"
	"time"

	"github.com/privaudit/privaudit/record"
)

// heapAfterGC returns the live heap after the garbage collector has run
// (three times: sync.Pool victims and finalizers need more than one).
func heapAfterGC() uint64 {
	var ms runtime.MemStats
	for i := 0; i < 3; i++ {
		runtime.GC()
	}
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

//go:noinline
func keepAlive(res *record.Crawl) { runtime.KeepAlive(res) }

// retainedBytes crawls an n-page site of pages of about pageBytes bytes
// and returns the heap the record.Crawl retains once the crawl is over.
func retainedBytes(t *testing.T, n, pageBytes int) int64 {
	t.Helper()
	site, srv := startSynth(t, n, pageBytes)
	before := heapAfterGC()
	res, _ := crawlSynth(t, site, srv.URL, Options{Concurrency: 8, Timeout: 20 * time.Second})
	after := heapAfterGC()
	keepAlive(res)
	return int64(after) - int64(before)
}

// TestRetainedMemoryIndependentOfPageSize proves that a crawl keeps compact
// records, not documents: crawling N pages of 10 KB and N pages of 100 KB
// leaves about the same heap behind, and that heap is a few KB per page.
func TestRetainedMemoryIndependentOfPageSize(t *testing.T) {
	const n = 200
	const s1, s2 = 10 << 10, 100 << 10
	// Warm up: lazily initialised package state of colly, net/http and
	// the regexps must not count against the first measurement.
	retainedBytes(t, 20, s1)

	small := retainedBytes(t, n, s1)
	large := retainedBytes(t, n, s2)
	diff := large - small
	if diff < 0 {
		diff = -diff
	}
	htmlBytes := int64(n) * (s2 - s1)
	t.Logf("retained after %d pages: %d B (%.0f B/page) at %d KB/page, %d B (%.0f B/page) at %d KB/page; difference %d B = %.2f%% of the %d B of extra HTML",
		n, small, float64(small)/n, s1>>10, large, float64(large)/n, s2>>10, diff, 100*float64(diff)/float64(htmlBytes), htmlBytes)
	if diff > htmlBytes/10 {
		t.Errorf("retained heap grows with page size: %d B more for %d B more HTML (limit 10%%)", diff, htmlBytes)
	}
	for _, r := range []int64{small, large} {
		if r/n > 8<<10 {
			t.Errorf("retained %d B per page, want < 8 KB", r/n)
		}
	}
}
