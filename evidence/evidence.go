// Package evidence turns a crawl into facts about the site that checks
// read: the HTML pages, the privacy and cookie policies (fetched and
// analysed), the cookie inventory and the third-party hosts. It is built
// once per audit and never changed afterwards.
package evidence

import (
	"context"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/privaudit/privaudit/catalog"
	"github.com/privaudit/privaudit/crawler"
	"github.com/privaudit/privaudit/policy"
)

// Kind names a piece of evidence a check can require.
type Kind string

// Evidence kinds.
const (
	KindPages        Kind = "pages"
	KindPolicy       Kind = "policy"
	KindCookies      Kind = "cookies"
	KindThirdParties Kind = "third-parties"
	KindHTTPProbe    Kind = "http-probe"
)

// Site is everything known about the audited site.
type Site struct {
	// Target is the URL the user asked to audit.
	Target string
	// Origin is the canonical origin (scheme://host[:port]).
	Origin string
	// Scope decides what is first-party.
	Scope *crawler.Scope
	// Crawl is the raw crawl result.
	Crawl *crawler.Result
	// Pages are the HTML pages that answered without error, sorted by URL
	// (meta-refresh redirect pages left out).
	Pages []*crawler.Page
	// PrivacyPolicy and CookiePolicy are the policy documents the pages
	// link to (nil when no link leads to one).
	PrivacyPolicy *PolicyDoc
	CookiePolicy  *PolicyDoc
	// Policy is the analysis of the privacy and cookie policies read
	// together (nil when neither could be read).
	Policy *policy.Analysis
	// Cookies are the cookies set, with their catalogue entry.
	Cookies []Cookie
	// ThirdParties are the other hosts the pages use.
	ThirdParties []ThirdParty
	// Targets holds what is known about link targets: the status of every
	// privacy, cookie-policy and contact link target that was fetched.
	Targets map[string]Target
	// Catalog answers what cookies and hosts are.
	Catalog *catalog.Catalog

	have map[Kind]bool
}

// Has reports whether a kind of evidence was gathered.
func (s *Site) Has(k Kind) bool { return s.have[k] }

// PolicyDoc is a fetched policy document.
type PolicyDoc struct {
	URL      string `json:"url"`
	FinalURL string `json:"finalUrl"`
	Status   int    `json:"status"`
	Error    string `json:"error,omitempty"`
	// LinkedFrom counts the HTML pages that link to it.
	LinkedFrom int `json:"linkedFrom"`
	// Linked is false when the document was found by its URL alone.
	Linked bool `json:"linked"`
	// Document is the parsed text (nil when it could not be read).
	Document *policy.Document `json:"-"`
	// Parts are the sub-pages of a privacy centre (pages under the
	// policy's own path that it links), read together with it.
	Parts     []string           `json:"parts,omitempty"`
	PartsDocs []*policy.Document `json:"-"`
}

// OK reports whether the document answered 200 and was parsed.
func (d *PolicyDoc) OK() bool { return d != nil && d.Status == 200 && d.Document != nil }

// Target is what is known of a link target.
type Target struct {
	Status int
	Error  string
}

// Broken reports whether the target cannot be reached.
func (t Target) Broken() bool { return t.Error != "" || t.Status >= 400 || t.Status == 0 }

// Cookie is a cookie the site set, with what the catalogue knows of it.
type Cookie struct {
	crawler.Cookie
	// Known is the catalogue entry, when the name is known.
	Known *catalog.CookieEntry
	// FirstParty is true when the cookie's domain belongs to the site.
	FirstParty bool
}

// ThirdParty is another host the site's pages use.
type ThirdParty struct {
	Host string
	// Pages counts the pages that use the host.
	Pages int
	// Kinds lists how the pages use it (script, iframe, image, form...).
	Kinds []string
	// ExampleURL is one URL used on the host, and ExamplePage a page using it.
	ExampleURL, ExamplePage string
	// Loads is true when the host is contacted as pages load (not only
	// linked to).
	Loads bool
	// Known is the catalogue entry, when the host is known.
	Known *catalog.HostEntry
}

// Fetcher fetches one document.
type Fetcher interface {
	Fetch(ctx context.Context, rawURL string) (*crawler.Document, error)
}

