// Command mincolly is the minimal colly crawl that privaudit's crawl speed
// is compared with (see internal/bench and the performance notes): colly v2
// (the version of go.mod) in Async mode with Parallelism set to
// -concurrency, and a single OnHTML("a[href]") callback that resolves each
// href with net/url (e.Request.URL.Parse, not colly's WHATWG parser), keeps
// the links to the start URL's host, drops their fragment, de-duplicates
// them itself with a sync.Map LoadOrStore (colly's own visited check races
// under Async) and hands the new ones to c.Visit (not e.Request.Visit,
// which would resolve them again with the WHATWG parser). It fetches every
// page it reaches and extracts nothing else.
//
//	mincolly [-concurrency 8] URL
//
// It prints the number of pages fetched (responses received) on stdout, and
// the number of failed requests on stderr when there are any. It ignores
// robots.txt, as colly does by default.
package main

import (
	"flag"
	"fmt"
	"net/url"
	"os"
	"sync"
	"sync/atomic"

	"github.com/gocolly/colly/v2"
)

func main() {
	concurrency := flag.Int("concurrency", 8, "requests in flight (colly LimitRule.Parallelism)")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: mincolly [-concurrency N] URL")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	start, err := url.Parse(flag.Arg(0))
	if err != nil || start.Host == "" {
		fmt.Fprintf(os.Stderr, "mincolly: bad URL %q\n", flag.Arg(0))
		os.Exit(2)
	}
	if start.Path == "" {
		start.Path = "/"
	}
	start.Fragment = ""

	c := colly.NewCollector(colly.Async(true))
	if err := c.Limit(&colly.LimitRule{DomainGlob: "*", Parallelism: *concurrency}); err != nil {
		fmt.Fprintln(os.Stderr, "mincolly:", err)
		os.Exit(1)
	}

	var seen sync.Map
	var pages, failed atomic.Int64
	c.OnHTML("a[href]", func(e *colly.HTMLElement) {
		u, err := e.Request.URL.Parse(e.Attr("href"))
		if err != nil || u.Host != start.Host || (u.Scheme != "http" && u.Scheme != "https") {
			return
		}
		u.Fragment, u.RawFragment = "", ""
		s := u.String()
		if _, dup := seen.LoadOrStore(s, struct{}{}); dup {
			return
		}
		_ = c.Visit(s)
	})
	c.OnResponse(func(*colly.Response) { pages.Add(1) })
	c.OnError(func(*colly.Response, error) { failed.Add(1) })

	s := start.String()
	seen.Store(s, struct{}{})
	if err := c.Visit(s); err != nil {
		fmt.Fprintln(os.Stderr, "mincolly:", err)
		os.Exit(1)
	}
	c.Wait()
	if n := failed.Load(); n > 0 {
		fmt.Fprintf(os.Stderr, "mincolly: %d requests failed\n", n)
	}
	fmt.Println(pages.Load())
}
