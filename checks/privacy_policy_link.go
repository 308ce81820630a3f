package checks

import (
	"context"
	"fmt"

	"github.com/privaudit/privaudit/evidence"
)

// PrivacyPolicyLink checks that every HTML page links the privacy policy.
type PrivacyPolicyLink struct{}

// Meta implements Check.
func (PrivacyPolicyLink) Meta() Meta {
	return Meta{
		ID:           "privacy-policy-link",
		Title:        "Every page links the privacy policy",
		FailureTitle: "Pages without a link to the privacy policy",
		Description:  "Each HTML page has a working link to a privacy policy (found by its text, title, aria-label or URL in English, German, French, Dutch, Spanish or Italian). A link whose URL cannot lead anywhere, or whose target answers with an error, does not count.",
		Why:          "Visitors must be able to learn how their data is used from wherever they are on the site; the GDPR (Art. 12-13) and laws such as CalOPPA require the notice to be easy to find, and regulators look for a link on every page.",
		Fix:          "Put a link labelled \"Privacy policy\" (or the local equivalent) in the shared footer or navigation so that every template carries it, and check that its URL answers 200.",
		Severity:     SeverityHigh,
		Requires:     []evidence.Kind{evidence.KindPages},
	}
}

// Run implements Check.
func (c PrivacyPolicyLink) Run(_ context.Context, site *evidence.Site) Result {
	if len(site.Pages) == 0 {
		return Result{Status: StatusError, Summary: "no HTML page was fetched"}
	}
	var res Result
	linked, cut := 0, 0
	for _, p := range site.Pages {
		if p.PolicyLinked {
			linked++
			continue
		}
		if p.Truncated {
			// The link may sit in the part not read.
			cut++
			continue
		}
		f := Finding{URL: p.URL, Subject: "privacy-link", Severity: SeverityHigh, Page: true, Message: "page has no link to a privacy policy"}
		if len(p.BrokenPolicyLinks) > 0 {
			f.Message = "page links a privacy policy that cannot be reached"
			f.Evidence = map[string]string{"href": p.BrokenPolicyLinks[0]}
		}
		res.Findings = append(res.Findings, f)
	}
	judged := len(site.Pages) - cut
	if judged == 0 {
		return unjudged(cut)
	}
	res.Score = float64(linked) / float64(judged)
	res.Status = graded(res.Score, 1, 0.9)
	if linked == 0 {
		res.Summary = fmt.Sprintf("no page of %d links a privacy policy", judged)
	} else {
		res.Summary = fmt.Sprintf("%d of %d pages link the privacy policy", linked, judged)
	}
	if cut > 0 {
		res.Summary += "; " + cutNote(cut)
	}
	return res
}
