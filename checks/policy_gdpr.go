package checks

import (
	"context"
	"strings"

	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/policy"
)

// PolicyGDPR checks that the privacy policy states what GDPR Art. 13 and
// 14 require, when the GDPR applies to the site.
type PolicyGDPR struct{}

// Meta implements Check.
func (PolicyGDPR) Meta() Meta {
	return Meta{
		ID:           "policy-gdpr",
		Title:        "The privacy policy states what the GDPR requires",
		FailureTitle: "The privacy policy lacks information the GDPR requires",
		Description: "When the GDPR applies (--regime gdpr, or auto: the site shows an EU/EEA/UK audience), the privacy policy states each element GDPR Art. 13 and 14 require: " +
			strings.Join(policy.LegalElementsOf(policy.LawGDPR), ", ") + ". Each missing element is a finding naming its article; not applicable when the GDPR does not apply.",
		Why:      "Art. 13 and 14 GDPR fix what people must be told when their data is collected: who the controller is, on what legal basis, where the data goes and which rights they have. A notice without them breaches Art. 12-14, which Art. 83(5) fines at the highest level, and supervisory authorities check notices against this list first.",
		Fix:      "Add a statement for each missing element (`privaudit explain ELEMENT` says what each needs); `privaudit policy URL` shows which statements were recognised.",
		Severity: SeverityMedium,
		Requires: []evidence.Kind{evidence.KindPolicy},
	}
}

// Elements implements Itemized.
func (PolicyGDPR) Elements() []policy.ElementInfo { return LegalItems(policy.LawGDPR) }

// Run implements Check.
func (PolicyGDPR) Run(_ context.Context, site *evidence.Site) Result {
	return runLegal(site, policy.LawGDPR)
}
