package crawler

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// jitterSite serves a site whose pages answer after a random few
// milliseconds, so that parallel workers finish in a different order on
// every run. "/" links to /s/0 ... /s/(wide-1); /s/i links to /s/i/0 ...
// /s/i/(fan-1), to a few of its siblings and to /private/i, which
// robots.txt forbids; /s/i/j links back to "/" and to /s/i/j/x.
func jitterSite(t *testing.T, wide, fan int) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			_, _ = w.Write([]byte("User-agent: *\nDisallow: /private/\n"))
			return
		}
		time.Sleep(time.Duration(rand.IntN(4000)) * time.Microsecond)
		parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
		var b strings.Builder
		switch {
		case r.URL.Path == "/":
			for i := range wide {
				fmt.Fprintf(&b, `<a href="/s/%d">section %d</a> `, i, i)
			}
		case len(parts) == 2 && parts[0] == "s":
			for j := range fan {
				fmt.Fprintf(&b, `<a href="%s/%d">item %d</a> `, r.URL.Path, j, j)
			}
			var i int
			fmt.Sscan(parts[1], &i)
			fmt.Fprintf(&b, `<a href="/s/%d">next</a> <a href="/private/%d">private</a>`, (i+1)%wide, i)
		case len(parts) == 3 && parts[0] == "s":
			fmt.Fprintf(&b, `<a href="/">home</a> <a href="%s/x">more</a>`, r.URL.Path)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<!DOCTYPE html><html><head><title>%s</title></head><body>%s</body></html>", r.URL.Path, b.String())
	}))
	t.Cleanup(srv.Close)
	return srv
}

// Under a page cap that cuts a level of the site, and under a depth
// limit, the pages fetched are the same on every run, whatever order the
// workers finish in.
func TestCappedCrawlIsDeterministic(t *testing.T) {
	srv := jitterSite(t, 30, 12)
	for _, tc := range []struct {
		name string
		opts Options
	}{
		{"MaxPages", Options{MaxPages: 60}},
		{"MaxPages and MaxDepth", Options{MaxPages: 200, MaxDepth: 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var first []string
			var firstSkipped int
			for run := range 20 {
				opts := tc.opts
				opts.Concurrency, opts.Timeout = 8, 5*time.Second
				res, err := New(opts).Gather(context.Background(), srv.URL)
				if err != nil {
					t.Fatal(err)
				}
				got := pageURLs(res)
				if len(got) != opts.MaxPages && opts.MaxDepth == 0 {
					t.Fatalf("run %d: %d pages, want MaxPages = %d", run, len(got), opts.MaxPages)
				}
				if run == 0 {
					first, firstSkipped = got, res.Skipped
					continue
				}
				if !slices.Equal(got, first) || res.Skipped != firstSkipped {
					var extra, missing []string
					for _, u := range got {
						if !slices.Contains(first, u) {
							extra = append(extra, strings.TrimPrefix(u, srv.URL))
						}
					}
					for _, u := range first {
						if !slices.Contains(got, u) {
							missing = append(missing, strings.TrimPrefix(u, srv.URL))
						}
					}
					t.Fatalf("run %d fetched another set than run 0: %d more (%v), %d fewer (%v); skipped %d, run 0 skipped %d",
						run, len(extra), trimList(extra), len(missing), trimList(missing), res.Skipped, firstSkipped)
				}
			}
		})
	}
}

// A URL robots.txt forbids is skipped without taking one of the
// --max-pages slots: the cap counts URLs fetched.
func TestRobotsBlockedURLTakesNoSlot(t *testing.T) {
	f := newFixture(t, false, map[string]http.HandlerFunc{
		"/robots.txt": text("text/plain", "User-agent: *\nDisallow: /a\n"),
		"/":           page(`<a href="/a">a</a> <a href="/b">b</a> <a href="/c">c</a> <a href="/d">d</a>`),
		"/b":          page(`b`),
		"/c":          page(`c`),
		"/d":          page(`d`),
	})
	res := crawl(t, f, f.srv.URL, Options{MaxPages: 3, NoSitemaps: true})
	if got, want := pageURLs(res), []string{f.url("/"), f.url("/b"), f.url("/c")}; !slices.Equal(got, want) {
		t.Errorf("pages %v, want %v", got, want)
	}
	if res.Skipped != 2 || res.Complete { // /a (robots.txt), /d (the cap)
		t.Errorf("Skipped %d Complete %v, want 2 and false", res.Skipped, res.Complete)
	}
}

// Progress reports done and queued that never decrease, in the order the
// callback sees them, and its last call reports as done the number of
// URLs the crawl recorded.
func TestCrawlProgressIsMonotonic(t *testing.T) {
	srv := jitterSite(t, 20, 6)
	for _, opts := range []Options{{}, {MaxPages: 50}, {MaxDepth: 1}} {
		type call struct{ done, queued int }
		var mu sync.Mutex
		var calls []call
		opts.Concurrency, opts.Timeout = 8, 5*time.Second
		opts.Progress = func(done, queued int) {
			mu.Lock()
			calls = append(calls, call{done, queued})
			mu.Unlock()
		}
		res, err := New(opts).Gather(context.Background(), srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		if len(calls) == 0 {
			t.Fatalf("MaxPages %d MaxDepth %d: Progress never called", opts.MaxPages, opts.MaxDepth)
		}
		for i := 1; i < len(calls); i++ {
			if calls[i].done < calls[i-1].done || calls[i].queued < calls[i-1].queued {
				t.Fatalf("MaxPages %d MaxDepth %d: call %d %+v after %+v: went backwards", opts.MaxPages, opts.MaxDepth, i, calls[i], calls[i-1])
			}
		}
		last := calls[len(calls)-1]
		if last.done != len(res.Pages) || last.queued < last.done {
			t.Errorf("MaxPages %d MaxDepth %d: last call %+v, want done = %d pages recorded and queued >= done",
				opts.MaxPages, opts.MaxDepth, last, len(res.Pages))
		}
		if res.Complete && last.queued != last.done {
			t.Errorf("complete crawl: last call %+v, want queued = done", last)
		}
	}
}
