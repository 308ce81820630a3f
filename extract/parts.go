package extract

import (
	"net/url"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/privaudit/privaudit/scope"
)

// PolicyParts returns the sub-pages of a privacy centre: links of the
// policy page at finalURL to pages on its host under its path (/privacy/ ->
// /privacy/cookies/), normalised, at most max, in document order.
func PolicyParts(body []byte, finalURL string, max int) []string {
	base, err := url.Parse(finalURL)
	if err != nil {
		return nil
	}
	prefix := strings.TrimSuffix(base.Path, "/") + "/"
	if prefix == "/" {
		return nil
	}
	doc, err := ParseHTML(body)
	if err != nil {
		return nil
	}
	seen := map[string]bool{scope.Normalize(base).String(): true}
	var parts []string
	doc.Find("a[href]").EachWithBreak(func(_ int, a *goquery.Selection) bool {
		u, err := base.Parse(strings.TrimSpace(a.AttrOr("href", "")))
		if err != nil || u.Host != base.Host || !strings.HasPrefix(u.Path, prefix) || len(u.Path) <= len(prefix) {
			return true
		}
		u.RawQuery, u.Fragment = "", ""
		key := scope.Normalize(u).String()
		if !seen[key] {
			seen[key] = true
			parts = append(parts, key)
		}
		return len(parts) < max
	})
	return parts
}
