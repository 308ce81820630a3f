package checks

import (
	"context"
	"fmt"
	"strings"

	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/internal/textutil"
	"github.com/privaudit/privaudit/policy"
)

// PolicyCoverage checks which aspects of the aspect catalogue the privacy
// policy covers.
type PolicyCoverage struct{}

// Meta implements Check.
func (PolicyCoverage) Meta() Meta {
	return Meta{
		ID:           "policy-coverage",
		Title:        "The privacy policy covers what it must",
		FailureTitle: "The privacy policy leaves out topics it must cover",
		Description:  "The privacy policy (with a separate cookie policy, read together) addresses each of " + fmt.Sprint(len(policy.AspectIDs)) + " aspects: " + strings.Join(policy.AspectIDs, ", ") + ". Each aspect is covered by a statement, quoted as evidence; a menu item or a heading alone does not count.",
		Why:          "A notice that leaves out how data is secured, shared, kept or corrected does not inform. GDPR Art. 13-14, CalOPPA and COPPA list the topics, and the customer-facing checklist privaudit is built on asks for them.",
		Fix:          "Add a section for each missing aspect; `privaudit policy URL` shows which statements were recognised.",
		Severity:     SeverityMedium,
		Requires:     []evidence.Kind{evidence.KindPolicy},
	}
}

// Run implements Check.
func (PolicyCoverage) Run(_ context.Context, site *evidence.Site) Result {
	if policyLinkUnread(site) {
		return unjudgedPolicy(site)
	}
	a := site.Policy
	if a == nil {
		return Result{Status: StatusFail, Summary: "no readable privacy policy to analyse",
			Findings: []Finding{{URL: site.Origin + "/", Subject: "privacy-policy", Severity: SeverityMedium, Message: "no readable privacy policy was found"}}}
	}
	url := site.PolicyURL()
	if !site.PrivacyPolicy.OK() && site.CookiePolicy.OK() {
		// A cookie policy explains cookies; it does not stand in for the
		// privacy policy, so it earns no coverage. What it covers is still
		// said, so that the reader knows what was analysed.
		covered := 0
		for _, id := range policy.AspectIDs {
			if a.Aspects[id].Covered {
				covered++
			}
		}
		return Result{Status: StatusFail, Score: 0,
			Summary: fmt.Sprintf("no privacy policy could be read; only the cookie policy %s was analysed (it covers %d of %d aspects) and does not stand in for one",
				site.ShortURL(site.CookiePolicy.URL), covered, len(policy.AspectIDs)),
			Findings: []Finding{{URL: site.CookiePolicy.URL, Subject: "privacy-policy", Severity: SeverityMedium,
				Message: "only a cookie policy was found: a privacy policy must cover what the site does with personal data"}}}
	}
	var res Result
	covered := 0
	var missing []string
	for _, id := range policy.AspectIDs {
		if a.Aspects[id].Covered {
			covered++
			continue
		}
		missing = append(missing, id)
		res.Findings = append(res.Findings, Finding{URL: url, Subject: id, Severity: SeverityMedium,
			Message: "the policy does not cover " + id})
	}
	res.Score = float64(covered) / float64(len(policy.AspectIDs))
	res.Status = graded(res.Score, 0.85, 0.6)
	res.Summary = fmt.Sprintf("%d of %d aspects covered in %s", covered, len(policy.AspectIDs), analysed(site))
	if len(missing) > 0 && len(missing) <= 4 {
		res.Summary += "; missing " + strings.Join(missing, ", ")
	}
	return res
}

// analysed names the documents the analysis read: the privacy policy, the
// number of its chapters, and the cookie policy read with it.
func analysed(site *evidence.Site) string {
	var parts []string
	if d := site.PrivacyPolicy; d.OK() {
		name := site.ShortURL(d.URL)
		if n := len(d.Parts); n > 0 {
			name += " (with " + textutil.Plural(n, "chapter", "chapters") + ")"
		}
		parts = append(parts, name)
	}
	if d := site.CookiePolicy; d.OK() {
		parts = append(parts, "the cookie policy "+site.ShortURL(d.URL))
	}
	return strings.Join(parts, " and ")
}
