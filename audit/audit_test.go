package audit_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/privaudit/privaudit/audit"
	"github.com/privaudit/privaudit/checks"
	"github.com/privaudit/privaudit/crawler"
	"github.com/privaudit/privaudit/internal/testsite"
	"github.com/privaudit/privaudit/report"
	"github.com/privaudit/privaudit/scope"
)

// fixedNow makes StartedAt and DurationMs deterministic.
func fixedNow() time.Time { return time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC) }

// run audits target with test-sized limits and fails the test on error.
func run(t *testing.T, target string, opts crawler.Options) *report.Report {
	t.Helper()
	r, err := runErr(t, target, opts)
	if err != nil {
		t.Fatalf("audit.Run(%s): %v", target, err)
	}
	dump(t, r)
	return r
}

// runErr audits target with test-sized limits: a 30-second cap on the whole
// audit, 5 seconds per request and 200 pages unless opts say otherwise.
func runErr(t *testing.T, target string, opts crawler.Options) (*report.Report, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if opts.Timeout == 0 {
		opts.Timeout = 5 * time.Second
	}
	if opts.MaxPages == 0 {
		opts.MaxPages = 200
	}
	return audit.Run(ctx, target, audit.Options{Crawl: opts, Now: fixedNow})
}

// dump writes the report to $PRIVAUDIT_TEST_DUMP/NAME.json when that
// variable is set, to look at what a test saw.
func dump(t *testing.T, r *report.Report) {
	dir := os.Getenv("PRIVAUDIT_TEST_DUMP")
	if dir == "" {
		return
	}
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	name := strings.NewReplacer("/", "_", " ", "_").Replace(t.Name()) + ".json"
	if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// check returns the result of the check with the given ID.
func check(t *testing.T, r *report.Report, id string) report.CheckResult {
	t.Helper()
	for _, c := range r.Checks {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("report has no check %q", id)
	return report.CheckResult{}
}

// findingsBySubject returns the URLs (relative to the origin) of a check's
// findings with the given subject.
func findingsBySubject(r *report.Report, c report.CheckResult, subject string) []string {
	var urls []string
	for _, f := range c.Findings {
		if f.Subject == subject {
			urls = append(urls, report.RelativeURL(r.Origin, f.URL))
		}
	}
	return urls
}

// page returns the page summary of a path on the origin.
func page(t *testing.T, r *report.Report, path string) report.PageSummary {
	t.Helper()
	for _, p := range r.Pages {
		if report.RelativeURL(r.Origin, p.URL) == path {
			return p
		}
	}
	t.Fatalf("no page %s in the report (pages: %v)", path, pagePaths(r))
	return report.PageSummary{}
}

func pagePaths(r *report.Report) []string {
	var out []string
	for _, p := range r.Pages {
		out = append(out, report.RelativeURL(r.Origin, p.URL))
	}
	return out
}

// cookie returns the cookie of the given name.
func cookie(t *testing.T, r *report.Report, name string) report.CookieInfo {
	t.Helper()
	for _, c := range r.Cookies {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no cookie %s in the report", name)
	return report.CookieInfo{}
}

// thirdParty returns the third party on host, and whether there is one.
func thirdParty(r *report.Report, host string) (report.ThirdParty, bool) {
	for _, tp := range r.ThirdParties {
		if tp.Host == host {
			return tp, true
		}
	}
	return report.ThirdParty{}, false
}

func wantStatus(t *testing.T, c report.CheckResult, want ...string) {
	t.Helper()
	for _, w := range want {
		if string(c.Status) == w {
			return
		}
	}
	t.Errorf("check %s: status %q, want %v (score %v, summary %q)", c.ID, c.Status, want, c.Score, c.Summary)
}

func wantScore(t *testing.T, c report.CheckResult, want float64) {
	t.Helper()
	if c.Score == nil {
		t.Errorf("check %s (%s): no score, want %v (summary %q)", c.ID, c.Status, want, c.Summary)
		return
	}
	if d := *c.Score - want; d > 0.001 || d < -0.001 {
		t.Errorf("check %s: score %v, want %v (summary %q)", c.ID, *c.Score, want, c.Summary)
	}
}

// scoreOf returns a check's score, failing the test when it has none.
func scoreOf(t *testing.T, c report.CheckResult) float64 {
	t.Helper()
	if c.Score == nil {
		t.Fatalf("check %s (%s): no score (summary %q)", c.ID, c.Status, c.Summary)
	}
	return *c.Score
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[string]int{}
	for _, x := range a {
		m[x]++
	}
	for _, x := range b {
		m[x]--
		if m[x] < 0 {
			return false
		}
	}
	return true
}

func TestRunInvalidTarget(t *testing.T) {
	for _, target := range []string{
		"",
		"   ",
		"ftp://example.org/",
		// Not a web address: it must not be read as https://mailto:someone@127.0.0.1
		// (user "mailto", password "someone").
		"mailto:someone@127.0.0.1",
		"http://",
		"https://exa mple.org/",
		"http://under_score.example/",
		"http://localhost:notaport/",
		"example",
	} {
		t.Run(target, func(t *testing.T) {
			r, err := runErr(t, target, crawler.Options{Timeout: time.Second})
			var te *scope.TargetError
			if !errors.As(err, &te) {
				t.Fatalf("audit.Run(%q) = %v, %v; want a *scope.TargetError", target, r, err)
			}
			if r != nil {
				t.Errorf("audit.Run(%q) returned a report with its error", target)
			}
			if errors.Is(err, audit.ErrSiteUnavailable) {
				t.Errorf("audit.Run(%q): a usage error must not wrap ErrSiteUnavailable: %v", target, err)
			}
		})
	}
}

// closedPort returns the address of a port on 127.0.0.1 that nothing
// listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

// wantUnavailable checks that err wraps ErrSiteUnavailable and cause.
func wantUnavailable(t *testing.T, r *report.Report, err, cause error) {
	t.Helper()
	if !errors.Is(err, audit.ErrSiteUnavailable) {
		t.Fatalf("err = %v, want one wrapping audit.ErrSiteUnavailable", err)
	}
	if cause != nil && !errors.Is(err, cause) {
		t.Errorf("err = %v, want one wrapping %v as well", err, cause)
	}
	var te *scope.TargetError
	if errors.As(err, &te) {
		t.Errorf("err = %v is a TargetError; the target was valid", err)
	}
	// The report says why, has nothing to judge, and names the target.
	if r == nil {
		t.Fatal("no report came with the error: a CI job must find its report files")
	}
	if r.Error == "" || r.Complete || len(r.Checks) != 0 || r.Target == "" {
		t.Errorf("report: error %q complete %v checks %d target %q", r.Error, r.Complete, len(r.Checks), r.Target)
	}
}

func TestRunUnreachable(t *testing.T) {
	r, err := runErr(t, "http://"+closedPort(t)+"/", crawler.Options{Timeout: 2 * time.Second})
	wantUnavailable(t, r, err, crawler.ErrUnreachable)
}

func TestRunTLSUntrusted(t *testing.T) {
	// A TLS site whose certificate the default transport does not trust.
	srv := testsite.Serve(t, testsite.FixtureDir(t, "compliant"), true, nil)
	r, err := runErr(t, srv.URL+"/", crawler.Options{Timeout: 2 * time.Second})
	wantUnavailable(t, r, err, crawler.ErrUnreachable)
}

func TestRunStartPageError(t *testing.T) {
	srv := testsite.ServeHandler(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "database is down", http.StatusInternalServerError)
	}))
	r, err := runErr(t, srv.URL+"/", crawler.Options{})
	wantUnavailable(t, r, err, crawler.ErrUnreachable)
}

