package checks

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/privaudit/privaudit/catalog"
	"github.com/privaudit/privaudit/crawler"
	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/gather"
	"github.com/privaudit/privaudit/record"
)

// cut marks a page as cut at --max-body-size.
func cut(p record.Page) record.Page {
	p.Truncated = true
	return p
}

var (
	privacyLink = record.Info{PrivacyLinks: []string{origin + "/privacy"}}
	withContact = record.Info{
		PrivacyLinks: []string{origin + "/privacy"},
		Contact:      record.Contact{Emails: []string{"hello@shop.test"}, Addresses: []string{"Musterstraße 12, 10115 Berlin"}},
	}
)

// A page cut at --max-body-size that lacks a privacy link in the part read
// raises no finding and is left out of the count; one that shows the link
// (in its head or its tail) counts as linked. A page read whole that lacks
// it is still a finding.
func TestPrivacyPolicyLinkSkipsTruncatedPages(t *testing.T) {
	docs := fakeFetcher{origin + "/privacy": longPolicy}
	site := build(t, []record.Page{
		page("/", privacyLink),
		cut(page("/catalogue", record.Info{})),
		cut(page("/long-linked", privacyLink)),
		page("/bare", record.Info{}),
	}, nil, docs)
	res := run(t, PrivacyPolicyLink{}, site)
	if findingFor(res, origin+"/catalogue", "") {
		t.Errorf("finding for a page that was not read whole: %+v", res.Findings)
	}
	if !findingFor(res, origin+"/bare", "privacy-link") || len(res.Findings) != 1 {
		t.Errorf("findings %+v, want one for /bare", res.Findings)
	}
	if res.Score < 0.66 || res.Score > 0.67 || res.Status != StatusFail {
		t.Errorf("score %.3f status %s, want 2 of 3 pages judged linked and fail", res.Score, res.Status)
	}
	if want := "2 of 3 pages link the privacy policy; 1 page was cut at --max-body-size and not judged"; res.Summary != want {
		t.Errorf("summary %q, want %q", res.Summary, want)
	}

	// Every page cut, none showing a link: nothing could be judged.
	site = build(t, []record.Page{cut(page("/", record.Info{})), cut(page("/b", record.Info{}))}, nil, docs)
	res = run(t, PrivacyPolicyLink{}, site)
	if res.Status != StatusError || len(res.Findings) != 0 || !strings.Contains(res.Summary, "2 pages were cut at --max-body-size") {
		t.Errorf("every page cut: %+v", res)
	}
}

// Contact information: a cut page without any in the part read is not a
// finding and is left out of the count. What the site as a whole lacks (an
// e-mail address, a postal address) is judged from the pages read whole
// and what the cut ones show; with no page read whole, it is not judged.
func TestContactInfoSkipsTruncatedPages(t *testing.T) {
	docs := fakeFetcher{origin + "/privacy": longPolicy}
	emailOnly := record.Info{PrivacyLinks: []string{origin + "/privacy"}, Contact: record.Contact{Emails: []string{"hello@shop.test"}}}
	pages := []record.Page{page("/", emailOnly), page("/about", emailOnly), page("/bare", record.Info{}), cut(page("/catalogue", record.Info{}))}

	res := run(t, ContactInfo{}, build(t, pages, nil, docs))
	if findingFor(res, origin+"/catalogue", "") {
		t.Errorf("finding for a page that was not read whole: %+v", res.Findings)
	}
	if !findingFor(res, origin+"/bare", "contact") || !findingFor(res, origin+"/", "site-address") || len(res.Findings) != 2 {
		t.Errorf("findings %+v, want /bare and the site's address", res.Findings)
	}
	// 2 of the 3 pages judged offer contact; an e-mail address, no address.
	if want := 0.8*2/3 + 0.1; res.Score < want-0.001 || res.Score > want+0.001 {
		t.Errorf("score %.3f, want %.3f", res.Score, want)
	}
	if want := "2 of 3 pages offer contact information; the site gives no postal address; 1 page was cut at --max-body-size and not judged"; res.Summary != want {
		t.Errorf("summary %q, want %q", res.Summary, want)
	}

	// A cut page that shows contact details counts, and so do the details.
	res = run(t, ContactInfo{}, build(t, []record.Page{page("/", withContact), cut(page("/big", withContact))}, nil, docs))
	if len(res.Findings) != 0 || res.Status != StatusPass {
		t.Errorf("cut page with contact details: %+v", res)
	}

	// No page read whole: the site's postal address is not judged, and
	// left out of the score.
	res = run(t, ContactInfo{}, build(t, []record.Page{cut(page("/", emailOnly)), cut(page("/catalogue", record.Info{}))}, nil, docs))
	if len(res.Findings) != 0 || res.Status != StatusPass || res.Score != 1 ||
		!strings.Contains(res.Summary, "whether the site gives a postal address was not judged, as no page was read whole") {
		t.Errorf("no page read whole: %+v", res)
	}

	res = run(t, ContactInfo{}, build(t, []record.Page{cut(page("/", record.Info{}))}, nil, docs))
	if res.Status != StatusError || len(res.Findings) != 0 {
		t.Errorf("every page cut: %+v", res)
	}
}

