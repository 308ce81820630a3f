package checks

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"golang.org/x/net/publicsuffix"

	"github.com/privaudit/privaudit/catalog"
	"github.com/privaudit/privaudit/evidence"
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

// Disclosure finds the sentence of the policy that names or describes a
// third party.
func Disclosure(a *policy.Analysis, tp evidence.ThirdParty) (string, bool) {
	if a == nil {
		return "", false
	}
	var names []string
	if tp.Known != nil {
		names = append(names, tp.Known.Names()...)
	}
	names = append(names, tp.Host)
	if d, err := publicsuffix.EffectiveTLDPlusOne(tp.Host); err == nil {
		names = append(names, d)
		if label, _, ok := strings.Cut(d, "."); ok && len(label) >= 5 {
			names = append(names, label)
		}
	}
	for _, n := range names {
		if n == "" {
			continue
		}
		if s, ok := a.MentionsName(n); ok {
			return s, true
		}
	}
	if tp.Known != nil {
		for _, term := range catalog.CategoryTerms(tp.Known.Category) {
			if s, ok := a.MentionsName(term); ok {
				return s, true
			}
		}
	}
	return "", false
}

// isTracker reports whether a host is an analytics or advertising service.
func isTracker(tp evidence.ThirdParty) bool {
	return tp.Known != nil && (tp.Known.Category == "analytics" || tp.Known.Category == "advertising" || tp.Known.Category == "marketing")
}

// Run implements Check.
func (ThirdPartyDisclosure) Run(_ context.Context, site *evidence.Site) Result {
	var res Result
	total, disclosed := 0, 0
	var trackers []string
	for _, tp := range site.ThirdParties {
		if !tp.Loads && !slices.Contains(tp.Kinds, "form") {
			continue
		}
		total++
		if isTracker(tp) {
			trackers = append(trackers, tp.Host)
		}
		if _, ok := Disclosure(site.Policy, tp); ok {
			disclosed++
			continue
		}
		f := Finding{URL: tp.ExamplePage, Subject: "host:" + tp.Host, Severity: SeverityMedium,
			Message:  fmt.Sprintf("%s (%s) is loaded on %s but not named in the policy", tp.Host, strings.Join(tp.Kinds, ", "), plural(tp.Pages, "page", "pages")),
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
	if site.Policy != nil && len(trackers) > 0 {
		for _, cl := range site.Policy.Claims {
			if cl.Kind != policy.ClaimNoSharing && cl.Kind != policy.ClaimNoTracking {
				continue
			}
			res.Findings = append(res.Findings, Finding{URL: site.PolicyURL(), Subject: "contradiction:" + string(cl.Kind), Severity: SeverityHigh,
				Message:  fmt.Sprintf("the policy says %s, but the pages load %s", claimText(cl.Kind), strings.Join(trackers, ", ")),
				Evidence: map[string]string{"sentence": cl.Sentence}})
			disclosed = 0
		}
	}
	res.Score = float64(disclosed) / float64(total)
	res.Status = graded(res.Score, 1, 0.75)
	res.Summary = fmt.Sprintf("%d of %s disclosed", disclosed, plural(total, "third-party host", "third-party hosts"))
	if site.Policy == nil {
		res.Summary += " (no readable policy)"
	}
	return res
}

func claimText(k policy.ClaimKind) string {
	if k == policy.ClaimNoTracking {
		return "no tracking is used"
	}
	return "data is never shared"
}
