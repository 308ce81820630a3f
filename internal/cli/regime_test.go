package cli

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/privaudit/privaudit/policy"
)

// demoRegimes audits the demo with args and returns the report's regimes
// and the status and summary of each legal check.
func demoRegimes(t *testing.T, args ...string) (regimes struct{ Requested, Applied []string }, checks map[string][2]string) {
	t.Helper()
	out, stderr, code := runCLI(t, append([]string{"demo", "--format", "json", "--quiet"}, args...)...)
	if code != ExitOK {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	var rep struct {
		Regimes struct {
			Requested, Applied []string
			Signals            []struct{ Regime, Signal string }
		}
		Checks []struct{ ID, Status, Summary string }
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	checks = map[string][2]string{}
	for _, c := range rep.Checks {
		if strings.HasPrefix(c.ID, "policy-") {
			checks[c.ID] = [2]string{c.Status, c.Summary}
		}
	}
	for _, s := range rep.Regimes.Signals {
		if !slices.Contains(rep.Regimes.Applied, s.Regime) {
			t.Errorf("signal %+v of a law not applied", s)
		}
	}
	regimes.Requested, regimes.Applied = rep.Regimes.Requested, rep.Regimes.Applied
	return regimes, checks
}

// --regime and the configuration's regimes decide the laws applied.
func TestRegimeFlagAndConfig(t *testing.T) {
	t.Parallel()
	g, c := demoRegimes(t)
	if !slices.Equal(g.Requested, []string{"auto"}) || !slices.Equal(g.Applied, []string{policy.LawGDPR}) {
		t.Errorf("default: regimes %+v, want auto applying the GDPR (the demo shop is British)", g)
	}
	g, c = demoRegimes(t, "--regime", "ccpa")
	if !slices.Equal(g.Applied, []string{policy.LawCCPA}) || c["policy-gdpr"] != [2]string{"not-applicable", "the GDPR does not apply: not asked for (--regime ccpa)"} ||
		c["policy-ccpa"][0] == "not-applicable" {
		t.Errorf("--regime ccpa: regimes %+v, checks %q", g, c)
	}
	g, c = demoRegimes(t, "--regime", "NONE")
	if !slices.Equal(g.Requested, []string{"none"}) || len(g.Applied) != 0 || c["policy-gdpr"][0] != "not-applicable" || c["policy-ccpa"][0] != "not-applicable" {
		t.Errorf("--regime NONE: regimes %+v, checks %q", g, c)
	}
	cfg := writeFile(t, t.TempDir(), "regimes.yaml", "version: 1\nregimes: [gdpr, ccpa]\n")
	g, _ = demoRegimes(t, "--config", cfg)
	if !slices.Equal(g.Requested, []string{"gdpr", "ccpa"}) || !slices.Equal(g.Applied, []string{"gdpr", "ccpa"}) {
		t.Errorf("config regimes: %+v", g)
	}
	// The command line wins over the file.
	g, _ = demoRegimes(t, "--config", cfg, "--regime", "auto")
	if !slices.Equal(g.Requested, []string{"auto"}) {
		t.Errorf("flag over config: %+v", g)
	}
}

// A bad --regime value, from a flag or the file, is refused with one line
// before any request.
func TestRegimeErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"typo", []string{"--no-config", "--regime", "gpdr"}, `--regime: unknown regime "gpdr" (did you mean gdpr? use auto, gdpr, ccpa or none)`},
		{"auto with a law", []string{"--no-config", "--regime", "auto", "--regime", "gdpr"}, "--regime: auto stands alone"},
		{"config", []string{"--config", writeFile(t, dir, "bad.yaml", "version: 1\nregimes:\n  - gdpr\n  - california\n")},
			`bad.yaml:2: regimes: unknown regime "california"`},
		{"config, none with a law", []string{"--config", writeFile(t, dir, "none.yaml", "version: 1\nregimes: [none, ccpa]\n")},
			`none.yaml:2: regimes: none stands alone`},
	} {
		_, stderr, code := runCLI(t, append([]string{"audit"}, append(tc.args, "http://127.0.0.1:1/")...)...)
		if code != ExitUsage || !strings.Contains(stderr, tc.want) || strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
			t.Errorf("%s: exit %d, stderr %q; want exit 2 and one line with %q", tc.name, code, stderr, tc.want)
		}
	}
}

// explain describes a legal check's elements, and each element.
func TestExplainLegal(t *testing.T) {
	t.Parallel()
	out, _, code := runCLI(t, "explain", "policy-gdpr")
	if code != ExitOK || !strings.Contains(out, "What the notice must state") || !strings.Contains(out, "legal-basis") || !strings.Contains(out, "GDPR Art. 13(1)(c)") {
		t.Errorf("explain policy-gdpr (exit %d):\n%s", code, out)
	}
	out, _, code = runCLI(t, "explain", "policy-ccpa")
	for _, id := range []string{"sale-opt-out", "non-discrimination", "data-retention", "CCPA 1798.125"} {
		if code != ExitOK || !strings.Contains(out, id) {
			t.Errorf("explain policy-ccpa lacks %s (exit %d):\n%s", id, code, out)
		}
	}
	out, _, code = runCLI(t, "explain", "legal-basis")
	e, _ := policy.LegalElement("legal-basis")
	if code != ExitOK || !strings.HasPrefix(out, "legal-basis: "+e.Title+"\n") || !strings.Contains(out, "GDPR Art. 13(1)(c), GDPR Art. 13(1)(d)") ||
		!strings.Contains(out, e.Fix) {
		t.Errorf("explain legal-basis (exit %d):\n%s", code, out)
	}
	if _, stderr, code := runCLI(t, "explain", "sale-opt-ou"); code != ExitUsage || !strings.Contains(stderr, `did you mean "sale-opt-out"?`) {
		t.Errorf("explain sale-opt-ou: exit %d %q", code, stderr)
	}
}

// privaudit policy reports every legal element with its articles, and the
// laws the policy names.
func TestPolicyCommandLegal(t *testing.T) {
	t.Parallel()
	file := writeFile(t, t.TempDir(), "policy.html", `<html lang="en"><body><main><h1>Privacy policy</h1>
<p>This policy explains how Example Inc. collects and uses personal information when you use our website.</p>
<p>This section applies to California residents under the California Consumer Privacy Act (CCPA).</p>
<p>We do not sell your personal information.</p></main></body></html>`)
	out, stderr, code := runCLI(t, "policy", file, "--format", "json")
	if code != ExitOK {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	var rep struct {
		Legal map[string]struct {
			Covered bool
			Article string
		}
		Laws []policy.LawMention
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Legal) != len(policy.LegalElements) || rep.Legal["sale-opt-out"].Article != "CCPA 1798.120, CCPA 1798.135" {
		t.Errorf("legal %+v: every element, with its articles", rep.Legal)
	}
	if len(rep.Laws) > 0 && rep.Laws[0].Law != policy.LawCCPA {
		t.Errorf("laws named %+v", rep.Laws)
	}
	table, _, code := runCLI(t, "policy", filepath.Clean(file))
	if code != ExitOK || !strings.Contains(table, "Legal elements (GDPR Art. 13/14, CCPA)") || !strings.Contains(table, "non-discrimination") {
		t.Errorf("table (exit %d):\n%s", code, table)
	}
}
