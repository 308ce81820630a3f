package crawler

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/privaudit/privaudit/polite"
)

// The crawl waits robots.txt's Crawl-delay between two requests to the
// host, and answers a 429 with Retry-After by asking again.
func TestCrawlDelayAndRetryAfter(t *testing.T) {
	var mu sync.Mutex
	var starts []time.Time
	var busy atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			fmt.Fprint(w, "User-agent: *\nCrawl-delay: 0.3\n")
			return
		}
		if r.URL.Path == "/sitemap.xml" {
			http.NotFound(w, r)
			return
		}
		mu.Lock()
		starts = append(starts, time.Now())
		mu.Unlock()
		if r.URL.Path == "/b" && busy.CompareAndSwap(false, true) {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, `<html><body><a href="/a">a</a> <a href="/b">b</a> <a href="/c">c</a></body></html>`)
	}))
	defer srv.Close()
	lim := polite.New(0)
	res, err := New(Options{Concurrency: 4, Limiter: lim}).Gather(context.Background(), srv.URL+"/")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Pages) != 4 {
		t.Fatalf("%d pages", len(res.Pages))
	}
	for _, p := range res.Pages {
		if p.Status != 200 {
			t.Errorf("%s: status %d (the 429 was not retried)", p.URL, p.Status)
		}
	}
	if len(starts) != 5 {
		t.Fatalf("%d page requests, want 5 (one retried)", len(starts))
	}
	for i := 1; i < len(starts); i++ {
		if gap := starts[i].Sub(starts[i-1]); gap < 280*time.Millisecond {
			t.Errorf("requests %d and %d %s apart, under the Crawl-delay", i-1, i, gap)
		}
	}
}
