package checks

import (
	"testing"

	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/record"
)

// browserSite builds the evidence of a browser audit from hand-made phases.
func browserSite(t *testing.T, consent *record.Consent, phases ...record.Phase) *evidence.Site {
	t.Helper()
	pages := []record.Page{page("/", record.Info{})}
	res := &record.Crawl{Gatherer: "browser", Start: origin, Origin: origin, StartURL: origin + "/", Pages: pages, Complete: true,
		Browser: &record.Browser{Version: "HeadlessChrome/1", Pages: []string{origin + "/"}, Phases: phases, Consent: consent}}
	return evidence.Build(res, nil)
}

var (
	gaCookie   = record.BrowserCookie{Name: "_ga", Domain: ".shop.test", Via: "script", SetBy: "shop.test", FirstSeenOn: origin + "/"}
	sessCookie = record.BrowserCookie{Name: "PHPSESSID", Domain: "shop.test", Via: "http", SetBy: "shop.test", FirstSeenOn: origin + "/"}
	consentCk  = record.BrowserCookie{Name: "OptanonConsent", Domain: ".shop.test", Via: "script", SetBy: "shop.test", FirstSeenOn: origin + "/"}
	hjStorage  = record.StorageItem{Origin: origin, Kind: "local", Key: "_hjSessionUser_1", Value: "x", FirstSeenOn: origin + "/"}
	gaRequest  = record.Request{Host: "www.google-analytics.com", Type: "Ping", Count: 2, ExampleURL: "https://www.google-analytics.com/g/collect", ExamplePage: origin + "/"}
	banner     = &record.Consent{Found: "banner", Platform: "OneTrust", Rule: "builtin:onetrust", RejectOnFirstLayer: true, Buttons: []string{"Accept all", "Reject all"}, Reject: "clicked", Accept: "clicked"}
)

func TestPreConsentTracking(t *testing.T) {
	clean := record.Phase{Name: record.PhaseBefore, Cookies: []record.BrowserCookie{sessCookie, consentCk}}
	if res := run(t, PreConsentTracking{}, browserSite(t, banner, clean)); res.Status != StatusPass || res.Score != 1 {
		t.Errorf("only necessary cookies before consent: %s %v %q", res.Status, res.Score, res.Summary)
	}
	dirty := record.Phase{Name: record.PhaseBefore, Cookies: []record.BrowserCookie{sessCookie, gaCookie},
		Storage: []record.StorageItem{hjStorage}, Requests: []record.Request{gaRequest}}
	res := run(t, PreConsentTracking{}, browserSite(t, banner, dirty))
	if res.Status != StatusFail || res.Score != 0 {
		t.Errorf("tracking before consent: %s %v %q", res.Status, res.Score, res.Summary)
	}
	for _, s := range []string{"cookie:_ga", "storage:_hjSessionUser_1", "request:www.google-analytics.com"} {
		if !findingFor(res, "", s) {
			t.Errorf("no finding %s in %+v", s, res.Findings)
		}
	}
	if findingFor(res, "", "cookie:PHPSESSID") {
		t.Error("a necessary session cookie needs no consent")
	}
	// Static mode cannot tell: not applicable, saying why.
	if res := run(t, PreConsentTracking{}, build(t, []record.Page{page("/", record.Info{})}, nil, fakeFetcher{})); res.Status != StatusNotApplicable || res.Summary != "needs --browser" {
		t.Errorf("static mode: %s %q", res.Status, res.Summary)
	}
}

func TestConsentBanner(t *testing.T) {
	tracking := record.Phase{Name: record.PhaseAccept, Cookies: []record.BrowserCookie{gaCookie}}
	if res := run(t, ConsentBanner{}, browserSite(t, banner, tracking)); res.Status != StatusPass {
		t.Errorf("banner shown: %s %q", res.Status, res.Summary)
	}
	none := &record.Consent{Found: "none"}
	if res := run(t, ConsentBanner{}, browserSite(t, none, tracking)); res.Status != StatusFail || !findingFor(res, origin+"/", "consent-banner") {
		t.Errorf("trackers without a banner: %s %q", res.Status, res.Summary)
	}
	if res := run(t, ConsentBanner{}, browserSite(t, none, record.Phase{Name: record.PhaseBefore, Cookies: []record.BrowserCookie{sessCookie}})); res.Status != StatusNotApplicable {
		t.Errorf("no banner needed: %s %q", res.Status, res.Summary)
	}
	if res := run(t, ConsentBanner{}, browserSite(t, &record.Consent{Found: "blocked"}, tracking)); res.Status != StatusError {
		t.Errorf("blocked: %s", res.Status)
	}
}

func TestRejectOption(t *testing.T) {
	if res := run(t, RejectOption{}, browserSite(t, banner)); res.Status != StatusPass {
		t.Errorf("reject on the first layer: %s %q", res.Status, res.Summary)
	}
	hidden := *banner
	hidden.RejectOnFirstLayer, hidden.Buttons = false, []string{"Accept all", "Settings"}
	if res := run(t, RejectOption{}, browserSite(t, &hidden)); res.Status != StatusFail || !findingFor(res, origin+"/", "reject-first-layer") {
		t.Errorf("reject behind settings: %s %q", res.Status, res.Summary)
	}
	if res := run(t, RejectOption{}, browserSite(t, &record.Consent{Found: "none"})); res.Status != StatusNotApplicable {
		t.Errorf("no banner: %s", res.Status)
	}
}

func TestRejectRespected(t *testing.T) {
	rejected := &record.ConsentChoice{Source: "OptanonConsent", Decision: "reject"}
	accepted := &record.ConsentChoice{Source: "OptanonConsent", Decision: "accept", Categories: []string{"C0002", "C0004"}}
	for _, tc := range []struct {
		name   string
		phase  record.Phase
		status Status
		finds  []string
	}{
		{"respected", record.Phase{Name: record.PhaseReject, Cookies: []record.BrowserCookie{sessCookie, consentCk}, Choice: rejected}, StatusPass, nil},
		{"tracking after reject", record.Phase{Name: record.PhaseReject, Cookies: []record.BrowserCookie{gaCookie}, Requests: []record.Request{gaRequest}, Choice: rejected}, StatusFail, []string{"cookie:_ga", "request:www.google-analytics.com"}},
		{"reject recorded as accept", record.Phase{Name: record.PhaseReject, Cookies: []record.BrowserCookie{consentCk}, Choice: accepted}, StatusFail, []string{"choice"}},
		{"banner only closed", record.Phase{Name: record.PhaseReject}, StatusWarn, []string{"choice"}},
	} {
		res := run(t, RejectRespected{}, browserSite(t, banner, tc.phase))
		if res.Status != tc.status {
			t.Errorf("%s: %s %q, want %s", tc.name, res.Status, res.Summary, tc.status)
		}
		for _, s := range tc.finds {
			if !findingFor(res, "", s) {
				t.Errorf("%s: no finding %s in %+v", tc.name, s, res.Findings)
			}
		}
	}
	notFound := *banner
	notFound.Reject = "not-found"
	if res := run(t, RejectRespected{}, browserSite(t, &notFound, record.Phase{Name: record.PhaseReject})); res.Status != StatusFail {
		t.Errorf("no reject found: %s", res.Status)
	}
}
