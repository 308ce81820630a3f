package checks

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/privaudit/privaudit/catalog"
	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/internal/textutil"
	"github.com/privaudit/privaudit/record"
)

// CookieDeclaration holds each cookie the site sets against the cookie
// declaration of its own policy.
type CookieDeclaration struct{}

// Meta implements Check.
func (CookieDeclaration) Meta() Meta {
	return Meta{
		ID:           "cookie-declaration",
		Title:        "Cookies match the site's own declaration",
		FailureTitle: "Cookies that differ from the site's declaration",
		Description:  "Where the cookie or privacy policy declares its cookies in a table or list (as Cookiebot, OneTrust and hand-written policies do), each cookie the site sets is declared, under the category it has, with a lifetime no shorter than it is kept; in a browser, a cookie the site itself declares non-necessary is not set before consent nor kept after reject.",
		Why:          "A declaration that does not match what the site stores misinforms visitors and regulators alike; undeclared cookies and lifetimes longer than declared are the most common findings of cookie audits.",
		Fix:          "Keep the declaration generated from what the site sets (a consent platform's scanner, or a review at each release), with each cookie's category and real lifetime.",
		Severity:     SeverityMedium,
		Requires:     []evidence.Kind{evidence.KindCookies, evidence.KindPolicy},
	}
}

// observed is a cookie the site set, however it was seen.
type observed struct {
	name, domain, firstSeen, expires string
	maxAge                           int
	category                         string
	phases                           map[record.PhaseName]bool
}

// Run implements Check.
func (CookieDeclaration) Run(_ context.Context, site *evidence.Site) Result {
	a := site.Policy
	if a == nil || len(a.Declarations()) == 0 {
		return notApplicable("the policy declares no cookies in a table or list")
	}
	cookies := observedCookies(site)
	if len(cookies) == 0 {
		return notApplicable("no cookie was seen to hold against the declaration")
	}
	ref := referenceTime(site.Crawl)
	var res Result
	clean := 0
	for _, c := range cookies {
		d, ok := a.Declared(c.name)
		url := pageOr(c.firstSeen, site)
		subject := "cookie:" + c.name
		ev := map[string]string{"cookie": c.name, "domain": c.domain}
		if !ok {
			res.Findings = append(res.Findings, Finding{URL: url, Subject: subject + ":undeclared", Severity: SeverityMedium,
				Message: fmt.Sprintf("cookie %s is not in the site's cookie declaration", c.name), Evidence: ev})
			continue
		}
		ev["declared"] = d.Row
		issues := 0
		if d.Category != "" && c.category != "" && d.Category != c.category {
			issues++
			res.Findings = append(res.Findings, Finding{URL: url, Subject: subject + ":category", Severity: SeverityMedium,
				Message:  fmt.Sprintf("cookie %s is declared as %s but is a %s cookie", c.name, d.Category, c.category),
				Evidence: ev})
		}
		if kept := lifetime(c.expires, c.maxAge, ref); d.ExpirySeconds > 0 && kept > d.ExpirySeconds+d.ExpirySeconds/10+86400 {
			issues++
			res.Findings = append(res.Findings, Finding{URL: url, Subject: subject + ":lifetime", Severity: SeverityLow,
				Message:  fmt.Sprintf("cookie %s is kept %s, longer than the %s declared", c.name, textutil.Duration(kept), d.Expiry),
				Evidence: ev})
		}
		// The site's own word on what needs consent.
		if d.Category != "" && !catalog.Essential(d.Category) {
			for _, ph := range []record.PhaseName{record.PhaseBefore, record.PhaseReject} {
				if c.phases[ph] {
					issues++
					res.Findings = append(res.Findings, Finding{URL: url, Subject: subject + ":" + string(ph), Severity: SeverityHigh,
						Message:  fmt.Sprintf("cookie %s, declared %s, is set %s", c.name, d.Category, map[record.PhaseName]string{record.PhaseBefore: "before consent", record.PhaseReject: "after reject"}[ph]),
						Evidence: ev})
				}
			}
		}
		if issues == 0 {
			clean++
		}
	}
	res.Score = float64(clean) / float64(len(cookies))
	res.Status = graded(res.Score, 1, 0.75)
	res.Summary = fmt.Sprintf("%d of %s match the site's declaration (%s declared)", clean, textutil.Plural(len(cookies), "cookie", "cookies"),
		textutil.Plural(len(a.Declarations()), "cookie", "cookies"))
	return res
}

// observedCookies are the cookies the site's responses set and, in
// browser mode, those a browser found in any phase.
func observedCookies(site *evidence.Site) []*observed {
	byKey := map[string]*observed{}
	var out []*observed
	get := func(name, domain string) *observed {
		key := name + "\x00" + strings.TrimPrefix(domain, ".")
		o := byKey[key]
		if o == nil {
			o = &observed{name: name, domain: domain, phases: map[record.PhaseName]bool{}}
			byKey[key] = o
			out = append(out, o)
		}
		return o
	}
	for _, c := range site.Cookies {
		o := get(c.Name, c.Domain)
		o.firstSeen, o.expires, o.maxAge = c.FirstSeenOn, c.Expires, c.MaxAge
		if c.Known != nil {
			o.category = c.Known.Category
		}
	}
	if b := site.Browser; b != nil {
		for _, p := range b.Phases {
			for _, c := range p.Cookies {
				o := get(c.Name, c.Where)
				o.phases[p.Name] = true
				if o.firstSeen == "" {
					o.firstSeen = c.FirstSeenOn
				}
				if o.expires == "" && o.maxAge == 0 {
					o.expires = c.Expires
				}
				if o.category == "" {
					o.category = c.Category
				}
			}
		}
	}
	return out
}

// referenceTime is when the site was crawled (the first page's fetch
// time), to turn an absolute expiry into a lifetime.
func referenceTime(c *record.Crawl) time.Time {
	var ref time.Time
	for _, p := range c.Pages {
		if p.FetchedAt != nil && (ref.IsZero() || p.FetchedAt.Before(ref)) {
			ref = *p.FetchedAt
		}
	}
	if ref.IsZero() {
		ref = time.Now()
	}
	return ref
}

// lifetime is how long a cookie is kept, in seconds (0: a session cookie).
func lifetime(expires string, maxAge int, ref time.Time) int64 {
	if maxAge > 0 {
		return int64(maxAge)
	}
	if t, err := time.Parse(time.RFC3339, expires); err == nil && t.After(ref) {
		return int64(t.Sub(ref).Seconds())
	}
	return 0
}
