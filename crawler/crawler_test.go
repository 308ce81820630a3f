package crawler

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/privaudit/privaudit/record"
	"github.com/privaudit/privaudit/scope"
)

// fixture is a test site: routes of path -> handler, every request counted
// by path and its User-Agent recorded. Unknown paths answer 404.
type fixture struct {
	srv    *httptest.Server
	mu     sync.Mutex
	hits   map[string]int
	uas    []string
	routes map[string]http.HandlerFunc
}

func page(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<!DOCTYPE html><html lang=\"en\"><head><title>%s</title></head><body>%s</body></html>", r.URL.Path, body)
	}
}

func redirect(code int, to string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, to, code) }
}

func text(contentType, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		_, _ = w.Write([]byte(body))
	}
}

// newFixture starts a site. The routes may refer to the fixture's URL
// through the "{base}" placeholder in page bodies built with f.base().
func newFixture(t *testing.T, tlsServer bool, routes map[string]http.HandlerFunc) *fixture {
	t.Helper()
	f := &fixture{hits: map[string]int{}, routes: routes}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		f.hits[r.URL.Path]++
		f.uas = append(f.uas, r.UserAgent())
		f.mu.Unlock()
		if h, ok := f.routes[r.URL.Path]; ok {
			h(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte("<html><body><h1>Not found</h1></body></html>"))
	})
	if tlsServer {
		f.srv = httptest.NewTLSServer(h)
	} else {
		f.srv = httptest.NewServer(h)
	}
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fixture) url(p string) string { return f.srv.URL + p }

func (f *fixture) hitsOf(p string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[p]
}

func crawl(t *testing.T, f *fixture, start string, opts Options) *record.Crawl {
	t.Helper()
	res, err := crawlErr(t, f, start, opts)
	if err != nil {
		t.Fatalf("Crawl(%s): %v", start, err)
	}
	return res
}

func crawlErr(t *testing.T, f *fixture, start string, opts Options) (*record.Crawl, error) {
	t.Helper()
	if opts.Timeout == 0 {
		opts.Timeout = 5 * time.Second
	}
	if opts.Concurrency == 0 {
		opts.Concurrency = 4
	}
	if opts.Transport == nil && strings.HasPrefix(f.srv.URL, "https:") {
		opts.Transport = f.srv.Client().Transport
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return New(opts).Gather(ctx, start)
}

// pageAt returns the record of the page whose URL is u, or nil.
func pageAt(res *record.Crawl, u string) *record.Page {
	for i := range res.Pages {
		if res.Pages[i].URL == u {
			return &res.Pages[i]
		}
	}
	return nil
}

func pageURLs(res *record.Crawl) []string {
	var out []string
	for _, p := range res.Pages {
		out = append(out, p.URL)
	}
	return out
}

func TestCrawlRedirectAdoptsCanonicalOrigin(t *testing.T) {
	f := newFixture(t, false, map[string]http.HandlerFunc{
		"/a":     redirect(http.StatusMovedPermanently, "/home"),
		"/home":  page(`<a href="/about">About</a> <a href="/a">Start again</a>`),
		"/about": page(`<a href="/home">Home</a>`),
	})
	res := crawl(t, f, f.url("/a"), Options{})
	if res.Start != f.url("/a") || res.StartURL != f.url("/home") || res.Origin != f.srv.URL {
		t.Errorf("Start %q StartURL %q Origin %q, want %q %q %q", res.Start, res.StartURL, res.Origin, f.url("/a"), f.url("/home"), f.srv.URL)
	}
	if got, want := pageURLs(res), []string{f.url("/about"), f.url("/home")}; !slices.Equal(got, want) {
		t.Errorf("pages %v, want %v", got, want)
	}
	// resolveStart fetches /home once, for the crawl too; the link back
	// to /a must not fetch it again.
	if n := f.hitsOf("/home"); n > 2 {
		t.Errorf("/home fetched %d times", n)
	}
	if !res.Complete || res.Errors != 0 {
		t.Errorf("Complete %v Errors %d", res.Complete, res.Errors)
	}
}

// The start URL names a host alias ("localhost") that redirects to the
// canonical host (127.0.0.1): the crawl adopts the canonical origin, and
// absolute links back to the alias are out of scope unless it is listed
// in Aliases, which rewrites them to the canonical origin.
func TestCrawlStartHostAlias(t *testing.T) {
	var f *fixture
	f = newFixture(t, false, nil)
	port := f.srv.Listener.Addr().(interface{ String() string }).String()
	port = port[strings.LastIndexByte(port, ':'):]
	alias := "http://localhost" + port
	canonical := func(h http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if strings.HasPrefix(r.Host, "localhost") {
				http.Redirect(w, r, f.srv.URL+r.URL.RequestURI(), http.StatusMovedPermanently)
				return
			}
			h(w, r)
		}
	}
	f.routes = map[string]http.HandlerFunc{
		"/":      canonical(page(`<a href="` + alias + `/team">Team</a> <a href="/jobs">Jobs</a>`)),
		"/team":  canonical(page(`team`)),
		"/jobs":  canonical(page(`jobs`)),
		"/other": canonical(page(`other`)),
	}
	res := crawl(t, f, alias+"/", Options{})
	if res.Origin != f.srv.URL || res.StartURL != f.url("/") {
		t.Errorf("Origin %q StartURL %q, want %q %q", res.Origin, res.StartURL, f.srv.URL, f.url("/"))
	}
	if got, want := pageURLs(res), []string{f.url("/"), f.url("/jobs")}; !slices.Equal(got, want) {
		t.Errorf("without Aliases: pages %v, want %v", got, want)
	}

	res = crawl(t, f, alias+"/", Options{Aliases: []string{"LOCALHOST"}})
	if got, want := pageURLs(res), []string{f.url("/"), f.url("/jobs"), f.url("/team")}; !slices.Equal(got, want) {
		t.Errorf("with Aliases: pages %v, want %v", got, want)
	}
	if p := pageAt(res, f.url("/team")); p == nil || p.FinalURL != f.url("/team") || p.Status != 200 {
		t.Errorf("alias link: %+v", p)
	}
}

