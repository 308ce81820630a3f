// Package crawler fetches a website with colly and keeps a compact record of
// every page: the links that lead to its privacy policy, cookie policy and
// contact page, the contact details, forms and third-party hosts it shows,
// and the cookies and security headers its responses send.
//
// The crawler resolves and de-duplicates links itself (one atomic
// load-or-store on a set) before handing them to colly, and runs a bounded
// pool of workers, so that it never fetches a page twice and never holds
// more than Concurrency documents in memory at once.
package crawler

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/gocolly/colly/v2"
	"github.com/temoto/robotstxt"
	"golang.org/x/net/html"

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

// Result is what a crawl found.
type Result struct {
	// Start is the URL the crawl was asked to start from.
	Start string `json:"start"`
	// Origin is the site's canonical origin after redirects.
	Origin string `json:"origin"`
	// StartURL is the start page's final URL.
	StartURL string `json:"startUrl"`
	// Pages holds one record per fetched URL, sorted by URL.
	Pages []Page `json:"pages"`
	// Cookies are the cookies the site's responses set.
	Cookies []Cookie `json:"cookies"`
	// Errors counts URLs that failed or answered with an error status.
	Errors int `json:"errors"`
	// Skipped counts in-scope URLs not fetched: robots.txt, page or depth limit.
	Skipped int `json:"skipped"`
	// Complete is false when a limit or a cancellation cut the crawl short.
	Complete bool `json:"complete"`
	// HTTPProbe tells how the site answers plain http://.
	HTTPProbe *HTTPProbe `json:"httpProbe,omitempty"`
	// Sitemaps lists the sitemaps read.
	Sitemaps []string `json:"sitemaps,omitempty"`
}

// Crawler crawls one site. It is safe to use from one goroutine at a time.
type Crawler struct {
	opts   Options
	client *http.Client
	rec    *cookieRecorder
	scope  *Scope
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

// Scope returns the scope of the last crawl (nil before Crawl).
func (c *Crawler) Scope() *Scope { return c.scope }

// Client returns the crawler's HTTP client (its transport records cookies).
func (c *Crawler) Client() *http.Client { return c.client }

// Crawl fetches the site that start belongs to.
func (c *Crawler) Crawl(ctx context.Context, start string) (*Result, error) {
	startURL, err := ParseTarget(start)
	if err != nil {
		return nil, err
	}
	if err := c.checkRobots(ctx, startURL); err != nil {
		return nil, err
	}
	final, err := c.resolveStart(ctx, startURL)
	if err != nil {
		return nil, err
	}
	c.scope = NewScope(final, c.opts.Aliases, c.opts.IncludeSubdomains)
	res := &Result{Start: start, Origin: c.scope.Origin().String(), StartURL: Normalize(final).String(), Complete: true}

	run := newRun(c, ctx, res)
	if err := run.start(); err != nil {
		return nil, err
	}
	if !c.opts.NoSitemaps {
		for _, u := range c.sitemapSeeds(ctx, res) {
			run.enqueue(u, 1)
		}
	}
	run.wait()
	if ctx.Err() != nil {
		res.Complete = false
	}
	if run.startBlocked.Load() {
		return nil, fmt.Errorf("%s: %w", res.StartURL, ErrRobotsDisallowed)
	}
	res.Pages = run.pages
	sort.Slice(res.Pages, func(i, j int) bool { return res.Pages[i].URL < res.Pages[j].URL })
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

// ParseTarget validates the URL a user asked to audit. A bare host name
// ("example.org") is taken as https.
func ParseTarget(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return nil, &TargetError{Target: raw, Reason: "empty URL"}
	}
	if !strings.Contains(raw, "://") {
		// "mailto:x@y.org" names a scheme; "example.org:8080" a port.
		if m := schemePrefix.FindStringSubmatch(raw); m != nil && !isPort(m[2]) {
			return nil, &TargetError{Target: raw, Reason: fmt.Sprintf("unsupported scheme %q (use http or https)", strings.ToLower(m[1]))}
		}
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, &TargetError{Target: raw, Reason: "invalid URL"}
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, &TargetError{Target: raw, Reason: fmt.Sprintf("unsupported scheme %q (use http or https)", u.Scheme)}
	}
	if u.User != nil {
		return nil, &TargetError{Target: raw, Reason: "URLs with credentials are not audited"}
	}
	if u.Hostname() == "" || !validHost(u.Hostname()) {
		return nil, &TargetError{Target: raw, Reason: "invalid host"}
	}
	return u, nil
}

var schemePrefix = regexp.MustCompile(`^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$`)

// isPort reports whether rest (what follows "host:") starts with a port.
func isPort(rest string) bool {
	n := 0
	for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
		n++
	}
	return n > 0 && (n == len(rest) || rest[n] == '/' || rest[n] == '?' || rest[n] == '#')
}