func TestRunNotHTML(t *testing.T) {
	for _, tc := range []struct{ name, contentType, body string }{
		{"json", "application/json", `{"hello": "world"}`},
		{"pdf", "application/pdf", "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"},
		{"plain text", "text/plain; charset=utf-8", "<html><body>not really html</body></html>"},
		{"no content type", "", "\x00\x01\x02\x03binary"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := testsite.ServeHandler(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header()["Content-Type"] = []string{tc.contentType}
				if tc.contentType == "" {
					w.Header()["Content-Type"] = nil
				}
				io.WriteString(w, tc.body)
			}))
			r, err := runErr(t, srv.URL+"/", crawler.Options{})
			wantUnavailable(t, r, err, crawler.ErrNotHTML)
		})
	}
}

// robotsSite serves a small site with the given robots.txt.
func robotsSite(t *testing.T, robots string) *testsite.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, robots)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, `<!DOCTYPE html><html lang="en"><head><title>Robots</title></head><body>
<p>Hello. <a href="/public/">Public</a> <a href="/private/">Private</a> <a href="/privacy/">Privacy policy</a> <a href="mailto:hi@robots.example">hi@robots.example</a></p></body></html>`)
	})
	return testsite.ServeHandler(t, mux)
}

func TestRunRobotsDisallowAll(t *testing.T) {
	srv := robotsSite(t, "User-agent: *\nDisallow: /\n")
	r, err := runErr(t, srv.URL+"/", crawler.Options{})
	wantUnavailable(t, r, err, crawler.ErrRobotsDisallowed)

	// --ignore-robots audits it all the same.
	r = run(t, srv.URL+"/", crawler.Options{IgnoreRobots: true})
	if got := pagePaths(r); !sameSet(got, []string{"/", "/public/", "/private/", "/privacy/"}) {
		t.Errorf("with IgnoreRobots, pages = %v", got)
	}
}