// No seal: judged from the pages read whole, not judged with none. What a
// cut page shows (an insecure form) still counts.
func TestTruncatedPagesOtherChecks(t *testing.T) {
	docs := fakeFetcher{origin + "/privacy": longPolicy}
	pages := []record.Page{page("/", privacyLink), cut(page("/big", privacyLink))}
	res := run(t, TrustSeal{}, build(t, pages, nil, docs))
	if res.Status != StatusWarn || len(res.Findings) != 1 || !strings.Contains(res.Summary, "1 page was cut at --max-body-size") {
		t.Errorf("trust seal with a page cut: %+v", res)
	}
	res = run(t, TrustSeal{}, build(t, pages[1:], nil, docs))
	if res.Status != StatusError || len(res.Findings) != 0 {
		t.Errorf("trust seal, every page cut: %+v", res)
	}

	form := record.Info{PrivacyLinks: []string{origin + "/privacy"},
		Forms: []record.Form{{Action: "http://shop.test/signup", Method: "POST", PersonalFields: []string{"email"}, EmailField: true}}}
	res = run(t, FormSecurity{}, build(t, []record.Page{page("/", privacyLink), cut(page("/big", form))}, nil, docs))
	if !findingFor(res, origin+"/big", "form:http://shop.test/signup") || res.Status != StatusFail ||
		!strings.Contains(res.Summary, "forms in the part not read were not seen") {
		t.Errorf("insecure form on a cut page: %+v", res)
	}
}

// End to end: a real crawl with a small --max-body-size of a site whose
// long page has its privacy link and contact details in the middle (not
// read) raises no finding for it; a long page whose footer is read as its
// tail counts as linked.
func TestTruncatedCrawlRaisesNoMissingFinding(t *testing.T) {
	const limit = 4096
	filler := strings.Repeat("<p>Our workshop makes chairs and tables from oak and ash, finished by hand.</p>\n", 2*limit/70)
	footer := `<footer><a href="/privacy">Privacy policy</a> <a href="/contact">Contact</a>
		<address>Shop Ltd, 12 High Street, London SW1A 1AA</address> <a href="mailto:hello@shop.test">hello@shop.test</a></footer>`
	pages := map[string]string{
		"/":          `<a href="/catalogue">Catalogue</a> <a href="/long">Long</a>` + footer,
		"/catalogue": filler + footer + filler, // footer between the head and the tail
		"/long":      filler + footer,          // footer in the tail
		"/contact":   footer,
		"/privacy":   strings.TrimPrefix(strings.TrimSuffix(longPolicy, "</body></html>"), "<html lang=\"en\"><head><title>Privacy policy</title></head><body>"),
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ok := pages[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(`<!DOCTYPE html><html lang="en"><head><title>Shop</title></head><body>` + body + `</body></html>`))
	}))
	defer srv.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c := crawler.New(crawler.Options{MaxBodySize: limit, NoSitemaps: true, Timeout: 5 * time.Second})
	res, err := c.Gather(ctx, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if res.Truncated != 2 {
		t.Fatalf("Crawl.Truncated %d, want 2 (/catalogue and /long)", res.Truncated)
	}
	gather.Documents(ctx, res, c)
	site := evidence.Build(res, catalog.Builtin())

	link := run(t, PrivacyPolicyLink{}, site)
	if len(link.Findings) != 0 || link.Status != StatusPass || !strings.Contains(link.Summary, "1 page was cut at --max-body-size and not judged") {
		t.Errorf("privacy-policy-link: %s %q %+v", link.Status, link.Summary, link.Findings)
	}
	contact := run(t, ContactInfo{}, site)
	if len(contact.Findings) != 0 || contact.Status != StatusPass {
		t.Errorf("contact-info: %s %q %+v", contact.Status, contact.Summary, contact.Findings)
	}
	for _, p := range site.Pages {
		if strings.HasSuffix(p.URL, "/long") && !p.PolicyLinked {
			t.Errorf("/long: its footer, read as its tail, links the policy: %+v", p)
		}
	}
}

