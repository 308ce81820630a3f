package evidence_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/privaudit/privaudit/catalog"
	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/policy"
	"github.com/privaudit/privaudit/record"
)

// ---------------------------------------------------------------- page facts

func TestPageFacts(t *testing.T) {
	feed := record.Page{URL: shop + "/feed.xml", FinalURL: shop + "/feed.xml", Status: 200, ContentType: "application/rss+xml",
		// A non-HTML page has no Info in practice; give it some to show it is ignored.
		Info: record.Info{PrivacyLinks: []string{shop + "/privacy"}, Contact: record.Contact{Emails: []string{"shop@shop.test"}}}}
	refresh := page(shop+"/go", record.Info{RefreshTo: shop + "/", PrivacyLinks: []string{shop + "/privacy"}})
	failed := page(shop+"/fails", record.Info{PrivacyLinks: []string{shop + "/privacy"}})
	failed.Status = 500
	c := newCrawl(
		page(shop+"/", record.Info{PrivacyLinks: []string{shop + "/privacy"}, ContactLinks: []string{shop + "/contact"}}),
		page(shop+"/address", record.Info{Contact: record.Contact{Addresses: []string{"1 High Street, London N1 1AA"}}}),
		page(shop+"/alias", record.Info{PrivacyLinks: []string{"https://www.shop.test/privacy"}}),
		page(shop+"/broken", record.Info{PrivacyLinks: []string{shop + "/old-privacy"}}),
		page(shop+"/contacts", record.Info{ContactLinks: []string{shop + "/kontakt", shop + "/contact", shop + "/imprint"}}),
		page(shop+"/dead-contact", record.Info{ContactLinks: []string{shop + "/kontakt"},
			BrokenLinks: []record.BrokenLink{{Kind: "contact", Href: "mailto:", Text: "Write to us"}}}),
		page(shop+"/email", record.Info{Contact: record.Contact{Emails: []string{"hello@shop.test"}}}),
		failed,
		feed,
		refresh,
		page(shop+"/js-link", record.Info{BrokenLinks: []record.BrokenLink{
			{Kind: "privacy", Href: "javascript:void(0)", Text: "Privacy"},
			{Kind: "cookie-policy", Href: "htps://shop.test/cookies", Text: "Cookies"},
		}}),
		page(shop+"/phone", record.Info{Contact: record.Contact{Phones: []string{"+44 20 7946 0000"}}}),
		page(shop+"/placeholder", record.Info{Contact: record.Contact{Placeholders: []string{"contact@example.com"}}}),
		page(shop+"/privacy", record.Info{}),
	)
	f := memFetcher{
		shop + "/privacy": policyHTML("We protect your personal data and never sell it."),
		shop + "/contact": "<html><body>Contact</body></html>",
		shop + "/imprint": "<html><body>Imprint</body></html>",
	}
	site := gatherBuild(t, c, f)
	if site.PrivacyPolicy == nil || site.PrivacyPolicy.URL != shop+"/privacy" || !site.PrivacyPolicy.OK() {
		t.Fatalf("privacy policy %+v, want %s/privacy", site.PrivacyPolicy, shop)
	}

	tests := []struct {
		name, url   string
		linked      bool
		broken      []string
		hasContact  bool
		contactPage string
	}{
		{"working privacy link and contact link", "/", true, nil, true, shop + "/contact"},
		{"privacy link through an alias host", "/alias", true, nil, false, ""},
		{"only privacy link answers 404", "/broken", false, []string{shop + "/old-privacy"}, false, ""},
		{"the privacy policy itself", "/privacy", true, nil, false, ""},
		{"privacy link broken at extraction", "/js-link", false, []string{"javascript:void(0)"}, false, ""},
		{"e-mail address", "/email", false, nil, true, ""},
		{"phone number", "/phone", false, nil, true, ""},
		{"postal address", "/address", false, nil, true, ""},
		{"placeholder contact details only", "/placeholder", false, nil, false, ""},
		{"only contact link answers 404", "/dead-contact", false, nil, false, ""},
		{"first contact link not broken", "/contacts", false, nil, true, shop + "/contact"},
		{"non-HTML page", "/feed.xml", false, nil, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := pageAt(site, shop+tt.url)
			if p == nil {
				t.Fatalf("%s is not in All", tt.url)
			}
			if p.PolicyLinked != tt.linked {
				t.Errorf("PolicyLinked = %v, want %v", p.PolicyLinked, tt.linked)
			}
			if !reflect.DeepEqual(p.BrokenPolicyLinks, tt.broken) {
				t.Errorf("BrokenPolicyLinks = %q, want %q", p.BrokenPolicyLinks, tt.broken)
			}
			if p.HasContact != tt.hasContact {
				t.Errorf("HasContact = %v, want %v", p.HasContact, tt.hasContact)
			}
			if p.ContactPage != tt.contactPage {
				t.Errorf("ContactPage = %q, want %q", p.ContactPage, tt.contactPage)
			}
		})
	}

	t.Run("Pages leaves out meta-refresh, error and non-HTML pages", func(t *testing.T) {
		if len(site.All) != len(c.Pages) {
			t.Errorf("All has %d entries, want one per record page (%d)", len(site.All), len(c.Pages))
		}
		for i := range site.All {
			if site.All[i].Page != &c.Pages[i] {
				t.Errorf("All[%d] is not the record's page %d", i, i)
			}
		}
		var got []string
		for _, p := range site.Pages {
			got = append(got, site.ShortURL(p.URL))
		}
		want := []string{"/", "/address", "/alias", "/broken", "/contacts", "/dead-contact", "/email", "/js-link", "/phone", "/placeholder", "/privacy"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Pages = %q, want %q", got, want)
		}
		if pageAt(site, shop+"/go") == nil || pageAt(site, shop+"/fails") == nil {
			t.Error("the meta-refresh and failed pages must stay in All")
		}
	})
}

