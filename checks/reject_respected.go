package checks

import (
	"context"

	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/record"
)

// RejectRespected checks that after reject, nothing non-essential is stored
// or sent and the site records a rejection.
type RejectRespected struct{}

// Meta implements Check.
func (RejectRespected) Meta() Meta {
	return Meta{
		ID:           "reject-respected",
		Title:        "Reject is respected",
		FailureTitle: "Tracking after the visitor rejected",
		Description:  "In a real browser, after clicking reject (or \"only necessary\", on the banner's second layer when the first has none), the rendered pages set no non-essential cookie, write no such storage key and contact no tracker, and the decision the site records (OptanonConsent, CookieConsent, a TCF string...) is a rejection. A banner that only closes, or records acceptance after reject, fails.",
		Why:          "A refusal that does not stop tracking, or is stored as consent, is no refusal: it is the most fined consent violation after tracking before consent.",
		Fix:          "Make the consent platform block every non-essential tag until consent and keep it blocked after reject; check that reject writes a rejection into the platform's cookie.",
		Severity:     SeverityHigh,
		Requires:     []evidence.Kind{evidence.KindConsent, evidence.KindScriptCookies, evidence.KindStorage},
	}
}

// Run implements Check.
func (RejectRespected) Run(_ context.Context, site *evidence.Site) Result {
	c := site.Browser.Consent
	if c.Found != "banner" {
		return notApplicable("no consent banner was found: there was nothing to reject")
	}
	p := site.Browser.Phase(record.PhaseReject)
	if p == nil || c.Reject == "not-found" {
		return Result{Status: StatusFail, Score: 0, Summary: "no way to reject was found on the banner or its settings",
			Findings: []Finding{{URL: site.Origin + "/", Subject: "reject", Severity: SeverityHigh, Message: "the banner offers no reject that privaudit could find"}}}
	}
	res := judgePhase(site, p, "after reject")
	switch ch := p.Choice; {
	case ch == nil:
		res.Findings = append(res.Findings, Finding{URL: site.Origin + "/", Subject: "choice", Severity: SeverityMedium,
			Message: "after reject, the site recorded no decision that privaudit could read: the banner may only have closed"})
		if res.Status == StatusPass {
			res.Status, res.Score = StatusWarn, 0.75
		}
		res.Summary += "; no recorded decision found"
	case ch.Decision != "reject":
		res.Findings = append(res.Findings, Finding{URL: site.Origin + "/", Subject: "choice", Severity: SeverityHigh,
			Message:  "after reject, the site recorded \"" + ch.Decision + "\" in " + ch.Source,
			Evidence: map[string]string{"source": ch.Source, "decision": ch.Decision}})
		res.Status, res.Score = StatusFail, 0
		res.Summary += "; the site recorded " + ch.Decision + " in " + ch.Source
	default:
		res.Summary += "; the site recorded a rejection in " + ch.Source
	}
	return res
}