// When no privacy policy was found and no page was read whole, the link
// may sit in the parts not read: the checks that need the policy judge
// nothing. With a page read whole, they report a site without one.
func TestPolicyChecksWhenThePolicyLinkMayBeUnread(t *testing.T) {
	info := record.Info{Resources: []record.Resource{{Kind: record.KindScript, Host: "www.googletagmanager.com", URL: "https://www.googletagmanager.com/gtag/js"}}}
	cookies := []record.Cookie{{Name: "_ga", Domain: "shop.test", Path: "/", FirstSeenOn: origin + "/"}}
	checks := []Check{PrivacyPolicyReachable{}, PolicyCoverage{}, CookiesExplained{}, ThirdPartyDisclosure{}}

	site := build(t, []record.Page{cut(page("/", info)), cut(page("/about", info))}, cookies, fakeFetcher{})
	for _, c := range checks {
		if res := run(t, c, site); res.Status != StatusError || len(res.Findings) != 0 || !strings.Contains(res.Summary, "every page (2 pages) was cut at --max-body-size") {
			t.Errorf("%s, every page cut: %+v", c.Meta().ID, res)
		}
	}
	for _, pages := range [][]record.Page{{page("/", info), page("/about", info)}, {cut(page("/", info)), page("/about", info)}} {
		site = build(t, pages, cookies, fakeFetcher{})
		for _, c := range checks {
			if res := run(t, c, site); res.Status != StatusFail || len(res.Findings) == 0 {
				t.Errorf("%s, %d pages cut: %+v", c.Meta().ID, site.Truncated, res)
			}
		}
		if res := run(t, PrivacyPolicyReachable{}, site); site.Truncated > 0 && !strings.HasSuffix(res.Summary, "1 page was cut at --max-body-size and not judged") {
			t.Errorf("summary %q", res.Summary)
		}
	}
}

// The case that prompted all this: a crawl with a small --max-body-size of
// a site whose every page has its footer (privacy link, contact details)
// in the part not read. No check reports anything missing.
func TestEveryPageTruncatedRaisesNoMissingFinding(t *testing.T) {
	const limit = 2000
	filler := strings.Repeat("<p>Our workshop makes chairs and tables from oak and ash, finished by hand.</p>\n", 2*limit/70)
	footer := `<footer><a href="/privacy">Privacy policy</a> <a href="/contact">Contact</a>
		<address>Shop Ltd, 12 High Street, London SW1A 1AA</address> <a href="mailto:hello@shop.test">hello@shop.test</a></footer>`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" && r.URL.Path != "/about" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(`<!DOCTYPE html><html lang="en"><head><title>Shop</title></head><body><a href="/about">About</a>` +
			filler + footer + filler + `</body></html>`))
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c := crawler.New(crawler.Options{MaxBodySize: limit, NoSitemaps: true, Timeout: 5 * time.Second})
	res, err := c.Gather(ctx, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if res.Truncated != 2 || len(res.Pages) != 2 {
		t.Fatalf("%d pages, %d truncated; want 2 and 2", len(res.Pages), res.Truncated)
	}
	gather.Documents(ctx, res, c)
	for _, o := range Run(ctx, evidence.Build(res, catalog.Builtin()), All()) {
		switch o.Meta.ID {
		case "privacy-policy-link", "contact-info", "privacy-policy-reachable", "policy-coverage", "trust-seal":
			if o.Result.Status != StatusError || len(o.Result.Findings) != 0 {
				t.Errorf("%s: %s %q %+v, want an error and no finding", o.Meta.ID, o.Result.Status, o.Result.Summary, o.Result.Findings)
			}
		default:
			// HTTPS is judged from the URL and headers, not the body.
			for _, f := range o.Result.Findings {
				if o.Meta.ID != "https" {
					t.Errorf("%s: finding %+v", o.Meta.ID, f)
				}
			}
		}
	}
}
