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
// inventory.
func TestBrowserJoinsInventory(t *testing.T) {
	c := &record.Crawl{Start: shop, Origin: shop, StartURL: shop + "/", Complete: true, DocumentsGathered: true, Gatherer: "browser",
		Pages:   []record.Page{{URL: shop + "/", FinalURL: shop + "/", Status: 200, HTML: true}},
		Cookies: []record.Cookie{{Name: "sid", Domain: "shop.test", Path: "/", FirstSeenOn: shop + "/"}},
		Browser: &record.Browser{Pages: []string{shop + "/"}, Phases: []record.Phase{{Name: record.PhaseBefore,
			Cookies: []record.BrowserCookie{
				{Name: "sid", Domain: "shop.test", Path: "/", Via: "http", FirstSeenOn: shop + "/"},
				{Name: "_ga", Domain: ".shop.test", Path: "/", Via: "script", FirstSeenOn: shop + "/"},
				{Name: "IDE", Domain: ".doubleclick.net", Path: "/", Via: "http", FirstSeenOn: shop + "/"},
			},
			Requests: []record.Request{{Host: "www.google-analytics.com", Type: "Ping", Count: 1, ExampleURL: "https://www.google-analytics.com/g/collect", ExamplePage: shop + "/"}},
		}}}}
	s := evidence.Build(c, catalog.Builtin())
	var names []string
	for _, ck := range s.Cookies {
		names = append(names, ck.Name)
	}
	if !slices.Equal(names, []string{"_ga", "sid"}) {
		t.Errorf("cookies %v: the site's own, static and script-set, not the third party's", names)
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
