package checks

import (
	"testing"

	"github.com/privaudit/privaudit/record"
)

func TestHTTPS(t *testing.T) {
	hsts := func(p record.Page) record.Page { p.HSTS = "max-age=31536000; includeSubDomains"; return p }
	t.Run("HTTPS with HSTS everywhere", func(t *testing.T) {
		site := build(t, []record.Page{hsts(page("/", record.Info{})), hsts(page("/a", record.Info{}))}, nil, fakeFetcher{})
		site.Crawl.HTTPProbe = &record.HTTPProbe{Checked: true, URL: "http://shop.test/", Status: 301, Location: origin + "/", RedirectsToHTTPS: true}
		if res := run(t, HTTPS{}, site); res.Status != StatusPass || res.Score != 1 {
			t.Errorf("got %+v", res)
		}
	})
	t.Run("no HSTS, no redirect", func(t *testing.T) {
		site := build(t, []record.Page{page("/", record.Info{})}, nil, fakeFetcher{})
		site.Crawl.HTTPProbe = &record.HTTPProbe{Checked: true, URL: "http://shop.test/", Status: 200}
		res := run(t, HTTPS{}, site)
		if res.Status != StatusWarn && res.Status != StatusFail {
			t.Errorf("status %s", res.Status)
		}
		if !findingFor(res, origin+"/", "hsts") || !findingFor(res, "http://shop.test/", "http-redirect") {
			t.Errorf("findings %+v", res.Findings)
		}
		if res.Score != 0.6 {
			t.Errorf("score %v, want 0.6 (HTTPS only)", res.Score)
		}
	})
	t.Run("plain HTTP site", func(t *testing.T) {
		p := page("/", record.Info{})
		p.URL, p.FinalURL = "http://shop.test/", "http://shop.test/"
		site := build(t, []record.Page{p}, nil, fakeFetcher{})
		res := run(t, HTTPS{}, site)
		if res.Status != StatusFail || res.Score != 0 || !findingFor(res, "http://shop.test/", "http") {
			t.Errorf("got %+v", res)
		}
	})
}
