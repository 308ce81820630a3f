package checks

import (
	"context"
	"fmt"
	"strings"

	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/internal/textutil"
	"github.com/privaudit/privaudit/policy"
)

// ThirdPartyDisclosure checks that the policy names or describes the third
// parties the site's pages make visitors contact.
type ThirdPartyDisclosure struct{}

// Meta implements Check.
func (ThirdPartyDisclosure) Meta() Meta {
	return Meta{
		ID:           "third-party-disclosure",
		Title:        "Third parties are disclosed",
		FailureTitle: "Third parties the policy does not disclose",
		Description:  "Each third-party host that the pages load (scripts, iframes, pixels, media, fonts) or send forms to is named in the policy (by its service or its domain; the company's name alone does not disclose every service it runs) or described by its kind (\"an analytics service\", \"a content delivery network\"). A policy that says data is never shared, or that no tracking is used, on a site that loads trackers is reported.",
		Why:          "Every embedded third party learns the visitor's IP address and often sets its own cookies: GDPR Art. 13(1)(e) requires the recipients to be named, and courts have fined sites for loading Google Fonts undisclosed.",
		Fix:          "Name each provider in the policy with what it receives and why, or self-host the resource (fonts, scripts) so that no third party is contacted.",
		Severity:     SeverityMedium,
		Requires:     []evidence.Kind{evidence.KindThirdParties, evidence.KindPolicy},
	}
}

// Run implements Check.
func (ThirdPartyDisclosure) Run(_ context.Context, site *evidence.Site) Result {
	var res Result
	total, disclosed := 0, 0
	for _, tp := range site.ThirdParties {
		if !tp.Used() {
			continue
		}
		total++
		if tp.Disclosed() {
			disclosed++
			continue
		}
		f := Finding{URL: tp.ExamplePage, Subject: "host:" + tp.Host, Severity: SeverityMedium,
			Message:  fmt.Sprintf("%s (%s) is loaded on %s but not named in the policy", tp.Host, strings.Join(tp.Kinds, ", "), textutil.Plural(tp.Pages, "page", "pages")),
			Evidence: map[string]string{"host": tp.Host, "url": tp.ExampleURL}}
		if tp.Known != nil {
			f.Evidence["service"] = tp.Known.Service
			f.Evidence["category"] = tp.Known.Category
		}
		res.Findings = append(res.Findings, f)
	}
	if total == 0 {
		return notApplicable("the pages load no third-party resources")
	}
	if policyLinkUnread(site) {
		return unjudgedPolicy(site)
	}
	for _, c := range site.CrawlContradictions(policy.ClaimNoSharing, policy.ClaimNoTracking) {
		res.Findings = append(res.Findings, Finding{URL: site.PolicyURL(), Subject: "contradiction:" + string(c.Claim), Severity: SeverityHigh,
			Message: c.Observed, Evidence: map[string]string{"sentence": c.Sentence}})
		disclosed = 0
	}
	res.Score = float64(disclosed) / float64(total)
	res.Status = graded(res.Score, 1, 0.75)
	res.Summary = fmt.Sprintf("%d of %s disclosed", disclosed, textutil.Plural(total, "third-party host", "third-party hosts"))
	if site.Policy == nil {
		res.Summary += " (no readable policy)"
	}
	return res
}
