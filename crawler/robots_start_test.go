package crawler

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/privaudit/privaudit/extract"
)

// A polite crawler asks robots.txt before its first request for a page.
func TestRobotsAskedBeforeTheStartPage(t *testing.T) {
	var pageHits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			_, _ = w.Write([]byte("User-agent: privaudit\nDisallow: /\n"))
			return
		}
		pageHits.Add(1)
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte("<html><body>hi</body></html>"))
	}))
	defer srv.Close()
	_, err := New(Options{}).Gather(context.Background(), srv.URL+"/")
	if !errors.Is(err, ErrRobotsDisallowed) {
		t.Fatalf("err = %v, want ErrRobotsDisallowed", err)
	}
	if n := pageHits.Load(); n != 0 {
		t.Errorf("the start page was requested %d times despite robots.txt", n)
	}
	// --ignore-robots fetches it.
	if _, err := New(Options{IgnoreRobots: true}).Gather(context.Background(), srv.URL+"/"); err != nil {
		t.Fatalf("IgnoreRobots: %v", err)
	}
	if pageHits.Load() == 0 {
		t.Error("IgnoreRobots: the start page was not fetched")
	}
}

// A URL first found beyond --max-depth is fetched when it turns up again
// within reach.
func TestDepthLimitRevisitsShallowerLinks(t *testing.T) {
	pages := map[string]string{
		"/":     `<a href="/a">a</a> <a href="/slow">slow</a>`,
		"/a":    `<a href="/a/b">b</a>`,
		"/a/b":  `<a href="/deep">deep</a>`, // /deep at depth 3: too deep
		"/slow": `<a href="/deep">deep</a>`, // /deep at depth 2: within reach
		"/deep": `leaf`,
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if r.URL.Path == "/slow" {
			// Reached after /a/b has already offered /deep at depth 3.
			time.Sleep(150 * time.Millisecond)
		}
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte("<html><body>" + body + "</body></html>"))
	}))
	defer srv.Close()
	res, err := New(Options{MaxDepth: 2, NoSitemaps: true}).Gather(context.Background(), srv.URL+"/")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range res.Pages {
		if strings.HasSuffix(p.URL, "/deep") {
			found = true
		}
	}
	if !found || res.Skipped != 0 || !res.Complete {
		t.Errorf("/deep fetched %v, skipped %d, complete %v; want true, 0, true", found, res.Skipped, res.Complete)
	}
}

func TestLegacyCharsets(t *testing.T) {
	latin1 := []byte("<html><head><meta charset=\"iso-8859-1\"><title>Datenschutzerkl\xe4rung</title></head><body><a href=\"/ds\">Datenschutzerkl\xe4rung</a></body></html>")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html") // no charset: the page declares it
		_, _ = w.Write(latin1)
	}))
	defer srv.Close()
	c := New(Options{MaxPages: 1, NoSitemaps: true})
	res, err := c.Gather(context.Background(), srv.URL+"/")
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Pages[0].Title; got != "Datenschutzerklärung" {
		t.Errorf("title %q, want it decoded from ISO-8859-1", got)
	}
	doc, err := c.Fetch(context.Background(), srv.URL+"/ds")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc.Body), "Datenschutzerklärung") {
		t.Errorf("fetched document not decoded: %q", doc.Body)
	}
	if got := extract.ToUTF8([]byte("déjà vu"), ""); string(got) != "déjà vu" {
		t.Errorf("valid UTF-8 must pass unchanged: %q", got)
	}
}

// A start page that meta-refreshes to another URL at once is followed like
// a redirect, so the crawl adopts the target's origin.
func TestStartMetaRefreshIsFollowed(t *testing.T) {
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte(`<html><body><a href="/privacy">Privacy</a></body></html>`))
	}))
	defer target.Close()
	placeholder := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte(`<html><head><meta http-equiv="refresh" content="0; url=` + target.URL + `/"></head><body>Moved</body></html>`))
	}))
	defer placeholder.Close()
	res, err := New(Options{NoSitemaps: true}).Gather(context.Background(), placeholder.URL+"/")
	if err != nil {
		t.Fatal(err)
	}
	if res.Origin != target.URL {
		t.Errorf("origin %q, want the refresh target %q", res.Origin, target.URL)
	}
}

// robots.txt is read once for the start check, the sitemap seeds and every
// later page, and a path it disallows is skipped without a request; the
// start page is read once.
func TestRobotsReadOnce(t *testing.T) {
	var mu sync.Mutex
	hits := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits[r.URL.Path]++
		mu.Unlock()
		switch r.URL.Path {
		case "/robots.txt":
			_, _ = w.Write([]byte("User-agent: *\nDisallow: /private/\nSitemap: http://" + r.Host + "/sitemap.xml\n"))
		case "/sitemap.xml":
			_, _ = w.Write([]byte(`<urlset><url><loc>http://` + r.Host + `/from-sitemap</loc></url></urlset>`))
		default:
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte(`<a href="/a">a</a> <a href="/private/x">x</a> <a href="/privacy">Privacy policy</a>`))
		}
	}))
	defer srv.Close()
	res, err := New(Options{}).Gather(context.Background(), srv.URL+"/")
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, p := range []string{"/robots.txt", "/", "/a", "/privacy", "/from-sitemap", "/sitemap.xml"} {
		if hits[p] != 1 {
			t.Errorf("%s requested %d times, want once (all: %v)", p, hits[p], hits)
		}
	}
	if hits["/private/x"] != 0 || res.Skipped != 1 {
		t.Errorf("a disallowed path: %d requests, %d skipped; want none and 1", hits["/private/x"], res.Skipped)
	}
	// The page a privacy link leads to keeps its body, to be read as the
	// policy without a second request; other pages do not.
	if d := res.Document(srv.URL + "/privacy"); d == nil || !d.OK() || d.Body == "" {
		t.Errorf("the policy page's body is kept: %+v", d)
	}
	if res.Document(srv.URL+"/a") != nil {
		t.Error("a page no privacy link leads to is not kept")
	}
}
