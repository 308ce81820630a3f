package crawler

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
)

// A polite crawler asks robots.txt before its first request for a page.
func TestRobotsAskedBeforeTheStartPage(t *testing.T) {
	var pageHits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			_, _ = w.Write([]byte("User-agent: privaudit\nDisallow: /\n"))
			return
		}
		pageHits.Add(1)
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte("<html><body>hi</body></html>"))
	}))
	defer srv.Close()
	_, err := New(Options{}).Crawl(context.Background(), srv.URL+"/")
	if !errors.Is(err, ErrRobotsDisallowed) {
		t.Fatalf("err = %v, want ErrRobotsDisallowed", err)
	}
	if n := pageHits.Load(); n != 0 {
		t.Errorf("the start page was requested %d times despite robots.txt", n)
	}
	// --ignore-robots fetches it.
	if _, err := New(Options{IgnoreRobots: true}).Crawl(context.Background(), srv.URL+"/"); err != nil {
		t.Fatalf("IgnoreRobots: %v", err)
	}
	if pageHits.Load() == 0 {
		t.Error("IgnoreRobots: the start page was not fetched")
	}
}
