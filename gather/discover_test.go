package gather_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/privaudit/privaudit/crawler"
	"github.com/privaudit/privaudit/gather"
	"github.com/privaudit/privaudit/record"
)

// Links that only the rendered DOM shows feed the crawl: each new in-scope
// page is fetched once and read like a crawled one; robots.txt and the
// page cap hold; other hosts and known pages are left alone.
func TestDiscover(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			_, _ = w.Write([]byte("User-agent: *\nDisallow: /private\n"))
			return
		case "/spa/account":
			hits.Add(1)
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte(`<html><body><a href="/privacy">Privacy policy</a> help@shop.test</body></html>`))
		default:
			hits.Add(1)
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	o := srv.URL
	c := &record.Crawl{Start: o, Origin: o, StartURL: o + "/", Complete: true, Limits: record.Limits{MaxPages: 3},
		Pages: []record.Page{{URL: o + "/", FinalURL: o + "/", Status: 200, HTML: true}},
		Browser: &record.Browser{Phases: []record.Phase{{Name: record.PhaseBefore, Pages: []record.RenderedPage{{URL: o + "/",
			Links: []string{o + "/spa/account", o + "/", o + "/private/x", "https://other.test/x", o + "/gone", o + "/z-over-the-cap"}}}}}}}
	n := gather.Discover(context.Background(), c, crawler.New(crawler.Options{}), 3)
	if n != 2 || len(c.Pages) != 3 {
		t.Fatalf("added %d, pages %+v; want /gone and /spa/account (the cap is 3 pages)", n, c.Pages)
	}
	var acct *record.Page
	for i := range c.Pages {
		if c.Pages[i].URL == o+"/spa/account" {
			acct = &c.Pages[i]
		}
	}
	if acct == nil || !acct.HTML || len(acct.PrivacyLinks) != 1 || len(acct.Contact.Emails) != 1 {
		t.Errorf("the discovered page is read like a crawled one: %+v", acct)
	}
	if c.Skipped != 1 || c.Errors != 1 || hits.Load() != 2 {
		t.Errorf("skipped %d (robots), errors %d (404), requests %d", c.Skipped, c.Errors, hits.Load())
	}
}
