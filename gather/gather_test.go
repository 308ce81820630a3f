package gather_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/privaudit/privaudit/catalog"
	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/gather"
	"github.com/privaudit/privaudit/record"
)

const shop = "https://shop.test"

// fetcher serves HTML bodies from memory (an unlisted URL answers 404, a
// URL of errs fails) and counts the fetches of each URL.
type fetcher struct {
	bodies map[string]string
	errs   map[string]error
	calls  map[string]int
	// before, when set, runs at the start of every fetch.
	before func(u string)
}

func newFetcher(bodies map[string]string) *fetcher {
	return &fetcher{bodies: bodies, errs: map[string]error{}, calls: map[string]int{}}
}

func (f *fetcher) Fetch(_ context.Context, u string) (*record.Document, error) {
	f.calls[u]++
	if f.before != nil {
		f.before(u)
	}
	if err := f.errs[u]; err != nil {
		return nil, err
	}
	body, ok := f.bodies[u]
	if !ok {
		return &record.Document{URL: u, FinalURL: u, Status: 404, ContentType: "text/html", Body: "<html><body>Not found</body></html>"}, nil
	}
	return &record.Document{URL: u, FinalURL: u, Status: 200, ContentType: "text/html; charset=utf-8", Body: body}, nil
}

// fetched returns the URLs fetched, sorted.
func (f *fetcher) fetched() []string {
	var out []string
	for u := range f.calls {
		out = append(out, u)
	}
	sort.Strings(out)
	return out
}

// twice returns the URLs fetched more than once.
func (f *fetcher) twice() []string {
	var out []string
	for u, n := range f.calls {
		if n > 1 {
			out = append(out, fmt.Sprintf("%s (%d times)", u, n))
		}
	}
	sort.Strings(out)
	return out
}

func page(path string, info record.Info) record.Page {
	return record.Page{URL: shop + path, FinalURL: shop + path, Status: 200, HTML: true, ContentType: "text/html", Info: info}
}

func newCrawl(pages ...record.Page) *record.Crawl {
	return &record.Crawl{Version: record.Version, Gatherer: "static", Start: shop, Origin: shop, StartURL: shop + "/", Pages: pages, Complete: true,
		Scope: record.ScopeSettings{Aliases: []string{"www.shop.test"}}}
}

func policyHTML(paragraphs ...string) string {
	return `<html lang="en"><head><title>Privacy policy</title></head><body><main><h1>Privacy policy</h1><p>` +
		strings.Join(paragraphs, "</p><p>") + "</p></main></body></html>"
}

const shortPolicy = "We protect your personal data and never sell it."

// hub is a privacy centre at /privacy/ with two chapters.
var hub = `<html lang="en"><body><main><h1>Privacy centre</h1><p>How Example Shop handles personal data, in short chapters.</p>
<ul><li><a href="/privacy/cookies/">Cookies</a></li><li><a href="/privacy/your-rights/">Your rights</a></li></ul></main></body></html>`

var hubChapters = map[string]string{
	shop + "/privacy/":             hub,
	shop + "/privacy/cookies/":     policyHTML("We use cookies: the session cookie sid keeps your basket, and Google Analytics cookies (_ga) count visits."),
	shop + "/privacy/your-rights/": policyHTML("You may access, correct or delete your personal data at any time by writing to privacy@shop.test."),
}

func with(m map[string]string, extra ...string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[k] = v
	}
	for i := 0; i+1 < len(extra); i += 2 {
		out[extra[i]] = extra[i+1]
	}
	return out
}

