// Package crawler is privaudit's static gatherer: it crawls a site with
// colly over HTTP and returns a record (package record) of every page, the
// cookies and security headers the responses send, and the plain-HTTP
// probe. What a page says is read by package extract; which URLs belong to
// the site is decided by package scope. It is the only package that
// imports colly.
//
// The crawler resolves and de-duplicates links itself before handing them
// to colly, reads robots.txt once per host, reuses the start page it read
// to find the origin, and runs a bounded pool of workers, so that it never
// fetches a page twice, never has more than Concurrency requests in flight
// and never holds more than Concurrency+GOMAXPROCS documents in memory at
// once (plus the few policy pages it keeps for the documents stage): a
// worker gives its request slot back once the body is read, and parses
// the page while another worker fetches. It crawls breadth-first, one
// depth level at a time: the pages of a level are fetched in parallel, and
// the links they hold are admitted to the next level only once the whole
// level is read, in order of depth then URL, so that the pages a page or
// depth limit lets in are the same on every run whatever the timing of
// the workers.
//
// A page longer than MaxBodySize is read in part, its first MaxBodySize
// bytes and its last ones (see tailWindow), and marked truncated.
package crawler

import (
	"cmp"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/gocolly/colly/v2"

	"github.com/privaudit/privaudit/extract"
	"github.com/privaudit/privaudit/polite"
	"github.com/privaudit/privaudit/record"
	"github.com/privaudit/privaudit/scope"
	"github.com/privaudit/privaudit/version"
)

// Errors that mean the site cannot be audited at all.
var (
	// ErrUnreachable wraps a failure to reach the start URL: a DNS failure,
	// a refused connection, a TLS error or a timeout.
	ErrUnreachable = errors.New("site unreachable")
	// ErrNotHTML means the start URL did not answer with an HTML page.
	ErrNotHTML = errors.New("start page is not HTML")
	// ErrRobotsDisallowed means robots.txt forbids fetching the start page.
	ErrRobotsDisallowed = errors.New("robots.txt forbids crawling the site")
)

// Options configure a crawl. The zero value of a field takes its default.
type Options struct {
	// MaxPages caps the number of URLs fetched (default 500).
	MaxPages int
	// MaxDepth caps the link depth from the start page (0: no limit).
	MaxDepth int
	// Concurrency is the number of requests in flight (default 8).
	Concurrency int
	// Timeout is the per-request timeout (default 20s).
	Timeout time.Duration
	// MaxBodySize caps the bytes of one response read whole (default 5
	// MiB). Of a longer page, the crawler also reads the last bytes (at
	// most 256 KiB, and at most MaxBodySize), where footers sit, and marks
	// the page truncated (record.Page.Truncated); a longer document
	// (Fetch) keeps its first MaxBodySize bytes and is marked truncated.
	MaxBodySize int
	// IgnoreRobots disables robots.txt.
	IgnoreRobots bool
	// IncludeSubdomains widens the scope to the registrable domain.
	IncludeSubdomains bool
	// Aliases are other host names of the same site.
	Aliases []string
	// NoSitemaps disables seeding from robots.txt and /sitemap.xml.
	NoSitemaps bool
	// UserAgent overrides the User-Agent header.
	UserAgent string
	// Transport overrides the HTTP transport (tests use it to trust a test
	// server's certificate).
	Transport http.RoundTripper
	// RootCAs, when set, are the certificate authorities trusted instead
	// of the system's (a staging site with its own CA: --ca-cert).
	RootCAs *x509.CertPool
	// Insecure skips the verification of certificates (--insecure).
	Insecure bool
	// Limiter keeps the crawl polite: at most its PerIP requests in flight
	// to one IP address, robots.txt's Crawl-delay between requests to one
	// host, bounded Retry-After waits. Crawls that share one (a batch)
	// share its per-IP limit. nil: a limiter of the crawl's own, with no
	// per-IP limit.
	Limiter *polite.Limiter
	// Progress, when set, is called after each URL recorded, one call at
	// a time: done is the number of URLs recorded so far, queued the number
	// of URLs admitted to be fetched so far (the start page included).
	// Neither ever decreases, and queued >= done. The last call reports the
	// crawl's final count: done = len(Crawl.Pages); when the crawl was
	// complete, queued = done too.
	Progress func(done, queued int)
}

