package checks

import (
	"context"
	"fmt"

	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/internal/textutil"
)

// ConsentCheckboxes checks that no consent or marketing checkbox is ticked
// in advance on a form that collects personal data.
type ConsentCheckboxes struct{}

// Meta implements Check.
func (ConsentCheckboxes) Meta() Meta {
	return Meta{
		ID:           "consent-checkboxes",
		Title:        "Consent boxes start unticked",
		FailureTitle: "Pre-ticked consent boxes",
		Description:  "On forms that collect personal data, no checkbox that gives consent or subscribes to marketing (newsletter, offers, data sharing, terms) is ticked before the visitor acts.",
		Why:          "Consent must be an active, unambiguous choice: the CJEU (Planet49, C-673/17) and GDPR Recital 32 rule out pre-ticked boxes, and double opt-in starts with a box the person ticks.",
		Fix:          "Remove the `checked` attribute from consent and marketing checkboxes and record consent only when the person ticks the box.",
		Severity:     SeverityHigh,
		Requires:     []evidence.Kind{evidence.KindPages},
	}
}

// Run implements Check.
func (ConsentCheckboxes) Run(_ context.Context, site *evidence.Site) Result {
	var res Result
	forms, clean := 0, 0
	for _, p := range site.Pages {
		for _, f := range p.Forms {
			if !f.CollectsPersonalData() {
				continue
			}
			hasConsent := false
			ticked := false
			for _, cb := range f.Checkboxes {
				if !cb.Consent {
					continue
				}
				hasConsent = true
				if cb.Checked {
					ticked = true
					res.Findings = append(res.Findings, Finding{URL: p.URL, Subject: "checkbox:" + f.Action + ":" + cb.Name, Severity: SeverityHigh, Page: true,
						Message:  "consent checkbox is ticked in advance",
						Evidence: map[string]string{"name": cb.Name, "label": cb.Label, "form": f.Action}})
				}
			}
			if !hasConsent {
				continue
			}
			forms++
			if !ticked {
				clean++
			}
		}
	}
	if forms == 0 {
		return notApplicable("no form collecting personal data has a consent checkbox" + unreadNote(site, "forms"))
	}
	res.Score = float64(clean) / float64(forms)
	res.Status = graded(res.Score, 1, 1)
	res.Summary = fmt.Sprintf("%d of %s with consent boxes leave them unticked", clean, textutil.Plural(forms, "form", "forms")) + unreadNote(site, "forms")
	return res
}