func TestDocumentsFetchesEachURLOnce(t *testing.T) {
	info := record.Info{
		PrivacyLinks:      []string{shop + "/privacy/", shop + "/old-privacy"},
		CookiePolicyLinks: []string{shop + "/privacy/#cookies", shop + "/cookies"},
		ContactLinks:      []string{shop + "/contact", shop + "/old-privacy"},
	}
	alias := info
	alias.PrivacyLinks = []string{"https://www.shop.test/privacy/"}
	c := newCrawl(page("/", info), page("/a", info), page("/b", alias), page("/contact", record.Info{}))
	f := newFetcher(with(hubChapters, shop+"/cookies", policyHTML("Cookie policy.", "We use analytics cookies to count visits.")))
	gather.Documents(context.Background(), c, f)

	if tw := f.twice(); len(tw) > 0 {
		t.Errorf("fetched more than once: %q", tw)
	}
	want := []string{shop + "/cookies", shop + "/old-privacy", shop + "/privacy/", shop + "/privacy/cookies/", shop + "/privacy/your-rights/"}
	if got := f.fetched(); !reflect.DeepEqual(got, want) {
		t.Errorf("fetched %q, want %q (the crawled /contact is not fetched)", got, want)
	}
	if !c.DocumentsGathered {
		t.Error("DocumentsGathered is false after a complete stage")
	}
	var recorded []string
	for _, d := range c.Documents {
		recorded = append(recorded, d.URL)
	}
	sort.Strings(recorded)
	if !reflect.DeepEqual(recorded, want) {
		t.Errorf("recorded %q, want each fetched document once", recorded)
	}

	site := evidence.Build(c, catalog.Builtin())
	if d := site.PrivacyPolicy; d == nil || !d.OK() || len(d.Parts) != 2 || d.LinkedFrom != 3 {
		t.Errorf("privacy policy %+v", d)
	}
	if d := site.CookiePolicy; d == nil || d.URL != shop+"/cookies" || !d.OK() {
		t.Errorf("cookie policy %+v", d)
	}

	// Running the stage again on the record fetches nothing.
	f2 := newFetcher(nil)
	gather.Documents(context.Background(), c, f2)
	if len(f2.calls) != 0 || len(c.Documents) != len(want) {
		t.Errorf("second run fetched %q; %d documents", f2.fetched(), len(c.Documents))
	}
}

func TestDocumentsSkipsKnownBrokenCandidates(t *testing.T) {
	// /gone failed in the crawl; once a candidate has been tried, it is not
	// fetched again to be read.
	gone := page("/gone", record.Info{})
	gone.Status = 404
	c := newCrawl(
		page("/", record.Info{PrivacyLinks: []string{shop + "/old-privacy", shop + "/gone", shop + "/privacy"}}),
		page("/a", record.Info{PrivacyLinks: []string{shop + "/old-privacy"}}),
		gone,
	)
	f := newFetcher(map[string]string{shop + "/gone": policyHTML(shortPolicy), shop + "/privacy": policyHTML(shortPolicy)})
	gather.Documents(context.Background(), c, f)
	if want := []string{shop + "/old-privacy", shop + "/privacy"}; !reflect.DeepEqual(f.fetched(), want) {
		t.Errorf("fetched %q, want %q", f.fetched(), want)
	}
	if d := evidence.Build(c, catalog.Builtin()).PrivacyPolicy; d == nil || d.URL != shop+"/privacy" || !d.OK() {
		t.Errorf("policy %+v", d)
	}
}

func TestDocumentsContactLinkToAChapter(t *testing.T) {
	// A page's contact link leads to a chapter of the privacy centre: it is
	// fetched as a link target first (status only), then read as a chapter.
	info := record.Info{PrivacyLinks: []string{shop + "/privacy/"}, ContactLinks: []string{shop + "/privacy/your-rights/"}}
	c := newCrawl(page("/", info))
	f := newFetcher(hubChapters)
	gather.Documents(context.Background(), c, f)
	site := evidence.Build(c, catalog.Builtin())
	if d := site.PrivacyPolicy; d == nil || len(d.Parts) != 2 {
		t.Fatalf("privacy policy %+v: want both chapters read", d)
	}
	if tw := f.twice(); len(tw) > 0 {
		t.Errorf("fetched more than once: %q: a URL first asked for as a link target is fetched again when a chapter needs its body", tw)
	}
}

func TestDocumentsKeptByTheCrawl(t *testing.T) {
	info := record.Info{PrivacyLinks: []string{shop + "/old-privacy", shop + "/privacy"}, CookiePolicyLinks: []string{shop + "/cookies"}, ContactLinks: []string{shop + "/kontakt"}}
	c := newCrawl(page("/", info))
	c.Documents = []record.Document{
		// A known error, asked for as a policy candidate: not fetched again.
		{URL: shop + "/old-privacy", FinalURL: shop + "/old-privacy", Status: 404},
		// Kept with its body: read as it is.
		{URL: shop + "/privacy", FinalURL: shop + "/privacy", Status: 200, ContentType: "text/html", Body: policyHTML(shortPolicy)},
		// Kept without its body: a policy candidate needs it, so fetched.
		{URL: shop + "/cookies", FinalURL: shop + "/cookies", Status: 200, ContentType: "text/html"},
		// A known error, asked for as a link target: not fetched again.
		{URL: shop + "/kontakt", FinalURL: shop + "/kontakt", Status: 410},
	}
	f := newFetcher(map[string]string{
		shop + "/privacy": policyHTML("A different text the fetcher would serve."),
		shop + "/cookies": policyHTML("Cookie policy.", "We use analytics cookies to count visits."),
	})
	gather.Documents(context.Background(), c, f)
	if want := []string{shop + "/cookies"}; !reflect.DeepEqual(f.fetched(), want) {
		t.Errorf("fetched %q, want %q", f.fetched(), want)
	}
	if len(c.Documents) != 4 {
		t.Errorf("%d documents, want the 4 kept, updated in place", len(c.Documents))
	}
	if d := c.Document(shop + "/cookies"); d == nil || !strings.Contains(d.Body, "analytics cookies") {
		t.Errorf("cookie policy document %+v: want its fetched body", d)
	}
	site := evidence.Build(c, catalog.Builtin())
	if site.PrivacyPolicy == nil || site.PrivacyPolicy.URL != shop+"/privacy" || !site.PrivacyPolicy.OK() || site.CookiePolicy == nil || !site.CookiePolicy.OK() {
		t.Fatalf("privacy %+v, cookie %+v", site.PrivacyPolicy, site.CookiePolicy)
	}
	if _, ok := site.Policy.MentionsName("different"); ok {
		t.Error("the kept privacy policy was replaced by a fetched one")
	}
	if tg, ok := site.TargetOf(shop + "/kontakt"); !ok || tg.Status != 410 || site.Pages[0].HasContact {
		t.Errorf("kept target %+v %v; HasContact %v", tg, ok, site.Pages[0].HasContact)
	}
}

