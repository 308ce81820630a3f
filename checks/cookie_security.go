package checks

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/privaudit/privaudit/catalog"
	"github.com/privaudit/privaudit/evidence"
	"github.com/privaudit/privaudit/internal/textutil"
)

// CookieSecurity checks the security attributes of the cookies the site
// sets.
type CookieSecurity struct{}

// Meta implements Check.
func (CookieSecurity) Meta() Meta {
	return Meta{
		ID:           "cookie-security",
		Title:        "Cookies carry security flags",
		FailureTitle: "Cookies without security flags",
		Description:  "Cookies set over HTTPS carry Secure; cookies that look like session identifiers carry HttpOnly; every cookie declares SameSite (and SameSite=None comes with Secure).",
		Why:          "A cookie without Secure leaks over plain HTTP; a session cookie readable by scripts is stolen by any cross-site-scripting bug; without SameSite, cookies ride along with cross-site requests (CSRF) and tracking.",
		Fix:          "Set cookies with `Secure; HttpOnly; SameSite=Lax` (or Strict) unless a script must read them.",
		Severity:     SeverityMedium,
		Requires:     []evidence.Kind{evidence.KindCookies},
	}
}

// sessionName recognises cookie names of session identifiers and
// authentication tokens.
var sessionName = regexp.MustCompile(`(?i)(?:sess|sid\b|^sid|auth|token|login|jwt|remember|identity|_session$|^session)`)

// LooksLikeSession reports whether a cookie looks like a session identifier.
func LooksLikeSession(c evidence.Cookie) bool {
	if c.Known != nil && c.Known.Category == catalog.Necessary && strings.Contains(strings.ToLower(c.Known.Description), "session") {
		return true
	}
	if c.Known != nil && c.Known.Category != catalog.Necessary {
		return false
	}
	return sessionName.MatchString(c.Name)
}

// Run implements Check.
func (CookieSecurity) Run(_ context.Context, site *evidence.Site) Result {
	if len(site.Cookies) == 0 {
		return notApplicable("no response of the site set a cookie (cookies that scripts set are not seen without a browser)")
	}
	var res Result
	total := 0.0
	clean := 0
	missing := map[string]int{}
	https := strings.HasPrefix(site.Origin, "https:")
	for _, c := range site.Cookies {
		score := 1.0
		add := func(subject, msg string, sev Severity, penalty float64) {
			score -= penalty
			missing[subject]++
			res.Findings = append(res.Findings, Finding{URL: c.FirstSeenOn, Subject: "cookie:" + c.Name + ":" + subject, Severity: sev,
				Message: fmt.Sprintf("cookie %s %s", c.Name, msg), Evidence: map[string]string{"cookie": c.Name, "domain": c.Domain}})
		}
		if !c.Secure && (c.SetOverHTTPS || https) {
			add("secure", "is set over HTTPS without Secure", SeverityMedium, 0.4)
		}
		if !c.HTTPOnly && LooksLikeSession(c) {
			add("httponly", "looks like a session identifier but lacks HttpOnly", SeverityMedium, 0.3)
		}
		switch c.SameSite {
		case "":
			add("samesite", "has no SameSite attribute", SeverityLow, 0.2)
		case "None":
			if !c.Secure {
				add("samesite", "has SameSite=None without Secure (browsers reject it)", SeverityMedium, 0.2)
			}
		case "invalid":
			add("samesite", "has an invalid SameSite value", SeverityLow, 0.2)
		}
		if score == 1 {
			clean++
		}
		if score < 0 {
			score = 0
		}
		total += score
	}
	res.Score = total / float64(len(site.Cookies))
	res.Status = graded(res.Score, 1, 0.7)
	// The summary explains the score: each missing flag costs part of a
	// cookie's score (Secure 40%, HttpOnly 30%, SameSite 20%).
	verb := "carry"
	if len(site.Cookies) == 1 {
		verb = "carries"
	}
	res.Summary = fmt.Sprintf("%d of %s %s every expected flag", clean, textutil.Plural(len(site.Cookies), "cookie", "cookies"), verb)
	var lacks []string
	for _, f := range []struct{ subject, name string }{{"secure", "Secure"}, {"httponly", "HttpOnly"}, {"samesite", "SameSite"}} {
		if n := missing[f.subject]; n > 0 {
			lacks = append(lacks, fmt.Sprintf("%s on %d", f.name, n))
		}
	}
	if len(lacks) > 0 {
		res.Summary += "; missing " + strings.Join(lacks, ", ") + " (each flag missing costs part of that cookie's score)"
	}
	return res
}
