package checks

import (
	"context"
	"fmt"

	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/record"
)

// ConsentBanner checks that a site that uses non-essential cookies,
// storage or trackers asks for consent with a banner.
type ConsentBanner struct{}

// Meta implements Check.
func (ConsentBanner) Meta() Meta {
	return Meta{
		ID:           "consent-banner",
		Title:        "Consent is asked for before non-essential cookies and trackers",
		FailureTitle: "Non-essential cookies or trackers without a consent banner",
		Description:  "In a real browser, the start page shows a consent banner (a consent-management platform the Consent-O-Matic rules or privaudit's own rules recognise, or a generic banner found by its text and buttons) wherever the site uses non-essential cookies, storage or tracker requests (after accepting, or before any interaction).",
		Why:          "The ePrivacy Directive (Art. 5(3)) and the GDPR require prior, informed consent before storing or reading non-essential data on a visitor's device; without a banner, there is no way to give or refuse it.",
		Fix:          "Add a consent-management platform that blocks non-essential cookies and trackers until the visitor accepts, and offers reject as easily as accept.",
		Severity:     SeverityHigh,
		Requires:     []evidence.Kind{evidence.KindConsent},
	}
}

// Run implements Check.
func (ConsentBanner) Run(_ context.Context, site *evidence.Site) Result {
	b := site.Browser
	c := b.Consent
	var uses int
	for _, name := range []record.PhaseName{record.PhaseBefore, record.PhaseAccept} {
		if p := b.Phase(name); p != nil {
			cookies, storage, trackers := p.NonEssential()
			uses = max(uses, len(cookies)+len(storage)+len(trackers))
		}
	}
	origin := site.Origin + "/"
	switch c.Found {
	case "banner":
		return Result{Status: StatusPass, Score: 1, Summary: fmt.Sprintf("a %s consent banner is shown", platformName(c))}
	case "blocked":
		return Result{Status: StatusError, Summary: "the browser was blocked (a challenge page or an error status): no banner could be looked for"}
	}
	if uses == 0 {
		return notApplicable("no banner, and none needed: no non-essential cookie, storage key or tracker request was seen")
	}
	why := "no consent banner is shown"
	if c.Found == "not-rendered" {
		why = "no consent banner appeared within the time limit"
	}
	return Result{Status: StatusFail, Score: 0,
		Summary: fmt.Sprintf("%s, yet the site uses %d non-essential cookies, storage keys or tracker requests", why, uses),
		Findings: []Finding{{URL: origin, Subject: "consent-banner", Severity: SeverityHigh,
			Message: why + " although the site uses non-essential cookies, storage or trackers", Evidence: map[string]string{"found": c.Found}}}}
}

// platformName names the banner's platform for summaries.
func platformName(c *record.Consent) string {
	if c.Platform == "" || c.Platform == "generic" {
		return "generic"
	}
	return c.Platform
}