func TestPolicyLinkAliasNeedsScope(t *testing.T) {
	link := "https://www.shop.test/privacy"
	f := memFetcher{shop + "/privacy": policyHTML("We protect your personal data and never sell it.")}

	c := newCrawl(page(shop+"/", record.Info{PrivacyLinks: []string{link}}))
	if p := gatherBuild(t, c, f).Pages[0]; !p.PolicyLinked || p.BrokenPolicyLinks != nil {
		t.Errorf("with www.shop.test an alias: PolicyLinked %v, broken %q; want linked", p.PolicyLinked, p.BrokenPolicyLinks)
	}
	// The same crawl without the alias: www.shop.test is another host,
	// which answers 404.
	c = newCrawl(page(shop+"/", record.Info{PrivacyLinks: []string{link}}))
	c.Scope.Aliases = nil
	if p := gatherBuild(t, c, f).Pages[0]; p.PolicyLinked || !reflect.DeepEqual(p.BrokenPolicyLinks, []string{link}) {
		t.Errorf("without the alias: PolicyLinked %v, broken %q; want the link broken", p.PolicyLinked, p.BrokenPolicyLinks)
	}
}

func TestBrokenPolicyLinksOnlyWithoutWorkingOne(t *testing.T) {
	// Evidence.Page documents BrokenPolicyLinks as the unreachable privacy
	// links "when it has no working one": a page with a working link has
	// none, whatever the order of its links.
	f := memFetcher{shop + "/privacy": policyHTML("We protect your personal data and never sell it.")}
	for _, links := range [][]string{
		{shop + "/privacy", shop + "/old-privacy"},
		{shop + "/old-privacy", shop + "/privacy"},
	} {
		site := gatherBuild(t, newCrawl(page(shop+"/", record.Info{PrivacyLinks: links})), f)
		p := site.Pages[0]
		if !p.PolicyLinked {
			t.Errorf("links %q: PolicyLinked false, want true", links)
		}
		if len(p.BrokenPolicyLinks) != 0 {
			t.Errorf("links %q: BrokenPolicyLinks %q, want none when a working link exists", links, p.BrokenPolicyLinks)
		}
	}
}

// ---------------------------------------------------------------- cookies

// cookieOn is a cookie shop.test's home page set.
func cookieOn(name string) record.Cookie {
	return record.Cookie{Name: name, Domain: "shop.test", Path: "/", HostOnly: true, FirstSeenOn: shop + "/", SetOverHTTPS: true}
}