func (o *Options) defaults() {
	if o.MaxPages <= 0 {
		o.MaxPages = 500
	}
	if o.Concurrency <= 0 {
		o.Concurrency = 8
	}
	if o.Timeout <= 0 {
		o.Timeout = 20 * time.Second
	}
	if o.MaxBodySize <= 0 {
		o.MaxBodySize = 5 << 20
	}
	if o.UserAgent == "" {
		o.UserAgent = version.UserAgent()
	}
}

// Crawler crawls one site with colly. It implements gather.Gatherer
// (Gather) and gather.Fetcher (Fetch). It is safe to use from one
// goroutine at a time.
type Crawler struct {
	opts        Options
	client      *http.Client
	rec         *cookieRecorder
	scope       *scope.Scope
	robotsCache robotsCache
}

// New returns a crawler with the given options.
func New(opts Options) *Crawler {
	opts.defaults()
	base := opts.Transport
	if base == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConnsPerHost = opts.Concurrency * 2
		t.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: opts.RootCAs, InsecureSkipVerify: opts.Insecure} //nolint:gosec // --insecure asks for it
		base = t
	}
	if opts.Limiter == nil {
		opts.Limiter = polite.New(0)
	}
	rec := newCookieRecorder(&polite.Transport{Next: base, Limiter: opts.Limiter})
	return &Crawler{
		opts:   opts,
		rec:    rec,
		client: &http.Client{Transport: rec, Timeout: opts.Timeout},
	}
}

// Gatherer is the name the records of this crawler carry.
const Gatherer = "static"

// Gather crawls the site that start belongs to and returns its record. The
// record's documents hold the bodies of the crawled pages that may be a
// policy; the documents stage (gather.Documents) adds the rest.
func (c *Crawler) Gather(ctx context.Context, start string) (*record.Crawl, error) {
	startURL, err := scope.ParseTarget(start)
	if err != nil {
		return nil, err
	}
	// robots.txt is asked before the first request for a page.
	if !c.allowed(ctx, startURL) {
		return nil, fmt.Errorf("%s: %w", startURL, ErrRobotsDisallowed)
	}
	first, err := c.resolveStart(ctx, startURL)
	if err != nil {
		return nil, err
	}
	final := first.url
	if !c.allowed(ctx, final) {
		return nil, fmt.Errorf("%s: %w", final, ErrRobotsDisallowed)
	}
	c.scope = scope.New(final, c.opts.Aliases, c.opts.IncludeSubdomains)
	res := &record.Crawl{
		Version: record.Version, Gatherer: Gatherer,
		Start: start, Origin: c.scope.Origin().String(), StartURL: scope.Normalize(final).String(), Complete: true,
		Scope:  record.ScopeSettings{Aliases: c.opts.Aliases, IncludeSubdomains: c.opts.IncludeSubdomains},
		Limits: record.Limits{MaxPages: c.opts.MaxPages, MaxDepth: c.opts.MaxDepth, Concurrency: c.opts.Concurrency},
	}

	run := newRun(c, ctx, res)
	// The sitemaps are read while the start page is. Their pages are of
	// depth 1, admitted with the start page's links.
	var seeds []string
	seeded := make(chan struct{})
	go func() {
		defer close(seeded)
		if !c.opts.NoSitemaps {
			seeds = c.sitemapSeeds(ctx, res)
		}
	}()
	// The start page was read to find the origin: it is the crawl's first
	// page, not fetched again.
	run.startPage(first)
	<-seeded
	run.collect(seeds, 1)
	run.crawl()
	if ctx.Err() != nil {
		res.Complete = false
	}
	res.Pages = run.allPages()
	sort.Slice(res.Pages, func(i, j int) bool { return res.Pages[i].URL < res.Pages[j].URL })
	res.Documents = run.docs
	sort.Slice(res.Documents, func(i, j int) bool { return res.Documents[i].URL < res.Documents[j].URL })
	res.Cookies = c.rec.Cookies()
	for _, p := range res.Pages {
		if p.Error != "" || p.Status >= 400 {
			res.Errors++
		}
	}
	for _, p := range res.Pages {
		if p.Truncated {
			res.Truncated++
		}
	}
	res.Skipped = int(run.skipped.Load())
	if run.limited || run.deepSkipped > 0 {
		res.Complete = false
	}
	res.HTTPProbe = c.probeHTTP(ctx, final)
	return res, nil
}

