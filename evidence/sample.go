package evidence

import (
	"net/url"
	"sort"
	"strings"

	"github.com/privaudit/privaudit/catalog"
	"github.com/privaudit/privaudit/record"
)

// Sample chooses the pages a browser renders, from a crawl whose documents
// were gathered: the start page, the privacy and cookie policies, the pages
// with forms, and one page per top-level path section (the shallowest,
// then the first by URL), up to n pages (n <= 0: every HTML page). The
// start page comes first: a consent banner is looked for there.
func Sample(c *record.Crawl, n int) []string {
	s := newSite(c, catalog.Builtin())
	s.findPolicies(s.recorded)
	var out []string
	seen := map[string]bool{}
	add := func(u string) {
		if u != "" && !seen[u] && (n <= 0 || len(out) < n) {
			seen[u] = true
			out = append(out, u)
		}
	}
	start := c.StartURL
	for _, p := range s.Pages {
		if p.URL == start {
			add(p.URL)
		}
	}
	if len(out) == 0 && len(s.Pages) > 0 {
		add(s.Pages[0].URL)
	}
	for _, d := range []*PolicyDoc{s.PrivacyPolicy, s.CookiePolicy} {
		if d.OK() && s.Scope.Contains(mustParse(d.URL)) {
			add(d.URL)
		}
	}
	for _, p := range s.Pages {
		if len(p.Forms) > 0 {
			add(p.URL)
		}
	}
	// One page per top-level section, the shallowest first.
	sections := map[string]*Page{}
	for _, p := range s.Pages {
		sec := section(p.URL)
		if q := sections[sec]; q == nil || p.Depth < q.Depth || (p.Depth == q.Depth && p.URL < q.URL) {
			sections[sec] = p
		}
	}
	names := make([]string, 0, len(sections))
	for sec := range sections {
		names = append(names, sec)
	}
	sort.Strings(names)
	for _, sec := range names {
		add(sections[sec].URL)
	}
	if n <= 0 {
		for _, p := range s.Pages {
			add(p.URL)
		}
	}
	return out
}

// section is the first segment of a URL's path ("" for the root).
func section(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	seg, _, _ := strings.Cut(strings.TrimPrefix(u.Path, "/"), "/")
	return seg
}

func mustParse(raw string) *url.URL {
	u, err := url.Parse(raw)
	if err != nil {
		return &url.URL{}
	}
	return u
}
