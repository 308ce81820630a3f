package checks

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/privaudit/privaudit/evidence"
)

// HTTPS checks that the site is served over HTTPS, redirects plain HTTP and
// sends HSTS.
type HTTPS struct{}

// Meta implements Check.
func (HTTPS) Meta() Meta {
	return Meta{
		ID:           "https",
		Title:        "The site is served over HTTPS",
		FailureTitle: "The site is not fully served over HTTPS",
		Description:  "Every page is served over HTTPS; http:// redirects to https://; responses send Strict-Transport-Security with a max-age.",
		Why:          "Without HTTPS anyone on the network can read and change what visitors send and receive, cookies and form data included. HSTS stops downgrade attacks after the first visit.",
		Fix:          "Serve the whole site over HTTPS, redirect every http:// URL to its https:// twin with a 301, and send `Strict-Transport-Security: max-age=31536000; includeSubDomains`.",
		Severity:     SeverityHigh,
		Requires:     []evidence.Kind{evidence.KindPages},
	}
}

var hstsMaxAge = regexp.MustCompile(`(?i)max-age\s*=\s*"?(\d+)`)

// Run implements Check.
func (HTTPS) Run(_ context.Context, site *evidence.Site) Result {
	if len(site.Pages) == 0 {
		return Result{Status: StatusError, Summary: "no HTML page was fetched"}
	}
	var res Result
	secure, hsts := 0, 0
	for _, p := range site.Pages {
		if !strings.HasPrefix(p.FinalURL, "https:") {
			res.Findings = append(res.Findings, Finding{URL: p.URL, Subject: "http", Severity: SeverityHigh, Page: true, Message: "page is served over plain HTTP"})
			continue
		}
		secure++
		if m := hstsMaxAge.FindStringSubmatch(p.HSTS); m != nil {
			if n, _ := strconv.Atoi(m[1]); n > 0 {
				hsts++
			}
		}
	}
	n := float64(len(site.Pages))
	httpsShare := float64(secure) / n
	parts := []string{fmt.Sprintf("%d of %d pages over HTTPS", secure, len(site.Pages))}
	score, weights := 0.6*httpsShare, 0.6
	if secure > 0 {
		hstsShare := float64(hsts) / float64(secure)
		score += 0.2 * hstsShare
		weights += 0.2
		if hsts < secure {
			res.Findings = append(res.Findings, Finding{URL: site.Origin + "/", Subject: "hsts", Severity: SeverityMedium,
				Message: fmt.Sprintf("%d of %d HTTPS pages send no Strict-Transport-Security header", secure-hsts, secure)})
		}
		parts = append(parts, fmt.Sprintf("HSTS on %d", hsts))
	}
	if pr := site.Crawl.HTTPProbe; pr != nil && pr.Checked && strings.HasPrefix(site.Origin, "https:") {
		weights += 0.2
		if pr.RedirectsToHTTPS {
			score += 0.2
			parts = append(parts, "http:// redirects to https://")
		} else {
			msg := "http:// does not redirect to https://"
			if pr.Error != "" {
				msg = "http:// could not be checked: " + pr.Error
			}
			res.Findings = append(res.Findings, Finding{URL: pr.URL, Subject: "http-redirect", Severity: SeverityMedium, Message: msg,
				Evidence: map[string]string{"status": strconv.Itoa(pr.Status), "location": pr.Location}})
			parts = append(parts, msg)
		}
	}
	res.Score = score / weights
	res.Status = graded(res.Score, 1, 0.75)
	if secure == 0 {
		res.Status = StatusFail
	}
	res.Summary = strings.Join(parts, "; ")
	return res
}
