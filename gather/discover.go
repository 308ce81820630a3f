package gather

import (
	"context"
	"net/url"
	"slices"
	"sort"

	"github.com/privaudit/privaudit/extract"
	"github.com/privaudit/privaudit/record"
	"github.com/privaudit/privaudit/scope"
)

// robotsAware is a Fetcher that knows what robots.txt allows.
type robotsAware interface {
	Allowed(ctx context.Context, url string) bool
}

// Discover fetches the pages that links in the rendered DOM lead to and the
// static crawl did not find (links that scripts write), up to maxPages
// pages in the crawl in all, and adds their records to c.Pages: the
// browser's links feed the crawl. It goes one level deep, in URL order,
// and returns the number of pages added.
func Discover(ctx context.Context, c *record.Crawl, f Fetcher, maxPages int) int {
	if c.Browser == nil || len(c.Browser.Phases) == 0 {
		return 0
	}
	origin, err := url.Parse(c.Origin)
	if err != nil {
		return 0
	}
	sc := scope.New(origin, c.Scope.Aliases, c.Scope.IncludeSubdomains)
	known := map[string]bool{}
	for _, p := range c.Pages {
		known[p.URL], known[p.FinalURL] = true, true
	}
	var fresh []string
	for _, rp := range c.Browser.Phases[0].Pages {
		for _, l := range rp.Links {
			u, err := url.Parse(l)
			if err != nil {
				continue
			}
			u = scope.Normalize(sc.Canonical(u))
			if key := u.String(); sc.Contains(u) && !known[key] {
				known[key] = true
				fresh = append(fresh, key)
			}
		}
	}
	sort.Strings(fresh)
	added := 0
	for _, u := range fresh {
		if ctx.Err() != nil || (maxPages > 0 && len(c.Pages) >= maxPages) {
			break
		}
		if r, ok := f.(robotsAware); ok && !r.Allowed(ctx, u) {
			c.Skipped++
			continue
		}
		d, err := f.Fetch(ctx, u)
		p := record.Page{URL: u, FinalURL: u, Depth: 1}
		switch {
		case err != nil:
			p.Error = err.Error()
		default:
			p.FinalURL, p.Status, p.ContentType, p.Truncated = d.FinalURL, d.Status, d.ContentType, d.Truncated
			p.Error = d.Error
			if d.OK() && extract.IsHTML(d.ContentType) {
				if doc, err := extract.ParseHTML([]byte(d.Body)); err == nil {
					base, _ := url.Parse(d.FinalURL)
					if base == nil {
						base, _ = url.Parse(u)
					}
					p.HTML, p.Info = true, extract.Extract(doc, base)
					p.Info.Links = nil
				}
			}
		}
		c.Pages = append(c.Pages, p)
		if p.Error != "" || p.Status >= 400 {
			c.Errors++
		}
		if p.Truncated {
			c.Truncated++
		}
		added++
	}
	slices.SortFunc(c.Pages, func(a, b record.Page) int {
		switch {
		case a.URL < b.URL:
			return -1
		case a.URL > b.URL:
			return 1
		}
		return 0
	})
	return added
}
