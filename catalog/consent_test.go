package catalog

import (
	"slices"
	"strings"
	"testing"
)

// The embedded consent-platforms file loads and every entry is valid (the
// guarantee behind the panic of ConsentPlatforms).
func TestConsentPlatformsEmbedded(t *testing.T) {
	ps, err := parseConsentPlatforms(builtinConsentPlatforms)
	if err != nil {
		t.Fatal(err)
	}
	if got := ConsentPlatforms(); len(got) != len(ps) || len(got) < 10 {
		t.Fatalf("ConsentPlatforms() has %d entries, the file %d", len(got), len(ps))
	}
	generic, banners := 0, 0
	for _, p := range ps {
		if p.Generic {
			generic++
			if len(p.BannerMarkers) == 0 {
				t.Errorf("generic entry %s has no banner markers", p.ID)
			}
		}
		if len(p.BannerMarkers) > 0 {
			banners++
			if len(p.BannerSelectors) == 0 {
				t.Errorf("%s has banner markers but no selector a browser can query", p.ID)
			}
		}
	}
	if generic != 1 || banners < 8 {
		t.Errorf("%d generic entries, %d with banner markers", generic, banners)
	}
}

func TestConsentPlatformLookup(t *testing.T) {
	p, ok := ConsentPlatformByID("onetrust")
	if !ok || p.Name != "OneTrust" || !slices.Contains(p.BannerMarkers, "onetrust") || !slices.Contains(p.BannerSelectors, "#onetrust-banner-sdk") {
		t.Errorf("ConsentPlatformByID(onetrust) = %+v, %v", p, ok)
	}
	if _, ok := ConsentPlatformByID("no-such-platform"); ok {
		t.Error("an unknown ID was found")
	}
	hosts := []struct{ host, id string }{
		{"cdn.cookielaw.org", "onetrust"},
		{"consent.cookiebot.com", "cookiebot"},
		{"CDN.IUBENDA.COM.", "iubenda"},
		{"app.usercentrics.eu", "usercentrics"},
		{"notcookielaw.org", ""}, // a suffix only at a label boundary
		{"example.org", ""},
	}
	for _, tt := range hosts {
		p, ok := ConsentPlatformForHost(tt.host)
		if ok != (tt.id != "") || p.ID != tt.id {
			t.Errorf("ConsentPlatformForHost(%q) = %q, %v; want %q", tt.host, p.ID, ok, tt.id)
		}
	}
	// The caller's copy is its own.
	all := ConsentPlatforms()
	all[0].ID = "changed"
	if ConsentPlatforms()[0].ID == "changed" {
		t.Error("ConsentPlatforms returned the catalogue's own slice")
	}
}

func TestParseConsentPlatformsErrors(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"empty", "", "no entries"},
		{"empty list", "[]", "no entries"},
		{"unknown field", "- id: a\n  name: A\n  script_host: [a.com]\n", "script_host"},
		{"bad id", "- id: Bad_ID\n  name: A\n  script_hosts: [a.com]\n", "kebab-case"},
		{"duplicate id", "- id: a\n  name: A\n  script_hosts: [a.com]\n- id: a\n  name: B\n  script_hosts: [b.com]\n", "duplicate id"},
		{"no name", "- id: a\n  script_hosts: [a.com]\n", "bad name"},
		{"nothing to match", "- id: a\n  name: A\n", "no banner marker"},
		{"upper-case marker", "- id: a\n  name: A\n  banner_markers: ['OneTrust']\n", "lower case"},
		{"marker matching everything", "- id: a\n  name: A\n  banner_markers: ['x*']\n", "empty"},
		{"bad marker", "- id: a\n  name: A\n  banner_markers: ['(a']\n", "banner marker"},
		{"bad selector", "- id: a\n  name: A\n  banner_markers: ['abc']\n  banner_selectors: ['#abc[']\n", "banner selector"},
		{"unmarked selector", "- id: a\n  name: A\n  banner_markers: ['abc']\n  banner_selectors: ['#xyz']\n", "no id or class"},
		{"bad host", "- id: a\n  name: A\n  script_hosts: ['https://a.com/']\n", "host"},
		{"upper-case host", "- id: a\n  name: A\n  script_hosts: ['A.com']\n", "lower case"},
		{"shared host", "- id: a\n  name: A\n  script_hosts: [a.com]\n- id: b\n  name: B\n  script_hosts: [a.com]\n", "also a's"},
		{"bad policy URL", "- id: a\n  name: A\n  policy_urls: ['a(']\n", "policy URL"},
		{"two generic", "- id: a\n  name: A\n  generic: true\n  banner_markers: [abc]\n- id: b\n  name: B\n  generic: true\n  banner_markers: [xyz]\n", "second generic"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseConsentPlatforms([]byte(tt.yaml))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one about %q", err, tt.want)
			}
		})
	}
	ok := "- id: a\n  name: A\n  banner_markers: ['\\bab-']\n  banner_selectors: ['div.ab-banner', '#AB-Root']\n  script_hosts: [cdn.a.com]\n  policy_urls: ['a\\.com/policy']\n"
	if _, err := parseConsentPlatforms([]byte(ok)); err != nil {
		t.Errorf("a valid entry: %v", err)
	}
}
