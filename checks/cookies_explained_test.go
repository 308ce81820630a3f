package checks

import (
	"context"
	"testing"

	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/gather"
	"github.com/privaudit/privaudit/record"
)

func TestCookiesExplained(t *testing.T) {
	policy := origin + "/privacy/"
	pages := []record.Page{page("/", record.Info{PrivacyLinks: []string{policy}})}
	cookie := func(name string) record.Cookie {
		return record.Cookie{Name: name, Domain: "shop.test", Path: "/", FirstSeenOn: origin + "/", Secure: true, HTTPOnly: true, SameSite: "Lax"}
	}
	t.Run("named, by family, and unexplained", func(t *testing.T) {
		site := build(t, pages, []record.Cookie{cookie("sid"), cookie("_ga"), cookie("trk_uid")}, fakeFetcher{policy: longPolicy})
		res := run(t, CookiesExplained{}, site)
		if res.Status != StatusFail || res.Score < 0.66 || res.Score > 0.67 {
			t.Errorf("status %s score %v, want fail 2/3", res.Status, res.Score)
		}
		if !findingFor(res, origin+"/", "cookie:trk_uid") || len(res.Findings) != 1 {
			t.Errorf("only trk_uid is unexplained: %+v", res.Findings)
		}
	})
	t.Run("explained by purpose when the category is known", func(t *testing.T) {
		byPurpose := policyHTML("We use analytics cookies to measure how visitors use our website, so that we can improve it.",
			"Strictly necessary cookies keep the site working and your session secure.")
		site := build(t, pages, []record.Cookie{cookie("_gid"), cookie("PHPSESSID")}, fakeFetcher{policy: byPurpose})
		res := run(t, CookiesExplained{}, site)
		if res.Status != StatusPass {
			t.Errorf("got %+v", res)
		}
	})
	t.Run("explained by naming who sets them", func(t *testing.T) {
		bySetter := policyHTML("Hotjar stores cookies in your browser to see how visitors move through our pages.",
			"Google may read and write cookies in your browser when our pages show ads.")
		dsid := cookie("DSID")
		dsid.Domain = "doubleclick.net"
		site := build(t, pages, []record.Cookie{cookie("_hjid"), dsid}, fakeFetcher{policy: bySetter})
		res := run(t, CookiesExplained{}, site)
		if res.Status != StatusPass || len(res.Findings) != 0 || res.Summary != "2 of 2 cookies explained" {
			t.Errorf("got %+v", res)
		}
	})
	t.Run("not by a platform named in a sentence on something else", func(t *testing.T) {
		unrelated := policyHTML("We work with Hotjar to improve our website for our visitors.", "We protect your personal data with TLS encryption.")
		site := build(t, pages, []record.Cookie{cookie("_hjid")}, fakeFetcher{policy: unrelated})
		if res := run(t, CookiesExplained{}, site); !findingFor(res, origin+"/", "cookie:_hjid") {
			t.Errorf("_hjid is unexplained: %+v", res)
		}
	})
	t.Run("a third-party cookie names the domain that set it", func(t *testing.T) {
		uid := cookie("uid")
		uid.Domain = ".px.adnet.example"
		site := build(t, pages, []record.Cookie{cookie("sid"), uid}, fakeFetcher{policy: longPolicy})
		res := run(t, CookiesExplained{}, site)
		if !findingFor(res, origin+"/", "cookie:uid@px.adnet.example") || len(res.Findings) != 1 {
			t.Fatalf("only uid is unexplained: %+v", res.Findings)
		}
		if f := res.Findings[0]; f.Message != "third-party cookie uid, set by px.adnet.example, is not explained by the policy" || f.Evidence["domain"] != ".px.adnet.example" {
			t.Errorf("finding %+v: name the domain that set it", f)
		}
		if want := "1 of 2 cookies explained; not explained: the third-party cookies of px.adnet.example"; res.Summary != want {
			t.Errorf("summary %q, want %q", res.Summary, want)
		}
	})
	t.Run("a policy that denies cookies", func(t *testing.T) {
		denies := policyHTML("This website does not use cookies.", "We only process the data you send us by e-mail to answer your questions.")
		site := build(t, pages, []record.Cookie{cookie("sid")}, fakeFetcher{policy: denies})
		res := run(t, CookiesExplained{}, site)
		if !findingFor(res, policy, "contradiction:no-cookies") || res.Score != 0 || res.Status != StatusFail {
			t.Errorf("want the contradiction reported: %+v", res)
		}
	})
	t.Run("no cookies", func(t *testing.T) {
		if res := run(t, CookiesExplained{}, build(t, pages, nil, fakeFetcher{policy: longPolicy})); res.Status != StatusNotApplicable {
			t.Errorf("status %s", res.Status)
		}
	})
	t.Run("no policy", func(t *testing.T) {
		res := run(t, CookiesExplained{}, build(t, []record.Page{page("/", record.Info{})}, []record.Cookie{cookie("sid")}, fakeFetcher{}))
		if res.Status != StatusFail || res.Score != 0 {
			t.Errorf("got %+v", res)
		}
	})
}

