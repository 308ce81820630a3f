package report

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/privaudit/privaudit/checks"
	"github.com/privaudit/privaudit/internal/golden"
	"github.com/privaudit/privaudit/internal/testsite"
	"github.com/privaudit/privaudit/policy"
	"github.com/privaudit/privaudit/verdict"
)

var update = flag.Bool("update", false, "rewrite the golden files of report/testdata and the schema files of report/schema")

// hostile is markup a site can put in its titles, URLs and cookie names.
const hostile = `<img src=x onerror=alert(1)><script>alert(2)</script>`

// hostileMD is Markdown a site can put in the same places: a table cell
// break, a code span, a mention, a link, an image and an entity.
const hostileMD = "a | b `code` @admin [click](javascript:alert(3)) ![pixel](http://evil.test/p.png) &amp; #1 $x$ ~~s~~ **bold**"

// fixtureReport is a report built by hand: every status (an informative
// check with a finding among them), a check privaudit does not know,
// findings with and without subjects, page findings, third parties loaded
// and only linked, a baseline, a gate, suppressed findings, and hostile
// strings wherever a site controls them.
func fixtureReport() *Report {
	origin := "https://shop.test"
	evil := origin + `/search?q="><script>alert(1)</script>`
	f := func(check, u, subject, msg string, sev verdict.Severity) Finding {
		return Finding{CheckID: check, URL: u, Subject: subject, Message: msg, Severity: sev,
			Fingerprint: Fingerprint(check, origin, u, subject)}
	}
	legal := func(check, u, id, article, msg string) Finding {
		lf := f(check, u, "legal:"+id, msg+" ("+article+")", "medium")
		lf.Evidence = map[string]string{"element": id, "article": article}
		return lf
	}
	cookieName := "sess`|<b>id</b>"
	r := &Report{
		SchemaVersion: SchemaVersion,
		Tool:          Tool{Name: "privaudit", Version: "1.2.3"},
		Target:        origin + "/",
		Origin:        origin,
		StartedAt:     time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC),
		FinishedAt:    time.Date(2025, 3, 4, 5, 6, 11, 321000000, time.UTC),
		DurationMS:    4321,
		Complete:      false,
		Crawl:         CrawlStats{Pages: 4, HTMLPages: 3, Errors: 1, Skipped: 2, Truncated: 1},
		Score:         61.5,
		Grade:         "D",
		Checks: []CheckResult{
			{ID: "privacy-policy-link", Title: "Pages without a link to the privacy policy", Description: "Each HTML page links the policy.",
				Status: "fail", Score: score(0.5), Weight: 20, Severity: "high", Summary: "2 of 4 pages link the privacy policy: " + hostile,
				Findings: []Finding{
					f("privacy-policy-link", evil, "privacy-link", "page has no link to a privacy policy", "high"),
					f("privacy-policy-link", origin+"/about", "privacy-link", "page has no link to a privacy policy: "+hostileMD, "high"),
				}},
			{ID: "cookie-security", Title: "Cookies without security flags", Description: "Cookies carry Secure, HttpOnly and SameSite.",
				Status: "warn", Score: score(0.8), Weight: 10, Severity: "medium", Summary: "1 of 2 cookies lacks a flag",
				Findings: []Finding{
					f("cookie-security", origin+"/", cookieName, "cookie "+cookieName+" has no SameSite attribute", "medium"),
					f("cookie-security", origin+"/", "__Host-"+hostile, "cookie "+hostile+" is set over HTTPS without Secure", "high"),
				}},
			{ID: "https", Title: "The site is served over HTTPS", Description: "Every page is served over HTTPS.",
				Status: "pass", Score: score(1), Weight: 15, Severity: "high", Summary: "every page is served over HTTPS", Findings: []Finding{}},
			{ID: "consent-checkboxes", Title: "Consent checkboxes are not ticked in advance", Description: "Consent checkboxes start unticked.",
				Status: "not-applicable", Weight: 5, Severity: "medium", Summary: "no form asks for consent", Findings: []Finding{}},
			{ID: "trust-seal", Title: "A privacy seal is shown", Description: "The site shows a privacy trust seal.",
				Status: "informative", Weight: 0, Severity: "info", Summary: "no trust seal or programme shown or stated",
				Findings: []Finding{f("trust-seal", origin+"/", "trust-seal", "no privacy trust seal or programme is shown or stated", "info")}},
			{ID: "cookies-explained", Title: "Cookies are explained by the policy", Description: "Each cookie is explained by the policy.",
				Status: "error", Weight: 10, Severity: "medium", Summary: `evidence "policy" was not gathered`, Findings: []Finding{}},
			{ID: "custom-check", Title: "A check privaudit does not know", Description: "Stands for a check of a later version.",
				Status: "fail", Score: score(0), Weight: 1, Severity: "low", Summary: "one finding",
				Findings: []Finding{f("custom-check", "", "", "a finding without a URL", "low")}},
			{ID: "policy-gdpr", Title: "The privacy policy lacks information the GDPR requires", Description: "The policy states what GDPR Art. 13/14 require.",
				Status: "fail", Score: score(0.8), Weight: 6, Severity: "medium", Summary: "8 of 10 GDPR elements in /privacy; missing legal-basis, dpo-contact",
				Findings: []Finding{
					legal("policy-gdpr", origin+"/privacy", "legal-basis", "GDPR Art. 13(1)(c), GDPR Art. 13(1)(d)", "the policy does not state: the legal basis of the processing"),
					legal("policy-gdpr", origin+"/privacy", "dpo-contact", "GDPR Art. 13(1)(b)", "the policy does not state: how to reach the data protection officer "+hostile),
				}},
			{ID: "policy-ccpa", Title: "The privacy policy states what the CCPA requires", Description: "The policy states what the CCPA requires.",
				Status: "not-applicable", Weight: 6, Severity: "medium", Summary: "the CCPA does not apply: no signal of a Californian audience (use --regime ccpa to apply it)", Findings: []Finding{}},
		},
		Pages: []PageSummary{
			{URL: origin + "/", Status: 200, Title: hostile, HTML: true, PrivacyPolicyLinked: true,
				Contact:  Contact{Emails: []string{"privacy@shop.test"}, Phones: []string{}, Addresses: []string{}},
				Failures: 2},
			{URL: origin + "/about", Status: 200, Title: hostileMD, HTML: true,
				Contact:  Contact{Emails: []string{}, Phones: []string{}, Addresses: []string{}, ContactPage: origin + "/contact"},
				Failures: 1},
			{URL: evil, Status: 200, Title: "Search", HTML: true,
				Contact:  Contact{Emails: []string{}, Phones: []string{}, Addresses: []string{}},
				Failures: 1},
			{URL: "javascript:alert(4)", Status: 0, Title: "", HTML: false, Error: "unsupported protocol scheme " + hostile,
				Contact: Contact{Emails: []string{}, Phones: []string{}, Addresses: []string{}}},
		},
		Cookies: []CookieInfo{
			{Name: cookieName, Domain: "shop.test", Path: "/", Secure: true, HTTPOnly: true, SameSite: "", Session: true, FirstSeenOn: origin + "/"},
			{Name: hostile, Domain: "shop.test", Path: "/" + hostile, Secure: false, SameSite: "Lax", MaxAge: 86400,
				FirstSeenOn: origin + "/", Explained: true, Category: "analytics", Platform: "Example Analytics", ExplainedBy: "the cookie table",
				Via: "script", SetBy: "shop.test", Phases: []string{"reject", "accept"}},
		},
		ThirdParties: []ThirdParty{
			{Host: "social.example", Pages: 4, Kinds: []string{"link"}},
			{Host: "cdn.evil.test", Pages: 3, Kinds: []string{"script", "img"}, Service: hostile, Category: "advertising", Loads: true, RequiresDisclosure: true},
			{Host: "fonts.example", Pages: 1, Kinds: []string{"stylesheet"}, Loads: true, RequiresDisclosure: true, Disclosed: true},
		},
		Policy: PolicySummary{
			URL: origin + "/privacy", Found: true, Linked: true, Status: 200, Analysed: []string{origin + "/privacy"}, Language: "en", LastUpdated: "2024-12-01", Words: 1234,
			Aspects: map[string]policy.Aspect{
				"controller-identity": {Covered: true, Confidence: 0.9, Evidence: []string{"We, " + hostile + ", are the controller."}, Heading: "Who we are"},
				"retention":           {Covered: false, Confidence: 0, Evidence: []string{}},
			},
			Legal:  LegalSummaries(nil),
			Names:  &policy.Names{Cookies: []string{"_ga"}, Companies: []string{"Example Analytics"}},
			Claims: []policy.Claim{{Kind: policy.ClaimNoTracking, Sentence: "We never track you. " + hostile}},
			Contradictions: []policy.Contradiction{{Claim: policy.ClaimNoTracking, Sentence: "We never track you. " + hostile,
				Observed: "cdn.evil.test (" + hostile + ") is loaded on 3 pages"}},
		},
		Regimes: &Regimes{Requested: []string{"auto"}, Applied: []string{"gdpr"}, Signals: []RegimeSignal{
			{Regime: "gdpr", Signal: "ccTLD .de (Germany)"},
			{Regime: "gdpr", Signal: "the policy names the GDPR: \"We process data under the GDPR " + hostile + "\""},
		}},
		Warnings: []string{"the crawl stopped early (page, depth or time limit): the results cover only the pages fetched", "robots.txt says " + hostile},
		DataSources: []DataSource{{Name: "privaudit catalogue", Version: "sha256:0123456789ab", Entries: 160},
			{Name: "Open Cookie Database", Version: "2026-11-30", Path: "/cache/privaudit/open-cookie-database.csv", URL: "https://example.test/ocd.csv", Entries: 2500}},
		Browser: &BrowserSummary{Version: "HeadlessChrome/142.0", UserAgent: "Mozilla/5.0 privaudit/1.2.3", Locale: "en-US",
			PagesRendered: []string{origin + "/", origin + "/privacy"}, Classified: 3, Total: 4},
		Storage: []StorageInfo{{Origin: origin, Kind: "local", Key: "_hjSessionUser_" + hostile, Category: "analytics", Platform: "Hotjar", FirstSeenOn: origin + "/", Phases: []string{"before", "accept"}}},
		Requests: []RequestInfo{{Host: "www.google-analytics.com", Service: "Google Analytics", Company: "Google", Category: "analytics",
			Types: map[string]int{"Script": 1, "Ping": 3}, Phases: []string{"before", "reject", "accept"}}},
		Consent: &ConsentSummary{Found: "banner", Platform: "OneTrust", Rule: "builtin:onetrust", RejectOnFirstLayer: true, Buttons: []string{"Accept all", "Reject all " + hostile},
			Phases: map[string]PhaseSummary{
				"before": {Cookies: 2, NonEssentialCookies: 1, StorageKeys: 1, ThirdPartyHosts: 1, Trackers: 1},
				"reject": {Action: "clicked", Cookies: 2, NonEssentialCookies: 1, ThirdPartyHosts: 1, Trackers: 1,
					Choice: &ConsentChoice{Source: "OptanonConsent", Decision: "accept", Categories: []string{"C0001", "C0002"}}},
			}},
		Suppressed: []SuppressedFinding{{
			Finding: f("privacy-policy-link", origin+"/landing", "privacy-link", "page has no link to a privacy policy", "high"),
			Reason:  "landing pages are " + hostile, Expires: "2099-01-01",
		}},
		Baseline: &BaselineSummary{Path: "baseline|" + hostile + ".json", New: 1, Unchanged: 4, Fixed: 2, ScoreBefore: 58.25},
		Gate:     &GateResult{Passed: false, FailOn: "high", FailUnder: score(70), Reasons: []string{"score 61.5 is under 70", "privacy-policy-link: 2 high findings " + hostile}},
	}
	r.Policy.Legal["controller-identity"] = LegalSummary{Covered: true, Confidence: 0.9, Evidence: []string{"The controller is Shop GmbH, Hauptstraße 1, 10115 Berlin. " + hostileMD},
		Heading: "Who we are | " + hostile, Article: "GDPR Art. 13(1)(a)"}
	r.Checks[0].Findings[0].BaselineState = "new"
	r.Checks[0].Findings[1].BaselineState = "unchanged"
	r.Checks[0].Findings[0].Page = true
	r.Checks[0].Findings[1].Page = true
	// Reports carry each check's metadata, as the runner writes it; the
	// check privaudit does not know has none (a report of a later version).
	for i := range r.Checks {
		c := &r.Checks[i]
		if chk, ok := checks.ByID(c.ID); ok {
			m := chk.Meta()
			c.Name, c.Description, c.Why, c.Fix = m.Title, m.Description, m.Why, m.Fix
		}
	}
	return r
}

