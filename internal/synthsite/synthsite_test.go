package synthsite

import (
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
)

// hrefs returns the in-site links of a page, without fragments.
func hrefs(page []byte) []string {
	var out []string
	for _, part := range strings.Split(string(page), `<a href="`)[1:] {
		href := part[:strings.IndexByte(part, '"')]
		if strings.HasPrefix(href, "/") {
			href, _, _ = strings.Cut(href, "#")
			if !slices.Contains(out, href) {
				out = append(out, href)
			}
		}
	}
	return out
}

func TestPages(t *testing.T) {
	site := New(2000, DefaultPageBytes)
	minLinks, maxLinks := 1<<30, 0
	total := 0
	for i := range site.N() {
		page := site.Render(nil, i)
		if i != 1 {
			total += len(page)
		}
		if i%97 != 0 && i > 20 && i != site.N()-1 {
			continue
		}
		if i != 1 && (len(page) < 20_000 || len(page) > 24_000) {
			t.Errorf("page %d is %d bytes, want about 22 KB", i, len(page))
		}
		if string(page) != string(site.Render(nil, i)) {
			t.Errorf("page %d is not deterministic", i)
		}
		links := hrefs(page)
		for _, h := range links {
			if site.Index(h) < 0 {
				t.Errorf("page %d links to %q, not a page of the site", i, h)
			}
		}
		minLinks, maxLinks = min(minLinks, len(links)), max(maxLinks, len(links))
		if !strings.Contains(string(page), `<a href="/privacy">Privacy policy</a>`) || !strings.Contains(string(page), ContactEmail) ||
			!strings.Contains(string(page), "10115 Berlin") {
			t.Errorf("page %d lacks the footer's privacy link or contact details", i)
		}
	}
	if minLinks < 20 || maxLinks > 40 {
		t.Errorf("distinct in-site links per page in [%d, %d], want 20-40", minLinks, maxLinks)
	}
	avg := total / (site.N() - 1)
	t.Logf("average page %d bytes; %d-%d distinct in-site links per page", avg, minLinks, maxLinks)
	if avg < 21_000 || avg > 23_000 {
		t.Errorf("average page %d bytes, want about 22 KB", avg)
	}
}

func TestPolicyPage(t *testing.T) {
	site := New(100, DefaultPageBytes)
	page := string(site.Render(nil, site.Index(PrivacyPath)))
	for _, want := range []string{"<h1>Privacy policy</h1>", "Controller", "Art. 6(1)(a) GDPR", "right to lodge a complaint",
		"withdraw", "Google Analytics", "How long we keep", "privacy@synthshop.de", `href="/cookie-policy"`} {
		if !strings.Contains(page, want) {
			t.Errorf("policy page lacks %q", want)
		}
	}
	if strings.Contains(page, "<h1>Page ") {
		t.Errorf("policy page is a filler page")
	}
	if n := len(hrefs([]byte(page))); n < 20 {
		t.Errorf("policy page has %d in-site links, want 20-40", n)
	}
}

// Every page is reachable from "/" by following links.
func TestReachable(t *testing.T) {
	site := New(3000, 2<<10)
	seen := map[string]bool{"/": true}
	queue := []string{"/"}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, h := range hrefs(site.Render(nil, site.Index(p))) {
			if !seen[h] {
				seen[h] = true
				queue = append(queue, h)
			}
		}
	}
	if len(seen) != site.N() {
		t.Errorf("%d pages reachable from /, want %d", len(seen), site.N())
	}
}

func TestServeAndCount(t *testing.T) {
	site := New(10, 4<<10)
	srv := httptest.NewServer(site)
	defer srv.Close()
	get := func(p string) (int, string) {
		resp, err := http.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("/robots.txt"); code != 200 || body != RobotsTxt {
		t.Errorf("robots.txt: %d %q", code, body)
	}
	if code, body := get("/p/7"); code != 200 || body != string(site.Render(nil, 7)) {
		t.Errorf("/p/7: %d, %d bytes", code, len(body))
	}
	for _, p := range []string{"/p/10", "/p/07", "/p/3", "/sitemap.xml"} {
		if code, _ := get(p); code != 404 {
			t.Errorf("%s: %d, want 404", p, code)
		}
	}
	for _, p := range site.Paths() {
		get(p)
	}
	get("/")
	get("/p/5")
	dup, missing := site.Duplicates("/")
	if !slices.Equal(dup, []string{"/p/5×2", "/p/7×2"}) || len(missing) != 0 { // "/" twice is allowed
		t.Errorf("Duplicates: %v, missing %v", dup, missing)
	}
	if site.Hits(7) != 2 || site.PageFetches() != 13 || site.RobotsFetches() != 1 || site.OtherRequests() != 4 {
		t.Errorf("Hits(7) %d PageFetches %d RobotsFetches %d OtherRequests %d; want 2, 13, 1, 4",
			site.Hits(7), site.PageFetches(), site.RobotsFetches(), site.OtherRequests())
	}
	site.Reset()
	if dup, missing := site.Duplicates(); len(dup) != 0 || len(missing) != site.N() || site.PageFetches() != 0 || site.OtherRequests() != 0 {
		t.Errorf("after Reset: dup %v, %d missing, %d fetches", dup, len(missing), site.PageFetches())
	}
}
