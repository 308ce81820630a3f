package audit_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/privaudit/privaudit/checks"
	"github.com/privaudit/privaudit/crawler"
	"github.com/privaudit/privaudit/internal/testsite"
	"github.com/privaudit/privaudit/policy"
	"github.com/privaudit/privaudit/report"
)

// fixtureEnv is what a fixture's assertions need to know of its servers.
type fixtureEnv struct {
	origin string // the audited site's origin
	host   string // its host:port
	other  string // policy-other-host: the origin of the server with the policy
}

// fixtures lists the sites of testdata/sites (see its README.md) with what
// their audit must report.
var fixtures = []struct {
	name  string
	tls   bool
	check func(t *testing.T, r *report.Report, env fixtureEnv)
}{
	{"compliant", true, checkCompliant},
	{"policy-home-only", false, checkPolicyHomeOnly},
	{"no-contact", false, checkNoContact},
	{"cookies-unexplained", false, checkCookiesUnexplained},
	{"policy-other-host", false, checkPolicyOtherHost},
	{"preticked-consent", true, checkPretickedConsent},
	{"http-form", true, checkHTTPForm},
	{"german", false, checkGerman},
}

func TestFixtures(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			t.Parallel()
			dir := testsite.FixtureDir(t, fx.name)
			var env fixtureEnv
			var srv *testsite.Server
			if fx.name == "policy-other-host" {
				// Two servers that know each other's address.
				srv = testsite.New(t, filepath.Join(dir, "www"), fx.tls)
				other := testsite.New(t, filepath.Join(dir, "legal"), fx.tls)
				other.Start(map[string]string{"OTHER": srv.URL})
				srv.Start(map[string]string{"OTHER": other.URL})
				env.other = other.URL
			} else {
				srv = testsite.Serve(t, dir, fx.tls, nil)
			}
			env.origin = srv.URL
			env.host = strings.TrimPrefix(strings.TrimPrefix(srv.URL, "https://"), "http://")
			opts := crawler.Options{}
			if fx.tls {
				opts.Transport = srv.Transport()
			}
			r := run(t, srv.URL+"/", opts)
			if r.Origin != srv.URL {
				t.Errorf("origin = %q, want %q", r.Origin, srv.URL)
			}
			if !r.Complete || r.Crawl.Errors != 0 {
				t.Errorf("crawl: complete %v, %d errors; want a complete crawl without errors", r.Complete, r.Crawl.Errors)
			}
			if len(r.Checks) != len(checks.All()) {
				t.Errorf("report has %d checks, want %d", len(r.Checks), len(checks.All()))
			}
			for _, c := range r.Checks {
				if c.Status == "error" {
					t.Errorf("check %s: error: %s", c.ID, c.Summary)
				}
			}
			fx.check(t, r, env)
		})
	}
}

// wantPages checks the set of pages crawled (paths relative to the origin).
func wantPages(t *testing.T, r *report.Report, paths ...string) {
	t.Helper()
	if got := pagePaths(r); !sameSet(got, paths) {
		t.Errorf("pages = %v, want %v", got, paths)
	}
}

// wantCovered checks that the policy covers the aspects and, when
// uncovered is not nil, that it covers no other.
func wantCovered(t *testing.T, r *report.Report, covered []string, uncovered []string) {
	t.Helper()
	for _, id := range covered {
		if !r.Policy.Aspects[id].Covered {
			t.Errorf("policy aspect %s: not covered, want covered", id)
		}
	}
	for _, id := range uncovered {
		if r.Policy.Aspects[id].Covered {
			t.Errorf("policy aspect %s: covered (evidence %q), want not covered", id, r.Policy.Aspects[id].Evidence)
		}
	}
}