// Absolute links to the production host name are rewritten to the audited
// origin when the production host is an alias (a staging or local copy).
func TestCrawlAliasesRewriteProductionLinks(t *testing.T) {
	f := newFixture(t, false, map[string]http.HandlerFunc{
		"/": page(`<a href="https://www.example-prod.com/privacy#top">Privacy</a>
			<a href="http://example-prod.com/contact">record.Contact</a>
			<a href="https://cdn.example-prod.com/file">CDN</a>
			<a href="https://www.other.org/privacy">Other</a>`),
		"/privacy": page(`policy`),
		"/contact": page(`contact`),
	})
	res := crawl(t, f, f.srv.URL, Options{Aliases: []string{"www.example-prod.com", " example-prod.com "}})
	want := []string{f.url("/"), f.url("/contact"), f.url("/privacy")}
	if got := pageURLs(res); !slices.Equal(got, want) {
		t.Errorf("pages %v, want %v", got, want)
	}
	home := pageAt(res, f.url("/"))
	if home == nil || !slices.Contains(home.PrivacyLinks, "https://www.example-prod.com/privacy") {
		t.Errorf("the record keeps the link as written: %+v", home)
	}

	res = crawl(t, f, f.srv.URL, Options{})
	if got := pageURLs(res); !slices.Equal(got, []string{f.url("/")}) {
		t.Errorf("without aliases: pages %v", got)
	}
}

func TestCrawlRobots(t *testing.T) {
	routes := map[string]http.HandlerFunc{
		"/robots.txt":      text("text/plain", "User-agent: *\nDisallow: /private\n"),
		"/":                page(`<a href="/public">Public</a> <a href="/private/secret">Secret</a> <a href="/private">Private</a>`),
		"/public":          page(`public`),
		"/private":         page(`private`),
		"/private/secret":  page(`secret`),
		"/robots-test-end": page(``),
	}
	f := newFixture(t, false, routes)
	res := crawl(t, f, f.srv.URL, Options{})
	if got, want := pageURLs(res), []string{f.url("/"), f.url("/public")}; !slices.Equal(got, want) {
		t.Errorf("pages %v, want %v", got, want)
	}
	if f.hitsOf("/private") != 0 || f.hitsOf("/private/secret") != 0 {
		t.Errorf("disallowed paths fetched: /private %d, /private/secret %d", f.hitsOf("/private"), f.hitsOf("/private/secret"))
	}
	if res.Skipped != 2 {
		t.Errorf("Skipped %d, want 2", res.Skipped)
	}

	res = crawl(t, f, f.srv.URL, Options{IgnoreRobots: true})
	if got := len(res.Pages); got != 4 || f.hitsOf("/private/secret") != 1 {
		t.Errorf("IgnoreRobots: pages %v, /private/secret fetched %d times", pageURLs(res), f.hitsOf("/private/secret"))
	}
	if res.Skipped != 0 {
		t.Errorf("IgnoreRobots: Skipped %d", res.Skipped)
	}

	// A robots.txt that forbids the start page: the site cannot be audited.
	f2 := newFixture(t, false, map[string]http.HandlerFunc{
		"/robots.txt": text("text/plain", "User-agent: *\nDisallow: /\n"),
		"/":           page(`<a href="/a">A</a>`),
	})
	if _, err := crawlErr(t, f2, f2.srv.URL, Options{}); !errors.Is(err, ErrRobotsDisallowed) {
		t.Errorf("start page disallowed: err %v, want ErrRobotsDisallowed", err)
	}
	if n := f2.hitsOf("/a"); n != 0 {
		t.Errorf("/a fetched %d times", n)
	}
}

