package checks

import (
	"context"
	"strings"

	"github.com/privaudit/privaudit/evidence"
)

// RejectOption checks that the banner offers reject as easily as accept.
type RejectOption struct{}

// Meta implements Check.
func (RejectOption) Meta() Meta {
	return Meta{
		ID:           "reject-option",
		Title:        "Reject is as easy as accept",
		FailureTitle: "No reject button on the banner's first layer",
		Description:  "The consent banner offers a reject (or \"only necessary\") button on its first layer, beside accept, not behind \"settings\" or \"more options\".",
		Why:          "Consent is valid only when refusing is as easy as accepting: the EDPB's cookie-banner taskforce and regulators (CNIL, Garante) treat a missing first-layer reject as a violation.",
		Fix:          "Put a \"Reject all\" button on the first layer of the banner, as visible as \"Accept all\".",
		Severity:     SeverityMedium,
		Requires:     []evidence.Kind{evidence.KindConsent},
	}
}

// Run implements Check.
func (RejectOption) Run(_ context.Context, site *evidence.Site) Result {
	c := site.Browser.Consent
	if c.Found != "banner" {
		return notApplicable("no consent banner was found")
	}
	buttons := strings.Join(c.Buttons, ", ")
	if c.RejectOnFirstLayer {
		return Result{Status: StatusPass, Score: 1, Summary: "the banner offers reject on its first layer (" + buttons + ")"}
	}
	return Result{Status: StatusFail, Score: 0, Summary: "the banner offers no reject on its first layer (" + buttons + ")",
		Findings: []Finding{{URL: site.Origin + "/", Subject: "reject-first-layer", Severity: SeverityMedium,
			Message: "the consent banner has no reject button beside accept", Evidence: map[string]string{"buttons": buttons, "platform": platformName(c)}}}}
}
