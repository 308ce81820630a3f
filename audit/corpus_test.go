package audit_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/privaudit/privaudit/crawler"
	"github.com/privaudit/privaudit/internal/testsite"
	"github.com/privaudit/privaudit/report"
)

// The corpus tests audit the real sites of ../shared/corpus/sites/NAME,
// served from disk, and check what each SOURCE.txt says a careful reader
// finds there. Counts are of the pages a crawl from the start page reaches
// (orphaned files are not), so they are asserted as ranges where the notes
// give a heuristic.

// auditCorpus serves the corpus site name from disk and audits it from
// path (up to 1000 pages).
func auditCorpus(t *testing.T, name, path string, opts crawler.Options) *report.Report {
	t.Helper()
	srv := testsite.Serve(t, testsite.CorpusSite(t, name), false, nil)
	if opts.MaxPages == 0 {
		opts.MaxPages = 1000
	}
	r := run(t, srv.URL+path, opts)
	for _, c := range r.Checks {
		if c.Status == "error" {
			t.Errorf("check %s: status error: %s", c.ID, c.Summary)
		}
	}
	return r
}

// htmlPages returns the HTML pages that answered without error.
// htmlPages returns the pages the page checks read: HTML content pages
// (meta-refresh redirects left out).
func htmlPages(r *report.Report) []report.PageSummary {
	var out []report.PageSummary
	for _, p := range r.Pages {
		if p.HTML && p.Status < 400 && p.Error == "" && p.RedirectsTo == "" {
			out = append(out, p)
		}
	}
	return out
}

func between(t *testing.T, what string, got, lo, hi float64) {
	t.Helper()
	if got < lo || got > hi {
		t.Errorf("%s = %v, want between %v and %v", what, got, lo, hi)
	}
}

func TestCorpusBluewallet(t *testing.T) {
	t.Parallel()
	opts := crawler.Options{Aliases: []string{"bluewallet.io", "www.bluewallet.io"}}
	r := auditCorpus(t, "bluewallet", "/", opts)
	pages := htmlPages(r)
	between(t, "HTML pages", float64(len(pages)), 50, 87)

	// 34 of the 87 files lack a link to /privacy/: every docs/* page
	// among them.
	link := check(t, r, "privacy-policy-link")
	wantStatus(t, link, "fail")
	between(t, "privacy-policy-link score", scoreOf(t, link), 0.5, 0.75)
	missing := findingsBySubject(r, link, "privacy-link")
	docs := 0
	for _, p := range pages {
		path := report.RelativeURL(r.Origin, p.URL)
		if strings.HasPrefix(path, "/docs/") {
			docs++
			if !slices.Contains(missing, path) || p.PrivacyPolicyLinked {
				t.Errorf("docs page %s: privacyPolicyLinked %v, no privacy-link finding; docs pages have no privacy link", path, p.PrivacyPolicyLinked)
			}
		}
	}
	if docs < 15 {
		t.Errorf("%d docs pages crawled, want 15+", docs)
	}
	if !slices.Contains(missing, "/pgp/") {
		t.Errorf("/pgp/ has no privacy link, but no finding: %v", missing)
	}
	if !page(t, r, "/").PrivacyPolicyLinked {
		t.Errorf("the home page links /privacy/")
	}

	// Contact details are missing on most pages; no page links a contact
	// page (the home page's "Contact Us" is inside an HTML comment).
	ci := check(t, r, "contact-info")
	wantStatus(t, ci, "fail")
	without := findingsBySubject(r, ci, "contact")
	between(t, "share of pages without contact information", float64(len(without))/float64(len(pages)), 0.6, 0.9)
	for _, p := range pages {
		if p.Contact.ContactPage != "" {
			t.Errorf("page %s: contactPage %q; no crawled page links a contact page", p.URL, p.Contact.ContactPage)
		}
	}

	// No cookies; the /privacy/ app policy says nothing of the site's
	// cookies or third parties.
	if len(r.Cookies) != 0 {
		t.Errorf("cookies %+v, want none", r.Cookies)
	}
	wantStatus(t, check(t, r, "cookies-explained"), "not-applicable")
	p := r.Policy
	if !p.Found || p.URL != r.Origin+"/privacy/" || p.Language != "en" || p.LastUpdated != "2021-07-05" {
		t.Errorf("policy %s found %v language %q lastUpdated %q", p.URL, p.Found, p.Language, p.LastUpdated)
	}
	wantCovered(t, r, []string{"children", "privacy-contact"}, []string{"cookies"})
	tpd := check(t, r, "third-party-disclosure")
	wantStatus(t, tpd, "fail")
	for _, host := range []string{"www.youtube.com", "cdnjs.cloudflare.com"} {
		tp, ok := thirdParty(r, host)
		if !ok || !tp.Loads || tp.Disclosed {
			t.Errorf("third party %s = %+v (found %v), want loaded and not disclosed", host, tp, ok)
		}
		if got := findingsBySubject(r, tpd, "host:"+host); len(got) != 1 {
			t.Errorf("third-party-disclosure findings for %s: %v, want one", host, got)
		}
	}
	// Google Analytics (gtag) is on the pages no link reaches: the old-site
	// backup and /marketplace/. Audited from /marketplace/, it is loaded
	// and not disclosed.
	if _, ok := thirdParty(r, "www.googletagmanager.com"); ok {
		t.Errorf("www.googletagmanager.com is loaded by no page reachable from /")
	}
	m := auditCorpus(t, "bluewallet", "/marketplace/", opts)
	tp, ok := thirdParty(m, "www.googletagmanager.com")
	if !ok || !tp.Loads || tp.Disclosed || tp.Category != "analytics" {
		t.Errorf("from /marketplace/: www.googletagmanager.com = %+v (found %v), want analytics loaded and not disclosed", tp, ok)
	}
	if got := findingsBySubject(m, check(t, m, "third-party-disclosure"), "host:www.googletagmanager.com"); !slices.Equal(got, []string{"/marketplace/"}) {
		t.Errorf("from /marketplace/: googletagmanager findings on %v, want /marketplace/", got)
	}
	if r.Score >= 60 {
		t.Errorf("score %v: the site is not compliant", r.Score)
	}
}