func TestCrawlSitemapSeeds(t *testing.T) {
	var f *fixture
	f = newFixture(t, false, nil)
	f.routes = map[string]http.HandlerFunc{
		"/robots.txt": func(w http.ResponseWriter, r *http.Request) {
			text("text/plain", "User-agent: *\nAllow: /\n\nSitemap: "+f.url("/sitemap-index.xml")+"\n")(w, r)
		},
		"/sitemap-index.xml": func(w http.ResponseWriter, r *http.Request) {
			text("application/xml", `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>`+f.url("/sitemap-pages.xml")+`</loc></sitemap>
</sitemapindex>`)(w, r)
		},
		"/sitemap-pages.xml": func(w http.ResponseWriter, r *http.Request) {
			text("application/xml", `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>`+f.url("/")+`</loc></url>
  <url><loc> `+f.url("/orphan")+` </loc><lastmod>2024-01-01</lastmod></url>
  <url><loc>https://elsewhere.example.org/page</loc></url>
</urlset>`)(w, r)
		},
		"/":       page(`<a href="/linked">Linked</a>`),
		"/linked": page(`linked`),
		"/orphan": page(`orphan`),
	}
	res := crawl(t, f, f.srv.URL, Options{})
	want := []string{f.url("/"), f.url("/linked"), f.url("/orphan")}
	if got := pageURLs(res); !slices.Equal(got, want) {
		t.Errorf("pages %v, want %v", got, want)
	}
	if got, want := res.Sitemaps, []string{f.url("/sitemap-index.xml"), f.url("/sitemap-pages.xml")}; !slices.Equal(got, want) {
		t.Errorf("Sitemaps %v, want %v", got, want)
	}
	if p := pageAt(res, f.url("/orphan")); p == nil || p.Depth != 1 {
		t.Errorf("orphan page %+v, want depth 1", p)
	}
	if n := f.hitsOf("/"); n > 2 {
		t.Errorf("/ fetched %d times (listed in the sitemap and the start page)", n)
	}

	res = crawl(t, f, f.srv.URL, Options{NoSitemaps: true})
	if got := pageURLs(res); !slices.Equal(got, want[:2]) || len(res.Sitemaps) != 0 {
		t.Errorf("NoSitemaps: pages %v sitemaps %v", got, res.Sitemaps)
	}
}

func TestCrawlMaxPages(t *testing.T) {
	site, srv := startSynth(t, 60, 4<<10)
	for _, conc := range []int{1, 8} {
		site.Reset()
		res, err := New(Options{MaxPages: 10, Concurrency: conc, Timeout: 5 * time.Second}).Gather(context.Background(), srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Pages) != 10 {
			t.Errorf("concurrency %d: %d pages, want MaxPages = 10", conc, len(res.Pages))
		}
		if res.Complete || res.Skipped == 0 {
			t.Errorf("concurrency %d: Complete %v Skipped %d, want false and > 0", conc, res.Complete, res.Skipped)
		}
		fetched := site.PageFetches()
		if fetched > 11 { // 10 pages, the start page twice
			t.Errorf("concurrency %d: %d page fetches for MaxPages 10", conc, fetched)
		}
	}
}