func TestDocumentsBodies(t *testing.T) {
	info := record.Info{PrivacyLinks: []string{shop + "/privacy"}, ContactLinks: []string{shop + "/contact"}}
	c := newCrawl(page("/", info))
	gather.Documents(context.Background(), c, newFetcher(map[string]string{
		shop + "/privacy": policyHTML(shortPolicy),
		shop + "/contact": "<html><body>Write to us at hello@shop.test.</body></html>",
	}))
	if d := c.Document(shop + "/privacy"); d == nil || d.Body == "" || d.Status != 200 {
		t.Errorf("policy document %+v: its body is kept", d)
	}
	if d := c.Document(shop + "/contact"); d == nil || d.Body != "" || d.Status != 200 || d.URL != shop+"/contact" {
		t.Errorf("link target %+v: only its status is kept", d)
	}
}

func TestDocumentsLinkTargetCap(t *testing.T) {
	info := record.Info{PrivacyLinks: []string{shop + "/privacy"}}
	for i := 0; i < 25; i++ {
		info.ContactLinks = append(info.ContactLinks, fmt.Sprintf("%s/c/%02d", shop, i))
	}
	c := newCrawl(page("/", info))
	f := newFetcher(map[string]string{shop + "/privacy": policyHTML(shortPolicy)})
	gather.Documents(context.Background(), c, f)

	// The privacy link is checked first, then the contact links by rank
	// (here, by URL): 20 in all.
	want := []string{}
	for i := 0; i < 19; i++ {
		want = append(want, fmt.Sprintf("%s/c/%02d", shop, i))
	}
	want = append(want, shop+"/privacy")
	if got := f.fetched(); !reflect.DeepEqual(got, want) {
		t.Errorf("fetched %d URLs %q\nwant %d %q", len(got), got, len(want), want)
	}
	site := evidence.Build(c, catalog.Builtin())
	if _, ok := site.TargetOf(shop + "/c/19"); ok {
		t.Error("a target beyond the cap is unknown")
	}
	if tg, ok := site.TargetOf(shop + "/c/18"); !ok || !tg.Broken() {
		t.Errorf("the 20th target: %+v %v", tg, ok)
	}
	// The first contact link not known to be broken is one never checked.
	if p := site.Pages[0]; p.ContactPage != shop+"/c/19" || !p.PolicyLinked {
		t.Errorf("ContactPage %q, PolicyLinked %v", p.ContactPage, p.PolicyLinked)
	}
}

func TestDocumentsFetchError(t *testing.T) {
	u := shop + "/privacy"
	c := newCrawl(page("/", record.Info{PrivacyLinks: []string{u}}))
	f := newFetcher(nil)
	f.errs[u] = errors.New("dial tcp 192.0.2.1:443: connect: connection refused")
	gather.Documents(context.Background(), c, f)

	want := record.Document{URL: u, FinalURL: u, Error: "dial tcp 192.0.2.1:443: connect: connection refused"}
	if len(c.Documents) != 1 || !reflect.DeepEqual(c.Documents[0], want) {
		t.Fatalf("documents %+v, want %+v", c.Documents, want)
	}
	if f.calls[u] != 1 || !c.DocumentsGathered {
		t.Errorf("fetched %d times; DocumentsGathered %v", f.calls[u], c.DocumentsGathered)
	}
	site := evidence.Build(c, catalog.Builtin())
	if d := site.PrivacyPolicy; d == nil || d.Error != want.Error || d.OK() || site.Policy != nil {
		t.Errorf("policy %+v", d)
	}
	if p := site.Pages[0]; p.PolicyLinked || !reflect.DeepEqual(p.BrokenPolicyLinks, []string{u}) {
		t.Errorf("PolicyLinked %v, broken %q", p.PolicyLinked, p.BrokenPolicyLinks)
	}
	if !site.Has(evidence.KindPolicy) {
		t.Error("the stage ran: the policy evidence is there (a failed one)")
	}
}