func TestRunRobotsDisallowSome(t *testing.T) {
	srv := robotsSite(t, "User-agent: *\nDisallow: /private/\n")
	r := run(t, srv.URL+"/", crawler.Options{})
	if got := pagePaths(r); !sameSet(got, []string{"/", "/public/", "/privacy/"}) {
		t.Errorf("pages = %v, want /, /public/ and /privacy/ (robots.txt forbids /private/)", got)
	}
	if r.Crawl.Skipped != 1 {
		t.Errorf("crawl.skipped = %d, want 1 (/private/)", r.Crawl.Skipped)
	}
}

// hostileSite serves a normal home page that links pages built to hurt a
// crawler. release unblocks the page that never finishes.
func hostileSite(t *testing.T) *testsite.Server {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	html := func(w http.ResponseWriter) { w.Header().Set("Content-Type", "text/html; charset=utf-8") }
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		html(w)
		io.WriteString(w, `<!DOCTYPE html><html lang="en"><head><title>Hostile</title></head><body>
<nav><a href="/huge">Huge</a> <a href="/deep">Deep</a> <a href="/deeper">Deeper</a> <a href="/spans">Spans</a> <a href="/binary">Binary</a>
<a href="/slow">Slow</a> <a href="/loop">Loop</a> <a href="/links">Links</a> <a href="/privacy">Privacy policy</a></nav>
<p>Contact: <a href="mailto:admin@hostile.example">admin@hostile.example</a></p></body></html>`)
	})
	// 3 MiB of HTML: more than the 1 MiB the test reads of one response
	// (MaxBodySize), and never closed.
	mux.HandleFunc("/huge", func(w http.ResponseWriter, r *http.Request) {
		html(w)
		io.WriteString(w, `<!DOCTYPE html><html><head><title>Huge</title></head><body>`)
		row := strings.Repeat(`<p>Lorem ipsum <a href="/privacy">privacy</a> contact me at a@b.example +44 20 7946 0000</p>`, 100)
		for n := 0; n < 3<<20; n += len(row) {
			io.WriteString(w, row)
		}
	})
	// Elements nested 400 deep (the HTML parser allows 512 open elements).
	mux.HandleFunc("/deep", func(w http.ResponseWriter, r *http.Request) {
		html(w)
		io.WriteString(w, `<!DOCTYPE html><html><head><title>Deep</title></head><body>`)
		io.WriteString(w, strings.Repeat(`<div><section>`, 200))
		io.WriteString(w, `<p>bottom <a href="/privacy">Privacy</a></p>`)
		io.WriteString(w, strings.Repeat(`</section></div>`, 200))
		io.WriteString(w, `</body></html>`)
	})
	// Elements nested 50,000 deep: more than the parser takes.
	mux.HandleFunc("/deeper", func(w http.ResponseWriter, r *http.Request) {
		html(w)
		io.WriteString(w, `<!DOCTYPE html><html><head><title>Deeper</title></head><body>`)
		io.WriteString(w, strings.Repeat(`<div><section>`, 25000))
		io.WriteString(w, `<p>bottom <a href="/privacy">Privacy</a></p>`)
		io.WriteString(w, strings.Repeat(`</section></div>`, 25000))
		io.WriteString(w, `</body></html>`)
	})
	// Inline elements nested 480 deep, each with text (quadratic text
	// extraction would show).
	mux.HandleFunc("/spans", func(w http.ResponseWriter, r *http.Request) {
		html(w)
		io.WriteString(w, `<!DOCTYPE html><html><head><title>Spans</title></head><body>`)
		io.WriteString(w, strings.Repeat(`<span>Tel. 030 1234567 <strong>x`, 240))
		io.WriteString(w, `</body></html>`)
	})
	// Binary junk that claims to be HTML.
	mux.HandleFunc("/binary", func(w http.ResponseWriter, r *http.Request) {
		html(w)
		b := make([]byte, 256<<10)
		x := uint32(2463534242)
		for i := range b {
			x ^= x << 13
			x ^= x >> 17
			x ^= x << 5
			b[i] = byte(x)
		}
		w.Write(b)
	})
	// Headers and a little body, then nothing until the client gives up.
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		html(w)
		io.WriteString(w, `<!DOCTYPE html><html><head><title>Slow</title></head><body><p>Loading`)
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	// A redirect to itself.
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	// Many links to pages that do not exist: the page limit applies.
	mux.HandleFunc("/links", func(w http.ResponseWriter, r *http.Request) {
		html(w)
		io.WriteString(w, `<!DOCTYPE html><html><head><title>Links</title></head><body>`)
		for i := 0; i < 5000; i++ {
			fmt.Fprintf(w, `<a href="/gone/%d">page %d</a> `, i, i)
		}
		io.WriteString(w, `</body></html>`)
	})
	mux.HandleFunc("/privacy", func(w http.ResponseWriter, r *http.Request) {
		html(w)
		io.WriteString(w, `<!DOCTYPE html><html lang="en"><head><title>Privacy</title></head><body><h1>Privacy policy</h1><p>We keep nothing.</p></body></html>`)
	})
	return testsite.ServeHandler(t, mux)
}