func TestCrawlMaxDepth(t *testing.T) {
	f := newFixture(t, false, map[string]http.HandlerFunc{
		"/":   page(`<a href="/d1">1</a>`),
		"/d1": page(`<a href="/d2">2</a> <a href="/">home</a>`),
		"/d2": page(`<a href="/d3">3</a>`),
		"/d3": page(`<a href="/d4">4</a>`),
		"/d4": page(``),
	})
	res := crawl(t, f, f.srv.URL, Options{MaxDepth: 2})
	if got, want := pageURLs(res), []string{f.url("/"), f.url("/d1"), f.url("/d2")}; !slices.Equal(got, want) {
		t.Errorf("pages %v, want %v", got, want)
	}
	for i, p := range res.Pages {
		if p.Depth != i {
			t.Errorf("%s depth %d, want %d", p.URL, p.Depth, i)
		}
	}
	if res.Complete || res.Skipped != 1 || f.hitsOf("/d3") != 0 {
		t.Errorf("Complete %v Skipped %d /d3 hits %d; want false, 1, 0", res.Complete, res.Skipped, f.hitsOf("/d3"))
	}
	res = crawl(t, f, f.srv.URL, Options{})
	if len(res.Pages) != 5 || !res.Complete || res.Skipped != 0 {
		t.Errorf("no MaxDepth: %d pages, Complete %v, Skipped %d", len(res.Pages), res.Complete, res.Skipped)
	}
}

func TestCrawlNormalizesURLs(t *testing.T) {
	var f *fixture
	f = newFixture(t, false, nil)
	host := strings.TrimPrefix(f.srv.URL, "http://")
	f.routes = map[string]http.HandlerFunc{
		"/": page(`<a href="/x#a">1</a> <a href="/x#b">2</a> <a href="/x">3</a> <a href="x">4</a>
			<a href="./x">5</a> <a href="/y/../x">6</a> <a href="HTTP://` + strings.ToUpper(host) + `/x">7</a>
			<a href="http://user@` + host + `/x#frag">8</a> <a href=" /x ">9</a> <a href="#top">top</a>
			<a href="/X">other page</a> <a href="/x?q=1">query</a> <a href="/x?q=1#f">query</a>`),
		"/x": page(`<a href="/">home</a> <a href="` + f.srv.URL + `/#main">home</a> <a href="/x#self">self</a>`),
		"/X": page(`upper`),
	}
	res := crawl(t, f, f.srv.URL+"/#intro", Options{})
	want := []string{f.url("/"), f.url("/X"), f.url("/x"), f.url("/x?q=1")}
	if got := pageURLs(res); !slices.Equal(got, want) {
		t.Errorf("pages %v, want %v", got, want)
	}
	if n := f.hitsOf("/x"); n != 2 { // /x and /x?q=1
		t.Errorf("/x fetched %d times, want 2 (/x and /x?q=1)", n)
	}
	if n := f.hitsOf("/X"); n != 1 {
		t.Errorf("/X fetched %d times", n)
	}
	if n := f.hitsOf("/"); n != 1 { // resolveStart reads it for the crawl
		t.Errorf("/ fetched %d times, want 1", n)
	}
}

// "/x?" names the same resource as "/x" (an empty query), but url.URL
// keeps ForceQuery, so the two normalise differently.
func TestCrawlNormalizesEmptyQuery(t *testing.T) {
	f := newFixture(t, false, map[string]http.HandlerFunc{
		"/":  page(`<a href="/x">x</a> <a href="/x?">x?</a>`),
		"/x": page(`x`),
	})
	res := crawl(t, f, f.srv.URL, Options{Concurrency: 1})
	if n := f.hitsOf("/x"); n != 1 {
		t.Errorf("Normalize keeps ForceQuery, so /x and /x? are both fetched (%d fetches, pages %v)", n, pageURLs(res))
	}
}

func TestCrawlSyntheticSiteFetchesEachPageOnce(t *testing.T) {
	site, srv := startSynth(t, 300, 8<<10)
	res, _ := crawlSynth(t, site, srv.URL, Options{Concurrency: 8})
	if !res.Complete || res.Errors != 0 || res.Skipped != 0 {
		t.Errorf("Complete %v Errors %d Skipped %d", res.Complete, res.Errors, res.Skipped)
	}
	if site.OtherRequests() != 1 { // /sitemap.xml
		t.Errorf("%d requests for paths that are not pages, want 1 (/sitemap.xml)", site.OtherRequests())
	}
	if n := site.RobotsFetches(); n > 2 {
		// One read by colly, one by the sitemap seeding; colly's first
		// requests may race to read it (see the report).
		t.Logf("robots.txt fetched %d times", n)
	}
	home := pageAt(res, srv.URL+"/")
	if home == nil || !slices.Equal(home.PrivacyLinks, []string{srv.URL + "/privacy"}) || home.Contact.Empty() || len(home.Forms) != 2 {
		t.Errorf("home record %+v", home)
	}
}