func TestCorpusUKDigitalLand(t *testing.T) {
	t.Parallel()
	r := auditCorpus(t, "uk-digital-land", "/", crawler.Options{})
	pages := htmlPages(r)
	between(t, "HTML pages", float64(len(pages)), 150, 344)

	// No page links a privacy policy.
	link := check(t, r, "privacy-policy-link")
	wantStatus(t, link, "fail")
	wantScore(t, link, 0)
	if got := findingsBySubject(r, link, "privacy-link"); len(got) != len(pages) {
		t.Errorf("%d privacy-link findings, want one per HTML page (%d)", len(got), len(pages))
	}
	for _, p := range pages {
		if p.PrivacyPolicyLinked {
			t.Errorf("page %s: privacyPolicyLinked true", p.URL)
		}
	}
	if r.Policy.Found || r.Policy.URL != "" {
		t.Errorf("policy %q found %v; the site has no privacy policy", r.Policy.URL, r.Policy.Found)
	}
	wantStatus(t, check(t, r, "privacy-policy-reachable"), "fail")
	// The only policy to read is /cookies: coverage fails.
	wantStatus(t, check(t, r, "policy-coverage"), "fail")

	// The cookie policy names every cookie, Google Analytics among them.
	if r.Policy.CookiePolicyURL != r.Origin+"/cookies" {
		t.Errorf("cookiePolicyUrl %q, want %s/cookies", r.Policy.CookiePolicyURL, r.Origin)
	}
	if n := r.Policy.Names; n == nil || !isSubset([]string{"cookies_preferences_set", "cookies_policy", "_ga", "_gid", "_gat"}, n.Cookies) {
		t.Errorf("policy names %+v, want the five cookies of /cookies", n)
	}
	wantCovered(t, r, []string{"cookies"}, nil)
	ga, ok := thirdParty(r, "www.google-analytics.com")
	if !ok || !ga.Loads || ga.Service != "Google Analytics" || !ga.Disclosed || float64(ga.Pages) < 0.9*float64(len(pages)) {
		t.Errorf("www.google-analytics.com = %+v (found %v), want loaded on ~every page and disclosed by /cookies", ga, ok)
	}

	// No contact page; mailto: on a few blog pages only.
	ci := check(t, r, "contact-info")
	wantStatus(t, ci, "fail")
	between(t, "contact-info score", scoreOf(t, ci), 0, 0.3)
	if got := findingsBySubject(r, ci, "contact"); float64(len(got)) < 0.85*float64(len(pages)) {
		t.Errorf("%d of %d pages lack contact information, want 85%%+", len(got), len(pages))
	}
	if r.Score >= 50 {
		t.Errorf("score %v: the site is not compliant", r.Score)
	}
}

