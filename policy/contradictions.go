package policy

import (
	"fmt"
	"strings"
)

// Contradiction is a claim of the policy that something else shows to be
// false: the policy's own text, or what a crawl of the site saw.
type Contradiction struct {
	Claim    ClaimKind `json:"claim"`
	Sentence string    `json:"sentence"`
	// Observed says what contradicts the claim.
	Observed string `json:"observed"`
}

// trackingCompanies are services whose naming contradicts "we do not use
// analytics or tracking".
var trackingCompanies = []string{"Google Analytics", "Google Tag Manager", "Facebook Pixel", "Meta Pixel", "Hotjar", "Mixpanel", "Segment", "Matomo", "Piwik", "Adobe Analytics", "Microsoft Clarity", "Plausible", "DoubleClick", "Google Ads", "Criteo", "Taboola", "Outbrain"}

// Contradictions returns the claims that the policy's own text contradicts:
// "we use no cookies" in a policy that names cookies, "we do not track" in
// one that names analytics services. A crawl adds its own (see the
// cookies-explained and third-party-disclosure checks).
func (a *Analysis) Contradictions() []Contradiction {
	var out []Contradiction
	for _, c := range a.Claims {
		switch c.Kind {
		case ClaimNoCookies:
			var named []string
			for _, n := range a.Names.Cookies {
				if !strings.Contains(c.Sentence, n) {
					named = append(named, n)
				}
			}
			if len(named) > 0 {
				out = append(out, Contradiction{Claim: c.Kind, Sentence: c.Sentence, Observed: fmt.Sprintf("the policy names cookies: %s", strings.Join(named, ", "))})
			}
		case ClaimNoTracking, ClaimNoSharing:
			var named []string
			for _, n := range trackingCompanies {
				if s, ok := a.MentionsName(n); ok && s != c.Sentence {
					named = append(named, n)
				}
			}
			if len(named) > 0 {
				out = append(out, Contradiction{Claim: c.Kind, Sentence: c.Sentence, Observed: fmt.Sprintf("the policy names tracking services: %s", strings.Join(named, ", "))})
			}
		}
	}
	return out
}
