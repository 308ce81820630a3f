package report

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/privaudit/privaudit/verdict"
)

// gateReport is a small hand-built report for gate, baseline, ignore and
// diff tests.
func gateReport() *Report {
	f := func(check, url, subject string, sev verdict.Severity) Finding {
		return Finding{CheckID: check, URL: url, Subject: subject, Message: check + " finding", Severity: sev,
			Fingerprint: Fingerprint(check, "https://shop.test", url, subject)}
	}
	return &Report{
		SchemaVersion: SchemaVersion, Target: "https://shop.test", Origin: "https://shop.test", Score: 72, Grade: "C",
		Suppressed: []SuppressedFinding{},
		Checks: []CheckResult{
			{ID: "privacy-policy-link", Status: "fail", Score: score(0.5), Weight: 20, Findings: []Finding{
				f("privacy-policy-link", "https://shop.test/a", "privacy-link", "high"),
				f("privacy-policy-link", "https://shop.test/legacy/old", "privacy-link", "high"),
			}},
			{ID: "cookie-security", Status: "warn", Score: score(0.8), Weight: 5, Findings: []Finding{
				f("cookie-security", "https://shop.test/", "cookie:sid:samesite", "low"),
			}},
			{ID: "form-security", Status: "not-applicable", Weight: 8},
			{ID: "trust-seal", Status: "warn", Score: score(0), Weight: 0, Findings: []Finding{
				f("trust-seal", "https://shop.test/", "trust-seal", "info"),
			}},
		},
	}
}

func TestGate(t *testing.T) {
	tests := []struct {
		name    string
		policy  GatePolicy
		passed  bool
		reasons []string
	}{
		{"off", GatePolicy{FailOn: "none"}, true, nil},
		{"fail-on high", GatePolicy{FailOn: "high"}, false, []string{"privacy-policy-link: 2 findings of severity high or worse (worst: high)"}},
		{"fail-on critical", GatePolicy{FailOn: "critical"}, true, nil},
		{"informative checks never gate", GatePolicy{FailOn: "info", Levels: map[string]string{"privacy-policy-link": "warn", "cookie-security": "warn"}}, true, nil},
		{"unless the config says error", GatePolicy{FailOn: "info", Levels: map[string]string{"privacy-policy-link": "warn", "cookie-security": "warn", "trust-seal": "error"}}, false, []string{"trust-seal: 1 finding of severity info or worse (worst: info)"}},
		{"fail-on low counts both", GatePolicy{FailOn: "low"}, false, []string{"cookie-security: 1 finding of severity low or worse (worst: low)", "privacy-policy-link: 2 findings of severity low or worse (worst: high)"}},
		{"fail-under", GatePolicy{FailOn: "none", FailUnder: 80}, false, []string{"score 72.0 is under 80"}},
		{"fail-under met", GatePolicy{FailOn: "none", FailUnder: 70}, true, nil},
		{"level warn never fails", GatePolicy{FailOn: "high", Levels: map[string]string{"privacy-policy-link": "warn"}}, true, nil},
		{"min score", GatePolicy{FailOn: "none", MinScores: map[string]float64{"cookie-security": 90, "form-security": 100}}, false, []string{"cookie-security: score 80, under its minimum 90"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := gateReport()
			g := r.EvaluateGate(tt.policy)
			if g.Passed != tt.passed || strings.Join(g.Reasons, "|") != strings.Join(tt.reasons, "|") {
				t.Errorf("passed %v reasons %q, want %v %q", g.Passed, g.Reasons, tt.passed, tt.reasons)
			}
			if r.Gate != g {
				t.Error("the verdict must be recorded in the report")
			}
		})
	}
}

func TestBaselineRoundTrip(t *testing.T) {
	// Yesterday's report, written and read back as a CI job would.
	old := gateReport()
	var buf bytes.Buffer
	if err := (JSONRenderer{}).Render(&buf, old); err != nil {
		t.Fatal(err)
	}
	base, err := Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	// Today: one old finding fixed, one new finding, one unchanged.
	cur := gateReport()
	cur.Checks[0].Findings = cur.Checks[0].Findings[1:]
	cur.Checks[0].Findings = append(cur.Checks[0].Findings, Finding{CheckID: "privacy-policy-link", URL: "https://shop.test/new", Subject: "privacy-link", Severity: "high",
		Fingerprint: Fingerprint("privacy-policy-link", "https://shop.test", "https://shop.test/new", "privacy-link")})
	cur.ApplyBaseline(base, "old.json")
	b := cur.Baseline
	if b.New != 1 || b.Unchanged != 3 || b.Fixed != 1 || b.ScoreBefore != 72 {
		t.Errorf("baseline summary %+v, want 1 new, 3 unchanged, 1 fixed", b)
	}
	g := cur.EvaluateGate(GatePolicy{FailOn: "high"})
	if g.Passed || len(g.Reasons) != 1 || !strings.Contains(g.Reasons[0], "1 new finding") {
		t.Errorf("only the new finding gates: %+v", g)
	}
	// Fingerprints do not depend on the scheme, port or host alias of the run.
	if Fingerprint("https", "https://127.0.0.1:4001", "https://127.0.0.1:4001/a", "x") != Fingerprint("https", "http://shop.test", "http://shop.test/a#top", "x") {
		t.Error("fingerprint changed with the origin")
	}
}

