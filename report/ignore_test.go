package report

import (
	"testing"
	"time"
)

// TestIgnorePageFailures: a suppressed finding that judged its page no
// longer counts in the page's failures, so that the pages that fail most
// leave out a page whose findings are all suppressed; a suppressed
// finding that only pointed at a page (a site-wide finding) changes
// nothing.
func TestIgnorePageFailures(t *testing.T) {
	const origin = "https://shop.test"
	f := func(check, u, subject string, page bool) Finding {
		return Finding{CheckID: check, URL: origin + u, Subject: subject, Message: check, Severity: "high", Page: page,
			Fingerprint: Fingerprint(check, origin, origin+u, subject)}
	}
	r := &Report{
		Origin: origin,
		Checks: []CheckResult{
			{ID: "privacy-policy-link", Status: "fail", Weight: 20, Findings: []Finding{
				f("privacy-policy-link", "/landing/a", "privacy-link", true),
				f("privacy-policy-link", "/landing/b", "privacy-link", true),
				f("privacy-policy-link", "/shop", "privacy-link", true),
			}},
			{ID: "contact-info", Status: "fail", Weight: 10, Findings: []Finding{
				f("contact-info", "/landing/a", "contact", true),
				f("contact-info", "/shop", "contact", true),
			}},
			{ID: "https", Status: "warn", Weight: 10, Findings: []Finding{
				// Site-wide: it points at the start page but does not
				// judge it.
				f("https", "/landing/b", "hsts", false),
			}},
		},
		Pages: []PageSummary{
			{URL: origin + "/landing/a", HTML: true, Failures: 2},
			{URL: origin + "/landing/b", HTML: true, Failures: 1},
			{URL: origin + "/shop", HTML: true, Failures: 2},
		},
	}
	ignore, err := ParseIgnoreFile([]byte(`ignore:
  - check: privacy-policy-link
    urls: ["/landing/*"]
    reason: landing pages are built by the agency
  - check: contact-info
    urls: ["/landing/*"]
    reason: landing pages are built by the agency
  - check: https
    reason: HSTS is set by the CDN
`), testCheckIDs)
	if err != nil {
		t.Fatal(err)
	}
	r.ApplyIgnore(ignore, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if len(r.Suppressed) != 4 {
		t.Fatalf("%d suppressed, want 4: %+v", len(r.Suppressed), r.Suppressed)
	}
	want := map[string]int{"/landing/a": 0, "/landing/b": 0, "/shop": 2}
	for _, p := range r.Pages {
		if rel := RelativeURL(origin, p.URL); p.Failures != want[rel] {
			t.Errorf("%s: %d failures, want %d", rel, p.Failures, want[rel])
		}
	}
	if worst := r.WorstPages(10); len(worst) != 1 || worst[0].URL != origin+"/shop" {
		t.Errorf("worst pages %+v: want /shop alone", worst)
	}

	// A count the runner did not make (a report of an earlier version,
	// without page flags on its findings, or a hand-edited one) never goes
	// under zero.
	r2 := &Report{Origin: origin,
		Checks: []CheckResult{{ID: "privacy-policy-link", Findings: []Finding{f("privacy-policy-link", "/x", "privacy-link", true)}}},
		Pages:  []PageSummary{{URL: origin + "/x", HTML: true}}}
	r2.ApplyIgnore(ignore, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if len(r2.Suppressed) != 0 || r2.Pages[0].Failures != 0 {
		t.Errorf("an entry for /landing/* suppressed /x or changed its count: %+v", r2)
	}
	r2.ApplyIgnore(&IgnoreFile{Ignore: []IgnoreEntry{{Check: "privacy-policy-link", Reason: "r"}}}, time.Now())
	if len(r2.Suppressed) != 1 || r2.Pages[0].Failures != 0 {
		t.Errorf("failures %d after suppressing a finding of a page counted 0, want 0", r2.Pages[0].Failures)
	}
}
