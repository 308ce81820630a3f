package serve_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/privaudit/privaudit/serve"
	"github.com/privaudit/privaudit/store"
	"github.com/privaudit/privaudit/store/storetest"
)

// fillStart is when the synthetic audits start: one a night.
var fillStart = time.Date(2024, 1, 1, 3, 0, 0, 0, time.UTC)

// fixture is a store filled with synthetic audits, and what the tests
// need to know of it.
type fixture struct {
	st *store.Store
	// site has n audits; other a few.
	site, other string
	n           int
	// latest is the ID of the site's newest audit, first its oldest.
	latest, first int64
	// hash is a policy version of site with one before it.
	hash string
}

var (
	smallOnce, bigOnce sync.Once
	small, big         *fixture
	smallErr, bigErr   error
)

// smallStore is a store of 60 audits of one site (two policy versions),
// 3 of another and 2 of a third on an IPv6 address, shared by the tests.
func smallStore(t testing.TB) *fixture {
	t.Helper()
	smallOnce.Do(func() { small, smallErr = newFixture(60) })
	if smallErr != nil {
		t.Fatal(smallErr)
	}
	return small
}

// bigStore is a store of 1,000 audits of one site, shared by the latency
// test and the benchmarks. The tests that use it skip in -short mode, and
// under the race detector (it takes over a minute to fill, and latency
// means nothing there).
func bigStore(t testing.TB) *fixture {
	t.Helper()
	if testing.Short() {
		t.Skip("skipping the 1,000-audit store in -short mode")
	}
	if raceEnabled {
		t.Skip("skipping the 1,000-audit store under the race detector")
	}
	bigOnce.Do(func() { big, bigErr = newFixture(1000) })
	if bigErr != nil {
		t.Fatal(bigErr)
	}
	return big
}

// dirs holds the directories of the shared stores, removed by TestMain.
var dirs []string

func newFixture(n int) (*fixture, error) {
	ctx := context.Background()
	dir, err := mkdirTemp()
	if err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, filepath.Join(dir, "history.db"))
	if err != nil {
		return nil, err
	}
	f := &fixture{st: st, site: "shop.example", other: "blog.example", n: n}
	if err := storetest.Fill(ctx, st, f.site, n, fillStart); err != nil {
		return nil, fmt.Errorf("filling the store: %w", err)
	}
	if err := storetest.Fill(ctx, st, f.other, 3, fillStart); err != nil {
		return nil, fmt.Errorf("filling the store: %w", err)
	}
	// A site on an IPv6 address: its key is "::1".
	if err := storetest.Fill(ctx, st, "[::1]", 2, fillStart); err != nil {
		return nil, fmt.Errorf("filling the store: %w", err)
	}
	f.site, f.other = store.SiteKey(f.site), store.SiteKey(f.other)
	audits, err := st.Audits(ctx, f.site, time.Time{}, 0)
	if err != nil {
		return nil, err
	}
	if len(audits) != n {
		return nil, fmt.Errorf("storetest.Fill stored %d audits of %s, want %d", len(audits), f.site, n)
	}
	f.latest, f.first = audits[0].ID, audits[n-1].ID
	versions, err := st.PolicyVersions(ctx, f.site)
	if err != nil {
		return nil, err
	}
	if len(versions) < 2 {
		return nil, fmt.Errorf("storetest.Fill stored %d policy versions of %s, want 2 or more", len(versions), f.site)
	}
	f.hash = versions[len(versions)-1].Hash
	return f, nil
}