func TestRunHostilePages(t *testing.T) {
	srv := hostileSite(t)
	start := time.Now()
	r := run(t, srv.URL+"/", crawler.Options{Timeout: 2 * time.Second, MaxPages: 60, Concurrency: 4, MaxBodySize: 1 << 20})
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("the audit took %v", d)
	}
	if len(r.Checks) != len(checks.All()) {
		t.Errorf("report has %d checks, want %d", len(r.Checks), len(checks.All()))
	}
	for _, c := range r.Checks {
		if c.Status == "error" {
			t.Errorf("check %s: error: %s", c.ID, c.Summary)
		}
	}
	if r.Complete {
		t.Errorf("report is complete; 5000 links cannot fit in 60 pages")
	}
	if r.Crawl.Pages != 60 {
		t.Errorf("crawl.pages = %d, want the 60 of MaxPages", r.Crawl.Pages)
	}
	home := page(t, r, "/")
	if !home.HTML || !home.PrivacyPolicyLinked || len(home.Contact.Emails) != 1 {
		t.Errorf("home page = %+v", home)
	}
	if p := page(t, r, "/slow"); p.Error == "" || p.HTML {
		t.Errorf("/slow never finishes: want an error, got %+v", p)
	}
	if p := page(t, r, "/loop"); p.Error == "" {
		t.Errorf("/loop redirects forever: want an error, got %+v", p)
	}
	for _, path := range []string{"/huge", "/deep", "/deeper", "/spans", "/binary"} {
		if p := page(t, r, path); p.Status != 200 {
			t.Errorf("%s: status %d, want 200 (error %q)", path, p.Status, p.Error)
		}
	}
	if p := page(t, r, "/deep"); !p.HTML || !p.PrivacyPolicyLinked {
		t.Errorf("/deep links the privacy policy 400 elements down: html %v, privacyPolicyLinked %v, error %q", p.HTML, p.PrivacyPolicyLinked, p.Error)
	}
	if p := page(t, r, "/deeper"); p.HTML || !strings.Contains(p.Error, "unparsable HTML") {
		t.Errorf("/deeper: html %v, error %q; want an unparsable-HTML error", p.HTML, p.Error)
	}
	if p := page(t, r, "/spans"); !p.HTML || len(p.Contact.Phones) != 1 {
		t.Errorf("/spans: html %v, phones %q (error %q); want 030 1234567", p.HTML, p.Contact.Phones, p.Error)
	}
	if p := page(t, r, "/binary"); !p.HTML || p.PrivacyPolicyLinked {
		t.Errorf("/binary: html %v, privacyPolicyLinked %v", p.HTML, p.PrivacyPolicyLinked)
	}
	// /huge is read up to MaxBodySize (the cut may split a phone number).
	if p := page(t, r, "/huge"); !p.HTML || !p.PrivacyPolicyLinked || !slices.Equal(p.Contact.Emails, []string{"a@b.example"}) || !slices.Contains(p.Contact.Phones, "+44 20 7946 0000") {
		t.Errorf("/huge: html %v, privacyPolicyLinked %v, contact %+v", p.HTML, p.PrivacyPolicyLinked, p.Contact)
	}
	if !r.Policy.Found || report.RelativeURL(r.Origin, r.Policy.URL) != "/privacy" {
		t.Errorf("policy = %s found %v, want /privacy found", r.Policy.URL, r.Policy.Found)
	}
	// The policy is 4 words long.
	wantStatus(t, check(t, r, "privacy-policy-reachable"), "fail")
}

