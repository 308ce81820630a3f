package checks

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/policy"
)

// PrivacyPolicyReachable checks that the linked privacy policy answers with
// substantive text.
type PrivacyPolicyReachable struct{}

// MinPolicyWords is the fewest words of main text a privacy policy can have
// and still say what it must: policy.MinWords, the one floor the policy
// analyser warns under too.
const MinPolicyWords = policy.MinWords

// Meta implements Check.
func (PrivacyPolicyReachable) Meta() Meta {
	return Meta{
		ID:           "privacy-policy-reachable",
		Title:        "The privacy policy can be read",
		FailureTitle: "The privacy policy cannot be read",
		Description:  fmt.Sprintf("The privacy policy the pages link answers 200 with at least %d words of its own text: not an error page, not an empty shell, not only an embed of text hosted elsewhere.", MinPolicyWords),
		Why:          "A link to a missing or empty page informs no one. Policies embedded from a generator's server vanish when the script is blocked or the subscription lapses, and crawlers, archives and regulators cannot read them.",
		Fix:          "Publish the policy as an HTML page on your own site with its full text, and point every privacy link at it.",
		Severity:     SeverityHigh,
		Requires:     []evidence.Kind{evidence.KindPolicy},
	}
}

var notFoundTitle = regexp.MustCompile(`(?i)\b(?:404|not found|page not found|seite nicht gefunden|nicht gefunden|page introuvable|introuvable|pagina niet gevonden|niet gevonden|página no encontrada|no encontrada|pagina non trovata|non trovata|error)\b`)

// Run implements Check.
func (PrivacyPolicyReachable) Run(_ context.Context, site *evidence.Site) Result {
	d := site.PrivacyPolicy
	if d == nil && policyLinkUnread(site) {
		return unjudgedPolicy(site)
	}
	if d == nil {
		summary := "no page links a privacy policy"
		if site.Truncated > 0 {
			summary += "; " + cutNote(site.Truncated)
		}
		return Result{Status: StatusFail, Summary: summary,
			Findings: []Finding{{URL: site.Origin + "/", Subject: "privacy-policy", Severity: SeverityHigh, Message: "no privacy policy was found"}}}
	}
	fail := func(msg string, ev map[string]string) Result {
		return Result{Status: StatusFail, Summary: msg,
			Findings: []Finding{{URL: d.URL, Subject: "privacy-policy", Severity: SeverityHigh, Message: msg, Evidence: ev}}}
	}
	switch {
	case d.Error != "" && d.Status == 0:
		return fail("the privacy policy could not be fetched: "+d.Error, nil)
	case d.Status != 200:
		return fail(fmt.Sprintf("the privacy policy answers HTTP %d", d.Status), map[string]string{"status": fmt.Sprint(d.Status)})
	case d.Document == nil:
		return fail("the privacy policy could not be read: "+d.Error, nil)
	}
	doc := d.Document
	if notFoundTitle.MatchString(doc.Title) && doc.Words < 4*MinPolicyWords {
		return fail("the privacy policy link leads to an error page", map[string]string{"title": doc.Title})
	}
	if doc.Words < MinPolicyWords {
		if len(doc.Embeds) > 0 {
			return fail("the privacy policy page only embeds text hosted elsewhere", map[string]string{"embed": doc.Embeds[0], "words": fmt.Sprint(doc.Words)})
		}
		return fail(fmt.Sprintf("the privacy policy page has only %d words of text", doc.Words), map[string]string{"words": fmt.Sprint(doc.Words)})
	}
	res := Result{Status: StatusPass, Score: 1, Summary: fmt.Sprintf("%s answers 200 with %d words", site.ShortURL(d.URL), doc.Words)}
	if !d.Linked {
		res.Summary = fmt.Sprintf("%s exists (%d words) but no page links it", site.ShortURL(d.URL), doc.Words)
	}
	if strings.TrimSpace(d.FinalURL) != "" && d.FinalURL != d.URL {
		res.Summary += " (via a redirect to " + site.ShortURL(d.FinalURL) + ")"
	}
	return res
}
