package checks

import (
	"context"
	"strings"

	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/policy"
)

// PolicyCCPA checks that the privacy policy states what the CCPA (as
// amended by the CPRA) requires, when it applies to the site.
type PolicyCCPA struct{}

// Meta implements Check.
func (PolicyCCPA) Meta() Meta {
	var ids []string
	for _, e := range LegalItems(policy.LawCCPA) {
		ids = append(ids, e.ID)
	}
	return Meta{
		ID:           "policy-ccpa",
		Title:        "The privacy policy states what the CCPA requires",
		FailureTitle: "The privacy policy lacks information the CCPA requires",
		Description: "When the CCPA applies (--regime ccpa, or auto: the site shows a Californian audience), the privacy policy states each element Cal. Civ. Code 1798.100-1798.135 require: " +
			strings.Join(ids, ", ") + ". Each missing element is a finding naming its section; not applicable when the CCPA does not apply.",
		Why:      "The CCPA, as amended by the CPRA, requires a business to tell Californians what personal information it collects, whether it sells or shares it and how to opt out, how long it keeps it, which rights they have and how to use them, and that they will not be penalised for using them; the California Privacy Protection Agency and the Attorney General enforce it with fines per violation.",
		Fix:      "Add a statement for each missing element (`privaudit explain ELEMENT` says what each needs); `privaudit policy URL` shows which statements were recognised.",
		Severity: SeverityMedium,
		Requires: []evidence.Kind{evidence.KindPolicy},
	}
}

// Elements implements Itemized.
func (PolicyCCPA) Elements() []policy.ElementInfo { return LegalItems(policy.LawCCPA) }

// Run implements Check.
func (PolicyCCPA) Run(_ context.Context, site *evidence.Site) Result {
	return runLegal(site, policy.LawCCPA)
}