func TestDocumentsCancelled(t *testing.T) {
	info := record.Info{PrivacyLinks: []string{shop + "/privacy"}, ContactLinks: []string{shop + "/contact"}}
	bodies := map[string]string{shop + "/privacy": policyHTML(shortPolicy), shop + "/contact": "<html></html>"}

	t.Run("before the stage", func(t *testing.T) {
		c := newCrawl(page("/", info))
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		f := newFetcher(bodies)
		gather.Documents(ctx, c, f)
		if len(f.calls) != 0 || len(c.Documents) != 0 || c.DocumentsGathered {
			t.Fatalf("fetched %q, %d documents, DocumentsGathered %v", f.fetched(), len(c.Documents), c.DocumentsGathered)
		}
		site := evidence.Build(c, catalog.Builtin())
		if site.Has(evidence.KindPolicy) || site.PrivacyPolicy != nil || site.Policy != nil {
			t.Errorf("Has(policy) %v, policy %+v", site.Has(evidence.KindPolicy), site.PrivacyPolicy)
		}
		if !site.Has(evidence.KindPages) || !site.Pages[0].PolicyLinked {
			t.Error("the pages are judged without the documents: an unchecked link is not known to be broken")
		}
	})
	t.Run("during the stage", func(t *testing.T) {
		c := newCrawl(page("/", info))
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		f := newFetcher(bodies)
		// The first fetch completes; the second is cut by the
		// cancellation and fails.
		f.before = func(u string) {
			if len(f.calls) == 2 {
				cancel()
				f.errs[u] = ctx.Err()
			}
		}
		gather.Documents(ctx, c, f)
		if len(f.calls) != 2 || c.DocumentsGathered {
			t.Fatalf("fetched %q, DocumentsGathered %v", f.fetched(), c.DocumentsGathered)
		}
		if len(c.Documents) != 1 || c.Documents[0].URL != shop+"/privacy" {
			t.Errorf("documents %+v: want only the one fetched before the end, no error document for the cut one", c.Documents)
		}
		if site := evidence.Build(c, catalog.Builtin()); site.Has(evidence.KindPolicy) {
			t.Error("Has(policy) after an interrupted stage")
		}
	})
}

// summary is what the evidence of a site says, for comparison.
type summary struct {
	Privacy, Cookie  *evidence.PolicyDoc
	Covered          []string
	Claims           []string
	Cookies          []string
	ThirdParties     []string
	Pages            []string
	Contradictions   []string
	Targets          map[string]evidence.Target
	Has              []evidence.Kind
	Mode             evidence.Mode
	Target, Origin   string
	PolicyURL, Alias string
}

func summarise(s *evidence.Site) summary {
	sum := summary{Privacy: s.PrivacyPolicy, Cookie: s.CookiePolicy, Targets: s.Targets, Mode: s.Mode, Target: s.Target, Origin: s.Origin,
		PolicyURL: s.PolicyURL(), Alias: s.AliasHint()}
	if s.Policy != nil {
		for id, a := range s.Policy.Aspects {
			if a.Covered {
				sum.Covered = append(sum.Covered, id)
			}
		}
		sort.Strings(sum.Covered)
		for _, c := range s.Policy.Claims {
			sum.Claims = append(sum.Claims, string(c.Kind)+": "+c.Sentence)
		}
	}
	for _, c := range s.Cookies {
		sum.Cookies = append(sum.Cookies, fmt.Sprintf("%s first-party=%v known=%v explained-by=%q by-name=%v", c.Name, c.FirstParty, c.Known != nil, c.ExplainedBy, c.ByName))
	}
	for _, tp := range s.ThirdParties {
		sum.ThirdParties = append(sum.ThirdParties, fmt.Sprintf("%s pages=%d kinds=%v loads=%v disclosed-by=%q", tp.Host, tp.Pages, tp.Kinds, tp.Loads, tp.DisclosedBy))
	}
	for _, p := range s.All {
		sum.Pages = append(sum.Pages, fmt.Sprintf("%s linked=%v broken=%q contact=%v %q", p.URL, p.PolicyLinked, p.BrokenPolicyLinks, p.HasContact, p.ContactPage))
	}
	for _, c := range s.Contradictions {
		sum.Contradictions = append(sum.Contradictions, fmt.Sprintf("%+v", c))
	}
	for _, k := range []evidence.Kind{evidence.KindPages, evidence.KindPolicy, evidence.KindCookies, evidence.KindThirdParties, evidence.KindHTTPProbe, evidence.KindStorage, evidence.KindScriptCookies} {
		if s.Has(k) {
			sum.Has = append(sum.Has, k)
		}
	}
	return sum
}