// startResponse is the start page as resolveStart read it.
type startResponse struct {
	url         *url.URL
	status      int
	contentType string
	hsts        string
	fetchedAt   *time.Time
	// body is the page as UTF-8, its first MaxBodySize bytes when cut;
	// tail its last bytes when cut (nil when not read).
	body []byte
	tail []byte
	cut  bool
	// via are the URLs asked for on the way (the start URL, meta-refresh
	// hops): the crawl does not fetch them again.
	via []*url.URL
}

// resolveStart follows the start URL's redirects to find the canonical
// origin, and checks that the start page is HTML.
func (c *Crawler) resolveStart(ctx context.Context, u *url.URL) (*startResponse, error) {
	// A start page that meta-refreshes elsewhere at once is a redirect too
	// (hosting placeholders, "moved" pages): follow up to three.
	var via []*url.URL
	for hop := 0; ; hop++ {
		sr, err := c.getStart(ctx, u)
		if err != nil {
			return nil, err
		}
		via = append(via, u)
		sr.via = via
		if hop == 3 {
			return sr, nil
		}
		doc, err := extract.ParseHTML(sr.body)
		if err != nil {
			return sr, nil
		}
		target := extract.RefreshTarget(doc, sr.url)
		if target == "" {
			return sr, nil
		}
		next, err := url.Parse(target)
		if err != nil {
			return sr, nil
		}
		u = next
	}
}

// getStart fetches the start page and checks that it is HTML.
func (c *Crawler) getStart(ctx context.Context, u *url.URL) (*startResponse, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, &scope.TargetError{Target: u.String(), Reason: err.Error()}
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	req.Header.Set("Accept", acceptHTML)
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %w", u, ErrUnreachable, netError{err})
	}
	defer resp.Body.Close()
	final := resp.Request.URL
	if resp.StatusCode >= 400 {
		return nil, fmt.Errorf("%s: %w: HTTP %d", final, ErrUnreachable, resp.StatusCode)
	}
	ct := resp.Header.Get("Content-Type")
	if !extract.IsHTML(ct) {
		return nil, fmt.Errorf("%s: %w (Content-Type %q)", final, ErrNotHTML, ct)
	}
	body, tail, cut, err := readCut(resp.Body, c.opts.MaxBodySize, tailWindow)
	if err != nil {
		return nil, fmt.Errorf("%s: %w: reading the start page: %w", u, ErrUnreachable, netError{err})
	}
	sr := &startResponse{url: final, status: resp.StatusCode, contentType: ct, fetchedAt: now(), cut: cut}
	sr.body, sr.tail = pageText(body, tail, cut, ct)
	if final.Scheme == "https" {
		sr.hsts = resp.Header.Get("Strict-Transport-Security")
	}
	return sr, nil
}

// now returns the current time in UTC, to the millisecond, as records
// keep it.
func now() *time.Time {
	t := time.Now().UTC().Truncate(time.Millisecond)
	return &t
}

// acceptHTML is the Accept header of page requests.
const acceptHTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"

// netError is a transport error that reads as a short phrase
// (describeNetError) and still unwraps to the cause.
type netError struct{ err error }

func (e netError) Error() string { return describeNetError(e.err) }
func (e netError) Unwrap() error { return e.err }