// browserPolicySite builds the evidence of a browser audit of a home page
// that links the policy at /privacy/, with the cookies its responses set
// and hand-made phases.
func browserPolicySite(t *testing.T, policy string, cookies []record.Cookie, phases ...record.Phase) *evidence.Site {
	t.Helper()
	pages := []record.Page{page("/", record.Info{PrivacyLinks: []string{origin + "/privacy/"}})}
	res := &record.Crawl{Gatherer: "browser", Start: origin, Origin: origin, StartURL: origin + "/", Pages: pages, Cookies: cookies, Complete: true,
		Browser: &record.Browser{Version: "HeadlessChrome/1", Pages: []string{origin + "/"}, Phases: phases, Consent: banner}}
	gather.Documents(context.Background(), res, fakeFetcher{origin + "/privacy/": policy})
	return evidence.Build(res, nil)
}

// The third parties' cookies a browser saw count: the policy must explain
// them as it does the site's own, here IDE by the company of doubleclick.net.
// Their flags are not the site's to set: cookie-security leaves them out.
func TestCookiesExplainedThirdParty(t *testing.T) {
	policy := policyHTML("We use cookies: the session cookie sid keeps your basket.",
		"Google may set cookies in your browser to show you ads on other websites.",
		"We protect your personal data with TLS encryption.")
	sid := record.Cookie{Name: "sid", Domain: "shop.test", Path: "/", FirstSeenOn: origin + "/", Secure: true, HTTPOnly: true, SameSite: "Lax", SetOverHTTPS: true}
	ide := record.BrowserCookie{Name: "IDE", Domain: ".doubleclick.net", Path: "/", Via: "http", SetBy: "googleads.g.doubleclick.net", FirstSeenOn: origin + "/"}
	uid := record.BrowserCookie{Name: "uid", Domain: ".px.adnet.example", Path: "/", Via: "http", SetBy: "px.adnet.example", FirstSeenOn: origin + "/blog/"}
	site := browserPolicySite(t, policy, []record.Cookie{sid},
		record.Phase{Name: record.PhaseBefore, Cookies: []record.BrowserCookie{{Name: "sid", Domain: "shop.test", Path: "/", Via: "http", FirstSeenOn: origin + "/"}}},
		record.Phase{Name: record.PhaseAccept, Cookies: []record.BrowserCookie{ide, uid}})

	res := run(t, CookiesExplained{}, site)
	if res.Status != StatusFail || res.Score < 0.66 || res.Score > 0.67 {
		t.Errorf("status %s score %v, want fail 2/3 (sid and IDE of sid, IDE and uid)", res.Status, res.Score)
	}
	if len(res.Findings) != 1 || !findingFor(res, origin+"/blog/", "cookie:uid@px.adnet.example") {
		t.Fatalf("findings %+v: only uid, where it was first seen", res.Findings)
	}
	f := res.Findings[0]
	if f.Message != "third-party cookie uid, set by px.adnet.example, is not explained by the policy" || f.Evidence["domain"] != ".px.adnet.example" || f.Evidence["setBy"] != "px.adnet.example" {
		t.Errorf("finding %+v: name the domain that set it", f)
	}
	if want := "1 of 1 cookie and 1 of 2 third-party cookies explained; not explained: the third-party cookies of px.adnet.example"; res.Summary != want {
		t.Errorf("summary %q, want %q", res.Summary, want)
	}

	if res := run(t, CookieSecurity{}, site); res.Status != StatusPass || res.Summary != "1 of 1 cookie carries every expected flag" {
		t.Errorf("cookie-security %s %q: judges the site's own cookie only (IDE and uid carry no flags)", res.Status, res.Summary)
	}

	// Only third parties' cookies: they are judged all the same.
	only := browserPolicySite(t, policy, nil, record.Phase{Name: record.PhaseAccept, Cookies: []record.BrowserCookie{ide}})
	if res := run(t, CookiesExplained{}, only); res.Status != StatusPass || res.Summary != "1 of 1 third-party cookie explained" {
		t.Errorf("IDE alone: %s %q", res.Status, res.Summary)
	}
	if res := run(t, CookieSecurity{}, only); res.Status != StatusNotApplicable {
		t.Errorf("cookie-security with no cookie of the site's: %s %q", res.Status, res.Summary)
	}
	// No cookie at all in any phase.
	none := browserPolicySite(t, policy, nil, record.Phase{Name: record.PhaseAccept})
	if res := run(t, CookiesExplained{}, none); res.Status != StatusNotApplicable {
		t.Errorf("no cookie: %s %q", res.Status, res.Summary)
	}
}

// The consent checks read the phases: a third party's cookie that needs
// consent is one whoever set it, and the site's declaration must list it
// (cookie declarations list the third parties' cookies too).
func TestThirdPartyCookiesInConsentChecks(t *testing.T) {
	ide := record.BrowserCookie{Name: "IDE", Domain: ".doubleclick.net", Path: "/", Via: "http", SetBy: "googleads.g.doubleclick.net", FirstSeenOn: origin + "/"}
	site := browserPolicySite(t, declarationPolicy, nil, record.Phase{Name: record.PhaseBefore, Cookies: []record.BrowserCookie{ide}})
	res := run(t, PreConsentTracking{}, site)
	if !findingFor(res, origin+"/", "cookie:IDE") || res.Findings[0].Evidence["domain"] != ".doubleclick.net" {
		t.Errorf("pre-consent-tracking %+v: IDE, a marketing cookie, is set before consent", res.Findings)
	}
	if res := run(t, CookieDeclaration{}, site); !findingFor(res, origin+"/", "cookie:IDE:undeclared") || len(res.Findings) != 1 {
		t.Errorf("cookie-declaration %+v: IDE is not declared", res.Findings)
	}
}
