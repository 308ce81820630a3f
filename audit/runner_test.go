package audit_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/privaudit/privaudit/audit"
	"github.com/privaudit/privaudit/checks"
	"github.com/privaudit/privaudit/crawler"
	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/internal/testsite"
	"github.com/privaudit/privaudit/policy"
	"github.com/privaudit/privaudit/record"
	"github.com/privaudit/privaudit/report"
)

// An audit requests each page, robots.txt and the policy once: the start
// page read to find the origin is the crawl's first page, robots.txt is
// read once for the start check, the sitemaps and the crawl, and the
// policy page the crawl read is not fetched again to be analysed.
func TestEachURLRequestedOnce(t *testing.T) {
	srv, hits := testsite.ServeCounted(t, testsite.FixtureDir(t, "compliant"), false, nil)
	r := run(t, srv.URL+"/", crawler.Options{})
	if !r.Policy.Found || !strings.HasSuffix(r.Policy.URL, "/privacy/") {
		t.Fatalf("policy %+v: the fixture's policy must be found", r.Policy)
	}
	for path, n := range hits.All() {
		if n != 1 {
			t.Errorf("%s requested %d times, want once", path, n)
		}
	}
	for _, p := range []string{"/", "/robots.txt", "/privacy/"} {
		if hits.Count(p) != 1 {
			t.Errorf("%s requested %d times, want once", p, hits.Count(p))
		}
	}
}

