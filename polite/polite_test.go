package polite

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func get(t *testing.T, c *http.Client, u string) *http.Response {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

// Two sites on one server (one IP, two ports) share its limit: never more
// than PerIP requests in flight to it, however many crawls run.
func TestPerIP(t *testing.T) {
	var inFlight, peak atomic.Int32
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		time.Sleep(20 * time.Millisecond)
		inFlight.Add(-1)
		io.WriteString(w, "ok")
	})
	a, b := httptest.NewServer(h), httptest.NewServer(h)
	defer a.Close()
	defer b.Close()
	l := New(2)
	c := &http.Client{Transport: &Transport{Next: http.DefaultTransport, Limiter: l}}
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			srv := a
			if i%2 == 1 {
				srv = b
			}
			get(t, c, srv.URL)
		}()
	}
	wg.Wait()
	if p := peak.Load(); p != 2 {
		t.Errorf("peak %d requests in flight to 127.0.0.1, want 2", p)
	}
	// Without a limit, they run side by side.
	peak.Store(0)
	c = &http.Client{Transport: &Transport{Next: http.DefaultTransport, Limiter: New(0)}}
	for range 8 {
		wg.Add(1)
		go func() { defer wg.Done(); get(t, c, a.URL) }()
	}
	wg.Wait()
	if peak.Load() < 3 {
		t.Errorf("peak %d without a limit", peak.Load())
	}
}

// A slot waits for the body to be closed, and a request that waits for a
// slot ends with its context.
func TestSlotHeldUntilBodyClosed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }))
	defer srv.Close()
	c := &http.Client{Transport: &Transport{Next: http.DefaultTransport, Limiter: New(1)}}
	first, err := c.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
	if _, err := c.Do(req); err == nil {
		t.Error("a second request got the only slot while the first body was open")
	}
	first.Body.Close()
	get(t, c, srv.URL)
}

// Requests to a host with a crawl delay start at least that far apart,
// and the delay is bounded.
func TestCrawlDelay(t *testing.T) {
	var mu sync.Mutex
	var starts []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		starts = append(starts, time.Now())
		mu.Unlock()
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	l := New(0)
	l.MaxDelay = 150 * time.Millisecond
	l.SetCrawlDelay(u.Host, time.Hour)
	if d := l.CrawlDelay(u.Host); d != 150*time.Millisecond {
		t.Fatalf("delay %s, want the bound", d)
	}
	c := &http.Client{Transport: &Transport{Next: http.DefaultTransport, Limiter: l}}
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() { defer wg.Done(); get(t, c, srv.URL) }()
	}
	wg.Wait()
	if len(starts) != 4 {
		t.Fatalf("%d requests", len(starts))
	}
	for i := 1; i < len(starts); i++ {
		if gap := starts[i].Sub(starts[i-1]); gap < 140*time.Millisecond {
			t.Errorf("requests %d and %d %s apart", i-1, i, gap)
		}
	}
}

// 429 and 503 with a Retry-After within the bound are retried after the
// wait; a longer wait, a POST or too many retries return the answer.
func TestRetryAfter(t *testing.T) {
	var hits atomic.Int32
	var first time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := hits.Add(1)
		switch r.URL.Path {
		case "/busy-once":
			if n == 1 {
				first = time.Now()
				w.Header().Set("Retry-After", "1")
				w.WriteHeader(http.StatusTooManyRequests)
				return
			}
			if time.Since(first) < 950*time.Millisecond {
				t.Errorf("retried after %s, before Retry-After", time.Since(first))
			}
		case "/date":
			if n == 1 {
				w.Header().Set("Retry-After", time.Now().Add(-time.Minute).UTC().Format(http.TimeFormat))
				w.WriteHeader(http.StatusServiceUnavailable)
				return
			}
		case "/long":
			w.Header().Set("Retry-After", "3600")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		case "/always":
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		case "/plain":
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, "ok")
	}))
	defer srv.Close()
	l := New(1)
	c := &http.Client{Transport: &Transport{Next: http.DefaultTransport, Limiter: l}}
	for _, tc := range []struct {
		path   string
		method string
		status int
		hits   int32
	}{
		{"/busy-once", http.MethodGet, 200, 2},
		{"/date", http.MethodGet, 200, 2},
		{"/long", http.MethodGet, 429, 1},
		{"/always", http.MethodGet, 503, 3},
		{"/plain", http.MethodGet, 503, 1},
		{"/long", http.MethodPost, 429, 1},
	} {
		hits.Store(0)
		req, _ := http.NewRequest(tc.method, srv.URL+tc.path, nil)
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.status || hits.Load() != tc.hits {
			t.Errorf("%s %s: status %d after %d requests, want %d after %d", tc.method, tc.path, resp.StatusCode, hits.Load(), tc.status, tc.hits)
		}
	}
	// The slot of every attempt was given back.
	get(t, c, srv.URL+"/ok")
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 12, 1, 4, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"120": 2 * time.Minute, " 0 ": 0, "Tue, 01 Dec 2026 04:00:30 GMT": 30 * time.Second, "Tue, 01 Dec 2026 03:00:00 GMT": 0,
	} {
		if got, ok := ParseRetryAfter(v, now); !ok || got != want {
			t.Errorf("ParseRetryAfter(%q) = %s, %v; want %s", v, got, ok, want)
		}
	}
	for _, bad := range []string{"", "-5", "soon", "1.5"} {
		if _, ok := ParseRetryAfter(bad, now); ok {
			t.Errorf("ParseRetryAfter(%q): ok", bad)
		}
	}
}

// Without a per-IP limit no host name is resolved (the dialer does that
// once anyway); with one, each host once.
func TestResolveOnlyWithALimit(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	byName := "http://localhost:" + u.Port() + "/"
	for _, c := range []struct {
		perIP, want int
	}{{0, 0}, {2, 1}} {
		var resolved atomic.Int32
		l := New(c.perIP)
		l.Resolve = func(context.Context, string) string { resolved.Add(1); return "127.0.0.1" }
		client := &http.Client{Transport: &Transport{Next: http.DefaultTransport, Limiter: l}}
		for range 3 {
			get(t, client, byName)
		}
		if n := int(resolved.Load()); n != c.want {
			t.Errorf("per-IP limit %d: %d lookups of localhost, want %d", c.perIP, n, c.want)
		}
	}
}