func checkCompliant(t *testing.T, r *report.Report, env fixtureEnv) {
	wantPages(t, r, "/", "/about/", "/contact/", "/newsletter/", "/privacy/")
	if r.Score != 100 || r.Grade != "A" {
		t.Errorf("score %v grade %s, want 100 A", r.Score, r.Grade)
	}
	for _, c := range r.Checks {
		if c.ID == "trust-seal" {
			// Informative (weight 0): no seal on this site, and the
			// status says the check is shown, not judged.
			wantStatus(t, c, "informative")
			if c.Title != "No privacy trust seal or programme" {
				t.Errorf("trust-seal title %q: an informative result keeps the title of what it found", c.Title)
			}
			if c.Weight != 0 {
				t.Errorf("trust-seal weight %v, want 0", c.Weight)
			}
			continue
		}
		// Browser checks need a browser; this policy explains its cookies
		// in prose, with no declaration table to hold them against; a
		// British bookshop shows no Californian audience.
		if c.Summary == "needs --browser" || c.ID == "cookie-declaration" && c.Summary == "the policy declares no cookies in a table or list" ||
			c.ID == "policy-ccpa" && strings.HasPrefix(c.Summary, "the CCPA does not apply: no signal") ||
			c.ID == "policy-change-notice" && c.Summary == "needs a history store (--store)" {
			wantStatus(t, c, "not-applicable")
			continue
		}
		wantStatus(t, c, "pass")
		wantScore(t, c, 1)
		if len(c.Findings) != 0 {
			t.Errorf("check %s: findings %+v, want none", c.ID, c.Findings)
		}
	}
	// The GDPR applies: the site's address is in the United Kingdom.
	if g := r.Regimes; g == nil || !slices.Equal(g.Applied, []string{policy.LawGDPR}) || len(g.Signals) == 0 ||
		!strings.HasPrefix(g.Signals[0].Signal, "the policy names the GDPR") && !strings.Contains(g.Signals[0].Signal, "United Kingdom") {
		t.Errorf("regimes %+v, want the GDPR for a British site", r.Regimes)
	}
	for _, p := range r.Pages {
		if !p.HTML || p.Status != 200 || !p.PrivacyPolicyLinked {
			t.Errorf("page %s: html %v status %d privacyPolicyLinked %v", p.URL, p.HTML, p.Status, p.PrivacyPolicyLinked)
		}
		if p.Contact.ContactPage != env.origin+"/contact/" {
			t.Errorf("page %s: contactPage %q, want %s/contact/", p.URL, p.Contact.ContactPage, env.origin)
		}
		if !slices.Contains(p.Contact.Emails, "hello@alderfinch.example") {
			t.Errorf("page %s: emails %q, want hello@alderfinch.example", p.URL, p.Contact.Emails)
		}
		if !slices.Contains(p.Contact.Addresses, "Alder & Finch Books Ltd, 27 Canal Street, Manchester M1 3HE, United Kingdom") {
			t.Errorf("page %s: addresses %q", p.URL, p.Contact.Addresses)
		}
		if p.Failures != 0 && report.RelativeURL(r.Origin, p.URL) != "/" {
			t.Errorf("page %s: %d failures, want 0", p.URL, p.Failures)
		}
	}
	if got := page(t, r, "/contact/").Contact.Phones; !slices.Equal(got, []string{"+44 161 496 0123"}) {
		t.Errorf("/contact/ phones %q", got)
	}
	if len(r.Cookies) != 2 {
		t.Errorf("cookies %+v, want bk_lang and bk_session", r.Cookies)
	}
	s := cookie(t, r, "bk_session")
	if !s.Secure || !s.HTTPOnly || s.SameSite != "Lax" || !s.Session || !s.Explained || !strings.Contains(s.ExplainedBy, "bk_session") {
		t.Errorf("bk_session = %+v", s)
	}
	if s.FirstSeenOn != env.origin+"/" {
		t.Errorf("bk_session firstSeenOn %q, want %s/", s.FirstSeenOn, env.origin)
	}
	l := cookie(t, r, "bk_lang")
	if !l.Secure || l.HTTPOnly || l.MaxAge != 31536000 || l.Session || !l.Explained || !strings.Contains(l.ExplainedBy, "bk_lang") {
		t.Errorf("bk_lang = %+v", l)
	}
	tp, ok := thirdParty(r, "plausible.io")
	if !ok || !tp.Loads || !tp.Disclosed || tp.Pages != 5 || tp.Service != "Plausible Analytics" || tp.Category != "analytics" {
		t.Errorf("third party plausible.io = %+v (found %v)", tp, ok)
	}
	if len(r.ThirdParties) != 1 {
		t.Errorf("third parties %+v, want plausible.io only", r.ThirdParties)
	}
	p := r.Policy
	if p.URL != env.origin+"/privacy/" || !p.Found || !p.Linked || p.Status != 200 {
		t.Errorf("policy %s found %v linked %v status %d", p.URL, p.Found, p.Linked, p.Status)
	}
	if p.Language != "en" || p.LastUpdated != "2025-03-03" || p.Words < 400 {
		t.Errorf("policy language %q lastUpdated %q words %d", p.Language, p.LastUpdated, p.Words)
	}
	wantCovered(t, r, policy.AspectIDs, nil)
	if p.Names == nil || !sameSet(p.Names.Cookies, []string{"bk_session", "bk_lang"}) || !slices.Contains(p.Names.Companies, "Plausible") {
		t.Errorf("policy names %+v", p.Names)
	}
	// "We never sell your personal data." is a claim no crawl can
	// contradict; the site makes no other.
	if len(p.Claims) != 1 || p.Claims[0].Kind != policy.ClaimNoSelling || len(p.Contradictions) != 0 {
		t.Errorf("policy claims %+v, contradictions %+v: want the one no-selling claim, uncontradicted", p.Claims, p.Contradictions)
	}
}