func TestCrawlNonHTMLAndErrorPages(t *testing.T) {
	f := newFixture(t, false, map[string]http.HandlerFunc{
		"/": page(`<a href="/doc.pdf">Privacy policy (PDF)</a> <a href="/missing">Gone</a> <a href="/boom">Boom</a>
			<a href="/data.json">Data</a> <a href="/xhtml">XHTML</a>`),
		"/doc.pdf":    text("application/pdf", "%PDF-1.4\n<a href=\"/from-pdf\">x</a>\n%%EOF"),
		"/data.json":  text("application/json", `{"a":"<a href='/from-json'>x</a>"}`),
		"/xhtml":      text("application/xhtml+xml; charset=utf-8", `<html xmlns="http://www.w3.org/1999/xhtml"><body><a href="/from-xhtml">x</a></body></html>`),
		"/from-xhtml": page(``),
		"/boom": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write([]byte(`<html><body><a href="/from-500">x</a></body></html>`))
		},
	})
	res := crawl(t, f, f.srv.URL, Options{})
	pdf := pageAt(res, f.url("/doc.pdf"))
	if pdf == nil || pdf.HTML || pdf.Status != 200 || pdf.ContentType != "application/pdf" || pdf.Error != "" || pdf.Title != "" {
		t.Errorf("PDF record %+v", pdf)
	}
	if js := pageAt(res, f.url("/data.json")); js == nil || js.HTML || js.Status != 200 || js.ContentType != "application/json" {
		t.Errorf("JSON record %+v", js)
	}
	if f.hitsOf("/from-pdf") != 0 || f.hitsOf("/from-json") != 0 || f.hitsOf("/from-500") != 0 {
		t.Errorf("links followed from non-HTML or error responses")
	}
	if x := pageAt(res, f.url("/xhtml")); x == nil || !x.HTML || f.hitsOf("/from-xhtml") != 1 {
		t.Errorf("XHTML record %+v", x)
	}
	missing := pageAt(res, f.url("/missing"))
	if missing == nil || missing.Status != 404 || missing.HTML {
		t.Errorf("404 record %+v", missing)
	}
	boom := pageAt(res, f.url("/boom"))
	if boom == nil || boom.Status != 500 {
		t.Errorf("500 record %+v", boom)
	}
	if res.Errors != 2 {
		t.Errorf("Errors %d, want 2 (404 and 500)", res.Errors)
	}
}

func TestCrawlStartErrors(t *testing.T) {
	f := newFixture(t, false, map[string]http.HandlerFunc{
		"/file.pdf": text("application/pdf", "%PDF"),
	})
	if _, err := crawlErr(t, f, f.url("/file.pdf"), Options{}); !errors.Is(err, ErrNotHTML) {
		t.Errorf("PDF start: %v, want ErrNotHTML", err)
	}
	if _, err := crawlErr(t, f, f.url("/nope"), Options{}); !errors.Is(err, ErrUnreachable) || !strings.Contains(err.Error(), "404") {
		t.Errorf("404 start: %v, want ErrUnreachable with HTTP 404", err)
	}
	addr := f.srv.URL
	f.srv.Close()
	if _, err := crawlErr(t, f, addr, Options{}); !errors.Is(err, ErrUnreachable) {
		t.Errorf("closed server: %v, want ErrUnreachable", err)
	}
	var te *scope.TargetError
	if _, err := New(Options{}).Gather(context.Background(), "ftp://example.org"); !errors.As(err, &te) {
		t.Errorf("ftp target: %v, want TargetError", err)
	}
}