func TestCookieExplanations(t *testing.T) {
	const (
		sid       = "The session cookie sid keeps your basket between visits."
		gid       = "The _gid cookie tells visitors apart for one day."
		analytics = "We use analytics cookies to understand how visitors use our shop."
		ga4       = "Google Analytics sets cookies whose names start with _ga_ to keep session state."
		ga4Family = "Cookies named _ga_* keep the session state of Google Analytics 4."
		silent    = "We protect your personal data with TLS encryption."
	)
	tests := []struct {
		name     string
		policy   []string
		cookie   string
		want     string
		byName   bool
		wantKnow bool
	}{
		{"by exact name, unknown cookie", []string{silent, sid}, "sid", sid, true, false},
		{"by exact name before purpose", []string{analytics, gid}, "_gid", gid, true, true},
		{"by the wildcard entry's pattern", []string{silent, ga4}, "_ga_ABC123", ga4, true, true},
		{"by a wildcard the policy writes", []string{silent, ga4Family}, "_ga_ABC123", ga4Family, true, true},
		{"by the purpose of its category", []string{silent, analytics}, "_gid", analytics, false, true},
		{"not by another category's purpose", []string{silent, analytics}, "_fbp", "", false, true},
		{"not by purpose when the cookie is unknown", []string{silent, "We use preference cookies to remember your language."}, "shoplang", "", false, false},
		{"policy says nothing", []string{silent}, "_gid", "", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, f := withPolicy(record.Info{}, tt.policy...)
			c.Cookies = []record.Cookie{cookieOn(tt.cookie)}
			site := gatherBuild(t, c, f)
			if site.Policy == nil {
				t.Fatal("the policy was not analysed")
			}
			if len(site.Cookies) != 1 {
				t.Fatalf("cookies %+v, want one", site.Cookies)
			}
			ck := site.Cookies[0]
			if (ck.Known != nil) != tt.wantKnow {
				t.Fatalf("catalogue entry %+v: the test assumes known=%v", ck.Known, tt.wantKnow)
			}
			if ck.ExplainedBy != tt.want || ck.ByName != tt.byName {
				t.Errorf("ExplainedBy %q (by name %v), want %q (by name %v)", ck.ExplainedBy, ck.ByName, tt.want, tt.byName)
			}
			if ck.Explained() != (tt.want != "") {
				t.Errorf("Explained() = %v", ck.Explained())
			}
		})
	}
}