func checkPolicyHomeOnly(t *testing.T, r *report.Report, env fixtureEnv) {
	wantPages(t, r, "/", "/about/", "/contact/", "/privacy/", "/services/")
	c := check(t, r, "privacy-policy-link")
	wantStatus(t, c, "fail")
	wantScore(t, c, 0.4)
	if got := findingsBySubject(r, c, "privacy-link"); !sameSet(got, []string{"/about/", "/contact/", "/services/"}) {
		t.Errorf("privacy-link findings on %v, want /about/, /contact/, /services/", got)
	}
	for _, f := range c.Findings {
		if f.Severity != "high" || f.Message != "page has no link to a privacy policy" {
			t.Errorf("finding %+v", f)
		}
	}
	for path, want := range map[string]bool{"/": true, "/about/": false, "/contact/": false, "/services/": false, "/privacy/": true} {
		if got := page(t, r, path).PrivacyPolicyLinked; got != want {
			t.Errorf("page %s: privacyPolicyLinked %v, want %v", path, got, want)
		}
	}
	if p := r.Policy; p.URL != env.origin+"/privacy/" || !p.Found || !p.Linked {
		t.Errorf("policy %s found %v linked %v", p.URL, p.Found, p.Linked)
	}
	wantStatus(t, check(t, r, "privacy-policy-reachable"), "pass")
	// Everything else about the pages is fine.
	wantStatus(t, check(t, r, "contact-info"), "pass")
	// The contact form posts over plain HTTP: the site is not on HTTPS.
	wantStatus(t, check(t, r, "https"), "fail")
	fs := check(t, r, "form-security")
	if got := findingsBySubject(r, fs, "form:"+env.origin+"/contact/send"); !slices.Equal(got, []string{"/contact/"}) {
		t.Errorf("form-security findings %+v", fs.Findings)
	}
}

func checkNoContact(t *testing.T, r *report.Report, env fixtureEnv) {
	all := []string{"/", "/blog/", "/blog/first-harvest/", "/blog/winter-pruning/", "/privacy/"}
	wantPages(t, r, all...)
	c := check(t, r, "contact-info")
	wantStatus(t, c, "fail")
	wantScore(t, c, 0)
	if got := findingsBySubject(r, c, "contact"); !sameSet(got, all) {
		t.Errorf("contact findings on %v, want every page", got)
	}
	for _, subject := range []string{"site-email", "site-address"} {
		if got := findingsBySubject(r, c, subject); !slices.Equal(got, []string{"/"}) {
			t.Errorf("%s findings on %v, want one on /", subject, got)
		}
	}
	for _, p := range r.Pages {
		if len(p.Contact.Emails)+len(p.Contact.Phones)+len(p.Contact.Addresses) != 0 || p.Contact.ContactPage != "" {
			t.Errorf("page %s: contact %+v, want none", p.URL, p.Contact)
		}
		if !p.PrivacyPolicyLinked {
			t.Errorf("page %s does not link the policy", p.URL)
		}
	}
	wantStatus(t, check(t, r, "privacy-policy-link"), "pass")
	// The policy names no way to reach anyone either.
	wantCovered(t, r, []string{"purpose", "cookies", "data-retention", "user-access"}, []string{"privacy-contact"})
	pc := check(t, r, "policy-coverage")
	if got := findingsBySubject(r, pc, "privacy-contact"); !slices.Equal(got, []string{"/privacy/"}) {
		t.Errorf("policy-coverage privacy-contact findings on %v, want /privacy/", got)
	}
	if r.Policy.LastUpdated != "2024-02-02" {
		t.Errorf("policy lastUpdated %q", r.Policy.LastUpdated)
	}
}

