// Package evidence computes, once per audit and without any I/O, the facts
// that checks judge and the report shows: the HTML pages with what each
// one links and offers, the privacy and cookie policies chosen among the
// documents gathered (and their analysis), the cookie inventory with the
// policy sentence that explains each cookie, the third parties with the
// sentence that discloses each, and the contradictions between what the
// policy claims and what the crawl saw. It reads a record (package
// record), never a gatherer, so that a saved crawl is judged exactly as a
// live one.
package evidence

import (
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/privaudit/privaudit/catalog"
	"github.com/privaudit/privaudit/policy"
	"github.com/privaudit/privaudit/record"
	"github.com/privaudit/privaudit/scope"
)

// Site is everything known about the audited site. It is never changed
// after Build.
type Site struct {
	// Target is the URL the user asked to audit.
	Target string
	// Origin is the canonical origin (scheme://host[:port]).
	Origin string
	// Mode is how the site was gathered.
	Mode Mode
	// Scope decides what is first-party.
	Scope *scope.Scope
	// Crawl is the record the evidence was computed from.
	Crawl *record.Crawl
	// All holds one entry per fetched URL, in the record's order, with the
	// per-page facts of the HTML ones.
	All []Page
	// Pages are the HTML pages that answered without error, sorted by URL
	// (meta-refresh redirect pages left out): what the page checks judge.
	Pages []*Page
	// Truncated counts the Pages that were read in part, cut at the
	// gatherer's size limit (record.Page.Truncated). What such a page
	// shows counts; what it lacks may sit in the part not read, so it is
	// never judged for what it lacks, and what the site as a whole lacks
	// is judged from the pages read whole.
	Truncated int
	// PrivacyPolicy and CookiePolicy are the policy documents the pages
	// link to (nil when no link leads to one).
	PrivacyPolicy *PolicyDoc
	CookiePolicy  *PolicyDoc
	// Policy is the analysis of the privacy and cookie policies read
	// together (nil when neither could be read).
	Policy *policy.Analysis
	// Analysed are the URLs of the documents Policy read: the privacy
	// policy and its chapters, then the cookie policy.
	Analysed []string
	// Cookies are the cookies the site sets: those its responses set and,
	// in browser mode, those a browser found on the site's own domain,
	// whichever script set them (_ga, set on the site's domain by Google
	// Analytics). Each has its catalogue entry and the policy sentence
	// that explains it. The site decides their flags (cookie-security).
	Cookies []Cookie
	// ThirdPartyCookies are the cookies a browser found on other domains
	// than the site's (browser mode only): a third party's own cookies,
	// set by its responses or scripts, or inside its frames, such as IDE
	// on doubleclick.net. The site does not set their flags, but its pages
	// cause them to be stored, so its policy must explain them too (the
	// ePrivacy Directive asks it for every cookie): each has its catalogue
	// entry and explaining sentence as Cookies do. A cookie of another
	// domain that the site's own responses set stays in Cookies.
	ThirdPartyCookies []Cookie
	// ThirdParties are the other hosts the pages use, with the policy
	// sentence that discloses each.
	ThirdParties []ThirdParty
	// Contradictions are the claims of the policy that its own text or the
	// crawl contradicts.
	Contradictions []Contradiction
	// Targets holds what is known about link targets: the status of every
	// crawled URL and of every link target fetched after the crawl.
	Targets map[string]Target
	// Catalog answers what cookies and hosts are.
	Catalog *catalog.Catalog
	// Browser is what a browser saw, classified (nil in static mode).
	Browser *Browser
	// Regimes are the laws whose notice requirements apply (the GDPR, the
	// CCPA), and why: see RegimeValues.
	Regimes Regimes
	// PolicyHistory compares the privacy policy read with the version a
	// history store kept (nil: the audit has no store). A store is not part
	// of the record: the runner sets it right after Build
	// (ComparePolicy), and nothing changes it after.
	PolicyHistory *PolicyHistory

	have map[Kind]bool
	// targetChecks counts the link targets asked for outside the crawl.
	targetChecks int
}

// Has reports whether a kind of evidence was gathered.
func (s *Site) Has(k Kind) bool { return s.have[k] }

// Page is one fetched URL with the facts computed for it.
type Page struct {
	*record.Page
	// PolicyLinked is true when the page links a privacy policy whose
	// target is not known to be broken, or is the privacy policy itself.
	// On a truncated page, false only means that the part read has none.
	PolicyLinked bool
	// BrokenPolicyLinks are the page's privacy links that cannot be
	// reached (when it has no working one).
	BrokenPolicyLinks []string
	// HasContact is true when the page offers a way to make contact: an
	// e-mail address, a phone number, a postal address or a working
	// contact link. On a truncated page, false only means that the part
	// read offers none.
	HasContact bool
	// ContactPage is the page's first contact link not known to be broken.
	ContactPage string
	// RedirectsTo is where the page sends the visitor when it is a
	// redirect, not content: a meta refresh, or an HTTP redirect to a page
	// the crawl fetched by its own URL. The page checks skip it.
	RedirectsTo string
}

// PolicyDoc is a policy document read from the record.
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