func TestCorpusCodesai(t *testing.T) {
	t.Parallel()
	r := auditCorpus(t, "codesai-es-2016", "/", crawler.Options{})
	pages := htmlPages(r)
	between(t, "HTML pages", float64(len(pages)), 15, 46)

	// No privacy policy, no privacy link.
	link := check(t, r, "privacy-policy-link")
	wantStatus(t, link, "fail")
	wantScore(t, link, 0)
	if got := findingsBySubject(r, link, "privacy-link"); len(got) != len(pages) {
		t.Errorf("%d privacy-link findings, want one per HTML page (%d)", len(got), len(pages))
	}
	if r.Policy.Found {
		t.Errorf("policy %q found; the site has none", r.Policy.URL)
	}
	wantStatus(t, check(t, r, "policy-coverage"), "fail")

	// The cookie banner links the Spanish cookie policy, which names
	// Google Analytics.
	if r.Policy.CookiePolicyURL != r.Origin+"/cookie-policy" {
		t.Errorf("cookiePolicyUrl %q, want %s/cookie-policy", r.Policy.CookiePolicyURL, r.Origin)
	}
	if r.Policy.Language != "es" {
		t.Errorf("policy language %q, want es", r.Policy.Language)
	}
	if n := r.Policy.Names; n == nil || !slices.Contains(n.Companies, "Google Analytics") {
		t.Errorf("policy names %+v, want Google Analytics", n)
	}
	wantCovered(t, r, []string{"cookies"}, nil)
	ci := check(t, r, "contact-info")
	wantStatus(t, ci, "fail")
	between(t, "contact-info score", scoreOf(t, ci), 0, 0.3)

	// /contact/ is the unedited template. No page links it, so audit it on
	// its own.
	c := auditCorpus(t, "codesai-es-2016", "/contact/", crawler.Options{MaxPages: 1, NoSitemaps: true})
	ph := findingsBySubject(c, check(t, c, "contact-info"), "placeholder:contact@mail.com")
	if !slices.Equal(ph, []string{"/contact/"}) {
		t.Errorf("placeholder findings for contact@mail.com on %v, want /contact/", ph)
	}
	if r.Score >= 40 {
		t.Errorf("score %v: the site is not compliant", r.Score)
	}
}

func TestCorpusFAIMS(t *testing.T) {
	t.Parallel()
	// The pages link the privacy policy at the production host.
	r := auditCorpus(t, "faims-macquarie-uni", "/", crawler.Options{Aliases: []string{"www.fedarch.org"}})
	pages := htmlPages(r)
	between(t, "HTML pages", float64(len(pages)), 190, 198)

	link := check(t, r, "privacy-policy-link")
	wantStatus(t, link, "pass", "warn")
	between(t, "privacy-policy-link score", scoreOf(t, link), 0.95, 1)
	p := r.Policy
	if !p.Found || !p.Linked || (p.URL != r.Origin+"/privacy" && p.URL != r.Origin+"/privacy/") {
		t.Errorf("policy %s found %v linked %v, want %s/privacy/", p.URL, p.Found, p.Linked, r.Origin)
	}
	if p.Language != "en" || p.Words < 1500 {
		t.Errorf("policy language %q, %d words", p.Language, p.Words)
	}
	wantStatus(t, check(t, r, "privacy-policy-reachable"), "pass")
	// Purpose, use, disclosure, retention and security, access and
	// correction, cookies, complaints; no children section.
	wantCovered(t, r, []string{"purpose", "third-party-sharing", "data-retention", "data-security", "user-access", "cookies", "privacy-contact"}, []string{"children"})

	ci := check(t, r, "contact-info")
	without := findingsBySubject(r, ci, "contact")
	if float64(len(without)) > 0.05*float64(len(pages)) {
		t.Errorf("%d of %d pages lack contact information, want ~none", len(without), len(pages))
	}
	// Google Analytics on every page, not named by the policy.
	ga, ok := thirdParty(r, "www.google-analytics.com")
	if !ok || !ga.Loads || ga.Disclosed || float64(ga.Pages) < 0.95*float64(len(pages)) {
		t.Errorf("www.google-analytics.com = %+v (found %v), want loaded on every page, not disclosed", ga, ok)
	}
	between(t, "score", r.Score, 55, 90)
}

// isSubset reports whether every element of sub is in set.
func isSubset(sub, set []string) bool {
	for _, s := range sub {
		if !slices.Contains(set, s) {
			return false
		}
	}
	return true
}
