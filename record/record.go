// Package record holds what a gatherer saw of a site, as plain JSON-tagged
// values: the pages and their extracted facts, the cookies the site set,
// the documents fetched after the crawl (policies, link targets) and the
// plain-HTTP probe. It imports nothing of privaudit, so that any gatherer
// (colly, a browser) can produce a record and evidence can read one
// without knowing who made it; a record saved to a file can be judged
// again offline (privaudit audit --from-record).
package record

// Version is the version of the record's format (semver: a new minor adds
// fields, a new major may change them). Read refuses another major.
const Version = "1.1.0"

// Crawl is the record of one gathering of a site.
type Crawl struct {
	// Version is the record format's version (Version when written).
	Version string `json:"version"`
	// Gatherer names what made the record ("static" for the HTTP crawler).
	Gatherer string `json:"gatherer"`
	// Start is the URL the crawl was asked to start from.
	Start string `json:"start"`
	// Origin is the site's canonical origin after redirects.
	Origin string `json:"origin"`
	// StartURL is the start page's final URL.
	StartURL string `json:"startUrl"`
	// Scope is how the site's extent was defined, so that evidence can
	// rebuild it from the record alone.
	Scope ScopeSettings `json:"scope"`
	// Limits are the limits the gathering ran with.
	Limits Limits `json:"limits"`
	// Pages holds one record per fetched URL, sorted by URL.
	Pages []Page `json:"pages"`
	// Cookies are the cookies the site's responses set.
	Cookies []Cookie `json:"cookies"`
	// Errors counts URLs that failed or answered with an error status.
	Errors int `json:"errors"`
	// Skipped counts in-scope URLs not fetched: robots.txt, page or depth
	// limit.
	Skipped int `json:"skipped"`
	// Truncated counts the pages whose body was longer than the size limit
	// (Page.Truncated).
	Truncated int `json:"truncated,omitempty"`
	// Complete is false when a limit or a cancellation cut the crawl short.
	Complete bool `json:"complete"`
	// HTTPProbe tells how the site answers plain http://.
	HTTPProbe *HTTPProbe `json:"httpProbe,omitempty"`
	// Warnings say what went wrong in gathering without stopping it.
	Warnings []string `json:"warnings,omitempty"`
	// Browser is what a browser saw, in browser mode (nil in static mode).
	Browser *Browser `json:"browser,omitempty"`
	// Sitemaps lists the sitemaps read.
	Sitemaps []string `json:"sitemaps,omitempty"`
	// Documents are the documents read whole: the policy candidates and
	// link targets fetched after the crawl, and pages of the crawl kept
	// because they may be a policy. Bodies are kept only where they may be
	// read as a policy.
	Documents []Document `json:"documents,omitempty"`
	// DocumentsGathered is true when the documents stage ran (an
	// interrupted audit skips it: the policy was then not read, which is
	// not the same as a site without one).
	DocumentsGathered bool `json:"documentsGathered"`
}

// Limits are the limits of a gathering.
type Limits struct {
	MaxPages    int `json:"maxPages"`
	MaxDepth    int `json:"maxDepth,omitempty"`
	Concurrency int `json:"concurrency"`
	// MaxTimeMS is --max-time in milliseconds (0: no limit).
	MaxTimeMS int64 `json:"maxTimeMs,omitempty"`
	// TimedOut is true when MaxTime ran out before the crawl finished.
	TimedOut bool `json:"timedOut,omitempty"`
	// Interrupted is true when the gathering was stopped (SIGINT, SIGTERM).
	Interrupted bool `json:"interrupted,omitempty"`
}

// ScopeSettings are the options that decide which URLs belong to the site.
type ScopeSettings struct {
	Aliases           []string `json:"aliases,omitempty"`
	IncludeSubdomains bool     `json:"includeSubdomains,omitempty"`
}

// Document returns the document recorded for url (its requested URL), or
// nil when none was.
func (c *Crawl) Document(url string) *Document {
	for i := range c.Documents {
		if c.Documents[i].URL == url {
			return &c.Documents[i]
		}
	}
	return nil
}
