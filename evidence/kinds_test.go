package evidence_test

import (
	"slices"
	"testing"

	"github.com/privaudit/privaudit/catalog"
	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/record"
)

// allKinds lists every kind of evidence; add new kinds here.
var allKinds = []evidence.Kind{
	evidence.KindPages, evidence.KindPolicy, evidence.KindCookies, evidence.KindThirdParties,
	evidence.KindHTTPProbe, evidence.KindStorage, evidence.KindScriptCookies,
}

func TestKindModes(t *testing.T) {
	browserOnly := map[evidence.Kind]bool{evidence.KindStorage: true, evidence.KindScriptCookies: true}
	for _, k := range allKinds {
		if len(k.Modes()) == 0 {
			t.Errorf("%s: no mode gathers it", k)
		}
		if got := k.GatheredIn(evidence.ModeBrowser); !got {
			t.Errorf("%s.GatheredIn(browser) = false: a browser sees everything a static crawl does", k)
		}
		if got := k.GatheredIn(evidence.ModeStatic); got == browserOnly[k] {
			t.Errorf("%s.GatheredIn(static) = %v, want %v", k, got, !browserOnly[k])
		}
		for _, m := range []evidence.Mode{evidence.ModeStatic, evidence.ModeBrowser} {
			if k.GatheredIn(m) != slices.Contains(k.Modes(), m) {
				t.Errorf("%s: GatheredIn(%s) disagrees with Modes() %v", k, m, k.Modes())
			}
		}
	}
	if evidence.KindStorage.GatheredIn(evidence.ModeStatic) || !evidence.KindStorage.GatheredIn(evidence.ModeBrowser) {
		t.Error("storage is gathered in a browser only")
	}
	if k := evidence.Kind("nonsense"); len(k.Modes()) != 0 || k.GatheredIn(evidence.ModeStatic) {
		t.Error("an unknown kind is gathered by no mode")
	}
	if evidence.ModeBrowser.Flag() != "--browser" || evidence.ModeStatic.Flag() != "" {
		t.Errorf("flags %q %q", evidence.ModeBrowser.Flag(), evidence.ModeStatic.Flag())
	}
}

func TestHasAndMode(t *testing.T) {
	tests := []struct {
		name     string
		gatherer string
		probe    bool
		gathered bool
		mode     evidence.Mode
		has      []evidence.Kind
	}{
		{"static, documents gathered, probed", "static", true, true, evidence.ModeStatic,
			[]evidence.Kind{evidence.KindPages, evidence.KindPolicy, evidence.KindCookies, evidence.KindThirdParties, evidence.KindHTTPProbe}},
		{"unnamed gatherer is static", "", false, true, evidence.ModeStatic,
			[]evidence.Kind{evidence.KindPages, evidence.KindPolicy, evidence.KindCookies, evidence.KindThirdParties}},
		{"interrupted before the documents", "static", true, false, evidence.ModeStatic,
			[]evidence.Kind{evidence.KindPages, evidence.KindCookies, evidence.KindThirdParties, evidence.KindHTTPProbe}},
		{"browser", "browser", false, true, evidence.ModeBrowser,
			[]evidence.Kind{evidence.KindPages, evidence.KindPolicy, evidence.KindCookies, evidence.KindThirdParties}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCrawl(page(shop+"/", record.Info{}))
			c.Gatherer, c.DocumentsGathered = tt.gatherer, tt.gathered
			if tt.probe {
				c.HTTPProbe = &record.HTTPProbe{Checked: true, URL: "http://shop.test/", Status: 301, Location: shop + "/", RedirectsToHTTPS: true}
			}
			site := evidence.Build(c, catalog.Builtin())
			if site.Mode != tt.mode {
				t.Errorf("Mode %q, want %q", site.Mode, tt.mode)
			}
			for _, k := range allKinds {
				if got, want := site.Has(k), slices.Contains(tt.has, k); got != want {
					t.Errorf("Has(%s) = %v, want %v", k, got, want)
				}
			}
		})
	}
}