// A policy often explains a cookie by naming who sets it: the cookie's
// platform, or for a cookie of another domain, that domain's service,
// company or name; the sentence must speak of cookies or tracking.
func TestCookieExplainedBySetter(t *testing.T) {
	const silent = "We protect your personal data with TLS encryption."
	thirdParty := func(name, domain string) record.Cookie {
		c := cookieOn(name)
		c.Domain, c.HostOnly = domain, false
		return c
	}
	tests := []struct {
		name     string
		lang     string
		policy   string
		cookie   record.Cookie
		bySetter string // "" when the cookie is not explained
	}{
		{"platform in a cookie sentence", "en", "Hotjar stores cookies in your browser.", cookieOn("_hjid"), "Hotjar"},
		{"platform in a tracking sentence", "en", "We use Matomo to track how visitors use the site.", cookieOn("_pk_id.1.abcd"), "Matomo"},
		{"platform in a German cookie sentence", "de", "Google Analytics verwendet sogenannte Cookies, die auf Ihrem Computer gespeichert werden.", cookieOn("_gid"), "Google Analytics"},
		{"platform in a German storage sentence", "de", "Hotjar speichert Informationen auf Ihrem Endgerät.", cookieOn("_hjid"), "Hotjar"},
		{"platform in a French tracker sentence", "fr", "Hotjar dépose des traceurs lors de votre visite.", cookieOn("_hjid"), "Hotjar"},
		{"not by the platform in a sentence on something else", "en", "We work with Hotjar to improve our website.", cookieOn("_hjid"), ""},
		{"not by the platform in a German sentence on something else", "de", "Wir arbeiten mit Hotjar zusammen.", cookieOn("_hjid"), ""},
		{"not by a proper name written as a word", "en", "We set cookies only with your express consent.", cookieOn("connect.sid"), ""},
		{"not by the company of a first-party cookie", "en", "Google may read cookies in your browser.", cookieOn("_gid"), ""},
		{"third-party domain by its service", "en", "DoubleClick sets cookies in your browser when our pages show ads.", thirdParty("DSID", "doubleclick.net"), "DoubleClick"},
		{"third-party domain by its company", "en", "Google may read cookies in your browser when you view our pages.", thirdParty("DSID", ".doubleclick.net"), "Google"},
		{"third-party domain by its company, in German", "de", "Google setzt Cookies, wenn Sie unsere Seiten aufrufen.", thirdParty("DSID", "doubleclick.net"), "Google"},
		{"unknown third-party domain by its name", "en", "Cookies from adnet.example remember which ads you saw.", thirdParty("uid", "px.adnet.example"), "adnet.example"},
		{"not by the company in a sentence on something else", "en", "Our offices are next to Google in London.", thirdParty("DSID", "doubleclick.net"), ""},
		{"unknown third-party cookie", "en", "We use cookies to keep your basket between visits.", thirdParty("uid", "px.adnet.example"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, f := withPolicy(record.Info{}, silent, tt.policy)
			f[shop+"/privacy"] = strings.Replace(f[shop+"/privacy"], `lang="en"`, `lang="`+tt.lang+`"`, 1)
			c.Cookies = []record.Cookie{tt.cookie}
			site := gatherBuild(t, c, f)
			if site.Policy == nil || len(site.Cookies) != 1 {
				t.Fatalf("policy analysed %v, cookies %+v", site.Policy != nil, site.Cookies)
			}
			ck := site.Cookies[0]
			if wantFirst := tt.cookie.Domain == "shop.test"; ck.FirstParty != wantFirst {
				t.Fatalf("%s on %s: first party %v", ck.Name, ck.Domain, ck.FirstParty)
			}
			want := ""
			if tt.bySetter != "" {
				want = tt.policy
			}
			if ck.ExplainedBy != want || ck.BySetter != tt.bySetter || ck.ByName {
				t.Errorf("ExplainedBy %q (by setter %q, by name %v), want %q (by setter %q)", ck.ExplainedBy, ck.BySetter, ck.ByName, want, tt.bySetter)
			}
		})
	}
}

// The cookie's own name comes first, and the setter before the purpose of
// its category: it says more.
func TestCookieExplanationOrder(t *testing.T) {
	const (
		named   = "The _hjid cookie identifies a visitor across sessions."
		setter  = "Hotjar stores cookies in your browser."
		purpose = "We use analytics cookies to understand how visitors use our shop."
	)
	for _, tt := range []struct {
		policy   []string
		want     string
		byName   bool
		bySetter string
	}{
		{[]string{setter, named}, named, true, ""},
		{[]string{purpose, setter}, setter, false, "Hotjar"},
		{[]string{purpose}, purpose, false, ""},
	} {
		c, f := withPolicy(record.Info{}, tt.policy...)
		c.Cookies = []record.Cookie{cookieOn("_hjid")}
		ck := gatherBuild(t, c, f).Cookies[0]
		if ck.ExplainedBy != tt.want || ck.ByName != tt.byName || ck.BySetter != tt.bySetter {
			t.Errorf("policy %q: explained by %q (by name %v, by setter %q), want %q (%v, %q)", tt.policy, ck.ExplainedBy, ck.ByName, ck.BySetter, tt.want, tt.byName, tt.bySetter)
		}
	}
}

