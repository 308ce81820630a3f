package evidence_test

import (
	"slices"
	"testing"

	"github.com/privaudit/privaudit/catalog"
	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/record"
)

// What a browser saw joins the cookie inventory and the third parties, so
// that the checks that judge them see cookies set by scripts and hosts
// contacted by scripts; a third party's own cookie stays out of the site's
// inventory (cookie-security does not judge flags the site cannot set),
// but is one of its third-party cookies, once, whatever the phases that
// saw it (cookies-explained asks the policy to explain it).
func TestBrowserJoinsInventory(t *testing.T) {
	ide := record.BrowserCookie{Name: "IDE", Domain: ".doubleclick.net", Path: "/", SameSite: "None", Secure: true, HTTPOnly: true,
		Via: "http", SetBy: "googleads.g.doubleclick.net", FirstSeenOn: shop + "/"}
	ideLater := ide
	ideLater.Domain, ideLater.FirstSeenOn = "doubleclick.net", shop+"/later"
	c := &record.Crawl{Start: shop, Origin: shop, StartURL: shop + "/", Complete: true, DocumentsGathered: true, Gatherer: "browser",
		Pages:   []record.Page{{URL: shop + "/", FinalURL: shop + "/", Status: 200, HTML: true}},
		Cookies: []record.Cookie{{Name: "sid", Domain: "shop.test", Path: "/", FirstSeenOn: shop + "/"}},
		Browser: &record.Browser{Pages: []string{shop + "/"}, Phases: []record.Phase{{Name: record.PhaseBefore,
			Cookies: []record.BrowserCookie{
				{Name: "sid", Domain: ".shop.test", Path: "/", Via: "http", FirstSeenOn: shop + "/"},
				{Name: "_ga", Domain: ".shop.test", Path: "/", Via: "script", SetBy: "www.googletagmanager.com", FirstSeenOn: shop + "/"},
				ide,
			},
			Requests: []record.Request{{Host: "www.google-analytics.com", Type: "Ping", Count: 1, ExampleURL: "https://www.google-analytics.com/g/collect", ExamplePage: shop + "/"}},
		}, {Name: record.PhaseAccept,
			Cookies: []record.BrowserCookie{
				ideLater,
				{Name: "_hjid", Domain: ".hotjar.com", Path: "/", Via: "script", SetBy: "vars.hotjar.com", FirstSeenOn: shop + "/"},
			},
		}}}}
	s := evidence.Build(c, catalog.Builtin())
	var names []string
	for _, ck := range s.Cookies {
		names = append(names, ck.Name+"@"+ck.Domain)
	}
	if !slices.Equal(names, []string{"_ga@.shop.test", "sid@shop.test"}) {
		t.Errorf("cookies %v: the site's own, static and script-set, once each, not the third parties'", names)
	}
	if ga := s.Cookies[0]; !ga.FirstParty || ga.Via != "script" || ga.SetBy != "www.googletagmanager.com" || ga.Known == nil {
		t.Errorf("_ga %+v: first-party, set by a script of Google Tag Manager, in the catalogue", ga)
	}
	names = nil
	for _, ck := range s.ThirdPartyCookies {
		names = append(names, ck.Name+"@"+ck.Domain)
	}
	if !slices.Equal(names, []string{"IDE@.doubleclick.net", "_hjid@.hotjar.com"}) {
		t.Fatalf("third-party cookies %v: each third party's own, once, as first seen", names)
	}
	got := s.ThirdPartyCookies[0]
	if got.FirstParty || got.Known == nil || got.Known.Category != "marketing" || got.Via != "http" || got.SetBy != "googleads.g.doubleclick.net" ||
		got.FirstSeenOn != shop+"/" || !got.Secure || !got.HTTPOnly || got.SameSite != "None" {
		t.Errorf("IDE %+v: a third party's, in the catalogue, with how, by whom and where it was first set, and its flags", got)
	}
	found := false
	for _, tp := range s.ThirdParties {
		if tp.Host == "www.google-analytics.com" {
			found = tp.Loads && tp.Used() && tp.Tracker() && slices.Contains(tp.Kinds, "ping")
		}
	}
	if !found {
		t.Errorf("third parties %+v: the host a script contacted is one", s.ThirdParties)
	}
	if !s.Has(evidence.KindStorage) || s.Browser == nil {
		t.Error("browser evidence")
	}
}