func checkCookiesUnexplained(t *testing.T, r *report.Report, env fixtureEnv) {
	wantPages(t, r, "/", "/contact/", "/privacy/", "/products/")
	c := check(t, r, "cookies-explained")
	wantStatus(t, c, "fail")
	wantScore(t, c, 0.5)
	if len(c.Findings) != 2 {
		t.Errorf("cookies-explained findings %+v, want 2", c.Findings)
	}
	for _, name := range []string{"trk_uid", "ab_bucket"} {
		if got := findingsBySubject(r, c, "cookie:"+name); !slices.Equal(got, []string{"/"}) {
			t.Errorf("finding for cookie %s on %v, want /", name, got)
		}
		if ck := cookie(t, r, name); ck.Explained || ck.ExplainedBy != "" {
			t.Errorf("cookie %s explained %v by %q, want unexplained", name, ck.Explained, ck.ExplainedBy)
		}
	}
	if ck := cookie(t, r, "shop_session"); !ck.Explained || !strings.Contains(ck.ExplainedBy, "shop_session") {
		t.Errorf("shop_session explained %v by %q, want explained by name", ck.Explained, ck.ExplainedBy)
	}
	// A known necessary cookie, explained by its purpose.
	if ck := cookie(t, r, "PHPSESSID"); !ck.Explained || ck.Category != "necessary" || !strings.Contains(ck.ExplainedBy, "strictly necessary session cookie") {
		t.Errorf("PHPSESSID = %+v, want explained by the strictly-necessary sentence", ck)
	}
	if ck := cookie(t, r, "trk_uid"); ck.MaxAge != 63072000 || ck.Session || ck.FirstSeenOn != env.origin+"/" {
		t.Errorf("trk_uid = %+v", ck)
	}
	if len(r.Cookies) != 4 {
		t.Errorf("%d cookies, want 4", len(r.Cookies))
	}
	if n := r.Policy.Names; n == nil || !slices.Equal(n.Cookies, []string{"shop_session"}) {
		t.Errorf("policy names %+v, want cookie shop_session", n)
	}
	// Over plain HTTP Secure is not required; every cookie has SameSite and
	// the session cookies HttpOnly.
	cs := check(t, r, "cookie-security")
	wantStatus(t, cs, "pass")
	wantScore(t, cs, 1)
	wantStatus(t, check(t, r, "privacy-policy-link"), "pass")
}

func checkPolicyOtherHost(t *testing.T, r *report.Report, env fixtureEnv) {
	// Only the site's own pages are crawled.
	wantPages(t, r, "/", "/contact/", "/team/")
	p := r.Policy
	if !p.Found || p.URL != env.other+"/privacy" || !p.Linked || p.Status != 200 {
		t.Errorf("policy %s found %v linked %v status %d; want %s/privacy found", p.URL, p.Found, p.Linked, p.Status, env.other)
	}
	if p.Language != "en" || p.LastUpdated != "2024-09-01" || p.Words < 200 {
		t.Errorf("policy language %q lastUpdated %q words %d", p.Language, p.LastUpdated, p.Words)
	}
	wantCovered(t, r, []string{"purpose", "cookies", "third-party-sharing", "data-security", "data-retention", "user-access", "enforcement", "privacy-contact", "policy-changes"}, []string{"children", "do-not-track"})
	link := check(t, r, "privacy-policy-link")
	wantStatus(t, link, "pass")
	wantScore(t, link, 1)
	for _, pg := range r.Pages {
		if !pg.PrivacyPolicyLinked {
			t.Errorf("page %s: privacyPolicyLinked false", pg.URL)
		}
	}
	reach := check(t, r, "privacy-policy-reachable")
	wantStatus(t, reach, "pass")
	if !strings.Contains(reach.Summary, env.other+"/privacy/") {
		t.Errorf("privacy-policy-reachable summary %q should name the redirect to %s/privacy/", reach.Summary, env.other)
	}
	for _, f := range check(t, r, "policy-coverage").Findings {
		if f.URL != env.other+"/privacy" {
			t.Errorf("policy-coverage finding on %s, want the policy's URL", f.URL)
		}
	}
	// The policy's host is not a third party the pages load.
	wantStatus(t, check(t, r, "third-party-disclosure"), "not-applicable")
}

