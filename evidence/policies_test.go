package evidence_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/privaudit/privaudit/catalog"
	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/record"
)

const shortPolicy = "We protect your personal data and never sell it."

func TestPolicyFoundByURL(t *testing.T) {
	// No page links the policy, but the crawl fetched a page whose path
	// names one.
	c := newCrawl(page(shop+"/", record.Info{}), page(shop+"/about", record.Info{}), page(shop+"/de/datenschutz", record.Info{}))
	site := gatherBuild(t, c, memFetcher{
		shop + "/about":          policyHTML("About us: we sell tea."),
		shop + "/de/datenschutz": policyHTML(shortPolicy),
	})
	d := site.PrivacyPolicy
	if d == nil || d.URL != shop+"/de/datenschutz" || !d.OK() || d.Linked || d.LinkedFrom != 0 {
		t.Fatalf("policy %+v: want /de/datenschutz, found by its URL, not linked", d)
	}
	if site.Policy == nil {
		t.Error("the policy found by its URL is analysed")
	}
	if p := pageAt(site, shop+"/de/datenschutz"); !p.PolicyLinked {
		t.Error("the policy page itself counts as linking the policy")
	}
	if p := pageAt(site, shop+"/"); p.PolicyLinked {
		t.Error("the home page does not link the policy")
	}
}

func TestPolicyCandidates(t *testing.T) {
	links := func(n int) []record.Page {
		var pages []record.Page
		for i := 1; i <= n; i++ {
			pages = append(pages, page(fmt.Sprintf("%s/page%d", shop, i), record.Info{PrivacyLinks: []string{fmt.Sprintf("%s/p%d", shop, i)}}))
		}
		return pages
	}
	tests := []struct {
		name       string
		pages      []record.Page
		f          docFetcher
		want       string // the chosen policy's path
		ok         bool
		linkedFrom int
		status     int
		err        string // a part of the policy's Error
	}{
		{"the most linked working target",
			[]record.Page{
				page(shop+"/", record.Info{PrivacyLinks: []string{shop + "/a-privacy", shop + "/b-privacy"}}),
				page(shop+"/a", record.Info{PrivacyLinks: []string{shop + "/b-privacy"}}),
			},
			docFetcher{
				shop + "/a-privacy": {Status: 200, ContentType: "text/html", Body: policyHTML(shortPolicy)},
				shop + "/b-privacy": {Status: 200, ContentType: "text/html", Body: policyHTML(shortPolicy)},
			},
			"/b-privacy", true, 2, 200, ""},
		{"the most linked broken target is passed over",
			[]record.Page{
				page(shop+"/", record.Info{PrivacyLinks: []string{shop + "/old-privacy", shop + "/privacy"}}),
				page(shop+"/a", record.Info{PrivacyLinks: []string{shop + "/old-privacy"}}),
			},
			docFetcher{shop + "/privacy": {Status: 200, ContentType: "text/html", Body: policyHTML(shortPolicy)}},
			"/privacy", true, 1, 200, ""},
		{"none works: the most linked one, unread",
			[]record.Page{
				page(shop+"/", record.Info{PrivacyLinks: []string{shop + "/old-privacy", shop + "/privacy"}}),
				page(shop+"/a", record.Info{PrivacyLinks: []string{shop + "/old-privacy"}}),
			},
			docFetcher{
				shop + "/old-privacy": {Status: 404, ContentType: "text/html", Body: policyHTML("Page not found.", shortPolicy)},
				shop + "/privacy":     {Status: 500, ContentType: "text/html", Body: policyHTML(shortPolicy)},
			},
			"/old-privacy", false, 2, 404, ""},
		{"none readable: the most linked one, with why",
			[]record.Page{
				page(shop+"/", record.Info{PrivacyLinks: []string{shop + "/a-privacy", shop + "/b-privacy"}}),
				page(shop+"/a", record.Info{PrivacyLinks: []string{shop + "/b-privacy"}}),
			},
			docFetcher{
				shop + "/a-privacy": {Status: 200, ContentType: "text/html", Body: " "},
				shop + "/b-privacy": {Status: 200, ContentType: "text/html", Body: "\n"},
			},
			"/b-privacy", false, 2, 200, "empty document"},
		{"a target that cannot be fetched is passed over",
			[]record.Page{page(shop+"/", record.Info{PrivacyLinks: []string{shop + "/a-privacy", shop + "/b-privacy"}})},
			docFetcher{
				shop + "/a-privacy": {Error: "dial tcp: connection refused"},
				shop + "/b-privacy": {Status: 200, ContentType: "text/html", Body: policyHTML(shortPolicy)},
			},
			"/b-privacy", true, 1, 200, ""},
		{"the fifth candidate is tried", links(7),
			docFetcher{shop + "/p5": {Status: 200, ContentType: "text/html", Body: policyHTML(shortPolicy)}},
			"/p5", true, 1, 200, ""},
		{"the sixth is not", links(7),
			docFetcher{shop + "/p6": {Status: 200, ContentType: "text/html", Body: policyHTML(shortPolicy)}},
			"/p1", false, 1, 404, ""},
		{"a policy in Markdown",
			[]record.Page{page(shop+"/", record.Info{PrivacyLinks: []string{shop + "/privacy.md"}})},
			docFetcher{shop + "/privacy.md": {Status: 200, ContentType: "text/markdown", Body: "# Privacy policy\n\n" + shortPolicy + "\n"}},
			"/privacy.md", true, 1, 200, ""},
		{"a redirected policy keeps both URLs",
			[]record.Page{page(shop+"/", record.Info{PrivacyLinks: []string{shop + "/privacy"}})},
			docFetcher{shop + "/privacy": {FinalURL: shop + "/legal/privacy", Status: 200, ContentType: "text/html", Body: policyHTML(shortPolicy)}},
			"/privacy", true, 1, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			site := gatherBuild(t, newCrawl(tt.pages...), tt.f)
			d := site.PrivacyPolicy
			if d == nil {
				t.Fatal("no privacy policy")
			}
			if d.URL != shop+tt.want || d.OK() != tt.ok || d.LinkedFrom != tt.linkedFrom || !d.Linked || d.Status != tt.status {
				t.Errorf("policy %+v\nwant %s ok=%v linkedFrom=%d status=%d", d, tt.want, tt.ok, tt.linkedFrom, tt.status)
			}
			if !tt.ok && d.Document != nil {
				t.Errorf("the text of a policy that cannot be used is not read: %+v", d.Document)
			}
			if !strings.Contains(d.Error, tt.err) || (tt.err == "") != (d.Error == "") {
				t.Errorf("Error %q, want %q", d.Error, tt.err)
			}
			if want := tt.f[shop+tt.want].FinalURL; want != "" && d.FinalURL != want {
				t.Errorf("FinalURL %q, want %q", d.FinalURL, want)
			} else if want == "" && d.FinalURL != d.URL {
				t.Errorf("FinalURL %q, want the URL", d.FinalURL)
			}
			if (site.Policy != nil) != tt.ok {
				t.Errorf("analysis present %v, want %v", site.Policy != nil, tt.ok)
			}
			if site.PolicyURL() != d.URL {
				t.Errorf("PolicyURL %q, want %q", site.PolicyURL(), d.URL)
			}
		})
	}
}