func TestCrawlRecordsCookies(t *testing.T) {
	f := newFixture(t, false, map[string]http.HandlerFunc{
		"/a": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Add("Set-Cookie", "hop=1; Path=/; HttpOnly; SameSite=Lax")
			http.Redirect(w, r, "/home", http.StatusFound)
		},
		"/home": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Add("Set-Cookie", "sid=abc123; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=3600")
			w.Header().Add("Set-Cookie", "pref=dark; Domain=.127.0.0.1; Expires=Wed, 21 Oct 2099 07:28:00 GMT")
			w.Header().Add("Set-Cookie", "weird=1; SameSite=Bogus")
			page(`<a href="/go">Go</a>`)(w, r)
		},
		"/go": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Add("Set-Cookie", "track=xyz; SameSite=None; Secure")
			http.Redirect(w, r, "/shop/landing", http.StatusFound)
		},
		"/shop/landing": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Add("Set-Cookie", "cart=0")
			page(`landing`)(w, r)
		},
	})
	res := crawl(t, f, f.url("/a"), Options{})
	byName := map[string]record.Cookie{}
	for _, c := range res.Cookies {
		if _, dup := byName[c.Name]; dup {
			t.Errorf("cookie %s recorded twice", c.Name)
		}
		byName[c.Name] = c
	}
	want := map[string]record.Cookie{
		"hop":   {Name: "hop", Domain: "127.0.0.1", Path: "/", HostOnly: true, HTTPOnly: true, SameSite: "Lax", FirstSeenOn: f.url("/a"), ValueLength: 1},
		"sid":   {Name: "sid", Domain: "127.0.0.1", Path: "/", HostOnly: true, Secure: true, HTTPOnly: true, SameSite: "Strict", MaxAge: 3600, FirstSeenOn: f.url("/home"), ValueLength: 6},
		"pref":  {Name: "pref", Domain: "127.0.0.1", Path: "/", Expires: "2099-10-21T07:28:00Z", FirstSeenOn: f.url("/home"), ValueLength: 4},
		"weird": {Name: "weird", Domain: "127.0.0.1", Path: "/", HostOnly: true, SameSite: "invalid", FirstSeenOn: f.url("/home"), ValueLength: 1},
		"track": {Name: "track", Domain: "127.0.0.1", Path: "/", HostOnly: true, Secure: true, SameSite: "None", FirstSeenOn: f.url("/go"), ValueLength: 3},
		"cart":  {Name: "cart", Domain: "127.0.0.1", Path: "/shop", HostOnly: true, FirstSeenOn: f.url("/shop/landing"), ValueLength: 1},
	}
	for name, w := range want {
		if got, ok := byName[name]; !ok || got != w {
			t.Errorf("cookie %s:\n got %+v\nwant %+v", name, got, w)
		}
	}
	if len(byName) != len(want) {
		t.Errorf("cookies %v", res.Cookies)
	}
	// The redirect hop is not a page of its own, its target is.
	if p := pageAt(res, f.url("/go")); p == nil || p.FinalURL != f.url("/shop/landing") || p.Status != 200 {
		t.Errorf("/go record %+v", p)
	}
}

func TestCrawlRecordsHSTS(t *testing.T) {
	const hsts = "max-age=31536000; includeSubDomains; preload"
	withHSTS := func(h http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Strict-Transport-Security", hsts)
			h(w, r)
		}
	}
	routes := map[string]http.HandlerFunc{
		"/":         withHSTS(page(`<a href="/no-hsts">n</a> <a href="/missing">m</a>`)),
		"/no-hsts":  page(`none`),
		"/file.pdf": withHSTS(text("application/pdf", "%PDF")),
	}
	f := newFixture(t, true, routes)
	res := crawl(t, f, f.srv.URL, Options{})
	if p := pageAt(res, f.url("/")); p == nil || p.HSTS != hsts || !p.HTML {
		t.Errorf("HTTPS page %+v, want HSTS %q", p, hsts)
	}
	if p := pageAt(res, f.url("/no-hsts")); p == nil || p.HSTS != "" {
		t.Errorf("page without the header %+v", p)
	}
	if res.HTTPProbe == nil || res.HTTPProbe.Checked {
		t.Errorf("HTTPProbe %+v: a non-default port cannot be probed", res.HTTPProbe)
	}

	// Over plain HTTP the header means nothing and is not recorded.
	plain := newFixture(t, false, routes)
	res = crawl(t, plain, plain.srv.URL, Options{})
	if p := pageAt(res, plain.url("/")); p == nil || p.HSTS != "" {
		t.Errorf("HTTP page %+v, want no HSTS", p)
	}
}