// describeNetError turns a transport error into a short phrase.
func describeNetError(err error) string {
	var dnsErr *net.DNSError
	var opErr *net.OpError
	var certErr *tls.CertificateVerificationError
	var recErr tls.RecordHeaderError
	switch {
	case errors.As(err, &dnsErr):
		return "DNS lookup failed for " + dnsErr.Name
	case errors.As(err, &certErr):
		return "TLS certificate error: " + certErr.Err.Error() + " (a site with its own certificate authority: --ca-cert FILE, or --insecure)"
	case errors.As(err, &recErr), strings.Contains(err.Error(), "server gave HTTP response to HTTPS client"):
		return "the server answered in plain HTTP, not HTTPS (try http://)"
	case errors.Is(err, context.DeadlineExceeded):
		return "timed out"
	case errors.As(err, &opErr) && opErr.Op == "dial":
		return "connection failed: " + opErr.Err.Error()
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

// run is the state of one crawl. The crawl goes level by level (see
// crawl): while a level is fetched, the links its pages hold are collected
// in found; admit then lets the next level in, in order of depth then URL.
type run struct {
	c     *Crawler
	ctx   context.Context
	res   *record.Crawl
	colly *colly.Collector

	// seen holds the normalised URLs admitted (fetched, or skipped for
	// robots.txt or the page cap) and the final URLs of the redirects
	// followed: none is fetched again.
	seen sync.Map // normalised URL -> struct{}
	// found holds the links collected from the level being fetched that
	// were not seen: normalised URL -> the least depth it was found at
	// (an int). Most links of a page were collected from another page
	// already: collect finds them here, or in seen, before parsing them.
	found sync.Map
	// queued counts the URLs admitted to be fetched, the start page
	// included; skipped the in-scope URLs not fetched.
	queued  atomic.Int64
	skipped atomic.Int64

	// Only admit, between levels, uses these. tooDeep holds the URLs
	// skipped for --max-depth so far (one found too deep may turn up
	// again within reach: through a meta refresh, which keeps the depth),
	// and deepSkipped counts them; limited is set when the page cap left a
	// URL out.
	tooDeep     map[string]struct{}
	deepSkipped int
	limited     bool

	startURL string

	// slots holds a token for each request in flight (at most
	// Concurrency); a worker takes one to fetch a page and gives it back
	// once the body is read, before parsing it.
	slots chan struct{}
	// cache remembers what the patterns of extract found in the text the
	// pages repeat (a footer), and holds the strings the records repeat
	// once: see extract.Cache.
	cache *extract.Cache

	// wanted holds the privacy and cookie-policy link targets seen so far
	// (normalised): a page fetched at such a URL keeps its body as a
	// document, so that the policy is not fetched twice.
	wanted sync.Map

	pagesMu sync.Mutex
	// pages are the pages recorded, in chunks of at most pageChunk (a
	// slice doubled as it grows would hold up to twice the pages' memory),
	// and npages their number.
	pages  [][]record.Page
	npages int
	docs   []record.Document
	// progressMu keeps the Progress calls in the order of the pages.
	progressMu sync.Mutex
}

type item struct {
	url   string
	depth int
}

func newRun(c *Crawler, ctx context.Context, res *record.Crawl) *run {
	r := &run{c: c, ctx: ctx, res: res, startURL: res.StartURL, tooDeep: map[string]struct{}{},
		slots: make(chan struct{}, c.opts.Concurrency), cache: extract.NewCache()}
	opts := []colly.CollectorOption{
		colly.UserAgent(c.opts.UserAgent),
		colly.StdlibContext(ctx),
		colly.ParseHTTPErrorResponse(),
	}
	col := colly.NewCollector(opts...)
	// robots.txt is read once per host by the crawler itself (robots.go),
	// not again by colly.
	col.IgnoreRobotsTxt = true
	// The crawl admits each URL once: colly need not remember them.
	col.AllowURLRevisit = true
	// The cutting transport reads MaxBodySize bytes of a body and the tail
	// of a longer page, and notes the cut; colly, which cuts silently and
	// would stop reading before the cut shows, is given no limit.
	col.MaxBodySize = 0
	col.SetClient(&http.Client{
		Transport: &cuttingTransport{next: c.client.Transport, limit: c.opts.MaxBodySize, window: tailWindow},
		Timeout:   c.opts.Timeout,
	})
	col.SetRedirectHandler(func(req *http.Request, via []*http.Request) error {
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		if !c.scope.Contains(c.scope.Canonical(req.URL)) {
			return http.ErrUseLastResponse
		}
		return nil
	})
	col.OnResponseHeaders(r.onHeaders)
	col.OnResponse(r.onResponse)
	col.OnError(r.onError)
	r.colly = col
	return r
}

// startPage records the start page from the response resolveStart read,
// and collects its links.
func (r *run) startPage(sr *startResponse) {
	r.seen.Store(r.startURL, struct{}{})
	for _, u := range sr.via {
		r.seen.LoadOrStore(scope.Normalize(r.c.scope.Canonical(u)).String(), struct{}{})
	}
	r.queued.Add(1)
	p := record.Page{URL: r.startURL, FinalURL: r.startURL, Status: sr.status, ContentType: sr.contentType, HSTS: sr.hsts, FetchedAt: sr.fetchedAt, Truncated: sr.cut}
	r.process(p, sr.body, sr.tail, sr.url)
}

// crawl fetches the site level by level, until no link is left to admit
// or ctx ends. Within a level, workers fetch the URLs in the order admit
// gave them, Concurrency at a time; GOMAXPROCS more workers let pages be
// parsed while as many requests as ever are in flight.
func (r *run) crawl() {
	workers := r.c.opts.Concurrency + runtime.GOMAXPROCS(0)
	for r.ctx.Err() == nil {
		level := r.admit()
		if len(level) == 0 {
			return
		}
		var next atomic.Int64
		var wg sync.WaitGroup
		for range min(workers, len(level)) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					i := int(next.Add(1)) - 1
					if i >= len(level) {
						return
					}
					if r.ctx.Err() != nil {
						// Cut short by --max-time or an interrupt.
						r.skipped.Add(1)
						continue
					}
					r.fetch(level[i])
				}
			}()
		}
		wg.Wait()
	}
}