func TestDecodeRejects(t *testing.T) {
	for _, in := range []string{"", "{}", "[1,2]", `{"schemaVersion":"2.0.0"}`, "not json"} {
		if _, err := Decode(strings.NewReader(in)); err == nil {
			t.Errorf("Decode(%q): want an error", in)
		}
	}
}

func TestIgnoreFile(t *testing.T) {
	r := gateReport()
	fp := r.Checks[1].Findings[0].Fingerprint
	f, err := ParseIgnoreFile([]byte(`version: 1
ignore:
  - check: privacy-policy-link
    urls: ["/legacy/*"]
    reason: the legacy section is removed next quarter
    expires: 2099-01-31
  - fingerprint: `+fp+`
    reason: accepted risk
  - check: privacy-policy-link
    reason: expired entry
    expires: 2020-01-01
`), testCheckIDs)
	if err != nil {
		t.Fatal(err)
	}
	f.path = ".privauditignore.yaml"
	r.ApplyIgnore(f, time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC))
	if len(r.Suppressed) != 2 {
		t.Fatalf("suppressed %+v, want 2", r.Suppressed)
	}
	if r.Suppressed[0].URL != "https://shop.test/legacy/old" || r.Suppressed[0].Reason != "the legacy section is removed next quarter" {
		t.Errorf("first suppressed %+v", r.Suppressed[0])
	}
	if len(r.Checks[0].Findings) != 1 || r.Checks[0].Findings[0].URL != "https://shop.test/a" {
		t.Errorf("the expired entry must not suppress /a: %+v", r.Checks[0].Findings)
	}
	if len(r.Checks[1].Findings) != 0 {
		t.Error("the fingerprint entry must suppress the cookie finding")
	}
	if len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "expired on 2020-01-01") || !strings.Contains(r.Warnings[0], ".privauditignore.yaml:9") {
		t.Errorf("warnings %q should report the expired entry and its line", r.Warnings)
	}
	if g := r.EvaluateGate(GatePolicy{FailOn: "low"}); len(g.Reasons) != 1 {
		t.Errorf("suppressed findings must not gate: %+v", g)
	}
	// An entry expiring today still applies today.
	r2 := gateReport()
	f2, _ := ParseIgnoreFile([]byte("ignore:\n  - fingerprint: "+fp+"\n    reason: r\n    expires: 2026-11-29\n"), testCheckIDs)
	r2.ApplyIgnore(f2, time.Date(2026, 11, 29, 23, 0, 0, 0, time.UTC))
	if len(r2.Suppressed) != 1 {
		t.Error("an entry is valid through its expiry date")
	}
	if len(r2.Warnings) != 0 {
		t.Errorf("an entry that matched gives no warning: %q", r2.Warnings)
	}
	// An entry that matches nothing is stale: warned, with its line; one
	// naming a check that did not run is not.
	r3 := gateReport()
	f3, err := ParseIgnoreFile([]byte("ignore:\n  - check: cookie-security\n    urls: [\"/gone/*\"]\n    reason: old section\n  - check: contact-info\n    reason: not run\n"), testCheckIDs)
	if err != nil {
		t.Fatal(err)
	}
	f3.path = "ign.yaml"
	r3.Checks = slices.DeleteFunc(r3.Checks, func(c CheckResult) bool { return c.ID == "contact-info" })
	r3.ApplyIgnore(f3, time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC))
	if len(r3.Warnings) != 1 || !strings.Contains(r3.Warnings[0], "ign.yaml:2 matches no finding") {
		t.Errorf("warnings %q: want one for the stale cookie-security entry", r3.Warnings)
	}
}

func TestIgnoreFileErrors(t *testing.T) {
	tests := []struct{ yaml, want string }{
		{"ignore:\n  - reason: x\n", ":2: an entry needs a fingerprint"},
		{"ignore:\n  - check: https\n", ":2: every entry needs a reason"},
		{"ignore:\n  - check: https\n    reason: x\n    expires: tomorrow\n", `expires "tomorrow" is not a date`},
		{"ignore:\n  - check: https\n    reason: x\n    url: /a\n", `:4: unknown key "url"`},
		{"ignore:\n  - check: htps\n    reason: x\n", `:2: unknown check "htps"`},
		{"version: 3\n", "version must be 1"},
		{"ignore:\n  - check: https\n    reason: x\n    urls: ['[']\n", "bad URL pattern"},
	}
	for _, tt := range tests {
		_, err := ParseIgnoreFile([]byte(tt.yaml), testCheckIDs)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: error %v, want %q", tt.yaml, err, tt.want)
		}
	}
	for _, empty := range []string{"", "# nothing ignored yet\n", "version: 1\n"} {
		if f, err := ParseIgnoreFile([]byte(empty), testCheckIDs); err != nil || len(f.Ignore) != 0 {
			t.Errorf("%q: an empty ignore file is fine: %v", empty, err)
		}
	}
	if f, err := LoadIgnoreFile("/nonexistent/.privauditignore.yaml", true, testCheckIDs); f != nil || err != nil {
		t.Errorf("an absent default ignore file is fine: %v", err)
	}
	if _, err := LoadIgnoreFile("/nonexistent/ignore.yaml", false, testCheckIDs); err == nil {
		t.Error("an absent ignore file given by flag is an error")
	}
}

// testCheckIDs are the check IDs the ignore-file tests know.
var testCheckIDs = []string{"privacy-policy-link", "contact-info", "privacy-policy-reachable", "policy-coverage", "cookies-explained", "cookie-security", "https", "form-security", "consent-checkboxes", "third-party-disclosure", "trust-seal"}
