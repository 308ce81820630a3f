package report

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/privaudit/privaudit/verdict"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestSARIFSchema validates the SARIF output against the SARIF 2.1.0
// schema of OASIS (from ../shared/data/sarif).
func TestSARIFSchema(t *testing.T) {
	path := sharedFile(t, "data/sarif/sarif-schema-2.1.0.json")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(sarifSchema, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(sarifSchema)
	if err != nil {
		t.Fatal(err)
	}
	for name, r := range map[string]*Report{"fixture": fixtureReport(), "empty": {}} {
		out := render(t, "sarif", r)
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(v); err != nil {
			t.Errorf("%s: the SARIF output does not validate: %v", name, err)
		}
	}
}

// TestSARIFContent checks what GitHub code scanning needs of the log.
func TestSARIFContent(t *testing.T) {
	r := fixtureReport()
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name, Version, InformationURI string
					Rules                         []struct {
						ID               string
						Name             string
						ShortDescription struct{ Text string }
						FullDescription  struct{ Text string }
						Help             struct{ Text, Markdown string }
						DefaultConfig    struct{ Level string } `json:"defaultConfiguration"`
						Properties       map[string]any
					}
				}
			}
			Invocations []struct {
				ExecutionSuccessful bool
				Notifications       []struct {
					Level   string
					Message struct{ Text string }
				} `json:"toolExecutionNotifications"`
			}
			Results []struct {
				RuleID    string
				RuleIndex int
				Level     string
				Message   struct{ Text string }
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine int }
					}
				}
				PartialFingerprints map[string]string
				BaselineState       string
				Suppressions        []struct{ Kind, Justification string }
			}
			Properties map[string]any
		}
	}
	if err := json.Unmarshal(render(t, "sarif", r), &log); err != nil {
		t.Fatal(err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("version %q, %d runs: want 2.1.0 and one run", log.Version, len(log.Runs))
	}
	run := log.Runs[0]
	d := run.Tool.Driver
	if d.Name != "privaudit" || d.Version != "1.2.3" || d.InformationURI == "" {
		t.Errorf("driver %+v", d)
	}
	if len(d.Rules) != len(r.Checks) {
		t.Fatalf("%d rules, want one per check (%d)", len(d.Rules), len(r.Checks))
	}
	wantSec := map[verdict.Severity]string{"high": "7.5", "medium": "5.0", "low": "3.0", "info": "0.0"}
	wantLevel := map[verdict.Severity]string{"high": "error", "medium": "warning", "low": "note", "info": "note"}
	for i, rule := range d.Rules {
		c := r.Checks[i]
		if rule.ID != c.ID || rule.Name == "" || rule.ShortDescription.Text == "" || rule.FullDescription.Text == "" {
			t.Errorf("rule %d: %+v", i, rule)
		}
		if rule.DefaultConfig.Level != wantLevel[c.Severity] {
			t.Errorf("rule %s: level %q, want %q", rule.ID, rule.DefaultConfig.Level, wantLevel[c.Severity])
		}
		if got := rule.Properties["security-severity"]; got != wantSec[c.Severity] {
			t.Errorf("rule %s: security-severity %v, want %q", rule.ID, got, wantSec[c.Severity])
		}
		if c.ID == "cookie-security" {
			// A known check's help has its why and fix.
			if !bytes.Contains([]byte(rule.Help.Text), []byte("Why it matters: ")) || !bytes.Contains([]byte(rule.Help.Markdown), []byte("**How to fix.**")) {
				t.Errorf("rule %s: help %+v lacks why and fix", rule.ID, rule.Help)
			}
			if rule.ShortDescription.Text != "Cookies carry security flags" {
				t.Errorf("rule %s: short description %q, want the passing title", rule.ID, rule.ShortDescription.Text)
			}
		}
	}
	if sev := securitySeverity("critical"); sev != "9.0" {
		t.Errorf("critical: security-severity %s", sev)
	}
	if sarifLevel("critical") != "error" {
		t.Error("critical is not an error")
	}

	findings, suppressed := 0, 0
	for _, c := range r.Checks {
		findings += len(c.Findings)
	}
	if len(run.Results) != findings+len(r.Suppressed) {
		t.Fatalf("%d results, want %d findings and %d suppressed", len(run.Results), findings, len(r.Suppressed))
	}
	fps := map[string]bool{}
	for _, res := range run.Results {
		if res.RuleIndex < 0 || res.RuleIndex >= len(d.Rules) || d.Rules[res.RuleIndex].ID != res.RuleID {
			t.Errorf("result %s: ruleIndex %d does not point at its rule", res.RuleID, res.RuleIndex)
		}
		if len(res.Locations) != 1 || res.Locations[0].PhysicalLocation.ArtifactLocation.URI == "" || res.Locations[0].PhysicalLocation.Region.StartLine != 1 {
			t.Errorf("result %s: locations %+v", res.RuleID, res.Locations)
		}
		fp := res.PartialFingerprints[sarifFingerprintKey]
		if fp == "" {
			t.Errorf("result %s: no %s", res.RuleID, sarifFingerprintKey)
		}
		fps[fp] = true
		if len(res.Suppressions) > 0 {
			suppressed++
			if res.Suppressions[0].Kind != "external" || res.Suppressions[0].Justification == "" {
				t.Errorf("suppression %+v", res.Suppressions[0])
			}
		}
		if res.RuleID == "cookie-security" && res.Level == "error" {
			t.Errorf("a finding of a check that only warns is an error: %+v", res)
		}
	}
	if suppressed != len(r.Suppressed) {
		t.Errorf("%d suppressed results, want %d", suppressed, len(r.Suppressed))
	}
	if len(fps) != len(run.Results) {
		t.Errorf("%d distinct fingerprints for %d results", len(fps), len(run.Results))
	}
	// Results are in check order, then by severity and URL.
	if run.Results[0].RuleID != "privacy-policy-link" || run.Results[0].BaselineState != "unchanged" ||
		run.Results[1].RuleID != "privacy-policy-link" || run.Results[1].BaselineState != "new" {
		t.Errorf("first results %+v: want privacy-policy-link, baseline states unchanged and new", run.Results[:2])
	}
	// Location URIs are valid URIs: the hostile URL is percent-encoded.
	if u := run.Results[1].Locations[0].PhysicalLocation.ArtifactLocation.URI; !strings.HasPrefix(u, "https://shop.test/search?q=") || strings.ContainsAny(u, `<>" `) {
		t.Errorf("location %q is not a valid URI", u)
	}
	// The result without a URL is located at the origin.
	for _, res := range run.Results {
		if res.RuleID == "custom-check" && res.Locations[0].PhysicalLocation.ArtifactLocation.URI != r.Origin {
			t.Errorf("a finding without a URL is located at %q, want the origin", res.Locations[0].PhysicalLocation.ArtifactLocation.URI)
		}
	}
	inv := run.Invocations[0]
	if inv.ExecutionSuccessful {
		t.Error("a check errored, yet the invocation is successful")
	}
	levels := map[string]int{}
	for _, n := range inv.Notifications {
		levels[n.Level]++
	}
	if levels["error"] != 1 || levels["warning"] != len(r.Warnings) {
		t.Errorf("notifications %+v: want one error (cookies-explained) and one warning per report warning", inv.Notifications)
	}
	if run.Properties["score"] != 61.5 || run.Properties["grade"] != "D" {
		t.Errorf("run properties %v", run.Properties)
	}
}

