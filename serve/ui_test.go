package serve_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/privaudit/privaudit/audit"
	"github.com/privaudit/privaudit/crawler"
	"github.com/privaudit/privaudit/internal/testsite"
	"github.com/privaudit/privaudit/serve"
	"github.com/privaudit/privaudit/store"
)

// Hostile text the fixture site puts in a page title, a cookie name and
// its policy: it must show as text.
const (
	hostileScript = `<script>alert(1)</script>`
	hostileImg    = `"><img src=x onerror=alert(1)>`
	// hostileCookie is a cookie name: a token (RFC 6265) has no "<" nor
	// ";", but may hold a quote, "&", "`" and "|" ("&lt" unescaped would
	// read as "<").
	hostileCookie = "x'&lt`|~trk"
)

// night is one night's edit of the fixture site (testdata/sites/compliant):
// each replaces, in a file, a string that must be there.
type night []struct{ file, old, new string }

// nights are the fixture site's four nights: as it is; a tracking cookie
// with a hostile name and an events page with a hostile title that loads a
// tracker; a policy sentence changed and a hostile one added; the cookie
// and the page gone (the new policy stays).
var nights = []night{
	{},
	{
		{"_headers", "  Set-Cookie: bk_lang=en;", "  Set-Cookie: " + hostileCookie + "=1; Path=/; Max-Age=86400; Secure; SameSite=Lax\n  Set-Cookie: bk_lang=en;"},
		{"index.html", `<a href="/contact/">Contact</a></nav></header>`, `<a href="/contact/">Contact</a> <a href="/events/">Events</a></nav></header>`},
	},
	{
		{"privacy/index.html", "for twelve months", "for six months"},
		{"privacy/index.html", "<h2>Children</h2>", "<p>Notices such as &lt;script&gt;alert(1)&lt;/script&gt; and &quot;&gt;&lt;img src=x onerror=alert(1)&gt; are shown to you as plain text.</p>\n<h2>Children</h2>"},
	},
	{
		{"_headers", "  Set-Cookie: " + hostileCookie + "=1; Path=/; Max-Age=86400; Secure; SameSite=Lax\n", ""},
		{"index.html", ` <a href="/events/">Events</a>`, ""},
	},
}

