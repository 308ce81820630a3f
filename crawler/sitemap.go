package crawler

import (
	"compress/gzip"
	"context"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/privaudit/privaudit/record"
)

// maxSitemaps caps the sitemap files read (an index can list thousands).
const maxSitemaps = 25

// sitemapSeeds reads robots.txt "Sitemap:" lines and /sitemap.xml (sitemap
// indexes too) and returns the page URLs they list, at most MaxPages.
func (c *Crawler) sitemapSeeds(ctx context.Context, res *record.Crawl) []string {
	origin := c.scope.Origin()
	var queue []string
	// The Sitemap: lines of robots.txt, read once for the whole crawl.
	if robots := c.robots(ctx, origin); robots != nil {
		for _, sm := range robots.Sitemaps {
			if u, err := url.Parse(strings.TrimSpace(sm)); err == nil {
				queue = append(queue, c.scope.Canonical(u).String())
			}
		}
	}
	queue = append(queue, origin.String()+"/sitemap.xml")
	seen := map[string]bool{}
	var pages []string
	for len(queue) > 0 && len(seen) < maxSitemaps && len(pages) < c.opts.MaxPages {
		sm := queue[0]
		queue = queue[1:]
		if seen[sm] {
			continue
		}
		// Only the site's own sitemaps (robots.txt may name another host's).
		if u, err := url.Parse(sm); err != nil || !c.scope.Contains(c.scope.Canonical(u)) {
			continue
		}
		seen[sm] = true
		body, ok := c.get(ctx, sm, int64(c.opts.MaxBodySize))
		if !ok {
			continue
		}
		res.Sitemaps = append(res.Sitemaps, sm)
		locs, isIndex := parseSitemap(body)
		for _, loc := range locs {
			if isIndex {
				queue = append(queue, loc)
			} else if len(pages) < c.opts.MaxPages {
				pages = append(pages, loc)
			}
		}
	}
	return pages
}

// get fetches a small resource and returns its body when it answered 200.
func (c *Crawler) get(ctx context.Context, u string, limit int64) ([]byte, bool) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, false
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, false
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, false
	}
	var r io.Reader = io.LimitReader(resp.Body, limit)
	if strings.HasSuffix(req.URL.Path, ".gz") && resp.Header.Get("Content-Encoding") == "" {
		if gz, err := gzip.NewReader(r); err == nil {
			defer gz.Close()
			r = io.LimitReader(gz, limit)
		}
	}
	body, err := io.ReadAll(r)
	if err != nil {
		return nil, false
	}
	return body, true
}

// parseSitemap reads a sitemap or a sitemap index and returns its <loc>s.
func parseSitemap(body []byte) (locs []string, isIndex bool) {
	dec := xml.NewDecoder(strings.NewReader(string(body)))
	dec.Strict = false
	inLoc := false
	for {
		tok, err := dec.Token()
		if err != nil {
			return locs, isIndex
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "sitemapindex":
				isIndex = true
			case "loc":
				inLoc = true
			}
		case xml.EndElement:
			if t.Name.Local == "loc" {
				inLoc = false
			}
		case xml.CharData:
			if inLoc {
				if s := strings.TrimSpace(string(t)); s != "" {
					locs = append(locs, s)
				}
			}
		}
	}
}

// probeHTTP asks for the start page over plain HTTP without following
// redirects.
func (c *Crawler) probeHTTP(ctx context.Context, final *url.URL) *record.HTTPProbe {
	plain := *final
	plain.Scheme = "http"
	p := &record.HTTPProbe{URL: plain.String()}
	if final.Port() != "" {
		return p
	}
	p.Checked = true
	client := &http.Client{
		Transport:     c.client.Transport,
		Timeout:       c.opts.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, plain.String(), nil)
	if err != nil {
		p.Error = err.Error()
		return p
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	resp, err := client.Do(req)
	if err != nil {
		p.Error = describeNetError(err)
		return p
	}
	defer resp.Body.Close()
	p.Status = resp.StatusCode
	if loc, err := resp.Location(); err == nil {
		p.Location = loc.String()
		p.RedirectsToHTTPS = loc.Scheme == "https" && c.scope.Contains(c.scope.Canonical(loc))
	}
	return p
}