// Build gathers the evidence of a crawl. It fetches the linked policies
// (even on another host) and the status of the privacy links' targets.
func Build(ctx context.Context, res *crawler.Result, scope *crawler.Scope, f Fetcher, cat *catalog.Catalog) *Site {
	if cat == nil {
		cat = catalog.Builtin()
	}
	s := &Site{
		Target: res.Start, Origin: res.Origin, Scope: scope, Crawl: res, Catalog: cat,
		Targets: map[string]Target{},
		// Without a fetcher (an interrupted audit) the policies are not
		// read: checks that need them give an error result, not a verdict.
		have: map[Kind]bool{KindPages: true, KindCookies: true, KindThirdParties: true, KindPolicy: f != nil},
	}
	if res.HTTPProbe != nil {
		s.have[KindHTTPProbe] = true
	}
	for i := range res.Pages {
		p := &res.Pages[i]
		// Meta-refresh pages are redirects, not content: the checks skip
		// them, as they skip HTTP redirects.
		if p.HTML && p.Status < 400 && p.Error == "" && p.RefreshTo == "" {
			s.Pages = append(s.Pages, p)
		}
		s.Targets[p.URL] = Target{Status: p.Status, Error: p.Error}
		if p.FinalURL != p.URL {
			s.Targets[p.FinalURL] = Target{Status: p.Status, Error: p.Error}
		}
	}
	s.buildCookies()
	s.buildThirdParties()
	s.findPolicies(ctx, f)
	return s
}

func (s *Site) buildCookies() {
	for _, c := range s.Crawl.Cookies {
		// Only cookies the site's own responses set: a policy hosted
		// elsewhere may set its host's cookies when it is fetched.
		if u, err := url.Parse(c.FirstSeenOn); err != nil || !s.Scope.Contains(s.Scope.Canonical(u)) {
			continue
		}
		ec := Cookie{Cookie: c, FirstParty: s.Scope.FirstParty(c.Domain)}
		if e, ok := s.Catalog.Cookie(c.Name); ok {
			ec.Known = &e
		}
		s.Cookies = append(s.Cookies, ec)
	}
	sort.SliceStable(s.Cookies, func(i, j int) bool {
		if s.Cookies[i].Name != s.Cookies[j].Name {
			return s.Cookies[i].Name < s.Cookies[j].Name
		}
		return s.Cookies[i].Domain < s.Cookies[j].Domain
	})
}

func (s *Site) buildThirdParties() {
	byHost := map[string]*ThirdParty{}
	for _, p := range s.Pages {
		counted := map[string]bool{}
		for _, r := range p.Resources {
			if s.Scope.FirstParty(r.Host) {
				continue
			}
			tp := byHost[r.Host]
			if tp == nil {
				tp = &ThirdParty{Host: r.Host, ExampleURL: r.URL, ExamplePage: p.URL}
				if e, ok := s.Catalog.Host(r.Host); ok {
					tp.Known = &e
				}
				byHost[r.Host] = tp
			}
			if !counted[r.Host] {
				counted[r.Host] = true
				tp.Pages++
			}
			if !slices.Contains(tp.Kinds, string(r.Kind)) {
				tp.Kinds = append(tp.Kinds, string(r.Kind))
				sort.Strings(tp.Kinds)
			}
			if r.Kind.Loads() && !tp.Loads {
				tp.Loads = true
				tp.ExampleURL, tp.ExamplePage = r.URL, p.URL
			}
		}
	}
	for _, tp := range byHost {
		s.ThirdParties = append(s.ThirdParties, *tp)
	}
	sort.Slice(s.ThirdParties, func(i, j int) bool {
		a, b := s.ThirdParties[i], s.ThirdParties[j]
		if a.Pages != b.Pages {
			return a.Pages > b.Pages
		}
		return a.Host < b.Host
	})
}

// CanonicalLink maps a link URL to the form used as key of Targets and
// policy lookups (alias hosts rewritten, normalised).
func (s *Site) CanonicalLink(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return crawler.Normalize(s.Scope.Canonical(u)).String()
}

// PolicyURL is the URL findings about the policy point at: the privacy
// policy's, else the cookie policy's, else the site's home page.
func (s *Site) PolicyURL() string {
	switch {
	case s.PrivacyPolicy != nil:
		return s.PrivacyPolicy.URL
	case s.CookiePolicy != nil:
		return s.CookiePolicy.URL
	}
	return s.Origin + "/"
}

