package evidence_test

import (
	"context"
	"strings"
	"testing"

	"github.com/privaudit/privaudit/catalog"
	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/gather"
	"github.com/privaudit/privaudit/record"
)

type memFetcher map[string]string

func (m memFetcher) Fetch(_ context.Context, u string) (*record.Document, error) {
	body, ok := m[u]
	if !ok {
		return &record.Document{URL: u, FinalURL: u, Status: 404}, nil
	}
	return &record.Document{URL: u, FinalURL: u, Status: 200, ContentType: "text/html", Body: body}, nil
}

func page(u string, info record.Info) record.Page {
	return record.Page{URL: u, FinalURL: u, Status: 200, HTML: true, Info: info}
}

// build runs the documents stage with f, then computes the evidence.
func build(t *testing.T, pages []record.Page, f gather.Fetcher) *evidence.Site {
	t.Helper()
	res := &record.Crawl{Start: "https://shop.test", Origin: "https://shop.test", StartURL: "https://shop.test/", Pages: pages, Complete: true,
		Scope: record.ScopeSettings{Aliases: []string{"www.shop.test"}}}
	gather.Documents(context.Background(), res, f)
	return evidence.Build(res, catalog.Builtin())
}

func TestPrivacyCentreIsReadTogether(t *testing.T) {
	hub := `<html><body><main><h1>Privacy centre</h1><p>Everything about how Example Shop handles personal data, in short chapters.</p>
<ul><li><a href="/privacy/cookies/">Cookies</a></li><li><a href="/privacy/your-rights/">Your rights</a></li><li><a href="https://other.test/privacy/x">elsewhere</a></li><li><a href="/about/">About us</a></li></ul></main></body></html>`
	f := memFetcher{
		"https://shop.test/privacy/":             hub,
		"https://shop.test/privacy/cookies/":     `<html><body><main><h1>Cookies</h1><p>We use cookies to keep your basket and to count visits with Google Analytics.</p></main></body></html>`,
		"https://shop.test/privacy/your-rights/": `<html><body><main><h1>Your rights</h1><p>You may access, correct or delete your personal data at any time by writing to privacy@shop.test.</p></main></body></html>`,
	}
	site := build(t, []record.Page{page("https://shop.test/", record.Info{PrivacyLinks: []string{"https://www.shop.test/privacy/"}})}, f)
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
	site := build(t, []record.Page{
		page("https://shop.test/", record.Info{PrivacyLinks: []string{"https://shop.test/privacy", "https://shop.test/old-privacy"}}),
		page("https://shop.test/a", record.Info{PrivacyLinks: []string{"https://shop.test/privacy"}}),
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
	prod := record.Info{PrivacyLinks: []string{"https://www.prod.test/privacy"}, ContactLinks: []string{"/contact/"}}
	site := build(t, []record.Page{page("https://shop.test/", prod), page("https://shop.test/a", prod), page("https://shop.test/b", record.Info{})}, memFetcher{})
	if h := site.AliasHint(); h != "www.prod.test" {
		t.Errorf("AliasHint = %q, want www.prod.test", h)
	}
	// An alias host is in scope: no hint.
	site = build(t, []record.Page{page("https://shop.test/", record.Info{PrivacyLinks: []string{"https://www.shop.test/privacy"}})}, memFetcher{})
	if h := site.AliasHint(); h != "" {
		t.Errorf("AliasHint = %q for an alias, want none", h)
	}
}

// shop is the origin of the hand-built crawls.
const shop = "https://shop.test"

// docFetcher serves whole documents from memory (URL -> document); an
// unlisted URL answers 404.
type docFetcher map[string]record.Document

func (m docFetcher) Fetch(_ context.Context, u string) (*record.Document, error) {
	d, ok := m[u]
	if !ok {
		return &record.Document{URL: u, FinalURL: u, Status: 404}, nil
	}
	if d.URL == "" {
		d.URL = u
	}
	if d.FinalURL == "" {
		d.FinalURL = d.URL
	}
	return &d, nil
}

// newCrawl returns the record of a crawl of shop.test (www.shop.test an
// alias) that fetched pages.
func newCrawl(pages ...record.Page) *record.Crawl {
	return &record.Crawl{Start: shop, Origin: shop, StartURL: shop + "/", Pages: pages, Complete: true,
		Scope: record.ScopeSettings{Aliases: []string{"www.shop.test"}}}
}

// gatherBuild runs the documents stage on c with f, then computes the
// evidence.
func gatherBuild(t *testing.T, c *record.Crawl, f gather.Fetcher) *evidence.Site {
	t.Helper()
	gather.Documents(context.Background(), c, f)
	if !c.DocumentsGathered {
		t.Fatal("the documents stage did not complete")
	}
	return evidence.Build(c, catalog.Builtin())
}

// policyHTML wraps paragraphs into a privacy policy page.
func policyHTML(paragraphs ...string) string {
	return `<html lang="en"><head><title>Privacy policy</title></head><body><main><h1>Privacy policy</h1><p>` +
		strings.Join(paragraphs, "</p><p>") + "</p></main></body></html>"
}

// withPolicy returns the record of a one-page crawl of shop.test whose home
// page links /privacy, and a fetcher serving the policy made of paragraphs.
func withPolicy(info record.Info, paragraphs ...string) (*record.Crawl, memFetcher) {
	info.PrivacyLinks = append(info.PrivacyLinks, shop+"/privacy")
	return newCrawl(page(shop+"/", info)), memFetcher{shop + "/privacy": policyHTML(paragraphs...)}
}

// pageAt returns the entry of site.All for u (nil when there is none).
func pageAt(site *evidence.Site, u string) *evidence.Page {
	for i := range site.All {
		if site.All[i].URL == u {
			return &site.All[i]
		}
	}
	return nil
}