// render renders a report in a format.
func render(t *testing.T, format string, r *Report) []byte {
	t.Helper()
	rd, err := RendererFor(format)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := rd.Render(&buf, r); err != nil {
		t.Fatalf("rendering %s: %v", format, err)
	}
	return buf.Bytes()
}

// checkGolden compares got with testdata/name, or rewrites it with -update.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	golden.Check(t, filepath.Join("testdata", name), got, *update, "go test ./report -update")
}

// repoRoot is the directory holding go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := testsite.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// sharedFile returns a file of ../shared beside the repository, skipping
// the test when it is absent.
func sharedFile(t *testing.T, rel string) string {
	t.Helper()
	return testsite.SharedPath(t, rel)
}

func TestRendererFor(t *testing.T) {
	exts := map[string]bool{}
	for _, format := range Formats {
		rd, err := RendererFor(format)
		if err != nil || rd == nil {
			t.Fatalf("RendererFor(%q) = %v, %v", format, rd, err)
		}
		if _, err := RendererFor(strings.ToUpper(format)); err != nil {
			t.Errorf("RendererFor(%q): %v", strings.ToUpper(format), err)
		}
		ext := Extension(format)
		if !strings.HasPrefix(ext, ".") || exts[ext] {
			t.Errorf("Extension(%q) = %q: want a distinct extension with a dot", format, ext)
		}
		exts[ext] = true
		if out := render(t, format, fixtureReport()); len(out) == 0 {
			t.Errorf("%s: empty output", format)
		}
	}
	if Formats[0] != "table" {
		t.Errorf("the default format is %q, want table", Formats[0])
	}
	if _, err := RendererFor("pdf"); err == nil || !strings.Contains(err.Error(), "sarif") {
		t.Errorf("RendererFor(pdf): error %v, want one listing the formats", err)
	}
	if Extension("pdf") != "" {
		t.Errorf("Extension(pdf) = %q, want empty", Extension("pdf"))
	}
}