// collect adds the in-scope links of a page, not seen yet, to the next
// level at the given depth.
func (r *run) collect(links []string, depth int) {
	for _, raw := range links {
		// Most links are written as the normalised URL of a page already
		// seen, or already collected from another page of the level at
		// no greater depth: skip them without parsing.
		if _, ok := r.seen.Load(raw); ok {
			continue
		}
		if d, ok := r.found.Load(raw); ok && d.(int) <= depth {
			continue
		}
		u, err := url.Parse(raw)
		if err != nil {
			continue
		}
		u = scope.Normalize(r.c.scope.Canonical(u))
		if !r.c.scope.Contains(u) {
			continue
		}
		key := u.String()
		if _, ok := r.seen.Load(key); ok {
			continue
		}
		// Keep the least depth the link was found at.
		for {
			d, loaded := r.found.LoadOrStore(key, depth)
			if !loaded || d.(int) <= depth || r.found.CompareAndSwap(key, d, depth) {
				break
			}
		}
	}
}

// admit turns the links collected from the last level into the next one:
// those not seen, in order of depth then URL, each skipped when too deep,
// over the page cap or forbidden by robots.txt. It runs between levels,
// when no worker is fetching, so that what it admits depends only on the
// pages read, never on the order the workers read them in.
func (r *run) admit() []item {
	var cands []item
	r.found.Range(func(u, d any) bool {
		if _, ok := r.seen.Load(u); !ok {
			cands = append(cands, item{url: u.(string), depth: d.(int)})
		}
		return true
	})
	r.found.Clear()
	slices.SortFunc(cands, func(a, b item) int {
		if a.depth != b.depth {
			return cmp.Compare(a.depth, b.depth)
		}
		return strings.Compare(a.url, b.url)
	})
	var level []item
	for _, it := range cands {
		if r.c.opts.MaxDepth > 0 && it.depth > r.c.opts.MaxDepth {
			if _, ok := r.tooDeep[it.url]; !ok {
				r.tooDeep[it.url] = struct{}{}
				r.skipped.Add(1)
				r.deepSkipped++
			}
			continue
		}
		if _, ok := r.tooDeep[it.url]; ok {
			// Found too deep before, within reach now.
			delete(r.tooDeep, it.url)
			r.skipped.Add(-1)
			r.deepSkipped--
		}
		r.seen.Store(it.url, struct{}{})
		if r.queued.Load() >= int64(r.c.opts.MaxPages) {
			r.skipped.Add(1)
			r.limited = true
			continue
		}
		// A URL robots.txt forbids takes no slot of the cap.
		if u, err := url.Parse(it.url); err == nil && !r.c.allowed(r.ctx, u) {
			r.skipped.Add(1)
			continue
		}
		r.queued.Add(1)
		level = append(level, it)
	}
	return level
}