func TestRunStartPageNeverFinishes(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	srv := testsite.ServeHandler(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, "<!DOCTYPE html><html><head><title>Wait</title>")
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	start := time.Now()
	r, err := runErr(t, srv.URL+"/", crawler.Options{Timeout: time.Second})
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("the audit took %v with a 1s request timeout", d)
	}
	// The start page times out: the site cannot be audited.
	wantUnavailable(t, r, err, crawler.ErrUnreachable)
}

func TestRunCancelled(t *testing.T) {
	srv := hostileSite(t)
	ctx, cancel := context.WithTimeout(context.Background(), 700*time.Millisecond)
	defer cancel()
	start := time.Now()
	// MaxBodySize keeps /huge's extraction (CPU work that cancellation
	// cannot cut short) to a fraction of a second.
	r, err := audit.Run(ctx, srv.URL+"/", audit.Options{Crawl: crawler.Options{Timeout: 10 * time.Second, MaxPages: 60, MaxBodySize: 1 << 20}, Now: fixedNow})
	if d := time.Since(start); d > 5*time.Second*testsite.TimeScale {
		t.Errorf("the audit took %v after its context ended at 700ms", d)
	}
	if err != nil {
		t.Fatalf("audit.Run: %v; an interrupted audit reports what it has", err)
	}
	if r.Complete {
		t.Errorf("an interrupted audit is marked complete")
	}
	interrupted := false
	for _, w := range r.Warnings {
		interrupted = interrupted || strings.Contains(w, "interrupted")
	}
	if !interrupted {
		t.Errorf("warnings = %q, want one saying the audit was interrupted", r.Warnings)
	}
}
