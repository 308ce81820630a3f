package evidence

import (
	"fmt"
	"sort"
	"strings"

	"golang.org/x/net/publicsuffix"

	"github.com/privaudit/privaudit/catalog"
	"github.com/privaudit/privaudit/internal/textutil"
	"github.com/privaudit/privaudit/policy"
)

// buildPageFacts computes, for every HTML page, whether it links the
// privacy policy and offers a way to make contact.
func (s *Site) buildPageFacts() {
	for i := range s.All {
		p := &s.All[i]
		if !p.HTML {
			continue
		}
		p.PolicyLinked, p.BrokenPolicyLinks = s.policyLinked(p)
		for _, l := range p.ContactLinks {
			if t, ok := s.TargetOf(l); !ok || !t.Broken() {
				p.ContactPage = l
				break
			}
		}
		p.HasContact = !p.Contact.Empty() || p.ContactPage != ""
	}
}

// policyLinked reports whether a page links a privacy policy whose target
// is not known to be broken, or is the privacy policy itself.
func (s *Site) policyLinked(p *Page) (linked bool, broken []string) {
	if s.PrivacyPolicy != nil && (s.CanonicalLink(p.URL) == s.PrivacyPolicy.URL || p.FinalURL == s.PrivacyPolicy.FinalURL) {
		return true, nil
	}
	for _, l := range p.PrivacyLinks {
		if t, ok := s.TargetOf(l); ok && t.Broken() {
			broken = append(broken, l)
			continue
		}
		return true, nil
	}
	for _, b := range p.BrokenLinks {
		if b.Kind == "privacy" {
			broken = append(broken, b.Href)
		}
	}
	return false, broken
}

// explainCookies finds, for each cookie, the site's own and the third
// parties' a browser saw, the policy sentence that explains it: one that
// names it (or, for a catalogue entry matching many names, its pattern);
// else one that names who sets it and speaks of cookies or tracking
// (policy.Analysis.ExplainsCookiesOf), by the names of setters; else one
// that explains its catalogue category's purpose.
func (s *Site) explainCookies() {
	a := s.Policy
	if a == nil {
		return
	}
	for _, list := range [][]Cookie{s.Cookies, s.ThirdPartyCookies} {
		for i := range list {
			s.explainCookie(a, &list[i])
		}
	}
}

func (s *Site) explainCookie(a *policy.Analysis, c *Cookie) {
	if sentence, ok := a.MentionsName(c.Name); ok {
		c.ExplainedBy, c.ByName = sentence, true
		return
	}
	if c.Known != nil && c.Known.Wildcard {
		if sentence, ok := a.MentionsName(c.Known.Name); ok {
			c.ExplainedBy, c.ByName = sentence, true
			return
		}
	}
	if sentence, by, ok := explainedBySetter(a, s.setters(c)); ok {
		c.ExplainedBy, c.BySetter = sentence, by
		return
	}
	if c.Known == nil {
		return
	}
	if sentence, ok := a.ExplainsPurpose(c.Known.Category); ok {
		c.ExplainedBy = sentence
	}
}

// setters returns the names by which a policy can name who sets a cookie:
// the platform the catalogue gives the cookie ("Google Analytics",
// "Hotjar"); for a cookie on another registrable domain than the site's,
// also the service names and company the catalogue gives that domain
// ("Google DoubleClick", "Google" for doubleclick.net), the domain and its
// registrable domain. A cookie of the site's own domain is not named by
// its company: "Google" may be there for any of Google's services.
func (s *Site) setters(c *Cookie) []string {
	var names []string
	if c.Known != nil && c.Known.Platform != "" && !strings.EqualFold(c.Known.Platform, "generic") {
		names = append(names, c.Known.Platform)
	}
	host := CookieHost(c.Domain)
	if !c.FirstParty && host != "" {
		if e, ok := s.Catalog.Host(host); ok {
			names = append(append(names, e.Names()...), e.Company)
		}
		names = append(names, host)
		if d, err := publicsuffix.EffectiveTLDPlusOne(host); err == nil {
			names = append(names, d)
		}
	}
	seen := map[string]bool{}
	out := names[:0]
	for _, n := range names {
		if k := strings.ToLower(strings.TrimSpace(n)); k != "" && !seen[k] {
			seen[k] = true
			out = append(out, n)
		}
	}
	return out
}

// explainedBySetter returns the first sentence that names one of the
// setters, in their order, and speaks of cookies or tracking, with the
// name it names.
func explainedBySetter(a *policy.Analysis, setters []string) (sentence, by string, ok bool) {
	for _, n := range setters {
		if sentence, ok := a.ExplainsCookiesOf(n); ok {
			return sentence, n, true
		}
	}
	return "", "", false
}