// TestGolden keeps every format's output of the fixture in testdata.
func TestGolden(t *testing.T) {
	for _, format := range Formats {
		if format == "table" {
			continue // the table renderer has its own tests with the CLI
		}
		t.Run(format, func(t *testing.T) {
			r := fixtureReport()
			got := render(t, format, r)
			checkGolden(t, "fixture"+Extension(format), got)
			// Rendering does not change the report, and is deterministic.
			if again := render(t, format, r); !bytes.Equal(got, again) {
				t.Error("a second rendering differs from the first")
			}
		})
	}
}

// TestEmptyReport renders a report with nothing in it (nil slices): no
// format may fail or panic.
func TestEmptyReport(t *testing.T) {
	for _, format := range Formats {
		render(t, format, &Report{})
	}
}

// TestRegistry checks the table of formats and what derives from it.
func TestRegistry(t *testing.T) {
	all := AllFormats()
	var names []string
	exts := map[string]bool{}
	for _, f := range all {
		names = append(names, f.Name)
		if f.Name != strings.ToLower(strings.TrimSpace(f.Name)) || f.Description == "" || f.New == nil {
			t.Errorf("%+v: want a lower-case name, a description and a renderer of audit reports", f)
		}
		if !strings.HasPrefix(f.Extension, ".") || exts[f.Extension] {
			t.Errorf("%s: extension %q: want a distinct extension with a dot", f.Name, f.Extension)
		}
		exts[f.Extension] = true
		if Extension(f.Name) != f.Extension {
			t.Errorf("Extension(%q) = %q, want %q", f.Name, Extension(f.Name), f.Extension)
		}
	}
	if !slices.Equal(names, Formats) {
		t.Errorf("Formats = %q, want the registry's names %q", Formats, names)
	}
	if !slices.Equal(DiffFormats, []string{"table", "json", "markdown"}) || !slices.Equal(PolicyFormats, []string{"table", "json"}) {
		t.Errorf("DiffFormats = %q, PolicyFormats = %q", DiffFormats, PolicyFormats)
	}
	// AllFormats returns a copy.
	all[0].Name = "changed"
	if AllFormats()[0].Name != "table" {
		t.Error("AllFormats returned the registry itself")
	}

	// The renderer lookups match without regard to case and give one kind
	// of error for an unknown name, listing the formats of the document.
	lookups := []struct {
		doc   string
		names []string
		find  func(string) (any, error)
	}{
		{"report", Formats, func(n string) (any, error) { return RendererFor(n) }},
		{"diff", DiffFormats, func(n string) (any, error) { return DiffRendererFor(n) }},
		{"policy report", PolicyFormats, func(n string) (any, error) { return PolicyRendererFor(n) }},
	}
	for _, l := range lookups {
		for _, name := range l.names {
			for _, n := range []string{name, strings.ToUpper(name), " " + name + "\n"} {
				if r, err := l.find(n); err != nil || r == nil {
					t.Errorf("%s renderer of %q: %v, %v", l.doc, n, r, err)
				}
			}
		}
		for _, bad := range append([]string{"pdf", ""}, slices.DeleteFunc(slices.Clone(Formats), func(n string) bool { return slices.Contains(l.names, n) })...) {
			want := fmt.Sprintf("unknown %s format %q (want one of %s)", l.doc, bad, strings.Join(l.names, ", "))
			if r, err := l.find(bad); err == nil || err.Error() != want || r != nil {
				t.Errorf("%s renderer of %q: %v, %v; want the error %q", l.doc, bad, r, err, want)
			}
		}
	}
}

