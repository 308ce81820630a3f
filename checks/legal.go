package checks

import (
	"fmt"
	"slices"
	"strings"

	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/policy"
)

// The legal checks (policy-gdpr, policy-ccpa) judge the privacy policy
// against what a law requires a notice to state, when the law applies to
// the site (evidence.Regimes): each element missing is a finding naming the
// article that requires it, and the score is the share present.

// Itemized is a check that judges a list of elements a notice must state:
// `privaudit explain` lists them.
type Itemized interface {
	Elements() []policy.ElementInfo
}

// ccpaAspects are the aspects the CCPA adds to its legal elements: what
// Cal. Civ. Code 1798.100 and 1798.130 ask a privacy policy to state, which
// the aspect catalogue already judges.
var ccpaAspects = []policy.ElementInfo{
	{ID: "user-access", Title: "The rights to know, access, correct and delete personal information, and how to exercise them",
		Laws: []string{policy.LawCCPA}, Articles: []string{"CCPA 1798.130(a)(5)(A)"},
		Fix: "Describe the rights to know, access, correct and delete personal information, and how to use them."},
	{ID: "data-retention", Title: "How long each category of personal information is kept",
		Laws: []string{policy.LawCCPA}, Articles: []string{"CCPA 1798.100(a)(3)"},
		Fix: "Say how long each category of personal information is kept, or the criteria that decide it."},
	{ID: "privacy-contact", Title: "How to submit privacy requests",
		Laws: []string{policy.LawCCPA}, Articles: []string{"CCPA 1798.130(a)(1)"},
		Fix: "Give the ways to submit privacy requests (at least two, such as a toll-free number and a web form or an e-mail address)."},
	{ID: "policy-changes", Title: "How the policy is updated, and when it last was",
		Laws: []string{policy.LawCCPA}, Articles: []string{"CCPA 1798.130(a)(5)"},
		Fix: "Say how the policy changes and how people learn of it, and date it: the CCPA asks for an update at least once every 12 months."},
}

// LegalItems returns what a notice must state under law, as the law's
// check judges it, in report order: the law's legal elements
// (policy.LegalElementsOf), then for the CCPA the aspects its list adds.
// Each item's Articles are those of law alone.
func LegalItems(law string) []policy.ElementInfo {
	var out []policy.ElementInfo
	for _, id := range policy.LegalElementsOf(law) {
		if e, ok := policy.LegalElement(id); ok {
			e.Articles = slices.DeleteFunc(e.Articles, func(a string) bool { return !strings.HasPrefix(a, policy.LawName(law)+" ") })
			out = append(out, e)
		}
	}
	if law == policy.LawCCPA {
		for _, e := range ccpaAspects {
			e.Laws, e.Articles = slices.Clone(e.Laws), slices.Clone(e.Articles)
			out = append(out, e)
		}
	}
	return out
}

// LegalItem returns the description of an item a legal check judges: a
// legal element (with the articles of every law that requires it), or an
// aspect the CCPA's list adds (with its CCPA articles).
func LegalItem(id string) (policy.ElementInfo, bool) {
	if e, ok := policy.LegalElement(id); ok {
		return e, true
	}
	for _, e := range ccpaAspects {
		if e.ID == id {
			e.Laws, e.Articles = slices.Clone(e.Laws), slices.Clone(e.Articles)
			return e, true
		}
	}
	return policy.ElementInfo{}, false
}

// LegalItemIDs lists the IDs LegalItem knows, in report order.
func LegalItemIDs() []string {
	ids := slices.Clone(policy.LegalElements)
	for _, e := range ccpaAspects {
		ids = append(ids, e.ID)
	}
	return ids
}

// notApplied says why a law does not apply.
func notApplied(r evidence.Regimes, law string) string {
	name := policy.LawName(law)
	switch {
	case slices.Contains(r.Requested, evidence.RegimeNone):
		return "the " + name + " does not apply: --regime none applies no law"
	case !r.Auto():
		return "the " + name + " does not apply: not asked for (--regime " + strings.Join(r.Requested, ", ") + ")"
	case law == policy.LawGDPR:
		return "the GDPR does not apply: no signal of an EU/EEA/UK audience (use --regime gdpr to apply it)"
	case law == policy.LawCCPA:
		return "the CCPA does not apply: no signal of a Californian audience (use --regime ccpa to apply it)"
	}
	return "the " + name + " does not apply (use --regime " + law + " to apply it)"
}

// runLegal judges the policy against the items law requires.
func runLegal(site *evidence.Site, law string) Result {
	if !site.Regimes.Applies(law) {
		return notApplicable(notApplied(site.Regimes, law))
	}
	if policyLinkUnread(site) {
		return unjudgedPolicy(site)
	}
	name := policy.LawName(law)
	a := site.Policy
	if a == nil {
		return Result{Status: StatusFail, Summary: "no readable privacy policy to analyse",
			Findings: []Finding{{URL: site.Origin + "/", Subject: "privacy-policy", Severity: SeverityMedium,
				Message: "no readable privacy policy was found: the " + name + " requires one"}}}
	}
	if !site.PrivacyPolicy.OK() && site.CookiePolicy.OK() {
		// As for policy-coverage: a cookie policy does not stand in for
		// the privacy policy.
		return Result{Status: StatusFail, Score: 0,
			Summary: fmt.Sprintf("no privacy policy could be read; the cookie policy %s does not stand in for one", site.ShortURL(site.CookiePolicy.URL)),
			Findings: []Finding{{URL: site.CookiePolicy.URL, Subject: "privacy-policy", Severity: SeverityMedium,
				Message: "only a cookie policy was found: the " + name + " requires a privacy policy"}}}
	}
	items := LegalItems(law)
	url := site.PolicyURL()
	var res Result
	var missing []string
	for _, e := range items {
		covered := a.Legal[e.ID].Covered
		if _, element := policy.LegalElement(e.ID); !element {
			covered = a.Aspects[e.ID].Covered
		}
		if covered {
			continue
		}
		missing = append(missing, e.ID)
		articles := strings.Join(e.Articles, ", ")
		res.Findings = append(res.Findings, Finding{URL: url, Subject: "legal:" + e.ID, Severity: SeverityMedium,
			Message:  fmt.Sprintf("the policy does not state: %s (%s)", lowerFirst(e.Title), articles),
			Evidence: map[string]string{"element": e.ID, "article": articles}})
	}
	present := len(items) - len(missing)
	res.Score = float64(present) / float64(len(items))
	res.Status = graded(res.Score, 0.85, 0.6)
	res.Summary = fmt.Sprintf("%d of %d %s elements in %s", present, len(items), name, analysed(site))
	if len(missing) > 0 && len(missing) <= 4 {
		res.Summary += "; missing " + strings.Join(missing, ", ")
	}
	return res
}

// lowerFirst lowers the first letter of a title, for use in a sentence.
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
