package evidence

import (
	"context"
	"net/url"
	"testing"

	"github.com/privaudit/privaudit/catalog"
	"github.com/privaudit/privaudit/crawler"
)

type memFetcher map[string]string

func (m memFetcher) Fetch(_ context.Context, u string) (*crawler.Document, error) {
	body, ok := m[u]
	if !ok {
		return &crawler.Document{URL: u, FinalURL: u, Status: 404}, nil
	}
	return &crawler.Document{URL: u, FinalURL: u, Status: 200, ContentType: "text/html", Body: []byte(body)}, nil
}

func page(u string, info crawler.Info) crawler.Page {
	return crawler.Page{URL: u, FinalURL: u, Status: 200, HTML: true, Info: info}
}

func build(t *testing.T, pages []crawler.Page, f Fetcher) *Site {
	t.Helper()
	o, _ := url.Parse("https://shop.test")
	res := &crawler.Result{Start: "https://shop.test", Origin: "https://shop.test", StartURL: "https://shop.test/", Pages: pages, Complete: true}
	return Build(context.Background(), res, crawler.NewScope(o, []string{"www.shop.test"}, false), f, catalog.Builtin())
}

func TestPrivacyCentreIsReadTogether(t *testing.T) {
	hub := `<html><body><main><h1>Privacy centre</h1><p>Everything about how Example Shop handles personal data, in short chapters.</p>
<ul><li><a href="/privacy/cookies/">Cookies</a></li><li><a href="/privacy/your-rights/">Your rights</a></li><li><a href="https://other.test/privacy/x">elsewhere</a></li><li><a href="/about/">About us</a></li></ul></main></body></html>`
	f := memFetcher{
		"https://shop.test/privacy/":             hub,
		"https://shop.test/privacy/cookies/":     `<html><body><main><h1>Cookies</h1><p>We use cookies to keep your basket and to count visits with Google Analytics.</p></main></body></html>`,
		"https://shop.test/privacy/your-rights/": `<html><body><main><h1>Your rights</h1><p>You may access, correct or delete your personal data at any time by writing to privacy@shop.test.</p></main></body></html>`,
	}
	site := build(t, []crawler.Page{page("https://shop.test/", crawler.Info{PrivacyLinks: []string{"https://www.shop.test/privacy/"}})}, f)
	d := site.PrivacyPolicy
	if d == nil || !d.OK() || d.URL != "https://shop.test/privacy/" {
		t.Fatalf("policy %+v: the alias link must lead to the local policy", d)
	}
	if len(d.Parts) != 2 {
		t.Errorf("parts %v, want the two chapters under /privacy/", d.Parts)
	}
	for _, id := range []string{"cookies", "user-access"} {
		if !site.Policy.Aspects[id].Covered {
			t.Errorf("%s is covered by a chapter of the privacy centre", id)
		}
	}
}

func TestLinkTargetsAndRanking(t *testing.T) {
	f := memFetcher{"https://shop.test/privacy": `<html><body><main><p>We protect your data.</p></main></body></html>`}
	site := build(t, []crawler.Page{
		page("https://shop.test/", crawler.Info{PrivacyLinks: []string{"https://shop.test/privacy", "https://shop.test/old-privacy"}}),
		page("https://shop.test/a", crawler.Info{PrivacyLinks: []string{"https://shop.test/privacy"}}),
	}, f)
	if site.PrivacyPolicy == nil || site.PrivacyPolicy.URL != "https://shop.test/privacy" || site.PrivacyPolicy.LinkedFrom != 2 {
		t.Fatalf("the most-linked target is the policy: %+v", site.PrivacyPolicy)
	}
	if tg, ok := site.TargetOf("https://shop.test/old-privacy"); !ok || !tg.Broken() {
		t.Errorf("an unfetched link target is checked: %+v %v", tg, ok)
	}
	if site.PolicyURL() != "https://shop.test/privacy" || site.ShortURL("https://shop.test/x") != "/x" || site.ShortURL("https://o.test/x") != "https://o.test/x" {
		t.Error("PolicyURL / ShortURL")
	}
}

func TestAliasHint(t *testing.T) {
	prod := crawler.Info{PrivacyLinks: []string{"https://www.prod.test/privacy"}, ContactLinks: []string{"/contact/"}}
	site := build(t, []crawler.Page{page("https://shop.test/", prod), page("https://shop.test/a", prod), page("https://shop.test/b", crawler.Info{})}, memFetcher{})
	if h := site.AliasHint(); h != "www.prod.test" {
		t.Errorf("AliasHint = %q, want www.prod.test", h)
	}
	// An alias host is in scope: no hint.
	site = build(t, []crawler.Page{page("https://shop.test/", crawler.Info{PrivacyLinks: []string{"https://www.shop.test/privacy"}})}, memFetcher{})
	if h := site.AliasHint(); h != "" {
		t.Errorf("AliasHint = %q for an alias, want none", h)
	}
}