// eventsPage is the events page of nights 1 and 2: a hostile title, and a
// tracker the policy does not name.
const eventsPage = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>` + hostileScript + ` ` + hostileImg + `</title>
<script src="https://cdn.tracker.example/t.js"></script></head>
<body><h1>Events</h1><p>Author readings every month.</p>
<footer><p>Alder &amp; Finch Books Ltd, 27 Canal Street, Manchester M1 3HE, United Kingdom</p>
<p>E-mail: <a href="mailto:hello@alderfinch.example">hello@alderfinch.example</a></p>
<nav><a href="/privacy/">Privacy policy</a> · <a href="/contact/">Contact</a></nav></footer></body></html>
`

// auditNights audits the fixture site once a night, as privaudit audit
// --store does, into st: each night's site is served from a copy of the
// fixture edited by that night and the nights before. It returns the
// site's key.
func auditNights(t *testing.T, st *store.Store) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second*testsite.TimeScale)
	defer cancel()
	dir := filepath.Join(t.TempDir(), "site")
	if err := os.CopyFS(dir, os.DirFS(testsite.FixtureDir(t, "compliant"))); err != nil {
		t.Fatal(err)
	}
	first := time.Date(2025, 3, 1, 2, 0, 0, 0, time.UTC)
	var site string
	for i, edits := range nights {
		for _, e := range edits {
			p := filepath.Join(dir, filepath.FromSlash(e.file))
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(b), e.old) {
				t.Fatalf("night %d: %s lacks %q (the fixture changed?)", i, e.file, e.old)
			}
			if err := os.WriteFile(p, []byte(strings.Replace(string(b), e.old, e.new, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		events := filepath.Join(dir, "events", "index.html")
		switch i {
		case 1:
			if err := os.MkdirAll(filepath.Dir(events), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(events, []byte(eventsPage), 0o644); err != nil {
				t.Fatal(err)
			}
		case 3:
			if err := os.RemoveAll(filepath.Dir(events)); err != nil {
				t.Fatal(err)
			}
		}

		srv := testsite.Serve(t, dir, true, nil)
		site = store.SiteKey(srv.URL)
		hist := &audit.History{}
		prev, err := st.LatestPolicy(ctx, site)
		switch {
		case errors.Is(err, store.ErrNotFound):
		case err != nil:
			t.Fatal(err)
		default:
			hist.Previous = prev
		}
		if hist.Earlier, err = st.Earlier(ctx, site, 0); err != nil {
			t.Fatal(err)
		}
		started := first.AddDate(0, 0, i)
		opts := audit.Options{
			Crawl:   crawler.Options{Transport: srv.Transport(), Timeout: 5 * time.Second * testsite.TimeScale, MaxPages: 50},
			Now:     func() time.Time { return started },
			History: hist,
		}
		rep, err := audit.Run(ctx, srv.URL+"/", opts)
		if err != nil {
			t.Fatalf("night %d: %v", i, err)
		}
		if hist.Current == nil {
			t.Fatalf("night %d: the audit read no policy", i)
		}
		if _, err := st.Save(ctx, rep, hist.Current); err != nil {
			t.Fatal(err)
		}
		srv.Close()
	}
	return site
}

// TestUIInChromium audits the fixture site over four nights into a SQLite
// store, serves the interface with a token, and drives headless Chromium
// through it: the token (401 without it, a cookie with ?token=), the site
// page (one point per audit in every chart), the audit with the hostile
// cookie and page, its full report, and the policy diff; on every page no
// console error, no exception, no dialog and no request that leaves the
// server, and the hostile text shown as text. Set PRIVAUDIT_SCREENSHOTS=DIR
// to keep the screenshots (else they go to a temporary directory).
func TestUIInChromium(t *testing.T) {
	c := startChromium(t)
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "history.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	site := auditNights(t, st)

	const token = "ui-test-token"
	h, err := serve.New(st, serve.Options{Token: token, Log: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	ui := httptest.NewServer(h)
	defer ui.Close()
	shots := os.Getenv("PRIVAUDIT_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}

	// Without the token: 401. With ?token=: in, at the address without it.
	if status := c.open(t, ui.URL+"/", 1280); status != 401 {
		t.Errorf("without the token: status %d, want 401", status)
	}
	// The 401 is an error in the console: the listener hears it.
	if problems, _, _ := c.take(); len(problems) == 0 {
		t.Error("the 401 logged no error in the console: the listener does not work")
	}
	if status := c.open(t, ui.URL+"/?token="+token, 1280); status != 200 {
		t.Fatalf("with ?token=: status %d, want 200", status)
	}
	if loc := eval[string](t, c, `location.href`); loc != ui.URL+"/" {
		t.Errorf("with ?token=: at %s, want %s/ (the token out of the address)", loc, ui.URL)
	}
	if !strings.Contains(eval[string](t, c, `document.body.innerText`), site) {
		t.Errorf("the index does not list %s", site)
	}
	c.checkClean(t, ui.URL, "index")

	// The site: one point per audit in the score chart and in each
	// check's chart.
	sitePage := ui.URL + "/sites/" + url.PathEscape(site)
	if status := c.open(t, sitePage, 1280); status != 200 {
		t.Fatalf("site page: status %d", status)
	}
	type counts struct {
		Trend  int            `json:"trend"`
		Checks map[string]int `json:"checks"`
		Rows   int            `json:"rows"`
		Width  int            `json:"width"`
	}
	const countJS = `(() => {
		const checks = {};
		for (const svg of document.querySelectorAll('svg[data-check]')) checks[svg.dataset.check] = svg.querySelectorAll('.point').length;
		return {trend: document.querySelectorAll('svg.chart.trend .point').length, checks,
			rows: document.querySelectorAll('table.audits tbody tr').length, width: document.documentElement.scrollWidth};
	})()`
	got := eval[counts](t, c, countJS)
	n := len(nights)
	if got.Trend != n || got.Rows != n {
		t.Errorf("the score chart has %d points and the table %d rows, want %d", got.Trend, got.Rows, n)
	}
	if len(got.Checks) < 5 {
		t.Errorf("%d check charts: %v", len(got.Checks), got.Checks)
	}
	for id, k := range got.Checks {
		if k != n {
			t.Errorf("the chart of %s has %d points, want %d", id, k, n)
		}
	}
	c.screenshot(t, shots, "site")
	c.checkClean(t, ui.URL, "site page")
	// At 375 pixels wide nothing but the tables' own boxes scrolls.
	c.open(t, sitePage, 375)
	if got := eval[counts](t, c, countJS); got.Width > 375 {
		t.Errorf("at 375 px the page is %d px wide", got.Width)
	}
	c.screenshot(t, shots, "site-375")
	c.checkClean(t, ui.URL, "site page at 375 px")

	audits, err := st.Audits(ctx, site, time.Time{}, 0)
	if err != nil || len(audits) != n {
		t.Fatalf("%d audits, %v", len(audits), err)
	}
	type facts struct {
		Text     string `json:"text"`
		Imgs     int    `json:"imgs"`
		Scripts  int    `json:"scripts"`
		Handlers int    `json:"handlers"`
		Added    string `json:"added"`
		Removed  string `json:"removed"`
	}
	const factsJS = `({
		text: document.body.innerText,
		imgs: document.querySelectorAll('img').length,
		scripts: document.scripts.length,
		handlers: document.querySelectorAll('[onerror],[onload],[onclick]').length,
		added: [...document.querySelectorAll('.diff .added')].map(e => e.textContent).join('\n'),
		removed: [...document.querySelectorAll('.diff .removed')].map(e => e.textContent).join('\n'),
	})`
	noMarkup := func(what string, f facts) {
		t.Helper()
		if f.Imgs != 0 || f.Scripts != 0 || f.Handlers != 0 {
			t.Errorf("%s: text from the site became elements: %d images, %d scripts, %d handlers", what, f.Imgs, f.Scripts, f.Handlers)
		}
	}

	// The second night's audit: the hostile cookie and the tracker
	// appeared, with new findings.
	night1 := audits[n-2]
	auditPage := ui.URL + "/audits/" + strconv.FormatInt(night1.ID, 10)
	if status := c.open(t, auditPage, 1280); status != 200 {
		t.Fatalf("audit page: status %d", status)
	}
	f := eval[facts](t, c, factsJS)
	noMarkup("audit page", f)
	for _, want := range []string{hostileCookie + "@127.0.0.1", "cdn.tracker.example", "New findings"} {
		if !strings.Contains(f.Text, want) {
			t.Errorf("the audit page does not show %q:\n%s", want, f.Text)
		}
	}
	c.screenshot(t, shots, "audit")
	c.checkClean(t, ui.URL, "audit page")

	// Its full report renders under the interface's CSP, the hostile
	// title as text.
	if status := c.open(t, auditPage+"/report", 1280); status != 200 {
		t.Fatalf("report: status %d", status)
	}
	f = eval[facts](t, c, factsJS)
	noMarkup("report", f)
	for _, want := range []string{"Privacy audit", hostileScript + " " + hostileImg, hostileCookie} {
		if !strings.Contains(f.Text, want) {
			t.Errorf("the report does not show %q", want)
		}
	}
	c.checkClean(t, ui.URL, "report")

	// The policy diff of the third night: the changed sentence removed and
	// added, the hostile sentence added, as text.
	versions, err := st.PolicyVersions(ctx, site)
	if err != nil || len(versions) != 2 {
		t.Fatalf("%d policy versions, %v; want 2", len(versions), err)
	}
	if status := c.open(t, ui.URL+"/sites/"+url.PathEscape(site)+"/policy/"+versions[1].Hash, 1280); status != 200 {
		t.Fatalf("policy page: status %d", status)
	}
	f = eval[facts](t, c, factsJS)
	noMarkup("policy page", f)
	if !strings.Contains(f.Removed, "twelve months") || !strings.Contains(f.Added, "six months") {
		t.Errorf("the diff shows removed %q, added %q: want the twelve months removed, the six months added", f.Removed, f.Added)
	}
	if !strings.Contains(f.Added, hostileScript) || !strings.Contains(f.Added, hostileImg) {
		t.Errorf("the diff does not show the hostile sentence as text: added %q", f.Added)
	}
	c.screenshot(t, shots, "policy")
	c.checkClean(t, ui.URL, "policy page")
	t.Logf("screenshots in %s", shots)
}