// A policy on another host is fetched once too, and a record saved from
// the live run judges, offline, to the same report: the record holds every
// document the evidence reads.
func TestFromRecordJudgesTheSameOffline(t *testing.T) {
	dir := testsite.FixtureDir(t, "policy-other-host")
	srv := testsite.New(t, filepath.Join(dir, "www"), false)
	other, otherHits := testsite.ServeCounted(t, filepath.Join(dir, "legal"), false, map[string]string{"OTHER": srv.URL})
	srv.Start(map[string]string{"OTHER": other.URL})

	saved := filepath.Join(t.TempDir(), "site.record.json")
	ctx := context.Background()
	live, err := audit.Run(ctx, srv.URL+"/", audit.Options{Crawl: crawler.Options{Timeout: 5 * time.Second}, Now: fixedNow, SaveRecord: saved})
	if err != nil {
		t.Fatal(err)
	}
	if !live.Policy.Found || !strings.HasPrefix(live.Policy.URL, other.URL) {
		t.Fatalf("policy %+v: the policy on the other host must be read", live.Policy)
	}
	for path, n := range otherHits.All() {
		if n > 1 {
			t.Errorf("other host: %s requested %d times, want at most once", path, n)
		}
	}
	// Both sites are gone: judging the record makes no request.
	srv.Close()
	other.Close()
	rec, err := record.Load(saved)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Version != record.Version || rec.Gatherer != "static" || !rec.DocumentsGathered || rec.Document(live.Policy.URL) == nil {
		t.Fatalf("record: version %q gatherer %q documents %v, policy document %v", rec.Version, rec.Gatherer, rec.DocumentsGathered, rec.Document(live.Policy.URL) != nil)
	}
	again, err := audit.Run(ctx, "", audit.Options{FromRecord: rec, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	a, b := reportJSON(t, live), reportJSON(t, again)
	if !bytes.Equal(a, b) {
		t.Errorf("the report judged from the record differs from the live one:\nlive:\n%s\nfrom record:\n%s", a, b)
	}
}

func reportJSON(t *testing.T, r *report.Report) []byte {
	t.Helper()
	b, err := json.MarshalIndent(r, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// storageCheck needs what only a browser gathers.
type storageCheck struct{}

func (storageCheck) Meta() checks.Meta {
	return checks.Meta{ID: "storage-test", Title: "t", FailureTitle: "f", Severity: checks.SeverityLow, Requires: []evidence.Kind{evidence.KindPages, evidence.KindStorage}}
}

func (storageCheck) Run(context.Context, *evidence.Site) checks.Result {
	return checks.Result{Status: checks.StatusFail, Summary: "ran"}
}

// A check whose evidence this mode cannot gather is not applicable and
// says which mode it needs; only gathering that failed is an error.
func TestModeDecidesApplicability(t *testing.T) {
	srv := testsite.Serve(t, testsite.FixtureDir(t, "compliant"), false, nil)
	r, err := audit.Run(context.Background(), srv.URL+"/", audit.Options{
		Checks: []checks.Check{storageCheck{}, checks.PolicyCoverage{}}, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	c := r.Checks[0]
	if c.Status != "not-applicable" || c.Summary != "needs --browser" {
		t.Errorf("browser-only check in static mode: %s %q, want not-applicable \"needs --browser\"", c.Status, c.Summary)
	}
	if r.Settings == nil || r.Settings.Mode != "static" {
		t.Errorf("settings %+v: mode static", r.Settings)
	}
	// The record of an interrupted audit has no documents: the policy
	// checks are errors, not verdicts.
	rec := &record.Crawl{Version: record.Version, Gatherer: "static", Start: srv.URL + "/", Origin: srv.URL, StartURL: srv.URL + "/",
		Pages: []record.Page{{URL: srv.URL + "/", FinalURL: srv.URL + "/", Status: 200, HTML: true}}}
	r, err = audit.Run(context.Background(), "", audit.Options{FromRecord: rec, Checks: []checks.Check{checks.PolicyCoverage{}}, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if c := r.Checks[0]; c.Status != "error" {
		t.Errorf("policy check without gathered documents: %s %q, want error", c.Status, c.Summary)
	}
}

// The crawl stopped by --max-pages is warned about even when another
// warning (an alias hint) is given.
func TestStoppedEarlyWarnedBesideOtherWarnings(t *testing.T) {
	page := func(w http.ResponseWriter, body string) {
		w.Header().Set("Content-Type", "text/html")
		_, _ = w.Write([]byte("<html><body>" + body + "</body></html>"))
	}
	srv := testsite.ServeHandler(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		links := `<a href="https://www.prod.test/privacy">Privacy policy</a> <a href="https://www.prod.test/contact">Contact</a>`
		switch r.URL.Path {
		case "/":
			page(w, links+` <a href="/a">a</a> <a href="/b">b</a> <a href="/c">c</a>`)
		case "/a", "/b", "/c":
			page(w, links)
		default:
			http.NotFound(w, r)
		}
	}))
	r := run(t, srv.URL+"/", crawler.Options{MaxPages: 2, NoSitemaps: true})
	var early, alias bool
	for _, w := range r.Warnings {
		early = early || strings.Contains(w, "the crawl stopped early")
		alias = alias || strings.Contains(w, "--alias www.prod.test")
	}
	if !early || !alias || r.Complete {
		t.Errorf("warnings %q (complete %v): want both the alias hint and the early stop", r.Warnings, r.Complete)
	}
}

// The report says how it was made: mode, limits, weights and data.
func TestSettings(t *testing.T) {
	srv := testsite.Serve(t, testsite.FixtureDir(t, "compliant"), false, nil)
	db := filepath.Join(t.TempDir(), "ocd.csv")
	if err := os.WriteFile(db, []byte("ID,Platform,Category,Cookie / Data Key name,Domain,Description,Retention period,Data Controller,User Privacy & GDPR Rights Portals,Wildcard match\n"+
		"1,Example,Analytics,ex_id,,Counts visits,1 year,Example Ltd,,0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cat, err := audit.LoadCatalog(db)
	if err != nil {
		t.Fatal(err)
	}
	r, err := audit.Run(context.Background(), srv.URL+"/", audit.Options{
		Crawl: crawler.Options{MaxPages: 7, MaxDepth: 3, Concurrency: 2}, MaxTime: time.Minute,
		Weights: map[string]float64{"https": 3}, Catalog: cat, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	s := r.Settings
	if s == nil || s.Mode != "static" || s.MaxPages != 7 || s.MaxDepth != 3 || s.Concurrency != 2 || s.MaxTimeMS != 60000 {
		t.Fatalf("settings %+v", s)
	}
	if s.Weights["https"] != 3 || s.Weights["privacy-policy-link"] != 20 || len(s.Weights) != len(checks.All()) {
		t.Errorf("weights %v: every check, overrides applied", s.Weights)
	}
	var names []string
	for _, d := range r.DataSources {
		names = append(names, d.Name)
		if d.Entries == 0 || !strings.HasPrefix(d.Version, "sha256:") {
			t.Errorf("data source %+v: entries and a content version", d)
		}
	}
	if !slices.Equal(names, []string{"privaudit catalogue", "Open Cookie Database"}) {
		t.Errorf("data %v", names)
	}
}

// Options are validated once, whatever their source, before any request.
func TestOptionsValidate(t *testing.T) {
	for _, tc := range []struct {
		key  string
		opts audit.Options
	}{
		{"max-pages", audit.Options{Crawl: crawler.Options{MaxPages: -1}}},
		{"timeout", audit.Options{Crawl: crawler.Options{Timeout: -time.Second}}},
		{"max-time", audit.Options{MaxTime: -time.Second}},
		{"alias", audit.Options{Crawl: crawler.Options{Aliases: []string{"a.org,b.org"}}}},
		{"weights.nope", audit.Options{Weights: map[string]float64{"nope": 1}}},
		{"weights.https", audit.Options{Weights: map[string]float64{"https": -1}}},
		{"fail-under", audit.Options{Gate: &report.GatePolicy{FailUnder: 120}}},
		{"fail-on", audit.Options{Gate: &report.GatePolicy{FailOn: "severe"}}},
		{"checks.https", audit.Options{Gate: &report.GatePolicy{Levels: map[string]string{"https": "fatal"}}}},
		{"checks.nope", audit.Options{Gate: &report.GatePolicy{Levels: map[string]string{"nope": "warn"}}}},
		{"checks.https.min-score", audit.Options{Gate: &report.GatePolicy{MinScores: map[string]float64{"https": 200}}}},
		{"regime", audit.Options{Regimes: []string{"gpdr"}}},
		{"regime", audit.Options{Regimes: []string{"auto", "gdpr"}}},
		{"regime", audit.Options{Regimes: []string{"gdpr", "none"}}},
	} {
		_, err := audit.Run(context.Background(), "http://127.0.0.1:1/", tc.opts)
		var oe *audit.OptionError
		if !errors.As(err, &oe) || oe.Key != tc.key {
			t.Errorf("%s: err %v, want an OptionError for %s", tc.key, err, tc.key)
		}
	}
	good := audit.Options{Gate: &report.GatePolicy{FailOn: "none", FailUnder: 50, Levels: map[string]string{"https": "off"}}}
	if err := good.Validate(); err != nil {
		t.Errorf("valid options: %v", err)
	}
	for _, regimes := range [][]string{nil, {"auto"}, {"none"}, {"gdpr"}, {"ccpa", "gdpr"}} {
		if err := (&audit.Options{Regimes: regimes}).Validate(); err != nil {
			t.Errorf("regimes %q: %v", regimes, err)
		}
	}
	err := (&audit.Options{Regimes: []string{"gpdr"}}).Validate()
	if err == nil || err.Error() != `--regime: unknown regime "gpdr" (did you mean gdpr? use auto, gdpr, ccpa or none)` {
		t.Errorf("a typo: %v", err)
	}
}

// The report says which laws were applied and why, and holds every legal
// element; --regime none applies none, and the legal checks then do not
// apply.
func TestRegimesInReport(t *testing.T) {
	origin := "https://shop.de"
	rec := func() *record.Crawl {
		return &record.Crawl{Version: record.Version, Gatherer: "static", Start: origin, Origin: origin, StartURL: origin + "/", Complete: true,
			DocumentsGathered: true, Pages: []record.Page{{URL: origin + "/", FinalURL: origin + "/", Status: 200, HTML: true, ContentType: "text/html"}}}
	}
	r, err := audit.Run(context.Background(), "", audit.Options{FromRecord: rec(), Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	want := &report.Regimes{Requested: []string{"auto"}, Applied: []string{"gdpr"}, Signals: []report.RegimeSignal{{Regime: "gdpr", Signal: "ccTLD .de (Germany)"}}}
	if !reflect.DeepEqual(r.Regimes, want) {
		t.Errorf("regimes %+v, want %+v", r.Regimes, want)
	}
	if len(r.Policy.Legal) != len(policy.LegalElements) || r.Policy.Legal["legal-basis"].Article != "GDPR Art. 13(1)(c), GDPR Art. 13(1)(d)" {
		t.Errorf("legal %+v: every element, with its articles", r.Policy.Legal)
	}
	status := func(r *report.Report, id string) report.CheckResult {
		for _, c := range r.Checks {
			if c.ID == id {
				return c
			}
		}
		t.Fatalf("no check %s", id)
		return report.CheckResult{}
	}
	if c := status(r, "policy-gdpr"); c.Status != "fail" || c.Summary != "no readable privacy policy to analyse" {
		t.Errorf("policy-gdpr without a policy: %s %q", c.Status, c.Summary)
	}
	if c := status(r, "policy-ccpa"); c.Status != "not-applicable" {
		t.Errorf("policy-ccpa: %s %q", c.Status, c.Summary)
	}
	r, err = audit.Run(context.Background(), "", audit.Options{FromRecord: rec(), Now: fixedNow, Regimes: []string{"none"}})
	if err != nil {
		t.Fatal(err)
	}
	if g := r.Regimes; !slices.Equal(g.Requested, []string{"none"}) || len(g.Applied) != 0 || len(g.Signals) != 0 {
		t.Errorf("none: regimes %+v", g)
	}
	if c := status(r, "policy-gdpr"); c.Status != "not-applicable" || c.Summary != "the GDPR does not apply: --regime none applies no law" {
		t.Errorf("policy-gdpr with none: %s %q", c.Status, c.Summary)
	}
}

// A check that was not scored (not applicable, informative, error) has a
// null score in JSON: a dashboard plotting checks[].score must not draw
// 100% for a check that never ran. An unset fail-under is null too, and
// the policy's claims are always a list.
func TestUnscoredChecksHaveNoScore(t *testing.T) {
	origin := "https://shop.test"
	rec := &record.Crawl{Version: record.Version, Gatherer: "static", Start: origin, Origin: origin, StartURL: origin + "/", Complete: true,
		Pages: []record.Page{{URL: origin + "/", FinalURL: origin + "/", Status: 200, HTML: true, ContentType: "text/html",
			Info: record.Info{Contact: record.Contact{Emails: []string{"a@shop.test"}}}}}}
	r, err := audit.Run(context.Background(), "", audit.Options{FromRecord: rec, Now: fixedNow, Gate: &report.GatePolicy{FailOn: "high"}})
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Checks []struct {
			ID     string   `json:"id"`
			Status string   `json:"status"`
			Score  *float64 `json:"score"`
		} `json:"checks"`
		Gate struct {
			FailUnder *float64 `json:"failUnder"`
		} `json:"gate"`
		Policy struct {
			Claims []any `json:"claims"`
		} `json:"policy"`
		Crawl report.CrawlStats `json:"crawl"`
	}
	raw := reportJSON(t, r)
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, c := range doc.Checks {
		seen[c.Status] = true
		switch c.Status {
		case "pass", "warn", "fail":
			if c.Score == nil {
				t.Errorf("%s (%s): a judged check has a score", c.ID, c.Status)
			}
		default:
			if c.Score != nil {
				t.Errorf("%s (%s): score %v, want null", c.ID, c.Status, *c.Score)
			}
		}
	}
	for _, s := range []string{"not-applicable", "informative", "error"} {
		if !seen[s] {
			t.Errorf("no %s check in this audit: the test must cover it (statuses %v)", s, seen)
		}
	}
	if doc.Gate.FailUnder != nil || !bytes.Contains(raw, []byte(`"failUnder": null`)) {
		t.Errorf("gate.failUnder unset: %v, want null", doc.Gate.FailUnder)
	}
	if doc.Policy.Claims == nil || !bytes.Contains(raw, []byte(`"claims": []`)) {
		t.Error("policy.claims is always a list")
	}
	if doc.Crawl.Pages != 1 || doc.Crawl.HTMLPages != 1 {
		t.Errorf("crawl %+v: pages and HTML pages", doc.Crawl)
	}
}

// A page larger than --max-body-size is marked truncated, counted and
// warned about, and not judged for what it lacks: its footer (read from the
// tail) counts; a link lost in the unread middle raises no "missing"
// finding.
func TestTruncatedPagesAreNotJudgedForWhatTheyLack(t *testing.T) {
	filler := strings.Repeat("<p>"+strings.Repeat("lorem ipsum ", 40)+"</p>\n", 40) // about 20 KB
	srv := testsite.ServeHandler(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		switch r.URL.Path {
		case "/":
			_, _ = w.Write([]byte(`<html><body><a href="/middle">m</a><a href="/footer">f</a>` + filler +
				`<footer><a href="/privacy">Privacy policy</a> info@shop.test</footer></body></html>`))
		case "/middle": // the links sit in the middle, which is not read
			_, _ = w.Write([]byte(`<html><body>` + filler + `<a href="/privacy">Privacy policy</a> info@shop.test` + filler + filler + `</body></html>`))
		case "/footer":
			_, _ = w.Write([]byte(`<html><body><p>short</p><a href="/privacy">Privacy policy</a> info@shop.test</body></html>`))
		case "/privacy":
			_, _ = w.Write([]byte(`<html><body><main><h1>Privacy policy</h1><p>We protect your data.</p></main></body></html>`))
		default:
			http.NotFound(w, r)
		}
	}))
	r := run(t, srv.URL+"/", crawler.Options{MaxBodySize: 4000, NoSitemaps: true})
	if r.Crawl.Truncated != 2 {
		t.Errorf("crawl.truncated = %d, want 2 (/ and /middle)", r.Crawl.Truncated)
	}
	for _, p := range r.Pages {
		if want := p.URL == srv.URL+"/" || p.URL == srv.URL+"/middle"; p.Truncated != want {
			t.Errorf("%s: truncated %v, want %v", p.URL, p.Truncated, want)
		}
	}
	link := check(t, r, "privacy-policy-link")
	for _, f := range link.Findings {
		t.Errorf("privacy-policy-link judged what was not read: %+v", f)
	}
	if !strings.Contains(link.Summary, "cut at --max-body-size") {
		t.Errorf("privacy-policy-link summary %q: say which pages were not judged", link.Summary)
	}
	home := page(t, r, "/")
	if !home.PrivacyPolicyLinked {
		t.Error("/: the footer read from the tail links the policy")
	}
	warned := false
	for _, w := range r.Warnings {
		warned = warned || strings.Contains(w, "2 pages were larger than --max-body-size")
	}
	if !warned {
		t.Errorf("warnings %q: the truncated pages are warned about", r.Warnings)
	}
}

// What a browser saw reaches the report: cookies with how, by whom and in
// which phases they were set, storage keys, third-party requests, the
// consent banner and each phase's counts and recorded choice.
func TestBrowserRecordInTheReport(t *testing.T) {
	origin := "https://shop.test"
	ga := record.BrowserCookie{Name: "_ga", Domain: ".shop.test", Via: "script", SetBy: "www.googletagmanager.com", FirstSeenOn: origin + "/"}
	sess := record.BrowserCookie{Name: "sid", Domain: "shop.test", Via: "http", SetBy: "shop.test", FirstSeenOn: origin + "/"}
	req := record.Request{Host: "www.google-analytics.com", Type: "Ping", Count: 2, ExampleURL: "https://www.google-analytics.com/g/collect", ExamplePage: origin + "/"}
	rec := &record.Crawl{Version: record.Version, Gatherer: "browser", Start: origin, Origin: origin, StartURL: origin + "/", Complete: true, DocumentsGathered: true,
		Pages: []record.Page{{URL: origin + "/", FinalURL: origin + "/", Status: 200, HTML: true}},
		Browser: &record.Browser{Version: "HeadlessChrome/142", UserAgent: "UA", Locale: "en-US", Pages: []string{origin + "/"},
			Consent: &record.Consent{Found: "banner", Platform: "OneTrust", RejectOnFirstLayer: true, Buttons: []string{"Accept", "Reject"}, Reject: "clicked", Accept: "clicked"},
			Phases: []record.Phase{
				{Name: record.PhaseAccept, Cookies: []record.BrowserCookie{sess, ga}, Requests: []record.Request{req},
					Storage: []record.StorageItem{{Origin: origin, Kind: "local", Key: "_hjSessionUser_1", Value: "x", FirstSeenOn: origin + "/"}}},
				{Name: record.PhaseBefore, Cookies: []record.BrowserCookie{sess}},
				{Name: record.PhaseReject, Cookies: []record.BrowserCookie{sess}, Choice: &record.ConsentChoice{Source: "OptanonConsent", Decision: "reject"}},
			}}}
	r, err := audit.Run(context.Background(), "", audit.Options{FromRecord: rec, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if r.Settings.Mode != "browser" || r.Browser == nil || r.Browser.Version != "HeadlessChrome/142" || r.Browser.Total != 5 {
		t.Fatalf("settings %+v browser %+v", r.Settings, r.Browser)
	}
	got := map[string]report.CookieInfo{}
	for _, c := range r.Cookies {
		got[c.Name] = c
	}
	if c := got["_ga"]; c.Via != "script" || c.Category != "analytics" || !slices.Equal(c.Phases, []string{"accept"}) {
		t.Errorf("_ga: %+v", c)
	}
	if c := got["sid"]; c.Via != "http" || !slices.Equal(c.Phases, []string{"before", "reject", "accept"}) {
		t.Errorf("sid: %+v (phases in phase order)", c)
	}
	if len(r.Storage) != 1 || r.Storage[0].Category != "analytics" || len(r.Requests) != 1 || r.Requests[0].Types["Ping"] != 2 || r.Requests[0].Service != "Google Analytics" {
		t.Errorf("storage %+v requests %+v", r.Storage, r.Requests)
	}
	c := r.Consent
	if c == nil || c.Platform != "OneTrust" || c.Phases["reject"].Choice == nil || c.Phases["reject"].Choice.Decision != "reject" ||
		c.Phases["accept"].NonEssentialCookies != 1 || c.Phases["accept"].Trackers != 1 || c.Phases["before"].NonEssentialCookies != 0 {
		t.Errorf("consent %+v", c)
	}
	for _, id := range []string{"consent-banner", "pre-consent-tracking", "reject-option", "reject-respected"} {
		if cr := check(t, r, id); cr.Status != "pass" {
			t.Errorf("%s: %s %q", id, cr.Status, cr.Summary)
		}
	}
}

// A third party's cookie a browser saw is in the report's cookie list once,
// with its domain, category, how, by whom and in which phases it was set,
// and whether the policy explains it (IDE by the company of
// doubleclick.net; uid by nothing); a cookie the static crawl saw on the
// site's domain and a browser on ".shop.test" is one cookie.
func TestThirdPartyCookiesInTheReport(t *testing.T) {
	origin := "https://shop.test"
	policy := `<html lang="en"><body><main><h1>Privacy policy</h1><p>We use cookies: the session cookie sid keeps your basket.</p>
<p>Google may set cookies in your browser to show you ads on other websites.</p></main></body></html>`
	ide := record.BrowserCookie{Name: "IDE", Domain: ".doubleclick.net", Path: "/", Via: "http", SetBy: "googleads.g.doubleclick.net", FirstSeenOn: origin + "/"}
	uid := record.BrowserCookie{Name: "uid", Domain: ".px.adnet.example", Path: "/", Via: "script", SetBy: "px.adnet.example", FirstSeenOn: origin + "/"}
	sid := record.BrowserCookie{Name: "sid", Domain: ".shop.test", Path: "/", Via: "http", SetBy: "shop.test", FirstSeenOn: origin + "/"}
	rec := &record.Crawl{Version: record.Version, Gatherer: "browser", Start: origin, Origin: origin, StartURL: origin + "/", Complete: true, DocumentsGathered: true,
		Pages:     []record.Page{{URL: origin + "/", FinalURL: origin + "/", Status: 200, HTML: true, Info: record.Info{PrivacyLinks: []string{origin + "/privacy"}}}},
		Cookies:   []record.Cookie{{Name: "sid", Domain: "shop.test", Path: "/", Secure: true, HTTPOnly: true, SameSite: "Lax", FirstSeenOn: origin + "/", SetOverHTTPS: true}},
		Documents: []record.Document{{URL: origin + "/privacy", FinalURL: origin + "/privacy", Status: 200, ContentType: "text/html", Body: policy}},
		Browser: &record.Browser{Version: "HeadlessChrome/142", Pages: []string{origin + "/"},
			Consent: &record.Consent{Found: "banner", RejectOnFirstLayer: true, Buttons: []string{"Accept", "Reject"}, Reject: "clicked", Accept: "clicked"},
			Phases: []record.Phase{
				{Name: record.PhaseBefore, Cookies: []record.BrowserCookie{sid}},
				{Name: record.PhaseReject, Cookies: []record.BrowserCookie{sid, uid}},
				{Name: record.PhaseAccept, Cookies: []record.BrowserCookie{sid, ide, uid}},
			}}}
	r, err := audit.Run(context.Background(), "", audit.Options{FromRecord: rec, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	got := map[string]report.CookieInfo{}
	for _, c := range r.Cookies {
		names = append(names, c.Name)
		got[c.Name] = c
	}
	if !slices.Equal(names, []string{"sid", "IDE", "uid"}) {
		t.Fatalf("cookies %v: the site's own, then the third parties', each once", names)
	}
	if c := got["sid"]; c.Domain != "shop.test" || !c.Explained || !slices.Equal(c.Phases, []string{"before", "reject", "accept"}) || c.Via != "http" {
		t.Errorf("sid: %+v", c)
	}
	if c := got["IDE"]; c.Domain != ".doubleclick.net" || c.Category != "marketing" || !c.Explained || !strings.HasPrefix(c.ExplainedBy, "Google may set cookies") ||
		c.Via != "http" || c.SetBy != "googleads.g.doubleclick.net" || !slices.Equal(c.Phases, []string{"accept"}) {
		t.Errorf("IDE: %+v", c)
	}
	if c := got["uid"]; c.Domain != ".px.adnet.example" || c.Explained || c.ExplainedBy != "" || c.Via != "script" || c.SetBy != "px.adnet.example" ||
		!slices.Equal(c.Phases, []string{"reject", "accept"}) {
		t.Errorf("uid: %+v", c)
	}
	if cr := check(t, r, "cookies-explained"); cr.Status != "fail" || len(cr.Findings) != 1 ||
		cr.Summary != "1 of 1 cookie and 1 of 2 third-party cookies explained; not explained: the third-party cookies of px.adnet.example" {
		t.Errorf("cookies-explained: %s %q %+v", cr.Status, cr.Summary, cr.Findings)
	}
	if cr := check(t, r, "cookie-security"); cr.Summary != "1 of 1 cookie carries every expected flag" {
		t.Errorf("cookie-security %q: the site's own cookie only", cr.Summary)
	}
}
