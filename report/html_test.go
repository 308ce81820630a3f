package report

import (
	"github.com/privaudit/privaudit/internal/chromiumtest"

	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"
)

// TestHTMLStatic checks the HTML report without a browser: it parses, it
// has no script and nothing that loads from elsewhere, and the site's
// strings are text.
func TestHTMLStatic(t *testing.T) {
	out := render(t, "html", fixtureReport())
	doc, err := html.Parse(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "img", "iframe", "link", "object", "embed", "form", "base":
				t.Errorf("the HTML report has a <%s> element", n.Data)
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(a.Key, "on") {
					t.Errorf("<%s> has an event handler %s", n.Data, a.Key)
				}
				if a.Key == "href" && !strings.HasPrefix(a.Val, "#") && !strings.HasPrefix(a.Val, "https://") && !strings.HasPrefix(a.Val, "http://") {
					t.Errorf("<%s href=%q>: only fragments and http(s) links", n.Data, a.Val)
				}
				if a.Key == "src" {
					t.Errorf("<%s src=%q>", n.Data, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if !bytes.Contains(out, []byte(`http-equiv="Content-Security-Policy" content="default-src 'none'`)) {
		t.Error("no Content-Security-Policy")
	}
	if !bytes.Contains(out, []byte("@media print")) {
		t.Error("no print style sheet")
	}
	// url( in CSS or @import would load something.
	if m := regexp.MustCompile(`(?i)url\(|@import`).Find(out); m != nil {
		t.Errorf("the style sheet loads something: %q", m)
	}
	text := textOf(doc)
	for _, want := range []string{hostile, hostileMD, "sess`|<b>id</b>", "We, " + hostile + ", are the controller."} {
		if !strings.Contains(text, want) {
			t.Errorf("the text does not show %q", want)
		}
	}
}

// chromiumPath finds a Chromium or Chrome binary.
func chromiumPath() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless_shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browserPage is a page open in headless Chromium, with what the browser
// reported while it loaded.
type browserPage struct {
	ctx      context.Context
	url      string
	mu       sync.Mutex
	problems []string // exceptions, console errors, log entries of level error
	requests []string // the URL of every request
}

// openInChromium writes page to a file and opens it in a headless Chromium
// of its own, offline and with a fresh profile, skipping the test when
// there is no Chromium. The browser closes at the end of the test.
func openInChromium(t *testing.T, content []byte) *browserPage {
	t.Helper()
	if testing.Short() {
		t.Skip("skipping the browser test in -short mode")
	}
	bin := chromiumPath()
	if bin == "" {
		t.Skip("skipping: no Chromium binary found (install the chromium package, as .ci/run does, or set CHROMIUM=/path/to/chrome)")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "report.html")
	if err := os.WriteFile(file, content, 0o644); err != nil {
		t.Fatal(err)
	}
	p := &browserPage{url: (&url.URL{Scheme: "file", Path: filepath.ToSlash(file)}).String()}

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, chromiumtest.Options(bin, dir)...)
	t.Cleanup(cancelAlloc)
	listen := func(ev any) {
		p.mu.Lock()
		defer p.mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventExceptionThrown:
			p.problems = append(p.problems, "exception: "+(&chromedp.ExceptionError{ExceptionDetails: ev.ExceptionDetails}).Error())
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				p.problems = append(p.problems, fmt.Sprintf("console.%s: %s", ev.Type, strings.Join(args, " ")))
			}
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError {
				p.problems = append(p.problems, fmt.Sprintf("log (%s): %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
			}
		case *network.EventRequestWillBeSent:
			p.requests = append(p.requests, ev.Request.URL)
		}
	}
	bctx, cancelBrowser := chromedp.NewContext(actx, chromedp.WithListener(listen))
	t.Cleanup(cancelBrowser)
	p.ctx = bctx
	if err := chromedp.Do(bctx, chromedp.Navigate(p.url)); err != nil {
		if ctx.Err() != nil || strings.Contains(err.Error(), "exec") {
			t.Skipf("skipping: Chromium (%s) did not start: %v", bin, err)
		}
		t.Fatalf("opening the page: %v", err)
	}
	return p
}

// events returns what the browser reported, after a moment for late
// events (a failed load, a CSP violation) to arrive.
func (p *browserPage) events() (problems, otherRequests []string) {
	time.Sleep(200 * time.Millisecond)
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, u := range p.requests {
		if u != p.url {
			otherRequests = append(otherRequests, u)
		}
	}
	if len(p.requests) == 0 {
		otherRequests = append(otherRequests, "(no request seen, not even the page's: the network listener is not working)")
	}
	return append([]string(nil), p.problems...), otherRequests
}

// TestHTMLInChromium opens the HTML report in headless Chromium, offline:
// no console error, no exception, no request but the file itself, hostile
// titles shown as text with no element injected, and a print layout.
func TestHTMLInChromium(t *testing.T) {
	r := fixtureReport()
	p := openInChromium(t, render(t, "html", r))
	type facts struct {
		Title        string `json:"title"`
		Text         string `json:"text"`
		InjectedImgs int    `json:"injectedImgs"`
		Scripts      int    `json:"scripts"`
		Handlers     int    `json:"handlers"`
		Bars         int    `json:"bars"`
		JSLinks      int    `json:"jsLinks"`
		PageTitle    string `json:"pageTitle"`
		CookieName   string `json:"cookieName"`
	}
	got, err := chromedp.Run(p.ctx, chromedp.Evaluate[facts](`({
		title: document.title,
		text: document.body.textContent,
		injectedImgs: document.querySelectorAll('img[src=x], img').length,
		scripts: document.scripts.length,
		handlers: document.querySelectorAll('[onerror], [onload], [onclick]').length,
		bars: document.querySelectorAll('svg.chart g.bar').length,
		jsLinks: document.querySelectorAll('a[href^="javascript:" i]').length,
		pageTitle: document.querySelector('h2#pages + .scroll tbody').rows[0].cells[2].textContent,
		cookieName: document.querySelector('h2#cookies + .scroll tbody').rows[1].cells[0].textContent,
	})`))
	if err != nil {
		t.Fatalf("reading the page: %v", err)
	}
	if got.InjectedImgs != 0 || got.Scripts != 0 || got.Handlers != 0 {
		t.Errorf("markup from the site became elements: %d images, %d scripts, %d event handlers", got.InjectedImgs, got.Scripts, got.Handlers)
	}
	if got.PageTitle != hostile || got.CookieName != hostile {
		t.Errorf("the hostile page title and cookie name show as %q and %q, want %q", got.PageTitle, got.CookieName, hostile)
	}
	for _, want := range []string{hostile, hostileMD, "61.5", "grade D"} {
		if !strings.Contains(got.Text, want) {
			t.Errorf("the page does not show %q", want)
		}
	}
	if got.Bars != len(r.Checks) {
		t.Errorf("the chart has %d bars, want %d", got.Bars, len(r.Checks))
	}
	if got.JSLinks != 0 {
		t.Errorf("%d javascript: links", got.JSLinks)
	}
	if got.Title != "privaudit report: "+r.Target {
		t.Errorf("title %q", got.Title)
	}

	// The print layout: the style sheet applies and Chromium makes a PDF.
	if _, err := chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	maxWidth, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](`getComputedStyle(document.body).maxWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if maxWidth != "none" {
		t.Errorf("print: body max-width %q, want none (the print style sheet does not apply)", maxWidth)
	}
	pdf, err := chromedp.Call(p.ctx, page.PrintToPDF, page.PrintToPDFParams{})
	if err != nil {
		t.Fatalf("printing: %v", err)
	}
	if !bytes.HasPrefix(pdf.Data, []byte("%PDF")) {
		t.Error("printing gave no PDF")
	}

	problems, requests := p.events()
	for _, pr := range problems {
		t.Errorf("browser: %s", pr)
	}
	for _, u := range requests {
		t.Errorf("the report made a request for %s", u)
	}
}

// TestChromiumHarness shows that the browser test sees what it looks for:
// a page with an exception, a console error, an injected image and an
// external request fails every check that passes for the report.
func TestChromiumHarness(t *testing.T) {
	p := openInChromium(t, []byte(`<!DOCTYPE html><title>bad</title>
<img src="http://127.0.0.1:9/pixel.png"><script>console.error("boom"); undefinedFunction();</script>`))
	n, err := chromedp.Run(p.ctx, chromedp.Evaluate[int](`document.querySelectorAll('img').length`))
	if err != nil || n != 1 {
		t.Errorf("images: %d, %v", n, err)
	}
	problems, requests := p.events()
	joined := strings.Join(problems, "\n")
	for _, want := range []string{`console.error: "boom"`, "exception: ", "undefinedFunction"} {
		if !strings.Contains(joined, want) {
			t.Errorf("the harness missed %q; it saw:\n%s", want, joined)
		}
	}
	if !slices.Contains(requests, "http://127.0.0.1:9/pixel.png") {
		t.Errorf("the harness missed the image request; it saw %v", requests)
	}
}

// TestHTMLPresentation checks, without a browser, how the HTML report
// shows statuses, scores, the chart and the third parties.
func TestHTMLPresentation(t *testing.T) {
	r := fixtureReport()
	doc, err := html.Parse(bytes.NewReader(render(t, "html", r)))
	if err != nil {
		t.Fatal(err)
	}
	// Every check's status and score in the checks table: none for those
	// not scored.
	rows := map[string][]string{}
	for _, tr := range findAll(tableAfter(doc, "checks"), "tr") {
		cells := findAll(tr, "td")
		if len(cells) == 6 {
			id := textOf(findAll(cells[0], "code")[0])
			rows[id] = []string{textOf(cells[1]), textOf(cells[2])}
		}
	}
	for id, want := range map[string]string{
		"privacy-policy-link": "fail 50%", "cookie-security": "warn 80%", "https": "pass 100%",
		"consent-checkboxes": "not applicable –", "trust-seal": "informative –", "cookies-explained": "error –",
		"custom-check": "fail 0%",
	} {
		if got := strings.Join(rows[id], " "); got != want {
			t.Errorf("checks table, %s: %q, want %q", id, got, want)
		}
	}
	// The chart: bars coloured by score band, a stub for 0%, no bar for
	// a check without a score, and a key.
	bars := map[string]*html.Node{}
	for _, g := range findAll(doc, "g") {
		if attr(g, "class") == "bar" {
			bars[textOf(findAll(g, "text")[0])] = g
		}
	}
	for id, want := range map[string]string{
		"privacy-policy-link": "b-fair", "cookie-security": "b-fair", "https": "b-good", "custom-check": "b-poor",
		"consent-checkboxes": "", "trust-seal": "", "cookies-explained": "",
	} {
		rects := findAll(bars[id], "rect")
		got := ""
		if len(rects) == 2 {
			got = attr(rects[1], "class")
		}
		if got != want || len(rects) > 2 {
			t.Errorf("chart, %s: %d rects, bar %q, want %q", id, len(rects), got, want)
		}
	}
	if w := attr(findAll(bars["custom-check"], "rect")[1], "width"); w != fmt.Sprint(minBarWidth) {
		t.Errorf("the 0%% bar is %s wide, want a stub of %d", w, minBarWidth)
	}
	if got := textOf(bars["trust-seal"]); !strings.Contains(got, "informative, no score") {
		t.Errorf("trust-seal's chart row reads %q", got)
	}
	text := textOf(doc)
	for _, want := range []string{
		"90–100%: good", "50–89%: fair", "0–49%: poor", "no bar: not scored",
		"1 passed, 3 failed, 1 warned, 2 not applicable, 1 informative, 1 error",
		"2 hosts are contacted by the pages (loaded, or sent a form) and must be disclosed in the policy; 1 host is only linked to",
	} {
		if !strings.Contains(strings.Join(strings.Fields(text), " "), want) {
			t.Errorf("the report does not say %q", want)
		}
	}
	// Third parties: those that require disclosure first; a link needs
	// none.
	var hosts []string
	for _, tr := range findAll(tableAfter(doc, "third-parties"), "tr") {
		if cells := findAll(tr, "td"); len(cells) == 7 {
			hosts = append(hosts, textOf(cells[0])+": "+textOf(cells[6]))
		}
	}
	if want := []string{"cdn.evil.test: no", "fonts.example: yes", "social.example: not required"}; !slices.Equal(hosts, want) {
		t.Errorf("third parties %q, want %q", hosts, want)
	}
	// A cookie's Max-Age reads as a duration.
	if !strings.Contains(text, "1 day") || strings.Contains(text, "max-age") {
		t.Error("the cookie's expiry does not read 1 day")
	}
}

func TestScoreBand(t *testing.T) {
	for score, want := range map[float64]string{1: "good", 0.9: "good", 0.899: "fair", 0.5: "fair", 0.4999: "poor", 0: "poor"} {
		if got := scoreBand(score); got != want {
			t.Errorf("scoreBand(%v) = %q, want %q", score, got, want)
		}
	}
}

// findAll returns the elements named tag under n, in document order.
func findAll(n *html.Node, tag string) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == tag {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	if n != nil {
		walk(n)
	}
	return out
}

// tableAfter returns the first table after the heading with the id, or
// nil.
func tableAfter(doc *html.Node, id string) *html.Node {
	h := findID(doc, id)
	if h == nil {
		return nil
	}
	for n := h.NextSibling; n != nil; n = n.NextSibling {
		if t := findAll(n, "table"); len(t) > 0 {
			return t[0]
		}
	}
	return nil
}

// findID returns the element with the id, or nil.
func findID(n *html.Node, id string) *html.Node {
	if n.Type == html.ElementNode && attr(n, "id") == id {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findID(c, id); f != nil {
			return f
		}
	}
	return nil
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// TestHTMLLayout renders the fixture report in Chromium at 1280 and 420
// pixels wide: the page never scrolls sideways (wide tables scroll in
// their own box), and no identifier (check ID, cookie name, aspect, host)
// breaks across lines. It saves a full-page screenshot at each width into
// $PRIVAUDIT_SCREENSHOTS, or a temporary directory.
func TestHTMLLayout(t *testing.T) {
	r := fixtureReport()
	// A realistic long cookie name and aspect beside the hostile ones.
	r.Cookies = append(r.Cookies, CookieInfo{Name: "cart_session_identifier", Domain: "shop.test", Path: "/", Secure: true, MaxAge: 63072000, FirstSeenOn: r.Origin + "/shop/"})
	p := openInChromium(t, render(t, "html", r))
	dir := os.Getenv("PRIVAUDIT_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	type layout struct {
		InnerWidth  int      `json:"innerWidth"`
		ScrollWidth int      `json:"scrollWidth"`
		Split       []string `json:"split"`
		Wrapping    []string `json:"wrapping"`
		Unboxed     int      `json:"unboxed"`
		Tables      int      `json:"tables"`
		Idents      int      `json:"idents"`
	}
	for _, width := range []int{1280, 420} {
		if err := chromedp.Do(p.ctx, chromedp.EmulateViewport(int64(width), 900)); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(p.ctx, chromedp.Evaluate[layout](`(() => {
			const idents = [...document.querySelectorAll('td code, h3 code')];
			const tables = [...document.querySelectorAll('table')];
			return {
				innerWidth: window.innerWidth,
				scrollWidth: document.documentElement.scrollWidth,
				// An inline element split over lines has several boxes.
				split: idents.filter(e => e.getClientRects().length > 1).map(e => e.textContent),
				wrapping: idents.filter(e => getComputedStyle(e).whiteSpace !== 'nowrap').map(e => e.textContent),
				unboxed: tables.filter(t => !t.parentElement.classList.contains('scroll') ||
					!['auto', 'scroll'].includes(getComputedStyle(t.parentElement).overflowX)).length,
				tables: tables.length,
				idents: idents.length,
			};
		})()`))
		if err != nil {
			t.Fatal(err)
		}
		if got.InnerWidth != width {
			t.Fatalf("the viewport is %d wide, want %d", got.InnerWidth, width)
		}
		if got.ScrollWidth > got.InnerWidth {
			t.Errorf("%d px: the page is %d px wide: it scrolls sideways", width, got.ScrollWidth)
		}
		if len(got.Split) > 0 || len(got.Wrapping) > 0 {
			t.Errorf("%d px: identifiers split across lines %q, identifiers that may wrap %q", width, got.Split, got.Wrapping)
		}
		if got.Unboxed > 0 || got.Tables < 7 || got.Idents < 20 {
			t.Errorf("%d px: %d of %d tables outside a scrolling box; %d identifiers", width, got.Unboxed, got.Tables, got.Idents)
		}
		png, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(dir, fmt.Sprintf("report-%d.png", width))
		if err := os.WriteFile(file, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot at %d px: %s", width, file)
	}
	problems, _ := p.events()
	for _, pr := range problems {
		t.Errorf("browser: %s", pr)
	}
}