// TargetError is an invalid audit target: a usage error.
type TargetError struct {
	Target, Reason string
}

// Error says which target is invalid and why.
func (e *TargetError) Error() string { return fmt.Sprintf("invalid target %q: %s", e.Target, e.Reason) }

// checkRobots asks the start host's robots.txt before the first request
// for a page (colly checks every later one). A robots.txt that cannot be
// read allows everything, as the convention says.
func (c *Crawler) checkRobots(ctx context.Context, u *url.URL) error {
	if c.opts.IgnoreRobots {
		return nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.Scheme+"://"+u.Host+"/robots.txt", nil)
	if err != nil {
		return nil
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	resp, err := c.client.Do(req)
	if err != nil {
		return nil // the start request reports an unreachable site
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		// No robots.txt (4xx), or a failing server (5xx) that the start
		// request will report.
		return nil
	}
	// Google reads the first 500 KiB of a robots.txt; so do we.
	body, err := io.ReadAll(io.LimitReader(resp.Body, 500<<10))
	if err != nil {
		return nil
	}
	robots, err := robotstxt.FromStatusAndBytes(resp.StatusCode, body)
	if err != nil {
		return nil
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	if !robots.TestAgent(path, c.opts.UserAgent) {
		return fmt.Errorf("%s: %w", u, ErrRobotsDisallowed)
	}
	return nil
}

// resolveStart follows the start URL's redirects to find the canonical
// origin, and checks that the start page is HTML.
func (c *Crawler) resolveStart(ctx context.Context, u *url.URL) (*url.URL, error) {
	// A start page that meta-refreshes elsewhere at once is a redirect too
	// (hosting placeholders, "moved" pages): follow up to three.
	for hop := 0; ; hop++ {
		final, body, err := c.getStart(ctx, u)
		if err != nil {
			return nil, err
		}
		if hop == 3 {
			return final, nil
		}
		doc, err := ParseHTML(body)
		if err != nil {
			return final, nil
		}
		target := RefreshTarget(doc, final)
		if target == "" {
			return final, nil
		}
		next, err := url.Parse(target)
		if err != nil {
			return final, nil
		}
		u = next
	}
}

// getStart fetches the start page and checks that it is HTML.
func (c *Crawler) getStart(ctx context.Context, u *url.URL) (*url.URL, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, nil, &TargetError{Target: u.String(), Reason: err.Error()}
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w: %s", u, ErrUnreachable, describeNetError(err))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, int64(c.opts.MaxBodySize)))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w: reading the start page: %s", u, ErrUnreachable, describeNetError(err))
	}
	final := resp.Request.URL
	if resp.StatusCode >= 400 {
		return nil, nil, fmt.Errorf("%s: %w: HTTP %d", final, ErrUnreachable, resp.StatusCode)
	}
	if !isHTML(resp.Header.Get("Content-Type")) {
		return nil, nil, fmt.Errorf("%s: %w (Content-Type %q)", final, ErrNotHTML, resp.Header.Get("Content-Type"))
	}
	return final, ToUTF8(body, resp.Header.Get("Content-Type")), nil
}

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