func TestRecordGivesTheSameEvidence(t *testing.T) {
	home := record.Info{
		PrivacyLinks:      []string{"https://www.shop.test/privacy/"},
		CookiePolicyLinks: []string{shop + "/cookie-policy"},
		ContactLinks:      []string{shop + "/kontakt", shop + "/contact"},
		Contact:           record.Contact{Emails: []string{"hello@shop.test"}},
		Resources: []record.Resource{
			{Kind: record.KindScript, Host: "www.google-analytics.com", URL: "https://www.google-analytics.com/analytics.js"},
			{Kind: record.KindStyle, Host: "fonts.gstatic.com", URL: "https://fonts.gstatic.com/s.css"},
			{Kind: record.KindImage, Host: "cdn.abc.net", URL: "https://cdn.abc.net/logo.png"},
		},
	}
	c := newCrawl(
		page("/", home),
		page("/a", record.Info{PrivacyLinks: []string{shop + "/old-privacy"}}),
		page("/contact", record.Info{Contact: record.Contact{Phones: []string{"+44 20 7946 0000"}}}),
	)
	c.Cookies = []record.Cookie{
		{Name: "sid", Domain: "shop.test", Path: "/", HostOnly: true, Secure: true, HTTPOnly: true, SameSite: "Lax", FirstSeenOn: shop + "/", SetOverHTTPS: true, ValueLength: 32},
		{Name: "_ga", Domain: ".shop.test", Path: "/", Expires: "2027-01-01T00:00:00Z", FirstSeenOn: shop + "/", SetOverHTTPS: true, ValueLength: 26},
		{Name: "_fbp", Domain: ".shop.test", Path: "/", MaxAge: 7776000, FirstSeenOn: "https://www.shop.test/a", SetOverHTTPS: true, ValueLength: 30},
	}
	c.HTTPProbe = &record.HTTPProbe{Checked: true, URL: "http://shop.test/", Status: 301, Location: shop + "/", RedirectsToHTTPS: true}
	// Not the default mode, so that losing it shows.
	c.Gatherer = "browser"
	// /kontakt and /old-privacy answer 404.
	f := newFetcher(with(hubChapters,
		shop+"/cookie-policy", policyHTML("Cookie policy.", "We use analytics cookies to understand how visitors use our shop, with an analytics service.")))
	gather.Documents(context.Background(), c, f)
	live := evidence.Build(c, catalog.Builtin())

	// The live evidence is rich enough for the comparison to mean something.
	if d := live.PrivacyPolicy; d == nil || !d.OK() || len(d.Parts) != 2 || live.CookiePolicy == nil || !live.CookiePolicy.OK() {
		t.Fatalf("live policies %+v %+v", live.PrivacyPolicy, live.CookiePolicy)
	}
	explained, disclosed := 0, 0
	for _, ck := range live.Cookies {
		if ck.Explained() {
			explained++
		}
	}
	for _, tp := range live.ThirdParties {
		if tp.Disclosed() {
			disclosed++
		}
	}
	if explained < 2 || disclosed < 1 || !live.Pages[0].PolicyLinked || live.Pages[0].ContactPage != shop+"/contact" {
		t.Fatalf("live evidence too thin: %d cookies explained, %d hosts disclosed, home %+v", explained, disclosed, live.Pages[0])
	}

	var buf bytes.Buffer
	if err := record.Write(&buf, c); err != nil {
		t.Fatal(err)
	}
	back, err := record.Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	saved := evidence.Build(back, catalog.Builtin())

	got, want := summarise(saved), summarise(live)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("evidence from the saved record differs from the live one\n got %+v\nwant %+v", got, want)
	}
	// The analysis itself, beyond the aspects covered.
	if !reflect.DeepEqual(saved.Policy.Aspects, live.Policy.Aspects) || !reflect.DeepEqual(saved.Policy.Names, live.Policy.Names) {
		t.Error("the policy analysis differs")
	}
}