// A third party's cookie a browser saw is explained as the site's own
// are: by its name, by who sets it (here the company the catalogue gives
// its domain) or by its purpose; one the policy does not account for is
// left unexplained.
func TestThirdPartyCookiesExplained(t *testing.T) {
	const (
		google = "Google may set cookies in your browser to show you ads on other websites."
		ga     = "The _ga cookie counts visits to our pages."
	)
	c, f := withPolicy(record.Info{}, google, ga)
	c.Gatherer = "browser"
	c.Browser = &record.Browser{Pages: []string{shop + "/"}, Phases: []record.Phase{{Name: record.PhaseAccept, Cookies: []record.BrowserCookie{
		{Name: "_ga", Domain: ".shop.test", Path: "/", Via: "script", FirstSeenOn: shop + "/"},
		{Name: "IDE", Domain: ".doubleclick.net", Path: "/", Via: "http", SetBy: "googleads.g.doubleclick.net", FirstSeenOn: shop + "/"},
		{Name: "uid", Domain: ".px.adnet.example", Path: "/", Via: "http", SetBy: "px.adnet.example", FirstSeenOn: shop + "/"},
	}}}}
	site := gatherBuild(t, c, f)
	if len(site.Cookies) != 1 || site.Cookies[0].ExplainedBy != ga || !site.Cookies[0].ByName {
		t.Errorf("cookies %+v: _ga, explained by name", site.Cookies)
	}
	if len(site.ThirdPartyCookies) != 2 {
		t.Fatalf("third-party cookies %+v: IDE and uid", site.ThirdPartyCookies)
	}
	ide, uid := site.ThirdPartyCookies[0], site.ThirdPartyCookies[1]
	if ide.Name != "IDE" || ide.ExplainedBy != google || ide.BySetter != "Google" || ide.ByName {
		t.Errorf("IDE %+v: explained by its domain's company", ide)
	}
	if uid.Name != "uid" || uid.Explained() {
		t.Errorf("uid %+v: no sentence names it, who sets it or its purpose", uid)
	}
}

func TestNoCookieExplanationWithoutPolicy(t *testing.T) {
	// The policy link answers 404 with a page whose text would explain
	// the cookie: an error page is not a policy.
	notFound := policyHTML("Page not found.", "The session cookie sid keeps your basket between visits.")
	c := newCrawl(page(shop+"/", record.Info{PrivacyLinks: []string{shop + "/privacy"}}))
	c.Cookies = []record.Cookie{cookieOn("sid"), cookieOn("_gid")}
	site := gatherBuild(t, c, docFetcher{shop + "/privacy": {Status: 404, ContentType: "text/html", Body: notFound}})
	if site.Policy != nil || site.PrivacyPolicy == nil || site.PrivacyPolicy.OK() {
		t.Fatalf("policy %+v, analysis %v: want the 404 candidate, unread", site.PrivacyPolicy, site.Policy != nil)
	}
	for _, ck := range site.Cookies {
		if ck.Explained() || ck.ByName {
			t.Errorf("%s explained by %q without a policy", ck.Name, ck.ExplainedBy)
		}
	}

	// No privacy link at all.
	c = newCrawl(page(shop+"/", record.Info{}))
	c.Cookies = []record.Cookie{cookieOn("sid")}
	site = gatherBuild(t, c, memFetcher{})
	if site.PrivacyPolicy != nil || site.Policy != nil || site.Cookies[0].Explained() {
		t.Errorf("no policy: %+v %+v", site.PrivacyPolicy, site.Cookies[0])
	}
}

func TestCookieInventory(t *testing.T) {
	c := newCrawl(page(shop+"/", record.Info{}))
	ga := cookieOn("_ga")
	ga.Domain, ga.HostOnly, ga.FirstSeenOn, ga.MaxAge = ".shop.test", false, "https://www.shop.test/a", 63072000
	thirdDomain := cookieOn("tp")
	thirdDomain.Domain = "tracker.test"
	elsewhere := cookieOn("ext")
	elsewhere.Domain, elsewhere.FirstSeenOn = "policies.example", "https://policies.example/privacy"
	c.Cookies = []record.Cookie{cookieOn("sid"), elsewhere, thirdDomain, ga}
	site := gatherBuild(t, c, memFetcher{})

	type row struct {
		name        string
		firstParty  bool
		known       bool
		session     bool
		firstSeenOn string
	}
	var got []row
	for _, ck := range site.Cookies {
		got = append(got, row{ck.Name, ck.FirstParty, ck.Known != nil, ck.Session(), ck.FirstSeenOn})
	}
	want := []row{
		{"_ga", true, true, false, "https://www.shop.test/a"}, // set on an alias host: the site's own
		{"sid", true, false, true, shop + "/"},
		{"tp", false, false, true, shop + "/"},
		// ext was set by a policy hosted elsewhere: left out.
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("cookies\n got %+v\nwant %+v", got, want)
	}
}

// ---------------------------------------------------------------- third parties