// discloseThirdParties finds, for each third party, the policy sentence
// that names it (its service, host, registrable domain or a distinctive
// label of it) or describes its kind ("an analytics service").
func (s *Site) discloseThirdParties() {
	a := s.Policy
	if a == nil {
		return
	}
	for i := range s.ThirdParties {
		s.ThirdParties[i].DisclosedBy = disclosure(a, &s.ThirdParties[i])
	}
}

func disclosure(a *policy.Analysis, tp *ThirdParty) string {
	var names []string
	if tp.Known != nil {
		names = append(names, tp.Known.Names()...)
	}
	names = append(names, tp.Host)
	if d, err := publicsuffix.EffectiveTLDPlusOne(tp.Host); err == nil {
		names = append(names, d)
		// The first label of a registrable domain names its owner
		// ("trackbox" of trackbox.io), unless the suffix is a private one
		// (googleapis.com, cloudfront.net): then it is a word of the
		// platform's customer or service ("fonts", "storage").
		_, icann := publicsuffix.PublicSuffix(d)
		if label, _, ok := strings.Cut(d, "."); ok && len(label) >= 5 && icann {
			names = append(names, label)
		}
	}
	for _, n := range names {
		if n == "" {
			continue
		}
		if sentence, ok := a.MentionsName(n); ok {
			return sentence
		}
	}
	if tp.Known != nil {
		for _, term := range catalog.CategoryTerms(tp.Known.Category) {
			if sentence, ok := a.MentionsName(term); ok {
				return sentence
			}
		}
	}
	return ""
}

// Contradiction is a claim of the policy that something else shows to be
// false: the policy's own text, or what the crawl saw.
type Contradiction struct {
	policy.Contradiction
	// Crawl is true when the crawl contradicts the claim (not the policy's
	// own text).
	Crawl bool
	// Seen lists what the crawl saw that contradicts it: the cookies set,
	// or the trackers loaded.
	Seen []string
}

// findContradictions joins the policy's claims with the crawl: "we use no
// cookies" on a site that sets some, "we never share data" or "we do not
// track" on pages that load analytics or advertising services. The
// policy's own contradictions come first.
func (s *Site) findContradictions() {
	a := s.Policy
	if a == nil {
		return
	}
	for _, c := range a.Contradictions() {
		s.Contradictions = append(s.Contradictions, Contradiction{Contradiction: c})
	}
	var crawl []Contradiction
	if len(s.Cookies) > 0 {
		names := make([]string, 0, len(s.Cookies))
		for _, c := range s.Cookies {
			names = append(names, c.Name)
		}
		for _, cl := range a.Claims {
			if cl.Kind == policy.ClaimNoCookies {
				crawl = append(crawl, Contradiction{Crawl: true, Seen: names, Contradiction: policy.Contradiction{Claim: cl.Kind, Sentence: cl.Sentence,
					Observed: "the policy says the site uses no cookies, but it sets " + textutil.Plural(len(s.Cookies), "cookie", "cookies")}})
			}
		}
	}
	var trackers []string
	for _, tp := range s.ThirdParties {
		if tp.Used() && tp.Tracker() {
			trackers = append(trackers, tp.Host)
		}
	}
	if len(trackers) > 0 {
		var claims []Contradiction
		for _, cl := range a.Claims {
			if cl.Kind != policy.ClaimNoSharing && cl.Kind != policy.ClaimNoTracking {
				continue
			}
			claims = append(claims, Contradiction{Crawl: true, Seen: trackers, Contradiction: policy.Contradiction{Claim: cl.Kind, Sentence: cl.Sentence,
				Observed: fmt.Sprintf("the policy says %s, but the pages load %s", claimText(cl.Kind), strings.Join(trackers, ", "))}})
		}
		sort.SliceStable(claims, func(i, j int) bool { return claims[i].Claim < claims[j].Claim })
		crawl = append(crawl, claims...)
	}
	s.Contradictions = append(s.Contradictions, crawl...)
}

func claimText(k policy.ClaimKind) string {
	if k == policy.ClaimNoTracking {
		return "no tracking is used"
	}
	return "data is never shared"
}

// CrawlContradictions returns the contradictions the crawl shows of the
// given claims.
func (s *Site) CrawlContradictions(kinds ...policy.ClaimKind) []Contradiction {
	var out []Contradiction
	for _, c := range s.Contradictions {
		if !c.Crawl {
			continue
		}
		for _, k := range kinds {
			if c.Claim == k {
				out = append(out, c)
				break
			}
		}
	}
	return out
}
