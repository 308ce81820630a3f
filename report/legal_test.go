package report

import (
	"strings"
	"testing"
)

// The formats say which laws were applied and why, those not applied, and
// the elements missing under each law applied, with their articles; a
// report without regimes (an earlier version, a site that could not be
// audited) has no such section.
func TestLegalSection(t *testing.T) {
	r := fixtureReport()
	table := renderTable(t, TableRenderer{Width: 80}, r)
	for _, want := range []string{
		"\nLegal elements (--regime auto)\n  GDPR applies: ccTLD .de (Germany); the policy names the GDPR:",
		"  Not applied: CCPA: no signal of a Californian audience (--regime ccpa applies\n    it)\n",
		"  GDPR (policy-gdpr, FAIL): 8 of 10 GDPR elements in /privacy\n    Missing: dpo-contact (GDPR Art. 13(1)(b)), legal-basis (GDPR Art. 13(1)(c),\n",
	} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}
	md := string(render(t, "markdown", r))
	if !strings.Contains(md, "\n### Legal elements\n") || !strings.Contains(md, "  - missing: `dpo-contact` (GDPR Art. 13(1)(b)), `legal-basis`") {
		t.Errorf("markdown:\n%s", md)
	}
	html := string(render(t, "html", r))
	for _, want := range []string{`<h2 id="legal">Legal elements</h2>`, `<dt>GDPR applies</dt><dd>ccTLD .de (Germany)<br>`,
		`<tr class="muted"><td><code>sale-opt-out</code>`, `<tr><td><code>legal-basis</code><br>The legal basis of the processing</td><td>GDPR Art. 13(1)(c), GDPR Art. 13(1)(d)</td>`} {
		if !strings.Contains(html, want) {
			t.Errorf("html lacks %q", want)
		}
	}

	r.Regimes = &Regimes{Requested: []string{"none"}, Applied: []string{}, Signals: []RegimeSignal{}}
	if table := renderTable(t, TableRenderer{}, r); !strings.Contains(table, "  Not applied: GDPR: --regime none\n  Not applied: CCPA: --regime none\n") ||
		strings.Contains(table, "GDPR (policy-gdpr") {
		t.Errorf("--regime none:\n%s", table)
	}
	r.Regimes = nil
	for _, format := range []string{"table", "markdown", "html"} {
		if out := string(render(t, format, r)); strings.Contains(out, "Legal elements") {
			t.Errorf("%s: a report without regimes has no legal section", format)
		}
	}
}