func TestThirdPartyDisclosure(t *testing.T) {
	const silent = "We protect your personal data with TLS encryption."
	tests := []struct {
		name   string
		host   string
		policy string
		want   bool // the policy sentence discloses the host
	}{
		{"by service name", "www.google-analytics.com", "We count visits with Google Analytics.", true},
		{"by another name of the service", "www.googletagmanager.com", "Pages load gtag.js to count visits.", true},
		{"by host", "s3.amazonaws.com", "Downloads are served from s3.amazonaws.com for speed.", true},
		{"by registrable domain", "cdn.abc.net", "Product photos are served by abc.net for speed.", true},
		{"by distinctive label", "cdn.trackbox.io", "We count visits with Trackbox.", true},
		{"not by a short label", "cdn.abc.net", "The abc of our shop is fair prices.", false},
		{"by category terms", "www.google-analytics.com", "We use an analytics service to count visits.", true},
		{"not by category terms when unknown", "cdn.trackstats.io", "We use an analytics service to count visits.", false},
		{"not by another category's terms", "fonts.gstatic.com", "We use an analytics service to count visits.", false},
		{"not by the company alone", "fonts.gstatic.com", "We count visits with Google Analytics.", false},
		// googleapis.com is a private public suffix: the first label of
		// fonts.googleapis.com is a word, not the owner's name.
		{"not by a common word that is the host's first label", "fonts.googleapis.com", "All fonts are served from our own servers.", false},
		{"policy says nothing", "www.google-analytics.com", silent, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, f := withPolicy(record.Info{Resources: []record.Resource{{Kind: record.KindScript, Host: tt.host, URL: "https://" + tt.host + "/x.js"}}}, silent, tt.policy)
			site := gatherBuild(t, c, f)
			if site.Policy == nil || len(site.ThirdParties) != 1 {
				t.Fatalf("policy analysed %v, third parties %+v", site.Policy != nil, site.ThirdParties)
			}
			tp := site.ThirdParties[0]
			want := ""
			if tt.want {
				want = tt.policy
			}
			if tp.DisclosedBy != want {
				t.Errorf("%s: DisclosedBy %q, want %q", tt.host, tp.DisclosedBy, want)
			}
			if tp.Disclosed() != tt.want {
				t.Errorf("Disclosed() = %v", tp.Disclosed())
			}
		})
	}
}

func TestNoDisclosureWithoutPolicy(t *testing.T) {
	c := newCrawl(page(shop+"/", record.Info{Resources: []record.Resource{{Kind: record.KindScript, Host: "www.google-analytics.com", URL: "https://www.google-analytics.com/analytics.js"}}}))
	site := gatherBuild(t, c, memFetcher{})
	if len(site.ThirdParties) != 1 || site.ThirdParties[0].Disclosed() {
		t.Errorf("third parties %+v: none disclosed without a policy", site.ThirdParties)
	}
}

func TestThirdPartyInventory(t *testing.T) {
	ga := "www.google-analytics.com"
	failed := page(shop+"/fails", record.Info{Resources: []record.Resource{{Kind: record.KindScript, Host: "evil.test", URL: "https://evil.test/x.js"}}})
	failed.Status = 500
	c := newCrawl(
		page(shop+"/", record.Info{Resources: []record.Resource{
			{Kind: record.KindLink, Host: ga, URL: "https://www.google-analytics.com/about"},
			{Kind: record.KindScript, Host: ga, URL: "https://www.google-analytics.com/analytics.js"},
			{Kind: record.KindImage, Host: "static.shop.test", URL: "https://static.shop.test/logo.png"},
			{Kind: record.KindScript, Host: "www.shop.test", URL: "https://www.shop.test/app.js"},
		}}),
		page(shop+"/b", record.Info{Resources: []record.Resource{
			{Kind: record.KindImage, Host: ga, URL: "https://www.google-analytics.com/collect"},
			{Kind: record.KindLink, Host: "github.com", URL: "https://github.com/shop"},
			{Kind: record.KindForm, Host: "forms.hubspot.com", URL: "https://forms.hubspot.com/submit"},
		}}),
		failed,
	)
	site := gatherBuild(t, c, memFetcher{})

	type row struct {
		host                    string
		pages                   int
		kinds                   []string
		loads, used, tracker    bool
		exampleURL, examplePage string
	}
	var got []row
	for _, tp := range site.ThirdParties {
		got = append(got, row{tp.Host, tp.Pages, tp.Kinds, tp.Loads, tp.Used(), tp.Tracker(), tp.ExampleURL, tp.ExamplePage})
	}
	want := []row{
		// The most used first; the example is a URL the page loads.
		{ga, 2, []string{"image", "link", "script"}, true, true, true, "https://www.google-analytics.com/analytics.js", shop + "/"},
		{"forms.hubspot.com", 1, []string{"form"}, false, true, true, "https://forms.hubspot.com/submit", shop + "/b"},
		{"github.com", 1, []string{"link"}, false, false, false, "https://github.com/shop", shop + "/b"},
		// static.shop.test (same domain), www.shop.test (alias) and the
		// failed page's host are not third parties.
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("third parties\n got %+v\nwant %+v", got, want)
	}
}

