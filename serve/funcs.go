package serve

import (
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/privaudit/privaudit/internal/textutil"
	"github.com/privaudit/privaudit/report"
	"github.com/privaudit/privaudit/scoring"
)

// funcs are the template functions of every page.
var funcs = template.FuncMap{
	"date":      dateTime,
	"day":       day,
	"minute":    minute,
	"score":     func(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) },
	"gate":      gateText,
	"gateClass": gateClass,
	"band":      band,
	"short":     report.ShortHash,
	"siteURL":   siteURL,
	"auditURL":  auditURL,
	"webURL":    webURL,
	"plural":    textutil.Plural,
	"join":      func(s []string) string { return strings.Join(s, ", ") },
	"seconds":   func(ms int64) float64 { return float64(ms) / 1000 },
}

// dateTime shows a time to the minute, in UTC.
func dateTime(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

// minute shows a time to the minute, in UTC, without saying so (for
// tables whose heading says it).
func minute(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.UTC().Format("2006-01-02 15:04")
}

// day shows the date of a time, in UTC.
func day(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.UTC().Format(time.DateOnly)
}

// gateText names a gate's verdict: passed, failed, or "–" when the gate
// was not evaluated.
func gateText(p *bool) string {
	switch {
	case p == nil:
		return "–"
	case *p:
		return "passed"
	}
	return "failed"
}

// gateClass is the class that colours a gate's verdict.
func gateClass(p *bool) string {
	switch {
	case p == nil:
		return "s-none"
	case *p:
		return "s-pass"
	}
	return "s-fail"
}

// band names the colour band of a score from 0 to 100 by its grade, as
// the HTML report colours grades.
func band(score float64) string { return report.GradeBand(scoring.Grade(score)) }

// siteURL is the address of a site's page, its key path-escaped.
func siteURL(site string) string { return "/sites/" + url.PathEscape(site) }

// auditURL is the address of an audit's page.
func auditURL(id int64) string { return "/audits/" + strconv.FormatInt(id, 10) }

// policyURL is the address of a version of a site's policy.
func policyURL(site, hash string) string {
	return siteURL(site) + "/policy/" + url.PathEscape(hash)
}

// webURL returns u when it is an http(s) address, to link it, else "".
func webURL(u string) string {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	return u
}