func TestCrawlUserAgent(t *testing.T) {
	f := newFixture(t, false, map[string]http.HandlerFunc{
		"/":           page(`<a href="/a">a</a>`),
		"/a":          page(`a`),
		"/robots.txt": text("text/plain", "User-agent: *\nAllow: /\n"),
	})
	crawl(t, f, f.srv.URL, Options{})
	f.mu.Lock()
	uas := slices.Clone(f.uas)
	f.mu.Unlock()
	if len(uas) < 4 {
		t.Fatalf("only %d requests", len(uas))
	}
	for _, ua := range uas {
		if !strings.Contains(ua, "privaudit/") {
			t.Errorf("User-Agent %q does not name privaudit/", ua)
		}
	}
	f.mu.Lock()
	f.uas = nil
	f.mu.Unlock()
	crawl(t, f, f.srv.URL, Options{UserAgent: "custom-agent/1.0"})
	for _, ua := range f.uas {
		if ua != "custom-agent/1.0" {
			t.Errorf("UserAgent option: sent %q", ua)
		}
	}
}

func TestCrawlTimeout(t *testing.T) {
	f := newFixture(t, false, map[string]http.HandlerFunc{
		"/":     page(`<a href="/slow">slow</a> <a href="/fast">fast</a>`),
		"/fast": page(`fast`),
		"/slow": func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
			page(`slow`)(w, r)
		},
	})
	t0 := time.Now()
	res := crawl(t, f, f.srv.URL, Options{Timeout: 300 * time.Millisecond})
	if d := time.Since(t0); d > 3*time.Second {
		t.Errorf("crawl took %v with a 300ms timeout", d)
	}
	slow := pageAt(res, f.url("/slow"))
	if slow == nil || slow.Error == "" || slow.Status != 0 || slow.HTML {
		t.Errorf("slow page %+v, want an error", slow)
	} else if !strings.Contains(slow.Error, "time") {
		t.Errorf("slow page error %q does not say it timed out", slow.Error)
	}
	if fast := pageAt(res, f.url("/fast")); fast == nil || fast.Status != 200 {
		t.Errorf("fast page %+v", fast)
	}
	if res.Errors != 1 || !res.Complete {
		t.Errorf("Errors %d Complete %v", res.Errors, res.Complete)
	}
}

func TestCrawlContextCancel(t *testing.T) {
	// An endless site: every page is slow and links to 20 new pages.
	f := newFixture(t, false, nil)
	f.routes = map[string]http.HandlerFunc{}
	handler := func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
			return
		case <-time.After(30 * time.Millisecond):
		}
		var b strings.Builder
		for k := 0; k < 20; k++ {
			fmt.Fprintf(&b, `<a href="%s/%d">n</a> `, strings.TrimSuffix(r.URL.Path, "/"), k)
		}
		page(b.String())(w, r)
	}
	h := f.srv.Config.Handler
	f.srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			h.ServeHTTP(w, r)
			return
		}
		handler(w, r)
	})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(400*time.Millisecond, cancel)
	t0 := time.Now()
	res, err := New(Options{MaxPages: 100000, Timeout: 5 * time.Second}).Gather(ctx, f.srv.URL)
	elapsed := time.Since(t0)
	if err != nil {
		t.Fatalf("Crawl: %v", err)
	}
	if elapsed > 1500*time.Millisecond {
		t.Errorf("Crawl returned %v after start, cancelled at 400ms", elapsed)
	}
	if res.Complete {
		t.Errorf("Complete after cancellation")
	}
	if len(res.Pages) == 0 || len(res.Pages) > 200 {
		t.Errorf("%d pages", len(res.Pages))
	}
}

func TestCrawlProgress(t *testing.T) {
	site, srv := startSynth(t, 40, 2<<10)
	var mu sync.Mutex
	var calls, lastDone, maxQueued int
	res, err := New(Options{Progress: func(done, queued int) {
		mu.Lock()
		calls++
		lastDone = max(lastDone, done)
		maxQueued = max(maxQueued, queued)
		mu.Unlock()
	}}).Gather(context.Background(), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if n := site.N(); calls != n || lastDone != n || maxQueued != n || len(res.Pages) != n {
		t.Errorf("Progress: %d calls, done %d, queued %d; %d pages", calls, lastDone, maxQueued, len(res.Pages))
	}
}