func TestCookiePolicy(t *testing.T) {
	const sid = "The session cookie sid keeps your basket between visits."
	f := memFetcher{
		shop + "/privacy": policyHTML(shortPolicy),
		shop + "/cookies": policyHTML("Cookie policy.", sid),
	}

	t.Run("read together with the privacy policy", func(t *testing.T) {
		c := newCrawl(page(shop+"/", record.Info{PrivacyLinks: []string{shop + "/privacy"}, CookiePolicyLinks: []string{shop + "/cookies"}}))
		c.Cookies = []record.Cookie{cookieOn("sid")}
		site := gatherBuild(t, c, f)
		if d := site.CookiePolicy; d == nil || d.URL != shop+"/cookies" || !d.OK() || d.LinkedFrom != 1 {
			t.Fatalf("cookie policy %+v", d)
		}
		if site.PrivacyPolicy == nil || site.PrivacyPolicy.URL != shop+"/privacy" || site.PolicyURL() != shop+"/privacy" {
			t.Errorf("privacy policy %+v", site.PrivacyPolicy)
		}
		if ck := site.Cookies[0]; ck.ExplainedBy != sid || !ck.ByName {
			t.Errorf("sid explained by %q: the cookie policy's sentence names it", ck.ExplainedBy)
		}
	})
	t.Run("a cookie link to the privacy policy", func(t *testing.T) {
		c := newCrawl(page(shop+"/", record.Info{PrivacyLinks: []string{shop + "/privacy"}, CookiePolicyLinks: []string{shop + "/privacy#cookies"}}))
		site := gatherBuild(t, c, f)
		if site.CookiePolicy != nil {
			t.Errorf("cookie policy %+v, want none: the link leads to the privacy policy", site.CookiePolicy)
		}
	})
	t.Run("alone", func(t *testing.T) {
		c := newCrawl(page(shop+"/", record.Info{CookiePolicyLinks: []string{shop + "/cookies"}}))
		c.Cookies = []record.Cookie{cookieOn("sid")}
		site := gatherBuild(t, c, f)
		if site.PrivacyPolicy != nil || site.CookiePolicy == nil || site.Policy == nil {
			t.Fatalf("privacy %+v, cookie %+v, analysed %v", site.PrivacyPolicy, site.CookiePolicy, site.Policy != nil)
		}
		if site.PolicyURL() != shop+"/cookies" {
			t.Errorf("PolicyURL %q, want the cookie policy's", site.PolicyURL())
		}
		if !site.Cookies[0].Explained() {
			t.Error("the cookie policy explains sid")
		}
		if site.Pages[0].PolicyLinked {
			t.Error("a cookie policy link is not a privacy policy link")
		}
	})
	t.Run("no policy", func(t *testing.T) {
		site := gatherBuild(t, newCrawl(page(shop+"/", record.Info{})), f)
		if site.PrivacyPolicy != nil || site.CookiePolicy != nil || site.Policy != nil || site.PolicyURL() != shop+"/" {
			t.Errorf("privacy %+v, cookie %+v, PolicyURL %q", site.PrivacyPolicy, site.CookiePolicy, site.PolicyURL())
		}
	})
}