func TestPascalCase(t *testing.T) {
	for in, want := range map[string]string{"privacy-policy-link": "PrivacyPolicyLink", "https": "Https", "a--b": "AB", "": ""} {
		if got := pascalCase(in); got != want {
			t.Errorf("pascalCase(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSARIFURI(t *testing.T) {
	for in, want := range map[string]string{
		"https://shop.test/a?b=c&d=%20e#f": "https://shop.test/a?b=c&d=%20e#f",
		`https://shop.test/q="><script>`:   "https://shop.test/q=%22%3E%3Cscript%3E",
		"https://shop.test/a b/ü":          "https://shop.test/a%20b/%C3%BC",
		"https://shop.test/100%/%zz/%4":    "https://shop.test/100%25/%25zz/%254",
		"https://shop.test/{x}|y\\z^`":     "https://shop.test/%7Bx%7D%7Cy%5Cz%5E%60",
	} {
		if got := sarifURI(in); got != want {
			t.Errorf("sarifURI(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSARIFInformative: the results of an informative check are notes,
// and so is its rule's level, whatever the severity; so for a check of
// weight 0 in an older report that judged it.
func TestSARIFInformative(t *testing.T) {
	r := fixtureReport()
	for i := range r.Checks[4].Findings {
		r.Checks[4].Findings[i].Severity = verdict.Critical
	}
	r.Checks[4].Severity = verdict.High
	legacy := r.Checks[4]
	legacy.ID, legacy.Status, legacy.Score = "old-seal", verdict.Fail, score(0)
	legacy.Findings = []Finding{{CheckID: "old-seal", URL: r.Origin + "/", Message: "no seal", Severity: verdict.High}}
	r.Checks = append(r.Checks, legacy)
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID            string
						DefaultConfig struct{ Level string } `json:"defaultConfiguration"`
					}
				}
			}
			Results []struct{ RuleID, Level string }
		}
	}
	if err := json.Unmarshal(render(t, "sarif", r), &log); err != nil {
		t.Fatal(err)
	}
	levels := map[string][]string{}
	for _, res := range log.Runs[0].Results {
		levels[res.RuleID] = append(levels[res.RuleID], res.Level)
	}
	for _, id := range []string{"trust-seal", "old-seal"} {
		if got := strings.Join(levels[id], ","); got != "note" {
			t.Errorf("%s: result levels %q, want one note", id, got)
		}
	}
	// Two findings and a suppressed one, all of severity high.
	if got := strings.Join(levels["privacy-policy-link"], ","); got != "error,error,error" {
		t.Errorf("privacy-policy-link: levels %q, want errors (the note is for informative checks only)", got)
	}
	for _, rule := range log.Runs[0].Tool.Driver.Rules {
		if (rule.ID == "trust-seal" || rule.ID == "old-seal") && rule.DefaultConfig.Level != "note" {
			t.Errorf("rule %s: level %q, want note", rule.ID, rule.DefaultConfig.Level)
		}
	}
}