// fetch fetches one admitted URL with colly; the callbacks record it. It
// holds a request slot until the response's body is read (the callbacks
// give it back then) or the request fails.
func (r *run) fetch(it item) {
	select {
	case r.slots <- struct{}{}:
	case <-r.ctx.Done():
		r.skipped.Add(1)
		return
	}
	sl := &slot{slots: r.slots}
	ctx := colly.NewContext()
	ctx.Put("depth", it.depth)
	ctx.Put("url", it.url)
	ctx.Put("slot", sl)
	err := r.colly.Request(http.MethodGet, it.url, nil, ctx, http.Header{"Accept": {acceptHTML}})
	sl.release()
	switch {
	case err == nil || ctx.Get("recorded") != "":
		// Recorded by the callbacks.
	case r.ctx.Err() != nil:
		// Cut short by --max-time or an interrupt: not fetched, not broken.
		r.skipped.Add(1)
	default:
		r.addPage(record.Page{URL: it.url, FinalURL: it.url, Depth: it.depth, Error: describeNetError(err)})
	}
}

func (r *run) onHeaders(resp *colly.Response) {
	ct := resp.Headers.Get("Content-Type")
	resp.Ctx.Put("status", resp.StatusCode)
	resp.Ctx.Put("contentType", ct)
	resp.Ctx.Put("final", resp.Request.URL.String())
	if resp.StatusCode < 300 && !extract.IsHTML(ct) {
		resp.Request.Abort()
	}
}

func (r *run) basePage(resp *colly.Response) record.Page {
	depth, _ := resp.Ctx.GetAny("depth").(int)
	p := record.Page{
		URL:         resp.Ctx.Get("url"),
		FinalURL:    scope.Normalize(resp.Request.URL).String(),
		Status:      resp.StatusCode,
		ContentType: resp.Ctx.Get("contentType"),
		Depth:       depth,
		FetchedAt:   now(),
	}
	if p.Status == 0 {
		p.Status, _ = resp.Ctx.GetAny("status").(int)
	}
	if resp.Headers != nil {
		p.ContentType = resp.Headers.Get("Content-Type")
		if resp.Request.URL.Scheme == "https" {
			p.HSTS = resp.Headers.Get("Strict-Transport-Security")
		}
	}
	// A record holds the strings that every page repeats once.
	p.ContentType, p.HSTS = r.cache.Intern(p.ContentType), r.cache.Intern(p.HSTS)
	if p.FinalURL == p.URL {
		p.FinalURL = p.URL
	}
	return p
}

// slot is the request slot a fetch holds; release gives it back, once.
// The callbacks that release it run on the goroutine of the fetch.
type slot struct {
	slots    chan struct{}
	released bool
}

func (s *slot) release() {
	if !s.released {
		s.released = true
		<-s.slots
	}
}

// releaseSlot gives back the request slot of a response whose body is
// read.
func releaseSlot(ctx *colly.Context) {
	if sl, ok := ctx.GetAny("slot").(*slot); ok {
		sl.release()
	}
}

func (r *run) onResponse(resp *colly.Response) {
	// colly has read the whole body: parsing needs no request slot.
	releaseSlot(resp.Ctx)
	resp.Ctx.Put("recorded", "1")
	p := r.basePage(resp)
	if p.Status >= 300 && p.Status < 400 {
		p.Error = "redirects off-site to " + resp.Headers.Get("Location")
		r.addPage(p)
		return
	}
	if p.Status >= 400 || !extract.IsHTML(p.ContentType) {
		r.addPage(p)
		return
	}
	var rawTail []byte
	p.Truncated, rawTail = cutOf(*resp.Headers)
	body, tail := pageText(resp.Body, rawTail, p.Truncated, p.ContentType)
	r.process(p, body, tail, resp.Request.URL)
}