// ShortURL returns a URL of the site's origin as its path (for summaries),
// and other URLs whole.
func (s *Site) ShortURL(u string) string {
	if rest, ok := strings.CutPrefix(u, s.Origin); ok && strings.HasPrefix(rest, "/") {
		return rest
	}
	return u
}

// TargetOf returns what is known of a link's target; ok is false when it
// was never fetched.
func (s *Site) TargetOf(link string) (Target, bool) {
	t, ok := s.Targets[s.CanonicalLink(link)]
	return t, ok
}

// maxPolicyCandidates caps how many distinct policy links are tried.
const maxPolicyCandidates = 5

// maxTargetChecks caps how many link targets outside the crawl are fetched.
const maxTargetChecks = 20

func (s *Site) findPolicies(ctx context.Context, f Fetcher) {
	privacy := s.rankLinks(func(p *crawler.Page) []string { return p.PrivacyLinks })
	cookie := s.rankLinks(func(p *crawler.Page) []string { return p.CookiePolicyLinks })
	contact := s.rankLinks(func(p *crawler.Page) []string { return p.ContactLinks })
	s.checkTargets(ctx, f, privacy, cookie, contact)
	s.PrivacyPolicy = s.fetchPolicy(ctx, f, privacy)
	if s.PrivacyPolicy == nil {
		// A policy the pages don't link: found by its URL.
		for _, p := range s.Pages {
			if u, err := url.Parse(p.URL); err == nil && looksLikePolicyPath(u.Path) {
				s.PrivacyPolicy = s.fetchPolicy(ctx, f, []rankedLink{{url: p.URL}})
				if s.PrivacyPolicy != nil {
					s.PrivacyPolicy.Linked = false
					break
				}
			}
		}
	}
	if len(cookie) > 0 && (s.PrivacyPolicy == nil || cookie[0].url != s.PrivacyPolicy.URL) {
		s.CookiePolicy = s.fetchPolicy(ctx, f, cookie)
	}
	var docs []*policy.Document
	for _, d := range []*PolicyDoc{s.PrivacyPolicy, s.CookiePolicy} {
		if d.OK() {
			docs = append(docs, d.Document)
			docs = append(docs, d.PartsDocs...)
		}
	}
	if len(docs) > 0 {
		s.Policy = policy.Analyze(docs...)
	}
}

func looksLikePolicyPath(p string) bool {
	p = strings.ToLower(strings.Trim(p, "/"))
	for _, w := range []string{"privacy", "privacy-policy", "datenschutz", "datenschutzerklaerung", "privacidad", "politica-de-privacidad", "confidentialite", "politique-de-confidentialite", "privacybeleid", "privacyverklaring", "informativa-privacy", "privacy-notice", "privacy.html"} {
		if p == w || strings.HasSuffix(p, "/"+w) {
			return true
		}
	}
	return false
}

type rankedLink struct {
	url   string
	pages int
}

// rankLinks orders the distinct targets of one kind of link by the number
// of pages that link them.
func (s *Site) rankLinks(links func(*crawler.Page) []string) []rankedLink {
	count := map[string]int{}
	for _, p := range s.Pages {
		seen := map[string]bool{}
		for _, l := range links(p) {
			c := s.CanonicalLink(l)
			if !seen[c] {
				seen[c] = true
				count[c]++
			}
		}
	}
	out := make([]rankedLink, 0, len(count))
	for u, n := range count {
		out = append(out, rankedLink{u, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].pages != out[j].pages {
			return out[i].pages > out[j].pages
		}
		return out[i].url < out[j].url
	})
	return out
}

// checkTargets learns the status of link targets the crawl did not fetch
// (another host, or beyond the crawl's limits).
func (s *Site) checkTargets(ctx context.Context, f Fetcher, lists ...[]rankedLink) {
	n := 0
	for _, list := range lists {
		for _, l := range list {
			if _, ok := s.Targets[l.url]; ok || n >= maxTargetChecks || f == nil {
				continue
			}
			n++
			doc, err := f.Fetch(ctx, l.url)
			t := Target{}
			if err != nil {
				t.Error = err.Error()
			} else {
				t.Status = doc.Status
				t.Error = doc.Error
			}
			s.Targets[l.url] = t
		}
	}
}

