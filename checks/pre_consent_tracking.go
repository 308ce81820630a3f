package checks

import (
	"context"
	"fmt"
	"strings"

	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/internal/textutil"
	"github.com/privaudit/privaudit/record"
)

// PreConsentTracking checks that nothing non-essential is stored or sent
// before the visitor has made a choice.
type PreConsentTracking struct{}

// Meta implements Check.
func (PreConsentTracking) Meta() Meta {
	return Meta{
		ID:           "pre-consent-tracking",
		Title:        "Nothing non-essential before consent",
		FailureTitle: "Tracking before consent",
		Description:  "In a real browser, before any interaction with a banner, the rendered pages set no non-essential cookie (analytics, marketing, social, preferences), write no such storage key, and send no request to an analytics or advertising host. Items the catalogue cannot classify are listed, not judged.",
		Why:          "Consent must come first (ePrivacy Directive Art. 5(3), GDPR Art. 6-7): regulators fine sites whose analytics and advertising tags fire on the first page view, before the banner is answered.",
		Fix:          "Load analytics, advertising and social scripts only after consent (a consent-management platform's blocking mode, or tags that wait for its signal), and set no such cookie server-side before it.",
		Severity:     SeverityHigh,
		Requires:     []evidence.Kind{evidence.KindScriptCookies, evidence.KindStorage},
	}
}

// Run implements Check.
func (PreConsentTracking) Run(_ context.Context, site *evidence.Site) Result {
	p := site.Browser.Phase(record.PhaseBefore)
	if p == nil {
		return Result{Status: StatusError, Summary: "the page was not rendered before consent"}
	}
	return judgePhase(site, p, "before consent")
}

// judgePhase reports a phase's non-essential cookies, storage keys and
// tracker requests as findings. The score falls with each kind found.
func judgePhase(site *evidence.Site, p *evidence.BrowserPhase, when string) Result {
	cookies, storage, trackers := p.NonEssential()
	var res Result
	for _, c := range cookies {
		res.Findings = append(res.Findings, Finding{URL: pageOr(c.FirstSeenOn, site), Subject: "cookie:" + c.Name, Severity: SeverityHigh,
			Message:  fmt.Sprintf("%s cookie %s (%s) is set %s", c.Category, c.Name, orUnknown(c.Platform), when),
			Evidence: map[string]string{"cookie": c.Name, "domain": c.Where, "category": c.Category, "via": c.Via, "setBy": c.SetBy}})
	}
	for _, s := range storage {
		res.Findings = append(res.Findings, Finding{URL: pageOr(s.FirstSeenOn, site), Subject: "storage:" + s.Name, Severity: SeverityHigh,
			Message:  fmt.Sprintf("%s storage key %s (%s) is written %s", s.Category, s.Name, orUnknown(s.Platform), when),
			Evidence: map[string]string{"key": s.Name, "where": s.Where, "category": s.Category}})
	}
	for _, r := range trackers {
		res.Findings = append(res.Findings, Finding{URL: pageOr(r.ExamplePage, site), Subject: "request:" + r.Host, Severity: SeverityHigh,
			Message:  fmt.Sprintf("%s (%s, %s) is contacted %s (%s)", r.Host, r.Known.Service, r.Known.Category, when, textutil.Plural(r.Count, "request", "requests")),
			Evidence: map[string]string{"host": r.Host, "type": r.Type, "url": r.ExampleURL}})
	}
	known, total := p.Classified()
	kinds := 0
	for _, n := range []int{len(cookies), len(storage), len(trackers)} {
		if n > 0 {
			kinds++
		}
	}
	res.Score = 1 - float64(kinds)/3
	if len(res.Findings) == 0 {
		res.Status, res.Score = StatusPass, 1
	} else {
		res.Status = StatusFail
	}
	var parts []string
	parts = append(parts, textutil.Plural(len(cookies), "non-essential cookie", "non-essential cookies"),
		textutil.Plural(len(storage), "storage key", "storage keys"), textutil.Plural(len(trackers), "tracker", "trackers"))
	res.Summary = fmt.Sprintf("%s %s; %d of %d cookies and keys classified", strings.Join(parts, ", "), when, known, total)
	return res
}

func pageOr(u string, site *evidence.Site) string {
	if u == "" {
		return site.Origin + "/"
	}
	return u
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown platform"
	}
	return s
}