// process reads an HTML page (body, and tail when the page was cut and its
// end read; both UTF-8): it extracts the page's record, keeps the body when
// the page may be a policy, and collects the page's links.
func (r *run) process(p record.Page, body, tail []byte, final *url.URL) {
	doc, err := extract.ParseHTML(body)
	if err != nil {
		p.Error = "unparsable HTML: " + err.Error()
		r.addPage(p)
		return
	}
	var tailDoc *goquery.Document
	if tail != nil {
		// ParseHTML fails only when reading fails, which bytes do not.
		tailDoc, _ = extract.ParseTail(tail)
	}
	p.HTML = true
	p.Info = r.cache.ExtractCut(doc, tailDoc, final)
	links := p.Info.Links
	p.Info.Links = nil
	// The final URL of a redirect is a page of its own: mark it seen.
	if p.FinalURL != p.URL {
		r.seen.LoadOrStore(p.FinalURL, struct{}{})
	}
	for _, list := range [][]string{p.PrivacyLinks, p.CookiePolicyLinks} {
		for _, l := range list {
			if u, err := url.Parse(l); err == nil {
				r.wanted.Store(scope.Normalize(r.c.scope.Canonical(u)).String(), struct{}{})
			}
		}
	}
	r.keep(p, body, final)
	r.addPage(p)
	if p.RefreshTo != "" {
		// A meta-refresh page is a redirect: its target is at the same depth.
		r.collect([]string{p.RefreshTo}, p.Depth)
	}
	r.collect(links, p.Depth+1)
}

// maxKeptDocuments caps the page bodies a crawl keeps as documents.
const maxKeptDocuments = 8

// keep records the body of a page that may be a policy: a privacy or
// cookie-policy link led to it, or its path names a policy.
func (r *run) keep(p record.Page, body []byte, final *url.URL) {
	if p.Status != http.StatusOK || p.RefreshTo != "" {
		return
	}
	_, wanted := r.wanted.Load(p.URL)
	if !wanted && !extract.LooksLikePolicyPath(final.Path) {
		return
	}
	r.pagesMu.Lock()
	defer r.pagesMu.Unlock()
	if len(r.docs) < maxKeptDocuments {
		r.docs = append(r.docs, record.Document{URL: p.URL, FinalURL: p.FinalURL, Status: p.Status, ContentType: p.ContentType, Body: string(body), Truncated: p.Truncated})
	}
}

func (r *run) onError(resp *colly.Response, err error) {
	if resp == nil || resp.Ctx == nil || resp.Ctx.Get("url") == "" {
		return
	}
	releaseSlot(resp.Ctx)
	if r.ctx.Err() != nil && errors.Is(err, r.ctx.Err()) {
		// Cut short: fetch counts it as skipped.
		return
	}
	if errors.Is(err, colly.ErrRobotsTxtBlocked) {
		return
	}
	resp.Ctx.Put("recorded", "1")
	p := r.basePage(resp)
	if errors.Is(err, colly.ErrAbortedAfterHeaders) {
		// A non-HTML response, recorded without reading its body.
		r.addPage(p)
		return
	}
	if p.Status >= 400 {
		// ParseHTTPErrorResponse hands error pages to onResponse as well.
		return
	}
	p.Error = describeNetError(err)
	r.addPage(p)
}

// pageChunk is the most pages a chunk of run.pages holds.
const pageChunk = 512

// allPages returns the pages recorded, in one slice of their size.
func (r *run) allPages() []record.Page {
	r.pagesMu.Lock()
	defer r.pagesMu.Unlock()
	if r.npages == 0 {
		return nil
	}
	all := make([]record.Page, 0, r.npages)
	for _, c := range r.pages {
		all = append(all, c...)
	}
	r.pages = nil
	return all
}

// addPage records a page and reports the progress: the Progress calls
// are made one at a time, in the order the pages were recorded, so that
// done rises by one at each call.
func (r *run) addPage(p record.Page) {
	r.pagesMu.Lock()
	if len(r.pages) == 0 || len(r.pages[len(r.pages)-1]) == cap(r.pages[len(r.pages)-1]) {
		// Chunks grow with the crawl, up to pageChunk pages.
		r.pages = append(r.pages, make([]record.Page, 0, min(pageChunk, max(16, r.npages))))
	}
	last := &r.pages[len(r.pages)-1]
	*last = append(*last, p)
	r.npages++
	done := r.npages
	if r.c.opts.Progress == nil {
		r.pagesMu.Unlock()
		return
	}
	r.progressMu.Lock()
	r.pagesMu.Unlock()
	defer r.progressMu.Unlock()
	// queued only grows, between levels, after the start page is counted.
	r.c.opts.Progress(done, int(r.queued.Load()))
}
