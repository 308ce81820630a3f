package checks

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/internal/textutil"
	"github.com/privaudit/privaudit/policy"
)

// CookiesExplained checks that the policy explains every cookie the site
// sets, and in browser mode every third-party cookie its pages cause to be
// stored.
type CookiesExplained struct{}

// Meta implements Check.
func (CookiesExplained) Meta() Meta {
	return Meta{
		ID:           "cookies-explained",
		Title:        "Every cookie is explained",
		FailureTitle: "Cookies the policy does not explain",
		Description:  "Each cookie the site sets, and in browser mode each third-party cookie its pages cause to be stored, is explained by the privacy or cookie policy: by its name; by naming who sets it (the cookie's platform, or for a cookie of another domain, that domain's service, company or name) in a sentence on cookies or tracking; or by its purpose when the cookie's category is known (built-in catalogue, or --cookie-db). A policy that says the site uses no cookies while it sets some is reported.",
		Why:          "The ePrivacy Directive (Art. 5(3)) and the GDPR require clear information about each cookie's purpose before it is stored; regulators fine sites whose cookie notices are incomplete.",
		Fix:          "List each cookie in the cookie policy with its name, provider, purpose and lifetime, or remove cookies you do not need.",
		Severity:     SeverityMedium,
		Requires:     []evidence.Kind{evidence.KindCookies, evidence.KindPolicy},
	}
}

// Run implements Check. The cookies judged are the site's own and, in
// browser mode, the third parties' cookies its pages caused to be stored
// (evidence.Site.ThirdPartyCookies): the policy must explain both.
func (CookiesExplained) Run(_ context.Context, site *evidence.Site) Result {
	own, third := len(site.Cookies), len(site.ThirdPartyCookies)
	if own+third == 0 {
		if site.Browser != nil {
			return notApplicable("no cookie was set, by the site or a third party, in any phase a browser rendered")
		}
		return notApplicable("no response of the site set a cookie (cookies that scripts set are not seen without a browser)")
	}
	if policyLinkUnread(site) {
		return unjudgedPolicy(site)
	}
	var res Result
	explainedOwn, explainedThird := 0, 0
	var thirdParty []string // the domains of unexplained third-party cookies
	judge := func(c evidence.Cookie, explained *int) {
		if c.Explained() {
			*explained++
			return
		}
		msg := fmt.Sprintf("cookie %s is not explained by the policy", c.Name)
		subject := "cookie:" + c.Name
		if domain := evidence.CookieHost(c.Domain); !c.FirstParty && domain != "" {
			msg = fmt.Sprintf("third-party cookie %s, set by %s, is not explained by the policy", c.Name, domain)
			// Third parties share cookie names ("uid"): the domain
			// tells their findings apart.
			subject += "@" + domain
			if !slices.Contains(thirdParty, domain) {
				thirdParty = append(thirdParty, domain)
			}
		}
		f := Finding{URL: c.FirstSeenOn, Subject: subject, Severity: SeverityMedium,
			Message:  msg,
			Evidence: map[string]string{"cookie": c.Name, "domain": c.Domain}}
		if c.Known != nil {
			f.Evidence["category"] = c.Known.Category
			f.Evidence["platform"] = c.Known.Platform
		}
		if c.SetBy != "" {
			f.Evidence["setBy"] = c.SetBy
		}
		res.Findings = append(res.Findings, f)
	}
	for _, c := range site.Cookies {
		judge(c, &explainedOwn)
	}
	for _, c := range site.ThirdPartyCookies {
		judge(c, &explainedThird)
	}
	for _, c := range site.CrawlContradictions(policy.ClaimNoCookies) {
		res.Findings = append(res.Findings, Finding{URL: site.PolicyURL(), Subject: "contradiction:" + string(c.Claim), Severity: SeverityHigh,
			Message: c.Observed, Evidence: map[string]string{"sentence": c.Sentence, "cookies": strings.Join(c.Seen, ", ")}})
		explainedOwn, explainedThird = 0, 0
	}
	res.Score = float64(explainedOwn+explainedThird) / float64(own+third)
	res.Status = graded(res.Score, 1, 0.75)
	var counts []string
	if own > 0 {
		counts = append(counts, fmt.Sprintf("%d of %s", explainedOwn, textutil.Plural(own, "cookie", "cookies")))
	}
	if third > 0 {
		counts = append(counts, fmt.Sprintf("%d of %s", explainedThird, textutil.Plural(third, "third-party cookie", "third-party cookies")))
	}
	res.Summary = strings.Join(counts, " and ") + " explained"
	if site.Policy == nil {
		res.Summary += " (no readable policy)"
	}
	if len(thirdParty) > 0 {
		slices.Sort(thirdParty)
		res.Summary += "; not explained: the third-party cookies of " + strings.Join(thirdParty, ", ")
	}
	return res
}