func checkPretickedConsent(t *testing.T, r *report.Report, env fixtureEnv) {
	wantPages(t, r, "/", "/account/", "/contact/", "/privacy/", "/signup/")
	c := check(t, r, "consent-checkboxes")
	wantStatus(t, c, "fail")
	wantScore(t, c, 0.5)
	if len(c.Findings) != 1 {
		t.Fatalf("consent-checkboxes findings %+v, want one", c.Findings)
	}
	f := c.Findings[0]
	if f.URL != env.origin+"/signup/" || f.Subject != "checkbox:"+env.origin+"/signup/submit:marketing_optin" || f.Severity != "high" {
		t.Errorf("finding %+v", f)
	}
	if !strings.Contains(f.Evidence["label"], "newsletter") {
		t.Errorf("finding evidence %q, want the box's label", f.Evidence)
	}
	// The ticked "keep me signed in" box on /account/ is not consent.
	if page(t, r, "/account/").Failures != 0 {
		t.Errorf("/account/ has findings")
	}
	fs := check(t, r, "form-security")
	wantStatus(t, fs, "pass")
	if !strings.HasPrefix(fs.Summary, "3 of 3 forms") {
		t.Errorf("form-security summary %q, want 3 of 3 forms", fs.Summary)
	}
	wantStatus(t, check(t, r, "https"), "pass")
}

func checkHTTPForm(t *testing.T, r *report.Report, env fixtureEnv) {
	wantPages(t, r, "/", "/contact/", "/privacy/", "/register/")
	c := check(t, r, "form-security")
	wantStatus(t, c, "fail")
	wantScore(t, c, 0.5)
	if len(c.Findings) != 1 {
		t.Fatalf("form-security findings %+v, want one", c.Findings)
	}
	f := c.Findings[0]
	if f.URL != env.origin+"/register/" || f.Subject != "form:http://"+env.host+"/register/submit" || f.Message != "form collecting personal data submits over plain HTTP" {
		t.Errorf("finding %+v", f)
	}
	if !sameSet(strings.Split(f.Evidence["fields"], ", "), []string{"full_name", "email", "phone", "birth_date"}) || f.Evidence["method"] != "POST" {
		t.Errorf("finding evidence %q", f.Evidence)
	}
	h := check(t, r, "https")
	wantStatus(t, h, "pass")
	wantScore(t, h, 1)
}

func checkGerman(t *testing.T, r *report.Report, env fixtureEnv) {
	wantPages(t, r, "/", "/datenschutz/", "/impressum/", "/kontakt/", "/leistungen/")
	p := r.Policy
	if !p.Found || p.URL != env.origin+"/datenschutz/" || !p.Linked {
		t.Errorf("policy %s found %v linked %v", p.URL, p.Found, p.Linked)
	}
	if p.Language != "de" || p.Words < 250 {
		t.Errorf("policy language %q words %d, want de and 250+", p.Language, p.Words)
	}
	// "Stand: 1. März 2024" is how German policies date themselves.
	if p.LastUpdated != "2024-03-01" {
		t.Errorf("policy lastUpdated %q, want 2024-03-01 (\"Stand: 1. März 2024\")", p.LastUpdated)
	}
	wantCovered(t, r, []string{"purpose", "opt-in", "cookies", "third-party-sharing", "data-security", "user-access", "enforcement", "children", "privacy-contact", "data-retention"}, []string{"do-not-track", "double-opt-in"})
	link := check(t, r, "privacy-policy-link")
	wantStatus(t, link, "pass")
	wantScore(t, link, 1)
	ci := check(t, r, "contact-info")
	wantStatus(t, ci, "pass")
	wantScore(t, ci, 1)
	for _, pg := range r.Pages {
		if !pg.PrivacyPolicyLinked {
			t.Errorf("page %s: privacyPolicyLinked false", pg.URL)
		}
		if pg.Contact.ContactPage != env.origin+"/kontakt/" {
			t.Errorf("page %s: contactPage %q, want %s/kontakt/", pg.URL, pg.Contact.ContactPage, env.origin)
		}
		if !slices.Contains(pg.Contact.Phones, "+49 30 1234567") {
			t.Errorf("page %s: phones %q, want +49 30 1234567", pg.URL, pg.Contact.Phones)
		}
		if !slices.Contains(pg.Contact.Addresses, "Bäckerei Sonnenkorn GmbH, Musterstraße 12, 10115 Berlin") {
			t.Errorf("page %s: addresses %q", pg.URL, pg.Contact.Addresses)
		}
	}
	if got := page(t, r, "/impressum/").Contact.Emails; !slices.Equal(got, []string{"info@sonnenkorn-baeckerei.example"}) {
		t.Errorf("/impressum/ emails %q", got)
	}
	// The contact form's consent box is unticked.
	wantStatus(t, check(t, r, "consent-checkboxes"), "pass")
}