// get answers a request for target with h, with extra headers (name,
// value, ...).
func get(h http.Handler, method, target string, hdr ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Add(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func newHandler(t testing.TB, st *store.Store, opts serve.Options) http.Handler {
	t.Helper()
	h, err := serve.New(st, opts)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// wantCSP is the Content-Security-Policy of every answer.
const wantCSP = "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// TestRoutes checks each route's status, type and security headers.
func TestRoutes(t *testing.T) {
	f := smallStore(t)
	h := newHandler(t, f.st, serve.Options{})
	site := url.PathEscape(f.site)
	tests := []struct {
		path   string
		status int
		ctype  string
		// want is text the body must hold.
		want string
	}{
		{"/", 200, "text/html", f.site},
		{"/sites/" + site, 200, "text/html", "Score over time"},
		{"/sites/" + site + "?all=1", 200, "text/html", "Score over time"},
		{"/sites/" + url.PathEscape(f.other), 200, "text/html", f.other},
		{"/sites/unknown.example", 404, "text/html", "No audits of this site"},
		{"/sites/::1", 200, "text/html", "Score over time"},
		{"/api/sites/::1/audits", 200, "application/json", `"site": "::1"`},
		{"/sites/" + strings.ToUpper(site) + "?all=1", 301, "text/html", ""},
		{"/sites/www." + site + "/policy/" + f.hash, 301, "text/html", ""},
		{"/sites/%20", 404, "text/html", "No audits of this site"},
		{"/sites/" + site + "/", 404, "text/html", "no page at this address"},
		{fmt.Sprintf("/audits/%d", f.latest), 200, "text/html", "New findings"},
		{fmt.Sprintf("/audits/%d", f.first), 200, "text/html", "first audit"},
		{"/audits/99999999", 404, "text/html", "no audit with this number"},
		{"/audits/abc", 404, "text/html", "no audit with this number"},
		{"/audits/-1", 404, "text/html", "no audit with this number"},
		{fmt.Sprintf("/audits/%d/report", f.latest), 200, "text/html", "Privacy audit"},
		{"/audits/99999999/report", 404, "text/html", "no audit with this number"},
		{"/sites/" + site + "/policy/" + f.hash, 200, "text/html", "Changes"},
		{"/sites/" + site + "/policy/0123abcd", 404, "text/html", "no stored policy version"},
		{"/sites/" + url.PathEscape(f.other) + "/policy/" + f.hash, 404, "text/html", "no stored policy version"},
		{"/api/sites", 200, "application/json", `"sites"`},
		{"/api/sites/" + site + "/audits", 200, "application/json", `"audits"`},
		{"/api/sites/unknown.example/audits", 404, "application/json", `"error"`},
		{"/api/sites/" + site + "/audits?limit=x", 400, "application/json", `"error"`},
		{"/api/sites/" + site + "/audits?since=yesterday", 400, "application/json", `"error"`},
		{"/api/nothing", 404, "application/json", `"error"`},
		{"/nothing", 404, "text/html", "no page at this address"},
		{"/assets/style.css", 200, "text/css", ":root"},
		{"/favicon.ico", 204, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			rec := get(h, "GET", tt.path)
			if rec.Code != tt.status {
				t.Errorf("status %d, want %d: %.300s", rec.Code, tt.status, rec.Body)
			}
			if rec.Code == http.StatusMovedPermanently {
				// The store's spelling of the site, the rest kept.
				want := "/sites/" + site + strings.TrimPrefix(strings.TrimPrefix(tt.path, "/sites/"+strings.ToUpper(site)), "/sites/www."+site)
				if loc := rec.Header().Get("Location"); loc != want {
					t.Errorf("Location %q, want %q", loc, want)
				}
				return
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, tt.ctype) {
				t.Errorf("Content-Type %q, want %s", ct, tt.ctype)
			}
			if !strings.Contains(strings.ToLower(rec.Body.String()), strings.ToLower(tt.want)) {
				t.Errorf("the body lacks %q: %.300s", tt.want, rec.Body)
			}
			for name, want := range map[string]string{
				"Content-Security-Policy": wantCSP,
				"X-Content-Type-Options":  "nosniff",
				"Referrer-Policy":         "no-referrer",
			} {
				if got := rec.Header().Get(name); got != want {
					t.Errorf("%s: %q, want %q", name, got, want)
				}
			}
			if strings.HasPrefix(tt.ctype, "text/html") && rec.Code == 200 {
				checkPage(t, rec.Body.Bytes(), tt.path)
			}
			// HEAD answers as GET does.
			if head := get(h, "HEAD", tt.path); head.Code != tt.status {
				t.Errorf("HEAD: status %d, want %d", head.Code, tt.status)
			}
		})
	}
}

// checkPage checks an HTML page: it parses, it holds no script, no event
// handler and nothing that loads from elsewhere, and every link of the
// interface is local.
func checkPage(t *testing.T, body []byte, path string) {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	report := strings.HasSuffix(path, "/report")
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "img", "iframe", "object", "embed", "form", "base":
				t.Errorf("<%s> element", n.Data)
			}
			for _, a := range n.Attr {
				switch {
				case strings.HasPrefix(a.Key, "on"):
					t.Errorf("<%s %s>: event handler", n.Data, a.Key)
				case a.Key == "src":
					t.Errorf("<%s src=%q>", n.Data, a.Val)
				case a.Key == "href" && n.Data == "link" && !strings.HasPrefix(a.Val, "/") && a.Val != "data:,":
					t.Errorf("<link href=%q>: loads from elsewhere", a.Val)
				case a.Key == "href" && !report && n.Data == "a" && !strings.HasPrefix(a.Val, "/") && !strings.HasPrefix(a.Val, "?") &&
					!strings.HasPrefix(a.Val, "#") && !strings.HasPrefix(a.Val, "https://") && !strings.HasPrefix(a.Val, "http://"):
					t.Errorf("<a href=%q>", a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
}

// TestMethods: the interface is read-only.
func TestMethods(t *testing.T) {
	f := smallStore(t)
	h := newHandler(t, f.st, serve.Options{})
	for _, m := range []string{"POST", "PUT", "PATCH", "DELETE", "OPTIONS"} {
		for _, p := range []string{"/", "/api/sites", fmt.Sprintf("/audits/%d", f.latest)} {
			rec := get(h, m, p)
			if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, HEAD" {
				t.Errorf("%s %s: status %d, Allow %q; want 405 and GET, HEAD", m, p, rec.Code, rec.Header().Get("Allow"))
			}
		}
	}
}

// countPoints counts the marks of the charts of a page: those of the score
// chart, and those of each check's chart by ID.
func countPoints(t *testing.T, body []byte) (trend int, checks map[string]int) {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	checks = map[string]int{}
	var walk func(n *html.Node, chart, check string)
	walk = func(n *html.Node, chart, check string) {
		if n.Type == html.ElementNode {
			class := attr(n, "class")
			if n.Data == "svg" && strings.Contains(class, "chart") {
				chart, check = class, attr(n, "data-check")
				if check != "" {
					checks[check] += 0
				}
			}
			if hasClass(class, "point") {
				switch {
				case check != "":
					checks[check]++
				case strings.Contains(chart, "trend"):
					trend++
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, chart, check)
		}
	}
	walk(doc, "", "")
	return trend, checks
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasClass(class, c string) bool {
	for _, f := range strings.Fields(class) {
		if f == c {
			return true
		}
	}
	return false
}

// TestSitePage checks the site's charts and tables: one point per audit,
// every check charted, the audits and the policy versions listed.
func TestSitePage(t *testing.T) {
	f := smallStore(t)
	h := newHandler(t, f.st, serve.Options{})
	rec := get(h, "GET", "/sites/"+url.PathEscape(f.site))
	if rec.Code != 200 {
		t.Fatalf("status %d", rec.Code)
	}
	body := rec.Body.Bytes()
	trend, checks := countPoints(t, body)
	if trend != f.n {
		t.Errorf("the score chart has %d points, want %d", trend, f.n)
	}
	if len(checks) == 0 {
		t.Error("no check charts")
	}
	for id, n := range checks {
		if n != f.n {
			t.Errorf("the chart of %s has %d points, want %d", id, n, f.n)
		}
	}
	if got := strings.Count(rec.Body.String(), `href="/audits/`); got < 2*f.n {
		t.Errorf("%d links to audits, want at least %d (a point and a row per audit)", got, 2*f.n)
	}
	if !strings.Contains(rec.Body.String(), `href="/sites/`+url.PathEscape(f.site)+`/policy/`+f.hash) {
		t.Error("no link to the newest policy version")
	}
	// Tooltips name the date and the score.
	if !regexp.MustCompile(`<title>\d{4}-\d\d-\d\d \d\d:\d\d UTC: \d+\.\d \([A-F]\)</title>`).Match(body) {
		t.Error("no tooltip with a date and a score")
	}
}

// TestSitePageLimit: the site page shows the last 365 audits, all with
// ?all=1.
func TestSitePageLimit(t *testing.T) {
	f := bigStore(t)
	h := newHandler(t, f.st, serve.Options{})
	rec := get(h, "GET", "/sites/"+url.PathEscape(f.site))
	if trend, _ := countPoints(t, rec.Body.Bytes()); trend != 365 {
		t.Errorf("the score chart has %d points, want the last 365", trend)
	}
	if !strings.Contains(rec.Body.String(), `href="?all=1"`) {
		t.Error("no link to every audit")
	}
	rec = get(h, "GET", "/sites/"+url.PathEscape(f.site)+"?all=1")
	body := rec.Body.String()
	if n := strings.Count(body, `/report">report</a>`); n != f.n {
		t.Errorf("?all=1: %d audits listed, want %d", n, f.n)
	}
	trend, _ := countPoints(t, rec.Body.Bytes())
	if trend == 0 || trend > 500 {
		t.Errorf("?all=1: the score chart has %d points, want 1 to 500 (thinned)", trend)
	}
}

// TestAPI checks the JSON answers' shape.
func TestAPI(t *testing.T) {
	f := smallStore(t)
	h := newHandler(t, f.st, serve.Options{})
	var sites struct {
		Sites []struct {
			Site   string    `json:"site"`
			Audits int       `json:"audits"`
			Scores []float64 `json:"scores"`
			Latest struct {
				ID    int64   `json:"id"`
				Score float64 `json:"score"`
				Grade string  `json:"grade"`
			} `json:"latest"`
		} `json:"sites"`
	}
	decode(t, get(h, "GET", "/api/sites"), &sites)
	if len(sites.Sites) != 3 {
		t.Fatalf("%d sites, want 3: %+v", len(sites.Sites), sites)
	}
	for _, s := range sites.Sites {
		if s.Site == f.site && (s.Audits != f.n || s.Latest.ID != f.latest || len(s.Scores) != 30 || s.Latest.Grade == "") {
			t.Errorf("%s: %+v", s.Site, s)
		}
	}

	type audits struct {
		Site   string            `json:"site"`
		More   bool              `json:"more"`
		Audits []json.RawMessage `json:"audits"`
	}
	var all audits
	decode(t, get(h, "GET", "/api/sites/"+url.PathEscape(f.site)+"/audits"), &all)
	if all.Site != f.site || len(all.Audits) != f.n || all.More {
		t.Errorf("site %q, %d audits, more %v; want %s, %d, false", all.Site, len(all.Audits), all.More, f.site, f.n)
	}
	var a store.Audit
	if err := json.Unmarshal(all.Audits[0], &a); err != nil || a.ID != f.latest || a.StartedAt.IsZero() || a.Grade == "" {
		t.Errorf("the first audit: %+v, %v", a, err)
	}
	var fields map[string]any
	if err := json.Unmarshal(all.Audits[0], &fields); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "site", "startedAt", "score", "grade", "gatePassed", "findings", "new", "fixed", "policyChanged"} {
		if _, ok := fields[k]; !ok {
			t.Errorf("an audit lacks %q: %v", k, fields)
		}
	}

	var some audits
	decode(t, get(h, "GET", "/api/sites/"+url.PathEscape(f.site)+"/audits?limit=5"), &some)
	if len(some.Audits) != 5 || !some.More {
		t.Errorf("?limit=5: %d audits, more %v", len(some.Audits), some.More)
	}
	since := fillStart.AddDate(0, 0, f.n-3).Format(time.DateOnly)
	var recent audits
	decode(t, get(h, "GET", "/api/sites/"+url.PathEscape(f.site)+"/audits?since="+since), &recent)
	if len(recent.Audits) == 0 || len(recent.Audits) >= f.n {
		t.Errorf("?since=%s: %d audits", since, len(recent.Audits))
	}
	var none audits
	decode(t, get(h, "GET", "/api/sites/"+url.PathEscape(f.site)+"/audits?since=2999-01-01"), &none)
	if none.Audits == nil || len(none.Audits) != 0 {
		t.Errorf("?since=2999-01-01: %+v, want an empty list", none)
	}
}

func decode(t *testing.T, rec *httptest.ResponseRecorder, v any) {
	t.Helper()
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/json" {
		t.Fatalf("status %d, Content-Type %q: %.300s", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
	}
	if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
		t.Fatal(err)
	}
}

// TestAuth checks the token: Bearer, ?token= and the session cookie.
func TestAuth(t *testing.T) {
	f := smallStore(t)
	const token = "s3cret-token"
	h := newHandler(t, f.st, serve.Options{Token: token})
	site := "/sites/" + url.PathEscape(f.site)

	for _, tt := range []struct {
		name   string
		hdr    []string
		target string
		status int
	}{
		{"none", nil, "/", 401},
		{"none API", nil, "/api/sites", 401},
		{"wrong bearer", []string{"Authorization", "Bearer nope"}, "/", 401},
		{"prefix of the token", []string{"Authorization", "Bearer s3cret"}, "/", 401},
		{"basic", []string{"Authorization", "Basic " + token}, "/", 401},
		{"wrong ?token", nil, "/?token=nope", 401},
		{"token as cookie", []string{"Cookie", "privaudit_session=" + token}, "/", 401},
		{"bearer", []string{"Authorization", "Bearer " + token}, "/", 200},
		{"bearer, any case", []string{"Authorization", "bearer " + token}, site, 200},
		{"bearer API", []string{"Authorization", "Bearer " + token}, "/api/sites", 200},
	} {
		rec := get(h, "GET", tt.target, tt.hdr...)
		if rec.Code != tt.status {
			t.Errorf("%s: status %d, want %d", tt.name, rec.Code, tt.status)
		}
		if rec.Code == 401 {
			if rec.Header().Get("WWW-Authenticate") == "" || !strings.HasPrefix(rec.Header().Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("%s: WWW-Authenticate %q", tt.name, rec.Header().Get("WWW-Authenticate"))
			}
			if b := rec.Body.String(); strings.Count(strings.TrimSpace(b), "\n") != 0 || strings.Contains(b, f.site) {
				t.Errorf("%s: body %q, want one line that shows nothing of the store", tt.name, b)
			}
		}
	}

	// A browser comes once with ?token=: a cookie, and a redirect to the
	// same address without the token.
	rec := get(h, "GET", site+"?all=1&token="+token)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("?token=: status %d, want 303", rec.Code)
	}
	if loc := rec.Header().Get("Location"); loc != site+"?all=1" {
		t.Errorf("?token=: Location %q, want %q", loc, site+"?all=1")
	}
	cookies := rec.Result().Cookies()
	if len(cookies) != 1 {
		t.Fatalf("?token=: %d cookies", len(cookies))
	}
	c := cookies[0]
	if !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/" || c.Value == "" || strings.Contains(c.Value, token) {
		t.Errorf("cookie %+v: want HttpOnly, SameSite=Strict, Path=/, and not the token", c)
	}
	if rec := get(h, "GET", site, "Cookie", c.Name+"="+c.Value); rec.Code != 200 {
		t.Errorf("with the cookie: status %d", rec.Code)
	}
	if rec := get(h, "GET", "/", "Cookie", c.Name+"="+c.Value+"x"); rec.Code != 401 {
		t.Errorf("with a cookie altered: status %d", rec.Code)
	}
	// Another process (another key) does not take the cookie.
	other := newHandler(t, f.st, serve.Options{Token: token})
	if rec := get(other, "GET", "/", "Cookie", c.Name+"="+c.Value); rec.Code != 401 {
		t.Errorf("another process's cookie: status %d, want 401", rec.Code)
	}
	// The redirect never leaves the server.
	rec = get(h, "GET", "//evil.example/?token="+token)
	if loc := rec.Header().Get("Location"); rec.Code != http.StatusSeeOther || strings.HasPrefix(loc, "//") || strings.Contains(loc, "evil") {
		t.Errorf("//evil.example/?token=: status %d, Location %q", rec.Code, loc)
	}
	// Every request needs the token, /favicon.ico too; the 401 page
	// gives the browser an empty icon so that it does not ask for it.
	rec = get(h, "GET", "/favicon.ico")
	if body := rec.Body.String(); rec.Code != http.StatusUnauthorized || !strings.Contains(body, `rel="icon" href="data:,"`) {
		t.Errorf("/favicon.ico without the token: status %d, body %q", rec.Code, body)
	}
	// Without a token every request is let in.
	if rec := get(newHandler(t, f.st, serve.Options{}), "GET", "/"); rec.Code != 200 {
		t.Errorf("no token set: status %d", rec.Code)
	}
}

func TestCheckAddr(t *testing.T) {
	for _, tt := range []struct {
		addr, token string
		ok          bool
	}{
		{"127.0.0.1:8080", "", true},
		{"127.0.0.2:8080", "", true},
		{"localhost:8080", "", true},
		{"LOCALHOST:0", "", true},
		{"[::1]:8080", "", true},
		{"::1", "", true},
		{"localhost", "", true},
		{"0.0.0.0:8080", "", false},
		{":8080", "", false},
		{"[::]:8080", "", false},
		{"192.168.1.10:8080", "", false},
		{"example.com:8080", "", false},
		{"localhost.example.com:80", "", false},
		{"0.0.0.0:8080", "t", true},
		{":8080", "t", true},
	} {
		err := serve.CheckAddr(tt.addr, tt.token)
		if (err == nil) != tt.ok {
			t.Errorf("CheckAddr(%q, %q) = %v, want ok %v", tt.addr, tt.token, err, tt.ok)
		}
		if err != nil {
			want := "--addr " + tt.addr + " is not a loopback address: set --token (or PRIVAUDIT_TOKEN) to serve it"
			if err.Error() != want {
				t.Errorf("CheckAddr(%q): %q, want %q", tt.addr, err, want)
			}
		}
	}
}

// TestStoreErrors: a store that fails gives a 500 of one line, logged,
// never a panic.
func TestStoreErrors(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(dir, "history.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := storetest.Fill(ctx, st, "shop.example", 3, fillStart); err != nil {
		t.Fatal(err)
	}
	audits, err := st.Audits(ctx, "shop.example", time.Time{}, 1)
	if err != nil || len(audits) == 0 {
		t.Fatal(audits, err)
	}
	var mu sync.Mutex
	var logged []string
	h := newHandler(t, st, serve.Options{Log: func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		logged = append(logged, fmt.Sprintf(format, args...))
	}})
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/", "/sites/shop.example", "/audits/" + strconv.FormatInt(audits[0].ID, 10),
		"/audits/" + strconv.FormatInt(audits[0].ID, 10) + "/report", "/sites/shop.example/policy/abc", "/api/sites", "/api/sites/shop.example/audits"} {
		rec := get(h, "GET", p)
		if rec.Code != 500 {
			t.Errorf("%s: status %d, want 500", p, rec.Code)
		}
		b, _ := io.ReadAll(rec.Body)
		if strings.Count(strings.TrimSpace(string(b)), "\n") > 0 && !strings.HasPrefix(p, "/api/") {
			t.Errorf("%s: body %q, want one line", p, b)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(logged) < 7 {
		t.Errorf("%d errors logged, want 7: %q", len(logged), logged)
	}
}

// TestLatency: each page answers in under 100 ms with 1,000 audits of a
// site (the best of 3).
func TestLatency(t *testing.T) {
	f := bigStore(t)
	h := newHandler(t, f.st, serve.Options{})
	for _, page := range pagesOf(f) {
		p := page[1]
		best := time.Hour
		for range 3 {
			start := time.Now()
			rec := get(h, "GET", p)
			if d := time.Since(start); d < best {
				best = d
			}
			if rec.Code != 200 {
				t.Fatalf("%s: status %d", p, rec.Code)
			}
		}
		t.Logf("%-10s %6.1f ms  %s", page[0], float64(best.Microseconds())/1000, p)
		if limit := 100 * time.Millisecond; best > limit {
			t.Errorf("%s: %v, want under %v", p, best, limit)
		}
	}
}

// pagesOf lists the pages of a fixture by name, one of each route.
func pagesOf(f *fixture) [][2]string {
	site := url.PathEscape(f.site)
	return [][2]string{
		{"index", "/"},
		{"site", "/sites/" + site},
		{"site-all", "/sites/" + site + "?all=1"},
		{"audit", fmt.Sprintf("/audits/%d", f.latest)},
		{"report", fmt.Sprintf("/audits/%d/report", f.latest)},
		{"policy", "/sites/" + site + "/policy/" + f.hash},
		{"api-sites", "/api/sites"},
		{"api-audits", "/api/sites/" + site + "/audits"},
	}
}

func BenchmarkPages(b *testing.B) {
	f := bigStore(b)
	h := newHandler(b, f.st, serve.Options{})
	for _, p := range pagesOf(f) {
		b.Run(p[0], func(b *testing.B) {
			for b.Loop() {
				if rec := get(h, "GET", p[1]); rec.Code != 200 {
					b.Fatalf("status %d", rec.Code)
				}
			}
		})
	}
}