// TestRenderersReportWriteErrors: every renderer of every document returns
// the error of the writer, whether it fails at once, after a byte, half
// way or at the last byte, with or without a width.
func TestRenderersReportWriteErrors(t *testing.T) {
	// check renders a document to learn its size, then to writers that
	// fail along the way.
	check := func(name string, render func(io.Writer) error) {
		t.Helper()
		var buf bytes.Buffer
		if err := render(&buf); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		size := buf.Len()
		for _, n := range []int{0, 1, size / 2, size - 1} {
			if err := render(&shortWriter{n: n}); !errors.Is(err, errWrite) {
				t.Errorf("%s, failing after %d of %d bytes: error %v, want one wrapping %v", name, n, size, err, errWrite)
			}
		}
	}
	for _, f := range AllFormats() {
		for _, o := range []RenderOptions{{}, {Width: 80, Color: true, ShowSuppressed: true}} {
			name := fmt.Sprintf("%s %+v", f.Name, o)
			check(name+" report", func(w io.Writer) error { return f.New(o).Render(w, fixtureReport()) })
			if f.Diff != nil {
				rd, err := DiffRendererWith(f.Name, o)
				if err != nil {
					t.Fatal(err)
				}
				check(name+" diff", func(w io.Writer) error { return rd.RenderDiff(w, fixtureDiff()) })
			}
			if f.Policy != nil {
				rd, err := PolicyRendererWith(f.Name, o)
				if err != nil {
					t.Fatal(err)
				}
				check(name+" policy report", func(w io.Writer) error { return rd.RenderPolicy(w, fixturePolicy()) })
			}
		}
	}
}

// TestRendererWith: the options reach the table renderer of diffs and
// policy reports; other formats are as DiffRendererFor and
// PolicyRendererFor give them.
func TestRendererWith(t *testing.T) {
	o := RenderOptions{Width: 72, Color: true}
	if rd, err := DiffRendererWith("TABLE", o); err != nil || rd != (TableRenderer{Width: 72, Color: true}) {
		t.Errorf("DiffRendererWith(table) = %#v, %v", rd, err)
	}
	if rd, err := PolicyRendererWith("table", o); err != nil || rd != (TableRenderer{Width: 72, Color: true}) {
		t.Errorf("PolicyRendererWith(table) = %#v, %v", rd, err)
	}
	if rd, err := DiffRendererWith("markdown", o); err != nil || rd != (MarkdownRenderer{}) {
		t.Errorf("DiffRendererWith(markdown) = %#v, %v", rd, err)
	}
	if _, err := PolicyRendererWith("sarif", o); err == nil || !strings.Contains(err.Error(), `unknown policy report format "sarif"`) {
		t.Errorf("PolicyRendererWith(sarif): error %v", err)
	}
}

// score returns a check score for a hand-built report.
func score(f float64) *float64 { return &f }
