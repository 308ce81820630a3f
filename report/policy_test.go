package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/privaudit/privaudit/policy"
)

// fixturePolicy is a policy report built by hand: covered and uncovered
// aspects, evidence under headings, names, a claim and its contradiction,
// with hostile strings wherever the policy's text goes.
func fixturePolicy() *PolicyReport {
	r := &PolicyReport{
		Source:      "https://shop.test/privacy?q=" + hostile,
		Language:    "en",
		LastUpdated: "2024-12-01",
		Words:       1234,
		Aspects:     map[string]policy.Aspect{},
		Names:       policy.Names{Cookies: []string{"_ga", "sess|" + hostile}, Companies: []string{"Example Analytics"}},
		Claims:      []policy.Claim{{Kind: policy.ClaimNoTracking, Sentence: "We never track you. " + hostile}},
		Contradictions: []policy.Contradiction{{Claim: policy.ClaimNoTracking, Sentence: "We never track you.\n" + hostile,
			Observed: "cdn.evil.test (" + hostile + ") is loaded on 3 pages"}},
		Warnings: []string{"only 37 words: too short to be a privacy policy (a policy needs at least 150) " + hostile},
	}
	for _, id := range policy.AspectIDs {
		r.Aspects[id] = policy.Aspect{Evidence: []string{}}
	}
	r.Legal = LegalSummaries(nil)
	r.Legal["legal-basis"] = NewLegalSummary("legal-basis", policy.Aspect{Covered: true, Confidence: 0.8,
		Evidence: []string{"We process your data on the basis of Art. 6(1)(b) GDPR | " + hostile}, Heading: "Legal basis"})
	r.Laws = []policy.LawMention{{Law: policy.LawGDPR, Sentence: "We process your data on the basis of Art. 6(1)(b) GDPR | " + hostile}}
	r.Aspects["cookies"] = policy.Aspect{Covered: true, Confidence: 0.9, Evidence: []string{"We use cookies such as _ga to count visits.", "Second sentence."},
		Heading: "Cookies", Headings: []string{"Cookies", "Cookies"}}
	r.Aspects["children"] = policy.Aspect{Covered: true, Confidence: 0.75, Evidence: []string{"We do not knowingly collect data of children under 13: " + hostileMD}}
	r.Aspects["data-retention"] = policy.Aspect{Covered: false, Confidence: 0.3, Evidence: []string{"We keep data " + hostile}, Heading: "Keeping | " + hostile}
	return r
}

// renderPolicy renders a policy report in a format.
func renderPolicy(t *testing.T, format string, r *PolicyReport) []byte {
	t.Helper()
	rd, err := PolicyRendererFor(format)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := rd.RenderPolicy(&buf, r); err != nil {
		t.Fatalf("rendering the policy report as %s: %v", format, err)
	}
	return buf.Bytes()
}

// TestPolicyGolden keeps every policy format's output of the fixture in
// testdata (policy.txt, policy.json).
func TestPolicyGolden(t *testing.T) {
	for _, format := range PolicyFormats {
		t.Run(format, func(t *testing.T) {
			r := fixturePolicy()
			got := renderPolicy(t, format, r)
			checkGolden(t, "policy"+Extension(format), got)
			if again := renderPolicy(t, format, r); !bytes.Equal(got, again) {
				t.Error("a second rendering differs from the first")
			}
		})
	}
	var back PolicyReport
	if err := json.Unmarshal(renderPolicy(t, "json", fixturePolicy()), &back); err != nil || len(back.Aspects) != len(policy.AspectIDs) {
		t.Errorf("the JSON policy report does not read back: %v, %+v", err, back)
	}
}

// TestEmptyPolicy renders a policy report with nothing in it: no format
// may fail or panic.
func TestEmptyPolicy(t *testing.T) {
	for _, format := range PolicyFormats {
		renderPolicy(t, format, &PolicyReport{})
	}
}
