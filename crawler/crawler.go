// Package crawler is privaudit's static gatherer: it crawls a site with
// colly over HTTP and returns a record (package record) of every page, the
// cookies and security headers the responses send, and the plain-HTTP
// probe. What a page says is read by package extract; which URLs belong to
// the site is decided by package scope. It is the only package that
// imports colly.
//
// The crawler resolves and de-duplicates links itself (one atomic
// load-or-store on a set) before handing them to colly, reads robots.txt
// once per host, reuses the start page it read to find the origin, and
// runs a bounded pool of workers, so that it never fetches a page twice
// and never holds more than Concurrency documents in memory at once (plus
// the few policy pages it keeps for the documents stage).
package crawler

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/privaudit/privaudit/extract"
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
	// MaxBodySize caps the bytes read of one response (default 5 MiB).
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
	// Progress, when set, is called after each fetched URL.
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
		t.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
		base = t
	}
	rec := newCookieRecorder(base)
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
	// The start page was read to find the origin: it is the crawl's first
	// page, not fetched again.
	run.startPage(first)
	run.start()
	if !c.opts.NoSitemaps {
		for _, u := range c.sitemapSeeds(ctx, res) {
			run.enqueue(u, 1)
		}
	}
	run.wait()
	if ctx.Err() != nil {
		res.Complete = false
	}
	res.Pages = run.pages
	sort.Slice(res.Pages, func(i, j int) bool { return res.Pages[i].URL < res.Pages[j].URL })
	res.Documents = run.docs
	sort.Slice(res.Documents, func(i, j int) bool { return res.Documents[i].URL < res.Documents[j].URL })
	res.Cookies = c.rec.Cookies()
	for _, p := range res.Pages {
		if p.Error != "" || p.Status >= 400 {
			res.Errors++
		}
	}
	res.Skipped = int(run.skipped.Load())
	if run.limited.Load() || run.deepSkipped.Load() > 0 {
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
	body        []byte
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
	body, err := io.ReadAll(io.LimitReader(resp.Body, int64(c.opts.MaxBodySize)))
	if err != nil {
		return nil, fmt.Errorf("%s: %w: reading the start page: %w", u, ErrUnreachable, netError{err})
	}
	final := resp.Request.URL
	if resp.StatusCode >= 400 {
		return nil, fmt.Errorf("%s: %w: HTTP %d", final, ErrUnreachable, resp.StatusCode)
	}
	ct := resp.Header.Get("Content-Type")
	if !extract.IsHTML(ct) {
		return nil, fmt.Errorf("%s: %w (Content-Type %q)", final, ErrNotHTML, ct)
	}
	sr := &startResponse{url: final, status: resp.StatusCode, contentType: ct, body: extract.ToUTF8(body, ct), fetchedAt: now()}
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
	switch {
	case errors.As(err, &dnsErr):
		return "DNS lookup failed for " + dnsErr.Name
	case errors.As(err, &certErr):
		return "TLS certificate error: " + certErr.Err.Error()
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

// run is the state of one crawl.
type run struct {
	c     *Crawler
	ctx   context.Context
	res   *record.Crawl
	colly *colly.Collector

	seen sync.Map // normalised URL -> struct{}
	// tooDeep holds the URLs skipped for --max-depth so far, and
	// deepSkipped counts them.
	tooDeep     sync.Map
	deepSkipped atomic.Int64
	queued      atomic.Int64
	done        atomic.Int64
	skipped     atomic.Int64
	limited     atomic.Bool

	startURL string

	// wanted holds the privacy and cookie-policy link targets seen so far
	// (normalised): a page fetched at such a URL keeps its body as a
	// document, so that the policy is not fetched twice.
	wanted sync.Map

	mu      sync.Mutex
	cond    *sync.Cond
	pending []item
	active  int
	closed  bool

	pagesMu sync.Mutex
	pages   []record.Page
	docs    []record.Document
	wg      sync.WaitGroup
}

type item struct {
	url   string
	depth int
}

func newRun(c *Crawler, ctx context.Context, res *record.Crawl) *run {
	r := &run{c: c, ctx: ctx, res: res, startURL: res.StartURL}
	r.cond = sync.NewCond(&r.mu)
	opts := []colly.CollectorOption{
		colly.UserAgent(c.opts.UserAgent),
		colly.MaxBodySize(c.opts.MaxBodySize),
		colly.StdlibContext(ctx),
		colly.ParseHTTPErrorResponse(),
	}
	col := colly.NewCollector(opts...)
	// robots.txt is read once per host by the crawler itself (robots.go),
	// not again by colly.
	col.IgnoreRobotsTxt = true
	col.SetClient(&http.Client{Transport: c.client.Transport, Timeout: c.opts.Timeout})
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

// start launches the workers.
func (r *run) start() {
	for i := 0; i < r.c.opts.Concurrency; i++ {
		r.wg.Add(1)
		go r.worker()
	}
}

// startPage records the start page from the response resolveStart read,
// and enqueues its links.
func (r *run) startPage(sr *startResponse) {
	r.seen.Store(r.startURL, struct{}{})
	for _, u := range sr.via {
		r.seen.LoadOrStore(scope.Normalize(r.c.scope.Canonical(u)).String(), struct{}{})
	}
	r.queued.Add(1)
	p := record.Page{URL: r.startURL, FinalURL: r.startURL, Status: sr.status, ContentType: sr.contentType, HSTS: sr.hsts, FetchedAt: sr.fetchedAt}
	r.process(p, sr.body, sr.url)
	n := r.done.Add(1)
	if r.c.opts.Progress != nil {
		r.c.opts.Progress(int(n), int(r.queued.Load()))
	}
}

// enqueue adds an in-scope URL to the frontier once.
func (r *run) enqueue(raw string, depth int) {
	u, err := url.Parse(raw)
	if err != nil {
		return
	}
	u = scope.Normalize(r.c.scope.Canonical(u))
	if !r.c.scope.Contains(u) {
		return
	}
	key := u.String()
	tooDeep := r.c.opts.MaxDepth > 0 && depth > r.c.opts.MaxDepth
	if _, loaded := r.seen.LoadOrStore(key, struct{}{}); loaded {
		// A URL first found beyond --max-depth may turn up again within
		// reach (workers run in parallel, so depth order is not kept).
		if tooDeep {
			return
		}
		if _, was := r.tooDeep.LoadAndDelete(key); !was {
			return
		}
		r.skipped.Add(-1)
		r.deepSkipped.Add(-1)
	} else if tooDeep {
		r.tooDeep.Store(key, struct{}{})
		r.skipped.Add(1)
		r.deepSkipped.Add(1)
		return
	}
	for {
		q := r.queued.Load()
		if q >= int64(r.c.opts.MaxPages) {
			r.skipped.Add(1)
			r.limited.Store(true)
			return
		}
		if r.queued.CompareAndSwap(q, q+1) {
			break
		}
	}
	r.mu.Lock()
	r.pending = append(r.pending, item{url: key, depth: depth})
	r.cond.Signal()
	r.mu.Unlock()
}

// wait blocks until the frontier is empty and every worker is idle.
func (r *run) wait() {
	r.mu.Lock()
	for len(r.pending) > 0 || r.active > 0 {
		if r.ctx.Err() != nil {
			break
		}
		r.cond.Wait()
	}
	r.closed = true
	r.cond.Broadcast()
	r.mu.Unlock()
	r.wg.Wait()
}

func (r *run) worker() {
	defer r.wg.Done()
	stop := context.AfterFunc(r.ctx, func() {
		r.mu.Lock()
		r.cond.Broadcast()
		r.mu.Unlock()
	})
	defer stop()
	for {
		r.mu.Lock()
		for len(r.pending) == 0 && !r.closed && r.ctx.Err() == nil {
			r.cond.Wait()
		}
		if r.closed || r.ctx.Err() != nil {
			r.mu.Unlock()
			return
		}
		it := r.pending[0]
		r.pending[0] = item{}
		r.pending = r.pending[1:]
		r.active++
		r.mu.Unlock()

		r.fetch(it)

		r.mu.Lock()
		r.active--
		r.cond.Broadcast()
		r.mu.Unlock()
	}
}

func (r *run) fetch(it item) {
	if u, err := url.Parse(it.url); err == nil && !r.c.allowed(r.ctx, u) {
		r.skipped.Add(1)
		r.done.Add(1)
		return
	}
	ctx := colly.NewContext()
	ctx.Put("depth", it.depth)
	ctx.Put("url", it.url)
	err := r.colly.Request(http.MethodGet, it.url, nil, ctx, http.Header{"Accept": {acceptHTML}})
	switch {
	case err != nil && r.ctx.Err() != nil:
		// Cut short by --max-time or an interrupt: not fetched, not broken.
		r.skipped.Add(1)
	case err != nil && ctx.Get("recorded") == "":
		var already *colly.AlreadyVisitedError
		if !errors.As(err, &already) {
			r.addPage(record.Page{URL: it.url, FinalURL: it.url, Depth: it.depth, Error: describeNetError(err)})
		}
	}
	n := r.done.Add(1)
	if r.c.opts.Progress != nil {
		r.c.opts.Progress(int(n), int(r.queued.Load()))
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
	return p
}

func (r *run) onResponse(resp *colly.Response) {
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
	r.process(p, extract.ToUTF8(resp.Body, p.ContentType), resp.Request.URL)
}

// process reads an HTML page: it extracts the page's record, keeps the body
// when the page may be a policy, and enqueues the page's links.
func (r *run) process(p record.Page, body []byte, final *url.URL) {
	doc, err := extract.ParseHTML(body)
	if err != nil {
		p.Error = "unparsable HTML: " + err.Error()
		r.addPage(p)
		return
	}
	p.HTML = true
	p.Info = extract.Extract(doc, final)
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
		r.enqueue(p.RefreshTo, p.Depth)
	}
	for _, l := range links {
		r.enqueue(l, p.Depth+1)
	}
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
		r.docs = append(r.docs, record.Document{URL: p.URL, FinalURL: p.FinalURL, Status: p.Status, ContentType: p.ContentType, Body: string(body)})
	}
}

func (r *run) onError(resp *colly.Response, err error) {
	if resp == nil || resp.Ctx == nil || resp.Ctx.Get("url") == "" {
		return
	}
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
	var already *colly.AlreadyVisitedError
	if errors.As(err, &already) {
		return
	}
	p.Error = describeNetError(err)
	r.addPage(p)
}

func (r *run) addPage(p record.Page) {
	r.pagesMu.Lock()
	r.pages = append(r.pages, p)
	r.pagesMu.Unlock()
}