// fetchPolicy fetches the best-linked candidate that answers with a readable
// document.
func (s *Site) fetchPolicy(ctx context.Context, f Fetcher, candidates []rankedLink) *PolicyDoc {
	if f == nil || len(candidates) == 0 {
		return nil
	}
	var first *PolicyDoc
	for i, c := range candidates {
		if i >= maxPolicyCandidates {
			break
		}
		if t, ok := s.Targets[c.url]; ok && t.Broken() && first != nil {
			continue
		}
		d := &PolicyDoc{URL: c.url, FinalURL: c.url, LinkedFrom: c.pages, Linked: c.pages > 0}
		doc, err := f.Fetch(ctx, c.url)
		switch {
		case err != nil:
			d.Error = err.Error()
		default:
			d.Status, d.FinalURL, d.Error = doc.Status, doc.FinalURL, doc.Error
			if doc.Status == 200 && doc.Error == "" {
				pd, perr := policy.Parse(policy.Source{URL: doc.FinalURL, Format: policy.Format(doc.Format()), Body: doc.Body})
				if perr != nil {
					d.Error = perr.Error()
				} else {
					d.Document = pd
					if doc.Format() == "html" {
						s.readParts(ctx, f, d, doc.Body)
					}
				}
			}
		}
		if d.OK() {
			return d
		}
		if first == nil {
			first = d
		}
	}
	return first
}

// maxPolicyParts caps the sub-pages of a privacy centre that are read.
const maxPolicyParts = 8

// readParts reads the sub-pages of a privacy centre: pages on the policy's
// host, under its path (/privacy/ -> /privacy/cookies/), that it links.
func (s *Site) readParts(ctx context.Context, f Fetcher, d *PolicyDoc, body []byte) {
	base, err := url.Parse(d.FinalURL)
	if err != nil {
		return
	}
	prefix := strings.TrimSuffix(base.Path, "/") + "/"
	if prefix == "/" {
		return
	}
	doc, err := crawler.ParseHTML(body)
	if err != nil {
		return
	}
	seen := map[string]bool{crawler.Normalize(base).String(): true}
	var parts []string
	doc.Find("a[href]").EachWithBreak(func(_ int, a *goquery.Selection) bool {
		u, err := base.Parse(strings.TrimSpace(a.AttrOr("href", "")))
		if err != nil || u.Host != base.Host || !strings.HasPrefix(u.Path, prefix) || len(u.Path) <= len(prefix) {
			return true
		}
		u.RawQuery, u.Fragment = "", ""
		key := crawler.Normalize(u).String()
		if !seen[key] {
			seen[key] = true
			parts = append(parts, key)
		}
		return len(parts) < maxPolicyParts
	})
	for _, p := range parts {
		pd, err := f.Fetch(ctx, p)
		if err != nil || pd.Status != 200 || pd.Error != "" {
			continue
		}
		parsed, err := policy.Parse(policy.Source{URL: pd.FinalURL, Format: policy.Format(pd.Format()), Body: pd.Body})
		if err != nil {
			continue
		}
		d.Parts = append(d.Parts, p)
		d.PartsDocs = append(d.PartsDocs, parsed)
	}
}

// AliasHint returns a host that is probably another name of the site: the
// host that most pages' privacy or contact links lead to, when it is not
// in scope. Sites often link their production host absolutely; audited
// under another name (a staging host, a local copy), they then look as if
// their policy were elsewhere. It returns "" when there is no such host.
func (s *Site) AliasHint() string {
	if len(s.Pages) == 0 {
		return ""
	}
	count := map[string]int{}
	for _, p := range s.Pages {
		seen := map[string]bool{}
		for _, l := range append(append([]string{}, p.PrivacyLinks...), p.ContactLinks...) {
			u, err := url.Parse(l)
			if err != nil || u.Host == "" || s.Scope.Contains(s.Scope.Canonical(u)) || seen[u.Host] {
				continue
			}
			seen[u.Host] = true
			count[u.Host]++
		}
	}
	best, n := "", 0
	for h, c := range count {
		if c > n || c == n && h < best {
			best, n = h, c
		}
	}
	if 2*n < len(s.Pages) {
		return ""
	}
	return best
}
