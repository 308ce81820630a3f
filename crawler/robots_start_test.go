package crawler

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
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
	_, err := New(Options{}).Crawl(context.Background(), srv.URL+"/")
	if !errors.Is(err, ErrRobotsDisallowed) {
		t.Fatalf("err = %v, want ErrRobotsDisallowed", err)
	}
	if n := pageHits.Load(); n != 0 {
		t.Errorf("the start page was requested %d times despite robots.txt", n)
	}
	// --ignore-robots fetches it.
	if _, err := New(Options{IgnoreRobots: true}).Crawl(context.Background(), srv.URL+"/"); err != nil {
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
	res, err := New(Options{MaxDepth: 2, NoSitemaps: true}).Crawl(context.Background(), srv.URL+"/")
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
	res, err := c.Crawl(context.Background(), srv.URL+"/")
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
	if got := ToUTF8([]byte("déjà vu"), ""); string(got) != "déjà vu" {
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
	res, err := New(Options{NoSitemaps: true}).Crawl(context.Background(), placeholder.URL+"/")
	if err != nil {
		t.Fatal(err)
	}
	if res.Origin != target.URL {
		t.Errorf("origin %q, want the refresh target %q", res.Origin, target.URL)
	}
}
