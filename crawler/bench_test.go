package crawler

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/privaudit/privaudit/extract"
	"github.com/privaudit/privaudit/internal/synthsite"
	"github.com/privaudit/privaudit/record"
)

// The benchmarks crawl the synthetic site of internal/synthsite, served from
// memory on 127.0.0.1, and compare the crawler with a baseline measured in
// the same run: a plain keep-alive fetch + goquery parse loop with 8 workers
// over the same pages, no colly, no link handling, no extraction. That loop
// is the ceiling a crawler could reach on this machine; the ratio
// crawl/baseline is the figure to watch (absolute pages/s drift from machine
// to machine).
//
//	make bench
//	go test -run '^$' -bench . -benchmem -benchtime 3x ./crawler/

const benchPageBytes = synthsite.DefaultPageBytes

// crawlSynth crawls the synthetic site once and checks that every page was
// fetched exactly once.
func crawlSynth(tb testing.TB, site *synthsite.Site, base string, opts Options) (*record.Crawl, time.Duration) {
	tb.Helper()
	site.Reset()
	if opts.MaxPages == 0 {
		opts.MaxPages = site.N() + 100
	}
	c := New(opts)
	t0 := time.Now()
	res, err := c.Gather(context.Background(), base)
	elapsed := time.Since(t0)
	if err != nil {
		tb.Fatalf("Crawl: %v", err)
	}
	if t, ok := c.rec.next.(*http.Transport); ok {
		t.CloseIdleConnections()
	}
	if len(res.Pages) != site.N() {
		tb.Fatalf("crawled %d pages, want %d", len(res.Pages), site.N())
	}
	// The crawler reads the start page once before the crawl: "/" twice.
	if dup, missing := site.Duplicates("/"); len(dup) > 0 || len(missing) > 0 {
		tb.Fatalf("duplicate fetches %v, pages never fetched %v", trimList(dup), trimList(missing))
	}
	return res, elapsed
}

func trimList(l []string) []string {
	if len(l) > 10 {
		return append(l[:10:10], "...")
	}
	return l
}

// fetchParse is the baseline: 8 workers fetch every page over keep-alive
// connections and parse it with goquery.
func fetchParse(tb testing.TB, client *http.Client, base string, paths []string) time.Duration {
	tb.Helper()
	var next atomic.Int64
	var failed atomic.Value
	var wg sync.WaitGroup
	t0 := time.Now()
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(paths) {
					return
				}
				resp, err := client.Get(base + paths[i])
				if err != nil {
					failed.Store(err)
					return
				}
				doc, err := goquery.NewDocumentFromReader(resp.Body)
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if err != nil || doc.Find("a[href]").Length() == 0 {
					failed.Store(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(t0)
	if err := failed.Load(); err != nil {
		tb.Fatalf("baseline fetch failed: %v", err)
	}
	return elapsed
}

func baselineClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 16
	return &http.Client{Transport: t, Timeout: 20 * time.Second}
}

// benchCrawl crawls an n-page site once per iteration and runs the baseline
// after each crawl.
func benchCrawl(b *testing.B, n int) {
	site, srv := startSynth(b, n, benchPageBytes)
	client := baselineClient()
	defer client.CloseIdleConnections()
	paths := site.Paths()
	// Warm up both (connections, lazily built regexps, page pools).
	fetchParse(b, client, srv.URL, paths[:min(200, len(paths))])

	var crawlTime, baseTime time.Duration
	var pages, basePages int
	b.ResetTimer()
	for b.Loop() {
		res, d := crawlSynth(b, site, srv.URL, Options{Concurrency: 8, Timeout: 20 * time.Second})
		crawlTime += d
		pages += len(res.Pages)

		b.StopTimer()
		baseTime += fetchParse(b, client, srv.URL, paths)
		basePages += len(paths)
		b.StartTimer()
	}
	crawlRate := float64(pages) / crawlTime.Seconds()
	baseRate := float64(basePages) / baseTime.Seconds()
	b.ReportMetric(crawlRate, "pages/s")
	b.ReportMetric(baseRate, "baseline-pages/s")
	b.ReportMetric(crawlRate/baseRate, "ratio-vs-fetch-parse")
}

// BenchmarkCrawl2000 crawls 2,000 pages of about 20 KB with 20-40 links
// each, against the fetch+parse baseline.
func BenchmarkCrawl2000(b *testing.B) { benchCrawl(b, 2000) }

// BenchmarkExtract times Extract alone on a parsed 20 KB page, against
// goquery's parse of the same page.
func BenchmarkExtract(b *testing.B) {
	site := synthsite.New(2000, benchPageBytes)
	page := site.Render(nil, 17)
	base, _ := url.Parse("http://127.0.0.1:8080" + site.Path(17))
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(page))
	if err != nil {
		b.Fatal(err)
	}
	const reps = 200 // per iteration, so that -benchtime 3x still measures
	var parseTime, extractTime time.Duration
	b.SetBytes(int64(len(page)) * reps)
	for b.Loop() {
		t0 := time.Now()
		for i := 0; i < reps; i++ {
			d, err := goquery.NewDocumentFromReader(bytes.NewReader(page))
			if err != nil || d == nil {
				b.Fatal(err)
			}
		}
		t1 := time.Now()
		for i := 0; i < reps; i++ {
			if info := extract.Extract(doc, base); len(info.PrivacyLinks) != 1 {
				b.Fatalf("privacy links %v", info.PrivacyLinks)
			}
		}
		t2 := time.Now()
		parseTime += t1.Sub(t0)
		extractTime += t2.Sub(t1)
	}
	b.ReportMetric(float64(parseTime.Microseconds())/float64(b.N*reps), "parse-µs/page")
	b.ReportMetric(float64(extractTime.Microseconds())/float64(b.N*reps), "extract-µs/page")
	b.ReportMetric(float64(extractTime)/float64(parseTime), "ratio-extract-vs-parse")
}

// benchRetained crawls an n-page site once and reports the heap the record.Crawl
// retains per page (after GC, the crawler and its colly collector gone) and
// the crawl's pages/s. The crawl runs in the first iteration only: a
// 20,000-page crawl takes tens of seconds, and one is enough for a memory
// figure, so ns/op means nothing here; read retained-B/page and pages/s.
func benchRetained(b *testing.B, n int) {
	site, srv := startSynth(b, n, benchPageBytes)
	var perPage, rate float64
	measured := false
	for b.Loop() {
		if measured {
			continue
		}
		measured = true
		before := heapAfterGC()
		res, d := crawlSynth(b, site, srv.URL, Options{Concurrency: 8})
		after := heapAfterGC()
		perPage = float64(int64(after)-int64(before)) / float64(len(res.Pages))
		rate = float64(len(res.Pages)) / d.Seconds()
		keepAlive(res)
	}
	b.ReportMetric(perPage, "retained-B/page")
	b.ReportMetric(rate, "pages/s")
}

// BenchmarkRetained2000 reports retained bytes per page for 2,000 pages.
func BenchmarkRetained2000(b *testing.B) { benchRetained(b, 2000) }

// BenchmarkRetained20000 reports retained bytes per page for 20,000 pages
// (one crawl: 20-70 s on a 2-core machine; skipped with -short).
func BenchmarkRetained20000(b *testing.B) {
	if testing.Short() {
		b.Skip("20,000-page crawl skipped in -short mode")
	}
	benchRetained(b, 20000)
}