func TestThirdPartyUsedAndTracker(t *testing.T) {
	cat := catalog.Builtin()
	known := func(host string) *catalog.HostEntry {
		e, ok := cat.Host(host)
		if !ok {
			t.Fatalf("%s is not in the catalogue", host)
		}
		return &e
	}
	tests := []struct {
		name          string
		tp            evidence.ThirdParty
		used, tracker bool
	}{
		{"loaded analytics", evidence.ThirdParty{Host: "www.google-analytics.com", Loads: true, Kinds: []string{"script"}, Known: known("www.google-analytics.com")}, true, true},
		{"linked analytics", evidence.ThirdParty{Host: "www.google-analytics.com", Kinds: []string{"link"}, Known: known("www.google-analytics.com")}, false, true},
		{"advertising", evidence.ThirdParty{Host: "googleads.g.doubleclick.net", Loads: true, Known: known("googleads.g.doubleclick.net")}, true, true},
		{"form to a marketing service", evidence.ThirdParty{Host: "forms.hubspot.com", Kinds: []string{"form", "link"}, Known: known("forms.hubspot.com")}, true, true},
		{"fonts", evidence.ThirdParty{Host: "fonts.gstatic.com", Loads: true, Known: known("fonts.gstatic.com")}, true, false},
		{"unknown", evidence.ThirdParty{Host: "cdn.abc.net", Loads: true}, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.tp.Used(); got != tt.used {
				t.Errorf("Used() = %v, want %v", got, tt.used)
			}
			if got := tt.tp.Tracker(); got != tt.tracker {
				t.Errorf("Tracker() = %v, want %v", got, tt.tracker)
			}
		})
	}
}

// ---------------------------------------------------------------- contradictions

