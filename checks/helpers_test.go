package checks

import (
	"context"
	"strings"
	"testing"

	"github.com/privaudit/privaudit/catalog"
	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/gather"
	"github.com/privaudit/privaudit/record"
)

const origin = "https://shop.test"

// fakeFetcher serves documents from memory: URL -> HTML body (status 200),
// or "404" for a missing page.
type fakeFetcher map[string]string

func (f fakeFetcher) Fetch(_ context.Context, u string) (*record.Document, error) {
	body, ok := f[u]
	if !ok || body == "404" {
		return &record.Document{URL: u, FinalURL: u, Status: 404}, nil
	}
	return &record.Document{URL: u, FinalURL: u, Status: 200, ContentType: "text/html; charset=utf-8", Body: body}, nil
}

// page returns an HTML page record at path with the given info.
func page(path string, info record.Info) record.Page {
	return record.Page{URL: origin + path, FinalURL: origin + path, Status: 200, HTML: true, ContentType: "text/html", Info: info}
}

// build gathers evidence for a hand-made crawl: the checks see exactly
// what evidence.Build makes of it.
func build(t *testing.T, pages []record.Page, cookies []record.Cookie, docs fakeFetcher) *evidence.Site {
	t.Helper()
	res := &record.Crawl{Start: origin, Origin: origin, StartURL: origin + "/", Pages: pages, Cookies: cookies, Complete: true}
	gather.Documents(context.Background(), res, docs)
	return evidence.Build(res, catalog.Builtin())
}

func run(t *testing.T, c Check, site *evidence.Site) Result {
	t.Helper()
	return runOne(context.Background(), site, c)
}

// policyHTML wraps paragraphs into a policy page.
func policyHTML(paragraphs ...string) string {
	return "<html lang=\"en\"><head><title>Privacy policy</title></head><body><main><h1>Privacy policy</h1><p>" +
		strings.Join(paragraphs, "</p><p>") + "</p></main></body></html>"
}

// longPolicy is a policy with enough text to count as substantive.
var longPolicy = policyHTML(
	"This privacy policy explains how Example Shop Ltd collects and uses personal data when you use our website and buy from our shop.",
	"We use your e-mail address to send you order confirmations and your postal address to deliver your order.",
	"We protect your data with TLS encryption and store it on secured servers.",
	"We share your name and address with our courier only to deliver your order, and we never sell your personal data.",
	"We use cookies: the session cookie sid keeps your basket, and Google Analytics cookies (_ga) count visits to our pages.",
	"You may access, correct or delete your personal data at any time by writing to privacy@shop.test.",
	"We keep order records for six years because tax law requires it, and delete other data after one year.",
	"We do not knowingly collect personal data from children under 13 years of age.",
	"We may update this policy from time to time and will post the new version on this page with a new date.",
	"You have the right to lodge a complaint with your data protection supervisory authority.",
)

// findingFor reports whether a finding has the URL (any when "") and the
// subject (any when "").
func findingFor(res Result, url, subject string) bool {
	for _, f := range res.Findings {
		if (url == "" || f.URL == url) && (subject == "" || f.Subject == subject) {
			return true
		}
	}
	return false
}