// Cookie is a cookie the site set (Site.Cookies), or a third party's
// cookie its pages caused to be stored (Site.ThirdPartyCookies), with what
// the catalogue and the policy say of it.
type Cookie struct {
	record.Cookie
	// Known is the catalogue entry, when the name is known.
	Known *catalog.CookieEntry
	// FirstParty is true when the cookie's domain belongs to the site.
	FirstParty bool
	// ExplainedBy is the policy sentence that explains the cookie ("" when
	// none does). ByName is true when it names the cookie. BySetter is the
	// name of who sets the cookie when the sentence names that instead,
	// speaking of cookies or tracking: the cookie's platform ("Hotjar"),
	// or for a cookie of another domain, the service, company or domain
	// the catalogue gives that domain. When neither is set, the sentence
	// explains the cookie's purpose.
	ExplainedBy string
	ByName      bool
	BySetter    string
	// Via and SetBy say how ("http" or "script") and by which host a
	// browser saw the cookie set ("" for a cookie only the static crawl
	// saw).
	Via, SetBy string
}

// Explained reports whether the policy explains the cookie.
func (c Cookie) Explained() bool { return c.ExplainedBy != "" }

// Session reports whether the cookie ends with the browser session.
func (c Cookie) Session() bool { return c.Expires == "" && c.MaxAge <= 0 }

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
	// DisclosedBy is the policy sentence that names or describes the host
	// ("" when none does).
	DisclosedBy string
}

// Disclosed reports whether the policy names or describes the host.
func (t ThirdParty) Disclosed() bool { return t.DisclosedBy != "" }

// Used reports whether the pages make visitors contact the host: they load
// it, or send a form to it.
func (t ThirdParty) Used() bool { return t.Loads || slices.Contains(t.Kinds, string(record.KindForm)) }

// Tracker reports whether the host is a known analytics or advertising
// service.
func (t ThirdParty) Tracker() bool {
	return t.Known != nil && (t.Known.Category == "analytics" || t.Known.Category == "advertising" || t.Known.Category == "marketing")
}

// Build computes the evidence of a crawl record. It performs no I/O: the
// documents it reads (policies, link targets) are those the record holds.
// regimes are the laws asked for (RegimeValues, validated by the caller);
// none given is auto: the laws are decided from the site.
func Build(c *record.Crawl, cat *catalog.Catalog, regimes ...string) *Site {
	if cat == nil {
		cat = catalog.Builtin()
	}
	s := newSite(c, cat)
	s.buildCookies()
	s.buildThirdParties()
	s.buildBrowser()
	s.findPolicies(s.recorded)
	s.buildPageFacts()
	s.explainCookies()
	s.discloseThirdParties()
	s.findContradictions()
	s.Regimes = s.decideRegimes(regimes)
	return s
}

// newSite makes the pages and link targets of a record, the part of the
// evidence the documents stage needs to decide what to fetch.
func newSite(c *record.Crawl, cat *catalog.Catalog) *Site {
	mode := Mode(c.Gatherer)
	if mode == "" {
		mode = ModeStatic
	}
	s := &Site{
		Target: c.Start, Origin: c.Origin, Mode: mode, Scope: scopeOf(c), Crawl: c, Catalog: cat,
		Targets: map[string]Target{},
		// Without the documents stage (an interrupted audit) the policies
		// were not read: checks that need them give an error result, not a
		// verdict.
		have: map[Kind]bool{KindPages: true, KindCookies: true, KindThirdParties: true, KindPolicy: c.DocumentsGathered},
	}
	if c.HTTPProbe != nil {
		s.have[KindHTTPProbe] = true
	}
	s.All = make([]Page, len(c.Pages))
	fetched := make(map[string]bool, len(c.Pages))
	for i := range c.Pages {
		fetched[c.Pages[i].URL] = true
	}
	for i := range c.Pages {
		p := &c.Pages[i]
		s.All[i] = Page{Page: p}
		// Meta-refresh pages are redirects, not content: the checks skip
		// them, as they skip HTTP redirects. A URL that redirected to a
		// page the crawl also fetched by its own URL (/about to /about/) is
		// that page again, judged once.
		alias := p.FinalURL != p.URL && fetched[p.FinalURL]
		switch {
		case p.RefreshTo != "":
			s.All[i].RedirectsTo = p.RefreshTo
		case alias:
			s.All[i].RedirectsTo = p.FinalURL
		}
		if p.HTML && p.Status < 400 && p.Error == "" && p.RefreshTo == "" && !alias {
			s.Pages = append(s.Pages, &s.All[i])
			if p.Truncated {
				s.Truncated++
			}
		}
		s.Targets[p.URL] = Target{Status: p.Status, Error: p.Error}
		if p.FinalURL != p.URL {
			s.Targets[p.FinalURL] = Target{Status: p.Status, Error: p.Error}
		}
	}
	// A gatherer sorts its pages; a record made otherwise may not be.
	sort.SliceStable(s.Pages, func(i, j int) bool { return s.Pages[i].URL < s.Pages[j].URL })
	return s
}

// scopeOf rebuilds the scope a record was gathered with.
func scopeOf(c *record.Crawl) *scope.Scope {
	o, err := url.Parse(c.Origin)
	if err != nil || o.Host == "" {
		o = &url.URL{Scheme: "https", Host: "invalid"}
	}
	return scope.New(o, c.Scope.Aliases, c.Scope.IncludeSubdomains)
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
	sortCookies(s.Cookies)
}

// sortCookies sorts cookies by name, then domain.
func sortCookies(list []Cookie) {
	sort.SliceStable(list, func(i, j int) bool {
		if list[i].Name != list[j].Name {
			return list[i].Name < list[j].Name
		}
		return list[i].Domain < list[j].Domain
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
	return scope.Normalize(s.Scope.Canonical(u)).String()
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