func isHTML(contentType string) bool {
	if contentType == "" {
		return false
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return strings.Contains(strings.ToLower(contentType), "html")
	}
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// run is the state of one crawl.
type run struct {
	c     *Crawler
	ctx   context.Context
	res   *Result
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

	startBlocked atomic.Bool
	startURL     string

	mu      sync.Mutex
	cond    *sync.Cond
	pending []item
	active  int
	closed  bool

	pagesMu sync.Mutex
	pages   []Page
	wg      sync.WaitGroup
}

type item struct {
	url   string
	depth int
}

func newRun(c *Crawler, ctx context.Context, res *Result) *run {
	r := &run{c: c, ctx: ctx, res: res, startURL: res.StartURL}
	r.cond = sync.NewCond(&r.mu)
	opts := []colly.CollectorOption{
		colly.UserAgent(c.opts.UserAgent),
		colly.MaxBodySize(c.opts.MaxBodySize),
		colly.StdlibContext(ctx),
		colly.ParseHTTPErrorResponse(),
	}
	col := colly.NewCollector(opts...)
	// colly ignores robots.txt unless told otherwise; privaudit honours it.
	col.IgnoreRobotsTxt = c.opts.IgnoreRobots
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

// start launches the workers and enqueues the start page.
func (r *run) start() error {
	for i := 0; i < r.c.opts.Concurrency; i++ {
		r.wg.Add(1)
		go r.worker()
	}
	r.enqueue(r.startURL, 0)
	return nil
}

// enqueue adds an in-scope URL to the frontier once.
func (r *run) enqueue(raw string, depth int) {
	u, err := url.Parse(raw)
	if err != nil {
		return
	}
	u = Normalize(r.c.scope.Canonical(u))
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
	ctx := colly.NewContext()
	ctx.Put("depth", it.depth)
	ctx.Put("url", it.url)
	err := r.colly.Request(http.MethodGet, it.url, nil, ctx, http.Header{"Accept": {"text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"}})
	switch {
	case errors.Is(err, colly.ErrRobotsTxtBlocked):
		r.skipped.Add(1)
		if it.url == r.startURL {
			r.startBlocked.Store(true)
		}
	case err != nil && r.ctx.Err() != nil:
		// Cut short by --max-time or an interrupt: not fetched, not broken.
		r.skipped.Add(1)
	case err != nil && ctx.Get("recorded") == "":
		var already *colly.AlreadyVisitedError
		if !errors.As(err, &already) {
			r.addPage(Page{URL: it.url, FinalURL: it.url, Depth: it.depth, Error: describeNetError(err)})
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
	if resp.StatusCode < 300 && !isHTML(ct) {
		resp.Request.Abort()
	}
}

func (r *run) basePage(resp *colly.Response) Page {
	depth, _ := resp.Ctx.GetAny("depth").(int)
	p := Page{
		URL:         resp.Ctx.Get("url"),
		FinalURL:    Normalize(resp.Request.URL).String(),
		Status:      resp.StatusCode,
		ContentType: resp.Ctx.Get("contentType"),
		Depth:       depth,
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
	if p.Status >= 400 || !isHTML(p.ContentType) {
		r.addPage(p)
		return
	}
	doc, err := ParseHTML(ToUTF8(resp.Body, p.ContentType))
	if err != nil {
		p.Error = "unparsable HTML: " + err.Error()
		r.addPage(p)
		return
	}
	p.HTML = true
	p.Info = Extract(doc, resp.Request.URL)
	links := p.Info.Links
	p.Info.Links = nil
	// The final URL of a redirect is a page of its own: mark it seen.
	if p.FinalURL != p.URL {
		r.seen.LoadOrStore(p.FinalURL, struct{}{})
	}
	r.addPage(p)
	if p.RefreshTo != "" {
		// A meta-refresh page is a redirect: its target is at the same depth.
		r.enqueue(p.RefreshTo, p.Depth)
	}
	for _, l := range links {
		r.enqueue(l, p.Depth+1)
	}
}

// ParseHTML parses a page the way the crawler reads it: with scripting off,
// so that the content of <noscript> (tracking-pixel fallbacks) is markup,
// not text.
func ParseHTML(body []byte) (*goquery.Document, error) {
	node, err := html.ParseWithOptions(bytes.NewReader(body), html.ParseOptionEnableScripting(false))
	if err != nil {
		return nil, err
	}
	return goquery.NewDocumentFromNode(node), nil
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

func (r *run) addPage(p Page) {
	r.pagesMu.Lock()
	r.pages = append(r.pages, p)
	r.pagesMu.Unlock()
}