func TestContradictions(t *testing.T) {
	const (
		noCookies  = "We do not use cookies."
		namesGA    = "The cookie _ga counts visits."
		noSharing  = "We never share your personal data with third parties."
		noTracking = "We do not use analytics."
		other      = "We protect your personal data with TLS encryption."
	)
	ga := "www.google-analytics.com"
	type want struct {
		claim    policy.ClaimKind
		crawl    bool
		sentence string
		observed string
		seen     []string
	}
	tests := []struct {
		name      string
		policy    []string
		cookies   []string
		resources []record.Resource
		want      []want
	}{
		{"the policy's own", []string{noCookies, namesGA}, nil, nil,
			[]want{{policy.ClaimNoCookies, false, noCookies, "the policy names cookies: _ga", nil}}},
		{"no cookies, but the site sets some", []string{noCookies, other}, []string{"sid", "lang"}, nil,
			[]want{{policy.ClaimNoCookies, true, noCookies, "the policy says the site uses no cookies, but it sets 2 cookies", []string{"lang", "sid"}}}},
		{"no cookies, but the site sets one", []string{noCookies, other}, []string{"sid"}, nil,
			[]want{{policy.ClaimNoCookies, true, noCookies, "the policy says the site uses no cookies, but it sets 1 cookie", []string{"sid"}}}},
		{"no cookies, and none set", []string{noCookies, other}, nil, nil, nil},
		{"never share and no tracking, but a tracker loads", []string{noSharing, noTracking}, nil,
			[]record.Resource{{Kind: record.KindScript, Host: ga, URL: "https://www.google-analytics.com/analytics.js"}},
			[]want{
				{policy.ClaimNoSharing, true, noSharing, "the policy says data is never shared, but the pages load www.google-analytics.com", []string{ga}},
				{policy.ClaimNoTracking, true, noTracking, "the policy says no tracking is used, but the pages load www.google-analytics.com", []string{ga}},
			}},
		{"a form posts to a marketing service", []string{noSharing}, nil,
			[]record.Resource{{Kind: record.KindForm, Host: "forms.hubspot.com", URL: "https://forms.hubspot.com/submit"}},
			[]want{{policy.ClaimNoSharing, true, noSharing, "the policy says data is never shared, but the pages load forms.hubspot.com", []string{"forms.hubspot.com"}}}},
		{"a tracker only linked", []string{noSharing, noTracking}, nil,
			[]record.Resource{{Kind: record.KindLink, Host: ga, URL: "https://www.google-analytics.com/about"}}, nil},
		{"a loaded host that is not a tracker", []string{noSharing, noTracking}, nil,
			[]record.Resource{{Kind: record.KindScript, Host: "fonts.gstatic.com", URL: "https://fonts.gstatic.com/f.woff2"}}, nil},
		{"the policy's own first", []string{noCookies, namesGA}, []string{"sid"}, nil,
			[]want{
				{policy.ClaimNoCookies, false, noCookies, "the policy names cookies: _ga", nil},
				{policy.ClaimNoCookies, true, noCookies, "the policy says the site uses no cookies, but it sets 1 cookie", []string{"sid"}},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, f := withPolicy(record.Info{Resources: tt.resources}, tt.policy...)
			for _, n := range tt.cookies {
				c.Cookies = append(c.Cookies, cookieOn(n))
			}
			site := gatherBuild(t, c, f)
			if site.Policy == nil {
				t.Fatal("the policy was not analysed")
			}
			if len(site.Contradictions) != len(tt.want) {
				t.Fatalf("contradictions %+v, want %d", site.Contradictions, len(tt.want))
			}
			for i, w := range tt.want {
				got := site.Contradictions[i]
				if got.Claim != w.claim || got.Crawl != w.crawl || got.Sentence != w.sentence || got.Observed != w.observed || !reflect.DeepEqual(got.Seen, w.seen) {
					t.Errorf("contradiction %d:\n got %+v\nwant %+v", i, got, w)
				}
			}
		})
	}
}

func TestNoContradictionsWithoutPolicy(t *testing.T) {
	c := newCrawl(page(shop+"/", record.Info{Resources: []record.Resource{{Kind: record.KindScript, Host: "www.google-analytics.com", URL: "https://www.google-analytics.com/analytics.js"}}}))
	c.Cookies = []record.Cookie{cookieOn("sid")}
	if site := gatherBuild(t, c, memFetcher{}); len(site.Contradictions) != 0 {
		t.Errorf("contradictions %+v without a policy", site.Contradictions)
	}
}

func TestCrawlContradictions(t *testing.T) {
	c, f := withPolicy(record.Info{Resources: []record.Resource{{Kind: record.KindScript, Host: "www.google-analytics.com", URL: "https://www.google-analytics.com/analytics.js"}}},
		"We do not use cookies.", "The cookie _ga counts visits.", "We never share your personal data with third parties.", "We do not use analytics.")
	c.Cookies = []record.Cookie{cookieOn("sid")}
	site := gatherBuild(t, c, f)
	claims := func(cs []evidence.Contradiction) []policy.ClaimKind {
		var out []policy.ClaimKind
		for _, c := range cs {
			if !c.Crawl {
				t.Errorf("CrawlContradictions returned the policy's own %+v", c)
			}
			out = append(out, c.Claim)
		}
		return out
	}
	if len(site.Contradictions) <= 3 {
		t.Fatalf("contradictions %+v: want the policy's own and the crawl's", site.Contradictions)
	}
	if got := claims(site.CrawlContradictions(policy.ClaimNoCookies)); !reflect.DeepEqual(got, []policy.ClaimKind{policy.ClaimNoCookies}) {
		t.Errorf("no-cookies: %v", got)
	}
	if got := claims(site.CrawlContradictions(policy.ClaimNoTracking, policy.ClaimNoSharing)); !reflect.DeepEqual(got, []policy.ClaimKind{policy.ClaimNoSharing, policy.ClaimNoTracking}) {
		t.Errorf("no-sharing, no-tracking: %v", got)
	}
	if got := site.CrawlContradictions(); len(got) != 0 {
		t.Errorf("no kinds: %+v", got)
	}
}
