package checks

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/internal/textutil"
)

// ContactInfo checks that every page offers a way to make contact and that
// the site as a whole gives an e-mail address or form and a postal address.
type ContactInfo struct{}

// Meta implements Check.
func (ContactInfo) Meta() Meta {
	return Meta{
		ID:           "contact-info",
		Title:        "Every page offers contact information",
		FailureTitle: "Pages without contact information",
		Description:  "Each HTML page shows an e-mail address, a phone number or a postal address, or links a contact page or imprint; across the site there is an e-mail address or contact form and a postal address. Template filler (contact@example.com, \"123 Main Street\") is reported.",
		Why:          "People must be able to reach whoever handles their data, to ask questions and exercise their rights. EU law (GDPR Art. 13, the e-Commerce Directive and the German Impressum duty) requires an identity, a postal address and a fast way to make contact.",
		Fix:          "Add a contact link or an e-mail address to the shared footer, and publish a contact page or imprint with a postal address and an e-mail address or form.",
		Severity:     SeverityMedium,
		Requires:     []evidence.Kind{evidence.KindPages},
	}
}

// Run implements Check.
func (ContactInfo) Run(_ context.Context, site *evidence.Site) Result {
	if len(site.Pages) == 0 {
		return Result{Status: StatusError, Summary: "no HTML page was fetched"}
	}
	var res Result
	with, cut := 0, 0
	var email, form, address bool
	placeholders := map[string]string{}
	for _, p := range site.Pages {
		switch {
		case p.HasContact:
			with++
		case p.Truncated:
			// The footer with the details may sit in the part not read.
			cut++
		default:
			res.Findings = append(res.Findings, Finding{URL: p.URL, Subject: "contact", Severity: SeverityMedium, Page: true,
				Message: "page offers no contact information (no e-mail, phone, address or contact link)"})
		}
		for _, e := range p.Contact.Emails {
			email = email || !slices.Contains(p.Contact.Placeholders, e)
		}
		address = address || len(p.Contact.Addresses) > 0
		for _, f := range p.Forms {
			form = form || f.EmailField
		}
		for _, ph := range p.Contact.Placeholders {
			if _, ok := placeholders[ph]; !ok {
				placeholders[ph] = p.URL
			}
		}
	}
	judged := len(site.Pages) - cut
	if judged == 0 {
		return unjudged(cut)
	}
	share := float64(with) / float64(judged)
	// What the site gives is judged from the pages read whole (and what
	// the cut ones show); with none, what was not found is left out of
	// the score.
	siteJudged := readWhole(site) > 0
	score, weight := 0.8*share, 0.8
	origin := site.Origin + "/"
	var unknown []string
	switch {
	case email || form:
		score, weight = score+0.1, weight+0.1
	case siteJudged:
		weight += 0.1
		res.Findings = append(res.Findings, Finding{URL: origin, Subject: "site-email", Severity: SeverityMedium,
			Message: "the site gives no e-mail address or contact form"})
	default:
		unknown = append(unknown, "an e-mail address or form")
	}
	switch {
	case address:
		score, weight = score+0.1, weight+0.1
	case siteJudged:
		weight += 0.1
		res.Findings = append(res.Findings, Finding{URL: origin, Subject: "site-address", Severity: SeverityLow,
			Message: "the site gives no postal address"})
	default:
		unknown = append(unknown, "a postal address")
	}
	res.Score = score / weight
	for ph, u := range placeholders {
		res.Findings = append(res.Findings, Finding{URL: u, Subject: "placeholder:" + ph, Severity: SeverityMedium,
			Message: "contact detail looks like template filler", Evidence: map[string]string{"value": ph}})
	}
	if len(placeholders) > 0 {
		res.Score -= 0.1
	}
	if res.Score < 0 {
		res.Score = 0
	}
	res.Status = graded(share, 1, 0.9)
	if res.Status == StatusPass && (siteJudged && (!(email || form) || !address) || len(placeholders) > 0) {
		res.Status = StatusWarn
	}
	res.Summary = fmt.Sprintf("%d of %d pages offer contact information", with, judged)
	var missing []string
	if siteJudged && !(email || form) {
		missing = append(missing, "no e-mail address or form")
	}
	if siteJudged && !address {
		missing = append(missing, "no postal address")
	}
	if len(missing) > 0 {
		res.Summary += "; the site gives " + strings.Join(missing, " and ")
	}
	if len(placeholders) > 0 {
		res.Summary += "; " + textutil.Plural(len(placeholders), "detail looks", "details look") + " like template filler"
	}
	if cut > 0 {
		res.Summary += "; " + cutNote(cut)
	}
	if len(unknown) > 0 {
		res.Summary += "; whether the site gives " + strings.Join(unknown, " and ") + " was not judged, as no page was read whole"
	}
	return res
}