func TestPrivacyCentreParts(t *testing.T) {
	hub := `<html lang="en"><body><main><h1>Privacy centre</h1><p>` + shortPolicy + `</p><ul>`
	f := docFetcher{}
	for i := 1; i <= 10; i++ {
		u := fmt.Sprintf("%s/privacy/c%02d/", shop, i)
		hub += fmt.Sprintf(`<li><a href="%s">Chapter %d</a></li>`, u, i)
		status := 200
		if i == 3 {
			status = 404 // an error page with text
		}
		f[u] = record.Document{Status: status, ContentType: "text/html",
			Body: policyHTML(fmt.Sprintf("Chapter %d: we keep order records for %d years because tax law requires it.", i, i))}
	}
	f[shop+"/privacy/"] = record.Document{Status: 200, ContentType: "text/html", Body: hub + "</ul></main></body></html>"}
	site := gatherBuild(t, newCrawl(page(shop+"/", record.Info{PrivacyLinks: []string{shop + "/privacy/"}})), f)
	d := site.PrivacyPolicy
	if d == nil || !d.OK() {
		t.Fatalf("policy %+v", d)
	}
	// At most eight chapters are read; the one that answers 404 is left out.
	var want []string
	for _, i := range []int{1, 2, 4, 5, 6, 7, 8} {
		want = append(want, fmt.Sprintf("%s/privacy/c%02d/", shop, i))
	}
	if !reflect.DeepEqual(d.Parts, want) || len(d.PartsDocs) != len(want) {
		t.Errorf("parts %q (%d documents), want %q", d.Parts, len(d.PartsDocs), want)
	}
	if !site.Policy.Aspects["data-retention"].Covered {
		t.Error("the chapters are analysed with the hub: data-retention is covered")
	}
}

func TestBuildReadsOnlyTheRecord(t *testing.T) {
	// A record made by hand: Build reads its documents, and fetches nothing.
	c := newCrawl(
		page(shop+"/", record.Info{PrivacyLinks: []string{shop + "/privacy.md"}, ContactLinks: []string{shop + "/contact"}}),
		page(shop+"/a", record.Info{PrivacyLinks: []string{shop + "/old-privacy"}, ContactLinks: []string{shop + "/kontakt"}}),
		page(shop+"/b", record.Info{PrivacyLinks: []string{shop + "/unchecked-privacy"}}),
	)
	c.Documents = []record.Document{
		{URL: shop + "/privacy.md", FinalURL: shop + "/privacy.md", Status: 200, ContentType: "text/markdown",
			Body: "# Privacy policy\n\nWe use your e-mail address to send you order confirmations.\n"},
		{URL: shop + "/old-privacy", FinalURL: shop + "/old-privacy", Status: 404},
		{URL: shop + "/kontakt", FinalURL: shop + "/kontakt", Status: 410},
	}
	c.DocumentsGathered = true
	site := evidence.Build(c, catalog.Builtin())
	if d := site.PrivacyPolicy; d == nil || d.URL != shop+"/privacy.md" || !d.OK() || site.Policy == nil {
		t.Fatalf("policy %+v: want the recorded Markdown document", d)
	}
	if !site.Has(evidence.KindPolicy) {
		t.Error("the documents were gathered")
	}
	if tg, ok := site.TargetOf(shop + "/old-privacy"); !ok || tg.Status != 404 || !tg.Broken() {
		t.Errorf("recorded target: %+v %v", tg, ok)
	}
	// A link whose target the record does not hold is not known to be
	// broken.
	if _, ok := site.TargetOf(shop + "/unchecked-privacy"); ok {
		t.Error("an unrecorded target is unknown")
	}
	type facts struct {
		linked     bool
		broken     []string
		contactURL string
	}
	got := map[string]facts{}
	for _, p := range site.Pages {
		got[site.ShortURL(p.URL)] = facts{p.PolicyLinked, p.BrokenPolicyLinks, p.ContactPage}
	}
	want := map[string]facts{
		"/":  {true, nil, shop + "/contact"}, // /contact: not recorded, so not known to be broken
		"/a": {false, []string{shop + "/old-privacy"}, ""},
		"/b": {true, nil, ""},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("page facts\n got %+v\nwant %+v", got, want)
	}
}
